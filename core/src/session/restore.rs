//! After a reload: tokens lived in memory only, so a tab that was signed in
//! gets its session back from a sibling tab, or else by a top-level
//! re-authentication, silent while Cognito's session cookie is valid
//! (docs/COGNITO.md "Session cookie"). A marker of the last automatic attempt
//! keeps a failing re-authentication from looping.

/// How long a reloaded tab waits for a sibling to hand the session over
/// before re-authenticating, milliseconds.
pub const SIBLING_WAIT_MS: i32 = 400;

/// At most one automatic re-authentication in this many seconds.
pub const MIN_SECS_BETWEEN_ATTEMPTS: i64 = 60;

/// True when a freshly loaded page should try to restore a session: the
/// tab was signed in before the reload, restoring is on, and this is not
/// the callback (which completes a sign-in of its own).
pub fn should_restore(restore_on_reload: bool, was_signed_in: bool, on_callback: bool) -> bool {
    restore_on_reload && was_signed_in && !on_callback
}

/// What to do once no sibling has answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreStep {
    /// Re-authenticate with a top-level redirect; remember `now` as the
    /// attempt.
    Reauthenticate,
    /// An automatic attempt was made less than a minute ago (it came back
    /// here, so it did not work): stop, forget the marker, show "Sign in".
    GiveUp,
}

/// Decides [`RestoreStep`] from the stored marker of the last attempt
/// (seconds since the epoch, as text) and the clock.
pub fn after_sibling_wait(last_attempt: Option<&str>, now_secs: i64) -> RestoreStep {
    let recent = last_attempt
        .and_then(|t| t.parse::<i64>().ok())
        .is_some_and(|t| (now_secs - t).abs() < MIN_SECS_BETWEEN_ATTEMPTS);
    if recent {
        RestoreStep::GiveUp
    } else {
        RestoreStep::Reauthenticate
    }
}
