//! The tab protocol: what tabs of one origin tell each other over
//! `BroadcastChannel`, and which messages a tab acts on. A session from a
//! sibling is never trusted as it is: it goes through the same validation
//! as one from Cognito (OWASP HTML5 "Web Messaging").

use serde::{Deserialize, Serialize};

use super::engine::Candidate;
use crate::auth::secret::{AccessToken, IdToken, RefreshToken};
use crate::auth::state::{AuthState, Session};
use crate::auth::timing::Lifetime;
use crate::auth::{EndCode, EndReason};

/// A message between tabs. Its `Debug` prints no token (the token types
/// redact themselves).
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum TabMessage {
    /// A new tab asks whether anyone is signed in.
    Hello,
    /// The current tokens, memory to memory.
    #[serde(rename_all = "camelCase")]
    Session {
        /// The ID token.
        id_token: IdToken,
        /// The access token.
        access_token: AccessToken,
        /// The refresh token, if any.
        refresh_token: Option<RefreshToken>,
        /// Seconds left of the access token.
        remaining_secs: f64,
        /// The access token's whole lifetime, seconds.
        lifetime_secs: i64,
        /// The sender's estimate of the provider's clock offset.
        clock_offset_secs: i64,
    },
    /// Signed out; with the reason code when the session ended by itself.
    SignedOut {
        /// Why, as a code (never text).
        reason: Option<EndCode>,
    },
}

impl TabMessage {
    /// Reads a message; `None` for anything that is not one.
    pub fn parse(text: &str) -> Option<TabMessage> {
        serde_json::from_str(text).ok()
    }

    /// As posted.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The hand-over of `session`, as of `mono_now_ms`.
    pub fn session(session: &Session, mono_now_ms: f64) -> TabMessage {
        let t = &session.tokens;
        TabMessage::Session {
            id_token: t.id_token.clone(),
            access_token: t.access_token.clone(),
            refresh_token: t.refresh_token.clone(),
            remaining_secs: t.lifetime.remaining_secs(mono_now_ms),
            lifetime_secs: t.lifetime.lifetime_secs,
            clock_offset_secs: session.clock_offset_secs,
        }
    }
}

/// What a tab does with a message.
#[derive(Debug)]
pub enum TabAction {
    /// Nothing.
    Ignore,
    /// Post this tab's session (a new tab asked).
    Announce,
    /// Forget the session here, showing why when it ended by itself.
    SignOut(Option<EndReason>),
    /// Validate these tokens like a fresh sign-in's and, if they pass, take
    /// them (without announcing them again).
    Validate(Candidate),
}

/// Decides what to do with `message` in state `state`. `margin` is the
/// configured refresh margin.
pub fn on_message(message: TabMessage, state: &AuthState, margin: Option<i64>, mono_now_ms: f64) -> TabAction {
    match message {
        TabMessage::Hello => match state {
            AuthState::SignedIn(_) => TabAction::Announce,
            _ => TabAction::Ignore,
        },
        TabMessage::SignedOut { reason } => match state {
            AuthState::SignedIn(_) | AuthState::Restoring => TabAction::SignOut(reason.map(EndReason::Elsewhere)),
            _ => TabAction::Ignore,
        },
        TabMessage::Session {
            id_token,
            access_token,
            refresh_token,
            remaining_secs,
            lifetime_secs,
            clock_offset_secs,
        } => {
            let wanted = match state {
                // Signed out, or restoring after a reload: take it.
                AuthState::SignedOut | AuthState::Restoring => true,
                // Signed in: take newer tokens (a sibling refreshed).
                AuthState::SignedIn(s) => {
                    *s.tokens.access_token.secret() != *access_token.secret()
                        && remaining_secs > s.tokens.lifetime.remaining_secs(mono_now_ms)
                }
                // Mid sign-in, signing out or showing an error: leave it.
                _ => false,
            };
            if !wanted || !remaining_secs.is_finite() || remaining_secs <= 0.0 {
                return TabAction::Ignore;
            }
            TabAction::Validate(Candidate {
                id_token,
                access_token,
                refresh_token,
                lifetime: Lifetime::remaining(mono_now_ms, remaining_secs, lifetime_secs, margin),
                clock_offset_secs: Some(clock_offset_secs),
            })
        }
    }
}
