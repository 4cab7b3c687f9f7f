//! "Forgot your password?" on the hosted UI (docs/COGNITO.md "Hosted
//! journeys"): a username, a code in the mailbox, the code and a new
//! password, then the sign-in form again.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::authorize::{query_params, validate};
use crate::http::{parse_form, redirect, with_query, Ctx};
use crate::pages::{link, password_problem, FormPage, Input};
use crate::state::CodePurpose;

pub(crate) fn router() -> Router<Ctx> {
    Router::new()
        .route("/forgotPassword", get(forgot_form).post(forgot_submit))
        .route("/confirmForgotPassword", post(reset_submit))
}

fn render_forgot(query: &Option<String>) -> Response {
    FormPage {
        title: "Forgot your password?",
        intro: "<p>Enter your username and we will email you a code to reset your password.</p>".into(),
        error: None,
        path: "/forgotPassword",
        hidden: Vec::new(),
        inputs: vec![Input { id: "username", label: "Username", kind: "text", autocomplete: "username", value: "" }],
        button: ("forgotPasswordButton", "Reset my password"),
        after: link("signInLink", "/login", query, "Back to sign in"),
    }
    .render(query, StatusCode::OK)
}

fn render_reset(query: &Option<String>, username: &str, error: Option<&str>, status: StatusCode) -> Response {
    FormPage {
        title: "Reset your password",
        intro: "<p id=\"resetDestination\">If the account exists, we have emailed it a code.</p>".into(),
        error: error.map(|e| ("resetErrorMessage", e)),
        path: "/confirmForgotPassword",
        hidden: vec![("username", username.to_string())],
        inputs: vec![
            Input { id: "code", label: "Code", kind: "text", autocomplete: "one-time-code", value: "" },
            Input {
                id: "newPassword",
                label: "New password",
                kind: "password",
                autocomplete: "new-password",
                value: "",
            },
        ],
        button: ("resetPasswordButton", "Change password"),
        after: String::new(),
    }
    .render(query, status)
}

/// `GET /forgotPassword`.
async fn forgot_form(State(ctx): State<Ctx>, RawQuery(query): RawQuery) -> Response {
    if let Err(response) = validate(&ctx, &query_params(&query)) {
        return *response;
    }
    render_forgot(&query)
}

/// `POST /forgotPassword`: a code for a user who exists; the same page
/// either way (user existence errors are prevented, Cognito's default for
/// new pools).
async fn forgot_submit(State(ctx): State<Ctx>, RawQuery(query): RawQuery, body: String) -> Response {
    if let Err(response) = validate(&ctx, &query_params(&query)) {
        return *response;
    }
    let form = parse_form(&body);
    let username = form.get("username").map(|u| u.trim().to_string()).unwrap_or_default();
    let now = ctx.pool.now();
    ctx.pool.lock().send_code(CodePurpose::ForgotPassword, &username, now);
    render_reset(&query, &username, None, StatusCode::OK)
}

/// `POST /confirmForgotPassword`: the right code sets the new password and
/// goes back to the sign-in form.
async fn reset_submit(State(ctx): State<Ctx>, RawQuery(query): RawQuery, body: String) -> Response {
    if let Err(response) = validate(&ctx, &query_params(&query)) {
        return *response;
    }
    let form = parse_form(&body);
    let username = form.get("username").cloned().unwrap_or_default();
    let password = form.get("newPassword").cloned().unwrap_or_default();
    if let Some(problem) = password_problem(&password) {
        return render_reset(&query, &username, Some(problem), StatusCode::BAD_REQUEST);
    }
    let code = form.get("code").map(String::as_str).unwrap_or("");
    let now = ctx.pool.now();
    let done = {
        let mut inner = ctx.pool.lock();
        let right = inner.take_code(CodePurpose::ForgotPassword, &username, code, now);
        match inner.user_mut(&username) {
            Some(user) if right => {
                user.config.password = password;
                true
            }
            _ => false,
        }
    };
    if !done {
        let error = "Invalid verification code provided, please try again.";
        return render_reset(&query, &username, Some(error), StatusCode::BAD_REQUEST);
    }
    redirect(&with_query("/login", query.as_deref().unwrap_or("")))
}
