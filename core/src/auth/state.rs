//! The session state machine: a closed set of states the UI renders.

use std::sync::Arc;

use super::error::AuthError;
use super::secret::{AccessToken, IdToken, RefreshToken};
use super::timing::Lifetime;
use super::validate::IdClaims;

/// The tokens of a signed-in session. Lives only in memory.
#[derive(Debug, Clone)]
pub struct TokenSet {
    /// The validated ID token.
    pub id_token: IdToken,
    /// The validated access token.
    pub access_token: AccessToken,
    /// The refresh token, if issued.
    pub refresh_token: Option<RefreshToken>,
    /// When the access token expires, seconds since the epoch (local clock),
    /// for display.
    pub access_expires_at: i64,
    /// When the access token expires on the monotonic clock, for scheduling.
    pub lifetime: Lifetime,
}

/// A signed-in user: validated claims and the tokens.
#[derive(Debug, Clone)]
pub struct Session {
    /// What the ID token says about the user.
    pub claims: IdClaims,
    /// The tokens.
    pub tokens: TokenSet,
    /// Provider clock minus local clock, seconds, estimated at sign-in.
    pub clock_offset_secs: i64,
}

impl Session {
    /// When the session (the sooner of ID and access token) expires, seconds
    /// since the epoch.
    pub fn expires_at(&self) -> i64 {
        self.claims.expires_at.min(self.tokens.access_expires_at)
    }
}

/// Where the app is in the sign-in lifecycle.
#[derive(Debug, Clone)]
pub enum AuthState {
    /// Nobody is signed in.
    SignedOut,
    /// On the way to Cognito's hosted UI.
    Redirecting,
    /// After a reload: asking sibling tabs for the session, or about to
    /// re-authenticate silently with Cognito's session cookie.
    Restoring,
    /// Back at `/callback`, exchanging the code and validating tokens.
    Completing,
    /// Signed in.
    SignedIn(Arc<Session>),
    /// Signing out: the tokens are forgotten; the refresh token is being
    /// revoked, then the browser leaves for Cognito's `/logout`.
    SigningOut,
    /// A sign-in failed; nobody is signed in. The error says why and what to
    /// do next.
    Failed(AuthError),
}

impl AuthState {
    /// The session, when signed in.
    pub fn session(&self) -> Option<&Arc<Session>> {
        match self {
            AuthState::SignedIn(s) => Some(s),
            _ => None,
        }
    }
}
