//! The simulated Cognito (hosted UI codes, token endpoint, revocation,
//! discovery, JWKS) and the API that accepts its access tokens. Tokens are
//! real compact JWTs with Cognito's claims; the signature is a stand-in,
//! SHA-256 of the key id and the signing input, which the world's
//! `Verify` recomputes (fast enough for ten thousand schedules).

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use cognito_login_core::auth::jwt::RsaJwk;
use cognito_login_core::form::decode_pairs;
use cognito_login_core::io::HttpAnswer;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::params::{Params, CLIENT, DOMAIN, ISSUER, ORIGIN};
use crate::rng::Rng;

/// The provider's clock at simulated time 0, seconds since the epoch.
pub const BASE_SECS: i64 = 1_700_000_000;
pub const TOKEN_URL: &str = "https://login.auth.us-east-1.amazoncognito.com/oauth2/token";
pub const REVOKE_URL: &str = "https://login.auth.us-east-1.amazoncognito.com/oauth2/revoke";
pub const AUTHORIZE_URL: &str = "https://login.auth.us-east-1.amazoncognito.com/oauth2/authorize";
pub const LOGOUT_URL: &str = "https://login.auth.us-east-1.amazoncognito.com/logout";
/// Marks every refresh token the provider issues (invariant 2 looks for it).
pub const REFRESH_MARK: &str = "RTOK-";

pub const USERS: [(&str, &str); 2] =
    [("alice", "9a099d29-0000-4000-8000-00000000a11c"), ("bob", "9a099d29-0000-4000-8000-000000000b0b")];

/// What the provider knows about an ID or access token it issued.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub token: String,
    pub family: usize,
    pub user: usize,
    pub exp: i64,
    pub iat: i64,
    pub access: bool,
}

/// The tokens that descend from one sign-in (one code exchange).
#[derive(Debug, Clone)]
pub struct Family {
    pub user: usize,
    /// The refresh token that works now.
    pub current: String,
    pub revoked: bool,
    pub auth_time: i64,
    pub issued_ms: u64,
    /// The user pressed "Sign in" for it (not a re-authentication).
    pub by_user: bool,
}

struct Code {
    user: usize,
    auth_time: i64,
    challenge: String,
    nonce: String,
    created_ms: u64,
    by_user: bool,
}

/// The hosted UI's session cookie.
#[derive(Debug, Clone)]
pub struct Cookie {
    pub user: usize,
    pub auth_time: i64,
    pub expires_ms: u64,
}

/// What a token-endpoint request did, for the invariants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Other,
    /// A code exchange created this family.
    SignedIn {
        family: usize,
    },
    /// A refresh of this family succeeded.
    Refreshed {
        family: usize,
    },
    /// A refresh was refused (`invalid_grant`); the token's family if known.
    Refused {
        family: Option<usize>,
    },
}

pub struct Provider {
    pub disabled: [bool; 2],
    pub families: Vec<Family>,
    /// Every ID and access token issued, by signature (short to hash).
    tokens: HashMap<String, TokenInfo>,
    /// Every refresh token issued, and its family.
    pub refresh: HashMap<String, usize>,
    codes: HashMap<String, Code>,
    pub cookie: Option<Cookie>,
    /// The key generation that signs, and those the JWKS publishes.
    pub signing: u32,
    pub published: Vec<u32>,
    /// Emergency rotations so far (old tokens' keys gone at once).
    pub emergencies: u32,
    /// The app client's token lifetime, once an administrator changed it.
    pub lifetime_secs: Option<i64>,
    counter: u64,
}

pub fn now_secs(now_ms: u64) -> i64 {
    BASE_SECS + (now_ms / 1000) as i64
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn kid(access: bool, generation: u32) -> String {
    let base = if access { "access-key" } else { "id-key" };
    if generation == 0 {
        base.to_string()
    } else {
        format!("{base}-{generation}")
    }
}

/// The stand-in signature.
pub fn sign(kid: &str, input: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(kid.as_bytes());
    h.update(b"|");
    h.update(input.as_bytes());
    h.finalize().to_vec()
}

/// What the world's WebCrypto answers.
pub fn verify(key: &RsaJwk, data: &str, signature: &[u8]) -> bool {
    key.kid.as_deref().is_some_and(|kid| sign(kid, data) == signature)
}

/// A compact JWT of `claims` (JSON) signed with `kid`.
pub fn jwt(kid: &str, claims: &str) -> String {
    let header = b64(format!(r#"{{"kid":"{kid}","alg":"RS256"}}"#).as_bytes());
    let input = format!("{header}.{}", b64(claims.as_bytes()));
    let signature = b64(&sign(kid, &input));
    format!("{input}.{signature}")
}

fn error(status: u16, code: &str) -> HttpAnswer {
    HttpAnswer::new(status, json!({"error": code}).to_string())
}

impl Provider {
    pub fn new() -> Provider {
        Provider {
            disabled: [false; 2],
            families: Vec::new(),
            tokens: HashMap::new(),
            refresh: HashMap::new(),
            codes: HashMap::new(),
            cookie: None,
            signing: 0,
            published: vec![0],
            emergencies: 0,
            lifetime_secs: None,
            counter: 0,
        }
    }

    /// The token lifetime now.
    pub fn lifetime(&self, p: &Params) -> i64 {
        self.lifetime_secs.unwrap_or(p.lifetime_secs)
    }

    /// What the provider knows of an ID or access token it issued.
    pub fn token(&self, token: &str) -> Option<&TokenInfo> {
        let signature = token.rsplit('.').next()?;
        self.tokens.get(signature).filter(|t| t.token == token)
    }

    /// The family of an ID or access token.
    pub fn family_of(&self, token: &str) -> Option<usize> {
        self.token(token).map(|t| t.family)
    }

    /// The refresh token can no longer be used by anyone (revoked, user
    /// disabled).
    pub fn family_dead(&self, family: usize) -> bool {
        let f = &self.families[family];
        f.revoked || self.disabled[f.user]
    }

    /// A code for the hosted UI's redirect to the callback.
    #[allow(clippy::too_many_arguments)]
    pub fn issue_code(
        &mut self,
        user: usize,
        auth_time: i64,
        challenge: &str,
        nonce: &str,
        by_user: bool,
        now_ms: u64,
        rng: &mut Rng,
    ) -> String {
        let code = rng.hex(32);
        let entry =
            Code { user, auth_time, challenge: challenge.into(), nonce: nonce.into(), created_ms: now_ms, by_user };
        self.codes.insert(code.clone(), entry);
        code
    }

    /// The cookie's user while it is valid and that user may sign in.
    pub fn cookie_user(&self, now_ms: u64) -> Option<(usize, i64)> {
        let c = self.cookie.as_ref().filter(|c| c.expires_ms > now_ms)?;
        (!self.disabled[c.user]).then_some((c.user, c.auth_time))
    }

    fn token_set(
        &mut self,
        family: usize,
        nonce: Option<&str>,
        now_ms: u64,
        p: &Params,
        rng: &mut Rng,
    ) -> (String, String) {
        self.counter += 1;
        let f = &self.families[family];
        let (user, auth_time) = (f.user, f.auth_time);
        let (name, sub) = USERS[user];
        let iat = now_secs(now_ms);
        let exp = iat + self.lifetime_secs.unwrap_or(p.lifetime_secs);
        let jti = format!("{family}.{}.{}", self.counter, rng.hex(8));
        // Written out by hand (every value is plain ASCII): much faster
        // than a `serde_json::Value` in a debug build.
        let access_claims = format!(
            r#"{{"sub":"{sub}","iss":"{ISSUER}","client_id":"{CLIENT}","token_use":"access","scope":"openid email","exp":{exp},"iat":{iat},"auth_time":{auth_time},"jti":"{jti}","version":2,"username":"{name}"}}"#
        );
        let access = jwt(&kid(true, self.signing), &access_claims);
        let mut id_claims = format!(
            r#"{{"sub":"{sub}","iss":"{ISSUER}","aud":"{CLIENT}","token_use":"id","cognito:username":"{name}","email":"{name}@example.com","email_verified":true,"auth_time":{auth_time},"exp":{exp},"iat":{iat},"jti":"{jti}""#
        );
        if p.at_hash {
            id_claims.push_str(&format!(r#","at_hash":"{}""#, b64(&Sha256::digest(access.as_bytes())[..16])));
        }
        if let Some(n) = nonce {
            id_claims.push_str(&format!(r#","nonce":"{n}""#));
        }
        id_claims.push('}');
        let id = jwt(&kid(false, self.signing), &id_claims);
        for (token, is_access) in [(&access, true), (&id, false)] {
            let signature = token.rsplit('.').next().unwrap_or_default().to_string();
            self.tokens
                .insert(signature, TokenInfo { token: token.clone(), family, user, exp, iat, access: is_access });
        }
        (id, access)
    }

    fn new_refresh_token(&mut self, family: usize, rng: &mut Rng) -> String {
        self.counter += 1;
        let token = format!("{REFRESH_MARK}{family}-{}-{}", self.counter, rng.hex(16));
        self.refresh.insert(token.clone(), family);
        self.families[family].current = token.clone();
        token
    }

    fn body(id: &str, access: &str, refresh: Option<&str>, expires_in: i64) -> HttpAnswer {
        let refresh = refresh.map_or(String::new(), |r| format!(r#","refresh_token":"{r}""#));
        let body = format!(
            r#"{{"id_token":"{id}","access_token":"{access}","token_type":"Bearer","expires_in":{expires_in}{refresh}}}"#
        );
        HttpAnswer::new(200, body)
    }

    /// A GET (discovery, keys).
    pub fn get(&self, url: &str, p: &Params) -> HttpAnswer {
        if url == format!("{ISSUER}/.well-known/openid-configuration") {
            let mut doc = json!({"issuer": ISSUER, "authorization_endpoint": AUTHORIZE_URL, "token_endpoint": TOKEN_URL,
                "jwks_uri": format!("{ISSUER}/.well-known/jwks.json"), "userinfo_endpoint": format!("{DOMAIN}/oauth2/userInfo")});
            if !p.old_discovery {
                doc["revocation_endpoint"] = json!(REVOKE_URL);
                doc["end_session_endpoint"] = json!(LOGOUT_URL);
            }
            return HttpAnswer::new(200, doc.to_string());
        }
        if url == format!("{ISSUER}/.well-known/jwks.json") {
            let keys: Vec<Value> = self
                .published
                .iter()
                .flat_map(|g| [kid(false, *g), kid(true, *g)])
                .map(|k| json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": k, "n": b64(k.as_bytes()), "e": "AQAB"}))
                .collect();
            return HttpAnswer::new(200, json!({ "keys": keys }).to_string());
        }
        HttpAnswer::new(404, "not found")
    }

    /// A form POST (token, revocation).
    pub fn post(&mut self, url: &str, body: &str, now_ms: u64, p: &Params, rng: &mut Rng) -> (HttpAnswer, Outcome) {
        let pairs = decode_pairs(body);
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
        if url == REVOKE_URL {
            if let Some(&family) = self.refresh.get(get("token")) {
                self.families[family].revoked = true;
            }
            return (HttpAnswer::new(200, ""), Outcome::Other);
        }
        if url != TOKEN_URL || get("client_id") != CLIENT {
            return (error(400, "invalid_client"), Outcome::Other);
        }
        match get("grant_type") {
            "authorization_code" => {
                let Some(code) = self.codes.remove(get("code")) else {
                    return (error(400, "invalid_grant"), Outcome::Other);
                };
                let challenge = b64(&Sha256::digest(get("code_verifier").as_bytes()));
                let fresh = now_ms.saturating_sub(code.created_ms) < 300_000;
                if challenge != code.challenge
                    || !fresh
                    || get("redirect_uri") != format!("{ORIGIN}/callback")
                    || self.disabled[code.user]
                {
                    return (error(400, "invalid_grant"), Outcome::Other);
                }
                let family = self.families.len();
                let family_entry = Family {
                    user: code.user,
                    current: String::new(),
                    revoked: false,
                    auth_time: code.auth_time,
                    issued_ms: now_ms,
                    by_user: code.by_user,
                };
                self.families.push(family_entry);
                let refresh = self.new_refresh_token(family, rng);
                let (id, access) = self.token_set(family, Some(&code.nonce), now_ms, p, rng);
                (Self::body(&id, &access, Some(&refresh), self.lifetime(p)), Outcome::SignedIn { family })
            }
            "refresh_token" => {
                let token = get("refresh_token");
                let Some(&family) = self.refresh.get(token) else {
                    return (error(400, "invalid_grant"), Outcome::Refused { family: None });
                };
                let f = &self.families[family];
                if f.revoked || self.disabled[f.user] || (p.rotation && f.current != token) {
                    return (error(400, "invalid_grant"), Outcome::Refused { family: Some(family) });
                }
                if p.auth_time_moves && rng.chance(0.5) {
                    self.families[family].auth_time = now_secs(now_ms);
                }
                let rotated = p.rotation.then(|| self.new_refresh_token(family, rng));
                let (id, access) = self.token_set(family, None, now_ms, p, rng);
                (Self::body(&id, &access, rotated.as_deref(), self.lifetime(p)), Outcome::Refreshed { family })
            }
            _ => (error(400, "unsupported_grant_type"), Outcome::Other),
        }
    }

    /// The API: `200` for an access token this provider issued, unexpired
    /// by its clock, of a live family; `401` otherwise.
    pub fn api(&self, bearer: &str, now_ms: u64) -> u16 {
        match self.token(bearer) {
            Some(t) if t.access && t.exp > now_secs(now_ms) && !self.family_dead(t.family) => 200,
            _ => 401,
        }
    }

    /// Global sign-out of `user` (AdminUserGlobalSignOut): every family
    /// revoked.
    pub fn revoke_all(&mut self, user: usize) {
        self.families.iter_mut().filter(|f| f.user == user).for_each(|f| f.revoked = true);
    }

    /// Staged key rotation, one stage per call: publish the next key,
    /// sign with it, drop the old one.
    pub fn rotate_stage(&mut self) {
        let next = self.signing + 1;
        if self.published.contains(&next) {
            self.signing = next;
        } else if self.published.len() > 1 {
            let signing = self.signing;
            self.published.retain(|g| *g >= signing);
        } else {
            self.published.push(next);
        }
    }

    /// Emergency rotation: the old keys vanish at once.
    pub fn rotate_now(&mut self) {
        self.signing += 1;
        self.published = vec![self.signing];
        self.emergencies += 1;
    }
}
