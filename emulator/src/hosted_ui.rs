//! The hosted UI on the domain origin: `/oauth2/authorize`, `/login`,
//! `/logout` and `/error` (docs/COGNITO.md "The authorize request", "Sign-out", "No framing").

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::http::{self, encode_query, escape, html_page, parse_form, redirect, with_query, Ctx};
use crate::oauth::{mint_tokens, Grant};
use crate::state::{ClientConfig, PendingCode, Session, UnsupportedScopes, User};
use crate::uuid;

/// Lifetime of an authorization code (docs/COGNITO.md "Authorization codes").
const CODE_LIFETIME: i64 = 300;
/// Lifetime of the hosted-UI session cookie (docs/COGNITO.md "Session cookie").
const SESSION_LIFETIME: i64 = 3600;
/// The reserved scopes; anything else must be a custom `server/scope`.
const RESERVED_SCOPES: &[&str] = &["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

pub(crate) fn router(ctx: Ctx) -> Router {
    Router::new()
        .route("/oauth2/authorize", get(authorize))
        .route("/login", get(login_form).post(login_submit))
        .route("/logout", get(logout))
        .route("/error", get(error_page))
        .with_state(ctx)
}

/// A validated authorization request.
#[derive(Clone)]
struct AuthRequest {
    client: ClientConfig,
    redirect_uri: String,
    implicit: bool,
    state: Option<String>,
    scopes: Vec<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    prompt: Vec<String>,
    resource: Option<String>,
}

impl AuthRequest {
    /// A redirect to the client carrying `params` plus `state`, in the query
    /// for the code flow and the fragment for the implicit flow.
    fn respond(&self, params: &[(&str, &str)], fragment: bool) -> Response {
        let mut pairs: Vec<(&str, &str)> = params.to_vec();
        if let Some(state) = &self.state {
            pairs.push(("state", state));
        }
        let q = encode_query(pairs);
        if fragment {
            redirect(&format!("{}#{q}", self.redirect_uri))
        } else {
            redirect(&with_query(&self.redirect_uri, &q))
        }
    }

    fn error(&self, error: &str) -> Response {
        self.respond(&[("error", error)], false)
    }
}

fn error_redirect(error: &str, client_id: &str) -> Response {
    redirect(&format!("/error?{}", encode_query([("error", error), ("client_id", client_id)])))
}

/// Validates an authorization request in Cognito's order (docs/COGNITO.md "The authorize request"):
/// client, redirect URI (both answered with Cognito's own error page), then
/// everything else (answered with a redirect carrying `error=`).
fn validate(ctx: &Ctx, p: &BTreeMap<String, String>) -> Result<AuthRequest, Box<Response>> {
    let client_id = p.get("client_id").cloned().unwrap_or_default();
    let client = ctx.pool.lock().clients.get(&client_id).cloned();
    let Some(client) = client else {
        return Err(Box::new(error_redirect("invalid_client", &client_id)));
    };
    let redirect_uri = p.get("redirect_uri").cloned().unwrap_or_default();
    if !client.callback_urls.contains(&redirect_uri) {
        return Err(Box::new(error_redirect("redirect_mismatch", &client_id)));
    }
    let mut req = AuthRequest {
        client,
        redirect_uri,
        implicit: false,
        state: p.get("state").cloned(),
        scopes: Vec::new(),
        nonce: p.get("nonce").cloned(),
        code_challenge: None,
        prompt: Vec::new(),
        resource: None,
    };
    match p.get("response_type").map(String::as_str) {
        Some("code") if req.client.allowed_flows.iter().any(|f| f == "code") => {}
        Some("token") if req.client.allowed_flows.iter().any(|f| f == "implicit") => req.implicit = true,
        Some("code") | Some("token") => return Err(Box::new(req.error("unauthorized_client"))),
        _ => return Err(Box::new(req.error("invalid_request"))),
    }
    match (p.get("code_challenge"), p.get("code_challenge_method").map(String::as_str)) {
        (None, None) => {}
        (Some(c), Some("S256")) if is_pkce_challenge(c) => req.code_challenge = Some(c.clone()),
        _ => return Err(Box::new(req.error("invalid_request"))),
    }
    let requested: Vec<&str> = p.get("scope").map(|s| s.split_whitespace().collect()).unwrap_or_default();
    if requested.iter().any(|s| !RESERVED_SCOPES.contains(s) && !s.contains('/')) {
        return Err(Box::new(req.error("invalid_scope")));
    }
    let allowed = &req.client.allowed_scopes;
    if requested.iter().any(|s| !allowed.iter().any(|a| a == *s)) {
        // Scopes not enabled on the client: dropped as documented, or
        // refused as real pools have (docs/COGNITO.md "Scopes").
        match req.client.unsupported_scopes {
            UnsupportedScopes::Drop => {}
            UnsupportedScopes::Error => return Err(Box::new(req.error("invalid_scope"))),
            UnsupportedScopes::ErrorPage => return Err(Box::new(error_redirect("invalid_scope", &client_id))),
        }
    }
    let mut scopes: Vec<String> = if requested.is_empty() {
        allowed.clone()
    } else {
        requested.iter().filter(|s| allowed.iter().any(|a| a == *s)).map(|s| s.to_string()).collect()
    };
    scopes.dedup();
    if !scopes.iter().any(|s| s == "openid") {
        // email, phone and profile need openid (docs/COGNITO.md "Scopes").
        scopes.retain(|s| !matches!(s.as_str(), "email" | "phone" | "profile"));
    }
    if scopes.is_empty() {
        return Err(Box::new(req.error("invalid_scope")));
    }
    req.scopes = scopes;
    if let Some(resource) = p.get("resource") {
        // RFC 8707; Cognito: https, http://localhost or a custom scheme (the
        // emulator also takes http://127.0.0.1, where its API lives).
        let ok = resource.starts_with("https://")
            || resource.starts_with("http://localhost")
            || resource.starts_with("http://127.0.0.1");
        if !ok || resource.contains('#') {
            return Err(Box::new(req.error("invalid_request")));
        }
        req.resource = Some(resource.clone());
    }
    if let Some(prompt) = p.get("prompt") {
        let values: Vec<String> = prompt.split_whitespace().map(str::to_string).collect();
        let known = values.iter().all(|v| matches!(v.as_str(), "none" | "login" | "select_account" | "consent"));
        if !known || (values.len() > 1 && values.iter().any(|v| v == "none")) {
            return Err(Box::new(req.error("invalid_request")));
        }
        // The classic hosted UI ignores `prompt` (docs/COGNITO.md "Managed
        // login"); so it does `lang`, which the emulator never localises.
        if req.client.managed_login {
            req.prompt = values;
        }
    }
    Ok(req)
}

/// RFC 7636 §4.2: 43 to 128 characters of `[A-Za-z0-9-._~]`.
fn is_pkce_challenge(c: &str) -> bool {
    (43..=128).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_alphanumeric() || "-._~".contains(ch))
}

/// The signed-in user of a valid session cookie.
fn session_user(ctx: &Ctx, headers: &HeaderMap) -> Option<(User, i64)> {
    let sid = http::cookie(headers, &ctx.pool.cookie_name)?;
    let now = ctx.pool.now();
    let inner = ctx.pool.lock();
    let session = inner.sessions.get(&sid).filter(|s| s.expires_at > now)?;
    let user = inner.users.iter().find(|u| u.config.username == session.username)?.clone();
    Some((user, session.auth_time))
}

/// Finishes a successful authorization: a code (or, for the implicit
/// flow, tokens in the fragment) back to the client.
fn complete(ctx: &Ctx, req: &AuthRequest, user: &User, auth_time: i64) -> Response {
    if req.implicit {
        let tokens = mint_tokens(
            ctx,
            &req.client,
            user,
            &Grant {
                scopes: req.scopes.clone(),
                nonce: req.nonce.clone(),
                auth_time,
                origin_jti: uuid(),
                refresh: false,
                resource: req.resource.clone(),
            },
        );
        let expires_in = req.client.access_token_validity.to_string();
        let mut params = vec![("access_token", tokens.access_token.as_str())];
        if let Some(id) = &tokens.id_token {
            params.push(("id_token", id));
        }
        params.extend([("token_type", "bearer"), ("expires_in", expires_in.as_str())]);
        return req.respond(&params, true);
    }
    let code = uuid();
    let now = ctx.pool.now();
    ctx.pool.lock().codes.insert(
        code.clone(),
        PendingCode {
            client_id: req.client.client_id.clone(),
            redirect_uri: req.redirect_uri.clone(),
            code_challenge: req.code_challenge.clone(),
            resource: req.resource.clone(),
            nonce: req.nonce.clone(),
            scopes: req.scopes.clone(),
            username: user.config.username.clone(),
            auth_time,
            expires_at: now + CODE_LIFETIME,
            used: false,
        },
    );
    if ctx.pool.lock().token_mode == Some(crate::TokenMode::WrongState) {
        // Conformance: the authorization response echoes another state.
        let tampered = AuthRequest { state: Some("tampered-state".into()), ..req.clone() };
        return tampered.respond(&[("code", &code)], false);
    }
    req.respond(&[("code", &code)], false)
}

fn query_params(query: &Option<String>) -> BTreeMap<String, String> {
    query.as_deref().map(parse_form).unwrap_or_default()
}

/// `GET /oauth2/authorize`.
async fn authorize(State(ctx): State<Ctx>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let params = query_params(&query);
    http::log(&ctx.pool, &Method::GET, "/oauth2/authorize", &params, &headers);
    let req = match validate(&ctx, &params) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let force_login = req.prompt.iter().any(|p| p == "login");
    if !force_login {
        if let Some((user, auth_time)) = session_user(&ctx, &headers) {
            return complete(&ctx, &req, &user, auth_time);
        }
    }
    if req.prompt.iter().any(|p| p == "none") {
        return req.error("login_required");
    }
    redirect(&with_query("/login", query.as_deref().unwrap_or("")))
}

/// `GET /login`: the sign-in form.
async fn login_form(State(ctx): State<Ctx>, RawQuery(query): RawQuery) -> Response {
    let params = query_params(&query);
    if let Err(response) = validate(&ctx, &params) {
        return *response;
    }
    let hint = params.get("login_hint").map(String::as_str).unwrap_or("");
    render_login(&query, hint, None, StatusCode::OK)
}

fn render_login(query: &Option<String>, username: &str, error: Option<&str>, status: StatusCode) -> Response {
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
<button type="submit" name="signInSubmitButton">Sign in</button>
</form>
<p class="note">Local Cognito emulator: no AWS account involved.</p>"#,
        action = escape(&action),
        username = escape(username),
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
        ctx.pool.lock().users.iter().find(|u| u.config.username == username && u.config.password == password).cloned();
    let Some(user) = user else {
        return render_login(&query, username, Some("Incorrect username or password."), StatusCode::BAD_REQUEST);
    };
    let now = ctx.pool.now();
    let sid = crate::random_hex(32);
    ctx.pool.lock().sessions.insert(
        sid.clone(),
        Session { username: user.config.username.clone(), auth_time: now, expires_at: now + SESSION_LIFETIME },
    );
    let mut response = complete(&ctx, &req, &user, now);
    let cookie = format!("{}={sid}; Path=/; Max-Age={SESSION_LIFETIME}; HttpOnly; SameSite=Lax", ctx.pool.cookie_name);
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    response
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
