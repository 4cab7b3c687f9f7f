//! The session: every decision that signs a user in, keeps them in or signs
//! them out, written once and tested natively.
//!
//! - [`machine`]: the session of one tab as a sans-IO state machine (events
//!   in, effects out): the page's start, sign-in and the callback, the
//!   validation of every token set, refresh, the tab protocol, API calls,
//!   sign-out. The browser shell (`src/session/driver.rs`) only carries its
//!   effects out;
//! - [`accept`]: every check of a token set after its signatures;
//! - [`refresh`]: what each refresh answer means, backoff, renewal notices;
//! - [`restore`]: reload restore and its loop guard;
//! - [`tabs`]: the tab messages;
//! - [`api`]: API URLs and the token calls carry;
//! - [`landing`]: the names both shells share and the landing module's
//!   decisions (it starts a sign-in with
//!   [`sign_in_request`](crate::auth::login::sign_in_request), as the
//!   machine does).

pub mod accept;
pub mod api;
pub mod landing;
pub mod machine;
pub mod refresh;
pub mod restore;
pub mod tabs;

pub use accept::{Candidate, MAX_LIFETIME_SECS};
