//! The session state machine: a closed set of states the UI renders.

use std::sync::Arc;

use super::error::AuthError;
use super::secret::{AccessToken, IdToken, RefreshToken};
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
    /// When the access token expires, seconds since the epoch (local clock).
    pub access_expires_at: i64,
}

/// A signed-in user: validated claims and the tokens.
#[derive(Debug, Clone)]
pub struct Session {
    /// What the ID token says about the user.
    pub claims: IdClaims,
    /// The tokens.
    pub tokens: TokenSet,
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
    /// Back at `/callback`, exchanging the code and validating tokens.
    Completing,
    /// Signed in.
    SignedIn(Arc<Session>),
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
