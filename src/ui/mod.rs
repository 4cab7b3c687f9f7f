//! The login page's user interface: the app shell and its pages, built on
//! the `cognito_login` library's public API only.

mod api_console;
mod callback;
mod header;
mod pages;
mod setup;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

use cognito_login::core::config::Config;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

pub use api_console::ApiConsolePage;
pub use callback::CallbackPage;
use cognito_login::browser::config::{self, ConfigLoadError};
use cognito_login::components::{AuthAlert, ConfigErrorPage, RenewalNotice, SessionNotices};
use cognito_login::session::Auth;
pub use header::Header;
pub use pages::{HomePage, NotFoundPage};
pub use setup::SetupPage;

/// Where the app is in loading its configuration.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigState {
    /// `config.json` is being fetched.
    Loading,
    /// The configuration is valid.
    Ready(Box<Config>),
    /// The configuration could not be loaded or is invalid.
    Failed(ConfigLoadError),
}

/// The whole app: loads `config.json`, then routes.
#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new(ConfigState::Loading);
    spawn_local(async move {
        let loaded = config::load().await;
        state.set(match loaded {
            Ok(c) => ConfigState::Ready(Box::new(c)),
            Err(e) => ConfigState::Failed(e),
        });
    });
    view! { <Shell state=state.read_only() /> }
}

/// The shell around every page: the header and the routed content, or the
/// loading and configuration-error states.
///
/// - `state`: the configuration state to render.
#[component]
pub fn Shell(state: ReadSignal<ConfigState>) -> impl IntoView {
    view! {
        <Router base=cognito_login::browser::nav::router_base()>
            {move || match state.get() {
                ConfigState::Loading => {
                    view! {
                        <Header />
                        <main class="content">
                            <p class="loading" aria-live="polite">
                                {cognito_login::core::words::LOADING}
                            </p>
                        </main>
                    }
                        .into_any()
                }
                ConfigState::Failed(error) => {
                    view! {
                        <Header />
                        <main class="content">
                            <ConfigErrorPage error />
                        </main>
                    }
                        .into_any()
                }
                ConfigState::Ready(config) => view! { <ConfiguredApp config=*config /> }.into_any(),
            }}
        </Router>
    }
}

/// The app once configured: provides the auth handle, then the header,
/// any sign-in error, and the routes.
///
/// - `config`: the validated configuration.
#[component]
fn ConfiguredApp(config: Config) -> impl IntoView {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&config.app_name);
    }
    let auth = Auth::provide(config);
    auth.start();
    view! {
        <Header />
        <main class="content">
            <SessionNotices />
            <RenewalNotice />
            <AuthAlert />
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage />
                <Route path=path!("/callback") view=CallbackPage />
                <Route path=path!("/api") view=ApiConsolePage />
                <Route path=path!("/setup") view=SetupPage />
            </Routes>
        </main>
    }
}
