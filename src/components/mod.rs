//! Cognito sign-in for your own Leptos pages: a provider that loads
//! `config.json` and handles the callback, components that show content
//! by sign-in state or guard a route (`examples/notes` uses all of them),
//! and the widgets the login page shows sign-in errors and session notices
//! with.
//!
//! ```no_run
//! use cognito_login::components::{CognitoAuth, RequireAuth, RequireGroup, SignedIn, SignedOut};
//! use cognito_login::session::use_auth;
//! use leptos::prelude::*;
//! use leptos_router::components::{Route, Router, Routes};
//! use leptos_router::path;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     view! {
//!         <Router>
//!             <CognitoAuth>
//!                 <SignedOut>
//!                     <button on:click=move |_| use_auth().sign_in("/".into())>"Sign in"</button>
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

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::session::restore::SIBLING_WAIT_MS;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

mod alert;
mod config_error;
mod sign_in_options;

pub use alert::{AuthAlert, RenewalNotice, RetryRenewal, SessionNotices};
pub use config_error::ConfigErrorPage;
pub use sign_in_options::SignInOptions;

use crate::browser::config::{self, ConfigLoadError};
use crate::browser::nav;
use crate::session::{use_auth, Auth};
use cognito_login_core::config::Config;

/// Loads `config.json` (next to `index.html`, or takes `config`), provides the auth handle
/// ([`use_auth`]) and renders `children` once the configuration is valid.
/// On the configured callback path it completes the sign-in first and then
/// goes back to the page the user started from. Put it inside your
/// `<Router>`.
///
/// - `config`: a configuration built in code
///   (`cognito_login::core::Config::from_json`, or a `Config` value) instead
///   of `config.json`; nothing is fetched then.
/// - `loading`: shown while `config.json` loads (default: "Loading…").
/// - `config_error`: shown when it is missing or invalid (default: the
///   message naming each bad key).
#[component]
pub fn CognitoAuth(
    children: ChildrenFn,
    #[prop(optional)] config: Option<Config>,
    #[prop(optional, into)] loading: Option<ViewFn>,
    #[prop(optional, into)] config_error: Option<Callback<ConfigLoadError, AnyView>>,
) -> impl IntoView {
    let state = RwSignal::new(None::<Result<Auth, ConfigLoadError>>);
    // True from a load on the callback path until the sign-in completed.
    let completing = RwSignal::new(false);
    // The handle's signals belong to this component, not to the task.
    let owner = Owner::current();
    spawn_local(async move {
        let loaded = match config {
            Some(given) => Ok(given),
            None => config::load().await,
        };
        let loaded = loaded.map(|config| {
            let make = move || {
                let auth = Auth::provide(config);
                completing.set(auth.on_callback());
                auth.start();
                auth
            };
            match &owner {
                Some(owner) => owner.with(make),
                None => make(),
            }
        });
        state.set(Some(loaded));
    });
    let children = StoredValue::new(children);
    move || match state.get() {
        None => match &loading {
            Some(view) => view.run(),
            None => view! { <p class="loading" aria-live="polite">{cognito_login_core::words::LOADING}</p> }.into_any(),
        },
        Some(Err(e)) => match &config_error {
            Some(render) => render.run(e),
            None => view! { <ConfigErrorPage error=e /> }.into_any(),
        },
        Some(Ok(auth)) => {
            provide_context(auth);
            if completing.get() {
                view! { <CompleteSignIn done=completing /> }.into_any()
            } else {
                // Why a sign-in failed or a session ended, with what to do.
                view! {
                    <AuthAlert />
                    {children.with_value(|c| c())}
                }
                .into_any()
            }
        }
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
    view! { <p class="loading" aria-live="polite">"Signing you in…"</p> }
}

/// Renders `children` while someone is signed in.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let signed_in = Memo::new(move |_| matches!(auth.state().get(), AuthState::SignedIn(_)));
    move || signed_in.get().then(|| children())
}

/// Renders `children` while nobody is signed in (not while a session is
/// being restored or a sign-in completes).
#[component]
pub fn SignedOut(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let signed_out = Memo::new(move |_| matches!(auth.state().get(), AuthState::SignedOut | AuthState::Failed(_)));
    move || signed_out.get().then(|| children())
}

/// Guards a page: renders `children` once someone is signed in; signed out,
/// it starts a sign-in that comes back to this page (after giving another
/// tab a moment to hand its session over). A failed sign-in is left to the
/// app's error display (no loop).
#[component]
pub fn RequireAuth(children: ChildrenFn) -> impl IntoView {
    /// What the guard shows.
    #[derive(Clone, Copy, PartialEq)]
    enum Gate {
        Open,
        SignIn,
        Failed,
        Wait,
    }
    let auth = use_auth();
    let gate = Memo::new(move |_| match auth.state().get() {
        AuthState::SignedIn(_) => Gate::Open,
        AuthState::SignedOut => Gate::SignIn,
        AuthState::Failed(_) => Gate::Failed,
        _ => Gate::Wait,
    });
    Effect::new(move |_| {
        if gate.get() == Gate::SignIn {
            spawn_local(async move {
                nav::sleep(SIBLING_WAIT_MS).await;
                if matches!(auth.state().get_untracked(), AuthState::SignedOut) {
                    auth.sign_in(nav::current_path_and_query());
                }
            });
        }
    });
    move || match gate.get() {
        Gate::Open => children().into_any(),
        Gate::Failed => ().into_any(),
        Gate::SignIn | Gate::Wait => view! { <p class="loading" aria-live="polite">"Signing you in…"</p> }.into_any(),
    }
}

/// Guards a page for members of a Cognito group (`cognito:groups` in the ID
/// token): signed out, it behaves as [`RequireAuth`]; signed in without the
/// group, it says so instead of rendering `children`.
#[component]
pub fn RequireGroup(#[prop(into)] group: String, children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let group = StoredValue::new(group);
    let member = Memo::new(move |_| {
        auth.session().is_some_and(|s| group.with_value(|g| s.claims.groups.iter().any(|x| x == g)))
    });
    let children = StoredValue::new(children);
    view! {
        <RequireAuth>
            {move || {
                if member.get() {
                    children.with_value(|c| c()).into_any()
                } else {
                    view! {
                        <p class="not-allowed" role="alert">
                            {group.with_value(|g| format!("This page is for members of the group \u{201c}{g}\u{201d}. You are signed in, but not as one of them."))}
                        </p>
                    }
                        .into_any()
                }
            }}
        </RequireAuth>
    }
}
