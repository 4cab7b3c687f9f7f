//! `session::accept`, every check after the signature step, at the edges of
//! its allowances: `exp`, `iat` and `nbf` against the provider clock as
//! estimated (this device's clock plus the offset, a sibling's or our own),
//! 5 minutes of skew and not a second more, and the expiry check on the
//! monotonic schedule once it is bounded by the tokens' own `exp`.

mod support;

use cognito_login_core::auth::jwt::{decode, JwtError};
use cognito_login_core::auth::secret::{AccessToken, IdToken};
use cognito_login_core::auth::state::Session;
use cognito_login_core::auth::timing::{ClockError, Lifetime};
use cognito_login_core::auth::{AuthError, CLOCK_SKEW_ALLOWANCE_SECS as SKEW};
use cognito_login_core::config::Config;
use cognito_login_core::session::accept::{accept, Clocks, Expect};
use cognito_login_core::session::Candidate;
use serde_json::{json, Value};
use support::*;

/// The monotonic clock at acceptance, milliseconds.
const MONO: f64 = 5000.0;

/// A sibling's clock offset: the provider's clock runs 10 minutes ahead of
/// this device's (within the 15-minute bound), so a token's `exp` can pass
/// this device's clock while the provider's says it has expired.
const AHEAD: i64 = 600;

/// The provider's clock as a sibling with offset `AHEAD` estimates it.
const PROVIDER_NOW: i64 = NOW + AHEAD;

/// Tokens issued 10 s ago by the provider's clock, valid for an hour, with
/// `id` and `access` changes to their claims, handed over by a sibling tab
/// with the clock offset `offset` and `lifetime`; `offset` `None`: a fresh
/// sign-in, the offset estimated from the ID token's `iat`.
fn accept_from(
    config: &Config,
    offset: Option<i64>,
    lifetime: Lifetime,
    id: &[(&str, Value)],
    access: &[(&str, Value)],
) -> Result<Session, AuthError> {
    let issued = NOW + offset.unwrap_or(AHEAD) - 10;
    let access_token = sign_access(&with(access_claims(issued), access));
    let id_token = sign_id(&with(id_claims(&access_token, issued, None), id));
    let (id_jwt, access_jwt) = (decode(&id_token).unwrap(), decode(&access_token).unwrap());
    let candidate = Candidate {
        id_token: IdToken::new(id_token),
        access_token: AccessToken::new(access_token),
        refresh_token: None,
        lifetime,
        clock_offset_secs: offset,
    };
    accept(config, candidate, &id_jwt, &access_jwt, Expect::default(), Clocks { wall_secs: NOW, mono_ms: MONO })
}

/// From a sibling whose estimate is `AHEAD`, with 50 minutes left.
fn from_sibling(id: &[(&str, Value)], access: &[(&str, Value)]) -> Result<Session, AuthError> {
    accept_from(&config(""), Some(AHEAD), Lifetime::remaining(MONO, 3000.0, 3600, None), id, access)
}

#[test]
fn the_sibling_fixture_is_accepted() {
    let s = from_sibling(&[], &[]).unwrap();
    assert_eq!(s.clock_offset_secs, AHEAD);
    assert_eq!(s.tokens.lifetime.remaining_secs(MONO), 3000.0);
    // The expiry shown is the schedule's, on this device's clock.
    assert_eq!(s.tokens.access_expires_at, NOW + 3000);
}

#[test]
fn an_id_token_expired_by_the_provider_clock_is_refused_though_this_devices_clock_would_pass_it() {
    // exp is 299 s ahead of this device's clock (the local floor passes it)
    // but 301 s behind the provider's: one second past the allowance.
    let past = [("exp", json!(PROVIDER_NOW - SKEW - 1))];
    assert_eq!(from_sibling(&past, &[]).unwrap_err(), AuthError::IdToken(JwtError::Expired));
    // At the allowance exactly: expired too.
    let at = [("exp", json!(PROVIDER_NOW - SKEW))];
    assert_eq!(from_sibling(&at, &[]).unwrap_err(), AuthError::IdToken(JwtError::Expired));
    // One second inside it: accepted.
    assert!(from_sibling(&[("exp", json!(PROVIDER_NOW - SKEW + 1))], &[]).is_ok());
    // The same with the offset estimated from a fresh token's own iat (10 s
    // ago by the provider's clock, so its estimate is 10 s behind).
    let past = [("exp", json!(PROVIDER_NOW - 10 - SKEW - 1))];
    let fresh = accept_from(&config(""), None, Lifetime::new(MONO, 3600, None), &past, &[]);
    assert_eq!(fresh.unwrap_err(), AuthError::IdToken(JwtError::Expired));
}

#[test]
fn an_access_token_expired_by_the_provider_clock_is_refused_though_this_devices_clock_would_pass_it() {
    let past = [("exp", json!(PROVIDER_NOW - SKEW - 1))];
    assert_eq!(from_sibling(&[], &past).unwrap_err(), AuthError::AccessToken(JwtError::Expired));
}

#[test]
fn tokens_expired_by_this_devices_clock_are_refused_though_the_provider_clock_behind_it_would_pass_them() {
    // The sibling says the provider's clock runs 10 minutes behind ours: by
    // it, these tokens have 299 s left; by this device's clock they expired
    // 301 s ago, one second past the allowance.
    let behind = Some(-AHEAD);
    let sibling = Lifetime::remaining(MONO, 3000.0, 3600, None);
    let past = [("exp", json!(NOW - SKEW - 1))];
    let err = accept_from(&config(""), behind, sibling, &past, &[]).unwrap_err();
    assert_eq!(err, AuthError::IdToken(JwtError::Expired));
    let err = accept_from(&config(""), behind, sibling, &[], &past).unwrap_err();
    assert_eq!(err, AuthError::AccessToken(JwtError::Expired));
    // Inside the checks' allowance, but past `exp` by this device's clock:
    // a sibling's offset never extends how long a token is used.
    let inside = [("exp", json!(NOW - SKEW + 1))];
    let err = accept_from(&config(""), behind, sibling, &inside, &inside).unwrap_err();
    assert_eq!(err, AuthError::AccessToken(JwtError::Expired));
    // With time left by this device's clock, it is used for that long only.
    let left = [("exp", json!(NOW + 100))];
    let session = accept_from(&config(""), behind, sibling, &left, &left).expect("accepted");
    assert!(session.tokens.lifetime.expires_at_ms <= MONO + 100_000.0, "{:?}", session.tokens.lifetime);
}

#[test]
fn tokens_issued_after_the_provider_clock_plus_the_allowance_are_refused() {
    let future = [("iat", json!(PROVIDER_NOW + SKEW + 1))];
    assert_eq!(from_sibling(&future, &[]).unwrap_err(), AuthError::IdToken(JwtError::IssuedInFuture));
    assert_eq!(from_sibling(&[], &future).unwrap_err(), AuthError::AccessToken(JwtError::IssuedInFuture));
    let edge = [("iat", json!(PROVIDER_NOW + SKEW))];
    assert!(from_sibling(&edge, &edge).is_ok());
    // A fresh sign-in estimates the offset from the ID token's iat: an
    // access token issued more than the allowance after it is refused.
    let fresh = accept_from(&config(""), None, Lifetime::new(MONO, 3600, None), &[], &future);
    assert_eq!(fresh.unwrap_err(), AuthError::AccessToken(JwtError::IssuedInFuture));
}

#[test]
fn tokens_not_yet_valid_by_the_provider_clock_plus_the_allowance_are_refused() {
    let later = [("nbf", json!(PROVIDER_NOW + SKEW + 1))];
    assert_eq!(from_sibling(&later, &[]).unwrap_err(), AuthError::IdToken(JwtError::NotYetValid));
    assert_eq!(from_sibling(&[], &later).unwrap_err(), AuthError::AccessToken(JwtError::NotYetValid));
    let edge = [("nbf", json!(PROVIDER_NOW + SKEW))];
    assert!(from_sibling(&edge, &edge).is_ok());
}

#[test]
fn a_schedule_that_is_over_once_bounded_by_the_tokens_exp_is_refused() {
    // exp 100 s behind the provider's clock: inside the allowance of the
    // claim checks, but the schedule it bounds is already over.
    let over = [("exp", json!(PROVIDER_NOW - 100))];
    assert_eq!(from_sibling(&[], &over).unwrap_err(), AuthError::AccessToken(JwtError::Expired));
    // The same for the ID token when API calls carry it.
    let id_bearer = config(r#","apiToken":"id""#);
    let sibling = Lifetime::remaining(MONO, 3000.0, 3600, None);
    assert!(accept_from(&id_bearer, Some(AHEAD), sibling, &[], &[]).is_ok());
    let err = accept_from(&id_bearer, Some(AHEAD), sibling, &over, &[]).unwrap_err();
    assert_eq!(err, AuthError::AccessToken(JwtError::Expired));
    // Tokens good for an hour, handed over by a sibling whose schedule for
    // them is already over.
    let spent = Lifetime::remaining(MONO, 0.0, 3600, None);
    let err = accept_from(&config(""), Some(AHEAD), spent, &[], &[]).unwrap_err();
    assert_eq!(err, AuthError::AccessToken(JwtError::Expired));
}

#[test]
fn a_siblings_clock_offset_beyond_the_bound_is_refused() {
    // A month-old token handed over with the offset that would make it
    // look current: the same bound as a sign-in's estimate.
    let month = 30 * 24 * 3600;
    let sibling = Lifetime::remaining(MONO, 3000.0, 3600, None);
    let err = accept_from(&config(""), Some(-month), sibling, &[], &[]).unwrap_err();
    assert_eq!(err, AuthError::Clock(ClockError { offset_secs: -month }));
}
