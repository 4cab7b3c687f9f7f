//! What can be wrong with `config.json`: every problem names its key; and
//! why the app could not get a usable configuration at all.

use std::fmt;

use super::ConfigFile;
use crate::io::{JsonError, NetError};

/// One thing wrong with `config.json` (what the operator reads is
/// `words::en`'s).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigProblem {
    /// The file is not valid JSON.
    #[error("not JSON")]
    NotJson(#[source] JsonError),
    /// The JSON is valid but is not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A required key is absent.
    #[error("`{key}` missing")]
    Missing {
        /// The key.
        key: &'static str,
    },
    /// A key that is not part of the schema.
    #[error("`{key}` unknown")]
    Unknown {
        /// The key as written.
        key: String,
        /// A known key that differs only in letter case, if any.
        suggestion: Option<&'static str>,
    },
    /// A key whose value does not fit.
    #[error("`{key}`: {problem}")]
    Invalid {
        /// The key.
        key: &'static str,
        /// What is wrong and what is expected.
        problem: super::Rule,
    },
    /// Something in `amplify_outputs.json` the app cannot use.
    #[error(transparent)]
    Amplify(super::AmplifyProblem),
    /// The sign-in options (`identityProviders` and its shorthands).
    #[error("`identityProviders`: {0}")]
    SignInOptions(super::OptionsProblem),
}

impl ConfigProblem {
    /// The key the problem is about, if it is about one.
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigProblem::Missing { key, .. } | ConfigProblem::Invalid { key, .. } => Some(key),
            ConfigProblem::Unknown { key, .. } => Some(key),
            ConfigProblem::NotJson(_) | ConfigProblem::NotAnObject => None,
            ConfigProblem::Amplify(problem) => problem.path(),
            ConfigProblem::SignInOptions(_) => Some("identityProviders"),
        }
    }
}

/// All the problems found in one `config.json`; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigProblem>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let texts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&texts.join("; "))
    }
}

impl std::error::Error for ConfigErrors {}

/// Why the app could not get a usable configuration: the browser shell
/// fetches the file (`config.json`, or `amplify_outputs.json` when that is
/// not there), the core judges its content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigLoadError {
    /// Neither `config.json` nor `amplify_outputs.json` is deployed next to
    /// `index.html`.
    #[error("no config.json at {url} (nor amplify_outputs.json)")]
    NotFound {
        /// Where `config.json` was looked for.
        url: String,
    },
    /// The server answered with another error status.
    #[error("{url} answered HTTP {status}")]
    Http {
        /// Where it was looked for.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The request did not complete (offline, blocked, DNS…).
    #[error("request for {url} failed")]
    Network {
        /// Where it was looked for.
        url: String,
        /// Why.
        source: NetError,
    },
    /// The request `boot.js` starts early left something that is not an
    /// answer.
    #[error("the early request for {url} left no answer")]
    NoEarlyAnswer {
        /// Where it was looked for.
        url: String,
    },
    /// `config.json` was loaded but its content is wrong.
    #[error("config.json is invalid: {0}")]
    Invalid(ConfigErrors),
    /// `amplify_outputs.json` (read because there is no `config.json`) was
    /// loaded but does not fit; each problem names its Amplify key.
    #[error("amplify_outputs.json is invalid: {0}")]
    InvalidAmplifyOutputs(ConfigErrors),
}

impl ConfigLoadError {
    /// The file whose content is wrong, and its problems.
    pub fn problems(&self) -> Option<(ConfigFile, &ConfigErrors)> {
        match self {
            ConfigLoadError::Invalid(errors) => Some((ConfigFile::ConfigJson, errors)),
            ConfigLoadError::InvalidAmplifyOutputs(errors) => Some((ConfigFile::AmplifyOutputs, errors)),
            _ => None,
        }
    }
}

/// The last segment of a URL (`config.json`): the file's name.
pub fn file_name(url: &str) -> &str {
    url.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("config.json")
}
