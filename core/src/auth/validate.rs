//! Token validation, written as the numbered steps of OIDC Core §3.1.3.7
//! (ID token) plus Cognito's `token_use` and access-token claims
//! (docs/COGNITO.md "Token claims"). The signature step (§3.1.3.7 step 6) runs in the browser
//! shell with WebCrypto between [`check_algorithm`] and the claim checks.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::jwt::{Jwt, JwtError};

/// What an ID token must say.
#[derive(Debug, Clone)]
pub struct IdExpectations<'a> {
    /// The configured issuer.
    pub issuer: &'a str,
    /// This app's client ID.
    pub client_id: &'a str,
    /// The nonce sent with the sign-in; `None` on refresh (no nonce then).
    pub nonce: Option<&'a str>,
    /// The access token it came with, for `at_hash`.
    pub access_token: Option<&'a str>,
    /// The current time, seconds since the epoch.
    pub now: i64,
    /// The allowed clock difference, seconds.
    pub skew: i64,
}

/// The claims of a validated ID token that the app uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdClaims {
    /// The user's stable ID.
    pub sub: String,
    /// `cognito:username` (falls back to `sub`).
    pub username: String,
    /// `email`, if granted.
    pub email: Option<String>,
    /// `email_verified` (a boolean in Cognito ID tokens).
    pub email_verified: Option<bool>,
    /// `cognito:groups`.
    pub groups: Vec<String>,
    /// `identities`: the federated identity providers the user signed in
    /// with (social, SAML, OIDC); empty for users of the pool's own
    /// directory.
    pub identities: Vec<Identity>,
    /// `auth_time`: when the user authenticated.
    pub auth_time: Option<i64>,
    /// `iat`.
    pub issued_at: i64,
    /// `exp`.
    pub expires_at: i64,
    /// Every claim of the ID token as Cognito sent it, for what the fields
    /// above do not cover: custom attributes (`custom:department`), `name`,
    /// `phone_number`… (see [`IdClaims::claim`]).
    pub raw: serde_json::Map<String, Value>,
}

/// One entry of Cognito's `identities` claim (docs/COGNITO.md "Identity
/// providers").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `providerName`: the provider's name in the user pool, e.g. `Google`.
    pub provider_name: String,
    /// `providerType`: `Google`, `Facebook`, `SignInWithApple`,
    /// `LoginWithAmazon`, `SAML` or `OIDC`.
    pub provider_type: String,
    /// `userId`: the user's ID at the provider.
    pub user_id: String,
    /// `primary`: the provider the user was created from (Cognito sends the
    /// string `"true"`).
    pub primary: bool,
}

/// Reads `identities`: a JSON array in ID tokens, also accepted as a string
/// holding one (the shape Lambda triggers see). Entries without a provider
/// name are skipped.
fn identities(claims: &Map<String, Value>) -> Vec<Identity> {
    let parsed;
    let entries = match claims.get("identities") {
        Some(Value::Array(entries)) => entries,
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(entries)) => {
                parsed = entries;
                &parsed
            }
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let text = |e: &Value, key: &str| match e.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    entries
        .iter()
        .filter(|e| !text(e, "providerName").is_empty())
        .map(|e| Identity {
            provider_name: text(e, "providerName"),
            provider_type: text(e, "providerType"),
            user_id: text(e, "userId"),
            primary: matches!(e.get("primary"), Some(Value::Bool(true))) || text(e, "primary") == "true",
        })
        .collect()
}

impl IdClaims {
    /// The identity provider the user signed in with: the primary entry of
    /// `identities` (else the first); `None` for the pool's own users.
    pub fn signed_in_with(&self) -> Option<&str> {
        let primary = self.identities.iter().find(|i| i.primary).or(self.identities.first());
        primary.map(|i| i.provider_name.as_str())
    }

    /// A claim of the ID token by name, e.g. `custom:department`.
    pub fn claim(&self, name: &str) -> Option<&Value> {
        self.raw.get(name)
    }

    /// A string claim by name (custom attributes are strings in Cognito ID
    /// tokens).
    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claim(name).and_then(Value::as_str)
    }
}

/// The claims of a validated access token that the app uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessClaims {
    /// `sub`: must be the ID token's.
    pub sub: String,
    /// `scope`, space-separated.
    pub scope: String,
    /// `exp`.
    pub expires_at: i64,
}

/// OIDC Core §3.1.3.7 step 7 (for our provider): the algorithm must be
/// RS256. `none`, `HS256` (the public key used as an HMAC secret) and
/// everything else are refused before any key is looked at.
pub fn check_algorithm(jwt: &Jwt) -> Result<(), JwtError> {
    if jwt.alg == "RS256" {
        Ok(())
    } else {
        Err(JwtError::UnsupportedAlgorithm(jwt.alg.clone()))
    }
}

fn str_claim<'a>(claims: &'a Map<String, Value>, name: &'static str) -> Result<&'a str, JwtError> {
    claims.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or(JwtError::MissingClaim(name))
}

fn int_claim(claims: &Map<String, Value>, name: &'static str) -> Result<i64, JwtError> {
    claims.get(name).and_then(Value::as_i64).ok_or(JwtError::MissingClaim(name))
}

/// `exp` and `iat` against the clock, with the skew allowance (OIDC Core
/// §3.1.3.7 steps 9 and 10).
fn check_times(claims: &Map<String, Value>, now: i64, skew: i64) -> Result<(i64, i64), JwtError> {
    let exp = int_claim(claims, "exp")?;
    let iat = int_claim(claims, "iat")?;
    if exp <= now - skew {
        return Err(JwtError::Expired);
    }
    if iat > now + skew {
        return Err(JwtError::IssuedInFuture);
    }
    // RFC 7519 §4.1.5: not before, when present.
    if claims.get("nbf").and_then(Value::as_i64).is_some_and(|nbf| nbf > now + skew) {
        return Err(JwtError::NotYetValid);
    }
    Ok((iat, exp))
}

/// The claim checks of an ID token whose signature has been verified.
pub fn validate_id_claims(jwt: &Jwt, expect: &IdExpectations<'_>) -> Result<IdClaims, JwtError> {
    let c = &jwt.claims;
    // Step 2: the issuer must be exactly the configured one.
    let iss = str_claim(c, "iss")?;
    if iss != expect.issuer {
        return Err(JwtError::WrongIssuer { expected: expect.issuer.to_string(), actual: iss.to_string() });
    }
    // Step 3: `aud` must contain our client ID (a string, or an array
    // containing it); steps 4-5: with several audiences, `azp` must be us.
    match c.get("aud") {
        Some(Value::String(aud)) if aud == expect.client_id => {}
        Some(Value::Array(auds)) if auds.iter().any(|a| a.as_str() == Some(expect.client_id)) => {
            let azp = c.get("azp").and_then(Value::as_str);
            if auds.len() > 1 && azp != Some(expect.client_id) {
                return Err(JwtError::WrongAudience);
            }
        }
        None => return Err(JwtError::MissingClaim("aud")),
        Some(_) => return Err(JwtError::WrongAudience),
    }
    if let Some(azp) = c.get("azp").and_then(Value::as_str) {
        if azp != expect.client_id {
            return Err(JwtError::WrongAudience);
        }
    }
    // Cognito: an ID token says token_use "id" (an access token must never
    // be accepted in its place).
    let token_use = str_claim(c, "token_use")?;
    if token_use != "id" {
        return Err(JwtError::WrongTokenUse { expected: "id", actual: token_use.to_string() });
    }
    // Steps 9-10: expiry and issue time.
    let (iat, exp) = check_times(c, expect.now, expect.skew)?;
    let sub = str_claim(c, "sub")?;
    // Step 11: the nonce of this sign-in (none is expected on refresh).
    if let Some(nonce) = expect.nonce {
        if c.get("nonce").and_then(Value::as_str) != Some(nonce) {
            return Err(JwtError::NonceMismatch);
        }
    }
    // §3.1.3.8 / §3.3.2.11: at_hash, when present, is the left half of
    // SHA-256 of the access token.
    if let (Some(at_hash), Some(access)) = (c.get("at_hash"), expect.access_token) {
        let digest = Sha256::digest(access.as_bytes());
        if at_hash.as_str() != Some(URL_SAFE_NO_PAD.encode(&digest[..16]).as_str()) {
            return Err(JwtError::AtHashMismatch);
        }
    }
    Ok(IdClaims {
        sub: sub.to_string(),
        username: c.get("cognito:username").and_then(Value::as_str).unwrap_or(sub).to_string(),
        email: c.get("email").and_then(Value::as_str).map(str::to_string),
        email_verified: c.get("email_verified").and_then(Value::as_bool),
        groups: c
            .get("cognito:groups")
            .and_then(Value::as_array)
            .map(|g| g.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default(),
        identities: identities(c),
        auth_time: c.get("auth_time").and_then(Value::as_i64),
        issued_at: iat,
        expires_at: exp,
        raw: c.clone(),
    })
}

/// OIDC Core §12.2: a refreshed ID token must be about the same user and
/// the same authentication as the one it replaces. `iss` and `aud` are
/// already pinned to the configuration by [`validate_id_claims`]; `sub` must
/// not change.
///
/// A deliberate deviation: `auth_time` may move *forward*. Real pools with
/// refresh-token rotation on issue refreshed ID tokens with a new
/// `auth_time` (docs/COGNITO.md "Refresh and rotation"); insisting on the old
/// value would sign every user out at the first refresh. It may never move
/// backward or disappear: that would be an older or different sign-in
/// (docs/SECURITY.md explains why this is safe).
pub fn check_same_session(previous: &IdClaims, refreshed: &IdClaims) -> Result<(), JwtError> {
    if previous.sub != refreshed.sub {
        return Err(JwtError::SessionChanged("sub"));
    }
    match (previous.auth_time, refreshed.auth_time) {
        (Some(before), Some(after)) if after < before => Err(JwtError::SessionChanged("auth_time")),
        (Some(_), None) => Err(JwtError::SessionChanged("auth_time")),
        _ => Ok(()),
    }
}

/// The claim checks of a Cognito access token whose signature has been
/// verified (docs/COGNITO.md "Token claims": `client_id`, no `aud`).
pub fn validate_access_claims(
    jwt: &Jwt,
    issuer: &str,
    client_id: &str,
    now: i64,
    skew: i64,
) -> Result<AccessClaims, JwtError> {
    let c = &jwt.claims;
    let iss = str_claim(c, "iss")?;
    if iss != issuer {
        return Err(JwtError::WrongIssuer { expected: issuer.to_string(), actual: iss.to_string() });
    }
    let token_use = str_claim(c, "token_use")?;
    if token_use != "access" {
        return Err(JwtError::WrongTokenUse { expected: "access", actual: token_use.to_string() });
    }
    if str_claim(c, "client_id")? != client_id {
        return Err(JwtError::WrongClient);
    }
    let (_, exp) = check_times(c, now, skew)?;
    Ok(AccessClaims {
        sub: str_claim(c, "sub")?.to_string(),
        scope: c.get("scope").and_then(Value::as_str).unwrap_or("").to_string(),
        expires_at: exp,
    })
}
