//! The life of tabs and their pages: loading, `pagehide` and going away
//! (close, reload, navigation), freezing and waking.

use cognito_login_core::session::machine::{Event, Load, Machine};

use crate::browser::{Page, Tab, TabId};
use crate::world::{Note, Occ, World};

impl World {
    /// A new document in tab `t` at `path` (a load, a reload, a callback).
    pub fn new_page(&mut self, t: TabId, path: String) {
        let tab = &mut self.tabs[t];
        tab.instance += 1;
        tab.path = path.clone();
        tab.frozen = false;
        let mono_base = self.rng.range(30, 3000) as f64 + self.rng.unit();
        let machine = Machine::new(self.config.clone());
        tab.page = Some(Page { machine, start_ms: self.now, mono_base, timers: Default::default() });
        let stored = tab.stored();
        let key = (t, tab.instance);
        self.oracle.new_page(key);
        let (pathname, query) = match path.split_once('?') {
            Some((p, q)) => (p.to_string(), format!("?{q}")),
            None => (path, String::new()),
        };
        self.feed(t, Event::Load(Load { pathname, query, stored, sign_in_now: false }));
    }

    /// The page of tab `t` goes away; `gone`: closed or reloaded (not a
    /// navigation). Unless it is frozen or crashes, it first hears
    /// `pagehide` ([`Event::Closing`]) and what it asks then is done at
    /// once. Its locks are released, what it waited for is dropped.
    pub fn leave_page(&mut self, t: TabId, gone: bool) {
        let instance = self.tabs[t].instance;
        // A crash, or a frozen page discarded: no `pagehide`.
        let crash = gone && (self.tabs[t].frozen || self.rng.chance(self.p.crash));
        self.closing_handover = None;
        if self.tabs[t].page.is_some() && !crash {
            self.closing = true;
            self.feed(t, Event::Closing);
            self.closing = false;
        } else if crash {
            self.trace(|| format!("tab{t} crashes (no pagehide)"));
        }
        let Some(page) = self.tabs[t].page.take() else { return };
        self.locks.release((t, instance));
        for occ in std::mem::take(&mut self.tabs[t].held) {
            if let Occ::Deliver { note: Note::Message { seq, .. }, .. } = occ {
                self.chan.done(seq);
            }
        }
        self.tabs[t].frozen = false;
        let family = page
            .machine
            .session()
            .and_then(|s| s.tokens.refresh_token.as_ref())
            .and_then(|rt| {
                self.provider.refresh.get(rt.secret()).filter(|f| self.provider.families[**f].current == *rt.secret())
            })
            .copied();
        // Invariant 8: a holder closed or reloaded (not crashed) that did
        // not hand its refresh token over, although another page had
        // offered to succeed it a while before (its offer delivered, the
        // token sealed), leaves its family orphaned.
        self.offers.remove(&(t, instance));
        let now = self.now;
        let tabs = &self.tabs;
        let follower =
            |o: usize| tabs[o].machine().and_then(|m| m.session()).is_some_and(|s| s.tokens.refresh_token.is_none());
        // An offer this page heard: made while it ran, delivered by now.
        let heard = |at: u64| at >= page.start_ms && now >= at + 6_000;
        let successor = self.offers.iter().any(|((o, i), at)| tabs[*o].live(*i) && follower(*o) && heard(*at));
        let handed_over = self.closing_handover.is_some();
        let orphaned = family.filter(|_| gone && !crash && !handed_over && successor && self.p.ecdh);
        self.oracle.page_gone((t, instance), orphaned);
    }

    pub fn open_tab(&mut self) -> TabId {
        self.tabs.push(Tab::new());
        let t = self.tabs.len() - 1;
        self.trace(|| format!("tab{t} opens"));
        self.new_page(t, "/".into());
        t
    }

    pub fn close_tab(&mut self, t: TabId) {
        self.trace(|| format!("tab{t} closes"));
        self.leave_page(t, true);
        self.tabs[t].open = false;
        self.tabs[t].instance += 1;
    }

    pub fn reload_tab(&mut self, t: TabId) {
        self.trace(|| format!("tab{t} reloads"));
        // The user makes the tab visible to reload it: it wakes first.
        if self.tabs[t].frozen {
            let instance = self.tabs[t].instance;
            self.unfreeze(t, instance);
        }
        let path = self.tabs[t].path.clone();
        self.leave_page(t, true);
        self.new_page(t, path);
    }

    /// The user types the app's address into a tab (away or not).
    pub fn go_home(&mut self, t: TabId) {
        self.trace(|| format!("tab{t} goes to /"));
        self.leave_page(t, true);
        self.new_page(t, "/".into());
    }

    pub fn freeze(&mut self, t: TabId, ms: u64) {
        if self.tabs[t].page.is_none() || self.tabs[t].frozen {
            return;
        }
        self.trace(|| format!("tab{t} freezes for {ms} ms"));
        self.tabs[t].frozen = true;
        let instance = self.tabs[t].instance;
        self.after(ms, Occ::Unfreeze { tab: t, instance });
    }

    pub(crate) fn unfreeze(&mut self, t: TabId, instance: u64) {
        if !self.tabs[t].live(instance) || !self.tabs[t].frozen {
            return;
        }
        self.trace(|| format!("tab{t} wakes"));
        self.tabs[t].frozen = false;
        let held = std::mem::take(&mut self.tabs[t].held);
        let wake_first = self.rng.chance(0.5);
        if wake_first {
            self.deliver(t, instance, Event::Wake, Note::Plain);
        }
        for occ in held {
            self.process(occ);
        }
        if !wake_first {
            self.deliver(t, instance, Event::Wake, Note::Plain);
        }
    }

    /// `online`, `visibilitychange`: every running page re-checks.
    pub fn wake_all(&mut self) {
        for t in 0..self.tabs.len() {
            let instance = self.tabs[t].instance;
            if self.tabs[t].live(instance) && !self.tabs[t].frozen {
                self.deliver(t, instance, Event::Wake, Note::Plain);
            }
        }
    }
}
