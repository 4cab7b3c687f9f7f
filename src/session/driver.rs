//! The executor of this tab's session machine (`core::session::machine`):
//! it reads the environment for each event (clocks, network flag, random
//! bytes, the page's path), carries each effect out with the browser shell
//! (`fetch`, WebCrypto, timers, the channel, the Web Lock, `sessionStorage`,
//! navigation) and feeds what happened back. It decides nothing.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use cognito_login_core::auth::secret::AccessToken;
use cognito_login_core::auth::state::AuthState;
use cognito_login_core::config::Config;
use cognito_login_core::session::api::{ApiError, ApiResponse};
use cognito_login_core::session::landing::Names;
use cognito_login_core::session::machine::{CallId, Effect, Env, Event, Key, Machine, Request, Secret, Timer};
use cognito_login_core::session::refresh::Renewal;
use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::tabs::{lock_held, LockHold, TabChannel};
use crate::browser::{crypto, http, nav, storage};

/// What the page renders, set by the machine's `Show` effects.
#[derive(Clone, Copy)]
pub(super) struct Outputs {
    pub state: RwSignal<AuthState>,
    pub renewal: RwSignal<Renewal>,
    /// Where the callback sends the user (an app path), once it is done.
    pub goto: RwSignal<Option<String>>,
}

/// Where a call's answer goes.
enum Answer {
    Api(oneshot::Sender<Result<ApiResponse, ApiError>>),
    Token(oneshot::Sender<Result<AccessToken, ApiError>>),
}

/// One tab's machine and the browser resources its effects use.
pub(super) struct Driver {
    machine: RefCell<Machine>,
    names: Names,
    timeout_secs: u32,
    outputs: Outputs,
    timers: RefCell<HashMap<Timer, TimeoutHandle>>,
    channel: RefCell<Option<TabChannel>>,
    holder: RefCell<Option<LockHold>>,
    calls: RefCell<HashMap<CallId, Answer>>,
    next_call: Cell<u64>,
    /// The private half of this tab's key pair (not extractable).
    key: RefCell<Option<web_sys::CryptoKey>>,
}

impl Driver {
    pub fn new(config: Config, outputs: Outputs) -> Rc<Driver> {
        let names = Names::new(&config.client_id, &nav::base_path());
        Rc::new(Driver {
            timeout_secs: config.network_timeout_seconds,
            machine: RefCell::new(Machine::new(config)),
            names,
            outputs,
            timers: RefCell::default(),
            channel: RefCell::default(),
            holder: RefCell::default(),
            calls: RefCell::default(),
            next_call: Cell::new(0),
            key: RefCell::default(),
        })
    }

    pub fn config(&self) -> Config {
        self.machine.borrow().config().clone()
    }

    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The environment now.
    fn env() -> Env {
        let mut random = [0u8; 32];
        let random = crypto::fill_random(&mut random).ok().map(|()| random);
        Env {
            mono_ms: nav::mono_now(),
            wall_secs: nav::now(),
            online: nav::is_online(),
            random,
            here: nav::current_path_and_query(),
        }
    }

    /// Feeds `event` to the machine and carries out what it asks.
    pub fn feed(self: &Rc<Self>, event: Event) {
        let effects: Vec<Effect> = {
            let mut machine = self.machine.borrow_mut();
            machine.handle(Self::env(), event);
            machine.drain().collect()
        };
        for effect in effects {
            self.carry_out(effect);
        }
    }

    /// Starts the tab: the channel, wake-ups, then the page's load.
    pub fn start(self: &Rc<Self>, load: cognito_login_core::session::machine::Load) {
        let driver = self.clone();
        *self.channel.borrow_mut() =
            TabChannel::open(&self.names.channel, move |text| driver.feed(Event::Message(text)));
        let driver = self.clone();
        nav::on_wake(move || driver.feed(Event::Wake));
        let driver = self.clone();
        nav::on_page_hide(move || driver.feed(Event::Closing));
        self.feed(Event::Load(load));
    }

    fn call_id(&self) -> CallId {
        self.next_call.set(self.next_call.get() + 1);
        CallId(self.next_call.get())
    }

    /// A fresh id for an API call, and where its answer arrives.
    pub fn new_call(&self) -> (CallId, oneshot::Receiver<Result<ApiResponse, ApiError>>) {
        let id = self.call_id();
        let (sender, receiver) = oneshot::channel();
        self.calls.borrow_mut().insert(id, Answer::Api(sender));
        (id, receiver)
    }

    /// A fresh id for a request for the access token, and where it arrives.
    pub fn new_token_call(&self) -> (CallId, oneshot::Receiver<Result<AccessToken, ApiError>>) {
        let id = self.call_id();
        let (sender, receiver) = oneshot::channel();
        self.calls.borrow_mut().insert(id, Answer::Token(sender));
        (id, receiver)
    }

    fn storage_key(&self, key: Key) -> &str {
        match key {
            Key::PendingLogin => &self.names.pending_login,
            Key::SignedIn => &self.names.signed_in,
            Key::RestoreAttempt => &self.names.restore_attempt,
            Key::HandedOver => &self.names.handed_over,
        }
    }

    fn carry_out(self: &Rc<Self>, effect: Effect) {
        let timeout = self.timeout_secs;
        match effect {
            Effect::Send { ticket, request } => {
                let driver = self.clone();
                spawn_local(async move {
                    let answer = match &request {
                        Request::Get(url) => http::get(url, timeout).await,
                        Request::Form(post) => http::post_form(post, timeout).await,
                    };
                    driver.feed(Event::Answer { ticket, answer });
                });
            }
            Effect::CallApi { ticket, method, url, bearer, body, headers } => {
                let driver = self.clone();
                spawn_local(async move {
                    let started = nav::mono_now();
                    let sent = http::api(method, &url, &bearer.0, body.as_deref(), &headers, timeout).await;
                    let answer = sent.map(|a| ApiResponse {
                        status: a.status,
                        elapsed_ms: nav::mono_now() - started,
                        headers: a.headers,
                        body: a.body,
                    });
                    driver.feed(Event::ApiAnswer { ticket, answer });
                });
            }
            Effect::Verify { ticket, key, data, signature } => {
                let driver = self.clone();
                spawn_local(async move {
                    let result = crypto::verify_rs256(&key, data.as_bytes(), &signature).await;
                    driver.feed(Event::Verified { ticket, result });
                });
            }
            Effect::SetTimer { timer, delay_ms } => {
                self.cancel(timer);
                let driver = self.clone();
                let handle = set_timeout_with_handle(
                    move || {
                        driver.timers.borrow_mut().remove(&timer);
                        driver.feed(Event::Timer(timer));
                    },
                    Duration::from_millis(delay_ms as u64),
                );
                if let Ok(handle) = handle {
                    self.timers.borrow_mut().insert(timer, handle);
                }
            }
            Effect::CancelTimer(timer) => self.cancel(timer),
            Effect::Post(text) => {
                if let Some(channel) = self.channel.borrow().as_ref() {
                    channel.post(&text);
                }
            }
            Effect::HoldHolder => *self.holder.borrow_mut() = LockHold::take(&self.names.holder_lock),
            Effect::ReleaseHolder => {
                if let Some(hold) = self.holder.borrow_mut().take() {
                    hold.release();
                }
            }
            Effect::QueryHolder { ticket } => {
                let driver = self.clone();
                spawn_local(async move {
                    let held = lock_held(&driver.names.holder_lock).await;
                    driver.feed(Event::Holder { ticket, held });
                });
            }
            Effect::Store { key, value } => storage::set_marker(self.storage_key(key), value.as_deref()),
            Effect::Redirect { pending, url } => {
                let saved = match pending {
                    Some(p) => storage::save(&self.names.pending_login, &p.to_json()),
                    None => Ok(()),
                };
                if let Err(e) = saved.and_then(|()| nav::navigate_to(&url)) {
                    self.feed(Event::RedirectFailed(e));
                }
            }
            Effect::ClearQuery => nav::clear_query(),
            Effect::GoTo(path) => self.outputs.goto.set(Some(super::setup_test::destination(&self.names, path))),
            Effect::Show(state) => self.outputs.state.set(state),
            Effect::ShowRenewal(renewal) => self.outputs.renewal.set(renewal),
            Effect::ApiDone { call, result } => {
                if let Some(Answer::Api(answer)) = self.calls.borrow_mut().remove(&call) {
                    let _ = answer.send(result);
                }
            }
            Effect::TokenDone { call, result } => {
                if let Some(Answer::Token(answer)) = self.calls.borrow_mut().remove(&call) {
                    let _ = answer.send(result);
                }
            }
            Effect::SignInFinished(outcome) => super::setup_test::record(&self.names, outcome),
            Effect::MakeKey => {
                let driver = self.clone();
                spawn_local(async move {
                    // Without ECDH in WebCrypto there is no key: this tab
                    // simply never offers to take a refresh token over.
                    if let Ok((private, public)) = crypto::make_key().await {
                        *driver.key.borrow_mut() = Some(private);
                        driver.feed(Event::KeyMade(public));
                    }
                });
            }
            Effect::Seal { ticket, to, secret } => {
                let driver = self.clone();
                spawn_local(async move {
                    let envelope = crypto::seal(&to, &secret.0).await.ok();
                    driver.feed(Event::Sealed { ticket, envelope });
                });
            }
            Effect::Open { ticket, envelope } => {
                let driver = self.clone();
                let key = self.key.borrow().clone();
                spawn_local(async move {
                    let secret = match key {
                        Some(key) => crypto::open(&key, &envelope).await.ok().map(Secret),
                        None => None,
                    };
                    driver.feed(Event::Opened { ticket, secret });
                });
            }
        }
    }

    fn cancel(&self, timer: Timer) {
        if let Some(handle) = self.timers.borrow_mut().remove(&timer) {
            handle.clear();
        }
    }
}
