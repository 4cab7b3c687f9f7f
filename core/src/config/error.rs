//! What can be wrong with `config.json`: every problem names its key.

use std::fmt;

/// One thing wrong with `config.json`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigProblem {
    /// The file is not valid JSON.
    #[error("config.json is not valid JSON: {0}")]
    NotJson(String),
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
