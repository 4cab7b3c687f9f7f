//! The tab protocol: what tabs of one origin tell each other over
//! `BroadcastChannel`, and which messages a tab acts on (docs/SESSION.md
//! "Tabs").
//!
//! The channel never carries a refresh token. The tab that signed in keeps
//! its refresh token and holds the "holder" Web Lock while it does; it
//! makes every refresh and posts the new ID and access tokens. Other tabs
//! ask it (`refresh`) when theirs are due; when no holder is left, a tab
//! re-authenticates with a top-level redirect (silent while Cognito's
//! session cookie is valid) and becomes the holder.
//!
//! Nothing on the channel is trusted as it is: a session from a sibling
//! goes through the same validation as one from Cognito (including the
//! clock-offset bound), a signed-out tab takes one only in answer to its own
//! `hello` (a fresh random id), a signed-in tab only for the same `sub`, and
//! `signedOut` carries a reason code, never text (OWASP HTML5 "Web
//! Messaging").

use serde::{Deserialize, Serialize};

use crate::auth::secret::{AccessToken, IdToken};
use crate::auth::state::Session;
use crate::auth::EndCode;

/// How long a tab without a refresh token waits for the holder's answer
/// before trying again, milliseconds (the holder's own refresh may take up
/// to the network timeout; the wait ends as soon as new tokens arrive).
pub const HOLDER_ANSWER_MS: f64 = 3_000.0;

/// A message between tabs. Its `Debug` prints no token (the token types
/// redact themselves).
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum TabMessage {
    /// A tab asks whether anyone is signed in; answers name `id`.
    Hello {
        /// A fresh random id for this question.
        id: String,
    },
    /// The current ID and access tokens, memory to memory. Never a refresh
    /// token.
    #[serde(rename_all = "camelCase")]
    Session {
        /// The `hello` this answers; `None`: every tab (after a refresh).
        to: Option<String>,
        /// The ID token.
        id_token: IdToken,
        /// The access token.
        access_token: AccessToken,
        /// Seconds left of the access token.
        remaining_secs: f64,
        /// The access token's whole lifetime, seconds.
        lifetime_secs: i64,
        /// The sender's estimate of the provider's clock offset.
        clock_offset_secs: i64,
    },
    /// A tab without a refresh token needs newer tokens.
    Refresh,
    /// Signed out; with the reason code when the session ended by itself.
    SignedOut {
        /// Why, as a code (never text).
        reason: Option<EndCode>,
    },
    /// A signed-in tab without a refresh token can take it over when the
    /// holder goes: its id and the public half of its key pair (ECDH P-256,
    /// base64url of the raw point; the private half never leaves its
    /// WebCrypto store).
    Successor {
        /// The tab's id.
        id: String,
        /// Its public key.
        key: String,
    },
    /// The tab `id` is going away (it can no longer take anything over).
    Bye {
        /// The tab's id.
        id: String,
    },
    /// The holder is going away (`pagehide`): its refresh token, sealed to
    /// the successor `to`'s key (ECDH + AES-GCM). No other tab can open it.
    Handover {
        /// The successor's id.
        to: String,
        /// The sealed refresh token.
        envelope: String,
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

    /// The hand-over of `session` (without its refresh token) as of
    /// `mono_now_ms`, answering the `hello` `to` or, with `None`, for every
    /// tab.
    pub fn session(session: &Session, mono_now_ms: f64, to: Option<String>) -> TabMessage {
        let t = &session.tokens;
        TabMessage::Session {
            to,
            id_token: t.id_token.clone(),
            access_token: t.access_token.clone(),
            remaining_secs: t.lifetime.remaining_secs(mono_now_ms),
            lifetime_secs: t.lifetime.lifetime_secs,
            clock_offset_secs: session.clock_offset_secs,
        }
    }
}

/// How a tab without a refresh token gets newer tokens when its own are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowerStep {
    /// A holder is alive (or it cannot be told): post `refresh` and wait
    /// for its session, up to [`HOLDER_ANSWER_MS`].
    AskHolder,
    /// No tab holds a refresh token any more: re-authenticate with a
    /// top-level redirect (then this tab is the holder).
    Reauthenticate,
}

/// Decides [`FollowerStep`] from whether the holder lock is held (`None`:
/// Web Locks unavailable, so ask and see).
pub fn follower_step(holder_alive: Option<bool>) -> FollowerStep {
    match holder_alive {
        Some(false) => FollowerStep::Reauthenticate,
        _ => FollowerStep::AskHolder,
    }
}

/// After asking the holder in vain for [`HOLDER_ANSWER_MS`]: with a holder
/// alive it is busy (its own refresh failed or waits): ask again later;
/// without one (or when that cannot be told), re-authenticate.
pub fn after_holder_silence(holder_alive: Option<bool>) -> Option<FollowerStep> {
    match holder_alive {
        Some(true) => None,
        _ => Some(FollowerStep::Reauthenticate),
    }
}
