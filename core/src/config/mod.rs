//! Runtime configuration: the `config.json` an operator deploys next to the
//! app. One build serves every environment; only this file changes.
//!
//! The whole schema lives in [`KEYS`] (and the README's table, which a test
//! keeps in step). Parsing reports *every* problem at once, each naming the
//! key and what is expected, because an operator fixing a deployment should
//! not have to redeploy once per typo.

use crate::json::{Map, Value};

use crate::language::Language;

mod amplify;
mod amplify_findings;
#[cfg(test)]
mod amplify_tests;
mod error;
mod options;
mod problem;
mod rules;
mod source;
#[cfg(test)]
mod tests;

pub use amplify::{cognito_provider_name, translate as translate_amplify_outputs, Translation};
pub use amplify_findings::{AmplifyExpected, AmplifyFinding, AmplifyKey, AmplifyProblem, CUSTOM_PREFIX};
pub use error::{file_name, ConfigErrors, ConfigLoadError, ConfigProblem};
pub use options::{EntryProblem, OptionsProblem, Provider, SignInOption, MAX_SIGN_IN_OPTIONS};
pub use problem::{JsonKind, Rule};
use rules::*;
pub use source::{ConfigAnswer, ConfigFile, ConfigSource};

/// Every key `config.json` may contain (what each means: the README's
/// table, which a test keeps in step). Unknown keys are an error, so a typo
/// (`clientID`) is never silent. Names only: the landing module checks them
/// too, and descriptions would be bytes of its first load.
pub const KEYS: &[&str] = &[
    "userPoolId",
    "clientId",
    "domain",
    "issuer",
    "redirectUri",
    "logoutUri",
    "scopes",
    "apiBaseUrl",
    "apiToken",
    "identityProvider",
    "idpIdentifier",
    "identityProviders",
    "signUp",
    "lang",
    "language",
    "prompt",
    "restoreOnReload",
    "refreshMarginSeconds",
    "appName",
    "logoUrl",
    "networkTimeoutSeconds",
    "resource",
];

/// The scopes requested when `scopes` is absent.
pub const DEFAULT_SCOPES: &[&str] = &["openid", "email"];

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

impl PageLocation {
    /// The page's location from its origin and the path its own WebAssembly
    /// is served from (`/login/app-1_bg.wasm`): the base path is that file's
    /// folder (`/login/`), so sub-path hosting needs no `<base href>`. `None`
    /// (no module link found): the site root.
    pub fn served_from(origin: String, module_path: Option<&str>) -> PageLocation {
        let base_path =
            module_path.and_then(|p| p.rfind('/').map(|i| p[..=i].to_string())).unwrap_or_else(|| "/".into());
        PageLocation { origin, base_path }
    }
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
    /// The provider a plain "Sign in" goes to (`identityProvider` or
    /// `idpIdentifier`); `None`: the hosted UI, which lists them all.
    pub provider: Option<Provider>,
    /// The start page's buttons (`identityProviders`), in order; empty: one
    /// "Sign in".
    pub sign_in_options: Vec<SignInOption>,
    /// "Create account" opens Cognito's sign-up page (`signUp`).
    pub sign_up: bool,
    /// `lang` for `/oauth2/authorize`, when it is not the pages' language.
    pub lang: Option<String>,
    /// The pages' language: `language` in `config.json`, else filled in
    /// at load from the browser's preferred languages
    /// ([`Config::settle_language`]). It also goes to managed login as
    /// `lang` ([`Config::authorize_lang`]).
    pub language: Option<Language>,
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
    /// The file it came from (`amplify_outputs.json`: with the keys used).
    pub source: ConfigSource,
}

/// The network timeout when `networkTimeoutSeconds` is not configured (also
/// used while loading `config.json` itself).
pub const DEFAULT_NETWORK_TIMEOUT_SECS: u32 = 15;

/// The name shown when `appName` is not configured.
pub const DEFAULT_APP_NAME: &str = "Cognito Login";

impl Config {
    /// Settles [`Config::language`] once the page knows the browser's
    /// preferred languages, so every sign-in sends it as `lang`: the app's
    /// `fixed` language (`Words::new` in code), else `language` from
    /// `config.json`, else the first of `preferred` (`navigator.languages`)
    /// the catalogue has, else English ([`Language::choose`]).
    pub fn settle_language<'a>(
        &mut self,
        fixed: Option<Language>,
        preferred: impl IntoIterator<Item = &'a str>,
    ) -> Language {
        let language = fixed.unwrap_or_else(|| Language::choose(self.language, preferred));
        self.language = Some(language);
        language
    }

    /// `lang` for `/oauth2/authorize`: `lang` from `config.json`, else the
    /// pages' language (every one of them is a managed login language; the
    /// classic hosted UI ignores it).
    pub fn authorize_lang(&self) -> Option<&str> {
        self.lang.as_deref().or(self.language.map(Language::code))
    }

    /// Parses and validates the text of `config.json`. `page` is where the
    /// app runs, for the `redirectUri`/`logoutUri` defaults.
    pub fn from_json(text: &str, page: &PageLocation) -> Result<Config, ConfigErrors> {
        let value = crate::json::parse(text).map_err(|e| ConfigErrors(vec![ConfigProblem::NotJson(e.into())]))?;
        let Value::Object(map) = value else {
            return Err(ConfigErrors(vec![ConfigProblem::NotAnObject]));
        };
        Self::from_map(&map, page)
    }

    fn from_map(map: &Map, page: &PageLocation) -> Result<Config, ConfigErrors> {
        let mut problems = Vec::new();
        for key in map.keys() {
            if !KEYS.contains(&key.as_str()) {
                let suggestion = KEYS.iter().copied().find(|k| k.eq_ignore_ascii_case(key));
                problems.push(ConfigProblem::Unknown { key: key.clone(), suggestion });
            }
        }
        let mut v = Validator { map, problems: &mut problems };

        let user_pool_id = v.required_string("userPoolId");
        let user_pool_id = user_pool_id.and_then(|id| v.check("userPoolId", id, check_user_pool_id));
        let client_id = v.required_string("clientId");
        let client_id = client_id.and_then(|id| v.check("clientId", id, check_client_id));
        let domain = v.optional_string("domain").and_then(|d| v.check("domain", d, check_base_url));
        let issuer = v.optional_string("issuer").and_then(|i| v.check("issuer", i, check_base_url));
        let redirect_uri = v.optional_string("redirectUri").and_then(|u| v.check("redirectUri", u, check_redirect_url));
        let logout_uri = v.optional_string("logoutUri").and_then(|u| v.check("logoutUri", u, check_redirect_url));
        let scopes = v.optional_scopes();
        let api_base_url = v.optional_string("apiBaseUrl").and_then(|a| v.check("apiBaseUrl", a, check_base_url));
        let api_token = match v.optional_string("apiToken").as_deref() {
            None | Some("access") => ApiToken::Access,
            Some("id") => ApiToken::Id,
            Some(other) => {
                v.invalid("apiToken", Rule::ApiToken(other.to_string()));
                ApiToken::Access
            }
        };

        let (sign_in_options, provider) = options::sign_in_options(&mut v);
        let sign_up = options::sign_up(&mut v);
        let lang = v.optional_string("lang").and_then(|l| v.check("lang", l, check_lang));
        let prompt = v.optional_string("prompt").and_then(|p| v.check("prompt", p, check_prompt));
        let language = v.optional_string("language").and_then(|l| v.check("language", l, check_language));

        let restore_on_reload = match v.map.get("restoreOnReload") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                v.invalid("restoreOnReload", Rule::NotABool(json_kind(other)));
                true
            }
        };
        let refresh_margin_seconds = match v.map.get("refreshMarginSeconds") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_i64().is_some_and(|n| (0..=3600).contains(&n)) => n.as_i64(),
            Some(other) => {
                v.invalid("refreshMarginSeconds", Rule::Seconds { min: 0, max: 3600, value: other.to_string() });
                None
            }
        };

        let app_name = v.optional_string("appName").and_then(|n| {
            v.check("appName", n, |n| {
                if n.is_empty() || n.chars().count() > 60 || n.chars().any(char::is_control) {
                    Err(Rule::AppName)
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
                v.invalid("networkTimeoutSeconds", Rule::Seconds { min: 1, max: 120, value: other.to_string() });
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
            provider,
            sign_in_options,
            sign_up,
            lang,
            language,
            prompt,
            restore_on_reload,
            refresh_margin_seconds,
            app_name: app_name.unwrap_or_else(|| DEFAULT_APP_NAME.to_string()),
            logo_url,
            network_timeout_seconds,
            resource,
            user_pool_id,
            client_id,
            source: ConfigSource::ConfigJson,
        })
    }
}

/// The region part of a pool ID (everything before the last `_`).
fn region_of(user_pool_id: &str) -> &str {
    user_pool_id.rsplit_once('_').map(|(r, _)| r).unwrap_or(user_pool_id)
}
