//! What the world's queue holds: occurrences due at a moment of true
//! time (answers, timers, deliveries, navigations, the driver's actions),
//! earliest first, in order of scheduling at the same moment.

use std::cmp::Ordering;

use cognito_login_core::session::machine::{Event, Ticket, Timer};

use crate::browser::TabId;

/// What an event's delivery means to the oracle.
#[derive(Debug)]
pub enum Note {
    Plain,
    /// A channel message (post `seq`), from the adversary when `forged`.
    Message {
        seq: u64,
        forged: bool,
    },
    /// A refresh's answer: `wait` after a transient failure (the least
    /// backoff), `refused`: `invalid_grant` for this family, `sent`: when
    /// the request left (true time, ms).
    Refresh {
        wait: Option<u64>,
        refused: Option<usize>,
        sent: u64,
    },
}

/// Something due at a moment of true time.
#[derive(Debug)]
pub enum Occ {
    Deliver {
        tab: TabId,
        instance: u64,
        event: Event,
        note: Note,
    },
    Timer {
        tab: TabId,
        instance: u64,
        timer: Timer,
        generation: u64,
    },
    /// A Web Locks query answers (read when it is delivered).
    Holder {
        tab: TabId,
        instance: u64,
        ticket: Ticket,
    },
    /// A navigation arrives: the tab loads `path`.
    Land {
        tab: TabId,
        instance: u64,
        path: String,
    },
    /// The hosted UI got an authorize request.
    Authorize {
        tab: TabId,
        instance: u64,
        state: String,
        challenge: String,
        nonce: String,
        /// The user pressed "Sign in" (not a re-authentication).
        by_user: bool,
    },
    /// The user typed the password at the hosted UI.
    Password {
        tab: TabId,
        instance: u64,
        user: usize,
        state: String,
        challenge: String,
        nonce: String,
        by_user: bool,
    },
    Unfreeze {
        tab: TabId,
        instance: u64,
    },
    Online,
    OutageOver,
    Enable(usize),
    Tick(Tick),
}

/// The driver's kinds of random action.
#[derive(Debug, Clone, Copy)]
pub enum Tick {
    User,
    Tabs,
    Provider,
    Adversary,
    Net,
    Clock,
}

pub(crate) struct Entry {
    pub at: u64,
    pub seq: u64,
    pub occ: Occ,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Earliest first in a max-heap.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}
