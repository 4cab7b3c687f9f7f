//! The Japanese catalogue through the public API: the start page, counted
//! minutes, the API console's numbers, an alert and a setup finding.

use crate::auth::callback::parse_callback;
use crate::auth::timing::ClockError;
use crate::auth::{AuthError, EndReason, OAuthErrorCode};
use crate::config::{Provider, SignInOption};
use crate::setup::Finding;
use crate::words::{start, Language, Message, Text, Words};

fn japanese() -> Words {
    Words::new(Language::Japanese)
}

#[test]
fn the_start_page_speaks_japanese() {
    let words = japanese();
    assert_eq!(words.text(Text::SignIn), "サインイン");
    assert_eq!(words.text(Text::SignOut), "サインアウト");
    let google = SignInOption { provider: Provider::Named("Google".into()), label: None };
    assert_eq!(words.say(Message::SignInOption(&google)), "Googleで続ける");
    let saml = SignInOption { provider: Provider::Identifier("example.com".into()), label: None };
    assert_eq!(words.say(Message::SignInOption(&saml)), "example.comのアカウントで続ける");
    assert_eq!(start::words(Language::Japanese).sign_in, "サインイン");
}

#[test]
fn clock_offsets_count_minutes_and_say_the_direction() {
    let words = japanese();
    let one = words.say(Message::ClockNotice { offset_secs: 60 });
    assert!(one.starts_with("お使いのデバイスの時計は、サインインサービスの時計より約1分遅れています。"), "{one}");
    let two = words.say(Message::ClockNotice { offset_secs: -125 });
    assert!(two.contains("約2分進んでいます。"), "{two}");
    let stopped = words.say(Message::Error(&AuthError::Clock(ClockError { offset_secs: 1800 })));
    assert!(stopped.starts_with("サインインを中止しました：") && stopped.contains("約30分遅れています"), "{stopped}");
}

#[test]
fn the_api_console_counts_requests_and_milliseconds() {
    let batch = Message::ApiBatch { count: 4, ok: 3, sequential: false, micros: 10_500 };
    assert_eq!(
        japanese().say(batch),
        "4件のリクエストを同時に送信：成功3件、失敗1件、合計10ミリ秒（1件あたり2.625ミリ秒）"
    );
    assert_eq!(japanese().say(Message::ApiStatus { status: 200, millis: 12 }), "HTTP 200（12ミリ秒）");
}

#[test]
fn an_alert_explains_in_japanese_and_quotes_the_provider_as_sent() {
    let e = AuthError::Callback(
        parse_callback("error=access_denied&error_description=User+cancelled&state=s").unwrap_err(),
    );
    let explained = japanese().explain(&e);
    assert_eq!(explained.title, "サインインを完了できませんでした");
    assert_eq!(explained.action, "もう一度試す");
    assert!(
        explained.body.starts_with("サインインに失敗しました：")
            && explained.body.ends_with("（エラー：access_denied）")
    );
    assert_eq!(
        explained.details.as_deref(),
        Some("サインインサービスから届いた詳細（原文のまま）：「User cancelled」")
    );
    let ended = japanese().explain(&AuthError::SessionEnded(EndReason::Refused(OAuthErrorCode::InvalidGrant)));
    assert_eq!((ended.title.as_str(), ended.action.as_str()), ("サインアウトされました", "もう一度サインイン"));
    assert!(ended.body.starts_with("セッションが終了しました：") && ended.body.contains("invalid_grant"));
}

#[test]
fn a_finding_keeps_the_console_path_and_words_the_rest() {
    let text = japanese().finding(&Finding::NoHostedUi);
    assert_eq!(text.title, "ホストされたUIのドメイン");
    assert!(text.fix[0].starts_with("Cognito console → 対象のユーザープール → Branding"), "{:?}", text.fix);
    assert!(text.fix[0].contains("Create Cognito domain") && text.fix[0].ends_with("。"));
    let client = japanese().finding(&Finding::ClientType);
    assert!(client.fix[0].contains("「Client secret」"), "{:?}", client.fix);
}

#[test]
fn a_config_problem_puts_the_key_in_the_japanese_sentence() {
    let problem = crate::config::ConfigProblem::Missing { key: "userPoolId" };
    assert_eq!(
        japanese().say(Message::ConfigProblem(&problem)),
        "`userPoolId`がありません。ユーザープールID（例：us-east-1_AbCdEf123）を指定してください"
    );
}
