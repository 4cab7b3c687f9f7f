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
//! ([`Words`](prelude::Words)), never from the errors themselves: an
//! error's `Display` is short technical English for logs (its causes are
//! its `source()` chain), and the sentences a user reads are the
//! catalogue's, in English, German, French, Spanish or Japanese
//! ([`Language`](prelude::Language)). The language is `language` in
//! `config.json`, else the first of the browser's preferred languages the
//! catalogue has, else English; `Words::new(Language::German)` fixes it in
//! code. It goes to managed login as `lang` and into `<html lang>` too.
//! Give `<CognitoAuth words=…>` your own words to replace any text,
//! matching on the language and the [`Message`](prelude::Message) (and the
//! [`Text`](prelude::Text) or error inside it) and leaving the rest
//! (`None`) to the language:
//!
//! ```
//! use cognito_login::prelude::*;
//!
//! let words = Words::default().replacing(|language, message| match (language, message) {
//!     (Language::German, Message::Text(Text::SignIn)) => Some("Einloggen".into()),
//!     (_, Message::Text(Text::SignIn)) => Some("Log in".into()),
//!     (_, Message::NotInGroup { group }) => Some(format!("Only for {group}.")),
//!     (_, Message::Error(AuthError::Offline)) => Some("No network: try again once you are online.".into()),
//!     _ => None,
//! });
//! assert_eq!(words.text(Text::SignIn), "Log in");
//! assert_eq!(words.text(Text::SignOut), "Sign out");
//! ```
//!
//! Under `<CognitoAuth>`, [`use_words`](prelude::use_words) gives the same
//! words to your own components, so your texts about sign-in errors read
//! like the library's (`words.explain(&error)`, `words.say(Message::ApiFailed(&e))`).
//! A language is one exhaustive `match` per kind of text in
//! `cognito_login_core::words`: a language that lacks a text, or a
//! replacement for a text that does not exist, does not compile.
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
