//! The login page's user interface: `<CognitoAuth>` from the library, as
//! any app uses it, around the page's header and routes.

mod api_console;
mod header;
mod pages;
mod setup;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

use cognito_login::prelude::*;
use cognito_login_core::config::{Config, ConfigFile};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

pub use api_console::ApiConsolePage;
pub use header::Header;
pub use pages::{HomePage, NotFoundPage};
pub use setup::SetupPage;

/// The whole app: loads `config.json`, then routes.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router base=cognito_login::browser::nav::router_base()>
            <Shell />
        </Router>
    }
}

/// The header above `content`, in the page's `<main>`.
fn framed(content: impl IntoView + 'static) -> AnyView {
    view! {
        <Header />
        <main class="content">{content}</main>
    }
    .into_any()
}

/// The shell around every page: the header, and the routed content or the
/// loading, callback and configuration-error states (with this page's own
/// words for operators).
///
/// - `config`: a configuration built in code (tests); else `config.json`.
#[component]
pub fn Shell(#[prop(optional)] config: Option<Config>) -> impl IntoView {
    let loading = || framed(view! { <p class="loading" aria-live="polite">{use_words().text(Text::Loading)}</p> });
    let completing =
        || framed(view! { <p class="loading" aria-live="polite">{use_words().text(Text::SigningYouIn)}</p> });
    let config_error = |error: ConfigLoadError| framed(view! { <LoginConfigError error /> });
    let pages = || {
        view! {
            <Title />
            <Header />
            <main class="content">
                <SessionNotices />
                <RenewalNotice />
                <AuthAlert help=SetupLink />
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/api") view=ApiConsolePage />
                    <Route path=path!("/setup") view=SetupPage />
                </Routes>
            </main>
        }
    };
    match config {
        Some(config) => view! {
            <CognitoAuth config loading completing config_error alert=false>
                {pages()}
            </CognitoAuth>
        }
        .into_any(),
        None => view! {
            <CognitoAuth loading completing config_error alert=false>
                {pages()}
            </CognitoAuth>
        }
        .into_any(),
    }
}

/// The configuration, in a page: pages are `<CognitoAuth>`'s children,
/// which render only once it has loaded.
fn loaded_config() -> Config {
    use_auth().config().expect("pages render once the configuration has loaded")
}

/// Under a sign-in error that needs a configuration change: the setup
/// checker.
#[component]
fn SetupLink() -> impl IntoView {
    let href = cognito_login::browser::nav::href("/setup");
    let words = use_words();
    view! {
        <p>
            <a href=href>{words.text(Text::SetupLink)}</a>
            {words.text(Text::SetupLinkAfter)}
        </p>
    }
}

/// The document's title: the configured `appName`.
#[component]
fn Title() -> impl IntoView {
    let auth = use_auth();
    Effect::new(move |_| {
        if let (Some(config), Some(document)) = (auth.config(), web_sys::window().and_then(|w| w.document())) {
            document.set_title(&config.app_name);
        }
    });
}

/// The configuration error in the login page's words: for its operators,
/// where to fix it and the setup checker.
///
/// - `error`: what went wrong while loading or validating the configuration.
#[component]
fn LoginConfigError(error: ConfigLoadError) -> impl IntoView {
    let file = error.problems().map_or(ConfigFile::FIRST, |(file, _)| file);
    let words = use_words();
    let hint = words.say(Message::LoginConfigErrorHint(file));
    view! { <ConfigErrorPage error title=words.text(Text::LoginConfigErrorTitle) hint /> }
}
