//! Refreshing the tokens before they expire: scheduled on the monotonic
//! clock, re-checked when the page wakes up, single-flight within the tab
//! (every caller shares one request) and across tabs (Web Locks).

use std::time::Duration;

use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::auth::timing::{Lifetime, RETRY_AFTER_FAILURE_MS};
use cognito_login_core::auth::token::{parse_token_response, refresh_request, TokenError};
use cognito_login_core::auth::AuthError;
use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Auth, Candidate};
use crate::browser::tabs::with_lock;
use crate::browser::{http, nav};

/// The Web Locks name every tab refreshes under.
const REFRESH_LOCK: &str = "cognito-login:refresh";

/// Whether a refresh failure ends the session or may pass.
fn is_final(error: &TokenError) -> bool {
    match error {
        TokenError::Network(_) => false,
        TokenError::Provider { status, error } => !(*status >= 500 || error == "server_error"),
        TokenError::InvalidResponse { status, .. } => *status < 500,
        _ => true,
    }
}

impl Auth {
    pub(crate) fn cancel_refresh_timer(&self) {
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

    /// Arms the timer for the current session's refresh time.
    pub(crate) fn schedule_refresh(&self) {
        if let Some(session) = self.session_untracked() {
            self.set_timer(session.tokens.lifetime.refresh_at_ms() - nav::mono_now());
        }
    }

    /// The page woke up (visible, focused, online): timers may have drifted
    /// while it slept, so check now.
    pub(crate) fn wake(&self) {
        let Some(session) = self.session_untracked() else { return };
        if session.tokens.lifetime.needs_refresh(nav::mono_now()) {
            let auth = *self;
            spawn_local(async move {
                let _ = auth.refresh(false).await;
            });
        } else {
            self.schedule_refresh();
        }
    }

    /// Refreshes the tokens. Concurrent callers in this tab share one
    /// request; tabs take turns under a Web Lock, and a tab that finds the
    /// tokens already refreshed by a sibling does nothing. `force` refreshes
    /// even before the margin (the API refused the token).
    pub async fn refresh(&self, force: bool) -> Result<(), AuthError> {
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
            return Err(AuthError::SessionEnded("nobody is signed in".into()));
        };
        let seen = before.tokens.access_token.secret().clone();
        let auth = *self;
        let outcome = with_lock(REFRESH_LOCK, move || async move {
            // A sibling that held the lock may have just refreshed: its
            // broadcast (sent before it released the lock) can still be
            // queued behind the lock grant, on a busy machine for longer than
            // any fixed wait (30 ms let two tabs refresh 0.4 s apart). Wait
            // until the channel has delivered everything sent before now.
            auth.sync_with_siblings().await;
            let Some(current) = auth.session_untracked() else {
                return Err(AuthError::SessionEnded("you signed out".into()));
            };
            if *current.tokens.access_token.secret() != seen {
                return Ok(());
            }
            if !force && !current.tokens.lifetime.needs_refresh(nav::mono_now()) {
                auth.schedule_refresh();
                return Ok(());
            }
            auth.refresh_now(&current).await
        })
        .await;
        outcome.unwrap_or_else(|| Err(AuthError::Browser("the cross-tab refresh lock failed".into())))
    }

    /// One `grant_type=refresh_token` request and its validation.
    async fn refresh_now(&self, current: &Session) -> Result<(), AuthError> {
        let Some(refresh_token) = current.tokens.refresh_token.clone() else {
            let e = AuthError::SessionEnded("there is no refresh token; sign in again".into());
            self.end_session(e.clone());
            return Err(e);
        };
        let config = self.config.get_value();
        let endpoints = self.endpoints().await?;
        let request = refresh_request(&config, &endpoints.token, &refresh_token);
        let parsed = match http::post_form(&request, self.config.get_value().network_timeout_seconds).await {
            Ok(answer) => parse_token_response(answer.status, &answer.body),
            Err(e) => Err(TokenError::Network(e)),
        };
        let tokens = match parsed {
            Ok(tokens) => tokens,
            Err(e) if is_final(&e) => {
                let ended = AuthError::SessionEnded(e.to_string());
                self.end_session(ended.clone());
                return Err(ended);
            }
            Err(e) => {
                // May pass: keep the session, try again later (or sooner,
                // when a call needs a fresh token).
                self.set_timer(RETRY_AFTER_FAILURE_MS);
                return Err(AuthError::Token(e));
            }
        };
        let candidate = Candidate {
            id_token: tokens.id_token,
            access_token: tokens.access_token,
            // Without rotation Cognito returns no refresh token: keep ours.
            refresh_token: tokens.refresh_token.or(Some(refresh_token)),
            lifetime: Lifetime::new(nav::mono_now(), tokens.expires_in, config.refresh_margin_seconds),
            clock_offset_secs: None,
        };
        match self.validate(candidate, None, Some(current)).await {
            Ok(session) => {
                self.adopt(session, true);
                Ok(())
            }
            Err(e) => {
                let ended = AuthError::SessionEnded(e.to_string());
                self.end_session(ended.clone());
                Err(ended)
            }
        }
    }

    /// The session is over (refresh refused): every tab signs out and shows
    /// why.
    pub(crate) fn end_session(&self, reason: AuthError) {
        if matches!(self.state.get_untracked(), AuthState::SignedIn(_)) {
            self.broadcast_signed_out(Some(reason.to_string()));
            self.forget(Some(reason));
        }
    }
}
