//! Staying signed in through the session machine: the exact refresh
//! request, what each refresh answer means (refreshed, retried later with
//! the session kept, or the end of the session in every tab), backoff and
//! `Retry-After`, a rotated refresh token kept when its companions cannot
//! be checked yet, and a tab without a refresh token; then the pure rules
//! behind them (`session::refresh`).

mod support;

use cognito_login_core::auth::jwt::JwtError;
use cognito_login_core::auth::state::AuthState;
use cognito_login_core::auth::timing::Lifetime;
use cognito_login_core::auth::token::TokenError;
use cognito_login_core::auth::{AuthError, EndReason, OAuthErrorCode};
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::machine::{Event, Stored, Timer};
use cognito_login_core::session::refresh::{
    classify_answer, on_wake, renewal, retry_delay_ms, Renewal, Verdict, WakeStep, RETRY_BASE_MS, RETRY_CAP_MS,
};
use cognito_login_core::session::tabs::TabMessage;
use serde_json::{json, Value};
use support::machine::*;
use support::*;

/// An hour after the sign-in, 60 s before the tokens expire.
const LATER: i64 = NOW + 3540;
const LATER_MS: f64 = 1000.0 + 3_540_000.0;

/// A refreshed token response issued at `LATER`, ID claims changed by
/// `changes`.
fn refreshed_body(changes: &[(&str, Value)], refresh: Option<&str>) -> String {
    let access = sign_access(&access_claims(LATER));
    let id = sign_id(&with(id_claims(&access, LATER, None), changes));
    token_body(&id, &access, refresh, 3600)
}

/// A tab signed in with refresh token `rt` whose refresh timer fires at
/// `LATER` with `answer` from the token endpoint.
fn refresh_with(answer: Result<HttpAnswer, NetError>) -> Tab {
    let mut tab = signed_in_tab(config(""), Some("rt"));
    tab.effects.clear();
    tab.set_clocks(LATER, LATER_MS);
    tab.fake.answer(TOKEN_URL, answer);
    tab.feed(Event::Timer(Timer::Refresh));
    tab
}

fn status(code: u16, body: &str) -> Result<HttpAnswer, NetError> {
    Ok(HttpAnswer::new(code, body))
}

/// What the refresh led to: `Ok(())` refreshed, `Err(None)` retry later
/// (the session kept, "reconnecting" shown), `Err(Some(reason))` the
/// session ended here and in every tab.
type Kind = Result<(), Option<EndReason>>;

fn kind(tab: &Tab) -> Kind {
    match tab.state() {
        AuthState::SignedIn(s) if s.tokens.lifetime.expires_at_ms > LATER_MS + 60_000.0 => Ok(()),
        AuthState::SignedIn(_) => {
            assert!(matches!(tab.m.renewal(), Renewal::Reconnecting(_)), "{:?}", tab.m.renewal());
            assert!(!tab.armed(Timer::Refresh).is_empty(), "a retry is armed");
            Err(None)
        }
        AuthState::Failed(AuthError::SessionEnded(reason)) => {
            let told = TabMessage::SignedOut { reason: Some(reason.code()) }.to_json();
            assert!(tab.posts().iter().any(|m| m.to_json() == told), "every tab is told");
            Err(Some(reason.clone()))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_refresh_sends_exactly_the_refresh_grant_and_keeps_the_user() {
    let tab = refresh_with(status(200, &refreshed_body(&[], None)));
    let sent = tab.fake.take_sent();
    assert_eq!(sent.len(), 1, "keys are cached: {sent:?}");
    assert_eq!(sent[0].url, TOKEN_URL);
    assert_eq!(sent[0].body.as_deref(), Some("grant_type=refresh_token&client_id=client1&refresh_token=rt"));
    let s = tab.session().unwrap();
    assert_eq!(s.claims.sub, SUB);
    assert_eq!(s.tokens.refresh_token.as_ref().unwrap().secret(), "rt", "without rotation the refresh token stays");
    assert_eq!(s.tokens.lifetime.expires_at_ms, LATER_MS + 3_600_000.0);
    // The other tabs get the new ID and access tokens, never the refresh token.
    assert!(tab.posts().iter().any(|m| matches!(m, TabMessage::Session { to: None, .. })));
    // With rotation, the new refresh token replaces the old one.
    let tab = refresh_with(status(200, &refreshed_body(&[], Some("rt2"))));
    assert_eq!(tab.session().unwrap().tokens.refresh_token.as_ref().unwrap().secret(), "rt2");
}

#[test]
fn every_refresh_answer_is_classified() {
    let refused = |code| Err(Some(EndReason::Refused(code)));
    let table: Vec<(&str, Result<HttpAnswer, NetError>, Kind)> = vec![
        ("network error", Err(NetError::Failed { browser_says: "Failed to fetch".into() }), Err(None)),
        ("timeout", Err(NetError::Timeout { secs: 15 }), Err(None)),
        ("offline", Err(NetError::Offline), Err(None)),
        ("500 HTML", status(500, "<html>oops</html>"), Err(None)),
        ("503 server_error", status(503, r#"{"error":"server_error"}"#), Err(None)),
        ("429 JSON", status(429, r#"{"error":"TooManyRequestsException"}"#), Err(None)),
        ("429 empty", status(429, ""), Err(None)),
        ("403 HTML (a WAF)", status(403, "<html>Request blocked</html>"), Err(None)),
        (
            "400 TooManyRequestsException (Cognito's throttling)",
            status(400, r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#),
            Err(None),
        ),
        (
            "400 TooManyRequestsException as a code",
            status(400, r#"{"code":"TooManyRequestsException","message":"Rate exceeded"}"#),
            Err(None),
        ),
        ("403 JSON (a WAF)", status(403, r#"{"message":"Forbidden"}"#), Err(None)),
        ("200 HTML (a captive portal)", status(200, "<html>Sign in to the Wi-Fi</html>"), Err(None)),
        ("400 temporarily_unavailable", status(400, r#"{"error":"temporarily_unavailable"}"#), Err(None)),
        ("400 invalid_grant", status(400, r#"{"error":"invalid_grant"}"#), refused(OAuthErrorCode::InvalidGrant)),
        ("400 invalid_client", status(400, r#"{"error":"invalid_client"}"#), refused(OAuthErrorCode::InvalidClient)),
        (
            "400 unauthorized_client",
            status(400, r#"{"error":"unauthorized_client"}"#),
            refused(OAuthErrorCode::UnauthorizedClient),
        ),
        (
            "200 without an ID token",
            status(200, r#"{"access_token":"a","token_type":"Bearer","expires_in":5}"#),
            Err(Some(EndReason::Unusable(TokenError::MissingIdToken))),
        ),
        (
            "a refreshed token about another user",
            status(200, &refreshed_body(&[("sub", json!("someone-else"))], None)),
            Err(Some(EndReason::IdToken(JwtError::SessionChanged("sub")))),
        ),
        (
            "a refreshed token for another app",
            status(200, &refreshed_body(&[("aud", json!("other"))], None)),
            Err(Some(EndReason::IdToken(JwtError::WrongAudience))),
        ),
        ("success", status(200, &refreshed_body(&[], None)), Ok(())),
    ];
    for (what, answer, expected) in table {
        assert_eq!(kind(&refresh_with(answer)), expected, "{what}");
    }
}

#[test]
fn transient_failures_wait_and_honour_retry_after() {
    let tab = refresh_with(status(500, ""));
    assert_eq!(kind(&tab), Err(None));
    let retry = *tab.armed(Timer::Refresh).last().unwrap();
    assert!((RETRY_BASE_MS / 2.0..=RETRY_BASE_MS).contains(&retry), "{retry}");
    assert_eq!(tab.session().unwrap().tokens.refresh_token.as_ref().unwrap().secret(), "rt");
    let tab = refresh_with(Ok(HttpAnswer { status: 429, body: String::new(), retry_after_secs: Some(120) }));
    assert_eq!(tab.armed(Timer::Refresh).last(), Some(&120_000.0));
    // Retry-After is honoured, capped at ten minutes, whatever the attempt.
    assert_eq!(retry_delay_ms(Some(120), 0, 0.9), 120_000.0);
    assert_eq!(retry_delay_ms(Some(86_400), 5, 0.1), 600_000.0, "capped");
    assert_eq!(retry_delay_ms(Some(0), 0, 0.0), RETRY_BASE_MS / 2.0, "Retry-After never shortens the backoff");
    // Otherwise capped exponential backoff with equal jitter: 1-2 s, 2-4 s,
    // 4-8 s, ... at most 60-120 s.
    assert_eq!(retry_delay_ms(None, 0, 0.0), RETRY_BASE_MS / 2.0);
    assert_eq!(retry_delay_ms(None, 0, 1.0), RETRY_BASE_MS);
    assert_eq!(retry_delay_ms(None, 1, 0.0), RETRY_BASE_MS);
    assert_eq!(retry_delay_ms(None, 2, 0.5), 3.0 * RETRY_BASE_MS);
    assert_eq!(retry_delay_ms(None, 30, 1.0), RETRY_CAP_MS);
    assert_eq!(retry_delay_ms(None, 30, 0.0), RETRY_CAP_MS / 2.0);
    assert_eq!(retry_delay_ms(None, u32::MAX, f64::NAN), 0.75 * RETRY_CAP_MS, "nonsense jitter is the middle");
    assert_eq!(retry_delay_ms(None, 0, 7.0), RETRY_BASE_MS, "jitter is clamped");
}

#[test]
fn renewal_shows_reconnecting_then_unreachable_once_the_tokens_expire() {
    let lifetime = Lifetime::new(0.0, 100, None);
    let failure = AuthError::Token(TokenError::Network(NetError::Offline));
    assert_eq!(renewal(None, &lifetime, 200_000.0), Renewal::Current);
    assert_eq!(renewal(Some(&failure), &lifetime, 99_000.0), Renewal::Reconnecting(failure.clone()));
    assert_eq!(renewal(Some(&failure), &lifetime, 100_000.0), Renewal::Unreachable(failure.clone()));
}

#[test]
fn a_rotated_refresh_token_is_kept_when_the_keys_cannot_be_fetched() {
    // The keys rotated and the new JWKS cannot be fetched.
    let access = sign_access(&access_claims(LATER));
    let id = sign_with(id_key(), &json!({"kid": "new-key", "alg": "RS256"}), &id_claims(&access, LATER, None));
    let mut tab = signed_in_tab(config(""), Some("rt"));
    tab.effects.clear();
    tab.set_clocks(LATER, LATER_MS);
    tab.fake.ok(TOKEN_URL, &token_body(&id, &access, Some("rt2"), 3600));
    tab.fake.answer(JWKS_URL, Err(NetError::Timeout { secs: 15 }));
    tab.feed(Event::Timer(Timer::Refresh));
    assert_eq!(kind(&tab), Err(None));
    assert_eq!(tab.session().unwrap().tokens.refresh_token.as_ref().unwrap().secret(), "rt2");
    let Renewal::Reconnecting(error) = tab.m.renewal() else { panic!("{:?}", tab.m.renewal()) };
    assert!(matches!(error, AuthError::IdToken(JwtError::KeysUnavailable(_))), "{error:?}");
    // The retry sends the rotated one.
    let retry = *tab.armed(Timer::Refresh).last().unwrap();
    tab.set_clocks(LATER + 2, LATER_MS + retry);
    tab.fake.take_sent();
    tab.feed(Event::Timer(Timer::Refresh));
    let sent = tab.fake.take_sent();
    assert_eq!(sent[0].body.as_deref(), Some("grant_type=refresh_token&client_id=client1&refresh_token=rt2"));
}

#[test]
fn auth_time_may_move_forward_never_backward_or_away() {
    // Real pools with rotation on move auth_time forward on refresh
    // (docs/COGNITO.md "Refresh and rotation"): the user stays signed in.
    let tab = refresh_with(status(200, &refreshed_body(&[("auth_time", json!(NOW + 3000))], Some("r2"))));
    assert_eq!(tab.session().unwrap().claims.auth_time, Some(NOW + 3000));
    let changed = Err(Some(EndReason::IdToken(JwtError::SessionChanged("auth_time"))));
    let tab = refresh_with(status(200, &refreshed_body(&[("auth_time", json!(NOW - 3600))], None)));
    assert_eq!(kind(&tab), changed, "an older sign-in");
    let tab = refresh_with(status(200, &refreshed_body(&[("auth_time", Value::Null)], None)));
    assert_eq!(kind(&tab), changed, "auth_time gone");
    let tab = refresh_with(status(200, &refreshed_body(&[("auth_time", json!(NOW - 10))], None)));
    assert_eq!(kind(&tab), Ok(()), "unchanged");
}

#[test]
fn without_a_refresh_token_no_refresh_is_sent_the_holder_is_asked() {
    let mut tab = signed_in_tab(config(""), None);
    tab.effects.clear();
    tab.set_clocks(LATER, LATER_MS);
    tab.feed(Event::Timer(Timer::Refresh));
    tab.feed(Event::Holder { ticket: tab.holder_query(), held: Some(true) });
    assert!(tab.posts().iter().any(|m| matches!(m, TabMessage::Refresh)), "asks the holder");
    // The holder stays silent, and is gone: re-authenticate.
    tab.feed(Event::Timer(Timer::HolderAnswer));
    tab.feed(Event::Holder { ticket: tab.holder_query(), held: Some(false) });
    assert!(tab.fake.take_sent().is_empty(), "no token request without a refresh token");
    assert!(tab.redirect().is_some_and(|(pending, _)| pending.is_some()), "{:?}", tab.state());
    // The same a moment after an automatic re-authentication: the session
    // ends (no loop).
    let mut tab = Tab::new(config(""));
    let pending = tab.begin("/");
    let access = sign_access(&access_claims(NOW));
    tab.fake.ok(TOKEN_URL, &token_body(&good_id(&access, &pending.nonce), &access, None, 3600));
    tab.fake.ok(JWKS_URL, &jwks_body());
    let attempt = Some((LATER - 10).to_string());
    let stored = Stored { pending_login: Some(pending.to_json()), restore_attempt: attempt, ..Stored::default() };
    tab.callback_with(&callback_query(&pending), stored);
    tab.set_clocks(LATER, LATER_MS);
    tab.feed(Event::Timer(Timer::Refresh));
    tab.feed(Event::Holder { ticket: tab.holder_query(), held: Some(false) });
    let ended = AuthError::SessionEnded(EndReason::HolderGone);
    assert!(matches!(tab.state(), AuthState::Failed(e) if *e == ended), "{:?}", tab.state());
}

#[test]
fn classify_answer_is_the_single_source() {
    let p = |status, code: &str| TokenError::Provider { error: OAuthErrorCode::parse(code), status };
    assert_eq!(classify_answer(&p(429, "invalid_grant")), Verdict::Transient, "429 may pass whatever it says");
    assert_eq!(classify_answer(&p(500, "invalid_grant")), Verdict::Transient);
    assert_eq!(classify_answer(&p(400, "invalid_request")), Verdict::Transient);
    assert_eq!(
        classify_answer(&p(400, "invalid_grant")),
        Verdict::Final(EndReason::Refused(OAuthErrorCode::InvalidGrant))
    );
    assert_eq!(
        classify_answer(&TokenError::NotBearer("mac".into())),
        Verdict::Final(EndReason::Unusable(TokenError::NotBearer("mac".into())))
    );
}

#[test]
fn waking_up_refreshes_when_due_or_rearms_the_timer() {
    let lifetime = Lifetime::new(0.0, 100, None); // refresh at 75 s
    assert_eq!(on_wake(&lifetime, 10_000.0), WakeStep::Rearm(65_000.0));
    assert_eq!(on_wake(&lifetime, 74_999.0), WakeStep::Rearm(1.0));
    assert_eq!(on_wake(&lifetime, 75_000.0), WakeStep::RefreshNow);
    assert_eq!(on_wake(&lifetime, 200_000.0), WakeStep::RefreshNow, "slept past expiry");
}
