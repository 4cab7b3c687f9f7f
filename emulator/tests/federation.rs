//! docs/COGNITO.md "Federated sign-in": providers' consent pages, the
//! `identities` claim, provider failures and the linked-account first
//! sign-in.

mod support;
use cognito_emulator::{FederatedUserConfig, IdentityProviderConfig};
use support::*;

async fn start_with_providers() -> Emulator {
    let mut config = EmulatorConfig::ephemeral();
    config.identity_providers = vec![IdentityProviderConfig::google(), IdentityProviderConfig::example_corp()];
    Emulator::start(config).await.unwrap()
}

/// Follows `/oauth2/authorize` with `extra` to the consent page, checks it,
/// and allows `account`.
async fn consent(emu: &Emulator, extra: &[(&str, &str)], heading: &str, account: &str) -> Response {
    let page = location(&authorize(emu, &authorize_params(extra), None).await);
    assert!(page.starts_with("/federation/consent?"), "{page}");
    let r = get_page(emu, &page).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!(r#"<h1 id="idpHeading">Sign in with {heading}</h1>"#)), "{html}");
    assert!(html.contains(r#"<label for="idpAccount">"#) && html.contains(r#"id="idpAllow">Allow<"#));
    post_form(emu, &form_action(&html), &[("account", account)]).await
}

#[tokio::test]
async fn identity_provider_skips_the_form_for_the_providers_page_and_comes_back_with_a_code() {
    let emu = start_with_providers().await;
    let r = consent(&emu, &[("identity_provider", "Google")], "Google", "carol@gmail.com").await;
    let (id, access) = claims_of_code(&emu, &code_of(&r)).await;
    assert_eq!(id["cognito:username"], "Google_109876543210987654321");
    assert_eq!(access["username"], "Google_109876543210987654321");
    assert_eq!(id["email"], "carol@gmail.com");
    let identity = &id["identities"][0];
    assert_eq!(identity["userId"], "109876543210987654321");
    assert_eq!(
        (identity["providerName"].as_str(), identity["providerType"].as_str()),
        (Some("Google"), Some("Google"))
    );
    assert_eq!(identity["issuer"], Value::Null);
    assert_eq!(identity["primary"], "true");
    let created = identity["dateCreated"].as_str().unwrap().parse::<i64>().unwrap();
    assert!((created / 1000 - emu.pool().now()).abs() < 5, "epoch milliseconds");
    assert!(id["identities"].as_array().unwrap().len() == 1);
    // A second sign-in is the same user.
    let r = consent(&emu, &[("identity_provider", "Google")], "Google", "109876543210987654321").await;
    assert_eq!(claims_of_code(&emu, &code_of(&r)).await.0["sub"], id["sub"]);
    // Native users have no identities claim.
    let (native, _) = claims_of_code(&emu, &code_for(&emu).await).await;
    assert!(native.get("identities").is_none());
}

#[tokio::test]
async fn idp_identifier_finds_the_company_provider() {
    let emu = start_with_providers().await;
    let r = consent(&emu, &[("idp_identifier", "example.com")], "ExampleCorp", "dave@example.com").await;
    let (id, _) = claims_of_code(&emu, &code_of(&r)).await;
    assert_eq!(id["cognito:username"], "ExampleCorp_dave@example.com");
    assert_eq!(id["identities"][0]["providerType"], "SAML");
    assert_eq!(id["identities"][0]["issuer"], "urn:example:corp:idp");
}

#[tokio::test]
async fn unknown_providers_and_accounts_are_refused() {
    let emu = start_with_providers().await;
    let r = authorize(&emu, &authorize_params(&[("identity_provider", "Facebook")]), None).await;
    let back = location(&r);
    assert!(back.starts_with(CALLBACK), "{back}");
    assert_eq!((query_of(&back)["error"].as_str(), query_of(&back)["state"].as_str()), ("invalid_request", "st4te"));
    let r = authorize(&emu, &authorize_params(&[("idp_identifier", "nowhere.example")]), None).await;
    assert_eq!(query_of(&location(&r))["error"], "invalid_request");
    // identity_provider=COGNITO is the hosted form.
    let r = authorize(&emu, &authorize_params(&[("identity_provider", "COGNITO")]), None).await;
    assert!(location(&r).starts_with("/login?"));
    let r = consent(&emu, &[("identity_provider", "Google")], "Google", "mallory@gmail.com").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains(r#"role="alert" id="idpErrorMessage">Google does not know"#));
}

#[tokio::test]
async fn the_hosted_form_offers_the_pools_providers() {
    let emu = start_with_providers().await;
    let html = get_page(&emu, &login_path(&emu, &authorize_params(&[])).await).await.text().await.unwrap();
    for name in ["Google", "ExampleCorp"] {
        let marker = format!(r#"id="idp-{name}" href=""#);
        let start = html.find(&marker).unwrap_or_else(|| panic!("no {name} button: {html}")) + marker.len();
        let href = html[start..start + html[start..].find('"').unwrap()].replace("&amp;", "&");
        assert!(href.starts_with("/oauth2/authorize?"), "{href}");
        assert_eq!(query_of(&href)["identity_provider"], name);
        assert_eq!(query_of(&href)["state"], "st4te");
    }
    // Exactly one submit button: the password form's.
    assert_eq!(html.matches(r#"type="submit""#).count(), 1);
    let plain = start().await;
    let html = get_page(&plain, &login_path(&plain, &authorize_params(&[])).await).await.text().await.unwrap();
    assert!(!html.contains("class=\"idp\""));
}

#[tokio::test]
async fn a_provider_failure_comes_back_as_invalid_request_then_works() {
    let emu = start_with_providers().await;
    assert!(emu.pool().fail_next_federated_sign_ins("Google", 1, None));
    let r = consent(&emu, &[("identity_provider", "Google")], "Google", "carol@gmail.com").await;
    let back = query_of(&location(&r));
    assert_eq!(back["error"], "invalid_request");
    assert_eq!(back["error_description"], "Timeout occurred in calling IdP token endpoint");
    assert_eq!(back["state"], "st4te");
    code_of(&consent(&emu, &[("identity_provider", "Google")], "Google", "carol@gmail.com").await);
    // Over the admin API, with another description.
    let r = http()
        .post(format!("{}/faults/federation", emu.origins().admin))
        .json(&json!({"provider": "ExampleCorp", "count": 1, "description": "Read timed out"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = consent(&emu, &[("idp_identifier", "example.com")], "ExampleCorp", "dave@example.com").await;
    assert_eq!(query_of(&location(&r))["error_description"], "Read timed out");
}

#[tokio::test]
async fn a_linked_identity_fails_its_first_sign_in_once() {
    let emu = start().await;
    let mut google = IdentityProviderConfig::google();
    google.users =
        vec![FederatedUserConfig { user_id: "4242".into(), email: USER.into(), linked_to: Some(USER.into()) }];
    emu.pool().upsert_identity_provider(google);
    let r = consent(&emu, &[("identity_provider", "Google")], "Google", USER).await;
    let back = query_of(&location(&r));
    assert_eq!(back["error"], "invalid_request");
    assert_eq!(back["error_description"], "Already found an entry for username Google_4242");
    let r = consent(&emu, &[("identity_provider", "Google")], "Google", USER).await;
    let (id, _) = claims_of_code(&emu, &code_of(&r)).await;
    assert_eq!(id["cognito:username"], USER, "signed in as the linked native user");
    assert_eq!(id["sub"], emu.pool().user_sub(USER).unwrap());
    assert_eq!(id["identities"][0]["userId"], "4242");
}

#[tokio::test]
async fn providers_come_from_the_config_file_shape_and_the_admin_api() {
    let provider: IdentityProviderConfig = serde_json::from_value(json!({
        "name": "Okta", "providerType": "OIDC", "identifiers": ["okta.example"],
        "issuer": "https://okta.example", "users": [{"userId": "u1", "email": "ivan@okta.example"}],
        "failNextSignIns": 1, "failureDescription": "Connection reset"
    }))
    .unwrap();
    let emu = start().await;
    let r = http().post(format!("{}/identity-providers", emu.origins().admin)).json(&provider).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = consent(&emu, &[("idp_identifier", "okta.example")], "Okta", "ivan@okta.example").await;
    assert_eq!(query_of(&location(&r))["error_description"], "Connection reset");
    let r = consent(&emu, &[("identity_provider", "Okta")], "Okta", "u1").await;
    assert_eq!(claims_of_code(&emu, &code_of(&r)).await.0["identities"][0]["issuer"], "https://okta.example");
}
