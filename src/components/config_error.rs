//! The page shown when `config.json` is missing or invalid.

use leptos::prelude::*;

use crate::browser::config::ConfigLoadError;

/// Explains what is wrong with the configuration, one item per problem, in
/// an alert so assistive technology announces it.
///
/// - `error`: what went wrong while loading or validating `config.json`.
#[component]
pub fn ConfigErrorPage(error: ConfigLoadError) -> impl IntoView {
    let file = error.problems().map_or("config.json", |(file, _)| file.name());
    let body = match error.problems() {
        Some((file, errors)) => {
            let items = errors.0.iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view();
            view! {
                <p>{format!("{} has these problems:", file.name())}</p>
                <ul class="problems">{items}</ul>
            }
            .into_any()
        }
        None => view! { <p>{error.to_string()}</p> }.into_any(),
    };
    view! {
        <section class="card error" role="alert">
            <h1>"This login page is not configured correctly"</h1>
            {body}
            <p class="hint">
                {format!(
                    "If you operate this page, fix {file} (the README's Configuration section lists every setting) and reload; then the setup checker at /setup checks the user pool and app client. If you are trying to sign in, please tell the people who run this site.",
                )}
            </p>
        </section>
    }
}
