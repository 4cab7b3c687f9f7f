//! WebCrypto: random bytes from the browser's CSPRNG and RS256 signature
//! verification (`RSASSA-PKCS1-v1_5` with SHA-256). No `ring`, no RSA code
//! in the wasm: the browser does the maths.

use cognito_login_core::auth::jwt::{JwtError, RsaJwk};
use cognito_login_core::io::BrowserError;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

fn crypto() -> Result<web_sys::Crypto, BrowserError> {
    web_sys::window().and_then(|w| w.crypto().ok()).ok_or(BrowserError::CryptoUnavailable)
}

/// Fills `buf` with cryptographically secure random bytes.
pub fn fill_random(buf: &mut [u8]) -> Result<(), BrowserError> {
    // getRandomValues fills at most 65536 bytes per call.
    for chunk in buf.chunks_mut(65536) {
        crypto()?.get_random_values_with_u8_array(chunk).map_err(|_| BrowserError::CryptoUnavailable)?;
    }
    Ok(())
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn rs256_algorithm() -> Object {
    let algorithm = Object::new();
    set(&algorithm, "name", &"RSASSA-PKCS1-v1_5".into());
    set(&algorithm, "hash", &"SHA-256".into());
    algorithm
}

/// WebCrypto refused: the key cannot be used ([`JwtError::Crypto`] with the
/// browser's words).
fn js_error(e: JsValue) -> JwtError {
    let text = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"));
    JwtError::Crypto(text)
}

/// Verifies an RS256 signature over `data` with an RSA public key given as
/// a JWK. `Ok(false)` means the signature is wrong; `Err` means the key
/// could not be used.
pub async fn verify_rs256(key: &RsaJwk, data: &[u8], signature: &[u8]) -> Result<bool, JwtError> {
    let subtle = crypto().map_err(|e| JwtError::Crypto(e.to_string()))?.subtle();
    let jwk = Object::new();
    set(&jwk, "kty", &"RSA".into());
    set(&jwk, "n", &key.n.as_str().into());
    set(&jwk, "e", &key.e.as_str().into());
    set(&jwk, "alg", &"RS256".into());
    set(&jwk, "ext", &JsValue::TRUE);
    let usages = Array::of1(&"verify".into());
    let algorithm = rs256_algorithm();
    let imported = subtle.import_key_with_object("jwk", &jwk, &algorithm, false, &usages).map_err(js_error)?;
    let crypto_key: CryptoKey = JsFuture::from(imported).await.map_err(js_error)?.unchecked_into();
    let verified = subtle
        .verify_with_object_and_u8_array_and_u8_array(&algorithm, &crypto_key, signature, data)
        .map_err(js_error)?;
    let result = JsFuture::from(verified).await.map_err(js_error)?;
    Ok(result.as_bool() == Some(true))
}
