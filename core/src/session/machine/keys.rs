//! The provider's endpoints (configured domain, or discovery once), its
//! signing keys (fetched once, again once for an unknown `kid`), and the
//! validation of a token set: decode both tokens, check the algorithm,
//! verify both signatures (the executor's WebCrypto), then every claim
//! check of [`accept`](crate::session::accept::accept).

use super::{Effect, Machine, Request, Ticket, Waiting};
use crate::auth::endpoints::{discovery_url, DiscoveryError, Endpoints};
use crate::auth::jwt::{self, Jwks, Jwt, JwtError, KeysError};
use crate::auth::login::AuthorizeOptions;
use crate::auth::login::PendingLogin;
use crate::auth::secret::RefreshToken;
use crate::auth::validate::check_algorithm;
use crate::auth::AuthError;
use crate::io::{HttpAnswer, NetError};
use crate::session::accept::{accept, Clocks, Expect};
use crate::session::Candidate;

/// A sibling's message with an unknown `kid` fetches the keys again at most
/// this often, milliseconds.
const SIBLING_REFETCH_MS: f64 = 60_000.0;

/// What waits for the endpoints.
#[derive(Debug)]
pub(super) enum Then {
    /// Start a sign-in.
    SignIn { return_path: String, options: AuthorizeOptions },
    /// Redeem a callback's code.
    Exchange { code: String, pending: PendingLogin },
    /// Send a refresh.
    Refresh,
    /// Revoke a refresh token; `sign_out`: this is the user's sign-out,
    /// which leaves through `/logout` afterwards.
    Revoke { token: Option<RefreshToken>, sign_out: bool },
    /// Fetch the signing keys.
    Keys,
}

/// Why a token set is validated, and what its success means.
#[derive(Debug)]
pub(super) enum Purpose {
    /// A sign-in's tokens (with its nonce).
    SignIn { nonce: String, return_path: String },
    /// A refresh's tokens; `rotated`: a new refresh token came with them.
    Refresh { rotated: Option<RefreshToken> },
    /// A sibling's hand-over.
    Sibling,
}

/// A token set being validated.
#[derive(Debug)]
pub(super) struct Job {
    epoch: u64,
    candidate: Candidate,
    id_jwt: Jwt,
    access_jwt: Jwt,
    purpose: Purpose,
    /// The keys were fetched again for this job already.
    refetched: bool,
    /// Signatures still being verified (ID, access).
    pending: [bool; 2],
    /// The first failure.
    error: Option<AuthError>,
}

impl Machine {
    /// Runs `then` once the endpoints are known (discovery at most once at
    /// a time).
    pub(super) fn with_endpoints(&mut self, then: Then) {
        if self.endpoints.is_none() {
            self.endpoints = Endpoints::from_config(&self.config);
        }
        if self.endpoints.is_some() {
            return self.run(then);
        }
        self.after_endpoints.push(then);
        if self.after_endpoints.len() == 1 {
            let url = discovery_url(&self.config.issuer);
            let ticket = self.ticket(Waiting::Discovery);
            self.emit(Effect::Send { ticket, request: Request::Get(url) });
        }
    }

    pub(super) fn on_discovery(&mut self, answer: Result<HttpAnswer, NetError>) {
        let url = discovery_url(&self.config.issuer);
        let endpoints = match answer {
            Err(source) => Err(DiscoveryError::Unreachable { url, source }),
            Ok(a) if a.status != 200 => Err(DiscoveryError::Status { url, status: a.status }),
            Ok(a) => Endpoints::from_discovery(&url, &a.body, &self.config.issuer),
        };
        let waiting = std::mem::take(&mut self.after_endpoints);
        match endpoints {
            Ok(e) => {
                self.endpoints = Some(e);
                waiting.into_iter().for_each(|then| self.run(then));
            }
            Err(e) => waiting.into_iter().for_each(|then| self.cannot_run(then, e.clone())),
        }
    }

    /// The endpoints could not be had: each waiting step fails its own way.
    fn cannot_run(&mut self, then: Then, discovery: DiscoveryError) {
        let error = AuthError::Discovery(discovery.clone());
        match then {
            Then::SignIn { .. } => self.fail(error),
            Then::Exchange { .. } => self.signed_in(Err(error), "/".into()),
            Then::Refresh => self.refresh_failed(error, None, None),
            Then::Revoke { sign_out, .. } => {
                if sign_out {
                    self.leave(None);
                }
            }
            Then::Keys => {
                self.keys_in_flight = false;
                let waiting = std::mem::take(&mut self.after_keys);
                let e = JwtError::KeysUnavailable(KeysError::NoEndpoints(discovery));
                waiting.into_iter().for_each(|id| self.job_failed(id, AuthError::IdToken(e.clone())));
            }
        }
    }

    fn run(&mut self, then: Then) {
        match then {
            Then::SignIn { return_path, options } => self.redirect_to_sign_in(&return_path, options),
            Then::Exchange { code, pending } => self.exchange(&code, pending),
            Then::Refresh => self.send_refresh(),
            Then::Revoke { token, sign_out } => self.revoke(token, sign_out),
            Then::Keys => {
                let url = self.endpoints().jwks_uri.clone();
                let ticket = self.ticket(Waiting::Keys);
                self.emit(Effect::Send { ticket, request: Request::Get(url) });
            }
        }
    }

    pub(super) fn endpoints(&self) -> &Endpoints {
        self.endpoints.as_ref().expect("run only once the endpoints are known")
    }

    /// Validates `candidate` for `purpose`: decode, algorithm, keys,
    /// signatures, then [`Machine::finish_job`].
    pub(super) fn validate(&mut self, candidate: Candidate, purpose: Purpose) {
        let decoded = |token: &str| jwt::decode(token).and_then(|j| check_algorithm(&j).map(|()| j));
        let id_jwt = match decoded(candidate.id_token.secret()) {
            Ok(j) => j,
            Err(e) => return self.job_done(purpose, Err(AuthError::IdToken(e))),
        };
        let access_jwt = match decoded(candidate.access_token.secret()) {
            Ok(j) => j,
            Err(e) => return self.job_done(purpose, Err(AuthError::AccessToken(e))),
        };
        self.next += 1;
        let id = self.next;
        let job = Job {
            epoch: self.epoch,
            candidate,
            id_jwt,
            access_jwt,
            purpose,
            refetched: false,
            pending: [false; 2],
            error: None,
        };
        self.jobs.insert(id, job);
        self.check_signatures(id);
    }

    /// Sends the job's two signature checks, once the keys have both `kid`s
    /// (fetching them, or fetching them again once).
    fn check_signatures(&mut self, id: u64) {
        let Some(job) = self.jobs.get(&id) else { return };
        let Some(keys) = &self.keys else { return self.fetch_keys(id) };
        let id_key = keys.select(&job.id_jwt).cloned();
        let access_key = keys.select(&job.access_jwt).cloned();
        let (id_key, access_key) = match (id_key, access_key) {
            (Some(i), Some(a)) => (i, a),
            // An unknown `kid` fetches the keys again, once per token set
            // (they may have been rotated); a sibling's message, which anyone
            // of the origin can post, at most once a minute.
            _ if !job.refetched && self.may_refetch(&job.purpose) => {
                if let Some(job) = self.jobs.get_mut(&id) {
                    job.refetched = true;
                }
                return self.fetch_keys(id);
            }
            (None, _) => return self.job_failed(id, AuthError::IdToken(JwtError::UnknownKey)),
            (_, None) => return self.job_failed(id, AuthError::AccessToken(JwtError::UnknownKey)),
        };
        let checks = [(id_key, false), (access_key, true)];
        for (key, access) in checks {
            let Some(job) = self.jobs.get_mut(&id) else { return };
            let token = if access { &job.access_jwt } else { &job.id_jwt };
            let (data, signature) = (token.signing_input.clone(), token.signature.clone());
            job.pending[usize::from(access)] = true;
            let ticket = self.ticket(Waiting::Signature { job: id, access });
            self.emit(Effect::Verify { ticket, key, data, signature });
        }
    }

    /// True when an unknown `kid` may fetch the keys again for `purpose`.
    fn may_refetch(&self, purpose: &Purpose) -> bool {
        !matches!(purpose, Purpose::Sibling)
            || self.keys_fetched_at.is_none_or(|at| self.env.mono_ms - at >= SIBLING_REFETCH_MS)
    }

    /// Fetches the keys for job `id` (one fetch at a time: a job that finds
    /// one out, a prefetch's included, waits for it).
    fn fetch_keys(&mut self, id: u64) {
        self.after_keys.push(id);
        if self.keys_in_flight {
            return;
        }
        // Fetched again (an unknown `kid`): the old keys go.
        self.keys = None;
        self.send_for_keys();
    }

    /// Asks for the signing keys ahead of the tokens they check: a sign-in's
    /// code exchange and the keys are then one round trip, not two (the keys
    /// are on another host than the token endpoint: docs/COGNITO.md "Signing
    /// keys"). Nothing when the keys are known or already asked for; a
    /// prefetch that fails leaves no keys, so the tokens' check asks again
    /// and fails only then.
    pub(super) fn prefetch_keys(&mut self) {
        if self.keys.is_none() && !self.keys_in_flight {
            self.send_for_keys();
        }
    }

    fn send_for_keys(&mut self) {
        self.keys_in_flight = true;
        self.keys_fetched_at = Some(self.env.mono_ms);
        self.with_endpoints(Then::Keys);
    }

    pub(super) fn on_keys(&mut self, answer: Result<HttpAnswer, NetError>) {
        let url = self.endpoints.as_ref().map(|e| e.jwks_uri.clone()).unwrap_or_default();
        let keys = match answer {
            Err(e) => Err(JwtError::KeysUnavailable(KeysError::Network(e))),
            Ok(a) if a.status != 200 => Err(JwtError::KeysUnavailable(KeysError::Status { url, status: a.status })),
            Ok(a) => Jwks::parse(&a.body),
        };
        self.keys_in_flight = false;
        let waiting = std::mem::take(&mut self.after_keys);
        match keys {
            Ok(keys) => {
                self.keys = Some(keys);
                waiting.into_iter().for_each(|id| self.check_signatures(id));
            }
            Err(e) => waiting.into_iter().for_each(|id| self.job_failed(id, AuthError::IdToken(e.clone()))),
        }
    }

    pub(super) fn on_signature(&mut self, id: u64, access: bool, result: Result<bool, JwtError>) {
        let Some(job) = self.jobs.get_mut(&id) else { return };
        job.pending[usize::from(access)] = false;
        let failure = match result {
            Ok(true) => None,
            Ok(false) => Some(JwtError::BadSignature),
            Err(e) => Some(e),
        };
        if let (Some(e), None) = (failure, &job.error) {
            job.error = Some(if access { AuthError::AccessToken(e) } else { AuthError::IdToken(e) });
        }
        if job.pending.iter().any(|p| *p) {
            return;
        }
        let job = self.jobs.remove(&id).expect("present");
        if let Some(error) = job.error {
            return self.job_done(job.purpose, Err(error));
        }
        if job.epoch != self.epoch {
            // Signed out (or the session ended) meanwhile: nothing from
            // before survives it, and a sign-in's fresh refresh token is
            // revoked.
            if let (Purpose::SignIn { .. }, Some(token)) = (&job.purpose, job.candidate.refresh_token.clone()) {
                self.with_endpoints(Then::Revoke { token: Some(token), sign_out: false });
            }
            return self.job_done(job.purpose, Err(AuthError::SessionEnded(crate::auth::EndReason::SignedOut)));
        }
        let now = Clocks { wall_secs: self.env.wall_secs, mono_ms: self.env.mono_ms };
        let nonce = match &job.purpose {
            Purpose::SignIn { nonce, .. } => Some(nonce.as_str()),
            _ => None,
        };
        let previous = match &job.purpose {
            Purpose::SignIn { .. } => None,
            // The first refresh with a refresh token handed over by another
            // tab: it may come from another sign-in of the same user than
            // the tokens this tab had (another holder's), so only the user
            // must be the same, not the authentication time.
            Purpose::Refresh { .. } if self.handed_token => self.state.session().map(|s| {
                let mut s = (**s).clone();
                s.claims.auth_time = None;
                std::sync::Arc::new(s)
            }),
            _ => self.state.session().cloned(),
        };
        let result = accept(
            &self.config,
            job.candidate,
            &job.id_jwt,
            &job.access_jwt,
            Expect { nonce, previous: previous.as_deref() },
            now,
        );
        self.job_done(job.purpose, result);
    }

    fn job_failed(&mut self, id: u64, error: AuthError) {
        if let Some(job) = self.jobs.remove(&id) {
            self.job_done(job.purpose, Err(error));
        }
    }

    /// A validation finished: what it means depends on why it ran.
    fn job_done(&mut self, purpose: Purpose, result: Result<crate::auth::state::Session, AuthError>) {
        match purpose {
            Purpose::SignIn { return_path, .. } => self.signed_in(result, return_path),
            Purpose::Refresh { rotated } => self.refreshed(result, rotated),
            Purpose::Sibling => self.sibling_validated(result),
        }
    }

    /// Routes an HTTP answer to what waited for it.
    pub(super) fn on_answer(&mut self, ticket: Ticket, answer: Result<HttpAnswer, NetError>) {
        match self.waiting.remove(&ticket) {
            Some(Waiting::Discovery) => self.on_discovery(answer),
            Some(Waiting::Keys) => self.on_keys(answer),
            Some(Waiting::Exchange { nonce, return_path, epoch, sent_ms }) => {
                self.on_exchange(answer, nonce, return_path, epoch, sent_ms)
            }
            Some(Waiting::Refresh { epoch, sent_ms }) => self.on_refresh_answer(answer, epoch, sent_ms),
            Some(Waiting::Revoke { then_logout: Some(url) }) => self.leave(url),
            Some(Waiting::Revoke { then_logout: None }) => {}
            Some(other) => {
                self.waiting.insert(ticket, other);
            }
            None => {}
        }
    }

    pub(super) fn on_verified(&mut self, ticket: Ticket, result: Result<bool, JwtError>) {
        match self.waiting.remove(&ticket) {
            Some(Waiting::Signature { job, access }) => self.on_signature(job, access, result),
            Some(other) => {
                self.waiting.insert(ticket, other);
            }
            None => {}
        }
    }
}
