//! Bad input at every entry point of the pure core: huge, truncated,
//! malformed or hostile. Nothing may panic, everything is refused with a
//! reason, and hostile text is kept as plain data (the UI renders it as
//! text).

use cognito_login_core::auth::callback::{parse_callback, CallbackError};
use cognito_login_core::auth::jwt::decode;
use cognito_login_core::auth::jwt::JwtError;
use cognito_login_core::auth::login::sanitize_return_path;
use cognito_login_core::auth::token::{parse_token_response, TokenError};
use cognito_login_core::auth::OAuthErrorCode;
use cognito_login_core::config::{Config, ConfigProblem, PageLocation};

fn page() -> PageLocation {
    PageLocation { origin: "https://app.example.com".into(), base_path: "/".into() }
}

#[test]
fn config_malformed_huge_and_wrong_types() {
    for text in ["", "{", "null", "[]", "\"x\"", "{\"userPoolId\":", "\u{feff}{}"] {
        assert!(Config::from_json(text, &page()).is_err(), "{text:?}");
    }
    // 1 MB of padding in an unknown key: refused, naming the key.
    let huge = format!(r#"{{"userPoolId":"us-east-1_A","clientId":"a","padding":"{}"}}"#, "x".repeat(1 << 20));
    let errors = Config::from_json(&huge, &page()).unwrap_err();
    assert_eq!(errors.0, vec![ConfigProblem::Unknown { key: "padding".into(), suggestion: None }]);
    // A 1 MB value in a known key.
    let long_id = format!(r#"{{"userPoolId":"us-east-1_A","clientId":"{}"}}"#, "a".repeat(1 << 20));
    assert!(Config::from_json(&long_id, &page()).is_err());
    // Wrong types everywhere.
    let wrong =
        r#"{"userPoolId":[],"clientId":{},"domain":1,"scopes":{"a":1},"restoreOnReload":"no","apiToken":false}"#;
    assert_eq!(Config::from_json(wrong, &page()).unwrap_err().0.len(), 6);
}

#[test]
fn token_responses_not_json_truncated_or_huge() {
    assert!(matches!(parse_token_response(200, "<html>oops</html>"), Err(TokenError::InvalidResponse { .. })));
    assert!(matches!(
        parse_token_response(200, r#"{"access_token":"a","id_token":"i","token_ty"#),
        Err(TokenError::InvalidResponse { .. })
    ));
    assert!(matches!(parse_token_response(200, ""), Err(TokenError::InvalidResponse { .. })));
    assert!(matches!(parse_token_response(200, r#"{"expires_in":"3600"}"#), Err(TokenError::InvalidResponse { .. })));
    // 100 KB tokens parse (and are then validated like any other).
    let big = "a".repeat(100 * 1024);
    let body = format!(r#"{{"access_token":"{big}","id_token":"{big}","token_type":"Bearer","expires_in":60}}"#);
    assert_eq!(parse_token_response(200, &body).unwrap().access_token.secret().len(), 100 * 1024);
}

#[test]
fn jwts_with_bad_segments() {
    for token in [
        "a.b.c",
        "!!!.???.###",
        "eyJhbGciOiJSUzI1NiJ9..",
        "eyJhbGciOiJSUzI1NiJ9.e30",
        "eyJhbGciOiJSUzI1NiJ9.e30.c2ln.extra",
        "eyJhbGciOiJSUzI1NiJ9=.e30=.c2ln=",
    ] {
        assert_eq!(decode(token).unwrap_err(), JwtError::Malformed, "{token}");
    }
    let huge = format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", "A".repeat(100 * 1024));
    assert_eq!(decode(&huge).unwrap_err(), JwtError::Malformed);
}

#[test]
fn callbacks_with_duplicated_or_oversized_parameters() {
    // The first of duplicated parameters wins, consistently.
    assert_eq!(parse_callback("code=first&state=s&code=second").unwrap().code, "first");
    let big = "x".repeat(1 << 20);
    let params = parse_callback(&format!("code={big}&state={big}")).unwrap();
    assert_eq!(params.code.len(), 1 << 20);
    // Hostile error descriptions stay data.
    let e = parse_callback("error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E").unwrap_err();
    assert_eq!(
        e,
        CallbackError::Provider {
            error: OAuthErrorCode::AccessDenied,
            description: Some("<script>alert(1)</script>".into())
        }
    );
    assert!(parse_callback("%ZZ=%ZZ&&&=&code").is_err());
}

#[test]
fn return_paths_that_leave_the_origin_are_refused() {
    for bad in ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "\\\\evil"] {
        assert_eq!(sanitize_return_path(bad), "/", "{bad}");
    }
}
