//! Staying signed in: when to refresh, and what each refresh answer means.
//!
//! Only answers that retrying cannot change end a session: the refresh
//! token refused (`invalid_grant`), this client refused (`invalid_client`,
//! `unauthorized_client`), or tokens that fail validation for a lasting
//! reason. Everything else, network failures, timeouts, `5xx`, `429`, and
//! answers that are not the token endpoint's JSON at all (a WAF's `403`
//! page, a captive portal's `200` page), may pass: the session stays and the
//! refresh is tried again (docs/COGNITO.md "Throttling and middleboxes").

use crate::auth::jwt::JwtError;
use crate::auth::secret::RefreshToken;
use crate::auth::state::Session;
use crate::auth::timing::Lifetime;
use crate::auth::token::TokenError;
use crate::auth::{AuthError, EndReason, OAuthErrorCode};

/// After a refresh failed for a reason that may pass, try again after this
/// long (or earlier, when an API call needs a fresh token).
pub const RETRY_AFTER_FAILURE_MS: f64 = 30_000.0;

/// The longest `Retry-After` honoured, seconds.
pub const MAX_RETRY_AFTER_SECS: u32 = 600;

/// What a failed refresh means for the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It may pass: keep the session and try again.
    Transient,
    /// The session is over.
    Final(EndReason),
}

/// Classifies a token endpoint answer that gave no tokens.
pub fn classify_answer(error: &TokenError) -> Verdict {
    match error {
        TokenError::Network(_) => Verdict::Transient,
        // 429 and 5xx may pass whatever code they carry.
        TokenError::Provider { status, .. } if *status == 429 || *status >= 500 => Verdict::Transient,
        TokenError::Provider { error, .. } => match error {
            OAuthErrorCode::InvalidGrant | OAuthErrorCode::InvalidClient | OAuthErrorCode::UnauthorizedClient => {
                Verdict::Final(EndReason::Refused(error.clone()))
            }
            _ => Verdict::Transient,
        },
        // Not the token endpoint's JSON (a proxy's page, a truncated body),
        // whatever the status.
        TokenError::InvalidResponse { .. } => Verdict::Transient,
        TokenError::NotBearer(_) | TokenError::MissingIdToken => Verdict::Final(EndReason::Unusable(error.clone())),
    }
}

/// Classifies a refresh whose tokens arrived but did not validate.
pub fn classify_validation(error: &AuthError) -> Verdict {
    let passing = |e: &JwtError| matches!(e, JwtError::KeysUnavailable(_));
    match error {
        AuthError::IdToken(e) if passing(e) => Verdict::Transient,
        AuthError::AccessToken(e) if passing(e) => Verdict::Transient,
        AuthError::IdToken(e) => Verdict::Final(EndReason::IdToken(e.clone())),
        AuthError::AccessToken(e) => Verdict::Final(EndReason::AccessToken(e.clone())),
        AuthError::Clock(e) => Verdict::Final(EndReason::Clock(*e)),
        // Discovery, network, browser: nothing about the tokens themselves.
        _ => Verdict::Transient,
    }
}

/// How long to wait before retrying: `Retry-After` when the answer had one
/// (capped), else the default.
pub fn retry_delay_ms(retry_after_secs: Option<u32>) -> f64 {
    match retry_after_secs {
        Some(secs) => f64::from(secs.min(MAX_RETRY_AFTER_SECS)) * 1000.0,
        None => RETRY_AFTER_FAILURE_MS,
    }
}

/// The outcome of one refresh.
#[derive(Debug)]
pub enum RefreshOutcome {
    /// New, validated tokens.
    Refreshed(Session),
    /// It may pass: keep the session, try again after `after_ms`.
    Retry {
        /// What went wrong (for the log and for a caller that needed a
        /// token now).
        error: AuthError,
        /// When to try again, milliseconds from now.
        after_ms: f64,
        /// A rotated refresh token that arrived with tokens that could not
        /// be checked yet: it replaces the current one (the old one may
        /// already be invalid).
        rotated: Option<RefreshToken>,
    },
    /// The session is over.
    Ended(EndReason),
}

/// What to do with the refresh timer when the page wakes up (visible,
/// focused, online: timers may have drifted while it slept).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WakeStep {
    /// Inside the refresh margin already: refresh now.
    RefreshNow,
    /// Re-arm the timer to fire in this many milliseconds.
    Rearm(f64),
}

/// Decides [`WakeStep`] for a token with `lifetime` at `mono_now_ms`; also
/// what a freshly armed timer waits ([`WakeStep::Rearm`]).
pub fn on_wake(lifetime: &Lifetime, mono_now_ms: f64) -> WakeStep {
    if lifetime.needs_refresh(mono_now_ms) {
        WakeStep::RefreshNow
    } else {
        WakeStep::Rearm(lifetime.refresh_at_ms() - mono_now_ms)
    }
}

/// What a tab should do when it is its turn to refresh (it holds the
/// cross-tab lock, and the channel has delivered what siblings sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshStep {
    /// Nobody is signed in any more.
    SignedOut,
    /// A sibling refreshed meanwhile: its tokens are already here.
    AlreadyRefreshed,
    /// Not due yet (another caller was early): re-arm the timer.
    NotDue,
    /// Refresh now.
    Refresh,
}

/// Decides [`RefreshStep`]: `seen_access` is the access token the caller
/// wanted to replace, `force` is set when the API refused the token.
pub fn refresh_step(seen_access: &str, current: Option<&Session>, force: bool, mono_now_ms: f64) -> RefreshStep {
    let Some(current) = current else { return RefreshStep::SignedOut };
    if current.tokens.access_token.secret() != seen_access {
        RefreshStep::AlreadyRefreshed
    } else if !force && !current.tokens.lifetime.needs_refresh(mono_now_ms) {
        RefreshStep::NotDue
    } else {
        RefreshStep::Refresh
    }
}
