//! The Content Security Policy a page is served with (the production policy
//! for the config being served, from `cognito_login_core::csp`, reporting to
//! this server), the other production headers, and the reports received.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use super::Site;

/// Where CSP violation reports go (relative: the app's own server).
pub(super) const CSP_REPORT_PATH: &str = "/csp-report";

pub(super) async fn receive_csp_report(State(site): State<Site>, body: String) -> StatusCode {
    site.csp_reports.lock().unwrap().push(body);
    StatusCode::NO_CONTENT
}

/// The production policy for the config being served (a minimal one when
/// the test serves none or a broken one), reporting to this server.
pub(super) fn content_security_policy(site: &Site, index_html: &str) -> String {
    let served = site.config.lock().unwrap().clone();
    if served.is_none() {
        if let Some(outputs) = site.amplify_outputs.lock().unwrap().clone() {
            use cognito_login_core::config::{Config, PageLocation};
            let page = PageLocation { origin: site.origin.clone(), base_path: "/".into() };
            if let Ok(config) = Config::from_amplify_outputs(&outputs, &page) {
                let hashes = cognito_login_core::csp::inline_script_hashes(index_html);
                let extra = site.csp_extra.lock().unwrap().clone();
                return cognito_login_core::csp::policy(&config, &extra, &hashes, Some(CSP_REPORT_PATH));
            }
        }
    }
    policy_for(site, "/", served, index_html)
}

/// The policy for the deployment at `base_path` serving `served` as its
/// `config.json`.
pub(super) fn policy_for(site: &Site, base_path: &str, served: Option<String>, index_html: &str) -> String {
    use cognito_login_core::config::{Config, PageLocation};
    let page = PageLocation { origin: site.origin.clone(), base_path: base_path.into() };
    let config = served
        .and_then(|c| Config::from_json(&c, &page).ok())
        .or_else(|| Config::from_json(r#"{"userPoolId":"us-east-1_Example","clientId":"x"}"#, &page).ok())
        .expect("the fallback config is valid");
    let hashes = cognito_login_core::csp::inline_script_hashes(index_html);
    let extra = site.csp_extra.lock().unwrap().clone();
    cognito_login_core::csp::policy(&config, &extra, &hashes, Some(CSP_REPORT_PATH))
}

/// Adds `policy` and the other production headers (from the same source as
/// the hosting template's) to a page.
pub(super) fn with_page_headers(mut r: Response, policy: &str) -> Response {
    r.headers_mut().insert("content-security-policy", HeaderValue::from_str(policy).unwrap());
    for (name, value) in cognito_login_core::csp::OTHER_HEADERS {
        r.headers_mut().insert(name, HeaderValue::from_static(value));
    }
    r
}
