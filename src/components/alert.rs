//! The sign-in error alert and the session notices, in the words of
//! [`use_words`].

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::auth::NextStep;
use cognito_login_core::words::{Message, Text};
use leptos::prelude::*;

use super::words::use_words;
use crate::session::use_auth;

/// Shows why the last sign-in failed, in an alert, with what to do next:
/// "Try again" starts a fresh sign-in. Provider-supplied text is rendered
/// as text, never as HTML. Its words are `Words::explain`'s.
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
        let words = use_words().explain(&error);
        let details = words.details.map(|d| view! { <p class="details">{d}</p> });
        Some(view! {
            <section class="card error" role="alert">
                <h1>{words.title}</h1>
                <p class="message">{words.body}</p>
                {details}
                <p class="hint">{words.next_step}</p>
                {(error.next_step() == NextStep::FixConfiguration || error.from_provider())
                    .then(|| help.as_ref().map(|h| h.run()))}
                <button class="button primary" type="button" on:click=move |_| auth.sign_in_here()>
                    {words.action}
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
    move || {
        let words = use_words();
        match auth.state().get() {
            AuthState::Restoring => Some(
                view! { <p class="loading" aria-live="polite">{words.text(Text::RestoringSession)}</p> }.into_any(),
            ),
            AuthState::SigningOut => {
                Some(view! { <p class="loading" aria-live="polite">{words.text(Text::SigningYouOut)}</p> }.into_any())
            }
            AuthState::SignedIn(session) if clock_notice(session.clock_offset_secs) => {
                let notice = words.say(Message::ClockNotice { offset_secs: session.clock_offset_secs });
                Some(view! { <p class="notice clock" role="status">{notice}</p> }.into_any())
            }
            _ => None,
        }
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
        let words = use_words();
        match auth.renewal().get_untracked() {
            Renewal::Current => None,
            Renewal::Reconnecting(_) => Some(
                view! { <p class="notice reconnecting" role="status">{words.text(Text::Reconnecting)}</p> }.into_any(),
            ),
            Renewal::Unreachable(error) => Some(
                view! {
                    <section class="card warning unreachable" role="alert">
                        <h1>{words.text(Text::UnreachableTitle)}</h1>
                        <p class="message">{words.text(Text::UnreachableBody)}</p>
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
    let words = use_words();
    view! {
        <p class="details">{words.say(Message::Cause(&error))}</p>
        <button class="button primary" type="button" on:click=move |_| auth.retry_renewal()>
            {words.text(Text::RetryNow)}
        </button>
    }
}
