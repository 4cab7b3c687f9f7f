//! Staying signed in: the refresh timer (re-checked on wake-up), the
//! holder's refresh (single-flight, with capped exponential backoff after a
//! failure that may pass), the follower asking the holder, and the renewal
//! notices (docs/SESSION.md "Timing" and "Tabs").

use super::keys::{Purpose, Then};
use super::{Effect, Machine, Request, Ticket, Timer, Waiting};
use crate::auth::secret::RefreshToken;
use crate::auth::state::{AuthState, Session};
use crate::auth::timing::Lifetime;
use crate::auth::token::{parse_token_response, refresh_request, TokenError};
use crate::auth::{AuthError, EndReason};
use crate::io::{HttpAnswer, NetError};
use crate::session::refresh::{
    classify_answer, classify_validation, on_wake, renewal, retry_delay_ms, Renewal, Verdict, WakeStep,
};
use crate::session::tabs::{after_holder_silence, follower_step, FollowerStep, TabMessage, HOLDER_ANSWER_MS};
use crate::session::Candidate;

/// A refresh failure that may pass, and its retries.
#[derive(Debug, Clone)]
pub(super) struct Failure {
    /// Failed attempts in a row.
    attempts: u32,
    /// When the next attempt is due (monotonic ms).
    retry_at_ms: f64,
    /// The last one's error.
    pub(super) error: AuthError,
}

/// Why the holder lock's state was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HolderQuestion {
    /// A reloaded tab deciding how to restore.
    Restore,
    /// A follower whose tokens are due.
    FollowerDue,
    /// A follower whose question the holder has not answered.
    AfterSilence,
}

/// What asking for a refresh led to, for a caller that needs a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kick {
    /// Newer tokens are on the way (a refresh in flight, the holder asked):
    /// wait for them.
    Wait,
    /// Not due: the current tokens are good.
    NotDue,
    /// A refresh failed a moment ago and its retry is not due yet.
    BackingOff(AuthError),
    /// Nobody is signed in.
    SignedOut,
}

impl Machine {
    fn current(&self) -> Option<std::sync::Arc<Session>> {
        self.state.session().cloned()
    }

    /// Arms the refresh timer for the current tokens (at once when due).
    pub(super) fn schedule_refresh(&mut self) {
        let Some(session) = self.current() else { return };
        match on_wake(&session.tokens.lifetime, self.env.mono_ms) {
            WakeStep::Rearm(delay) => self.set_timer(Timer::Refresh, delay),
            WakeStep::RefreshNow => self.set_timer(Timer::Refresh, 0.0),
        }
    }

    pub(super) fn on_wake(&mut self) {
        let Some(session) = self.current() else { return };
        match on_wake(&session.tokens.lifetime, self.env.mono_ms) {
            WakeStep::RefreshNow => self.refresh_due(false),
            WakeStep::Rearm(delay) => {
                // A pending retry keeps its own time.
                match self.failure.as_ref().map(|f| f.retry_at_ms) {
                    Some(at) => self.set_timer(Timer::Refresh, at - self.env.mono_ms),
                    None => self.set_timer(Timer::Refresh, delay),
                }
            }
        }
        self.expiry_passed();
    }

    /// The tokens are due (or `force`: the API refused them): the holder
    /// refreshes, a follower asks the holder. See [`Kick`].
    pub(super) fn refresh_due(&mut self, force: bool) {
        let _ = self.kick(force);
    }

    pub(super) fn kick(&mut self, force: bool) -> Kick {
        let Some(session) = self.current() else { return Kick::SignedOut };
        if session.tokens.refresh_token.is_none() {
            return self.follower_due();
        }
        if self.refreshing {
            return Kick::Wait;
        }
        let now = self.env.mono_ms;
        if let Some(failure) = self.failure.clone() {
            if now < failure.retry_at_ms {
                // Whatever re-armed the timer since, the retry must still
                // come when it is due; nothing sends it sooner.
                self.set_timer(Timer::Refresh, failure.retry_at_ms - now);
                return Kick::BackingOff(failure.error);
            }
        }
        if !force && !session.tokens.lifetime.needs_refresh(now) {
            self.schedule_refresh();
            return Kick::NotDue;
        }
        self.refreshing = true;
        self.with_endpoints(Then::Refresh);
        if self.refreshing {
            Kick::Wait
        } else {
            // Discovery failed at once: the failure is recorded.
            Kick::BackingOff(self.failure.as_ref().map_or(AuthError::Renewing, |f| f.error.clone()))
        }
    }

    /// Sends the refresh with this tab's refresh token.
    pub(super) fn send_refresh(&mut self) {
        let Some(token) = self.current().and_then(|s| s.tokens.refresh_token.clone()) else {
            self.refreshing = false;
            return;
        };
        let request = refresh_request(&self.config, &self.endpoints().token, &token);
        let ticket = self.ticket(Waiting::Refresh { epoch: self.epoch, sent_ms: self.env.mono_ms });
        self.emit(Effect::Send { ticket, request: Request::Form(request) });
    }

    pub(super) fn on_refresh_answer(&mut self, answer: Result<HttpAnswer, NetError>, epoch: u64, sent_ms: f64) {
        if epoch != self.epoch {
            // Signed out meanwhile: these tokens are not wanted.
            return;
        }
        let Some(current) = self.current() else { return };
        let retry_after = answer.as_ref().ok().and_then(|a| a.retry_after_secs);
        let parsed = answer.map_err(TokenError::Network).and_then(|a| parse_token_response(a.status, &a.body));
        if self.too_late(sent_ms) {
            // The page was frozen: the tokens may be older than they look.
            // Try again (keeping a rotated refresh token: the old one may be
            // spent).
            let rotated = parsed.ok().and_then(|t| t.refresh_token);
            let error = TokenError::Network(NetError::Timeout { secs: self.config.network_timeout_seconds });
            return self.refresh_failed(error.into(), None, rotated);
        }
        let tokens = match parsed {
            Ok(tokens) => tokens,
            Err(e) => {
                return match classify_answer(&e) {
                    Verdict::Transient => self.refresh_failed(e.into(), retry_after, None),
                    Verdict::Final(reason) => {
                        self.refreshing = false;
                        self.end_session(reason)
                    }
                }
            }
        };
        // With rotation on, the answer carries a new refresh token; without,
        // ours stays valid.
        let rotated = tokens.refresh_token.clone();
        let candidate = Candidate {
            id_token: tokens.id_token,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token.or_else(|| current.tokens.refresh_token.clone()),
            // From when the request was sent: the tokens were not issued
            // before that.
            lifetime: Lifetime::new(sent_ms, tokens.expires_in, self.config.refresh_margin_seconds),
            clock_offset_secs: None,
        };
        self.validate(candidate, Purpose::Refresh { rotated });
    }

    /// A refresh's tokens were validated (or not).
    pub(super) fn refreshed(&mut self, result: Result<Session, AuthError>, rotated: Option<RefreshToken>) {
        self.refreshing = false;
        match result {
            Ok(session) => {
                self.handed_token = false;
                self.adopt(session, true)
            }
            Err(AuthError::SessionEnded(_)) => {}
            Err(error) => match classify_validation(&error) {
                // A rotated refresh token is never thrown away because its
                // companions could not be checked yet.
                Verdict::Transient => self.refresh_failed(error, None, rotated),
                Verdict::Final(reason) => self.end_session(reason),
            },
        }
    }

    /// A refresh failed for a reason that may pass: keep the session (and a
    /// rotated refresh token), back off, say so quietly.
    pub(super) fn refresh_failed(&mut self, error: AuthError, retry_after: Option<u32>, rotated: Option<RefreshToken>) {
        self.refreshing = false;
        let Some(current) = self.current() else { return };
        if let Some(token) = rotated {
            let mut updated = (*current).clone();
            updated.tokens.refresh_token = Some(token);
            self.state = AuthState::SignedIn(std::sync::Arc::new(updated));
            self.emit(Effect::Show(self.state.clone()));
        }
        let attempts = self.failure.as_ref().map_or(0, |f| f.attempts) + 1;
        let jitter = self.random_unit();
        let delay = retry_delay_ms(retry_after, attempts - 1, jitter);
        self.failure = Some(Failure { attempts, retry_at_ms: self.env.mono_ms + delay, error: error.clone() });
        self.set_timer(Timer::Refresh, delay);
        self.show_renewal_failure(error.clone());
        self.calls_without_refresh(&error);
    }

    /// "Reconnecting" while the tokens are valid, "can't reach" once they
    /// expire (a timer flips it then).
    pub(super) fn show_renewal_failure(&mut self, error: AuthError) {
        let Some(current) = self.current() else { return };
        let lifetime = current.tokens.lifetime;
        let status = renewal(Some(&error), &lifetime, self.env.mono_ms);
        if let Renewal::Reconnecting(_) = status {
            // Milliseconds, not whole seconds: truncated, the timer would
            // fire before the expiry and find the tokens still valid.
            let until = lifetime.expires_at_ms - self.env.mono_ms;
            self.set_timer(Timer::Expiry, until + 50.0);
        }
        self.set_renewal(status);
    }

    pub(super) fn expiry_passed(&mut self) {
        let Some(current) = self.current() else { return };
        if let Renewal::Reconnecting(e) = &self.renewal {
            if current.tokens.lifetime.is_expired(self.env.mono_ms) {
                let e = e.clone();
                self.set_renewal(Renewal::Unreachable(e));
            }
        }
    }

    /// "Retry now": the backoff's wait is skipped once.
    pub(super) fn retry_now(&mut self) {
        if let Some(f) = &mut self.failure {
            f.retry_at_ms = self.env.mono_ms;
        }
        self.refresh_due(true);
    }

    /// A follower's tokens are due: ask the holder, or (none left)
    /// re-authenticate and become the holder.
    fn follower_due(&mut self) -> Kick {
        if self.asking_holder {
            return Kick::Wait;
        }
        self.asking_holder = true;
        let ticket = self.ticket(Waiting::Holder(HolderQuestion::FollowerDue));
        self.emit(Effect::QueryHolder { ticket });
        Kick::Wait
    }

    pub(super) fn on_holder(&mut self, ticket: Ticket, held: Option<bool>) {
        let Some(Waiting::Holder(question)) = self.waiting.remove(&ticket) else { return };
        match question {
            HolderQuestion::Restore => self.restore_with(held),
            HolderQuestion::FollowerDue => {
                if self.current().is_none() || !self.asking_holder {
                    return;
                }
                // A free lock right after a hand-over is the successor
                // still opening the envelope.
                let held = if self.handover_under_way() { Some(true) } else { held };
                match follower_step(held) {
                    FollowerStep::AskHolder => {
                        self.emit(Effect::Post(TabMessage::Refresh.to_json()));
                        self.set_timer(Timer::HolderAnswer, HOLDER_ANSWER_MS);
                    }
                    FollowerStep::Reauthenticate => self.holder_gone(),
                }
            }
            HolderQuestion::AfterSilence => {
                if self.current().is_none() || !self.asking_holder {
                    return;
                }
                let held = if self.handover_under_way() { Some(true) } else { held };
                match after_holder_silence(held) {
                    Some(_) => self.holder_gone(),
                    None => {
                        // The holder is busy (its refresh failed and waits
                        // to retry): ask again a little later.
                        self.asking_holder = false;
                        self.set_timer(Timer::Refresh, HOLDER_ANSWER_MS);
                        self.show_renewal_failure(AuthError::Renewing);
                        self.calls_without_refresh(&AuthError::Renewing);
                    }
                }
            }
        }
    }

    /// The holder did not deliver in time: is it still there?
    pub(super) fn holder_silent(&mut self) {
        if !self.asking_holder {
            return;
        }
        let ticket = self.ticket(Waiting::Holder(HolderQuestion::AfterSilence));
        self.emit(Effect::QueryHolder { ticket });
    }

    /// The holder answered a follower's `refresh` with the tokens the
    /// follower has (by its own clock it is not due yet): ask again a little
    /// later; waiting calls go on with the current token while it is valid.
    pub(super) fn holder_not_due(&mut self) {
        self.asking_holder = false;
        self.emit(Effect::CancelTimer(Timer::HolderAnswer));
        self.set_timer(Timer::Refresh, 2.0 * HOLDER_ANSWER_MS);
        self.calls_without_refresh(&AuthError::Renewing);
    }

    /// No tab holds a refresh token any more: re-authenticate (this tab
    /// then holds one), or end with "the tab that kept it renewed was
    /// closed". Offline, leaving would end on the browser's error page: the
    /// session stays and it tries again later (or when the network is back).
    fn holder_gone(&mut self) {
        self.asking_holder = false;
        if !self.env.online {
            self.set_timer(Timer::Refresh, 10_000.0);
            self.show_renewal_failure(AuthError::Offline);
            self.calls_without_refresh(&AuthError::Offline);
            return;
        }
        self.calls_without_refresh(&AuthError::Renewing);
        self.reauthenticate_or_give_up(Some(EndReason::HolderGone));
    }
}
