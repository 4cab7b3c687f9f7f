//! An error and its causes on one line, for logs and for the technical
//! detail an operator or developer reads. Each error's `Display` says only
//! its own part; the causes are its `source()` chain.

use std::error::Error;

/// `error`, then each cause in turn, joined by `": "` ("ID token rejected:
/// signing keys unavailable: JWKS request failed: no answer within 5 s").
pub fn chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        text.push_str(": ");
        text.push_str(&e.to_string());
        cause = e.source();
    }
    text
}

/// The causes of `error`, outermost first (itself not included).
pub fn causes<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(error.source(), |e| (*e).source())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::jwt::{JwtError, KeysError};
    use crate::auth::AuthError;
    use crate::io::NetError;

    #[test]
    fn a_nested_error_keeps_each_cause_typed() {
        let timeout = NetError::Timeout { secs: 5 };
        let e = AuthError::IdToken(JwtError::KeysUnavailable(KeysError::Network(timeout.clone())));
        let causes: Vec<&(dyn Error + 'static)> = causes(&e).collect();
        assert_eq!(chain(&e), "ID token rejected: signing keys unavailable: JWKS request failed: no answer within 5 s");
        assert_eq!(causes.len(), 3);
        assert!(matches!(causes[0].downcast_ref::<JwtError>(), Some(JwtError::KeysUnavailable(_))));
        assert!(matches!(causes[1].downcast_ref::<KeysError>(), Some(KeysError::Network(_))));
        assert_eq!(causes[2].downcast_ref::<NetError>(), Some(&timeout));
        assert!(causes[2].source().is_none());
    }

    #[test]
    fn a_parse_failure_is_the_parsers_own_error() {
        let e = crate::auth::jwt::Jwks::parse("[]").unwrap_err();
        let json = causes(&e).last().expect("a cause");
        assert!(json.to_string().contains("expected"), "{}", chain(&e));
    }
}
