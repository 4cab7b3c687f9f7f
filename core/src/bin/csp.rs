//! `cognito-login-csp CONFIG_JSON INDEX_HTML [ORIGIN…]`: prints the Content
//! Security Policy for a deployment (the one source of the policy).
//! `ORIGIN…` adds endpoints found by discovery when `config.json` has no
//! `domain`. The page location only matters for the redirect defaults, which
//! the policy does not use.

use std::process::ExitCode;

use cognito_login_core::config::{Config, PageLocation};
use cognito_login_core::csp::{inline_script_hashes, policy};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [config_path, index_path, extra @ ..] = args.as_slice() else {
        eprintln!("usage: cognito-login-csp CONFIG_JSON INDEX_HTML [ORIGIN...]");
        return ExitCode::from(2);
    };
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"));
    let (config_text, index) = match (read(config_path), read(index_path)) {
        (Ok(c), Ok(i)) => (c, i),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("cognito-login-csp: {e}");
            return ExitCode::FAILURE;
        }
    };
    let page = PageLocation { origin: "https://example.invalid".into(), base_path: "/".into() };
    match Config::from_json(&config_text, &page) {
        Ok(config) => {
            println!("{}", policy(&config, extra, &inline_script_hashes(&index), None));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cognito-login-csp: {config_path}: {e}");
            ExitCode::FAILURE
        }
    }
}
