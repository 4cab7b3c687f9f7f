//! The pool's state: clients, users, codes, sessions, refresh tokens, keys,
//! faults, the mailbox and the request log, shared by every origin of one
//! emulator; and the core of [`Pool`] (clock, clients, users). The test
//! controls are in `controls.rs`, `accounts.rs` and `mailbox.rs`.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::config::{ClientConfig, IdentityProviderConfig, MfaKind, UserConfig};
use crate::faults::{TokenFault, TokenMode};
use crate::jwt::{initial_keys, SigningKeyPair};
use crate::mailbox::Message;

/// A stored user: the config plus its `sub` and the federated identities
/// linked to it.
#[derive(Debug, Clone)]
pub struct User {
    pub sub: String,
    pub config: UserConfig,
    /// Federated identities (the `identities` claim), empty for native users.
    pub identities: Vec<Identity>,
}

/// One entry of the ID token's `identities` claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub user_id: String,
    pub provider_name: String,
    pub provider_type: String,
    pub issuer: Option<String>,
    pub date_created_ms: i64,
}

/// A sign-in half done: the password was right, a challenge page (MFA or a
/// new password) is next. The page carries its ID in a hidden field.
#[derive(Debug, Clone)]
pub(crate) struct Challenge {
    pub username: String,
    pub kind: ChallengeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChallengeKind {
    /// `SMS_MFA` / `SOFTWARE_TOKEN_MFA`.
    Mfa,
    /// `NEW_PASSWORD_REQUIRED`.
    NewPassword,
}

/// What an emailed or texted code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CodePurpose {
    SignUp,
    ForgotPassword,
    SmsMfa,
}

/// A code the user was sent and has not entered yet.
#[derive(Debug, Clone)]
pub(crate) struct SentCode {
    pub code: String,
    pub expires_at: i64,
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
    /// Federated identity providers.
    pub identity_providers: Vec<IdentityProviderConfig>,
    /// Federated identities a pre-sign-up trigger has linked already (their
    /// first sign-in failed once).
    pub linked_identities: HashSet<String>,
    /// Sign-ins waiting at a challenge page, by challenge ID.
    pub challenges: HashMap<String, Challenge>,
    /// Codes sent and not entered yet, by purpose and username.
    pub sent_codes: HashMap<(CodePurpose, String), SentCode>,
    /// Every email and SMS the pool sent.
    pub mailbox: Vec<Message>,
}

impl Inner {
    pub(crate) fn user(&self, username: &str) -> Option<&User> {
        self.users.iter().find(|u| u.config.username == username)
    }

    pub(crate) fn user_mut(&mut self, username: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.config.username == username)
    }
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
                revoke_without_cors: true,
                log: Vec::new(),
                identity_providers: Vec::new(),
                linked_identities: HashSet::new(),
                challenges: HashMap::new(),
                sent_codes: HashMap::new(),
                mailbox: Vec::new(),
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

    /// Moves the emulator's clock `seconds` forward (negative: back) from
    /// where it is, e.g. to make a sign-in "take" ten minutes without a
    /// real wait. Codes, sessions, challenges and tokens all read this clock.
    pub fn advance_clock(&self, seconds: i64) {
        self.skew.fetch_add(seconds, Ordering::Relaxed);
    }

    /// The current skew, seconds.
    pub fn clock_skew(&self) -> i64 {
        self.skew.load(Ordering::Relaxed)
    }

    /// Adds or replaces an app client.
    pub fn upsert_client(&self, client: ClientConfig) {
        self.lock().clients.insert(client.client_id.clone(), client);
    }

    /// The settings of an app client.
    pub fn client(&self, client_id: &str) -> Option<ClientConfig> {
        self.lock().clients.get(client_id).cloned()
    }

    /// Adds or replaces a user (matched by username); keeps its `sub` and
    /// linked identities. A TOTP user without a secret gets one.
    pub fn upsert_user(&self, mut user: UserConfig) {
        if user.mfa == Some(MfaKind::Totp) && user.totp_secret.is_none() {
            user.totp_secret = Some(crate::totp::new_secret());
        }
        let mut inner = self.lock();
        if let Some(existing) = inner.users.iter_mut().find(|u| u.config.username == user.username) {
            existing.config = user;
        } else {
            inner.users.push(User { sub: uuid(), config: user, identities: Vec::new() });
        }
    }

    /// A user's current settings (status, password, MFA…).
    pub fn user(&self, username: &str) -> Option<UserConfig> {
        self.lock().user(username).map(|u| u.config.clone())
    }

    /// The `sub` of a user.
    pub fn user_sub(&self, username: &str) -> Option<String> {
        self.lock().users.iter().find(|u| u.config.username == username).map(|u| u.sub.clone())
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
