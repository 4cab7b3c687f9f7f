//! What the emulator's HTTP tests share: constants, a client that does not
//! follow redirects, and the steps of a sign-in.
#![allow(dead_code, unused_imports)] // each test file uses part of it

pub use std::collections::BTreeMap;
pub use std::time::{Duration, Instant};

pub use base64::engine::general_purpose::URL_SAFE_NO_PAD;
pub use base64::Engine;
pub use cognito_emulator::{
    jwt, AuthTimeOnRefresh, ClientConfig, Emulator, EmulatorConfig, TokenFault, UnsupportedScopes, UserConfig,
};
pub use reqwest::header::{
    HeaderMap, ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_TYPE, LOCATION, SET_COOKIE, WWW_AUTHENTICATE,
};
pub use reqwest::{Client, Response, StatusCode};
pub use serde_json::{json, Value};
pub use sha2::{Digest, Sha256};

pub const APP: &str = "http://localhost:8585";
pub const CALLBACK: &str = "http://localhost:8585/callback";
pub const CLIENT: &str = cognito_emulator::DEFAULT_CLIENT_ID;
pub const USER: &str = cognito_emulator::DEFAULT_USERNAME;
pub const PASSWORD: &str = cognito_emulator::DEFAULT_PASSWORD;
/// RFC 7636 Appendix B.
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

pub async fn start() -> Emulator {
    Emulator::start(EmulatorConfig::ephemeral()).await.expect("emulator starts")
}

pub fn http() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub fn location(r: &Response) -> String {
    r.headers().get(LOCATION).expect("Location header").to_str().unwrap().to_string()
}

pub fn query_of(url: &str) -> BTreeMap<String, String> {
    let q = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let q = q.split('#').next().unwrap_or("");
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

pub fn authorize_params(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = [
        ("response_type", "code"),
        ("client_id", CLIENT),
        ("redirect_uri", CALLBACK),
        ("scope", "openid email profile"),
        ("state", "st4te"),
        ("nonce", "n0nce"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        p.retain(|(pk, _)| pk != k);
        if !v.is_empty() {
            p.push((k.to_string(), v.to_string()));
        }
    }
    p
}

pub async fn authorize(emu: &Emulator, params: &[(String, String)], cookie: Option<&str>) -> Response {
    let mut req = http().get(format!("{}/oauth2/authorize", emu.origins().domain)).query(params);
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    req.send().await.unwrap()
}

/// Signs in through the form; returns the callback URL and the session cookie.
pub async fn sign_in(emu: &Emulator, params: &[(String, String)]) -> (String, String) {
    let r = authorize(emu, params, None).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let login = location(&r);
    assert!(login.starts_with("/login?"), "{login}");
    let r = http()
        .post(format!("{}{login}", emu.origins().domain))
        .form(&[("username", USER), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND, "sign-in should redirect");
    let cookie = r.headers().get(SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    (location(&r), cookie)
}

pub async fn code_for(emu: &Emulator) -> String {
    let (callback, _) = sign_in(emu, &authorize_params(&[])).await;
    query_of(&callback)["code"].clone()
}

pub async fn token_request(emu: &Emulator, form: &[(&str, &str)]) -> Response {
    http().post(format!("{}/oauth2/token", emu.origins().domain)).header("Origin", APP).form(form).send().await.unwrap()
}

pub async fn exchange(emu: &Emulator, code: &str) -> Response {
    token_request(
        emu,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("code", code),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    )
    .await
}

pub async fn tokens(emu: &Emulator) -> Value {
    let code = code_for(emu).await;
    let r = exchange(emu, &code).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

pub async fn error_of(r: Response) -> (StatusCode, Value) {
    (r.status(), r.json().await.unwrap())
}

pub fn claims(token: &Value) -> (Value, Value) {
    jwt::decode(token.as_str().unwrap()).unwrap()
}

pub async fn refresh(emu: &Emulator, refresh_token: &str) -> Response {
    token_request(emu, &[("grant_type", "refresh_token"), ("client_id", CLIENT), ("refresh_token", refresh_token)])
        .await
}

pub fn acao(h: &HeaderMap) -> Option<&str> {
    h.get(ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.to_str().unwrap())
}

pub async fn userinfo(emu: &Emulator, token: Option<&str>) -> Response {
    let mut r = http().get(format!("{}/oauth2/userInfo", emu.origins().domain)).header("Origin", APP);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r.send().await.unwrap()
}

pub async fn revoke(emu: &Emulator, form: &[(&str, &str)]) -> Response {
    http()
        .post(format!("{}/oauth2/revoke", emu.origins().domain))
        .header("Origin", APP)
        .form(form)
        .send()
        .await
        .unwrap()
}

pub async fn api_me(emu: &Emulator, token: Option<&str>, origin: &str) -> Response {
    let mut r = http().get(format!("{}/me", emu.origins().api)).header("Origin", origin);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r.send().await.unwrap()
}

/// The `/login` path (with the authorization query) `/oauth2/authorize`
/// sends a browser without a session to.
pub async fn login_path(emu: &Emulator, params: &[(String, String)]) -> String {
    let login = location(&authorize(emu, params, None).await);
    assert!(login.starts_with("/login?"), "{login}");
    login
}

/// GETs a path of the domain origin.
pub async fn get_page(emu: &Emulator, path: &str) -> Response {
    http().get(format!("{}{path}", emu.origins().domain)).send().await.unwrap()
}

/// POSTs a form to a path of the domain origin.
pub async fn post_form(emu: &Emulator, path: &str, form: &[(&str, &str)]) -> Response {
    http().post(format!("{}{path}", emu.origins().domain)).form(form).send().await.unwrap()
}

/// The `action` of the page's form, unescaped.
pub fn form_action(html: &str) -> String {
    attribute_after(html, "<form", "action").replace("&amp;", "&")
}

/// The value of hidden input `name`.
pub fn hidden_value(html: &str, name: &str) -> String {
    attribute_after(html, &format!(r#"type="hidden" name="{name}""#), "value")
}

fn attribute_after(html: &str, marker: &str, attribute: &str) -> String {
    let rest = &html[html.find(marker).unwrap_or_else(|| panic!("no {marker} in {html}"))..];
    let start = rest.find(&format!(r#"{attribute}=""#)).unwrap() + attribute.len() + 2;
    rest[start..start + rest[start..].find('"').unwrap()].to_string()
}

/// Signs in through the form as `username`, expecting a challenge page.
pub async fn password_step(emu: &Emulator, username: &str, password: &str) -> String {
    let login = login_path(emu, &authorize_params(&[])).await;
    let r = post_form(emu, &login, &[("username", username), ("password", password)]).await;
    assert_eq!(r.status(), StatusCode::OK, "a challenge page");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    r.text().await.unwrap()
}

/// A redirect back to the app with a code and `state`: the code.
pub fn code_of(r: &Response) -> String {
    assert_eq!(r.status(), StatusCode::FOUND);
    let back = location(r);
    assert!(back.starts_with(&format!("{CALLBACK}?code=")), "{back}");
    assert_eq!(query_of(&back)["state"], "st4te");
    query_of(&back)["code"].clone()
}

/// The ID and access token claims of a code.
pub async fn claims_of_code(emu: &Emulator, code: &str) -> (Value, Value) {
    let t: Value = exchange(emu, code).await.json().await.unwrap();
    (claims(&t["id_token"]).1, claims(&t["access_token"]).1)
}
