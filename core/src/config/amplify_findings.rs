//! What reading an `amplify_outputs.json` found: the Amplify keys it used
//! ([`AmplifyFinding`]) and those it could not use ([`AmplifyProblem`]),
//! each naming the key by its path in the file (`auth.oauth.domain`).

use std::fmt;

use super::JsonKind;

/// An Amplify Gen 2 key the app reads (schema version 1: `version`, `auth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AmplifyKey {
    /// `version`: the schema version, `"1"` to `"1.x"`.
    Version,
    /// `auth`: the outputs of `defineAuth`.
    Auth,
    /// `auth.aws_region`.
    Region,
    /// `auth.user_pool_id`.
    UserPoolId,
    /// `auth.user_pool_client_id`.
    ClientId,
    /// `auth.oauth`: present when the pool has a hosted UI domain.
    OAuth,
    /// `auth.oauth.domain`: the domain without a scheme.
    Domain,
    /// `auth.oauth.scopes`.
    Scopes,
    /// `auth.oauth.redirect_sign_in_uri`: a list.
    RedirectSignIn,
    /// `auth.oauth.redirect_sign_out_uri`: a list.
    RedirectSignOut,
    /// `auth.oauth.response_type`: `code` or `token`.
    ResponseType,
    /// `auth.oauth.identity_providers`: `GOOGLE`, `FACEBOOK`, … .
    IdentityProviders,
}

impl AmplifyKey {
    /// The key's path in `amplify_outputs.json`.
    pub fn path(self) -> &'static str {
        match self {
            AmplifyKey::Version => "version",
            AmplifyKey::Auth => "auth",
            AmplifyKey::Region => "auth.aws_region",
            AmplifyKey::UserPoolId => "auth.user_pool_id",
            AmplifyKey::ClientId => "auth.user_pool_client_id",
            AmplifyKey::OAuth => "auth.oauth",
            AmplifyKey::Domain => "auth.oauth.domain",
            AmplifyKey::Scopes => "auth.oauth.scopes",
            AmplifyKey::RedirectSignIn => "auth.oauth.redirect_sign_in_uri",
            AmplifyKey::RedirectSignOut => "auth.oauth.redirect_sign_out_uri",
            AmplifyKey::ResponseType => "auth.oauth.response_type",
            AmplifyKey::IdentityProviders => "auth.oauth.identity_providers",
        }
    }
}

/// The prefix of the keys Amplify has no place for (`custom.cognitoLogin.apiBaseUrl`).
pub const CUSTOM_PREFIX: &str = "custom.cognitoLogin";

/// One Amplify key the app used, and as what.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AmplifyFinding {
    /// `from` was taken as the `config.json` key `to`.
    Used {
        /// The Amplify key.
        from: AmplifyKey,
        /// The `config.json` key it became.
        to: &'static str,
    },
    /// One of several URLs in `from` was taken, the one on this page's
    /// origin (or, of several there, this page's own callback or root).
    Chose {
        /// The Amplify key (a redirect list).
        from: AmplifyKey,
        /// The `config.json` key it became.
        to: &'static str,
        /// The URL taken.
        url: String,
        /// How many URLs the list has.
        among: usize,
    },
    /// A list of URLs the page picks from at run time (a tool that checks
    /// the file has no page).
    ChosenByPage {
        /// The Amplify key (a redirect list).
        from: AmplifyKey,
        /// How many URLs the list has.
        count: usize,
    },
    /// `custom.cognitoLogin.KEY` was taken as the `config.json` key `KEY`.
    Custom {
        /// The `config.json` key.
        key: String,
    },
}

impl AmplifyFinding {
    /// The `config.json` key this finding filled, if any.
    pub fn config_key(&self) -> Option<&str> {
        match self {
            AmplifyFinding::Used { to, .. } | AmplifyFinding::Chose { to, .. } => Some(to),
            AmplifyFinding::Custom { key } => Some(key),
            AmplifyFinding::ChosenByPage { .. } => None,
        }
    }

    /// The Amplify path behind [`AmplifyFinding::config_key`].
    pub fn source_path(&self) -> String {
        match self {
            AmplifyFinding::Used { from, .. }
            | AmplifyFinding::Chose { from, .. }
            | AmplifyFinding::ChosenByPage { from, .. } => from.path().to_string(),
            AmplifyFinding::Custom { key } => format!("{CUSTOM_PREFIX}.{key}"),
        }
    }
}

/// Technical: `auth.user_pool_id -> userPoolId` (the setup checker's words
/// are `words::en`'s).
impl fmt::Display for AmplifyFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmplifyFinding::Used { from, to } => write!(f, "{} -> {to}", from.path()),
            AmplifyFinding::Chose { from, to, url, among } => {
                write!(f, "{} -> {to}: {url} (1 of {among})", from.path())
            }
            AmplifyFinding::ChosenByPage { from, count } => {
                write!(f, "{}: {count} URLs, chosen by the page", from.path())
            }
            AmplifyFinding::Custom { key } => write!(f, "{CUSTOM_PREFIX}.{key} -> {key}"),
        }
    }
}

/// What an Amplify key should hold, for [`AmplifyProblem::WrongType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmplifyExpected {
    /// A version string such as `"1.4"`.
    Version,
    /// An object.
    Object,
    /// A list whose items are URLs.
    Urls,
    /// A list of one or more URLs.
    OneOrMoreUrls,
    /// A list of provider names.
    ProviderNames,
    /// `"code"`.
    Code,
}

/// One thing in `amplify_outputs.json` the app cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmplifyProblem {
    /// The file is not valid JSON.
    #[error("not JSON")]
    NotJson(#[source] crate::io::JsonError),
    /// The JSON is valid but is not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A key the app needs is absent.
    #[error("`{}` missing", .0.path())]
    Missing(AmplifyKey),
    /// A key whose value has the wrong JSON type.
    #[error("`{}` is {found}, expected {expected:?}", key.path())]
    WrongType {
        /// The key.
        key: AmplifyKey,
        /// What it should be.
        expected: AmplifyExpected,
        /// What it is.
        found: JsonKind,
    },
    /// A schema version this app does not read.
    #[error("`version` {0:?} unknown (1 to 1.x read)")]
    UnknownVersion(String),
    /// No `auth.oauth`: the pool has no hosted UI domain.
    #[error("`auth.oauth` missing (no hosted UI domain)")]
    NoOAuth,
    /// `auth.oauth.response_type` is not `code`.
    #[error("`auth.oauth.response_type` {0:?}, not code")]
    ResponseType(String),
    /// A client secret (never shown).
    #[error("`{0}`: a client secret")]
    ClientSecret(String),
    /// Several URLs where one is needed, none on this page's origin.
    #[error("`{}`: {count} URLs, none on {origin}", key.path())]
    NoneHere {
        /// The redirect list.
        key: AmplifyKey,
        /// How many URLs it has.
        count: usize,
        /// This page's origin.
        origin: String,
    },
    /// Several URLs on this page's origin, none of them this page's own.
    #[error("`{}`: {} URLs on {origin}, none is {expected}", key.path(), urls.len())]
    SeveralHere {
        /// The redirect list.
        key: AmplifyKey,
        /// The URLs on this origin.
        urls: Vec<String>,
        /// This page's origin.
        origin: String,
        /// The URL that would have decided it.
        expected: String,
    },
    /// `auth.aws_region` disagrees with the pool ID.
    #[error("`auth.aws_region` {region:?}, pool {pool} in {pool_region}")]
    RegionMismatch {
        /// `auth.aws_region`.
        region: String,
        /// `auth.user_pool_id`.
        pool: String,
        /// The region in the pool ID.
        pool_region: String,
    },
    /// `custom.cognitoLogin` is not an object.
    #[error("`custom.cognitoLogin` not an object ({0})")]
    CustomNotObject(JsonKind),
    /// `custom.cognitoLogin` repeats a key `auth` gives.
    #[error("`custom.cognitoLogin.{key}` repeats `{}`", from.path())]
    CustomRepeats {
        /// The `config.json` key.
        key: String,
        /// The Amplify key that gives it.
        from: AmplifyKey,
    },
    /// A value the usual `config.json` rules refuse.
    #[error("`{at}` (as {as_key}): {problem}")]
    Value {
        /// Where it is in `amplify_outputs.json`.
        at: String,
        /// The `config.json` key it became.
        as_key: String,
        /// What `config.json`'s rules say (worded only when shown: the
        /// landing module never shows it, and carries no words for it).
        problem: Box<super::ConfigProblem>,
    },
}

impl AmplifyProblem {
    /// The path of the key the problem is about, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            AmplifyProblem::NotJson(_) | AmplifyProblem::NotAnObject => None,
            AmplifyProblem::Missing(key)
            | AmplifyProblem::WrongType { key, .. }
            | AmplifyProblem::NoneHere { key, .. }
            | AmplifyProblem::SeveralHere { key, .. }
            | AmplifyProblem::CustomRepeats { from: key, .. } => Some(key.path()),
            AmplifyProblem::UnknownVersion(_) => Some(AmplifyKey::Version.path()),
            AmplifyProblem::NoOAuth => Some(AmplifyKey::OAuth.path()),
            AmplifyProblem::ResponseType(_) => Some(AmplifyKey::ResponseType.path()),
            AmplifyProblem::RegionMismatch { .. } => Some(AmplifyKey::Region.path()),
            AmplifyProblem::CustomNotObject(_) => Some(CUSTOM_PREFIX),
            AmplifyProblem::ClientSecret(at) | AmplifyProblem::Value { at, .. } => Some(at),
        }
    }
}
