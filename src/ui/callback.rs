//! `/callback`: where Cognito sends the user back.

use cognito_login::core::auth::state::AuthState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use cognito_login::browser::nav;
use cognito_login::session::{setup_test, use_auth};

/// Reads the query once, removes `code` and `state` from the address bar
/// and history at once, completes the sign-in, then goes to the page the
/// user started from. Errors show in the [`super::AuthAlert`].
#[component]
pub fn CallbackPage() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let query = nav::take_callback_query();
    spawn_local(async move {
        setup_test::reached_callback();
        let result = auth.complete_sign_in(&query).await;
        if setup_test::running() {
            // The setup checker shows how far its test got.
            navigate("/setup", NavigateOptions { replace: true, ..Default::default() });
        } else if let Ok(return_path) = result {
            navigate(&return_path, NavigateOptions { replace: true, ..Default::default() });
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
