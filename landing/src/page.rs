//! The landing page's DOM: the same markup and classes as the full app's
//! header and signed-out home page (`src/ui/header.rs`, `src/ui/pages.rs`,
//! `src/components/sign_in_options.rs`) and the same words (one copy:
//! `core::words`), so the page looks the same whichever module drew it and
//! the full app can take it over without a visible change. The markup is
//! written twice (here with `web-sys`, there with Leptos's `view!`): one
//! copy needs a presentation layer both can use. The words are
//! `core::words::start`'s, in the page's language, called directly, so the
//! first load carries none of the rest of the catalogue.

use cognito_login_core::auth::login::AuthorizeOptions;
use cognito_login_core::config::{Config, DEFAULT_APP_NAME};
use cognito_login_core::words::start::StartWords;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("no document")
}

/// `<tag class="class">text</tag>`.
fn element(tag: &str, class: &str, text: &str) -> Element {
    let e = document().create_element(tag).expect("valid tag");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    e
}

fn append(parent: &Element, children: &[&Element]) {
    for child in children {
        let _ = parent.append_child(child);
    }
}

/// A `type="button"` button.
fn button(class: &str, text: &str) -> Element {
    let b = element("button", class, text);
    let _ = b.set_attribute("type", "button");
    b
}

/// The header: brand (logo and name, a link to the start page) and the
/// account area.
fn header(words: &StartWords, name: &str, logo: Option<&str>, base_path: &str, account: &[&Element]) -> Element {
    let header = element("header", "site-header", "");
    let brand = element("a", "brand", "");
    let _ = brand.set_attribute("href", base_path);
    if let Some(src) = logo {
        let img = element("img", "logo", "");
        let _ = img.set_attribute("src", src);
        let _ = img.set_attribute("alt", "");
        append(&brand, &[&img]);
    }
    append(&brand, &[&element("span", "name", name)]);
    let nav = element("nav", "account", "");
    let _ = nav.set_attribute("aria-label", words.account);
    append(&nav, account);
    append(&header, &[&brand, &nav]);
    header
}

fn replace_body(children: &[&Element]) {
    if let Some(body) = document().body() {
        body.set_text_content(None);
        for child in children {
            let _ = body.append_child(child);
        }
    }
}

/// While `config.json` loads, once `delay_ms` have passed with nothing on
/// the page: the header without an account control, and "Loading…".
pub fn show_loading_after(words: &'static StartWords, delay_ms: i32, base_path: &str) {
    let base_path = base_path.to_string();
    let later = Closure::once_into_js(move || {
        let blank = document().body().is_some_and(|b| b.child_element_count() == 0);
        if blank {
            show_loading(words, &base_path);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), delay_ms);
    }
}

fn show_loading(words: &StartWords, base_path: &str) {
    let main = element("main", "content", "");
    let loading = element("p", "loading", words.loading);
    let _ = loading.set_attribute("aria-live", "polite");
    append(&main, &[&loading]);
    replace_body(&[&header(words, DEFAULT_APP_NAME, None, base_path, &[]), &main]);
}

/// The signed-out start page: "Sign in" in the header, and in the card one
/// button per sign-in option (or "Sign in") and "Create account" when
/// `signUp` is on (the markup of `SignInOptions` in `src/components`); each
/// calls `sign_in` with what it starts.
pub fn show_landing(
    words: &StartWords,
    config: &Config,
    base_path: &str,
    sign_in: impl Fn(&Config, AuthorizeOptions) + 'static,
) {
    document().set_title(&config.app_name);
    let sign_in = std::rc::Rc::new(sign_in);
    let on_click = |b: &Element, options: AuthorizeOptions| {
        let (config, sign_in) = (config.clone(), sign_in.clone());
        let click = Closure::<dyn Fn()>::new(move || sign_in(&config, options.clone()));
        let _ = b.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
        click.forget();
    };
    let small = button("button primary", words.sign_in);
    on_click(&small, AuthorizeOptions::default());
    let options = element("div", "sign-in-options", "");
    if config.sign_in_options.is_empty() {
        let large = button("button primary large", words.sign_in);
        on_click(&large, AuthorizeOptions::default());
        append(&options, &[&large]);
    }
    for option in &config.sign_in_options {
        let b = button("button primary large", &words.sign_in_option(option));
        on_click(&b, AuthorizeOptions::with(Some(option.provider.clone())));
        append(&options, &[&b]);
    }
    if config.sign_up {
        let b = button("button large sign-up", words.create_account);
        on_click(&b, AuthorizeOptions::sign_up());
        append(&options, &[&b]);
    }
    let card = element("section", "card landing", "");
    append(&card, &[&element("h1", "", &config.app_name), &element("p", "", words.signed_out), &options]);
    let main = element("main", "content", "");
    append(&main, &[&card]);
    replace_body(&[&header(words, &config.app_name, config.logo_url.as_deref(), base_path, &[&small]), &main]);
}

/// After "Sign in": the card goes and the header says "Signing in…" (as
/// the full app's `Redirecting` state does).
pub fn show_redirecting(words: &StartWords) {
    let document = document();
    if let Some(card) = document.query_selector("main .card.landing").ok().flatten() {
        card.remove();
    }
    if let Some(nav) = document.query_selector("nav.account").ok().flatten() {
        let b = button("button primary", words.signing_in);
        let _ = b.set_attribute("disabled", "");
        nav.set_text_content(None);
        append(&nav, &[&b]);
    }
}
