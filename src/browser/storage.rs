//! `sessionStorage`: the pending login (it must survive the redirect to
//! Cognito) and non-secret markers, as the shared browser crate keeps them
//! (`cognito-login-platform`, the landing module's too). Tokens are never
//! written to any storage.

pub use cognito_login_platform::storage::{marker, save, set_marker};
