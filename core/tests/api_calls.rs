//! API calls through the session machine: `Authorization: Bearer` to
//! `apiBaseUrl` only, a refresh first when the token is due, and on `401`
//! one refresh and one retry (never a loop); a refresh that failed but may
//! pass leaves the old token in use until it expires.

mod support;

use cognito_login_core::auth::token::TokenError;
use cognito_login_core::auth::{AuthError, NextStep};
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::api::{ApiError, ApiRequest, ApiResponse, Method};
use cognito_login_core::session::machine::Effect;
use cognito_login_core::session::machine::{CallId, Event, Timer, User};
use support::machine::*;
use support::*;

const API: &str = r#","apiBaseUrl":"https://api.example.com""#;

fn answer(status: u16) -> Result<ApiResponse, NetError> {
    Ok(ApiResponse { status, elapsed_ms: 1.0, headers: vec![], body: String::new() })
}

/// A signed-in tab (refresh token `rt`) whose API answers `statuses` and
/// whose token endpoint answers a refresh with `refresh` (new tokens issued
/// a second later when `None`), `mono_ms` after the sign-in.
fn tab(statuses: &[u16], refresh: Option<Result<HttpAnswer, NetError>>, mono_ms: f64) -> Tab {
    let mut tab = signed_in_tab(config(API), Some("rt"));
    tab.effects.clear();
    tab.api = statuses.iter().map(|s| answer(*s)).collect();
    let now = NOW + (mono_ms / 1000.0) as i64;
    let access = sign_access(&access_claims(now + 1));
    let renewed = token_body(&sign_id(&id_claims(&access, now + 1, None)), &access, None, 3600);
    tab.fake.answer(TOKEN_URL, refresh.unwrap_or(Ok(HttpAnswer::new(200, renewed))));
    tab.set_clocks(now, 1000.0 + mono_ms);
    tab
}

/// Calls `GET path`: its status, or why there was none.
fn call(tab: &mut Tab, path: &str) -> Result<u16, ApiError> {
    send(tab, ApiRequest::get(path)).map(|r| r.status)
}

/// Makes `request`: its answer.
fn send(tab: &mut Tab, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    tab.user(User::Api { call: CallId(1), request });
    tab.api_done(CallId(1)).expect("answered")
}

fn refreshes(tab: &Tab) -> usize {
    tab.fake.count(TOKEN_URL)
}

#[test]
fn api_calls_refresh_first_when_due_and_once_on_401() {
    let offline = || Some(Err(NetError::Offline));
    let not_renewed = ApiError::NotRenewedYet(AuthError::Token(TokenError::Network(NetError::Offline)));
    // Fresh token: one request, with the session's access token.
    let mut t = tab(&[200], None, 0.0);
    let old = t.session().unwrap().tokens.access_token.secret().clone();
    assert_eq!(call(&mut t, "/me"), Ok(200));
    assert_eq!((t.api_sent(), refreshes(&t)), (vec![old.clone()], 0));
    // 401: one refresh, one retry with the new token.
    let mut t = tab(&[401, 200], None, 0.0);
    assert_eq!(call(&mut t, "/me"), Ok(200));
    let new = t.session().unwrap().tokens.access_token.secret().clone();
    assert_eq!((t.api_sent(), refreshes(&t)), (vec![old.clone(), new.clone()], 1));
    // 401 twice: expired, no loop.
    let mut t = tab(&[401, 401], None, 0.0);
    assert_eq!(call(&mut t, "/me"), Err(ApiError::SessionExpired));
    assert_eq!((t.api_sent().len(), refreshes(&t)), (2, 1));
    // 401 and the refresh fails for a reason that may pass: still signed
    // in, not renewed yet; no retry.
    let mut t = tab(&[401], offline(), 0.0);
    let err = call(&mut t, "/me").unwrap_err();
    assert_eq!(err, not_renewed);
    assert_eq!(err.next_step(), NextStep::Retry);
    assert_eq!(t.api_sent().len(), 1);
    assert!(t.session().is_some());
    // 401 and the session ended: expired.
    let refused = Some(Ok(HttpAnswer::new(400, r#"{"error":"invalid_grant"}"#)));
    let mut t = tab(&[401], refused, 0.0);
    assert_eq!(call(&mut t, "/me"), Err(ApiError::SessionExpired));
    // Inside the margin: refresh first, then the call with the new token.
    let due = 3_540_000.0;
    let mut t = tab(&[200], None, due);
    assert_eq!(call(&mut t, "/me"), Ok(200));
    assert_eq!(refreshes(&t), 1);
    assert_eq!(t.api_sent(), vec![t.session().unwrap().tokens.access_token.secret().clone()]);
    assert_ne!(t.api_sent()[0], old);
    // ...which failed but may pass: the old token is still good.
    let mut t = tab(&[200], offline(), due);
    assert_eq!(call(&mut t, "/me"), Ok(200));
    assert_eq!(t.api_sent(), vec![old]);
    // ...and once it has expired, nothing is sent: not renewed yet.
    let mut t = tab(&[], offline(), 3_600_000.0);
    assert_eq!(call(&mut t, "/me"), Err(not_renewed));
    assert!(t.api_sent().is_empty());
}

#[test]
fn a_tab_without_a_refresh_token_hears_that_the_holder_is_renewing() {
    let mut t = signed_in_tab(config(API), None);
    t.set_clocks(NOW + 3600, 1000.0 + 3_600_000.0);
    let request = ApiRequest::get("/me");
    t.user(User::Api { call: CallId(1), request });
    t.feed(Event::Holder { ticket: t.holder_query(), held: Some(true) });
    t.feed(Event::Timer(Timer::HolderAnswer));
    // The holder is alive but has not delivered (its refresh is failing).
    t.feed(Event::Holder { ticket: t.holder_query(), held: Some(true) });
    assert_eq!(t.api_done(CallId(1)), Some(Err(ApiError::NotRenewedYet(AuthError::Renewing))));
    assert!(t.api_sent().is_empty());
}

#[test]
fn not_signed_in_not_configured_or_not_on_the_api() {
    let mut t = Tab::new(config(API));
    t.open();
    assert_eq!(call(&mut t, "/me"), Err(ApiError::NotSignedIn));
    let mut t = signed_in_tab(config(""), Some("rt"));
    assert_eq!(call(&mut t, "/me"), Err(ApiError::NotConfigured));
    let mut t = signed_in_tab(config(API), Some("rt"));
    assert!(matches!(call(&mut t, "//evil"), Err(ApiError::BadPath(_))));
    assert!(t.api_sent().is_empty());
}

/// The headers and body of the last API request sent, and its method.
fn last_sent(tab: &Tab) -> (Method, Option<String>, Vec<(String, String)>) {
    tab.effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::CallApi { method, body, headers, .. } => Some((*method, body.clone(), headers.clone())),
            _ => None,
        })
        .expect("a request sent")
}

#[test]
fn requests_carry_their_method_json_body_and_headers() {
    #[derive(serde::Serialize)]
    struct Note<'a> {
        text: &'a str,
    }
    let mut t = tab(&[201], None, 0.0);
    let request = ApiRequest::post_json("/notes", &Note { text: "hi" }).header("X-Request-Id", "42");
    assert_eq!(send(&mut t, request).map(|r| r.status), Ok(201));
    let expected = (Method::Post, Some(r#"{"text":"hi"}"#.to_string()), vec![("X-Request-Id".into(), "42".into())]);
    assert_eq!(last_sent(&t), expected);
    let mut t = tab(&[204], None, 0.0);
    assert_eq!(send(&mut t, ApiRequest::delete("/notes/1")).map(|r| r.status), Ok(204));
    assert_eq!(last_sent(&t), (Method::Delete, None, vec![]));
}

#[test]
fn the_session_header_and_forbidden_headers_are_refused_before_sending() {
    for name in
        ["Authorization", "authorization", "Cookie", "Host", "Origin", "Sec-Fetch-Mode", "Proxy-Foo", "Bad Name", ""]
    {
        let mut t = tab(&[200], None, 0.0);
        let answer = send(&mut t, ApiRequest::get("/me").header(name, "x"));
        assert_eq!(answer, Err(ApiError::BadHeader(name.to_string())), "{name}");
        assert_eq!(answer.unwrap_err().next_step(), NextStep::CorrectInput);
        assert!(t.api_sent().is_empty(), "{name}");
    }
    // A value may not smuggle a second header.
    let mut t = tab(&[200], None, 0.0);
    let answer = send(&mut t, ApiRequest::get("/me").header("X-A", "1\r\nAuthorization: x"));
    assert_eq!(answer, Err(ApiError::BadHeader("X-A".into())));
    // A body that is not JSON-serialisable (a map with non-string keys).
    let mut t = tab(&[200], None, 0.0);
    let map = std::collections::HashMap::from([((1, 2), 3)]);
    assert!(matches!(send(&mut t, ApiRequest::post_json("/x", &map)), Err(ApiError::BadBody(_))));
    assert!(t.api_sent().is_empty());
}

/// Asks for the access token: the answer.
fn token(tab: &mut Tab) -> Result<String, ApiError> {
    tab.user(User::Token { call: CallId(7) });
    let answer = tab.effects.iter().find_map(|e| match e {
        Effect::TokenDone { call: CallId(7), result } => Some(result.clone()),
        _ => None,
    });
    answer.expect("answered").map(|t| t.secret().clone())
}

#[test]
fn the_access_token_is_handed_out_fresh_refreshed_first_when_due() {
    // Fresh: the session's access token, nothing sent.
    let mut t = tab(&[], None, 0.0);
    let old = t.session().unwrap().tokens.access_token.secret().clone();
    assert_eq!(token(&mut t), Ok(old.clone()));
    assert_eq!(refreshes(&t), 0);
    // Its Debug is redacted (it may end up in a log).
    let debug = format!("{:?}", t.session().unwrap().tokens.access_token);
    assert!(!debug.contains(&old), "{debug}");
    // Inside the refresh margin: refreshed first, then the new token.
    let mut t = tab(&[], None, 3_540_000.0);
    let answer = token(&mut t).unwrap();
    assert_eq!(refreshes(&t), 1);
    assert_eq!(answer, *t.session().unwrap().tokens.access_token.secret());
    assert_ne!(answer, old);
    // The refresh failed but may pass: the old token is still good.
    let mut t = tab(&[], Some(Err(NetError::Offline)), 3_540_000.0);
    assert_eq!(token(&mut t), Ok(old));
    // Expired and not renewed: none.
    let mut t = tab(&[], Some(Err(NetError::Offline)), 3_600_000.0);
    assert!(matches!(token(&mut t), Err(ApiError::NotRenewedYet(_))));
    // Signed out: none.
    let mut t = Tab::new(config(API));
    t.open();
    assert_eq!(token(&mut t), Err(ApiError::NotSignedIn));
}
