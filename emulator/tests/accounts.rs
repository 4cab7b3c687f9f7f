//! docs/COGNITO.md "Disabled users and global sign-out", "Throttling and
//! middleboxes" (the JSON answers) and "Long journeys" (the clock).

mod support;
use cognito_emulator::{MfaKind, UserStatus};
use support::*;

async fn admin_post(emu: &Emulator, path: &str, body: Value) -> StatusCode {
    http().post(format!("{}{path}", emu.origins().admin)).json(&body).send().await.unwrap().status()
}

fn bob() -> UserConfig {
    UserConfig {
        username: "bob".into(),
        password: "Bob-Passw0rd".into(),
        email: "bob@example.com".into(),
        ..Default::default()
    }
}

async fn tokens_of(emu: &Emulator, username: &str, password: &str) -> Value {
    let login = login_path(emu, &authorize_params(&[])).await;
    let code = code_of(&post_form(emu, &login, &[("username", username), ("password", password)]).await);
    exchange(emu, &code).await.json().await.unwrap()
}

#[tokio::test]
async fn a_disabled_user_cannot_refresh_or_sign_in() {
    let emu = start().await;
    let t = tokens(&emu).await;
    let rt = t["refresh_token"].as_str().unwrap();
    assert!(emu.pool().set_user_enabled(USER, false));
    assert_eq!(error_of(refresh(&emu, rt).await).await, (StatusCode::BAD_REQUEST, json!({"error": "invalid_grant"})));
    let login = login_path(&emu, &authorize_params(&[])).await;
    let r = post_form(&emu, &login, &[("username", USER), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains(r#"id="loginErrorMessage">User is disabled."#));
    assert_eq!(
        admin_post(&emu, "/users/enabled", json!({"username": USER, "enabled": true})).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(refresh(&emu, rt).await.status(), StatusCode::OK);
    assert_eq!(
        admin_post(&emu, "/users/enabled", json!({"username": USER, "enabled": false})).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(refresh(&emu, rt).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        admin_post(&emu, "/users/enabled", json!({"username": "nobody", "enabled": false})).await,
        StatusCode::NOT_FOUND
    );
    // From the config file shape.
    let user: UserConfig =
        serde_json::from_value(json!({"username": "x", "password": "p", "email": "e", "enabled": false,
        "status": "FORCE_CHANGE_PASSWORD", "mfa": "sms", "phoneNumber": "+1555"}))
        .unwrap();
    assert_eq!((user.enabled, user.status, user.mfa), (false, UserStatus::ForceChangePassword, Some(MfaKind::Sms)));
}

#[tokio::test]
async fn global_sign_out_ends_one_users_refresh_tokens_only() {
    let emu = start().await;
    emu.pool().upsert_user(bob());
    let alice = tokens(&emu).await;
    let alice_again = tokens(&emu).await;
    let bob = tokens_of(&emu, "bob", "Bob-Passw0rd").await;
    assert!(emu.pool().global_sign_out(USER));
    for t in [&alice, &alice_again] {
        let r = refresh(&emu, t["refresh_token"].as_str().unwrap()).await;
        assert_eq!(error_of(r).await.1, json!({"error": "invalid_grant"}));
        assert_eq!(userinfo(&emu, t["access_token"].as_str()).await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(refresh(&emu, bob["refresh_token"].as_str().unwrap()).await.status(), StatusCode::OK);
    assert_eq!(admin_post(&emu, "/users/global-sign-out", json!({"username": "bob"})).await, StatusCode::NO_CONTENT);
    assert_eq!(refresh(&emu, bob["refresh_token"].as_str().unwrap()).await.status(), StatusCode::BAD_REQUEST);
    // A new sign-in works.
    assert_eq!(refresh(&emu, tokens(&emu).await["refresh_token"].as_str().unwrap()).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn throttling_and_waf_answers_in_json() {
    let emu = start().await;
    emu.pool().fail_next_token_calls(1, TokenFault::TooManyRequestsException);
    let r = refresh(&emu, "x").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(acao(r.headers()), Some(APP));
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"__type": "TooManyRequestsException", "message": "Rate exceeded"})
    );
    assert_eq!(
        admin_post(&emu, "/faults/token", json!({"count": 1, "kind": "forbiddenJson"})).await,
        StatusCode::NO_CONTENT
    );
    let r = refresh(&emu, "x").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"message": "Forbidden"}));
    assert_eq!(
        admin_post(&emu, "/faults/token", json!({"count": 1, "kind": "tooManyRequestsException"})).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(refresh(&emu, "x").await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(refresh(&emu, "x").await).await.1, json!({"error": "invalid_grant"}), "faults used up");
}

#[tokio::test]
async fn a_sign_in_can_take_longer_than_ten_minutes() {
    let emu = start().await;
    let login = login_path(&emu, &authorize_params(&[])).await;
    let before = emu.pool().now();
    // Eleven minutes on the login page, over the admin API.
    let r = http()
        .post(format!("{}/clock", emu.origins().admin))
        .json(&json!({"advanceSeconds": 660}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["skewSeconds"], 660);
    let code = code_of(&post_form(&emu, &login, &[("username", USER), ("password", PASSWORD)]).await);
    let (id, _) = claims_of_code(&emu, &code).await;
    assert!(id["iat"].as_i64().unwrap() >= before + 660, "tokens read the moved clock");
    // A code still lives five minutes on the moved clock, and no longer.
    let code = code_for(&emu).await;
    emu.pool().advance_clock(299);
    assert_eq!(exchange(&emu, &code).await.status(), StatusCode::OK);
    let code = code_for(&emu).await;
    emu.pool().advance_clock(301);
    assert_eq!(error_of(exchange(&emu, &code).await).await.1, json!({"error": "invalid_grant"}));
    // The hosted session (one hour) is over after the moves plus an hour.
    let (_, cookie) = sign_in(&emu, &authorize_params(&[])).await;
    emu.pool().advance_clock(3601);
    let r = authorize(&emu, &authorize_params(&[]), Some(&cookie)).await;
    assert!(location(&r).starts_with("/login?"));
}

#[tokio::test]
async fn codes_sent_before_a_long_wait_still_work_within_their_lifetime() {
    let emu = start().await;
    let login = login_path(&emu, &authorize_params(&[])).await;
    let signup = login.replacen("/login?", "/signup?", 1);
    let form = [("username", "zoe"), ("email", "zoe@example.com"), ("password", "Zoe-Passw0rd")];
    let page = post_form(&emu, &signup, &form).await.text().await.unwrap();
    emu.pool().advance_clock(20 * 60); // reading email for twenty minutes
    let code = emu.pool().last_code("zoe@example.com").unwrap();
    code_of(&post_form(&emu, &form_action(&page), &[("username", "zoe"), ("code", &code)]).await);
}
