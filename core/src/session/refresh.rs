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
use crate::auth::timing::Lifetime;
use crate::auth::token::TokenError;
use crate::auth::{AuthError, EndReason, OAuthErrorCode};

/// After a refresh failed for a reason that may pass, the first retry
/// comes after up to this long; each further one waits up to twice as long
/// ([`retry_delay_ms`]).
pub const RETRY_BASE_MS: f64 = 2_000.0;

/// The longest wait between retries without a `Retry-After`, ms.
pub const RETRY_CAP_MS: f64 = 120_000.0;

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
        TokenError::Network(_) | TokenError::Throttled { .. } => Verdict::Transient,
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

/// How long to wait before retry number `attempt` (0 for the first):
/// capped exponential backoff with "equal jitter" (half of the step fixed,
/// half scaled by `jitter`, a random number in `[0, 1)`), so that many
/// browsers throttled at once do not come back at once; a `Retry-After`
/// (capped) makes it longer, never shorter (`Retry-After: 0` would be a
/// retry loop).
pub fn retry_delay_ms(retry_after_secs: Option<u32>, attempt: u32, jitter: f64) -> f64 {
    let step = (RETRY_BASE_MS * 2f64.powi(attempt.min(20) as i32)).min(RETRY_CAP_MS);
    let jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.5 };
    let backoff = step / 2.0 + step / 2.0 * jitter;
    let asked = retry_after_secs.map_or(0.0, |secs| f64::from(secs.min(MAX_RETRY_AFTER_SECS)) * 1000.0);
    backoff.max(asked)
}

/// How renewing the session is going, for the page to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renewal {
    /// Nothing to report.
    Current,
    /// The last refresh failed for a reason that may pass and is being
    /// retried; the tokens are still valid (a quiet notice).
    Reconnecting(AuthError),
    /// As [`Renewal::Reconnecting`], and the tokens have expired meanwhile:
    /// still signed in, but nothing that needs a token works until the
    /// sign-in service answers again (with a Retry button).
    Unreachable(AuthError),
}

/// Decides [`Renewal`] from the last refresh failure that may pass (`None`
/// once a refresh succeeded) and the current tokens' lifetime.
pub fn renewal(failure: Option<&AuthError>, lifetime: &Lifetime, mono_now_ms: f64) -> Renewal {
    match failure {
        None => Renewal::Current,
        Some(e) if lifetime.is_expired(mono_now_ms) => Renewal::Unreachable(e.clone()),
        Some(e) => Renewal::Reconnecting(e.clone()),
    }
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
