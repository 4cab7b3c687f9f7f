//! Refreshing the tokens before they expire: scheduled on the monotonic
//! clock, re-checked when the page wakes up, single-flight within the tab
//! (every caller shares one request) and across tabs (Web Locks). What to
//! do at each step is the engine's decision (`session::refresh`).

use std::sync::Arc;
use std::time::Duration;

use cognito_login_core::auth::secret::RefreshToken;
use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::auth::{AuthError, EndReason};
use cognito_login_core::io::BrowserError;
use cognito_login_core::session::refresh::{
    on_wake, refresh_step, renewal, retry_delay_ms, RefreshOutcome, RefreshStep, Renewal, WakeStep,
};
use cognito_login_core::session::tabs::{
    after_holder_silence, follower_step, FollowerStep, TabMessage, HOLDER_ANSWER_MS,
};
use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Auth;
use crate::browser::nav;
use crate::browser::tabs::with_lock;

/// The Web Locks name every tab refreshes under.
const REFRESH_LOCK: &str = "cognito-login:refresh";

/// A refresh failure that may pass, and its retries.
#[derive(Clone)]
pub(super) struct Failure {
    /// Failed attempts in a row.
    attempts: u32,
    /// When the next attempt is due (monotonic ms).
    retry_at_ms: f64,
    /// The last one's error.
    error: AuthError,
}

impl Auth {
    pub(super) fn cancel_refresh_timer(&self) {
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        self.timer.set_value(None);
    }

    fn set_timer(&self, delay_ms: f64) {
        self.cancel_refresh_timer();
        let auth = *self;
        let delay = Duration::from_millis(delay_ms.max(0.0) as u64);
        let handle = set_timeout_with_handle(
            move || {
                spawn_local(async move {
                    let _ = auth.refresh(false).await;
                });
            },
            delay,
        );
        self.timer.set_value(handle.ok());
    }

    /// Arms the timer for the current session's refresh time (at once when
    /// it is already due).
    pub(super) fn schedule_refresh(&self) {
        if let Some(session) = self.session_untracked() {
            match on_wake(&session.tokens.lifetime, nav::mono_now()) {
                WakeStep::Rearm(delay_ms) => self.set_timer(delay_ms),
                WakeStep::RefreshNow => self.set_timer(0.0),
            }
        }
    }

    /// The page woke up (visible, focused, online): timers may have drifted
    /// while it slept, so check now.
    pub(super) fn wake(&self) {
        let Some(session) = self.session_untracked() else { return };
        match on_wake(&session.tokens.lifetime, nav::mono_now()) {
            WakeStep::RefreshNow => {
                let auth = *self;
                spawn_local(async move {
                    let _ = auth.refresh(false).await;
                });
            }
            WakeStep::Rearm(delay_ms) => self.set_timer(delay_ms),
        }
    }

    /// Refreshes the tokens. Concurrent callers in this tab share one
    /// request; tabs take turns under a Web Lock, and a tab that finds the
    /// tokens already refreshed by a sibling does nothing. `force` refreshes
    /// even before the margin (the API refused the token).
    pub(crate) async fn refresh(&self, force: bool) -> Result<(), AuthError> {
        if let Some(flight) = self.flight.get_value() {
            return flight.await;
        }
        let auth = *self;
        let flight = async move { auth.refresh_under_lock(force).await }.boxed_local().shared();
        self.flight.set_value(Some(flight.clone()));
        let result = flight.await;
        self.flight.set_value(None);
        result
    }

    async fn refresh_under_lock(&self, force: bool) -> Result<(), AuthError> {
        let Some(before) = self.session_untracked() else {
            return Err(AuthError::SessionEnded(EndReason::SignedOut));
        };
        let seen = before.tokens.access_token.secret().clone();
        if before.tokens.refresh_token.is_none() {
            return self.refresh_from_holder(&seen).await;
        }
        let auth = *self;
        let outcome = with_lock(REFRESH_LOCK, move || async move {
            // A sibling that held the lock may have just refreshed: its
            // broadcast (sent before it released the lock) can still be
            // queued behind the lock grant, on a busy machine for longer than
            // any fixed wait (30 ms let two tabs refresh 0.4 s apart). Wait
            // until the channel has delivered everything sent before now.
            auth.sync_with_siblings().await;
            let current = auth.session_untracked();
            let retry_at = auth.failure.with_value(|f| f.as_ref().map(|f| f.retry_at_ms));
            match (refresh_step(&seen, current.as_deref(), force, retry_at, nav::mono_now()), current) {
                (RefreshStep::Refresh, Some(current)) => auth.refresh_now(&current).await,
                (RefreshStep::BackingOff, _) => {
                    // Whatever re-armed the timer since (a wake-up, a normal
                    // schedule), the retry must still come when it is due.
                    let pending = auth.failure.get_value();
                    if let Some(f) = &pending {
                        auth.set_timer(f.retry_at_ms - nav::mono_now());
                    }
                    Err(pending.map(|f| f.error).unwrap_or(AuthError::Renewing))
                }
                (RefreshStep::NotDue, _) => {
                    auth.schedule_refresh();
                    Ok(())
                }
                (RefreshStep::AlreadyRefreshed, _) => Ok(()),
                _ => Err(AuthError::SessionEnded(EndReason::SignedOut)),
            }
        })
        .await;
        outcome.unwrap_or(Err(AuthError::Browser(BrowserError::LockFailed)))
    }

    /// This tab has no refresh token: the holder tab refreshes (asked over
    /// the channel), or, with no holder left, this tab re-authenticates and
    /// becomes the holder (`session::tabs::follower_step`).
    async fn refresh_from_holder(&self, seen: &str) -> Result<(), AuthError> {
        let mut step = follower_step(self.holder_alive().await);
        if step == FollowerStep::AskHolder {
            self.post(&TabMessage::Refresh);
            let started = nav::mono_now();
            while nav::mono_now() - started < HOLDER_ANSWER_MS {
                match self.session_untracked() {
                    None => return Err(AuthError::SessionEnded(EndReason::SignedOut)),
                    Some(s) if s.tokens.access_token.secret() != seen => return Ok(()),
                    Some(_) => nav::sleep(50).await,
                }
            }
            match after_holder_silence(self.holder_alive().await) {
                Some(next) => step = next,
                None => {
                    // The holder is busy (its refresh failed and waits to
                    // retry): ask again a little later.
                    self.set_timer(HOLDER_ANSWER_MS);
                    self.show_renewal_failure(&AuthError::Renewing);
                    return Err(AuthError::Renewing);
                }
            }
        }
        debug_assert_eq!(step, FollowerStep::Reauthenticate);
        if self.reauthenticate() {
            // Leaving for Cognito; this page is going away.
            Err(AuthError::Renewing)
        } else {
            self.forget(Some(AuthError::SessionEnded(EndReason::HolderGone)));
            Err(AuthError::SessionEnded(EndReason::HolderGone))
        }
    }

    /// One refresh, and what its outcome means here.
    async fn refresh_now(&self, current: &Session) -> Result<(), AuthError> {
        match self.engine().refresh(current).await {
            RefreshOutcome::Refreshed(session) => {
                self.adopt(session, true);
                Ok(())
            }
            RefreshOutcome::Retry { error, retry_after_secs, rotated } => {
                if let Some(token) = rotated {
                    self.replace_refresh_token(token);
                }
                // Keep the session and try again later, backing off.
                let attempts = self.failure.with_value(|f| f.as_ref().map_or(0, |f| f.attempts)) + 1;
                let delay = retry_delay_ms(retry_after_secs, attempts - 1, js_sys::Math::random());
                let retry_at_ms = nav::mono_now() + delay;
                self.failure.set_value(Some(Failure { attempts, retry_at_ms, error: error.clone() }));
                self.set_timer(delay);
                self.show_renewal_failure(&error);
                Err(error)
            }
            RefreshOutcome::Ended(reason) => {
                self.end_session(reason.clone());
                Err(AuthError::SessionEnded(reason))
            }
        }
    }

    /// Shows that renewing failed for a reason that may pass: "reconnecting"
    /// while the tokens are valid, "can't reach the sign-in service" once
    /// they expire (a timer flips it then).
    pub(super) fn show_renewal_failure(&self, error: &AuthError) {
        let Some(session) = self.session_untracked() else { return };
        let lifetime = session.tokens.lifetime;
        let status = renewal(Some(error), &lifetime, nav::mono_now());
        if let Renewal::Reconnecting(_) = status {
            let auth = *self;
            // Milliseconds, not whole seconds: truncated, the timer would fire
            // before the expiry and find the tokens still valid.
            let until_expiry =
                Duration::from_millis((lifetime.remaining_secs(nav::mono_now()).max(0.0) * 1000.0) as u64);
            set_timeout(
                move || {
                    let expired =
                        auth.session_untracked().is_some_and(|s| s.tokens.lifetime.is_expired(nav::mono_now()));
                    auth.renewal.update(|r| {
                        if let (Renewal::Reconnecting(e), true) = (&*r, expired) {
                            *r = Renewal::Unreachable(e.clone());
                        }
                    });
                },
                until_expiry + Duration::from_millis(50),
            );
        }
        self.renewal.set(status);
    }

    /// The user asked to try renewing now (the "can't reach" notice's
    /// Retry): the backoff's wait is skipped once.
    pub fn retry_renewal(&self) {
        self.failure.update_value(|f| {
            if let Some(f) = f {
                f.retry_at_ms = nav::mono_now();
            }
        });
        let auth = *self;
        spawn_local(async move {
            let _ = auth.refresh(true).await;
        });
    }

    /// Keeps a rotated refresh token whose companion tokens could not be
    /// checked yet: the old one may no longer be valid.
    fn replace_refresh_token(&self, token: RefreshToken) {
        if let Some(session) = self.session_untracked() {
            let mut updated = (*session).clone();
            updated.tokens.refresh_token = Some(token);
            self.state.set(AuthState::SignedIn(Arc::new(updated)));
        }
    }

    /// The session is over: every tab signs out and shows why.
    fn end_session(&self, reason: EndReason) {
        if matches!(self.state.get_untracked(), AuthState::SignedIn(_)) {
            self.broadcast_signed_out(Some(reason.code()));
            self.forget(Some(AuthError::SessionEnded(reason)));
        }
    }
}
