//! The sign-in options of the start page: `identityProviders` (one button
//! per provider, in order) and `signUp` ("Create account"), with the
//! one-button shorthands `identityProvider` / `idpIdentifier`
//! (docs/COGNITO.md "Federated sign-in").

use serde_json::{Map, Value};

use super::rules::{check_name, json_kind, Validator};

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
    /// ("Continue with Google").
    pub label: Option<String>,
}

impl SignInOption {
    /// The button's text: the configured label, else "Continue with
    /// Google" / "Sign in with a password" (`COGNITO`) / "Continue with your
    /// example.com account". The one copy of these words, for both modules
    /// that draw the start page.
    pub fn text(&self) -> String {
        match (&self.label, &self.provider) {
            (Some(label), _) => label.clone(),
            (None, provider) if provider.is_hosted_form() => "Sign in with a password".to_string(),
            (None, Provider::Named(name)) => format!("Continue with {name}"),
            (None, Provider::Identifier(id)) => format!("Continue with your {id} account"),
        }
    }
}

/// The text of the sign-up button.
pub const SIGN_UP_TEXT: &str = "Create account";

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
            v.invalid("idpIdentifier", "and `identityProvider` both choose a provider; keep one".to_string());
            None
        }
    };
    let key = "identityProviders";
    let items = match v.map.get(key) {
        None | Some(Value::Null) => return (Vec::new(), shorthand),
        Some(Value::Array(items)) => items.clone(),
        Some(other) => {
            v.invalid(
                key,
                format!(
                    "must be a list such as [{{\"name\":\"Google\",\"label\":\"Continue with Google\"}}], not {}",
                    json_kind(other)
                ),
            );
            return (Vec::new(), shorthand);
        }
    };
    if shorthand.is_some() {
        v.invalid(key, "and `identityProvider`/`idpIdentifier` are both set; keep one".to_string());
    }
    if items.is_empty() || items.len() > MAX_SIGN_IN_OPTIONS {
        v.invalid(key, format!("must list 1 to {MAX_SIGN_IN_OPTIONS} providers, not {}", items.len()));
        return (Vec::new(), shorthand);
    }
    let mut options: Vec<SignInOption> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match option(item) {
            Ok(option) if options.iter().any(|o| o.provider == option.provider) => {
                v.invalid(key, format!("entry {}: the same provider is listed twice", i + 1));
            }
            Ok(option) => options.push(option),
            Err(problem) => v.invalid(key, format!("entry {}: {problem}", i + 1)),
        }
    }
    (options, shorthand)
}

/// One entry: `{ "name": …, "label"?: … }` or `{ "idpIdentifier": …, "label"?: … }`.
fn option(item: &Value) -> Result<SignInOption, String> {
    let Value::Object(entry) = item else {
        return Err(format!("must be an object such as {{\"name\":\"Google\"}}, not {}", json_kind(item)));
    };
    if let Some(unknown) = entry.keys().find(|k| !["name", "idpIdentifier", "label"].contains(&k.as_str())) {
        return Err(format!("{unknown:?} is not a known field (name, idpIdentifier, label)"));
    }
    let text = |field: &str, entry: &Map<String, Value>| match entry.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(other) => Err(format!("`{field}` must be a string, not {}", json_kind(other))),
    };
    let provider = match (text("name", entry)?, text("idpIdentifier", entry)?) {
        (Some(name), None) => Provider::Named(check_name(&name, 128).map_err(|p| format!("`name` {p}"))?),
        (None, Some(id)) => Provider::Identifier(check_name(&id, 40).map_err(|p| format!("`idpIdentifier` {p}"))?),
        (Some(_), Some(_)) => return Err("has both `name` and `idpIdentifier`; keep one".into()),
        (None, None) => {
            return Err("needs `name` (the provider's name in the user pool, or COGNITO) or `idpIdentifier`".into())
        }
    };
    let label = match text("label", entry)? {
        Some(label) if label.is_empty() || label.chars().count() > 60 || label.chars().any(char::is_control) => {
            return Err("`label` must be 1 to 60 characters".into())
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
            v.invalid("signUp", format!("must be true or false, not {}", json_kind(other)));
            false
        }
    }
}
