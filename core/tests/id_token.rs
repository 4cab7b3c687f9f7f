//! Every ID- and access-token validation step (OIDC Core §3.1.3.7), each
//! rejection proven with a token signed natively by a test RSA key. The
//! signature step uses the `rsa` crate here where the app uses WebCrypto;
//! what is verified (`signing_input`, `signature`, the selected key) comes
//! from the core exactly as in the app.

use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use cognito_login_core::auth::jwt::{decode, Jwks, RsaJwk};
use cognito_login_core::auth::validate::{
    check_algorithm, validate_access_claims, validate_id_claims, IdClaims, IdExpectations, JwtError,
};
use cognito_login_core::auth::CLOCK_SKEW_ALLOWANCE_SECS;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test";
const CLIENT: &str = "client1";
const NONCE: &str = "n0nce";
const ACCESS: &str = "the-access-token";
const NOW: i64 = 1_700_000_000;

fn keys() -> &'static (RsaPrivateKey, RsaPrivateKey) {
    static KEYS: OnceLock<(RsaPrivateKey, RsaPrivateKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand::thread_rng();
        (RsaPrivateKey::new(&mut rng, 2048).unwrap(), RsaPrivateKey::new(&mut rng, 2048).unwrap())
    })
}

fn jwk(key: &RsaPrivateKey, kid: &str) -> RsaJwk {
    RsaJwk {
        kid: Some(kid.into()),
        n: URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
        e: URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
    }
}

fn jwks() -> Jwks {
    Jwks { keys: vec![jwk(&keys().0, "id-key"), jwk(&keys().1, "access-key")] }
}

fn b64json(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

fn sign_with(key: &RsaPrivateKey, header: &Value, claims: &Value) -> String {
    let input = format!("{}.{}", b64json(header), b64json(claims));
    let sig = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

fn sign(claims: &Value) -> String {
    sign_with(&keys().0, &json!({"kid": "id-key", "alg": "RS256"}), claims)
}

fn at_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(token.as_bytes())[..16])
}

fn claims() -> Value {
    json!({
        "at_hash": at_hash(ACCESS),
        "sub": "9a099d29-0000-4000-8000-000000000001",
        "cognito:groups": ["admins"],
        "email_verified": true,
        "iss": ISSUER,
        "cognito:username": "alice@example.com",
        "nonce": NONCE,
        "aud": CLIENT,
        "token_use": "id",
        "auth_time": NOW - 10,
        "exp": NOW + 3600,
        "iat": NOW - 10,
        "email": "alice@example.com",
    })
}

fn with(changes: &[(&str, Value)]) -> Value {
    let mut c = claims();
    for (k, v) in changes {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(*k);
        } else {
            c[*k] = v.clone();
        }
    }
    c
}

fn expectations() -> IdExpectations<'static> {
    IdExpectations {
        issuer: ISSUER,
        client_id: CLIENT,
        nonce: Some(NONCE),
        access_token: Some(ACCESS),
        now: NOW,
        skew: CLOCK_SKEW_ALLOWANCE_SECS,
    }
}

/// The app's pipeline: decode, algorithm, key, signature, claims.
fn validate_in(token: &str, jwks: &Jwks, expect: &IdExpectations<'_>) -> Result<IdClaims, JwtError> {
    let jwt = decode(token)?;
    check_algorithm(&jwt)?;
    let key = jwks.select(&jwt).ok_or(JwtError::UnknownKey)?;
    let public = RsaPublicKey::new(
        BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(&key.n).unwrap()),
        BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(&key.e).unwrap()),
    )
    .unwrap();
    let sig = Signature::try_from(jwt.signature.as_slice()).map_err(|_| JwtError::BadSignature)?;
    VerifyingKey::<Sha256>::new(public)
        .verify(jwt.signing_input.as_bytes(), &sig)
        .map_err(|_| JwtError::BadSignature)?;
    validate_id_claims(&jwt, expect)
}

fn validate(token: &str) -> Result<IdClaims, JwtError> {
    validate_in(token, &jwks(), &expectations())
}

#[test]
fn accepts_a_valid_cognito_id_token() {
    let c = validate(&sign(&claims())).unwrap();
    assert_eq!(c.sub, "9a099d29-0000-4000-8000-000000000001");
    assert_eq!(c.username, "alice@example.com");
    assert_eq!(c.email.as_deref(), Some("alice@example.com"));
    assert_eq!(c.email_verified, Some(true));
    assert_eq!(c.groups, vec!["admins"]);
    assert_eq!(c.expires_at, NOW + 3600);
}

#[test]
fn step_1_rejects_malformed_tokens() {
    assert_eq!(validate("not.a.jwt").unwrap_err(), JwtError::Malformed);
    assert_eq!(validate("").unwrap_err(), JwtError::Malformed);
}

#[test]
fn step_2_rejects_alg_none() {
    let token = format!("{}.{}.", b64json(&json!({"alg": "none"})), b64json(&claims()));
    assert_eq!(validate(&token).unwrap_err(), JwtError::UnsupportedAlgorithm("none".into()));
}

#[test]
fn step_2_rejects_hs256_signed_with_the_public_key() {
    // Algorithm confusion: HMAC keyed with the RSA public key's bytes.
    let header = b64json(&json!({"kid": "id-key", "alg": "HS256"}));
    let token = format!("{header}.{}.{}", b64json(&claims()), URL_SAFE_NO_PAD.encode([0u8; 32]));
    assert_eq!(validate(&token).unwrap_err(), JwtError::UnsupportedAlgorithm("HS256".into()));
}

#[test]
fn step_3_rejects_an_unknown_kid() {
    let token = sign_with(&keys().0, &json!({"kid": "rotated-away", "alg": "RS256"}), &claims());
    assert_eq!(validate(&token).unwrap_err(), JwtError::UnknownKey);
}

#[test]
fn step_3_kid_absent_single_key_accepted_several_keys_rejected() {
    let token = sign_with(&keys().0, &json!({"alg": "RS256"}), &claims());
    let single = Jwks { keys: vec![jwk(&keys().0, "id-key")] };
    assert!(validate_in(&token, &single, &expectations()).is_ok());
    assert_eq!(validate(&token).unwrap_err(), JwtError::UnknownKey);
}

#[test]
fn step_4_rejects_a_bad_signature() {
    let token = sign(&claims());
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(sig).unwrap();
    bytes[10] ^= 0x01;
    let flipped = format!("{input}.{}", URL_SAFE_NO_PAD.encode(bytes));
    assert_eq!(validate(&flipped).unwrap_err(), JwtError::BadSignature);
    // Signed by the other (access) key but claiming the ID key's kid.
    let wrong_key = sign_with(&keys().1, &json!({"kid": "id-key", "alg": "RS256"}), &claims());
    assert_eq!(validate(&wrong_key).unwrap_err(), JwtError::BadSignature);
    // A changed payload under the original signature.
    let (_, payload_sig) = token.split_once('.').unwrap();
    let (_, original_sig) = payload_sig.split_once('.').unwrap();
    let header = token.split('.').next().unwrap();
    let forged = format!("{header}.{}.{original_sig}", b64json(&with(&[("sub", json!("someone-else"))])));
    assert_eq!(validate(&forged).unwrap_err(), JwtError::BadSignature);
}

#[test]
fn step_5_rejects_a_wrong_issuer() {
    let err = validate(&sign(&with(&[("iss", json!("https://evil.example/us-east-1_Test"))]))).unwrap_err();
    assert!(matches!(err, JwtError::WrongIssuer { .. }));
    assert_eq!(validate(&sign(&with(&[("iss", Value::Null)]))).unwrap_err(), JwtError::MissingClaim("iss"));
}

#[test]
fn step_6_rejects_a_wrong_or_missing_audience() {
    assert_eq!(validate(&sign(&with(&[("aud", json!("other-client"))]))).unwrap_err(), JwtError::WrongAudience);
    assert_eq!(validate(&sign(&with(&[("aud", Value::Null)]))).unwrap_err(), JwtError::MissingClaim("aud"));
    assert_eq!(validate(&sign(&with(&[("aud", json!(["x", CLIENT]))]))).unwrap_err(), JwtError::WrongAudience);
    assert!(validate(&sign(&with(&[("aud", json!([CLIENT]))]))).is_ok());
    assert!(validate(&sign(&with(&[("aud", json!(["x", CLIENT])), ("azp", json!(CLIENT))]))).is_ok());
    assert_eq!(validate(&sign(&with(&[("azp", json!("other"))]))).unwrap_err(), JwtError::WrongAudience);
}

#[test]
fn step_7_rejects_an_access_token_in_place_of_an_id_token() {
    assert_eq!(
        validate(&sign(&with(&[("token_use", json!("access"))]))).unwrap_err(),
        JwtError::WrongTokenUse { expected: "id", actual: "access".into() }
    );
}

#[test]
fn step_8_rejects_an_expired_token_with_a_skew_allowance() {
    assert_eq!(validate(&sign(&with(&[("exp", json!(NOW - 3600))]))).unwrap_err(), JwtError::Expired);
    assert!(validate(&sign(&with(&[("exp", json!(NOW - CLOCK_SKEW_ALLOWANCE_SECS + 1))]))).is_ok());
    assert_eq!(validate(&sign(&with(&[("exp", Value::Null)]))).unwrap_err(), JwtError::MissingClaim("exp"));
}

#[test]
fn step_9_rejects_a_missing_or_future_iat() {
    assert_eq!(validate(&sign(&with(&[("iat", Value::Null)]))).unwrap_err(), JwtError::MissingClaim("iat"));
    assert_eq!(validate(&sign(&with(&[("iat", json!(NOW + 3600))]))).unwrap_err(), JwtError::IssuedInFuture);
    assert!(validate(&sign(&with(&[("iat", json!(NOW + CLOCK_SKEW_ALLOWANCE_SECS))]))).is_ok());
}

#[test]
fn step_10_rejects_a_missing_sub() {
    assert_eq!(validate(&sign(&with(&[("sub", Value::Null)]))).unwrap_err(), JwtError::MissingClaim("sub"));
}

#[test]
fn step_11_rejects_a_wrong_or_missing_nonce() {
    assert_eq!(validate(&sign(&with(&[("nonce", json!("other"))]))).unwrap_err(), JwtError::NonceMismatch);
    assert_eq!(validate(&sign(&with(&[("nonce", Value::Null)]))).unwrap_err(), JwtError::NonceMismatch);
    // On refresh no nonce is expected.
    let refresh = IdExpectations { nonce: None, ..expectations() };
    assert!(validate_in(&sign(&with(&[("nonce", Value::Null)])), &jwks(), &refresh).is_ok());
}

#[test]
fn step_12_rejects_a_wrong_at_hash_and_accepts_none() {
    assert_eq!(
        validate(&sign(&with(&[("at_hash", json!(at_hash("another-access-token")))]))).unwrap_err(),
        JwtError::AtHashMismatch
    );
    assert!(validate(&sign(&with(&[("at_hash", Value::Null)]))).is_ok());
}

#[test]
fn access_token_checks() {
    let access = |changes: &[(&str, Value)]| {
        let mut c = json!({"sub": "s", "iss": ISSUER, "client_id": CLIENT, "token_use": "access",
            "scope": "openid email", "exp": NOW + 3600, "iat": NOW, "version": 2, "username": "alice"});
        for (k, v) in changes {
            c[*k] = v.clone();
        }
        let token = sign_with(&keys().1, &json!({"kid": "access-key", "alg": "RS256"}), &c);
        let jwt = decode(&token).unwrap();
        check_algorithm(&jwt)?;
        assert!(jwks().select(&jwt).is_some());
        validate_access_claims(&jwt, ISSUER, CLIENT, NOW, CLOCK_SKEW_ALLOWANCE_SECS)
    };
    assert_eq!(access(&[]).unwrap().scope, "openid email");
    assert_eq!(access(&[("client_id", json!("other"))]).unwrap_err(), JwtError::WrongClient);
    assert_eq!(
        access(&[("token_use", json!("id"))]).unwrap_err(),
        JwtError::WrongTokenUse { expected: "access", actual: "id".into() }
    );
    assert!(matches!(access(&[("iss", json!("https://x"))]).unwrap_err(), JwtError::WrongIssuer { .. }));
    assert_eq!(access(&[("exp", json!(NOW - 3600))]).unwrap_err(), JwtError::Expired);
}

#[test]
fn refreshed_id_token_must_keep_sub_and_auth_time() {
    use cognito_login_core::auth::validate::check_same_session;
    let refresh = IdExpectations { nonce: None, ..expectations() };
    let first = validate(&sign(&claims())).unwrap();
    let same = validate_in(&sign(&with(&[("nonce", Value::Null), ("iat", json!(NOW))])), &jwks(), &refresh).unwrap();
    assert_eq!(check_same_session(&first, &same), Ok(()));
    let other_user = validate_in(&sign(&with(&[("sub", json!("other"))])), &jwks(), &refresh).unwrap();
    assert_eq!(check_same_session(&first, &other_user), Err(JwtError::SessionChanged("sub")));
    let other_login = validate_in(&sign(&with(&[("auth_time", json!(NOW))])), &jwks(), &refresh).unwrap();
    assert_eq!(check_same_session(&first, &other_login), Err(JwtError::SessionChanged("auth_time")));
}
