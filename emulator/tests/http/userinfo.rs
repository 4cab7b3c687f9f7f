//! `/oauth2/userinfo`: what it returns, and what it refuses.

use crate::support::*;

#[tokio::test]
async fn userinfo_returns_string_verified_flags_and_refuses_bad_tokens() {
    let emu = start().await;
    let t = tokens(&emu).await;
    let access = t["access_token"].as_str().unwrap();
    let r = userinfo(&emu, Some(access)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(r.headers()), Some(APP));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["email_verified"], "true");
    assert_eq!(body["username"], USER);
    assert_eq!(body["sub"], emu.pool().user_sub(USER).unwrap());

    let r = userinfo(&emu, None).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(acao(r.headers()), Some(APP));
    assert!(r.headers()[WWW_AUTHENTICATE].to_str().unwrap().contains("invalid_request"));
    // An ID token is not an access token.
    let r = userinfo(&emu, t["id_token"].as_str()).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers()[WWW_AUTHENTICATE].to_str().unwrap().contains("invalid_token"));
    // Expired.
    emu.pool().set_clock_skew(3601);
    assert_eq!(userinfo(&emu, Some(access)).await.status(), StatusCode::UNAUTHORIZED);
    emu.pool().set_clock_skew(0);
    // Preflight.
    let r = http()
        .request(reqwest::Method::OPTIONS, format!("{}/oauth2/userInfo", emu.origins().domain))
        .header("Origin", APP)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(r.headers()), Some(APP));
    assert!(r.headers()["access-control-allow-headers"].to_str().unwrap().contains("Authorization"));
}

#[tokio::test]
async fn userinfo_needs_the_openid_scope() {
    let emu = start().await;
    let mut client = emu.pool().client(CLIENT).unwrap();
    client.allowed_scopes.push("aws.cognito.signin.user.admin".into());
    emu.pool().upsert_client(client);
    let (cb, _) = sign_in(&emu, &authorize_params(&[("scope", "aws.cognito.signin.user.admin")])).await;
    let t: Value = exchange(&emu, &query_of(&cb)["code"]).await.json().await.unwrap();
    assert!(t.get("id_token").is_none(), "no ID token without openid");
    let r = userinfo(&emu, t["access_token"].as_str()).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers()[WWW_AUTHENTICATE].to_str().unwrap().contains("does not contain openid scope"));
}
