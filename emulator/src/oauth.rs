//! The OAuth endpoints on the domain origin: `/oauth2/token` (its faults
//! here, its grants in `grants.rs`), `/oauth2/revoke`, `/oauth2/userInfo`
//! (docs/COGNITO.md "Token endpoint", "userInfo", "Revocation").

use std::collections::BTreeMap;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::faults::TokenFault;
use crate::grants::{token_response, user_named};
use crate::http::{self, cors_echo, json_response, oauth_error, parse_form, preflight, Ctx};
use crate::jwt;

pub(crate) fn router(ctx: Ctx) -> Router {
    Router::new()
        .route("/oauth2/token", post(token).options(options))
        .route("/oauth2/revoke", post(revoke).options(options))
        .route("/oauth2/userInfo", get(userinfo).post(userinfo).options(options))
        .with_state(ctx)
}

async fn options(State(ctx): State<Ctx>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    if uri.path() == "/oauth2/revoke" && ctx.pool.lock().revoke_without_cors {
        return StatusCode::NO_CONTENT.into_response();
    }
    preflight(&headers)
}

/// `POST /oauth2/token`.
async fn token(State(ctx): State<Ctx>, headers: HeaderMap, body: String) -> Response {
    let form = parse_form(&body);
    http::log(&ctx.pool, &Method::POST, "/oauth2/token", &form, &headers);
    let fault = ctx.pool.lock().token_faults.pop_front();
    match fault {
        Some(TokenFault::Status500) => {
            return cors_echo(&headers, oauth_error(StatusCode::INTERNAL_SERVER_ERROR, "server_error"))
        }
        Some(TokenFault::Error { error }) => return cors_echo(&headers, oauth_error(StatusCode::BAD_REQUEST, &error)),
        Some(TokenFault::Drop) => return http::dropped_connection(),
        Some(TokenFault::HangThenDrop { seconds }) => {
            tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
            return http::dropped_connection();
        }
        Some(TokenFault::TooManyRequests) => {
            let body = r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#;
            return cors_echo(&headers, json_response(StatusCode::TOO_MANY_REQUESTS, body.to_string()));
        }
        Some(TokenFault::ForbiddenHtml) => {
            let page = "<h1>403 Forbidden</h1><p>Request blocked.</p>";
            return cors_echo(&headers, http::html_page(StatusCode::FORBIDDEN, "Forbidden", page));
        }
        Some(TokenFault::OkHtml) => {
            let page = "<h1>Welcome to the Wi-Fi</h1><p>Accept the terms to continue.</p>";
            return cors_echo(&headers, http::html_page(StatusCode::OK, "Wi-Fi", page));
        }
        Some(TokenFault::TooManyRequestsException) => {
            // Cognito's API throttle shape (aws-amplify/amplify-js#6767).
            let body = r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#;
            return cors_echo(&headers, json_response(StatusCode::BAD_REQUEST, body.to_string()));
        }
        Some(TokenFault::ForbiddenJson) => {
            let body = r#"{"message":"Forbidden"}"#.to_string();
            let mut r = (StatusCode::FORBIDDEN, body).into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            return cors_echo(&headers, r);
        }
        Some(TokenFault::Hang { seconds }) => tokio::time::sleep(Duration::from_secs_f64(seconds)).await,
        None => {}
    }
    cors_echo(&headers, token_response(&ctx, &headers, &form))
}

/// `POST /oauth2/revoke` (docs/COGNITO.md "Revocation").
async fn revoke(State(ctx): State<Ctx>, headers: HeaderMap, body: String) -> Response {
    let form = parse_form(&body);
    http::log(&ctx.pool, &Method::POST, "/oauth2/revoke", &form, &headers);
    let hang = ctx.pool.lock().revoke_hang.take();
    if let Some(seconds) = hang {
        tokio::time::sleep(std::time::Duration::from_secs_f64(seconds)).await;
    }
    let response = (|| {
        let Some(token) = form.get("token") else {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_request");
        };
        let client = form.get("client_id").and_then(|id| ctx.pool.lock().clients.get(id).cloned());
        let Some(client) = client else {
            return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
        };
        if !client.enable_token_revocation {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_request");
        }
        // An access or ID token (a JWT we signed) is not a refresh token.
        let is_our_jwt = {
            let inner = ctx.pool.lock();
            let keys = [&inner.keys.id, &inner.keys.access].into_iter().chain(inner.keys.retired.iter());
            jwt::verify(token, keys).is_ok()
        };
        if is_our_jwt {
            return oauth_error(StatusCode::BAD_REQUEST, "unsupported_token_type");
        }
        let mut inner = ctx.pool.lock();
        let revoked = match inner.refresh_tokens.get_mut(token) {
            Some(r) if r.client_id == client.client_id => {
                r.revoked = true;
                Some(r.origin_jti.clone())
            }
            _ => None,
        };
        if let Some(origin_jti) = revoked {
            // Every token of that sign-in (same origin_jti) is revoked too.
            for r in inner.refresh_tokens.values_mut().filter(|r| r.origin_jti == origin_jti) {
                r.revoked = true;
            }
            inner.revoked_origin_jtis.insert(origin_jti);
        }
        // Unknown tokens get 200 too.
        let mut r = StatusCode::OK.into_response();
        r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    })();
    if ctx.pool.lock().revoke_without_cors {
        // The revocation happened; a browser just cannot read the answer.
        return response;
    }
    cors_echo(&headers, response)
}

fn userinfo_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut r = status.into_response();
    let value = format!(r#"error="{error}", error_description="{description}""#);
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_str(&value).expect("ASCII header"));
    r
}

/// `GET /oauth2/userInfo` (docs/COGNITO.md "userInfo").
async fn userinfo(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    http::log(&ctx.pool, &Method::GET, "/oauth2/userInfo", &BTreeMap::new(), &headers);
    let Some(token) = http::bearer(&headers) else {
        return cors_echo(
            &headers,
            userinfo_error(StatusCode::BAD_REQUEST, "invalid_request", "Bad OAuth2 request at UserInfo Endpoint"),
        );
    };
    let invalid = || {
        cors_echo(
            &headers,
            userinfo_error(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "Access token is expired, disabled, or deleted, or the user has globally signed out.",
            ),
        )
    };
    let claims = {
        let inner = ctx.pool.lock();
        let keys = [&inner.keys.access].into_iter().chain(inner.keys.retired.iter());
        match jwt::verify(&token, keys) {
            Ok(c) => c,
            Err(_) => return invalid(),
        }
    };
    let now = ctx.pool.now();
    let str_claim = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let exp = claims.get("exp").and_then(Value::as_i64).unwrap_or(0);
    let revoked = ctx.pool.lock().revoked_origin_jtis.contains(&str_claim("origin_jti"));
    if str_claim("token_use") != "access" || exp <= now || revoked {
        return invalid();
    }
    let scopes: Vec<String> = str_claim("scope").split_whitespace().map(str::to_string).collect();
    if !scopes.iter().any(|s| s == "openid") {
        return cors_echo(
            &headers,
            userinfo_error(StatusCode::UNAUTHORIZED, "invalid_token", "Access token does not contain openid scope"),
        );
    }
    let Some(user) = user_named(&ctx, &str_claim("username")) else {
        return invalid();
    };
    let mut body = json!({ "sub": user.sub, "username": user.config.username });
    let wants_email = scopes.iter().any(|s| s == "email") || scopes.len() == 1;
    if wants_email {
        // userInfo returns *_verified as strings (docs/COGNITO.md "userInfo").
        body["email"] = json!(user.config.email);
        body["email_verified"] = json!("true");
    }
    let mut r = json_response(StatusCode::OK, body.to_string());
    r.headers_mut().insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    cors_echo(&headers, r)
}
