//! `csp CONFIG_JSON [INDEX_HTML] [ORIGIN…]`: validates a deployment's
//! `config.json` with the app's own validator and prints its Content
//! Security Policy (the one source of the policy: `./x csp`, `./x deploy`
//! and the end-to-end tests all use it).
//!
//! `INDEX_HTML` (the built page) adds a hash for each inline `<script>` it
//! has; the app's own build has none. `ORIGIN…` adds endpoints found by
//! discovery when `config.json` has no `domain`. The page location only
//! matters for the redirect defaults, which the policy does not use.

use std::process::ExitCode;

use cognito_login_core::config::{Config, PageLocation};
use cognito_login_core::csp::{inline_script_hashes, policy};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((config_path, rest)) = args.split_first() else {
        eprintln!("usage: csp CONFIG_JSON [INDEX_HTML] [ORIGIN...]");
        return ExitCode::from(2);
    };
    let (index_path, extra) = match rest.split_first() {
        Some((first, more)) if !first.contains("://") => (Some(first), more),
        _ => (None, rest),
    };
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"));
    let config_text = match read(config_path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("csp: {e}");
            return ExitCode::FAILURE;
        }
    };
    let hashes = match index_path.map(|p| read(p)) {
        Some(Ok(index)) => inline_script_hashes(&index),
        Some(Err(e)) => {
            eprintln!("csp: {e}");
            return ExitCode::FAILURE;
        }
        None => Vec::new(),
    };
    let page = PageLocation { origin: "https://example.invalid".into(), base_path: "/".into() };
    match Config::from_json(&config_text, &page) {
        Ok(config) => {
            println!("{}", policy(&config, extra, &hashes, None));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{config_path} is not a valid configuration: {e}");
            ExitCode::FAILURE
        }
    }
}
