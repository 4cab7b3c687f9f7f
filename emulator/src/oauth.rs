//! The OAuth endpoints on the domain origin: `/oauth2/token`,
//! `/oauth2/revoke`, `/oauth2/userInfo` (docs/COGNITO.md "Token endpoint", "userInfo", "Revocation"), and token
//! minting (docs/COGNITO.md "Token claims").

use std::collections::BTreeMap;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::conformance;
use crate::http::{self, cors_echo, json_response, oauth_error, parse_form, preflight, Ctx};
use crate::jwt;
use crate::state::{AuthTimeOnRefresh, ClientConfig, RefreshRecord, TokenFault, User};
use crate::uuid;

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

/// What a set of tokens is issued for.
pub(crate) struct Grant {
    pub scopes: Vec<String>,
    pub nonce: Option<String>,
    pub auth_time: i64,
    pub origin_jti: String,
    /// True for a refresh (no new authentication).
    pub refresh: bool,
    /// RFC 8707 `resource`: the access token's `aud`.
    pub resource: Option<String>,
}

pub(crate) struct Tokens {
    pub access_token: String,
    pub id_token: Option<String>,
}

/// Mints an access token (docs/COGNITO.md "Token claims") and, with `openid`, an ID token
/// (docs/COGNITO.md "Token claims"). `jti`/`origin_jti` follow `EnableTokenRevocation`.
pub(crate) fn mint_tokens(ctx: &Ctx, client: &ClientConfig, user: &User, grant: &Grant) -> Tokens {
    let now = ctx.pool.now();
    let issuer = format!("{}/{}", ctx.origins.issuer_origin, ctx.pool.pool_id);
    let event_id = uuid();
    let revocable = client.enable_token_revocation;
    let mut access = Map::new();
    access.insert("sub".into(), json!(user.sub));
    if !user.config.groups.is_empty() {
        access.insert("cognito:groups".into(), json!(user.config.groups));
    }
    access.insert("iss".into(), json!(issuer));
    access.insert("version".into(), json!(2));
    access.insert("client_id".into(), json!(client.client_id));
    if let Some(resource) = &grant.resource {
        access.insert("aud".into(), json!(resource));
    }
    access.insert("event_id".into(), json!(event_id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!(grant.scopes.join(" ")));
    access.insert("auth_time".into(), json!(grant.auth_time));
    access.insert("exp".into(), json!(now + client.access_token_validity as i64));
    access.insert("iat".into(), json!(now));
    if revocable {
        access.insert("jti".into(), json!(uuid()));
        access.insert("origin_jti".into(), json!(grant.origin_jti));
    }
    access.insert("username".into(), json!(user.config.username));
    let (access_token, id_token) = {
        let inner = ctx.pool.lock();
        let mode = inner.token_mode;
        conformance::alter_access_claims(mode, &mut access, now);
        let access_token = conformance::sign(mode, &inner.keys, access, false);
        let id_token = grant.scopes.iter().any(|s| s == "openid").then(|| {
            let mut id = Map::new();
            id.insert("at_hash".into(), json!(jwt::at_hash(&access_token)));
            id.insert("sub".into(), json!(user.sub));
            if !user.config.groups.is_empty() {
                id.insert("cognito:groups".into(), json!(user.config.groups));
            }
            if grant.scopes.iter().any(|s| s == "email") {
                id.insert("email_verified".into(), json!(true));
                id.insert("email".into(), json!(user.config.email));
            }
            id.insert("iss".into(), json!(issuer));
            id.insert("cognito:username".into(), json!(user.config.username));
            for (name, value) in &user.config.custom_attributes {
                id.insert(format!("custom:{name}"), json!(value));
            }
            if let Some(nonce) = &grant.nonce {
                id.insert("nonce".into(), json!(nonce));
            }
            if revocable {
                id.insert("origin_jti".into(), json!(grant.origin_jti));
                id.insert("jti".into(), json!(uuid()));
            }
            id.insert("aud".into(), json!(client.client_id));
            id.insert("event_id".into(), json!(event_id));
            id.insert("token_use".into(), json!("id"));
            id.insert("auth_time".into(), json!(grant.auth_time));
            id.insert("exp".into(), json!(now + client.id_token_validity as i64));
            id.insert("iat".into(), json!(now));
            conformance::alter_id_claims(mode, &mut id, now, grant.refresh);
            conformance::sign(mode, &inner.keys, id, true)
        });
        (access_token, id_token)
    };
    Tokens { access_token, id_token }
}

/// A refresh token: opaque to clients (Cognito's is a JWE; ours is random
/// text in the same five-part shape).
fn new_refresh_token() -> String {
    let part = |n| URL_SAFE_NO_PAD.encode(crate::random_hex(n));
    format!(
        "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.{}.{}.{}.{}",
        part(128),
        part(6),
        part(300),
        part(8)
    )
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
        Some(TokenFault::Hang { seconds }) => tokio::time::sleep(Duration::from_secs_f64(seconds)).await,
        None => {}
    }
    cors_echo(&headers, token_response(&ctx, &headers, &form))
}

fn token_response(ctx: &Ctx, headers: &HeaderMap, form: &BTreeMap<String, String>) -> Response {
    let bad = |e: &str| oauth_error(StatusCode::BAD_REQUEST, e);
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded") {
        return bad("invalid_request");
    }
    let Some(grant_type) = form.get("grant_type") else {
        return bad("invalid_request");
    };
    if grant_type != "authorization_code" && grant_type != "refresh_token" {
        return bad("unsupported_grant_type");
    }
    let client = form.get("client_id").and_then(|id| ctx.pool.lock().clients.get(id).cloned());
    let Some(client) = client else {
        return bad("invalid_client");
    };
    let result = if grant_type == "authorization_code" {
        exchange_code(ctx, &client, form)
    } else {
        refresh(ctx, &client, form)
    };
    match result {
        Ok(mut body) => {
            conformance::alter_token_response(ctx.pool.lock().token_mode, &mut body);
            json_response(StatusCode::OK, body.to_string())
        }
        Err(error) => bad(error),
    }
}

fn user_named(ctx: &Ctx, username: &str) -> Option<User> {
    ctx.pool.lock().users.iter().find(|u| u.config.username == username).cloned()
}

fn exchange_code(ctx: &Ctx, client: &ClientConfig, form: &BTreeMap<String, String>) -> Result<Value, &'static str> {
    if !client.allowed_flows.iter().any(|f| f == "code") {
        return Err("unauthorized_client");
    }
    let code = form.get("code").ok_or("invalid_request")?;
    let now = ctx.pool.now();
    // A code is consumed by any attempt to redeem it, even a failed one
    // (docs/COGNITO.md "Authorization codes": a retry after invalid_request gets invalid_grant).
    let pending = {
        let mut inner = ctx.pool.lock();
        let entry = inner.codes.get_mut(code).ok_or("invalid_grant")?;
        let was_used = std::mem::replace(&mut entry.used, true);
        if was_used || entry.expires_at <= now {
            return Err("invalid_grant");
        }
        entry.clone()
    };
    if pending.client_id != client.client_id {
        return Err("invalid_grant");
    }
    let redirect_uri = form.get("redirect_uri").ok_or("invalid_request")?;
    if *redirect_uri != pending.redirect_uri {
        return Err("invalid_grant");
    }
    match (&pending.code_challenge, form.get("code_verifier")) {
        (None, None) => {}
        // RFC 9700 §2.1.1: a verifier without a challenge is a downgrade.
        (None, Some(_)) | (Some(_), None) => return Err("invalid_grant"),
        (Some(challenge), Some(verifier)) => {
            if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != *challenge {
                return Err("invalid_grant");
            }
        }
    }
    if let Some(resource) = &pending.resource {
        // RFC 8707 on Cognito: managed login and a resource server with that
        // identifier, or the exchange fails (docs/COGNITO.md "Resource
        // binding").
        let servers = ctx.pool.lock().resource_servers.clone().unwrap_or_else(|| vec![ctx.origins.api.clone()]);
        if !client.managed_login || !servers.contains(resource) {
            return Err("invalid_grant");
        }
    }
    let user = user_named(ctx, &pending.username).ok_or("invalid_grant")?;
    let grant = Grant {
        scopes: pending.scopes.clone(),
        nonce: pending.nonce.clone(),
        auth_time: pending.auth_time,
        origin_jti: uuid(),
        refresh: false,
        resource: pending.resource.clone(),
    };
    let tokens = mint_tokens(ctx, client, &user, &grant);
    let refresh_token = new_refresh_token();
    ctx.pool.lock().refresh_tokens.insert(
        refresh_token.clone(),
        RefreshRecord {
            resource: grant.resource.clone(),
            client_id: client.client_id.clone(),
            username: user.config.username.clone(),
            scopes: grant.scopes,
            auth_time: grant.auth_time,
            origin_jti: grant.origin_jti,
            expires_at: now + client.refresh_token_validity as i64,
            revoked: false,
            valid_until: None,
        },
    );
    let mut body = json!({
        "access_token": tokens.access_token,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "expires_in": client.access_token_validity,
    });
    if let Some(id) = tokens.id_token {
        body["id_token"] = json!(id);
    }
    Ok(body)
}

fn refresh(ctx: &Ctx, client: &ClientConfig, form: &BTreeMap<String, String>) -> Result<Value, &'static str> {
    let token = form.get("refresh_token").ok_or("invalid_request")?;
    let now = ctx.pool.now();
    let record = {
        let inner = ctx.pool.lock();
        inner.refresh_tokens.get(token).cloned().ok_or("invalid_grant")?
    };
    let usable = !record.revoked && record.expires_at > now && record.valid_until.is_none_or(|t| t > now);
    if !usable || record.client_id != client.client_id {
        return Err("invalid_grant");
    }
    let user = user_named(ctx, &record.username).ok_or("invalid_grant")?;
    let grant = Grant {
        scopes: record.scopes.clone(),
        nonce: None,
        auth_time: match client.auth_time_on_refresh {
            AuthTimeOnRefresh::Kept => record.auth_time,
            AuthTimeOnRefresh::Moves => now,
        },
        origin_jti: record.origin_jti.clone(),
        refresh: true,
        resource: record.resource.clone(),
    };
    let tokens = mint_tokens(ctx, client, &user, &grant);
    let mut body = json!({
        "access_token": tokens.access_token,
        "token_type": "Bearer",
        "expires_in": client.access_token_validity,
    });
    if let Some(id) = tokens.id_token {
        body["id_token"] = json!(id);
    }
    if let Some(grace) = client.refresh_token_rotation {
        let rotated = new_refresh_token();
        let mut inner = ctx.pool.lock();
        if let Some(old) = inner.refresh_tokens.get_mut(token) {
            // The old token stays usable for the grace period only; a
            // second rotation does not extend it.
            old.valid_until = Some(old.valid_until.unwrap_or(now + grace as i64));
        }
        inner.refresh_tokens.insert(rotated.clone(), RefreshRecord { valid_until: None, ..record });
        body["refresh_token"] = json!(rotated);
    }
    Ok(body)
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
