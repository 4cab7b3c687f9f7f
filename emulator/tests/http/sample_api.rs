//! The sample API the emulator serves beside Cognito: bearer tokens, `/ping`,
//! CORS.

use crate::support::*;

#[tokio::test]
async fn sample_api_verifies_bearer_tokens() {
    let emu = start().await;
    let t = tokens(&emu).await;
    let r = api_me(&emu, t["access_token"].as_str(), APP).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(r.headers()), Some(APP));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["email"], USER);
    assert_eq!(body["username"], USER);
    assert_eq!(body["token_use"], "access");
    assert_eq!(body["scope"], "openid email profile");
    let body: Value = api_me(&emu, t["id_token"].as_str(), APP).await.json().await.unwrap();
    assert_eq!(body["token_use"], "id");

    let r = api_me(&emu, None, APP).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(r.headers()), Some(APP));
    assert!(r.headers()[WWW_AUTHENTICATE].to_str().unwrap().starts_with("Bearer error=\"invalid_token\""));
    // A tampered token.
    let tampered = format!("{}x", t["access_token"].as_str().unwrap());
    assert_eq!(api_me(&emu, Some(&tampered), APP).await.status(), StatusCode::UNAUTHORIZED);
    // Another origin gets no CORS grant.
    let r = api_me(&emu, t["access_token"].as_str(), "http://evil.example").await;
    assert_eq!(acao(r.headers()), None);
    // Expired.
    emu.pool().set_clock_skew(3601);
    assert_eq!(api_me(&emu, t["access_token"].as_str(), APP).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn ping_answers_anyone_allowed_by_cors() {
    let emu = start().await;
    let r = http().get(format!("{}/ping", emu.origins().api)).header("Origin", APP).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(r.headers()), Some(APP));
    assert_eq!(r.text().await.unwrap(), r#"{"ok":true}"#);
    let other = http().get(format!("{}/ping", emu.origins().api)).header("Origin", "http://evil.example").send();
    assert_eq!(acao(other.await.unwrap().headers()), None);
}
