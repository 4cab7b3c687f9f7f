//! Authenticated API calls, as the session machine carries them out
//! (refresh first when due; on `401` one refresh and one retry).

use cognito_login_core::session::api::{ApiError, ApiRequest, ApiResponse};
use cognito_login_core::session::machine::{Event, User};

use super::Auth;

impl Auth {
    /// Calls the API with the session's token (the access token, or the ID
    /// token when `apiToken` is `"id"`). Refreshes first when the token is
    /// about to expire; on `401` refreshes once and retries once.
    pub async fn fetch(&self, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
        let driver = self.driver();
        let (call, answer) = driver.new_call();
        driver.feed(Event::User(User::Api { call, request: request.clone() }));
        answer.await.unwrap_or(Err(ApiError::SessionExpired))
    }
}
