//! A sample protected API on its own origin (the `apiBaseUrl` of the dev
//! config): `GET /me` verifies the bearer JWT like a real resource server.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::http::{self, json_response, Ctx};
use crate::jwt;

pub(crate) fn router(ctx: Ctx) -> Router {
    Router::new().route("/me", get(me).options(options)).route("/ping", get(ping).options(options)).with_state(ctx)
}

/// The origins of every client's callback URLs: the apps allowed to call.
fn allowed_origin(ctx: &Ctx, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    let text = origin.to_str().ok()?;
    let inner = ctx.pool.lock();
    let allowed = inner
        .clients
        .values()
        .flat_map(|c| c.callback_urls.iter())
        .any(|url| url.strip_prefix(text).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')));
    allowed.then(|| origin.clone())
}

fn with_cors(ctx: &Ctx, headers: &HeaderMap, mut r: Response) -> Response {
    if let Some(origin) = allowed_origin(ctx, headers) {
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("WWW-Authenticate"));
    }
    r
}

async fn options(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("Authorization, Content-Type"));
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    with_cors(&ctx, &headers, r)
}

fn unauthorized(description: &str) -> Response {
    let mut r =
        json_response(StatusCode::UNAUTHORIZED, json!({"message": "Unauthorized", "reason": description}).to_string());
    let value = format!(r#"Bearer error="invalid_token", error_description="{description}""#);
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_str(&value).expect("ASCII header"));
    r
}

/// Checks a bearer JWT: signature against the pool's keys, issuer, expiry,
/// `token_use`, and that it was issued to a client of this pool (`client_id`
/// for access tokens, `aud` for ID tokens).
fn verify_bearer(ctx: &Ctx, token: &str) -> Result<Value, &'static str> {
    let claims = {
        let inner = ctx.pool.lock();
        let keys = [&inner.keys.id, &inner.keys.access].into_iter().chain(inner.keys.retired.iter());
        jwt::verify(token, keys).map_err(|_| "The token signature is invalid.")?
    };
    let s = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or("");
    if s("iss") != format!("{}/{}", ctx.origins.issuer_origin, ctx.pool.pool_id) {
        return Err("The token was issued by another issuer.");
    }
    if claims.get("exp").and_then(Value::as_i64).unwrap_or(0) <= ctx.pool.now() {
        return Err("The token has expired.");
    }
    let audience = match s("token_use") {
        "access" => s("client_id"),
        "id" => s("aud"),
        _ => return Err("The token is neither an access nor an ID token."),
    };
    if !ctx.pool.lock().clients.contains_key(audience) {
        return Err("The token was issued to an unknown client.");
    }
    if ctx.pool.lock().api_requires_audience && s("token_use") == "access" && s("aud") != ctx.origins.api {
        return Err("The token is not meant for this API (aud).");
    }
    Ok(claims)
}

/// `GET /ping`: a constant answer that checks nothing (not even the token),
/// so `./x bench` can compare the app's authenticated fetch with a plain
/// `fetch` without the server's work in the difference. Not logged.
async fn ping(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    with_cors(&ctx, &headers, json_response(StatusCode::OK, r#"{"ok":true}"#.to_string()))
}

/// `GET /me`: who the bearer token belongs to.
async fn me(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    http::log(&ctx.pool, &Method::GET, "/me", &BTreeMap::new(), &headers);
    let hang = ctx.pool.lock().api_hangs.pop_front();
    if let Some(seconds) = hang {
        tokio::time::sleep(std::time::Duration::from_secs_f64(seconds)).await;
    }
    let forced = {
        let mut inner = ctx.pool.lock();
        let once = inner.api_unauthorized_next > 0;
        if once {
            inner.api_unauthorized_next -= 1;
        }
        once || inner.api_always_unauthorized
    };
    let response = match http::bearer(&headers) {
        _ if forced => unauthorized("The token was refused (emulator fault)."),
        None => {
            ctx.pool.lock().api_refusals.push("no bearer token".into());
            unauthorized("A bearer token is required.")
        }
        Some(token) => match verify_bearer(&ctx, &token) {
            Err(reason) => {
                ctx.pool.lock().api_refusals.push(reason.to_string());
                unauthorized(reason)
            }
            Ok(claims) => {
                let s = |k: &str| claims.get(k).cloned().unwrap_or(Value::Null);
                let username = if claims.get("username").is_some() { s("username") } else { s("cognito:username") };
                let sub = claims.get("sub").and_then(Value::as_str).unwrap_or("");
                let email = ctx.pool.lock().users.iter().find(|u| u.sub == sub).map(|u| u.config.email.clone());
                json_response(
                    StatusCode::OK,
                    json!({
                        "sub": sub,
                        "email": email,
                        "username": username,
                        "token_use": s("token_use"),
                        "scope": s("scope"),
                    })
                    .to_string(),
                )
            }
        },
    };
    with_cors(&ctx, &headers, response)
}
