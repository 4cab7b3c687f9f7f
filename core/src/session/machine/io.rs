//! What goes into the session machine and what comes out: events (with the
//! environment's readings) and effects. The machine performs no I/O: an
//! executor (the browser shell, the landing module, the simulator) carries
//! each effect out and feeds what happened back as an event.

use crate::auth::jwt::{JwtError, RsaJwk};
use crate::auth::login::{AuthorizeOptions, PendingLogin};
use crate::auth::secret::AccessToken;
use crate::auth::state::AuthState;
use crate::auth::token::FormPost;
use crate::auth::AuthError;
use crate::io::{BrowserError, HttpAnswer, NetError};
use crate::session::api::{ApiError, ApiRequest, ApiResponse, Method};
use crate::session::refresh::Renewal;
use crate::setup::TestSignIn;

/// The longest delay a browser timer takes (`setTimeout` treats anything
/// above 2³¹−1 ms as 0 or throws): every timer the machine sets is below it.
pub const MAX_TIMER_MS: f64 = 2_147_483_000.0;

/// Readings of the environment that come with every event: the clocks, the
/// network flag, fresh random bytes and where the page is. The machine
/// reads no clock and draws no randomness of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Env {
    /// The monotonic clock (`performance.now()`), milliseconds.
    pub mono_ms: f64,
    /// This device's wall clock, seconds since the epoch.
    pub wall_secs: i64,
    /// False when the browser knows it has no network.
    pub online: bool,
    /// 32 bytes from a cryptographically secure source; `None` when the
    /// browser has none (then no sign-in can start).
    pub random: Option<[u8; 32]>,
    /// The page's path and query relative to the app's base path (`/reports?x=1`):
    /// where a re-authentication comes back to.
    pub here: String,
}

/// An id the machine gives a request, a signature check or a lock query;
/// the answer names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ticket(pub u64);

/// An id the caller gives an API call; its answer names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CallId(pub u64);

/// The machine's timers: at most one of each kind is armed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    /// The tokens are due for refresh, or a refresh's retry is due.
    Refresh,
    /// The holder tab has not answered a `refresh` request in time.
    HolderAnswer,
    /// A reloaded tab has waited for a sibling to hand the session over.
    SiblingWait,
    /// The tokens expire while renewing them fails ("can't reach" from then on).
    Expiry,
}

/// What the page held in `sessionStorage` when it loaded (non-secret
/// markers and the pending login).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stored {
    /// The pending login, as stored (it is read once: on the callback the
    /// machine asks for it to be removed at once).
    pub pending_login: Option<String>,
    /// This tab was signed in before the reload.
    pub signed_in: bool,
    /// When this tab last restored a session automatically (seconds, as
    /// stored).
    pub restore_attempt: Option<String>,
    /// This tab handed its refresh token over as it went away.
    pub handed_over: bool,
}

/// The page loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    /// The URL's path (`/callback`), to tell the callback by the configured
    /// `redirectUri`.
    pub pathname: String,
    /// The URL's query, with its `?` (the callback's `code` and `state`, a
    /// `login_hint`).
    pub query: String,
    /// What `sessionStorage` held.
    pub stored: Stored,
    /// The user already pressed "Sign in" on the start page and starting it
    /// failed there: start it again here (to show why).
    pub sign_in_now: bool,
}

/// Something the user did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum User {
    /// Sign in, coming back to `return_path`, with the option the user
    /// chose (a provider, "Create account"; `prompt` for this sign-in only:
    /// the setup checker's test sends `login`).
    SignIn {
        /// A same-origin path (sanitised again).
        return_path: String,
        /// The provider, sign-up, `prompt` (a `login_hint` the page came with
        /// is added by the machine when this has none).
        options: AuthorizeOptions,
    },
    /// Sign out (revoke, tell every tab, leave through Cognito's `/logout`).
    SignOut,
    /// "Retry now": skip the backoff's wait once.
    RetryRenewal,
    /// Call the API with the session's token.
    Api {
        /// Named in the answer.
        call: CallId,
        /// The request.
        request: ApiRequest,
    },
    /// The access token, for an API the app calls itself: refreshed first
    /// when due, like an API call's (answered with [`Effect::TokenDone`]).
    Token {
        /// Named in the answer.
        call: CallId,
    },
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The page loaded (once, first).
    Load(Load),
    /// The user did something.
    User(User),
    /// The answer to [`Effect::Send`].
    Answer {
        /// The request's ticket.
        ticket: Ticket,
        /// Its answer, or why there was none.
        answer: Result<HttpAnswer, NetError>,
    },
    /// The answer to [`Effect::CallApi`].
    ApiAnswer {
        /// The request's ticket.
        ticket: Ticket,
        /// Its answer, or why there was none.
        answer: Result<ApiResponse, NetError>,
    },
    /// The result of [`Effect::Verify`].
    Verified {
        /// The check's ticket.
        ticket: Ticket,
        /// `Ok(false)`: a wrong signature; `Err`: the key is unusable.
        result: Result<bool, JwtError>,
    },
    /// The answer to [`Effect::QueryHolder`]: whether any tab of this app
    /// holds the holder lock (`None`: Web Locks missing).
    Holder {
        /// The query's ticket.
        ticket: Ticket,
        /// Held, free, or cannot be told.
        held: Option<bool>,
    },
    /// A timer fired.
    Timer(Timer),
    /// A message from a sibling tab (the channel's text, untrusted).
    Message(String),
    /// The page woke up (visible, focused, back online): timers may have
    /// drifted while it slept.
    Wake,
    /// [`Effect::Redirect`] could not be carried out.
    RedirectFailed(BrowserError),
    /// The answer to [`Effect::MakeKey`]: this tab's public key.
    KeyMade(String),
    /// The answer to [`Effect::Seal`].
    Sealed {
        /// The request's ticket.
        ticket: Ticket,
        /// The sealed secret; `None` when sealing failed.
        envelope: Option<String>,
    },
    /// The answer to [`Effect::Open`].
    Opened {
        /// The request's ticket.
        ticket: Ticket,
        /// The secret; `None` when it could not be opened (not for this key).
        secret: Option<Secret>,
    },
    /// The page is going away (`pagehide`: closed, reloaded, navigated).
    /// Whatever the effects ask must be done at once: nothing after it runs.
    Closing,
}

/// A secret the executor opened for the machine. Its `Debug` prints
/// `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `GET url` (discovery, keys).
    Get(String),
    /// A form POST (token, revocation): a CORS simple request.
    Form(FormPost),
}

/// A key of `sessionStorage` the machine writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// The pending login.
    PendingLogin,
    /// "This tab was signed in".
    SignedIn,
    /// The last automatic restore.
    RestoreAttempt,
    /// This tab handed its refresh token to a sibling as it went away (a
    /// reload then waits for that sibling instead of re-authenticating).
    HandedOver,
}

/// The token an API call carries. Its `Debug` prints `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Bearer(pub String);

impl std::fmt::Debug for Bearer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Bearer([redacted])")
    }
}

/// Something for the executor to do.
#[derive(Debug)]
pub enum Effect {
    /// Remove the query (the callback's `code` and `state`) from the
    /// address bar and history at once (RFC 9700 §4.3).
    ClearQuery,
    /// Send this request without credentials, with the configured timeout;
    /// answer with [`Event::Answer`].
    Send {
        /// Named in the answer.
        ticket: Ticket,
        /// What to send.
        request: Request,
    },
    /// Call the API; answer with [`Event::ApiAnswer`].
    CallApi {
        /// Named in the answer.
        ticket: Ticket,
        /// The method.
        method: Method,
        /// The full URL (always under `apiBaseUrl`).
        url: String,
        /// `Authorization: Bearer` this.
        bearer: Bearer,
        /// A JSON body.
        body: Option<String>,
        /// The caller's extra headers (checked: none is `Authorization` or
        /// a name browsers forbid).
        headers: Vec<(String, String)>,
    },
    /// Verify an RS256 signature; answer with [`Event::Verified`].
    Verify {
        /// Named in the answer.
        ticket: Ticket,
        /// The key.
        key: RsaJwk,
        /// What the signature covers.
        data: String,
        /// The signature.
        signature: Vec<u8>,
    },
    /// Arm `timer` to fire in `delay_ms` (replacing it if armed).
    SetTimer {
        /// Which.
        timer: Timer,
        /// Milliseconds, `0..MAX_TIMER_MS`.
        delay_ms: f64,
    },
    /// Disarm `timer`.
    CancelTimer(Timer),
    /// Post this text to the app's other tabs.
    Post(String),
    /// Ask for the holder lock and keep it (until [`Effect::ReleaseHolder`]
    /// or the page goes away).
    HoldHolder,
    /// Let the holder lock go.
    ReleaseHolder,
    /// Ask whether any tab holds the holder lock; answer with
    /// [`Event::Holder`].
    QueryHolder {
        /// Named in the answer.
        ticket: Ticket,
    },
    /// Write (or, with `None`, remove) a `sessionStorage` key.
    Store {
        /// Which.
        key: Key,
        /// The value.
        value: Option<String>,
    },
    /// Save the pending login, then leave for `url` (Cognito) with a
    /// top-level navigation; on failure answer [`Event::RedirectFailed`].
    Redirect {
        /// The pending login to save first (none for a sign-out's `/logout`).
        pending: Option<PendingLogin>,
        /// Where to go.
        url: String,
    },
    /// Go to this same-origin app path within the page (after the callback).
    GoTo(String),
    /// Render this state.
    Show(AuthState),
    /// Render this renewal notice.
    ShowRenewal(Renewal),
    /// The answer to an API call.
    ApiDone {
        /// The caller's id.
        call: CallId,
        /// The answer.
        result: Result<ApiResponse, ApiError>,
    },
    /// The answer to [`User::Token`].
    TokenDone {
        /// The caller's id.
        call: CallId,
        /// The access token (its `Debug` is redacted), or why there is none.
        result: Result<AccessToken, ApiError>,
    },
    /// A sign-in at the callback finished (for the setup checker's record).
    SignInFinished(Result<TestSignIn, AuthError>),
    /// Make this tab's key pair (ECDH P-256, the private half not
    /// extractable); answer with [`Event::KeyMade`], or not at all when the
    /// browser cannot.
    MakeKey,
    /// Seal `secret` to the public key `to` (ECDH with a fresh key pair,
    /// then AES-GCM); answer with [`Event::Sealed`].
    Seal {
        /// Named in the answer.
        ticket: Ticket,
        /// The successor's public key.
        to: String,
        /// The refresh token.
        secret: Secret,
    },
    /// Open an envelope sealed to this tab's key; answer with
    /// [`Event::Opened`].
    Open {
        /// Named in the answer.
        ticket: Ticket,
        /// The envelope.
        envelope: String,
    },
}
