//! Browser tests of the shell (`wasm-bindgen-test` in headless Chromium,
//! `cargo test -p cognito-login --target wasm32-unknown-unknown`): WebCrypto,
//! the pending-login store, the fatal error page, the tab channel's barrier.

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod webcrypto {
    use crate::browser::crypto::{fill_random, verify_rs256};
    use cognito_login_core::auth::jwt::RsaJwk;
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::*;
    use web_sys::CryptoKey;

    fn obj(pairs: &[(&str, JsValue)]) -> Object {
        let o = Object::new();
        for (k, v) in pairs {
            Reflect::set(&o, &(*k).into(), v).unwrap();
        }
        o
    }

    fn get(o: &JsValue, k: &str) -> JsValue {
        Reflect::get(o, &k.into()).unwrap()
    }

    /// A fresh RSA key pair made by WebCrypto itself, a signature over
    /// `data`, and the public key as the JWK the app would read from a JWKS.
    async fn signed_fixture(data: &[u8]) -> (RsaJwk, Vec<u8>) {
        let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
        let exponent = Uint8Array::from(&[1u8, 0, 1][..]);
        let algorithm = obj(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("modulusLength", 2048.into()),
            ("publicExponent", exponent.into()),
            ("hash", "SHA-256".into()),
        ]);
        let usages = Array::of2(&"sign".into(), &"verify".into());
        let pair = JsFuture::from(subtle.generate_key_with_object(&algorithm, true, &usages).unwrap()).await.unwrap();
        let private: CryptoKey = get(&pair, "privateKey").unchecked_into();
        let public: CryptoKey = get(&pair, "publicKey").unchecked_into();
        let sign_algo = obj(&[("name", "RSASSA-PKCS1-v1_5".into())]);
        let sig =
            JsFuture::from(subtle.sign_with_object_and_u8_array(&sign_algo, &private, data).unwrap()).await.unwrap();
        let sig = Uint8Array::new(&sig).to_vec();
        let jwk = JsFuture::from(subtle.export_key("jwk", &public).unwrap()).await.unwrap();
        let key = RsaJwk {
            kid: Some("k".into()),
            n: get(&jwk, "n").as_string().unwrap(),
            e: get(&jwk, "e").as_string().unwrap(),
        };
        (key, sig)
    }

    #[wasm_bindgen_test]
    async fn rs256_accepts_a_valid_signature_and_rejects_a_one_bit_change() {
        let data = b"eyJraWQiOiJrIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJ4In0";
        let (key, sig) = signed_fixture(data).await;
        assert_eq!(verify_rs256(&key, data, &sig).await, Ok(true));
        let mut flipped = sig.clone();
        flipped[17] ^= 0x01;
        assert_eq!(verify_rs256(&key, data, &flipped).await, Ok(false));
        let mut changed = data.to_vec();
        changed[40] ^= 0x01;
        assert_eq!(verify_rs256(&key, &changed, &sig).await, Ok(false));
        let broken = RsaJwk { kid: None, n: "not base64!".into(), e: "AQAB".into() };
        assert!(verify_rs256(&broken, data, &sig).await.is_err());
    }

    #[wasm_bindgen_test]
    fn random_bytes_are_random() {
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        fill_random(&mut a).unwrap();
        fill_random(&mut b).unwrap();
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
    }
}

mod storage_markers {
    use crate::browser::storage::{marker, save, set_marker};
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn are_saved_read_and_removed() {
        save("cognito-login:test-key", "value").unwrap();
        assert_eq!(marker("cognito-login:test-key").as_deref(), Some("value"));
        set_marker("cognito-login:test-key", None);
        assert_eq!(marker("cognito-login:test-key"), None);
    }
}

/// Defines `boot.js`'s fatal page on this test page as `boot.js` does (its
/// one copy, run from the file's text: `const fatal = …` to the first `};`).
fn define_boot_fatal_page() {
    let boot = include_str!("../../boot.js");
    let start = boot.find("const WORDS = ").expect("boot.js defines its words before the fatal page");
    let fatal = boot.find("const fatal = ").expect("boot.js defines the fatal page");
    let end = fatal + boot[fatal..].find("\n};\n").expect("the fatal page's end") + 3;
    let source =
        format!("{}\nwindow.{} = fatal;", &boot[start..end], cognito_login_core::session::landing::FATAL_GLOBAL);
    js_sys::Function::new_no_args(&source)
        .call0(&wasm_bindgen::JsValue::UNDEFINED)
        .expect("the fatal page's script runs");
}

#[wasm_bindgen_test]
fn the_fatal_error_page_is_an_alert_with_a_reload_link() {
    define_boot_fatal_page();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    crate::browser::panic::show_fatal_error(&root);
    let alert = root.query_selector("[role=alert]").unwrap().expect("an alert");
    assert!(alert.text_content().unwrap().contains("Something went wrong"));
    let link = alert.query_selector("a").unwrap().expect("a reload link");
    assert_eq!(link.get_attribute("href").as_deref(), Some(""));
}

/// Two deployments of the app on one origin (`/a/` and `/b/`) talk on
/// channels of their own: a tab of one never hears the other.
#[wasm_bindgen_test]
async fn two_deployments_do_not_hear_each_other() {
    use crate::browser::tabs::TabChannel;
    use cognito_login_core::session::landing::Names;
    use std::cell::RefCell;
    use std::rc::Rc;
    let (a, b) = (Names::new("client1", "/a/"), Names::new("client2", "/b/"));
    let received = Rc::new(RefCell::new(Vec::<String>::new()));
    let seen = received.clone();
    let _here = TabChannel::open(&a.channel, move |text| seen.borrow_mut().push(text)).expect("BroadcastChannel");
    let other_app = TabChannel::open(&b.channel, |_| {}).expect("BroadcastChannel");
    let sibling = TabChannel::open(&a.channel, |_| {}).expect("BroadcastChannel");
    other_app.post("from b");
    sibling.post("from a");
    for _ in 0..200 {
        if !received.borrow().is_empty() {
            break;
        }
        crate::browser::nav::sleep(10).await;
    }
    crate::browser::nav::sleep(100).await;
    assert_eq!(*received.borrow(), vec!["from a".to_string()]);
}

/// The holder's hand-over: what one tab seals to another's key, that tab
/// opens; a third tab's key cannot.
#[wasm_bindgen_test]
async fn a_sealed_refresh_token_opens_only_with_its_key() {
    use crate::browser::crypto::{make_key, open, seal};
    let (successor, public) = make_key().await.expect("ECDH");
    let (other, _) = make_key().await.expect("ECDH");
    let envelope = seal(&public, "refresh-secret").await.expect("sealed");
    assert!(!envelope.contains("refresh-secret"));
    assert_eq!(open(&successor, &envelope).await.expect("opened"), "refresh-secret");
    assert!(open(&other, &envelope).await.is_err(), "another tab's key opens nothing");
    assert!(open(&successor, "not.an.envelope").await.is_err());
}
