//! `GET /oauth2/authorize`: validation in Cognito's order, the session
//! cookie, and the end of every sign-in (a code or implicit tokens back to
//! the app) (docs/COGNITO.md "The authorize request", "Session cookie").

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::response::Response;

use crate::config::{ClientConfig, UnsupportedScopes};
use crate::federation;
use crate::http::{self, encode_query, parse_form, redirect, with_query, Ctx};
use crate::state::{PendingCode, Session, User};
use crate::tokens::{mint_tokens, Grant};
use crate::uuid;

/// Lifetime of an authorization code (docs/COGNITO.md "Authorization codes").
pub(crate) const CODE_LIFETIME: i64 = 300;
/// Lifetime of the hosted-UI session cookie (docs/COGNITO.md "Session cookie").
pub(crate) const SESSION_LIFETIME: i64 = 3600;
/// The reserved scopes; anything else must be a custom `server/scope`.
const RESERVED_SCOPES: &[&str] = &["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

/// A validated authorization request.
#[derive(Clone)]
pub(crate) struct AuthRequest {
    pub client: ClientConfig,
    pub redirect_uri: String,
    pub implicit: bool,
    pub state: Option<String>,
    pub scopes: Vec<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub prompt: Vec<String>,
    pub resource: Option<String>,
}

impl AuthRequest {
    /// A redirect to the client carrying `params` plus `state`, in the query
    /// for the code flow and the fragment for the implicit flow.
    pub(crate) fn respond(&self, params: &[(&str, &str)], fragment: bool) -> Response {
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

    pub(crate) fn error(&self, error: &str) -> Response {
        self.respond(&[("error", error)], false)
    }
}

fn error_redirect(error: &str, client_id: &str) -> Response {
    redirect(&format!("/error?{}", encode_query([("error", error), ("client_id", client_id)])))
}

/// Validates an authorization request in Cognito's order (docs/COGNITO.md "The authorize request"):
/// client, redirect URI (both answered with Cognito's own error page), then
/// everything else (answered with a redirect carrying `error=`).
pub(crate) fn validate(ctx: &Ctx, p: &BTreeMap<String, String>) -> Result<AuthRequest, Box<Response>> {
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
pub(crate) fn session_user(ctx: &Ctx, headers: &HeaderMap) -> Option<(User, i64)> {
    let sid = http::cookie(headers, &ctx.pool.cookie_name)?;
    let now = ctx.pool.now();
    let inner = ctx.pool.lock();
    let session = inner.sessions.get(&sid).filter(|s| s.expires_at > now)?;
    let user = inner.user(&session.username).filter(|u| u.config.enabled)?.clone();
    Some((user, session.auth_time))
}

/// Finishes a successful authorization: a code (or, for the implicit
/// flow, tokens in the fragment) back to the client.
pub(crate) fn complete(ctx: &Ctx, req: &AuthRequest, user: &User, auth_time: i64) -> Response {
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

pub(crate) fn query_params(query: &Option<String>) -> BTreeMap<String, String> {
    query.as_deref().map(parse_form).unwrap_or_default()
}

/// `GET /oauth2/authorize`.
pub(crate) async fn authorize(State(ctx): State<Ctx>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
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
    if let Some(response) = federation::detour(&ctx, &req, &params) {
        return response;
    }
    redirect(&with_query("/login", query.as_deref().unwrap_or("")))
}

/// Starts a hosted session for `user` and continues the authorization: the
/// end of every sign-in (password, challenge, sign-up, federation). The
/// cookie lasts an hour (docs/COGNITO.md "Session cookie"); the answer is a
/// `302` (never `307`, RFC 9700 §4.12).
pub(crate) fn finish_sign_in(ctx: &Ctx, req: &AuthRequest, user: &User) -> Response {
    let now = ctx.pool.now();
    let sid = crate::random_hex(32);
    ctx.pool.lock().sessions.insert(
        sid.clone(),
        Session { username: user.config.username.clone(), auth_time: now, expires_at: now + SESSION_LIFETIME },
    );
    let mut response = complete(ctx, req, user, now);
    let cookie = format!("{}={sid}; Path=/; Max-Age={SESSION_LIFETIME}; HttpOnly; SameSite=Lax", ctx.pool.cookie_name);
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    response
}
