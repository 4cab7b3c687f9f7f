//! Random bytes from the browser's CSPRNG (`crypto.getRandomValues`).

use cognito_login_core::io::BrowserError;

/// Fills `buf` with cryptographically secure random bytes.
pub fn fill_random(buf: &mut [u8]) -> Result<(), BrowserError> {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or(BrowserError::CryptoUnavailable)?;
    // getRandomValues fills at most 65536 bytes per call.
    for chunk in buf.chunks_mut(65536) {
        crypto.get_random_values_with_u8_array(chunk).map_err(|_| BrowserError::CryptoUnavailable)?;
    }
    Ok(())
}
