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

/// An API call, or a request for the access token, in progress.
#[derive(Debug)]
pub(super) struct Call {
    call: CallId,
    kind: Kind,
    stage: Stage,
}

/// What a call wants once the token is fresh.
#[derive(Debug)]
enum Kind {
    /// Send this request.
    Api { method: Method, url: String, body: Option<String>, headers: Vec<(String, String)> },
    /// The access token itself (for an API the app calls on its own).
    Token,
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
            let url = api_url(self.config.api_base_url.as_deref().ok_or(ApiError::NotConfigured)?, request.path())?;
            request.check()?;
            let (body, headers) = (request.body().map(String::from), request.headers().to_vec());
            Ok(Kind::Api { method: request.method(), url, body, headers })
        })();
        match prepared {
            Ok(kind) => self.start_call(call, kind),
            Err(e) => self.emit(Effect::ApiDone { call, result: Err(e) }),
        }
    }

    /// The access token for the app's own calls, refreshed first when due
    /// (no `401` retry: the app's API answers the app).
    pub(super) fn token_call(&mut self, call: CallId) {
        self.start_call(call, Kind::Token);
    }

    fn start_call(&mut self, call: CallId, kind: Kind) {
        let Some(session) = self.session() else {
            return match kind {
                Kind::Api { .. } => self.emit(Effect::ApiDone { call, result: Err(ApiError::NotSignedIn) }),
                Kind::Token => self.emit(Effect::TokenDone { call, result: Err(ApiError::NotSignedIn) }),
            };
        };
        let due = session.tokens.lifetime.needs_refresh(self.env.mono_ms);
        let stage = if due { Stage::BeforeSend } else { Stage::Sent { retried: false } };
        self.calls.push(Call { call, kind, stage });
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
        let Some(c) = self.calls.iter().find(|c| c.call == call) else { return };
        let Kind::Api { method, url, body, headers } = &c.kind else {
            let token = session.tokens.access_token.clone();
            self.calls.retain(|c| c.call != call);
            return self.emit(Effect::TokenDone { call, result: Ok(token) });
        };
        let (method, url, body, headers) = (*method, url.clone(), body.clone(), headers.clone());
        let token = bearer(&session, self.config.api_token).to_string();
        let ticket = self.ticket(Waiting::Api { call });
        self.emit(Effect::CallApi { ticket, method, url, bearer: Bearer(token), body, headers });
    }

    fn answer(&mut self, call: CallId, result: Result<ApiResponse, ApiError>) {
        let Some(at) = self.calls.iter().position(|c| c.call == call) else { return };
        let done = self.calls.remove(at);
        match (done.kind, result) {
            (Kind::Token, Err(e)) => self.emit(Effect::TokenDone { call, result: Err(e) }),
            // A token call is answered in `send_call`, never with a response.
            (Kind::Token, Ok(_)) => {}
            (Kind::Api { .. }, result) => self.emit(Effect::ApiDone { call, result }),
        }
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
