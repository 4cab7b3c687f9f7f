//! Compact JWTs (RFC 7519) and JWK sets (RFC 7517): decoding and key
//! selection. Signature verification itself happens in the browser shell
//! (WebCrypto); this module prepares exactly what it verifies.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::endpoints::DiscoveryError;
use crate::io::{BrowserError, JsonError, NetError};

/// Why a token was refused (what the user reads is `words::en`'s).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwtError {
    /// Not three base64url parts of JSON.
    #[error("not a well-formed JWT")]
    Malformed,
    /// `alg` other than RS256 (including `none` and `HS256`).
    #[error("alg {0:?}; only RS256 is accepted")]
    UnsupportedAlgorithm(String),
    /// No published key matches (even after fetching the keys again).
    #[error("no published key has its kid")]
    UnknownKey,
    /// The signing keys could not be had.
    #[error("signing keys unavailable")]
    KeysUnavailable(#[source] KeysError),
    /// The RS256 signature does not verify.
    #[error("invalid signature")]
    BadSignature,
    /// WebCrypto refused the key or the check. The browser tells no more
    /// than its own text: kept as it was said (an origin, not a cause
    /// flattened into a string).
    #[error("WebCrypto failed: {browser_says}")]
    Crypto {
        /// What the browser said.
        browser_says: String,
    },
    /// WebCrypto is not there to check the signature.
    #[error("signature not checked")]
    Browser(#[from] BrowserError),
    /// `iss` is not the configured issuer.
    #[error("iss {actual:?}, expected {expected:?}")]
    WrongIssuer {
        /// The configured issuer.
        expected: String,
        /// The token's `iss`.
        actual: String,
    },
    /// `aud` (ID token) does not name this app.
    #[error("aud does not name this client")]
    WrongAudience,
    /// `client_id` (access token) is not this app's.
    #[error("client_id is another client's")]
    WrongClient,
    /// `token_use` is not what this token must be.
    #[error("token_use {actual:?}, expected {expected:?}")]
    WrongTokenUse {
        /// `id` or `access`.
        expected: &'static str,
        /// The token's `token_use`.
        actual: String,
    },
    /// `exp` has passed.
    #[error("expired (exp)")]
    Expired,
    /// `nbf` is later than now.
    #[error("not valid yet (nbf)")]
    NotYetValid,
    /// The access token is about another user than the ID token.
    #[error("sub differs from the ID token's")]
    SubjectMismatch,
    /// `iat` is later than now.
    #[error("issued in the future (iat)")]
    IssuedInFuture,
    /// A required claim is absent.
    #[error("no `{0}` claim")]
    MissingClaim(&'static str),
    /// `nonce` is not the one sent with this sign-in.
    #[error("nonce mismatch")]
    NonceMismatch,
    /// `at_hash` does not match the access token.
    #[error("at_hash mismatch")]
    AtHashMismatch,
    /// `sub` or `auth_time` changed on refresh (OIDC Core §12.2).
    #[error("{0} changed since sign-in")]
    SessionChanged(&'static str),
}

/// Why the provider's signing keys (its JWK set) could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeysError {
    /// The provider's endpoints, and so the JWKS's URL, are unknown:
    /// discovery failed.
    #[error("JWKS URL unknown")]
    NoEndpoints(#[source] DiscoveryError),
    /// The request got no answer.
    #[error("JWKS request failed")]
    Network(#[source] NetError),
    /// The answer's status is not `200`.
    #[error("JWKS at {url} answered HTTP {status}")]
    Status {
        /// The JWKS URL.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The answer is not a JWK set.
    #[error("not a JWK set")]
    NotAJwkSet(#[source] JsonError),
}

/// A decoded, not yet verified, compact JWT. Its `Debug` shows the header
/// only: the claims, the signing input and the signature are the token.
#[derive(Clone)]
pub struct Jwt {
    /// The header's `alg`.
    pub alg: String,
    /// The header's `kid`, if any.
    pub kid: Option<String>,
    /// The claims.
    pub claims: Map<String, Value>,
    /// `base64url(header) "." base64url(payload)`: what the signature
    /// covers.
    pub signing_input: String,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

impl std::fmt::Debug for Jwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jwt").field("alg", &self.alg).field("kid", &self.kid).finish_non_exhaustive()
    }
}

/// Decodes a compact JWS: three base64url parts, JSON header and payload.
pub fn decode(token: &str) -> Result<Jwt, JwtError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(JwtError::Malformed);
    };
    let json = |part: &str| -> Result<Map<String, Value>, JwtError> {
        let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| JwtError::Malformed)?;
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(JwtError::Malformed),
        }
    };
    let header = json(h)?;
    let claims = json(p)?;
    let signature = URL_SAFE_NO_PAD.decode(s).map_err(|_| JwtError::Malformed)?;
    let alg = header.get("alg").and_then(Value::as_str).ok_or(JwtError::Malformed)?.to_string();
    let kid = header.get("kid").and_then(Value::as_str).map(str::to_string);
    Ok(Jwt { alg, kid, claims, signing_input: format!("{h}.{p}"), signature })
}

/// An RSA public key from a JWK set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaJwk {
    /// The key ID.
    pub kid: Option<String>,
    /// Modulus, base64url.
    pub n: String,
    /// Exponent, base64url.
    pub e: String,
}

/// The usable signing keys of a JWK set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jwks {
    /// RSA keys usable for RS256 signatures.
    pub keys: Vec<RsaJwk>,
}

impl Jwks {
    /// Parses a JWK set, keeping only RSA signing keys and ignoring keys it
    /// cannot use (RFC 7517 §5; conformance
    /// `oidcc-client-test-ignores-unparseable-key-in-jwks`).
    pub fn parse(body: &str) -> Result<Jwks, JwtError> {
        #[derive(Deserialize)]
        struct Set {
            keys: Vec<Value>,
        }
        let set: Set = serde_json::from_str(body)
            .map_err(|e| JwtError::KeysUnavailable(KeysError::NotAJwkSet(JsonError::from(e))))?;
        let keys = set
            .keys
            .into_iter()
            .filter_map(|k| {
                let s = |name: &str| k.get(name).and_then(Value::as_str);
                let usable = s("kty") == Some("RSA")
                    && s("use").is_none_or(|u| u == "sig")
                    && s("alg").is_none_or(|a| a == "RS256");
                if !usable {
                    return None;
                }
                Some(RsaJwk { kid: s("kid").map(str::to_string), n: s("n")?.to_string(), e: s("e")?.to_string() })
            })
            .collect();
        Ok(Jwks { keys })
    }

    /// The key for a token: the one with its `kid`; without a `kid`, the
    /// only key if there is exactly one (conformance
    /// `oidcc-client-test-kid-absent-single-jwks`), otherwise none.
    pub fn select(&self, jwt: &Jwt) -> Option<&RsaJwk> {
        match &jwt.kid {
            Some(kid) => self.keys.iter().find(|k| k.kid.as_deref() == Some(kid)),
            None if self.keys.len() == 1 => self.keys.first(),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn decodes_parts() {
        let token = format!("{}.{}.{}", b64(r#"{"kid":"k1","alg":"RS256"}"#), b64(r#"{"sub":"x"}"#), b64("sig"));
        let jwt = decode(&token).unwrap();
        assert_eq!(jwt.alg, "RS256");
        assert_eq!(jwt.kid.as_deref(), Some("k1"));
        assert_eq!(jwt.claims["sub"], "x");
        assert_eq!(jwt.signature, b"sig");
        assert_eq!(jwt.signing_input, token.rsplit_once('.').unwrap().0);
    }

    #[test]
    fn debug_shows_the_header_only() {
        let token =
            format!("{}.{}.{}", b64(r#"{"kid":"k1","alg":"RS256"}"#), b64(r#"{"sub":"secret-sub"}"#), b64("sig"));
        let text = format!("{:?}", decode(&token).unwrap());
        assert!(text.contains("k1") && !text.contains("secret-sub") && !text.contains(&token[..20]), "{text}");
    }

    #[test]
    fn malformed_tokens() {
        let h = b64(r#"{"alg":"RS256"}"#);
        for bad in [
            "".to_string(),
            "a.b".to_string(),
            "a.b.c.d".to_string(),
            format!("{h}.%%%.c"),
            format!("{h}.{}.c", b64("[1]")),
            format!("{}.{}.c", b64(r#"{"kid":"x"}"#), b64("{}")),
            format!("{h}.{}.c", b64("not json")),
        ] {
            assert_eq!(decode(&bad).unwrap_err(), JwtError::Malformed, "{bad}");
        }
    }

    #[test]
    fn jwks_keeps_usable_rsa_keys() {
        let set = Jwks::parse(
            r#"{"keys":[{"kty":"RSA","kid":"a","n":"nn","e":"AQAB","alg":"RS256","use":"sig"},
                {"kty":"AKP","kid":"pq","pub":"x"},{"kty":"EC","kid":"ec","crv":"P-256","x":"1","y":"2"},
                {"kty":"RSA","kid":"enc","n":"n","e":"e","use":"enc"},{"kty":"RSA","kid":"noN","e":"AQAB"},
                {"kty":"RSA","kid":"b","n":"nb","e":"AQAB"}]}"#,
        )
        .unwrap();
        let kids: Vec<_> = set.keys.iter().map(|k| k.kid.as_deref().unwrap()).collect();
        assert_eq!(kids, vec!["a", "b"]);
        assert!(Jwks::parse("[]").is_err());
    }

    #[test]
    fn key_selection() {
        let jwt = |kid: Option<&str>| Jwt {
            alg: "RS256".into(),
            kid: kid.map(str::to_string),
            claims: Map::new(),
            signing_input: String::new(),
            signature: vec![],
        };
        let key = |kid: &str| RsaJwk { kid: Some(kid.into()), n: "n".into(), e: "e".into() };
        let two = Jwks { keys: vec![key("a"), key("b")] };
        assert_eq!(two.select(&jwt(Some("b"))).unwrap().kid.as_deref(), Some("b"));
        assert!(two.select(&jwt(Some("c"))).is_none());
        assert!(two.select(&jwt(None)).is_none(), "no kid and several keys: refuse");
        let one = Jwks { keys: vec![key("a")] };
        assert!(one.select(&jwt(None)).is_some(), "no kid and one key: use it");
    }
}
