//! HTTP-level tests: a real HTTP client against the emulator on ephemeral
//! ports, one documented Cognito behaviour (docs/COGNITO.md) per test.

mod support;

use support::*;

#[tokio::test]
async fn discovery_has_exactly_cognitos_twelve_keys_and_every_endpoint_answers() {
    let emu = start().await;
    let url = format!("{}/.well-known/openid-configuration", emu.issuer());
    let r = http().get(&url).header("Origin", APP).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(r.headers()), Some("*"));
    let doc: Value = r.json().await.unwrap();
    let mut keys: Vec<&str> = doc.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "authorization_endpoint",
            "end_session_endpoint",
            "id_token_signing_alg_values_supported",
            "issuer",
            "jwks_uri",
            "response_types_supported",
            "revocation_endpoint",
            "scopes_supported",
            "subject_types_supported",
            "token_endpoint",
            "token_endpoint_auth_methods_supported",
            "userinfo_endpoint"
        ]
    );
    assert_eq!(doc["issuer"], emu.issuer());
    assert!(doc.get("code_challenge_methods_supported").is_none());
    let s = |k: &str| doc[k].as_str().unwrap().to_string();
    assert!(s("userinfo_endpoint").ends_with("/oauth2/userInfo"));
    // Every endpoint answers (with its error for an empty request).
    let c = http();
    assert_eq!(c.get(s("jwks_uri")).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(c.get(s("authorization_endpoint")).send().await.unwrap().status(), StatusCode::FOUND);
    assert_eq!(c.post(s("token_endpoint")).send().await.unwrap().status(), StatusCode::BAD_REQUEST);
    assert_eq!(c.post(s("revocation_endpoint")).send().await.unwrap().status(), StatusCode::BAD_REQUEST);
    assert_eq!(c.get(s("userinfo_endpoint")).send().await.unwrap().status(), StatusCode::BAD_REQUEST);
    assert_eq!(c.get(s("end_session_endpoint")).send().await.unwrap().status(), StatusCode::BAD_REQUEST);
    // Another pool ID is unknown.
    let other = format!("{}/us-east-1_Other/.well-known/openid-configuration", emu.origins().issuer_origin);
    assert_eq!(c.get(other).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn jwks_has_two_rsa_keys_with_cognito_style_kids() {
    let emu = start().await;
    let r = http().get(format!("{}/.well-known/jwks.json", emu.issuer())).send().await.unwrap();
    assert_eq!(acao(r.headers()), Some("*"));
    let jwks: Value = r.json().await.unwrap();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    for k in keys {
        assert_eq!(k["kty"], "RSA");
        assert_eq!(k["alg"], "RS256");
        assert_eq!(k["e"], "AQAB");
        let kid = k["kid"].as_str().unwrap();
        assert_eq!(kid.len(), 44, "{kid}");
        assert!(kid.ends_with('='));
    }
    assert_ne!(keys[0]["kid"], keys[1]["kid"]);
    // ID and access tokens are signed by different keys.
    let t = tokens(&emu).await;
    let (id_header, _) = claims(&t["id_token"]);
    let (access_header, _) = claims(&t["access_token"]);
    assert_ne!(id_header["kid"], access_header["kid"]);
    let kids: Vec<&Value> = keys.iter().map(|k| &k["kid"]).collect();
    assert!(kids.contains(&&id_header["kid"]) && kids.contains(&&access_header["kid"]));
}

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
    assert_eq!(id["auth_time"].as_i64().unwrap(), first["auth_time"].as_i64().unwrap() + 60);
    // Rotation does not extend the session: the rotated token expires with
    // the first one (100 s after sign-in).
    emu.pool().set_clock_skew(101);
    let r = refresh(&emu, n["refresh_token"].as_str().unwrap()).await;
    assert_eq!(error_of(r).await.1, json!({"error": "invalid_grant"}));
}

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

#[tokio::test]
async fn revocation_invalidates_the_refresh_token_and_its_access_tokens() {
    let emu = start().await;
    let t = tokens(&emu).await;
    let rt = t["refresh_token"].as_str().unwrap();
    let at = t["access_token"].as_str().unwrap();
    let r = revoke(&emu, &[("token", at), ("client_id", CLIENT)]).await;
    assert_eq!(acao(r.headers()), None, "no CORS headers on revoke by default");
    assert_eq!(error_of(r).await, (StatusCode::BAD_REQUEST, json!({"error": "unsupported_token_type"})));
    assert_eq!(
        error_of(revoke(&emu, &[("client_id", CLIENT)]).await).await,
        (StatusCode::BAD_REQUEST, json!({"error": "invalid_request"}))
    );
    assert_eq!(
        error_of(revoke(&emu, &[("token", rt), ("client_id", "nope")]).await).await,
        (StatusCode::UNAUTHORIZED, json!({"error": "invalid_client"}))
    );
    let r = revoke(&emu, &[("token", "unknown"), ("client_id", CLIENT)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "");

    assert_eq!(userinfo(&emu, Some(at)).await.status(), StatusCode::OK);
    let r = revoke(&emu, &[("token", rt), ("client_id", CLIENT)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(error_of(refresh(&emu, rt).await).await.1, json!({"error": "invalid_grant"}));
    assert_eq!(userinfo(&emu, Some(at)).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn revocation_can_be_disabled_per_client() {
    let emu = start().await;
    let mut client = emu.pool().client(CLIENT).unwrap();
    client.enable_token_revocation = false;
    emu.pool().upsert_client(client);
    let t = tokens(&emu).await;
    let (_, id) = claims(&t["id_token"]);
    assert!(id.get("origin_jti").is_none() && id.get("jti").is_none());
    let r = revoke(&emu, &[("token", t["refresh_token"].as_str().unwrap()), ("client_id", CLIENT)]).await;
    assert_eq!(error_of(r).await, (StatusCode::BAD_REQUEST, json!({"error": "invalid_request"})));
}

#[tokio::test]
async fn logout_returns_to_a_registered_url_and_ends_the_session() {
    let emu = start().await;
    let (_, cookie) = sign_in(&emu, &authorize_params(&[])).await;
    let logout = |q: &'static str| {
        let url = format!("{}/logout?{q}", emu.origins().domain);
        let cookie = cookie.clone();
        async move { http().get(url).header("Cookie", cookie).send().await.unwrap() }
    };
    let r = logout("client_id=localdevclient000000000000&logout_uri=http%3A%2F%2Flocalhost%3A8585%2Fother").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("Required String parameter &#39;redirect_uri&#39; is not present"));
    let r = logout("logout_uri=http%3A%2F%2Flocalhost%3A8585%2F").await;
    assert!(r.text().await.unwrap().contains("client_id"));
    // The session survived the failed attempts.
    assert!(location(&authorize(&emu, &authorize_params(&[]), Some(&cookie)).await).starts_with(CALLBACK));

    let r = logout("client_id=localdevclient000000000000&logout_uri=http%3A%2F%2Flocalhost%3A8585%2F").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "http://localhost:8585/", "no state is appended");
    assert!(r.headers()[SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    let again = authorize(&emu, &authorize_params(&[]), Some(&cookie)).await;
    assert!(location(&again).starts_with("/login?"), "the form is shown again");
}

#[tokio::test]
async fn logout_with_redirect_uri_goes_to_the_login_form() {
    let emu = start().await;
    let r = http()
        .get(format!("{}/logout", emu.origins().domain))
        .query(&[("client_id", CLIENT), ("response_type", "code"), ("redirect_uri", CALLBACK), ("state", "s")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    let loc = location(&r);
    assert!(loc.starts_with("/login?"));
    let q = query_of(&loc);
    assert_eq!(q["state"], "s");
    assert_eq!(q["scope"], "openid email profile phone", "omitted scope means every enabled scope");
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
