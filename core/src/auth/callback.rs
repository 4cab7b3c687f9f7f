//! The redirect back from Cognito to `/callback` (RFC 6749 §4.1.2,
//! docs/COGNITO.md "Error codes").

use super::login::PendingLogin;
use super::oauth_error::OAuthErrorCode;
use crate::form;

/// A successful authorization response. Its `Debug` prints neither the code
/// nor the state.
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackParams {
    /// The authorization code (single use, 5 minutes).
    pub code: String,
    /// The `state` echoed back.
    pub state: String,
}

impl std::fmt::Debug for CallbackParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackParams").field("code", &"[redacted]").field("state", &"[redacted]").finish()
    }
}

/// Why the callback cannot complete a sign-in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// Cognito redirected back with `error=` (RFC 6749 §4.1.2.1).
    #[error("provider answered error={error}")]
    Provider {
        /// The `error` code.
        error: OAuthErrorCode,
        /// `error_description`, if any (shown as text, never as HTML).
        description: Option<String>,
    },
    /// `code` or `state` is missing.
    #[error("no `{0}` parameter")]
    Missing(&'static str),
    /// No sign-in was started in this tab (or this response was already
    /// used).
    #[error("no pending login in this tab")]
    NoPendingLogin,
    /// An `error=` redirect that does not answer the sign-in started in this
    /// tab (no pending login, or another `state`): anyone can link to the
    /// callback with any text, so none of it is shown.
    #[error("error answer without this tab's state, ignored")]
    Unsolicited,
    /// The sign-in took longer than allowed, or its pending login is dated
    /// in the future (this device's clock was set back during it).
    #[error("pending login expired (or dated in the future)")]
    Expired,
    /// The `state` does not belong to the sign-in started in this tab
    /// (possible cross-site request forgery).
    #[error("state mismatch")]
    StateMismatch,
}

/// Reads the callback query (`?code=…&state=…` or `?error=…`).
pub fn parse_callback(query: &str) -> Result<CallbackParams, CallbackError> {
    let pairs = form::decode_pairs(query);
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if let Some(error) = get("error") {
        let description = get("error_description").filter(|d| !d.is_empty());
        return Err(CallbackError::Provider {
            error: OAuthErrorCode::from_answer(&error, description.as_deref()),
            description,
        });
    }
    let code = get("code").filter(|c| !c.is_empty()).ok_or(CallbackError::Missing("code"))?;
    let state = get("state").filter(|s| !s.is_empty()).ok_or(CallbackError::Missing("state"))?;
    Ok(CallbackParams { code, state })
}

/// Reads the callback query and checks it against the pending login taken
/// from storage (read once): the code and the pending login to redeem it
/// with, or why not. An `error=` is reported as the provider's only when its
/// `state` is this tab's; otherwise it is [`CallbackError::Unsolicited`].
pub fn check_callback(
    query: &str,
    pending: Option<PendingLogin>,
    now: i64,
) -> Result<(CallbackParams, PendingLogin), CallbackError> {
    match parse_callback(query) {
        Ok(params) => {
            let pending = check_pending(pending, &params, now)?;
            Ok((params, pending))
        }
        Err(provider @ CallbackError::Provider { .. }) => {
            let state = form::decode_pairs(query).into_iter().find(|(k, _)| k == "state").map(|(_, v)| v);
            let answered = CallbackParams { code: String::new(), state: state.unwrap_or_default() };
            match check_pending(pending, &answered, now) {
                Ok(_) => Err(provider),
                Err(_) => Err(CallbackError::Unsolicited),
            }
        }
        Err(other) => Err(other),
    }
}

/// Checks the callback against the pending login taken from storage
/// (RFC 9700 §4.7: `state` bound to this tab, single use, short-lived).
pub fn check_pending(
    pending: Option<PendingLogin>,
    params: &CallbackParams,
    now: i64,
) -> Result<PendingLogin, CallbackError> {
    let pending = pending.ok_or(CallbackError::NoPendingLogin)?;
    if pending.is_expired(now) {
        return Err(CallbackError::Expired);
    }
    if !constant_time_eq(pending.state.as_bytes(), params.state.as_bytes()) {
        return Err(CallbackError::StateMismatch);
    }
    Ok(pending)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::login::PENDING_LOGIN_RANDOM_BYTES;

    fn pending(now: i64) -> PendingLogin {
        PendingLogin::new(&[7u8; PENDING_LOGIN_RANDOM_BYTES], "/", now)
    }

    #[test]
    fn success() {
        assert_eq!(
            parse_callback("?code=a1b2&state=xyz"),
            Ok(CallbackParams { code: "a1b2".into(), state: "xyz".into() })
        );
    }

    #[test]
    fn provider_errors_keep_the_code_and_the_description_as_text() {
        let e = parse_callback("error=something_new&state=s").unwrap_err();
        assert_eq!(e.to_string(), "provider answered error=something_new");
        let e =
            parse_callback("error=access_denied&error_description=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E").unwrap_err();
        assert_eq!(
            e,
            CallbackError::Provider {
                error: OAuthErrorCode::AccessDenied,
                description: Some("<img src=x onerror=alert(1)>".into())
            }
        );
    }

    #[test]
    fn missing_parameters() {
        assert_eq!(parse_callback("state=s"), Err(CallbackError::Missing("code")));
        assert_eq!(parse_callback("code=c"), Err(CallbackError::Missing("state")));
        assert_eq!(parse_callback(""), Err(CallbackError::Missing("code")));
        assert_eq!(parse_callback("code=&state=s"), Err(CallbackError::Missing("code")));
    }

    #[test]
    fn debug_prints_neither_code_nor_state() {
        let p = CallbackParams { code: "the-secret-code".into(), state: "the-secret-state".into() };
        let text = format!("{p:?}");
        assert!(!text.contains("the-secret") && text.contains("[redacted]"), "{text}");
    }

    #[test]
    fn a_state_that_is_only_a_prefix_is_refused() {
        // Without the length check the constant-time compare would accept a
        // prefix (zip stops at the shorter input).
        let now = 1_700_000_000;
        let p = pending(now);
        for forged in [&p.state[..10], "", &format!("{}x", p.state)] {
            let params = CallbackParams { code: "c".into(), state: forged.to_string() };
            assert_eq!(check_pending(Some(pending(now)), &params, now).unwrap_err(), CallbackError::StateMismatch);
        }
        assert!(!constant_time_eq(b"abc", b"ab") && !constant_time_eq(b"", b"a") && constant_time_eq(b"ab", b"ab"));
    }

    #[test]
    fn provider_errors_count_only_with_this_tabs_state() {
        let now = 1_700_000_000;
        let p = pending(now);
        let text = "error=access_denied&error_description=Call+us";
        let answered = check_callback(&format!("{text}&state={}", p.state), Some(pending(now)), now).unwrap_err();
        assert!(matches!(answered, CallbackError::Provider { error: OAuthErrorCode::AccessDenied, .. }));
        for (query, stored) in [
            (text.to_string(), Some(pending(now))),
            (format!("{text}&state=forged"), Some(pending(now))),
            (format!("{text}&state={}", p.state), None),
            (format!("{text}&state={}", &p.state[..5]), Some(pending(now))),
        ] {
            let e = check_callback(&query, stored, now).unwrap_err();
            assert_eq!(e, CallbackError::Unsolicited, "{query}");
        }
        // A code answer goes through the same state check.
        let ok = check_callback(&format!("code=c&state={}", p.state), Some(pending(now)), now).unwrap();
        assert_eq!(ok.0.code, "c");
        assert_eq!(
            check_callback("code=c&state=x", Some(pending(now)), now).unwrap_err(),
            CallbackError::StateMismatch
        );
    }

    #[test]
    fn state_checks() {
        let now = 1_700_000_000;
        let p = pending(now);
        let good = CallbackParams { code: "c".into(), state: p.state.clone() };
        assert!(check_pending(Some(pending(now)), &good, now + 5).is_ok());
        // An hour: long enough for a sign-up confirmed by email, MFA set-up
        // or a password reset on the hosted pages.
        assert!(check_pending(Some(pending(now)), &good, now + 3600).is_ok());
        assert_eq!(check_pending(Some(pending(now)), &good, now + 3601).unwrap_err(), CallbackError::Expired);
        assert_eq!(check_pending(None, &good, now).unwrap_err(), CallbackError::NoPendingLogin);
        // Dated in the future: this device's clock was set back since.
        assert!(check_pending(Some(pending(now)), &good, now - 5).is_ok());
        assert_eq!(check_pending(Some(pending(now)), &good, now - 6).unwrap_err(), CallbackError::Expired);
        assert_eq!(check_pending(Some(pending(now)), &good, now - 601).unwrap_err(), CallbackError::Expired);
        let forged = CallbackParams { code: "c".into(), state: "forged".into() };
        assert_eq!(check_pending(Some(pending(now)), &forged, now).unwrap_err(), CallbackError::StateMismatch);
    }
}
