//! Federated sign-in (docs/COGNITO.md "Federated sign-in"):
//! `/oauth2/authorize?identity_provider=NAME` (or `idp_identifier=`) skips
//! the hosted form for the provider's own consent page, played here by the
//! emulator on the domain origin. After consent the user comes back to the
//! app with a code, as user `PROVIDERNAME_USERID` with an `identities`
//! claim; or with the provider's failure, or the first sign-in of an
//! identity a pre-sign-up trigger links.

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::authorize::{finish_sign_in, query_params, validate, AuthRequest};
use crate::config::{FederatedUserConfig, IdentityProviderConfig, UserConfig};
use crate::http::{self, encode_query, escape, html_page, parse_form, redirect, with_query, Ctx};
use crate::state::{Identity, Pool, User};

/// The `error_description` of a provider failure unless configured: one of
/// the federation errors in AWS's authorize endpoint reference.
pub const DEFAULT_FAILURE: &str = "Timeout occurred in calling IdP token endpoint";

pub(crate) fn router() -> Router<Ctx> {
    Router::new().route("/federation/consent", get(consent_page).post(consent_submit))
}

/// The provider a request names: `identity_provider` (a provider name;
/// `COGNITO` is the hosted form) or `idp_identifier`. `Some(None)`: it
/// names one the pool does not have.
fn named_provider(ctx: &Ctx, params: &BTreeMap<String, String>) -> Option<Option<IdentityProviderConfig>> {
    let inner = ctx.pool.lock();
    if let Some(name) = params.get("identity_provider").filter(|n| n.as_str() != "COGNITO") {
        return Some(inner.identity_providers.iter().find(|p| &p.name == name).cloned());
    }
    let identifier = params.get("idp_identifier")?;
    Some(inner.identity_providers.iter().find(|p| p.identifiers.contains(identifier)).cloned())
}

/// Where `/oauth2/authorize` sends a request that names a provider: its
/// consent page, or for a provider the pool does not have,
/// `error=invalid_request` back to the app (`amazon-cognito-auth-js#86`;
/// the exact answer is unconfirmed). `None`: the hosted form.
pub(crate) fn detour(ctx: &Ctx, req: &AuthRequest, params: &BTreeMap<String, String>) -> Option<Response> {
    match named_provider(ctx, params)? {
        None => Some(req.error("invalid_request")),
        Some(_) => Some(redirect(&with_query("/federation/consent", &encode_query(pairs(params))))),
    }
}

fn pairs(params: &BTreeMap<String, String>) -> impl Iterator<Item = (&str, &str)> {
    params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

/// The hosted form's "Continue with …" buttons: links to
/// `/oauth2/authorize` with `identity_provider`, as Cognito's do.
pub(crate) fn login_buttons(ctx: &Ctx, query: &Option<String>) -> String {
    let providers = ctx.pool.lock().identity_providers.clone();
    if providers.is_empty() {
        return String::new();
    }
    let mut params = query_params(query);
    params.remove("idp_identifier");
    let links: String = providers
        .iter()
        .map(|p| {
            params.insert("identity_provider".into(), p.name.clone());
            let href = with_query("/oauth2/authorize", &encode_query(pairs(&params)));
            format!(
                r#"<li><a class="idp" id="idp-{id}" href="{href}">Continue with {name}</a></li>"#,
                id = escape(&p.name),
                href = escape(&href),
                name = escape(&p.name)
            )
        })
        .collect();
    format!(r#"<p>Or sign in with your corporate or social account:</p><ul class="idps">{links}</ul>"#)
}

fn render_consent(provider: &IdentityProviderConfig, query: &Option<String>, error: Option<&str>) -> Response {
    let action = with_query("/federation/consent", query.as_deref().unwrap_or(""));
    let first = provider.users.first().map(|u| u.email.as_str()).unwrap_or("");
    let known: String =
        provider.users.iter().map(|u| format!("<li>{} ({})</li>", escape(&u.email), escape(&u.user_id))).collect();
    let error = error
        .map(|e| format!(r#"<p class="error" role="alert" id="idpErrorMessage">{}</p>"#, escape(e)))
        .unwrap_or_default();
    let body = format!(
        r#"<h1 id="idpHeading">Sign in with {name}</h1>
<p>{name} ({kind}) will share your name and email address with this app.</p>{error}
<form method="post" action="{action}">
<label for="idpAccount">{name} account (email or user ID)</label>
<input id="idpAccount" name="account" type="text" autocomplete="username" autocapitalize="none" required value="{first}">
<button type="submit" id="idpAllow">Allow</button>
</form>
<p>Accounts {name} knows:</p><ul id="idpAccounts">{known}</ul>
<p class="note">Local Cognito emulator: a stand-in for {name}'s own page, no real provider involved.</p>"#,
        name = escape(&provider.name),
        kind = escape(&provider.provider_type),
        action = escape(&action),
        first = escape(first),
    );
    html_page(if error.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST }, &provider.name, &body)
}

/// The request and provider of a consent page's query.
fn resolve(ctx: &Ctx, query: &Option<String>) -> Result<(AuthRequest, IdentityProviderConfig), Box<Response>> {
    let params = query_params(query);
    let req = validate(ctx, &params)?;
    match named_provider(ctx, &params) {
        Some(Some(provider)) => Ok((req, provider)),
        _ => Err(Box::new(req.error("invalid_request"))),
    }
}

/// `GET /federation/consent`: the provider's own page.
async fn consent_page(State(ctx): State<Ctx>, RawQuery(query): RawQuery) -> Response {
    match resolve(&ctx, &query) {
        Ok((_, provider)) => render_consent(&provider, &query, None),
        Err(response) => *response,
    }
}

/// `POST /federation/consent`: the provider answers; Cognito then signs the
/// user in (or fails as configured).
async fn consent_submit(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: String,
) -> Response {
    let (req, provider) = match resolve(&ctx, &query) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let account = parse_form(&body).get("account").map(|a| a.trim().to_string()).unwrap_or_default();
    let logged = BTreeMap::from([("provider".into(), provider.name.clone()), ("account".into(), account.clone())]);
    http::log(&ctx.pool, &Method::POST, "/federation/consent", &logged, &headers);
    let Some(person) = provider.users.iter().find(|u| u.email == account || u.user_id == account).cloned() else {
        let text = format!("{} does not know {account}.", provider.name);
        return render_consent(&provider, &query, Some(&text));
    };
    if let Some(description) = take_failure(&ctx.pool, &provider.name) {
        return req.respond(&[("error", "invalid_request"), ("error_description", &description)], false);
    }
    match federated_user(&ctx.pool, &provider, &person) {
        Ok(user) if user.config.enabled => finish_sign_in(&ctx, &req, &user),
        Ok(_) => req.respond(&[("error", "invalid_request"), ("error_description", "User is disabled.")], false),
        Err(description) => req.respond(&[("error", "invalid_request"), ("error_description", &description)], false),
    }
}

/// Uses up one of the provider's configured failures.
fn take_failure(pool: &Pool, provider: &str) -> Option<String> {
    let mut inner = pool.lock();
    let p = inner.identity_providers.iter_mut().find(|p| p.name == provider)?;
    if p.fail_next_sign_ins == 0 {
        return None;
    }
    p.fail_next_sign_ins -= 1;
    Some(p.failure_description.clone().unwrap_or_else(|| DEFAULT_FAILURE.to_string()))
}

/// The pool user a federated sign-in becomes: `PROVIDERNAME_USERID`, made on
/// first sign-in; or, for an identity a pre-sign-up trigger links to a
/// native user, that user, after the first sign-in failed once with
/// "Already found an entry for username …" (`aws-amplify/amplify-flutter#1716`).
fn federated_user(
    pool: &Pool,
    provider: &IdentityProviderConfig,
    person: &FederatedUserConfig,
) -> Result<User, String> {
    let username = format!("{}_{}", provider.name, person.user_id);
    let now_ms = pool.now() * 1000;
    let identity = Identity {
        user_id: person.user_id.clone(),
        provider_name: provider.name.clone(),
        provider_type: provider.provider_type.clone(),
        issuer: provider.issuer.clone(),
        date_created_ms: now_ms,
    };
    let mut inner = pool.lock();
    if let Some(target) = &person.linked_to {
        if inner.linked_identities.insert(username.clone()) {
            if let Some(native) = inner.user_mut(target) {
                native.identities.push(identity);
            }
            return Err(format!("Already found an entry for username {username}"));
        }
        return inner.user(target).cloned().ok_or_else(|| format!("Already found an entry for username {username}"));
    }
    if inner.user(&username).is_none() {
        let config = UserConfig { username: username.clone(), email: person.email.clone(), ..UserConfig::default() };
        inner.users.push(User { sub: crate::uuid(), config, identities: vec![identity] });
    }
    Ok(inner.user(&username).cloned().expect("just added"))
}

impl Pool {
    /// Adds or replaces a federated identity provider (matched by name).
    pub fn upsert_identity_provider(&self, provider: IdentityProviderConfig) {
        let mut inner = self.lock();
        inner.identity_providers.retain(|p| p.name != provider.name);
        inner.identity_providers.push(provider);
    }

    /// The pool's federated identity providers.
    pub fn identity_providers(&self) -> Vec<IdentityProviderConfig> {
        self.lock().identity_providers.clone()
    }

    /// Makes the next `count` sign-ins through `provider` fail after consent
    /// with `error=invalid_request&error_description=DESCRIPTION` (default
    /// [`DEFAULT_FAILURE`]). `false` when the pool has no such provider.
    pub fn fail_next_federated_sign_ins(&self, provider: &str, count: usize, description: Option<String>) -> bool {
        let mut inner = self.lock();
        let Some(p) = inner.identity_providers.iter_mut().find(|p| p.name == provider) else { return false };
        p.fail_next_sign_ins = count;
        p.failure_description = description;
        true
    }
}
