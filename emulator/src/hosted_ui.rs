//! The hosted UI on the domain origin: its routes, the sign-in form
//! (`/login`), `/logout` and `/error` (docs/COGNITO.md "The authorize
//! request", "Sign-out", "No framing"). The other pages: `federation.rs`,
//! `signup.rs`, `challenges.rs`, `password_reset.rs`.

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::authorize::{self, finish_sign_in, query_params, validate, AuthRequest};
use crate::config::UserStatus;
use crate::http::{self, encode_query, escape, html_page, parse_form, redirect, with_query, Ctx};
use crate::state::CodePurpose;
use crate::{challenges, federation, pages, password_reset, signup};

pub(crate) fn router(ctx: Ctx) -> Router {
    Router::new()
        .route("/oauth2/authorize", get(authorize::authorize))
        .route("/login", get(login_form).post(login_submit))
        .route("/logout", get(logout))
        .route("/error", get(error_page))
        .merge(federation::router())
        .merge(signup::router())
        .merge(challenges::router())
        .merge(password_reset::router())
        .with_state(ctx)
}

/// `GET /login`: the sign-in form.
async fn login_form(State(ctx): State<Ctx>, RawQuery(query): RawQuery) -> Response {
    let params = query_params(&query);
    if let Err(response) = validate(&ctx, &params) {
        return *response;
    }
    let hint = params.get("login_hint").map(String::as_str).unwrap_or("");
    render_login(&ctx, &query, hint, None, StatusCode::OK)
}

pub(crate) fn render_login(
    ctx: &Ctx,
    query: &Option<String>,
    username: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let action = with_query("/login", query.as_deref().unwrap_or(""));
    let error = error
        .map(|e| format!(r#"<p class="error" role="alert" id="loginErrorMessage">{}</p>"#, escape(e)))
        .unwrap_or_default();
    let body = format!(
        r#"<h1>Sign in</h1>{error}
<form method="post" action="{action}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required value="{username}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="signInSubmitButton" id="signInButton">Sign in</button>
</form>{forgot}{providers}{signup}
<p class="note">Local Cognito emulator: no AWS account involved.</p>"#,
        action = escape(&action),
        username = escape(username),
        forgot = pages::link("forgotPasswordLink", "/forgotPassword", query, "Forgot your password?"),
        providers = federation::login_buttons(ctx, query),
        signup = pages::link("signUpLink", "/signup", query, "Need an account? Sign up"),
    );
    html_page(status, "Sign in", &body)
}

/// `POST /login`: checks the credentials, starts a session, continues the
/// authorization. Answers with 302 (never 307, RFC 9700 §4.12).
async fn login_submit(State(ctx): State<Ctx>, headers: HeaderMap, RawQuery(query): RawQuery, body: String) -> Response {
    let params = query_params(&query);
    let req = match validate(&ctx, &params) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let form = parse_form(&body);
    let username = form.get("username").map(|u| u.trim()).unwrap_or("");
    let password = form.get("password").map(String::as_str).unwrap_or("");
    http::log(&ctx.pool, &Method::POST, "/login", &BTreeMap::from([("username".into(), username.into())]), &headers);
    let user =
        ctx.pool.lock().user(username).filter(|u| !password.is_empty() && u.config.password == password).cloned();
    let Some(user) = user else {
        return render_login(&ctx, &query, username, Some("Incorrect username or password."), StatusCode::BAD_REQUEST);
    };
    if !user.config.enabled {
        return render_login(&ctx, &query, username, Some("User is disabled."), StatusCode::BAD_REQUEST);
    }
    if user.config.status == UserStatus::Unconfirmed {
        // Cognito's hosted UI sends a new code and asks for it.
        let now = ctx.pool.now();
        ctx.pool.lock().send_code(CodePurpose::SignUp, username, now);
        return signup::render_confirm(&query, username, None, StatusCode::OK);
    }
    continue_sign_in(&ctx, &query, &req, &user.config.username)
}

/// After the password: a new password if the user must set one, then MFA
/// if the user has it, then the code back to the app.
pub(crate) fn continue_sign_in(ctx: &Ctx, query: &Option<String>, req: &AuthRequest, username: &str) -> Response {
    let Some(user) = ctx.pool.lock().user(username).cloned() else {
        return render_login(ctx, query, username, Some("Incorrect username or password."), StatusCode::BAD_REQUEST);
    };
    if user.config.status == UserStatus::ForceChangePassword {
        return challenges::start_new_password(ctx, query, username);
    }
    if let Some(kind) = user.config.mfa {
        return challenges::start_mfa(ctx, query, username, kind);
    }
    finish_sign_in(ctx, req, &user)
}

/// `GET /logout` in its two forms (docs/COGNITO.md "Sign-out").
async fn logout(State(ctx): State<Ctx>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let params = query_params(&query);
    http::log(&ctx.pool, &Method::GET, "/logout", &params, &headers);
    let failure = |text: &str| {
        html_page(
            StatusCode::BAD_REQUEST,
            "Error",
            &format!(
                "<h1>An error was encountered with the requested page.</h1><p class=\"error\">{}</p>",
                escape(text)
            ),
        )
    };
    let Some(client_id) = params.get("client_id") else {
        return failure("Required String parameter 'client_id' is not present");
    };
    let Some(client) = ctx.pool.lock().clients.get(client_id).cloned() else {
        return failure("Required String parameter 'client_id' is not present");
    };
    let mut response = if let Some(logout_uri) = params.get("logout_uri") {
        if !client.logout_urls.contains(logout_uri) {
            return failure("Required String parameter 'redirect_uri' is not present");
        }
        redirect(logout_uri)
    } else if let Some(redirect_uri) = params.get("redirect_uri") {
        if !client.callback_urls.contains(redirect_uri) || !params.contains_key("response_type") {
            return failure("Required String parameter 'redirect_uri' is not present");
        }
        let mut forwarded = params.clone();
        if !forwarded.contains_key("scope") {
            forwarded.insert("scope".into(), client.allowed_scopes.join(" "));
        }
        forwarded.remove("identity_provider");
        forwarded.remove("idp_identifier");
        redirect(&with_query("/login", &encode_query(forwarded.iter().map(|(k, v)| (k.as_str(), v.as_str())))))
    } else {
        return failure("Required String parameter 'redirect_uri' is not present");
    };
    if let Some(sid) = http::cookie(&headers, &ctx.pool.cookie_name) {
        ctx.pool.lock().sessions.remove(&sid);
    }
    let clear = format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax", ctx.pool.cookie_name);
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&clear).expect("ASCII cookie"));
    response
}

/// `GET /error`: Cognito's own error page, e.g. for an unregistered
/// callback URL (`error=redirect_mismatch`).
async fn error_page(RawQuery(query): RawQuery) -> Response {
    let params = query_params(&query);
    let code = params.get("error").map(String::as_str).unwrap_or("unknown");
    html_page(
        StatusCode::BAD_REQUEST,
        "Error",
        &format!("<h1>An error was encountered with the requested page.</h1><p class=\"error\">{}</p>", escape(code)),
    )
}
