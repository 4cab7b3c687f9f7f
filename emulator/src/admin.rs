//! The admin endpoint: the control API of [`crate::Pool`] over HTTP, for
//! tests written in other languages and for poking at a running emulator
//! with curl. Loopback only, like every origin, and never from a web page:
//! see [`guard`]. Documented in the README.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::config::{ClientConfig, IdentityProviderConfig, UserConfig};
use crate::faults::{TokenFault, TokenMode};
use crate::http::Ctx;

pub(crate) fn router(ctx: Ctx) -> Router {
    Router::new()
        .route("/", get(info))
        .route("/users", post(upsert_user))
        .route("/users/enabled", post(user_enabled))
        .route("/users/global-sign-out", post(global_sign_out))
        .route("/users/totp", get(totp_code))
        .route("/identity-providers", post(upsert_identity_provider))
        .route("/faults/federation", post(federation_fault))
        .route("/mailbox", get(mailbox).delete(clear_mailbox))
        .route("/clients", post(upsert_client))
        .route("/faults/token", post(token_fault).delete(clear_token_faults))
        .route("/faults/jwks", post(jwks_fault))
        .route("/faults/tokens", post(token_mode))
        .route("/faults/api", post(api_fault))
        .route("/faults/revoke-cors", post(revoke_cors))
        .route("/resource-servers", post(resource_servers))
        .route("/keys/rotate", post(rotate))
        .route("/clock", post(clock))
        .route("/sessions/revoke-all", post(revoke_all))
        .route("/log", get(log).delete(clear_log))
        .layer(axum::middleware::from_fn_with_state(ctx.clone(), guard))
        .with_state(ctx)
}

/// Every admin request passes three checks before it reaches a handler.
///
/// - `Host` must be this endpoint's own loopback name: a web page on a
///   hostile name that resolves to 127.0.0.1 (DNS rebinding) reaches the
///   port, but with its own name in `Host`.
/// - No web page may send it: an `Origin` other than the admin origin's own
///   (`http://127.0.0.1:PORT`, `http://localhost:PORT`; `null` included),
///   or `Sec-Fetch-Site` other than `same-origin` or `none` (`cross-site`,
///   and `same-site`: another server on localhost), is refused. Test code and
///   curl send neither header.
/// - Every request that changes state carries `Content-Type:
///   application/json` (with `{}` when there is nothing to say): a page
///   cannot send that without a CORS preflight, which this endpoint never
///   answers, so even a browser that sends neither header cannot post a form
///   here.
async fn guard(State(ctx): State<Ctx>, request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let port = ctx.origins.admin.rsplit(':').next().unwrap_or_default();
    let ours = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let headers = request.headers();
    let text = |name| headers.get(name).map(|v: &header::HeaderValue| v.to_str().unwrap_or("\u{fffd}"));
    if !text(header::HOST).is_some_and(|host| ours.iter().any(|o| o == host)) {
        return refuse(StatusCode::FORBIDDEN, "the admin endpoint answers only to 127.0.0.1 and localhost");
    }
    if let Some(origin) = text(header::ORIGIN) {
        if !ours.iter().any(|o| origin.strip_prefix("http://") == Some(o.as_str())) {
            return refuse(StatusCode::FORBIDDEN, "the admin endpoint refuses requests from web pages (Origin)");
        }
    }
    if text(header::HeaderName::from_static("sec-fetch-site"))
        .is_some_and(|site| site != "same-origin" && site != "none")
    {
        return refuse(StatusCode::FORBIDDEN, "the admin endpoint refuses requests from web pages (Sec-Fetch-Site)");
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) && !is_json(headers) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "admin requests that change state take a JSON body (Content-Type: application/json; {} when empty)",
        );
    }
    next.run(request).await
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (status, format!("{why}\n")).into_response()
}

/// `Content-Type: application/json`, parameters (`charset`) aside.
fn is_json(headers: &HeaderMap) -> bool {
    let value = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    value.split(';').next().is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The body of a request that has no parameters: `{}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoParams {}

async fn info(State(ctx): State<Ctx>) -> Response {
    let inner = ctx.pool.lock();
    let mut clients: Vec<&ClientConfig> = inner.clients.values().collect();
    clients.sort_by(|a, b| a.client_id.cmp(&b.client_id));
    let users: Vec<_> = inner
        .users
        .iter()
        .map(|u| {
            json!({"username": u.config.username, "sub": u.sub, "email": u.config.email, "groups": u.config.groups,
                   "status": u.config.status, "enabled": u.config.enabled, "mfa": u.config.mfa})
        })
        .collect();
    Json(json!({
        "poolId": ctx.pool.pool_id,
        "origins": {
            "domain": ctx.origins.domain,
            "issuer": format!("{}/{}", ctx.origins.issuer_origin, ctx.pool.pool_id),
            "api": ctx.origins.api,
            "admin": ctx.origins.admin,
        },
        "clients": clients,
        "users": users,
        "identityProviders": inner.identity_providers,
        "now": ctx.pool.now(),
    }))
    .into_response()
}

async fn upsert_user(State(ctx): State<Ctx>, Json(user): Json<UserConfig>) -> StatusCode {
    ctx.pool.upsert_user(user);
    StatusCode::NO_CONTENT
}

async fn upsert_client(State(ctx): State<Ctx>, Json(client): Json<ClientConfig>) -> Response {
    if client.client_id.is_empty() {
        return (StatusCode::BAD_REQUEST, "clientId is required").into_response();
    }
    ctx.pool.upsert_client(client);
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct TokenFaultRequest {
    count: usize,
    #[serde(flatten)]
    fault: TokenFault,
}

async fn token_fault(State(ctx): State<Ctx>, Json(req): Json<TokenFaultRequest>) -> StatusCode {
    ctx.pool.fail_next_token_calls(req.count, req.fault);
    StatusCode::NO_CONTENT
}

async fn clear_token_faults(State(ctx): State<Ctx>, Json(NoParams {}): Json<NoParams>) -> StatusCode {
    ctx.pool.clear_token_faults();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct JwksFault {
    unavailable: bool,
}

async fn jwks_fault(State(ctx): State<Ctx>, Json(req): Json<JwksFault>) -> StatusCode {
    ctx.pool.set_jwks_unavailable(req.unavailable);
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct TokenModeRequest {
    mode: Option<TokenMode>,
}

async fn token_mode(State(ctx): State<Ctx>, Json(req): Json<TokenModeRequest>) -> StatusCode {
    ctx.pool.set_token_mode(req.mode);
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiFault {
    #[serde(default)]
    unauthorized_next: usize,
    #[serde(default)]
    always_unauthorized: bool,
    #[serde(default)]
    require_audience: bool,
}

async fn api_fault(State(ctx): State<Ctx>, Json(req): Json<ApiFault>) -> StatusCode {
    ctx.pool.fail_next_api_calls(req.unauthorized_next);
    ctx.pool.set_api_always_unauthorized(req.always_unauthorized);
    ctx.pool.set_api_requires_audience(req.require_audience);
    StatusCode::NO_CONTENT
}

async fn rotate(State(ctx): State<Ctx>, Json(NoParams {}): Json<NoParams>) -> StatusCode {
    ctx.pool.rotate_keys();
    StatusCode::NO_CONTENT
}

/// `{"skewSeconds":S}` sets the skew; `{"advanceSeconds":S}` moves the
/// clock on from where it is.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Clock {
    skew_seconds: Option<i64>,
    advance_seconds: Option<i64>,
}

async fn clock(State(ctx): State<Ctx>, Json(req): Json<Clock>) -> Response {
    match (req.skew_seconds, req.advance_seconds) {
        (Some(skew), None) => ctx.pool.set_clock_skew(skew),
        (None, Some(seconds)) => ctx.pool.advance_clock(seconds),
        _ => return (StatusCode::BAD_REQUEST, "send skewSeconds or advanceSeconds\n").into_response(),
    }
    Json(json!({"now": ctx.pool.now(), "skewSeconds": ctx.pool.clock_skew()})).into_response()
}

async fn revoke_all(State(ctx): State<Ctx>, Json(NoParams {}): Json<NoParams>) -> StatusCode {
    ctx.pool.revoke_all_sessions();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct LogFilter {
    path: Option<String>,
}

async fn log(State(ctx): State<Ctx>, Query(filter): Query<LogFilter>) -> Response {
    let entries: Vec<_> =
        ctx.pool.request_log().into_iter().filter(|e| filter.path.as_ref().is_none_or(|p| &e.path == p)).collect();
    Json(entries).into_response()
}

async fn clear_log(State(ctx): State<Ctx>, Json(NoParams {}): Json<NoParams>) -> StatusCode {
    ctx.pool.clear_request_log();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct RevokeCors {
    enabled: bool,
}

async fn revoke_cors(State(ctx): State<Ctx>, Json(req): Json<RevokeCors>) -> StatusCode {
    ctx.pool.set_revoke_cors(req.enabled);
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct ResourceServers {
    identifiers: Vec<String>,
}

async fn resource_servers(State(ctx): State<Ctx>, Json(req): Json<ResourceServers>) -> StatusCode {
    ctx.pool.set_resource_servers(req.identifiers);
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserEnabled {
    username: String,
    enabled: bool,
}

fn found(found: bool) -> Response {
    if found {
        StatusCode::NO_CONTENT.into_response()
    } else {
        (StatusCode::NOT_FOUND, "no such user or provider\n").into_response()
    }
}

async fn user_enabled(State(ctx): State<Ctx>, Json(req): Json<UserEnabled>) -> Response {
    found(ctx.pool.set_user_enabled(&req.username, req.enabled))
}

#[derive(Deserialize)]
struct Username {
    username: String,
}

async fn global_sign_out(State(ctx): State<Ctx>, Json(req): Json<Username>) -> Response {
    found(ctx.pool.global_sign_out(&req.username))
}

async fn totp_code(State(ctx): State<Ctx>, Query(req): Query<Username>) -> Response {
    match ctx.pool.totp_code(&req.username) {
        Some(code) => Json(json!({ "code": code })).into_response(),
        None => found(false),
    }
}

async fn upsert_identity_provider(State(ctx): State<Ctx>, Json(provider): Json<IdentityProviderConfig>) -> Response {
    if provider.name.is_empty() {
        return (StatusCode::BAD_REQUEST, "name is required\n").into_response();
    }
    ctx.pool.upsert_identity_provider(provider);
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct FederationFault {
    provider: String,
    count: usize,
    description: Option<String>,
}

async fn federation_fault(State(ctx): State<Ctx>, Json(req): Json<FederationFault>) -> Response {
    found(ctx.pool.fail_next_federated_sign_ins(&req.provider, req.count, req.description))
}

#[derive(Deserialize)]
struct MailboxFilter {
    to: Option<String>,
}

async fn mailbox(State(ctx): State<Ctx>, Query(filter): Query<MailboxFilter>) -> Response {
    let messages: Vec<_> =
        ctx.pool.lock().mailbox.iter().filter(|m| filter.to.as_ref().is_none_or(|to| &m.to == to)).cloned().collect();
    Json(messages).into_response()
}

async fn clear_mailbox(State(ctx): State<Ctx>, Json(NoParams {}): Json<NoParams>) -> StatusCode {
    ctx.pool.clear_mailbox();
    StatusCode::NO_CONTENT
}
