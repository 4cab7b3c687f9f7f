//! The engine: the provider's endpoints and keys, the callback → session
//! pipeline, refresh and sign-out. Every step's I/O goes through the
//! platform traits; every decision is made here.

use std::cell::RefCell;

use super::accept::{accept, Clocks, Expect};
use super::platform::Platform;
use super::refresh::{classify_answer, classify_validation, RefreshOutcome, Verdict};
use crate::auth::callback::{check_callback, CallbackError};
use crate::auth::endpoints::{discovery_url, DiscoveryError, Endpoints};
use crate::auth::jwt::{self, Jwks, Jwt, JwtError};
use crate::auth::login::{
    authorize_url, sanitize_return_path, AuthorizeOptions, PendingLogin, PENDING_LOGIN_RANDOM_BYTES,
};
use crate::auth::secret::{AccessToken, IdToken, RefreshToken};
use crate::auth::state::Session;
use crate::auth::timing::Lifetime;
use crate::auth::token::{code_exchange, parse_token_response, refresh_request, revoke_request, FormPost, TokenError};
use crate::auth::validate::check_algorithm;
use crate::auth::{AuthError, EndReason, OAuthErrorCode};
use crate::config::Config;
use crate::form;

/// The tokens of a token response or a tab hand-over, before validation.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The ID token.
    pub id_token: IdToken,
    /// The access token.
    pub access_token: AccessToken,
    /// The refresh token, if any.
    pub refresh_token: Option<RefreshToken>,
    /// When the access token expires, on the monotonic clock.
    pub lifetime: Lifetime,
    /// `None`: estimate the clock offset from the fresh token's `iat`.
    pub clock_offset_secs: Option<i64>,
}

/// A completed sign-in.
#[derive(Debug)]
pub struct SignedIn {
    /// The validated session.
    pub session: Session,
    /// Where to send the user (a sanitised same-origin path).
    pub return_path: String,
}

/// What signing out does: revoke the refresh token (the answer only
/// matters for the log: revocation never blocks sign-out), then leave for
/// Cognito's `/logout` so the hosted UI session ends too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOutPlan {
    /// The revocation request, when there is a refresh token and an
    /// endpoint.
    pub revoke: Option<FormPost>,
    /// Where to navigate; `None`: no hosted UI logout (signed out here).
    pub logout_url: Option<String>,
}

/// The session engine for one configuration.
pub struct Engine<P> {
    platform: P,
    config: Config,
    /// The endpoints, once known (configured domain, or discovery).
    endpoints: RefCell<Option<Endpoints>>,
    /// The signing keys, once fetched.
    jwks: RefCell<Option<Jwks>>,
}

impl<P: Platform> Engine<P> {
    /// An engine for `config` over `platform`.
    pub fn new(config: Config, platform: P) -> Engine<P> {
        Engine { platform, config, endpoints: RefCell::new(None), jwks: RefCell::new(None) }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The platform.
    pub fn platform(&self) -> &P {
        &self.platform
    }

    /// The provider endpoints: from the configured domain, or discovery at
    /// the issuer; fetched once.
    pub async fn endpoints(&self) -> Result<Endpoints, AuthError> {
        if let Some(e) = self.endpoints.borrow().clone() {
            return Ok(e);
        }
        let endpoints = match Endpoints::from_config(&self.config) {
            Some(e) => e,
            None => {
                let url = discovery_url(&self.config.issuer);
                let answer = self
                    .platform
                    .get(&url)
                    .await
                    .map_err(|e| DiscoveryError::Unreachable { url: url.clone(), message: e.to_string() })?;
                if answer.status != 200 {
                    return Err(DiscoveryError::Unreachable { url, message: format!("HTTP {}", answer.status) }.into());
                }
                Endpoints::from_discovery(&url, &answer.body, &self.config.issuer)?
            }
        };
        *self.endpoints.borrow_mut() = Some(endpoints.clone());
        Ok(endpoints)
    }

    /// The signing keys, cached; `refetch` fetches them again.
    async fn jwks(&self, refetch: bool) -> Result<Jwks, JwtError> {
        if !refetch {
            if let Some(j) = self.jwks.borrow().clone() {
                return Ok(j);
            }
        }
        let url = self.endpoints().await.map_err(|e| JwtError::KeysUnavailable(e.to_string()))?.jwks_uri;
        let answer = self.platform.get(&url).await.map_err(|e| JwtError::KeysUnavailable(e.to_string()))?;
        if answer.status != 200 {
            return Err(JwtError::KeysUnavailable(format!("HTTP {} from {url}", answer.status)));
        }
        let jwks = Jwks::parse(&answer.body)?;
        *self.jwks.borrow_mut() = Some(jwks.clone());
        Ok(jwks)
    }

    /// Decodes a JWT and verifies its RS256 signature (OIDC Core §3.1.3.7
    /// steps 6-7). An unknown `kid` fetches the keys again, once: they may
    /// have been rotated (conformance `oidcc-client-test-signing-key-rotated`).
    pub async fn verified(&self, token: &str) -> Result<Jwt, JwtError> {
        let jwt = jwt::decode(token)?;
        check_algorithm(&jwt)?;
        let mut key = self.jwks(false).await?.select(&jwt).cloned();
        if key.is_none() {
            key = self.jwks(true).await?.select(&jwt).cloned();
        }
        let key = key.ok_or(JwtError::UnknownKey)?;
        if self.platform.verify_rs256(&key, jwt.signing_input.as_bytes(), &jwt.signature).await? {
            Ok(jwt)
        } else {
            Err(JwtError::BadSignature)
        }
    }

    /// Validates a set of tokens into a session: both signatures, then
    /// every check of [`accept`](super::accept::accept) (with `nonce` at
    /// sign-in; after a refresh or from a sibling the same `sub` as
    /// `previous` and an `auth_time` no earlier).
    pub async fn validate(
        &self,
        candidate: Candidate,
        nonce: Option<&str>,
        previous: Option<&Session>,
    ) -> Result<Session, AuthError> {
        let id_jwt = self.verified(candidate.id_token.secret()).await.map_err(AuthError::IdToken)?;
        let access_jwt = self.verified(candidate.access_token.secret()).await.map_err(AuthError::AccessToken)?;
        let now = Clocks { wall_secs: self.platform.now_secs(), mono_ms: self.platform.mono_ms() };
        accept(&self.config, candidate, &id_jwt, &access_jwt, Expect { nonce, previous }, now)
    }

    /// Starts a sign-in: a fresh pending login (for the shell to store) and
    /// the authorize URL to navigate to. Offline, it stops: leaving for the
    /// hosted UI would end on the browser's own error page.
    pub async fn begin_sign_in(
        &self,
        return_path: &str,
        options: &AuthorizeOptions,
    ) -> Result<(PendingLogin, String), AuthError> {
        if !self.platform.is_online() {
            return Err(AuthError::Offline);
        }
        let endpoints = self.endpoints().await?;
        let mut random = [0u8; PENDING_LOGIN_RANDOM_BYTES];
        self.platform.fill(&mut random)?;
        let pending = PendingLogin::new(&random, return_path, self.platform.now_secs());
        let url = authorize_url(&self.config, &endpoints.authorization, &pending, options);
        Ok((pending, url))
    }

    /// Completes a sign-in at `/callback`: the query Cognito sent back, and
    /// the pending login the shell took out of storage (read once).
    pub async fn complete_sign_in(&self, query: &str, pending: Option<PendingLogin>) -> Result<SignedIn, AuthError> {
        let (params, pending) = match check_callback(query, pending, self.platform.now_secs()) {
            Ok(checked) => checked,
            // Name the scopes sent: the fix is on the app client or in
            // config.json (docs/COGNITO.md "Scopes").
            Err(CallbackError::Provider { error: OAuthErrorCode::InvalidScope, description }) => {
                return Err(AuthError::ScopesRefused { sent: self.config.scopes.join(" "), description });
            }
            Err(e) => return Err(e.into()),
        };
        let endpoints = self.endpoints().await?;
        let request = code_exchange(&self.config, &endpoints.token, &params.code, &pending);
        let answer = self.platform.post_form(&request).await.map_err(TokenError::Network)?;
        let tokens = match (parse_token_response(answer.status, &answer.body), &self.config.resource) {
            (Ok(tokens), _) => tokens,
            // With `resource`, the usual cause is a missing resource server
            // or the classic hosted UI (docs/COGNITO.md "Resource binding").
            (Err(TokenError::Provider { error: OAuthErrorCode::InvalidGrant, .. }), Some(resource)) => {
                return Err(AuthError::ResourceRefused { resource: resource.clone() });
            }
            (Err(e), _) => return Err(e.into()),
        };
        let candidate = Candidate {
            id_token: tokens.id_token,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            lifetime: Lifetime::new(self.platform.mono_ms(), tokens.expires_in, self.config.refresh_margin_seconds),
            clock_offset_secs: None,
        };
        let session = self.validate(candidate, Some(&pending.nonce), None).await?;
        // Sanitised again: storage is readable and writable by any script of
        // the origin, so what comes back is not trusted to be what was saved.
        Ok(SignedIn { session, return_path: sanitize_return_path(&pending.return_path) })
    }

    /// One `grant_type=refresh_token` request and its validation, with the
    /// answer classified: refreshed, worth retrying (the session stays), or
    /// the end of the session.
    pub async fn refresh(&self, current: &Session) -> RefreshOutcome {
        let Some(refresh_token) = current.tokens.refresh_token.clone() else {
            return RefreshOutcome::Ended(EndReason::NoRefreshToken);
        };
        let endpoints = match self.endpoints().await {
            Ok(e) => e,
            Err(error) => return RefreshOutcome::Retry { error, retry_after_secs: None, rotated: None },
        };
        let request = refresh_request(&self.config, &endpoints.token, &refresh_token);
        let (parsed, retry_after) = match self.platform.post_form(&request).await {
            Ok(answer) => (parse_token_response(answer.status, &answer.body), answer.retry_after_secs),
            Err(e) => (Err(TokenError::Network(e)), None),
        };
        let tokens = match parsed {
            Ok(tokens) => tokens,
            Err(e) => {
                return match classify_answer(&e) {
                    Verdict::Transient => {
                        RefreshOutcome::Retry { error: e.into(), retry_after_secs: retry_after, rotated: None }
                    }
                    Verdict::Final(reason) => RefreshOutcome::Ended(reason),
                }
            }
        };
        // With rotation on, the answer carries a new refresh token; without,
        // ours stays valid.
        let rotated = tokens.refresh_token.clone();
        let candidate = Candidate {
            id_token: tokens.id_token,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token.or(Some(refresh_token)),
            lifetime: Lifetime::new(self.platform.mono_ms(), tokens.expires_in, self.config.refresh_margin_seconds),
            clock_offset_secs: None,
        };
        match self.validate(candidate, None, Some(current)).await {
            Ok(session) => RefreshOutcome::Refreshed(session),
            Err(error) => match classify_validation(&error) {
                // A rotated refresh token is never thrown away because its
                // companions could not be checked yet.
                Verdict::Transient => RefreshOutcome::Retry { error, retry_after_secs: None, rotated },
                Verdict::Final(reason) => RefreshOutcome::Ended(reason),
            },
        }
    }

    /// What signing out does with `refresh_token` (see [`SignOutPlan`]).
    /// Without the endpoints (discovery failed) there is nothing to call.
    pub async fn sign_out_plan(&self, refresh_token: Option<&RefreshToken>) -> SignOutPlan {
        let Ok(endpoints) = self.endpoints().await else {
            return SignOutPlan { revoke: None, logout_url: None };
        };
        let revoke = match (refresh_token, &endpoints.revocation) {
            (Some(token), Some(url)) => Some(revoke_request(&self.config, url, token)),
            _ => None,
        };
        // Cognito's /logout takes `client_id` and `logout_uri` (not
        // `post_logout_redirect_uri`): docs/COGNITO.md "Sign-out".
        let logout_url = endpoints.logout.map(|logout| {
            form::url_with_query(
                &logout,
                [("client_id", self.config.client_id.as_str()), ("logout_uri", self.config.logout_uri.as_str())],
            )
        });
        SignOutPlan { revoke, logout_url }
    }
}
