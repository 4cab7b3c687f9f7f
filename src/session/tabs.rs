//! The tab protocol over `BroadcastChannel`. Messages are JSON; a tab
//! validates every session it receives exactly like one from Cognito (same
//! origin only, but the shape is still checked, OWASP HTML5 "Web
//! Messaging").

use cognito_login_core::auth::secret::{AccessToken, IdToken, RefreshToken};
use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::auth::timing::Lifetime;
use cognito_login_core::auth::AuthError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use super::{Auth, Candidate};
use crate::browser::nav;
use crate::browser::tabs::TabChannel;

thread_local! {
    /// Sessions from sibling tabs being validated right now (one app, one
    /// auth handle per page).
    static ADOPTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum TabMessage {
    /// A new tab asks whether anyone is signed in.
    Hello,
    /// The current tokens, memory to memory.
    #[serde(rename_all = "camelCase")]
    Session {
        id_token: String,
        access_token: String,
        refresh_token: Option<String>,
        remaining_secs: f64,
        lifetime_secs: i64,
        clock_offset_secs: i64,
    },
    /// Signed out (with the reason, when the session ended by itself).
    SignedOut { reason: Option<String> },
}

impl Auth {
    pub(crate) fn open_channel(&self) {
        let auth = *self;
        let channel = TabChannel::open(move |text| auth.on_tab_message(&text));
        self.channel.set_value(channel);
    }

    fn post(&self, message: &TabMessage) {
        if let Some(channel) = self.channel.get_value() {
            if let Ok(text) = serde_json::to_string(message) {
                channel.post(&text);
            }
        }
    }

    /// Returns once every message sibling tabs posted before the call has
    /// been handled here, including the validation of a session they sent
    /// (about a second at most).
    pub(crate) async fn sync_with_siblings(&self) {
        if let Some(channel) = self.channel.get_value() {
            channel.barrier(1000).await;
        }
        for _ in 0..100 {
            if ADOPTING.get() == 0 {
                break;
            }
            nav::sleep(10).await;
        }
    }

    pub(crate) fn ask_siblings(&self) {
        self.post(&TabMessage::Hello);
    }

    pub(crate) fn announce(&self, session: &Session) {
        let t = &session.tokens;
        self.post(&TabMessage::Session {
            id_token: t.id_token.secret().to_string(),
            access_token: t.access_token.secret().clone(),
            refresh_token: t.refresh_token.as_ref().map(|r| r.secret().clone()),
            remaining_secs: t.lifetime.remaining_secs(nav::mono_now()),
            lifetime_secs: t.lifetime.lifetime_secs,
            clock_offset_secs: session.clock_offset_secs,
        });
    }

    pub(crate) fn broadcast_signed_out(&self, reason: Option<String>) {
        self.post(&TabMessage::SignedOut { reason });
    }

    fn on_tab_message(&self, text: &str) {
        let Ok(message) = serde_json::from_str::<TabMessage>(text) else { return };
        match message {
            TabMessage::Hello => {
                if let Some(session) = self.session_untracked() {
                    self.announce(&session);
                }
            }
            TabMessage::SignedOut { reason } => {
                let active = matches!(self.state.get_untracked(), AuthState::SignedIn(_) | AuthState::Restoring);
                if active {
                    self.forget(reason.map(AuthError::SessionEnded));
                }
            }
            TabMessage::Session {
                id_token,
                access_token,
                refresh_token,
                remaining_secs,
                lifetime_secs,
                clock_offset_secs,
            } => {
                let current = self.session_untracked();
                let wanted = match (&current, self.state.get_untracked()) {
                    // Signed out, or restoring after a reload: take it.
                    (None, AuthState::SignedOut | AuthState::Restoring) => true,
                    // Signed in: take newer tokens (a sibling refreshed).
                    (Some(s), _) => {
                        *s.tokens.access_token.secret() != access_token
                            && remaining_secs > s.tokens.lifetime.remaining_secs(nav::mono_now())
                    }
                    // Mid sign-in or showing an error: leave it.
                    _ => false,
                };
                if !wanted || !remaining_secs.is_finite() || remaining_secs <= 0.0 {
                    return;
                }
                let config = self.config.get_value();
                let candidate = Candidate {
                    id_token: IdToken::new(id_token),
                    access_token: AccessToken::new(access_token),
                    refresh_token: refresh_token.map(RefreshToken::new),
                    lifetime: Lifetime::remaining(
                        nav::mono_now(),
                        remaining_secs,
                        lifetime_secs,
                        config.refresh_margin_seconds,
                    ),
                    clock_offset_secs: Some(clock_offset_secs),
                };
                let auth = *self;
                ADOPTING.set(ADOPTING.get() + 1);
                spawn_local(async move {
                    let previous = auth.session_untracked();
                    match auth.validate(candidate, None, previous.as_deref()).await {
                        Ok(session) => auth.adopt(session, false),
                        Err(e) => leptos::logging::warn!("Ignored a session from another tab: {e}"),
                    }
                    ADOPTING.set(ADOPTING.get() - 1);
                });
            }
        }
    }
}
