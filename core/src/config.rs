//! Runtime configuration: the `config.json` an operator deploys next to the
//! app. One build serves every environment; only this file changes.
//!
//! The whole schema lives in [`KEYS`] (and the README's table, which a test
//! keeps in step). Parsing reports *every* problem at once, each naming the
//! key and what is expected, because an operator fixing a deployment should
//! not have to redeploy once per typo.

use std::fmt;

use serde_json::{Map, Value};

use crate::url::HttpUrl;

/// Every key `config.json` may contain, with a one-line description.
/// Unknown keys are an error, so a typo (`clientID`) is never silent.
pub const KEYS: &[(&str, &str)] = &[
    ("userPoolId", "required: the User Pool ID, e.g. us-east-1_AbCdEf123"),
    ("clientId", "required: the App client ID (a public client, no secret)"),
    ("domain", "optional: the hosted UI base URL, e.g. https://PREFIX.auth.REGION.amazoncognito.com"),
    ("issuer", "optional: the token issuer; default https://cognito-idp.REGION.amazonaws.com/POOL_ID"),
    ("redirectUri", "optional: the callback URL; default {origin}{base path}callback"),
    ("logoutUri", "optional: the sign-out URL; default {origin}{base path}"),
    ("scopes", "optional: the scopes to request; default [\"openid\",\"email\",\"profile\"]"),
    ("apiBaseUrl", "optional: the base URL of the API that accepts the tokens"),
    ("apiToken", "optional: which token API calls carry, \"access\" (default) or \"id\""),
    ("identityProvider", "optional: skip the hosted UI and go to this identity provider, e.g. Google"),
    ("idpIdentifier", "optional: an identifier that maps to a SAML/OIDC identity provider"),
    ("lang", "optional: the language of the managed login pages, e.g. de"),
    ("prompt", "optional: none, login, select_account or consent (managed login only)"),
    ("restoreOnReload", "optional: after a reload, sign in again automatically (true, the default) or not"),
    ("refreshMarginSeconds", "optional: refresh this many seconds before expiry; default min(60, lifetime / 4)"),
    ("appName", "optional: the name shown in the header and on the landing page"),
    ("logoUrl", "optional: a logo shown next to the name (same-origin path or https URL)"),
    ("networkTimeoutSeconds", "optional: give up on a network request after this many seconds (1 to 120, default 15)"),
    ("resource", "optional: RFC 8707 resource indicator sent to /oauth2/authorize, typically the API's URL"),
];

/// The scopes requested when `scopes` is absent.
pub const DEFAULT_SCOPES: &[&str] = &["openid", "email", "profile"];

/// Which token the app sends to the API as `Authorization: Bearer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiToken {
    /// The access token (the OAuth default).
    #[default]
    Access,
    /// The ID token, for backends that expect it (OpenMetadata, API Gateway
    /// Cognito authorizers without scopes).
    Id,
}

/// Where the app is being served from, which the defaults for
/// `redirectUri` and `logoutUri` derive from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLocation {
    /// `scheme://host[:port]` of the page.
    pub origin: String,
    /// The path the app is mounted under, starting and ending with `/`.
    pub base_path: String,
}

/// A validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The User Pool ID, e.g. `us-east-1_AbCdEf123`.
    pub user_pool_id: String,
    /// The AWS region, the part of the pool ID before `_`.
    pub region: String,
    /// The App client ID.
    pub client_id: String,
    /// The hosted UI base URL without a trailing slash, if configured;
    /// otherwise endpoints come from OIDC discovery at the issuer.
    pub domain: Option<String>,
    /// The expected `iss` of every token, without a trailing slash.
    pub issuer: String,
    /// The registered callback URL.
    pub redirect_uri: String,
    /// The registered sign-out URL.
    pub logout_uri: String,
    /// The scopes to request.
    pub scopes: Vec<String>,
    /// The API the tokens are for, without a trailing slash.
    pub api_base_url: Option<String>,
    /// Which token API calls carry.
    pub api_token: ApiToken,
    /// `identity_provider` for `/oauth2/authorize`.
    pub identity_provider: Option<String>,
    /// `idp_identifier` for `/oauth2/authorize`.
    pub idp_identifier: Option<String>,
    /// `lang` for `/oauth2/authorize`.
    pub lang: Option<String>,
    /// `prompt` for `/oauth2/authorize`.
    pub prompt: Option<String>,
    /// Re-authenticate automatically after a reload.
    pub restore_on_reload: bool,
    /// Refresh this many seconds before expiry (default: min(60, lifetime/4)).
    pub refresh_margin_seconds: Option<i64>,
    /// The product name shown to users.
    pub app_name: String,
    /// A logo URL (same-origin path, or https).
    pub logo_url: Option<String>,
    /// Every network request gives up after this many seconds.
    pub network_timeout_seconds: u32,
    /// RFC 8707 `resource`: binds the access token's `aud` to the API.
    pub resource: Option<String>,
}

/// The network timeout when `networkTimeoutSeconds` is not configured (also
/// used while loading `config.json` itself).
pub const DEFAULT_NETWORK_TIMEOUT_SECS: u32 = 15;

/// The name shown when `appName` is not configured.
pub const DEFAULT_APP_NAME: &str = "Cognito Login";

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
        problem: String,
    },
}

impl ConfigProblem {
    /// The key the problem is about, if it is about one.
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigProblem::Missing { key, .. } | ConfigProblem::Invalid { key, .. } => Some(key),
            ConfigProblem::Unknown { key, .. } => Some(key),
            ConfigProblem::NotJson(_) | ConfigProblem::NotAnObject => None,
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

impl Config {
    /// Parses and validates the text of `config.json`. `page` is where the
    /// app runs, for the `redirectUri`/`logoutUri` defaults.
    pub fn from_json(text: &str, page: &PageLocation) -> Result<Config, ConfigErrors> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| ConfigErrors(vec![ConfigProblem::NotJson(e.to_string())]))?;
        let Value::Object(map) = value else {
            return Err(ConfigErrors(vec![ConfigProblem::NotAnObject]));
        };
        Self::from_map(&map, page)
    }

    fn from_map(map: &Map<String, Value>, page: &PageLocation) -> Result<Config, ConfigErrors> {
        let mut problems = Vec::new();
        for key in map.keys() {
            if !KEYS.iter().any(|(k, _)| k == key) {
                let suggestion = KEYS.iter().map(|(k, _)| *k).find(|k| k.eq_ignore_ascii_case(key));
                problems.push(ConfigProblem::Unknown { key: key.clone(), suggestion });
            }
        }
        let mut v = Validator { map, problems: &mut problems };

        let user_pool_id = v.required_string("userPoolId", "the User Pool ID, e.g. us-east-1_AbCdEf123");
        let user_pool_id = user_pool_id.and_then(|id| v.check("userPoolId", id, check_user_pool_id));
        let client_id = v.required_string("clientId", "the App client ID from the Cognito console");
        let client_id = client_id.and_then(|id| v.check("clientId", id, check_client_id));
        let domain = v
            .optional_string("domain")
            .and_then(|d| v.check("domain", d, |d| check_base_url(d, "the hosted UI domain")));
        let issuer =
            v.optional_string("issuer").and_then(|i| v.check("issuer", i, |i| check_base_url(i, "the issuer")));
        let redirect_uri = v.optional_string("redirectUri").and_then(|u| v.check("redirectUri", u, check_redirect_url));
        let logout_uri = v.optional_string("logoutUri").and_then(|u| v.check("logoutUri", u, check_redirect_url));
        let scopes = v.optional_scopes();
        let api_base_url = v
            .optional_string("apiBaseUrl")
            .and_then(|a| v.check("apiBaseUrl", a, |a| check_base_url(a, "the API base URL")));
        let api_token = match v.optional_string("apiToken").as_deref() {
            None | Some("access") => ApiToken::Access,
            Some("id") => ApiToken::Id,
            Some(other) => {
                v.invalid("apiToken", format!("must be \"access\" or \"id\", not {other:?}"));
                ApiToken::Access
            }
        };

        let identity_provider =
            v.optional_string("identityProvider").and_then(|p| v.check("identityProvider", p, |p| check_name(p, 128)));
        let idp_identifier =
            v.optional_string("idpIdentifier").and_then(|p| v.check("idpIdentifier", p, |p| check_name(p, 40)));
        let lang = v.optional_string("lang").and_then(|l| v.check("lang", l, check_lang));
        let prompt = v.optional_string("prompt").and_then(|p| v.check("prompt", p, check_prompt));

        let restore_on_reload = match v.map.get("restoreOnReload") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                v.invalid("restoreOnReload", format!("must be true or false, not {}", json_kind(other)));
                true
            }
        };
        let refresh_margin_seconds = match v.map.get("refreshMarginSeconds") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_i64().is_some_and(|n| (0..=3600).contains(&n)) => n.as_i64(),
            Some(other) => {
                v.invalid(
                    "refreshMarginSeconds",
                    format!("must be a whole number of seconds from 0 to 3600, not {other}"),
                );
                None
            }
        };

        let app_name = v.optional_string("appName").and_then(|n| {
            v.check("appName", n, |n| {
                if n.is_empty() || n.chars().count() > 60 || n.chars().any(char::is_control) {
                    Err("must be 1 to 60 characters".to_string())
                } else {
                    Ok(n.to_string())
                }
            })
        });
        let logo_url = v.optional_string("logoUrl").and_then(|u| v.check("logoUrl", u, check_logo_url));
        let resource = v.optional_string("resource").and_then(|r| v.check("resource", r, check_redirect_url));
        let network_timeout_seconds = match v.map.get("networkTimeoutSeconds") {
            None | Some(Value::Null) => DEFAULT_NETWORK_TIMEOUT_SECS,
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| (1..=120).contains(&n)) => {
                n.as_u64().unwrap_or(15) as u32
            }
            Some(other) => {
                v.invalid(
                    "networkTimeoutSeconds",
                    format!("must be a whole number of seconds from 1 to 120, not {other}"),
                );
                DEFAULT_NETWORK_TIMEOUT_SECS
            }
        };

        let (Some(user_pool_id), Some(client_id)) = (user_pool_id, client_id) else {
            return Err(ConfigErrors(problems));
        };
        if !problems.is_empty() {
            return Err(ConfigErrors(problems));
        }
        let region = region_of(&user_pool_id).to_string();
        let issuer = issuer.unwrap_or_else(|| format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"));
        Ok(Config {
            region,
            issuer,
            domain,
            redirect_uri: redirect_uri.unwrap_or_else(|| format!("{}{}callback", page.origin, page.base_path)),
            logout_uri: logout_uri.unwrap_or_else(|| format!("{}{}", page.origin, page.base_path)),
            scopes: scopes.unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect()),
            api_base_url,
            api_token,
            identity_provider,
            idp_identifier,
            lang,
            prompt,
            restore_on_reload,
            refresh_margin_seconds,
            app_name: app_name.unwrap_or_else(|| DEFAULT_APP_NAME.to_string()),
            logo_url,
            network_timeout_seconds,
            resource,
            user_pool_id,
            client_id,
        })
    }
}

/// The region part of a pool ID (everything before the last `_`).
fn region_of(user_pool_id: &str) -> &str {
    user_pool_id.rsplit_once('_').map(|(r, _)| r).unwrap_or(user_pool_id)
}

struct Validator<'a> {
    map: &'a Map<String, Value>,
    problems: &'a mut Vec<ConfigProblem>,
}

impl Validator<'_> {
    fn invalid(&mut self, key: &'static str, problem: String) {
        self.problems.push(ConfigProblem::Invalid { key, problem });
    }

    fn required_string(&mut self, key: &'static str, expected: &'static str) -> Option<String> {
        match self.map.get(key) {
            None | Some(Value::Null) => {
                self.problems.push(ConfigProblem::Missing { key, expected });
                None
            }
            Some(_) => self.optional_string(key),
        }
    }

    fn optional_string(&mut self, key: &'static str) -> Option<String> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(other) => {
                self.invalid(key, format!("must be a string, not {}", json_kind(other)));
                None
            }
        }
    }

    fn check(
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

    fn optional_scopes(&mut self) -> Option<Vec<String>> {
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

fn json_kind(v: &Value) -> &'static str {
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
fn is_scope_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

/// Cognito's API pattern for a pool ID: `[\w-]+_[0-9a-zA-Z]+`, at most 55
/// characters.
fn check_user_pool_id(id: &str) -> Result<String, String> {
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
fn check_client_id(id: &str) -> Result<String, String> {
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
fn check_name(text: &str, max: usize) -> Result<String, String> {
    if text.is_empty() || text.chars().count() > max || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("must be 1 to {max} characters without spaces, not {text:?}"));
    }
    Ok(text.to_string())
}

/// A logo: a same-origin absolute path (`/logo.svg`) or an https URL.
fn check_logo_url(text: &str) -> Result<String, String> {
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
fn check_lang(text: &str) -> Result<String, String> {
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
fn check_prompt(text: &str) -> Result<String, String> {
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

fn parse_secure_url(text: &str) -> Result<HttpUrl, String> {
    let url = HttpUrl::parse(text).map_err(|e| format!("{e}: {text:?}"))?;
    if !url.is_secure_or_loopback() {
        return Err(format!("must use https (plain http is allowed only for localhost and 127.0.0.1): {text:?}"));
    }
    Ok(url)
}

/// A base URL (domain, issuer, API): https (or loopback http), no query or
/// fragment; returned without a trailing slash.
fn check_base_url(text: &str, what: &str) -> Result<String, String> {
    let url = parse_secure_url(text)?;
    if url.query.is_some() || url.fragment.is_some() {
        return Err(format!("must be {what} without `?` or `#`: {text:?}"));
    }
    Ok(text.trim_end_matches('/').to_string())
}

/// A redirect target registered on the app client: https (or loopback
/// http), no fragment (RFC 6749 §3.1.2). Kept exactly as written: Cognito
/// compares it character for character.
fn check_redirect_url(text: &str) -> Result<String, String> {
    let url = parse_secure_url(text)?;
    if url.fragment.is_some() {
        return Err(format!("must not contain a `#` fragment: {text:?}"));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> PageLocation {
        PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() }
    }

    fn parse(json: &str) -> Result<Config, ConfigErrors> {
        Config::from_json(json, &page())
    }

    fn problems(json: &str) -> Vec<ConfigProblem> {
        parse(json).unwrap_err().0
    }

    fn keys(json: &str) -> Vec<String> {
        problems(json).iter().filter_map(|p| p.key().map(str::to_string)).collect()
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse(r#"{"userPoolId":"us-east-1_AbCdEf123","clientId":"1example23456789"}"#).unwrap();
        assert_eq!(c.region, "us-east-1");
        assert_eq!(c.issuer, "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123");
        assert_eq!(c.redirect_uri, "http://localhost:8585/callback");
        assert_eq!(c.logout_uri, "http://localhost:8585/");
        assert_eq!(c.scopes, vec!["openid", "email", "profile"]);
        assert_eq!(c.domain, None);
        assert_eq!(c.api_base_url, None);
        assert_eq!(c.api_token, ApiToken::Access);
    }

    #[test]
    fn defaults_follow_the_base_path() {
        let page = PageLocation { origin: "https://app.example.com".into(), base_path: "/login/".into() };
        let c = Config::from_json(r#"{"userPoolId":"eu-west-1_X","clientId":"abc"}"#, &page).unwrap();
        assert_eq!(c.redirect_uri, "https://app.example.com/login/callback");
        assert_eq!(c.logout_uri, "https://app.example.com/login/");
    }

    #[test]
    fn full_config() {
        let c = parse(
            r#"{"userPoolId":"us-east-1_Local0001","clientId":"localdevclient000000000000",
                "domain":"http://127.0.0.1:9229/","issuer":"http://127.0.0.1:9230/us-east-1_Local0001",
                "redirectUri":"http://localhost:8585/callback","logoutUri":"http://localhost:8585/",
                "scopes":["openid","email","openid"],"apiBaseUrl":"http://127.0.0.1:9231","apiToken":"id"}"#,
        )
        .unwrap();
        assert_eq!(c.domain.as_deref(), Some("http://127.0.0.1:9229"));
        assert_eq!(c.issuer, "http://127.0.0.1:9230/us-east-1_Local0001");
        assert_eq!(c.scopes, vec!["openid", "email"]);
        assert_eq!(c.api_base_url.as_deref(), Some("http://127.0.0.1:9231"));
        assert_eq!(c.api_token, ApiToken::Id);
    }

    #[test]
    fn missing_client_id_is_named() {
        let p = problems(r#"{"userPoolId":"us-east-1_AbCdEf123"}"#);
        assert_eq!(p.len(), 1);
        assert!(matches!(p[0], ConfigProblem::Missing { key: "clientId", .. }));
        assert!(p[0].to_string().contains("`clientId` is missing"));
    }

    #[test]
    fn malformed_user_pool_id() {
        for bad in ["useast1AbCdEf123", "us-east-1_", "_abc", "us east-1_abc", "us-east-1_ab-c"] {
            let json = format!(r#"{{"userPoolId":{bad:?},"clientId":"abc"}}"#);
            assert_eq!(keys(&json), vec!["userPoolId"], "{bad}");
        }
        let long = format!("us-east-1_{}", "a".repeat(50));
        let json = format!(r#"{{"userPoolId":"{long}","clientId":"abc"}}"#);
        assert!(problems(&json)[0].to_string().contains("at most 55"));
    }

    #[test]
    fn client_id_pattern_not_length_26() {
        assert!(parse(r#"{"userPoolId":"us-east-1_A","clientId":"short+id_1"}"#).is_ok());
        assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":"has-dash"}"#), vec!["clientId"]);
        assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":""}"#), vec!["clientId"]);
        let long = "a".repeat(129);
        assert_eq!(keys(&format!(r#"{{"userPoolId":"us-east-1_A","clientId":"{long}"}}"#)), vec!["clientId"]);
    }

    #[test]
    fn unknown_key_with_suggestion() {
        let p = problems(r#"{"userPoolId":"us-east-1_A","clientID":"abc"}"#);
        // Both the typo and the consequence (clientId missing) are reported.
        assert!(p.contains(&ConfigProblem::Unknown { key: "clientID".into(), suggestion: Some("clientId") }));
        assert!(p.iter().any(|p| matches!(p, ConfigProblem::Missing { key: "clientId", .. })));
        assert!(p[0].to_string().contains("did you mean `clientId`"));
        let p = problems(r#"{"userPoolId":"us-east-1_A","clientId":"abc","colour":"red"}"#);
        assert_eq!(p, vec![ConfigProblem::Unknown { key: "colour".into(), suggestion: None }]);
    }

    #[test]
    fn http_domain_only_for_loopback() {
        let p = problems(r#"{"userPoolId":"us-east-1_A","clientId":"abc","domain":"http://auth.example.com"}"#);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].key(), Some("domain"));
        assert!(p[0].to_string().contains("https"));
        for ok in ["https://auth.example.com", "http://localhost:9229", "http://127.0.0.1:9229"] {
            let json = format!(r#"{{"userPoolId":"us-east-1_A","clientId":"abc","domain":"{ok}"}}"#);
            assert!(parse(&json).is_ok(), "{ok}");
        }
        assert_eq!(
            keys(r#"{"userPoolId":"us-east-1_A","clientId":"abc","domain":"auth.example.com"}"#),
            vec!["domain"]
        );
        assert_eq!(
            keys(r#"{"userPoolId":"us-east-1_A","clientId":"abc","domain":"https://a.example.com/?x"}"#),
            vec!["domain"]
        );
    }

    #[test]
    fn every_problem_at_once() {
        let p = problems(
            r#"{"userPoolId":"bad","clientID":"x","issuer":"http://evil.example.com","redirectUri":"https://a.example.com/cb#x",
                "logoutUri":5,"scopes":["email"],"apiBaseUrl":"ftp://x","apiToken":"refresh"}"#,
        );
        let mut k: Vec<&str> = p.iter().filter_map(|p| p.key()).collect();
        k.sort();
        assert_eq!(
            k,
            vec![
                "apiBaseUrl",
                "apiToken",
                "clientID",
                "clientId",
                "issuer",
                "logoutUri",
                "redirectUri",
                "scopes",
                "userPoolId"
            ]
        );
    }

    #[test]
    fn scopes_rules() {
        assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","scopes":"openid"}"#), vec!["scopes"]);
        assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","scopes":["openid email"]}"#), vec!["scopes"]);
        assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","scopes":["openid",1]}"#), vec!["scopes"]);
        let c =
            parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","scopes":["openid","api.example.com/read"]}"#).unwrap();
        assert_eq!(c.scopes, vec!["openid", "api.example.com/read"]);
    }

    #[test]
    fn authorize_pass_through_keys() {
        let c = parse(
            r#"{"userPoolId":"us-east-1_A","clientId":"a","identityProvider":"Google","idpIdentifier":"corp",
                "lang":"pt-BR","prompt":"login  consent"}"#,
        )
        .unwrap();
        assert_eq!(c.identity_provider.as_deref(), Some("Google"));
        assert_eq!(c.idp_identifier.as_deref(), Some("corp"));
        assert_eq!(c.lang.as_deref(), Some("pt-BR"));
        assert_eq!(c.prompt.as_deref(), Some("login consent"));
        let bad = keys(
            r#"{"userPoolId":"us-east-1_A","clientId":"a","identityProvider":"a b","lang":"german",
                "prompt":"none login"}"#,
        );
        assert_eq!(bad, vec!["identityProvider", "lang", "prompt"]);
        assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","prompt":"always"}"#), vec!["prompt"]);
    }

    #[test]
    fn session_keys() {
        let c = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a"}"#).unwrap();
        assert!(c.restore_on_reload);
        assert_eq!(c.refresh_margin_seconds, None);
        let c =
            parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","restoreOnReload":false,"refreshMarginSeconds":30}"#)
                .unwrap();
        assert!(!c.restore_on_reload);
        assert_eq!(c.refresh_margin_seconds, Some(30));
        let bad =
            keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","restoreOnReload":"yes","refreshMarginSeconds":-1}"#);
        assert_eq!(bad, vec!["restoreOnReload", "refreshMarginSeconds"]);
    }

    #[test]
    fn branding_keys() {
        let c = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a"}"#).unwrap();
        assert_eq!(c.app_name, DEFAULT_APP_NAME);
        assert_eq!(c.logo_url, None);
        let c = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","appName":"Data Platform","logoUrl":"/logo.svg"}"#)
            .unwrap();
        assert_eq!(c.app_name, "Data Platform");
        assert_eq!(c.logo_url.as_deref(), Some("/logo.svg"));
        assert!(
            parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","logoUrl":"https://cdn.example.com/l.png"}"#).is_ok()
        );
        let bad = keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","appName":"","logoUrl":"//evil.example/x.png"}"#);
        assert_eq!(bad, vec!["appName", "logoUrl"]);
    }

    #[test]
    fn network_timeout() {
        assert_eq!(parse(r#"{"userPoolId":"us-east-1_A","clientId":"a"}"#).unwrap().network_timeout_seconds, 15);
        let c = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","networkTimeoutSeconds":3}"#).unwrap();
        assert_eq!(c.network_timeout_seconds, 3);
        for bad in ["0", "121", "1.5", "\"5\""] {
            let json = format!(r#"{{"userPoolId":"us-east-1_A","clientId":"a","networkTimeoutSeconds":{bad}}}"#);
            assert_eq!(keys(&json), vec!["networkTimeoutSeconds"], "{bad}");
        }
    }

    #[test]
    fn not_json_or_not_object() {
        assert!(matches!(problems("{").as_slice(), [ConfigProblem::NotJson(_)]));
        assert_eq!(problems("[1]"), vec![ConfigProblem::NotAnObject]);
        assert_eq!(problems(r#""x""#), vec![ConfigProblem::NotAnObject]);
    }

    #[test]
    fn wrong_types_are_named() {
        let p = problems(r#"{"userPoolId":7,"clientId":"a"}"#);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].to_string(), "`userPoolId` must be a string, not a number");
    }

    #[test]
    fn readme_documents_every_key() {
        let readme = include_str!("../../README.md");
        for (key, _) in KEYS {
            assert!(readme.contains(&format!("| `{key}` |")), "README's configuration table lacks `{key}`");
        }
    }
}
