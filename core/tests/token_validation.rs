//! Every ID- and access-token validation step (OIDC Core §3.1.3.7) through
//! the session machine's real pipeline: a sign-in's callback with tokens
//! signed by test keys and verified for real, and tokens a sibling tab
//! hands over (the same validation; the exact error of each bound is in
//! `accept.rs`).

mod support;

use cognito_login_core::auth::jwt::JwtError;
use cognito_login_core::auth::login::PendingLogin;
use cognito_login_core::auth::{AuthError, CLOCK_SKEW_ALLOWANCE_SECS};
use cognito_login_core::session::machine::{Effect, Event};
use serde_json::{json, Value};
use support::machine::*;
use support::*;

fn id_error(changes: &[(&str, Value)]) -> AuthError {
    sign_in_with(config(""), |c| with(c, changes), |a| a).unwrap_err()
}

fn id_ok(changes: &[(&str, Value)]) -> bool {
    sign_in_with(config(""), |c| with(c, changes), |a| a).is_ok()
}

/// The callback of `pending` with `id_token` and `access_token` (no
/// refresh token), the keys scripted: the error shown.
fn refused(tab: &mut Tab, pending: &PendingLogin, id_token: &str, access_token: &str) -> AuthError {
    tab.fake.ok(TOKEN_URL, &token_body(id_token, access_token, None, 3600));
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.callback(&callback_query(pending), Some(pending));
    tab.outcome().unwrap_err()
}

#[test]
fn id_token_step_1_and_2_malformed_and_algorithms() {
    let mut tab = Tab::new(config(""));
    let pending = tab.begin("/");
    let access_token = sign_access(&access_claims(NOW - 10));
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
        tab.fake.ok(TOKEN_URL, &token_body(&id_token, &access_token, None, 3600));
        tab.callback(&callback_query(&pending), Some(&pending));
        assert_eq!(tab.outcome().unwrap_err(), AuthError::IdToken(expected));
        assert!(!tab.effects.iter().any(|e| matches!(e, Effect::Verify { .. })));
    }
    // Refused before any key is used (no `Verify` above); the keys were asked
    // for beside each code exchange, before the tokens were seen.
    assert_eq!(tab.fake.count(JWKS_URL), 4);
}

#[test]
fn id_token_step_3_kid_absent_single_key_accepted_several_keys_refused() {
    let unkeyed = |jwks: &str| {
        let mut tab = Tab::new(config(""));
        let pending = pending_with_tokens(&mut tab, |access, nonce| {
            sign_with(id_key(), &json!({"alg": "RS256"}), &id_claims(access, NOW - 10, Some(nonce)))
        });
        tab.fake.ok(JWKS_URL, jwks);
        tab.fake.ok(JWKS_URL, jwks);
        tab.callback(&callback_query(&pending), Some(&pending));
        tab.outcome().unwrap_err()
    };
    let single = json!({"keys": [jwk_json(id_key(), "id-key")]}).to_string();
    // The access token's kid is then unknown: only the ID token step passes.
    assert_eq!(unkeyed(&single), AuthError::AccessToken(JwtError::UnknownKey));
    assert_eq!(unkeyed(&jwks_body()), AuthError::IdToken(JwtError::UnknownKey));
}

#[test]
fn id_token_step_4_bad_signatures() {
    let mut tab = Tab::new(config(""));
    let pending = tab.begin("/");
    let access_token = sign_access(&access_claims(NOW - 10));
    let claims = id_claims(&access_token, NOW - 10, Some(&pending.nonce));
    let good = sign_id(&claims);
    let (input, sig) = good.rsplit_once('.').unwrap();
    let mut bytes = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, sig).unwrap();
    bytes[10] ^= 1;
    let flipped =
        format!("{input}.{}", base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes));
    let wrong_key = sign_with(access_key(), &json!({"kid": "id-key", "alg": "RS256"}), &claims);
    let header = good.split('.').next().unwrap();
    let forged = format!("{header}.{}.{sig}", b64json(&with(claims.clone(), &[("sub", json!("someone-else"))])));
    for token in [flipped, wrong_key, forged] {
        assert_eq!(refused(&mut tab, &pending, &token, &access_token), AuthError::IdToken(JwtError::BadSignature));
    }
    // The access token's own signature is checked as well: signed by the
    // ID key under the access key's kid.
    let access_token = sign_with(id_key(), &json!({"kid": "access-key", "alg": "RS256"}), &access_claims(NOW - 10));
    let id_token = good_id(&access_token, &pending.nonce);
    let err = refused(&mut tab, &pending, &id_token, &access_token);
    assert_eq!(err, AuthError::AccessToken(JwtError::BadSignature));
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
    assert!(sign_in_with(config(""), |c| with(c, &old), |a| with(a, &old)).is_ok());
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
fn access_token_claim_steps() {
    let access_error = |changes: &[(&str, Value)]| sign_in_with(config(""), |c| c, |a| with(a, changes)).unwrap_err();
    assert!(sign_in_with(config(""), |c| c, |a| a).is_ok());
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
}

/// The signature checks a sibling's message went through.
fn verified(tab: &Tab) -> usize {
    tab.effects.iter().filter(|e| matches!(e, Effect::Verify { .. })).count()
}

#[test]
fn id_token_issued_in_the_future_with_an_offset_from_a_sibling() {
    // A hand-over carries the sender's offset; iat far ahead of it is
    // refused (within the allowance it is taken). A tab without a refresh
    // token takes its holder's newer tokens.
    let mut tab = signed_in_tab(config(""), None);
    let ours = tab.session().unwrap().tokens.access_token.secret().clone();
    for (iat, taken) in [(NOW + 3600, false), (NOW + 60, true)] {
        tab.effects.clear();
        let access = sign_access(&access_claims(iat));
        let id = sign_id(&id_claims(&access, iat, None));
        tab.feed(Event::Message(session_message(None, &id, &access, 3600.0, 0)));
        assert_eq!(verified(&tab), 2, "validated like a sign-in's");
        let now = tab.session().unwrap().tokens.access_token.secret().clone();
        assert_eq!(now == access, taken, "issued at {iat}");
        assert_eq!(now == ours, !taken);
    }
}

#[test]
fn a_siblings_clock_offset_has_the_same_bound_as_a_sign_in() {
    // A month-old, validly signed token handed over with an offset that
    // would make it look current; within the bound, the token's own times
    // decide (long expired). Fresh tokens with a sane offset are taken.
    let month = 30 * 24 * 3600;
    let mut tab = Tab::new(config(""));
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.open();
    let hello = tab.hello_id();
    for (iat, offset, taken) in [(NOW - month, -month, false), (NOW - month, -900, false), (NOW - 10, 0, true)] {
        tab.effects.clear();
        let access = sign_access(&access_claims(iat));
        let id = sign_id(&id_claims(&access, iat, None));
        tab.feed(Event::Message(session_message(Some(&hello), &id, &access, 3600.0, offset)));
        assert_eq!(verified(&tab), 2, "validated like a sign-in's");
        assert_eq!(tab.session().is_some(), taken, "issued at {iat} with offset {offset}: {:?}", tab.state());
    }
    assert_eq!(tab.fake.count(JWKS_URL), 1);
}

#[test]
fn a_federated_user_brings_identities() {
    // Cognito's shape: a JSON array, `primary` and `dateCreated` as strings,
    // `issuer` null for social providers (docs/COGNITO.md "Federated sign-in").
    let google = json!([{"userId": "1234567890", "providerName": "Google", "providerType": "Google",
        "issuer": null, "primary": "true", "dateCreated": "1700000000000"}]);
    let (session, _) = sign_in_with(
        config(""),
        |c| with(c, &[("identities", google.clone()), ("cognito:username", json!("Google_1234567890"))]),
        |a| a,
    )
    .unwrap();
    let claims = &session.claims;
    assert_eq!(claims.username, "Google_1234567890");
    assert_eq!(claims.identities.len(), 1);
    let identity = &claims.identities[0];
    assert_eq!(
        (identity.provider_name.as_str(), identity.provider_type.as_str(), identity.user_id.as_str(), identity.primary),
        ("Google", "Google", "1234567890", true)
    );
    assert_eq!(claims.signed_in_with(), Some("Google"));

    // Linked accounts: the primary one is named; a string holding the array
    // (the shape Lambda triggers see) reads the same.
    let linked = json!([
        {"userId": "u1", "providerName": "ExampleCorp", "providerType": "SAML", "primary": "false"},
        {"userId": "u2", "providerName": "Google", "providerType": "Google", "primary": true},
    ]);
    for identities in [linked.clone(), Value::String(linked.to_string())] {
        let (session, _) = sign_in_with(config(""), |c| with(c, &[("identities", identities.clone())]), |a| a).unwrap();
        assert_eq!(session.claims.identities.len(), 2);
        assert_eq!(session.claims.signed_in_with(), Some("Google"));
    }

    // The pool's own users have none; junk is ignored, not fatal.
    for junk in [Value::Null, json!("not json"), json!(42), json!([{"userId": "x"}])] {
        let (session, _) = sign_in_with(config(""), |c| with(c, &[("identities", junk.clone())]), |a| a).unwrap();
        assert!(session.claims.identities.is_empty(), "{junk}");
        assert_eq!(session.claims.signed_in_with(), None);
    }
}
