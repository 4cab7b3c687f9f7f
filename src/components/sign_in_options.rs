//! The start page's sign-in buttons: one per configured option
//! (`identityProviders`), or one "Sign in"; and "Create account" when
//! `signUp` is on. The landing module draws the same markup
//! (`landing/src/page.rs`).

use cognito_login_core::config::{Config, SignInOption};
use cognito_login_core::words::{Message, Text};
use leptos::prelude::*;

use super::words::use_words;
use crate::browser::nav;
use crate::session::use_auth;

/// The sign-in options of `config.json`, as buttons. Each starts the same
/// PKCE flow with its provider and comes back to this page.
///
/// - `class`: the buttons' class (default `button primary large`).
#[component]
pub fn SignInOptions(#[prop(optional, into)] class: Option<String>) -> impl IntoView {
    let auth = use_auth();
    let class = class.unwrap_or_else(|| "button primary large".to_string());
    // Nothing to offer before the configuration has loaded.
    move || auth.config().map(|config| options(config, class.clone()))
}

fn options(config: Config, class: String) -> impl IntoView {
    let auth = use_auth();
    let words = use_words();
    let buttons = if config.sign_in_options.is_empty() {
        let class = class.clone();
        view! {
            <button class=class type="button" on:click=move |_| auth.sign_in_here()>
                {words.text(Text::SignIn)}
            </button>
        }
        .into_any()
    } else {
        config
            .sign_in_options
            .into_iter()
            .map(|option| {
                let text = words.say(Message::SignInOption(&option));
                let SignInOption { provider, .. } = option;
                let on_click = move |_| auth.sign_in_with(provider.clone(), nav::current_path_and_query());
                view! {
                    <button class=class.clone() type="button" on:click=on_click>
                        {text}
                    </button>
                }
            })
            .collect_view()
            .into_any()
    };
    let sign_up = config.sign_up.then(|| {
        view! {
            <button class="button large sign-up" type="button" on:click=move |_| auth.sign_up(nav::current_path_and_query())>
                {words.text(Text::CreateAccount)}
            </button>
        }
    });
    view! {
        <div class="sign-in-options">
            {buttons}
            {sign_up}
        </div>
    }
}
