//! Signing in through the session machine: the authorize redirect, the
//! callback's checks, the exact code exchange, key selection with one
//! refetch on an unknown `kid`, discovery, and what each failure says
//! (tokens signed by test keys and verified for real; the claim checks are
//! in `token_validation.rs`).

mod support;

use cognito_login_core::auth::callback::CallbackError;
use cognito_login_core::auth::endpoints::DiscoveryError;
use cognito_login_core::auth::jwt::{JwtError, KeysError};
use cognito_login_core::auth::login::{authorize_url, AuthorizeOptions, PendingLogin, PENDING_LOGIN_MAX_AGE_SECS};
use cognito_login_core::auth::state::AuthState;
use cognito_login_core::auth::timing::ClockError;
use cognito_login_core::auth::token::TokenError;
use cognito_login_core::auth::{AuthError, NextStep, OAuthEndpoint, OAuthErrorCode};
use cognito_login_core::config::Provider;
use cognito_login_core::io::{BrowserError, HttpAnswer, NetError};
use cognito_login_core::session::machine::{Effect, Key, Request, Stored, User};
use cognito_login_core::words::{Message, Words};
use serde_json::json;
use support::machine::*;
use support::*;

fn sign_in(return_path: &str) -> User {
    User::SignIn { return_path: return_path.into(), options: AuthorizeOptions::default() }
}

#[test]
fn a_sign_in_leaves_for_the_authorize_url_and_needs_the_network() {
    let mut tab = Tab::new(config(""));
    let pending = tab.begin("/reports?x=1");
    assert_eq!(pending.return_path, "/reports?x=1");
    assert_eq!(pending.created_at, NOW);
    let expected =
        authorize_url(tab.m.config(), &format!("{DOMAIN}/oauth2/authorize"), &pending, &AuthorizeOptions::default());
    assert_eq!(tab.redirect().unwrap().1, expected);
    assert!(matches!(tab.state(), AuthState::Redirecting));
    assert!(tab.fake.take_sent().is_empty(), "a configured domain needs no discovery");
    // The page's `login_hint` goes along.
    tab.reload();
    tab.load("/", "?login_hint=a%40example.com", Stored::default());
    tab.user(sign_in("/"));
    let (pending, url) = tab.redirect().unwrap();
    let options = AuthorizeOptions { login_hint: Some("a@example.com".into()), ..AuthorizeOptions::default() };
    assert_eq!(url, authorize_url(tab.m.config(), &format!("{DOMAIN}/oauth2/authorize"), pending.unwrap(), &options));
    // Offline it stops: leaving would end on the browser's own error page.
    tab.fake.online.set(false);
    tab.reload();
    tab.open();
    tab.user(sign_in("/"));
    assert!(matches!(tab.state(), AuthState::Failed(AuthError::Offline)), "{:?}", tab.state());
    assert!(tab.redirect().is_none());
    // Without a CSPRNG there is no pending login to make.
    tab.fake.online.set(true);
    tab.random = None;
    tab.reload();
    tab.open();
    tab.user(sign_in("/"));
    let crypto = AuthError::Browser(BrowserError::CryptoUnavailable);
    assert!(matches!(tab.state(), AuthState::Failed(e) if *e == crypto), "{:?}", tab.state());
    assert!(tab.redirect().is_none());
}

#[test]
fn the_option_the_user_chose_goes_to_cognito_and_a_long_detour_still_completes() {
    let mut tab = Tab::new(config(""));
    tab.open();
    let google = Provider::Named("Google".into());
    tab.user(User::SignIn { return_path: "/".into(), options: AuthorizeOptions::with(Some(google)) });
    let (_, url) = tab.redirect().unwrap();
    assert!(
        url.starts_with(&format!("{DOMAIN}/oauth2/authorize?")) && url.ends_with("&identity_provider=Google"),
        "{url}"
    );
    // "Create account": Cognito's sign-up page; it comes back to the same
    // callback, and signing up (an emailed code, MFA set-up) may take most
    // of an hour.
    tab.reload();
    tab.open();
    tab.user(User::SignIn { return_path: "/notes".into(), options: AuthorizeOptions::sign_up() });
    let (pending, url) = tab.redirect().map(|(p, u)| (p.unwrap().to_json(), u.to_string())).unwrap();
    let pending = PendingLogin::from_json(&pending).unwrap();
    assert!(url.starts_with(&format!("{DOMAIN}/signup?response_type=code&")), "{url}");
    assert!(url.contains("&code_challenge_method=S256") && !url.contains("identity_provider"), "{url}");
    tab.fake.now.set(NOW + PENDING_LOGIN_MAX_AGE_SECS - 60);
    let access_token = sign_access(&access_claims(NOW + PENDING_LOGIN_MAX_AGE_SECS - 70));
    let id_token = sign_id(&id_claims(&access_token, NOW + PENDING_LOGIN_MAX_AGE_SECS - 70, Some(&pending.nonce)));
    tab.fake.ok(TOKEN_URL, &token_body(&id_token, &access_token, Some("rt"), 3600));
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.callback(&callback_query(&pending), Some(&pending));
    let (_, return_path) = tab.outcome().unwrap();
    assert_eq!(return_path, "/notes");
}

#[test]
fn a_sign_in_sends_exactly_the_code_exchange_then_fetches_the_keys_once() {
    let mut tab = Tab::new(config(""));
    let pending = tab.begin("/reports?x=1");
    let verifier = pending.verifier.secret().clone();
    let access_token = sign_access(&access_claims(NOW - 10));
    let id_token = sign_id(&id_claims(&access_token, NOW - 10, Some(&pending.nonce)));
    tab.fake.ok(TOKEN_URL, &token_body(&id_token, &access_token, Some("rt"), 3600));
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.callback(&callback_query(&pending), Some(&pending));
    // The pending login is read once and the code leaves the address bar,
    // before anything is sent.
    let at = |f: fn(&Effect) -> bool| tab.effects.iter().position(f).expect("present");
    let first_send = at(|e| matches!(e, Effect::Send { .. }));
    assert!(at(|e| matches!(e, Effect::Store { key: Key::PendingLogin, value: None })) < first_send);
    assert!(at(|e| matches!(e, Effect::ClearQuery)) < first_send);
    let sent = tab.fake.take_sent();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].method, "POST");
    assert_eq!(sent[0].url, TOKEN_URL);
    assert_eq!(
        sent[0].body.as_deref().unwrap(),
        format!(
            "grant_type=authorization_code&client_id={CLIENT}&code=the-code\
             &redirect_uri=http%3A%2F%2Flocalhost%3A8585%2Fcallback&code_verifier={verifier}"
        )
    );
    assert_eq!((sent[1].method, sent[1].url.as_str()), ("GET", JWKS_URL));
    let (s, return_path) = tab.outcome().unwrap();
    assert_eq!(return_path, "/reports?x=1");
    assert_eq!(s.claims.sub, SUB);
    assert_eq!(s.claims.username, "alice@example.com");
    assert_eq!(s.claims.email.as_deref(), Some("alice@example.com"));
    assert_eq!(s.claims.email_verified, Some(true));
    assert_eq!(s.claims.groups, vec!["admins"]);
    // Custom attributes and every other claim, as sent.
    assert_eq!(s.claims.claim_str("custom:department"), Some("Finance"));
    assert_eq!(s.claims.claim("cognito:groups"), Some(&json!(["admins"])));
    assert_eq!(s.claims.claim_str("custom:missing"), None);
    assert_eq!(s.tokens.refresh_token.as_ref().unwrap().secret(), "rt");
    assert_eq!(s.clock_offset_secs, -10);
    assert_eq!(s.tokens.lifetime.expires_at_ms, 1000.0 + 3_600_000.0);
    assert_eq!(s.tokens.access_expires_at, NOW + 3600);
    // For the setup checker's record.
    assert!(tab.effects.iter().any(|e| matches!(e, Effect::SignInFinished(Ok(r)) if r.email)));
}

#[test]
fn callback_errors_send_nothing() {
    let mut tab = Tab::new(config(""));
    let refused = |tab: &mut Tab, query: &str, pending| {
        tab.callback(query, pending);
        assert_eq!(tab.went_to(), Some("/"));
        assert!(tab.effects.iter().any(|e| matches!(e, Effect::SignInFinished(Err(_)))));
        tab.outcome().unwrap_err()
    };
    let pending = tab.begin("/");
    let query = format!("error=access_denied&error_description=no&state={}", pending.state);
    assert_eq!(
        refused(&mut tab, &query, Some(&pending)),
        AuthError::Callback(CallbackError::Provider {
            error: OAuthErrorCode::AccessDenied,
            description: Some("no".into())
        })
    );
    // Without this tab's state, none of the provider's text is shown.
    let pending = tab.begin("/");
    let err = refused(&mut tab, "error=access_denied&error_description=no", Some(&pending));
    assert_eq!(err, AuthError::Callback(CallbackError::Unsolicited));
    assert_eq!(err.details(), None);
    let pending = tab.begin("/");
    let query = callback_query(&pending);
    assert_eq!(refused(&mut tab, &query, None), AuthError::Callback(CallbackError::NoPendingLogin));
    assert_eq!(
        refused(&mut tab, "code=c&state=forged-state", Some(&pending)),
        AuthError::Callback(CallbackError::StateMismatch)
    );
    let pending = tab.begin("/");
    tab.fake.now.set(NOW + PENDING_LOGIN_MAX_AGE_SECS + 1);
    let query = callback_query(&pending);
    assert_eq!(refused(&mut tab, &query, Some(&pending)), AuthError::Callback(CallbackError::Expired));
    // A pending login dated in the future (this device's clock was set back
    // a minute since it was written) is refused too.
    tab.fake.now.set(NOW);
    let pending = tab.begin("/");
    tab.fake.now.set(NOW - 60);
    let query = callback_query(&pending);
    assert_eq!(refused(&mut tab, &query, Some(&pending)), AuthError::Callback(CallbackError::Expired));
    assert!(tab.fake.take_sent().is_empty());
}

#[test]
fn token_endpoint_failures_are_typed() {
    let mut tab = Tab::new(config(""));
    let pending = tab.begin("/");
    tab.fake.answer(TOKEN_URL, Ok(HttpAnswer::new(400, r#"{"error":"invalid_grant"}"#)));
    tab.callback(&callback_query(&pending), Some(&pending));
    let err = tab.outcome().unwrap_err();
    assert_eq!(err, AuthError::Token(TokenError::Provider { error: OAuthErrorCode::InvalidGrant, status: 400 }));
    let pending = tab.begin("/");
    tab.fake.answer(TOKEN_URL, Err(NetError::Timeout { secs: 15 }));
    tab.callback(&callback_query(&pending), Some(&pending));
    let err = tab.outcome().unwrap_err();
    assert_eq!(err, AuthError::Token(TokenError::Network(NetError::Timeout { secs: 15 })));
    let text = Words::default().say(Message::Error(&err));
    assert!(text.contains("no answer within 15 seconds"), "{text}");
    // The keys were asked for beside each exchange (one round trip for both;
    // each sign-in is a new page).
    assert_eq!(tab.fake.count(JWKS_URL), 2);
}

#[test]
fn the_keys_are_asked_for_beside_the_code_exchange() {
    let mut tab = Tab::new(config(""));
    let pending = tab.begin("/");
    let access_token = sign_access(&access_claims(NOW - 10));
    let tokens = token_body(&good_id(&access_token, &pending.nonce), &access_token, None, 3600);
    tab.fake.ok(JWKS_URL, &jwks_body());
    // The token endpoint has not answered yet: the keys are asked for all
    // the same (and have arrived), so the tokens wait for nothing.
    tab.callback(&callback_query(&pending), Some(&pending));
    let waiting: Vec<String> = tab
        .waiting
        .iter()
        .map(|(_, r)| match r {
            Request::Get(url) => url_path(url),
            Request::Form(post) => url_path(&post.url),
        })
        .collect();
    assert_eq!(waiting, [url_path(TOKEN_URL)]);
    assert_eq!(tab.fake.count(JWKS_URL), 1);
    tab.reply(TOKEN_URL, Ok(HttpAnswer::new(200, &tokens)));
    assert!(tab.outcome().is_ok(), "{:?}", tab.state());
    assert_eq!(tab.fake.count(JWKS_URL), 1, "the keys are asked for once");
}

#[test]
fn an_unknown_kid_refetches_the_keys_once() {
    // Rotated: the first JWKS lacks the ID key, the second has it.
    let mut tab = Tab::new(config(""));
    let pending = pending_with_tokens(&mut tab, good_id);
    tab.fake.ok(JWKS_URL, &jwks_without_id_key());
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.callback(&callback_query(&pending), Some(&pending));
    assert!(tab.outcome().is_ok(), "{:?}", tab.state());
    assert_eq!(tab.fake.count(JWKS_URL), 2);
    // Still unknown after the refetch: refused, without a third fetch.
    let mut tab = Tab::new(config(""));
    let pending = pending_with_tokens(&mut tab, |access, _| {
        sign_with(id_key(), &json!({"kid": "gone", "alg": "RS256"}), &id_claims(access, NOW, None))
    });
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.callback(&callback_query(&pending), Some(&pending));
    assert_eq!(tab.outcome().unwrap_err(), AuthError::IdToken(JwtError::UnknownKey));
    assert_eq!(tab.fake.count(JWKS_URL), 2);
}

#[test]
fn unreachable_keys_are_named() {
    let mut tab = Tab::new(config(""));
    let pending = pending_with_tokens(&mut tab, good_id);
    tab.fake.answer(JWKS_URL, Ok(HttpAnswer::new(503, "")));
    tab.callback(&callback_query(&pending), Some(&pending));
    let err = tab.outcome().unwrap_err();
    assert!(
        matches!(err, AuthError::IdToken(JwtError::KeysUnavailable(KeysError::Status { status: 503, .. }))),
        "{err:?}"
    );
}

#[test]
fn discovery_finds_the_endpoints_when_no_domain_is_configured() {
    let mut c = config("");
    c.domain = None;
    let doc = json!({"issuer": ISSUER, "authorization_endpoint": format!("{DOMAIN}/oauth2/authorize"),
        "token_endpoint": TOKEN_URL, "jwks_uri": JWKS_URL, "end_session_endpoint": format!("{DOMAIN}/logout"),
        "revocation_endpoint": REVOKE_URL, "userinfo_endpoint": format!("{DOMAIN}/oauth2/userInfo"),
        "response_types_supported": ["code"], "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"]});
    let mut tab = Tab::new(c.clone());
    tab.fake.ok(DISCOVERY_URL, &doc.to_string());
    let pending = tab.begin("/");
    let url = authorize_url(&c, &format!("{DOMAIN}/oauth2/authorize"), &pending, &AuthorizeOptions::default());
    assert_eq!(tab.redirect().unwrap().1, url);
    // Fetched once a page: a second sign-in from it asks no more.
    tab.user(sign_in("/"));
    let pending = tab.redirect().unwrap().0.unwrap().to_json();
    let pending = cognito_login_core::auth::login::PendingLogin::from_json(&pending).unwrap();
    assert_eq!(tab.fake.count(DISCOVERY_URL), 1, "fetched once");
    // The callback's page finds the token endpoint the same way.
    let access_token = sign_access(&access_claims(NOW - 10));
    let id_token = good_id(&access_token, &pending.nonce);
    tab.fake.ok(DISCOVERY_URL, &doc.to_string());
    tab.fake.ok(TOKEN_URL, &token_body(&id_token, &access_token, None, 3600));
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.fake.take_sent();
    tab.callback(&callback_query(&pending), Some(&pending));
    assert!(tab.outcome().is_ok(), "{:?}", tab.state());
    let sent: Vec<String> = tab.fake.take_sent().into_iter().map(|s| s.url).collect();
    assert_eq!(sent, [DISCOVERY_URL, TOKEN_URL, JWKS_URL]);

    // A failure is not kept: the next sign-in asks again.
    let mut tab = Tab::new(c);
    tab.fake.answer(DISCOVERY_URL, Ok(HttpAnswer::new(404, "")));
    tab.open();
    tab.user(sign_in("/"));
    let err = tab.outcome().unwrap_err();
    assert!(matches!(err, AuthError::Discovery(DiscoveryError::Status { status: 404, .. })), "{err:?}");
    tab.fake.ok(DISCOVERY_URL, &with(doc, &[("issuer", json!("https://evil.example"))]).to_string());
    tab.user(sign_in("/"));
    let err = tab.outcome().unwrap_err();
    assert!(matches!(err, AuthError::Discovery(DiscoveryError::IssuerMismatch { .. })), "{err:?}");
    assert!(tab.redirect().is_none());
}

#[test]
fn the_clock_offset_comes_from_the_fresh_token_and_is_bounded() {
    let ahead = |c| with(c, &[("iat", json!(NOW + 600)), ("exp", json!(NOW + 4200))]);
    let (s, _) = sign_in_with(config(""), ahead, |a| a).unwrap();
    assert_eq!(s.clock_offset_secs, 600);
    let err = sign_in_with(config(""), |c| with(c, &[("iat", json!(NOW + 1800))]), |a| a).unwrap_err();
    assert_eq!(err, AuthError::Clock(ClockError { offset_secs: 1800 }));
    let err = sign_in_with(config(""), |c| with(c, &[("iat", json!(NOW - 1800))]), |a| a).unwrap_err();
    assert_eq!(err, AuthError::Clock(ClockError { offset_secs: -1800 }));
}

#[test]
fn with_the_id_token_as_bearer_the_refresh_follows_the_earlier_expiry() {
    // A 10-minute ID token with a 1-hour access token (lifetimes are set
    // separately: docs/COGNITO.md "Token lifetimes").
    let short_id = |c| with(c, &[("exp", json!(NOW - 10 + 600))]);
    let (s, _) = sign_in_with(config(r#","apiToken":"id""#), short_id, |a| a).unwrap();
    assert_eq!(s.tokens.lifetime.lifetime_secs, 600);
    assert_eq!(s.tokens.lifetime.expires_at_ms, 1000.0 + 600_000.0);
    assert_eq!(s.tokens.access_expires_at, NOW + 600);
    // With the access token as bearer, the access token's lifetime rules.
    let (s, _) = sign_in_with(config(""), short_id, |a| a).unwrap();
    assert_eq!(s.tokens.lifetime.lifetime_secs, 3600);
}

#[test]
fn a_return_path_changed_in_storage_is_sanitised_again() {
    let mut tab = Tab::new(config(""));
    let mut pending = pending_with_tokens(&mut tab, good_id);
    // Another script of the origin rewrote the stored pending login.
    pending.return_path = "//evil.example/phish".into();
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.callback(&callback_query(&pending), Some(&pending));
    assert_eq!(tab.outcome().unwrap().1, "/");
}

/// docs/COGNITO.md "Scopes": a refused scope, in either of the shapes real
/// pools answer with, names the scopes sent and the console setting.
#[test]
fn refused_scopes_name_what_was_sent_and_where_to_enable_it() {
    let mut tab = Tab::new(config(r#","scopes":["openid","email","profile"]"#));
    for answer in ["error=invalid_scope", "error=invalid_request&error_description=invalid_scope"] {
        let pending = tab.begin("/");
        tab.callback(&format!("{answer}&state={}", pending.state), Some(&pending));
        let err = tab.outcome().unwrap_err();
        assert!(matches!(&err, AuthError::ScopesRefused { sent, .. } if sent == "openid email profile"), "{err:?}");
        let text = Words::default().say(Message::Error(&err));
        assert!(text.contains("(openid email profile)") && text.contains("OpenID Connect scopes"), "{text}");
        assert_eq!(err.next_step(), NextStep::FixConfiguration);
        assert_eq!(err.provider_code(), Some((&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)));
    }
    // Another invalid_request stays what it is.
    let pending = tab.begin("/");
    tab.callback(&format!("error=invalid_request&error_description=bad&state={}", pending.state), Some(&pending));
    let err = tab.outcome().unwrap_err();
    assert!(matches!(err, AuthError::Callback(CallbackError::Provider { error: OAuthErrorCode::InvalidRequest, .. })));
}

/// docs/COGNITO.md "Resource binding": with `resource` configured, an
/// `invalid_grant` at the code exchange names the resource server to create.
#[test]
fn a_refused_resource_names_the_resource_server_to_create() {
    let refused = |config| {
        let mut tab = Tab::new(config);
        let pending = tab.begin("/");
        tab.fake.answer(TOKEN_URL, Ok(HttpAnswer::new(400, r#"{"error":"invalid_grant"}"#)));
        tab.callback(&callback_query(&pending), Some(&pending));
        tab.outcome().unwrap_err()
    };
    let err = refused(config(r#","resource":"https://api.example.com""#));
    assert_eq!(err, AuthError::ResourceRefused { resource: "https://api.example.com".into() });
    let text = Words::default().say(Message::Error(&err));
    assert!(text.contains("resource server whose identifier is exactly https://api.example.com"), "{text}");
    assert!(text.contains("managed login"), "{text}");
    assert_eq!(err.next_step(), NextStep::FixConfiguration);
    // Without resource, invalid_grant is the code's problem.
    let err = refused(config(""));
    assert!(matches!(err, AuthError::Token(TokenError::Provider { error: OAuthErrorCode::InvalidGrant, .. })));
}
