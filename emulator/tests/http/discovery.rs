//! Discovery and the JWKS: the documents a client reads first.

use crate::support::*;

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
