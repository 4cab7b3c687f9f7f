//! Where the provider's endpoints are: derived from the configured hosted UI
//! domain, or read from OIDC discovery at the issuer (docs/COGNITO.md "Endpoints and the issuer").

use serde::Deserialize;

use crate::config::Config;
use crate::io::{JsonError, NetError};

/// The provider endpoints the app uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// `/oauth2/authorize`.
    pub authorization: String,
    /// `/oauth2/token`.
    pub token: String,
    /// `/oauth2/revoke`, if the provider has one.
    pub revocation: Option<String>,
    /// Cognito's `/logout` (its non-standard `end_session_endpoint`).
    pub logout: Option<String>,
    /// `/oauth2/userInfo`.
    pub userinfo: Option<String>,
    /// The JWKS.
    pub jwks_uri: String,
}

/// Why the provider's metadata could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiscoveryError {
    /// The request for the discovery document got no answer.
    #[error("discovery request to {url} failed")]
    Unreachable {
        /// The discovery URL.
        url: String,
        /// Why.
        source: NetError,
    },
    /// The discovery request was answered with a status other than `200`.
    #[error("discovery at {url} answered HTTP {status}")]
    Status {
        /// The discovery URL.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The discovery document is not what OIDC Discovery specifies.
    #[error("discovery document at {url} is not valid")]
    Invalid {
        /// The discovery URL.
        url: String,
        /// What the parser found.
        source: JsonError,
    },
    /// The document names another issuer than the configured one.
    #[error("discovery names issuer {actual}, expected {expected}")]
    IssuerMismatch {
        /// The configured issuer.
        expected: String,
        /// The document's `issuer`.
        actual: String,
    },
}

/// The discovery URL of an issuer.
pub fn discovery_url(issuer: &str) -> String {
    format!("{issuer}/.well-known/openid-configuration")
}

impl Endpoints {
    /// Cognito's hosted sign-up page (`/signup` on the hosted UI's
    /// domain): it takes the authorize request's parameters and ends at the
    /// callback like a sign-in (docs/COGNITO.md "Hosted journeys").
    pub fn sign_up(&self) -> String {
        // Discovery names another authorize path only off Cognito: its
        // sign-in page (which links to sign-up) is the best left then.
        match self.authorization.strip_suffix("/oauth2/authorize") {
            Some(domain) => format!("{domain}/signup"),
            None => self.authorization.clone(),
        }
    }

    /// Endpoints under a configured hosted UI domain (docs/COGNITO.md "Endpoints and the issuer"); the
    /// JWKS is always on the issuer.
    pub fn from_domain(domain: &str, issuer: &str) -> Endpoints {
        Endpoints {
            authorization: format!("{domain}/oauth2/authorize"),
            token: format!("{domain}/oauth2/token"),
            revocation: Some(format!("{domain}/oauth2/revoke")),
            logout: Some(format!("{domain}/logout")),
            userinfo: Some(format!("{domain}/oauth2/userInfo")),
            jwks_uri: format!("{issuer}/.well-known/jwks.json"),
        }
    }

    /// Endpoints from the configuration alone, when it names a domain.
    pub fn from_config(config: &Config) -> Option<Endpoints> {
        config.domain.as_deref().map(|d| Endpoints::from_domain(d, &config.issuer))
    }

    /// Endpoints from a discovery document, which must name exactly the
    /// configured issuer (OIDC Discovery §4.3).
    pub fn from_discovery(url: &str, body: &str, expected_issuer: &str) -> Result<Endpoints, DiscoveryError> {
        #[derive(Deserialize)]
        struct Doc {
            issuer: String,
            authorization_endpoint: String,
            token_endpoint: String,
            jwks_uri: Option<String>,
            revocation_endpoint: Option<String>,
            end_session_endpoint: Option<String>,
            userinfo_endpoint: Option<String>,
        }
        let doc: Doc = serde_json::from_str(body)
            .map_err(|e| DiscoveryError::Invalid { url: url.to_string(), source: e.into() })?;
        if doc.issuer.trim_end_matches('/') != expected_issuer {
            return Err(DiscoveryError::IssuerMismatch { expected: expected_issuer.to_string(), actual: doc.issuer });
        }
        Ok(Endpoints {
            authorization: doc.authorization_endpoint,
            token: doc.token_endpoint,
            revocation: doc.revocation_endpoint,
            logout: doc.end_session_endpoint,
            userinfo: doc.userinfo_endpoint,
            jwks_uri: doc.jwks_uri.unwrap_or_else(|| format!("{expected_issuer}/.well-known/jwks.json")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A";

    #[test]
    fn from_domain() {
        let e = Endpoints::from_domain("https://p.auth.us-east-1.amazoncognito.com", ISSUER);
        assert_eq!(e.authorization, "https://p.auth.us-east-1.amazoncognito.com/oauth2/authorize");
        assert_eq!(e.userinfo.as_deref(), Some("https://p.auth.us-east-1.amazoncognito.com/oauth2/userInfo"));
        assert_eq!(e.logout.as_deref(), Some("https://p.auth.us-east-1.amazoncognito.com/logout"));
        assert_eq!(e.sign_up(), "https://p.auth.us-east-1.amazoncognito.com/signup");
        let odd = Endpoints { authorization: "https://login.example.com/custom/authorize".into(), ..e.clone() };
        assert_eq!(odd.sign_up(), "https://login.example.com/custom/authorize");
        assert_eq!(e.jwks_uri, format!("{ISSUER}/.well-known/jwks.json"));
    }

    #[test]
    fn from_cognito_discovery() {
        let doc = format!(
            r#"{{"authorization_endpoint":"https://p.auth/oauth2/authorize","end_session_endpoint":"https://p.auth/logout",
            "issuer":"{ISSUER}","jwks_uri":"{ISSUER}/.well-known/jwks.json","token_endpoint":"https://p.auth/oauth2/token",
            "userinfo_endpoint":"https://p.auth/oauth2/userInfo","revocation_endpoint":"https://p.auth/oauth2/revoke"}}"#
        );
        let e = Endpoints::from_discovery("u", &doc, ISSUER).unwrap();
        assert_eq!(e.token, "https://p.auth/oauth2/token");
        assert_eq!(e.logout.as_deref(), Some("https://p.auth/logout"));
    }

    #[test]
    fn old_discovery_without_revocation_or_logout() {
        let doc = format!(r#"{{"authorization_endpoint":"a","issuer":"{ISSUER}","token_endpoint":"t"}}"#);
        let e = Endpoints::from_discovery("u", &doc, ISSUER).unwrap();
        assert_eq!(e.revocation, None);
        assert_eq!(e.logout, None);
        assert_eq!(e.jwks_uri, format!("{ISSUER}/.well-known/jwks.json"));
    }

    #[test]
    fn issuer_mismatch_is_refused() {
        let doc = r#"{"authorization_endpoint":"a","issuer":"https://evil.example","token_endpoint":"t"}"#;
        assert!(matches!(Endpoints::from_discovery("u", doc, ISSUER), Err(DiscoveryError::IssuerMismatch { .. })));
        assert!(matches!(Endpoints::from_discovery("u", "<html>", ISSUER), Err(DiscoveryError::Invalid { .. })));
    }
}
