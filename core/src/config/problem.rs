//! What a `config.json` rule says about a value: data, worded only when
//! shown. The landing module parses `config.json` too and never shows a
//! problem (the full app does), so none of these words are in the first
//! load.

use crate::url::UrlError;

/// Why a value does not fit its key; the text completes "`key` …".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rule {
    /// Not a string.
    #[error("must be a string, not {0}")]
    NotAString(&'static str),
    /// Not `true` or `false`.
    #[error("must be true or false, not {0}")]
    NotABool(&'static str),
    /// A number of seconds out of range.
    #[error("must be a whole number of seconds from {min} to {max}, not {value}")]
    Seconds {
        /// The smallest allowed.
        min: u32,
        /// The largest allowed.
        max: u32,
        /// What was written.
        value: String,
    },
    /// `apiToken`.
    #[error("must be \"access\" or \"id\", not {0:?}")]
    ApiToken(String),
    /// `scopes` is not a list.
    #[error("must be a list of strings such as [\"openid\",\"email\"], not {0}")]
    ScopesNotAList(&'static str),
    /// A scope with a space or quote.
    #[error("contains {0:?}, which is not a single scope (no spaces or quotes)")]
    NotAScope(String),
    /// A scope that is not a string.
    #[error("must contain only strings, not {0}")]
    ScopeNotAString(&'static str),
    /// No `openid`.
    #[error("must include \"openid\": without it Cognito returns no ID token")]
    NoOpenid,
    /// A pool ID over 55 characters.
    #[error("is {0} characters long; a User Pool ID has at most 55")]
    PoolIdTooLong(usize),
    /// A pool ID of the wrong shape.
    #[error("must look like REGION_ID, e.g. us-east-1_AbCdEf123 (copy the User Pool ID from the Cognito console), not {0:?}")]
    PoolIdShape(String),
    /// A client ID of the wrong length.
    #[error("must be 1 to 128 characters (copy the App client ID from the Cognito console)")]
    ClientIdLength,
    /// A client ID with other characters.
    #[error(
        "may contain only letters, digits, `_` and `+`, not {0:?} (copy the App client ID from the Cognito console)"
    )]
    ClientIdCharacters(String),
    /// A provider name or identifier.
    #[error("must be 1 to {max} characters without spaces, not {text:?}")]
    Name {
        /// The longest allowed.
        max: usize,
        /// What was written.
        text: String,
    },
    /// `appName`.
    #[error("must be 1 to 60 characters")]
    AppName,
    /// A language tag.
    #[error("must be a language tag such as \"de\" or \"pt-BR\", not {0:?}")]
    Lang(String),
    /// `prompt`.
    #[error("must be \"none\", or one or more of \"login\", \"select_account\", \"consent\", not {0:?}")]
    Prompt(String),
    /// Not a URL.
    #[error("{source}: {text:?}")]
    Url {
        /// What is wrong with it.
        #[source]
        source: UrlError,
        /// What was written.
        text: String,
    },
    /// Plain http off loopback.
    #[error("must use https (plain http is allowed only for localhost and 127.0.0.1): {0:?}")]
    NotHttps(String),
    /// A base URL with a query or fragment.
    #[error("must be {what} without `?` or `#`: {text:?}")]
    QueryOrFragment {
        /// What the URL is.
        what: &'static str,
        /// What was written.
        text: String,
    },
    /// A redirect URL with a fragment.
    #[error("must not contain a `#` fragment: {0:?}")]
    Fragment(String),
    /// Both one-button shorthands.
    #[error("and `identityProvider` both choose a provider; keep one")]
    BothShorthands,
}
