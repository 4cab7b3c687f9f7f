//! Messages from sibling tabs (docs/SESSION.md "Tabs"). Nothing on the
//! channel is trusted as it is: a session from a sibling is validated like
//! one from Cognito, its lifetime bounded by the tokens' own `exp`; a
//! signed-out tab takes one only in answer to its own `hello`; a signed-in
//! tab only newer tokens (by the tokens' own `iat`) of the same `sub`.

use super::keys::{Purpose, Then};
use super::{Effect, Machine};
use crate::auth::jwt;
use crate::auth::state::{AuthState, Session};
use crate::auth::timing::Lifetime;
use crate::auth::{AuthError, EndReason};
use crate::session::accept::MAX_LIFETIME_SECS;
use crate::session::tabs::TabMessage;
use crate::session::Candidate;

/// The access token's `iat` and `exp` as it says (unverified: only to tell
/// which of two tokens is newer; validation follows).
fn issued(token: &str) -> Option<(i64, i64)> {
    let jwt = jwt::decode(token).ok()?;
    let at = |name| jwt.claims.get(name).and_then(|v| v.as_i64());
    Some((at("iat")?, at("exp")?))
}

impl Machine {
    /// Posts this tab's session (ID and access tokens, never the refresh
    /// token) to the `hello` `to`, or to every tab.
    pub(super) fn announce(&mut self, to: Option<String>) {
        if let Some(session) = self.session().cloned() {
            let message = TabMessage::session(&session, self.env.mono_ms, to);
            self.emit(Effect::Post(message.to_json()));
        }
    }

    pub(super) fn on_message(&mut self, text: &str) {
        let Some(message) = TabMessage::parse(text) else { return };
        match message {
            TabMessage::Hello { id } => {
                if matches!(self.state, AuthState::SignedIn(_)) && !id.is_empty() {
                    self.announce(Some(id));
                }
            }
            TabMessage::Refresh => {
                let holds = self.session().is_some_and(|s| s.tokens.refresh_token.is_some());
                if holds {
                    // Refreshes only when due (a message cannot force extra
                    // refreshes); when not due, tells every tab what is
                    // current (a refresh's result is announced anyway).
                    if self.kick(false) == super::renew::Kick::NotDue {
                        self.announce(None);
                    }
                }
            }
            TabMessage::SignedOut { reason } => self.signed_out_elsewhere(reason.map(EndReason::Elsewhere)),
            TabMessage::Successor { id, key } => self.on_successor(id, key),
            TabMessage::Bye { id } => self.on_bye(&id),
            TabMessage::Handover { to, envelope } => self.on_handover(&to, envelope),
            TabMessage::Session { to, id_token, access_token, remaining_secs, lifetime_secs, clock_offset_secs } => {
                // The numbers a sibling reports are bounds to check, not
                // facts: out of range, the message is not one of ours.
                if !(remaining_secs.is_finite()
                    && remaining_secs > 0.0
                    && lifetime_secs > 0
                    && lifetime_secs <= MAX_LIFETIME_SECS)
                {
                    return;
                }
                let answers_our_hello = to.is_some() && to == self.hello;
                let (wanted, refresh_token) = match &self.state {
                    // Signed out, or restoring after a reload: only in
                    // answer to our own question.
                    AuthState::SignedOut | AuthState::Restoring => (answers_our_hello, None),
                    // A holder renews its own tokens: a sibling's (another
                    // holder's, or a forger's) would tie its next refresh to
                    // another sign-in's `auth_time`.
                    AuthState::SignedIn(s) if s.tokens.refresh_token.is_some() => (false, None),
                    // A follower: newer tokens, by their own `iat` (then
                    // `exp`); validation checks they are the same user's.
                    AuthState::SignedIn(s) => {
                        let newer = match (issued(access_token.secret()), issued(s.tokens.access_token.secret())) {
                            (Some(theirs), Some(ours)) => theirs > ours,
                            _ => false,
                        };
                        ((to.is_none() || answers_our_hello) && newer, None)
                    }
                    // Mid sign-in, signing out or showing an error: leave it.
                    _ => (false, None),
                };
                if !wanted {
                    // The holder answered our question with the tokens we
                    // have: it is there and not due yet.
                    let ours = self.session().is_some_and(|s| s.tokens.access_token.secret() == access_token.secret());
                    if ours && self.asking_holder {
                        self.holder_not_due();
                    }
                    return;
                }
                let remaining = remaining_secs.min(lifetime_secs as f64);
                let margin = self.config.refresh_margin_seconds;
                let candidate = Candidate {
                    id_token,
                    access_token,
                    refresh_token,
                    lifetime: Lifetime::remaining(self.env.mono_ms, remaining, lifetime_secs, margin),
                    clock_offset_secs: Some(clock_offset_secs),
                };
                self.validate(candidate, Purpose::Sibling);
            }
        }
    }

    /// Another tab signed out (`reason: None`) or found the session ended:
    /// forget it here, revoke our refresh token if we hold one and the user
    /// signed out, and say so once more on the channel, so a tab that took
    /// our tokens in the meantime hears it after them.
    fn signed_out_elsewhere(&mut self, reason: Option<EndReason>) {
        match &self.state {
            AuthState::SignedIn(s) => {
                let token = if reason.is_none() { s.tokens.refresh_token.clone() } else { None };
                let code = reason.as_ref().map(EndReason::code);
                self.forget(reason.map(AuthError::SessionEnded));
                self.emit(Effect::Post(TabMessage::SignedOut { reason: code }.to_json()));
                if token.is_some() {
                    self.with_endpoints(Then::Revoke { token, sign_out: false });
                }
            }
            AuthState::Restoring => self.forget(reason.map(AuthError::SessionEnded)),
            // No question of ours is open any more: a later answer to it is
            // not taken, nor one being validated right now; a sign-in being
            // completed here ends too (signing out means every tab).
            _ => {
                self.hello = None;
                self.epoch += 1;
            }
        }
    }

    /// A sibling's session was validated (or not).
    pub(super) fn sibling_validated(&mut self, result: Result<Session, AuthError>) {
        let Ok(session) = result else { return };
        // Unless the user moved on meanwhile (started a sign-in, signed
        // out): the epoch already dropped anything from before a sign-out.
        if matches!(self.state, AuthState::SignedOut | AuthState::Restoring | AuthState::SignedIn(_)) {
            let newer = match self.session() {
                Some(current) => {
                    issued(session.tokens.access_token.secret()) > issued(current.tokens.access_token.secret())
                }
                None => true,
            };
            if newer {
                self.hello = None;
                self.adopt(session, false);
            }
        }
    }
}
