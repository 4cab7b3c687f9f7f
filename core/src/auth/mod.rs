//! The OAuth 2.0 / OIDC protocol, as pure functions: PKCE and the authorize
//! URL, callback parsing, token requests and responses, JWT decoding and
//! validation (OIDC Core §3.1.3.7), and the error model.

pub mod callback;
pub mod endpoints;
pub mod error;
pub mod jwt;
pub mod login;
pub mod oauth_error;
pub mod secret;
pub mod state;
pub mod timing;
pub mod token;
pub mod validate;

pub use error::{AuthError, EndCode, EndReason, NextStep};
pub use oauth_error::{OAuthEndpoint, OAuthErrorCode};

/// How far the local clock may differ from Cognito's when checking `exp`
/// and `iat`, in seconds. One named allowance, used everywhere a token's
/// times are compared with the local clock.
pub const CLOCK_SKEW_ALLOWANCE_SECS: i64 = 300;
