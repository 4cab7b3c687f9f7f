//! `csp CONFIG_JSON [INDEX_HTML] [ORIGIN…]`: validates a deployment's
//! `config.json` with the app's own validator and prints its Content
//! Security Policy (the one source of the policy: `./x csp`, `./x deploy`
//! and the end-to-end tests all use it).
//!
//! `INDEX_HTML` (the built page) adds a hash for each inline `<script>` it
//! has; the app's own build has none. `ORIGIN…` adds endpoints found by
//! discovery when `config.json` has no `domain`. The page location only
//! matters for the redirect defaults, which the policy does not use.
//!
//! `CONFIG_JSON` may be an Amplify Gen 2 `amplify_outputs.json` instead
//! (told apart by content: `ConfigFile::detect`). For `./x deploy`,
//! `csp --upload-name FILE` prints the name the app looks for the file
//! under, and `csp --settings FILE` the `config.json` settings it amounts to
//! (the deploy's checks read those).

use std::process::ExitCode;

use cognito_login_core::config::{translate_amplify_outputs, Config, ConfigFile, PageLocation};
use cognito_login_core::csp::{inline_script_hashes, policy};
use cognito_login_core::words::{Message, Words};
use cognito_login_core::ConfigErrors;

/// The problems as an operator reads them (English).
fn said(errors: &ConfigErrors) -> String {
    let words = Words::default();
    errors.0.iter().map(|p| words.say(Message::ConfigProblem(p))).collect::<Vec<_>>().join("; ")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = &args[..] {
        if flag == "--upload-name" || flag == "--settings" {
            return describe(flag, path);
        }
    }
    let Some((config_path, rest)) = args.split_first() else {
        eprintln!("usage: csp CONFIG_JSON [INDEX_HTML] [ORIGIN...] | csp --upload-name FILE | csp --settings FILE");
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
    let checked = match ConfigFile::detect(&config_text) {
        ConfigFile::ConfigJson => Config::from_json(&config_text, &page),
        ConfigFile::AmplifyOutputs => Config::from_amplify_outputs_anywhere(&config_text),
    };
    match checked {
        Ok(config) => {
            println!("{}", policy(&config, extra, &hashes, None));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{config_path} is not a valid configuration: {}", said(&e));
            ExitCode::FAILURE
        }
    }
}

/// `--upload-name`: `config.json` or `amplify_outputs.json`; `--settings`:
/// the file as `config.json` settings (itself, or the Amplify translation,
/// redirect URLs left to the page). Both validate the file first.
fn describe(flag: &str, path: &str) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("csp: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let file = ConfigFile::detect(&text);
    let page = PageLocation { origin: "https://example.invalid".into(), base_path: "/".into() };
    let settings = match file {
        ConfigFile::ConfigJson => Config::from_json(&text, &page).map(|_| text.clone()),
        ConfigFile::AmplifyOutputs => Config::from_amplify_outputs_anywhere(&text).and_then(|_| {
            translate_amplify_outputs(&text, None).map(|t| serde_json::Value::Object(t.settings).to_string())
        }),
    };
    match settings {
        Ok(settings) => {
            println!("{}", if flag == "--upload-name" { file.name().to_string() } else { settings });
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path} is not a valid configuration: {}", said(&e));
            ExitCode::FAILURE
        }
    }
}
