//! The executor's WebCrypto for the hand-over (docs/SESSION.md "When the
//! holder goes"), as stand-ins: a public key is a name the world remembers
//! with the page (or the adversary) that holds its private half; an
//! envelope is an opaque handle to what was sealed to which key, and only
//! the holder of that key opens it.

use cognito_login_core::session::machine::{Event, Secret, Ticket};

use crate::browser::TabId;
use crate::world::{Note, Occ, World};

impl World {
    /// `MakeKey`: the page's key pair (no answer where ECDH is missing).
    pub(crate) fn make_key(&mut self, t: TabId, instance: u64) {
        if !self.p.ecdh {
            return;
        }
        let key = format!("PK.{t}.{instance}.{}", self.rng.hex(8));
        self.keys.insert(key.clone(), Some((t, instance)));
        let delay = self.rng.range(1, 20);
        self.after(delay, Occ::Deliver { tab: t, instance, event: Event::KeyMade(key), note: Note::Plain });
    }

    /// `Seal`: `secret` sealed to the public key `to` (none for a key that
    /// is not one).
    pub(crate) fn seal(&mut self, t: TabId, instance: u64, ticket: Ticket, to: String, secret: String) {
        let envelope = self.keys.contains_key(&to).then(|| {
            let envelope = format!("ENV.{}", self.rng.hex(24));
            self.envelopes.insert(envelope.clone(), (to, secret));
            envelope
        });
        let delay = self.rng.range(1, 5);
        self.after(
            delay,
            Occ::Deliver { tab: t, instance, event: Event::Sealed { ticket, envelope }, note: Note::Plain },
        );
    }

    /// `Open`: what `envelope` holds, if it was sealed to this page's key.
    pub(crate) fn open(&mut self, t: TabId, instance: u64, ticket: Ticket, envelope: &str) {
        let mine = |to: &String| self.keys.get(to) == Some(&Some((t, instance)));
        let secret = self.envelopes.get(envelope).filter(|(to, _)| mine(to)).map(|(_, s)| Secret(s.clone()));
        let delay = self.rng.range(1, 5);
        self.after(
            delay,
            Occ::Deliver { tab: t, instance, event: Event::Opened { ticket, secret }, note: Note::Plain },
        );
    }

    /// The adversary hears a hand-over sealed to its own key (it offered
    /// itself as a successor, a documented capability): it now has a
    /// refresh token.
    pub(crate) fn adversary_opens(&mut self, envelope: &str) {
        if let Some((to, secret)) = self.envelopes.get(envelope) {
            if self.keys.get(to) == Some(&None) {
                let family = self.provider.refresh.get(secret).copied();
                self.trace(|| format!("the adversary opens a hand-over: family {family:?}'s refresh token"));
            }
        }
    }
}
