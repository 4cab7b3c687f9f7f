//! The validation rules of `config.json`, one function per field shape
//! (Cognito's ID patterns, URLs, names, scopes). Each returns the value to
//! keep or the sentence that completes "`key` …".

use crate::json::{Map, Value};

use super::{ConfigProblem, JsonKind, Rule};
use crate::language::Language;
use crate::url::HttpUrl;

pub(super) struct Validator<'a> {
    pub(super) map: &'a Map,
    pub(super) problems: &'a mut Vec<ConfigProblem>,
}

impl Validator<'_> {
    pub(super) fn invalid(&mut self, key: &'static str, problem: Rule) {
        self.problems.push(ConfigProblem::Invalid { key, problem });
    }

    pub(super) fn required_string(&mut self, key: &'static str) -> Option<String> {
        match self.map.get(key) {
            None | Some(Value::Null) => {
                self.problems.push(ConfigProblem::Missing { key });
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
                self.invalid(key, Rule::NotAString(json_kind(other)));
                None
            }
        }
    }

    pub(super) fn check<T>(
        &mut self,
        key: &'static str,
        value: String,
        rule: impl FnOnce(&str) -> Result<T, Rule>,
    ) -> Option<T> {
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
                self.invalid(key, Rule::ScopesNotAList(json_kind(other)));
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
                    self.invalid(key, Rule::NotAScope(s.clone()));
                    return None;
                }
                other => {
                    self.invalid(key, Rule::ScopeNotAString(json_kind(other)));
                    return None;
                }
            }
        }
        if !scopes.iter().any(|s| s == "openid") {
            self.invalid(key, Rule::NoOpenid);
            return None;
        }
        Some(scopes)
    }
}

pub(super) fn json_kind(v: &Value) -> JsonKind {
    match v {
        Value::Null => JsonKind::Null,
        Value::Bool(_) => JsonKind::Bool,
        Value::Number(_) => JsonKind::Number,
        Value::String(_) => JsonKind::String,
        Value::Array(_) => JsonKind::List,
        Value::Object(_) => JsonKind::Object,
    }
}

/// RFC 6749 §3.3: `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.
pub(super) fn is_scope_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

/// Cognito's API pattern for a pool ID: `[\w-]+_[0-9a-zA-Z]+`, at most 55
/// characters.
pub(super) fn check_user_pool_id(id: &str) -> Result<String, Rule> {
    if id.len() > 55 {
        return Err(Rule::PoolIdTooLong(id.len()));
    }
    let Some((region, suffix)) = id.rsplit_once('_') else {
        return Err(Rule::PoolIdShape(id.to_string()));
    };
    let region_ok = !region.is_empty() && region.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let suffix_ok = !suffix.is_empty() && suffix.chars().all(|c| c.is_ascii_alphanumeric());
    if !region_ok || !suffix_ok {
        return Err(Rule::PoolIdShape(id.to_string()));
    }
    Ok(id.to_string())
}

/// Cognito's API pattern for a client ID: `[\w+]+`, 1 to 128 characters.
/// Real ones are 26 characters, but the API allows more, so we do too.
pub(super) fn check_client_id(id: &str) -> Result<String, Rule> {
    if id.is_empty() || id.len() > 128 {
        return Err(Rule::ClientIdLength);
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+') {
        return Err(Rule::ClientIdCharacters(id.to_string()));
    }
    Ok(id.to_string())
}

/// An identity provider name or identifier: 1 to `max` characters, no
/// spaces or control characters.
pub(super) fn check_name(text: &str, max: usize) -> Result<String, Rule> {
    if text.is_empty() || text.chars().count() > max || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Rule::Name { max, text: text.to_string() });
    }
    Ok(text.to_string())
}

/// A logo: a same-origin absolute path (`/logo.svg`) or an https URL.
pub(super) fn check_logo_url(text: &str) -> Result<String, Rule> {
    if text.starts_with('/') && !text.starts_with("//") && !text.chars().any(|c| c.is_whitespace() || c == '\\') {
        return Ok(text.to_string());
    }
    let url = parse_secure_url(text)?;
    if url.fragment.is_some() {
        return Err(Rule::Fragment(text.to_string()));
    }
    Ok(text.to_string())
}

/// A language tag such as `de` or `pt-BR`.
pub(super) fn check_lang(text: &str) -> Result<String, Rule> {
    let mut parts = text.split('-');
    let primary_ok =
        parts.next().is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    let rest_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(text.to_string())
    } else {
        Err(Rule::Lang(text.to_string()))
    }
}

/// `language`: a tag whose language the catalogue has (`de`, `de-AT`).
pub(super) fn check_language(text: &str) -> Result<Language, Rule> {
    Language::from_tag(text).ok_or_else(|| Rule::Language(text.to_string()))
}

/// OIDC `prompt`: space-separated `login`, `select_account`, `consent`, or
/// `none` alone.
pub(super) fn check_prompt(text: &str) -> Result<String, Rule> {
    let values: Vec<&str> = text.split_whitespace().collect();
    let known =
        !values.is_empty() && values.iter().all(|v| matches!(*v, "none" | "login" | "select_account" | "consent"));
    if !known || (values.len() > 1 && values.contains(&"none")) {
        return Err(Rule::Prompt(text.to_string()));
    }
    Ok(values.join(" "))
}

pub(super) fn parse_secure_url(text: &str) -> Result<HttpUrl, Rule> {
    let url = HttpUrl::parse(text).map_err(|source| Rule::Url { source, text: text.to_string() })?;
    if !url.is_secure_or_loopback() {
        return Err(Rule::NotHttps(text.to_string()));
    }
    Ok(url)
}

/// A base URL (domain, issuer, API): https (or loopback http), no query or
/// fragment; returned without a trailing slash.
pub(super) fn check_base_url(text: &str) -> Result<String, Rule> {
    let url = parse_secure_url(text)?;
    if url.query.is_some() || url.fragment.is_some() {
        return Err(Rule::QueryOrFragment(text.to_string()));
    }
    Ok(text.trim_end_matches('/').to_string())
}

/// A redirect target registered on the app client: https (or loopback
/// http), no fragment (RFC 6749 §3.1.2). Kept exactly as written: Cognito
/// compares it character for character.
pub(super) fn check_redirect_url(text: &str) -> Result<String, Rule> {
    let url = parse_secure_url(text)?;
    if url.fragment.is_some() {
        return Err(Rule::Fragment(text.to_string()));
    }
    Ok(text.to_string())
}
