//! The session machine signing a user out (revocation, then Cognito's
//! `/logout`), taking a sibling's tokens only for the same user, and the
//! pure rules of the tabs, reload restore and API URLs.

mod support;

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::auth::EndCode;
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::api::{api_url, ApiError};
use cognito_login_core::session::machine::{Event, User};
use cognito_login_core::session::restore::{after_sibling_wait, should_restore, RestoreStep};
use cognito_login_core::session::tabs::{after_holder_silence, follower_step, FollowerStep, TabMessage};
use serde_json::json;
use support::machine::*;
use support::*;

#[test]
fn sign_out_revokes_then_leaves_for_cognito_logout() {
    let logout = format!("{DOMAIN}/logout?client_id=client1&logout_uri=http%3A%2F%2Flocalhost%3A8585%2F");
    let mut tab = signed_in_tab(config(""), Some("r+t"));
    tab.effects.clear();
    tab.user(User::SignOut);
    assert!(tab.posts().iter().any(|m| matches!(m, TabMessage::SignedOut { reason: None })), "every tab is told");
    assert!(tab.session().is_none());
    let sent = tab.fake.take_sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!((sent[0].method, sent[0].url.as_str()), ("POST", REVOKE_URL));
    assert_eq!(sent[0].body.as_deref(), Some("token=r%2Bt&client_id=client1"));
    assert!(tab.redirect().is_none(), "leaves once the revocation has answered");
    // Whatever it answered.
    tab.reply(REVOKE_URL, Err(NetError::Offline));
    assert!(matches!(tab.redirect(), Some((None, url)) if url == logout), "{:?}", tab.redirect());
    // Without a refresh token there is nothing to revoke.
    let mut tab = signed_in_tab(config(""), None);
    tab.user(User::SignOut);
    assert!(tab.fake.take_sent().is_empty());
    assert!(matches!(tab.redirect(), Some((None, url)) if url == logout), "{:?}", tab.redirect());
    // Discovery failed: nothing to call, signed out here.
    let mut c = config("");
    c.domain = None;
    let mut tab = Tab::new(c);
    tab.fake.answer(DISCOVERY_URL, Err(NetError::Offline));
    tab.open();
    tab.user(User::SignOut);
    let sent: Vec<String> = tab.fake.take_sent().into_iter().map(|s| s.url).collect();
    assert_eq!(sent, [DISCOVERY_URL]);
    assert!(matches!(tab.state(), AuthState::SignedOut), "{:?}", tab.state());
    assert!(tab.redirect().is_none());
}

/// A sibling's session for another user is refused by the same validation
/// as a refresh's; a signed-out tab that asked takes the same tokens.
#[test]
fn a_signed_in_tab_takes_only_the_same_users_tokens() {
    let access = sign_access(&with(access_claims(NOW + 60), &[("sub", json!("someone-else"))]));
    let id = sign_id(&with(id_claims(&access, NOW + 60, None), &[("sub", json!("someone-else"))]));
    // A tab without a refresh token (a holder takes no sibling's tokens).
    let mut tab = signed_in_tab(config(""), None);
    let ours = tab.session().unwrap().tokens.access_token.secret().clone();
    tab.feed(Event::Message(session_message(None, &id, &access, 3600.0, 0)));
    assert_eq!(tab.session().unwrap().tokens.access_token.secret(), &ours);
    // The same user's newer tokens are taken.
    let same = sign_access(&access_claims(NOW + 60));
    let same_id = sign_id(&id_claims(&same, NOW + 60, None));
    tab.feed(Event::Message(session_message(None, &same_id, &same, 3600.0, 0)));
    assert_eq!(tab.session().unwrap().tokens.access_token.secret(), &same);
    // The other user's tokens with no session here (a signed-out tab asked)
    // pass.
    let mut tab = Tab::new(config(""));
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.open();
    let hello = tab.hello_id();
    tab.feed(Event::Message(session_message(Some(&hello), &id, &access, 3600.0, 0)));
    assert_eq!(tab.session().expect("taken").tokens.access_token.secret(), &access);
}

#[test]
fn tab_messages_round_trip_without_printing_tokens() {
    let session = signed_in_tab(config(""), Some("rt")).session().unwrap();
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

#[test]
fn a_tab_without_a_refresh_token_asks_the_holder_or_re_authenticates() {
    assert_eq!(follower_step(Some(true)), FollowerStep::AskHolder);
    assert_eq!(follower_step(None), FollowerStep::AskHolder, "no Web Locks: ask and see");
    assert_eq!(follower_step(Some(false)), FollowerStep::Reauthenticate);
    assert_eq!(after_holder_silence(Some(true)), None, "a live holder is busy: ask again later");
    assert_eq!(after_holder_silence(None), Some(FollowerStep::Reauthenticate));
    assert_eq!(after_holder_silence(Some(false)), Some(FollowerStep::Reauthenticate));
}

#[test]
fn api_urls_stay_on_the_api() {
    assert_eq!(api_url("https://api.example.com", "/me").unwrap(), "https://api.example.com/me");
    assert_eq!(api_url("https://api.example.com/v1", " me?x=1 ").unwrap(), "https://api.example.com/v1/me?x=1");
    for bad in ["//evil.example/x", "/a\\b", "/https://evil", "/a\nb"] {
        assert!(matches!(api_url("https://api.example.com", bad), Err(ApiError::BadPath(_))), "{bad:?}");
    }
}

#[test]
fn a_revocation_answer_is_only_logged() {
    // A refused revocation (the token was already invalid) changes nothing:
    // the user leaves through /logout all the same.
    let mut tab = signed_in_tab(config(""), Some("rt"));
    tab.fake.answer(REVOKE_URL, Ok(HttpAnswer::new(400, r#"{"error":"invalid_token"}"#)));
    tab.user(User::SignOut);
    assert!(tab.redirect().is_some_and(|(pending, url)| pending.is_none() && url.starts_with(DOMAIN)));
}
