//! Routed pages.

use cognito_login::prelude::*;
use leptos::prelude::*;

/// Formats seconds since the epoch as a date and time in `language`, the
/// way its readers write them (`Intl.DateTimeFormat`: "3 Dec 2026, 21:40",
/// "03.12.2026, 21:40", "2026/12/03 21:40").
fn local_time(secs: i64, language: Language) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_string(language.code(), &options))
}

/// `/`: who is signed in, or an invitation to sign in.
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    move || match auth.state().get() {
        AuthState::SignedIn(session) => {
            let words = use_words();
            let c = &session.claims;
            let groups = if c.groups.is_empty() { words.text(Text::NoGroups) } else { c.groups.join(", ") };
            let provider = c.signed_in_with().map(|p| {
                view! {
                    <dt>{words.text(Text::SignedInWith)}</dt>
                    <dd class="provider">{p.to_string()}</dd>
                }
            });
            view! {
                <section class="card">
                    <h1>{words.text(Text::SignedInTitle)}</h1>
                    <dl class="claims">
                        <dt>{words.text(Text::Email)}</dt>
                        <dd class="email">{c.email.clone().unwrap_or_else(|| words.text(Text::NotShared))}</dd>
                        <dt>{words.text(Text::Username)}</dt>
                        <dd class="username">{c.username.clone()}</dd>
                        <dt>{words.text(Text::Groups)}</dt>
                        <dd class="groups">{groups}</dd>
                        {provider}
                        <dt>{words.text(Text::SessionExpires)}</dt>
                        <dd class="expires">{local_time(session.expires_at(), words.language())}</dd>
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
                    <p>{use_words().text(Text::SignedOut)}</p>
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
    let words = use_words();
    view! {
        <section class="card">
            <h1>{words.text(Text::NotFoundTitle)}</h1>
            <p>
                {words.text(Text::NotFoundBefore)}
                <a href=cognito_login::browser::nav::href("/")>{words.text(Text::GoToStart)}</a>
                {words.text(Text::NotFoundAfter)}
            </p>
        </section>
    }
}
