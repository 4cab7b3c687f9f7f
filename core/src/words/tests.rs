//! The English catalogue says what the pages said before the words moved
//! here (the end-to-end tests read much of it), and an app's words come
//! first.

use super::*;
use crate::auth::callback::{parse_callback, CallbackError};
use crate::auth::jwt::{JwtError, KeysError};
use crate::auth::timing::ClockError;
use crate::auth::token::{parse_token_response, TokenError};
use crate::auth::{EndCode, EndReason, NextStep, OAuthErrorCode};
use crate::io::NetError;
use crate::session::api::ApiError;

fn english(message: Message<'_>) -> String {
    Words::default().say(message)
}

#[test]
fn each_provider_error_is_explained() {
    for (error, needle) in [
        ("access_denied", "cancelled"),
        ("invalid_request", "malformed"),
        ("unauthorized_client", "Authorization code grant"),
        ("invalid_scope", "scopes"),
        ("login_required", "sign in again"),
        ("server_error", "Wait a moment"),
        ("something_new", "reported an error"),
    ] {
        let e = AuthError::Callback(parse_callback(&format!("error={error}&state=s")).unwrap_err());
        let text = english(Message::Error(&e));
        assert!(text.starts_with("Sign-in failed: ") && text.contains(needle) && text.contains(error), "{text}");
    }
    let federated = CallbackError::Provider {
        error: OAuthErrorCode::from_answer("invalid_request", Some("Timeout occurred in calling IdP token endpoint")),
        description: Some("Timeout occurred in calling IdP token endpoint".into()),
    };
    let explained = Words::default().explain(&AuthError::Callback(federated));
    assert!(explained.body.contains("Signing in through your identity provider did not work"), "{explained:?}");
    assert_eq!(
        explained.details.as_deref(),
        Some("Details from the sign-in service, as it sent them: “Timeout occurred in calling IdP token endpoint”")
    );
    assert_eq!((explained.title.as_str(), explained.action.as_str()), ("Sign-in did not complete", "Try again"));
}

#[test]
fn token_endpoint_errors_name_both_causes_of_invalid_grant() {
    let e = AuthError::Token(parse_token_response(400, r#"{"error":"invalid_grant"}"#).unwrap_err());
    let text = english(Message::Error(&e));
    assert!(text.contains("already used") && text.contains("email_verified"), "{text}");
    let e = AuthError::Token(TokenError::Network(NetError::Timeout { secs: 2 }));
    assert!(english(Message::Error(&e)).contains("no answer within 2 seconds"));
}

#[test]
fn token_errors_keep_their_sentences() {
    let e = AuthError::IdToken(JwtError::BadSignature);
    assert_eq!(english(Message::Error(&e)), "Sign-in failed: the ID token has an invalid signature. It was discarded.");
    let keys = AuthError::IdToken(JwtError::KeysUnavailable(KeysError::Status { url: "u".into(), status: 503 }));
    let text = english(Message::Error(&keys));
    assert!(text.contains("signing keys could not be loaded (HTTP 503 from u)"), "{text}");
    let changed = AuthError::SessionEnded(EndReason::IdToken(JwtError::SessionChanged("sub")));
    assert!(english(Message::Error(&changed)).contains("(sub changed)"));
}

#[test]
fn causes_drop_the_sign_in_framing() {
    let e = AuthError::Token(TokenError::Throttled { status: 429 });
    assert!(english(Message::Error(&e)).starts_with("Sign-in failed"));
    let cause = english(Message::Cause(&e));
    assert!(!cause.contains("Sign-in failed") && cause.contains("429"), "{cause}");
    assert_eq!(english(Message::Cause(&AuthError::Renewing)), english(Message::Error(&AuthError::Renewing)));
}

#[test]
fn ended_sessions_say_why() {
    let refused = AuthError::SessionEnded(EndReason::Refused(OAuthErrorCode::InvalidGrant));
    let explained = Words::default().explain(&refused);
    assert!(explained.body.starts_with("Your session has ended: ") && explained.body.contains("account was disabled"));
    assert_eq!((explained.title.as_str(), explained.action.as_str()), ("You have been signed out", "Sign in again"));
    assert_eq!(explained.next_step, english(Message::NextStep(NextStep::SignInAgain)));
    let elsewhere = AuthError::SessionEnded(EndReason::Elsewhere(EndCode::Invalid));
    assert!(english(Message::Error(&elsewhere)).contains("noticed in another tab"));
}

#[test]
fn clock_offsets_are_worded_in_minutes_and_direction() {
    let behind = AuthError::Clock(ClockError { offset_secs: 1800 });
    assert!(english(Message::Error(&behind)).contains("about 30 minutes behind"));
    let ahead = AuthError::Clock(ClockError { offset_secs: -1800 });
    assert!(english(Message::Error(&ahead)).contains("30 minutes ahead of"));
    assert!(english(Message::ClockNotice { offset_secs: 600 }).contains("about 10 minutes behind"));
}

#[test]
fn api_failures_say_what_failed() {
    let timeout = ApiError::Network(NetError::Timeout { secs: 2 });
    assert_eq!(
        english(Message::ApiFailed(&timeout)),
        "The call failed: the API could not be reached (no answer within 2 seconds)."
    );
    let batch = Message::ApiBatch { count: 4, ok: 3, sequential: false, micros: 10_500 };
    assert_eq!(english(batch), "4 requests sent at once: 3 succeeded, 1 failed, in 10 ms (2.625 ms each)");
    let one = Message::ApiBatch { count: 1, ok: 1, sequential: true, micros: 7_000 };
    assert_eq!(english(one), "1 request sent one after another: 1 succeeded, 0 failed, in 7 ms (7.000 ms each)");
    assert_eq!(
        english(Message::ClockNotice { offset_secs: 60 }).split(" the sign-in").next(),
        Some("Your device's clock is about 1 minute behind")
    );
}

#[test]
fn the_start_page_speaks_the_landing_modules_words_in_every_language() {
    for language in Language::ALL {
        let (words, start) = (Words::new(language), start::words(language));
        for (text, expected) in [
            (Text::SignIn, start.sign_in),
            (Text::SigningIn, start.signing_in),
            (Text::Loading, start.loading),
            (Text::SignedOut, start.signed_out),
            (Text::CreateAccount, start.create_account),
            (Text::Account, start.account),
        ] {
            assert_eq!(words.text(text), expected, "{language:?} {text:?}");
        }
        let option =
            crate::config::SignInOption { provider: crate::config::Provider::Named("Google".into()), label: None };
        assert_eq!(words.say(Message::SignInOption(&option)), start.sign_in_option(&option), "{language:?}");
    }
}

#[test]
fn an_apps_words_come_first_and_the_language_answers_the_rest() {
    let words = Words::new(Language::English).replacing(|_, m| match m {
        Message::Error(AuthError::Offline) => Some("No network.".into()),
        Message::Text(Text::SignedOutTitle) => Some("Logged out".into()),
        _ => None,
    });
    assert_eq!(words.explain(&AuthError::Offline).body, "No network.");
    assert_eq!(words.explain(&AuthError::Renewing).body, english(Message::Error(&AuthError::Renewing)));
    let ended = AuthError::SessionEnded(EndReason::SignedOut);
    assert_eq!(words.explain(&ended).title, "Logged out");
    assert_eq!(words.language(), Language::English);
    assert!(format!("{words:?}").contains("replaced: true"));
}

#[test]
fn the_page_chooses_the_language_unless_the_app_fixed_one() {
    let chosen = Words::default().in_language(Language::German);
    assert_eq!((chosen.language(), chosen.fixed_language()), (Language::German, None));
    let fixed = Words::new(Language::French).in_language(Language::German);
    assert_eq!((fixed.language(), fixed.fixed_language()), (Language::French, Some(Language::French)));
    let replaced = Words::default()
        .replacing(|language, m| match m {
            Message::Text(Text::SignIn) => Some(format!("{} sign-in", language.code())),
            _ => None,
        })
        .in_language(Language::Japanese);
    assert_eq!(replaced.text(Text::SignIn), "ja sign-in", "the replacement is told the language");
}

/// `boot.js` carries the catalogue's words for when no WebAssembly runs (a
/// page that could not start, a trap): one line per language, checked
/// here against the catalogue.
#[test]
fn boot_js_carries_the_catalogues_words_in_every_language() {
    let boot = include_str!("../../../boot.js");
    let table = &boot[boot.find("const WORDS = {\n").expect("boot.js's words")..];
    let table = &table[..table.find("\n};\n").expect("the end of boot.js's words")];
    let mut expected = Vec::new();
    for language in Language::ALL {
        let words = Words::new(language);
        let texts: Vec<String> =
            [Text::FatalTitle, Text::FatalBody, Text::ReloadPage, Text::NotStarted].map(|t| words.text(t)).into();
        expected.push(format!(
            "  {}: {},",
            language.code(),
            serde_json::to_string(&texts).unwrap().replace("\",\"", "\", \"")
        ));
    }
    let found: Vec<&str> = table.lines().skip(1).collect();
    assert_eq!(found, expected, "boot.js's WORDS should be exactly:\n{}", expected.join("\n"));
    // index.html's static message (no script runs there to choose) is the English one.
    let index = include_str!("../../../index.html");
    assert!(index.contains(&Words::new(Language::English).text(Text::NotStarted)), "index.html's message");
}
