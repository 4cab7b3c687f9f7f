//! The tab protocol over `BroadcastChannel`: posting the engine's messages
//! and carrying out what it decides about the ones that arrive
//! (`session::tabs`, docs/SESSION.md "Tabs"). No refresh token is ever
//! posted; a session from a sibling is validated like one from Cognito
//! before it is taken.

use cognito_login_core::auth::state::{AuthState, Session};
use cognito_login_core::auth::{AuthError, EndCode};
use cognito_login_core::session::landing::HOLDER_LOCK;
use cognito_login_core::session::tabs::{on_message, TabAction, TabMessage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Auth;
use crate::browser::nav;
use crate::browser::tabs::{lock_held, random_id, LockHold, TabChannel};

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

    pub(super) fn post(&self, message: &TabMessage) {
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

    /// Asks whether any tab is signed in, with a fresh id that answers must
    /// name.
    pub(super) fn ask_siblings(&self) {
        let id = random_id().to_string();
        self.hello.set_value(Some(id.clone()));
        self.post(&TabMessage::Hello { id });
    }

    /// Posts the session's ID and access tokens, to the `hello` `to` or to
    /// every tab.
    pub(super) fn announce(&self, session: &Session, to: Option<String>) {
        self.post(&TabMessage::session(session, nav::mono_now(), to));
    }

    pub(super) fn broadcast_signed_out(&self, reason: Option<EndCode>) {
        self.post(&TabMessage::SignedOut { reason });
    }

    /// Whether a tab of the origin (this one included) holds a refresh
    /// token; `None` when that cannot be told.
    pub(super) async fn holder_alive(&self) -> Option<bool> {
        lock_held(HOLDER_LOCK).await
    }

    /// Holds the holder lock while this tab's session has a refresh token;
    /// lets it go otherwise.
    pub(super) fn hold_lock_if_holder(&self, holds_refresh_token: bool) {
        match (holds_refresh_token, self.holder_lock.with_value(Option::is_some)) {
            (true, false) => self.holder_lock.set_value(LockHold::take(HOLDER_LOCK)),
            (false, true) => {
                self.holder_lock.with_value(|l| l.as_ref().map(LockHold::release));
                self.holder_lock.set_value(None);
            }
            _ => {}
        }
    }

    fn on_tab_message(&self, text: &str) {
        let Some(message) = TabMessage::parse(text) else { return };
        let margin = self.engine().config().refresh_margin_seconds;
        let hello = self.hello.get_value();
        let action =
            self.state.with_untracked(|state| on_message(message, state, hello.as_deref(), margin, nav::mono_now()));
        match action {
            TabAction::Ignore => {}
            TabAction::Answer(id) => {
                if let Some(session) = self.session_untracked() {
                    self.announce(&session, Some(id));
                }
            }
            TabAction::RefreshForSiblings => {
                let auth = *self;
                spawn_local(async move {
                    // Refreshes only when due (a request cannot force extra
                    // refreshes), then tells every tab what is current.
                    let _ = auth.refresh(false).await;
                    if let Some(session) = auth.session_untracked() {
                        auth.announce(&session, None);
                    }
                });
            }
            TabAction::SignOut { reason, revoke } => {
                let token =
                    if revoke { self.session_untracked().and_then(|s| s.tokens.refresh_token.clone()) } else { None };
                self.forget(reason.map(AuthError::SessionEnded));
                if let Some(token) = token {
                    let auth = *self;
                    spawn_local(async move { auth.revoke(&token).await });
                }
            }
            TabAction::Validate(candidate) => {
                let auth = *self;
                ADOPTING.set(ADOPTING.get() + 1);
                spawn_local(async move {
                    let previous = auth.session_untracked();
                    match auth.engine().validate(candidate, None, previous.as_deref()).await {
                        // Unless the user moved on meanwhile (started a
                        // sign-in, signed out).
                        Ok(session)
                            if auth.state.with_untracked(|s| {
                                matches!(s, AuthState::SignedOut | AuthState::Restoring | AuthState::SignedIn(_))
                            }) =>
                        {
                            auth.hello.set_value(None);
                            auth.adopt(session, false);
                        }
                        Ok(_) => {}
                        Err(e) => leptos::logging::warn!("Ignored a session from another tab: {e}"),
                    }
                    ADOPTING.set(ADOPTING.get() - 1);
                });
            }
        }
    }
}
