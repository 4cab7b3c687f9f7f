//! Carrying out a machine's effects: HTTP to the simulated Cognito and API
//! (with latency and injected faults), signature checks, timers, the
//! channel, the lock, storage, and navigations to the hosted UI (which
//! answers with a code, at once while its cookie is valid, else once the
//! user types the password) and to `/logout`.

use cognito_login_core::auth::token::FormPost;
use cognito_login_core::form::decode_pairs;
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::api::ApiResponse;
use cognito_login_core::session::machine::{Effect, Event, Key, Request, Ticket, MAX_TIMER_MS};

use cognito_login_core::session::tabs::TabMessage;

use crate::browser::{TabId, ADVERSARY};
use crate::provider::{self, Outcome, AUTHORIZE_URL, TOKEN_URL};
use crate::trace;
use crate::world::{Note, Occ, World};

/// Something that goes wrong with one request.
#[derive(Debug, Clone, Copy)]
enum Fault {
    TooMany(Option<u32>),
    Throttled400,
    Waf403,
    Portal200,
    Server(u16),
    Timeout,
    Failed,
}

const THROTTLED: &str = r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#;

impl Fault {
    fn answer(self) -> HttpAnswer {
        match self {
            Fault::TooMany(retry_after) => {
                HttpAnswer { status: 429, body: THROTTLED.into(), retry_after_secs: retry_after }
            }
            Fault::Throttled400 => HttpAnswer::new(400, THROTTLED),
            Fault::Waf403 => HttpAnswer::new(403, "<html><body><h1>403 Forbidden</h1>Request blocked.</body></html>"),
            Fault::Portal200 => {
                HttpAnswer::new(200, "<html><body>Welcome to the hotel Wi-Fi. Accept the terms.</body></html>")
            }
            Fault::Server(status) => HttpAnswer::new(status, "<html>Service Unavailable</html>"),
            Fault::Timeout | Fault::Failed => unreachable!("no answer"),
        }
    }

    /// The least backoff a refresh must keep after this answer, ms.
    fn backoff_ms(self) -> u64 {
        match self {
            Fault::TooMany(Some(secs)) => u64::from(secs.min(600)) * 1000,
            _ => 0,
        }
        .max(1000)
    }
}

impl World {
    fn fault(&mut self) -> Option<Fault> {
        let rate = if self.outage { 0.8 } else { self.p.fault_rate };
        if !self.rng.chance(rate) {
            return None;
        }
        let retry_after = if self.rng.chance(0.5) { Some(self.rng.pick(&[0, 1, 5, 30, 120, 900])) } else { None };
        Some(match self.rng.range(0, 9) {
            0 | 1 => Fault::TooMany(retry_after),
            2 => Fault::Throttled400,
            3 => Fault::Waf403,
            4 => Fault::Portal200,
            5 => Fault::Server(self.rng.pick(&[500, 502, 503, 504])),
            6 | 7 => Fault::Timeout,
            _ => Fault::Failed,
        })
    }

    pub(crate) fn latency(&mut self) -> u64 {
        self.rng.range(self.p.lat_min, self.p.lat_max)
    }

    fn serve(&mut self, request: &Request) -> (HttpAnswer, Outcome) {
        match request {
            Request::Get(url) => (self.provider.get(url, &self.p), Outcome::Other),
            Request::Form(FormPost { url, body }) => self.provider.post(url, body, self.now, &self.p, &mut self.rng),
        }
    }

    fn send(&mut self, t: TabId, instance: u64, ticket: Ticket, request: Request) {
        self.oracle.on_send((t, instance), ticket, &request, self.now, &self.provider);
        let is_refresh = matches!(&request, Request::Form(f) if f.url == TOKEN_URL
            && decode_pairs(&f.body).iter().any(|(k, v)| k == "grant_type" && v == "refresh_token"));
        let latency = self.latency();
        let (delay, answer, outcome, fault) = if !self.online {
            (self.rng.range(1, 5), Err(NetError::Offline), None, Some(Fault::Failed))
        } else {
            match self.fault() {
                Some(f @ (Fault::Timeout | Fault::Failed)) => {
                    // The request may have reached the provider before the
                    // answer was lost (a rotation the tab never hears of).
                    let processed = self.rng.chance(if matches!(f, Fault::Timeout) { 0.5 } else { 0.2 });
                    let outcome = processed.then(|| self.serve(&request).1);
                    let (delay, error) = match f {
                        Fault::Timeout => {
                            let secs = self.config.network_timeout_seconds;
                            (u64::from(secs) * 1000, NetError::Timeout { secs })
                        }
                        _ => (
                            self.rng.range(1, latency),
                            NetError::Failed { browser_says: "TypeError: Failed to fetch".into() },
                        ),
                    };
                    (delay, Err(error), outcome, Some(f))
                }
                Some(f) => (latency, Ok(f.answer()), None, Some(f)),
                None => {
                    let (answer, outcome) = self.serve(&request);
                    (latency, Ok(answer), Some(outcome), None)
                }
            }
        };
        if self.trace.on {
            let line = format!(
                "   http {} -> {:?} in {delay} ms{}",
                trace::request(&request),
                fault,
                match &outcome {
                    Some(o) if *o != Outcome::Other => format!(" ({o:?})"),
                    _ => String::new(),
                }
            );
            self.trace.add(self.now, line);
        }
        let note = if is_refresh {
            let refused = match (&outcome, fault) {
                (Some(Outcome::Refused { family }), None) => *family,
                _ => None,
            };
            Note::Refresh { wait: fault.map(Fault::backoff_ms), refused, sent: self.now }
        } else {
            Note::Plain
        };
        let event = Event::Answer { ticket, answer };
        self.after(delay, Occ::Deliver { tab: t, instance, event, note });
    }

    fn call_api(&mut self, t: TabId, instance: u64, ticket: Ticket, url: &str, bearer: &str) {
        self.oracle.on_call_api((t, instance), bearer, &self.provider);
        let latency = self.latency();
        let answer = if !self.online {
            Err(NetError::Offline)
        } else {
            match self.fault() {
                Some(Fault::Timeout) => Err(NetError::Timeout { secs: self.config.network_timeout_seconds }),
                Some(Fault::Failed) => Err(NetError::Failed { browser_says: "TypeError: Failed to fetch".into() }),
                Some(Fault::Server(s)) => {
                    Ok(ApiResponse { status: s, elapsed_ms: latency as f64, headers: vec![], body: String::new() })
                }
                _ => {
                    let status =
                        if url.starts_with(crate::params::API) { self.provider.api(bearer, self.now) } else { 404 };
                    Ok(ApiResponse { status, elapsed_ms: latency as f64, headers: vec![], body: "{}".into() })
                }
            }
        };
        self.trace(|| format!("   api -> {:?}", answer.as_ref().map(|a| a.status)));
        self.after(
            latency,
            Occ::Deliver { tab: t, instance, event: Event::ApiAnswer { ticket, answer }, note: Note::Plain },
        );
    }

    /// Posts `text` from `from` (or the adversary) to every other page.
    pub fn post(&mut self, from: TabId, text: String) {
        let forged = from == ADVERSARY;
        if !forged && self.p.adversary {
            self.adversary.observe(&text);
        }
        let seq = self.chan.post();
        for to in 0..self.tabs.len() {
            if to == from || !self.tabs[to].open || self.tabs[to].page.is_none() {
                continue;
            }
            let mut delay = self.rng.range(0, self.p.chan_ms);
            if self.p.chan_slow && self.rng.chance(0.05) {
                delay = self.rng.range(1000, 5000);
            }
            let at = self.chan.slot(seq, from, to, self.now + delay);
            let instance = self.tabs[to].instance;
            self.at(
                at,
                Occ::Deliver {
                    tab: to,
                    instance,
                    event: Event::Message(text.clone()),
                    note: Note::Message { seq, forged },
                },
            );
        }
    }

    /// The adversary posts `text`; `signs_out`: a well-formed `signedOut`.
    pub fn post_forged(&mut self, text: String, signs_out: bool) {
        if self.trace.on {
            let line = format!("adversary posts {}", trace::message(&self.provider, &text, self.now));
            self.trace.add(self.now, line);
        }
        self.post(ADVERSARY, text);
        if signs_out {
            self.oracle.signed_out(self.chan.posted, false, &self.provider);
        }
    }

    pub(crate) fn effect(&mut self, t: TabId, instance: u64, effect: Effect, leaving: &mut Option<String>) {
        let key = (t, instance);
        if self.trace.on && !matches!(effect, Effect::Send { .. } | Effect::CallApi { .. }) {
            let line = format!("   {}", trace::effect(&self.provider, &effect, self.now));
            self.trace.add(self.now, line);
        }
        match effect {
            Effect::Send { ticket, request } => self.send(t, instance, ticket, request),
            Effect::CallApi { ticket, url, bearer, body, .. } => {
                self.oracle.scan(key, "an API URL", &url, &self.provider);
                self.oracle.scan(key, "an API body", body.as_deref().unwrap_or(""), &self.provider);
                self.oracle.scan(key, "an API bearer", &bearer.0, &self.provider);
                self.call_api(t, instance, ticket, &url, &bearer.0);
            }
            Effect::Verify { ticket, key: jwk, data, signature } => {
                self.oracle.scan(key, "a signature check", &data, &self.provider);
                let ok = provider::verify(&jwk, &data, &signature);
                let delay = self.rng.range(self.p.verify_ms.0, self.p.verify_ms.1);
                self.after(
                    delay,
                    Occ::Deliver {
                        tab: t,
                        instance,
                        event: Event::Verified { ticket, result: Ok(ok) },
                        note: Note::Plain,
                    },
                );
            }
            Effect::SetTimer { timer, delay_ms } => {
                if !(delay_ms.is_finite() && (0.0..=MAX_TIMER_MS).contains(&delay_ms)) {
                    self.oracle.fail("0 timer delay out of range", format!("page {key:?}: {timer:?} in {delay_ms} ms"));
                }
                // What a browser does: NaN, negative and overflowing
                // (above 2^31 - 1) delays fire at once.
                let mut d = if delay_ms.is_finite() && delay_ms > 0.0 && delay_ms <= 2_147_483_647.0 {
                    delay_ms.ceil() as u64
                } else {
                    0
                };
                if self.p.early_timers && d > 1 && self.rng.chance(0.5) {
                    d -= 1;
                }
                self.generation += 1;
                let generation = self.generation;
                if let Some(page) = self.tabs[t].page.as_mut() {
                    page.timers.insert(timer, generation);
                }
                self.after(d.max(1), Occ::Timer { tab: t, instance, timer, generation });
            }
            Effect::CancelTimer(timer) => {
                if let Some(page) = self.tabs[t].page.as_mut() {
                    page.timers.remove(&timer);
                }
            }
            Effect::Post(text) => {
                self.oracle.scan(key, "a channel message", &text, &self.provider);
                // (serde writes the tag first: parse only these.)
                if text.starts_with(r#"{"type":"handover""#) || text.starts_with(r#"{"type":"successor""#) {
                    match TabMessage::parse(&text) {
                        Some(TabMessage::Handover { envelope, .. }) => {
                            if self.closing {
                                self.closing_handover = Some(envelope.clone());
                            }
                            self.adversary_opens(&envelope);
                        }
                        Some(TabMessage::Successor { .. }) => {
                            self.offers.insert(key, self.now);
                        }
                        _ => {}
                    }
                }
                self.post(t, text);
            }
            Effect::HoldHolder => {
                if self.p.web_locks {
                    self.locks.hold(key);
                }
            }
            Effect::ReleaseHolder => self.locks.release(key),
            Effect::QueryHolder { ticket } => {
                let delay = self.rng.range(self.p.query_ms.0, self.p.query_ms.1);
                self.after(delay, Occ::Holder { tab: t, instance, ticket });
            }
            Effect::Store { key: k, value } => {
                self.oracle.scan(key, "a storage write", value.as_deref().unwrap_or(""), &self.provider);
                match value {
                    Some(v) => self.tabs[t].storage.insert(k, v),
                    None => self.tabs[t].storage.remove(&k),
                };
            }
            Effect::Redirect { pending, url } => {
                self.oracle.scan(key, "a redirect URL", &url, &self.provider);
                if let Some(pending) = pending {
                    let json = pending.to_json();
                    self.oracle.scan(key, "the pending login", &json, &self.provider);
                    self.tabs[t].storage.insert(Key::PendingLogin, json);
                }
                if url.starts_with(AUTHORIZE_URL) && !self.by_user {
                    self.oracle.on_reauthenticate(key, self.oracle.last_family(key), &self.provider);
                }
                *leaving = Some(url);
            }
            Effect::ClearQuery => {
                let path = &mut self.tabs[t].path;
                if let Some(i) = path.find('?') {
                    path.truncate(i);
                }
            }
            Effect::GoTo(path) => {
                self.oracle.scan(key, "a path", &path, &self.provider);
                self.tabs[t].path = path;
            }
            Effect::Show(state) => {
                let provider = &self.provider;
                let tabs = &self.tabs;
                // Leaving a session is fine when no page holds its family's
                // working refresh token any more (its holder is gone).
                let holderless = |family: Option<usize>| {
                    let Some(f) = family else { return false };
                    let current = &provider.families[f].current;
                    !tabs.iter().filter(|tab| tab.open).filter_map(|tab| tab.machine()).any(|m| {
                        m.session()
                            .and_then(|s| s.tokens.refresh_token.as_ref())
                            .is_some_and(|rt| rt.secret() == current)
                    })
                };
                self.oracle.on_show(key, &state, provider, self.heard, holderless);
            }
            Effect::MakeKey => self.make_key(t, instance),
            // The refresh token goes to WebCrypto to be sealed: not a leak.
            Effect::Seal { ticket, to, secret } => self.seal(t, instance, ticket, to, secret.0),
            Effect::Open { ticket, envelope } => self.open(t, instance, ticket, &envelope),
            Effect::ShowRenewal(renewal) => {
                self.oracle.scan(key, "a renewal notice", &format!("{renewal:?}"), &self.provider)
            }
            Effect::ApiDone { result, .. } => {
                self.oracle.scan(key, "an API answer", &format!("{result:?}"), &self.provider)
            }
            Effect::TokenDone { result, .. } => {
                self.oracle.scan(key, "a token answer", &format!("{result:?}"), &self.provider)
            }
            Effect::SignInFinished(result) => {
                self.oracle.scan(key, "a sign-in record", &format!("{result:?}"), &self.provider)
            }
        }
    }
}
