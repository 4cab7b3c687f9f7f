//! Browser tests (`wasm-bindgen-test` in headless Chromium) of the public
//! API: the config loader over real `fetch`, and a component mounted in the
//! page. The shell's own tests are in `src/browser/tests.rs`, the login
//! page's in `src/ui/tests.rs`.
#![cfg(target_arch = "wasm32")]

use cognito_login::browser::config::{load_from, ConfigLoadError};
use cognito_login::components::ConfigErrorPage;
use cognito_login::core::config::{ConfigErrors, ConfigProblem, PageLocation};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn page() -> PageLocation {
    PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() }
}

fn data_url(json: &str) -> String {
    format!("data:application/json,{}", js_sys::encode_uri_component(json))
}

#[wasm_bindgen_test]
async fn loads_a_valid_config_over_fetch() {
    let url = data_url(r#"{"userPoolId":"eu-west-1_Abc123","clientId":"client1"}"#);
    let config = load_from(&url, &page()).await.expect("valid config");
    assert_eq!(config.region, "eu-west-1");
    assert_eq!(config.redirect_uri, "http://localhost:8585/callback");
}

#[wasm_bindgen_test]
async fn reports_every_bad_key_from_fetch() {
    let url = data_url(r#"{"userPoolId":"nope","clientID":"x"}"#);
    let Err(ConfigLoadError::Invalid(errors)) = load_from(&url, &page()).await else {
        panic!("expected an invalid config");
    };
    let keys: Vec<&str> = errors.0.iter().filter_map(|p| p.key()).collect();
    assert!(keys.contains(&"userPoolId") && keys.contains(&"clientID") && keys.contains(&"clientId"), "{keys:?}");
}

#[wasm_bindgen_test]
async fn a_missing_config_is_reported_as_not_found() {
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let url = format!("{origin}/no-such-dir/config.json");
    match load_from(&url, &page()).await {
        Err(ConfigLoadError::NotFound { url: reported }) => assert_eq!(reported, url),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

#[wasm_bindgen_test]
async fn config_error_page_is_an_alert_naming_each_key() {
    let root = container();
    let error = ConfigLoadError::Invalid(ConfigErrors(vec![
        ConfigProblem::Missing { key: "clientId", expected: "the App client ID" },
        ConfigProblem::Unknown { key: "colour".into(), suggestion: None },
    ]));
    let handle = leptos::mount::mount_to(root.clone(), move || view! { <ConfigErrorPage error=error.clone() /> });
    let alert = root.query_selector("[role=alert]").unwrap().expect("an alert");
    let text = alert.text_content().unwrap();
    assert!(text.contains("`clientId` is missing"), "{text}");
    assert!(text.contains("`colour` is not a known setting"), "{text}");
    assert_eq!(alert.query_selector_all("li").unwrap().length(), 2);
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_provider_takes_a_config_built_in_code() {
    use cognito_login::components::{CognitoAuth, SignedOut};
    let root = container();
    let config = cognito_login::core::Config::from_json(
        r#"{"userPoolId":"us-east-1_A","clientId":"c","appName":"Built in code"}"#,
        &page(),
    )
    .unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let config = config.clone();
        view! {
            <leptos_router::components::Router>
                <CognitoAuth config>
                    <SignedOut>
                        <p class="out">{move || cognito_login::session::use_auth().config().app_name}</p>
                    </SignedOut>
                </CognitoAuth>
            </leptos_router::components::Router>
        }
    });
    leptos::task::tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Built in code"), "{text}");
    drop(handle);
}
