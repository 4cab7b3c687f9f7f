//! Notes: the whole integration of Cognito sign-in in a Leptos app, from the
//! `cognito-login` crate. A public page, a page for signed-in users that
//! calls the API with their token, and a page for the `admins` group.
//! `config.json` (next to `index.html`) says which user pool and app client.

use cognito_login::prelude::*;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

fn main() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <CognitoAuth>
                <Header />
                <main class="content">
                    <Routes fallback=|| view! { <p>"Not found"</p> }>
                        <Route path=path!("/") view=Public />
                        <Route path=path!("/notes") view=|| view! { <RequireAuth><Notes /></RequireAuth> } />
                        <Route path=path!("/admin") view=|| view! { <RequireGroup group="admins"><Admin /></RequireGroup> } />
                    </Routes>
                </main>
            </CognitoAuth>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let auth = use_auth();
    view! {
        <header class="site-header">
            <A href="/">"Notes"</A>
            <nav class="account">
                <A href="/notes">"My notes"</A>
                <A href="/admin">"Admin"</A>
                <SignedIn>
                    <span class="user">{move || auth.user().and_then(|u| u.email)}</span>
                    <button class="button" on:click=move |_| auth.sign_out()>"Sign out"</button>
                </SignedIn>
                <SignedOut>
                    <button class="button primary" on:click=move |_| auth.sign_in("/notes")>"Sign in"</button>
                    // Straight to one identity provider, skipping the hosted UI.
                    <button class="button google" on:click=move |_| auth.sign_in_with(Provider::Named("Google".into()), "/notes")>
                        "Sign in with Google"
                    </button>
                    <button
                        class="button company"
                        on:click=move |_| auth.sign_in_with(Provider::Identifier("example.com".into()), "/notes")
                    >
                        "Company account"
                    </button>
                </SignedOut>
            </nav>
        </header>
    }
}

#[component]
fn Public() -> impl IntoView {
    view! { <section class="card"><h1>"Welcome"</h1><p>"Anyone can read this page."</p></section> }
}

/// Calls the API with the user's token: the crate refreshes it first when
/// due, and once more on a 401.
#[component]
fn Notes() -> impl IntoView {
    let auth = use_auth();
    // The crate's words for its errors (English, or what `<CognitoAuth
    // words=…>` was given).
    let words = use_words();
    let answer = LocalResource::new(move || {
        let words = words.clone();
        async move {
            match auth.fetch(&ApiRequest::get("/me")).await {
                Ok(r) => format!("HTTP {}: {}", r.status, r.body),
                Err(e) => words.say(Message::ApiFailed(&e)),
            }
        }
    });
    // Custom attributes come with the ID token's claims.
    let team = move || auth.user().and_then(|u| u.claim_str("custom:team").map(String::from));
    view! {
        <section class="card">
            <h1>"My notes"</h1>
            <p class="signed-in-as">{move || auth.user().map(|u| format!("Signed in as {}", u.username))}</p>
            <p class="team">"Team: " {move || team().unwrap_or_else(|| "none".into())}</p>
            <p class="api-answer">{move || answer.get().unwrap_or_else(|| "Asking the API…".into())}</p>
        </section>
    }
}

#[component]
fn Admin() -> impl IntoView {
    view! { <section class="card"><h1>"Admin"</h1><p class="admin">"Only the admins group sees this."</p></section> }
}
