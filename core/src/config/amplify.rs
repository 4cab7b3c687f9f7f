//! `amplify_outputs.json` as configuration: an Amplify Gen 2 project already
//! has every value the app needs in the `auth` section of the file its
//! backend generates (schema version 1: `aws-amplify/amplify-backend`
//! `packages/client-config/src/client-config-schema/schema_v1.4.json`;
//! <https://docs.amplify.aws/android/reference/amplify_outputs/>).
//!
//! [`translate`] turns the file into the same settings object as
//! `config.json`, so the usual rules ([`Config::from_json`]'s) judge it:
//! one copy of each rule. It notes which Amplify key became which setting
//! ([`AmplifyFinding`]) and names what does not fit ([`AmplifyProblem`]).
//! Keys the app has no use for (`data`, `storage`, `auth.password_policy`…)
//! are ignored. Settings Amplify has no place for (`apiBaseUrl`, `appName`,
//! the emulator's `issuer`) can be added to the file with
//! `backend.addOutput({ custom: { cognitoLogin: { … } } })`.

use serde_json::{Map, Value};

use super::{
    AmplifyExpected, AmplifyFinding, AmplifyKey, AmplifyProblem, Config, ConfigErrors, ConfigProblem, ConfigSource,
    JsonKind, PageLocation,
};
use crate::json;
use crate::url::HttpUrl;

/// The settings object made from an `amplify_outputs.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The same shape as `config.json`.
    pub settings: Map<String, Value>,
    /// Which Amplify key became which setting.
    pub findings: Vec<AmplifyFinding>,
    /// What does not fit (the settings are still made of the rest).
    pub problems: Vec<AmplifyProblem>,
}

/// Amplify's names for the social providers and Cognito's (the names
/// `identity_provider` takes); any other name (a SAML or OIDC provider) is
/// the same in both.
const PROVIDER_NAMES: &[(&str, &str)] = &[
    ("GOOGLE", "Google"),
    ("FACEBOOK", "Facebook"),
    ("LOGIN_WITH_AMAZON", "LoginWithAmazon"),
    ("SIGN_IN_WITH_APPLE", "SignInWithApple"),
];

/// Cognito's name for an identity provider Amplify lists.
pub fn cognito_provider_name(amplify: &str) -> &str {
    PROVIDER_NAMES.iter().find(|(a, _)| *a == amplify).map(|(_, c)| *c).unwrap_or(amplify)
}

/// True when `text` looks like an `amplify_outputs.json` (an object with
/// `auth` and `version`) rather than a `config.json`: how the tools that
/// take either file tell them apart.
pub fn looks_like_amplify_outputs(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.as_object().map(|m| m.contains_key("auth") && m.contains_key("version")))
        .unwrap_or(false)
}

/// Translates the text of an `amplify_outputs.json`. `page` chooses among
/// several redirect URLs; without one (a tool checking the file) they are
/// left out, for the page to choose at run time.
pub fn translate(text: &str, page: Option<&PageLocation>) -> Result<Translation, ConfigErrors> {
    let amplify = |p| ConfigErrors(vec![ConfigProblem::Amplify(p)]);
    let value: Value = serde_json::from_str(text).map_err(|e| amplify(AmplifyProblem::NotJson(e.into())))?;
    let Value::Object(file) = value else { return Err(amplify(AmplifyProblem::NotAnObject)) };
    let mut t = Translation { settings: Map::new(), findings: Vec::new(), problems: Vec::new() };
    match file.get("version") {
        None | Some(Value::Null) => t.problems.push(AmplifyProblem::Missing(AmplifyKey::Version)),
        Some(Value::String(v)) if v == "1" || v.starts_with("1.") => {}
        Some(Value::String(v)) => t.problems.push(AmplifyProblem::UnknownVersion(v.clone())),
        Some(other) => t.problems.push(wrong(AmplifyKey::Version, AmplifyExpected::Version, other)),
    }
    if let Some(auth) = object(&file, "auth", AmplifyKey::Auth, &mut t.problems) {
        t.read_auth(auth, page);
    }
    t.read_custom(&file);
    Ok(t)
}

fn wrong(key: AmplifyKey, expected: AmplifyExpected, found: &Value) -> AmplifyProblem {
    AmplifyProblem::WrongType { key, expected, found: kind(found) }
}

fn object<'a>(
    map: &'a Map<String, Value>,
    name: &str,
    key: AmplifyKey,
    problems: &mut Vec<AmplifyProblem>,
) -> Option<&'a Map<String, Value>> {
    match map.get(name) {
        None | Some(Value::Null) => {
            problems.push(if key == AmplifyKey::OAuth {
                AmplifyProblem::NoOAuth
            } else {
                AmplifyProblem::Missing(key)
            });
            None
        }
        Some(Value::Object(m)) => Some(m),
        Some(other) => {
            problems.push(wrong(key, AmplifyExpected::Object, other));
            None
        }
    }
}

/// The URLs of a redirect list (`["https://…", …]`).
fn url_list(map: &Map<String, Value>, name: &str, key: AmplifyKey) -> Result<Vec<String>, AmplifyProblem> {
    match map.get(name) {
        None | Some(Value::Null) => Err(AmplifyProblem::Missing(key)),
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|i| i.as_str().map(str::to_string).ok_or_else(|| wrong(key, AmplifyExpected::Urls, i)))
            .collect(),
        Some(other) => Err(wrong(key, AmplifyExpected::OneOrMoreUrls, other)),
    }
}

/// The one URL of `urls` for `page`: the only one, else the only one on the
/// page's origin, else (several there) the one that is `preferred`.
fn choose(key: AmplifyKey, urls: &[String], page: &PageLocation, preferred: &str) -> Result<String, AmplifyProblem> {
    if let [only] = urls {
        return Ok(only.clone());
    }
    let here: Vec<&String> = urls
        .iter()
        .filter(|u| HttpUrl::parse(u).is_ok_and(|u| u.origin().eq_ignore_ascii_case(&page.origin)))
        .collect();
    match here.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(AmplifyProblem::NoneHere { key, count: urls.len(), origin: page.origin.clone() }),
        several => match several.iter().find(|u| u.as_str() == preferred) {
            Some(u) => Ok((*u).clone()),
            None => Err(AmplifyProblem::SeveralHere {
                key,
                urls: several.iter().map(|u| u.to_string()).collect(),
                origin: page.origin.clone(),
                expected: preferred.to_string(),
            }),
        },
    }
}

impl Translation {
    fn set(&mut self, from: AmplifyKey, to: &'static str, value: Value) {
        self.settings.insert(to.to_string(), value);
        self.findings.push(AmplifyFinding::Used { from, to });
    }

    fn read_auth(&mut self, auth: &Map<String, Value>, page: Option<&PageLocation>) {
        self.secrets(auth, "auth");
        for (name, key, to) in [
            ("user_pool_id", AmplifyKey::UserPoolId, "userPoolId"),
            ("user_pool_client_id", AmplifyKey::ClientId, "clientId"),
        ] {
            match auth.get(name) {
                None | Some(Value::Null) => self.problems.push(AmplifyProblem::Missing(key)),
                Some(value) => self.set(key, to, value.clone()),
            }
        }
        let pool = auth.get("user_pool_id").and_then(Value::as_str).unwrap_or_default();
        if let (Some(region), Some((pool_region, _))) =
            (auth.get("aws_region").and_then(Value::as_str), pool.rsplit_once('_'))
        {
            if region != pool_region {
                self.problems.push(AmplifyProblem::RegionMismatch {
                    region: region.to_string(),
                    pool: pool.to_string(),
                    pool_region: pool_region.to_string(),
                });
            }
        }
        if let Some(oauth) = object(auth, "oauth", AmplifyKey::OAuth, &mut self.problems) {
            self.read_oauth(oauth, page);
        }
    }

    fn read_oauth(&mut self, oauth: &Map<String, Value>, page: Option<&PageLocation>) {
        self.secrets(oauth, "auth.oauth");
        match oauth.get("domain") {
            None | Some(Value::Null) => self.problems.push(AmplifyProblem::Missing(AmplifyKey::Domain)),
            // Amplify writes the domain without a scheme.
            Some(Value::String(d)) if !d.contains("://") => {
                self.set(AmplifyKey::Domain, "domain", Value::String(format!("https://{d}")))
            }
            Some(other) => self.set(AmplifyKey::Domain, "domain", other.clone()),
        }
        match oauth.get("response_type") {
            None | Some(Value::Null) => {}
            Some(Value::String(r)) if r == "code" => {}
            Some(Value::String(r)) => self.problems.push(AmplifyProblem::ResponseType(r.clone())),
            Some(other) => self.problems.push(wrong(AmplifyKey::ResponseType, AmplifyExpected::Code, other)),
        }
        match oauth.get("scopes") {
            // An empty list: the app's default scopes.
            None | Some(Value::Null) => {}
            Some(Value::Array(s)) if s.is_empty() => {}
            Some(scopes) => self.set(AmplifyKey::Scopes, "scopes", scopes.clone()),
        }
        let callback = page.map(|p| format!("{}{}callback", p.origin, p.base_path)).unwrap_or_default();
        let root = page.map(|p| format!("{}{}", p.origin, p.base_path)).unwrap_or_default();
        for (name, key, to, preferred) in [
            ("redirect_sign_in_uri", AmplifyKey::RedirectSignIn, "redirectUri", callback),
            ("redirect_sign_out_uri", AmplifyKey::RedirectSignOut, "logoutUri", root),
        ] {
            let urls = match url_list(oauth, name, key) {
                Ok(urls) => urls,
                Err(problem) => {
                    self.problems.push(problem);
                    continue;
                }
            };
            let Some(page) = page else {
                self.findings.push(AmplifyFinding::ChosenByPage { from: key, count: urls.len() });
                continue;
            };
            match choose(key, &urls, page, &preferred) {
                Ok(url) if urls.len() == 1 => self.set(key, to, Value::String(url)),
                Ok(url) => {
                    self.settings.insert(to.to_string(), Value::String(url.clone()));
                    self.findings.push(AmplifyFinding::Chose { from: key, to, url, among: urls.len() });
                }
                Err(problem) => self.problems.push(problem),
            }
        }
        match oauth.get("identity_providers") {
            None | Some(Value::Null) => {}
            Some(Value::Array(names)) if names.is_empty() => {}
            Some(Value::Array(names)) => {
                // Amplify Gen 2 pools always sign in with email or phone too
                // (defineAuth's loginWith): the password form comes first.
                let cognito = std::iter::once(Value::String("COGNITO".into()));
                let providers: Result<Vec<Value>, _> = cognito
                    .chain(names.iter().cloned())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|n| match n {
                        Value::String(n) => Ok(serde_json::json!({ "name": cognito_provider_name(n) })),
                        other => Err(wrong(AmplifyKey::IdentityProviders, AmplifyExpected::ProviderNames, other)),
                    })
                    .collect();
                match providers {
                    Ok(list) => self.set(AmplifyKey::IdentityProviders, "identityProviders", Value::Array(list)),
                    Err(problem) => self.problems.push(problem),
                }
            }
            Some(other) => {
                self.problems.push(wrong(AmplifyKey::IdentityProviders, AmplifyExpected::ProviderNames, other))
            }
        }
    }

    /// A client secret anywhere in `map` is named (by key; its value never
    /// leaves here).
    fn secrets(&mut self, map: &Map<String, Value>, at: &str) {
        for name in map.keys().filter(|k| k.to_ascii_lowercase().contains("secret")) {
            self.problems.push(AmplifyProblem::ClientSecret(format!("{at}.{name}")));
        }
    }

    /// `custom.cognitoLogin`: settings Amplify has no place for, as is.
    fn read_custom(&mut self, file: &Map<String, Value>) {
        let Some(extra) = file.get("custom").and_then(|c| c.get("cognitoLogin")) else { return };
        let Value::Object(extra) = extra else {
            self.problems.push(AmplifyProblem::CustomNotObject(kind(extra)));
            return;
        };
        for (key, value) in extra {
            let given = self.findings.iter().find(|f| f.config_key() == Some(key.as_str()));
            if let Some(AmplifyFinding::Used { from, .. } | AmplifyFinding::Chose { from, .. }) = given {
                self.problems.push(AmplifyProblem::CustomRepeats { key: key.clone(), from: *from });
                continue;
            }
            self.settings.insert(key.clone(), value.clone());
            self.findings.push(AmplifyFinding::Custom { key: key.clone() });
        }
    }

    /// The problems of the usual rules, renamed to the Amplify keys the
    /// settings came from. A problem with a setting no Amplify key gave (a
    /// required one that is missing) is already among `self.problems`.
    fn rename(&self, errors: ConfigErrors) -> Vec<AmplifyProblem> {
        errors
            .0
            .into_iter()
            .filter_map(|problem| {
                let key = problem.key()?.to_string();
                let finding = self.findings.iter().find(|f| f.config_key() == Some(key.as_str()))?;
                Some(AmplifyProblem::Value { at: finding.source_path(), as_key: key, problem: Box::new(problem) })
            })
            .collect()
    }
}

/// The settings as the core's own JSON values, which the rules of
/// `config.json` read (the landing module's parser: see [`crate::json`]).
fn own_map(map: &Map<String, Value>) -> json::Map {
    map.iter().map(|(key, value)| (key.clone(), own(value))).collect()
}

/// What a value of the file is, for a problem (as the rules' `json_kind`).
fn kind(value: &Value) -> JsonKind {
    super::rules::json_kind(&match value {
        Value::Array(_) => json::Value::Array(Vec::new()),
        Value::Object(_) => json::Value::Object(json::Map::new()),
        scalar => own(scalar),
    })
}

fn own(value: &Value) -> json::Value {
    match value {
        Value::Null => json::Value::Null,
        Value::Bool(b) => json::Value::Bool(*b),
        Value::Number(n) => json::Value::Number(match (n.as_u64(), n.as_i64()) {
            (Some(n), _) => n.into(),
            (None, Some(n)) => n.into(),
            // serde_json's own text of a float: the shortest form.
            (None, None) => json::Number::float(&n.to_string()),
        }),
        Value::String(s) => json::Value::String(s.clone()),
        Value::Array(items) => json::Value::Array(items.iter().map(own).collect()),
        Value::Object(map) => json::Value::Object(own_map(map)),
    }
}

impl Config {
    /// Reads an `amplify_outputs.json` served next to the app at `page`:
    /// the configuration (its [`Config::source`] lists the Amplify keys
    /// used), or every problem, each naming its Amplify key.
    pub fn from_amplify_outputs(text: &str, page: &PageLocation) -> Result<Config, ConfigErrors> {
        Config::from_translation(translate(text, Some(page))?, page)
    }

    /// Checks an `amplify_outputs.json` where no page is known (the CSP and
    /// deploy tools): several redirect URLs are left for the page to choose.
    pub fn from_amplify_outputs_anywhere(text: &str) -> Result<Config, ConfigErrors> {
        let page = PageLocation { origin: "https://example.invalid".into(), base_path: "/".into() };
        Config::from_translation(translate(text, None)?, &page)
    }

    fn from_translation(t: Translation, page: &PageLocation) -> Result<Config, ConfigErrors> {
        let mut problems = t.problems.clone();
        match Config::from_map(&own_map(&t.settings), page) {
            Ok(mut config) if problems.is_empty() => {
                config.source = ConfigSource::AmplifyOutputs(t.findings);
                return Ok(config);
            }
            Ok(_) => {}
            Err(errors) if problems.is_empty() && t.rename(errors.clone()).is_empty() => return Err(errors),
            Err(errors) => problems.extend(t.rename(errors)),
        }
        Err(ConfigErrors(problems.into_iter().map(ConfigProblem::Amplify).collect()))
    }
}
