//! Browser tests (`wasm-bindgen-test` in headless Chromium) of the public
//! API: the config loader over real `fetch`, and a component mounted in the
//! page. The shell's own tests are in `src/browser/tests.rs`, the login
//! page's in `src/ui/tests.rs`.
#![cfg(target_arch = "wasm32")]

use cognito_login::browser::config::load_from;
use cognito_login::prelude::*;
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
        ConfigProblem::Missing { key: "clientId" },
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
    let root = container();
    let config =
        Config::from_json(r#"{"userPoolId":"us-east-1_A","clientId":"c","appName":"Built in code"}"#, &page()).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let config = config.clone();
        view! {
            <leptos_router::components::Router>
                <CognitoAuth config>
                    <SignedOut>
                        <p class="out">{move || use_auth().config().map(|c| c.app_name)}</p>
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

async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

thread_local! {
    /// The handle the last [`Probe`] found.
    static SEEN: std::cell::Cell<Option<Auth>> = const { std::cell::Cell::new(None) };
}

fn handle_auth(root: &web_sys::HtmlElement) -> Auth {
    assert!(root.query_selector(".probe").unwrap().is_some(), "a probe is rendered");
    SEEN.with(|s| s.get()).expect("a probe saw the handle")
}

/// Reports what the handle says, in the page.
#[component]
fn Probe() -> impl IntoView {
    let auth = use_auth();
    SEEN.with(|s| s.set(Some(auth)));
    let error = move || match auth.error() {
        Some(AuthFailure::Config(ConfigLoadError::NotFound { .. })) => "config not found",
        Some(_) => "other error",
        None => "no error",
    };
    view! {
        <p class="probe">
            {move || if auth.is_loading() { "loading" } else { "loaded" }} ", "
            {move || if auth.is_signed_in() { "signed in" } else { "signed out" }} ", "
            {error} ", "
            {move || auth.user().map_or("nobody".to_string(), |u| u.username)}
        </p>
    }
}

#[wasm_bindgen_test]
async fn use_auth_works_under_cognito_auth_before_the_configuration_has_loaded() {
    let root = container();
    // The test server has no config.json: loading at first, then the error.
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <leptos_router::components::Router>
                <CognitoAuth loading=Probe config_error=|_| view! { <Probe /> }.into_any()>
                    <p class="children">"configured"</p>
                </CognitoAuth>
            </leptos_router::components::Router>
        }
    });
    let probe = || root.query_selector(".probe").unwrap().map(|p| p.text_content().unwrap());
    assert_eq!(probe().as_deref(), Some("loading, signed out, no error, nobody"));
    let mut seen = probe();
    for _ in 0..100 {
        seen = probe();
        if seen.as_deref().is_some_and(|t| t.starts_with("loaded")) {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(seen.as_deref(), Some("loaded, signed out, config not found, nobody"));
    assert!(root.query_selector(".children").unwrap().is_none(), "no children without a configuration");
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_handle_before_and_after_the_configuration() {
    let root = container();
    let config = Config::from_json(
        r#"{"userPoolId":"us-east-1_A","clientId":"c","apiBaseUrl":"https://api.example.com"}"#,
        &page(),
    )
    .unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let config = config.clone();
        view! {
            <leptos_router::components::Router>
                <CognitoAuth config>
                    <Probe />
                    <SignedOut><p class="out">"signed out"</p></SignedOut>
                    <SignedIn><p class="in">"signed in"</p></SignedIn>
                </CognitoAuth>
            </leptos_router::components::Router>
        }
    });
    leptos::task::tick().await;
    let probe = root.query_selector(".probe").unwrap().expect("the probe").text_content().unwrap();
    assert_eq!(probe, "loaded, signed out, no error, nobody");
    assert!(root.query_selector(".out").unwrap().is_some());
    assert!(root.query_selector(".in").unwrap().is_none());
    // Nobody is signed in: the API and the token say so, nothing is sent.
    let auth = handle_auth(&root);
    assert_eq!(auth.fetch(&ApiRequest::get("/me")).await, Err(ApiError::NotSignedIn));
    assert_eq!(auth.access_token().await.map(|t| t.secret().clone()), Err(ApiError::NotSignedIn));
    // A refused header is refused before anything else.
    let refused = auth.fetch(&ApiRequest::get("/me").header("Authorization", "Bearer x")).await;
    assert_eq!(refused, Err(ApiError::BadHeader("Authorization".into())));
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_handle_whose_configuration_never_loaded_does_nothing() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <leptos_router::components::Router>
                <CognitoAuth loading=Probe>"configured"</CognitoAuth>
            </leptos_router::components::Router>
        }
    });
    let auth = handle_auth(&root);
    assert!(auth.is_loading() && auth.config().is_none() && auth.user().is_none());
    assert_eq!(auth.fetch(&ApiRequest::get("/me")).await, Err(ApiError::NotReady));
    assert_eq!(auth.access_token().await.map(|t| t.secret().clone()), Err(ApiError::NotReady));
    // Nothing to sign in to: no navigation, no error.
    auth.sign_in_here();
    assert!(!matches!(auth.error(), Some(AuthFailure::SignIn(_))));
    drop(handle);
}

#[wasm_bindgen_test]
async fn an_app_replaces_the_components_words() {
    let root = container();
    let config = Config::from_json(r#"{"userPoolId":"us-east-1_A","clientId":"c","signUp":true}"#, &page()).unwrap();
    let words = Words::default().replacing(|_, m| match m {
        Message::Text(Text::SignIn) => Some("Log in".into()),
        _ => None,
    });
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let (config, words) = (config.clone(), words.clone());
        view! {
            <leptos_router::components::Router>
                <CognitoAuth config words>
                    <SignInOptions />
                    <p class="said">{use_words().text(Text::SignIn)}</p>
                </CognitoAuth>
            </leptos_router::components::Router>
        }
    });
    leptos::task::tick().await;
    let buttons: Vec<String> = (0..root.query_selector_all("button").unwrap().length())
        .filter_map(|i| root.query_selector_all("button").unwrap().item(i)?.text_content())
        .collect();
    assert_eq!(buttons, ["Log in", "Create account"], "replaced, and the rest in English");
    let said = root.query_selector(".said").unwrap().expect("use_words under the provider").text_content();
    assert_eq!(said.as_deref(), Some("Log in"));
    drop(handle);
}

/// `language` in the configuration changes the components' words once it
/// has loaded, whatever the browser prefers (the headless browser prefers
/// English), and goes into `<html lang>`.
#[wasm_bindgen_test]
async fn the_configured_language_is_spoken_once_the_configuration_has_loaded() {
    let root = container();
    let config = Config::from_json(r#"{"userPoolId":"us-east-1_A","clientId":"c","language":"de"}"#, &page()).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let config = config.clone();
        view! {
            <leptos_router::components::Router>
                <CognitoAuth config>
                    <p class="said">{use_words().text(Text::SignIn)}</p>
                </CognitoAuth>
            </leptos_router::components::Router>
        }
    });
    leptos::task::tick().await;
    let said = root.query_selector(".said").unwrap().expect("the content under the provider").text_content();
    assert_eq!(said, Some(Words::new(Language::German).text(Text::SignIn)));
    let lang = web_sys::window().unwrap().document().unwrap().document_element().unwrap().get_attribute("lang");
    assert_eq!(lang.as_deref(), Some("de"));
    drop(handle);
}
