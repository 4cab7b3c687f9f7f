//! The session of one tab as a value: fed events, it returns effects
//! (docs/SESSION.md "The session machine"). In the manner of `quinn-proto`
//! and `rustls`: no `async`, no I/O, no clock or randomness of its own. The
//! current time, the network flag and fresh random bytes come in with every
//! event ([`Env`]); every request, signature check, timer, channel message,
//! lock, storage write and navigation goes out as an [`Effect`] that an
//! executor carries out and answers with an [`Event`].
//!
//! Every rule of the session lives here: the start of a page (callback,
//! restore after a reload, asking sibling tabs), sign-in and its callback,
//! validation of every token set (from Cognito or a sibling), refresh with
//! backoff, the holder and follower roles of the tab protocol, renewal
//! notices, API calls (refresh first when due; on `401` one refresh and one
//! retry) and sign-out. The submodules hold one concern each:
//! - [`io`]: events and effects;
//! - `keys`: endpoints, signing keys and the validation of a token set;
//! - `flow`: the page's start, sign-in, the callback, sign-out;
//! - `renew`: refresh, backoff, the follower asking the holder;
//! - `tabs`: messages from sibling tabs;
//! - `calls`: API calls;
//! - `handover`: the holder's refresh token sealed to a successor, handed
//!   over at `pagehide`.
//!
//! The seeded simulator in `core/tests/sim/` runs many machines as tabs of
//! one origin against a simulated Cognito and checks the invariants after
//! every step.

mod calls;
mod flow;
mod handover;
pub mod io;
mod keys;
mod renew;
mod tabs;

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::auth::endpoints::Endpoints;
use crate::auth::jwt::Jwks;
use crate::auth::state::{AuthState, Session};
use crate::auth::AuthError;
use crate::config::Config;
use crate::session::refresh::Renewal;

pub use handover::HANDOVER_GRACE_MS;
pub use io::{
    Bearer, CallId, Effect, Env, Event, Key, Load, Request, Secret, Stored, Ticket, Timer, User, MAX_TIMER_MS,
};

use calls::Call;
use keys::{Job, Then};
use renew::Failure;

/// What a ticket the machine handed out is waiting for.
#[derive(Debug)]
enum Waiting {
    /// The discovery document.
    Discovery,
    /// The signing keys (`refetch`: after an unknown `kid`).
    Keys,
    /// A signature of a validation job (`access`: the access token's).
    Signature { job: u64, access: bool },
    /// The code exchange of a sign-in, sent in `epoch` at `sent_ms`.
    Exchange { nonce: String, return_path: String, epoch: u64, sent_ms: f64 },
    /// A refresh, sent in `epoch` at `sent_ms`.
    Refresh { epoch: u64, sent_ms: f64 },
    /// A revocation; `then_logout`: sign-out leaves through this URL after.
    Revoke { then_logout: Option<Option<String>> },
    /// An API call's request.
    Api { call: CallId },
    /// A holder-lock query, and why it was asked.
    Holder(renew::HolderQuestion),
    /// The refresh token being sealed to a successor.
    Seal,
    /// A hand-over's envelope being opened (in `epoch`).
    Open { epoch: u64 },
}

/// One tab's session.
pub struct Machine {
    config: Config,
    state: AuthState,
    renewal: Renewal,
    /// Increases whenever the session is forgotten (sign-out, an ended
    /// session): a validation started in an earlier epoch is dropped, so
    /// nothing adopted during or before a sign-out survives it.
    epoch: u64,
    endpoints: Option<Endpoints>,
    /// What waits for the endpoints (discovery in flight when non-empty).
    after_endpoints: Vec<Then>,
    keys: Option<Jwks>,
    /// When the keys were last fetched (monotonic ms).
    keys_fetched_at: Option<f64>,
    /// Validation jobs waiting for the signing keys.
    after_keys: Vec<u64>,
    /// A request for the keys is out (for jobs, or ahead of them: see
    /// [`Machine::prefetch_keys`]).
    keys_in_flight: bool,
    jobs: BTreeMap<u64, Job>,
    waiting: BTreeMap<Ticket, Waiting>,
    next: u64,
    effects: VecDeque<Effect>,
    /// The id of this tab's pending `hello`.
    hello: Option<String>,
    /// Holding the holder lock.
    holding: bool,
    /// A refresh in flight (sent, or its tokens being validated).
    refreshing: bool,
    /// The last refresh failure that may pass, while its retries last.
    failure: Option<Failure>,
    /// A follower asked the holder for newer tokens and waits.
    asking_holder: bool,
    /// API calls waiting for a refresh or an answer.
    calls: Vec<Call>,
    /// `login_hint` from the page's address.
    login_hint: Option<String>,
    /// The last automatic restore (seconds, as stored).
    restore_attempt: Option<String>,
    /// Entropy of the current event, and a counter for draws from it.
    entropy: [u8; 32],
    draws: u64,
    /// The environment of the event being handled.
    env: Env,
    /// This tab's id on the channel (random, made at load).
    tab_id: String,
    /// The public half of this tab's key pair, once made.
    key: Option<String>,
    /// Tabs that offered to take the refresh token over (latest last).
    successors: Vec<handover::Successor>,
    /// The refresh token sealed to the latest successor (holder).
    sealed: Option<handover::Sealed>,
    /// When a hand-over was last seen (monotonic ms).
    handover_seen_at: Option<f64>,
    /// This tab handed its refresh token over before the reload.
    handed_over: bool,
    /// This tab's refresh token was handed over by another tab and has not
    /// been used yet.
    handed_token: bool,
}

impl Machine {
    /// A machine for `config`, signed out. Feed it [`Event::Load`] first.
    pub fn new(config: Config) -> Machine {
        Machine {
            config,
            state: AuthState::SignedOut,
            renewal: Renewal::Current,
            epoch: 0,
            endpoints: None,
            after_endpoints: Vec::new(),
            keys: None,
            keys_fetched_at: None,
            after_keys: Vec::new(),
            keys_in_flight: false,
            jobs: BTreeMap::new(),
            waiting: BTreeMap::new(),
            next: 0,
            effects: VecDeque::new(),
            hello: None,
            holding: false,
            refreshing: false,
            failure: None,
            asking_holder: false,
            calls: Vec::new(),
            login_hint: None,
            restore_attempt: None,
            entropy: [0; 32],
            draws: 0,
            env: Env { mono_ms: 0.0, wall_secs: 0, online: true, random: None, here: "/".into() },
            tab_id: String::new(),
            key: None,
            successors: Vec::new(),
            sealed: None,
            handover_seen_at: None,
            handed_over: false,
            handed_token: false,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The current state.
    pub fn state(&self) -> &AuthState {
        &self.state
    }

    /// How renewing the session is going.
    pub fn renewal(&self) -> &Renewal {
        &self.renewal
    }

    /// The signed-in session, if any.
    pub fn session(&self) -> Option<&Arc<Session>> {
        self.state.session()
    }

    /// Handles one event at `env`; the effects it causes wait in
    /// [`Machine::poll`].
    pub fn handle(&mut self, env: Env, event: Event) {
        let mut seed = Sha256::new();
        seed.update(self.entropy);
        seed.update(env.random.unwrap_or_default());
        self.entropy = seed.finalize().into();
        self.env = env;
        match event {
            Event::Load(load) => self.on_load(load),
            Event::User(user) => self.on_user(user),
            Event::Answer { ticket, answer } => self.on_answer(ticket, answer),
            Event::ApiAnswer { ticket, answer } => self.on_api_answer(ticket, answer),
            Event::Verified { ticket, result } => self.on_verified(ticket, result),
            Event::Holder { ticket, held } => self.on_holder(ticket, held),
            Event::Timer(timer) => self.on_timer(timer),
            Event::Message(text) => self.on_message(&text),
            Event::Wake => self.on_wake(),
            Event::RedirectFailed(error) => self.fail(error.into()),
            Event::KeyMade(key) => self.on_key_made(key),
            Event::Sealed { ticket, envelope } => self.on_sealed(ticket, envelope),
            Event::Opened { ticket, secret } => self.on_opened(ticket, secret),
            Event::Closing => self.on_closing(),
        }
    }

    /// The next effect to carry out, in order.
    pub fn poll(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    /// Every effect waiting, in order.
    pub fn drain(&mut self) -> impl Iterator<Item = Effect> + '_ {
        self.effects.drain(..)
    }

    fn emit(&mut self, effect: Effect) {
        self.effects.push_back(effect);
    }

    fn ticket(&mut self, waiting: Waiting) -> Ticket {
        self.next += 1;
        let ticket = Ticket(self.next);
        self.waiting.insert(ticket, waiting);
        ticket
    }

    /// `N` random bytes: SHA-256 of this event's entropy and a counter.
    fn random<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for chunk in out.chunks_mut(32) {
            self.draws += 1;
            let mut h = Sha256::new();
            h.update(self.entropy);
            h.update(self.draws.to_le_bytes());
            let block: [u8; 32] = h.finalize().into();
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        out
    }

    /// A number in `[0, 1)` from this event's entropy (backoff jitter).
    fn random_unit(&mut self) -> f64 {
        let bytes: [u8; 8] = self.random();
        (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn set_state(&mut self, state: AuthState) {
        self.state = state.clone();
        self.emit(Effect::Show(state));
    }

    fn set_renewal(&mut self, renewal: Renewal) {
        if self.renewal != renewal {
            self.renewal = renewal.clone();
            self.emit(Effect::ShowRenewal(renewal));
        }
    }

    fn set_timer(&mut self, timer: Timer, delay_ms: f64) {
        let delay_ms = if delay_ms.is_finite() { delay_ms.clamp(0.0, MAX_TIMER_MS) } else { 0.0 };
        self.emit(Effect::SetTimer { timer, delay_ms });
    }

    /// A sign-in (or the callback) failed: nobody is signed in; the error
    /// says why.
    fn fail(&mut self, error: AuthError) {
        self.set_state(AuthState::Failed(error));
    }

    /// True when an answer to a request sent at `sent_ms` comes later than
    /// the network timeout (the page was frozen meanwhile): its tokens may be
    /// older than they look.
    fn too_late(&self, sent_ms: f64) -> bool {
        self.env.mono_ms - sent_ms > f64::from(self.config.network_timeout_seconds) * 1000.0
    }

    fn on_timer(&mut self, timer: Timer) {
        match timer {
            Timer::Refresh => self.refresh_due(false),
            Timer::HolderAnswer => self.holder_silent(),
            Timer::SiblingWait => self.sibling_wait_over(),
            Timer::Expiry => self.expiry_passed(),
        }
    }
}

#[cfg(test)]
mod tests;
