//! The invariants, checked as the world carries out every effect and after
//! every step. The first violation is kept; the world stops there.
//!
//! A page is one document of a tab (`(tab, instance)`): a reload or a
//! navigation starts a new page, so nothing here follows a machine across
//! them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::auth::EndCode;
use cognito_login_core::form::decode_pairs;
use cognito_login_core::session::machine::{Request, Ticket};

use crate::provider::{Provider, REFRESH_MARK, REVOKE_URL, TOKEN_URL, USERS};

pub type PageKey = (usize, u64);

/// At most this many timers may fire in a minute on a page that heard no
/// user, no message and no load meanwhile ("about twenty").
pub const TIMER_LIMIT: usize = 24;

#[derive(Debug, Clone)]
pub struct Violation {
    pub name: &'static str,
    pub detail: String,
}

/// The session a page last showed.
#[derive(Debug, Clone)]
struct Seen {
    sub: String,
    access: String,
    family: Option<usize>,
    /// Sign-outs anywhere before this session was shown.
    signouts: u64,
    emergencies: u32,
    /// The access token's `iat`.
    iat: i64,
    /// The family of the page's own refresh token (a holder's; after a
    /// hand-over it may differ from the access token's).
    rt_family: Option<usize>,
}

#[derive(Debug, Default)]
struct Watch {
    session: Option<Seen>,
    /// Timers fired since the page last heard from the user or a sibling.
    timers: VecDeque<u64>,
    /// After a transient refresh failure: (when, the least wait), ms.
    backoff: Option<(u64, u64)>,
    /// Refreshes sent and not answered: ticket → refresh token.
    in_flight: BTreeMap<Ticket, String>,
    /// The family of the last session shown.
    last_family: Option<usize>,
}

#[derive(Default)]
pub struct Oracle {
    pub violation: Option<Violation>,
    /// Checks the hand-over (invariant 8; `SIM_HANDOVER=0` turns it off).
    pub check_handover: bool,
    watches: BTreeMap<PageKey, Watch>,
    /// Which page last sent each refresh token.
    senders: HashMap<String, PageKey>,
    /// User sign-outs (and forged, well-formed `signedOut` messages).
    pub signouts: u64,
    /// Invariant 4 strictly: a refused family ends only its own tabs, not
    /// those of another family of the same user (`SIM_STRICT=1`; off, as
    /// `signedOut` names no family: a design limit, reported).
    pub strict_families: bool,
    /// Families some page has shown as signed in.
    shown: BTreeSet<usize>,
    /// Checks waiting for the channel: once every message posted up to the
    /// sequence number is delivered, these families are forbidden.
    pending: Vec<(u64, &'static str, BTreeSet<usize>)>,
    /// Families no page may show as signed in, and the invariant why.
    forbidden: BTreeMap<usize, &'static str>,
    /// Access tokens the adversary handed to some page (it may: they are
    /// real tokens, replayed), exempt from the sign-out checks.
    tainted: HashSet<String>,
    /// Families whose holder was closed or reloaded (invariant 8).
    orphaned: BTreeSet<usize>,
}

/// A refresh token the provider issued, if `text` contains one.
pub fn leaked<'a>(text: &'a str, provider: &Provider) -> Option<&'a str> {
    let mut rest = text;
    while let Some(i) = rest.find(REFRESH_MARK) {
        let tail = &rest[i..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(tail.len());
        if provider.refresh.contains_key(&tail[..end]) {
            return Some(&tail[..end]);
        }
        rest = &tail[REFRESH_MARK.len()..];
    }
    None
}

impl Oracle {
    pub fn fail(&mut self, name: &'static str, detail: String) {
        if self.violation.is_none() {
            self.violation = Some(Violation { name, detail });
        }
    }

    pub fn new_page(&mut self, page: PageKey) {
        self.watches.insert(page, Watch::default());
    }

    /// The page is gone (closed, reloaded, navigated); `holder_of`: the
    /// family whose current refresh token it held, if it was closed or
    /// reloaded (not a navigation).
    pub fn page_gone(&mut self, page: PageKey, holder_of: Option<usize>) {
        self.watches.remove(&page);
        self.orphaned.extend(holder_of);
    }

    /// Invariant 2: `text`, carried by `what`, holds no refresh token.
    pub fn scan(&mut self, page: PageKey, what: &str, text: &str, provider: &Provider) {
        if text.contains(REFRESH_MARK) {
            if let Some(token) = leaked(text, provider) {
                self.fail("2 refresh token leaked", format!("page {page:?}: {what} carries {token}"));
            }
        }
    }

    /// A request goes out (invariants 1 and 2).
    pub fn on_send(&mut self, page: PageKey, ticket: Ticket, request: &Request, now: u64, provider: &Provider) {
        let (url, body) = match request {
            Request::Get(url) => (url, None),
            Request::Form(form) => (&form.url, Some(form.body.as_str())),
        };
        self.scan(page, "a request's URL", url, provider);
        let Some(body) = body else { return };
        if url != TOKEN_URL && url != REVOKE_URL {
            self.scan(page, "a form to another URL", body, provider);
        }
        let pairs = decode_pairs(body);
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if get("grant_type").as_deref() != Some("refresh_token") {
            return;
        }
        let token = get("refresh_token").unwrap_or_default();
        // A refresh token handed over moves to another page as its holder
        // goes: two pages may use it one after the other, never while both
        // are there.
        let last = self.senders.insert(token.clone(), page).unwrap_or(page);
        if last != page && self.watches.contains_key(&last) {
            self.fail("1 refresh token sent by two tabs", format!("{token} by page {last:?}, then page {page:?}"));
        }
        let Some(watch) = self.watches.get_mut(&page) else { return };
        let concurrent = watch.in_flight.values().any(|t| *t == token);
        let early = watch.backoff.filter(|(at, wait)| now < at + wait);
        watch.backoff = None;
        watch.in_flight.insert(ticket, token.clone());
        if concurrent {
            self.fail("1 concurrent refreshes", format!("page {page:?} sent {token} again before its answer"));
        }
        if let Some((at, wait)) = early {
            let detail =
                format!("page {page:?} refreshed {} ms after a transient failure (at least {wait} ms)", now - at);
            self.fail("1 refresh inside the backoff", detail);
        }
    }

    /// A refresh's answer reached a live page: `wait`: it was a transient
    /// failure with this least backoff; `refused`: `invalid_grant` for this
    /// family, checked once the channel has delivered (`posted`: the last
    /// message posted so far).
    pub fn refresh_answered(&mut self, page: PageKey, ticket: Ticket, wait: Option<u64>, now: u64) {
        if let Some(watch) = self.watches.get_mut(&page) {
            watch.in_flight.remove(&ticket);
            if let Some(wait) = wait {
                watch.backoff = Some((now, wait));
            }
        }
    }

    /// Once every message posted up to `posted` is delivered, no page may
    /// be signed in with `families` (invariants 4 and 5).
    pub fn forbid_after(&mut self, posted: u64, name: &'static str, families: BTreeSet<usize>) {
        if !families.is_empty() {
            self.pending.push((posted, name, families));
        }
    }

    /// A user signed out somewhere (or a well-formed forged `signedOut`):
    /// every family issued before must go, except one whose sign-in the
    /// user started and no page has shown yet (a sign-in and a sign-out at
    /// the same time: either may win).
    pub fn signed_out(&mut self, posted: u64, counted: bool, provider: &Provider) {
        if !counted {
            self.signouts += 1;
        }
        let families =
            (0..provider.families.len()).filter(|f| self.shown.contains(f) || !provider.families[*f].by_user);
        let families = families.collect();
        self.forbid_after(posted, "5 signed in after a sign-out", families);
    }

    pub fn retry_pressed(&mut self, page: PageKey) {
        if let Some(w) = self.watches.get_mut(&page) {
            w.backoff = None;
        }
    }

    /// The page heard from the user, a sibling or a load: not idle.
    pub fn busy(&mut self, page: PageKey) {
        if let Some(w) = self.watches.get_mut(&page) {
            w.timers.clear();
        }
    }

    pub fn taint(&mut self, access: String) {
        self.tainted.insert(access);
    }

    /// Invariant 7: a timer fired on `page`.
    pub fn on_timer(&mut self, page: PageKey, now: u64) {
        let Some(w) = self.watches.get_mut(&page) else { return };
        w.timers.push_back(now);
        while w.timers.front().is_some_and(|t| *t + 60_000 <= now) {
            w.timers.pop_front();
        }
        if w.timers.len() > TIMER_LIMIT {
            self.fail(
                "7 timer loop",
                format!("page {page:?}: {} timers in the last minute while idle", TIMER_LIMIT + 1),
            );
        }
    }

    /// The family of the last session the page showed.
    pub fn last_family(&self, page: PageKey) -> Option<usize> {
        self.watches.get(&page).and_then(|w| w.last_family)
    }

    /// True when the page last showed a session.
    pub fn signed_in(&self, page: PageKey) -> bool {
        self.watches.get(&page).is_some_and(|w| w.session.is_some())
    }

    /// The page renders `state` (invariants 4 and 6). `heard`: the event
    /// being handled is a well-formed `signedOut` (with its reason, if
    /// any). `holderless`: no page holds the family's working refresh token
    /// (asked only when the page leaves a session).
    pub fn on_show(
        &mut self,
        page: PageKey,
        state: &AuthState,
        provider: &Provider,
        heard: Option<Option<EndCode>>,
        holderless: impl Fn(Option<usize>) -> bool,
    ) {
        let signouts = self.signouts;
        let Some(w) = self.watches.get_mut(&page) else { return };
        match state {
            AuthState::SignedIn(s) => {
                let access = s.tokens.access_token.secret();
                let family = provider.family_of(access);
                if let Some(prev) = &w.session {
                    if prev.sub != s.claims.sub {
                        let detail =
                            format!("page {page:?} went from {} to {} without signing out", prev.sub, s.claims.sub);
                        self.fail("6 another user's session", detail);
                        return;
                    }
                    if prev.access != *access {
                        w.backoff = None;
                    }
                    let iat = provider.token(access).map_or(i64::MAX, |t| t.iat);
                    if iat < prev.iat {
                        let detail =
                            format!("page {page:?} replaced its tokens (iat {}) with older ones (iat {iat})", prev.iat);
                        self.fail("3b older tokens adopted", detail);
                        return;
                    }
                }
                let emergencies = provider.emergencies;
                w.last_family = family;
                let iat = provider.token(access).map_or(i64::MAX, |t| t.iat);
                let sub = s.claims.sub.clone();
                let rt_family =
                    s.tokens.refresh_token.as_ref().and_then(|rt| provider.refresh.get(rt.secret()).copied());
                let access = access.to_string();
                w.session = Some(Seen { sub, access, family, signouts, emergencies, iat, rt_family });
                self.shown.extend(family);
            }
            // Leaving for Cognito (a sign-in, a re-authentication) or
            // signing out: the tab navigates.
            AuthState::Redirecting | AuthState::SigningOut => w.session = None,
            _ => {
                let Some(prev) = w.session.take() else { return };
                // A sign-out somewhere (its message may arrive after this
                // page took newer tokens), or a session that ended in
                // another tab: with several families of one user (two
                // sign-ins), `signedOut` names none, so every tab ends
                // (strictly, only that family's tabs should).
                let by_message = match heard {
                    Some(None) => true,
                    Some(Some(_)) => !self.strict_families,
                    None => false,
                };
                let lost = |f: Option<usize>| f.is_some_and(|f| provider.family_dead(f) || holderless(Some(f)));
                let fine = prev.signouts < signouts
                    || by_message
                    || prev.emergencies < provider.emergencies
                    || lost(prev.family)
                    || lost(prev.rt_family);
                if !fine {
                    let detail = format!(
                        "page {page:?} left its session ({:?}) with no sign-out, revocation or lost holder",
                        state
                    );
                    self.fail("4 a transient fault signed out", detail);
                }
            }
        }
    }

    /// Invariant 6: an API call's bearer is the page's user's.
    pub fn on_call_api(&mut self, page: PageKey, bearer: &str, provider: &Provider) {
        let Some(w) = self.watches.get(&page) else { return };
        let user = provider.token(bearer).map(|t| USERS[t.user].1);
        match (&w.session, user) {
            (Some(s), Some(sub)) if s.sub == sub => {}
            (s, _) => {
                let detail =
                    format!("page {page:?} sent a bearer of {user:?} while showing {:?}", s.as_ref().map(|s| &s.sub));
                self.fail("6 another user's bearer", detail);
            }
        }
    }

    /// Invariant 8: a page navigates to re-authenticate although its
    /// family's refresh token still works and only a closed or reloaded
    /// holder had it.
    pub fn on_reauthenticate(&mut self, page: PageKey, family: Option<usize>, provider: &Provider) {
        let Some(f) = family else { return };
        if self.check_handover && self.orphaned.contains(&f) && !provider.family_dead(f) {
            self.fail(
                "8 a closed tab made another navigate",
                format!("page {page:?} re-authenticates; family {f} lives"),
            );
        }
    }

    /// After every step: invariant 3 for each signed-in page, and the
    /// sign-out checks whose messages have all been delivered.
    /// `pages`: each live page, its session's access token and whether its
    /// lifetime is still unexpired by its clock; `settled`: every message
    /// posted up to this sequence number is delivered.
    pub fn after_step(
        &mut self,
        pages: &[(PageKey, &str, bool)],
        provider: &Provider,
        settled: u64,
        now_secs_ms: i64,
        tolerance_ms: i64,
    ) {
        let mut i = 0;
        while i < self.pending.len() {
            if self.pending[i].0 <= settled {
                let (_, name, families) = self.pending.swap_remove(i);
                for f in families {
                    self.forbidden.entry(f).or_insert(name);
                }
            } else {
                i += 1;
            }
        }
        for (page, access, unexpired) in pages {
            let info = provider.token(access);
            let Some(info) = info else {
                self.fail("3 an unknown token", format!("page {page:?} is signed in with a token nobody issued"));
                return;
            };
            if *unexpired && info.exp * 1000 <= now_secs_ms - tolerance_ms {
                let late = now_secs_ms - info.exp * 1000;
                self.fail(
                    "3 a token past its exp",
                    format!("page {page:?} holds family {}'s token {late} ms past exp as usable", info.family),
                );
                return;
            }
            if let Some(name) = self.forbidden.get(&info.family) {
                if !self.tainted.contains(*access) {
                    self.fail(
                        name,
                        format!("page {page:?} is signed in with family {} after the channel delivered", info.family),
                    );
                    return;
                }
            }
        }
    }
}
