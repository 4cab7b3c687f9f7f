//! The page's start (the callback, restoring after a reload, asking sibling
//! tabs), signing in, the callback, and signing out.

use std::sync::Arc;

use super::keys::{Purpose, Then};
use super::{Effect, Key, Load, Machine, Request, Timer, User, Waiting};
use crate::auth::callback::{check_callback, CallbackError};
use crate::auth::login::{sanitize_return_path, sign_in_request, AuthorizeOptions, PendingLogin};
use crate::auth::secret::RefreshToken;
use crate::auth::state::{AuthState, Session};
use crate::auth::timing::Lifetime;
use crate::auth::token::{code_exchange, parse_token_response, revoke_request, TokenError};
use crate::auth::{AuthError, EndReason, OAuthErrorCode};
use crate::form;
use crate::io::{HttpAnswer, NetError};
use crate::session::restore::{after_sibling_wait, should_restore, RestoreStep, SIBLING_WAIT_MS};
use crate::session::tabs::TabMessage;
use crate::session::Candidate;
use crate::setup::TestSignIn;

/// The path of a URL (`/callback` of `https://app.example.com/callback`).
pub fn url_path(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let path = &rest[rest.find('/')?..];
    Some(path.split(['?', '#']).next().unwrap_or(path))
}

impl Machine {
    /// True when `pathname` is the configured callback (`redirectUri`'s
    /// path): the one rule for "is this the callback".
    pub fn is_callback(&self, pathname: &str) -> bool {
        Machine::is_callback_path(&self.config, pathname)
    }

    /// [`Machine::is_callback`] for `config`, before a machine exists.
    pub fn is_callback_path(config: &crate::config::Config, pathname: &str) -> bool {
        url_path(&config.redirect_uri) == Some(pathname)
    }

    pub(super) fn on_load(&mut self, load: Load) {
        self.login_hint = form::decode_pairs(&load.query).into_iter().find(|(k, _)| k == "login_hint").map(|(_, v)| v);
        self.restore_attempt = load.stored.restore_attempt.clone();
        let id: [u8; 8] = self.random();
        self.tab_id = u64::from_le_bytes(id).to_string();
        self.emit(Effect::MakeKey);
        if load.stored.handed_over {
            self.handed_over = true;
            self.emit(Effect::Store { key: Key::HandedOver, value: None });
        }
        if self.is_callback(&load.pathname) {
            // Read once: a replayed callback finds nothing; the code and
            // state leave the address bar and history at once.
            self.emit(Effect::Store { key: Key::PendingLogin, value: None });
            self.emit(Effect::ClearQuery);
            let pending = load.stored.pending_login.as_deref().and_then(PendingLogin::from_json);
            return self.complete_sign_in(&load.query, pending);
        }
        if load.sign_in_now {
            let here = self.env.here.clone();
            return self.sign_in(&here, AuthorizeOptions::default());
        }
        if should_restore(self.config.restore_on_reload, load.stored.signed_in, false) {
            self.set_state(AuthState::Restoring);
            let ticket = self.ticket(Waiting::Holder(super::renew::HolderQuestion::Restore));
            self.emit(Effect::QueryHolder { ticket });
        } else {
            self.ask_siblings();
        }
    }

    /// Asks whether any tab is signed in, with a fresh id that answers
    /// must name.
    pub(super) fn ask_siblings(&mut self) {
        let bytes: [u8; 8] = self.random();
        let id = u64::from_le_bytes(bytes).to_string();
        self.hello = Some(id.clone());
        self.emit(Effect::Post(TabMessage::Hello { id }.to_json()));
    }

    /// After a reload, with `held` the holder lock's state: no tab holds a
    /// refresh token, so a hand-over would last only until the tokens
    /// expire: re-authenticate at once; else give a sibling a moment.
    pub(super) fn restore_with(&mut self, held: Option<bool>) {
        if !matches!(self.state, AuthState::Restoring) {
            return;
        }
        // No tab holds a refresh token: unless this tab handed its own to a
        // sibling as it went away (who may not hold the lock yet), a
        // hand-over would last only until the tokens expire.
        if held == Some(false) && !self.handed_over {
            return self.reauthenticate_or_give_up(None);
        }
        self.ask_siblings();
        self.set_timer(Timer::SiblingWait, f64::from(SIBLING_WAIT_MS));
    }

    pub(super) fn sibling_wait_over(&mut self) {
        if matches!(self.state, AuthState::Restoring) {
            self.reauthenticate_or_give_up(None);
        }
    }

    /// Re-authenticates with a top-level redirect back to this page,
    /// unless an automatic attempt was made less than a minute ago (it came
    /// back here without a session, so it did not work): then `ended` (a
    /// session that cannot go on) or signed out.
    pub(super) fn reauthenticate_or_give_up(&mut self, ended: Option<EndReason>) {
        match after_sibling_wait(self.restore_attempt.as_deref(), self.env.wall_secs) {
            RestoreStep::Reauthenticate => {
                let now = self.env.wall_secs.to_string();
                self.restore_attempt = Some(now.clone());
                self.emit(Effect::Store { key: Key::RestoreAttempt, value: Some(now) });
                let here = self.env.here.clone();
                self.sign_in(&here, AuthorizeOptions::default());
            }
            RestoreStep::GiveUp => match ended {
                Some(reason) => self.forget(Some(AuthError::SessionEnded(reason))),
                None => self.forget(None),
            },
        }
    }

    pub(super) fn on_user(&mut self, user: User) {
        match user {
            User::SignIn { return_path, options } => self.sign_in(&return_path, options),
            User::SignOut => self.sign_out(),
            User::RetryRenewal => self.retry_now(),
            User::Api { call, request } => self.api_call(call, request),
            User::Token { call } => self.token_call(call),
        }
    }

    /// Starts a sign-in: a fresh pending login, then a top-level navigation
    /// to Cognito. Offline it stops: leaving would end on the browser's own
    /// error page.
    pub(super) fn sign_in(&mut self, return_path: &str, options: AuthorizeOptions) {
        if !self.env.online {
            return self.fail(AuthError::Offline);
        }
        self.set_state(AuthState::Redirecting);
        self.with_endpoints(Then::SignIn { return_path: return_path.to_string(), options });
    }

    pub(super) fn redirect_to_sign_in(&mut self, return_path: &str, mut options: AuthorizeOptions) {
        if self.env.random.is_none() {
            return self.fail(AuthError::Browser(crate::io::BrowserError::CryptoUnavailable));
        }
        let random = self.random();
        if options.login_hint.is_none() {
            options.login_hint = self.login_hint.clone();
        }
        let (pending, url) =
            sign_in_request(&self.config, self.endpoints(), &random, self.env.wall_secs, return_path, &options);
        self.emit(Effect::Redirect { pending: Some(pending), url });
    }

    fn complete_sign_in(&mut self, query: &str, pending: Option<PendingLogin>) {
        self.set_state(AuthState::Completing);
        match check_callback(query, pending, self.env.wall_secs) {
            Ok((params, pending)) => self.with_endpoints(Then::Exchange { code: params.code, pending }),
            // Name the scopes sent: the fix is on the app client or in
            // config.json (docs/COGNITO.md "Scopes").
            Err(CallbackError::Provider { error: OAuthErrorCode::InvalidScope, description }) => {
                let sent = self.config.scopes.join(" ");
                self.signed_in(Err(AuthError::ScopesRefused { sent, description }), "/".into());
            }
            Err(e) => self.signed_in(Err(e.into()), "/".into()),
        }
    }

    pub(super) fn exchange(&mut self, code: &str, pending: PendingLogin) {
        let request = code_exchange(&self.config, &self.endpoints().token, code, &pending);
        let return_path = sanitize_return_path(&pending.return_path);
        let (nonce, epoch, sent_ms) = (pending.nonce.clone(), self.epoch, self.env.mono_ms);
        let ticket = self.ticket(Waiting::Exchange { nonce, return_path, epoch, sent_ms });
        self.emit(Effect::Send { ticket, request: Request::Form(request) });
        self.prefetch_keys();
    }

    pub(super) fn on_exchange(
        &mut self,
        answer: Result<HttpAnswer, NetError>,
        nonce: String,
        return_path: String,
        epoch: u64,
        sent_ms: f64,
    ) {
        let parsed = answer.map_err(TokenError::Network).and_then(|a| parse_token_response(a.status, &a.body));
        if self.too_late(sent_ms) {
            // The page was frozen: the tokens may be older than they look.
            if let Some(token) = parsed.ok().and_then(|t| t.refresh_token) {
                self.with_endpoints(Then::Revoke { token: Some(token), sign_out: false });
            }
            let error = TokenError::Network(NetError::Timeout { secs: self.config.network_timeout_seconds });
            return self.signed_in(Err(error.into()), "/".into());
        }
        if epoch != self.epoch {
            // The user signed out (in another tab) while this sign-in was
            // completing: it ends too, and its refresh token is revoked.
            if let Some(token) = parsed.ok().and_then(|t| t.refresh_token) {
                self.with_endpoints(Then::Revoke { token: Some(token), sign_out: false });
            }
            return self.signed_in(Err(AuthError::SessionEnded(EndReason::SignedOut)), "/".into());
        }
        let tokens = match (parsed, &self.config.resource) {
            (Ok(tokens), _) => tokens,
            // With `resource`, the usual cause is a missing resource server
            // or the classic hosted UI (docs/COGNITO.md "Resource binding").
            (Err(TokenError::Provider { error: OAuthErrorCode::InvalidGrant, .. }), Some(resource)) => {
                let error = AuthError::ResourceRefused { resource: resource.clone() };
                return self.signed_in(Err(error), "/".into());
            }
            (Err(e), _) => return self.signed_in(Err(e.into()), "/".into()),
        };
        let candidate = Candidate {
            id_token: tokens.id_token,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            // From when the request was sent: the tokens were not issued
            // before that.
            lifetime: Lifetime::new(sent_ms, tokens.expires_in, self.config.refresh_margin_seconds),
            clock_offset_secs: None,
        };
        self.validate(candidate, Purpose::SignIn { nonce, return_path });
    }

    /// The callback's outcome: signed in and back to where the user
    /// started, or the error (and the start page).
    pub(super) fn signed_in(&mut self, result: Result<Session, AuthError>, return_path: String) {
        let record = result.as_ref().map(|s| TestSignIn {
            email: s.claims.email.is_some(),
            auth_time: s.claims.auth_time.map(|t| t - s.clock_offset_secs),
        });
        self.emit(Effect::SignInFinished(record.map_err(Clone::clone)));
        match result {
            Ok(session) => {
                self.adopt(session, true);
                self.emit(Effect::GoTo(return_path));
            }
            Err(e) => {
                self.fail(e);
                self.emit(Effect::GoTo("/".into()));
            }
        }
    }

    /// Makes `session` the current one: the state, the reload marker, the
    /// refresh timer, the holder lock when it has a refresh token, and
    /// (when `announce`) the sibling tabs; waiting API calls go on.
    pub(super) fn adopt(&mut self, session: Session, announce: bool) {
        let holds = session.tokens.refresh_token.is_some();
        let session = Arc::new(session);
        self.failure = None;
        self.set_renewal(crate::session::refresh::Renewal::Current);
        self.emit(Effect::CancelTimer(Timer::Expiry));
        self.set_state(AuthState::SignedIn(session.clone()));
        self.emit(Effect::Store { key: Key::SignedIn, value: Some("1".into()) });
        self.hold_if(holds);
        if self.asking_holder {
            self.asking_holder = false;
            self.emit(Effect::CancelTimer(Timer::HolderAnswer));
        }
        self.schedule_refresh();
        if announce {
            self.announce(None);
        }
        if holds {
            self.reseal();
        } else {
            self.offer_to_succeed();
        }
        self.resume_calls();
    }

    /// Holds the holder lock while this tab has a refresh token.
    pub(super) fn hold_if(&mut self, holds: bool) {
        if holds && !self.holding {
            self.holding = true;
            self.emit(Effect::HoldHolder);
        } else if !holds && self.holding {
            self.holding = false;
            self.emit(Effect::ReleaseHolder);
        }
    }

    /// Forgets the session in this tab: memory, marker, timers, the lock;
    /// shows `reason` if any. Nothing validated before this survives it
    /// (the epoch).
    pub(super) fn forget(&mut self, reason: Option<AuthError>) {
        self.epoch += 1;
        for timer in [Timer::Refresh, Timer::HolderAnswer, Timer::Expiry, Timer::SiblingWait] {
            self.emit(Effect::CancelTimer(timer));
        }
        self.hold_if(false);
        self.failure = None;
        self.refreshing = false;
        self.asking_holder = false;
        self.hello = None;
        self.sealed = None;
        self.handed_token = false;
        self.set_renewal(crate::session::refresh::Renewal::Current);
        self.emit(Effect::Store { key: Key::SignedIn, value: None });
        self.set_state(match reason {
            Some(e) => AuthState::Failed(e),
            None => AuthState::SignedOut,
        });
        self.end_calls();
    }

    /// The session is over: every tab signs out and shows why.
    pub(super) fn end_session(&mut self, reason: EndReason) {
        if matches!(self.state, AuthState::SignedIn(_)) {
            self.emit(Effect::Post(TabMessage::SignedOut { reason: Some(reason.code()) }.to_json()));
            self.forget(Some(AuthError::SessionEnded(reason)));
        }
    }

    /// Signs out: tells the other tabs, forgets the tokens, revokes the
    /// refresh token (its answer does not matter), then leaves for
    /// Cognito's `/logout` so the hosted UI session ends too.
    fn sign_out(&mut self) {
        let token = self.session().and_then(|s| s.tokens.refresh_token.clone());
        self.emit(Effect::Post(TabMessage::SignedOut { reason: None }.to_json()));
        self.forget(None);
        self.set_state(AuthState::SigningOut);
        self.with_endpoints(Then::Revoke { token, sign_out: true });
    }

    /// Revokes `token` (if any); after a sign-out, leaves through `/logout`
    /// once the revocation has answered.
    pub(super) fn revoke(&mut self, token: Option<RefreshToken>, sign_out: bool) {
        let endpoints = self.endpoints().clone();
        // Cognito's /logout takes `client_id` and `logout_uri` (not
        // `post_logout_redirect_uri`): docs/COGNITO.md "Sign-out".
        let logout = endpoints.logout.as_ref().map(|logout| {
            form::url_with_query(
                logout,
                [("client_id", self.config.client_id.as_str()), ("logout_uri", self.config.logout_uri.as_str())],
            )
        });
        let then_logout = sign_out.then_some(logout);
        match (token, &endpoints.revocation) {
            (Some(token), Some(url)) => {
                let request = revoke_request(&self.config, url, &token);
                let ticket = self.ticket(Waiting::Revoke { then_logout });
                self.emit(Effect::Send { ticket, request: Request::Form(request) });
            }
            _ => {
                if let Some(url) = then_logout {
                    self.leave(url);
                }
            }
        }
    }

    /// The end of a sign-out: to Cognito's `/logout`, or signed out here
    /// when there is none.
    pub(super) fn leave(&mut self, logout_url: Option<String>) {
        match logout_url {
            Some(url) => self.emit(Effect::Redirect { pending: None, url }),
            None => self.set_state(AuthState::SignedOut),
        }
    }
}
