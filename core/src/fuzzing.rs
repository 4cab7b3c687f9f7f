//! Entry points shared by the `cargo fuzz` targets (`core/fuzz/`) and the
//! stable test that replays their checked-in corpus: each takes arbitrary
//! bytes and must never panic, whatever they are.

use crate::auth::callback::parse_callback;
use crate::auth::jwt::{decode, Jwks};
use crate::auth::token::parse_token_response;
use crate::auth::validate::{check_algorithm, validate_id_claims, IdExpectations};
use crate::config::{Config, PageLocation};

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Callback query parsing.
pub fn callback(data: &[u8]) {
    let _ = parse_callback(&text(data));
}

/// JWT decoding and the claim checks (signature aside).
pub fn jwt(data: &[u8]) {
    let token = text(data);
    if let Ok(jwt) = decode(&token) {
        let _ = check_algorithm(&jwt);
        let expect = IdExpectations {
            issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Fuzz",
            client_id: "client1",
            nonce: Some("nonce"),
            access_token: Some("access"),
            now: 1_700_000_000,
            skew: 300,
        };
        let _ = validate_id_claims(&jwt, &expect);
    }
    if let Ok(jwks) = Jwks::parse(&token) {
        let _ = jwks.keys.len();
    }
}

/// Token endpoint responses; the first byte picks the HTTP status.
pub fn token_response(data: &[u8]) {
    let (status, body) = match data.split_first() {
        Some((first, rest)) => (if first % 2 == 0 { 200 } else { 400 + u16::from(*first % 100) }, rest),
        None => (200, data),
    };
    let _ = parse_token_response(status, &text(body));
}

/// `config.json` parsing and validation.
pub fn config(data: &[u8]) {
    let page = PageLocation { origin: "https://app.example.com".into(), base_path: "/".into() };
    let _ = Config::from_json(&text(data), &page);
}
