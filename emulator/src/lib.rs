//! A local emulator of an Amazon Cognito user pool: discovery and JWKS on an
//! *issuer* origin, the hosted UI and OAuth endpoints on a *domain* origin,
//! a sample protected API, and a loopback-only admin endpoint for tests.
//!
//! It reproduces the behaviours listed in `docs/COGNITO.md`; the README next to this crate
//! lists what it implements, the choices it made where Cognito's behaviour
//! is unconfirmed, and where it deliberately differs.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = cognito_emulator::Emulator::start(cognito_emulator::EmulatorConfig::ephemeral()).await?;
//! println!("issuer: {}", emulator.issuer());
//! # Ok(()) }
//! ```

mod accounts;
mod admin;
mod api;
mod authorize;
mod challenges;
mod config;
mod conformance;
mod controls;
mod faults;
mod federation;
mod grants;
mod hosted_ui;
mod http;
mod issuer;
pub mod jwt;
mod mailbox;
mod oauth;
mod pages;
mod password_reset;
mod signup;
mod state;
mod tokens;
mod totp;

use std::net::SocketAddr;

use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use config::{
    AuthTimeOnRefresh, ClientConfig, FederatedUserConfig, IdentityProviderConfig, MfaKind, UnsupportedScopes,
    UserConfig, UserStatus,
};
pub use faults::{TokenFault, TokenMode};
pub use federation::DEFAULT_FAILURE as DEFAULT_FEDERATION_FAILURE;
pub use mailbox::Message;
pub use state::{random_hex, uuid, LoggedRequest, Pool};

/// The default pool ID.
pub const DEFAULT_POOL_ID: &str = "us-east-1_Local0001";
/// The default public app client.
pub const DEFAULT_CLIENT_ID: &str = "localdevclient000000000000";
/// The default user's username (its email).
pub const DEFAULT_USERNAME: &str = "alice@example.com";
/// The default user's password.
pub const DEFAULT_PASSWORD: &str = "Passw0rd!";

/// Everything needed to start an emulator.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// The User Pool ID (`REGION_xxx`).
    pub pool_id: String,
    /// App clients.
    pub clients: Vec<ClientConfig>,
    /// Users.
    pub users: Vec<UserConfig>,
    /// Port of the domain origin (hosted UI and OAuth endpoints); 0 = any.
    pub domain_port: u16,
    /// Port of the issuer origin (discovery, JWKS); 0 = any.
    pub issuer_port: u16,
    /// Port of the sample API; 0 = any.
    pub api_port: u16,
    /// Port of the admin endpoint; 0 = any.
    pub admin_port: u16,
    /// The pool's resource servers (identifiers a sign-in's `resource` may
    /// name); `None`: the emulator's own API origin.
    pub resource_servers: Option<Vec<String>>,
    /// Federated identity providers (none by default): see
    /// [`IdentityProviderConfig::google`] and
    /// [`IdentityProviderConfig::example_corp`].
    pub identity_providers: Vec<IdentityProviderConfig>,
}

impl EmulatorConfig {
    /// The development defaults: pool `us-east-1_Local0001`, client
    /// `localdevclient000000000000` with callback
    /// `http://localhost:8585/callback` and sign-out URL
    /// `http://localhost:8585/`, user `alice@example.com` / `Passw0rd!` in
    /// group `admins`, on ports 9229 (domain), 9230 (issuer), 9231 (API)
    /// and 9232 (admin).
    pub fn dev_defaults() -> Self {
        EmulatorConfig {
            pool_id: DEFAULT_POOL_ID.into(),
            clients: vec![ClientConfig {
                client_id: DEFAULT_CLIENT_ID.into(),
                callback_urls: vec!["http://localhost:8585/callback".into()],
                logout_urls: vec!["http://localhost:8585/".into()],
                ..ClientConfig::default()
            }],
            users: vec![UserConfig {
                username: DEFAULT_USERNAME.into(),
                password: DEFAULT_PASSWORD.into(),
                email: DEFAULT_USERNAME.into(),
                groups: vec!["admins".into()],
                custom_attributes: [("team".to_string(), "Platform".to_string())].into(),
                ..UserConfig::default()
            }],
            domain_port: 9229,
            issuer_port: 9230,
            api_port: 9231,
            admin_port: 9232,
            resource_servers: None,
            identity_providers: Vec::new(),
        }
    }

    /// The development defaults on free ports, for tests (several can run
    /// at once).
    pub fn ephemeral() -> Self {
        EmulatorConfig { domain_port: 0, issuer_port: 0, api_port: 0, admin_port: 0, ..Self::dev_defaults() }
    }

    /// Registers `app_origin` (e.g. `http://localhost:40123`) on the default
    /// client: callback `{app_origin}/callback`, sign-out `{app_origin}/`.
    pub fn with_app_origin(mut self, app_origin: &str) -> Self {
        if let Some(c) = self.clients.first_mut() {
            c.callback_urls = vec![format!("{app_origin}/callback")];
            c.logout_urls = vec![format!("{app_origin}/")];
        }
        self
    }
}

/// The addresses of a running emulator.
#[derive(Debug, Clone)]
pub struct Origins {
    /// `http://127.0.0.1:PORT` serving the hosted UI and OAuth endpoints.
    pub domain: String,
    /// `http://127.0.0.1:PORT` serving discovery and the JWKS.
    pub issuer_origin: String,
    /// `http://127.0.0.1:PORT` serving the sample API.
    pub api: String,
    /// `http://127.0.0.1:PORT` serving the admin endpoint.
    pub admin: String,
}

/// A running emulator. Dropping it stops its servers.
pub struct Emulator {
    pool: Pool,
    first_client_id: String,
    origins: Origins,
    shutdown: watch::Sender<bool>,
}

impl Emulator {
    /// Binds the four origins on 127.0.0.1 and starts serving.
    pub async fn start(config: EmulatorConfig) -> std::io::Result<Emulator> {
        let bind = |port: u16| TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)));
        let (domain_l, issuer_l, api_l, admin_l) = (
            bind(config.domain_port).await?,
            bind(config.issuer_port).await?,
            bind(config.api_port).await?,
            bind(config.admin_port).await?,
        );
        let origin = |l: &TcpListener| -> std::io::Result<String> { Ok(format!("http://{}", l.local_addr()?)) };
        let origins = Origins {
            domain: origin(&domain_l)?,
            issuer_origin: origin(&issuer_l)?,
            api: origin(&api_l)?,
            admin: origin(&admin_l)?,
        };
        let first_client_id = config.clients.first().map(|c| c.client_id.clone()).unwrap_or_default();
        let pool = Pool::new(config.pool_id, config.clients, config.users);
        if let Some(servers) = config.resource_servers {
            pool.set_resource_servers(servers);
        }
        for provider in config.identity_providers {
            pool.upsert_identity_provider(provider);
        }
        let ctx = http::Ctx { pool: pool.clone(), origins: origins.clone() };
        let (shutdown, rx) = watch::channel(false);
        for (listener, router) in [
            (domain_l, hosted_ui::router(ctx.clone()).merge(oauth::router(ctx.clone()))),
            (issuer_l, issuer::router(ctx.clone())),
            (api_l, api::router(ctx.clone())),
            (admin_l, admin::router(ctx.clone())),
        ] {
            let mut rx = rx.clone();
            tokio::spawn(async move {
                let _ = axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = rx.wait_for(|stop| *stop).await;
                    })
                    .await;
            });
        }
        Ok(Emulator { pool, first_client_id, origins, shutdown })
    }

    /// Control over users, clients, faults, keys and the clock.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The four origins.
    pub fn origins(&self) -> &Origins {
        &self.origins
    }

    /// The issuer: `http://127.0.0.1:PORT/POOL_ID`.
    pub fn issuer(&self) -> String {
        format!("{}/{}", self.origins.issuer_origin, self.pool.pool_id)
    }

    /// The app's `config.json` for this emulator and its first client.
    pub fn app_config(&self) -> serde_json::Value {
        json!({
            "userPoolId": self.pool.pool_id,
            "clientId": self.first_client_id,
            "domain": self.origins.domain,
            "issuer": self.issuer(),
            "apiBaseUrl": self.origins.api,
        })
    }

    /// The `amplify_outputs.json` an Amplify Gen 2 backend would write for
    /// this pool and its first client (schema version 1.4: the `auth`
    /// section with `oauth`), its redirect lists the client's callback and
    /// sign-out URLs. The emulator's issuer is not Cognito's, so it goes in
    /// `custom.cognitoLogin` with the API, where the app reads settings the
    /// `auth` section has no key for (README "amplify_outputs.json").
    pub fn amplify_outputs(&self) -> serde_json::Value {
        let client = self.pool.client(&self.first_client_id).unwrap_or_default();
        let region = self.pool.pool_id.split('_').next().unwrap_or_default().to_string();
        // Amplify's names for the social providers; SAML/OIDC ones as named.
        let amplify_name = |name: String| match name.as_str() {
            "Google" => "GOOGLE".to_string(),
            "Facebook" => "FACEBOOK".to_string(),
            "LoginWithAmazon" => "LOGIN_WITH_AMAZON".to_string(),
            "SignInWithApple" => "SIGN_IN_WITH_APPLE".to_string(),
            _ => name,
        };
        let identity_providers: Vec<String> =
            self.pool.identity_providers().into_iter().map(|p| amplify_name(p.name)).collect();
        json!({
            "version": "1.4",
            "auth": {
                "aws_region": region,
                "user_pool_id": self.pool.pool_id,
                "user_pool_client_id": self.first_client_id,
                "oauth": {
                    "identity_providers": identity_providers,
                    "domain": self.origins.domain,
                    "scopes": ["openid", "email"],
                    "redirect_sign_in_uri": client.callback_urls,
                    "redirect_sign_out_uri": client.logout_urls,
                    "response_type": "code",
                },
            },
            "custom": { "cognitoLogin": { "issuer": self.issuer(), "apiBaseUrl": self.origins.api } },
        })
    }

    /// An ID and access token for the first user and client, validly signed
    /// by the pool's keys but issued `secs_ago` seconds ago (for tests of
    /// what the app does with a replayed old token). `None` without a user
    /// or client.
    pub fn mint_tokens_issued_ago(&self, secs_ago: i64) -> Option<(String, String)> {
        let (client, user) = {
            let inner = self.pool.lock();
            (inner.clients.get(&self.first_client_id)?.clone(), inner.users.first()?.clone())
        };
        let ctx = http::Ctx { pool: self.pool.clone(), origins: self.origins.clone() };
        let skew = self.pool.clock_skew();
        self.pool.set_clock_skew(skew - secs_ago);
        let grant = tokens::Grant {
            scopes: vec!["openid".into(), "email".into()],
            nonce: None,
            auth_time: self.pool.now(),
            origin_jti: uuid(),
            refresh: false,
            resource: None,
        };
        let tokens = tokens::mint_tokens(&ctx, &client, &user, &grant);
        self.pool.set_clock_skew(skew);
        Some((tokens.id_token?, tokens.access_token))
    }

    /// Stops the servers (also done on drop).
    pub fn stop(&self) {
        let _ = self.shutdown.send(true);
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
    }
}
