//! Loading `config.json` from the app's own base URL at start-up.

use cognito_login_core::config::{Config, ConfigErrors, PageLocation, DEFAULT_NETWORK_TIMEOUT_SECS};

use crate::browser::nav::page_location;
use gloo_net::http::Request;
use wasm_bindgen::JsCast;
use web_sys::RequestCache;

/// Why the app could not get a usable configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigLoadError {
    /// `config.json` is not deployed next to `index.html`.
    #[error("config.json was not found at {url}. Deploy a config.json next to index.html (see the README's Configuration section).")]
    NotFound {
        /// Where it was looked for.
        url: String,
    },
    /// The server answered with another error status.
    #[error("config.json could not be loaded from {url}: the server answered HTTP {status}.")]
    Http {
        /// Where it was looked for.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The request did not complete (offline, blocked, DNS…).
    #[error("config.json could not be loaded from {url}: {message}. Check your connection and reload the page.")]
    Network {
        /// Where it was looked for.
        url: String,
        /// What the browser said.
        message: String,
    },
    /// The file was loaded but its content is wrong.
    #[error("config.json has problems: {0}")]
    Invalid(ConfigErrors),
}

/// The URL of `config.json` next to the app.
fn config_url(page: &PageLocation) -> String {
    format!("{}{}config.json", page.origin, page.base_path)
}

/// Fetches and validates `config.json` from the app's base URL. `boot.js`
/// starts that request before the WebAssembly is even downloaded (so the two
/// load in parallel), reads it to the end and leaves the answer (`{status,
/// text}`) in `window.cognitoLoginConfig`; it is used once, here.
pub async fn load() -> Result<Config, ConfigLoadError> {
    let page = page_location();
    let url = config_url(&page);
    let Some(early) = take_early_fetch() else {
        return load_from(&url, &page).await;
    };
    let answer = wasm_bindgen_futures::JsFuture::from(early).await.map_err(|e| ConfigLoadError::Network {
        url: url.clone(),
        message: crate::browser::http::describe_js(&e, DEFAULT_NETWORK_TIMEOUT_SECS).to_string(),
    })?;
    let field = |name: &str| js_sys::Reflect::get(&answer, &wasm_bindgen::JsValue::from_str(name)).ok();
    let (Some(status), Some(text)) =
        (field("status").and_then(|s| s.as_f64()), field("text").and_then(|t| t.as_string()))
    else {
        return Err(ConfigLoadError::Network {
            url: url.clone(),
            message: "the early request for config.json gave no answer".into(),
        });
    };
    judge(&url, status as u16, Ok(text), &page)
}

fn take_early_fetch() -> Option<js_sys::Promise> {
    crate::browser::take_global(cognito_login_core::session::landing::CONFIG_GLOBAL)?.dyn_into::<js_sys::Promise>().ok()
}

/// Fetches and validates a configuration from `url`.
pub async fn load_from(url: &str, page: &PageLocation) -> Result<Config, ConfigLoadError> {
    let signal = crate::browser::http::timeout(DEFAULT_NETWORK_TIMEOUT_SECS);
    let response = Request::get(url)
        // A deploy changes config.json in place: never use a stale copy.
        .cache(RequestCache::NoStore)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|e| ConfigLoadError::Network {
            url: url.to_string(),
            message: crate::browser::http::describe(e, DEFAULT_NETWORK_TIMEOUT_SECS).to_string(),
        })?;
    finish(url, response, page).await
}

async fn finish(url: &str, response: gloo_net::http::Response, page: &PageLocation) -> Result<Config, ConfigLoadError> {
    let status = response.status();
    let text = if status == 200 { response.text().await.map_err(|e| e.to_string()) } else { Ok(String::new()) };
    judge(url, status, text, page)
}

/// What an answer for `config.json` means: the configuration, or why not.
fn judge(url: &str, status: u16, text: Result<String, String>, page: &PageLocation) -> Result<Config, ConfigLoadError> {
    match status {
        200 => {}
        404 => return Err(ConfigLoadError::NotFound { url: url.to_string() }),
        status => return Err(ConfigLoadError::Http { url: url.to_string(), status }),
    }
    let text = text.map_err(|message| ConfigLoadError::Network { url: url.to_string(), message })?;
    Config::from_json(&text, page).map_err(ConfigLoadError::Invalid)
}
