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
//! # Words
//!
//! Everything the components say comes from one catalogue
//! ([`Words`](prelude::Words), English by default), never from the errors
//! themselves: an error's `Display` is short technical English for logs
//! (its causes are its `source()` chain), and the sentences a user reads
//! are the catalogue's. Give `<CognitoAuth words=…>` your own to replace
//! any text, matching on the [`Message`](prelude::Message) (and the
//! [`Text`](prelude::Text) or error inside it) and leaving the rest
//! (`None`) to the language:
//!
//! ```
//! use cognito_login::prelude::*;
//!
//! let words = Words::default().replacing(|message| match message {
//!     Message::Text(Text::SignIn) => Some("Log in".into()),
//!     Message::NotInGroup { group } => Some(format!("Only for {group}.")),
//!     Message::Error(AuthError::Offline) => Some("No network: try again once you are online.".into()),
//!     _ => None,
//! });
//! assert_eq!(words.text(Text::SignIn), "Log in");
//! assert_eq!(words.text(Text::SignOut), "Sign out");
//! ```
//!
//! Under `<CognitoAuth>`, [`use_words`](prelude::use_words) gives the same
//! words to your own components, so your texts about sign-in errors read
//! like the library's (`words.explain(&error)`, `words.say(Message::ApiFailed(&e))`).
//! A [`Language`](prelude::Language) is one exhaustive `match` per kind of
//! text in `cognito_login_core::words`: a language that lacks a text does
//! not compile. English is the only one so far.
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
