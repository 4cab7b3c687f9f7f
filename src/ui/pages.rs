//! Routed pages.

use leptos::prelude::*;

/// `/`: what the app is and what to do next.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Welcome"</h1>
            <p>"You are signed out. Use “Sign in” to continue with your organisation’s account."</p>
        </section>
    }
}

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href="/">"Go to the start page"</a> "."</p>
        </section>
    }
}
