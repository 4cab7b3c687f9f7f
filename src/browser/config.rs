//! Loading the configuration from the app's own base URL at start-up:
//! `config.json`, or, only when that is not there (`404`),
//! `amplify_outputs.json` from the same folder (the rule is
//! `core::config::ConfigFile`'s, shared with the landing module).

use cognito_login_core::config::{
    file_name, Config, ConfigAnswer, ConfigFile, PageLocation, DEFAULT_NETWORK_TIMEOUT_SECS,
};

/// Why the app could not get a usable configuration (the core's type).
pub use cognito_login_core::config::ConfigLoadError;

use crate::browser::nav::page_location;
use cognito_login_platform::globals::EarlyAnswerError;
use cognito_login_platform::http::{describe_js, fetch, Fetch};
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;

/// Fetches and validates the configuration from the app's base URL.
/// `boot.js` starts the request for `config.json` before the WebAssembly is
/// even downloaded (so the two load in parallel), reads it to the end and
/// leaves the answer (`{status, text}`) in `window.cognitoLoginConfig`; it
/// is used once, here. Only a `404` for it leads to `amplify_outputs.json`.
pub async fn load() -> Result<Config, ConfigLoadError> {
    let page = page_location();
    let first = ConfigFile::FIRST;
    let url = first.url(&page);
    let (status, text) = match take_early_fetch() {
        Some(early) => early_answer(early, &url).await?,
        None => get(&url).await?,
    };
    match first.answer(status) {
        ConfigAnswer::TryNext(next) => {
            let next_url = next.url(&page);
            let (status, text) = get(&next_url).await?;
            judge(next, &next_url, status, text, &page).map_err(|e| match e {
                ConfigLoadError::NotFound { .. } => ConfigLoadError::NotFound { url },
                other => other,
            })
        }
        _ => judge(first, &url, status, text, &page),
    }
}

async fn early_answer(early: js_sys::Promise, url: &str) -> Result<(u16, String), ConfigLoadError> {
    let url = url.to_string();
    cognito_login_platform::globals::early_answer(early).await.map_err(|e| match e {
        EarlyAnswerError::Rejected(e) => {
            ConfigLoadError::Network { url, source: describe_js(&e, DEFAULT_NETWORK_TIMEOUT_SECS) }
        }
        EarlyAnswerError::Malformed => ConfigLoadError::NoEarlyAnswer { url },
    })
}

fn take_early_fetch() -> Option<js_sys::Promise> {
    crate::browser::take_global(cognito_login_core::session::landing::CONFIG_GLOBAL)?.dyn_into::<js_sys::Promise>().ok()
}

/// Fetches and validates a configuration from `url`: an
/// `amplify_outputs.json` when the URL names one, else a `config.json`
/// (no fallback from one to the other: that is [`load`]'s).
pub async fn load_from(url: &str, page: &PageLocation) -> Result<Config, ConfigLoadError> {
    let file = if file_name(url) == ConfigFile::AmplifyOutputs.name() {
        ConfigFile::AmplifyOutputs
    } else {
        ConfigFile::ConfigJson
    };
    let (status, text) = get(url).await?;
    judge(file, url, status, text, page)
}

/// `GET url`, never from a cache (a deploy changes the configuration in
/// place): its status and text.
async fn get(url: &str) -> Result<(u16, String), ConfigLoadError> {
    let timeout = DEFAULT_NETWORK_TIMEOUT_SECS;
    // The app's own file: the browser's default credentials (same origin).
    let request = Fetch { credentials: RequestCredentials::SameOrigin, ..Fetch::get(url, timeout) };
    let answer = fetch(&request)
        .await
        .map_err(|e| ConfigLoadError::Network { url: url.to_string(), source: e.describe(timeout) })?;
    Ok((answer.status, answer.body))
}

/// What an answer for `file` means: the configuration, or why not (a `404`
/// here is "not found": [`load`] decides about the next file).
fn judge(
    file: ConfigFile,
    url: &str,
    status: u16,
    text: String,
    page: &PageLocation,
) -> Result<Config, ConfigLoadError> {
    match status {
        200 => {}
        404 => return Err(ConfigLoadError::NotFound { url: url.to_string() }),
        status => return Err(ConfigLoadError::Http { url: url.to_string(), status }),
    }
    file.parse(&text, page).map_err(|errors| match file {
        ConfigFile::ConfigJson => ConfigLoadError::Invalid(errors),
        ConfigFile::AmplifyOutputs => ConfigLoadError::InvalidAmplifyOutputs(errors),
    })
}
