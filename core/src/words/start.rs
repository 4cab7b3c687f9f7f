//! The start page's words, one copy for the two modules that draw it: the
//! landing module (`landing/src/page.rs`, with `web-sys`) and the full app
//! (`src/ui/header.rs`, `src/ui/pages.rs`, `src/components`, with Leptos).
//! The page looks the same whichever module drew it, so the full app can
//! take it over without a visible change (docs/PERFORMANCE.md "Landing
//! page").
//!
//! Small constants and one function, apart from the catalogue: the landing
//! module is the first load and links only what it calls, so it calls these
//! directly and carries none of the other words (the English catalogue,
//! `super::Language::English`, answers its `Text`s with these same
//! constants). English only for now: a language's start page words will sit
//! next to these, as small as these.

use crate::config::{Provider, SignInOption};

/// The account control and the card's button when nobody is signed in.
pub const SIGN_IN: &str = "Sign in";
/// The account control once "Sign in" was pressed, while the browser
/// leaves for the hosted UI.
pub const SIGNING_IN: &str = "Signing in…";
/// While `config.json` loads.
pub const LOADING: &str = "Loading…";
/// The start page's card, under the app's name.
pub const SIGNED_OUT: &str = "You are signed out. Sign in with your organisation’s account to continue.";
/// The sign-up button (`signUp`).
pub const CREATE_ACCOUNT: &str = "Create account";
/// The header's account area (its `aria-label`).
pub const ACCOUNT: &str = "Account";

/// A sign-in option's button: the configured label, else "Continue with
/// Google" / "Sign in with a password" (`COGNITO`) / "Continue with your
/// example.com account".
pub fn sign_in_option(option: &SignInOption) -> String {
    match (&option.label, &option.provider) {
        (Some(label), _) => label.clone(),
        (None, provider) if provider.is_hosted_form() => "Sign in with a password".to_string(),
        (None, Provider::Named(name)) => format!("Continue with {name}"),
        (None, Provider::Identifier(id)) => format!("Continue with your {id} account"),
    }
}
