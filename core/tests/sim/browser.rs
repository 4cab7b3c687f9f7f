//! The simulated browser's pieces: tabs and their pages (a page is one
//! document, running one `Machine`), `sessionStorage`, the holder Web Lock
//! and the `BroadcastChannel` bookkeeping (FIFO per sender and receiver,
//! and which posts are still undelivered).

use std::collections::{BTreeMap, VecDeque};

use cognito_login_core::session::machine::{Key, Machine, Stored, Timer};

use crate::world::Occ;

pub type TabId = usize;

/// The adversary's pseudo tab id, as a sender on the channel.
pub const ADVERSARY: TabId = usize::MAX;

/// One document in a tab.
pub struct Page {
    pub machine: Machine,
    /// When it loaded (true time, ms).
    pub start_ms: u64,
    /// `performance.now()` at load.
    pub mono_base: f64,
    /// The armed timers and their generations.
    pub timers: BTreeMap<Timer, u64>,
}

pub struct Tab {
    pub open: bool,
    /// Increases with every new page and every navigation away: what is
    /// addressed to an older instance is dropped.
    pub instance: u64,
    /// `None` while away (at the hosted UI) or closed.
    pub page: Option<Page>,
    /// The app path shown (`/reports?x=1`).
    pub path: String,
    pub storage: BTreeMap<Key, String>,
    pub frozen: bool,
    /// What arrived while frozen, in order.
    pub held: Vec<Occ>,
}

impl Tab {
    pub fn new() -> Tab {
        Tab {
            open: true,
            instance: 0,
            page: None,
            path: "/".into(),
            storage: BTreeMap::new(),
            frozen: false,
            held: Vec::new(),
        }
    }

    /// What `sessionStorage` holds for a load.
    pub fn stored(&self) -> Stored {
        Stored {
            pending_login: self.storage.get(&Key::PendingLogin).cloned(),
            signed_in: self.storage.get(&Key::SignedIn).map(String::as_str) == Some("1"),
            restore_attempt: self.storage.get(&Key::RestoreAttempt).cloned(),
            handed_over: self.storage.get(&Key::HandedOver).map(String::as_str) == Some("1"),
        }
    }

    /// A live, running page (not frozen) of this instance.
    pub fn live(&self, instance: u64) -> bool {
        self.open && self.instance == instance && self.page.is_some()
    }

    pub fn machine(&self) -> Option<&Machine> {
        self.page.as_ref().map(|p| &p.machine)
    }
}

/// The `cognito-login:holder` Web Lock: one owner, a FIFO of requests.
#[derive(Default)]
pub struct Locks {
    pub owner: Option<(TabId, u64)>,
    pub queue: VecDeque<(TabId, u64)>,
}

impl Locks {
    pub fn hold(&mut self, who: (TabId, u64)) {
        if self.owner == Some(who) || self.queue.contains(&who) {
            return;
        }
        if self.owner.is_none() {
            self.owner = Some(who);
        } else {
            self.queue.push_back(who);
        }
    }

    /// Releases the lock or withdraws the request.
    pub fn release(&mut self, who: (TabId, u64)) {
        if self.owner == Some(who) {
            self.owner = self.queue.pop_front();
        } else {
            self.queue.retain(|w| *w != who);
        }
    }
}

/// Which posts are still on their way, and the FIFO order per pair.
#[derive(Default)]
pub struct Channel {
    /// The last delivery time per (sender, receiver).
    last: BTreeMap<(TabId, TabId), u64>,
    /// Post sequence number → deliveries still pending.
    outstanding: BTreeMap<u64, usize>,
    /// The last post's sequence number.
    pub posted: u64,
}

impl Channel {
    /// A new post's sequence number.
    pub fn post(&mut self) -> u64 {
        self.posted += 1;
        self.posted
    }

    /// A delivery of post `seq` from `from` to `to`, due at `at` at the
    /// earliest: when it will arrive, after everything sent before on that
    /// pair.
    pub fn slot(&mut self, seq: u64, from: TabId, to: TabId, at: u64) -> u64 {
        *self.outstanding.entry(seq).or_default() += 1;
        let last = self.last.entry((from, to)).or_default();
        *last = (*last).max(at);
        *last
    }

    /// A delivery of post `seq` happened or was dropped.
    pub fn done(&mut self, seq: u64) {
        if let Some(n) = self.outstanding.get_mut(&seq) {
            *n -= 1;
            if *n == 0 {
                self.outstanding.remove(&seq);
            }
        }
    }

    /// Nothing posted is still on its way.
    pub fn quiet(&self) -> bool {
        self.outstanding.is_empty()
    }

    /// Every post up to this sequence number has been delivered (or
    /// dropped).
    pub fn settled(&self) -> u64 {
        match self.outstanding.keys().next() {
            Some(first) => first - 1,
            None => self.posted,
        }
    }
}
