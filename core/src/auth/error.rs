//! What can go wrong while signing in or out, and what the user can do
//! about it.

use super::callback::CallbackError;
use super::endpoints::DiscoveryError;
use super::token::TokenError;
use super::validate::JwtError;

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
}

/// Everything that can stop a sign-in or sign-out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The provider's endpoints could not be found.
    #[error("Sign-in is unavailable: {0}.")]
    Discovery(#[from] DiscoveryError),
    /// The redirect back from Cognito cannot be used.
    #[error("Sign-in failed: {0}")]
    Callback(#[from] CallbackError),
    /// The token endpoint did not give usable tokens.
    #[error("Sign-in failed: {0}")]
    Token(#[from] TokenError),
    /// The ID token failed a validation step.
    #[error("Sign-in failed: the ID token {0}. It was discarded.")]
    IdToken(JwtError),
    /// The access token failed a validation step.
    #[error("Sign-in failed: the access token {0}. It was discarded.")]
    AccessToken(JwtError),
    /// Refreshing the tokens failed for good (revoked or expired refresh
    /// token, or a token that fails validation): the session is over.
    #[error("Your session has ended: {0}")]
    SessionEnded(String),
    /// The local clock is too far from the provider's.
    #[error("Sign-in stopped: {0}.")]
    Clock(#[from] super::timing::ClockError),
    /// The browser refused something the sign-in needs (storage, crypto).
    #[error("Sign-in is unavailable in this browser: {0}")]
    Browser(String),
    /// The browser is offline, so the sign-in service cannot be reached.
    #[error("You are offline. Signing in needs a connection to the sign-in service.")]
    Offline,
}

impl AuthError {
    /// What the user (or the operator) can do next.
    pub fn next_step(&self) -> NextStep {
        match self {
            AuthError::Discovery(DiscoveryError::IssuerMismatch { .. } | DiscoveryError::Invalid { .. }) => {
                NextStep::FixConfiguration
            }
            AuthError::Discovery(_) => NextStep::Retry,
            AuthError::Callback(CallbackError::Provider { error, .. }) => match error.as_str() {
                "unauthorized_client" | "invalid_scope" | "unsupported_response_type" => NextStep::FixConfiguration,
                "server_error" | "temporarily_unavailable" => NextStep::Retry,
                _ => NextStep::SignInAgain,
            },
            AuthError::Token(TokenError::Provider { error, .. }) => match error.as_str() {
                "invalid_client" | "unauthorized_client" | "unsupported_grant_type" => NextStep::FixConfiguration,
                _ => NextStep::SignInAgain,
            },
            AuthError::Token(TokenError::MissingIdToken) => NextStep::FixConfiguration,
            AuthError::Clock(_) => NextStep::FixClock,
            AuthError::Offline => NextStep::Retry,
            AuthError::IdToken(JwtError::KeysUnavailable(_)) | AuthError::AccessToken(JwtError::KeysUnavailable(_)) => {
                NextStep::Retry
            }
            _ => NextStep::SignInAgain,
        }
    }

    /// True when the error ends an existing session (rather than a sign-in
    /// attempt).
    pub fn ends_session(&self) -> bool {
        matches!(self, AuthError::SessionEnded(_))
    }

    /// True for errors the provider reported (an `error=` on the callback,
    /// a token endpoint error) or its metadata: the setup checker can tell
    /// which console setting causes them.
    pub fn from_provider(&self) -> bool {
        matches!(
            self,
            AuthError::Callback(CallbackError::Provider { .. })
                | AuthError::Token(TokenError::Provider { .. })
                | AuthError::Discovery(_)
        )
    }

    /// Shown next to the error: the provider's `error_description`, as
    /// plain text.
    pub fn details(&self) -> Option<&str> {
        match self {
            AuthError::Callback(CallbackError::Provider { description, .. }) => description.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_steps() {
        let provider = |e: &str| AuthError::Callback(CallbackError::Provider { error: e.into(), description: None });
        assert_eq!(provider("access_denied").next_step(), NextStep::SignInAgain);
        assert_eq!(provider("invalid_scope").next_step(), NextStep::FixConfiguration);
        assert_eq!(provider("server_error").next_step(), NextStep::Retry);
        let token = |e: &str| AuthError::Token(TokenError::Provider { error: e.into(), status: 400 });
        assert_eq!(token("invalid_grant").next_step(), NextStep::SignInAgain);
        assert_eq!(token("invalid_client").next_step(), NextStep::FixConfiguration);
        assert_eq!(AuthError::Offline.next_step(), NextStep::Retry);
        assert_eq!(AuthError::IdToken(JwtError::BadSignature).next_step(), NextStep::SignInAgain);
        let text = AuthError::IdToken(JwtError::BadSignature).to_string();
        assert_eq!(text, "Sign-in failed: the ID token has an invalid signature. It was discarded.");
    }
}
