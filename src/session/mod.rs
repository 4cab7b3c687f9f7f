//! The auth handle: one `Copy` value in Leptos context, provided by
//! `<CognitoAuth>` at once (loading while `config.json` loads). Everything
//! it does is decided by this tab's session machine
//! (`cognito_login_core::session::machine`); the driver carries the
//! machine's effects out with the browser shell and feeds back what
//! happened. Tokens live in the machine's memory only.

mod actions;
mod api;
mod driver;
#[doc(hidden)]
pub mod setup_test;

use std::rc::Rc;
use std::sync::Arc;

use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::auth::validate::IdClaims;
use cognito_login_core::auth::AuthError;
use cognito_login_core::config::Config;
use cognito_login_core::session::machine::{Load, Machine, Stored};
use leptos::prelude::*;

pub use cognito_login_core::config::Provider;
pub use cognito_login_core::session::api::{ApiError, ApiRequest, ApiResponse, Method};
pub use cognito_login_core::session::refresh::Renewal;

use crate::browser::config::ConfigLoadError;
use crate::browser::{nav, storage};
use driver::{Driver, Outputs};

/// The auth handle. `Copy`: pass it anywhere, or get it with [`use_auth`].
/// Its getters read signals, so they are reactive in `view!` closures and
/// effects: `move || auth.is_signed_in()`.
#[derive(Clone, Copy)]
pub struct Auth {
    outputs: Outputs,
    /// Where the configuration is.
    config: RwSignal<Configured>,
    /// The machine's executor, once the configuration has loaded.
    driver: StoredValue<Option<Rc<Driver>>, LocalStorage>,
}

/// Where the handle is in getting its configuration.
#[derive(Debug, Clone, PartialEq)]
enum Configured {
    Loading,
    Ready(Box<Config>),
    Failed(ConfigLoadError),
}

/// Why there is no session to use: the configuration could not be loaded,
/// or a sign-in failed or the session ended ([`Auth::error`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthFailure {
    /// `config.json` is missing, unreachable or invalid: nothing can sign
    /// in until it is fixed.
    #[error(transparent)]
    Config(ConfigLoadError),
    /// The last sign-in failed, or the session ended; `next_step()` says
    /// what the user can do.
    #[error(transparent)]
    SignIn(AuthError),
}

/// The auth handle from context: anywhere under `<CognitoAuth>` (also while
/// its configuration loads).
///
/// # Panics
/// Outside `<CognitoAuth>`, with a message that says so.
pub fn use_auth() -> Auth {
    use_context::<Auth>().unwrap_or_else(|| {
        panic!("use_auth() was called outside <CognitoAuth>: put the components that use it inside <CognitoAuth>")
    })
}

impl Auth {
    /// A handle whose configuration is loading, provided as context.
    pub(crate) fn loading() -> Auth {
        let outputs = Outputs {
            state: RwSignal::new(AuthState::SignedOut),
            renewal: RwSignal::new(Renewal::Current),
            goto: RwSignal::new(None),
        };
        let auth = Auth { outputs, config: RwSignal::new(Configured::Loading), driver: StoredValue::new_local(None) };
        provide_context(auth);
        auth
    }

    /// The configuration has loaded: the machine starts (see [`Auth::start`]).
    pub(crate) fn configure(&self, config: Config) {
        self.driver.set_value(Some(Driver::new(config.clone(), self.outputs)));
        self.config.set(Configured::Ready(Box::new(config)));
    }

    /// The configuration could not be loaded.
    pub(crate) fn config_failed(&self, error: ConfigLoadError) {
        self.config.set(Configured::Failed(error));
    }

    fn driver(&self) -> Option<Rc<Driver>> {
        self.driver.get_value()
    }

    /// The current state (reactive). `SignedOut` while the configuration
    /// loads: see [`Auth::is_loading`].
    pub fn state(&self) -> Signal<AuthState> {
        self.outputs.state.into()
    }

    /// The configuration, once loaded (reactive).
    pub fn config(&self) -> Option<Config> {
        self.config.with(|c| match c {
            Configured::Ready(config) => Some((**config).clone()),
            _ => None,
        })
    }

    /// True while someone is signed in (reactive).
    pub fn is_signed_in(&self) -> bool {
        self.outputs.state.with(|s| matches!(s, AuthState::SignedIn(_)))
    }

    /// True while there is nothing to decide on yet (reactive): the
    /// configuration loads, a session is being restored, a sign-in
    /// completes at the callback, or the page is leaving for Cognito.
    pub fn is_loading(&self) -> bool {
        self.config.with(|c| matches!(c, Configured::Loading))
            || self
                .outputs
                .state
                .with(|s| matches!(s, AuthState::Restoring | AuthState::Completing | AuthState::Redirecting))
    }

    /// Why there is no session (reactive): the configuration's error, or
    /// why the last sign-in failed or the session ended.
    pub fn error(&self) -> Option<AuthFailure> {
        if let Some(e) = self.config_error() {
            return Some(AuthFailure::Config(e));
        }
        self.outputs.state.with(|s| match s {
            AuthState::Failed(e) => Some(AuthFailure::SignIn(e.clone())),
            _ => None,
        })
    }

    /// Why the configuration could not be loaded (reactive; tracks the
    /// configuration only, not the session).
    pub(crate) fn config_error(&self) -> Option<ConfigLoadError> {
        self.config.with(|c| match c {
            Configured::Failed(e) => Some(e.clone()),
            _ => None,
        })
    }

    /// The signed-in user's ID token claims (reactive): `email`,
    /// `username`, `groups`, custom attributes with `claim_str`.
    pub fn user(&self) -> Option<IdClaims> {
        self.outputs.state.with(|s| s.session().map(|s| s.claims.clone()))
    }

    /// How renewing the session is going (reactive): a quiet notice while
    /// a refresh that failed is retried, and "still signed in, but the
    /// sign-in service can't be reached" once the tokens expire meanwhile.
    pub fn renewal(&self) -> Signal<Renewal> {
        self.outputs.renewal.into()
    }

    /// The signed-in session, if any (reactive).
    pub fn session(&self) -> Option<Arc<Session>> {
        self.outputs.state.with(|s| s.session().cloned())
    }

    /// Where the callback sends the user once the sign-in is complete (an
    /// app path; reactive), taken once.
    pub(crate) fn take_goto(&self) -> Option<String> {
        let goto = self.outputs.goto.get();
        if goto.is_some() {
            self.outputs.goto.set(None);
        }
        goto
    }

    /// Starts this tab's session: the tab channel, wake-ups, and the page's
    /// load (the callback completes the sign-in; a reload restores the
    /// session; any page asks sibling tabs for theirs).
    pub(crate) fn start(&self) {
        let Some(driver) = self.driver() else { return };
        let names = driver.names();
        let (pathname, query) = nav::pathname_and_query();
        if Machine::is_callback_path(&driver.config(), &pathname) {
            setup_test::reached_callback(self);
        }
        let load = Load {
            pathname,
            query,
            stored: Stored {
                pending_login: storage::marker(&names.pending_login),
                signed_in: storage::marker(&names.signed_in).is_some(),
                restore_attempt: storage::marker(&names.restore_attempt),
                handed_over: storage::marker(&names.handed_over).is_some(),
            },
            // The user pressed "Sign in" on the landing module and starting
            // the sign-in failed there: start it again, to show why.
            sign_in_now: nav::take_handover().is_some_and(|h| h.starts_sign_in()),
        };
        driver.start(load);
    }

    /// True on the configured callback path (the machine's rule).
    pub(crate) fn on_callback(&self) -> bool {
        let (pathname, _) = nav::pathname_and_query();
        self.driver().is_some_and(|d| Machine::is_callback_path(&d.config(), &pathname))
    }
}
