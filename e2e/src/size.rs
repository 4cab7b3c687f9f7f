//! What the first load of `/` transfers, and how big it is raw, with
//! `gzip -9` and with `brotli -q 11`: for `./x bench` and the size budget
//! test (deterministic, unlike timings).

use std::io::Write;
use std::path::Path;

/// One transferred file.
#[derive(Debug, Clone)]
pub struct FileSize {
    /// Its name in `dist/` (or `config.json`).
    pub name: String,
    /// Bytes as stored.
    pub raw: usize,
    /// Bytes after `gzip -9`.
    pub gzip: usize,
    /// Bytes after `brotli -q 11` (window 22, the CLI's default for files
    /// this small).
    pub brotli: usize,
}

/// Sizes of `bytes` under each encoding.
pub fn measure(name: &str, bytes: &[u8]) -> FileSize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip into memory");
    let gzip = gz.finish().expect("gzip into memory").len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("brotli into memory");
    FileSize { name: name.to_string(), raw: bytes.len(), gzip, brotli: br.len() }
}

/// The files `index.html` makes the browser fetch at once: itself and every
/// local `href`/`src` (stylesheet, loader, module, WebAssembly preload).
pub fn first_load_files(index_html: &str) -> Vec<String> {
    let mut files = vec!["index.html".to_string()];
    for attr in ["href=\"", "src=\""] {
        let mut rest = index_html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            let url = &rest[..end];
            if !url.contains("://") && !url.starts_with("//") && !url.starts_with("data:") {
                let name = url.rsplit('/').next().unwrap_or(url).to_string();
                if !name.is_empty() && !files.contains(&name) {
                    files.push(name);
                }
            }
        }
    }
    files
}

/// Every file of the first load from `dist`, plus `config.json` as given
/// (it is fetched in parallel with the WebAssembly).
pub fn first_load(dist: &Path, config_json: &str) -> Result<Vec<FileSize>, String> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("{}: {e} (build first: trunk build --release --offline)", dist.display()))?;
    let mut sizes = Vec::new();
    for name in first_load_files(&index) {
        let bytes = std::fs::read(dist.join(&name)).map_err(|e| format!("{name}: {e}"))?;
        sizes.push(measure(&name, &bytes));
    }
    sizes.push(measure("config.json", config_json.as_bytes()));
    Ok(sizes)
}

/// A representative production `config.json` (the README's example shape).
pub const TYPICAL_CONFIG: &str = r#"{
  "userPoolId": "eu-west-1_AbCdEf123",
  "clientId": "1example23456789abcdefghij",
  "domain": "https://example.auth.eu-west-1.amazoncognito.com",
  "apiBaseUrl": "https://api.example.com"
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_local_files_of_a_trunk_page() {
        let html = r#"<link rel="stylesheet" href="/main-1.css"><script src="/boot-2.js" type="module"></script>
            <link rel="modulepreload" href="/login/app-3.js"><link rel="preload" href="/app-3_bg.wasm">
            <img src="https://cdn.example/logo.svg"><a href="//x.example/">"#;
        assert_eq!(first_load_files(html), ["index.html", "main-1.css", "app-3.js", "app-3_bg.wasm", "boot-2.js"]);
    }

    #[test]
    fn compresses_repetitive_text() {
        let text = "a login page ".repeat(1000);
        let s = measure("x", text.as_bytes());
        assert_eq!(s.raw, 13_000);
        assert!(s.gzip < 200 && s.brotli < s.gzip, "{s:?}");
    }
}
