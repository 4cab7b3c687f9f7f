//! The engine's sign-in: authorize URL, callback → session pipeline with
//! the exact requests it sends, key selection with one refetch, and every
//! ID- and access-token validation step (OIDC Core §3.1.3.7) through the
//! real pipeline, with tokens signed by test keys.

mod support;

use cognito_login_core::auth::callback::CallbackError;
use cognito_login_core::auth::endpoints::DiscoveryError;
use cognito_login_core::auth::jwt::JwtError;
use cognito_login_core::auth::login::{authorize_url, AuthorizeOptions, PendingLogin};
use cognito_login_core::auth::timing::ClockError;
use cognito_login_core::auth::token::TokenError;
use cognito_login_core::auth::{AuthError, NextStep, OAuthEndpoint, OAuthErrorCode, CLOCK_SKEW_ALLOWANCE_SECS};
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::{Engine, SignedIn};
use serde_json::{json, Value};
use support::*;

const ACCESS_IAT: i64 = NOW - 10;

fn begin(engine: &Engine<Fake>) -> PendingLogin {
    block_on(engine.begin_sign_in("/reports?x=1", &AuthorizeOptions::default())).unwrap().0
}

fn callback_query(pending: &PendingLogin) -> String {
    format!("code=the-code&state={}", pending.state)
}

/// A whole sign-in against the fake provider, whose ID and access token
/// claims are changed by `id` and `access` (given the access token).
fn sign_in_with(
    engine: &Engine<Fake>,
    id: impl Fn(Value) -> Value,
    access: impl Fn(Value) -> Value,
) -> Result<SignedIn, AuthError> {
    let pending = begin(engine);
    let access_token = sign_access(&access(access_claims(ACCESS_IAT)));
    let id_token = sign_id(&id(id_claims(&access_token, NOW - 10, Some(&pending.nonce))));
    let p = engine.platform();
    p.ok(TOKEN_URL, &token_body(&id_token, &access_token, Some("the-refresh-token"), 3600));
    p.ok(JWKS_URL, &jwks_body());
    block_on(engine.complete_sign_in(&callback_query(&pending), Some(pending)))
}

/// A pending sign-in, and a token response for it (no refresh token) whose
/// ID token `id` makes from the access token and the nonce.
fn pending_with_tokens(engine: &Engine<Fake>, id: impl Fn(&str, &str) -> String) -> PendingLogin {
    let pending = begin(engine);
    let access_token = sign_access(&access_claims(ACCESS_IAT));
    let id_token = id(&access_token, &pending.nonce);
    engine.platform().ok(TOKEN_URL, &token_body(&id_token, &access_token, None, 3600));
    pending
}

/// An ID token as Cognito signs it, for `access` and `nonce`.
fn good_id(access: &str, nonce: &str) -> String {
    sign_id(&id_claims(access, NOW - 10, Some(nonce)))
}

/// The callback for `pending`, with the answers queued so far.
fn complete(engine: &Engine<Fake>, pending: PendingLogin) -> Result<SignedIn, AuthError> {
    block_on(engine.complete_sign_in(&callback_query(&pending), Some(pending)))
}

fn id_error(changes: &[(&str, Value)]) -> AuthError {
    sign_in_with(&engine(), |c| with(c, changes), |a| a).unwrap_err()
}

fn id_ok(changes: &[(&str, Value)]) -> bool {
    sign_in_with(&engine(), |c| with(c, changes), |a| a).is_ok()
}

#[test]
fn begin_sign_in_makes_the_authorize_url_and_needs_the_network() {
    let e = engine();
    let (pending, url) = block_on(e.begin_sign_in("/reports?x=1", &AuthorizeOptions::default())).unwrap();
    assert_eq!(pending.return_path, "/reports?x=1");
    assert_eq!(pending.created_at, NOW);
    let expected =
        authorize_url(e.config(), &format!("{DOMAIN}/oauth2/authorize"), &pending, &AuthorizeOptions::default());
    assert_eq!(url, expected);
    assert!(e.platform().take_sent().is_empty(), "a configured domain needs no discovery");
    e.platform().online.set(false);
    let err = block_on(e.begin_sign_in("/", &AuthorizeOptions::default())).unwrap_err();
    assert_eq!(err, AuthError::Offline);
}

#[test]
fn a_sign_in_sends_exactly_the_code_exchange_then_fetches_the_keys_once() {
    let e = engine();
    let pending = begin(&e);
    let verifier = pending.verifier.secret().clone();
    let signed = {
        let access_token = sign_access(&access_claims(ACCESS_IAT));
        let id_token = sign_id(&id_claims(&access_token, NOW - 10, Some(&pending.nonce)));
        e.platform().ok(TOKEN_URL, &token_body(&id_token, &access_token, Some("rt"), 3600));
        e.platform().ok(JWKS_URL, &jwks_body());
        block_on(e.complete_sign_in(&callback_query(&pending), Some(pending))).unwrap()
    };
    let sent = e.platform().take_sent();
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
    assert_eq!(signed.return_path, "/reports?x=1");
    let s = signed.session;
    assert_eq!(s.claims.sub, SUB);
    assert_eq!(s.claims.username, "alice@example.com");
    assert_eq!(s.claims.email.as_deref(), Some("alice@example.com"));
    assert_eq!(s.claims.email_verified, Some(true));
    assert_eq!(s.claims.groups, vec!["admins"]);
    // Custom attributes and every other claim, as sent.
    assert_eq!(s.claims.claim_str("custom:department"), Some("Finance"));
    assert_eq!(s.claims.claim("cognito:groups"), Some(&serde_json::json!(["admins"])));
    assert_eq!(s.claims.claim_str("custom:missing"), None);
    assert_eq!(s.tokens.refresh_token.as_ref().unwrap().secret(), "rt");
    assert_eq!(s.clock_offset_secs, -10);
    assert_eq!(s.tokens.lifetime.expires_at_ms, 1000.0 + 3_600_000.0);
    assert_eq!(s.tokens.access_expires_at, NOW + 3600);
}

#[test]
fn callback_errors_send_nothing() {
    let e = engine();
    let pending = begin(&e);
    let query = format!("error=access_denied&error_description=no&state={}", pending.state);
    let err = block_on(e.complete_sign_in(&query, Some(pending))).unwrap_err();
    assert_eq!(
        err,
        AuthError::Callback(CallbackError::Provider {
            error: OAuthErrorCode::AccessDenied,
            description: Some("no".into())
        })
    );
    // Without this tab's state, none of the provider's text is shown.
    let err = block_on(e.complete_sign_in("error=access_denied&error_description=no", Some(begin(&e)))).unwrap_err();
    assert_eq!(err, AuthError::Callback(CallbackError::Unsolicited));
    assert_eq!(err.details(), None);
    let pending = begin(&e);
    let query = callback_query(&pending);
    assert_eq!(
        block_on(e.complete_sign_in(&query, None)).unwrap_err(),
        AuthError::Callback(CallbackError::NoPendingLogin)
    );
    assert_eq!(
        block_on(e.complete_sign_in("code=c&state=forged-state", Some(pending))).unwrap_err(),
        AuthError::Callback(CallbackError::StateMismatch)
    );
    let pending = begin(&e);
    let query = callback_query(&pending);
    e.platform().now.set(NOW + 601);
    assert_eq!(
        block_on(e.complete_sign_in(&query, Some(pending))).unwrap_err(),
        AuthError::Callback(CallbackError::Expired)
    );
    // A pending login dated in the future (this device's clock was set back
    // a minute since it was written) is refused too.
    e.platform().now.set(NOW);
    let pending = begin(&e);
    let query = callback_query(&pending);
    e.platform().now.set(NOW - 60);
    assert_eq!(
        block_on(e.complete_sign_in(&query, Some(pending))).unwrap_err(),
        AuthError::Callback(CallbackError::Expired)
    );
    assert!(e.platform().take_sent().is_empty());
}

#[test]
fn token_endpoint_failures_are_typed() {
    let e = engine();
    let pending = begin(&e);
    e.platform().answer(TOKEN_URL, Ok(HttpAnswer::new(400, r#"{"error":"invalid_grant"}"#)));
    let err = block_on(e.complete_sign_in(&callback_query(&pending), Some(pending))).unwrap_err();
    assert_eq!(err, AuthError::Token(TokenError::Provider { error: OAuthErrorCode::InvalidGrant, status: 400 }));
    let pending = begin(&e);
    e.platform().answer(TOKEN_URL, Err(NetError::Timeout { secs: 15 }));
    let err = block_on(e.complete_sign_in(&callback_query(&pending), Some(pending))).unwrap_err();
    assert_eq!(err, AuthError::Token(TokenError::Network(NetError::Timeout { secs: 15 })));
    assert!(err.to_string().contains("no answer within 15 seconds"), "{err}");
    assert_eq!(e.platform().count(JWKS_URL), 0);
}

#[test]
fn an_unknown_kid_refetches_the_keys_once() {
    // Rotated: the first JWKS lacks the ID key, the second has it.
    let e = engine();
    let pending = pending_with_tokens(&e, good_id);
    e.platform().ok(JWKS_URL, &jwks_without_id_key());
    e.platform().ok(JWKS_URL, &jwks_body());
    assert!(complete(&e, pending).is_ok());
    assert_eq!(e.platform().count(JWKS_URL), 2);
    // Still unknown after the refetch: refused, without a third fetch.
    let e = engine();
    let pending = pending_with_tokens(&e, |access, _| {
        sign_with(id_key(), &json!({"kid": "gone", "alg": "RS256"}), &id_claims(access, NOW, None))
    });
    e.platform().ok(JWKS_URL, &jwks_body());
    e.platform().ok(JWKS_URL, &jwks_body());
    let err = complete(&e, pending).unwrap_err();
    assert_eq!(err, AuthError::IdToken(JwtError::UnknownKey));
    assert_eq!(e.platform().count(JWKS_URL), 2);
}

#[test]
fn unreachable_keys_are_named() {
    let e = engine();
    let pending = pending_with_tokens(&e, good_id);
    e.platform().answer(JWKS_URL, Ok(HttpAnswer::new(503, "")));
    let err = complete(&e, pending).unwrap_err();
    assert!(matches!(err, AuthError::IdToken(JwtError::KeysUnavailable(ref m)) if m.contains("HTTP 503")), "{err:?}");
}

#[test]
fn discovery_finds_the_endpoints_when_no_domain_is_configured() {
    let mut c = config("");
    c.domain = None;
    let e = Engine::new(c, Fake::default());
    let doc = json!({"issuer": ISSUER, "authorization_endpoint": format!("{DOMAIN}/oauth2/authorize"),
        "token_endpoint": TOKEN_URL, "jwks_uri": JWKS_URL, "end_session_endpoint": format!("{DOMAIN}/logout"),
        "revocation_endpoint": REVOKE_URL, "userinfo_endpoint": format!("{DOMAIN}/oauth2/userInfo"),
        "response_types_supported": ["code"], "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"]});
    e.platform().ok(DISCOVERY_URL, &doc.to_string());
    let endpoints = block_on(e.endpoints()).unwrap();
    assert_eq!(endpoints.token, TOKEN_URL);
    block_on(e.endpoints()).unwrap();
    assert_eq!(e.platform().count(DISCOVERY_URL), 1, "fetched once");

    let mut c = config("");
    c.domain = None;
    let e = Engine::new(c, Fake::default());
    e.platform().answer(DISCOVERY_URL, Ok(HttpAnswer::new(404, "")));
    let err = block_on(e.begin_sign_in("/", &AuthorizeOptions::default())).unwrap_err();
    assert!(
        matches!(err, AuthError::Discovery(DiscoveryError::Unreachable { ref message, .. }) if message == "HTTP 404")
    );
    e.platform().ok(DISCOVERY_URL, &with(doc, &[("issuer", json!("https://evil.example"))]).to_string());
    let err = block_on(e.endpoints()).unwrap_err();
    assert!(matches!(err, AuthError::Discovery(DiscoveryError::IssuerMismatch { .. })), "{err:?}");
}

#[test]
fn the_clock_offset_comes_from_the_fresh_token_and_is_bounded() {
    let e = engine();
    let signed =
        sign_in_with(&e, |c| with(c, &[("iat", json!(NOW + 600)), ("exp", json!(NOW + 4200))]), |a| a).unwrap();
    assert_eq!(signed.session.clock_offset_secs, 600);
    let err = sign_in_with(&engine(), |c| with(c, &[("iat", json!(NOW + 1800))]), |a| a).unwrap_err();
    assert_eq!(err, AuthError::Clock(ClockError { offset_secs: 1800 }));
    let err = sign_in_with(&engine(), |c| with(c, &[("iat", json!(NOW - 1800))]), |a| a).unwrap_err();
    assert_eq!(err, AuthError::Clock(ClockError { offset_secs: -1800 }));
}

#[test]
fn id_token_step_1_and_2_malformed_and_algorithms() {
    let e = engine();
    let pending = begin(&e);
    let access_token = sign_access(&access_claims(ACCESS_IAT));
    for (id_token, expected) in [
        ("not.a.jwt".to_string(), JwtError::Malformed),
        (
            format!("{}.{}.", b64json(&json!({"alg": "none"})), b64json(&id_claims(&access_token, NOW, None))),
            JwtError::UnsupportedAlgorithm("none".into()),
        ),
        // Algorithm confusion: HMAC keyed with the RSA public key's bytes.
        (
            format!(
                "{}.{}.AAAA",
                b64json(&json!({"kid": "id-key", "alg": "HS256"})),
                b64json(&id_claims(&access_token, NOW, None))
            ),
            JwtError::UnsupportedAlgorithm("HS256".into()),
        ),
        // The name exactly: RFC 7515 §4.1.1 values are case-sensitive.
        (
            sign_with(id_key(), &json!({"kid": "id-key", "alg": "rs256"}), &id_claims(&access_token, NOW, None)),
            JwtError::UnsupportedAlgorithm("rs256".into()),
        ),
    ] {
        let pending = PendingLogin::from_json(&pending.to_json()).unwrap();
        e.platform().ok(TOKEN_URL, &token_body(&id_token, &access_token, None, 3600));
        let err = block_on(e.complete_sign_in(&callback_query(&pending), Some(pending))).unwrap_err();
        assert_eq!(err, AuthError::IdToken(expected));
    }
    assert_eq!(e.platform().count(JWKS_URL), 0, "refused before any key is looked at");
}

#[test]
fn id_token_step_3_kid_absent_single_key_accepted_several_keys_refused() {
    let unkeyed = |e: &Engine<Fake>, jwks: &str| {
        let pending = pending_with_tokens(e, |access, nonce| {
            sign_with(id_key(), &json!({"alg": "RS256"}), &id_claims(access, NOW - 10, Some(nonce)))
        });
        e.platform().ok(JWKS_URL, jwks);
        e.platform().ok(JWKS_URL, jwks);
        complete(e, pending)
    };
    let single = json!({"keys": [jwk_json(id_key(), "id-key")]}).to_string();
    // The access token's kid is then unknown: only the ID token step passes.
    assert_eq!(unkeyed(&engine(), &single).unwrap_err(), AuthError::AccessToken(JwtError::UnknownKey));
    assert_eq!(unkeyed(&engine(), &jwks_body()).unwrap_err(), AuthError::IdToken(JwtError::UnknownKey));
}

#[test]
fn id_token_step_4_bad_signatures() {
    let e = engine();
    let pending = begin(&e);
    let access_token = sign_access(&access_claims(ACCESS_IAT));
    let good = sign_id(&id_claims(&access_token, NOW - 10, Some(&pending.nonce)));
    let (input, sig) = good.rsplit_once('.').unwrap();
    let mut bytes = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, sig).unwrap();
    bytes[10] ^= 1;
    let flipped =
        format!("{input}.{}", base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes));
    let wrong_key = sign_with(
        access_key(),
        &json!({"kid": "id-key", "alg": "RS256"}),
        &id_claims(&access_token, NOW - 10, Some(&pending.nonce)),
    );
    let header = good.split('.').next().unwrap();
    let forged = format!(
        "{header}.{}.{sig}",
        b64json(&with(id_claims(&access_token, NOW - 10, Some(&pending.nonce)), &[("sub", json!("someone-else"))]))
    );
    e.platform().ok(JWKS_URL, &jwks_body());
    for token in [flipped, wrong_key, forged] {
        let pending = PendingLogin::from_json(&pending.to_json()).unwrap();
        e.platform().ok(TOKEN_URL, &token_body(&token, &access_token, None, 3600));
        let err = block_on(e.complete_sign_in(&callback_query(&pending), Some(pending))).unwrap_err();
        assert_eq!(err, AuthError::IdToken(JwtError::BadSignature));
    }
}

#[test]
fn id_token_claim_steps() {
    assert!(id_ok(&[]));
    // Issuer.
    assert!(matches!(
        id_error(&[("iss", json!("https://evil.example/us-east-1_Test"))]),
        AuthError::IdToken(JwtError::WrongIssuer { .. })
    ));
    // Exactly the configured issuer: not one it is a prefix of, not in
    // another case.
    for near in [format!("{ISSUER}x"), format!("{ISSUER}/"), ISSUER.to_uppercase(), ISSUER.replace("Test", "test")] {
        let err = id_error(&[("iss", json!(near))]);
        assert!(matches!(err, AuthError::IdToken(JwtError::WrongIssuer { .. })), "{near}: {err:?}");
    }
    assert_eq!(id_error(&[("iss", Value::Null)]), AuthError::IdToken(JwtError::MissingClaim("iss")));
    assert_eq!(id_error(&[("iss", json!(""))]), AuthError::IdToken(JwtError::MissingClaim("iss")));
    // Audience and authorized party.
    assert_eq!(id_error(&[("aud", json!("other-client"))]), AuthError::IdToken(JwtError::WrongAudience));
    assert_eq!(id_error(&[("aud", Value::Null)]), AuthError::IdToken(JwtError::MissingClaim("aud")));
    assert_eq!(id_error(&[("aud", json!(["x", CLIENT]))]), AuthError::IdToken(JwtError::WrongAudience));
    assert_eq!(
        id_error(&[("aud", json!(["x", "y"])), ("azp", json!(CLIENT))]),
        AuthError::IdToken(JwtError::WrongAudience)
    );
    assert!(id_ok(&[("aud", json!([CLIENT]))]));
    assert!(id_ok(&[("aud", json!(["x", CLIENT])), ("azp", json!(CLIENT))]));
    assert_eq!(id_error(&[("azp", json!("other"))]), AuthError::IdToken(JwtError::WrongAudience));
    // token_use: an access token is never an ID token.
    assert_eq!(
        id_error(&[("token_use", json!("access"))]),
        AuthError::IdToken(JwtError::WrongTokenUse { expected: "id", actual: "access".into() })
    );
    assert_eq!(
        id_error(&[("token_use", json!("ID"))]),
        AuthError::IdToken(JwtError::WrongTokenUse { expected: "id", actual: "ID".into() })
    );
    // Expiry, with the skew allowance, against this device's clock (the
    // offset estimated from iat alone would accept any lifetime that has
    // not passed since iat).
    assert_eq!(id_error(&[("exp", json!(NOW - 3600))]), AuthError::IdToken(JwtError::Expired));
    assert_eq!(id_error(&[("exp", json!(NOW - CLOCK_SKEW_ALLOWANCE_SECS))]), AuthError::IdToken(JwtError::Expired));
    assert!(id_ok(&[("exp", json!(NOW - CLOCK_SKEW_ALLOWANCE_SECS + 1))]));
    // Recently issued, already expired: iat 400 s ago (an offset within
    // bounds), exp 60 s after it.
    assert_eq!(
        id_error(&[("iat", json!(NOW - 400)), ("exp", json!(NOW - 340))]),
        AuthError::IdToken(JwtError::Expired)
    );
    // Both issued ten minutes ago and valid for an hour: fine.
    let old = [("iat", json!(NOW - 600)), ("exp", json!(NOW + 3000))];
    assert!(sign_in_with(&engine(), |c| with(c, &old), |a| with(a, &old)).is_ok());
    assert_eq!(id_error(&[("exp", Value::Null)]), AuthError::IdToken(JwtError::MissingClaim("exp")));
    assert_eq!(id_error(&[("iat", Value::Null)]), AuthError::IdToken(JwtError::MissingClaim("iat")));
    // Subject.
    assert_eq!(id_error(&[("sub", Value::Null)]), AuthError::IdToken(JwtError::MissingClaim("sub")));
    assert_eq!(id_error(&[("sub", json!(""))]), AuthError::IdToken(JwtError::MissingClaim("sub")));
    // Nonce of this sign-in.
    assert_eq!(id_error(&[("nonce", json!("other"))]), AuthError::IdToken(JwtError::NonceMismatch));
    assert_eq!(id_error(&[("nonce", Value::Null)]), AuthError::IdToken(JwtError::NonceMismatch));
    // Not before (RFC 7519 §4.1.5), when present, with the skew allowance.
    assert_eq!(id_error(&[("nbf", json!(NOW + 3600))]), AuthError::IdToken(JwtError::NotYetValid));
    assert!(id_ok(&[("nbf", json!(NOW - 10))]));
    assert!(id_ok(&[("nbf", json!(NOW - 10 + CLOCK_SKEW_ALLOWANCE_SECS))]));
    assert_eq!(
        id_error(&[("nbf", json!(NOW - 10 + CLOCK_SKEW_ALLOWANCE_SECS + 1))]),
        AuthError::IdToken(JwtError::NotYetValid)
    );
    // at_hash binds the ID token to its access token; absent is allowed.
    assert_eq!(id_error(&[("at_hash", json!(at_hash("another")))]), AuthError::IdToken(JwtError::AtHashMismatch));
    assert_eq!(id_error(&[("at_hash", json!(12))]), AuthError::IdToken(JwtError::AtHashMismatch));
    assert!(id_ok(&[("at_hash", Value::Null)]));
}

#[test]
fn id_token_issued_in_the_future_with_an_offset_from_a_sibling() {
    // A hand-over carries the sender's offset; iat far ahead of it is refused.
    let e = engine();
    let signed = sign_in_with(&e, |c| c, |a| a).unwrap();
    let access_token = sign_access(&access_claims(NOW + 3600));
    let id_token = sign_id(&id_claims(&access_token, NOW + 3600, None));
    let candidate = cognito_login_core::session::Candidate {
        id_token: cognito_login_core::auth::secret::IdToken::new(id_token),
        access_token: cognito_login_core::auth::secret::AccessToken::new(access_token),
        refresh_token: None,
        lifetime: signed.session.tokens.lifetime,
        clock_offset_secs: Some(0),
    };
    let err = block_on(e.validate(candidate, None, Some(&signed.session))).unwrap_err();
    assert_eq!(err, AuthError::IdToken(JwtError::IssuedInFuture));
}

#[test]
fn access_token_claim_steps() {
    let access_error = |changes: &[(&str, Value)]| sign_in_with(&engine(), |c| c, |a| with(a, changes)).unwrap_err();
    assert!(sign_in_with(&engine(), |c| c, |a| a).is_ok());
    assert_eq!(access_error(&[("client_id", json!("other"))]), AuthError::AccessToken(JwtError::WrongClient));
    assert_eq!(
        access_error(&[("client_id", Value::Null)]),
        AuthError::AccessToken(JwtError::MissingClaim("client_id"))
    );
    assert_eq!(
        access_error(&[("token_use", json!("id"))]),
        AuthError::AccessToken(JwtError::WrongTokenUse { expected: "access", actual: "id".into() })
    );
    assert_eq!(
        access_error(&[("token_use", json!("refresh"))]),
        AuthError::AccessToken(JwtError::WrongTokenUse { expected: "access", actual: "refresh".into() })
    );
    assert!(matches!(
        access_error(&[("iss", json!("https://x"))]),
        AuthError::AccessToken(JwtError::WrongIssuer { .. })
    ));
    for near in [format!("{ISSUER}x"), format!("{ISSUER}/"), ISSUER.to_uppercase(), ISSUER.replace("Test", "test")] {
        let err = access_error(&[("iss", json!(near))]);
        assert!(matches!(err, AuthError::AccessToken(JwtError::WrongIssuer { .. })), "{near}: {err:?}");
    }
    assert_eq!(access_error(&[("exp", json!(NOW - 3600))]), AuthError::AccessToken(JwtError::Expired));
    // Expired by this device's clock although not by the one estimated from
    // the ID token's iat.
    assert_eq!(
        access_error(&[("exp", json!(NOW - CLOCK_SKEW_ALLOWANCE_SECS))]),
        AuthError::AccessToken(JwtError::Expired)
    );
    assert_eq!(access_error(&[("nbf", json!(NOW + 3600))]), AuthError::AccessToken(JwtError::NotYetValid));
    // Both tokens about the same user.
    assert_eq!(access_error(&[("sub", json!("someone-else"))]), AuthError::AccessToken(JwtError::SubjectMismatch));
    assert_eq!(access_error(&[("sub", Value::Null)]), AuthError::AccessToken(JwtError::MissingClaim("sub")));
    // Signed by the ID key under the access key's kid.
    let e = engine();
    let pending = begin(&e);
    let access_token = sign_with(id_key(), &json!({"kid": "access-key", "alg": "RS256"}), &access_claims(ACCESS_IAT));
    let id_token = sign_id(&id_claims(&access_token, NOW - 10, Some(&pending.nonce)));
    e.platform().ok(TOKEN_URL, &token_body(&id_token, &access_token, None, 3600));
    e.platform().ok(JWKS_URL, &jwks_body());
    let err = block_on(e.complete_sign_in(&callback_query(&pending), Some(pending))).unwrap_err();
    assert_eq!(err, AuthError::AccessToken(JwtError::BadSignature));
}

#[test]
fn with_the_id_token_as_bearer_the_refresh_follows_the_earlier_expiry() {
    // A 10-minute ID token with a 1-hour access token (lifetimes are set
    // separately: docs/COGNITO.md "Token lifetimes").
    let short_id = |c| with(c, &[("exp", json!(NOW - 10 + 600))]);
    let e = Engine::new(config(r#","apiToken":"id""#), Fake::default());
    let s = sign_in_with(&e, short_id, |a| a).unwrap().session;
    assert_eq!(s.tokens.lifetime.lifetime_secs, 600);
    assert_eq!(s.tokens.lifetime.expires_at_ms, 1000.0 + 600_000.0);
    assert_eq!(s.tokens.access_expires_at, NOW + 600);
    // With the access token as bearer, the access token's lifetime rules.
    let s = sign_in_with(&engine(), short_id, |a| a).unwrap().session;
    assert_eq!(s.tokens.lifetime.lifetime_secs, 3600);
}

#[test]
fn a_return_path_changed_in_storage_is_sanitised_again() {
    let e = engine();
    let mut pending = pending_with_tokens(&e, good_id);
    // Another script of the origin rewrote the stored pending login.
    pending.return_path = "//evil.example/phish".into();
    e.platform().ok(JWKS_URL, &jwks_body());
    let signed = complete(&e, pending).unwrap();
    assert_eq!(signed.return_path, "/");
}

#[test]
fn a_siblings_clock_offset_has_the_same_bound_as_a_sign_in() {
    // A month-old, validly signed token handed over with an offset that would
    // make it look current.
    let e = engine();
    let month = 30 * 24 * 3600;
    let old = NOW - month;
    let access_token = sign_access(&access_claims(old));
    let id_token = sign_id(&id_claims(&access_token, old, None));
    let candidate = |offset| cognito_login_core::session::Candidate {
        id_token: cognito_login_core::auth::secret::IdToken::new(id_token.clone()),
        access_token: cognito_login_core::auth::secret::AccessToken::new(access_token.clone()),
        refresh_token: None,
        lifetime: cognito_login_core::auth::timing::Lifetime::new(1000.0, 3600, None),
        clock_offset_secs: Some(offset),
    };
    e.platform().ok(JWKS_URL, &jwks_body());
    let err = block_on(e.validate(candidate(-month), None, None)).unwrap_err();
    assert_eq!(err, AuthError::Clock(ClockError { offset_secs: -month }));
    // Within the bound, the token's own times decide: long expired.
    let err = block_on(e.validate(candidate(-900), None, None)).unwrap_err();
    assert_eq!(err, AuthError::IdToken(JwtError::Expired));
}

/// docs/COGNITO.md "Scopes": a refused scope, in either of the shapes real
/// pools answer with, names the scopes sent and the console setting.
#[test]
fn refused_scopes_name_what_was_sent_and_where_to_enable_it() {
    let e = Engine::new(config(r#","scopes":["openid","email","profile"]"#), Fake::default());
    for answer in ["error=invalid_scope", "error=invalid_request&error_description=invalid_scope"] {
        let pending = begin(&e);
        let query = format!("{answer}&state={}", pending.state);
        let err = block_on(e.complete_sign_in(&query, Some(pending))).unwrap_err();
        assert!(matches!(&err, AuthError::ScopesRefused { sent, .. } if sent == "openid email profile"), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("(openid email profile)") && text.contains("OpenID Connect scopes"), "{text}");
        assert_eq!(err.next_step(), NextStep::FixConfiguration);
        assert_eq!(err.provider_code(), Some((&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)));
    }
    // Another invalid_request stays what it is.
    let pending = begin(&e);
    let query = format!("error=invalid_request&error_description=bad&state={}", pending.state);
    let err = block_on(e.complete_sign_in(&query, Some(pending))).unwrap_err();
    assert!(matches!(err, AuthError::Callback(CallbackError::Provider { error: OAuthErrorCode::InvalidRequest, .. })));
}

/// docs/COGNITO.md "Resource binding": with `resource` configured, an
/// `invalid_grant` at the code exchange names the resource server to create.
#[test]
fn a_refused_resource_names_the_resource_server_to_create() {
    let e = Engine::new(config(r#","resource":"https://api.example.com""#), Fake::default());
    let pending = begin(&e);
    e.platform().answer(
        TOKEN_URL,
        Ok(HttpAnswer { status: 400, body: r#"{"error":"invalid_grant"}"#.into(), retry_after_secs: None }),
    );
    let err = block_on(e.complete_sign_in(&callback_query(&pending), Some(pending))).unwrap_err();
    assert_eq!(err, AuthError::ResourceRefused { resource: "https://api.example.com".into() });
    let text = err.to_string();
    assert!(text.contains("resource server whose identifier is exactly https://api.example.com"), "{text}");
    assert!(text.contains("managed login"), "{text}");
    assert_eq!(err.next_step(), NextStep::FixConfiguration);
    // Without resource, invalid_grant is the code's problem.
    let e = engine();
    let pending = begin(&e);
    e.platform().answer(
        TOKEN_URL,
        Ok(HttpAnswer { status: 400, body: r#"{"error":"invalid_grant"}"#.into(), retry_after_secs: None }),
    );
    let err = block_on(e.complete_sign_in(&callback_query(&pending), Some(pending))).unwrap_err();
    assert!(matches!(err, AuthError::Token(TokenError::Provider { error: OAuthErrorCode::InvalidGrant, .. })));
}
