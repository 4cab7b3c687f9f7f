//! The random schedule: what the user, the tabs, the provider, the network,
//! the clock and the adversary do, each kind on its own random beat, each
//! action chosen from the world as it is at that moment.

use cognito_login_core::auth::login::AuthorizeOptions;
use cognito_login_core::auth::state::AuthState;
use cognito_login_core::session::api::ApiRequest;
use cognito_login_core::session::machine::{CallId, User};
use cognito_login_core::session::refresh::Renewal;

use crate::browser::TabId;
use crate::world::{Occ, Tick, World};

impl World {
    pub(crate) fn start_driver(&mut self) {
        let first = self.rng.range(500, 3000);
        self.after(first, Occ::Tick(Tick::User));
        let tabs = self.rng.exp_ms(self.p.tabs_every_s * 1000.0);
        self.after(tabs, Occ::Tick(Tick::Tabs));
        let p = &self.p;
        if p.revoke_all || p.disable || p.cookie_expiry || p.key_rotation || p.key_emergency || p.lifetime_change {
            let d = self.rng.exp_ms(480_000.0);
            self.after(d, Occ::Tick(Tick::Provider));
        }
        if self.p.adversary {
            let d = self.rng.exp_ms(60_000.0);
            self.after(d, Occ::Tick(Tick::Adversary));
        }
        if self.p.offline || self.p.outages {
            let d = self.rng.exp_ms(300_000.0);
            self.after(d, Occ::Tick(Tick::Net));
        }
        if self.p.jump_ms > 0 {
            let d = self.rng.exp_ms(600_000.0);
            self.after(d, Occ::Tick(Tick::Clock));
        }
    }

    pub(crate) fn tick(&mut self, kind: Tick) {
        let mean_ms = match kind {
            Tick::User => {
                self.user_action();
                self.p.user_every_s * 1000.0
            }
            Tick::Tabs => {
                self.tab_action();
                self.p.tabs_every_s * 1000.0
            }
            Tick::Provider => {
                self.provider_event();
                480_000.0
            }
            Tick::Adversary => {
                let forged = self.adversary.forge(&mut self.rng);
                self.post_forged(forged.text, forged.signs_out);
                60_000.0
            }
            Tick::Net => {
                self.net_event();
                300_000.0
            }
            Tick::Clock => {
                let delta = self.rng.signed(self.p.jump_ms);
                self.skew_ms += delta;
                self.jumped_ms += delta.abs();
                self.trace(|| format!("the wall clock jumps {delta} ms"));
                600_000.0
            }
        };
        let d = self.rng.exp_ms(mean_ms);
        self.after(d, Occ::Tick(kind));
    }

    fn running_tabs(&self) -> Vec<TabId> {
        self.live_tabs().into_iter().filter(|t| !self.tabs[*t].frozen).collect()
    }

    fn open_tabs(&self) -> Vec<TabId> {
        (0..self.tabs.len()).filter(|t| self.tabs[*t].open).collect()
    }

    fn away_tabs(&self) -> Vec<TabId> {
        (0..self.tabs.len()).filter(|t| self.tabs[*t].open && self.tabs[*t].page.is_none()).collect()
    }

    /// An API call to `/me`.
    pub fn api_call(&mut self, t: TabId) {
        self.next_call += 1;
        let request = ApiRequest::get("/me");
        self.user(t, User::Api { call: CallId(self.next_call), request });
    }

    fn user_action(&mut self) {
        let tabs = self.running_tabs();
        if tabs.is_empty() {
            let away = self.away_tabs();
            if self.open_tabs().is_empty() {
                self.open_tab();
            } else if !away.is_empty() && self.rng.chance(0.3) {
                let t = self.rng.pick(&away);
                self.go_home(t);
            }
            return;
        }
        let t = self.rng.pick(&tabs);
        let machine = self.tabs[t].machine().expect("running");
        let failing = *machine.renewal() != Renewal::Current;
        let r = self.rng.unit();
        match machine.state() {
            AuthState::SignedOut | AuthState::Failed(_) => {
                if r < 0.75 {
                    self.user(t, User::SignIn { return_path: "/".into(), options: AuthorizeOptions::default() });
                } else {
                    self.api_call(t);
                }
            }
            AuthState::SignedIn(_) => {
                if r < 0.06 {
                    self.user(t, User::SignOut);
                } else if failing && r < 0.4 {
                    self.user(t, User::RetryRenewal);
                } else {
                    self.api_call(t);
                }
            }
            _ => {
                if failing && r < 0.3 {
                    self.user(t, User::RetryRenewal);
                } else {
                    self.api_call(t);
                }
            }
        }
    }

    fn tab_action(&mut self) {
        let open = self.open_tabs();
        let running = self.running_tabs();
        match self.rng.range(0, 99) {
            0..=29 if open.len() < self.p.max_tabs => {
                self.open_tab();
            }
            30..=44 if open.len() > 1 => {
                let t = self.rng.pick(&open);
                self.close_tab(t);
            }
            // A frozen tab is woken by the user before it can be reloaded
            // (a while before: its wake-up is the freeze's end).
            45..=69 if open.iter().any(|t| !self.tabs[*t].frozen) => {
                let awake: Vec<TabId> = open.iter().copied().filter(|t| !self.tabs[*t].frozen).collect();
                let t = self.rng.pick(&awake);
                if self.tabs[t].page.is_some() {
                    self.reload_tab(t);
                } else {
                    self.go_home(t);
                }
            }
            70..=84 if self.p.freeze && !running.is_empty() => {
                let ms = self.rng.pick(&[5_000, 30_000, 120_000, 600_000]);
                if self.rng.chance(0.2) {
                    // The laptop sleeps: every tab at once.
                    for t in running {
                        self.freeze(t, ms);
                    }
                } else {
                    let t = self.rng.pick(&running);
                    self.freeze(t, ms);
                }
            }
            85..=94 if !running.is_empty() => {
                let t = self.rng.pick(&running);
                let instance = self.tabs[t].instance;
                self.deliver(t, instance, cognito_login_core::session::machine::Event::Wake, crate::world::Note::Plain);
            }
            _ => {
                let away = self.away_tabs();
                if !away.is_empty() {
                    let t = self.rng.pick(&away);
                    self.go_home(t);
                }
            }
        }
    }

    fn provider_event(&mut self) {
        let p = &self.p;
        let options: Vec<u8> = [
            (p.revoke_all, 0),
            (p.disable, 1),
            (p.cookie_expiry, 2),
            (p.key_rotation, 3),
            (p.key_emergency, 4),
            (p.lifetime_change, 5),
        ]
        .into_iter()
        .filter_map(|(on, k)| on.then_some(k))
        .collect();
        let user = usize::from(self.rng.chance(0.2));
        match self.rng.pick(&options) {
            0 => {
                self.trace(|| format!("provider: global sign-out of user {user}"));
                self.provider.revoke_all(user);
            }
            1 => {
                self.trace(|| format!("provider: user {user} disabled"));
                self.provider.disabled[user] = true;
                if self.rng.chance(0.5) {
                    let d = self.rng.range(60_000, 600_000);
                    self.after(d, Occ::Enable(user));
                }
            }
            2 => {
                self.trace(|| "provider: the hosted UI cookie expires".into());
                self.provider.cookie = None;
            }
            3 => {
                self.provider.rotate_stage();
                let (s, p) = (self.provider.signing, self.provider.published.clone());
                self.trace(|| format!("provider: key rotation stage, signing {s}, published {p:?}"));
            }
            4 => {
                self.trace(|| "provider: emergency key rotation".into());
                self.provider.rotate_now();
            }
            _ => {
                let secs = self.rng.pick(&[300, 900, 3600]);
                self.trace(|| format!("provider: token lifetime now {secs} s"));
                self.provider.lifetime_secs = Some(secs);
            }
        }
    }

    fn net_event(&mut self) {
        if self.p.offline && (!self.p.outages || self.rng.chance(0.5)) {
            let d = self.rng.range(5_000, 120_000);
            self.trace(|| format!("offline for {d} ms"));
            self.online = false;
            self.after(d, Occ::Online);
        } else {
            let d = self.rng.range(60_000, 240_000);
            self.trace(|| format!("provider outage for {d} ms"));
            self.outage = true;
            self.after(d, Occ::OutageOver);
        }
    }
}
