//! The sign-in error alert.

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::auth::NextStep;
use leptos::prelude::*;

use crate::session::use_auth;

/// Shows why the last sign-in failed, in an alert, with what to do next:
/// "Try again" starts a fresh sign-in. Provider-supplied text is rendered
/// as text, never as HTML.
#[component]
pub fn AuthAlert() -> impl IntoView {
    let auth = use_auth();
    move || {
        let AuthState::Failed(error) = auth.state().get() else {
            return None;
        };
        let hint = match error.next_step() {
            NextStep::SignInAgain => "Start a new sign-in to continue.",
            NextStep::Retry => "This is probably temporary: wait a moment, then try again.",
            NextStep::FixConfiguration => {
                "This needs a change in the Cognito app client or in config.json; please tell the people who run this site."
            }
        };
        let details = error
            .details()
            .map(|d| view! { <p class="details">"Details from the sign-in service: " {d.to_string()}</p> });
        Some(view! {
            <section class="card error" role="alert">
                <h1>"Sign-in did not complete"</h1>
                <p class="message">{error.to_string()}</p>
                {details}
                <p class="hint">{hint}</p>
                <button class="button primary" type="button" on:click=move |_| auth.sign_in("/".to_string())>
                    "Try again"
                </button>
            </section>
        })
    }
}
