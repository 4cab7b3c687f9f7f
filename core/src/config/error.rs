//! What can be wrong with `config.json`: every problem names its key; and
//! why the app could not get a usable configuration at all.

use std::fmt;

use super::ConfigFile;
use crate::io::{JsonError, NetError};

/// One thing wrong with `config.json`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigProblem {
    /// The file is not valid JSON.
    #[error("config.json is not valid JSON: {0}")]
    NotJson(#[source] JsonError),
    /// The JSON is valid but is not an object.
    #[error("config.json must be a JSON object ({{ \"userPoolId\": …, \"clientId\": … }})")]
    NotAnObject,
    /// A required key is absent.
    #[error("`{key}` is missing: {expected}")]
    Missing {
        /// The key.
        key: &'static str,
        /// What it should hold.
        expected: &'static str,
    },
    /// A key that is not part of the schema.
    #[error("`{key}` is not a known setting{}", suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    Unknown {
        /// The key as written.
        key: String,
        /// A known key that differs only in letter case, if any.
        suggestion: Option<&'static str>,
    },
    /// A key whose value does not fit.
    #[error("`{key}` {problem}")]
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
    #[error("`identityProviders` {0}")]
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
    #[error("config.json was not found at {url} (nor amplify_outputs.json next to it). Deploy a config.json, or an Amplify Gen 2 amplify_outputs.json, next to index.html (see the README's Configuration section).")]
    NotFound {
        /// Where `config.json` was looked for.
        url: String,
    },
    /// The server answered with another error status.
    #[error("{file} could not be loaded from {url}: the server answered HTTP {status}.", file = file_name(url))]
    Http {
        /// Where it was looked for.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The request did not complete (offline, blocked, DNS…).
    #[error("{file} could not be loaded from {url}: {source}. Check your connection and reload the page.", file = file_name(url))]
    Network {
        /// Where it was looked for.
        url: String,
        /// Why.
        source: NetError,
    },
    /// The request `boot.js` starts early left something that is not an
    /// answer.
    #[error("{file} could not be loaded from {url}: the early request for it gave no answer. Check your connection and reload the page.", file = file_name(url))]
    NoEarlyAnswer {
        /// Where it was looked for.
        url: String,
    },
    /// `config.json` was loaded but its content is wrong.
    #[error("config.json has problems: {0}")]
    Invalid(ConfigErrors),
    /// `amplify_outputs.json` (read because there is no `config.json`) was
    /// loaded but does not fit; each problem names its Amplify key.
    #[error("amplify_outputs.json (read because there is no config.json) has problems: {0}")]
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

/// The last segment of a URL (`config.json`), for messages.
pub fn file_name(url: &str) -> &str {
    url.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("config.json")
}
