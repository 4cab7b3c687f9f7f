//! Hosted sign-up (docs/COGNITO.md "Hosted journeys"): `/signup` takes the
//! same query as `/oauth2/authorize` and `/login`; the form creates an
//! `UNCONFIRMED` user and emails a code (the pool's mailbox); the right code
//! confirms the user, starts a session and sends the browser back to the app
//! with a code, as after a sign-in.

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::authorize::{query_params, validate};
use crate::config::{UserConfig, UserStatus};
use crate::hosted_ui::continue_sign_in;
use crate::http::{self, escape, parse_form, Ctx};
use crate::pages::{link, password_problem, FormPage, Input};
use crate::state::CodePurpose;

pub(crate) fn router() -> Router<Ctx> {
    Router::new().route("/signup", get(signup_form).post(signup_submit)).route("/confirmSignup", post(confirm_submit))
}

fn render_signup(query: &Option<String>, values: (&str, &str), error: Option<&str>, status: StatusCode) -> Response {
    FormPage {
        title: "Sign up",
        intro: String::new(),
        error: error.map(|e| ("signUpErrorMessage", e)),
        path: "/signup",
        hidden: Vec::new(),
        inputs: vec![
            Input { id: "username", label: "Username", kind: "text", autocomplete: "username", value: values.0 },
            Input { id: "email", label: "Email", kind: "email", autocomplete: "email", value: values.1 },
            Input { id: "password", label: "Password", kind: "password", autocomplete: "new-password", value: "" },
        ],
        button: ("signUpButton", "Sign up"),
        after: link("signInLink", "/login", query, "Already have an account? Sign in"),
    }
    .render(query, status)
}

/// The confirmation-code page (also shown when an unconfirmed user signs in).
pub(crate) fn render_confirm(
    query: &Option<String>,
    username: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    FormPage {
        title: "Confirm your account",
        intro: format!(
            "<p id=\"confirmDestination\">We have sent a code by email for {}. Enter it to confirm your account.</p>",
            escape(username)
        ),
        error: error.map(|e| ("confirmErrorMessage", e)),
        path: "/confirmSignup",
        hidden: vec![("username", username.to_string())],
        inputs: vec![Input {
            id: "code",
            label: "Verification code",
            kind: "text",
            autocomplete: "one-time-code",
            value: "",
        }],
        button: ("confirmButton", "Confirm account"),
        after: String::new(),
    }
    .render(query, status)
}

/// `GET /signup`.
async fn signup_form(State(ctx): State<Ctx>, RawQuery(query): RawQuery) -> Response {
    if let Err(response) = validate(&ctx, &query_params(&query)) {
        return *response;
    }
    render_signup(&query, ("", ""), None, StatusCode::OK)
}

/// `POST /signup`.
async fn signup_submit(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: String,
) -> Response {
    if let Err(response) = validate(&ctx, &query_params(&query)) {
        return *response;
    }
    let form = parse_form(&body);
    let field = |name: &str| form.get(name).map(|v| v.trim().to_string()).unwrap_or_default();
    let (email, password) = (field("email"), form.get("password").cloned().unwrap_or_default());
    let username = Some(field("username")).filter(|u| !u.is_empty()).unwrap_or_else(|| email.clone());
    http::log(&ctx.pool, &Method::POST, "/signup", &BTreeMap::from([("username".into(), username.clone())]), &headers);
    let values = (username.as_str(), email.as_str());
    if username.is_empty() || !email.contains('@') {
        return render_signup(&query, values, Some("Enter a username and an email address."), StatusCode::BAD_REQUEST);
    }
    if ctx.pool.user(&username).is_some() {
        // Cognito's UsernameExistsException text.
        return render_signup(&query, values, Some("User already exists"), StatusCode::BAD_REQUEST);
    }
    if let Some(problem) = password_problem(&password) {
        return render_signup(&query, values, Some(problem), StatusCode::BAD_REQUEST);
    }
    ctx.pool.upsert_user(UserConfig {
        username: username.clone(),
        password,
        email,
        status: UserStatus::Unconfirmed,
        ..UserConfig::default()
    });
    let now = ctx.pool.now();
    ctx.pool.lock().send_code(CodePurpose::SignUp, &username, now);
    render_confirm(&query, &username, None, StatusCode::OK)
}

/// `POST /confirmSignup`.
async fn confirm_submit(State(ctx): State<Ctx>, RawQuery(query): RawQuery, body: String) -> Response {
    let req = match validate(&ctx, &query_params(&query)) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let form = parse_form(&body);
    let username = form.get("username").cloned().unwrap_or_default();
    let code = form.get("code").map(String::as_str).unwrap_or("");
    let now = ctx.pool.now();
    let confirmed = {
        let mut inner = ctx.pool.lock();
        let right = inner.take_code(CodePurpose::SignUp, &username, code, now);
        match inner.user_mut(&username) {
            Some(user) if right && user.config.status == UserStatus::Unconfirmed => {
                user.config.status = UserStatus::Confirmed;
                true
            }
            _ => false,
        }
    };
    if !confirmed {
        // Cognito's CodeMismatchException text.
        let error = "Invalid verification code provided, please try again.";
        return render_confirm(&query, &username, Some(error), StatusCode::BAD_REQUEST);
    }
    continue_sign_in(&ctx, &query, &req, &username)
}
