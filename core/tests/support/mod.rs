//! A scripted fake provider for the native tests: HTTP answers queued per
//! URL and recorded, clocks set by the test, and a real RS256 check (the
//! `rsa` crate, where the app uses WebCrypto), with tokens signed by test
//! keys. [`machine`] drives the session machine against it.
#![allow(dead_code)]

pub mod machine;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use cognito_login_core::auth::jwt::{JwtError, RsaJwk};
use cognito_login_core::auth::token::FormPost;
use cognito_login_core::config::{Config, PageLocation};
use cognito_login_core::io::{BrowserError, HttpAnswer, NetError};
use cognito_login_core::session::machine::Request;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier as _};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const POOL: &str = "us-east-1_Test";
pub const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test";
pub const DOMAIN: &str = "https://login.auth.us-east-1.amazoncognito.com";
pub const TOKEN_URL: &str = "https://login.auth.us-east-1.amazoncognito.com/oauth2/token";
pub const REVOKE_URL: &str = "https://login.auth.us-east-1.amazoncognito.com/oauth2/revoke";
pub const JWKS_URL: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test/.well-known/jwks.json";
pub const DISCOVERY_URL: &str =
    "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test/.well-known/openid-configuration";
pub const CLIENT: &str = "client1";
pub const SUB: &str = "9a099d29-0000-4000-8000-000000000001";
pub const NOW: i64 = 1_700_000_000;

/// Runs a future of the fake to completion. The fake never waits, so one
/// poll finishes it.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the fake platform never waits"),
    }
}

fn keys() -> &'static (RsaPrivateKey, RsaPrivateKey) {
    static KEYS: OnceLock<(RsaPrivateKey, RsaPrivateKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand::thread_rng();
        (RsaPrivateKey::new(&mut rng, 2048).unwrap(), RsaPrivateKey::new(&mut rng, 2048).unwrap())
    })
}

pub fn jwk_json(key: &RsaPrivateKey, kid: &str) -> Value {
    json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
        "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()), "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be())})
}

/// The pool's JWKS: the ID key and the access key.
pub fn jwks_body() -> String {
    json!({"keys": [jwk_json(&keys().0, "id-key"), jwk_json(&keys().1, "access-key")]}).to_string()
}

/// A JWKS with only the access key (the ID key "rotated in" later).
pub fn jwks_without_id_key() -> String {
    json!({"keys": [jwk_json(&keys().1, "access-key")]}).to_string()
}

pub fn b64json(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

pub fn sign_with(key: &RsaPrivateKey, header: &Value, claims: &Value) -> String {
    let input = format!("{}.{}", b64json(header), b64json(claims));
    let sig = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

pub fn id_key() -> &'static RsaPrivateKey {
    &keys().0
}

pub fn access_key() -> &'static RsaPrivateKey {
    &keys().1
}

pub fn sign_id(claims: &Value) -> String {
    sign_with(id_key(), &json!({"kid": "id-key", "alg": "RS256"}), claims)
}

pub fn sign_access(claims: &Value) -> String {
    sign_with(access_key(), &json!({"kid": "access-key", "alg": "RS256"}), claims)
}

pub fn at_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(token.as_bytes())[..16])
}

/// `claims` with each change applied (`null` removes the claim).
pub fn with(mut claims: Value, changes: &[(&str, Value)]) -> Value {
    for (k, v) in changes {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(*k);
        } else {
            claims[*k] = v.clone();
        }
    }
    claims
}

/// Cognito-shaped access token claims issued at `iat`.
pub fn access_claims(iat: i64) -> Value {
    json!({"sub": SUB, "iss": ISSUER, "client_id": CLIENT, "token_use": "access", "scope": "openid email",
        "exp": iat + 3600, "iat": iat, "auth_time": NOW - 10, "version": 2, "username": "alice"})
}

/// Cognito-shaped ID token claims for `access`, issued at `iat`, with
/// `nonce` when given.
pub fn id_claims(access: &str, iat: i64, nonce: Option<&str>) -> Value {
    let mut c = json!({"at_hash": at_hash(access), "sub": SUB, "cognito:groups": ["admins"],
        "email_verified": true, "iss": ISSUER, "cognito:username": "alice@example.com", "aud": CLIENT,
        "token_use": "id", "auth_time": NOW - 10, "exp": iat + 3600, "iat": iat, "email": "alice@example.com",
        "custom:department": "Finance"});
    if let Some(n) = nonce {
        c["nonce"] = json!(n);
    }
    c
}

/// A token endpoint success body.
pub fn token_body(id: &str, access: &str, refresh: Option<&str>, expires_in: i64) -> String {
    let mut b = json!({"id_token": id, "access_token": access, "token_type": "Bearer", "expires_in": expires_in});
    if let Some(r) = refresh {
        b["refresh_token"] = json!(r);
    }
    b.to_string()
}

/// What the fake received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub method: &'static str,
    pub url: String,
    pub body: Option<String>,
}

/// The scripted platform.
pub struct Fake {
    pub now: Cell<i64>,
    pub mono: Cell<f64>,
    pub online: Cell<bool>,
    answers: RefCell<HashMap<String, VecDeque<Result<HttpAnswer, NetError>>>>,
    pub sent: RefCell<Vec<Sent>>,
}

impl Default for Fake {
    fn default() -> Self {
        Fake {
            now: Cell::new(NOW),
            mono: Cell::new(1000.0),
            online: Cell::new(true),
            answers: RefCell::default(),
            sent: RefCell::default(),
        }
    }
}

impl Fake {
    /// Queues an answer for the next request to `url`.
    pub fn answer(&self, url: &str, answer: Result<HttpAnswer, NetError>) {
        self.answers.borrow_mut().entry(url.to_string()).or_default().push_back(answer);
    }

    /// Queues `200` with `body`.
    pub fn ok(&self, url: &str, body: &str) {
        self.answer(url, Ok(HttpAnswer::new(200, body)));
    }

    /// How many requests went to `url`.
    pub fn count(&self, url: &str) -> usize {
        self.sent.borrow().iter().filter(|s| s.url == url).count()
    }

    /// Every request so far, then forgets them.
    pub fn take_sent(&self) -> Vec<Sent> {
        std::mem::take(&mut self.sent.borrow_mut())
    }

    fn next(&self, url: &str) -> Result<HttpAnswer, NetError> {
        self.answers
            .borrow_mut()
            .get_mut(url)
            .and_then(VecDeque::pop_front)
            .unwrap_or_else(|| panic!("no answer scripted for {url}"))
    }
}

impl Fake {
    /// `GET url`: recorded, answered from the script.
    pub async fn get(&self, url: &str) -> Result<HttpAnswer, NetError> {
        self.sent.borrow_mut().push(Sent { method: "GET", url: url.into(), body: None });
        self.next(url)
    }

    /// A form POST: recorded, answered from the script.
    pub async fn post_form(&self, post: &FormPost) -> Result<HttpAnswer, NetError> {
        self.sent.borrow_mut().push(Sent { method: "POST", url: post.url.clone(), body: Some(post.body.clone()) });
        self.next(&post.url)
    }

    /// A request as the session machine sends it: recorded; its answer if
    /// one is scripted for its URL (`None`: it waits).
    pub fn send(&self, request: &Request) -> Option<Result<HttpAnswer, NetError>> {
        let sent = match request {
            Request::Get(url) => Sent { method: "GET", url: url.clone(), body: None },
            Request::Form(post) => Sent { method: "POST", url: post.url.clone(), body: Some(post.body.clone()) },
        };
        let answer = self.answers.borrow_mut().get_mut(&sent.url).and_then(VecDeque::pop_front);
        self.sent.borrow_mut().push(sent);
        answer
    }

    pub fn is_online(&self) -> bool {
        self.online.get()
    }

    pub async fn verify_rs256(&self, key: &RsaJwk, data: &[u8], signature: &[u8]) -> Result<bool, JwtError> {
        verify_rs256(key, data, signature)
    }

    pub fn now_secs(&self) -> i64 {
        self.now.get()
    }

    pub fn mono_ms(&self) -> f64 {
        self.mono.get()
    }

    pub fn fill(&self, buf: &mut [u8]) -> Result<(), BrowserError> {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = (i * 7 + 3) as u8;
        }
        Ok(())
    }
}

/// RS256 (`RSASSA-PKCS1-v1_5` with SHA-256), for real: `Ok(false)` for a
/// wrong signature, `Err` for an unusable key (as WebCrypto in the app).
pub fn verify_rs256(key: &RsaJwk, data: &[u8], signature: &[u8]) -> Result<bool, JwtError> {
    let part = |s: &str| URL_SAFE_NO_PAD.decode(s).map_err(|_| JwtError::Crypto { browser_says: "bad key".into() });
    let public = RsaPublicKey::new(BigUint::from_bytes_be(&part(&key.n)?), BigUint::from_bytes_be(&part(&key.e)?))
        .map_err(|e| JwtError::Crypto { browser_says: e.to_string() })?;
    let Ok(sig) = Signature::try_from(signature) else { return Ok(false) };
    Ok(VerifyingKey::<Sha256>::new(public).verify(data, &sig).is_ok())
}

pub fn page() -> PageLocation {
    PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() }
}

/// The test pool's configuration, with `extra` JSON members.
pub fn config(extra: &str) -> Config {
    Config::from_json(
        &format!(r#"{{"userPoolId":"{POOL}","clientId":"{CLIENT}","domain":"{DOMAIN}"{extra}}}"#),
        &page(),
    )
    .unwrap()
}
