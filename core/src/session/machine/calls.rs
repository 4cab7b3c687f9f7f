//! API calls: `Authorization: Bearer` to `apiBaseUrl` only, a refresh
//! first when the token is inside its refresh margin, and on `401` one
//! refresh and one retry (never a loop). A refresh that failed but may pass
//! leaves the session: the old token is used until it expires, and after
//! that the caller hears that the session could not be renewed yet.

use super::renew::Kick;
use super::{Bearer, CallId, Effect, Machine, Ticket, Waiting};
use crate::auth::AuthError;
use crate::io::NetError;
use crate::session::api::{api_url, bearer, ApiError, ApiRequest, ApiResponse, Method};

/// An API call in progress.
#[derive(Debug)]
pub(super) struct Call {
    call: CallId,
    method: Method,
    url: String,
    body: Option<String>,
    stage: Stage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Waiting for a refresh before the first send (the token was due).
    BeforeSend,
    /// Sent (`retried`: this is the retry after a `401`).
    Sent { retried: bool },
    /// The API answered `401`; waiting for a refresh to retry once.
    AfterRefused,
}

impl Machine {
    pub(super) fn api_call(&mut self, call: CallId, request: ApiRequest) {
        let prepared = (|| {
            let method = Method::parse(&request.method)?;
            let url = api_url(self.config.api_base_url.as_deref().ok_or(ApiError::NotConfigured)?, &request.path)?;
            let session = self.session().ok_or(ApiError::NotSignedIn)?;
            Ok((method, url, session.tokens.lifetime.needs_refresh(self.env.mono_ms)))
        })();
        let (method, url, due) = match prepared {
            Ok(p) => p,
            Err(e) => return self.emit(Effect::ApiDone { call, result: Err(e) }),
        };
        let stage = if due { Stage::BeforeSend } else { Stage::Sent { retried: false } };
        self.calls.push(Call { call, method, url, body: request.body, stage });
        if due {
            self.kick_for_calls(false);
        } else {
            self.send_call(call);
        }
    }

    /// Asks for a refresh on behalf of waiting calls; a refresh that is
    /// backing off answers them at once.
    fn kick_for_calls(&mut self, force: bool) {
        match self.kick(force) {
            Kick::Wait => {}
            Kick::NotDue => self.resume_calls(),
            Kick::BackingOff(error) => self.calls_without_refresh(&error),
            Kick::SignedOut => self.end_calls(),
        }
    }

    fn send_call(&mut self, call: CallId) {
        let Some(session) = self.session().cloned() else { return self.answer(call, Err(ApiError::SessionExpired)) };
        let token = bearer(&session, self.config.api_token).to_string();
        let Some(c) = self.calls.iter().find(|c| c.call == call) else { return };
        let (method, url, body) = (c.method, c.url.clone(), c.body.clone());
        let ticket = self.ticket(Waiting::Api { call });
        self.emit(Effect::CallApi { ticket, method, url, bearer: Bearer(token), body });
    }

    fn answer(&mut self, call: CallId, result: Result<ApiResponse, ApiError>) {
        self.calls.retain(|c| c.call != call);
        self.emit(Effect::ApiDone { call, result });
    }

    pub(super) fn on_api_answer(&mut self, ticket: Ticket, answer: Result<ApiResponse, NetError>) {
        let Some(Waiting::Api { call }) = self.waiting.remove(&ticket) else { return };
        let Some(c) = self.calls.iter_mut().find(|c| c.call == call) else { return };
        let retried = matches!(c.stage, Stage::Sent { retried: true });
        match answer {
            Err(e) => self.answer(call, Err(ApiError::Network(e))),
            Ok(a) if a.status == 401 && retried => self.answer(call, Err(ApiError::SessionExpired)),
            Ok(a) if a.status == 401 => {
                c.stage = Stage::AfterRefused;
                self.kick_for_calls(true);
            }
            Ok(a) => self.answer(call, Ok(a)),
        }
    }

    /// New tokens are here: waiting calls go on with them.
    pub(super) fn resume_calls(&mut self) {
        let waiting: Vec<(CallId, bool)> = self
            .calls
            .iter_mut()
            .filter_map(|c| match c.stage {
                Stage::BeforeSend => {
                    c.stage = Stage::Sent { retried: false };
                    Some((c.call, false))
                }
                Stage::AfterRefused => {
                    c.stage = Stage::Sent { retried: true };
                    Some((c.call, true))
                }
                Stage::Sent { .. } => None,
            })
            .collect();
        for (call, _) in waiting {
            self.send_call(call);
        }
    }

    /// Renewing failed for a reason that may pass: a call that waited
    /// before sending goes with the old token while it is valid; after a
    /// `401`, or with an expired token, it hears that the session could
    /// not be renewed yet.
    pub(super) fn calls_without_refresh(&mut self, error: &AuthError) {
        let expired = self.session().is_none_or(|s| s.tokens.lifetime.is_expired(self.env.mono_ms));
        let waiting: Vec<(CallId, Stage)> =
            self.calls.iter().filter(|c| !matches!(c.stage, Stage::Sent { .. })).map(|c| (c.call, c.stage)).collect();
        for (call, stage) in waiting {
            if stage == Stage::BeforeSend && !expired {
                if let Some(c) = self.calls.iter_mut().find(|c| c.call == call) {
                    c.stage = Stage::Sent { retried: false };
                }
                self.send_call(call);
            } else {
                self.answer(call, Err(ApiError::NotRenewedYet(error.clone())));
            }
        }
    }

    /// The session is gone: every call ends.
    pub(super) fn end_calls(&mut self) {
        let all: Vec<CallId> = self.calls.iter().map(|c| c.call).collect();
        for call in all {
            self.answer(call, Err(ApiError::SessionExpired));
        }
    }
}
