//! One browser origin over one schedule: a queue of timed occurrences
//! (answers, timers, channel deliveries, navigations, the driver's random
//! actions) on one true clock, tabs whose pages each run the real
//! `Machine`, and the oracle checking the invariants after every step.

use std::collections::{BTreeMap, BinaryHeap};

use cognito_login_core::auth::EndCode;
use cognito_login_core::config::Config;
use cognito_login_core::session::machine::{Effect, Env, Event, User};
use cognito_login_core::session::tabs::TabMessage;

use crate::adversary::Adversary;
use crate::browser::{Channel, Locks, Tab, TabId};
use crate::invariants::{Oracle, PageKey, Violation};
use crate::params::Params;
use crate::provider::{Provider, BASE_SECS};
use crate::rng::Rng;
use crate::trace::{self, Trace};

use crate::queue::Entry;
pub use crate::queue::{Note, Occ, Tick};

/// At most this many steps per schedule (a livelock is a failure too).
pub const MAX_STEPS: u64 = 400_000;

pub struct World {
    pub p: Params,
    pub config: Config,
    pub rng: Rng,
    /// True time, ms since the schedule began.
    pub now: u64,
    queue: BinaryHeap<Entry>,
    seq: u64,
    pub tabs: Vec<Tab>,
    pub locks: Locks,
    pub chan: Channel,
    pub provider: Provider,
    pub adversary: Adversary,
    pub oracle: Oracle,
    pub trace: Trace,
    pub online: bool,
    pub outage: bool,
    /// The device's wall clock minus true time, ms.
    pub skew_ms: i64,
    /// Wall-clock jumps so far, summed (ms).
    pub jumped_ms: i64,
    pub steps: u64,
    pub(crate) generation: u64,
    /// The event being handled is the user's "Sign in".
    pub(crate) by_user: bool,
    /// The event being handled is a well-formed `signedOut` (its reason).
    pub(crate) heard: Option<Option<EndCode>>,
    pub(crate) next_call: u64,
    /// The page being fed is hearing `pagehide`.
    pub(crate) closing: bool,
    /// The envelope a closing page handed over, if any.
    pub(crate) closing_handover: Option<String>,
    /// Public keys and who holds their private half (`None`: the adversary).
    pub(crate) keys: BTreeMap<String, Option<PageKey>>,
    /// Pages that offered to succeed the holder, and when.
    pub(crate) offers: BTreeMap<PageKey, u64>,
    /// Envelopes: the key sealed to, and the secret.
    pub(crate) envelopes: BTreeMap<String, (String, String)>,
}

impl World {
    pub fn new(seed: u64, p: Params, trace: Trace) -> World {
        let mut rng = Rng::new(seed);
        let config = p.config();
        let skew_ms = p.skew_ms;
        let mut oracle = Oracle::default();
        // Invariant 8 (the hand-over at pagehide); `SIM_HANDOVER=0` turns it off.
        oracle.check_handover = p.check_handover || !std::env::var("SIM_HANDOVER").is_ok_and(|v| v == "0");
        oracle.strict_families = std::env::var("SIM_STRICT").is_ok_and(|v| v == "1");
        let mut w = World {
            config,
            rng: Rng::new(rng.next_u64()),
            now: 0,
            queue: BinaryHeap::new(),
            seq: 0,
            tabs: Vec::new(),
            locks: Locks::default(),
            chan: Channel::default(),
            provider: Provider::new(),
            adversary: Adversary::default(),
            oracle,
            trace,
            online: true,
            outage: false,
            skew_ms,
            jumped_ms: 0,
            steps: 0,
            generation: 0,
            by_user: false,
            heard: None,
            next_call: 0,
            closing: false,
            closing_handover: None,
            keys: BTreeMap::new(),
            envelopes: BTreeMap::new(),
            offers: BTreeMap::new(),
            p,
        };
        let adversary_key = w.adversary.key.clone();
        w.keys.insert(adversary_key, None);
        let params = format!("params {:?}", w.p);
        w.trace(|| params);
        if w.p.random {
            for _ in 0..w.p.initial_tabs {
                w.open_tab();
            }
            w.start_driver();
        }
        w
    }

    pub fn trace(&mut self, line: impl FnOnce() -> String) {
        if self.trace.on {
            let l = line();
            self.trace.add(self.now, l);
        }
    }

    pub fn at(&mut self, at: u64, occ: Occ) {
        self.seq += 1;
        self.queue.push(Entry { at: at.max(self.now), seq: self.seq, occ });
    }

    pub fn after(&mut self, delay: u64, occ: Occ) {
        self.at(self.now + delay, occ);
    }

    /// Runs until `end_ms` of true time (or the first violation).
    pub fn run_until(&mut self, end_ms: u64) -> Result<(), Violation> {
        while self.step_until(end_ms)? {}
        self.now = self.now.max(end_ms);
        Ok(())
    }

    /// Processes the next occurrence if it is due by `end_ms`; false when
    /// none is.
    pub fn step_until(&mut self, end_ms: u64) -> Result<bool, Violation> {
        if self.queue.peek().is_none_or(|e| e.at > end_ms) {
            return Ok(false);
        }
        let entry = self.queue.pop().expect("peeked");
        self.now = entry.at;
        self.process(entry.occ);
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.oracle.fail("7 runaway", format!("more than {MAX_STEPS} steps"));
        }
        self.check();
        match &self.oracle.violation {
            Some(v) => Err(v.clone()),
            None => Ok(true),
        }
    }

    /// Runs `ms` more.
    pub fn run_for(&mut self, ms: u64) -> Result<(), Violation> {
        self.run_until(self.now + ms)
    }

    /// The whole schedule.
    pub fn run(&mut self) -> Result<(), Violation> {
        self.run_until(self.p.minutes * 60_000)
    }

    /// The readings that come with an event for tab `t`.
    pub fn env(&mut self, t: TabId) -> Env {
        let tab = &self.tabs[t];
        let page = tab.page.as_ref().expect("a page");
        let mono_ms = (self.now - page.start_ms) as f64 + page.mono_base;
        let wall_ms = BASE_SECS * 1000 + self.now as i64 + self.skew_ms;
        let here = tab.path.clone();
        Env {
            mono_ms,
            wall_secs: wall_ms.div_euclid(1000),
            online: self.online,
            random: Some(self.rng.bytes32()),
            here,
        }
    }

    pub(crate) fn process(&mut self, occ: Occ) {
        match occ {
            Occ::Deliver { tab, instance, event, note } => self.deliver(tab, instance, event, note),
            Occ::Timer { tab, instance, timer, generation } => {
                if !self.tabs[tab].live(instance) {
                    return;
                }
                if self.tabs[tab].frozen {
                    return self.tabs[tab].held.push(Occ::Timer { tab, instance, timer, generation });
                }
                let page = self.tabs[tab].page.as_mut().expect("live");
                if page.timers.get(&timer) != Some(&generation) {
                    return;
                }
                page.timers.remove(&timer);
                self.oracle.on_timer((tab, instance), self.now);
                self.feed(tab, Event::Timer(timer));
            }
            Occ::Holder { tab, instance, ticket } => {
                if !self.tabs[tab].live(instance) {
                    return;
                }
                if self.tabs[tab].frozen {
                    return self.tabs[tab].held.push(Occ::Holder { tab, instance, ticket });
                }
                let held = self.p.web_locks.then(|| self.locks.owner.is_some());
                self.feed(tab, Event::Holder { ticket, held });
            }
            Occ::Land { tab, instance, path } => {
                if self.tabs[tab].open && self.tabs[tab].instance == instance && self.tabs[tab].page.is_none() {
                    self.new_page(tab, path);
                }
            }
            Occ::Authorize { tab, instance, state, challenge, nonce, by_user } => {
                self.hosted_ui(tab, instance, state, challenge, nonce, by_user)
            }
            Occ::Password { tab, instance, user, state, challenge, nonce, by_user } => {
                self.password(tab, instance, user, state, challenge, nonce, by_user)
            }
            Occ::Unfreeze { tab, instance } => self.unfreeze(tab, instance),
            Occ::Online => {
                self.online = true;
                self.trace(|| "online again".into());
                self.wake_all();
            }
            Occ::OutageOver => self.outage = false,
            Occ::Enable(user) => self.provider.disabled[user] = false,
            Occ::Tick(kind) => self.tick(kind),
        }
    }

    /// Delivers `event` to page `(tab, instance)` now, if it is still
    /// there (held while it is frozen).
    pub fn deliver(&mut self, tab: TabId, instance: u64, event: Event, note: Note) {
        if !self.tabs[tab].live(instance) {
            if let Note::Message { seq, .. } = note {
                self.chan.done(seq);
            }
            return;
        }
        if self.tabs[tab].frozen {
            return self.tabs[tab].held.push(Occ::Deliver { tab, instance, event, note });
        }
        let key = (tab, instance);
        match (&event, &note) {
            (Event::Message(text), Note::Message { forged, .. }) => {
                self.oracle.busy(key);
                if *forged {
                    if let Some(access) = trace::access_of(text) {
                        self.oracle.taint(access);
                    }
                }
            }
            (Event::User(user), _) => {
                self.oracle.busy(key);
                if *user == User::RetryRenewal {
                    self.oracle.retry_pressed(key);
                }
            }
            (Event::Answer { ticket, .. }, Note::Refresh { wait, .. }) => {
                self.oracle.refresh_answered(key, *ticket, *wait, self.now)
            }
            _ => {}
        }
        let signs_out = matches!(event, Event::User(User::SignOut));
        if signs_out {
            // Counted before: the page shows "signed out" while handling it.
            self.oracle.signouts += 1;
        }
        self.feed(tab, event);
        match note {
            Note::Message { seq, .. } => self.chan.done(seq),
            // A refusal that arrives after the network timeout (the page was
            // frozen meanwhile) is taken as the timeout: the machine retries,
            // and the retry's refusal counts.
            Note::Refresh { refused: Some(f), sent, .. }
                if self.now - sent <= u64::from(self.config.network_timeout_seconds) * 1000 =>
            {
                self.oracle.forbid_after(self.chan.posted, "4 signed in after invalid_grant", [f].into())
            }
            _ => {}
        }
        if signs_out {
            self.oracle.signed_out(self.chan.posted, true, &self.provider);
        }
    }

    /// Hands `event` to tab `t`'s machine and carries out what it asks.
    pub fn feed(&mut self, t: TabId, event: Event) {
        let instance = self.tabs[t].instance;
        let env = self.env(t);
        if self.trace.on {
            let line = format!("tab{t}#{instance} <- {}", trace::event(&self.provider, &event, self.now));
            self.trace.add(self.now, line);
        }
        self.by_user = matches!(event, Event::User(User::SignIn { .. }));
        self.heard = match &event {
            Event::Message(text) => match TabMessage::parse(text) {
                Some(TabMessage::SignedOut { reason }) => Some(reason),
                _ => None,
            },
            _ => None,
        };
        let page = self.tabs[t].page.as_mut().expect("a live page");
        page.machine.handle(env, event);
        let effects: Vec<Effect> = page.machine.drain().collect();
        let mut leaving = None;
        for effect in effects {
            self.effect(t, instance, effect, &mut leaving);
        }
        // Nothing navigates from `pagehide`: the page is going anyway.
        if let Some(url) = leaving.filter(|_| !self.closing) {
            self.navigate(t, url);
        }
    }

    /// The user does `user` in tab `t` (now, if the page is there).
    pub fn user(&mut self, t: TabId, user: User) {
        let instance = self.tabs[t].instance;
        self.deliver(t, instance, Event::User(user), Note::Plain);
    }

    /// Live pages' tabs.
    pub fn live_tabs(&self) -> Vec<TabId> {
        (0..self.tabs.len()).filter(|t| self.tabs[*t].live(self.tabs[*t].instance)).collect()
    }
}
