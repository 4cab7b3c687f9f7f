//! The page's address: where the app is served from, the path and query
//! the routes see, and leaving for another site.

use cognito_login_core::config::PageLocation;
use cognito_login_core::io::BrowserError;

fn location() -> web_sys::Location {
    crate::window().location()
}

/// Where the page runs: origin and base path. The base path is the folder
/// the page's preloaded WebAssembly is served from (the build writes it, with
/// its `public_url`, into the `<link rel="preload">`; for the login page that
/// is the landing module's, in the same folder as the full app's), so
/// sub-path hosting works without a `<base href>`, which the strict CSP's
/// `base-uri 'none'` refuses.
pub fn page_location() -> PageLocation {
    let window = crate::window();
    let origin = window.location().origin().unwrap_or_default();
    let module = window
        .document()
        .and_then(|d| d.query_selector(r#"link[rel="preload"][href$=".wasm"]"#).ok().flatten())
        .and_then(|link| link.get_attribute("href"))
        .and_then(|href| web_sys::Url::new_with_base(&href, &origin).ok())
        .map(|u| u.pathname());
    PageLocation::served_from(origin, module.as_deref())
}

/// The URL's path and query (with its `?`), as they are.
pub fn pathname_and_query() -> (String, String) {
    let l = location();
    (l.pathname().unwrap_or_default(), l.search().unwrap_or_default())
}

/// The current path and query relative to `base_path`, e.g.
/// `/reports/q?x=1` for `/login/reports/q?x=1` under `/login/`: what
/// routes and return paths use (`core::session::landing::app_path`).
pub fn app_path_here(base_path: &str) -> String {
    let (pathname, search) = pathname_and_query();
    cognito_login_core::session::landing::app_path(base_path, &pathname, &search)
}

/// A query parameter of the current URL.
pub fn query_param(name: &str) -> Option<String> {
    let (_, search) = pathname_and_query();
    cognito_login_core::form::decode_pairs(&search).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// A top-level navigation to another site (Cognito's hosted UI).
pub fn navigate_to(url: &str) -> Result<(), BrowserError> {
    location().assign(url).map_err(|_| BrowserError::NavigationRefused { url: url.to_string() })
}

/// False when the browser knows it has no network (`navigator.onLine`).
pub fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}
