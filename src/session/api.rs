//! Authenticated API calls and the access token, as the session machine
//! carries them out (refresh first when due; on `401` one refresh and one
//! retry).

use cognito_login_core::auth::secret::AccessToken;
use cognito_login_core::session::api::{ApiError, ApiRequest, ApiResponse};
use cognito_login_core::session::machine::{Event, User};

use super::Auth;

impl Auth {
    /// Calls the API (`apiBaseUrl`) with the session's token (the access
    /// token, or the ID token when `apiToken` is `"id"`). Refreshes first
    /// when the token is about to expire; on `401` refreshes once and
    /// retries once. Before the configuration has loaded:
    /// [`ApiError::NotReady`].
    ///
    /// ```no_run
    /// # async fn f(auth: cognito_login::session::Auth) -> Result<(), cognito_login::prelude::ApiError> {
    /// use cognito_login::prelude::*;
    /// let me = auth.fetch(&ApiRequest::get("/me")).await?;
    /// let saved = auth.fetch(&ApiRequest::post_json("/notes", &["buy milk"]).header("X-Request-Id", "1")).await?;
    /// # let _ = (me, saved); Ok(()) }
    /// ```
    pub async fn fetch(&self, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
        let Some(driver) = self.driver() else { return Err(ApiError::NotReady) };
        let (call, answer) = driver.new_call();
        driver.feed(Event::User(User::Api { call, request: request.clone() }));
        answer.await.unwrap_or(Err(ApiError::SessionExpired))
    }

    /// The access token, for an API this crate does not call for you:
    /// fresh (refreshed first when it is about to expire, like
    /// [`Auth::fetch`]'s). Read it with `.secret()`; its `Debug` is
    /// redacted. Ask again for each call rather than keeping it.
    pub async fn access_token(&self) -> Result<AccessToken, ApiError> {
        let Some(driver) = self.driver() else { return Err(ApiError::NotReady) };
        let (call, answer) = driver.new_token_call();
        driver.feed(Event::User(User::Token { call }));
        answer.await.unwrap_or(Err(ApiError::SessionExpired))
    }
}
