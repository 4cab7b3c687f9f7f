//! Where the provider's endpoints are: derived from the configured hosted UI
//! domain, or read from OIDC discovery at the issuer (docs/COGNITO.md "Endpoints and the issuer").

use crate::config::Config;
use crate::io::{JsonError, NetError};
use crate::json::{self, Value};

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
        let invalid = |e: json::Error| DiscoveryError::Invalid { url: url.to_string(), source: e.into() };
        let doc = json::parse(body).map_err(invalid)?;
        let Value::Object(doc) = doc else {
            return Err(invalid(json::Error::shape(format!(
                "invalid type: {}, expected struct Doc",
                unexpected(&doc)
            ))));
        };
        let field = |name: &str, required: bool| match doc.get(name) {
            None if required => Err(json::Error::shape(format!("missing field `{name}`"))),
            None => Ok(None),
            Some(Value::Null) if !required => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(json::Error::shape(format!("invalid type: {}, expected a string", unexpected(other)))),
        };
        let required = |name| field(name, true).map(Option::unwrap_or_default).map_err(invalid);
        let optional = |name| field(name, false).map_err(invalid);
        let (issuer, authorization, token) =
            (required("issuer")?, required("authorization_endpoint")?, required("token_endpoint")?);
        let (jwks_uri, revocation) = (optional("jwks_uri")?, optional("revocation_endpoint")?);
        let (logout, userinfo) = (optional("end_session_endpoint")?, optional("userinfo_endpoint")?);
        if issuer.trim_end_matches('/') != expected_issuer {
            return Err(DiscoveryError::IssuerMismatch { expected: expected_issuer.to_string(), actual: issuer });
        }
        Ok(Endpoints {
            authorization,
            token,
            revocation,
            logout,
            userinfo,
            jwks_uri: jwks_uri.unwrap_or_else(|| format!("{expected_issuer}/.well-known/jwks.json")),
        })
    }
}

/// A value where another was expected, in serde's words (`integer `3``).
fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
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
