//! `cognito-login`: Amazon Cognito sign-in (OAuth 2.0 code flow with PKCE,
//! tokens in memory only) for Leptos apps rendered in the browser.
//!
//! Start with [`prelude`]: `<CognitoAuth>` around your routes, then
//! [`use_auth`](session::use_auth) anywhere under it for the handle
//! (`is_signed_in()`, `user()`, `sign_in(path)`, `fetch(&ApiRequest)`,
//! `access_token()`…), and the guards `<RequireAuth>` and
//! `<RequireGroup>`. The login page this repository deploys is built on the
//! same API.
//!
//! Layers, each importing only the ones below it:
//! - [`components`]: the provider, content by sign-in state, route guards,
//!   the sign-in alert and session notices;
//! - [`session`]: the auth handle in Leptos context (sign-in, callback,
//!   sign-out, API calls; tokens in memory);
//! - `browser`: the browser shell (config loading, HTTP, storage,
//!   WebCrypto, navigation), and the pure protocol core
//!   (`cognito-login-core`) below it; their types you name are in
//!   [`prelude`].

#[doc(hidden)]
pub mod browser;
pub mod components;
pub mod session;

/// What an app names: `use cognito_login::prelude::*;`.
pub mod prelude {
    pub use crate::browser::config::ConfigLoadError;
    pub use crate::components::{
        use_words, AuthAlert, CognitoAuth, ConfigErrorPage, RenewalNotice, RequireAuth, RequireGroup, RetryRenewal,
        SessionNotices, SignInOptions, SignedIn, SignedOut,
    };
    pub use crate::session::{
        use_auth, ApiError, ApiRequest, ApiResponse, Auth, AuthFailure, Method, Provider, Renewal,
    };
    pub use cognito_login_core::auth::secret::AccessToken;
    pub use cognito_login_core::auth::state::{AuthState, Session};
    pub use cognito_login_core::auth::validate::IdClaims;
    pub use cognito_login_core::auth::{AuthError, NextStep};
    pub use cognito_login_core::config::{Config, ConfigErrors, ConfigProblem, PageLocation};
    pub use cognito_login_core::words::{Explanation, Language, Message, Text, Words};
}
