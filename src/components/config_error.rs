//! The page shown when the configuration is missing or invalid.

use cognito_login_core::words::{Message, Text};
use leptos::prelude::*;

use super::words::use_words;
use crate::browser::config::ConfigLoadError;

/// Explains what is wrong with the configuration, one item per problem, in
/// an alert so assistive technology announces it. Its words fit any app
/// ([`use_words`]); `title` and `hint` replace them.
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
    let words = use_words();
    let file = error.problems().map_or(cognito_login_core::config::ConfigFile::FIRST, |(file, _)| file);
    let body = match error.problems() {
        Some((file, errors)) => {
            let items =
                errors.0.iter().map(|p| view! { <li>{words.say(Message::ConfigProblem(p))}</li> }).collect_view();
            view! {
                <p>{words.say(Message::ConfigProblemsIn(file))}</p>
                <ul class="problems">{items}</ul>
            }
            .into_any()
        }
        None => view! { <p>{words.say(Message::ConfigLoad(&error))}</p> }.into_any(),
    };
    let title = title.unwrap_or_else(|| words.text(Text::ConfigErrorTitle));
    let hint = hint.unwrap_or_else(|| words.say(Message::ConfigErrorHint(file)));
    view! {
        <section class="card error" role="alert">
            <h1>{title}</h1>
            {body}
            <p class="hint">{hint}</p>
        </section>
    }
}
