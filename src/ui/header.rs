//! The header shown on every page.

use leptos::prelude::*;

use super::ConfigState;

/// The product name and, once the configuration is loaded, the sign-in
/// control.
///
/// - `state`: the configuration state; the "Sign in" button appears only
///   when the configuration is valid (there is nothing to sign in to
///   otherwise).
#[component]
pub fn Header(state: ReadSignal<ConfigState>) -> impl IntoView {
    let ready = move || matches!(state.get(), ConfigState::Ready(_));
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                "Cognito Login"
            </a>
            <nav class="account">
                <Show when=ready>
                    <button class="button primary" type="button">
                        "Sign in"
                    </button>
                </Show>
            </nav>
        </header>
    }
}
