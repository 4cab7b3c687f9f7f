//! Drives one tab's session machine (`session::machine::Machine`) against
//! the scripted fake provider ([`Fake`]): every event goes in with an
//! [`Env`] the test controls (the fake's clocks and network flag, fixed
//! random bytes); every effect is recorded; [`Effect::Send`] is answered
//! from the fake's script for its URL (a request with nothing scripted
//! waits in [`Tab::waiting`]), [`Effect::Verify`] by a real RS256 check,
//! [`Effect::CallApi`] from [`Tab::api`]. Everything else (timers, channel
//! posts, the lock, storage, navigation) is only recorded: the test fires a
//! timer or answers a lock query itself.

use std::collections::VecDeque;
use std::sync::Arc;

use cognito_login_core::auth::login::{AuthorizeOptions, PendingLogin};
use cognito_login_core::auth::secret::{AccessToken, IdToken};
use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::auth::AuthError;
use cognito_login_core::config::Config;
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::api::{ApiError, ApiResponse};
use cognito_login_core::session::machine::{
    CallId, Effect, Env, Event, Load, Machine, Request, Stored, Ticket, Timer, User,
};
use cognito_login_core::session::tabs::TabMessage;
use serde_json::Value;

use super::*;

/// One browser tab: the machine of the page loaded last, the provider it
/// talks to, and what it did.
pub struct Tab {
    /// The machine.
    pub m: Machine,
    /// The provider's script, what it received, the clocks, the network.
    pub fake: Fake,
    /// The random bytes every event brings (`None`: no CSPRNG).
    pub random: Option<[u8; 32]>,
    /// Where the page is (`Env::here`).
    pub here: String,
    /// Every effect of this page, in order.
    pub effects: Vec<Effect>,
    /// Requests with no answer scripted, waiting for [`Tab::reply`].
    pub waiting: Vec<(Ticket, Request)>,
    /// The API's answers, in order (none left: the call waits).
    pub api: VecDeque<Result<ApiResponse, NetError>>,
}

impl Tab {
    /// A tab of `config` whose page has not loaded yet.
    pub fn new(config: Config) -> Tab {
        Tab {
            m: Machine::new(config),
            fake: Fake::default(),
            random: Some([7; 32]),
            here: "/".into(),
            effects: Vec::new(),
            waiting: Vec::new(),
            api: VecDeque::new(),
        }
    }

    /// The environment now.
    pub fn env(&self) -> Env {
        Env {
            mono_ms: self.fake.mono.get(),
            wall_secs: self.fake.now.get(),
            online: self.fake.online.get(),
            random: self.random,
            here: self.here.clone(),
        }
    }

    /// Sets both clocks: the wall clock (seconds) and the monotonic one (ms).
    pub fn set_clocks(&self, wall_secs: i64, mono_ms: f64) {
        self.fake.now.set(wall_secs);
        self.fake.mono.set(mono_ms);
    }

    /// Feeds `event`, then carries out what follows until the machine asks
    /// for nothing the harness answers.
    pub fn feed(&mut self, event: Event) {
        let env = self.env();
        self.m.handle(env, event);
        loop {
            let effects: Vec<Effect> = self.m.drain().collect();
            if effects.is_empty() {
                break;
            }
            for effect in effects {
                let answer = match &effect {
                    Effect::Send { ticket, request } => match self.fake.send(request) {
                        Some(answer) => Some(Event::Answer { ticket: *ticket, answer }),
                        None => {
                            self.waiting.push((*ticket, request.clone()));
                            None
                        }
                    },
                    Effect::Verify { ticket, key, data, signature } => {
                        Some(Event::Verified { ticket: *ticket, result: verify_rs256(key, data.as_bytes(), signature) })
                    }
                    Effect::CallApi { ticket, .. } => {
                        self.api.pop_front().map(|answer| Event::ApiAnswer { ticket: *ticket, answer })
                    }
                    _ => None,
                };
                self.effects.push(effect);
                if let Some(event) = answer {
                    let env = self.env();
                    self.m.handle(env, event);
                }
            }
        }
    }

    /// Answers the first waiting request to `url`.
    pub fn reply(&mut self, url: &str, answer: Result<HttpAnswer, NetError>) {
        let url_of = |r: &Request| match r {
            Request::Get(u) => u.clone(),
            Request::Form(post) => post.url.clone(),
        };
        let at = self.waiting.iter().position(|(_, r)| url_of(r) == url).expect("a request waiting for that URL");
        let (ticket, _) = self.waiting.remove(at);
        self.feed(Event::Answer { ticket, answer });
    }

    /// A new page in this tab (the machine starts again; the provider stays).
    pub fn reload(&mut self) {
        self.m = Machine::new(self.m.config().clone());
        self.effects.clear();
        self.waiting.clear();
    }

    /// Loads `pathname` with `query` and what `sessionStorage` holds.
    pub fn load(&mut self, pathname: &str, query: &str, stored: Stored) {
        let load = Load { pathname: pathname.into(), query: query.into(), stored, sign_in_now: false };
        self.feed(Event::Load(load));
    }

    /// Loads the start page, nothing stored.
    pub fn open(&mut self) {
        self.load("/", "", Stored::default());
    }

    /// Feeds a user's action.
    pub fn user(&mut self, user: User) {
        self.feed(Event::User(user));
    }

    /// A new start page where the user presses "Sign in", coming back to
    /// `return_path`: the pending login it leaves with.
    pub fn begin(&mut self, return_path: &str) -> PendingLogin {
        self.reload();
        self.open();
        self.user(User::SignIn { return_path: return_path.into(), options: AuthorizeOptions::default() });
        let (pending, _) = self.redirect().unwrap_or_else(|| panic!("no redirect: {:?}", self.m.state()));
        PendingLogin::from_json(&pending.expect("a sign-in's redirect saves a pending login").to_json()).unwrap()
    }

    /// A new page at the callback with `query`, the pending login stored.
    pub fn callback(&mut self, query: &str, pending: Option<&PendingLogin>) {
        let stored = Stored { pending_login: pending.map(PendingLogin::to_json), ..Stored::default() };
        self.callback_with(query, stored);
    }

    /// A new page at the callback with `query` and `stored`.
    pub fn callback_with(&mut self, query: &str, stored: Stored) {
        self.reload();
        let path = url_path(&self.m.config().redirect_uri);
        self.load(&path, query, stored);
    }

    /// The state.
    pub fn state(&self) -> &AuthState {
        self.m.state()
    }

    /// The session, if signed in.
    pub fn session(&self) -> Option<Arc<Session>> {
        self.m.session().cloned()
    }

    /// The callback's outcome: the session and where the user went, or the
    /// error shown.
    pub fn outcome(&self) -> Result<(Arc<Session>, String), AuthError> {
        match self.state() {
            AuthState::SignedIn(s) => Ok((s.clone(), self.went_to().expect("signed in, then sent on").to_string())),
            AuthState::Failed(e) => Err(e.clone()),
            other => panic!("neither signed in nor failed: {other:?}"),
        }
    }

    /// The last in-app navigation.
    pub fn went_to(&self) -> Option<&str> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::GoTo(path) => Some(path.as_str()),
            _ => None,
        })
    }

    /// The last top-level navigation: its pending login and URL.
    pub fn redirect(&self) -> Option<(Option<&PendingLogin>, &str)> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::Redirect { pending, url } => Some((pending.as_ref(), url.as_str())),
            _ => None,
        })
    }

    /// Every delay `timer` was armed with, in order.
    pub fn armed(&self, timer: Timer) -> Vec<f64> {
        let delays = self.effects.iter().filter_map(|e| match e {
            Effect::SetTimer { timer: t, delay_ms } if *t == timer => Some(*delay_ms),
            _ => None,
        });
        delays.collect()
    }

    /// Every message posted to the other tabs, in order.
    pub fn posts(&self) -> Vec<TabMessage> {
        let posts = self.effects.iter().filter_map(|e| match e {
            Effect::Post(text) => TabMessage::parse(text),
            _ => None,
        });
        posts.collect()
    }

    /// The ticket of the last question about the holder lock.
    pub fn holder_query(&self) -> Ticket {
        let ticket = self.effects.iter().rev().find_map(|e| match e {
            Effect::QueryHolder { ticket } => Some(*ticket),
            _ => None,
        });
        ticket.expect("a holder query")
    }

    /// The answer to the API call `call`, once there is one.
    pub fn api_done(&self, call: CallId) -> Option<Result<ApiResponse, ApiError>> {
        self.effects.iter().find_map(|e| match e {
            Effect::ApiDone { call: c, result } if *c == call => Some(result.clone()),
            _ => None,
        })
    }

    /// The bearer token of every API request sent, in order.
    pub fn api_sent(&self) -> Vec<String> {
        let sent = self.effects.iter().filter_map(|e| match e {
            Effect::CallApi { bearer, .. } => Some(bearer.0.clone()),
            _ => None,
        });
        sent.collect()
    }

    /// The id of this tab's last `hello`.
    pub fn hello_id(&self) -> String {
        let id = self.posts().into_iter().rev().find_map(|m| match m {
            TabMessage::Hello { id } => Some(id),
            _ => None,
        });
        id.expect("a hello")
    }
}

/// The path of a URL.
pub fn url_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    path.split(['?', '#']).next().unwrap_or(path).to_string()
}

/// The callback's query for `pending`.
pub fn callback_query(pending: &PendingLogin) -> String {
    format!("code=the-code&state={}", pending.state)
}

/// A tab of `config` signed in at `NOW` (monotonic 1000 ms) with a token
/// response of tokens issued at `NOW` for 3600 s and `refresh`; the fake
/// has forgotten the requests of the sign-in.
pub fn signed_in_tab(config: Config, refresh: Option<&str>) -> Tab {
    let mut tab = Tab::new(config);
    let pending = tab.begin("/");
    let access = sign_access(&access_claims(NOW));
    let id = sign_id(&id_claims(&access, NOW, Some(&pending.nonce)));
    tab.fake.ok(TOKEN_URL, &token_body(&id, &access, refresh, 3600));
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.callback(&callback_query(&pending), Some(&pending));
    assert!(tab.session().is_some(), "signed in: {:?}", tab.state());
    tab.fake.take_sent();
    tab
}

/// A sibling's `session` message (to the `hello` `to`, or to every tab).
pub fn session_message(to: Option<&str>, id: &str, access: &str, remaining: f64, offset: i64) -> String {
    TabMessage::Session {
        to: to.map(str::to_string),
        id_token: IdToken::new(id.into()),
        access_token: AccessToken::new(access.into()),
        remaining_secs: remaining,
        lifetime_secs: 3600,
        clock_offset_secs: offset,
    }
    .to_json()
}

/// A whole sign-in against the fake provider (coming back to
/// `/reports?x=1`), with tokens issued 10 s ago whose ID and access token
/// claims are changed by `id` and `access`: the session and where the user
/// went, or the error shown.
pub fn sign_in_with(
    config: Config,
    id: impl Fn(Value) -> Value,
    access: impl Fn(Value) -> Value,
) -> Result<(Arc<Session>, String), AuthError> {
    let mut tab = Tab::new(config);
    let pending = tab.begin("/reports?x=1");
    let access_token = sign_access(&access(access_claims(NOW - 10)));
    let id_token = sign_id(&id(id_claims(&access_token, NOW - 10, Some(&pending.nonce))));
    tab.fake.ok(TOKEN_URL, &token_body(&id_token, &access_token, Some("the-refresh-token"), 3600));
    tab.fake.ok(JWKS_URL, &jwks_body());
    tab.callback(&callback_query(&pending), Some(&pending));
    tab.outcome()
}

/// A pending sign-in in `tab`, and a token response for it (no refresh
/// token) whose ID token `id` makes from the access token and the nonce.
pub fn pending_with_tokens(tab: &mut Tab, id: impl Fn(&str, &str) -> String) -> PendingLogin {
    let pending = tab.begin("/reports?x=1");
    let access_token = sign_access(&access_claims(NOW - 10));
    let id_token = id(&access_token, &pending.nonce);
    tab.fake.ok(TOKEN_URL, &token_body(&id_token, &access_token, None, 3600));
    pending
}

/// An ID token as Cognito signs it, for `access` and `nonce`.
pub fn good_id(access: &str, nonce: &str) -> String {
    sign_id(&id_claims(access, NOW - 10, Some(nonce)))
}
