//! Every word a user or an operator reads, in one place. The rest of the
//! core speaks in data: errors are typed values whose `Display` is short
//! technical English for logs and developers, and the setup checker's
//! findings are judgements with their arguments. This module turns them
//! into sentences.
//!
//! - [`Message`] names each text and carries its arguments ([`Text`] for
//!   the fixed ones); [`Finding`]s are worded whole
//!   ([`FindingText`]).
//! - A [`Language`] is a catalogue: one module per language (`en/`, `de/`,
//!   `fr/`, `es/`, `ja/`), each one exhaustive `match` per kind of text, so
//!   a language without a text does not compile. Another language is one
//!   more module answering the same `match`es, and one more [`Language`]
//!   variant.
//! - [`Words`] is what the pages hold: a language, and an app's own texts
//!   in front of it ([`Words::replacing`]). Its typed entry points
//!   ([`Words::explain`], [`Words::finding`]) put the texts of one alert or
//!   one finding together.
//! - [`start`]: the start page's words as small constants, which the
//!   landing module (the first load) calls directly, so it carries none of
//!   the catalogue.

use std::sync::Arc;

use crate::auth::AuthError;
use crate::setup::Finding;

mod de;
mod en;
mod es;
mod fr;
mod ja;
mod message;
pub mod start;

pub use crate::language::Language;
pub use message::{Message, Text};

impl Language {
    /// `message` in this language.
    pub fn say(self, message: &Message<'_>) -> String {
        match self {
            Language::English => en::say(message),
            Language::German => de::say(message),
            Language::French => fr::say(message),
            Language::Spanish => es::say(message),
            Language::Japanese => ja::say(message),
        }
    }

    /// A setup checker finding in this language.
    pub fn finding(self, finding: &Finding) -> FindingText {
        match self {
            Language::English => en::finding(finding),
            Language::German => de::finding(finding),
            Language::French => fr::finding(finding),
            Language::Spanish => es::finding(finding),
            Language::Japanese => ja::finding(finding),
        }
    }
}

/// An app's replacement for some texts, given the page's language:
/// `Some(text)` replaces `message`, `None` keeps the language's.
pub type Replace = Arc<dyn Fn(Language, &Message<'_>) -> Option<String> + Send + Sync>;

/// The words a page speaks: a [`Language`], with an app's own texts in
/// front of it. Cheap to clone (the replacement is shared).
///
/// [`Words::default`] leaves the language to the page (`language` in
/// `config.json`, else the browser's preferred languages, else English:
/// [`Language::choose`]); [`Words::new`] fixes it.
#[derive(Clone, Default)]
pub struct Words {
    language: Language,
    fixed: bool,
    replace: Option<Replace>,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("language", &self.language)
            .field("fixed", &self.fixed)
            .field("replaced", &self.replace.is_some())
            .finish()
    }
}

/// The texts of a setup checker finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingText {
    /// What was checked.
    pub title: String,
    /// What was found.
    pub detail: String,
    /// Steps to fix it (or to check it by hand).
    pub fix: Vec<String>,
}

/// The texts of an alert about an [`AuthError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The heading: the sign-in failed, or the session ended.
    pub title: String,
    /// What happened.
    pub body: String,
    /// The provider's own description, framed as its words, if it sent one.
    pub details: Option<String>,
    /// What the user (or the operator) can do next.
    pub next_step: String,
    /// The button: try again, or sign in again.
    pub action: String,
}

impl Words {
    /// The words of `language`, whatever the page would choose.
    pub fn new(language: Language) -> Words {
        Words { language, fixed: true, replace: None }
    }

    /// These words, with `replace` answering first: given the language and
    /// a message, its `Some(text)` replaces the message, `None` leaves it
    /// to the language.
    ///
    /// ```
    /// use cognito_login_core::words::{Language, Message, Text, Words};
    /// let words = Words::default().replacing(|language, m| match (language, m) {
    ///     (Language::German, Message::Text(Text::SignIn)) => Some("Einloggen".into()),
    ///     (_, Message::Text(Text::SignIn)) => Some("Log in".into()),
    ///     _ => None,
    /// });
    /// assert_eq!(words.text(Text::SignIn), "Log in");
    /// assert_eq!(words.text(Text::SignOut), "Sign out");
    /// assert_eq!(words.in_language(Language::German).text(Text::SignIn), "Einloggen");
    /// ```
    pub fn replacing(
        mut self,
        replace: impl Fn(Language, &Message<'_>) -> Option<String> + Send + Sync + 'static,
    ) -> Words {
        self.replace = Some(Arc::new(replace));
        self
    }

    /// The language.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The language the app fixed ([`Words::new`]), if it did.
    pub fn fixed_language(&self) -> Option<Language> {
        self.fixed.then_some(self.language)
    }

    /// These words in the page's `chosen` language, unless the app fixed
    /// one ([`Words::new`]).
    pub fn in_language(mut self, chosen: Language) -> Words {
        if !self.fixed {
            self.language = chosen;
        }
        self
    }

    /// `message`, in the app's words if it replaced it, else the language's.
    pub fn say(&self, message: Message<'_>) -> String {
        self.replace
            .as_ref()
            .and_then(|replace| replace(self.language, &message))
            .unwrap_or_else(|| self.language.say(&message))
    }

    /// A text without arguments.
    pub fn text(&self, text: Text) -> String {
        self.say(Message::Text(text))
    }

    /// Everything an alert about `error` says.
    pub fn explain(&self, error: &AuthError) -> Explanation {
        let (title, action) = if error.ends_session() {
            (Text::SignedOutTitle, Text::SignInAgain)
        } else {
            (Text::SignInFailedTitle, Text::TryAgain)
        };
        Explanation {
            title: self.text(title),
            body: self.say(Message::Error(error)),
            details: error.details().map(|d| self.say(Message::ProviderDetails(d))),
            next_step: self.say(Message::NextStep(error.next_step())),
            action: self.text(action),
        }
    }

    /// A setup checker finding (the login page's own: in the language,
    /// not replaceable).
    pub fn finding(&self, finding: &Finding) -> FindingText {
        self.language.finding(finding)
    }
}

#[cfg(test)]
mod catalogue_tests;
#[cfg(test)]
mod setup_tests;
#[cfg(test)]
mod tests;
