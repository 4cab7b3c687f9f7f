//! The validation rules of `config.json`, one function per field shape
//! (Cognito's ID patterns, URLs, names, scopes). Each returns the value to
//! keep or the sentence that completes "`key` …".

use serde_json::{Map, Value};

use super::ConfigProblem;
use crate::url::HttpUrl;

pub(super) struct Validator<'a> {
    pub(super) map: &'a Map<String, Value>,
    pub(super) problems: &'a mut Vec<ConfigProblem>,
}

impl Validator<'_> {
    pub(super) fn invalid(&mut self, key: &'static str, problem: String) {
        self.problems.push(ConfigProblem::Invalid { key, problem });
    }

    pub(super) fn required_string(&mut self, key: &'static str, expected: &'static str) -> Option<String> {
        match self.map.get(key) {
            None | Some(Value::Null) => {
                self.problems.push(ConfigProblem::Missing { key, expected });
                None
            }
            Some(_) => self.optional_string(key),
        }
    }

    pub(super) fn optional_string(&mut self, key: &'static str) -> Option<String> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(other) => {
                self.invalid(key, format!("must be a string, not {}", json_kind(other)));
                None
            }
        }
    }

    pub(super) fn check(
        &mut self,
        key: &'static str,
        value: String,
        rule: impl FnOnce(&str) -> Result<String, String>,
    ) -> Option<String> {
        match rule(&value) {
            Ok(normalised) => Some(normalised),
            Err(problem) => {
                self.invalid(key, problem);
                None
            }
        }
    }

    pub(super) fn optional_scopes(&mut self) -> Option<Vec<String>> {
        let key = "scopes";
        let items = match self.map.get(key) {
            None | Some(Value::Null) => return None,
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.invalid(
                    key,
                    format!("must be a list of strings such as [\"openid\",\"email\"], not {}", json_kind(other)),
                );
                return None;
            }
        };
        let mut scopes = Vec::new();
        for item in items {
            match item {
                Value::String(s) if is_scope_token(s) => {
                    if !scopes.contains(s) {
                        scopes.push(s.clone());
                    }
                }
                Value::String(s) => {
                    self.invalid(key, format!("contains {s:?}, which is not a single scope (no spaces or quotes)"));
                    return None;
                }
                other => {
                    self.invalid(key, format!("must contain only strings, not {}", json_kind(other)));
                    return None;
                }
            }
        }
        if !scopes.iter().any(|s| s == "openid") {
            self.invalid(key, "must include \"openid\": without it Cognito returns no ID token".to_string());
            return None;
        }
        Some(scopes)
    }
}

pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// RFC 6749 §3.3: `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.
pub(super) fn is_scope_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

/// Cognito's API pattern for a pool ID: `[\w-]+_[0-9a-zA-Z]+`, at most 55
/// characters.
pub(super) fn check_user_pool_id(id: &str) -> Result<String, String> {
    let shape = "must look like REGION_ID, e.g. us-east-1_AbCdEf123 (copy the User Pool ID from the Cognito console)";
    if id.len() > 55 {
        return Err(format!("is {} characters long; a User Pool ID has at most 55", id.len()));
    }
    let Some((region, suffix)) = id.rsplit_once('_') else {
        return Err(format!("{shape}; {id:?} has no underscore"));
    };
    let region_ok = !region.is_empty() && region.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let suffix_ok = !suffix.is_empty() && suffix.chars().all(|c| c.is_ascii_alphanumeric());
    if !region_ok || !suffix_ok {
        return Err(format!("{shape}, not {id:?}"));
    }
    Ok(id.to_string())
}

/// Cognito's API pattern for a client ID: `[\w+]+`, 1 to 128 characters.
/// Real ones are 26 characters, but the API allows more, so we do too.
pub(super) fn check_client_id(id: &str) -> Result<String, String> {
    if id.is_empty() || id.len() > 128 {
        return Err("must be 1 to 128 characters (copy the App client ID from the Cognito console)".into());
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+') {
        return Err(format!(
            "may contain only letters, digits, `_` and `+`, not {id:?} (copy the App client ID from the Cognito console)"
        ));
    }
    Ok(id.to_string())
}

/// An identity provider name or identifier: 1 to `max` characters, no
/// spaces or control characters.
pub(super) fn check_name(text: &str, max: usize) -> Result<String, String> {
    if text.is_empty() || text.chars().count() > max || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("must be 1 to {max} characters without spaces, not {text:?}"));
    }
    Ok(text.to_string())
}

/// A logo: a same-origin absolute path (`/logo.svg`) or an https URL.
pub(super) fn check_logo_url(text: &str) -> Result<String, String> {
    if text.starts_with('/') && !text.starts_with("//") && !text.chars().any(|c| c.is_whitespace() || c == '\\') {
        return Ok(text.to_string());
    }
    let url = parse_secure_url(text)?;
    if url.fragment.is_some() {
        return Err(format!("must not contain a `#` fragment: {text:?}"));
    }
    Ok(text.to_string())
}

/// A language tag such as `de` or `pt-BR`.
pub(super) fn check_lang(text: &str) -> Result<String, String> {
    let mut parts = text.split('-');
    let primary_ok =
        parts.next().is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    let rest_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(text.to_string())
    } else {
        Err(format!("must be a language tag such as \"de\" or \"pt-BR\", not {text:?}"))
    }
}

/// OIDC `prompt`: space-separated `login`, `select_account`, `consent`, or
/// `none` alone.
pub(super) fn check_prompt(text: &str) -> Result<String, String> {
    let values: Vec<&str> = text.split_whitespace().collect();
    let known =
        !values.is_empty() && values.iter().all(|v| matches!(*v, "none" | "login" | "select_account" | "consent"));
    if !known || (values.len() > 1 && values.contains(&"none")) {
        return Err(format!(
            "must be \"none\", or one or more of \"login\", \"select_account\", \"consent\", not {text:?}"
        ));
    }
    Ok(values.join(" "))
}

pub(super) fn parse_secure_url(text: &str) -> Result<HttpUrl, String> {
    let url = HttpUrl::parse(text).map_err(|e| format!("{e}: {text:?}"))?;
    if !url.is_secure_or_loopback() {
        return Err(format!("must use https (plain http is allowed only for localhost and 127.0.0.1): {text:?}"));
    }
    Ok(url)
}

/// A base URL (domain, issuer, API): https (or loopback http), no query or
/// fragment; returned without a trailing slash.
pub(super) fn check_base_url(text: &str, what: &str) -> Result<String, String> {
    let url = parse_secure_url(text)?;
    if url.query.is_some() || url.fragment.is_some() {
        return Err(format!("must be {what} without `?` or `#`: {text:?}"));
    }
    Ok(text.trim_end_matches('/').to_string())
}

/// A redirect target registered on the app client: https (or loopback
/// http), no fragment (RFC 6749 §3.1.2). Kept exactly as written: Cognito
/// compares it character for character.
pub(super) fn check_redirect_url(text: &str) -> Result<String, String> {
    let url = parse_secure_url(text)?;
    if url.fragment.is_some() {
        return Err(format!("must not contain a `#` fragment: {text:?}"));
    }
    Ok(text.to_string())
}
