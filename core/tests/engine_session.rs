//! The engine keeping a user signed in and signing them out: refresh
//! requests and the classification of every answer, the refresh step under
//! the cross-tab lock, reload restore and its loop guard, tab messages,
//! sign-out, and the API call rule.

mod support;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::sync::Arc;

use cognito_login_core::auth::jwt::JwtError;
use cognito_login_core::auth::login::AuthorizeOptions;
use cognito_login_core::auth::secret::RefreshToken;
use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::auth::timing::Lifetime;
use cognito_login_core::auth::token::TokenError;
use cognito_login_core::auth::{AuthError, EndCode, EndReason, NextStep, OAuthErrorCode};
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::api::{api_url, call, ApiCaller, ApiError, ApiResponse};
use cognito_login_core::session::refresh::{
    classify_answer, on_wake, refresh_step, renewal, retry_delay_ms, RefreshOutcome, RefreshStep, Renewal, Verdict,
    WakeStep, RETRY_BASE_MS, RETRY_CAP_MS,
};
use cognito_login_core::session::restore::{after_sibling_wait, should_restore, RestoreStep};
use cognito_login_core::session::tabs::{
    after_holder_silence, follower_step, on_message, FollowerStep, TabAction, TabMessage,
};
use cognito_login_core::session::{Engine, SignOutPlan};
use serde_json::{json, Value};
use support::*;

/// Signs in with a 3600 s token and refresh token `rt`.
fn signed_in(engine: &Engine<Fake>) -> Session {
    let pending = block_on(engine.begin_sign_in("/", &AuthorizeOptions::default())).unwrap().0;
    let access = sign_access(&access_claims(NOW));
    let id = sign_id(&id_claims(&access, NOW, Some(&pending.nonce)));
    engine.platform().ok(TOKEN_URL, &token_body(&id, &access, Some("rt"), 3600));
    engine.platform().ok(JWKS_URL, &jwks_body());
    let query = format!("code=c&state={}", pending.state);
    let signed = block_on(engine.complete_sign_in(&query, Some(pending))).unwrap();
    engine.platform().take_sent();
    signed.session
}

/// A refreshed token response issued an hour later, ID claims changed by
/// `changes`.
fn refreshed_body(changes: &[(&str, Value)], refresh: Option<&str>) -> String {
    let later = NOW + 3540;
    let access = sign_access(&access_claims(later));
    let id = sign_id(&with(id_claims(&access, later, None), changes));
    token_body(&id, &access, refresh, 3600)
}

/// Refreshes `session` an hour later, with `answer` from the token endpoint.
fn refresh_with(answer: Result<HttpAnswer, NetError>) -> (Engine<Fake>, RefreshOutcome) {
    let e = engine();
    let session = signed_in(&e);
    e.platform().now.set(NOW + 3540);
    e.platform().mono.set(1000.0 + 3_540_000.0);
    e.platform().answer(TOKEN_URL, answer);
    let outcome = block_on(e.refresh(&session));
    (e, outcome)
}

fn status(code: u16, body: &str) -> Result<HttpAnswer, NetError> {
    Ok(HttpAnswer::new(code, body))
}

#[test]
fn a_refresh_sends_exactly_the_refresh_grant_and_keeps_the_user() {
    let (e, outcome) = refresh_with(status(200, &refreshed_body(&[], None)));
    let sent = e.platform().take_sent();
    assert_eq!(sent.len(), 1, "keys are cached: {sent:?}");
    assert_eq!(sent[0].url, TOKEN_URL);
    assert_eq!(sent[0].body.as_deref(), Some("grant_type=refresh_token&client_id=client1&refresh_token=rt"));
    let RefreshOutcome::Refreshed(s) = outcome else { panic!("{outcome:?}") };
    assert_eq!(s.claims.sub, SUB);
    assert_eq!(s.tokens.refresh_token.unwrap().secret(), "rt", "without rotation the refresh token stays");
    assert_eq!(s.tokens.lifetime.expires_at_ms, 1000.0 + 3_540_000.0 + 3_600_000.0);
    // With rotation, the new refresh token replaces the old one.
    let (_, outcome) = refresh_with(status(200, &refreshed_body(&[], Some("rt2"))));
    let RefreshOutcome::Refreshed(s) = outcome else { panic!("{outcome:?}") };
    assert_eq!(s.tokens.refresh_token.unwrap().secret(), "rt2");
}

/// The outcome's kind: `Ok(())` for refreshed, `Err(None)` retry,
/// `Err(Some(reason))` ended.
type Kind = Result<(), Option<EndReason>>;

fn kind(outcome: &RefreshOutcome) -> Kind {
    match outcome {
        RefreshOutcome::Refreshed(_) => Ok(()),
        RefreshOutcome::Retry { .. } => Err(None),
        RefreshOutcome::Ended(reason) => Err(Some(reason.clone())),
    }
}

#[test]
fn every_refresh_answer_is_classified() {
    let refused = |code| Err(Some(EndReason::Refused(code)));
    let table: Vec<(&str, Result<HttpAnswer, NetError>, Kind)> = vec![
        ("network error", Err(NetError::Failed("Failed to fetch".into())), Err(None)),
        ("timeout", Err(NetError::Timeout { secs: 15 }), Err(None)),
        ("offline", Err(NetError::Offline), Err(None)),
        ("500 HTML", status(500, "<html>oops</html>"), Err(None)),
        ("503 server_error", status(503, r#"{"error":"server_error"}"#), Err(None)),
        ("429 JSON", status(429, r#"{"error":"TooManyRequestsException"}"#), Err(None)),
        ("429 empty", status(429, ""), Err(None)),
        ("403 HTML (a WAF)", status(403, "<html>Request blocked</html>"), Err(None)),
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
        let (_, outcome) = refresh_with(answer);
        assert_eq!(kind(&outcome), expected, "{what}");
    }
}

#[test]
fn transient_failures_wait_and_honour_retry_after() {
    let (_, outcome) = refresh_with(status(500, ""));
    let RefreshOutcome::Retry { retry_after_secs, rotated, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(retry_after_secs, None);
    assert!(rotated.is_none());
    let (_, outcome) = refresh_with(Ok(HttpAnswer { status: 429, body: String::new(), retry_after_secs: Some(120) }));
    let RefreshOutcome::Retry { retry_after_secs, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(retry_after_secs, Some(120));
    // Retry-After is honoured, capped at ten minutes, whatever the attempt.
    assert_eq!(retry_delay_ms(Some(120), 0, 0.9), 120_000.0);
    assert_eq!(retry_delay_ms(Some(86_400), 5, 0.1), 600_000.0, "capped");
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
    let e = engine();
    let session = signed_in(&e);
    e.platform().now.set(NOW + 3540);
    // The keys rotated and the new JWKS cannot be fetched.
    let later = NOW + 3540;
    let access = sign_access(&access_claims(later));
    let id = sign_with(id_key(), &json!({"kid": "new-key", "alg": "RS256"}), &id_claims(&access, later, None));
    e.platform().ok(TOKEN_URL, &token_body(&id, &access, Some("rt2"), 3600));
    e.platform().answer(JWKS_URL, Err(NetError::Timeout { secs: 15 }));
    let outcome = block_on(e.refresh(&session));
    let RefreshOutcome::Retry { rotated, error, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(rotated.unwrap().secret(), "rt2");
    assert!(matches!(error, AuthError::IdToken(JwtError::KeysUnavailable(_))), "{error:?}");
}

#[test]
fn auth_time_may_move_forward_never_backward_or_away() {
    // Real pools with rotation on move auth_time forward on refresh
    // (docs/COGNITO.md "Refresh and rotation"): the user stays signed in.
    let (_, outcome) = refresh_with(status(200, &refreshed_body(&[("auth_time", json!(NOW + 3000))], Some("r2"))));
    let RefreshOutcome::Refreshed(s) = outcome else { panic!("{outcome:?}") };
    assert_eq!(s.claims.auth_time, Some(NOW + 3000));
    let changed = Err(Some(EndReason::IdToken(JwtError::SessionChanged("auth_time"))));
    let (_, outcome) = refresh_with(status(200, &refreshed_body(&[("auth_time", json!(NOW - 3600))], None)));
    assert_eq!(kind(&outcome), changed, "an older sign-in");
    let (_, outcome) = refresh_with(status(200, &refreshed_body(&[("auth_time", Value::Null)], None)));
    assert_eq!(kind(&outcome), changed, "auth_time gone");
    let (_, outcome) = refresh_with(status(200, &refreshed_body(&[("auth_time", json!(NOW - 10))], None)));
    assert_eq!(kind(&outcome), Ok(()), "unchanged");
}

#[test]
fn no_refresh_token_ends_the_session_without_a_request() {
    let e = engine();
    let mut session = signed_in(&e);
    session.tokens.refresh_token = None;
    let outcome = block_on(e.refresh(&session));
    assert_eq!(kind(&outcome), Err(Some(EndReason::NoRefreshToken)));
    assert!(e.platform().take_sent().is_empty());
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
fn the_refresh_step_under_the_lock() {
    let e = engine();
    let session = signed_in(&e);
    let seen = session.tokens.access_token.secret().clone();
    let due = session.tokens.lifetime.refresh_at_ms();
    assert_eq!(refresh_step(&seen, None, false, None, due), RefreshStep::SignedOut);
    assert_eq!(refresh_step("older-token", Some(&session), true, None, due), RefreshStep::AlreadyRefreshed);
    assert_eq!(refresh_step(&seen, Some(&session), false, None, due - 1.0), RefreshStep::NotDue);
    assert_eq!(refresh_step(&seen, Some(&session), false, None, due), RefreshStep::Refresh);
    assert_eq!(refresh_step(&seen, Some(&session), true, None, due - 1.0), RefreshStep::Refresh, "the API refused it");
    // A retry pending after a failure: nothing, not even a forced refresh,
    // goes out before it is due; then it does.
    let retry = Some(due + 5000.0);
    assert_eq!(refresh_step(&seen, Some(&session), false, retry, due), RefreshStep::BackingOff);
    assert_eq!(refresh_step(&seen, Some(&session), true, retry, due + 4999.0), RefreshStep::BackingOff);
    assert_eq!(refresh_step(&seen, Some(&session), false, retry, due + 5000.0), RefreshStep::Refresh);
    assert_eq!(refresh_step("older-token", Some(&session), false, retry, due), RefreshStep::AlreadyRefreshed);
}

#[test]
fn waking_up_refreshes_when_due_or_rearms_the_timer() {
    let lifetime = Lifetime::new(0.0, 100, None); // refresh at 75 s
    assert_eq!(on_wake(&lifetime, 10_000.0), WakeStep::Rearm(65_000.0));
    assert_eq!(on_wake(&lifetime, 74_999.0), WakeStep::Rearm(1.0));
    assert_eq!(on_wake(&lifetime, 75_000.0), WakeStep::RefreshNow);
    assert_eq!(on_wake(&lifetime, 200_000.0), WakeStep::RefreshNow, "slept past expiry");
}

#[test]
fn restore_and_its_loop_guard() {
    assert!(should_restore(true, true, false));
    assert!(!should_restore(false, true, false), "restoreOnReload off");
    assert!(!should_restore(true, false, false), "was not signed in");
    assert!(!should_restore(true, true, true), "the callback signs in by itself");
    let now = NOW;
    assert_eq!(after_sibling_wait(None, now), RestoreStep::Reauthenticate);
    assert_eq!(after_sibling_wait(Some("garbage"), now), RestoreStep::Reauthenticate);
    assert_eq!(after_sibling_wait(Some(&(now - 30).to_string()), now), RestoreStep::GiveUp);
    assert_eq!(after_sibling_wait(Some(&(now - 59).to_string()), now), RestoreStep::GiveUp);
    assert_eq!(after_sibling_wait(Some(&(now - 60).to_string()), now), RestoreStep::Reauthenticate);
    assert_eq!(after_sibling_wait(Some(&(now + 30).to_string()), now), RestoreStep::GiveUp, "clock set back");
}

fn hand_over(session: &Session, remaining: f64, to: Option<&str>) -> TabMessage {
    let TabMessage::Session { id_token, access_token, lifetime_secs, clock_offset_secs, .. } =
        TabMessage::session(session, 0.0, None)
    else {
        unreachable!()
    };
    TabMessage::Session {
        to: to.map(str::to_string),
        id_token,
        access_token,
        remaining_secs: remaining,
        lifetime_secs,
        clock_offset_secs,
    }
}

#[test]
fn tab_messages_round_trip_without_printing_tokens() {
    let e = engine();
    let session = signed_in(&e);
    let message = TabMessage::session(&session, 1000.0 + 1_000_000.0, Some("h1".into()));
    let text = message.to_json();
    // The refresh token never goes on the channel.
    assert!(!text.contains("\"rt\"") && !text.to_lowercase().contains("refresh"), "{text}");
    let back = TabMessage::parse(&text).unwrap();
    let TabMessage::Session { to, remaining_secs, lifetime_secs, access_token, .. } = &back else { panic!() };
    assert_eq!(to.as_deref(), Some("h1"));
    assert_eq!(*remaining_secs, 2600.0);
    assert_eq!(*lifetime_secs, 3600);
    assert_eq!(access_token.secret(), session.tokens.access_token.secret());
    let debug = format!("{back:?}");
    assert!(!debug.contains(session.tokens.access_token.secret()), "{debug}");
    assert!(TabMessage::parse("barrier:123").is_none());
    assert!(TabMessage::parse(r#"{"type":"unknown"}"#).is_none());
    assert!(TabMessage::parse(r#"{"type":"hello"}"#).is_none(), "a hello names its id");
    let signed_out = TabMessage::SignedOut { reason: Some(EndCode::Refused) }.to_json();
    assert_eq!(signed_out, r#"{"type":"signedOut","reason":"refused"}"#);
    // A forged signedOut with text: the text has nowhere to go.
    assert!(TabMessage::parse(r#"{"type":"signedOut","reason":"Call +1 555 0100"}"#).is_none());
    assert_eq!(TabMessage::Refresh.to_json(), r#"{"type":"refresh"}"#);
}

#[test]
fn which_tab_messages_are_acted_on() {
    let e = engine();
    let session = signed_in(&e);
    let holder = AuthState::SignedIn(Arc::new(session.clone()));
    let mut without_rt = session.clone();
    without_rt.tokens.refresh_token = None;
    let follower = AuthState::SignedIn(Arc::new(without_rt));
    let now = 1000.0;
    let hello = |id: &str| TabMessage::Hello { id: id.into() };
    // Hello: only a signed-in tab answers, to the id asked.
    assert!(matches!(on_message(hello("h1"), &holder, None, None, now), TabAction::Answer(id) if id == "h1"));
    assert!(matches!(on_message(hello("h1"), &follower, None, None, now), TabAction::Answer(_)));
    assert!(matches!(on_message(hello(""), &holder, None, None, now), TabAction::Ignore));
    assert!(matches!(on_message(hello("h1"), &AuthState::SignedOut, None, None, now), TabAction::Ignore));
    // Refresh requests: only the holder of a refresh token acts.
    assert!(matches!(on_message(TabMessage::Refresh, &holder, None, None, now), TabAction::RefreshForSiblings));
    assert!(matches!(on_message(TabMessage::Refresh, &follower, None, None, now), TabAction::Ignore));
    assert!(matches!(on_message(TabMessage::Refresh, &AuthState::SignedOut, None, None, now), TabAction::Ignore));
    // Signed out elsewhere: a signed-in or restoring tab follows, with our
    // words for the code; the holder revokes when the user signed out.
    let out = || TabMessage::SignedOut { reason: Some(EndCode::Refused) };
    assert!(matches!(
        on_message(out(), &holder, None, None, now),
        TabAction::SignOut { reason: Some(EndReason::Elsewhere(EndCode::Refused)), revoke: false }
    ));
    assert!(matches!(
        on_message(TabMessage::SignedOut { reason: None }, &holder, None, None, now),
        TabAction::SignOut { reason: None, revoke: true }
    ));
    assert!(matches!(
        on_message(TabMessage::SignedOut { reason: None }, &follower, None, None, now),
        TabAction::SignOut { reason: None, revoke: false }
    ));
    assert!(matches!(
        on_message(TabMessage::SignedOut { reason: None }, &AuthState::Restoring, None, None, now),
        TabAction::SignOut { reason: None, revoke: false }
    ));
    assert!(matches!(on_message(out(), &AuthState::Completing, None, None, now), TabAction::Ignore));
    assert!(matches!(on_message(out(), &AuthState::SignedOut, None, None, now), TabAction::Ignore));
    // A session, signed out or restoring: only in answer to our own hello,
    // validated first, and never with a refresh token.
    let ours = Some("h1");
    let TabAction::Validate(c) =
        on_message(hand_over(&session, 100.0, ours), &AuthState::SignedOut, ours, Some(10), now)
    else {
        panic!()
    };
    assert_eq!(c.lifetime, Lifetime::remaining(now, 100.0, 3600, Some(10)));
    assert_eq!(c.clock_offset_secs, Some(session.clock_offset_secs));
    assert!(c.refresh_token.is_none());
    assert!(matches!(
        on_message(hand_over(&session, 100.0, ours), &AuthState::Restoring, ours, None, now),
        TabAction::Validate(_)
    ));
    for (to, asked) in [(None, ours), (Some("h2"), ours), (Some("h1"), None), (None, None)] {
        for state in [AuthState::SignedOut, AuthState::Restoring] {
            assert!(
                matches!(on_message(hand_over(&session, 100.0, to), &state, asked, None, now), TabAction::Ignore),
                "{to:?} {asked:?} {state:?}"
            );
        }
    }
    for state in [AuthState::Completing, AuthState::Redirecting, AuthState::SigningOut] {
        assert!(
            matches!(on_message(hand_over(&session, 100.0, ours), &state, ours, None, now), TabAction::Ignore),
            "{state:?}"
        );
    }
    for remaining in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            on_message(hand_over(&session, remaining, ours), &AuthState::SignedOut, ours, None, now),
            TabAction::Ignore
        ));
    }
    // Signed in: the same tokens, or ones with less time left, are not newer.
    assert!(matches!(on_message(hand_over(&session, 7200.0, None), &holder, None, None, now), TabAction::Ignore));
    let mut newer = session.clone();
    newer.tokens.access_token = cognito_login_core::auth::secret::AccessToken::new("newer".into());
    let left = session.tokens.lifetime.remaining_secs(now);
    assert!(matches!(on_message(hand_over(&newer, left - 1.0, None), &holder, None, None, now), TabAction::Ignore));
    // Newer, to everyone: taken; the holder keeps its own refresh token.
    let TabAction::Validate(c) = on_message(hand_over(&newer, left + 1.0, None), &holder, None, None, now) else {
        panic!()
    };
    assert_eq!(c.refresh_token.as_ref().map(|t| t.secret().as_str()), Some("rt"));
    let TabAction::Validate(c) = on_message(hand_over(&newer, left + 1.0, None), &follower, None, None, now) else {
        panic!()
    };
    assert!(c.refresh_token.is_none());
    // Newer but answering another tab's hello: not ours.
    assert!(matches!(
        on_message(hand_over(&newer, left + 1.0, Some("h2")), &holder, ours, None, now),
        TabAction::Ignore
    ));
}

#[test]
fn a_tab_without_a_refresh_token_asks_the_holder_or_re_authenticates() {
    assert_eq!(follower_step(Some(true)), FollowerStep::AskHolder);
    assert_eq!(follower_step(None), FollowerStep::AskHolder, "no Web Locks: ask and see");
    assert_eq!(follower_step(Some(false)), FollowerStep::Reauthenticate);
    assert_eq!(after_holder_silence(Some(true)), None, "a live holder is busy: ask again later");
    assert_eq!(after_holder_silence(None), Some(FollowerStep::Reauthenticate));
    assert_eq!(after_holder_silence(Some(false)), Some(FollowerStep::Reauthenticate));
}

/// A sibling's session for another user, or a month-old one, is refused by
/// the same validation as a sign-in's.
#[test]
fn a_signed_in_tab_takes_only_the_same_users_tokens() {
    let e = engine();
    let session = signed_in(&e);
    let access = sign_access(&with(access_claims(NOW + 60), &[("sub", json!("someone-else"))]));
    let id = sign_id(&with(id_claims(&access, NOW + 60, None), &[("sub", json!("someone-else"))]));
    let candidate = cognito_login_core::session::Candidate {
        id_token: cognito_login_core::auth::secret::IdToken::new(id),
        access_token: cognito_login_core::auth::secret::AccessToken::new(access),
        refresh_token: session.tokens.refresh_token.clone(),
        lifetime: Lifetime::new(1000.0, 3600, None),
        clock_offset_secs: Some(0),
    };
    let err = block_on(e.validate(candidate.clone(), None, Some(&session))).unwrap_err();
    assert_eq!(err, AuthError::IdToken(JwtError::SessionChanged("sub")));
    // The same tokens with no session here (a signed-out tab asked) pass.
    assert!(block_on(e.validate(candidate, None, None)).is_ok());
}

#[test]
fn sign_out_revokes_then_leaves_for_cognito_logout() {
    let e = engine();
    let plan = block_on(e.sign_out_plan(Some(&RefreshToken::new("r+t".into()))));
    let revoke = plan.revoke.unwrap();
    assert_eq!(revoke.url, REVOKE_URL);
    assert_eq!(revoke.body, "token=r%2Bt&client_id=client1");
    assert_eq!(
        plan.logout_url.as_deref(),
        Some(&*format!("{DOMAIN}/logout?client_id=client1&logout_uri=http%3A%2F%2Flocalhost%3A8585%2F"))
    );
    assert!(block_on(e.sign_out_plan(None)).revoke.is_none());
    // Discovery failed: nothing to call, signed out here.
    let mut c = config("");
    c.domain = None;
    let e = Engine::new(c, Fake::default());
    e.platform().answer(DISCOVERY_URL, Err(NetError::Offline));
    assert_eq!(block_on(e.sign_out_plan(None)), SignOutPlan { revoke: None, logout_url: None });
}

#[test]
fn api_urls_stay_on_the_api() {
    assert_eq!(api_url("https://api.example.com", "/me").unwrap(), "https://api.example.com/me");
    assert_eq!(api_url("https://api.example.com/v1", " me?x=1 ").unwrap(), "https://api.example.com/v1/me?x=1");
    for bad in ["//evil.example/x", "/a\\b", "/https://evil", "/a\nb"] {
        assert!(matches!(api_url("https://api.example.com", bad), Err(ApiError::BadPath(_))), "{bad:?}");
    }
}

/// A scripted API caller: statuses to answer, refresh results, a lifetime.
struct FakeCaller {
    lifetime: Cell<Option<Lifetime>>,
    now: f64,
    statuses: RefCell<VecDeque<u16>>,
    refreshes: RefCell<VecDeque<Result<(), AuthError>>>,
    sent: Cell<u32>,
    forced: RefCell<Vec<bool>>,
}

impl FakeCaller {
    fn new(lifetime: Option<Lifetime>, now: f64, statuses: &[u16], refreshes: Vec<Result<(), AuthError>>) -> Self {
        FakeCaller {
            lifetime: Cell::new(lifetime),
            now,
            statuses: RefCell::new(statuses.iter().copied().collect()),
            refreshes: RefCell::new(refreshes.into()),
            sent: Cell::new(0),
            forced: RefCell::default(),
        }
    }
}

impl ApiCaller for FakeCaller {
    fn lifetime(&self) -> Option<Lifetime> {
        self.lifetime.get()
    }

    fn mono_ms(&self) -> f64 {
        self.now
    }

    async fn refresh(&self, force: bool) -> Result<(), AuthError> {
        self.forced.borrow_mut().push(force);
        self.refreshes.borrow_mut().pop_front().expect("an unexpected refresh")
    }

    async fn send(&self, url: &str) -> Result<ApiResponse, ApiError> {
        assert_eq!(url, "https://api.example.com/me");
        self.sent.set(self.sent.get() + 1);
        let status = self.statuses.borrow_mut().pop_front().expect("an unexpected request");
        Ok(ApiResponse { status, elapsed_ms: 1.0, headers: vec![], body: String::new() })
    }
}

#[test]
fn api_calls_refresh_first_when_due_and_once_on_401() {
    let base = Some("https://api.example.com");
    let fresh = Some(Lifetime::new(0.0, 3600, None));
    let run = |c: &FakeCaller| block_on(call(c, base, "/me")).map(|r| r.status);
    let failed = || Err(AuthError::Token(TokenError::Network(NetError::Offline)));
    // Fresh token: one request.
    let c = FakeCaller::new(fresh, 1000.0, &[200], vec![]);
    assert_eq!(run(&c), Ok(200));
    assert_eq!((c.sent.get(), c.forced.borrow().len()), (1, 0));
    // 401: one forced refresh, one retry.
    let c = FakeCaller::new(fresh, 1000.0, &[401, 200], vec![Ok(())]);
    assert_eq!(run(&c), Ok(200));
    assert_eq!((c.sent.get(), c.forced.borrow().clone()), (2, vec![true]));
    // 401 twice: expired, no loop.
    let c = FakeCaller::new(fresh, 1000.0, &[401, 401], vec![Ok(())]);
    assert_eq!(run(&c), Err(ApiError::SessionExpired));
    assert_eq!(c.sent.get(), 2);
    // 401 and the refresh fails for a reason that may pass: still signed
    // in, not renewed yet; no retry.
    let c = FakeCaller::new(fresh, 1000.0, &[401], vec![failed()]);
    let err = run(&c).unwrap_err();
    assert_eq!(err, ApiError::NotRenewedYet(AuthError::Token(TokenError::Network(NetError::Offline))));
    assert_eq!(err.next_step(), NextStep::Retry);
    assert_eq!(c.sent.get(), 1);
    // 401 and the session ended: expired.
    let ended = || Err(AuthError::SessionEnded(EndReason::Refused(OAuthErrorCode::InvalidGrant)));
    let c = FakeCaller::new(fresh, 1000.0, &[401], vec![ended()]);
    assert_eq!(run(&c), Err(ApiError::SessionExpired));
    // Inside the margin: refresh first (not forced).
    let due = Lifetime::new(0.0, 3600, None).refresh_at_ms();
    let c = FakeCaller::new(fresh, due, &[200], vec![Ok(())]);
    assert_eq!(run(&c), Ok(200));
    assert_eq!(c.forced.borrow().clone(), vec![false]);
    // ...which failed but may pass: the old token is still good.
    let c = FakeCaller::new(fresh, due, &[200], vec![failed()]);
    assert_eq!(run(&c), Ok(200));
    // ...and once it has expired, nothing is sent: not renewed yet.
    let c = FakeCaller::new(fresh, 3_600_000.0, &[], vec![failed()]);
    assert!(matches!(run(&c), Err(ApiError::NotRenewedYet(_))));
    assert_eq!(c.sent.get(), 0);
    let c = FakeCaller::new(fresh, 3_600_000.0, &[], vec![Err(AuthError::Renewing)]);
    assert_eq!(run(&c), Err(ApiError::NotRenewedYet(AuthError::Renewing)));
    // Not signed in, not configured, not a path on the API.
    let c = FakeCaller::new(None, 0.0, &[], vec![]);
    assert_eq!(run(&c), Err(ApiError::NotSignedIn));
    assert_eq!(block_on(call(&c, None, "/me")), Err(ApiError::NotConfigured));
    assert!(matches!(block_on(call(&c, base, "//evil")), Err(ApiError::BadPath(_))));
}
