//! Cognito sign-in for your own Leptos pages: a provider that loads
//! `config.json` and handles the callback, components that show content
//! by sign-in state or guard a route (`examples/notes` uses all of them),
//! and the widgets the login page shows sign-in errors and session notices
//! with. Their words are [`use_words`]'s: the catalogue's in the page's
//! language, or the `Words` given to `<CognitoAuth words=…>` (the crate's
//! "Words" section).
//!
//! ```no_run
//! use cognito_login::prelude::*;
//! use leptos::prelude::*;
//! use leptos_router::components::{Route, Router, Routes};
//! use leptos_router::path;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     // Optional: the components' words, some replaced (the catalogue's otherwise).
//!     let words = Words::default().replacing(|_language, m| match m {
//!         Message::Text(Text::SigningYouIn) => Some("One moment…".into()),
//!         _ => None,
//!     });
//!     view! {
//!         <Router>
//!             <CognitoAuth words>
//!                 <SignedOut>
//!                     <button on:click=move |_| use_auth().sign_in("/")>"Sign in"</button>
//!                 </SignedOut>
//!                 <SignedIn>
//!                     <button on:click=move |_| use_auth().sign_out()>"Sign out"</button>
//!                 </SignedIn>
//!                 <Routes fallback=|| "Not found">
//!                     <Route path=path!("/") view=|| "Public" />
//!                     <Route path=path!("/notes") view=|| view! { <RequireAuth>"Only signed in"</RequireAuth> } />
//!                     <Route path=path!("/admin") view=|| view! { <RequireGroup group="admins">"Admins only"</RequireGroup> } />
//!                 </Routes>
//!             </CognitoAuth>
//!         </Router>
//!     }
//! }
//! ```

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

mod alert;
mod config_error;
mod guards;
mod sign_in_options;
mod words;

pub use alert::{AuthAlert, RenewalNotice, RetryRenewal, SessionNotices};
pub use config_error::ConfigErrorPage;
pub use guards::{RequireAuth, RequireGroup, SignedIn, SignedOut};
pub use sign_in_options::SignInOptions;
pub use words::use_words;

use crate::browser::config::{self, ConfigLoadError};
use crate::session::{use_auth, Auth};
use cognito_login_core::config::Config;
use cognito_login_core::words::{Text, Words};

/// Provides the auth handle ([`use_auth`]) at once, loads `config.json`
/// (next to `index.html`, or takes `config`) and renders `children` once
/// the configuration is valid. While it loads, the handle says so
/// (`is_loading()`); the `loading` view, and anything else under this
/// component, may use it. On the configured callback path it completes the
/// sign-in first and then goes back to the page the user started from.
/// Put it inside your `<Router>`.
///
/// - `config`: a configuration built in code
///   (`cognito_login::prelude::Config::from_json`, or a `Config` value)
///   instead of `config.json`; nothing is fetched then.
/// - `loading`: shown while `config.json` loads (default: "Loading…").
/// - `config_error`: shown when it is missing or invalid (default:
///   [`ConfigErrorPage`], naming each bad key).
/// - `completing`: shown on the callback while the sign-in completes
///   (default: "Signing you in…").
/// - `alert`: false when the app places [`AuthAlert`] itself (default:
///   above `children`).
/// - `words`: what the components say (default: `Words::default()`, the
///   catalogue in the page's language: `language` in `config.json`, else
///   the browser's); [`use_words`] gives them to everything under this
///   component.
#[component]
pub fn CognitoAuth(
    children: ChildrenFn,
    #[prop(optional)] config: Option<Config>,
    #[prop(optional)] words: Option<Words>,
    #[prop(optional, into)] loading: Option<ViewFn>,
    #[prop(optional, into)] config_error: Option<Callback<ConfigLoadError, AnyView>>,
    #[prop(optional, into)] completing: Option<ViewFn>,
    #[prop(default = true)] alert: bool,
) -> impl IntoView {
    // The app's words, in the browser's language until the configuration
    // says otherwise (unless the app fixed one).
    let words = words.unwrap_or_default();
    let fixed = words.fixed_language();
    let spoken = words::provide_words(match fixed {
        Some(language) => {
            crate::browser::language::set_document_language(language);
            words
        }
        None => words.in_language(crate::browser::language::without_config()),
    });
    let auth = Auth::loading();
    // True from a load on the callback path until the sign-in completed.
    let signing_in = RwSignal::new(false);
    let ready = RwSignal::new(false);
    spawn_local(async move {
        let loaded = match config {
            Some(given) => Ok(given),
            None => config::load().await,
        };
        match loaded {
            Ok(mut config) => {
                // The app's fixed language, else `language`, else the
                // browser's: the words, `<html lang>`, and managed login's
                // `lang` (set here, where no reactive owner is current, on
                // the words taken above).
                let language = crate::browser::language::settle(&mut config, fixed);
                spoken.update_value(|words| *words = words.clone().in_language(language));
                auth.configure(config);
                signing_in.set(auth.on_callback());
                auth.start();
                ready.set(true);
            }
            Err(e) => auth.config_failed(e),
        }
    });
    let children = StoredValue::new(children);
    move || {
        // Only the configuration and these two flags re-render the tree,
        // never a change of the session.
        if let Some(e) = auth.config_error() {
            return match &config_error {
                Some(render) => render.run(e),
                None => view! { <ConfigErrorPage error=e /> }.into_any(),
            };
        }
        if !ready.get() {
            return match &loading {
                Some(view) => view.run(),
                None => {
                    view! { <p class="loading" aria-live="polite">{use_words().text(Text::Loading)}</p> }.into_any()
                }
            };
        }
        if signing_in.get() {
            let shown = match &completing {
                Some(view) => view.run(),
                None => view! { <p class="loading" aria-live="polite">{use_words().text(Text::SigningYouIn)}</p> }
                    .into_any(),
            };
            return view! {
                <CompleteSignIn done=signing_in />
                {shown}
            }
            .into_any();
        }
        // Why a sign-in failed or a session ended, with what to do.
        view! {
            {alert.then(|| view! { <AuthAlert /> })}
            {children.with_value(|c| c())}
        }
        .into_any()
    }
}

/// The callback: the session machine completes the sign-in (the query is
/// read once and removed from the address bar at once); then this goes to
/// the page the user started from.
///
/// - `done`: set to false once it has.
#[component]
fn CompleteSignIn(done: RwSignal<bool>) -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    Effect::new(move |_| {
        // A failure stays in the auth state (the alert shows it) and the
        // user lands on the app's start page.
        if let Some(path) = auth.take_goto() {
            navigate(&path, NavigateOptions { replace: true, ..Default::default() });
            done.set(false);
        }
    });
}
