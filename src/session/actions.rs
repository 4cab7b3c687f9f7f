//! What the user does: sign in (hosted UI, one provider, sign-up), sign
//! out, retry renewing. Before the configuration has loaded there is
//! nothing to sign in to, and these do nothing.

use cognito_login_core::auth::login::AuthorizeOptions;
use cognito_login_core::config::Provider;
use cognito_login_core::session::machine::{Event, User};

use super::{setup_test, Auth};
use crate::browser::nav;

impl Auth {
    /// Starts a sign-in: a fresh pending login in `sessionStorage`, then a
    /// top-level navigation to Cognito (its hosted UI, or the configured
    /// `identityProvider`). `return_path` is where the user lands afterwards
    /// (an app path such as `/notes`; sanitised to a same-origin path).
    pub fn sign_in(&self, return_path: impl Into<String>) {
        self.start_sign_in(return_path.into(), AuthorizeOptions::default());
    }

    /// [`Auth::sign_in`] that comes back to the current page.
    pub fn sign_in_here(&self) {
        self.sign_in(nav::current_path_and_query());
    }

    /// [`Auth::sign_in`] straight to one identity provider, skipping the
    /// hosted UI: `Provider::Named("Google".into())` (the provider's name in
    /// the user pool; `COGNITO` for the email and password form) or
    /// `Provider::Identifier("example.com".into())` for a SAML/OIDC
    /// provider's identifier. The provider must be enabled on the app client.
    pub fn sign_in_with(&self, provider: Provider, return_path: impl Into<String>) {
        self.start_sign_in(return_path.into(), AuthorizeOptions::with(Some(provider)));
    }

    /// "Create account": Cognito's hosted sign-up page (the user pool must
    /// allow self-registration); the new user comes back signed in, at
    /// `return_path`.
    pub fn sign_up(&self, return_path: impl Into<String>) {
        self.start_sign_in(return_path.into(), AuthorizeOptions::sign_up());
    }

    fn start_sign_in(&self, return_path: String, options: AuthorizeOptions) {
        if self.driver().is_some() {
            setup_test::clear(self);
        }
        self.feed(User::SignIn { return_path, options });
    }

    /// A sign-in with a `prompt` for this sign-in only (the login page's
    /// setup checker sends `login`).
    pub(crate) fn sign_in_with_prompt(&self, return_path: impl Into<String>, prompt: impl Into<String>) {
        let options = AuthorizeOptions { prompt: Some(prompt.into()), ..AuthorizeOptions::default() };
        self.feed(User::SignIn { return_path: return_path.into(), options });
    }

    /// Signs out: tells the other tabs, forgets the tokens, revokes the
    /// refresh token, then leaves for Cognito's `/logout` so the hosted UI
    /// session ends too.
    pub fn sign_out(&self) {
        self.feed(User::SignOut);
    }

    /// The user asked to try renewing now (the "can't reach" notice's
    /// Retry): the backoff's wait is skipped once.
    pub fn retry_renewal(&self) {
        self.feed(User::RetryRenewal);
    }

    fn feed(&self, user: User) {
        if let Some(driver) = self.driver() {
            driver.feed(Event::User(user));
        }
    }
}
