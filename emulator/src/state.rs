//! The pool's state: clients, users, codes, sessions, refresh tokens, keys,
//! faults and the request log. Shared by every origin of one emulator.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::jwt::{initial_keys, SigningKeyPair};

/// An app client, with the settings of Cognito's `UserPoolClientType` that
/// matter to a browser client.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientConfig {
    /// The App client ID.
    pub client_id: String,
    /// Allowed callback URLs (compared exactly).
    pub callback_urls: Vec<String>,
    /// Allowed sign-out URLs (compared exactly).
    pub logout_urls: Vec<String>,
    /// `AllowedOAuthFlows`: `code` and/or `implicit`.
    pub allowed_flows: Vec<String>,
    /// `AllowedOAuthScopes`.
    pub allowed_scopes: Vec<String>,
    /// ID token lifetime in seconds. Cognito's minimum is 5 minutes; the
    /// emulator allows seconds so tests can watch tokens expire.
    pub id_token_validity: u64,
    /// Access token lifetime in seconds (same note).
    pub access_token_validity: u64,
    /// Refresh token lifetime in seconds (Cognito: 60 minutes to 10 years).
    pub refresh_token_validity: u64,
    /// `EnableTokenRevocation` (default true).
    pub enable_token_revocation: bool,
    /// `RefreshTokenRotation`: `None` = disabled (Cognito's default), or
    /// `Some(RetryGracePeriodSeconds)`.
    pub refresh_token_rotation: Option<u64>,
    /// What a refreshed ID token's `auth_time` says (docs/COGNITO.md "Refresh
    /// and rotation"): `kept` (the default, as AWS documents it) or `moves`
    /// (the time of the refresh, as real pools with rotation on do).
    pub auth_time_on_refresh: AuthTimeOnRefresh,
    /// What a requested scope the client does not have gets (docs/COGNITO.md
    /// "Scopes"): dropped (the default, as AWS documents it), or refused as
    /// real pools have refused them.
    pub unsupported_scopes: UnsupportedScopes,
    /// The domain's UI: managed login (`true`, the default: `prompt` and
    /// `lang` work, `resource` can bind tokens) or the classic hosted UI
    /// (`false`: `prompt` and `lang` are ignored, `resource` fails the code
    /// exchange with `invalid_grant`), docs/COGNITO.md "Managed login".
    pub managed_login: bool,
}

/// What happens to a requested scope that is not enabled on the client.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum UnsupportedScopes {
    /// Silently dropped (documented).
    #[default]
    Drop,
    /// `error=invalid_scope` on the redirect back to the app (observed).
    Error,
    /// Cognito's own `/error` page; the user never gets back (observed).
    ErrorPage,
}

/// `auth_time` in refreshed tokens.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum AuthTimeOnRefresh {
    /// The original sign-in's time (documented).
    #[default]
    Kept,
    /// The refresh's time (observed on real pools with rotation on).
    Moves,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            client_id: String::new(),
            callback_urls: Vec::new(),
            logout_urls: Vec::new(),
            allowed_flows: vec!["code".into()],
            allowed_scopes: vec!["openid".into(), "email".into(), "profile".into(), "phone".into()],
            id_token_validity: 3600,
            access_token_validity: 3600,
            refresh_token_validity: 30 * 24 * 3600,
            enable_token_revocation: true,
            refresh_token_rotation: None,
            auth_time_on_refresh: AuthTimeOnRefresh::Kept,
            unsupported_scopes: UnsupportedScopes::Drop,
            managed_login: true,
        }
    }
}

/// A user of the pool.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UserConfig {
    /// The username users type on the login page.
    pub username: String,
    /// The password.
    pub password: String,
    /// The `email` attribute.
    pub email: String,
    /// Group names (`cognito:groups`).
    #[serde(default)]
    pub groups: Vec<String>,
    /// Custom attributes by name without the `custom:` prefix; the ID token
    /// carries each as `custom:NAME`, a string, as Cognito's does.
    #[serde(default)]
    pub custom_attributes: std::collections::BTreeMap<String, String>,
}

/// A stored user: the config plus its `sub`.
#[derive(Debug, Clone)]
pub struct User {
    pub sub: String,
    pub config: UserConfig,
}

/// How the next token calls fail.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TokenFault {
    /// Answer `500 {"error":"server_error"}`.
    Status500,
    /// Answer `400 {"error":ERROR}`, e.g. `invalid_grant`.
    Error { error: String },
    /// Wait this many seconds, then answer normally.
    Hang { seconds: f64 },
    /// Close the connection without an answer.
    Drop,
    /// Answer `429` with a JSON body that is not an OAuth error (the shape of
    /// a throttled `/oauth2/token` answer is undocumented: docs/COGNITO.md
    /// "Throttling and middleboxes").
    TooManyRequests,
    /// Answer `403` with an HTML page, as a web application firewall in front
    /// of a custom domain does.
    ForbiddenHtml,
    /// Answer `200` with an HTML page, as a captive portal does.
    OkHtml,
}

/// How issued tokens are deliberately wrong: the hostile or broken provider
/// cases of the OpenID RP conformance suite (the module each one mirrors is
/// named). See `conformance.rs`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum TokenMode {
    /// Sign tokens with a key that is not in the JWKS (its `kid` is
    /// unknown even after a refetch).
    UnpublishedKey,
    /// `oidcc-client-test-invalid-iss`.
    WrongIssuer,
    /// `oidcc-client-test-invalid-aud`.
    WrongAudience,
    /// `oidcc-client-test-invalid-sig-rs256`.
    BadSignature,
    /// `oidcc-client-test-idtoken-sig-none`.
    AlgNone,
    /// `oidcc-client-test-invalid-sig-hs256`: HS256 keyed with the public key.
    Hs256WithPublicKey,
    /// `oidcc-client-test-kid-absent-single-jwks`: no `kid`, one key published.
    KidAbsentSingleKey,
    /// `oidcc-client-test-kid-absent-multiple-jwks`: no `kid`, two keys.
    KidAbsentMultipleKeys,
    /// `oidcc-client-test-missing-iat`.
    MissingIat,
    /// `iat` two hours in the future.
    IatInFuture,
    /// Issued 400 s ago, expired 340 s ago (`oidcc-client-test-expired`
    /// with a recent `iat`).
    Expired,
    /// Both tokens' `iat` ten minutes in the past, `exp` as usual: valid.
    IssuedTenMinutesAgo,
    /// `oidcc-client-test-missing-sub`.
    MissingSub,
    /// `oidcc-client-test-nonce-invalid`.
    WrongNonce,
    /// No `nonce` although one was sent.
    MissingNonce,
    /// `at_hash` of another access token.
    WrongAtHash,
    /// `token_use: "access"` in the ID token.
    IdTokenUseAccess,
    /// The access token's `client_id` is another app's.
    AccessTokenOtherClient,
    /// The token response has no `id_token`.
    MissingIdToken,
    /// The token response says `token_type: "mac"`.
    TokenTypeNotBearer,
    /// `oidcc-client-test-refresh-token-invalid-sub`: a refreshed ID token
    /// for another user.
    RefreshOtherSub,
    /// The authorization response echoes another `state`.
    WrongState,
}

/// One request the emulator received, for tests to count and inspect.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// The path, e.g. `/oauth2/token`.
    pub path: String,
    /// The HTTP method.
    pub method: String,
    /// Form or query parameters (secrets included: it is a test tool).
    pub params: BTreeMap<String, String>,
    /// The `Origin` header, if any.
    pub origin: Option<String>,
    /// When it arrived, milliseconds since the epoch (real clock).
    pub at_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct PendingCode {
    pub resource: Option<String>,
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub nonce: Option<String>,
    pub scopes: Vec<String>,
    pub username: String,
    pub auth_time: i64,
    pub expires_at: i64,
    pub used: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub username: String,
    pub auth_time: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct RefreshRecord {
    pub resource: Option<String>,
    pub client_id: String,
    pub username: String,
    pub scopes: Vec<String>,
    pub auth_time: i64,
    pub origin_jti: String,
    pub expires_at: i64,
    pub revoked: bool,
    /// Set when rotation replaced this token: it stays usable until then.
    pub valid_until: Option<i64>,
}

pub(crate) struct Keys {
    pub id: SigningKeyPair,
    pub access: SigningKeyPair,
    /// Keys retired by a rotation, still published so outstanding tokens
    /// verify.
    pub retired: Vec<SigningKeyPair>,
}

pub(crate) struct Inner {
    pub clients: HashMap<String, ClientConfig>,
    pub users: Vec<User>,
    pub codes: HashMap<String, PendingCode>,
    pub sessions: HashMap<String, Session>,
    pub refresh_tokens: HashMap<String, RefreshRecord>,
    pub revoked_origin_jtis: HashSet<String>,
    pub keys: Keys,
    pub token_faults: VecDeque<TokenFault>,
    pub jwks_unavailable: bool,
    /// Discovery answers 503.
    pub discovery_unavailable: bool,
    /// The revocation endpoint waits this many seconds before its next answer.
    pub revoke_hang: Option<f64>,
    /// The sample API waits this many seconds before each of its next calls
    /// (one entry per call).
    pub api_hangs: VecDeque<f64>,
    pub token_mode: Option<TokenMode>,
    /// The sample API answers 401 to the next this-many calls.
    pub api_unauthorized_next: usize,
    /// The sample API answers 401 to every call.
    pub api_always_unauthorized: bool,
    /// Why the sample API refused bearer tokens so far (not the forced
    /// refusals): a test can check that no expired token was ever sent.
    pub api_refusals: Vec<String>,
    /// The sample API requires access tokens whose `aud` is its origin
    /// (RFC 8707 `resource`).
    pub api_requires_audience: bool,
    /// Identifiers of the pool's resource servers (RFC 8707 `resource` must
    /// name one); `None`: the emulator's own API origin only.
    pub resource_servers: Option<Vec<String>>,
    /// `/oauth2/revoke` answers without CORS headers (docs/COGNITO.md
    /// "Revocation": unconfirmed either way).
    pub revoke_without_cors: bool,
    pub log: Vec<LoggedRequest>,
}

/// The shared state of one emulator. Cheap to clone.
#[derive(Clone)]
pub struct Pool {
    pub(crate) inner: Arc<Mutex<Inner>>,
    skew: Arc<AtomicI64>,
    /// The pool ID.
    pub pool_id: String,
    /// Name of the hosted-UI session cookie: unique per instance, because
    /// browsers do not separate cookies by port.
    pub cookie_name: String,
}

impl Pool {
    pub(crate) fn new(pool_id: String, clients: Vec<ClientConfig>, users: Vec<UserConfig>) -> Pool {
        let (id, access) = initial_keys();
        let pool = Pool {
            inner: Arc::new(Mutex::new(Inner {
                clients: HashMap::new(),
                users: Vec::new(),
                codes: HashMap::new(),
                sessions: HashMap::new(),
                refresh_tokens: HashMap::new(),
                revoked_origin_jtis: HashSet::new(),
                keys: Keys { id, access, retired: Vec::new() },
                token_faults: VecDeque::new(),
                jwks_unavailable: false,
                discovery_unavailable: false,
                revoke_hang: None,
                api_hangs: VecDeque::new(),
                token_mode: None,
                api_unauthorized_next: 0,
                api_always_unauthorized: false,
                api_refusals: Vec::new(),
                api_requires_audience: false,
                resource_servers: None,
                revoke_without_cors: false,
                log: Vec::new(),
            })),
            skew: Arc::new(AtomicI64::new(0)),
            pool_id,
            cookie_name: format!("cognito_emulator_session_{}", random_hex(6)),
        };
        for c in clients {
            pool.upsert_client(c);
        }
        for u in users {
            pool.upsert_user(u);
        }
        pool
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The emulator's clock in seconds since the epoch (the real clock plus
    /// the configured skew).
    pub fn now(&self) -> i64 {
        let real = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        real + self.skew.load(Ordering::Relaxed)
    }

    /// Skews the emulator's clock by `seconds` (positive = ahead).
    pub fn set_clock_skew(&self, seconds: i64) {
        self.skew.store(seconds, Ordering::Relaxed);
    }

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

    /// The current skew, seconds.
    pub fn clock_skew(&self) -> i64 {
        self.skew.load(Ordering::Relaxed)
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

    /// Adds or replaces an app client.
    pub fn upsert_client(&self, client: ClientConfig) {
        self.lock().clients.insert(client.client_id.clone(), client);
    }

    /// The settings of an app client.
    pub fn client(&self, client_id: &str) -> Option<ClientConfig> {
        self.lock().clients.get(client_id).cloned()
    }

    /// Adds or replaces a user (matched by username); keeps its `sub`.
    pub fn upsert_user(&self, user: UserConfig) {
        let mut inner = self.lock();
        if let Some(existing) = inner.users.iter_mut().find(|u| u.config.username == user.username) {
            existing.config = user;
        } else {
            inner.users.push(User { sub: uuid(), config: user });
        }
    }

    /// The `sub` of a user.
    pub fn user_sub(&self, username: &str) -> Option<String> {
        self.lock().users.iter().find(|u| u.config.username == username).map(|u| u.sub.clone())
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

    pub(crate) fn log(&self, entry: LoggedRequest) {
        self.lock().log.push(entry);
    }
}

/// Random lowercase hex of `bytes` bytes.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random (version 4) UUID.
pub fn uuid() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}
