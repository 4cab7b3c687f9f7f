//! The admin endpoint (the tests' control of the pool) and the request log:
//! what it changes, and that a web page cannot use it.

use crate::support::*;

#[tokio::test]
async fn request_log_counts_token_requests_by_grant() {
    let emu = start().await;
    let t = tokens(&emu).await;
    refresh(&emu, t["refresh_token"].as_str().unwrap()).await;
    refresh(&emu, t["refresh_token"].as_str().unwrap()).await;
    assert_eq!(emu.pool().token_requests("authorization_code"), 1);
    assert_eq!(emu.pool().token_requests("refresh_token"), 2);
    let log = emu.pool().request_log();
    let exchange = log.iter().find(|r| r.params.get("grant_type").map(String::as_str) == Some("authorization_code"));
    let exchange = exchange.unwrap();
    assert_eq!(exchange.params["redirect_uri"], CALLBACK);
    assert_eq!(exchange.origin.as_deref(), Some(APP));
}

#[tokio::test]
async fn admin_endpoint_controls_the_pool() {
    let emu = start().await;
    let admin = &emu.origins().admin;
    let c = http();
    let info: Value = c.get(admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(info["poolId"], cognito_emulator::DEFAULT_POOL_ID);
    // DNS rebinding: the right port under another name is refused.
    let port = admin.rsplit(':').next().unwrap();
    for host in [format!("evil.example:{port}"), "127.0.0.1".to_string(), format!("127.0.0.1.nip.io:{port}")] {
        let r = c.get(admin).header("Host", &host).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{host}");
    }
    let r = c.get(admin).header("Host", format!("localhost:{port}")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(info["clients"][0]["clientId"], CLIENT);

    let user = UserConfig {
        username: "bob".into(),
        password: "S3cret!x".into(),
        email: "bob@example.com".into(),
        groups: vec![],
        custom_attributes: Default::default(),
        ..Default::default()
    };
    assert_eq!(c.post(format!("{admin}/users")).json(&user).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    let client = ClientConfig {
        client_id: "second".into(),
        callback_urls: vec!["http://localhost:9999/callback".into()],
        access_token_validity: 10,
        ..ClientConfig::default()
    };
    assert_eq!(c.post(format!("{admin}/clients")).json(&client).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    let r =
        c.post(format!("{admin}/faults/token")).json(&json!({"count": 1, "kind": "status500"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r =
        token_request(&emu, &[("grant_type", "refresh_token"), ("client_id", CLIENT), ("refresh_token", "x")]).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    c.post(format!("{admin}/clock")).json(&json!({"skewSeconds": 42})).send().await.unwrap();
    let info: Value = c.get(admin).send().await.unwrap().json().await.unwrap();
    let real = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!((info["now"].as_i64().unwrap() - real - 42).abs() <= 2);
    let log: Value = c.get(format!("{admin}/log?path=/oauth2/token")).send().await.unwrap().json().await.unwrap();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["params"]["grant_type"], "refresh_token");

    // bob signs in on the new client, whose tokens live 10 seconds.
    let r = http()
        .get(format!("{}/oauth2/authorize", emu.origins().domain))
        .query(&[
            ("response_type", "code"),
            ("client_id", "second"),
            ("redirect_uri", "http://localhost:9999/callback"),
        ])
        .send()
        .await
        .unwrap();
    let r = http()
        .post(format!("{}{}", emu.origins().domain, location(&r)))
        .form(&[("username", "bob"), ("password", "S3cret!x")])
        .send()
        .await
        .unwrap();
    let code = query_of(&location(&r))["code"].clone();
    let r = token_request(
        &emu,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "second"),
            ("code", &code),
            ("redirect_uri", "http://localhost:9999/callback"),
        ],
    )
    .await;
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["expires_in"], 10);
    assert_eq!(claims(&t["id_token"]).1["email"], "bob@example.com");
}

/// Every admin request that changes state, with a body that would do harm.
const ADMIN_CHANGES: &[(&str, &str, &str)] = &[
    ("POST", "/users", r#"{"username":"mallory","password":"S3cret!x","email":"m@evil.example"}"#),
    ("POST", "/clients", r#"{"clientId":"evil","callbackUrls":["http://evil.example/callback"]}"#),
    ("POST", "/faults/token", r#"{"count":5,"kind":"status500"}"#),
    ("DELETE", "/faults/token", "{}"),
    ("POST", "/faults/jwks", r#"{"unavailable":true}"#),
    ("POST", "/faults/tokens", r#"{"mode":"wrongIssuer"}"#),
    ("POST", "/faults/api", r#"{"alwaysUnauthorized":true}"#),
    ("POST", "/faults/revoke-cors", r#"{"enabled":false}"#),
    ("POST", "/resource-servers", r#"{"identifiers":["https://evil.example"]}"#),
    ("POST", "/keys/rotate", "{}"),
    ("POST", "/clock", r#"{"skewSeconds":100000}"#),
    ("POST", "/sessions/revoke-all", "{}"),
    ("DELETE", "/log", "{}"),
];

/// What a web page could change through the admin endpoint: the keys (and
/// whether the JWKS answers), clients and users, the clock, the log.
async fn admin_visible_state(emu: &Emulator) -> (String, Value, i64, usize) {
    let token_calls = emu.pool().request_log().iter().filter(|e| e.path == "/oauth2/token").count();
    let jwks = http().get(format!("{}/.well-known/jwks.json", emu.issuer())).send().await.unwrap();
    let mut info: Value = http().get(&emu.origins().admin).send().await.unwrap().json().await.unwrap();
    info.as_object_mut().unwrap().remove("now");
    (jwks.text().await.unwrap(), info, emu.pool().clock_skew(), token_calls)
}

#[tokio::test]
async fn a_cross_site_form_post_to_the_admin_endpoint_changes_nothing() {
    let emu = start().await;
    let admin = &emu.origins().admin;
    let t = tokens(&emu).await;
    let refresh_token = t["refresh_token"].as_str().unwrap();
    emu.pool().fail_next_token_calls(1, TokenFault::Status500);
    let before = admin_visible_state(&emu).await;
    let c = http();
    for &(method, path, json) in ADMIN_CHANGES {
        let url = format!("{admin}{path}");
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        // What a page can send without a preflight: an HTML form (or a
        // `no-cors` fetch) posting a form or text, from another site, from a
        // sandboxed frame (`Origin: null`), or from another server on
        // localhost (same-site, another port).
        for (content_type, body, origin, site) in [
            ("application/x-www-form-urlencoded", "count=5&kind=status500", "http://evil.example", "cross-site"),
            ("text/plain", json, "http://evil.example", "cross-site"),
            ("text/plain", json, "null", "cross-site"),
            ("text/plain", json, "http://localhost:8585", "same-site"),
        ] {
            let r = c
                .request(method.clone(), &url)
                .header(CONTENT_TYPE, content_type)
                .header("Origin", origin)
                .header("Sec-Fetch-Site", site)
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path} {content_type} from {origin}");
        }
        // Either header alone is enough, even with a JSON body.
        let json_request = || c.request(method.clone(), &url).header(CONTENT_TYPE, "application/json").body(json);
        let r = json_request().header("Origin", "http://evil.example").send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path} with Origin only");
        let r = json_request().header("Sec-Fetch-Site", "cross-site").send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path} with Sec-Fetch-Site only");
        // A browser that sends neither header still cannot post JSON without
        // a preflight: anything else is refused.
        for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let r = c.request(method.clone(), &url).header(CONTENT_TYPE, content_type).body(json).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{method} {path} as {content_type}");
        }
        let r = c.request(method.clone(), &url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{method} {path} without a body");
    }
    // Nothing changed: the same keys, clients, users, clock and log; the
    // refresh token still works and the queued fault is still queued.
    assert_eq!(admin_visible_state(&emu).await, before);
    assert_eq!(emu.pool().refresh_token_revoked(refresh_token), Some(false));
    assert_eq!(refresh(&emu, refresh_token).await.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(refresh(&emu, refresh_token).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn admin_requests_without_parameters_take_an_empty_json_object() {
    let emu = start().await;
    let admin = &emu.origins().admin;
    let port = admin.rsplit(':').next().unwrap();
    let t = tokens(&emu).await;
    let refresh_token = t["refresh_token"].as_str().unwrap();
    let c = http();
    let post = |path: &str| c.post(format!("{admin}{path}")).json(&json!({}));
    let jwks = || async { http().get(format!("{}/.well-known/jwks.json", emu.issuer())).send().await.unwrap() };
    let keys_before = jwks().await.text().await.unwrap();
    // The admin origin's own pages (and curl, and test code) are welcome.
    let r = post("/keys/rotate")
        .header("Origin", format!("http://localhost:{port}"))
        .header("Sec-Fetch-Site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_ne!(jwks().await.text().await.unwrap(), keys_before);
    let r = c.get(admin).header("Sec-Fetch-Site", "none").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "typed into the address bar");
    assert_eq!(post("/sessions/revoke-all").send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(emu.pool().refresh_token_revoked(refresh_token), Some(true));
    emu.pool().fail_next_token_calls(1, TokenFault::Status500);
    let r = c.delete(format!("{admin}/faults/token")).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(refresh(&emu, refresh_token).await.status(), StatusCode::BAD_REQUEST, "no fault: invalid_grant");
    assert!(!emu.pool().request_log().is_empty());
    let r = c.delete(format!("{admin}/log")).header(CONTENT_TYPE, "application/json; charset=utf-8").body("{}");
    assert_eq!(r.send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert!(emu.pool().request_log().is_empty());
    // JSON, but not an empty object.
    let r = c.post(format!("{admin}/keys/rotate")).header(CONTENT_TYPE, "application/json").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = c.post(format!("{admin}/keys/rotate")).json(&json!({"now": true})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
