//! Ending a session: `/oauth2/revoke` and `/logout`.

use crate::support::*;

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
