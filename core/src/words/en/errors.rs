//! English: why a sign-in failed or a session ended, what each OAuth error
//! code means, and why a request or an API call got no answer. Each
//! function completes the sentence its caller starts, as the `match`es
//! show.

use crate::auth::callback::CallbackError;
use crate::auth::endpoints::DiscoveryError;
use crate::auth::jwt::{JwtError, KeysError};
use crate::auth::timing::ClockError;
use crate::auth::token::{ResponseProblem, TokenError};
use crate::auth::{AuthError, EndCode, EndReason, OAuthEndpoint, OAuthErrorCode};
use crate::io::{BrowserError, NetError};
use crate::session::api::ApiError;

/// The alert's paragraph.
pub(super) fn error(e: &AuthError) -> String {
    match e {
        AuthError::Discovery(d) => format!("Sign-in is unavailable: {}.", discovery(d)),
        AuthError::Callback(c) => format!("Sign-in failed: {}", callback(c)),
        AuthError::Token(t) => format!("Sign-in failed: {}", token(t)),
        AuthError::IdToken(j) => format!("Sign-in failed: the ID token {}. It was discarded.", jwt(j)),
        AuthError::AccessToken(j) => format!("Sign-in failed: the access token {}. It was discarded.", jwt(j)),
        AuthError::SessionEnded(r) => format!("Your session has ended: {}", end_reason(r)),
        AuthError::Clock(c) => format!("Sign-in stopped: {}.", clock(c)),
        AuthError::Browser(b) => format!("Sign-in is unavailable in this browser: {}.", browser(b)),
        AuthError::Offline => "You are offline. Signing in needs a connection to the sign-in service.".into(),
        AuthError::ScopesRefused { sent, .. } => format!(
            "Sign-in failed: the sign-in service refused the scopes this app asks for ({sent}) (error: invalid_scope): at least one is not enabled on the Cognito app client. In the Cognito console: {} Or set \"scopes\" in config.json to scopes the app client has.",
            super::setup::console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
        ),
        AuthError::ResourceRefused { resource } => format!(
            "Sign-in failed: the sign-in service refused to issue tokens for the resource {resource} (error: invalid_grant). Cognito binds tokens to a resource only with managed login (Essentials or Plus feature plan) and a resource server whose identifier is exactly {resource}. Create that resource server in the Cognito console (user pool → Resource servers), or remove \"resource\" from config.json."
        ),
        AuthError::Renewing => {
            "Your session is being renewed in another tab of this app, which has not finished yet. Try again in a moment."
                .into()
        }
    }
}

/// What went wrong, without the "Sign-in failed" framing.
pub(super) fn cause(e: &AuthError) -> String {
    match e {
        AuthError::Token(t) => token(t),
        AuthError::Discovery(d) => format!("{}.", discovery(d)),
        AuthError::IdToken(j) => format!("the renewed ID token {}.", jwt(j)),
        AuthError::AccessToken(j) => format!("the renewed access token {}.", jwt(j)),
        other => error(other),
    }
}

fn discovery(e: &DiscoveryError) -> String {
    match e {
        DiscoveryError::Unreachable { url, source } => {
            format!("the sign-in service's configuration at {url} could not be loaded ({})", net(source))
        }
        DiscoveryError::Status { url, status } => {
            format!("the sign-in service's configuration at {url} could not be loaded (HTTP {status})")
        }
        DiscoveryError::Invalid { url, source } => {
            format!("the sign-in service's configuration at {url} is not valid: {source}")
        }
        DiscoveryError::IssuerMismatch { expected, actual } => {
            format!("the sign-in service says its issuer is {actual}, but this page expects {expected}")
        }
    }
}

fn callback(e: &CallbackError) -> String {
    match e {
        CallbackError::Provider { error, .. } => format!("{} (error: {error})", code(error, OAuthEndpoint::Authorize)),
        CallbackError::Missing(name) => {
            format!("the sign-in response is incomplete (no `{name}`). Start the sign-in again.")
        }
        CallbackError::NoPendingLogin => {
            "no sign-in was in progress in this tab, or this sign-in response was already used. Start the sign-in again.".into()
        }
        CallbackError::Unsolicited => "the sign-in service's answer does not belong to a sign-in started in this tab, so it was ignored. Start the sign-in again.".into(),
        CallbackError::Expired => "the sign-in took too long (more than an hour), or this device's clock was changed during it. Start the sign-in again.".into(),
        CallbackError::StateMismatch => "the sign-in response does not match the sign-in started in this tab (state mismatch). It was discarded; start the sign-in again.".into(),
    }
}

fn token(e: &TokenError) -> String {
    match e {
        TokenError::Provider { error, .. } => format!("{} (error: {error})", code(error, OAuthEndpoint::Token)),
        TokenError::Network(n) => {
            format!("the sign-in service could not be reached ({}). Check your connection and try again.", net(n))
        }
        TokenError::InvalidResponse { status, problem } => {
            format!("the sign-in service sent an unexpected answer (HTTP {status}: {}). Try again.", response(problem))
        }
        TokenError::Throttled { status } => format!(
            "the sign-in service is busy right now (too many requests, HTTP {status}). Wait a moment and try again."
        ),
        TokenError::NotBearer(kind) => {
            format!("the sign-in service issued a token of type {kind:?} instead of Bearer; it was discarded.")
        }
        TokenError::MissingIdToken => "the sign-in service returned no ID token. An administrator must enable the openid scope on the Cognito app client.".into(),
    }
}

fn response(p: &ResponseProblem) -> String {
    match p {
        ResponseProblem::NotJson(_) => "not JSON".into(),
        ResponseProblem::NotATokenResponse(json) => format!("not a token response: {json}"),
        ResponseProblem::NoErrorCode => "no error code".into(),
        ResponseProblem::NoAccessToken => "no access_token".into(),
        ResponseProblem::NoExpiresIn => "no valid expires_in".into(),
    }
}

/// Completes "The ID token …" or "The access token …".
fn jwt(e: &JwtError) -> String {
    match e {
        JwtError::Malformed => "is not a well-formed JWT".into(),
        JwtError::UnsupportedAlgorithm(alg) => format!("is signed with {alg:?}, but only RS256 is accepted"),
        JwtError::UnknownKey => "is signed with a key the sign-in service does not publish (unknown key ID)".into(),
        JwtError::KeysUnavailable(k) => {
            format!("could not be checked because the sign-in service's signing keys could not be loaded ({})", keys(k))
        }
        JwtError::BadSignature => "has an invalid signature".into(),
        JwtError::Crypto { browser_says } => format!("could not be checked: {browser_says}"),
        JwtError::Browser(b) => format!("could not be checked: {}", browser(b)),
        JwtError::WrongIssuer { expected, actual } => format!("was issued by {actual:?}, not by {expected:?} (iss)"),
        JwtError::WrongAudience => "was issued for another app (aud)".into(),
        JwtError::WrongClient => "was issued to another app (client_id)".into(),
        JwtError::WrongTokenUse { expected, actual } => format!("has token_use {actual:?} instead of {expected:?}"),
        JwtError::Expired => {
            "has expired (exp). If this keeps happening, check that your device's clock is right".into()
        }
        JwtError::NotYetValid => "is not valid yet (nbf). Check that your device's clock is right".into(),
        JwtError::SubjectMismatch => "is about another user than the ID token (sub)".into(),
        JwtError::IssuedInFuture => "is dated in the future (iat). Check that your device's clock is right".into(),
        JwtError::MissingClaim(claim) => format!("has no `{claim}` claim"),
        JwtError::NonceMismatch => "does not carry the nonce of this sign-in (nonce mismatch)".into(),
        JwtError::AtHashMismatch => "does not belong to the access token it came with (at_hash mismatch)".into(),
        JwtError::SessionChanged(claim) => {
            format!("belongs to another sign-in than the current one ({claim} changed)")
        }
    }
}

fn keys(e: &KeysError) -> String {
    match e {
        KeysError::NoEndpoints(d) => discovery(d),
        KeysError::Network(n) => net(n),
        KeysError::Status { url, status } => format!("HTTP {status} from {url}"),
        KeysError::NotAJwkSet(json) => format!("not a JWK set: {json}"),
    }
}

fn end_reason(r: &EndReason) -> String {
    match r {
        EndReason::Refused(code @ OAuthErrorCode::InvalidGrant) => format!("the sign-in service refused to renew it (error: {code}): it expired, you signed out everywhere, an administrator signed you out, or your account was disabled. Sign in again."),
        EndReason::Refused(other) => format!("{} (error: {other})", code(other, OAuthEndpoint::Token)),
        EndReason::IdToken(j) => format!("the renewed ID token {}.", jwt(j)),
        EndReason::AccessToken(j) => format!("the renewed access token {}.", jwt(j)),
        EndReason::Unusable(t) => token(t),
        EndReason::Clock(c) => format!("{}.", clock(c)),
        EndReason::NoRefreshToken => {
            "no refresh token was issued, so the session cannot be renewed. Sign in again.".into()
        }
        EndReason::HolderGone => "the tab that kept it renewed was closed, and signing in again without a prompt did not work. Sign in again.".into(),
        EndReason::SignedOut => "you signed out.".into(),
        EndReason::Elsewhere(EndCode::Refused) => {
            "the sign-in service refused to renew it (noticed in another tab). Sign in again.".into()
        }
        EndReason::Elsewhere(EndCode::Invalid) => {
            "renewed tokens failed validation (noticed in another tab). Sign in again.".into()
        }
        EndReason::Elsewhere(EndCode::NoRefreshToken) => {
            "it could not be renewed (noticed in another tab). Sign in again.".into()
        }
    }
}

/// How far the device's clock is off: "about 30 minutes behind".
pub(super) fn clock_offset(offset_secs: i64) -> String {
    let minutes = (offset_secs.abs() + 30) / 60;
    let direction = if offset_secs > 0 { "behind" } else { "ahead of" };
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!("about {minutes} {unit} {direction}")
}

fn clock(e: &ClockError) -> String {
    format!(
        "your device's clock is {} the sign-in service's clock (or the service's clock is wrong). \
         Set your device's clock to the correct time (automatic), then sign in again",
        clock_offset(e.offset_secs)
    )
}

fn browser(e: &BrowserError) -> String {
    match e {
        BrowserError::StorageUnavailable => {
            "session storage is not available (private mode or storage disabled)".into()
        }
        BrowserError::StorageRefused => "the browser refused to store the sign-in state".into(),
        BrowserError::CryptoUnavailable => "WebCrypto (random numbers and signature checks) is not available".into(),
        BrowserError::NavigationRefused { url } => format!("the browser refused to open {url}"),
        BrowserError::LockFailed => "the cross-tab refresh lock failed".into(),
    }
}

/// Why a request got no answer ("no answer within 15 seconds").
pub(super) fn net(e: &NetError) -> String {
    match e {
        NetError::Offline => "you are offline".into(),
        NetError::Timeout { secs } => format!("no answer within {secs} seconds"),
        NetError::Failed { browser_says } => browser_says.clone(),
    }
}

/// Why an API call got no answer: "The call failed: …".
pub(super) fn api(e: &ApiError) -> String {
    let why = match e {
        ApiError::NotConfigured => "no API is configured (apiBaseUrl in config.json)".into(),
        ApiError::NotSignedIn => "sign in to call the API".into(),
        ApiError::BadPath(path) => format!("{path:?} is not a path on the API: use a path such as /me"),
        ApiError::BadMethod(method) => format!("{method:?} is not a supported method"),
        ApiError::BadHeader(name) => format!("the header {name:?} cannot be set on an API call"),
        ApiError::BadBody(json) => format!("the request body could not be written as JSON ({json})"),
        ApiError::NotReady => "the sign-in configuration has not loaded".into(),
        ApiError::Network(n) => format!("the API could not be reached ({})", net(n)),
        ApiError::SessionExpired => "your session has expired — sign in again".into(),
        ApiError::NotRenewedYet(e) => format!(
            "you are still signed in, but your session could not be renewed yet: {} Try again in a moment",
            cause(e)
        ),
    };
    format!("The call failed: {why}.")
}

/// What an OAuth error code received at `at` means.
pub(super) fn code(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (AccessDenied, _) => "Sign-in was cancelled or access was denied. You can try again.",
        (ProviderFailed, _) => {
            "Signing in through your identity provider did not work. Try again: a first sign-in with a linked account often works on the second try."
        }
        (InvalidRequest, Authorize) => {
            "The sign-in service rejected the request as malformed. Try again; if it keeps happening, the page's configuration needs attention."
        }
        (InvalidRequest, Token) => "The sign-in service rejected the request as malformed. Start the sign-in again.",
        (UnauthorizedClient, Authorize) => {
            "This app is not allowed to use the authorization code flow. An administrator must enable \"Authorization code grant\" on the Cognito app client."
        }
        (UnauthorizedClient, Token) => {
            "This app is not allowed to redeem sign-in codes or refresh tokens. An administrator must enable the authorization code grant on the Cognito app client."
        }
        (InvalidScope, _) => {
            "The app asked for permissions (scopes) the sign-in service does not allow. An administrator must enable the requested scopes on the Cognito app client."
        }
        (LoginRequired, _) => "You need to sign in again.",
        (ServerError | TemporarilyUnavailable, _) => "The sign-in service had a problem. Wait a moment and try again.",
        (UnsupportedResponseType, _) => {
            "The sign-in service does not support this kind of sign-in. An administrator must check the Cognito app client's OAuth settings."
        }
        (InvalidGrant, Token) => {
            "The sign-in could not be completed: either the sign-in code was already used or has expired (start the sign-in again), or this app may not read an attribute that the scopes it asks for cover, such as email_verified under email (then it fails again every time, and the app client's attribute read permissions need a change)."
        }
        (InvalidGrant, Authorize) => {
            "The sign-in could not be completed: the sign-in code was already used, has expired or does not belong to this sign-in. Start the sign-in again."
        }
        (InvalidClient, _) => {
            "The sign-in service does not accept this app (unknown client, or the app client has a secret). An administrator must use a public app client without a client secret."
        }
        (UnsupportedGrantType, _) => "The sign-in service does not support this kind of request.",
        (Other(_), Authorize) => "The sign-in service reported an error.",
        (Other(_), Token) => "The sign-in service refused to issue tokens.",
    }
}
