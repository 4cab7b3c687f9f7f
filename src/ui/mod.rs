//! The user interface: the app shell, pages and widgets.

mod config_error;
mod header;
mod pages;

use cognito_login_core::config::Config;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::browser::config::{self, ConfigLoadError};
pub use config_error::ConfigErrorPage;
pub use header::Header;
pub use pages::{HomePage, NotFoundPage};

/// Where the app is in loading its configuration.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigState {
    /// `config.json` is being fetched.
    Loading,
    /// The configuration is valid.
    Ready(Config),
    /// The configuration could not be loaded or is invalid.
    Failed(ConfigLoadError),
}

/// The whole app: loads `config.json`, then routes.
#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new(ConfigState::Loading);
    provide_context(state);
    spawn_local(async move {
        let loaded = config::load().await;
        state.set(match loaded {
            Ok(c) => ConfigState::Ready(c),
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
        <Router>
            <Header state=state />
            <main class="content">
                {move || match state.get() {
                    ConfigState::Loading => {
                        view! {
                            <p class="loading" aria-live="polite">
                                "Loading…"
                            </p>
                        }
                            .into_any()
                    }
                    ConfigState::Failed(error) => view! { <ConfigErrorPage error /> }.into_any(),
                    ConfigState::Ready(_) => {
                        view! {
                            <Routes fallback=NotFoundPage>
                                <Route path=path!("/") view=HomePage />
                            </Routes>
                        }
                            .into_any()
                    }
                }}
            </main>
        </Router>
    }
}
