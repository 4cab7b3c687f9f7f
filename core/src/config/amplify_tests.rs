//! `amplify_outputs.json` as configuration: the documented Gen 2 shape
//! works, and every key that does not fit is named.

use serde_json::{json, Value};

use super::*;

fn page() -> PageLocation {
    PageLocation { origin: "http://localhost:3000".into(), base_path: "/".into() }
}

/// An `amplify_outputs.json` of the documented shape (schema 1.4), with
/// outputs the app ignores (data, storage, password policy…).
fn outputs() -> Value {
    json!({
        "$schema": "https://example.invalid/schema_v1.4.json",
        "version": "1.4",
        "auth": {
            "aws_region": "eu-west-1",
            "user_pool_id": "eu-west-1_AbCdEf123",
            "user_pool_client_id": "1example23456789abcdefghij",
            "identity_pool_id": "eu-west-1:0000-1111",
            "mfa_configuration": "OPTIONAL",
            "mfa_methods": ["TOTP"],
            "password_policy": { "min_length": 8, "require_numbers": true, "require_lowercase": true,
                                 "require_uppercase": true, "require_symbols": true },
            "standard_required_attributes": ["email"],
            "username_attributes": ["email"],
            "user_verification_types": ["email"],
            "unauthenticated_identities_enabled": true,
            "groups": [{ "admins": { "precedence": 0 } }],
            "oauth": {
                "identity_providers": [],
                "domain": "myapp.auth.eu-west-1.amazoncognito.com",
                "scopes": ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"],
                "redirect_sign_in_uri": ["http://localhost:3000/callback", "https://main.d1abc.amplifyapp.com/callback"],
                "redirect_sign_out_uri": ["http://localhost:3000/", "https://main.d1abc.amplifyapp.com/"],
                "response_type": "code"
            }
        },
        "data": { "aws_region": "eu-west-1", "url": "https://x.appsync-api.eu-west-1.amazonaws.com/graphql",
                  "default_authorization_type": "AMAZON_COGNITO_USER_POOLS", "authorization_types": [] },
        "storage": { "aws_region": "eu-west-1", "bucket_name": "files" }
    })
}

fn with(edit: impl FnOnce(&mut Value)) -> String {
    let mut v = outputs();
    edit(&mut v);
    v.to_string()
}

fn problems(text: &str) -> Vec<ConfigProblem> {
    Config::from_amplify_outputs(text, &page()).unwrap_err().0
}

/// A problem as the operator reads it (English).
fn said(p: &ConfigProblem) -> String {
    crate::words::Words::default().say(crate::words::Message::ConfigProblem(p))
}

fn paths(text: &str) -> Vec<String> {
    problems(text).iter().filter_map(|p| p.key().map(str::to_string)).collect()
}

#[test]
fn the_documented_shape_configures_the_app_and_says_which_keys_it_used() {
    let c = Config::from_amplify_outputs(&outputs().to_string(), &page()).unwrap();
    assert_eq!(c.user_pool_id, "eu-west-1_AbCdEf123");
    assert_eq!(c.region, "eu-west-1");
    assert_eq!(c.client_id, "1example23456789abcdefghij");
    assert_eq!(c.domain.as_deref(), Some("https://myapp.auth.eu-west-1.amazoncognito.com"));
    assert_eq!(c.issuer, "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123");
    assert_eq!(c.scopes, ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"]);
    assert_eq!(c.redirect_uri, "http://localhost:3000/callback");
    assert_eq!(c.logout_uri, "http://localhost:3000/");
    let ConfigSource::AmplifyOutputs(used) = &c.source else { panic!("source: {:?}", c.source) };
    let said: Vec<String> = used.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "auth.user_pool_id -> userPoolId",
            "auth.user_pool_client_id -> clientId",
            "auth.oauth.domain -> domain",
            "auth.oauth.scopes -> scopes",
            "auth.oauth.redirect_sign_in_uri -> redirectUri: http://localhost:3000/callback (1 of 2)",
            "auth.oauth.redirect_sign_out_uri -> logoutUri: http://localhost:3000/ (1 of 2)",
        ]
    );
    assert_eq!(c.source.file(), ConfigFile::AmplifyOutputs);
    assert_eq!(
        Config::from_json(r#"{"userPoolId":"eu-west-1_A","clientId":"c"}"#, &page()).unwrap().source.file(),
        ConfigFile::ConfigJson
    );
}

#[test]
fn the_production_page_takes_its_own_redirect_urls() {
    let prod = PageLocation { origin: "https://main.d1abc.amplifyapp.com".into(), base_path: "/".into() };
    let c = Config::from_amplify_outputs(&outputs().to_string(), &prod).unwrap();
    assert_eq!(c.redirect_uri, "https://main.d1abc.amplifyapp.com/callback");
    assert_eq!(c.logout_uri, "https://main.d1abc.amplifyapp.com/");
}

#[test]
fn several_redirect_urls_none_on_this_origin_are_named() {
    let elsewhere = PageLocation { origin: "https://login.example.com".into(), base_path: "/".into() };
    let found = Config::from_amplify_outputs(&outputs().to_string(), &elsewhere).unwrap_err().0;
    let said: Vec<String> = found.iter().map(said).collect();
    assert_eq!(
        said,
        [
            "`auth.oauth.redirect_sign_in_uri`: 2 URLs, none on https://login.example.com",
            "`auth.oauth.redirect_sign_out_uri`: 2 URLs, none on https://login.example.com",
        ]
    );
}

#[test]
fn several_redirect_urls_on_this_origin_need_this_pages_own() {
    let text = with(|v| {
        v["auth"]["oauth"]["redirect_sign_in_uri"] = json!(["http://localhost:3000/", "http://localhost:3000/auth"]);
    });
    let found = problems(&text);
    assert!(
        matches!(&found[..], [ConfigProblem::Amplify(AmplifyProblem::SeveralHere { key: AmplifyKey::RedirectSignIn, urls, expected, .. })]
            if urls.len() == 2 && expected == "http://localhost:3000/callback"),
        "{found:?}"
    );
    // One of them this page's callback: that one.
    let text = with(|v| {
        v["auth"]["oauth"]["redirect_sign_in_uri"] =
            json!(["http://localhost:3000/", "http://localhost:3000/callback"]);
    });
    assert_eq!(Config::from_amplify_outputs(&text, &page()).unwrap().redirect_uri, "http://localhost:3000/callback");
}

#[test]
fn a_single_redirect_url_is_taken_as_it_is() {
    let text = with(|v| {
        v["auth"]["oauth"]["redirect_sign_in_uri"] = json!(["https://login.example.com/callback"]);
    });
    let c = Config::from_amplify_outputs(&text, &page()).unwrap();
    assert_eq!(c.redirect_uri, "https://login.example.com/callback");
}

#[test]
fn each_missing_key_is_named() {
    let text = with(|v| {
        let auth = v["auth"].as_object_mut().unwrap();
        auth.remove("user_pool_id");
        auth.remove("user_pool_client_id");
    });
    assert_eq!(paths(&text), ["auth.user_pool_id", "auth.user_pool_client_id"]);
    assert_eq!(said(&problems(&text)[0]), "`auth.user_pool_id` is missing");

    let text = with(|v| {
        v["auth"]["oauth"].as_object_mut().unwrap().remove("domain");
    });
    assert_eq!(paths(&text), ["auth.oauth.domain"]);
    let text = with(|v| {
        v.as_object_mut().unwrap().remove("version");
    });
    assert_eq!(paths(&text), ["version"]);
    assert_eq!(paths(r#"{"version":"1"}"#), ["auth"]);
    assert_eq!(paths(&with(|v| v["version"] = json!("2"))), ["version"]);
}

#[test]
fn no_oauth_section_means_no_domain() {
    let text = with(|v| {
        v["auth"].as_object_mut().unwrap().remove("oauth");
    });
    let found = problems(&text);
    assert_eq!(found, [ConfigProblem::Amplify(AmplifyProblem::NoOAuth)]);
    assert!(said(&found[0]).contains("no hosted UI domain"), "{}", found[0]);
}

#[test]
fn a_client_secret_is_named_never_shown() {
    let text = with(|v| {
        v["auth"]["user_pool_client_secret"] = json!("s3cr3t-value");
    });
    let found = problems(&text);
    assert_eq!(paths(&text), ["auth.user_pool_client_secret"]);
    assert!(!said(&found[0]).contains("s3cr3t") && !found[0].to_string().contains("s3cr3t"), "{}", found[0]);
}

#[test]
fn only_the_code_response_type_fits() {
    let found = problems(&with(|v| v["auth"]["oauth"]["response_type"] = json!("token")));
    assert_eq!(found, [ConfigProblem::Amplify(AmplifyProblem::ResponseType("token".into()))]);
}

#[test]
fn values_the_usual_rules_refuse_are_named_by_their_amplify_key() {
    let text = with(|v| {
        v["auth"]["user_pool_id"] = json!("not-a-pool");
        v["auth"]["oauth"]["scopes"] = json!(["email"]);
        v["auth"]["oauth"]["domain"] = json!("http://insecure.example.com");
    });
    assert_eq!(paths(&text), ["auth.user_pool_id", "auth.oauth.domain", "auth.oauth.scopes"]);
    let said = said(&problems(&text)[0]);
    assert!(said.starts_with("`auth.user_pool_id` (as userPoolId) must look like REGION_ID"), "{said}");
    // A region that disagrees with the pool ID.
    assert_eq!(paths(&with(|v| v["auth"]["aws_region"] = json!("us-east-1"))), ["auth.aws_region"]);
}

#[test]
fn broken_files_are_named_as_amplify_outputs() {
    let found = problems("{ not json");
    assert!(said(&found[0]).starts_with("amplify_outputs.json is not valid JSON"), "{}", found[0]);
    assert_eq!(problems("[1]"), [ConfigProblem::Amplify(AmplifyProblem::NotAnObject)]);
    assert_eq!(
        paths(&with(|v| v["auth"]["oauth"]["redirect_sign_in_uri"] = json!("http://localhost:3000/"))),
        ["auth.oauth.redirect_sign_in_uri"]
    );
}

#[test]
fn identity_providers_get_cognitos_names() {
    let text = with(|v| {
        v["auth"]["oauth"]["identity_providers"] =
            json!(["GOOGLE", "FACEBOOK", "LOGIN_WITH_AMAZON", "SIGN_IN_WITH_APPLE", "MyCorpSaml"]);
    });
    let t = translate_amplify_outputs(&text, Some(&page())).unwrap();
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(
        t.settings["identityProviders"],
        json!([{"name":"COGNITO"},{"name":"Google"},{"name":"Facebook"},{"name":"LoginWithAmazon"},{"name":"SignInWithApple"},{"name":"MyCorpSaml"}])
    );
    assert!(t
        .findings
        .contains(&AmplifyFinding::Used { from: AmplifyKey::IdentityProviders, to: "identityProviders" }));
}

#[test]
fn custom_cognito_login_adds_settings_amplify_has_no_place_for() {
    let text = with(|v| {
        v["custom"] = json!({ "cognitoLogin": {
            "issuer": "http://127.0.0.1:9230/eu-west-1_AbCdEf123", "apiBaseUrl": "https://api.example.com" } });
    });
    let c = Config::from_amplify_outputs(&text, &page()).unwrap();
    assert_eq!(c.issuer, "http://127.0.0.1:9230/eu-west-1_AbCdEf123");
    assert_eq!(c.api_base_url.as_deref(), Some("https://api.example.com"));
    // A typo there is named where it is; a repeat of an auth key too.
    let text = with(|v| v["custom"] = json!({ "cognitoLogin": { "apiBaseURL": "x", "clientId": "y" } }));
    assert_eq!(paths(&text), ["auth.user_pool_client_id", "custom.cognitoLogin.apiBaseURL"]);
    assert_eq!(paths(&with(|v| v["custom"] = json!({ "cognitoLogin": [] }))), ["custom.cognitoLogin"]);
}

#[test]
fn tools_without_a_page_leave_the_redirect_urls_to_the_page() {
    let c = Config::from_amplify_outputs_anywhere(&outputs().to_string()).unwrap();
    assert_eq!(c.domain.as_deref(), Some("https://myapp.auth.eu-west-1.amazoncognito.com"));
    let ConfigSource::AmplifyOutputs(used) = &c.source else { panic!() };
    assert!(used.contains(&AmplifyFinding::ChosenByPage { from: AmplifyKey::RedirectSignIn, count: 2 }));
}

#[test]
fn the_setup_checker_says_which_file_and_keys() {
    let c = Config::from_amplify_outputs(&outputs().to_string(), &page()).unwrap();
    let findings = crate::setup::config_findings(&c);
    let finding = findings.iter().find(|f| matches!(f, crate::setup::Finding::ConfigFile(_))).unwrap();
    let said = crate::words::Words::default().finding(finding);
    assert_eq!(said.title, "Configuration file");
    assert!(
        said.detail.starts_with(
            "amplify_outputs.json (there is no config.json). Used: auth.user_pool_id as userPoolId; auth.user_pool_client_id as clientId;"
        ),
        "{}",
        said.detail
    );
    assert!(said.detail.contains("redirectUri: http://localhost:3000/callback (of 2, the one for this page)"));
}

#[test]
fn identity_providers_become_start_page_buttons_after_the_password_form() {
    let text =
        with(|v| v["auth"]["oauth"]["identity_providers"] = json!(["GOOGLE", "SIGN_IN_WITH_APPLE", "MyCorpSaml"]));
    let c = Config::from_amplify_outputs(&text, &page()).unwrap();
    let providers: Vec<Provider> = c.sign_in_options.iter().map(|o| o.provider.clone()).collect();
    let named = |n: &str| Provider::Named(n.to_string());
    assert_eq!(providers, [named("COGNITO"), named("Google"), named("SignInWithApple"), named("MyCorpSaml")]);
    // None listed: one "Sign in" to the hosted UI, as without the key.
    assert!(Config::from_amplify_outputs(&outputs().to_string(), &page()).unwrap().sign_in_options.is_empty());
}
