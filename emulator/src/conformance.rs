//! The conformance modes: deliberate ways a hostile or broken provider
//! answers, each mirroring a module of the OpenID RP conformance suite
//! (the `oidcc-client-test-*` modules, listed in docs/SECURITY.md). Switched per pool with
//! `Pool::set_token_mode`; `None` is a faithful Cognito.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1::EncodeRsaPublicKey;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::faults::TokenMode;
use crate::jwt::{at_hash, SigningKeyPair};
use crate::state::Keys;

/// HMAC-SHA256 (RFC 2104), for the algorithm-confusion mode only.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut k = if key.len() > 64 { Sha256::digest(key).to_vec() } else { key.to_vec() };
    k.resize(64, 0);
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new().chain_update(&ipad).chain_update(message).finalize();
    Sha256::new().chain_update(&opad).chain_update(inner).finalize().to_vec()
}

fn encode(header: &Value, claims: &Value) -> String {
    format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()))
}

/// Changes the ID token's claims as the mode says.
pub(crate) fn alter_id_claims(mode: Option<TokenMode>, id: &mut Map<String, Value>, now: i64, refresh: bool) {
    match mode {
        Some(TokenMode::WrongIssuer) => {
            id.insert("iss".into(), json!("https://evil.example/us-east-1_Evil"));
        }
        Some(TokenMode::WrongAudience) => {
            id.insert("aud".into(), json!("another-client-id"));
        }
        Some(TokenMode::MissingIat) => {
            id.remove("iat");
        }
        Some(TokenMode::IatInFuture) => {
            id.insert("iat".into(), json!(now + 7200));
            id.insert("exp".into(), json!(now + 10800));
        }
        Some(TokenMode::Expired) => {
            // Recently issued and already expired: an offset estimated from
            // `iat` (400 s) is plausible, so only a check against the
            // browser's own clock refuses it.
            id.insert("iat".into(), json!(now - 400));
            id.insert("exp".into(), json!(now - 340));
        }
        Some(TokenMode::IssuedTenMinutesAgo) => {
            id.insert("iat".into(), json!(now - 600));
        }
        Some(TokenMode::MissingSub) => {
            id.remove("sub");
        }
        Some(TokenMode::WrongNonce) => {
            id.insert("nonce".into(), json!("not-the-nonce-of-this-sign-in"));
        }
        Some(TokenMode::MissingNonce) => {
            id.remove("nonce");
        }
        Some(TokenMode::WrongAtHash) => {
            id.insert("at_hash".into(), json!(at_hash("another-access-token")));
        }
        Some(TokenMode::IdTokenUseAccess) => {
            id.insert("token_use".into(), json!("access"));
        }
        Some(TokenMode::RefreshOtherSub) if refresh => {
            id.insert("sub".into(), json!(crate::uuid()));
        }
        _ => {}
    }
}

/// Changes the access token's claims as the mode says.
pub(crate) fn alter_access_claims(mode: Option<TokenMode>, access: &mut Map<String, Value>, now: i64) {
    match mode {
        Some(TokenMode::AccessTokenOtherClient) => {
            access.insert("client_id".into(), json!("another-client-id"));
        }
        Some(TokenMode::IssuedTenMinutesAgo) => {
            access.insert("iat".into(), json!(now - 600));
        }
        _ => {}
    }
}

/// Signs a token the way the mode says (`id` tells which key it normally
/// uses).
pub(crate) fn sign(mode: Option<TokenMode>, keys: &Keys, claims: Map<String, Value>, id: bool) -> String {
    let claims = Value::Object(claims);
    let unpublished;
    let key: &SigningKeyPair = match mode {
        Some(TokenMode::UnpublishedKey) => {
            unpublished = crate::jwt::unpublished_key();
            &unpublished
        }
        Some(TokenMode::KidAbsentSingleKey) => &keys.id,
        _ if id => &keys.id,
        _ => &keys.access,
    };
    match mode {
        Some(TokenMode::BadSignature) if id => {
            let token = key.sign(&claims);
            let (input, sig) = token.rsplit_once('.').expect("three parts");
            let mut bytes = URL_SAFE_NO_PAD.decode(sig).expect("base64url");
            bytes[7] ^= 0x01;
            format!("{input}.{}", URL_SAFE_NO_PAD.encode(bytes))
        }
        Some(TokenMode::AlgNone) if id => format!("{}.", encode(&json!({"alg": "none"}), &claims)),
        Some(TokenMode::Hs256WithPublicKey) if id => {
            let input = encode(&json!({"kid": key.kid, "alg": "HS256"}), &claims);
            let secret = key.public().to_pkcs1_der().map(|d| d.as_bytes().to_vec()).unwrap_or_default();
            format!("{input}.{}", URL_SAFE_NO_PAD.encode(hmac_sha256(&secret, input.as_bytes())))
        }
        Some(TokenMode::KidAbsentSingleKey | TokenMode::KidAbsentMultipleKeys) => {
            key.sign_with_header(r#"{"alg":"RS256"}"#, &claims)
        }
        _ => key.sign(&claims),
    }
}

/// The keys the JWKS publishes.
pub(crate) fn published(mode: Option<TokenMode>, keys: &Keys) -> Vec<&SigningKeyPair> {
    if mode == Some(TokenMode::KidAbsentSingleKey) {
        return vec![&keys.id];
    }
    [&keys.id, &keys.access].into_iter().chain(keys.retired.iter()).collect()
}

/// Changes the token response body as the mode says.
pub(crate) fn alter_token_response(mode: Option<TokenMode>, body: &mut Value) {
    match mode {
        Some(TokenMode::MissingIdToken) => {
            if let Some(o) = body.as_object_mut() {
                o.remove("id_token");
            }
        }
        Some(TokenMode::TokenTypeNotBearer) => body["token_type"] = json!("mac"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
