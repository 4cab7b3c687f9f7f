//! The checks after every step that need the whole world (the oracle
//! keeps the rest).

use crate::browser::TabId;
use crate::invariants::PageKey;
use crate::provider::BASE_SECS;
use crate::world::World;

impl World {
    /// Invariant 3, the delivered sign-out checks (the oracle), and the
    /// holder lock (1b).
    pub(crate) fn check(&mut self) {
        let mut pages: Vec<(PageKey, &str, bool)> = Vec::new();
        for (t, tab) in self.tabs.iter().enumerate() {
            let Some(page) = tab.page.as_ref().filter(|_| tab.open) else { continue };
            if let Some(s) = page.machine.session() {
                let mono = (self.now - page.start_ms) as f64 + page.mono_base;
                pages.push(((t, tab.instance), s.tokens.access_token.secret(), !s.tokens.lifetime.is_expired(mono)));
            }
        }
        let now_ms = BASE_SECS * 1000 + self.now as i64;
        let tolerance = self.p.tolerance_ms(self.jumped_ms);
        // A sign-out counts as delivered once the channel is quiet: a tab
        // that hears it says it once more (docs/SESSION.md "Tabs"), so a tab
        // that took that tab's tokens in the meantime hears it after them.
        let settled = if self.chan.quiet() { self.chan.settled() } else { 0 };
        self.oracle.after_step(&pages, &self.provider, settled, now_ms, tolerance);
        if self.p.web_locks {
            self.check_lock();
        }
    }

    /// Invariant 1b: the holder lock is held (or asked for) exactly by the
    /// pages that have a refresh token (docs/SESSION.md: "for as long as
    /// it has a refresh token").
    fn check_lock(&mut self) {
        let has_token = |t: TabId| {
            self.tabs[t].machine().and_then(|m| m.session()).is_some_and(|s| s.tokens.refresh_token.is_some())
        };
        for (t, tab) in self.tabs.iter().enumerate() {
            if !tab.live(tab.instance) {
                continue;
            }
            let key = (t, tab.instance);
            let asked = self.locks.owner == Some(key) || self.locks.queue.contains(&key);
            if asked != has_token(t) {
                let what = if asked {
                    "holds the lock without a refresh token"
                } else {
                    "has a refresh token but not the lock"
                };
                self.oracle.fail("1b holder lock", format!("page {key:?} {what}"));
            }
        }
    }
}
