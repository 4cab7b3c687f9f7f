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

/// Random bytes from `crypto.getRandomValues` (the shared browser crate's).
pub use cognito_login_platform::random::fill_random;

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
    let browser_says =
        e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"));
    JwtError::Crypto { browser_says }
}

/// Verifies an RS256 signature over `data` with an RSA public key given as
/// a JWK. `Ok(false)` means the signature is wrong; `Err` means the key
/// could not be used.
pub async fn verify_rs256(key: &RsaJwk, data: &[u8], signature: &[u8]) -> Result<bool, JwtError> {
    let subtle = crypto()?.subtle();
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

/// The ECDH curve and the sealing cipher of the holder's hand-over.
fn ecdh_algorithm() -> Object {
    let algorithm = Object::new();
    set(&algorithm, "name", &"ECDH".into());
    set(&algorithm, "namedCurve", &"P-256".into());
    algorithm
}

fn aes_algorithm() -> Object {
    let algorithm = Object::new();
    set(&algorithm, "name", &"AES-GCM".into());
    set(&algorithm, "length", &JsValue::from_f64(256.0));
    algorithm
}

fn subtle() -> Result<web_sys::SubtleCrypto, JsValue> {
    Ok(crypto().map_err(|e| JsValue::from_str(&e.to_string()))?.subtle())
}

async fn wait(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Result<Vec<u8>, JsValue> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).map_err(|_| JsValue::from_str("not base64url"))
}

/// A new ECDH P-256 key pair: the private half (not extractable) and the
/// public half as base64url of its raw point.
async fn key_pair() -> Result<(CryptoKey, CryptoKey, String), JsValue> {
    let subtle = subtle()?;
    let usages = Array::of1(&"deriveKey".into());
    let pair = wait(subtle.generate_key_with_object(&ecdh_algorithm(), false, &usages)).await?;
    let private: CryptoKey = Reflect::get(&pair, &"privateKey".into())?.unchecked_into();
    let public: CryptoKey = Reflect::get(&pair, &"publicKey".into())?.unchecked_into();
    let raw = wait(subtle.export_key("raw", &public)).await?;
    Ok((private, public, b64(&js_sys::Uint8Array::new(&raw).to_vec())))
}

/// This tab's key pair for a hand-over of the refresh token: the private
/// half stays in WebCrypto (not extractable); the public half is posted.
pub async fn make_key() -> Result<(CryptoKey, String), JsValue> {
    let (private, _, public) = key_pair().await?;
    Ok((private, public))
}

/// The AES-GCM key both sides derive: ECDH of one side's private key and
/// the other's public key.
async fn shared_key(private: &CryptoKey, public_raw: &[u8], usage: &str) -> Result<CryptoKey, JsValue> {
    let subtle = subtle()?;
    let public_bytes = js_sys::Uint8Array::from(public_raw);
    let public: CryptoKey =
        wait(subtle.import_key_with_object("raw", &public_bytes, &ecdh_algorithm(), true, &Array::new()))
            .await?
            .unchecked_into();
    let derive = ecdh_algorithm();
    set(&derive, "public", &public);
    let usages = Array::of1(&usage.into());
    Ok(wait(subtle.derive_key_with_object_and_object(&derive, private, &aes_algorithm(), false, &usages))
        .await?
        .unchecked_into())
}

fn gcm(iv: &[u8]) -> Object {
    let algorithm = Object::new();
    set(&algorithm, "name", &"AES-GCM".into());
    set(&algorithm, "iv", &js_sys::Uint8Array::from(iv));
    algorithm
}

/// Seals `secret` to the public key `to` (base64url raw P-256 point): a
/// fresh key pair, ECDH, AES-GCM. The envelope is
/// `ephemeral public key . iv . ciphertext`, each base64url.
pub async fn seal(to: &str, secret: &str) -> Result<String, JsValue> {
    let (ephemeral, _, ephemeral_public) = key_pair().await?;
    let key = shared_key(&ephemeral, &unb64(to)?, "encrypt").await?;
    let mut iv = [0u8; 12];
    fill_random(&mut iv).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let plain = secret.as_bytes();
    let sealed = wait(subtle()?.encrypt_with_object_and_u8_array(&gcm(&iv), &key, plain)).await?;
    Ok(format!("{ephemeral_public}.{}.{}", b64(&iv), b64(&js_sys::Uint8Array::new(&sealed).to_vec())))
}

/// Opens an envelope sealed to this tab's key (`private`).
pub async fn open(private: &CryptoKey, envelope: &str) -> Result<String, JsValue> {
    let mut parts = envelope.split('.');
    let (Some(public), Some(iv), Some(sealed), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(JsValue::from_str("not an envelope"));
    };
    let key = shared_key(private, &unb64(public)?, "decrypt").await?;
    let sealed = unb64(sealed)?;
    let plain = wait(subtle()?.decrypt_with_object_and_u8_array(&gcm(&unb64(iv)?), &key, &sealed)).await?;
    String::from_utf8(js_sys::Uint8Array::new(&plain).to_vec()).map_err(|_| JsValue::from_str("not text"))
}
