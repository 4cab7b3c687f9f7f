//! What a `config.json` rule says about a value: data, worded only when
//! shown (`words::en`). The landing module parses `config.json` too and
//! never shows a problem (the full app does), so none of these words are
//! in the first load.

use crate::url::UrlError;

/// What a JSON value is, for a problem that says what it should be
/// instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    List,
    /// An object.
    Object,
}

impl std::fmt::Display for JsonKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            JsonKind::Null => "null",
            JsonKind::Bool => "boolean",
            JsonKind::Number => "number",
            JsonKind::String => "string",
            JsonKind::List => "array",
            JsonKind::Object => "object",
        })
    }
}

/// Why a value does not fit its key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rule {
    /// Not a string.
    #[error("not a string ({0})")]
    NotAString(JsonKind),
    /// Not `true` or `false`.
    #[error("not a boolean ({0})")]
    NotABool(JsonKind),
    /// A number of seconds out of range.
    #[error("{value} is not whole seconds in {min}..={max}")]
    Seconds {
        /// The smallest allowed.
        min: u32,
        /// The largest allowed.
        max: u32,
        /// What was written.
        value: String,
    },
    /// `apiToken`.
    #[error("{0:?} is not access or id")]
    ApiToken(String),
    /// `scopes` is not a list.
    #[error("not a list ({0})")]
    ScopesNotAList(JsonKind),
    /// A scope with a space or quote.
    #[error("{0:?} is not a scope")]
    NotAScope(String),
    /// A scope that is not a string.
    #[error("a scope is not a string ({0})")]
    ScopeNotAString(JsonKind),
    /// No `openid`.
    #[error("no openid scope")]
    NoOpenid,
    /// A pool ID over 55 characters.
    #[error("{0} characters, more than 55")]
    PoolIdTooLong(usize),
    /// A pool ID of the wrong shape.
    #[error("{0:?} is not REGION_ID")]
    PoolIdShape(String),
    /// A client ID of the wrong length.
    #[error("not 1 to 128 characters")]
    ClientIdLength,
    /// A client ID with other characters.
    #[error("{0:?} has characters other than letters, digits, _ and +")]
    ClientIdCharacters(String),
    /// A provider name or identifier.
    #[error("{text:?} is not 1 to {max} characters without spaces")]
    Name {
        /// The longest allowed.
        max: usize,
        /// What was written.
        text: String,
    },
    /// `appName`.
    #[error("not 1 to 60 characters")]
    AppName,
    /// A language tag.
    #[error("{0:?} is not a language tag")]
    Lang(String),
    /// `language`: not one the catalogue has.
    #[error("{0:?} is not a language of these pages")]
    Language(String),
    /// `prompt`.
    #[error("{0:?} is not a prompt")]
    Prompt(String),
    /// Not a URL.
    #[error("{text:?} is not a URL")]
    Url {
        /// What is wrong with it.
        #[source]
        source: UrlError,
        /// What was written.
        text: String,
    },
    /// Plain http off loopback.
    #[error("{0:?} is not https (nor loopback http)")]
    NotHttps(String),
    /// A base URL with a query or fragment.
    #[error("{0:?} has a query or fragment")]
    QueryOrFragment(String),
    /// A redirect URL with a fragment.
    #[error("{0:?} has a fragment")]
    Fragment(String),
    /// Both one-button shorthands.
    #[error("set together with identityProvider")]
    BothShorthands,
}
