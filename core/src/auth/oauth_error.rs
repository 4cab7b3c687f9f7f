//! The OAuth 2.0 / Cognito error codes (RFC 6749 §4.1.2.1 and §5.2, OIDC
//! Core §3.1.2.6, docs/COGNITO.md "Error codes"): one typed enum, read once
//! from the wire, so that no other code matches codes as strings. Each code
//! carries the next step (what it means to the user, and the Cognito
//! console setting behind it, are `words::en`'s).

use std::fmt;

/// What the user can do next about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Start a fresh sign-in.
    SignInAgain,
    /// Wait and retry; the problem is likely temporary.
    Retry,
    /// An operator must fix the configuration (the Cognito app client or
    /// `config.json`).
    FixConfiguration,
    /// The user must set the device's clock right.
    FixClock,
    /// The user must correct what they typed (an API path or method).
    CorrectInput,
}

/// Where an error code came from: the same code means different things on
/// the redirect back from `/oauth2/authorize` and at `/oauth2/token`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OAuthEndpoint {
    /// `error=` on the redirect to the callback.
    Authorize,
    /// The token endpoint's JSON `error` (code exchange or refresh).
    Token,
}

/// An OAuth / OIDC error code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OAuthErrorCode {
    /// `invalid_request`: a parameter is missing, repeated or malformed.
    InvalidRequest,
    /// `invalid_client`: unknown client, or a client with a secret.
    InvalidClient,
    /// `invalid_grant`: the code or refresh token is used, expired, revoked
    /// or unknown (also: `resource` without a resource server).
    InvalidGrant,
    /// `unauthorized_client`: the grant type is not enabled on the client.
    UnauthorizedClient,
    /// `unsupported_grant_type`.
    UnsupportedGrantType,
    /// `unsupported_response_type`.
    UnsupportedResponseType,
    /// `invalid_scope`: a scope the client does not have.
    InvalidScope,
    /// `invalid_request` on the redirect with a description from a
    /// federated identity provider (a social or SAML/OIDC provider failed,
    /// or a first sign-in whose account a trigger links: docs/COGNITO.md
    /// "Identity providers"). On the wire it is `invalid_request`.
    ProviderFailed,
    /// `access_denied`: the user cancelled, or a trigger refused.
    AccessDenied,
    /// `login_required`: `prompt=none` without a session.
    LoginRequired,
    /// `server_error`.
    ServerError,
    /// `temporarily_unavailable`.
    TemporarilyUnavailable,
    /// Any other code, as sent.
    Other(String),
}

impl OAuthErrorCode {
    /// Reads a code as the provider sent it.
    /// The code an error answer means, with its description: real pools
    /// have answered a scope the client lacks with `invalid_request` and
    /// `invalid_scope` as the description (docs/COGNITO.md "Scopes").
    pub fn from_answer(code: &str, description: Option<&str>) -> OAuthErrorCode {
        match OAuthErrorCode::parse(code) {
            OAuthErrorCode::InvalidRequest if description.is_some_and(|d| d.contains("invalid_scope")) => {
                OAuthErrorCode::InvalidScope
            }
            OAuthErrorCode::InvalidRequest if description.is_some_and(is_federation_failure) => {
                OAuthErrorCode::ProviderFailed
            }
            other => other,
        }
    }

    /// Reads an `error` code.
    pub fn parse(code: &str) -> OAuthErrorCode {
        use OAuthErrorCode::*;
        match code {
            "invalid_request" => InvalidRequest,
            "invalid_client" => InvalidClient,
            "invalid_grant" => InvalidGrant,
            "unauthorized_client" => UnauthorizedClient,
            "unsupported_grant_type" => UnsupportedGrantType,
            "unsupported_response_type" => UnsupportedResponseType,
            "invalid_scope" => InvalidScope,
            "access_denied" => AccessDenied,
            "login_required" => LoginRequired,
            "server_error" => ServerError,
            "temporarily_unavailable" => TemporarilyUnavailable,
            other => Other(other.to_string()),
        }
    }

    /// The code as it goes on the wire.
    pub fn as_str(&self) -> &str {
        use OAuthErrorCode::*;
        match self {
            InvalidRequest | ProviderFailed => "invalid_request",
            InvalidClient => "invalid_client",
            InvalidGrant => "invalid_grant",
            UnauthorizedClient => "unauthorized_client",
            UnsupportedGrantType => "unsupported_grant_type",
            UnsupportedResponseType => "unsupported_response_type",
            InvalidScope => "invalid_scope",
            AccessDenied => "access_denied",
            LoginRequired => "login_required",
            ServerError => "server_error",
            TemporarilyUnavailable => "temporarily_unavailable",
            Other(code) => code,
        }
    }

    /// True for the codes that say the provider had a passing problem.
    pub fn is_temporary(&self) -> bool {
        matches!(self, OAuthErrorCode::ServerError | OAuthErrorCode::TemporarilyUnavailable)
    }

    /// What the user (or the operator) can do next.
    pub fn next_step(&self, at: OAuthEndpoint) -> NextStep {
        use OAuthErrorCode::*;
        match (self, at) {
            (UnauthorizedClient | InvalidScope | UnsupportedResponseType, _) => NextStep::FixConfiguration,
            (InvalidClient | UnsupportedGrantType, OAuthEndpoint::Token) => NextStep::FixConfiguration,
            (ServerError | TemporarilyUnavailable, OAuthEndpoint::Authorize) => NextStep::Retry,
            _ => NextStep::SignInAgain,
        }
    }
}

/// A description that a federated identity provider's failure carries:
/// Cognito's own texts for it (`Timeout occurred in calling IdP token
/// endpoint`, `… Error - 400 error getting token`, `Already found an entry
/// for username Google_…`: docs/COGNITO.md "Federated sign-in").
fn is_federation_failure(description: &str) -> bool {
    let d = description.to_ascii_lowercase();
    ["idp", "identity provider", "already found an entry for username", "error getting token", "saml"]
        .iter()
        .any(|needle| d.contains(needle))
}

/// On the wire (and in the setup checker's marker) a code is its string.
impl serde::Serialize for OAuthErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for OAuthErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|code| OAuthErrorCode::parse(&code))
    }
}

impl fmt::Display for OAuthErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [&str; 11] = [
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "unsupported_response_type",
        "invalid_scope",
        "access_denied",
        "login_required",
        "server_error",
        "temporarily_unavailable",
    ];

    #[test]
    fn codes_round_trip_and_unknown_ones_are_kept() {
        for code in ALL {
            let parsed = OAuthErrorCode::parse(code);
            assert!(!matches!(parsed, OAuthErrorCode::Other(_)), "{code}");
            assert_eq!(parsed.as_str(), code);
        }
        assert_eq!(OAuthErrorCode::parse("slow_down"), OAuthErrorCode::Other("slow_down".into()));
        assert_eq!(OAuthErrorCode::parse("slow_down").to_string(), "slow_down");
    }

    #[test]
    fn next_steps_depend_on_where_the_code_came_from() {
        use OAuthEndpoint::*;
        let p = OAuthErrorCode::parse;
        assert_eq!(p("access_denied").next_step(Authorize), NextStep::SignInAgain);
        assert_eq!(p("invalid_scope").next_step(Authorize), NextStep::FixConfiguration);
        assert_eq!(p("server_error").next_step(Authorize), NextStep::Retry);
        assert_eq!(p("invalid_grant").next_step(Token), NextStep::SignInAgain);
        assert_eq!(p("invalid_client").next_step(Token), NextStep::FixConfiguration);
        assert_eq!(p("invalid_client").next_step(Authorize), NextStep::SignInAgain);
        assert_eq!(p("unsupported_grant_type").next_step(Token), NextStep::FixConfiguration);
        assert!(p("temporarily_unavailable").is_temporary());
        assert!(!p("invalid_grant").is_temporary());
    }

    #[test]
    fn a_federated_provider_failure_is_told_apart_from_a_malformed_request() {
        for description in [
            "Timeout occurred in calling IdP token endpoint",
            "Connection reset while calling IdP",
            "Google Error - 400 error getting token",
            "Already found an entry for username Google_1234567890",
            "Invalid SAML response received: SAML Response signature is invalid",
        ] {
            let code = OAuthErrorCode::from_answer("invalid_request", Some(description));
            assert_eq!(code, OAuthErrorCode::ProviderFailed, "{description}");
            assert_eq!(code.as_str(), "invalid_request");
            assert_eq!(code.next_step(OAuthEndpoint::Authorize), NextStep::SignInAgain);
        }
        for description in [None, Some("invalid redirect_uri"), Some("code_challenge is required")] {
            assert_eq!(OAuthErrorCode::from_answer("invalid_request", description), OAuthErrorCode::InvalidRequest);
        }
        // Only `invalid_request` is read this way.
        assert_eq!(
            OAuthErrorCode::from_answer("access_denied", Some("Already found an entry for username Google_1")),
            OAuthErrorCode::AccessDenied
        );
    }
}
