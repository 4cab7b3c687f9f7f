//! The setup checker's findings in English: each names what to change, in
//! the Cognito console's words (the end-to-end tests read several).

use super::*;
use crate::auth::callback::CallbackError;
use crate::auth::token::TokenError;
use crate::auth::{OAuthEndpoint, OAuthErrorCode};
use crate::config::{Config, PageLocation};
use crate::setup::{
    config_findings, discovery_findings, manual_findings, redirect_findings, DiscoveryOutcome, SetupProgress, Status,
    TestSignIn,
};

fn page() -> PageLocation {
    PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() }
}

fn config(extra: &str) -> Config {
    Config::from_json(&format!(r#"{{"userPoolId":"us-east-1_Abc","clientId":"c1"{extra}}}"#), &page()).unwrap()
}

fn said(finding: &Finding) -> FindingText {
    Words::default().finding(finding)
}

#[test]
fn every_finding_has_a_title_and_a_detail() {
    let c = config(r#","signUp":true,"identityProvider":"Okta","redirectUri":"https://x.example/cb""#);
    let mut all = config_findings(&c);
    all.extend(redirect_findings(&c, &page()));
    all.extend(manual_findings(&c));
    for f in &all {
        let text = said(f);
        assert!(!text.title.is_empty() && !text.detail.is_empty(), "{f:?}");
        assert_eq!(text.fix.is_empty(), f.status() == Status::Pass, "{f:?}: {text:?}");
    }
}

#[test]
fn redirects_elsewhere_name_the_url_to_register() {
    let c = config(r#","redirectUri":"https://other.example/cb""#);
    let text = said(&redirect_findings(&c, &page())[0]);
    assert!(text.fix.iter().any(|s| s.contains("add exactly http://localhost:8585/callback")), "{text:?}");
}

#[test]
fn a_wrong_pool_names_where_to_copy_the_id_from() {
    let url = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc/.well-known/openid-configuration";
    let f = discovery_findings(&config(""), url, DiscoveryOutcome::Answered { status: 400, body: "{}" });
    let text = said(&f[0]);
    assert!(text.detail.contains("User Pool ID or its region is wrong"), "{text:?}");
    assert!(text.fix[0].contains("User pool ID (REGION_xxxxxxxxx)") && text.fix[1].contains("(us-east-1)"));
    assert!(said(&Finding::NoHostedUi).fix[0].contains("Create Cognito domain"));
}

#[test]
fn a_stopped_test_names_the_console_setting_behind_the_code() {
    let stopped = |error: AuthError| {
        let mut p = SetupProgress::started(1000);
        p.finish(Err(&error));
        said(&p.findings(&config(""), Some(&error))[0])
    };
    let denied = CallbackError::Provider { error: OAuthErrorCode::UnauthorizedClient, description: None };
    let text = stopped(AuthError::Callback(denied));
    assert!(text.detail.contains("unauthorized_client") && text.fix[0].contains("Authorization code grant"));
    let refused = AuthError::Token(TokenError::Provider { error: OAuthErrorCode::InvalidClient, status: 400 });
    assert!(stopped(refused).fix[0].contains("Public client"));
    let scopes = AuthError::ScopesRefused { sent: "openid email".into(), description: None };
    let text = stopped(scopes);
    assert!(text.detail.contains("invalid_scope") && text.fix[0].contains("OpenID Connect scopes"), "{text:?}");
    let text = stopped(AuthError::IdToken(crate::auth::jwt::JwtError::BadSignature));
    assert_eq!(text.fix, ["Fix the problem above, then test again."]);
    assert!(text.detail.contains("invalid signature"), "{text:?}");
    let forgotten = Finding::TestStopped { error: None, provider_error: None };
    assert!(said(&forgotten).detail.contains("Test again"));
}

#[test]
fn a_test_that_never_came_back_names_the_callback_and_the_scopes() {
    let text = said(&SetupProgress::started(1000).findings(&config(""), None)[0]);
    assert_eq!(text.title, "The callback never arrived");
    assert!(text.detail.contains("add exactly http://localhost:8585/callback"), "{}", text.detail);
    assert!(text.detail.contains("invalid_scope") && text.detail.contains("(openid email)"), "{}", text.detail);
}

#[test]
fn a_test_that_passed_without_asking_names_the_classic_hosted_ui() {
    let mut p = SetupProgress::started(1000);
    p.finish(Ok(TestSignIn { email: false, auth_time: Some(900) }));
    let texts: Vec<FindingText> = p.findings(&config(""), None).iter().map(said).collect();
    assert!(texts[0].detail.contains("classic hosted UI, which ignores prompt"), "{texts:?}");
    assert!(texts[1].detail.contains("no email claim") && texts[1].fix[0].contains("make email a required attribute"));
}

#[test]
fn console_checks_say_what_config_json_uses() {
    let find = |c: &Config, title: &str| {
        manual_findings(c).iter().map(said).find(|t| t.title == title).unwrap_or_else(|| panic!("{title}"))
    };
    let text = find(&config(""), "Managed login");
    assert!(text.fix[0].contains("ignores them") && text.fix.len() == 1, "{:?}", text.fix);
    let c = config(r#","prompt":"login","lang":"de","resource":"https://api.example.com""#);
    let text = find(&c, "Managed login");
    assert!(text.fix[1].contains("prompt and lang"), "{:?}", text.fix);
    assert!(text.fix[2].contains("resource server whose identifier is exactly https://api.example.com"));
    let c = config(
        r#","signUp":true,"identityProviders":[{"name":"Google"},{"idpIdentifier":"example.com"},{"name":"COGNITO"}]"#,
    );
    let text = find(&c, "Sign-in options");
    assert_eq!(text.fix.len(), 4, "{:?}", text.fix);
    assert!(text.fix[0].starts_with("Google: ") && text.fix[0].contains("provider name"), "{:?}", text.fix);
    assert!(text.fix[1].starts_with("example.com: ") && text.fix[1].contains("Identifiers"));
    assert!(text.fix[2].contains("Cognito user pool directory") && text.fix[3].contains("Self-service sign-up"));
    let text = find(&config(r#","scopes":["openid","email","phone"]"#), "Attribute read permissions");
    assert!(text.fix[1].contains("email_verified") && text.fix[1].contains("phone_number_verified"));
    assert!(text.fix[1].contains("invalid_grant"));
    assert_eq!(find(&config(r#","scopes":["openid"]"#), "Attribute read permissions").fix.len(), 1);
}

#[test]
fn every_code_has_a_console_setting() {
    use crate::words::en::setup_console_setting as setting;
    for at in [OAuthEndpoint::Authorize, OAuthEndpoint::Token] {
        for code in ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "access_denied", "x"]
        {
            assert!(!setting(&OAuthErrorCode::parse(code), at).is_empty(), "{code}");
        }
    }
    assert!(setting(&OAuthErrorCode::UnauthorizedClient, OAuthEndpoint::Authorize).contains("Authorization code grant"));
    assert!(setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize).contains("OpenID"));
    assert!(setting(&OAuthErrorCode::InvalidClient, OAuthEndpoint::Token).contains("Public client"));
    // Cognito's second cause at the code exchange: an attribute the scopes
    // cover that the client may not read (the user would loop).
    assert!(setting(&OAuthErrorCode::InvalidGrant, OAuthEndpoint::Token).contains("Attribute permissions"));
}
