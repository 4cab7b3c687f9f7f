//! The test controls of a [`Pool`]: faults, conformance modes, keys,
//! sessions and the request log (the admin API calls these too).

use crate::faults::{TokenFault, TokenMode};
use crate::jwt::SigningKeyPair;
use crate::state::{LoggedRequest, Pool};

impl Pool {
    /// Sets the pool's resource servers (their identifiers); `resource` in
    /// a sign-in must equal one of them, or the code exchange fails with
    /// `invalid_grant`.
    pub fn set_resource_servers(&self, identifiers: Vec<String>) {
        self.lock().resource_servers = Some(identifiers);
    }

    /// Makes `/oauth2/revoke` answer with (`true`, the default) or without
    /// CORS headers.
    pub fn set_revoke_cors(&self, on: bool) {
        self.lock().revoke_without_cors = !on;
    }

    /// Whether `token` (a refresh token this pool issued) is revoked; `None`
    /// for a token it never issued.
    pub fn refresh_token_revoked(&self, token: &str) -> Option<bool> {
        self.lock().refresh_tokens.get(token).map(|r| r.revoked)
    }

    /// Every refresh token issued so far (revoked ones included).
    pub fn issued_refresh_tokens(&self) -> Vec<String> {
        self.lock().refresh_tokens.keys().cloned().collect()
    }

    /// Makes the next `count` token-endpoint calls fail with `fault`.
    pub fn fail_next_token_calls(&self, count: usize, fault: TokenFault) {
        let mut inner = self.lock();
        inner.token_faults.extend(std::iter::repeat_n(fault, count));
    }

    /// Clears pending token faults.
    pub fn clear_token_faults(&self) {
        self.lock().token_faults.clear();
    }

    /// Makes issued tokens deliberately wrong in `mode`; `None` restores
    /// normal tokens.
    pub fn set_token_mode(&self, mode: Option<TokenMode>) {
        self.lock().token_mode = mode;
    }

    /// Makes the sample API answer 401 to its next `count` calls.
    pub fn fail_next_api_calls(&self, count: usize) {
        self.lock().api_unauthorized_next = count;
    }

    /// Makes the sample API answer 401 to every call while `on`.
    pub fn set_api_always_unauthorized(&self, on: bool) {
        self.lock().api_always_unauthorized = on;
    }

    /// Why the sample API refused the bearer tokens it was sent (missing,
    /// expired, bad signature…), in order; faults it was told to inject are
    /// not listed.
    pub fn api_refusals(&self) -> Vec<String> {
        self.lock().api_refusals.clone()
    }

    /// Makes the sample API require access tokens bound to it with
    /// `resource` (their `aud` must be the API's origin).
    pub fn set_api_requires_audience(&self, on: bool) {
        self.lock().api_requires_audience = on;
    }

    /// Makes discovery (`/.well-known/openid-configuration`) answer 503
    /// while `unavailable`.
    pub fn set_discovery_unavailable(&self, unavailable: bool) {
        self.lock().discovery_unavailable = unavailable;
    }

    /// Makes the revocation endpoint wait `seconds` before its next answer.
    pub fn hang_next_revoke(&self, seconds: f64) {
        self.lock().revoke_hang = Some(seconds);
    }

    /// Makes the sample API wait `seconds` before answering each of its next
    /// `count` calls (a hanging API).
    pub fn hang_next_api_calls(&self, count: usize, seconds: f64) {
        self.lock().api_hangs = std::iter::repeat_n(seconds, count).collect();
    }

    /// Makes the JWKS answer 503 while `unavailable`.
    pub fn set_jwks_unavailable(&self, unavailable: bool) {
        self.lock().jwks_unavailable = unavailable;
    }

    /// Replaces both signing keys; the old ones stay in the JWKS.
    pub fn rotate_keys(&self) {
        let (id, access) = (SigningKeyPair::generate(), SigningKeyPair::generate());
        let mut inner = self.lock();
        let old_id = std::mem::replace(&mut inner.keys.id, id);
        let old_access = std::mem::replace(&mut inner.keys.access, access);
        inner.keys.retired = vec![old_id, old_access];
    }

    /// Ends every hosted-UI session and revokes every refresh token (like
    /// `AdminUserGlobalSignOut` for all users).
    pub fn revoke_all_sessions(&self) {
        let mut inner = self.lock();
        inner.sessions.clear();
        let jtis: Vec<String> = inner
            .refresh_tokens
            .values_mut()
            .map(|r| {
                r.revoked = true;
                r.origin_jti.clone()
            })
            .collect();
        inner.revoked_origin_jtis.extend(jtis);
    }

    /// Every request received so far.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    /// Forgets the request log.
    pub fn clear_request_log(&self) {
        self.lock().log.clear();
    }

    /// How many token requests of `grant_type` were received.
    pub fn token_requests(&self, grant_type: &str) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|r| r.path == "/oauth2/token" && r.params.get("grant_type").map(String::as_str) == Some(grant_type))
            .count()
    }
}
