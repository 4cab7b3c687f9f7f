//! `/callback`: where Cognito sends the user back.

use cognito_login::core::auth::state::AuthState;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use cognito_login::session::{setup_test, use_auth};

/// The session machine completes the sign-in (it reads the query once and
/// removes `code` and `state` from the address bar and history at once);
/// then this goes to the page the user started from, or to the setup
/// checker when its test sign-in is running. Errors show in the
/// [`super::AuthAlert`] on the start page.
#[component]
pub fn CallbackPage() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    setup_test::reached_callback(&auth);
    Effect::new(move |_| {
        if let Some(path) = auth.take_goto() {
            // The setup checker shows how far its test got.
            let path = if setup_test::running(&auth) { "/setup".to_string() } else { path };
            navigate(&path, NavigateOptions { replace: true, ..Default::default() });
        }
    });
    move || {
        matches!(auth.state().get(), AuthState::Completing).then(|| {
            view! {
                <p class="loading" aria-live="polite">
                    "Signing you in…"
                </p>
            }
        })
    }
}
