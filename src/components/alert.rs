//! The sign-in error alert.

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::auth::NextStep;
use leptos::prelude::*;

use crate::session::use_auth;

/// Shows why the last sign-in failed, in an alert, with what to do next:
/// "Try again" starts a fresh sign-in. Provider-supplied text is rendered
/// as text, never as HTML.
///
/// - `help`: shown under an error that needs a configuration change or
///   came from the identity provider (the login page links its setup
///   checker); nothing by default.
#[component]
pub fn AuthAlert(#[prop(optional, into)] help: Option<ViewFn>) -> impl IntoView {
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
            NextStep::FixClock => "Correct your device's clock, then sign in again.",
            NextStep::CorrectInput => "Correct what you entered, then try again.",
        };
        let (title, action) = if error.ends_session() {
            ("You have been signed out", "Sign in again")
        } else {
            ("Sign-in did not complete", "Try again")
        };
        let details = error
            .details()
            .map(|d| view! { <p class="details">"Details from the sign-in service, as it sent them: “" {d.to_string()} "”"</p> });
        Some(view! {
            <section class="card error" role="alert">
                <h1>{title}</h1>
                <p class="message">{error.to_string()}</p>
                {details}
                <p class="hint">{hint}</p>
                {(error.next_step() == NextStep::FixConfiguration || error.from_provider())
                    .then(|| help.as_ref().map(|h| h.run()))}
                <button class="button primary" type="button" on:click=move |_| auth.sign_in_here()>
                    {action}
                </button>
            </section>
        })
    }
}

/// Progress and clock notices: "Restoring your session…", and a note when
/// the device's clock is more than five minutes off (sign-in still works).
#[component]
pub fn SessionNotices() -> impl IntoView {
    use cognito_login_core::auth::timing::clock_notice;
    let auth = use_auth();
    move || match auth.state().get() {
        AuthState::Restoring => Some(
            view! {
                <p class="loading" aria-live="polite">
                    "Restoring your session…"
                </p>
            }
            .into_any(),
        ),
        AuthState::SigningOut => Some(
            view! {
                <p class="loading" aria-live="polite">
                    "Signing you out…"
                </p>
            }
            .into_any(),
        ),
        AuthState::SignedIn(session) if clock_notice(session.clock_offset_secs) => {
            let minutes = (session.clock_offset_secs.abs() + 30) / 60;
            let direction = if session.clock_offset_secs > 0 { "behind" } else { "ahead of" };
            Some(
                view! {
                    <p class="notice clock" role="status">
                        {format!(
                            "Your device's clock is about {minutes} minutes {direction} the sign-in service's clock. Sign-in still works, but setting your clock to automatic avoids problems."
                        )}
                    </p>
                }
                .into_any(),
            )
        }
        _ => None,
    }
}

/// How renewing the session is going, while signed in: a quiet notice while
/// a refresh that failed for a reason that may pass is retried, and once the
/// tokens have expired meanwhile, "still signed in, but the sign-in service
/// can't be reached" with Retry (it also recovers by itself).
#[component]
pub fn RenewalNotice() -> impl IntoView {
    use crate::session::Renewal;
    let auth = use_auth();
    // Re-render only when the kind changes: one notice for a run of failed
    // attempts, not one per attempt.
    let kind = Memo::new(move |_| std::mem::discriminant(&auth.renewal().get()));
    let signed_in = Memo::new(move |_| matches!(auth.state().get(), AuthState::SignedIn(_)));
    move || {
        if !signed_in.get() {
            return None;
        }
        let _ = kind.get();
        match auth.renewal().get_untracked() {
            Renewal::Current => None,
            Renewal::Reconnecting(_) => Some(
                view! {
                    <p class="notice reconnecting" role="status">
                        "Reconnecting to the sign-in service…"
                    </p>
                }
                .into_any(),
            ),
            Renewal::Unreachable(error) => Some(
                view! {
                    <section class="card warning unreachable" role="alert">
                        <h1>"Signed in, but the sign-in service can't be reached"</h1>
                        <p class="message">
                            "Your session could not be renewed, so anything that needs your sign-in waits until the sign-in service answers again. This page keeps trying by itself."
                        </p>
                        <RetryRenewal error />
                    </section>
                }
                .into_any(),
            ),
        }
    }
}

/// What failed while renewing, and "Retry now" (which skips the backoff's
/// wait once): under both "can't reach the sign-in service" notices.
///
/// - `error`: the last renewal failure.
#[component]
pub fn RetryRenewal(error: cognito_login_core::auth::AuthError) -> impl IntoView {
    let auth = use_auth();
    view! {
        <p class="details">{error.cause()}</p>
        <button class="button primary" type="button" on:click=move |_| auth.retry_renewal()>
            "Retry now"
        </button>
    }
}
