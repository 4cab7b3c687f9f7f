//! The auth handle: one `Copy` value in Leptos context. It carries out what
//! the session engine (`cognito_login_core::session`) decides, and turns its
//! results into the state the UI renders. Tokens live here, in memory only.
//!
//! What stays here is mechanism: the state signal, timers, the single-flight
//! refresh future, the cross-tab lock and channel, storage of the pending
//! login and the non-secret markers, navigation.

mod api;
mod refresh;
pub mod setup_test;
mod tabs;

use std::rc::Rc;
use std::sync::Arc;

use cognito_login_core::auth::login::AuthorizeOptions;
use cognito_login_core::auth::secret::RefreshToken;
use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::auth::AuthError;
use cognito_login_core::config::Config;
use cognito_login_core::session::restore::{after_sibling_wait, should_restore, RestoreStep, SIBLING_WAIT_MS};
use cognito_login_core::session::tabs::{follower_step, FollowerStep};
use cognito_login_core::session::{Engine, SignedIn};
use cognito_login_core::setup::TestSignIn;
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub use cognito_login_core::session::api::{ApiError, ApiRequest, ApiResponse};
pub use cognito_login_core::session::refresh::Renewal;

use crate::browser::platform::BrowserPlatform;
use crate::browser::tabs::{LockHold, TabChannel};
use crate::browser::{nav, storage};

type RefreshFlight = Shared<LocalBoxFuture<'static, Result<(), AuthError>>>;

/// The engine of this page.
type AppEngine = Engine<BrowserPlatform>;

/// The auth handle. `Copy`: pass it anywhere, or get it with [`use_auth`].
#[derive(Clone, Copy)]
pub struct Auth {
    state: RwSignal<AuthState>,
    engine: StoredValue<Rc<AppEngine>, LocalStorage>,
    /// The refresh in flight in this tab, shared by every caller.
    flight: StoredValue<Option<RefreshFlight>, LocalStorage>,
    /// The refresh timer.
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The channel to sibling tabs.
    channel: StoredValue<Option<TabChannel>, LocalStorage>,
    /// The id of this tab's pending `hello`, if any.
    hello: StoredValue<Option<String>>,
    /// The holder lock, kept while this tab holds a refresh token.
    holder_lock: StoredValue<Option<LockHold>, LocalStorage>,
    /// How renewing the session is going (for the page).
    renewal: RwSignal<Renewal>,
    /// The last refresh failure that may pass, while its retries last.
    failure: StoredValue<Option<refresh::Failure>>,
}

/// The auth handle from context (provided by the app shell once the
/// configuration is loaded).
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

impl Auth {
    /// Creates the handle for `config`, signed out, and provides it as
    /// context. Call [`Auth::start`] once the page is mounted.
    pub fn provide(config: Config) -> Auth {
        let platform = BrowserPlatform { timeout_secs: config.network_timeout_seconds };
        let auth = Auth {
            state: RwSignal::new(AuthState::SignedOut),
            engine: StoredValue::new_local(Rc::new(Engine::new(config, platform))),
            flight: StoredValue::new_local(None),
            timer: StoredValue::new(None),
            channel: StoredValue::new_local(None),
            hello: StoredValue::new(None),
            holder_lock: StoredValue::new_local(None),
            renewal: RwSignal::new(Renewal::Current),
            failure: StoredValue::new(None),
        };
        provide_context(auth);
        auth
    }

    fn engine(&self) -> Rc<AppEngine> {
        self.engine.get_value()
    }

    /// The current state (reactive).
    pub fn state(&self) -> Signal<AuthState> {
        self.state.into()
    }

    /// The configuration.
    pub fn config(&self) -> Config {
        self.engine.with_value(|e| e.config().clone())
    }

    /// How renewing the session is going (reactive): a quiet notice while
    /// a refresh that failed is retried, and "still signed in, but the
    /// sign-in service can't be reached" once the tokens expire meanwhile.
    pub fn renewal(&self) -> Signal<Renewal> {
        self.renewal.into()
    }

    /// The signed-in session, if any (reactive).
    pub fn session(&self) -> Option<Arc<Session>> {
        self.state.with(|s| s.session().cloned())
    }

    fn session_untracked(&self) -> Option<Arc<Session>> {
        self.state.with_untracked(|s| s.session().cloned())
    }

    /// Makes `session` the current one: memory, the reload marker, the
    /// refresh timer, the holder lock when it has a refresh token, and (when
    /// `announce`) the sibling tabs.
    fn adopt(&self, session: Session, announce: bool) {
        let session = Arc::new(session);
        self.failure.set_value(None);
        self.renewal.set(Renewal::Current);
        self.state.set(AuthState::SignedIn(session.clone()));
        storage::set_marker(storage::SIGNED_IN_KEY, Some("1"));
        self.hold_lock_if_holder(session.tokens.refresh_token.is_some());
        self.schedule_refresh();
        if announce {
            self.announce(&session, None);
        }
    }

    /// Starts a sign-in: a fresh pending login in `sessionStorage`, then a
    /// top-level navigation to Cognito. `return_path` is where the user
    /// lands afterwards (sanitised to a same-origin path).
    pub fn sign_in(&self, return_path: String) {
        setup_test::clear();
        self.sign_in_with(return_path, None);
    }

    /// [`Auth::sign_in`] with a `prompt` for this sign-in only (the setup
    /// checker's test sends `login`).
    pub fn sign_in_with(&self, return_path: String, prompt: Option<String>) {
        let auth = *self;
        auth.state.set(AuthState::Redirecting);
        spawn_local(async move {
            let options = AuthorizeOptions { login_hint: nav::query_param("login_hint"), prompt };
            let started = async {
                let (pending, url) = auth.engine().begin_sign_in(&return_path, &options).await?;
                storage::save_pending_login(&pending)?;
                nav::navigate_to(&url)?;
                Ok::<(), AuthError>(())
            };
            if let Err(e) = started.await {
                auth.state.set(AuthState::Failed(e));
            }
        });
    }

    /// Completes a sign-in at `/callback` with the query Cognito sent back.
    /// Returns the path to go to.
    pub async fn complete_sign_in(&self, query: &str) -> Result<String, AuthError> {
        self.state.set(AuthState::Completing);
        // The pending login is consumed whatever the outcome: read once.
        let result = match storage::take_pending_login() {
            Ok(pending) => self.engine().complete_sign_in(query, pending).await,
            Err(e) => Err(e.into()),
        };
        setup_test::record(result.as_ref().map(|s| TestSignIn {
            email: s.session.claims.email.is_some(),
            auth_time: s.session.claims.auth_time.map(|t| t - s.session.clock_offset_secs),
        }));
        match result {
            Ok(SignedIn { session, return_path }) => {
                self.adopt(session, true);
                Ok(return_path)
            }
            Err(e) => {
                self.state.set(AuthState::Failed(e.clone()));
                Err(e)
            }
        }
    }

    /// Forgets the session in this tab (memory, marker, timer) and shows
    /// `reason` if any.
    fn forget(&self, reason: Option<AuthError>) {
        self.cancel_refresh_timer();
        self.hold_lock_if_holder(false);
        self.failure.set_value(None);
        self.renewal.set(Renewal::Current);
        storage::set_marker(storage::SIGNED_IN_KEY, None);
        self.state.set(match reason {
            Some(e) => AuthState::Failed(e),
            None => AuthState::SignedOut,
        });
    }

    /// Signs out: tells the other tabs, forgets the tokens, revokes the
    /// refresh token (a failure is logged but does not block sign-out), then
    /// leaves for Cognito's `/logout` so the hosted UI session ends too.
    pub fn sign_out(&self) {
        let auth = *self;
        let session = auth.session_untracked();
        auth.broadcast_signed_out(None);
        auth.forget(None);
        auth.state.set(AuthState::SigningOut);
        spawn_local(async move {
            let engine = auth.engine();
            let refresh_token = session.as_ref().and_then(|s| s.tokens.refresh_token.as_ref());
            let plan = engine.sign_out_plan(refresh_token).await;
            if let Some(token) = refresh_token {
                auth.revoke(token).await;
            }
            match plan.logout_url {
                Some(url) => {
                    if let Err(e) = nav::navigate_to(&url) {
                        auth.state.set(AuthState::Failed(e.into()));
                    }
                }
                // No hosted UI logout to go to: signed out here.
                None => auth.state.set(AuthState::SignedOut),
            }
        });
    }

    /// Revokes `token` (a failure is logged: revocation never blocks
    /// sign-out).
    async fn revoke(&self, token: &RefreshToken) {
        use cognito_login_core::session::Http;
        let engine = self.engine();
        let Some(revoke) = engine.sign_out_plan(Some(token)).await.revoke else { return };
        match engine.platform().post_form(&revoke).await {
            Ok(a) if a.status == 200 => {}
            Ok(a) => leptos::logging::warn!("Revoking the refresh token failed: HTTP {}", a.status),
            Err(e) => leptos::logging::warn!("Revoking the refresh token failed: {e}"),
        }
    }

    /// Starts the tab protocol and asks whether a sibling tab is signed in.
    /// After a reload, restores the session: from a sibling tab if one
    /// answers and a tab still holds a refresh token, else by a top-level
    /// re-authentication (silent while Cognito's session cookie is valid,
    /// and this tab then holds the refresh token), at most once a minute.
    pub fn start(&self, on_callback: bool) {
        let auth = *self;
        self.open_channel();
        nav::on_wake(move || auth.wake());
        if on_callback {
            return;
        }
        // The user pressed "Sign in" on the landing module and starting the
        // sign-in failed there: start it again, to show why.
        if nav::take_handover().is_some_and(|h| h.starts_sign_in()) {
            self.sign_in(nav::current_path_and_query());
            return;
        }
        let was_signed_in = storage::marker(storage::SIGNED_IN_KEY).is_some();
        let restoring = should_restore(self.engine().config().restore_on_reload, was_signed_in, on_callback);
        if restoring {
            self.state.set(AuthState::Restoring);
        }
        spawn_local(async move {
            // No tab holds a refresh token: a hand-over would only last
            // until the tokens expire, so re-authenticate straight away.
            let holder = auth.holder_alive().await;
            if !(restoring && follower_step(holder) == FollowerStep::Reauthenticate) {
                auth.ask_siblings();
                if !restoring {
                    return;
                }
                // Give a sibling tab a moment to hand the session over.
                nav::sleep(SIBLING_WAIT_MS).await;
            }
            if !matches!(auth.state.get_untracked(), AuthState::Restoring) {
                return;
            }
            if !auth.reauthenticate() {
                storage::set_marker(storage::SIGNED_IN_KEY, None);
                auth.state.set(AuthState::SignedOut);
            }
        });
    }

    /// Re-authenticates with a top-level redirect back to this page, unless
    /// an automatic attempt was made less than a minute ago (it came back
    /// here without a session, so it did not work). False when it did not
    /// go.
    fn reauthenticate(&self) -> bool {
        let now = nav::now();
        match after_sibling_wait(storage::marker(storage::RESTORE_ATTEMPT_KEY).as_deref(), now) {
            RestoreStep::GiveUp => false,
            RestoreStep::Reauthenticate => {
                storage::set_marker(storage::RESTORE_ATTEMPT_KEY, Some(&now.to_string()));
                self.sign_in(nav::current_path_and_query());
                true
            }
        }
    }
}
