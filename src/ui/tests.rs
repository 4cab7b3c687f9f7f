//! Browser tests of the login page's shell (`wasm-bindgen-test` in headless
//! Chromium).

use cognito_login::core::config::PageLocation;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{ConfigState, Shell};

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

#[wasm_bindgen_test]
async fn shell_shows_sign_in_only_once_the_config_is_valid() {
    let root = container();
    let (state, set_state) = signal(ConfigState::Loading);
    let handle = leptos::mount::mount_to(root.clone(), move || view! { <Shell state /> });
    let text = || root.text_content().unwrap();
    assert!(text().contains("Loading"), "{}", text());
    assert!(!text().contains("Sign in"));
    let config =
        cognito_login::core::Config::from_json(r#"{"userPoolId":"us-east-1_A","clientId":"c"}"#, &page()).unwrap();
    set_state.set(ConfigState::Ready(Box::new(config)));
    leptos::task::tick().await;
    let button = root.query_selector("header button").unwrap().expect("a header button");
    assert_eq!(button.text_content().unwrap(), "Sign in");
    drop(handle);
}
