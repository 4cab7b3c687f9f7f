//! The app wired to a fresh Cognito emulator (on free ports) whose client
//! has the app's callback and sign-out URLs registered.

use std::path::{Path, PathBuf};

use super::StaticApp;

impl StaticApp {
    /// An example app's build (`examples/NAME/dist`, or `$EXAMPLE_DIST_DIR`)
    /// against a fresh emulator.
    pub async fn example_with_emulator(name: &str) -> (StaticApp, cognito_emulator::Emulator) {
        let dist = std::env::var_os("EXAMPLE_DIST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples").join(name).join("dist"));
        let app = StaticApp::serve_dist(dist, None).await;
        let config = cognito_emulator::EmulatorConfig::ephemeral().with_app_origin(&app.origin);
        let emulator = cognito_emulator::Emulator::start(config).await.expect("the emulator starts");
        app.set_config(Some(emulator.app_config().to_string()));
        (app, emulator)
    }

    /// The app wired to a fresh emulator (on free ports) whose client has
    /// this app's callback and sign-out URLs registered.
    pub async fn with_emulator() -> (StaticApp, cognito_emulator::Emulator) {
        Self::with_emulator_client(|_| {}).await
    }

    /// Like [`StaticApp::with_emulator`], with the app client adjusted
    /// (token lifetimes, rotation…).
    pub async fn with_emulator_client(
        adjust: impl FnOnce(&mut cognito_emulator::ClientConfig),
    ) -> (StaticApp, cognito_emulator::Emulator) {
        Self::with_emulator_setup(
            |config| {
                if let Some(client) = config.clients.first_mut() {
                    adjust(client);
                }
            },
            serde_json::json!({}),
        )
        .await
    }

    /// Like [`StaticApp::with_emulator`], with the emulator's pool adjusted
    /// (identity providers, users…) and `settings` added to the app's
    /// `config.json` (sign-in options…).
    pub async fn with_emulator_setup(
        adjust: impl FnOnce(&mut cognito_emulator::EmulatorConfig),
        settings: serde_json::Value,
    ) -> (StaticApp, cognito_emulator::Emulator) {
        let app = StaticApp::serve(None).await;
        let mut config = cognito_emulator::EmulatorConfig::ephemeral().with_app_origin(&app.origin);
        adjust(&mut config);
        let emulator = cognito_emulator::Emulator::start(config).await.expect("the emulator starts");
        let mut app_config = emulator.app_config();
        if let (Some(app_config), Some(settings)) = (app_config.as_object_mut(), settings.as_object()) {
            app_config.extend(settings.clone());
        }
        app.set_config(Some(app_config.to_string()));
        (app, emulator)
    }
}
