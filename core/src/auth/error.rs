//! What can go wrong while signing in, staying signed in or signing out, and
//! what the user can do about it.

use super::callback::CallbackError;
use super::endpoints::DiscoveryError;
use super::jwt::JwtError;
use super::oauth_error::{OAuthEndpoint, OAuthErrorCode};
use super::timing::ClockError;
use super::token::TokenError;
use crate::io::BrowserError;

pub use super::oauth_error::NextStep;

/// Everything that can stop a sign-in or end a session.
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
    IdToken(#[source] JwtError),
    /// The access token failed a validation step.
    #[error("Sign-in failed: the access token {0}. It was discarded.")]
    AccessToken(#[source] JwtError),
    /// The session is over: renewing it failed for a reason retrying cannot
    /// change.
    #[error("Your session has ended: {0}")]
    SessionEnded(#[source] EndReason),
    /// The local clock is too far from the provider's.
    #[error("Sign-in stopped: {0}.")]
    Clock(#[from] ClockError),
    /// The browser refused something the sign-in needs (storage, crypto).
    #[error("Sign-in is unavailable in this browser: {0}.")]
    Browser(#[from] BrowserError),
    /// The browser is offline, so the sign-in service cannot be reached.
    #[error("You are offline. Signing in needs a connection to the sign-in service.")]
    Offline,
    /// Cognito refused the scopes this app asks for (`invalid_scope`, or
    /// `invalid_request` saying so): one is not enabled on the app client
    /// (docs/COGNITO.md "Scopes").
    #[error(
        "Sign-in failed: the sign-in service refused the scopes this app asks for ({sent}) (error: invalid_scope): at least one is not enabled on the Cognito app client. In the Cognito console: {} Or set \"scopes\" in config.json to scopes the app client has.",
        OAuthErrorCode::InvalidScope.console_setting(OAuthEndpoint::Authorize)
    )]
    ScopesRefused {
        /// The scopes sent, space-separated.
        sent: String,
        /// `error_description`, if any (shown as quoted detail).
        description: Option<String>,
    },
    /// The code exchange failed with `invalid_grant` for a sign-in that
    /// sent `resource` (docs/COGNITO.md "Resource binding").
    #[error(
        "Sign-in failed: the sign-in service refused to issue tokens for the resource {resource} (error: invalid_grant). Cognito binds tokens to a resource only with managed login (Essentials or Plus feature plan) and a resource server whose identifier is exactly {resource}. Create that resource server in the Cognito console (user pool → Resource servers), or remove \"resource\" from config.json."
    )]
    ResourceRefused {
        /// The configured `resource`.
        resource: String,
    },
    /// Another tab of this app renews the session and has not delivered
    /// new tokens yet (it retries by itself).
    #[error(
        "Your session is being renewed in another tab of this app, which has not finished yet. Try again in a moment."
    )]
    Renewing,
}

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndReason {
    /// The token endpoint refused the refresh token (expired, revoked) or
    /// this client.
    #[error("{}", refused_text(.0))]
    Refused(OAuthErrorCode),
    /// The renewed ID token failed a check.
    #[error("the renewed ID token {0}.")]
    IdToken(#[source] JwtError),
    /// The renewed access token failed a check.
    #[error("the renewed access token {0}.")]
    AccessToken(#[source] JwtError),
    /// The token endpoint's answer can never be used (not Bearer, no ID
    /// token).
    #[error("{0}")]
    Unusable(#[source] TokenError),
    /// The local clock is too far from the provider's.
    #[error("{0}.")]
    Clock(#[source] ClockError),
    /// No refresh token was issued, so the session cannot be renewed.
    #[error("no refresh token was issued, so the session cannot be renewed. Sign in again.")]
    NoRefreshToken,
    /// The tab that held the refresh token was closed, and signing in again
    /// without a prompt did not work.
    #[error(
        "the tab that kept it renewed was closed, and signing in again without a prompt did not work. Sign in again."
    )]
    HolderGone,
    /// Nobody is signed in any more (signed out while a refresh waited).
    #[error("you signed out.")]
    SignedOut,
    /// Another tab found that the session ended.
    #[error("{}", elsewhere_text(*.0))]
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

fn refused_text(code: &OAuthErrorCode) -> String {
    match code {
        OAuthErrorCode::InvalidGrant => {
            format!("the sign-in service refused to renew it (error: {code}): it expired, you signed out everywhere, an administrator signed you out, or your account was disabled. Sign in again.")
        }
        other => format!("{} (error: {other})", other.text(OAuthEndpoint::Token)),
    }
}

fn elsewhere_text(code: EndCode) -> &'static str {
    match code {
        EndCode::Refused => "the sign-in service refused to renew it (noticed in another tab). Sign in again.",
        EndCode::Invalid => "renewed tokens failed validation (noticed in another tab). Sign in again.",
        EndCode::NoRefreshToken => "it could not be renewed (noticed in another tab). Sign in again.",
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

    /// What went wrong, without the "Sign-in failed" framing: for a
    /// renewal that failed while the user stays signed in.
    pub fn cause(&self) -> String {
        match self {
            AuthError::Token(e) => e.to_string(),
            AuthError::Discovery(e) => format!("{e}."),
            AuthError::IdToken(e) => format!("the renewed ID token {e}."),
            AuthError::AccessToken(e) => format!("the renewed access token {e}."),
            other => other.to_string(),
        }
    }

    /// Shown next to the error: the provider's `error_description`, as
    /// plain text.
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
    use crate::auth::token::ResponseProblem;

    #[test]
    fn causes_drop_the_sign_in_framing() {
        let e = AuthError::Token(TokenError::InvalidResponse { status: 403, problem: ResponseProblem::NoErrorCode });
        assert!(e.to_string().starts_with("Sign-in failed"));
        assert!(!e.cause().contains("Sign-in failed") && e.cause().contains("403"), "{}", e.cause());
        assert_eq!(AuthError::Renewing.cause(), AuthError::Renewing.to_string());
    }

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
        let text = AuthError::IdToken(JwtError::BadSignature).to_string();
        assert_eq!(text, "Sign-in failed: the ID token has an invalid signature. It was discarded.");
    }

    #[test]
    fn ended_sessions_say_why_and_tell_other_tabs_a_code() {
        let refused = AuthError::SessionEnded(EndReason::Refused(OAuthErrorCode::InvalidGrant));
        let text = refused.to_string();
        assert!(text.starts_with("Your session has ended: ") && text.contains("invalid_grant"), "{text}");
        assert!(refused.ends_session());
        assert_eq!(refused.provider_code(), Some((&OAuthErrorCode::InvalidGrant, OAuthEndpoint::Token)));
        let changed = EndReason::IdToken(JwtError::SessionChanged("sub"));
        assert!(changed.to_string().contains("sub changed"));
        assert_eq!(changed.code(), EndCode::Invalid);
        assert_eq!(EndReason::Refused(OAuthErrorCode::InvalidGrant).code(), EndCode::Refused);
        assert_eq!(EndReason::NoRefreshToken.code(), EndCode::NoRefreshToken);
        assert_eq!(EndReason::Elsewhere(EndCode::Refused).code(), EndCode::Refused);
        assert!(!AuthError::Offline.ends_session());
        assert!(!AuthError::Renewing.ends_session());
    }
}
