//! docs/COGNITO.md "Hosted journeys": sign-up with an emailed code, MFA,
//! a forced new password and a forgotten password, each ending (or
//! continuing) like a sign-in.

mod support;
use cognito_emulator::{MfaKind, UserStatus};
use support::*;

#[tokio::test]
async fn sign_up_confirms_with_the_emailed_code_and_returns_with_a_code() {
    let emu = start().await;
    let login = login_path(&emu, &authorize_params(&[])).await;
    let html = get_page(&emu, &login).await.text().await.unwrap();
    let signup = form_action(&html.replace("/login?", "/signup?"));
    assert!(html.contains(r#"id="signUpLink""#) && signup.starts_with("/signup?"));
    let page = get_page(&emu, &signup).await.text().await.unwrap();
    assert!(page.contains(r#"<h1 id="pageHeading">Sign up</h1>"#) && page.contains(r#"id="signInLink""#));
    assert!(page.contains(r#"<label for="email">Email</label>"#) && page.contains(r#"id="signUpButton""#));
    let form = [("username", "erin"), ("email", "erin@example.com"), ("password", "Erin-Passw0rd")];
    let r = post_form(&emu, &signup, &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    let confirm = r.text().await.unwrap();
    assert!(confirm.contains("Confirm your account") && confirm.contains(r#"id="confirmButton""#));
    assert_eq!(emu.pool().user("erin").unwrap().status, UserStatus::Unconfirmed);
    let again = post_form(&emu, &signup, &form).await;
    assert!(again.text().await.unwrap().contains("User already exists"));
    // The code is in the mailbox, in process and over the admin API.
    let code = emu.pool().last_code("erin@example.com").unwrap();
    let mail: Value = http()
        .get(format!("{}/mailbox?to=erin@example.com", emu.origins().admin))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((mail[0]["code"].as_str(), mail[0]["purpose"].as_str()), (Some(code.as_str()), Some("signUp")));
    let action = form_action(&confirm);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = post_form(&emu, &action, &[("username", "erin"), ("code", wrong)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("Invalid verification code provided, please try again."));
    let r = post_form(&emu, &action, &[("username", "erin"), ("code", &code)]).await;
    assert!(r.headers().get(SET_COOKIE).is_some(), "a hosted session starts");
    let (id, _) = claims_of_code(&emu, &code_of(&r)).await;
    assert_eq!((id["cognito:username"].as_str(), id["email"].as_str()), (Some("erin"), Some("erin@example.com")));
    assert_eq!(emu.pool().user("erin").unwrap().status, UserStatus::Confirmed);
}

#[tokio::test]
async fn sign_up_validates_the_authorization_query_like_login() {
    let emu = start().await;
    let r = get_page(&emu, "/signup?client_id=nope&response_type=code&redirect_uri=x").await;
    assert!(location(&r).starts_with("/error?error=invalid_client"));
    let q = format!("client_id={CLIENT}&response_type=code&redirect_uri=http://evil.example/cb");
    assert!(location(&get_page(&emu, &format!("/signup?{q}")).await).starts_with("/error?error=redirect_mismatch"));
    let q = format!("client_id={CLIENT}&response_type=code&redirect_uri={CALLBACK}&state=s&code_challenge=short&code_challenge_method=S256");
    assert_eq!(query_of(&location(&get_page(&emu, &format!("/signup?{q}")).await))["error"], "invalid_request");
}

#[tokio::test]
async fn totp_mfa_asks_for_the_current_code() {
    let emu = start().await;
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // RFC 6238's key, base32
    let frank = UserConfig {
        username: "frank".into(),
        password: "Frank-Passw0rd".into(),
        mfa: Some(MfaKind::Totp),
        totp_secret: Some(secret.into()),
        ..Default::default()
    };
    emu.pool().upsert_user(frank);
    let page = password_step(&emu, "frank", "Frank-Passw0rd").await;
    assert!(page.contains(r#"<label for="mfaCode">Code</label>"#) && page.contains(r#"id="mfaButton""#));
    let (action, session) = (form_action(&page), hidden_value(&page, "session"));
    let code = emu.pool().totp_code("frank").unwrap();
    let admin: Value = http()
        .get(format!("{}/users/totp?username=frank", emu.origins().admin))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(admin["code"], code.as_str());
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 500_000) % 1_000_000);
    let r = post_form(&emu, &action, &[("session", &session), ("mfaCode", &wrong)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains(r#"id="mfaErrorMessage">Invalid code or auth state for the user."#));
    let r = post_form(&emu, &action, &[("session", &session), ("mfaCode", &code)]).await;
    assert_eq!(claims_of_code(&emu, &code_of(&r)).await.0["cognito:username"], "frank");
    let r = post_form(&emu, &action, &[("session", &session), ("mfaCode", &code)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "a challenge is used once");
}

#[tokio::test]
async fn sms_mfa_texts_a_code_to_the_outbox() {
    let emu = start().await;
    let gina = UserConfig {
        username: "gina".into(),
        password: "Gina-Passw0rd".into(),
        mfa: Some(MfaKind::Sms),
        phone_number: Some("+15555550123".into()),
        ..Default::default()
    };
    emu.pool().upsert_user(gina);
    let page = password_step(&emu, "gina", "Gina-Passw0rd").await;
    assert!(page.contains("+15555550123"));
    let message = emu.pool().mailbox("+15555550123").pop().unwrap();
    assert_eq!((message.channel.as_str(), message.purpose.as_str()), ("sms", "mfa"));
    let r = post_form(
        &emu,
        &form_action(&page),
        &[("session", &hidden_value(&page, "session")), ("mfaCode", &message.code)],
    )
    .await;
    code_of(&r);
}

#[tokio::test]
async fn a_forced_new_password_comes_before_the_code_and_then_the_user_is_confirmed() {
    let emu = start().await;
    let hank = UserConfig {
        username: "hank".into(),
        password: "Temp-0rary".into(),
        status: UserStatus::ForceChangePassword,
        ..Default::default()
    };
    emu.pool().upsert_user(hank);
    let page = password_step(&emu, "hank", "Temp-0rary").await;
    assert!(
        page.contains(r#"<h1 id="pageHeading">Change password</h1>"#) && page.contains(r#"id="newPasswordButton""#)
    );
    let (action, session) = (form_action(&page), hidden_value(&page, "session"));
    let r = post_form(
        &emu,
        &action,
        &[("session", &session), ("newPassword", "Hank-N3w-pass"), ("confirmPassword", "other")],
    )
    .await;
    assert!(r.text().await.unwrap().contains(r#"id="newPasswordErrorMessage">Passwords do not match."#));
    let r = post_form(&emu, &action, &[("session", &session), ("newPassword", "short"), ("confirmPassword", "short")])
        .await;
    assert!(r.text().await.unwrap().contains("Password not long enough"));
    let form = [("session", session.as_str()), ("newPassword", "Hank-N3w-pass"), ("confirmPassword", "Hank-N3w-pass")];
    code_of(&post_form(&emu, &action, &form).await);
    assert_eq!(emu.pool().user("hank").unwrap().status, UserStatus::Confirmed);
    let login = login_path(&emu, &authorize_params(&[])).await;
    code_of(&post_form(&emu, &login, &[("username", "hank"), ("password", "Hank-N3w-pass")]).await);
}

#[tokio::test]
async fn forgot_password_resets_it_with_the_emailed_code() {
    let emu = start().await;
    let login = login_path(&emu, &authorize_params(&[])).await;
    let html = get_page(&emu, &login).await.text().await.unwrap();
    assert!(html.contains(r#"id="forgotPasswordLink""#));
    let forgot = login.replacen("/login?", "/forgotPassword?", 1);
    let page = get_page(&emu, &forgot).await.text().await.unwrap();
    assert!(page.contains(r#"id="forgotPasswordButton""#));
    let page = post_form(&emu, &form_action(&page), &[("username", USER)]).await.text().await.unwrap();
    assert!(page.contains(r#"id="resetPasswordButton""#));
    let code = emu.pool().last_code(USER).unwrap();
    let action = form_action(&page);
    let r = post_form(&emu, &action, &[("username", USER), ("code", "12"), ("newPassword", "Brand-N3w-pass")]).await;
    assert!(r.text().await.unwrap().contains(r#"id="resetErrorMessage">Invalid verification code"#));
    let r = post_form(&emu, &action, &[("username", USER), ("code", &code), ("newPassword", "Brand-N3w-pass")]).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert!(location(&r).starts_with("/login?"));
    let old = post_form(&emu, &login, &[("username", USER), ("password", PASSWORD)]).await;
    assert_eq!(old.status(), StatusCode::BAD_REQUEST);
    code_of(&post_form(&emu, &login, &[("username", USER), ("password", "Brand-N3w-pass")]).await);
    // An unknown user sees the same page; nothing is sent.
    let before = emu.pool().mailbox(USER).len();
    let r = post_form(
        &emu,
        &form_action(&page.replace("/confirmForgotPassword?", "/forgotPassword?")),
        &[("username", "nobody")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(emu.pool().mailbox(USER).len(), before);
}
