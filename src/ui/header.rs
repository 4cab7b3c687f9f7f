//! The header shown on every page.

use cognito_login::prelude::*;
use cognito_login_core::config::DEFAULT_APP_NAME;
use leptos::prelude::*;

use cognito_login::browser::nav;

/// The product name and the account control: "Sign in" when signed out,
/// the user's email and "Sign out" when signed in. Without a configuration
/// (loading, or misconfigured) there is nothing to sign in to, so no
/// control is shown.
#[component]
pub fn Header() -> impl IntoView {
    let auth = use_auth();
    let account = move || {
        auth.config()?;
        let words = use_words();
        let view = match auth.state().get() {
            AuthState::SignedIn(session) => {
                let who = session.claims.email.clone().unwrap_or_else(|| session.claims.username.clone());
                let api = auth
                    .config()
                    .is_some_and(|c| c.api_base_url.is_some())
                    .then(|| view! { <a class="nav-link" href=nav::href("/api")>{words.text(Text::ApiConsole)}</a> });
                view! {
                    {api}
                    <span class="user">{who}</span>
                    <button class="button" type="button" on:click=move |_| auth.sign_out()>
                        {words.text(Text::SignOut)}
                    </button>
                }
                .into_any()
            }
            AuthState::Redirecting | AuthState::Completing | AuthState::Restoring => view! {
                <button class="button primary" type="button" disabled=true>
                    {words.text(Text::SigningIn)}
                </button>
            }
            .into_any(),
            AuthState::SigningOut => view! {
                <button class="button" type="button" disabled=true>
                    {words.text(Text::SigningOut)}
                </button>
            }
            .into_any(),
            AuthState::SignedOut | AuthState::Failed(_) => view! {
                <button
                    class="button primary"
                    type="button"
                    on:click=move |_| auth.sign_in_here()
                >
                    {words.text(Text::SignIn)}
                </button>
            }
            .into_any(),
        };
        Some(view)
    };
    let brand = move || {
        let config = auth.config();
        let name = config.as_ref().map(|c| c.app_name.clone()).unwrap_or_else(|| DEFAULT_APP_NAME.to_string());
        let logo = config.and_then(|c| c.logo_url).map(|src| view! { <img class="logo" src=src alt="" /> });
        view! {
            {logo}
            <span class="name">{name}</span>
        }
    };
    view! {
        <header class="site-header">
            <a class="brand" href=nav::href("/")>
                {brand}
            </a>
            <nav class="account" aria-label=move || use_words().text(Text::Account)>
                {account}
            </nav>
        </header>
    }
}
