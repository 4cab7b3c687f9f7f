//! The session survives the holder tab (docs/SESSION.md "When the holder
//! goes"). Every signed-in tab without a refresh token offers itself as a
//! successor with the public half of a key pair of its own; the holder keeps
//! its refresh token sealed to the latest one (ECDH + AES-GCM, done by the
//! executor's WebCrypto), so that at `pagehide`, when nothing asynchronous
//! can run any more, it only has to post the envelope. The successor opens
//! it and becomes the holder; no other tab, and no passive listener on the
//! channel, can read it. When the holder dies without `pagehide` (a crash, a
//! discarded tab), the next due tab re-authenticates, as before.

use super::{Effect, Key, Machine, Secret, Ticket, Waiting};
use crate::auth::secret::RefreshToken;
use crate::auth::state::AuthState;
use crate::session::tabs::TabMessage;

/// How long after a hand-over was seen a free holder lock is taken as the
/// successor still opening the envelope, milliseconds.
pub const HANDOVER_GRACE_MS: f64 = 3_000.0;

/// At most this many successors are remembered (the latest is chosen).
const MAX_SUCCESSORS: usize = 8;

/// A tab that offered to take the refresh token over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Successor {
    id: String,
    key: String,
}

/// The refresh token, sealed to one successor.
#[derive(Debug)]
pub(super) struct Sealed {
    to: String,
    token: RefreshToken,
    ticket: Ticket,
    /// `None` while the executor seals it.
    envelope: Option<String>,
}

impl Machine {
    fn refresh_token(&self) -> Option<RefreshToken> {
        self.session().and_then(|s| s.tokens.refresh_token.clone())
    }

    pub(super) fn on_key_made(&mut self, key: String) {
        self.key = Some(key);
        self.offer_to_succeed();
    }

    /// A signed-in tab without a refresh token says it can take it over.
    pub(super) fn offer_to_succeed(&mut self) {
        let follower = self.session().is_some_and(|s| s.tokens.refresh_token.is_none());
        if let (true, Some(key)) = (follower, self.key.clone()) {
            let id = self.tab_id.clone();
            self.emit(Effect::Post(TabMessage::Successor { id, key }.to_json()));
        }
    }

    pub(super) fn on_successor(&mut self, id: String, key: String) {
        if id.is_empty() || key.is_empty() || id == self.tab_id {
            return;
        }
        self.successors.retain(|s| s.id != id);
        if self.successors.len() == MAX_SUCCESSORS {
            self.successors.remove(0);
        }
        self.successors.push(Successor { id, key });
        self.reseal();
    }

    pub(super) fn on_bye(&mut self, id: &str) {
        self.successors.retain(|s| s.id != id);
        self.reseal();
    }

    /// Keeps the refresh token sealed to the latest successor, ready for
    /// `pagehide`.
    pub(super) fn reseal(&mut self) {
        let (Some(token), Some(to)) = (self.refresh_token(), self.successors.last().cloned()) else {
            self.sealed = None;
            return;
        };
        if self.sealed.as_ref().is_some_and(|s| s.to == to.id && s.token.secret() == token.secret()) {
            return;
        }
        let ticket = self.ticket(Waiting::Seal);
        self.sealed = Some(Sealed { to: to.id.clone(), token: token.clone(), ticket, envelope: None });
        self.emit(Effect::Seal { ticket, to: to.key, secret: Secret(token.secret().clone()) });
    }

    pub(super) fn on_sealed(&mut self, ticket: Ticket, envelope: Option<String>) {
        if self.waiting.remove(&ticket).is_none() {
            return;
        }
        // Only the latest request's answer counts.
        if let Some(sealed) = self.sealed.as_mut().filter(|s| s.ticket == ticket) {
            sealed.envelope = envelope;
        }
    }

    /// The page is going away: the holder hands its refresh token to its
    /// successor (if it is sealed for the current token); a follower says
    /// goodbye. Everything here is synchronous.
    pub(super) fn on_closing(&mut self) {
        let Some(token) = self.refresh_token() else {
            if self.session().is_some() {
                let id = self.tab_id.clone();
                self.emit(Effect::Post(TabMessage::Bye { id }.to_json()));
            }
            return;
        };
        let Some(sealed) = &self.sealed else { return };
        if let (Some(envelope), true) = (&sealed.envelope, sealed.token.secret() == token.secret()) {
            let message = TabMessage::Handover { to: sealed.to.clone(), envelope: envelope.clone() };
            self.emit(Effect::Post(message.to_json()));
            self.emit(Effect::Store { key: Key::HandedOver, value: Some("1".into()) });
        }
    }

    pub(super) fn on_handover(&mut self, to: &str, envelope: String) {
        self.handover_seen_at = Some(self.env.mono_ms);
        self.successors.retain(|s| s.id != to);
        let follower = self.session().is_some_and(|s| s.tokens.refresh_token.is_none());
        if to == self.tab_id && follower {
            let ticket = self.ticket(Waiting::Open { epoch: self.epoch });
            self.emit(Effect::Open { ticket, envelope });
        } else {
            // Tell the new holder who can succeed it.
            self.offer_to_succeed();
        }
    }

    pub(super) fn on_opened(&mut self, ticket: Ticket, secret: Option<Secret>) {
        let Some(Waiting::Open { epoch }) = self.waiting.remove(&ticket) else { return };
        let (Some(secret), true) = (secret, epoch == self.epoch) else { return };
        let Some(current) = self.session().cloned() else { return };
        if current.tokens.refresh_token.is_some() {
            return;
        }
        let mut session = (*current).clone();
        session.tokens.refresh_token = Some(RefreshToken::new(secret.0));
        self.state = AuthState::SignedIn(std::sync::Arc::new(session));
        self.emit(Effect::Show(self.state.clone()));
        self.handed_token = true;
        self.hold_if(true);
        if self.asking_holder {
            // It was asking the holder that left: it is the holder now.
            self.asking_holder = false;
            self.emit(Effect::CancelTimer(super::Timer::HolderAnswer));
        }
        self.schedule_refresh();
        self.reseal();
    }

    /// A hand-over was seen a moment ago: a free holder lock is the
    /// successor still opening the envelope, not a holder gone.
    pub(super) fn handover_under_way(&self) -> bool {
        self.handover_seen_at.is_some_and(|t| self.env.mono_ms - t < HANDOVER_GRACE_MS)
    }
}
