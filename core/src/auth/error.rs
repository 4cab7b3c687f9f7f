//! What can go wrong while signing in, staying signed in or signing out, and
//! what the user can do about it: data (the words are `words::en`'s).

use super::callback::CallbackError;
use super::endpoints::DiscoveryError;
use super::jwt::JwtError;
use super::oauth_error::{OAuthEndpoint, OAuthErrorCode};
use super::timing::ClockError;
use super::token::TokenError;
use crate::io::BrowserError;

pub use super::oauth_error::NextStep;

/// Everything that can stop a sign-in or end a session. Its `Display` is
/// short technical English (for logs, with the causes in `source()`);
/// what the user reads is `words::Words::explain`'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The provider's endpoints could not be found.
    #[error("provider discovery failed")]
    Discovery(#[from] DiscoveryError),
    /// The redirect back from Cognito cannot be used.
    #[error("callback refused")]
    Callback(#[from] CallbackError),
    /// The token endpoint did not give usable tokens.
    #[error("token request failed")]
    Token(#[from] TokenError),
    /// The ID token failed a validation step.
    #[error("ID token rejected")]
    IdToken(#[source] JwtError),
    /// The access token failed a validation step.
    #[error("access token rejected")]
    AccessToken(#[source] JwtError),
    /// The session is over: renewing it failed for a reason retrying cannot
    /// change.
    #[error("session ended")]
    SessionEnded(#[source] EndReason),
    /// The local clock is too far from the provider's.
    #[error("clock check failed")]
    Clock(#[from] ClockError),
    /// The browser refused something the sign-in needs (storage, crypto).
    #[error("browser capability missing")]
    Browser(#[from] BrowserError),
    /// The browser is offline, so the sign-in service cannot be reached.
    #[error("offline")]
    Offline,
    /// Cognito refused the scopes this app asks for (`invalid_scope`, or
    /// `invalid_request` saying so): one is not enabled on the app client
    /// (docs/COGNITO.md "Scopes").
    #[error("scopes refused (invalid_scope): {sent}")]
    ScopesRefused {
        /// The scopes sent, space-separated.
        sent: String,
        /// `error_description`, if any (shown as quoted detail).
        description: Option<String>,
    },
    /// The code exchange failed with `invalid_grant` for a sign-in that
    /// sent `resource` (docs/COGNITO.md "Resource binding").
    #[error("tokens refused for resource {resource} (invalid_grant)")]
    ResourceRefused {
        /// The configured `resource`.
        resource: String,
    },
    /// Another tab of this app renews the session and has not delivered
    /// new tokens yet (it retries by itself).
    #[error("another tab is renewing the session")]
    Renewing,
}

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndReason {
    /// The token endpoint refused the refresh token (expired, revoked) or
    /// this client.
    #[error("refresh refused: error={0}")]
    Refused(OAuthErrorCode),
    /// The renewed ID token failed a check.
    #[error("renewed ID token rejected")]
    IdToken(#[source] JwtError),
    /// The renewed access token failed a check.
    #[error("renewed access token rejected")]
    AccessToken(#[source] JwtError),
    /// The token endpoint's answer can never be used (not Bearer, no ID
    /// token).
    #[error("unusable token response")]
    Unusable(#[source] TokenError),
    /// The local clock is too far from the provider's.
    #[error("clock check failed")]
    Clock(#[source] ClockError),
    /// No refresh token was issued, so the session cannot be renewed.
    #[error("no refresh token")]
    NoRefreshToken,
    /// The tab that held the refresh token was closed, and signing in again
    /// without a prompt did not work.
    #[error("refresh token holder closed; silent sign-in failed")]
    HolderGone,
    /// Nobody is signed in any more (signed out while a refresh waited).
    #[error("signed out")]
    SignedOut,
    /// Another tab found that the session ended.
    #[error("ended in another tab ({})", .0.as_str())]
    Elsewhere(EndCode),
}

/// The reason a session ended, as a code other tabs can be told (never
/// text: a tab shows its own words for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EndCode {
    /// The sign-in service refused to renew the session.
    Refused,
    /// Renewed tokens failed validation.
    Invalid,
    /// There was no refresh token.
    NoRefreshToken,
}

impl EndCode {
    /// The code as other tabs are told it.
    pub fn as_str(self) -> &'static str {
        match self {
            EndCode::Refused => "refused",
            EndCode::Invalid => "invalid",
            EndCode::NoRefreshToken => "noRefreshToken",
        }
    }
}

impl EndReason {
    /// The code other tabs are told.
    pub fn code(&self) -> EndCode {
        match self {
            EndReason::Refused(_) => EndCode::Refused,
            EndReason::NoRefreshToken | EndReason::HolderGone | EndReason::SignedOut => EndCode::NoRefreshToken,
            EndReason::Elsewhere(code) => *code,
            _ => EndCode::Invalid,
        }
    }
}

impl AuthError {
    /// What the user (or the operator) can do next.
    pub fn next_step(&self) -> NextStep {
        match self {
            AuthError::Discovery(DiscoveryError::IssuerMismatch { .. } | DiscoveryError::Invalid { .. }) => {
                NextStep::FixConfiguration
            }
            AuthError::Discovery(_) => NextStep::Retry,
            AuthError::Callback(CallbackError::Provider { error, .. }) => error.next_step(OAuthEndpoint::Authorize),
            AuthError::Token(TokenError::Provider { error, .. })
            | AuthError::SessionEnded(EndReason::Refused(error)) => error.next_step(OAuthEndpoint::Token),
            AuthError::Token(TokenError::MissingIdToken)
            | AuthError::SessionEnded(EndReason::Unusable(TokenError::MissingIdToken)) => NextStep::FixConfiguration,
            AuthError::Clock(_) | AuthError::SessionEnded(EndReason::Clock(_)) => NextStep::FixClock,
            AuthError::ScopesRefused { .. } | AuthError::ResourceRefused { .. } => NextStep::FixConfiguration,
            AuthError::Offline | AuthError::Renewing => NextStep::Retry,
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

    /// The OAuth error code the provider sent, and where.
    pub fn provider_code(&self) -> Option<(&OAuthErrorCode, OAuthEndpoint)> {
        match self {
            AuthError::Callback(CallbackError::Provider { error, .. }) => Some((error, OAuthEndpoint::Authorize)),
            AuthError::ScopesRefused { .. } => Some((&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)),
            AuthError::ResourceRefused { .. } => Some((&OAuthErrorCode::InvalidGrant, OAuthEndpoint::Token)),
            AuthError::Token(TokenError::Provider { error, .. })
            | AuthError::SessionEnded(EndReason::Refused(error)) => Some((error, OAuthEndpoint::Token)),
            _ => None,
        }
    }

    /// True for errors the provider reported (an `error=` on the callback,
    /// a token endpoint error) or its metadata: the setup checker can tell
    /// which console setting causes them.
    pub fn from_provider(&self) -> bool {
        self.provider_code().is_some() || matches!(self, AuthError::Discovery(_))
    }

    /// The provider's `error_description`, as plain text (shown next to
    /// the error, framed as the provider's words).
    pub fn details(&self) -> Option<&str> {
        match self {
            AuthError::Callback(CallbackError::Provider { description, .. })
            | AuthError::ScopesRefused { description, .. } => description.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_steps() {
        let provider = |e: &str| {
            AuthError::Callback(CallbackError::Provider { error: OAuthErrorCode::parse(e), description: None })
        };
        assert_eq!(provider("access_denied").next_step(), NextStep::SignInAgain);
        assert_eq!(provider("invalid_scope").next_step(), NextStep::FixConfiguration);
        assert_eq!(provider("server_error").next_step(), NextStep::Retry);
        let token = |e: &str| AuthError::Token(TokenError::Provider { error: OAuthErrorCode::parse(e), status: 400 });
        assert_eq!(token("invalid_grant").next_step(), NextStep::SignInAgain);
        assert_eq!(token("invalid_client").next_step(), NextStep::FixConfiguration);
        assert_eq!(AuthError::Offline.next_step(), NextStep::Retry);
        assert_eq!(AuthError::Renewing.next_step(), NextStep::Retry);
        assert_eq!(AuthError::SessionEnded(EndReason::HolderGone).next_step(), NextStep::SignInAgain);
        assert_eq!(AuthError::IdToken(JwtError::BadSignature).next_step(), NextStep::SignInAgain);
        assert_eq!(
            AuthError::SessionEnded(EndReason::Refused(OAuthErrorCode::InvalidClient)).next_step(),
            NextStep::FixConfiguration
        );
        assert_eq!(
            AuthError::SessionEnded(EndReason::Clock(ClockError { offset_secs: 2000 })).next_step(),
            NextStep::FixClock
        );
        let e = AuthError::IdToken(JwtError::BadSignature);
        assert_eq!(crate::report::chain(&e), "ID token rejected: invalid signature");
    }

    #[test]
    fn ended_sessions_say_why_and_tell_other_tabs_a_code() {
        let refused = AuthError::SessionEnded(EndReason::Refused(OAuthErrorCode::InvalidGrant));
        assert_eq!(crate::report::chain(&refused), "session ended: refresh refused: error=invalid_grant");
        assert!(refused.ends_session());
        assert_eq!(refused.provider_code(), Some((&OAuthErrorCode::InvalidGrant, OAuthEndpoint::Token)));
        let changed = EndReason::IdToken(JwtError::SessionChanged("sub"));
        assert_eq!(crate::report::chain(&changed), "renewed ID token rejected: sub changed since sign-in");
        assert_eq!(changed.code(), EndCode::Invalid);
        assert_eq!(EndReason::Refused(OAuthErrorCode::InvalidGrant).code(), EndCode::Refused);
        assert_eq!(EndReason::NoRefreshToken.code(), EndCode::NoRefreshToken);
        assert_eq!(EndReason::Elsewhere(EndCode::Refused).code(), EndCode::Refused);
        assert!(!AuthError::Offline.ends_session());
        assert!(!AuthError::Renewing.ends_session());
    }
}
