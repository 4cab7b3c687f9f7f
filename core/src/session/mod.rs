//! The session engine: every decision that signs a user in, keeps them in or
//! signs them out, written once and tested natively.
//!
//! The engine performs no I/O of its own. Its async functions are generic
//! over small platform traits ([`Http`], [`Verifier`], [`Clock`],
//! [`Random`]); the browser shell implements them with `fetch`, WebCrypto,
//! `performance.now()` and `crypto.getRandomValues`, and native tests with a
//! scripted fake provider. What the shell still owns is mechanism only:
//! timers, the single-flight future, the Web Lock, the tab channel, storage
//! of the pending login and markers, and rendering the state.
//!
//! - [`Engine`]: endpoints and keys (one refetch on an unknown `kid`), the
//!   callback → session pipeline, refresh, sign-out;
//! - [`refresh`]: when to refresh and what each refresh answer means;
//! - [`restore`]: reload restore and its loop guard;
//! - [`tabs`]: the tab messages and which of them to accept;
//! - [`api`]: API URLs and the 401 → one refresh → one retry rule.

pub mod accept;
pub mod api;
mod engine;
pub mod landing;
pub mod machine;
mod platform;
pub mod refresh;
pub mod restore;
pub mod tabs;

pub use accept::MAX_LIFETIME_SECS;
pub use engine::{Candidate, Engine, SignOutPlan, SignedIn};
pub use platform::{Clock, Http, Platform, Random, Verifier};
