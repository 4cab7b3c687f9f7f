//! The emulator's faults and modes over HTTP: token faults, outages, key
//! rotation, the conformance modes, and the real-pool behaviours that differ
//! from the documentation (docs/COGNITO.md), each against its mode.

mod support;

use support::*;

#[tokio::test]
async fn token_faults_fail_hang_and_drop() {
    let emu = start().await;
    let code = code_for(&emu).await;
    emu.pool().fail_next_token_calls(1, TokenFault::Status500);
    let r = exchange(&emu, &code).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(acao(r.headers()), Some(APP));

    let code = code_for(&emu).await;
    emu.pool().fail_next_token_calls(1, TokenFault::Hang { seconds: 0.6 });
    let started = Instant::now();
    assert_eq!(exchange(&emu, &code).await.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(600));

    let code = code_for(&emu).await;
    emu.pool().fail_next_token_calls(1, TokenFault::Drop);
    let result = http()
        .post(format!("{}/oauth2/token", emu.origins().domain))
        .form(&[("grant_type", "authorization_code"), ("client_id", CLIENT), ("code", &code)])
        .send()
        .await
        .and_then(|r| r.error_for_status());
    match result {
        Err(_) => {}
        Ok(r) => panic!("expected a dropped connection, got {} {:?}", r.status(), r.text().await),
    }
    // Faults are used up: the next call is normal.
    let code = code_for(&emu).await;
    assert_eq!(exchange(&emu, &code).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn throttling_and_middlebox_answers() {
    let emu = start().await;
    let t = tokens(&emu).await;
    let refresh_token = t["refresh_token"].as_str().unwrap();
    for (fault, status, content_type, text) in [
        (TokenFault::TooManyRequests, StatusCode::TOO_MANY_REQUESTS, "application/json", "TooManyRequestsException"),
        (TokenFault::ForbiddenHtml, StatusCode::FORBIDDEN, "text/html", "403 Forbidden"),
        (TokenFault::OkHtml, StatusCode::OK, "text/html", "Wi-Fi"),
    ] {
        emu.pool().fail_next_token_calls(2, fault.clone());
        for _ in 0..2 {
            let r = refresh(&emu, refresh_token).await;
            assert_eq!(r.status(), status, "{fault:?}");
            let kind = r.headers()[CONTENT_TYPE].to_str().unwrap().to_string();
            assert!(kind.starts_with(content_type), "{fault:?}: {kind}");
            assert!(r.text().await.unwrap().contains(text), "{fault:?}");
        }
        // Used up: the refresh token still works.
        assert_eq!(refresh(&emu, refresh_token).await.status(), StatusCode::OK);
    }
    // Also through the admin endpoint, by kind.
    let admin = &emu.origins().admin;
    let r = http().post(format!("{admin}/faults/token")).json(&json!({"count": 1, "kind": "forbiddenHtml"})).send();
    assert_eq!(r.await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(refresh(&emu, refresh_token).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn jwks_outage_key_rotation_clock_skew_and_global_sign_out() {
    let emu = start().await;
    let jwks_url = format!("{}/.well-known/jwks.json", emu.issuer());
    emu.pool().set_jwks_unavailable(true);
    assert_eq!(http().get(&jwks_url).send().await.unwrap().status(), StatusCode::SERVICE_UNAVAILABLE);
    emu.pool().set_jwks_unavailable(false);

    let before = tokens(&emu).await;
    emu.pool().rotate_keys();
    let after = tokens(&emu).await;
    let kid = |t: &Value| claims(t).0["kid"].clone();
    assert_ne!(kid(&before["id_token"]), kid(&after["id_token"]));
    let jwks: Value = http().get(&jwks_url).send().await.unwrap().json().await.unwrap();
    let kids: Vec<Value> = jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].clone()).collect();
    assert_eq!(kids.len(), 4, "the retired keys stay published");
    assert!(kids.contains(&kid(&before["id_token"])) && kids.contains(&kid(&after["id_token"])));

    emu.pool().set_clock_skew(600);
    let skewed = tokens(&emu).await;
    let iat = claims(&skewed["id_token"]).1["iat"].as_i64().unwrap();
    let real = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!((iat - real - 600).abs() <= 2, "iat follows the skewed clock");
    emu.pool().set_clock_skew(0);

    let (_, cookie) = sign_in(&emu, &authorize_params(&[])).await;
    emu.pool().revoke_all_sessions();
    assert!(location(&authorize(&emu, &authorize_params(&[]), Some(&cookie)).await).starts_with("/login?"));
    let r = refresh(&emu, after["refresh_token"].as_str().unwrap()).await;
    assert_eq!(error_of(r).await.1, json!({"error": "invalid_grant"}));
}

#[tokio::test]
async fn error_fault_and_unpublished_key_mode() {
    let emu = start().await;
    let code = code_for(&emu).await;
    emu.pool().fail_next_token_calls(1, TokenFault::Error { error: "invalid_grant".into() });
    let r = exchange(&emu, &code).await;
    assert_eq!(acao(r.headers()), Some(APP));
    assert_eq!(error_of(r).await, (StatusCode::BAD_REQUEST, json!({"error": "invalid_grant"})));

    emu.pool().set_token_mode(Some(cognito_emulator::TokenMode::UnpublishedKey));
    let t = tokens(&emu).await;
    let jwks: Value =
        http().get(format!("{}/.well-known/jwks.json", emu.issuer())).send().await.unwrap().json().await.unwrap();
    let kids: Vec<Value> = jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].clone()).collect();
    assert!(!kids.contains(&claims(&t["id_token"]).0["kid"]));
    assert!(!kids.contains(&claims(&t["access_token"]).0["kid"]));
    emu.pool().set_token_mode(None);
    let t = tokens(&emu).await;
    assert!(kids.contains(&claims(&t["id_token"]).0["kid"]));
}

#[tokio::test]
async fn api_faults_answer_401() {
    let emu = start().await;
    let t = tokens(&emu).await;
    let at = t["access_token"].as_str();
    emu.pool().fail_next_api_calls(1);
    assert_eq!(api_me(&emu, at, APP).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_me(&emu, at, APP).await.status(), StatusCode::OK);
    emu.pool().set_api_always_unauthorized(true);
    assert_eq!(api_me(&emu, at, APP).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_me(&emu, at, APP).await.status(), StatusCode::UNAUTHORIZED);
    emu.pool().set_api_always_unauthorized(false);
    assert_eq!(api_me(&emu, at, APP).await.status(), StatusCode::OK);
    assert!(emu.pool().request_log().iter().all(|r| r.at_ms > 0));
}

#[tokio::test]
async fn conformance_modes_shape_tokens_and_jwks() {
    use cognito_emulator::TokenMode;
    let emu = start().await;
    let jwks_len = |emu: &Emulator| {
        let url = format!("{}/.well-known/jwks.json", emu.issuer());
        async move {
            let jwks: Value = http().get(url).send().await.unwrap().json().await.unwrap();
            jwks["keys"].as_array().unwrap().len()
        }
    };
    emu.pool().set_token_mode(Some(TokenMode::AlgNone));
    let t = tokens(&emu).await;
    assert_eq!(claims(&t["id_token"]).0, json!({"alg": "none"}));
    assert!(t["id_token"].as_str().unwrap().ends_with('.'));
    emu.pool().set_token_mode(Some(TokenMode::KidAbsentSingleKey));
    let t = tokens(&emu).await;
    assert_eq!(claims(&t["id_token"]).0, json!({"alg": "RS256"}));
    assert_eq!(jwks_len(&emu).await, 1);
    emu.pool().set_token_mode(Some(TokenMode::WrongIssuer));
    let t = tokens(&emu).await;
    assert_ne!(claims(&t["id_token"]).1["iss"], emu.issuer());
    emu.pool().set_token_mode(Some(TokenMode::MissingIdToken));
    assert!(tokens(&emu).await.get("id_token").is_none());
    emu.pool().set_token_mode(Some(TokenMode::WrongState));
    let (cb, _) = sign_in(&emu, &authorize_params(&[])).await;
    assert_eq!(query_of(&cb)["state"], "tampered-state");
    emu.pool().set_token_mode(None);
    assert_eq!(jwks_len(&emu).await, 2);
    assert!(emu.pool().request_log().iter().any(|r| r.path == "/.well-known/jwks.json"));
}

#[tokio::test]
async fn resource_binds_the_access_token_audience() {
    let emu = start().await;
    emu.pool().set_api_requires_audience(true);
    let api = emu.origins().api.clone();
    let (cb, _) = sign_in(&emu, &authorize_params(&[("resource", &api)])).await;
    let t: Value = exchange(&emu, &query_of(&cb)["code"]).await.json().await.unwrap();
    assert_eq!(claims(&t["access_token"]).1["aud"], api);
    assert_eq!(api_me(&emu, t["access_token"].as_str(), APP).await.status(), StatusCode::OK);
    let n: Value = refresh(&emu, t["refresh_token"].as_str().unwrap()).await.json().await.unwrap();
    assert_eq!(claims(&n["access_token"]).1["aud"], api, "refresh keeps the resource binding");
    let plain = tokens(&emu).await;
    assert_eq!(api_me(&emu, plain["access_token"].as_str(), APP).await.status(), StatusCode::UNAUTHORIZED);
    let r = authorize(&emu, &authorize_params(&[("resource", "http://evil.example/api")]), None).await;
    assert_eq!(query_of(&location(&r))["error"], "invalid_request");
}

/// docs/COGNITO.md "Scopes": a scope the client does not have is dropped
/// (documented), or refused on the redirect or on Cognito's own error page
/// (observed on real pools).
#[tokio::test]
async fn unsupported_scopes_are_dropped_refused_or_an_error_page() {
    let emu = start().await;
    let mut client = emu.pool().client(CLIENT).unwrap();
    assert_eq!(client.unsupported_scopes, UnsupportedScopes::Error, "refused by default, as real pools do");
    client.allowed_scopes = vec!["openid".into(), "email".into()];
    client.unsupported_scopes = UnsupportedScopes::Drop;
    emu.pool().upsert_client(client.clone());
    let params = authorize_params(&[("scope", "openid email profile")]);
    let (cb, _) = sign_in(&emu, &params).await;
    let t: Value = exchange(&emu, &query_of(&cb)["code"]).await.json().await.unwrap();
    assert_eq!(claims(&t["access_token"]).1["scope"], "openid email");
    client.unsupported_scopes = UnsupportedScopes::Error;
    emu.pool().upsert_client(client.clone());
    let r = authorize(&emu, &params, None).await;
    let q = query_of(&location(&r));
    assert_eq!((q["error"].as_str(), q["state"].as_str()), ("invalid_scope", "st4te"));
    assert!(location(&r).starts_with(CALLBACK));
    // Scopes the client has are fine in this mode.
    let ok = authorize(&emu, &authorize_params(&[("scope", "openid email")]), None).await;
    assert!(location(&ok).starts_with("/login?"));
    client.unsupported_scopes = UnsupportedScopes::ErrorPage;
    emu.pool().upsert_client(client);
    let r = authorize(&emu, &params, None).await;
    assert_eq!(location(&r), format!("/error?error=invalid_scope&client_id={CLIENT}"));
}

/// docs/COGNITO.md "Managed login": the classic hosted UI ignores `prompt`
/// and cannot bind tokens to a `resource`; a `resource` needs a resource
/// server with that identifier.
#[tokio::test]
async fn classic_hosted_ui_ignores_prompt_and_resource_needs_a_resource_server() {
    let emu = start().await;
    let (_, cookie) = sign_in(&emu, &authorize_params(&[])).await;
    let mut client = emu.pool().client(CLIENT).unwrap();
    client.managed_login = false;
    emu.pool().upsert_client(client.clone());
    let forced = authorize(&emu, &authorize_params(&[("prompt", "login")]), Some(&cookie)).await;
    assert!(location(&forced).starts_with(&format!("{CALLBACK}?code=")), "prompt=login ignored");
    let api = emu.origins().api.clone();
    let (cb, _) = sign_in(&emu, &authorize_params(&[("resource", &api)])).await;
    let r = exchange(&emu, &query_of(&cb)["code"]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_grant", "classic UI: no resource binding");
    client.managed_login = true;
    emu.pool().upsert_client(client);
    // Managed login, but no resource server with that identifier.
    emu.pool().set_resource_servers(vec!["https://api.example.com".into()]);
    let (cb, _) = sign_in(&emu, &authorize_params(&[("resource", &api)])).await;
    let r = exchange(&emu, &query_of(&cb)["code"]).await;
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_grant");
    emu.pool().set_resource_servers(vec![api.clone()]);
    let (cb, _) = sign_in(&emu, &authorize_params(&[("resource", &api)])).await;
    let t: Value = exchange(&emu, &query_of(&cb)["code"]).await.json().await.unwrap();
    assert_eq!(claims(&t["access_token"]).1["aud"], api);
}

/// docs/COGNITO.md "Revocation": without CORS headers the token is still
/// revoked; a browser just cannot read the answer.
#[tokio::test]
async fn revoke_without_cors_still_revokes() {
    let emu = start().await;
    emu.pool().set_revoke_cors(false);
    let t = tokens(&emu).await;
    let rt = t["refresh_token"].as_str().unwrap();
    let r = revoke(&emu, &[("token", rt), ("client_id", CLIENT)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(r.headers()), None);
    let pre = http()
        .request(reqwest::Method::OPTIONS, format!("{}/oauth2/revoke", emu.origins().domain))
        .header("Origin", APP)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(acao(pre.headers()), None);
    assert_eq!(refresh(&emu, rt).await.json::<Value>().await.unwrap()["error"], "invalid_grant");
    emu.pool().set_revoke_cors(true);
    let t = tokens(&emu).await;
    let r = revoke(&emu, &[("token", t["refresh_token"].as_str().unwrap()), ("client_id", CLIENT)]).await;
    assert_eq!(acao(r.headers()), Some(APP));
}
