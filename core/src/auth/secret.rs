//! Secrets. Their `Debug` prints `[redacted]`, so a token never reaches a
//! log or a panic message by accident; the value is read only through
//! `secret()`.

use serde::{Deserialize, Serialize};

pub use oauth2::{AccessToken, PkceCodeVerifier, RefreshToken};

/// An OIDC ID token (a compact JWT).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdToken(String);

impl IdToken {
    /// Wraps a compact JWT.
    pub fn new(token: String) -> Self {
        IdToken(token)
    }

    /// The JWT itself.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for IdToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdToken([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let id = IdToken::new("eyJhbGciOiJSUzI1NiJ9.e30.c2ln".into());
        let access = AccessToken::new("access-secret".into());
        let refresh = RefreshToken::new("refresh-secret".into());
        let verifier = PkceCodeVerifier::new("verifier-secret".into());
        let all = format!("{id:?} {access:?} {refresh:?} {verifier:?}");
        for secret in ["eyJ", "access-secret", "refresh-secret", "verifier-secret"] {
            assert!(!all.contains(secret), "{all}");
        }
        assert!(all.contains("[redacted]"));
    }
}
