//! The pages between the password and the code back to the app
//! (docs/COGNITO.md "Hosted journeys"): a new password for a user created
//! by an administrator (`FORCE_CHANGE_PASSWORD`), and the MFA code (TOTP or
//! SMS). The page carries the challenge in a hidden `session` field, as
//! Cognito's does.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;

use crate::authorize::{finish_sign_in, query_params, validate};
use crate::config::{MfaKind, UserStatus};
use crate::hosted_ui::continue_sign_in;
use crate::http::{escape, parse_form, Ctx};
use crate::pages::{password_problem, FormPage, Input};
use crate::state::{Challenge, ChallengeKind, CodePurpose};

pub(crate) fn router() -> Router<Ctx> {
    Router::new().route("/mfa", post(mfa_submit)).route("/newPassword", post(new_password_submit))
}

fn new_challenge(ctx: &Ctx, username: &str, kind: ChallengeKind) -> String {
    let id = crate::random_hex(24);
    ctx.pool.lock().challenges.insert(id.clone(), Challenge { username: username.to_string(), kind });
    id
}

/// Shows the "set a new password" page.
pub(crate) fn start_new_password(ctx: &Ctx, query: &Option<String>, username: &str) -> Response {
    let session = new_challenge(ctx, username, ChallengeKind::NewPassword);
    render_new_password(query, &session, None, StatusCode::OK)
}

fn render_new_password(query: &Option<String>, session: &str, error: Option<&str>, status: StatusCode) -> Response {
    FormPage {
        title: "Change password",
        intro: "<p>Please enter a new password.</p>".into(),
        error: error.map(|e| ("newPasswordErrorMessage", e)),
        path: "/newPassword",
        hidden: vec![("session", session.to_string())],
        inputs: vec![
            Input {
                id: "newPassword",
                label: "New password",
                kind: "password",
                autocomplete: "new-password",
                value: "",
            },
            Input {
                id: "confirmPassword",
                label: "Enter new password again",
                kind: "password",
                autocomplete: "new-password",
                value: "",
            },
        ],
        button: ("newPasswordButton", "Send"),
        after: String::new(),
    }
    .render(query, status)
}

/// Sends the SMS code if needed and shows the MFA page.
pub(crate) fn start_mfa(ctx: &Ctx, query: &Option<String>, username: &str, kind: MfaKind) -> Response {
    if kind == MfaKind::Sms {
        let now = ctx.pool.now();
        ctx.pool.lock().send_code(CodePurpose::SmsMfa, username, now);
    }
    let session = new_challenge(ctx, username, ChallengeKind::Mfa);
    render_mfa(ctx, query, &session, None, StatusCode::OK)
}

fn render_mfa(ctx: &Ctx, query: &Option<String>, session: &str, error: Option<&str>, status: StatusCode) -> Response {
    let username = ctx.pool.lock().challenges.get(session).map(|c| c.username.clone());
    let user = username.and_then(|name| ctx.pool.user(&name));
    let intro = match user.as_ref().and_then(|u| u.mfa.map(|k| (k, u))) {
        Some((MfaKind::Sms, u)) => format!(
            "<p id=\"mfaDestination\">We have sent a code by SMS to {}. Enter it to sign in.</p>",
            escape(u.phone_number.as_deref().unwrap_or(&u.username))
        ),
        _ => "<p>Enter the code from your authenticator app.</p>".to_string(),
    };
    FormPage {
        title: "Multi-factor authentication",
        intro,
        error: error.map(|e| ("mfaErrorMessage", e)),
        path: "/mfa",
        hidden: vec![("session", session.to_string())],
        inputs: vec![Input { id: "mfaCode", label: "Code", kind: "text", autocomplete: "one-time-code", value: "" }],
        button: ("mfaButton", "Sign in"),
        after: String::new(),
    }
    .render(query, status)
}

/// The challenge a form names, if it is of `kind`.
fn challenge(ctx: &Ctx, form: &std::collections::BTreeMap<String, String>, kind: ChallengeKind) -> Option<Challenge> {
    let id = form.get("session")?;
    ctx.pool.lock().challenges.get(id).filter(|c| c.kind == kind).cloned()
}

/// Cognito's text when a hosted page's session is unknown or used.
const SESSION_EXPIRED: &str = "Invalid session for the user, session is expired.";

/// `POST /mfa`.
async fn mfa_submit(State(ctx): State<Ctx>, RawQuery(query): RawQuery, body: String) -> Response {
    let req = match validate(&ctx, &query_params(&query)) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let form = parse_form(&body);
    let session = form.get("session").cloned().unwrap_or_default();
    let Some(challenge) = challenge(&ctx, &form, ChallengeKind::Mfa) else {
        return render_mfa(&ctx, &query, &session, Some(SESSION_EXPIRED), StatusCode::BAD_REQUEST);
    };
    let code = form.get("mfaCode").map(String::as_str).unwrap_or("");
    let now = ctx.pool.now();
    let right = {
        let mut inner = ctx.pool.lock();
        match inner.user(&challenge.username).map(|u| (u.config.mfa, u.config.totp_secret.clone())) {
            Some((Some(MfaKind::Totp), Some(secret))) => crate::totp::accepts(&secret, code, now),
            Some((Some(MfaKind::Sms), _)) => inner.take_code(CodePurpose::SmsMfa, &challenge.username, code, now),
            _ => false,
        }
    };
    if !right {
        // Cognito's NotAuthorizedException text for a wrong MFA code.
        return render_mfa(
            &ctx,
            &query,
            &session,
            Some("Invalid code or auth state for the user."),
            StatusCode::BAD_REQUEST,
        );
    }
    ctx.pool.lock().challenges.remove(&session);
    let user = ctx.pool.lock().user(&challenge.username).cloned();
    match user {
        Some(user) => finish_sign_in(&ctx, &req, &user),
        None => render_mfa(&ctx, &query, &session, Some(SESSION_EXPIRED), StatusCode::BAD_REQUEST),
    }
}

/// `POST /newPassword`.
async fn new_password_submit(State(ctx): State<Ctx>, RawQuery(query): RawQuery, body: String) -> Response {
    let req = match validate(&ctx, &query_params(&query)) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let form = parse_form(&body);
    let session = form.get("session").cloned().unwrap_or_default();
    let Some(challenge) = challenge(&ctx, &form, ChallengeKind::NewPassword) else {
        return render_new_password(&query, &session, Some(SESSION_EXPIRED), StatusCode::BAD_REQUEST);
    };
    let password = form.get("newPassword").map(String::as_str).unwrap_or("");
    if form.get("confirmPassword").map(String::as_str) != Some(password) {
        return render_new_password(&query, &session, Some("Passwords do not match."), StatusCode::BAD_REQUEST);
    }
    if let Some(problem) = password_problem(password) {
        return render_new_password(&query, &session, Some(problem), StatusCode::BAD_REQUEST);
    }
    {
        let mut inner = ctx.pool.lock();
        inner.challenges.remove(&session);
        if let Some(user) = inner.user_mut(&challenge.username) {
            user.config.password = password.to_string();
            user.config.status = UserStatus::Confirmed;
        }
    }
    continue_sign_in(&ctx, &query, &req, &challenge.username)
}
