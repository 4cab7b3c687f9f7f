//! The page shown when the configuration is missing or invalid.

use leptos::prelude::*;

use crate::browser::config::ConfigLoadError;

/// Explains what is wrong with the configuration, one item per problem, in
/// an alert so assistive technology announces it. Its words fit any app;
/// `title` and `hint` replace them.
///
/// - `error`: what went wrong while loading or validating the configuration.
/// - `title`: the heading (default: "Sign-in is not configured correctly").
/// - `hint`: what to do (default: fix the configuration, or tell the people
///   who run the site).
#[component]
pub fn ConfigErrorPage(
    error: ConfigLoadError,
    #[prop(optional, into)] title: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
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
    let title = title.unwrap_or_else(|| "Sign-in is not configured correctly".into());
    let hint = hint.unwrap_or_else(|| {
        format!("If you run this site, fix its {file} and reload. If you are trying to sign in, please tell the people who run this site.")
    });
    view! {
        <section class="card error" role="alert">
            <h1>{title}</h1>
            {body}
            <p class="hint">{hint}</p>
        </section>
    }
}
