//! Authenticated API calls: the engine's rule (`session::api::call`:
//! refresh first when due, on `401` one refresh and one retry) carried out
//! over `browser::http`.

use cognito_login_core::auth::timing::Lifetime;
use cognito_login_core::auth::AuthError;
use cognito_login_core::session::api::{bearer, call, ApiCaller, ApiError, ApiRequest, ApiResponse, Method};

use super::Auth;
use crate::browser::{http, nav};

/// One API request on behalf of the auth handle.
struct Call<'a> {
    auth: Auth,
    method: Method,
    request: &'a ApiRequest,
}

impl ApiCaller for Call<'_> {
    fn lifetime(&self) -> Option<Lifetime> {
        self.auth.session_untracked().map(|s| s.tokens.lifetime)
    }

    fn mono_ms(&self) -> f64 {
        nav::mono_now()
    }

    async fn refresh(&self, force: bool) -> Result<(), AuthError> {
        self.auth.refresh(force).await
    }

    async fn send(&self, url: &str) -> Result<ApiResponse, ApiError> {
        let session = self.auth.session_untracked().ok_or(ApiError::SessionExpired)?;
        let engine = self.auth.engine();
        let config = engine.config();
        let token = bearer(&session, config.api_token);
        let started = nav::mono_now();
        let answer = http::api(self.method, url, token, self.request.body.as_deref(), config.network_timeout_seconds)
            .await
            .map_err(ApiError::Network)?;
        Ok(ApiResponse {
            status: answer.status,
            elapsed_ms: nav::mono_now() - started,
            headers: answer.headers,
            body: answer.body,
        })
    }
}

impl Auth {
    /// Calls the API with the session's token (the access token, or the ID
    /// token when `apiToken` is `"id"`). Refreshes first when the token is
    /// about to expire; on `401` refreshes once and retries once.
    pub async fn fetch(&self, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
        let method = Method::parse(&request.method)?;
        let base = self.engine().config().api_base_url.clone();
        call(&Call { auth: *self, method, request }, base.as_deref(), &request.path).await
    }
}
