//! Content by sign-in state, and route guards. Their words are
//! [`use_words`]'s, and the app's to replace (`fallback`, `denied`).

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::session::restore::SIBLING_WAIT_MS;
use cognito_login_core::words::{Message, Text};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::words::use_words;
use crate::browser::nav;
use crate::session::use_auth;

/// Renders `children` while someone is signed in.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let signed_in = Memo::new(move |_| auth.is_signed_in());
    move || signed_in.get().then(|| children())
}

/// Renders `children` while nobody is signed in (not while the
/// configuration loads, a session is being restored or a sign-in
/// completes).
#[component]
pub fn SignedOut(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let signed_out = Memo::new(move |_| {
        !auth.is_loading() && matches!(auth.state().get(), AuthState::SignedOut | AuthState::Failed(_))
    });
    move || signed_out.get().then(|| children())
}

fn waiting() -> AnyView {
    view! { <p class="loading" aria-live="polite">{use_words().text(Text::SigningYouIn)}</p> }.into_any()
}

/// Guards a page: renders `children` once someone is signed in; signed out,
/// it starts a sign-in that comes back to this page (after giving another
/// tab a moment to hand its session over). A failed sign-in is left to the
/// app's error display (no loop).
///
/// - `fallback`: shown until then (default: "Signing you in…").
#[component]
pub fn RequireAuth(children: ChildrenFn, #[prop(optional, into)] fallback: Option<ViewFn>) -> impl IntoView {
    /// What the guard shows.
    #[derive(Clone, Copy, PartialEq)]
    enum Gate {
        Open,
        SignIn,
        Failed,
        Wait,
    }
    let auth = use_auth();
    let gate = Memo::new(move |_| match auth.state().get() {
        _ if auth.is_loading() => Gate::Wait,
        AuthState::SignedIn(_) => Gate::Open,
        AuthState::SignedOut => Gate::SignIn,
        AuthState::Failed(_) => Gate::Failed,
        _ => Gate::Wait,
    });
    Effect::new(move |_| {
        if gate.get() == Gate::SignIn {
            spawn_local(async move {
                nav::sleep(SIBLING_WAIT_MS).await;
                if matches!(auth.state().get_untracked(), AuthState::SignedOut) {
                    auth.sign_in_here();
                }
            });
        }
    });
    move || match gate.get() {
        Gate::Open => children().into_any(),
        Gate::Failed => ().into_any(),
        Gate::SignIn | Gate::Wait => fallback.as_ref().map_or_else(waiting, |f| f.run()),
    }
}

/// Guards a page for members of a Cognito group (`cognito:groups` in the ID
/// token): signed out, it behaves as [`RequireAuth`]; signed in without the
/// group, it shows `denied` instead of `children`.
///
/// - `group`: the group's name.
/// - `fallback`: as [`RequireAuth`]'s.
/// - `denied`: shown to a signed-in user outside the group (default: a
///   sentence naming the group, in an alert).
#[component]
pub fn RequireGroup(
    #[prop(into)] group: String,
    children: ChildrenFn,
    #[prop(optional, into)] fallback: Option<ViewFn>,
    #[prop(optional, into)] denied: Option<ViewFn>,
) -> impl IntoView {
    let auth = use_auth();
    let group = StoredValue::new(group);
    let member = Memo::new(move |_| auth.user().is_some_and(|u| group.with_value(|g| u.groups.iter().any(|x| x == g))));
    let children = StoredValue::new(children);
    let denied = StoredValue::new(denied);
    let inner = move || {
        if member.get() {
            return children.with_value(|c| c()).into_any();
        }
        if let Some(view) = denied.with_value(|d| d.as_ref().map(|d| d.run())) {
            return view;
        }
        view! {
            <p class="not-allowed" role="alert">
                {group.with_value(|group| use_words().say(Message::NotInGroup { group }))}
            </p>
        }
        .into_any()
    };
    match fallback {
        Some(fallback) => view! { <RequireAuth fallback>{inner}</RequireAuth> }.into_any(),
        None => view! { <RequireAuth>{inner}</RequireAuth> }.into_any(),
    }
}
