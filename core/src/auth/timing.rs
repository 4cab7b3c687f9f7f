//! Session timing: when to refresh, and how far the local clock is from the
//! provider's. Pure maths over numbers the browser shell measures: expiry is
//! scheduled on a monotonic clock (`performance.now()`, milliseconds), never
//! the wall clock, because wall clocks jump and laptops sleep.

/// Refresh this many seconds before expiry at most.
pub const MAX_REFRESH_MARGIN_SECS: i64 = 60;

/// Above this offset between the local clock and the provider's, the page
/// shows a notice (sign-in still works).
pub const CLOCK_NOTICE_SECS: i64 = 5 * 60;

/// Above this offset the local clock is considered wrong: sign-in stops with
/// a clear message instead of accepting or looping.
pub const MAX_CLOCK_OFFSET_SECS: i64 = 15 * 60;

/// How long before expiry to refresh: the smaller of 60 s and a quarter of
/// the token's lifetime, so short-lived tokens do not refresh constantly.
/// `configured` overrides it (capped at half the lifetime, so a fresh token
/// is never due at once).
pub fn refresh_margin_secs(lifetime_secs: i64, configured: Option<i64>) -> i64 {
    let margin = configured.unwrap_or_else(|| MAX_REFRESH_MARGIN_SECS.min(lifetime_secs / 4));
    // At most half the lifetime: a margin as long as the token would make
    // every fresh token due at once, a refresh loop.
    margin.clamp(0, (lifetime_secs / 2).max(0))
}

/// When a token arrived and how long it lives, on the monotonic clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lifetime {
    /// When the token expires, monotonic milliseconds.
    pub expires_at_ms: f64,
    /// Its whole lifetime (`expires_in`), seconds.
    pub lifetime_secs: i64,
    /// The refresh margin to apply, seconds.
    pub margin_secs: i64,
}

impl Lifetime {
    /// A token that arrived at `now_ms` with `expires_in` seconds.
    pub fn new(now_ms: f64, expires_in: i64, configured_margin: Option<i64>) -> Lifetime {
        Lifetime::remaining(now_ms, expires_in as f64, expires_in, configured_margin)
    }

    /// A token with `remaining_secs` left of a `lifetime_secs` lifetime (as
    /// a sibling tab reports it).
    pub fn remaining(now_ms: f64, remaining_secs: f64, lifetime_secs: i64, configured_margin: Option<i64>) -> Lifetime {
        Lifetime {
            expires_at_ms: now_ms + remaining_secs * 1000.0,
            lifetime_secs,
            margin_secs: refresh_margin_secs(lifetime_secs, configured_margin),
        }
    }

    /// This lifetime, ending no later than `left_secs` after `now_ms` (what
    /// the token's own `exp` leaves) and at most a day from now, with a whole
    /// lifetime of at most `whole_secs` (and of 1 s to a day): what a token
    /// set is scheduled with, whatever its sender claimed.
    pub fn bounded(self, now_ms: f64, left_secs: i64, whole_secs: i64, configured_margin: Option<i64>) -> Lifetime {
        let day = crate::session::MAX_LIFETIME_SECS;
        let lifetime_secs = self.lifetime_secs.min(whole_secs).clamp(1, day);
        let cap_ms = now_ms + left_secs.min(day) as f64 * 1000.0;
        // `f64::min` takes the number when the other side is NaN.
        let expires_at_ms = cap_ms.min(self.expires_at_ms);
        Lifetime { expires_at_ms, lifetime_secs, margin_secs: refresh_margin_secs(lifetime_secs, configured_margin) }
    }

    /// When to refresh, monotonic milliseconds.
    pub fn refresh_at_ms(&self) -> f64 {
        self.expires_at_ms - self.margin_secs as f64 * 1000.0
    }

    /// True once the token is inside its refresh margin.
    pub fn needs_refresh(&self, now_ms: f64) -> bool {
        now_ms >= self.refresh_at_ms()
    }

    /// True once the token has expired.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        now_ms >= self.expires_at_ms
    }

    /// Seconds left, never negative.
    pub fn remaining_secs(&self, now_ms: f64) -> f64 {
        ((self.expires_at_ms - now_ms) / 1000.0).max(0.0)
    }
}

/// The local clock is too far from the provider's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("clock off by {offset_secs} s (at most {MAX_CLOCK_OFFSET_SECS} s allowed)")]
pub struct ClockError {
    /// Provider time minus local time, seconds.
    pub offset_secs: i64,
}

/// The offset between the provider's clock and ours, estimated from a fresh
/// token's `iat` at the moment it arrived (the `Date` header is not readable
/// cross-origin). Up to [`MAX_CLOCK_OFFSET_SECS`] is tolerated.
pub fn clock_offset(iat: i64, local_now: i64) -> Result<i64, ClockError> {
    bounded_offset(iat - local_now)
}

/// An offset within [`MAX_CLOCK_OFFSET_SECS`], whoever estimated it: a
/// sibling tab's estimate gets the same bound as our own, so no offset can
/// make an old token look current.
pub fn bounded_offset(offset_secs: i64) -> Result<i64, ClockError> {
    if offset_secs.abs() > MAX_CLOCK_OFFSET_SECS {
        Err(ClockError { offset_secs })
    } else {
        Ok(offset_secs)
    }
}

/// True when the offset deserves a notice on the page.
pub fn clock_notice(offset_secs: i64) -> bool {
    offset_secs.abs() > CLOCK_NOTICE_SECS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margin_is_the_smaller_of_a_minute_and_a_quarter() {
        assert_eq!(refresh_margin_secs(3600, None), 60);
        assert_eq!(refresh_margin_secs(240, None), 60);
        assert_eq!(refresh_margin_secs(120, None), 30);
        assert_eq!(refresh_margin_secs(10, None), 2);
        assert_eq!(refresh_margin_secs(3600, Some(300)), 300);
        assert_eq!(refresh_margin_secs(10, Some(300)), 5, "at most half the lifetime");
        assert_eq!(refresh_margin_secs(300, Some(300)), 150);
    }

    #[test]
    fn schedule_on_a_fake_monotonic_clock() {
        // A 10 s token arriving at t = 1000 ms refreshes at 8.5 s (margin 2 s).
        let l = Lifetime::new(1000.0, 10, None);
        assert_eq!(l.refresh_at_ms(), 9000.0);
        assert!(!l.needs_refresh(8999.0));
        assert!(l.needs_refresh(9000.0));
        assert!(!l.is_expired(10_999.0));
        assert!(l.is_expired(11_000.0));
        assert_eq!(l.remaining_secs(6000.0), 5.0);
        assert_eq!(l.remaining_secs(20_000.0), 0.0);
        // Handed over by a sibling with 4 s left of a 10 s lifetime.
        let h = Lifetime::remaining(500.0, 4.0, 10, None);
        assert_eq!(h.expires_at_ms, 4500.0);
        assert_eq!(h.refresh_at_ms(), 2500.0);
    }

    #[test]
    fn a_lifetime_is_bounded_by_what_the_token_leaves() {
        // A 60 s access token arriving at t = 1 s with a 20 s ID token.
        let l = Lifetime::new(1000.0, 60, None).bounded(1000.0, 20, 20, None);
        assert_eq!(l, Lifetime::new(1000.0, 20, None));
        assert_eq!(l.refresh_at_ms(), 16_000.0);
        // A longer bound changes nothing.
        assert_eq!(Lifetime::new(1000.0, 60, None).bounded(1000.0, 90, 90, None), Lifetime::new(1000.0, 60, None));
        // A sibling claiming 10^9 s left of a token whose exp leaves 100 s.
        let forged = Lifetime::remaining(0.0, 1e9, 1_000_000_000, None).bounded(0.0, 100, 86_400, None);
        assert_eq!(forged.expires_at_ms, 100_000.0);
        assert_eq!(forged.lifetime_secs, 86_400);
        // Ten days claimed, and an exp ten days away: one day at most.
        let long = Lifetime::new(0.0, 864_000, None).bounded(0.0, 864_000, 864_000, None);
        assert_eq!((long.expires_at_ms, long.lifetime_secs), (86_400_000.0, 86_400));
        // An expired exp: expired at once, whatever was claimed.
        assert!(Lifetime::remaining(0.0, 3600.0, 3600, None).bounded(0.0, -200, 3600, None).is_expired(0.0));
        // NaN and nonsense lifetimes.
        let nan = Lifetime::remaining(0.0, f64::NAN, -5, None).bounded(0.0, 50, 3600, None);
        assert_eq!((nan.expires_at_ms, nan.lifetime_secs), (50_000.0, 1));
    }

    #[test]
    fn one_hour_token_refreshes_a_minute_early() {
        let l = Lifetime::new(0.0, 3600, None);
        assert_eq!(l.refresh_at_ms(), 3_540_000.0);
    }

    #[test]
    fn clock_offsets() {
        assert_eq!(clock_offset(1000, 1000), Ok(0));
        assert_eq!(clock_offset(1600, 1000), Ok(600));
        assert!(clock_notice(600));
        assert!(!clock_notice(300));
        assert_eq!(clock_offset(1000 + 900, 1000), Ok(900));
        let e = clock_offset(1000 + 1800, 1000).unwrap_err();
        assert_eq!(e.offset_secs, 1800);
        assert_eq!(e.to_string(), "clock off by 1800 s (at most 900 s allowed)");
        assert_eq!(clock_offset(1000 - 1800, 1000).unwrap_err().offset_secs, -1800);
    }
}
