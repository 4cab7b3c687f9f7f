//! Browser tests of the login page's shell (`wasm-bindgen-test` in headless
//! Chromium).

use cognito_login_core::config::{Config, PageLocation};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::Shell;

wasm_bindgen_test_configure!(run_in_browser);

fn page() -> PageLocation {
    PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() }
}

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

fn router(config: Option<Config>) -> impl IntoView {
    view! {
        <leptos_router::components::Router>
            {match config.clone() {
                Some(config) => view! { <Shell config /> }.into_any(),
                None => view! { <Shell /> }.into_any(),
            }}
        </leptos_router::components::Router>
    }
}

#[wasm_bindgen_test]
async fn shell_shows_sign_in_once_the_config_is_valid_and_names_the_app() {
    let root = container();
    let config = Config::from_json(r#"{"userPoolId":"us-east-1_A","clientId":"c","appName":"Acme"}"#, &page()).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || router(Some(config.clone())));
    leptos::task::tick().await;
    let button = root.query_selector("header button").unwrap().expect("a header button");
    assert_eq!(button.text_content().unwrap(), "Sign in");
    assert_eq!(root.query_selector("header .name").unwrap().unwrap().text_content().unwrap(), "Acme");
    assert_eq!(web_sys::window().unwrap().document().unwrap().title(), "Acme");
    drop(handle);
}

#[wasm_bindgen_test]
async fn shell_shows_its_header_while_loading_and_its_own_words_on_a_config_error() {
    let root = container();
    // The test server has no config.json: loading, then a configuration error.
    let handle = leptos::mount::mount_to(root.clone(), move || router(None));
    let text = || root.text_content().unwrap();
    assert!(root.query_selector("header").unwrap().is_some(), "{}", text());
    assert!(text().contains("Loading"), "{}", text());
    assert!(root.query_selector("header button").unwrap().is_none(), "nothing to sign in to yet");
    for _ in 0..100 {
        if root.query_selector("[role=alert]").unwrap().is_some() {
            break;
        }
        sleep(20).await;
    }
    assert!(root.query_selector("header").unwrap().is_some(), "{}", text());
    assert!(text().contains("This login page is not configured correctly"), "{}", text());
    assert!(text().contains("setup checker"), "{}", text());
    drop(handle);
}
