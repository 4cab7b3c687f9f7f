//! The start page's words, one copy for the two modules that draw it: the
//! landing module (`landing/src/page.rs`, with `web-sys`) and the full app
//! (`src/ui/header.rs`, `src/ui/pages.rs`, `src/components`, with Leptos).
//! The page looks the same whichever module drew it, so the full app can
//! take it over without a visible change (docs/PERFORMANCE.md "Landing
//! page").
//!
//! Apart from the catalogue: the landing module is the first load and links
//! only what it calls, so it calls [`words`] directly and carries these few
//! texts of every language, none of the rest (each language's catalogue
//! answers its start page [`Text`](super::Text)s with its [`StartWords`]).

use crate::config::{Provider, SignInOption};
use crate::language::Language;

/// A text around a name: `before`, the name, `after` ("Continue with " +
/// "Google" + "").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Around {
    /// Before the name.
    pub before: &'static str,
    /// After the name.
    pub after: &'static str,
}

impl Around {
    /// `name` in its place.
    pub fn with(&self, name: &str) -> String {
        format!("{}{name}{}", self.before, self.after)
    }
}

/// The start page's words in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartWords {
    /// The account control and the card's button when nobody is signed in.
    pub sign_in: &'static str,
    /// The account control once "Sign in" was pressed, while the browser
    /// leaves for the hosted UI.
    pub signing_in: &'static str,
    /// While `config.json` loads.
    pub loading: &'static str,
    /// The start page's card, under the app's name.
    pub signed_out: &'static str,
    /// The sign-up button (`signUp`).
    pub create_account: &'static str,
    /// The header's account area (its `aria-label`).
    pub account: &'static str,
    /// The button of the `COGNITO` option without a label.
    pub with_password: &'static str,
    /// The button of a named provider without a label ("Continue with
    /// Google").
    pub continue_with: Around,
    /// The button of an `idpIdentifier` option without a label ("Continue
    /// with your example.com account").
    pub your_account: Around,
}

impl StartWords {
    /// A sign-in option's button: the configured label, else "Continue with
    /// Google" / "Sign in with a password" (`COGNITO`) / "Continue with
    /// your example.com account".
    pub fn sign_in_option(&self, option: &SignInOption) -> String {
        match (&option.label, &option.provider) {
            (Some(label), _) => label.clone(),
            (None, provider) if provider.is_hosted_form() => self.with_password.to_string(),
            (None, Provider::Named(name)) => self.continue_with.with(name),
            (None, Provider::Identifier(id)) => self.your_account.with(id),
        }
    }
}

/// The start page's words in `language`.
pub fn words(language: Language) -> &'static StartWords {
    match language {
        Language::English => &super::en::START,
        Language::German => &super::de::START,
        Language::French => &super::fr::START,
        Language::Spanish => &super::es::START,
        Language::Japanese => &super::ja::START,
    }
}
