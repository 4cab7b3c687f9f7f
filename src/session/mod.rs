//! The auth handle: one `Copy` value in Leptos context. Everything it does
//! is decided by this tab's session machine (`cognito_login_core::session::machine`);
//! the driver carries the machine's effects out with the browser shell and
//! feeds back what happened. Tokens live in the machine's memory only.

mod api;
mod driver;
pub mod setup_test;

use std::rc::Rc;
use std::sync::Arc;

use cognito_login_core::auth::login::AuthorizeOptions;
use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::config::Config;
pub use cognito_login_core::config::Provider;
use cognito_login_core::session::machine::{Event, Load, Stored, User};
use leptos::prelude::*;

pub use cognito_login_core::session::api::{ApiError, ApiRequest, ApiResponse};
pub use cognito_login_core::session::refresh::Renewal;

use crate::browser::{nav, storage};
use driver::{Driver, Outputs};

/// The auth handle. `Copy`: pass it anywhere, or get it with [`use_auth`].
#[derive(Clone, Copy)]
pub struct Auth {
    outputs: Outputs,
    driver: StoredValue<Rc<Driver>, LocalStorage>,
}

/// The auth handle from context (provided by the app shell once the
/// configuration is loaded).
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

impl Auth {
    /// Creates the handle for `config`, signed out, and provides it as
    /// context. Call [`Auth::start`] once the page is mounted.
    pub fn provide(config: Config) -> Auth {
        let outputs = Outputs {
            state: RwSignal::new(AuthState::SignedOut),
            renewal: RwSignal::new(Renewal::Current),
            goto: RwSignal::new(None),
        };
        let auth = Auth { outputs, driver: StoredValue::new_local(Driver::new(config, outputs)) };
        provide_context(auth);
        auth
    }

    fn driver(&self) -> Rc<Driver> {
        self.driver.get_value()
    }

    /// The current state (reactive).
    pub fn state(&self) -> Signal<AuthState> {
        self.outputs.state.into()
    }

    /// The configuration.
    pub fn config(&self) -> Config {
        self.driver().config()
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
    pub fn take_goto(&self) -> Option<String> {
        let goto = self.outputs.goto.get();
        if goto.is_some() {
            self.outputs.goto.set(None);
        }
        goto
    }

    /// Starts a sign-in: a fresh pending login in `sessionStorage`, then a
    /// top-level navigation to Cognito (its hosted UI, or the configured
    /// `identityProvider`). `return_path` is where the user lands afterwards
    /// (sanitised to a same-origin path).
    pub fn sign_in(&self, return_path: String) {
        self.start_sign_in(return_path, AuthorizeOptions::default());
    }

    /// [`Auth::sign_in`] straight to one identity provider, skipping the
    /// hosted UI: `Provider::Named("Google".into())` (the provider's name in
    /// the user pool; `COGNITO` for the email and password form) or
    /// `Provider::Identifier("example.com".into())` for a SAML/OIDC
    /// provider's identifier. The provider must be enabled on the app client.
    pub fn sign_in_with(&self, provider: Provider, return_path: String) {
        self.start_sign_in(return_path, AuthorizeOptions::with(Some(provider)));
    }

    /// "Create account": Cognito's hosted sign-up page (the user pool must
    /// allow self-registration); the new user comes back signed in.
    pub fn sign_up(&self, return_path: String) {
        self.start_sign_in(return_path, AuthorizeOptions::sign_up());
    }

    fn start_sign_in(&self, return_path: String, options: AuthorizeOptions) {
        setup_test::clear(self);
        self.driver().feed(Event::User(User::SignIn { return_path, options }));
    }

    /// A sign-in with a `prompt` for this sign-in only (the setup checker's
    /// test sends `login`).
    #[doc(hidden)]
    pub fn sign_in_with_prompt(&self, return_path: String, prompt: String) {
        let options = AuthorizeOptions { prompt: Some(prompt), ..AuthorizeOptions::default() };
        self.driver().feed(Event::User(User::SignIn { return_path, options }));
    }

    /// Signs out: tells the other tabs, forgets the tokens, revokes the
    /// refresh token, then leaves for Cognito's `/logout` so the hosted UI
    /// session ends too.
    pub fn sign_out(&self) {
        self.driver().feed(Event::User(User::SignOut));
    }

    /// The user asked to try renewing now (the "can't reach" notice's
    /// Retry): the backoff's wait is skipped once.
    pub fn retry_renewal(&self) {
        self.driver().feed(Event::User(User::RetryRenewal));
    }

    /// Starts this tab's session: the tab channel, wake-ups, and the page's
    /// load (the callback completes the sign-in; a reload restores the
    /// session; any page asks sibling tabs for theirs).
    pub fn start(&self) {
        let driver = self.driver();
        let names = driver.names();
        let (pathname, query) = nav::pathname_and_query();
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
    pub fn on_callback(&self) -> bool {
        let (pathname, _) = nav::pathname_and_query();
        Machine::is_callback_path(&self.config(), &pathname)
    }
}

use cognito_login_core::session::machine::Machine;
