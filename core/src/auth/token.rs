//! Token endpoint requests and responses (RFC 6749 §4.1.3, §5, §6;
//! docs/COGNITO.md "Token endpoint") and revocation (RFC 7009, docs/COGNITO.md "Revocation").

use serde::Deserialize;

use super::login::PendingLogin;
use super::oauth_error::OAuthErrorCode;
use super::secret::{AccessToken, IdToken, RefreshToken};
use crate::config::Config;
use crate::form;
use crate::io::JsonError;

/// A form POST the browser shell sends: `application/x-www-form-urlencoded`,
/// no other headers (a CORS "simple" request, no preflight), no
/// credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct FormPost {
    /// Where to send it.
    pub url: String,
    /// The encoded body. Holds secrets: never log it.
    pub body: String,
}

impl std::fmt::Debug for FormPost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormPost").field("url", &self.url).field("body", &"[redacted]").finish()
    }
}

/// Redeems an authorization code (public client: `client_id` in the body,
/// no secret; the same `redirect_uri` as at `/oauth2/authorize`).
pub fn code_exchange(config: &Config, token_endpoint: &str, code: &str, pending: &PendingLogin) -> FormPost {
    FormPost {
        url: token_endpoint.to_string(),
        body: form::encode_pairs([
            ("grant_type", "authorization_code"),
            ("client_id", config.client_id.as_str()),
            ("code", code),
            ("redirect_uri", config.redirect_uri.as_str()),
            ("code_verifier", pending.verifier.secret().as_str()),
        ]),
    }
}

/// Refreshes the tokens (docs/COGNITO.md "Token endpoint": no `scope`, no `redirect_uri`).
pub fn refresh_request(config: &Config, token_endpoint: &str, refresh_token: &RefreshToken) -> FormPost {
    FormPost {
        url: token_endpoint.to_string(),
        body: form::encode_pairs([
            ("grant_type", "refresh_token"),
            ("client_id", config.client_id.as_str()),
            ("refresh_token", refresh_token.secret().as_str()),
        ]),
    }
}

/// Revokes a refresh token (and the tokens it issued).
pub fn revoke_request(config: &Config, revocation_endpoint: &str, refresh_token: &RefreshToken) -> FormPost {
    FormPost {
        url: revocation_endpoint.to_string(),
        body: form::encode_pairs([
            ("token", refresh_token.secret().as_str()),
            ("client_id", config.client_id.as_str()),
        ]),
    }
}

/// A successful token response.
#[derive(Debug, Clone)]
pub struct TokenResponse {
    /// The access token.
    pub access_token: AccessToken,
    /// The ID token (always requested: `openid` is mandatory in the config).
    pub id_token: IdToken,
    /// The refresh token: on the code grant, and on refresh with rotation.
    pub refresh_token: Option<RefreshToken>,
    /// Access token lifetime in seconds.
    pub expires_in: i64,
}

/// Why the token endpoint did not give us usable tokens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The endpoint answered with an OAuth error (RFC 6749 §5.2).
    #[error("HTTP {status}, error={error}")]
    Provider {
        /// The `error` code.
        error: OAuthErrorCode,
        /// The HTTP status.
        status: u16,
    },
    /// The request did not complete.
    #[error("request failed")]
    Network(#[source] crate::io::NetError),
    /// The answer is not a token response.
    #[error("unexpected answer (HTTP {status})")]
    InvalidResponse {
        /// The HTTP status.
        status: u16,
        /// What is wrong with it.
        #[source]
        problem: ResponseProblem,
    },
    /// The service is throttling (`429`, or Cognito's `400` naming
    /// `TooManyRequestsException`: docs/COGNITO.md "Throttling and
    /// middleboxes"). It passes.
    #[error("throttled (HTTP {status})")]
    Throttled {
        /// The HTTP status.
        status: u16,
    },
    /// `token_type` is not Bearer.
    #[error("token_type {0:?}, not Bearer")]
    NotBearer(String),
    /// No ID token in the response.
    #[error("no id_token")]
    MissingIdToken,
}

/// What is wrong with an answer that is not a token response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseProblem {
    /// An error status whose body is not JSON (a proxy's or a WAF's page).
    #[error("error answer is not JSON")]
    NotJson(#[source] JsonError),
    /// A success status whose body does not parse as a token response.
    #[error("not a token response")]
    NotATokenResponse(#[source] JsonError),
    /// An error status without an OAuth `error` code.
    #[error("no error code")]
    NoErrorCode,
    /// No `access_token`.
    #[error("no access_token")]
    NoAccessToken,
    /// No positive `expires_in`.
    #[error("no valid expires_in")]
    NoExpiresIn,
}

/// Reads the token endpoint's answer. `require_refresh` is true for the code
/// grant.
pub fn parse_token_response(status: u16, body: &str) -> Result<TokenResponse, TokenError> {
    #[derive(Deserialize)]
    struct Raw {
        access_token: Option<String>,
        id_token: Option<String>,
        refresh_token: Option<String>,
        token_type: Option<String>,
        expires_in: Option<i64>,
        error: Option<String>,
        #[serde(rename = "__type")]
        kind: Option<String>,
        code: Option<String>,
    }
    let invalid = |problem: ResponseProblem| TokenError::InvalidResponse { status, problem };
    let throttling = |name: &Option<String>| name.as_deref().is_some_and(|n| n.ends_with("TooManyRequestsException"));
    let raw: Raw = match serde_json::from_str(body) {
        Ok(raw) => raw,
        Err(_) if status == 429 => return Err(TokenError::Throttled { status }),
        Err(e) if !(200..300).contains(&status) => return Err(invalid(ResponseProblem::NotJson(e.into()))),
        Err(e) => return Err(invalid(ResponseProblem::NotATokenResponse(e.into()))),
    };
    if !(200..300).contains(&status) && (status == 429 || throttling(&raw.kind) || throttling(&raw.code)) {
        return Err(TokenError::Throttled { status });
    }
    if let Some(error) = raw.error {
        return Err(TokenError::Provider { error: OAuthErrorCode::parse(&error), status });
    }
    if !(200..300).contains(&status) {
        return Err(invalid(ResponseProblem::NoErrorCode));
    }
    let token_type = raw.token_type.unwrap_or_default();
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(TokenError::NotBearer(token_type));
    }
    let access_token =
        raw.access_token.filter(|t| !t.is_empty()).ok_or_else(|| invalid(ResponseProblem::NoAccessToken))?;
    let id_token = raw.id_token.filter(|t| !t.is_empty()).ok_or(TokenError::MissingIdToken)?;
    let expires_in = raw.expires_in.filter(|e| *e > 0).ok_or_else(|| invalid(ResponseProblem::NoExpiresIn))?;
    Ok(TokenResponse {
        access_token: AccessToken::new(access_token),
        id_token: IdToken::new(id_token),
        refresh_token: raw.refresh_token.filter(|t| !t.is_empty()).map(RefreshToken::new),
        expires_in,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::login::PENDING_LOGIN_RANDOM_BYTES;
    use crate::config::PageLocation;

    fn config() -> Config {
        let page = PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() };
        Config::from_json(r#"{"userPoolId":"us-east-1_A","clientId":"client1"}"#, &page).unwrap()
    }

    #[test]
    fn exact_requests() {
        let p = PendingLogin::new(&[1u8; PENDING_LOGIN_RANDOM_BYTES], "/", 0);
        let r = code_exchange(&config(), "https://d/oauth2/token", "the-code", &p);
        assert_eq!(r.url, "https://d/oauth2/token");
        assert_eq!(
            r.body,
            format!(
                "grant_type=authorization_code&client_id=client1&code=the-code\
                 &redirect_uri=http%3A%2F%2Flocalhost%3A8585%2Fcallback&code_verifier={}",
                p.verifier.secret()
            )
        );
        assert!(!format!("{r:?}").contains(p.verifier.secret()));
        let rt = RefreshToken::new("r+t".into());
        assert_eq!(
            refresh_request(&config(), "u", &rt).body,
            "grant_type=refresh_token&client_id=client1&refresh_token=r%2Bt"
        );
        assert_eq!(revoke_request(&config(), "u", &rt).body, "token=r%2Bt&client_id=client1");
    }

    #[test]
    fn success() {
        let r = parse_token_response(
            200,
            r#"{"access_token":"a","id_token":"i","refresh_token":"r","token_type":"Bearer","expires_in":3600}"#,
        )
        .unwrap();
        assert_eq!(r.access_token.secret(), "a");
        assert_eq!(r.id_token.secret(), "i");
        assert_eq!(r.refresh_token.unwrap().secret(), "r");
        assert_eq!(r.expires_in, 3600);
        let r =
            parse_token_response(200, r#"{"access_token":"a","id_token":"i","token_type":"bearer","expires_in":5}"#)
                .unwrap();
        assert!(r.refresh_token.is_none());
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse_token_response(400, r#"{"error":"invalid_grant"}"#).unwrap_err(),
            TokenError::Provider { error: OAuthErrorCode::InvalidGrant, status: 400 }
        );
        assert!(matches!(parse_token_response(502, "<html>"), Err(TokenError::InvalidResponse { status: 502, .. })));
        assert_eq!(
            parse_token_response(200, r#"{"access_token":"a","token_type":"Bearer","expires_in":5}"#).unwrap_err(),
            TokenError::MissingIdToken
        );
        assert_eq!(
            parse_token_response(200, r#"{"access_token":"a","id_token":"i","token_type":"mac","expires_in":5}"#)
                .unwrap_err(),
            TokenError::NotBearer("mac".into())
        );
        assert!(matches!(
            parse_token_response(200, r#"{"id_token":"i","token_type":"Bearer","expires_in":5}"#),
            Err(TokenError::InvalidResponse { .. })
        ));
    }

    #[test]
    fn throttling_is_named_whatever_its_shape() {
        for (status, body) in [
            (429, ""),
            (429, r#"{"error":"invalid_grant"}"#),
            (400, r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#),
            (400, r#"{"__type":"com.amazonaws.cognito#TooManyRequestsException"}"#),
            (400, r#"{"code":"TooManyRequestsException"}"#),
        ] {
            assert_eq!(parse_token_response(status, body).unwrap_err(), TokenError::Throttled { status }, "{body}");
        }
        // Not throttling: an OAuth error, a WAF's JSON 403, a 200 that names it.
        assert!(matches!(parse_token_response(400, r#"{"error":"invalid_grant"}"#), Err(TokenError::Provider { .. })));
        assert!(matches!(
            parse_token_response(403, r#"{"message":"Forbidden"}"#),
            Err(TokenError::InvalidResponse { status: 403, .. })
        ));
        assert!(matches!(
            parse_token_response(200, r#"{"__type":"TooManyRequestsException"}"#),
            Err(TokenError::NotBearer(_))
        ));
    }
}
