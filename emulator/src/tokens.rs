//! Token minting (docs/COGNITO.md "Token claims", "Federated sign-in"):
//! the access token, the ID token and the opaque refresh token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::config::ClientConfig;
use crate::conformance;
use crate::http::Ctx;
use crate::jwt;
use crate::state::User;
use crate::uuid;

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
            if !user.identities.is_empty() {
                id.insert("identities".into(), identities_claim(user));
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
pub(crate) fn new_refresh_token() -> String {
    let part = |n| URL_SAFE_NO_PAD.encode(crate::random_hex(n));
    format!(
        "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.{}.{}.{}.{}",
        part(128),
        part(6),
        part(300),
        part(8)
    )
}

/// The `identities` claim of a federated user: a JSON array with, per
/// identity, `userId`, `providerName`, `providerType`, `issuer` (`null`
/// for social providers), `primary` (the string `"true"`) and `dateCreated`
/// (epoch milliseconds as a string), as Cognito's ID tokens carry it.
fn identities_claim(user: &User) -> Value {
    Value::Array(
        user.identities
            .iter()
            .map(|i| {
                json!({
                    "userId": i.user_id,
                    "providerName": i.provider_name,
                    "providerType": i.provider_type,
                    "issuer": i.issuer,
                    "primary": "true",
                    "dateCreated": i.date_created_ms.to_string(),
                })
            })
            .collect(),
    )
}
