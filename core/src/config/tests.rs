//! The configuration's native tests: defaults, every field rule, every
//! problem reported at once.

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

/// A problem as the operator reads it (English).
fn said(p: &ConfigProblem) -> String {
    crate::words::Words::default().say(crate::words::Message::ConfigProblem(p))
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
    assert_eq!(c.scopes, vec!["openid", "email"]);
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
    assert!(said(&p[0]).contains("`clientId` is missing"));
}

#[test]
fn malformed_user_pool_id() {
    for bad in ["useast1AbCdEf123", "us-east-1_", "_abc", "us east-1_abc", "us-east-1_ab-c"] {
        let json = format!(r#"{{"userPoolId":{bad:?},"clientId":"abc"}}"#);
        assert_eq!(keys(&json), vec!["userPoolId"], "{bad}");
    }
    let long = format!("us-east-1_{}", "a".repeat(50));
    let json = format!(r#"{{"userPoolId":"{long}","clientId":"abc"}}"#);
    assert!(said(&problems(&json)[0]).contains("at most 55"));
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
    assert!(said(&p[0]).contains("did you mean `clientId`"));
    let p = problems(r#"{"userPoolId":"us-east-1_A","clientId":"abc","colour":"red"}"#);
    assert_eq!(p, vec![ConfigProblem::Unknown { key: "colour".into(), suggestion: None }]);
}

#[test]
fn http_domain_only_for_loopback() {
    let p = problems(r#"{"userPoolId":"us-east-1_A","clientId":"abc","domain":"http://auth.example.com"}"#);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key(), Some("domain"));
    assert!(said(&p[0]).contains("https"));
    for ok in ["https://auth.example.com", "http://localhost:9229", "http://127.0.0.1:9229"] {
        let json = format!(r#"{{"userPoolId":"us-east-1_A","clientId":"abc","domain":"{ok}"}}"#);
        assert!(parse(&json).is_ok(), "{ok}");
    }
    // Names that only look like loopback: plain http refused for every URL key.
    for host in ["http://127.evil.example", "http://127.0.0.1.nip.io", "http://localhost.evil", "http://0x7f.1"] {
        let json = format!(
            r#"{{"userPoolId":"us-east-1_A","clientId":"abc","domain":"{host}","issuer":"{host}","apiBaseUrl":"{host}"}}"#
        );
        assert_eq!(keys(&json), vec!["domain", "issuer", "apiBaseUrl"], "{host}");
    }
    assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":"abc","domain":"auth.example.com"}"#), vec!["domain"]);
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
    let c = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","scopes":["openid","api.example.com/read"]}"#).unwrap();
    assert_eq!(c.scopes, vec!["openid", "api.example.com/read"]);
}

#[test]
fn authorize_pass_through_keys() {
    let c = parse(
        r#"{"userPoolId":"us-east-1_A","clientId":"a","identityProvider":"Google",
            "lang":"pt-BR","prompt":"login  consent"}"#,
    )
    .unwrap();
    assert_eq!(c.provider, Some(Provider::Named("Google".into())));
    assert!(c.sign_in_options.is_empty() && !c.sign_up);
    let corp = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","idpIdentifier":"corp"}"#).unwrap();
    assert_eq!(corp.provider, Some(Provider::Identifier("corp".into())));
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
    let c = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","restoreOnReload":false,"refreshMarginSeconds":30}"#)
        .unwrap();
    assert!(!c.restore_on_reload);
    assert_eq!(c.refresh_margin_seconds, Some(30));
    let bad = keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","restoreOnReload":"yes","refreshMarginSeconds":-1}"#);
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
    assert!(parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","logoUrl":"https://cdn.example.com/l.png"}"#).is_ok());
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
    assert_eq!(said(&p[0]), "`userPoolId` must be a string, not a number");
}

#[test]
fn readme_documents_every_key() {
    let readme = include_str!("../../../README.md");
    for key in KEYS {
        assert!(readme.contains(&format!("| `{key}` |")), "README's configuration table lacks `{key}`");
    }
}

#[test]
fn the_base_path_is_the_folder_of_the_module() {
    let at = |p: Option<&str>| PageLocation::served_from("https://x.example".into(), p).base_path;
    assert_eq!(at(Some("/landing-1_bg.wasm")), "/");
    assert_eq!(at(Some("/login/landing-1_bg.wasm")), "/login/");
    assert_eq!(at(Some("/a/b/app_bg.wasm")), "/a/b/");
    assert_eq!(at(Some("app_bg.wasm")), "/");
    assert_eq!(at(None), "/");
}

#[test]
fn sign_in_options_in_order() {
    let c = parse(
        r#"{"userPoolId":"us-east-1_A","clientId":"a","signUp":true,"identityProviders":[
            {"name":"Google","label":"Continue with Google"},{"idpIdentifier":"example.com"},{"name":"COGNITO"}]}"#,
    )
    .unwrap();
    let named = |p: &str, label: Option<&str>| SignInOption {
        provider: Provider::Named(p.into()),
        label: label.map(str::to_string),
    };
    assert_eq!(
        c.sign_in_options,
        vec![
            named("Google", Some("Continue with Google")),
            SignInOption { provider: Provider::Identifier("example.com".into()), label: None },
            named("COGNITO", None),
        ]
    );
    assert!(c.sign_up);
    assert_eq!(c.provider, None);
    assert!(c.sign_in_options[2].provider.is_hosted_form() && !c.sign_in_options[0].provider.is_hosted_form());
    assert_eq!(c.sign_in_options[1].provider.parameter(), ("idp_identifier", "example.com"));
    let texts: Vec<String> = c
        .sign_in_options
        .iter()
        .map(|o| crate::words::start::words(crate::language::Language::English).sign_in_option(o))
        .collect();
    assert_eq!(texts, ["Continue with Google", "Continue with your example.com account", "Sign in with a password"]);
}

#[test]
fn a_bad_sign_in_option_is_named_by_its_place() {
    let problems = |extra: &str| {
        parse(&format!(r#"{{"userPoolId":"us-east-1_A","clientId":"a",{extra}}}"#))
            .unwrap_err()
            .0
            .iter()
            .map(said)
            .collect::<Vec<_>>()
    };
    for (extra, expected) in [
        (r#""identityProviders":[{"name":"Google"},{"nmae":"X"}]"#, "entry 2: \"nmae\" is not a known field"),
        (r#""identityProviders":[{"label":"X"}]"#, "entry 1: needs `name`"),
        (r#""identityProviders":[{"name":"G","idpIdentifier":"g.com"}]"#, "entry 1: has both"),
        (r#""identityProviders":[{"name":"Google"},{"name":"Google"}]"#, "entry 2: the same provider is listed twice"),
        (r#""identityProviders":[{"name":"Google","label":""}]"#, "entry 1: `label` must be 1 to 60"),
        (r#""identityProviders":[{"name":"a b"}]"#, "entry 1: `name` must be 1 to 128"),
        (r#""identityProviders":["Google"]"#, "entry 1: must be an object"),
        (r#""identityProviders":[]"#, "must list 1 to 8"),
        (r#""identityProviders":{"name":"Google"}"#, "must be a list"),
        (r#""identityProviders":[{"name":"Google"}],"identityProvider":"Google""#, "are both set"),
        (r#""identityProvider":"Google","idpIdentifier":"corp""#, "both choose a provider"),
        (r#""signUp":"yes""#, "`signUp` must be true or false"),
    ] {
        let found = problems(extra);
        assert!(found.iter().any(|p| p.contains(expected)), "{extra}: {found:?}");
    }
}

#[test]
fn the_pages_language_is_the_apps_then_config_then_the_browsers_and_goes_to_managed_login() {
    use crate::language::Language;
    let fixed = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","language":"de-AT"}"#).unwrap();
    assert_eq!(fixed.language, Some(Language::German));
    assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","language":"pt"}"#), vec!["language"]);
    assert_eq!(keys(r#"{"userPoolId":"us-east-1_A","clientId":"a","language":3}"#), vec!["language"]);

    // config.json's language beats the browser's; the app's beats both.
    let mut c = fixed.clone();
    assert_eq!(c.settle_language(None, ["fr-FR"]), Language::German);
    assert_eq!(c.authorize_lang(), Some("de"));
    let mut c = fixed.clone();
    assert_eq!(c.settle_language(Some(Language::Japanese), ["fr-FR"]), Language::Japanese);
    assert_eq!((c.language, c.authorize_lang()), (Some(Language::Japanese), Some("ja")));

    // Without one: the browser's first the pages speak, else English.
    let mut open = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a"}"#).unwrap();
    assert_eq!(open.authorize_lang(), None, "nothing is sent before the language is settled");
    assert_eq!(open.settle_language(None, ["pt-BR", "es-MX"]), Language::Spanish);
    assert_eq!(open.authorize_lang(), Some("es"));

    // `lang` in config.json is what managed login gets, whatever the pages speak.
    let mut lang = parse(r#"{"userPoolId":"us-east-1_A","clientId":"a","lang":"pt-BR"}"#).unwrap();
    assert_eq!(lang.settle_language(None, ["de"]), Language::German);
    assert_eq!(lang.authorize_lang(), Some("pt-BR"));
}
