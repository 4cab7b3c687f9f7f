//! The auth handle: one `Copy` value in Leptos context that holds the
//! session state and runs sign-in, the callback, refresh, the tab protocol,
//! authenticated API calls and sign-out. Tokens live here, in memory only.

mod api;
mod refresh;
mod tabs;

use std::sync::Arc;

use cognito_login_core::auth::callback::{check_pending, parse_callback, CallbackError};
use cognito_login_core::auth::endpoints::{discovery_url, DiscoveryError, Endpoints};
use cognito_login_core::auth::jwt::{self, Jwks, Jwt};
use cognito_login_core::auth::login::{authorize_url, AuthorizeOptions, PendingLogin, PENDING_LOGIN_RANDOM_BYTES};
use cognito_login_core::auth::secret::{AccessToken, IdToken, RefreshToken};
use cognito_login_core::auth::state::{AuthState, Session, TokenSet};
use cognito_login_core::auth::timing::{clock_offset, Lifetime};
use cognito_login_core::auth::token::{code_exchange, parse_token_response, revoke_request, TokenError};
use cognito_login_core::auth::validate::{
    check_algorithm, check_same_session, validate_access_claims, validate_id_claims, IdExpectations, JwtError,
};
use cognito_login_core::auth::{AuthError, CLOCK_SKEW_ALLOWANCE_SECS};
use cognito_login_core::config::Config;
use cognito_login_core::form;
use cognito_login_core::setup::{SetupProgress, Stage};
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub use api::{ApiError, ApiRequest, ApiResponse};

use crate::browser::tabs::TabChannel;
use crate::browser::{crypto, http, nav, storage};

/// Updates the setup checker's progress marker, if a test is running.
fn setup_progress(update: impl FnOnce(&mut SetupProgress)) {
    if let Some(mut progress) = storage::marker(storage::SETUP_TEST_KEY).as_deref().and_then(SetupProgress::from_json) {
        update(&mut progress);
        storage::set_marker(storage::SETUP_TEST_KEY, Some(&progress.to_json()));
    }
}

type RefreshFlight = Shared<LocalBoxFuture<'static, Result<(), AuthError>>>;

/// The auth handle. `Copy`: pass it anywhere, or get it with [`use_auth`].
#[derive(Clone, Copy)]
pub struct Auth {
    state: RwSignal<AuthState>,
    config: StoredValue<Config>,
    endpoints: StoredValue<Option<Endpoints>>,
    jwks: StoredValue<Option<Jwks>>,
    /// The refresh in flight in this tab, shared by every caller.
    flight: StoredValue<Option<RefreshFlight>, LocalStorage>,
    /// The refresh timer.
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The channel to sibling tabs.
    channel: StoredValue<Option<TabChannel>, LocalStorage>,
}

/// The auth handle from context (provided by the app shell once the
/// configuration is loaded).
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The tokens of a token response or a tab hand-over, before validation.
pub(crate) struct Candidate {
    pub id_token: IdToken,
    pub access_token: AccessToken,
    pub refresh_token: Option<RefreshToken>,
    pub lifetime: Lifetime,
    /// `None`: estimate the clock offset from the fresh token's `iat`.
    pub clock_offset_secs: Option<i64>,
}

impl Auth {
    /// Creates the handle for `config`, signed out, and provides it as
    /// context. Call [`Auth::start`] once the page is mounted.
    pub fn provide(config: Config) -> Auth {
        let auth = Auth {
            state: RwSignal::new(AuthState::SignedOut),
            config: StoredValue::new(config),
            endpoints: StoredValue::new(None),
            jwks: StoredValue::new(None),
            flight: StoredValue::new_local(None),
            timer: StoredValue::new(None),
            channel: StoredValue::new_local(None),
        };
        provide_context(auth);
        auth
    }

    /// The current state (reactive).
    pub fn state(&self) -> Signal<AuthState> {
        self.state.into()
    }

    /// The configuration.
    pub fn config(&self) -> Config {
        self.config.get_value()
    }

    /// The signed-in session, if any (reactive).
    pub fn session(&self) -> Option<Arc<Session>> {
        self.state.with(|s| s.session().cloned())
    }

    fn session_untracked(&self) -> Option<Arc<Session>> {
        self.state.with_untracked(|s| s.session().cloned())
    }

    /// The provider endpoints: from the configured domain, or discovery at
    /// the issuer; fetched once per page.
    async fn endpoints(&self) -> Result<Endpoints, AuthError> {
        if let Some(e) = self.endpoints.get_value() {
            return Ok(e);
        }
        let config = self.config.get_value();
        let endpoints = match Endpoints::from_config(&config) {
            Some(e) => e,
            None => {
                let url = discovery_url(&config.issuer);
                let answer = http::get(&url, self.config.get_value().network_timeout_seconds)
                    .await
                    .map_err(|message| DiscoveryError::Unreachable { url: url.clone(), message })?;
                if answer.status != 200 {
                    return Err(DiscoveryError::Unreachable { url, message: format!("HTTP {}", answer.status) }.into());
                }
                Endpoints::from_discovery(&url, &answer.body, &config.issuer)?
            }
        };
        self.endpoints.set_value(Some(endpoints.clone()));
        Ok(endpoints)
    }

    /// The provider's signing keys, cached; `refresh` fetches them again
    /// (once, after an unknown `kid`: the keys may have been rotated).
    async fn jwks(&self, refresh: bool) -> Result<Jwks, JwtError> {
        if !refresh {
            if let Some(j) = self.jwks.get_value() {
                return Ok(j);
            }
        }
        let url = self.endpoints().await.map_err(|e| JwtError::KeysUnavailable(e.to_string()))?.jwks_uri;
        let answer = http::get(&url, self.config.get_value().network_timeout_seconds)
            .await
            .map_err(JwtError::KeysUnavailable)?;
        if answer.status != 200 {
            return Err(JwtError::KeysUnavailable(format!("HTTP {} from {url}", answer.status)));
        }
        let jwks = Jwks::parse(&answer.body).map_err(JwtError::KeysUnavailable)?;
        self.jwks.set_value(Some(jwks.clone()));
        Ok(jwks)
    }

    /// Decodes a JWT and verifies its RS256 signature (OIDC Core §3.1.3.7
    /// steps 6-7), refetching the keys once for an unknown `kid`.
    async fn verified(&self, token: &str) -> Result<Jwt, JwtError> {
        let jwt = jwt::decode(token)?;
        check_algorithm(&jwt)?;
        let mut key = self.jwks(false).await?.select(&jwt).cloned();
        if key.is_none() {
            key = self.jwks(true).await?.select(&jwt).cloned();
        }
        let key = key.ok_or(JwtError::UnknownKey)?;
        if crypto::verify_rs256(&key, jwt.signing_input.as_bytes(), &jwt.signature).await.map_err(JwtError::Crypto)? {
            Ok(jwt)
        } else {
            Err(JwtError::BadSignature)
        }
    }

    /// Validates a set of tokens into a session: both signatures, the ID
    /// token's steps (with `nonce` at sign-in, the same `sub` and
    /// `auth_time` as `previous` after a refresh), the access token's claims,
    /// and the clock offset.
    pub(crate) async fn validate(
        &self,
        candidate: Candidate,
        nonce: Option<&str>,
        previous: Option<&Session>,
    ) -> Result<Session, AuthError> {
        let config = self.config.get_value();
        let id_jwt = self.verified(candidate.id_token.secret()).await.map_err(AuthError::IdToken)?;
        let offset = match candidate.clock_offset_secs {
            Some(offset) => offset,
            None => {
                let iat = id_jwt
                    .claims
                    .get("iat")
                    .and_then(|v| v.as_i64())
                    .ok_or(AuthError::IdToken(JwtError::MissingClaim("iat")))?;
                clock_offset(iat, nav::now())?
            }
        };
        // Compare the tokens' times with the provider's clock as estimated.
        let provider_now = nav::now() + offset;
        let expect = IdExpectations {
            issuer: &config.issuer,
            client_id: &config.client_id,
            nonce,
            access_token: Some(candidate.access_token.secret()),
            now: provider_now,
            skew: CLOCK_SKEW_ALLOWANCE_SECS,
        };
        let claims = validate_id_claims(&id_jwt, &expect).map_err(AuthError::IdToken)?;
        if let Some(previous) = previous {
            check_same_session(&previous.claims, &claims).map_err(AuthError::IdToken)?;
        }
        let access_jwt = self.verified(candidate.access_token.secret()).await.map_err(AuthError::AccessToken)?;
        validate_access_claims(&access_jwt, &config.issuer, &config.client_id, provider_now, CLOCK_SKEW_ALLOWANCE_SECS)
            .map_err(AuthError::AccessToken)?;
        let remaining = candidate.lifetime.remaining_secs(nav::mono_now());
        Ok(Session {
            claims,
            tokens: TokenSet {
                id_token: candidate.id_token,
                access_token: candidate.access_token,
                refresh_token: candidate.refresh_token,
                access_expires_at: nav::now() + remaining as i64,
                lifetime: candidate.lifetime,
            },
            clock_offset_secs: offset,
        })
    }

    /// Makes `session` the current one: memory, the reload marker, the
    /// refresh timer, and (when `announce`) the sibling tabs.
    pub(crate) fn adopt(&self, session: Session, announce: bool) {
        let session = Arc::new(session);
        self.state.set(AuthState::SignedIn(session.clone()));
        storage::set_marker(storage::SIGNED_IN_KEY, Some("1"));
        self.schedule_refresh();
        if announce {
            self.announce(&session);
        }
    }

    /// Starts a sign-in: a fresh pending login in `sessionStorage`, then a
    /// top-level navigation to Cognito. `return_path` is where the user
    /// lands afterwards (sanitised to a same-origin path).
    pub fn sign_in(&self, return_path: String) {
        storage::set_marker(storage::SETUP_TEST_KEY, None);
        self.sign_in_with(return_path, None);
    }

    /// The setup checker's test sign-in: the full flow with `prompt=login`,
    /// each stage recorded in a non-secret marker, back to `/setup`.
    pub fn test_sign_in(&self) {
        storage::set_marker(storage::SETUP_TEST_KEY, Some(&SetupProgress::started().to_json()));
        self.sign_in_with("/setup".into(), Some("login".into()));
    }

    fn sign_in_with(&self, return_path: String, prompt: Option<String>) {
        let auth = *self;
        auth.state.set(AuthState::Redirecting);
        spawn_local(async move {
            if let Err(e) = auth.start_sign_in(&return_path, prompt).await {
                auth.state.set(AuthState::Failed(e));
            }
        });
    }

    async fn start_sign_in(&self, return_path: &str, prompt: Option<String>) -> Result<(), AuthError> {
        // Leaving for the hosted UI while offline would end on the
        // browser's own error page, with the app gone: stay and say so.
        if !nav::is_online() {
            return Err(AuthError::Offline);
        }
        let endpoints = self.endpoints().await?;
        let random = crypto::random_bytes::<PENDING_LOGIN_RANDOM_BYTES>().map_err(AuthError::Browser)?;
        let pending = PendingLogin::new(&random, return_path, nav::now());
        storage::save_pending_login(&pending).map_err(AuthError::Browser)?;
        let options = AuthorizeOptions { login_hint: nav::query_param("login_hint"), prompt };
        let url = authorize_url(&self.config.get_value(), &endpoints.authorization, &pending, &options);
        nav::navigate_to(&url).map_err(AuthError::Browser)
    }

    /// Completes a sign-in at `/callback` with the query Cognito sent back.
    /// Returns the path to go to.
    pub async fn complete_sign_in(&self, query: &str) -> Result<String, AuthError> {
        self.state.set(AuthState::Completing);
        setup_progress(|p| p.stage = Stage::CallbackReached);
        match self.exchange_and_validate(query).await {
            Ok((session, return_path)) => {
                let email = session.claims.email.is_some();
                setup_progress(|p| {
                    p.stage = Stage::IdTokenValid;
                    p.email = Some(email);
                });
                self.adopt(session, true);
                Ok(return_path)
            }
            Err(e) => {
                setup_progress(|p| {
                    p.error = Some(e.to_string());
                    // Authorize errors as they are; token endpoint errors
                    // prefixed, since the same code means other things there.
                    p.error_code = match &e {
                        AuthError::Callback(CallbackError::Provider { error, .. }) => Some(error.clone()),
                        AuthError::Token(TokenError::Provider { error, .. }) => Some(format!("token:{error}")),
                        _ => None,
                    };
                });
                self.state.set(AuthState::Failed(e.clone()));
                Err(e)
            }
        }
    }

    /// True while the setup checker's test sign-in is in progress.
    pub fn setup_test_running(&self) -> bool {
        storage::marker(storage::SETUP_TEST_KEY).is_some()
    }

    async fn exchange_and_validate(&self, query: &str) -> Result<(Session, String), AuthError> {
        let params = parse_callback(query);
        // The pending login is consumed whatever the outcome: read once.
        let pending = storage::take_pending_login().map_err(AuthError::Browser)?;
        let params = params?;
        let pending = check_pending(pending, &params, nav::now())?;
        let config = self.config.get_value();
        let endpoints = self.endpoints().await?;
        let request = code_exchange(&config, &endpoints.token, &params.code, &pending);
        let answer = http::post_form(&request, self.config.get_value().network_timeout_seconds)
            .await
            .map_err(TokenError::Network)?;
        let tokens = parse_token_response(answer.status, &answer.body)?;
        setup_progress(|p| p.stage = Stage::TokenExchanged);
        let candidate = Candidate {
            id_token: tokens.id_token,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            lifetime: Lifetime::new(nav::mono_now(), tokens.expires_in, config.refresh_margin_seconds),
            clock_offset_secs: None,
        };
        let session = self.validate(candidate, Some(&pending.nonce), None).await?;
        Ok((session, pending.return_path))
    }

    /// Clears a failure: back to signed out.
    pub fn dismiss(&self) {
        self.state.set(AuthState::SignedOut);
    }

    /// Forgets the session in this tab (memory, marker, timer) and shows
    /// `reason` if any.
    pub(crate) fn forget(&self, reason: Option<AuthError>) {
        self.cancel_refresh_timer();
        storage::set_marker(storage::SIGNED_IN_KEY, None);
        self.state.set(match reason {
            Some(e) => AuthState::Failed(e),
            None => AuthState::SignedOut,
        });
    }

    /// Signs out: tells the other tabs, revokes the refresh token (a failure
    /// is logged but does not block sign-out), forgets the tokens, then
    /// navigates to Cognito's `/logout` so the hosted UI session ends too
    /// (cognito.md §6: Cognito needs `client_id` and `logout_uri`, not
    /// `post_logout_redirect_uri`).
    pub fn sign_out(&self) {
        let auth = *self;
        let session = auth.session_untracked();
        auth.broadcast_signed_out(None);
        auth.forget(None);
        auth.state.set(AuthState::SigningOut);
        spawn_local(async move {
            let config = auth.config.get_value();
            let endpoints = auth.endpoints().await.ok();
            let revocation = endpoints.as_ref().and_then(|e| e.revocation.clone());
            if let (Some(refresh), Some(url)) = (session.and_then(|s| s.tokens.refresh_token.clone()), revocation) {
                let request = revoke_request(&config, &url, &refresh);
                match http::post_form(&request, auth.config.get_value().network_timeout_seconds).await {
                    Ok(a) if a.status == 200 => {}
                    Ok(a) => leptos::logging::warn!("Revoking the refresh token failed: HTTP {}", a.status),
                    Err(e) => leptos::logging::warn!("Revoking the refresh token failed: {e}"),
                }
            }
            if let Some(logout) = endpoints.and_then(|e| e.logout) {
                let query = form::encode_pairs([
                    ("client_id", config.client_id.as_str()),
                    ("logout_uri", config.logout_uri.as_str()),
                ]);
                let separator = if logout.contains('?') { '&' } else { '?' };
                if let Err(e) = nav::navigate_to(&format!("{logout}{separator}{query}")) {
                    auth.state.set(AuthState::Failed(AuthError::Browser(e)));
                }
            } else {
                // No hosted UI logout to go to: signed out here.
                auth.state.set(AuthState::SignedOut);
            }
        });
    }

    /// Starts the tab protocol and, after a reload, restores the session:
    /// from a sibling tab if one answers, else by a top-level
    /// re-authentication (silent while Cognito's session cookie is valid),
    /// at most once a minute.
    pub fn start(&self, on_callback: bool) {
        let auth = *self;
        self.open_channel();
        nav::on_wake(move || auth.wake());
        if on_callback {
            return;
        }
        self.ask_siblings();
        let config = self.config.get_value();
        let was_signed_in = storage::marker(storage::SIGNED_IN_KEY).is_some();
        if !(config.restore_on_reload && was_signed_in) {
            return;
        }
        self.state.set(AuthState::Restoring);
        spawn_local(async move {
            // Give a sibling tab a moment to hand the session over.
            nav::sleep(400).await;
            if !matches!(auth.state.get_untracked(), AuthState::Restoring) {
                return;
            }
            let now = nav::now();
            let recent = storage::marker(storage::RESTORE_ATTEMPT_KEY)
                .and_then(|t| t.parse::<i64>().ok())
                .is_some_and(|t| (now - t).abs() < 60);
            if recent {
                // Loop protection: one automatic attempt a minute.
                storage::set_marker(storage::SIGNED_IN_KEY, None);
                auth.state.set(AuthState::SignedOut);
                return;
            }
            storage::set_marker(storage::RESTORE_ATTEMPT_KEY, Some(&now.to_string()));
            auth.sign_in(nav::current_path_and_query());
        });
    }
}
