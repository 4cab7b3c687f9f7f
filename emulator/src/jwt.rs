//! RS256 signing keys, the JWKS and JWT signing/verification, shaped like
//! Cognito's (docs/COGNITO.md "Signing keys").

use std::sync::OnceLock;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// One RSA signing key with its Cognito-style `kid`.
#[derive(Clone)]
pub struct SigningKeyPair {
    /// 44-character standard base64 (ends in `=`, may hold `+` and `/`),
    /// like Cognito's.
    pub kid: String,
    private: RsaPrivateKey,
}

impl std::fmt::Debug for SigningKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeyPair").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl SigningKeyPair {
    /// Generates a fresh 2048-bit key.
    pub fn generate() -> Self {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key generation");
        let kid = STANDARD.encode(Sha256::digest(private.n().to_bytes_be()));
        SigningKeyPair { kid, private }
    }

    /// The public half as a JWK.
    pub fn jwk(&self) -> Value {
        json!({
            "alg": "RS256",
            "e": URL_SAFE_NO_PAD.encode(self.private.e().to_bytes_be()),
            "kid": self.kid,
            "kty": "RSA",
            "n": URL_SAFE_NO_PAD.encode(self.private.n().to_bytes_be()),
            "use": "sig",
        })
    }

    /// The public key.
    pub fn public(&self) -> RsaPublicKey {
        self.private.to_public_key()
    }

    /// Signs `header.payload` and returns the compact JWT. The header is
    /// exactly `{"kid":…,"alg":"RS256"}`, as Cognito's (no `typ`).
    pub fn sign(&self, claims: &Value) -> String {
        let header = format!(r#"{{"kid":{},"alg":"RS256"}}"#, Value::String(self.kid.clone()));
        self.sign_with_header(&header, claims)
    }

    /// Signs with an arbitrary header (for conformance faults).
    pub fn sign_with_header(&self, header: &str, claims: &Value) -> String {
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.as_bytes()),
            URL_SAFE_NO_PAD.encode(claims.to_string().as_bytes())
        );
        let key = SigningKey::<Sha256>::new(self.private.clone());
        let signature = key.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// The key pairs a pool starts with. Generating RSA keys costs a noticeable
/// fraction of a second, and tests start many emulators, so instances in one
/// process share their initial keys (a rotation always makes new ones).
pub fn initial_keys() -> (SigningKeyPair, SigningKeyPair) {
    static KEYS: OnceLock<(SigningKeyPair, SigningKeyPair)> = OnceLock::new();
    KEYS.get_or_init(|| (SigningKeyPair::generate(), SigningKeyPair::generate())).clone()
}

/// A key no pool publishes, shared by the instances of one process.
pub fn unpublished_key() -> SigningKeyPair {
    static KEY: OnceLock<SigningKeyPair> = OnceLock::new();
    KEY.get_or_init(SigningKeyPair::generate).clone()
}

/// `at_hash` (OIDC Core §3.3.2.11): base64url of the left half of
/// SHA-256 of the access token.
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// Why a bearer JWT was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtError {
    /// Not three base64url parts of JSON.
    Malformed,
    /// `alg` other than RS256, or an unknown `kid`.
    UnknownKey,
    /// The signature does not verify.
    BadSignature,
}

/// Decodes a compact JWT without verifying it: `(header, claims)`.
pub fn decode(token: &str) -> Result<(Value, Value), JwtError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(_s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(JwtError::Malformed);
    };
    let part = |s: &str| -> Result<Value, JwtError> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| JwtError::Malformed)?;
        serde_json::from_slice(&bytes).map_err(|_| JwtError::Malformed)
    };
    Ok((part(h)?, part(p)?))
}

/// Verifies an RS256 JWT against `keys` and returns its claims.
pub fn verify<'a>(token: &str, keys: impl IntoIterator<Item = &'a SigningKeyPair>) -> Result<Value, JwtError> {
    let (header, claims) = decode(token)?;
    if header.get("alg").and_then(Value::as_str) != Some("RS256") {
        return Err(JwtError::UnknownKey);
    }
    let kid = header.get("kid").and_then(Value::as_str).ok_or(JwtError::UnknownKey)?;
    let key = keys.into_iter().find(|k| k.kid == kid).ok_or(JwtError::UnknownKey)?;
    let (signing_input, sig) = token.rsplit_once('.').ok_or(JwtError::Malformed)?;
    let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| JwtError::Malformed)?;
    let sig = Signature::try_from(sig.as_slice()).map_err(|_| JwtError::BadSignature)?;
    VerifyingKey::<Sha256>::new(key.public())
        .verify(signing_input.as_bytes(), &sig)
        .map_err(|_| JwtError::BadSignature)?;
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kid_shape_and_round_trip() {
        let (k, other) = initial_keys();
        assert_eq!(k.kid.len(), 44);
        assert!(k.kid.ends_with('='));
        assert_ne!(k.kid, other.kid);
        let token = k.sign(&json!({"sub": "x"}));
        let (header, claims) = decode(&token).unwrap();
        assert_eq!(header, json!({"kid": k.kid, "alg": "RS256"}));
        assert_eq!(claims["sub"], "x");
        assert_eq!(verify(&token, [&k]).unwrap()["sub"], "x");
        assert_eq!(verify(&token, [&other]), Err(JwtError::UnknownKey));
        // Change one character in the middle of the signature.
        let mut tampered: Vec<char> = token.chars().collect();
        let i = tampered.len() - 20;
        tampered[i] = if tampered[i] == 'A' { 'B' } else { 'A' };
        let tampered: String = tampered.into_iter().collect();
        assert_eq!(verify(&tampered, [&k]), Err(JwtError::BadSignature));
    }

    #[test]
    fn at_hash_is_left_half() {
        // 16 bytes → 22 base64url characters.
        assert_eq!(at_hash("token").len(), 22);
    }
}
