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
    FileSize { name: name.to_string(), raw: bytes.len(), gzip, brotli: brotli(bytes).len() }
}

/// `bytes` after `brotli -q 11` (window 22).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("brotli into memory");
    br
}

/// The local file an attribute names (`href="/login/app-3.js"` → `app-3.js`),
/// if the tag has it and it is local.
fn local_file(tag: &str, attr: &str) -> Option<String> {
    let at = tag.find(&format!(" {attr}=\""))? + attr.len() + 3;
    let url = &tag[at..at + tag[at..].find('"')?];
    if url.contains("://") || url.starts_with("//") || url.starts_with("data:") {
        return None;
    }
    Some(url.rsplit('/').next().unwrap_or(url).to_string()).filter(|n| !n.is_empty())
}

/// Every `<link>` and `<script>` tag of `html` with its `rel` (`script` for
/// a script) and the local file it names.
fn linked_files(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for open in ["<link ", "<script "] {
        let mut rest = html;
        while let Some(i) = rest.find(open) {
            rest = &rest[i..];
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            rest = &rest[open.len()..];
            let (rel, file) = if open == "<script " {
                ("script".to_string(), local_file(tag, "src"))
            } else {
                let rel = tag.find(" rel=\"").map(|i| &tag[i + 6..]).and_then(|r| r.split('"').next()).unwrap_or("");
                (rel.to_string(), local_file(tag, "href"))
            };
            if let Some(file) = file {
                found.push((rel, file));
            }
        }
    }
    found
}

/// The files `index.html` makes the browser fetch at once: itself, its
/// stylesheets and scripts, and what it preloads (the landing module). The
/// full app's inert links (`x-app-module`, `x-app-wasm`) are not among them.
pub fn first_load_files(index_html: &str) -> Vec<String> {
    let mut files = vec!["index.html".to_string()];
    for (rel, file) in linked_files(index_html) {
        if matches!(rel.as_str(), "stylesheet" | "script" | "modulepreload" | "preload") && !files.contains(&file) {
            files.push(file);
        }
    }
    files
}

/// The full app, which the landing page fetches in the background once
/// "Sign in" is shown (the `x-app-module` and `x-app-wasm` links).
pub fn background_files(index_html: &str) -> Vec<String> {
    linked_files(index_html).into_iter().filter(|(rel, _)| rel.starts_with("x-app-")).map(|(_, f)| f).collect()
}

/// Sizes of `names` in `dist`.
pub fn measure_files(dist: &Path, names: &[String]) -> Result<Vec<FileSize>, String> {
    names
        .iter()
        .map(|name| std::fs::read(dist.join(name)).map(|b| measure(name, &b)).map_err(|e| format!("{name}: {e}")))
        .collect()
}

/// Every file of the first load from `dist`, plus `config.json` as given
/// (it is fetched in parallel with the WebAssembly).
pub fn first_load(dist: &Path, config_json: &str) -> Result<Vec<FileSize>, String> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("{}: {e} (build first: trunk build --release --offline)", dist.display()))?;
    let mut sizes = measure_files(dist, &first_load_files(&index))?;
    sizes.push(measure("config.json", config_json.as_bytes()));
    Ok(sizes)
}

/// The full app as built: the files the landing page fetches in the
/// background (see [`background_files`]).
pub fn full_app(dist: &Path) -> Result<Vec<FileSize>, String> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("{}: {e} (build first: trunk build --release --offline)", dist.display()))?;
    measure_files(dist, &background_files(&index))
}

/// The budgets `docs/size-budget.txt` names, in this order: the first load's
/// critical path, the full app, and everything the landing page downloads.
pub const BUDGETS: [&str; 3] = ["critical-path", "full-app", "total"];

/// The budgets in `text` (`docs/size-budget.txt`): one `NAME BYTES` line for
/// each of [`BUDGETS`], in bytes brotli; `#` starts a comment line.
pub fn parse_budgets(text: &str) -> Result<Vec<(&'static str, usize)>, String> {
    let mut found: Vec<(&'static str, usize)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (name, bytes) =
            line.split_once(char::is_whitespace).ok_or_else(|| format!("not `NAME BYTES`: {line:?}"))?;
        let name = BUDGETS.into_iter().find(|b| *b == name).ok_or_else(|| format!("unknown budget {name:?}"))?;
        let bytes = bytes.trim().parse().map_err(|_| format!("not a number of bytes: {line:?}"))?;
        if found.iter().any(|(n, _)| *n == name) {
            return Err(format!("{name} is named twice"));
        }
        found.push((name, bytes));
    }
    BUDGETS
        .into_iter()
        .map(|name| found.iter().find(|(n, _)| *n == name).copied().ok_or_else(|| format!("no {name} budget")))
        .collect()
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
            <link rel="x-app-module" href="/full-4.js" integrity="x"><link rel="x-app-wasm" href="/full-4_bg.wasm">
            <link rel="icon" href="data:,"><link rel="stylesheet" href="https://cdn.example/x.css">
            <img src="https://cdn.example/logo.svg"><a href="//x.example/">"#;
        assert_eq!(first_load_files(html), ["index.html", "main-1.css", "app-3.js", "app-3_bg.wasm", "boot-2.js"]);
        assert_eq!(background_files(html), ["full-4.js", "full-4_bg.wasm"]);
    }

    #[test]
    fn reads_the_three_named_budgets() {
        let text = "# comment\n\ncritical-path 58000\ntotal 286000\nfull-app   228000\n";
        assert_eq!(parse_budgets(text), Ok(vec![("critical-path", 58000), ("full-app", 228000), ("total", 286000)]));
        assert!(parse_budgets("critical-path 58000\nfull-app 1\n").unwrap_err().contains("no total"));
        assert!(parse_budgets("critical 58000").unwrap_err().contains("unknown budget"));
        assert!(parse_budgets("58000").unwrap_err().contains("NAME BYTES"));
        assert!(parse_budgets("total 1\ntotal 2").unwrap_err().contains("twice"));
        assert!(parse_budgets("total 58 KB").unwrap_err().contains("number"));
    }

    #[test]
    fn compresses_repetitive_text() {
        let text = "a login page ".repeat(1000);
        let s = measure("x", text.as_bytes());
        assert_eq!(s.raw, 13_000);
        assert!(s.gzip < 200 && s.brotli < s.gzip, "{s:?}");
    }
}
