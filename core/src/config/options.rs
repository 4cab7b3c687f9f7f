//! The sign-in options of the start page: `identityProviders` (one button
//! per provider, in order) and `signUp` ("Create account"), with the
//! one-button shorthands `identityProvider` / `idpIdentifier`
//! (docs/COGNITO.md "Federated sign-in").

use crate::json::{Map, Value};

use super::rules::{check_name, json_kind, Validator};
use super::{ConfigProblem, JsonKind, Rule};

/// The most sign-in options a start page shows.
pub const MAX_SIGN_IN_OPTIONS: usize = 8;

/// Where one sign-in option sends the user at `/oauth2/authorize`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Provider {
    /// `identity_provider=NAME`: a provider's name as the user pool has it
    /// (`Google`, `SignInWithApple`, a SAML/OIDC provider's name), or
    /// `COGNITO` for the hosted email and password form.
    Named(String),
    /// `idp_identifier=ID`: an identifier the pool maps to a SAML/OIDC
    /// provider (often the users' email domain).
    Identifier(String),
}

impl Provider {
    /// The authorize parameter and its value.
    pub fn parameter(&self) -> (&'static str, &str) {
        match self {
            Provider::Named(name) => ("identity_provider", name),
            Provider::Identifier(id) => ("idp_identifier", id),
        }
    }

    /// True for Cognito's own email and password form.
    pub fn is_hosted_form(&self) -> bool {
        matches!(self, Provider::Named(name) if name == "COGNITO")
    }
}

/// One button of the start page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInOption {
    /// Where it goes.
    pub provider: Provider,
    /// Its text as configured; `None`: the presentation layer's default
    /// ("Continue with Google": `words::start::StartWords::sign_in_option`).
    pub label: Option<String>,
}

/// What is wrong with the sign-in options: data, worded only when shown
/// (`words::en`; the landing module parses `config.json` too and never
/// shows a problem, so it carries none of these words).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsProblem {
    /// `identityProviders` is not a list.
    #[error("not a list ({0})")]
    NotAList(JsonKind),
    /// Both the list and a one-button shorthand.
    #[error("set together with identityProvider/idpIdentifier")]
    ListAndShorthand,
    /// Too few or too many entries.
    #[error("{0} entries, not 1 to {MAX_SIGN_IN_OPTIONS}")]
    Count(usize),
    /// One entry (counted from 1).
    #[error("entry {entry}: {problem}")]
    Entry {
        /// Its place in the list, from 1.
        entry: usize,
        /// What is wrong with it.
        problem: EntryProblem,
    },
}

/// What is wrong with one entry of `identityProviders`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EntryProblem {
    /// Not an object.
    #[error("not an object ({0})")]
    NotAnObject(JsonKind),
    /// A field that is not `name`, `idpIdentifier` or `label`.
    #[error("unknown field {0:?}")]
    UnknownField(String),
    /// A field that is not a string.
    #[error("`{field}` not a string ({kind})")]
    NotAString {
        /// The field.
        field: &'static str,
        /// What it is instead.
        kind: JsonKind,
    },
    /// Both `name` and `idpIdentifier`.
    #[error("both name and idpIdentifier")]
    TwoProviders,
    /// Neither.
    #[error("neither name nor idpIdentifier")]
    NoProvider,
    /// A name or identifier Cognito cannot have.
    #[error("`{field}` not 1 to {max} characters without spaces")]
    BadProvider {
        /// `name` or `idpIdentifier`.
        field: &'static str,
        /// The longest Cognito allows.
        max: usize,
    },
    /// An empty, long or control-character label.
    #[error("`label` not 1 to 60 characters")]
    BadLabel,
    /// The same provider twice.
    #[error("duplicate provider")]
    Duplicate,
}

/// Reads `identityProviders`, `identityProvider` and `idpIdentifier`: the
/// options in order, plus the one-button shorthand's provider (used by a
/// plain "Sign in"). Both forms at once is a problem: which one wins would
/// be a guess.
pub(super) fn sign_in_options(v: &mut Validator<'_>) -> (Vec<SignInOption>, Option<Provider>) {
    let named =
        v.optional_string("identityProvider").and_then(|p| v.check("identityProvider", p, |p| check_name(p, 128)));
    let identifier =
        v.optional_string("idpIdentifier").and_then(|p| v.check("idpIdentifier", p, |p| check_name(p, 40)));
    let shorthand = match (named, identifier) {
        (Some(name), None) => Some(Provider::Named(name)),
        (None, Some(id)) => Some(Provider::Identifier(id)),
        (None, None) => None,
        (Some(_), Some(_)) => {
            v.invalid("idpIdentifier", Rule::BothShorthands);
            None
        }
    };
    let items = match v.map.get("identityProviders") {
        None | Some(Value::Null) => return (Vec::new(), shorthand),
        Some(Value::Array(items)) => items.clone(),
        Some(other) => {
            v.problems.push(ConfigProblem::SignInOptions(OptionsProblem::NotAList(json_kind(other))));
            return (Vec::new(), shorthand);
        }
    };
    let mut problem = |problem: OptionsProblem| v.problems.push(ConfigProblem::SignInOptions(problem));
    if shorthand.is_some() {
        problem(OptionsProblem::ListAndShorthand);
    }
    if items.is_empty() || items.len() > MAX_SIGN_IN_OPTIONS {
        problem(OptionsProblem::Count(items.len()));
        return (Vec::new(), shorthand);
    }
    let mut options: Vec<SignInOption> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let entry = i + 1;
        match option(item) {
            Ok(option) if options.iter().any(|o| o.provider == option.provider) => {
                problem(OptionsProblem::Entry { entry, problem: EntryProblem::Duplicate });
            }
            Ok(option) => options.push(option),
            Err(e) => problem(OptionsProblem::Entry { entry, problem: e }),
        }
    }
    (options, shorthand)
}

/// One entry: `{ "name": …, "label"?: … }` or `{ "idpIdentifier": …, "label"?: … }`.
fn option(item: &Value) -> Result<SignInOption, EntryProblem> {
    let Value::Object(entry) = item else {
        return Err(EntryProblem::NotAnObject(json_kind(item)));
    };
    if let Some(unknown) = entry.keys().find(|k| !["name", "idpIdentifier", "label"].contains(&k.as_str())) {
        return Err(EntryProblem::UnknownField(unknown.clone()));
    }
    let text = |field: &'static str, entry: &Map| match entry.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(other) => Err(EntryProblem::NotAString { field, kind: json_kind(other) }),
    };
    let name = |field: &'static str, value: &str, max: usize| {
        check_name(value, max).map_err(|_| EntryProblem::BadProvider { field, max })
    };
    let provider = match (text("name", entry)?, text("idpIdentifier", entry)?) {
        (Some(n), None) => Provider::Named(name("name", &n, 128)?),
        (None, Some(id)) => Provider::Identifier(name("idpIdentifier", &id, 40)?),
        (Some(_), Some(_)) => return Err(EntryProblem::TwoProviders),
        (None, None) => return Err(EntryProblem::NoProvider),
    };
    let label = match text("label", entry)? {
        Some(label) if label.is_empty() || label.chars().count() > 60 || label.chars().any(char::is_control) => {
            return Err(EntryProblem::BadLabel)
        }
        label => label,
    };
    Ok(SignInOption { provider, label })
}

/// Reads `signUp`: true shows "Create account" (the pool must allow users
/// to sign themselves up).
pub(super) fn sign_up(v: &mut Validator<'_>) -> bool {
    match v.map.get("signUp") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            v.invalid("signUp", Rule::NotABool(json_kind(other)));
            false
        }
    }
}
