//! Accepting a set of tokens whose signatures have been verified: every
//! check after the signature step, written once for tokens from Cognito (a
//! sign-in, a refresh) and from a sibling tab (docs/SECURITY.md "Time").
//!
//! The lifetime a session is scheduled with is never longer than the tokens
//! themselves say: the bound is `min(lifetime given, exp − provider now)`
//! for the token API calls carry, applied *before* the expiry check, so a
//! sibling's flattering `remainingSecs` cannot extend an old token.

use crate::auth::jwt::{Jwt, JwtError};
use crate::auth::secret::{AccessToken, IdToken, RefreshToken};
use crate::auth::state::{Session, TokenSet};
use crate::auth::timing::{bounded_offset, clock_offset, Lifetime};
use crate::auth::validate::{check_same_session, validate_access_claims, validate_id_claims, IdExpectations};
use crate::auth::{AuthError, CLOCK_SKEW_ALLOWANCE_SECS};
use crate::config::{ApiToken, Config};

/// The longest lifetime a token set may claim, seconds (Cognito's access
/// and ID tokens live at most one day).
pub const MAX_LIFETIME_SECS: i64 = 86_400;

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

/// The clocks at the moment of acceptance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clocks {
    /// This device's wall clock, seconds since the epoch.
    pub wall_secs: i64,
    /// The monotonic clock, milliseconds.
    pub mono_ms: f64,
}

/// What the tokens must match besides the configuration.
#[derive(Debug, Clone, Copy, Default)]
pub struct Expect<'a> {
    /// The sign-in's nonce (none after a refresh or from a sibling).
    pub nonce: Option<&'a str>,
    /// The session they replace: same `sub`, an `auth_time` no earlier.
    pub previous: Option<&'a Session>,
}

/// Checks verified tokens into a session: the ID token's steps, the access
/// token's claims and its `sub`, the clock offset (bounded, whoever
/// estimated it), `exp` against both the estimated provider clock and this
/// device's, and the monotonic lifetime bounded by the tokens' own `exp`.
pub fn accept(
    config: &Config,
    candidate: Candidate,
    id_jwt: &Jwt,
    access_jwt: &Jwt,
    expect: Expect<'_>,
    now: Clocks,
) -> Result<Session, AuthError> {
    let offset = match candidate.clock_offset_secs {
        // A sibling's estimate: the same bound as a fresh sign-in's.
        Some(offset) => bounded_offset(offset)?,
        None => {
            let iat = id_jwt
                .claims
                .get("iat")
                .and_then(|v| v.as_i64())
                .ok_or(AuthError::IdToken(JwtError::MissingClaim("iat")))?;
            clock_offset(iat, now.wall_secs)?
        }
    };
    // Compare the tokens' times with the provider's clock as estimated.
    let provider_now = now.wall_secs + offset;
    let id_expect = IdExpectations {
        issuer: &config.issuer,
        client_id: &config.client_id,
        nonce: expect.nonce,
        access_token: Some(candidate.access_token.secret()),
        now: provider_now,
        skew: CLOCK_SKEW_ALLOWANCE_SECS,
    };
    let claims = validate_id_claims(id_jwt, &id_expect).map_err(AuthError::IdToken)?;
    // The estimated provider clock comes from a token's own `iat`, so on its
    // own it cannot tell an old token from a wrong clock: `exp` must also be
    // ahead of this device's clock.
    let local_floor = now.wall_secs - CLOCK_SKEW_ALLOWANCE_SECS;
    if claims.expires_at <= local_floor {
        return Err(AuthError::IdToken(JwtError::Expired));
    }
    if let Some(previous) = expect.previous {
        check_same_session(&previous.claims, &claims).map_err(AuthError::IdToken)?;
    }
    let access =
        validate_access_claims(access_jwt, &config.issuer, &config.client_id, provider_now, CLOCK_SKEW_ALLOWANCE_SECS)
            .map_err(AuthError::AccessToken)?;
    // Both tokens must be about the same user.
    if access.sub != claims.sub {
        return Err(AuthError::AccessToken(JwtError::SubjectMismatch));
    }
    if access.expires_at <= local_floor {
        return Err(AuthError::AccessToken(JwtError::Expired));
    }
    // The schedule never outlives the tokens: the lifetime given (Cognito's
    // `expires_in`, or a sibling's remaining time) bounded by the access
    // token's own `exp` and, when API calls carry the ID token, the ID
    // token's (their lifetimes are set separately); then the expiry check.
    // A sibling's offset is its claim: it may make the provider's clock
    // look behind ours (and an old token current) only for the checks'
    // allowance, never for how long the token is used.
    let bound_now = match candidate.clock_offset_secs {
        Some(_) => now.wall_secs + offset.max(0),
        None => provider_now,
    };
    let margin = config.refresh_margin_seconds;
    let mut lifetime =
        candidate.lifetime.bounded(now.mono_ms, access.expires_at - bound_now, MAX_LIFETIME_SECS, margin);
    if config.api_token == ApiToken::Id {
        let whole = claims.expires_at - claims.issued_at;
        lifetime = lifetime.bounded(now.mono_ms, claims.expires_at - bound_now, whole, margin);
    }
    if lifetime.is_expired(now.mono_ms) {
        return Err(AuthError::AccessToken(JwtError::Expired));
    }
    let remaining = lifetime.remaining_secs(now.mono_ms);
    Ok(Session {
        claims,
        tokens: TokenSet {
            id_token: candidate.id_token,
            access_token: candidate.access_token,
            refresh_token: candidate.refresh_token,
            access_expires_at: now.wall_secs + remaining as i64,
            lifetime,
        },
        clock_offset_secs: offset,
    })
}
