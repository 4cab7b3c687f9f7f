//! HTTP over `fetch`, from the shared browser crate
//! (`cognito_login_platform::http`): no credentials, no custom headers to the
//! provider (a CORS "simple" request, docs/COGNITO.md "Token endpoint from a
//! browser"), a timeout on every request, failures as the core's `NetError`.

pub use cognito_login_platform::http::{api, get, post_form};
