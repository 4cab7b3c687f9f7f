//! The tab protocol over `BroadcastChannel`: posting the engine's messages
//! and carrying out what it decides about the ones that arrive
//! (`session::tabs`). A session from a sibling is validated like one from
//! Cognito before it is taken.

use cognito_login_core::auth::state::Session;
use cognito_login_core::auth::{AuthError, EndCode};
use cognito_login_core::session::tabs::{on_message, TabAction, TabMessage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Auth;
use crate::browser::nav;
use crate::browser::tabs::TabChannel;

thread_local! {
    /// Sessions from sibling tabs being validated right now (one app, one
    /// auth handle per page).
    static ADOPTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

impl Auth {
    pub(super) fn open_channel(&self) {
        let auth = *self;
        let channel = TabChannel::open(move |text| auth.on_tab_message(&text));
        self.channel.set_value(channel);
    }

    fn post(&self, message: &TabMessage) {
        if let Some(channel) = self.channel.get_value() {
            channel.post(&message.to_json());
        }
    }

    /// Returns once every message sibling tabs posted before the call has
    /// been handled here, including the validation of a session they sent
    /// (about a second at most).
    pub(super) async fn sync_with_siblings(&self) {
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

    pub(super) fn ask_siblings(&self) {
        self.post(&TabMessage::Hello);
    }

    pub(super) fn announce(&self, session: &Session) {
        self.post(&TabMessage::session(session, nav::mono_now()));
    }

    pub(super) fn broadcast_signed_out(&self, reason: Option<EndCode>) {
        self.post(&TabMessage::SignedOut { reason });
    }

    fn on_tab_message(&self, text: &str) {
        let Some(message) = TabMessage::parse(text) else { return };
        let margin = self.engine().config().refresh_margin_seconds;
        match self.state.with_untracked(|state| on_message(message, state, margin, nav::mono_now())) {
            TabAction::Ignore => {}
            TabAction::Announce => {
                if let Some(session) = self.session_untracked() {
                    self.announce(&session);
                }
            }
            TabAction::SignOut(reason) => self.forget(reason.map(AuthError::SessionEnded)),
            TabAction::Validate(candidate) => {
                let auth = *self;
                ADOPTING.set(ADOPTING.get() + 1);
                spawn_local(async move {
                    let previous = auth.session_untracked();
                    match auth.engine().validate(candidate, None, previous.as_deref()).await {
                        Ok(session) => auth.adopt(session, false),
                        Err(e) => leptos::logging::warn!("Ignored a session from another tab: {e}"),
                    }
                    ADOPTING.set(ADOPTING.get() - 1);
                });
            }
        }
    }
}
