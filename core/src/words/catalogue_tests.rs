//! Every language has every text: the exhaustive `match`es make a missing
//! one a build error; these tests catch a text that is empty or was left in
//! English, over every [`Text`] and a sample of every kind of [`Message`]
//! and finding.

use super::*;
use crate::auth::callback::parse_callback;
use crate::auth::jwt::JwtError;
use crate::auth::timing::ClockError;
use crate::auth::token::parse_token_response;
use crate::auth::{EndReason, NextStep};
use crate::config::{Config, ConfigFile, ConfigLoadError, PageLocation};
use crate::io::NetError;
use crate::session::api::ApiError;
use crate::setup::{config_findings, manual_findings, redirect_findings, Stage, Status};

/// Texts that may read as in English: the same word in that language
/// ("OK", "Email"…), or punctuation around a link.
fn may_read_as_english(language: Language, text: Text) -> bool {
    matches!(text, Text::NotFoundAfter) || matches!((language, text), (Language::French, Text::SetupConfiguration))
}

#[test]
fn every_text_is_written_in_every_language() {
    let english = Words::new(Language::English);
    let mut untranslated = Vec::new();
    for language in Language::ALL {
        let words = Words::new(language);
        for &text in Text::ALL {
            let said = words.text(text);
            assert!(!said.trim().is_empty() || text == Text::NotFoundAfter, "{language:?} {text:?} is empty");
            if language != Language::English && said == english.text(text) && !may_read_as_english(language, text) {
                untranslated.push(format!("{language:?} {text:?}: {said}"));
            }
        }
    }
    assert!(untranslated.is_empty(), "left in English:\n{}", untranslated.join("\n"));
}

fn page() -> PageLocation {
    PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() }
}

#[test]
fn every_kind_of_message_is_written_in_every_language() {
    let errors = [
        AuthError::Callback(parse_callback("error=access_denied&state=s").unwrap_err()),
        AuthError::Token(parse_token_response(400, r#"{"error":"invalid_grant"}"#).unwrap_err()),
        AuthError::IdToken(JwtError::BadSignature),
        AuthError::SessionEnded(EndReason::SignedOut),
        AuthError::Clock(ClockError { offset_secs: 3600 }),
        AuthError::Offline,
        AuthError::Renewing,
    ];
    let load = [
        ConfigLoadError::NotFound { url: "https://x.example/config.json".into() },
        ConfigLoadError::Http { url: "https://x.example/config.json".into(), status: 500 },
        ConfigLoadError::Network { url: "https://x.example/config.json".into(), source: NetError::Offline },
    ];
    let bad = Config::from_json(r#"{"clientId":"c","language":"pt"}"#, &page()).unwrap_err();
    let api = [ApiError::NotSignedIn, ApiError::Network(NetError::Timeout { secs: 2 })];
    let config = Config::from_json(r#"{"userPoolId":"us-east-1_A","clientId":"c","signUp":true}"#, &page()).unwrap();
    let mut findings = config_findings(&config);
    findings.extend(redirect_findings(&config, &page()));
    findings.extend(manual_findings(&config));
    let english = Words::new(Language::English);
    let mut untranslated = Vec::new();
    for language in Language::ALL.into_iter().filter(|l| *l != Language::English) {
        let words = Words::new(language);
        let mut same = |what: String, message: Message<'_>| {
            let said = words.say(message);
            // "Problem" is German too.
            let same_word = language == Language::German && what == "Fail";
            if said.trim().is_empty() || (said == english.say(message) && !same_word) {
                untranslated.push(format!("{language:?} {what}: {said}"));
            }
        };
        for e in &errors {
            same(format!("{e:?}"), Message::Error(e));
            same(format!("cause {e:?}"), Message::Cause(e));
        }
        for step in [
            NextStep::SignInAgain,
            NextStep::Retry,
            NextStep::FixConfiguration,
            NextStep::FixClock,
            NextStep::CorrectInput,
        ] {
            same(format!("{step:?}"), Message::NextStep(step));
        }
        for e in &load {
            same(format!("{e:?}"), Message::ConfigLoad(e));
        }
        for p in &bad.0 {
            same(format!("{p:?}"), Message::ConfigProblem(p));
        }
        for file in [ConfigFile::ConfigJson, ConfigFile::AmplifyOutputs] {
            same(format!("{file:?}"), Message::ConfigProblemsIn(file));
            same(format!("hint {file:?}"), Message::ConfigErrorHint(file));
            same(format!("login hint {file:?}"), Message::LoginConfigErrorHint(file));
        }
        for e in &api {
            same(format!("{e:?}"), Message::ApiFailed(e));
        }
        same("details".into(), Message::ProviderDetails("Timeout"));
        same("clock".into(), Message::ClockNotice { offset_secs: -120 });
        same("group".into(), Message::NotInGroup { group: "admins" });
        same("target".into(), Message::ApiTarget { base_url: "https://api.example.com" });
        same("batch".into(), Message::ApiBatch { count: 4, ok: 3, sequential: true, micros: 10_500 });
        for status in [Status::Fail, Status::Manual] {
            same(format!("{status:?}"), Message::Badge(status));
        }
        for stage in [Stage::AuthorizeReached, Stage::CallbackReached, Stage::TokenExchanged, Stage::IdTokenValid] {
            same(format!("{stage:?}"), Message::Stage(stage));
        }
        for finding in &findings {
            let (said, english) = (words.finding(finding), english.finding(finding));
            // A detail may be a value (the client ID): the title tells.
            if said.title == english.title {
                untranslated.push(format!("{language:?} {finding:?}: {said:?}"));
            }
        }
    }
    assert!(untranslated.is_empty(), "left in English:\n{}", untranslated.join("\n"));
}
