//! The issuer origin (`cognito-idp.REGION.amazonaws.com` in AWS): OIDC
//! discovery and the JWKS (docs/COGNITO.md "Discovery", "Signing keys"), both with
//! `Access-Control-Allow-Origin: *` (docs/COGNITO.md "Signing keys").

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

use crate::http::{self, Ctx};

pub(crate) fn router(ctx: Ctx) -> Router {
    Router::new()
        .route("/{pool}/.well-known/openid-configuration", get(discovery))
        .route("/{pool}/.well-known/jwks.json", get(jwks))
        .with_state(ctx)
}

fn public_json(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    r
}

fn unknown_pool() -> Response {
    public_json(StatusCode::NOT_FOUND, json!({"message": "User pool does not exist."}).to_string())
}

/// Exactly the 12 keys of Cognito's discovery document, nothing more.
async fn discovery(State(ctx): State<Ctx>, Path(pool): Path<String>, headers: HeaderMap) -> Response {
    http::log(&ctx.pool, &Method::GET, "/.well-known/openid-configuration", &Default::default(), &headers);
    if pool != ctx.pool.pool_id {
        return unknown_pool();
    }
    if ctx.pool.lock().discovery_unavailable {
        return public_json(StatusCode::SERVICE_UNAVAILABLE, json!({"message": "Service Unavailable"}).to_string());
    }
    let issuer = format!("{}/{}", ctx.origins.issuer_origin, pool);
    let d = &ctx.origins.domain;
    let doc = json!({
        "authorization_endpoint": format!("{d}/oauth2/authorize"),
        "end_session_endpoint": format!("{d}/logout"),
        "id_token_signing_alg_values_supported": ["RS256"],
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "response_types_supported": ["code", "token"],
        "revocation_endpoint": format!("{d}/oauth2/revoke"),
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "subject_types_supported": ["public"],
        "token_endpoint": format!("{d}/oauth2/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "userinfo_endpoint": format!("{d}/oauth2/userInfo"),
    });
    public_json(StatusCode::OK, doc.to_string())
}

/// The two signing keys (ID and access), plus keys retired by a rotation.
async fn jwks(State(ctx): State<Ctx>, Path(pool): Path<String>, headers: HeaderMap) -> Response {
    http::log(&ctx.pool, &Method::GET, "/.well-known/jwks.json", &Default::default(), &headers);
    if pool != ctx.pool.pool_id {
        return unknown_pool();
    }
    let inner = ctx.pool.lock();
    if inner.jwks_unavailable {
        return public_json(StatusCode::SERVICE_UNAVAILABLE, json!({"message": "Service Unavailable"}).to_string());
    }
    let keys: Vec<_> =
        crate::conformance::published(inner.token_mode, &inner.keys).into_iter().map(|k| k.jwk()).collect();
    public_json(StatusCode::OK, json!({ "keys": keys }).to_string())
}
