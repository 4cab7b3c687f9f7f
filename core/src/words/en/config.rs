//! English: what is wrong with `config.json` or `amplify_outputs.json`,
//! each problem naming its key ("`userPoolId` must look like REGION_ID…").

use crate::config::{
    AmplifyExpected, AmplifyProblem, ConfigProblem, EntryProblem, JsonKind, OptionsProblem, Rule, CUSTOM_PREFIX,
    MAX_SIGN_IN_OPTIONS,
};
use crate::url::UrlError;

/// One problem.
pub(super) fn problem(p: &ConfigProblem) -> String {
    match p {
        ConfigProblem::NotJson(json) => format!("config.json is not valid JSON: {json}"),
        ConfigProblem::NotAnObject => {
            "config.json must be a JSON object ({ \"userPoolId\": …, \"clientId\": … })".into()
        }
        ConfigProblem::Missing { key } => format!("`{key}` is missing: {}", expected(key)),
        ConfigProblem::Unknown { key, suggestion: Some(known) } => {
            format!("`{key}` is not a known setting (did you mean `{known}`?)")
        }
        ConfigProblem::Unknown { key, suggestion: None } => format!("`{key}` is not a known setting"),
        ConfigProblem::Invalid { key, problem } => format!("`{key}` {}", rule(key, problem)),
        ConfigProblem::Amplify(problem) => amplify(problem),
        ConfigProblem::SignInOptions(problem) => format!("`identityProviders` {}", options(problem)),
    }
}

/// What a JSON value is: "a number".
fn kind(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Null => "null",
        JsonKind::Bool => "true/false",
        JsonKind::Number => "a number",
        JsonKind::String => "a string",
        JsonKind::List => "a list",
        JsonKind::Object => "an object",
    }
}

fn amplify_expected(e: AmplifyExpected) -> &'static str {
    match e {
        AmplifyExpected::Version => "a string such as \"1.4\"",
        AmplifyExpected::Object => "an object",
        AmplifyExpected::Urls => "a list of URLs",
        AmplifyExpected::OneOrMoreUrls => "a list of one or more URLs",
        AmplifyExpected::ProviderNames => "a list of provider names",
        AmplifyExpected::Code => "\"code\"",
    }
}

/// What a required key holds.
fn expected(key: &str) -> &'static str {
    match key {
        "userPoolId" => "the User Pool ID, e.g. us-east-1_AbCdEf123",
        "clientId" => "the App client ID from the Cognito console",
        _ => "a value",
    }
}

/// Completes "`key` …".
fn rule(key: &str, r: &Rule) -> String {
    match r {
        Rule::NotAString(found) => format!("must be a string, not {}", kind(*found)),
        Rule::NotABool(found) => format!("must be true or false, not {}", kind(*found)),
        Rule::Seconds { min, max, value } => {
            format!("must be a whole number of seconds from {min} to {max}, not {value}")
        }
        Rule::ApiToken(text) => format!("must be \"access\" or \"id\", not {text:?}"),
        Rule::ScopesNotAList(found) => {
            format!("must be a list of strings such as [\"openid\",\"email\"], not {}", kind(*found))
        }
        Rule::NotAScope(text) => format!("contains {text:?}, which is not a single scope (no spaces or quotes)"),
        Rule::ScopeNotAString(found) => format!("must contain only strings, not {}", kind(*found)),
        Rule::NoOpenid => "must include \"openid\": without it Cognito returns no ID token".into(),
        Rule::PoolIdTooLong(length) => format!("is {length} characters long; a User Pool ID has at most 55"),
        Rule::PoolIdShape(text) => format!(
            "must look like REGION_ID, e.g. us-east-1_AbCdEf123 (copy the User Pool ID from the Cognito console), not {text:?}"
        ),
        Rule::ClientIdLength => {
            "must be 1 to 128 characters (copy the App client ID from the Cognito console)".into()
        }
        Rule::ClientIdCharacters(text) => format!(
            "may contain only letters, digits, `_` and `+`, not {text:?} (copy the App client ID from the Cognito console)"
        ),
        Rule::Name { max, text } => format!("must be 1 to {max} characters without spaces, not {text:?}"),
        Rule::AppName => "must be 1 to 60 characters".into(),
        Rule::Lang(text) => format!("must be a language tag such as \"de\" or \"pt-BR\", not {text:?}"),
        Rule::Language(text) => format!(
            "must be one of the languages these pages speak ({}), not {text:?}",
            crate::language::Language::ALL.map(crate::language::Language::code).join(", ")
        ),
        Rule::Prompt(text) => format!(
            "must be \"none\", or one or more of \"login\", \"select_account\", \"consent\", not {text:?}"
        ),
        Rule::Url { source, text } => format!("{}: {text:?}", url(source)),
        Rule::NotHttps(text) => {
            format!("must use https (plain http is allowed only for localhost and 127.0.0.1): {text:?}")
        }
        Rule::QueryOrFragment(text) => format!("must be {} without `?` or `#`: {text:?}", base_url(key)),
        Rule::Fragment(text) => format!("must not contain a `#` fragment: {text:?}"),
        Rule::BothShorthands => "and `identityProvider` both choose a provider; keep one".into(),
    }
}

/// What a base URL key names.
fn base_url(key: &str) -> &'static str {
    match key {
        "domain" => "the hosted UI domain",
        "issuer" => "the issuer",
        "apiBaseUrl" => "the API base URL",
        _ => "a base URL",
    }
}

/// Completes "`key` …" for a value that is not a URL.
fn url(e: &UrlError) -> &'static str {
    match e {
        UrlError::NotAbsolute => "is not an absolute http(s) URL (it must start with https://)",
        UrlError::Whitespace => "contains spaces or control characters",
        UrlError::Credentials => "must not contain a user name or password",
        UrlError::MissingHost => "has no host name",
        UrlError::InvalidHost => "has an invalid host name",
        UrlError::InvalidPort => "has an invalid port",
    }
}

/// Completes "`identityProviders` …".
fn options(p: &OptionsProblem) -> String {
    match p {
        OptionsProblem::NotAList(found) => format!(
            "must be a list such as [{{\"name\":\"Google\",\"label\":\"Continue with Google\"}}], not {}",
            kind(*found)
        ),
        OptionsProblem::ListAndShorthand => "and `identityProvider`/`idpIdentifier` are both set; keep one".into(),
        OptionsProblem::Count(count) => format!("must list 1 to {MAX_SIGN_IN_OPTIONS} providers, not {count}"),
        OptionsProblem::Entry { entry, problem } => format!("entry {entry}: {}", entry_problem(problem)),
    }
}

fn entry_problem(p: &EntryProblem) -> String {
    match p {
        EntryProblem::NotAnObject(found) => {
            format!("must be an object such as {{\"name\":\"Google\"}}, not {}", kind(*found))
        }
        EntryProblem::UnknownField(field) => format!("{field:?} is not a known field (name, idpIdentifier, label)"),
        EntryProblem::NotAString { field, kind: found } => format!("`{field}` must be a string, not {}", kind(*found)),
        EntryProblem::TwoProviders => "has both `name` and `idpIdentifier`; keep one".into(),
        EntryProblem::NoProvider => {
            "needs `name` (the provider's name in the user pool, or COGNITO) or `idpIdentifier`".into()
        }
        EntryProblem::BadProvider { field, max } => format!("`{field}` must be 1 to {max} characters without spaces"),
        EntryProblem::BadLabel => "`label` must be 1 to 60 characters".into(),
        EntryProblem::Duplicate => "the same provider is listed twice".into(),
    }
}

fn amplify(p: &AmplifyProblem) -> String {
    match p {
        AmplifyProblem::NotJson(json) => format!("amplify_outputs.json is not valid JSON: {json}"),
        AmplifyProblem::NotAnObject => {
            "amplify_outputs.json must be a JSON object ({ \"version\": \"1\", \"auth\": … })".into()
        }
        AmplifyProblem::Missing(key) => format!("`{}` is missing", key.path()),
        AmplifyProblem::WrongType { key, expected, found } => {
            format!("`{}` must be {}, not {}", key.path(), amplify_expected(*expected), kind(*found))
        }
        AmplifyProblem::UnknownVersion(version) => format!(
            "`version` is {version:?}: this app reads amplify_outputs.json version 1 (\"1\" to \"1.x\")"
        ),
        AmplifyProblem::NoOAuth => "`auth.oauth` is missing, so there is no hosted UI domain to sign in at: give defineAuth `externalProviders` (with callbackUrls and logoutUrls), which makes Amplify create a Cognito domain".into(),
        AmplifyProblem::ResponseType(kind) => format!(
            "`auth.oauth.response_type` is {kind:?}: this app signs in with the authorization code flow (\"code\") and PKCE"
        ),
        AmplifyProblem::ClientSecret(at) => format!(
            "`{at}` is a client secret: this app is a public client (a browser cannot keep a secret); use an app client without one"
        ),
        AmplifyProblem::NoneHere { key, count, origin } => {
            format!("`{}`: {count} URLs, none on {origin}", key.path())
        }
        AmplifyProblem::SeveralHere { key, urls, origin, expected } => format!(
            "`{}`: {} URLs on {origin} ({}) and none is {expected}",
            key.path(),
            urls.len(),
            urls.join(", ")
        ),
        AmplifyProblem::RegionMismatch { region, pool, pool_region } => {
            format!("`auth.aws_region` is {region:?}, but the user pool {pool} is in {pool_region}")
        }
        AmplifyProblem::CustomNotObject(found) => format!(
            "`{CUSTOM_PREFIX}` must be an object of config.json settings (e.g. {{ \"apiBaseUrl\": … }}), not {}",
            kind(*found)
        ),
        AmplifyProblem::CustomRepeats { key, from } => {
            format!("`{CUSTOM_PREFIX}.{key}` repeats `{}`: keep one", from.path())
        }
        AmplifyProblem::Value { at, as_key, problem: rule_problem } => {
            // What config.json's rule says, without the key it starts with
            // ("`userPoolId` must look like…" → "must look like…").
            let said = problem(rule_problem);
            let said = said.strip_prefix(&format!("`{as_key}` ")).map(str::to_string).unwrap_or(said);
            format!("`{at}` (as {as_key}) {said}")
        }
    }
}
