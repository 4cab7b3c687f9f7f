//! The two grants of `POST /oauth2/token` (docs/COGNITO.md "Token
//! endpoint", "Authorization codes", "Refresh and rotation").

use std::collections::BTreeMap;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::config::{AuthTimeOnRefresh, ClientConfig};
use crate::conformance;
use crate::http::{json_response, oauth_error, Ctx};
use crate::state::{RefreshRecord, User};
use crate::tokens::{mint_tokens, new_refresh_token, Grant};
use crate::uuid;

pub(crate) fn token_response(ctx: &Ctx, headers: &HeaderMap, form: &BTreeMap<String, String>) -> Response {
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

/// An enabled user: a disabled one's codes and refresh tokens answer
/// `invalid_grant` (docs/COGNITO.md "Disabled users and global sign-out").
pub(crate) fn user_named(ctx: &Ctx, username: &str) -> Option<User> {
    ctx.pool.lock().user(username).filter(|u| u.config.enabled).cloned()
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
