//! Compressed answers, as a CDN that compresses serves them (CloudFront with
//! `Compress: true`, deploy/template.yaml): brotli (`-q 11`, the size
//! budget's measure) for the built files of at least 1,000 bytes (CloudFront
//! compresses from 1,000 bytes), to a browser that accepts `br`. Made once,
//! when turned on, so no answer waits for the compressor.

use std::collections::HashMap;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

/// Brotli copies of the built files, by file name.
pub(super) type Compressed = HashMap<String, Vec<u8>>;

/// Brotli copies of the files directly in `dist` that a CDN compresses.
pub(super) fn compress_dist(dist: &Path) -> Compressed {
    let mut compressed = Compressed::new();
    let entries = std::fs::read_dir(dist).unwrap_or_else(|e| panic!("{}: {e}", dist.display()));
    for path in entries.map_while(Result::ok).map(|e| e.path()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let compressible = ["html", "css", "js", "wasm", "json", "svg"]
            .contains(&path.extension().and_then(|e| e.to_str()).unwrap_or_default());
        let Ok(bytes) = std::fs::read(&path) else { continue };
        if compressible && bytes.len() >= 1000 {
            compressed.insert(name, crate::size::brotli(&bytes));
        }
    }
    compressed
}

/// `response` with the brotli copy of `name` as its body when there is one
/// and the request accepts it.
pub(super) fn maybe_compressed(
    mut response: Response,
    name: &str,
    compressed: Option<&Compressed>,
    request: &HeaderMap,
) -> Response {
    let accepts = request
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.split(';').next().unwrap_or_default().trim() == "br"));
    let Some(bytes) = compressed.and_then(|c| c.get(name)).filter(|_| accepts) else { return response };
    *response.body_mut() = Body::from(bytes.clone());
    response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    response
}
