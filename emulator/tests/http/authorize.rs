//! `/oauth2/authorize` and the hosted UI: errors as a page or as a redirect,
//! the login form, the session cookie, the implicit flow.

use crate::support::*;

#[tokio::test]
async fn authorize_rejects_unknown_client_and_unregistered_redirect_with_an_error_page() {
    let emu = start().await;
    let r = authorize(&emu, &authorize_params(&[("client_id", "nosuchclient")]), None).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/error?error=invalid_client&client_id=nosuchclient");
    for bad in ["http://localhost:8585/callback/", "http://localhost:8585/other", ""] {
        let r = authorize(&emu, &authorize_params(&[("redirect_uri", bad)]), None).await;
        assert_eq!(location(&r), format!("/error?error=redirect_mismatch&client_id={CLIENT}"), "{bad:?}");
    }
    let page = http()
        .get(format!("{}/error?error=redirect_mismatch&client_id={CLIENT}", emu.origins().domain))
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    assert!(page.text().await.unwrap().contains("An error was encountered with the requested page."));
}

#[tokio::test]
async fn authorize_errors_redirect_to_the_client_with_state() {
    let emu = start().await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("response_type", "")], "invalid_request"),
        (&[("response_type", "id_token")], "invalid_request"),
        (&[("response_type", "token")], "unauthorized_client"),
        (&[("code_challenge_method", "")], "invalid_request"),
        (&[("code_challenge_method", "plain")], "invalid_request"),
        (&[("code_challenge", "")], "invalid_request"),
        (&[("code_challenge", "short")], "invalid_request"),
        (&[("scope", "openid bogus")], "invalid_scope"),
        (&[("prompt", "none")], "login_required"),
        (&[("prompt", "sometimes")], "invalid_request"),
    ];
    for (extra, expected) in cases {
        let r = authorize(&emu, &authorize_params(extra), None).await;
        assert_eq!(r.status(), StatusCode::FOUND);
        let loc = location(&r);
        assert!(loc.starts_with(CALLBACK), "{extra:?}: {loc}");
        let q = query_of(&loc);
        assert_eq!(q.get("error").map(String::as_str), Some(*expected), "{extra:?}");
        assert_eq!(q.get("state").map(String::as_str), Some("st4te"), "{extra:?}");
        assert!(!q.contains_key("code"));
    }
}

#[tokio::test]
async fn login_form_is_labelled_unframable_and_rejects_a_wrong_password() {
    let emu = start().await;
    let params = authorize_params(&[("login_hint", "alice@example.com")]);
    let r = authorize(&emu, &params, None).await;
    let login = format!("{}{}", emu.origins().domain, location(&r));
    let page = http().get(&login).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<label for="username">Username</label>"#));
    assert!(html.contains(r#"<label for="password">Password</label>"#));
    assert!(html.contains(">Sign in</button>"));
    assert!(html.contains(r#"value="alice@example.com""#), "login_hint pre-fills the username");
    let r = http().post(&login).form(&[("username", USER), ("password", "wrong")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.headers().get(SET_COOKIE).is_none());
    assert!(r.text().await.unwrap().contains("Incorrect username or password."));
}

#[tokio::test]
async fn session_cookie_skips_the_form_until_prompt_login_or_logout() {
    let emu = start().await;
    let (_, cookie) = sign_in(&emu, &authorize_params(&[])).await;
    let silent = authorize(&emu, &authorize_params(&[]), Some(&cookie)).await;
    assert!(location(&silent).starts_with(&format!("{CALLBACK}?code=")));
    let none = authorize(&emu, &authorize_params(&[("prompt", "none")]), Some(&cookie)).await;
    assert!(query_of(&location(&none)).contains_key("code"));
    let forced = authorize(&emu, &authorize_params(&[("prompt", "login")]), Some(&cookie)).await;
    assert!(location(&forced).starts_with("/login?"));
    // Another emulator's cookie name is different: no cross-talk.
    let other = start().await;
    assert_ne!(other.pool().cookie_name, emu.pool().cookie_name);
}

#[tokio::test]
async fn implicit_flow_when_the_client_allows_it() {
    let emu = start().await;
    let mut client = emu.pool().client(CLIENT).unwrap();
    client.allowed_flows.push("implicit".into());
    emu.pool().upsert_client(client);
    let (cb, _) = sign_in(&emu, &authorize_params(&[("response_type", "token")])).await;
    let (_, fragment) = cb.split_once('#').expect("tokens in the fragment");
    let f: BTreeMap<String, String> = form_urlencoded::parse(fragment.as_bytes()).into_owned().collect();
    assert_eq!(f["token_type"], "bearer");
    assert!(f.contains_key("access_token") && f.contains_key("id_token") && !f.contains_key("refresh_token"));
}
