//! Placeholder while the catalogue is translated: answers in English.

pub(in crate::words) use super::en::START;
pub(super) use super::en::{finding, say};
