//! Navigations: to the hosted UI (which answers with a code at once while
//! its cookie is valid, else once the user types the password, or never
//! when the user walks away) and to `/logout`.

use cognito_login_core::form::{decode_pairs, encode};

use crate::browser::TabId;
use crate::provider::{now_secs, Cookie, AUTHORIZE_URL, LOGOUT_URL};
use crate::world::{Occ, World};

impl World {
    /// The page of tab `t` leaves for `url`.
    pub(crate) fn navigate(&mut self, t: TabId, url: String) {
        self.leave_page(t, false);
        self.tabs[t].instance += 1;
        let instance = self.tabs[t].instance;
        let latency = self.latency();
        if url.starts_with(AUTHORIZE_URL) {
            let query = url.split_once('?').map_or("", |(_, q)| q);
            let pairs = decode_pairs(query);
            let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
            let (state, challenge, nonce) = (get("state"), get("code_challenge"), get("nonce"));
            let by_user = self.by_user;
            self.after(latency, Occ::Authorize { tab: t, instance, state, challenge, nonce, by_user });
        } else if url.starts_with(LOGOUT_URL) {
            self.provider.cookie = None;
            self.after(latency, Occ::Land { tab: t, instance, path: "/".into() });
        } else {
            self.trace(|| format!("tab{t} left for an unknown URL {url}"));
        }
    }

    pub(crate) fn hosted_ui(
        &mut self,
        t: TabId,
        instance: u64,
        state: String,
        challenge: String,
        nonce: String,
        by_user: bool,
    ) {
        if !(self.tabs[t].open && self.tabs[t].instance == instance) {
            return;
        }
        if let Some((user, auth_time)) = self.provider.cookie_user(self.now) {
            self.trace(|| format!("tab{t} hosted UI: cookie of user {user}, redirects at once"));
            let code = self.provider.issue_code(user, auth_time, &challenge, &nonce, by_user, self.now, &mut self.rng);
            let delay = self.rng.range(30, 300);
            let path = format!("/callback?code={code}&state={}", encode(&state));
            self.after(delay, Occ::Land { tab: t, instance, path });
        } else if self.rng.chance(self.p.walk_away) {
            self.trace(|| format!("tab{t} hosted UI: the user walks away"));
        } else {
            let user = usize::from(self.rng.chance(self.p.bob));
            let delay = self.rng.range(3_000, 60_000);
            self.after(delay, Occ::Password { tab: t, instance, user, state, challenge, nonce, by_user });
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn password(
        &mut self,
        t: TabId,
        instance: u64,
        user: usize,
        state: String,
        challenge: String,
        nonce: String,
        by_user: bool,
    ) {
        if !(self.tabs[t].open && self.tabs[t].instance == instance) {
            return;
        }
        if self.provider.disabled[user] {
            self.trace(|| format!("tab{t} hosted UI: user {user} is disabled, stays on the form"));
            return;
        }
        self.trace(|| format!("tab{t} hosted UI: user {user} types the password"));
        let auth_time = now_secs(self.now);
        self.provider.cookie = Some(Cookie { user, auth_time, expires_ms: self.now + 3_600_000 });
        let code = self.provider.issue_code(user, auth_time, &challenge, &nonce, by_user, self.now, &mut self.rng);
        let delay = self.rng.range(100, 500);
        let path = format!("/callback?code={code}&state={}", encode(&state));
        self.after(delay, Occ::Land { tab: t, instance, path });
    }
}
