//! `/oauth2/token`: the code exchange, its errors, single-use codes, and
//! refresh with and without rotation.

use crate::support::*;

#[tokio::test]
async fn code_flow_issues_cognito_shaped_tokens() {
    let emu = start().await;
    let (callback, cookie) = sign_in(&emu, &authorize_params(&[])).await;
    assert!(cookie.starts_with("cognito_emulator_session_"));
    let q = query_of(&callback);
    assert!(callback.starts_with(&format!("{CALLBACK}?")));
    assert_eq!(q["state"], "st4te");
    assert_eq!(q["code"].len(), 36, "codes are UUIDs");
    let r = exchange(&emu, &q["code"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(r.headers()), Some(APP));
    assert_eq!(r.headers()["cache-control"], "no-cache, no-store, max-age=0, must-revalidate");
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 3600);
    assert!(t["refresh_token"].as_str().unwrap().starts_with("eyJj"));
    let mut fields: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort();
    assert_eq!(fields, ["access_token", "expires_in", "id_token", "refresh_token", "token_type"]);

    let (header, id) = claims(&t["id_token"]);
    assert_eq!(header.as_object().unwrap().len(), 2, "header is only kid and alg: {header}");
    assert_eq!(header["alg"], "RS256");
    let sub = emu.pool().user_sub(USER).unwrap();
    assert_eq!(id["sub"], sub);
    assert_eq!(id["aud"], CLIENT);
    assert_eq!(id["iss"], emu.issuer());
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["cognito:username"], USER);
    assert_eq!(id["email"], USER);
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["nonce"], "n0nce");
    assert_eq!(id["cognito:groups"], json!(["admins"]));
    assert_eq!(id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(), 3600);
    for k in ["jti", "origin_jti", "event_id", "auth_time"] {
        assert!(id.get(k).is_some(), "ID token lacks {k}");
    }
    let digest = Sha256::digest(t["access_token"].as_str().unwrap().as_bytes());
    assert_eq!(id["at_hash"], URL_SAFE_NO_PAD.encode(&digest[..16]));

    let (_, access) = claims(&t["access_token"]);
    assert_eq!(access["client_id"], CLIENT);
    assert!(access.get("aud").is_none());
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["scope"], "openid email profile");
    assert_eq!(access["username"], USER);
    assert_eq!(access["version"], 2);
    assert_eq!(access["origin_jti"], id["origin_jti"]);
}

#[tokio::test]
async fn token_endpoint_errors() {
    let emu = start().await;
    // JSON instead of a form.
    let r = http()
        .post(format!("{}/oauth2/token", emu.origins().domain))
        .header("Origin", APP)
        .json(&json!({"grant_type": "authorization_code"}))
        .send()
        .await
        .unwrap();
    assert_eq!(acao(r.headers()), Some(APP), "CORS on errors too");
    assert_eq!(error_of(r).await, (StatusCode::BAD_REQUEST, json!({"error": "invalid_request"})));
    let r = token_request(&emu, &[("client_id", CLIENT)]).await;
    assert_eq!(error_of(r).await.1, json!({"error": "invalid_request"}));
    let r = token_request(&emu, &[("grant_type", "password"), ("client_id", CLIENT)]).await;
    assert_eq!(error_of(r).await.1, json!({"error": "unsupported_grant_type"}));
    let r = token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", "nope"), ("code", "x")]).await;
    assert_eq!(error_of(r).await.1, json!({"error": "invalid_client"}));
    let r = token_request(&emu, &[("grant_type", "refresh_token"), ("client_id", CLIENT)]).await;
    assert_eq!(error_of(r).await.1, json!({"error": "invalid_request"}));
    let r = refresh(&emu, "not-a-token").await;
    assert_eq!(error_of(r).await.1, json!({"error": "invalid_grant"}));
}

#[tokio::test]
async fn codes_are_single_use_and_bound_to_verifier_and_redirect_uri() {
    let emu = start().await;
    let grant = |code: &str, redirect: &str, verifier: &str| {
        let (c, r, v) = (code.to_string(), redirect.to_string(), verifier.to_string());
        let emu = &emu;
        async move {
            let mut form = vec![
                ("grant_type", "authorization_code"),
                ("client_id", CLIENT),
                ("code", c.as_str()),
                ("redirect_uri", r.as_str()),
            ];
            if !v.is_empty() {
                form.push(("code_verifier", v.as_str()));
            }
            error_of(token_request(emu, &form).await).await
        }
    };
    let invalid_grant = (StatusCode::BAD_REQUEST, json!({"error": "invalid_grant"}));
    // PKCE mismatch, and the code is then consumed.
    let code = code_for(&emu).await;
    assert_eq!(grant(&code, CALLBACK, "wrong-verifier-wrong-verifier-wrong-verifier").await, invalid_grant);
    assert_eq!(grant(&code, CALLBACK, VERIFIER).await, invalid_grant);
    // Missing verifier.
    let code = code_for(&emu).await;
    assert_eq!(grant(&code, CALLBACK, "").await, invalid_grant);
    // Wrong redirect URI.
    let code = code_for(&emu).await;
    assert_eq!(grant(&code, "http://localhost:8585/other", VERIFIER).await, invalid_grant);
    // Reuse.
    let code = code_for(&emu).await;
    assert_eq!(grant(&code, CALLBACK, VERIFIER).await.0, StatusCode::OK);
    assert_eq!(grant(&code, CALLBACK, VERIFIER).await, invalid_grant);
    // Downgrade: a verifier for a code issued without a challenge.
    let params = authorize_params(&[("code_challenge", ""), ("code_challenge_method", "")]);
    let (cb, _) = sign_in(&emu, &params).await;
    assert_eq!(grant(&query_of(&cb)["code"], CALLBACK, VERIFIER).await, invalid_grant);
    // Without PKCE at all (Cognito does not require it).
    let (cb, _) = sign_in(&emu, &params).await;
    assert_eq!(grant(&query_of(&cb)["code"], CALLBACK, "").await.0, StatusCode::OK);
    // Expired: five minutes later.
    let code = code_for(&emu).await;
    emu.pool().set_clock_skew(301);
    assert_eq!(grant(&code, CALLBACK, VERIFIER).await, invalid_grant);
}

#[tokio::test]
async fn refresh_without_rotation_keeps_the_refresh_token_and_auth_time() {
    let emu = start().await;
    let t = tokens(&emu).await;
    let (_, first) = claims(&t["id_token"]);
    emu.pool().set_clock_skew(5);
    let r = refresh(&emu, t["refresh_token"].as_str().unwrap()).await;
    assert_eq!(acao(r.headers()), Some(APP));
    let n: Value = r.json().await.unwrap();
    assert!(n.get("refresh_token").is_none());
    let (_, id) = claims(&n["id_token"]);
    assert_eq!(id["auth_time"], first["auth_time"]);
    assert_eq!(id["origin_jti"], first["origin_jti"]);
    assert!(id.get("nonce").is_none());
    assert_eq!(id["iat"].as_i64().unwrap(), first["iat"].as_i64().unwrap() + 5);
    // Still usable.
    assert_eq!(refresh(&emu, t["refresh_token"].as_str().unwrap()).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn refresh_with_rotation_replaces_the_token_after_the_grace_period() {
    let emu = start().await;
    let mut client = emu.pool().client(CLIENT).unwrap();
    client.refresh_token_rotation = Some(0);
    emu.pool().upsert_client(client.clone());
    let t = tokens(&emu).await;
    let old = t["refresh_token"].as_str().unwrap();
    let n: Value = refresh(&emu, old).await.json().await.unwrap();
    let new = n["refresh_token"].as_str().expect("rotated token");
    assert_ne!(new, old);
    assert_eq!(error_of(refresh(&emu, old).await).await.1, json!({"error": "invalid_grant"}));
    assert_eq!(refresh(&emu, new).await.status(), StatusCode::OK);

    // With a grace period the old token works until it ends.
    client.refresh_token_rotation = Some(30);
    emu.pool().upsert_client(client);
    let t = tokens(&emu).await;
    let old = t["refresh_token"].as_str().unwrap();
    assert_eq!(refresh(&emu, old).await.status(), StatusCode::OK);
    assert_eq!(refresh(&emu, old).await.status(), StatusCode::OK);
    emu.pool().set_clock_skew(31);
    assert_eq!(refresh(&emu, old).await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn rotated_tokens_keep_the_first_expiry_and_auth_time_can_move() {
    let emu = start().await;
    let mut client = emu.pool().client(CLIENT).unwrap();
    client.refresh_token_rotation = Some(0);
    client.refresh_token_validity = 100;
    client.auth_time_on_refresh = AuthTimeOnRefresh::Moves;
    emu.pool().upsert_client(client);
    let t = tokens(&emu).await;
    let (_, first) = claims(&t["id_token"]);
    // Moves: a refreshed ID token carries the refresh's time.
    emu.pool().set_clock_skew(60);
    let n: Value = refresh(&emu, t["refresh_token"].as_str().unwrap()).await.json().await.unwrap();
    let (_, id) = claims(&n["id_token"]);
    // (The wall clock may tick a second between the two requests.)
    let moved = id["auth_time"].as_i64().unwrap() - first["auth_time"].as_i64().unwrap();
    assert!((60..=61).contains(&moved), "auth_time moved by {moved} s, not the 60 s of the clock skew");
    // Rotation does not extend the session: the rotated token expires with
    // the first one (100 s after sign-in).
    emu.pool().set_clock_skew(101);
    let r = refresh(&emu, n["refresh_token"].as_str().unwrap()).await;
    assert_eq!(error_of(r).await.1, json!({"error": "invalid_grant"}));
}
