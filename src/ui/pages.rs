//! Routed pages.

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::words::SIGNED_OUT;
use leptos::prelude::*;

use cognito_login::components::SignInOptions;
use cognito_login::session::use_auth;

/// Formats seconds since the epoch in the user's locale.
fn local_time(secs: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

/// `/`: who is signed in, or an invitation to sign in.
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    move || match auth.state().get() {
        AuthState::SignedIn(session) => {
            let c = &session.claims;
            let groups = if c.groups.is_empty() { "none".to_string() } else { c.groups.join(", ") };
            let provider = c.signed_in_with().map(|p| {
                view! {
                    <dt>"Signed in with"</dt>
                    <dd class="provider">{p.to_string()}</dd>
                }
            });
            view! {
                <section class="card">
                    <h1>"You are signed in"</h1>
                    <dl class="claims">
                        <dt>"Email"</dt>
                        <dd class="email">{c.email.clone().unwrap_or_else(|| "(not shared)".into())}</dd>
                        <dt>"Username"</dt>
                        <dd class="username">{c.username.clone()}</dd>
                        <dt>"Groups"</dt>
                        <dd class="groups">{groups}</dd>
                        {provider}
                        <dt>"Session expires"</dt>
                        <dd class="expires">{local_time(session.expires_at())}</dd>
                    </dl>
                </section>
            }
            .into_any()
        }
        AuthState::SignedOut => {
            let name = super::loaded_config().app_name;
            view! {
                <section class="card landing">
                    <h1>{name}</h1>
                    <p>{SIGNED_OUT}</p>
                    <SignInOptions />
                </section>
            }
            .into_any()
        }
        // Progress and errors are shown by the notices and the alert.
        _ => ().into_any(),
    }
}

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href=cognito_login::browser::nav::href("/")>"Go to the start page"</a> "."</p>
        </section>
    }
}
