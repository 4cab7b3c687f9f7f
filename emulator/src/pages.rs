//! Pieces of the hosted UI's HTML pages: every page has one `h1`, labelled
//! inputs with stable IDs (for WebDriver tests), an error line with
//! `role="alert"`, and a POST form whose action carries the authorization
//! request's query, as `/login` does (docs/COGNITO.md "Hosted journeys").

use axum::http::StatusCode;
use axum::response::Response;

use crate::http::{escape, html_page, with_query};

/// A labelled input.
pub(crate) struct Input<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// `text`, `email`, `password`…
    pub kind: &'a str,
    pub autocomplete: &'a str,
    pub value: &'a str,
}

impl Input<'_> {
    fn html(&self) -> String {
        let extra = if self.kind == "text" && self.autocomplete == "one-time-code" {
            r#" inputmode="numeric""#
        } else if self.kind == "text" || self.kind == "email" {
            r#" autocapitalize="none""#
        } else {
            ""
        };
        format!(
            r#"<label for="{id}">{label}</label>
<input id="{id}" name="{id}" type="{kind}" autocomplete="{auto}"{extra} required value="{value}">
"#,
            id = self.id,
            label = escape(self.label),
            kind = self.kind,
            auto = self.autocomplete,
            value = escape(self.value),
        )
    }
}

/// A page with one form.
pub(crate) struct FormPage<'a> {
    pub title: &'a str,
    /// Text above the form (already HTML), e.g. where a code was sent.
    pub intro: String,
    /// The error line's ID and text.
    pub error: Option<(&'a str, &'a str)>,
    /// The path the form posts to; the authorization query is appended.
    pub path: &'a str,
    pub hidden: Vec<(&'a str, String)>,
    pub inputs: Vec<Input<'a>>,
    /// The submit button's ID and text.
    pub button: (&'a str, &'a str),
    /// Links and notes below the form (already HTML).
    pub after: String,
}

impl FormPage<'_> {
    pub(crate) fn render(&self, query: &Option<String>, status: StatusCode) -> Response {
        let action = with_query(self.path, query.as_deref().unwrap_or(""));
        let error = self
            .error
            .map(|(id, text)| format!(r#"<p class="error" role="alert" id="{id}">{}</p>"#, escape(text)))
            .unwrap_or_default();
        let hidden: String = self
            .hidden
            .iter()
            .map(|(name, value)| format!(r#"<input type="hidden" name="{name}" value="{}">"#, escape(value)))
            .collect();
        let inputs: String = self.inputs.iter().map(Input::html).collect();
        let body = format!(
            r#"<h1 id="pageHeading">{title}</h1>{intro}{error}
<form method="post" action="{action}">{hidden}
{inputs}<button type="submit" id="{button_id}">{button_text}</button>
</form>{after}
<p class="note">Local Cognito emulator: no AWS account involved.</p>"#,
            title = escape(self.title),
            intro = self.intro,
            action = escape(&action),
            button_id = self.button.0,
            button_text = escape(self.button.1),
            after = self.after,
        );
        html_page(status, self.title, &body)
    }
}

/// A link to another hosted page with the same authorization query.
pub(crate) fn link(id: &str, path: &str, query: &Option<String>, text: &str) -> String {
    let href = with_query(path, query.as_deref().unwrap_or(""));
    format!(r#"<p><a id="{id}" href="{}">{}</a></p>"#, escape(&href), escape(text))
}

/// Cognito's default password policy, shortened to its length rule (8
/// characters); the message is Cognito's `InvalidPasswordException` text.
pub(crate) fn password_problem(password: &str) -> Option<&'static str> {
    (password.chars().count() < 8).then_some("Password did not conform with policy: Password not long enough")
}
