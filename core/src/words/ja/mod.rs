//! The Japanese catalogue (`ja`): every [`Message`] and [`Text`], by the
//! same exhaustive `match`es as `en/`. Polite です/ます style, Japanese
//! full-width punctuation (。、：「」（）), no spaces between Japanese words
//! nor between Japanese and ASCII (`config.jsonの"redirectUri"`). Config
//! keys, OAuth codes, HTTP statuses, URLs, file names, JSON and Cognito
//! console paths (`Cognito console → App clients → …`) stay as in English.
//!
//! Glossary (use these words everywhere):
//!
//! | English                      | 日本語                                  |
//! |------------------------------|-----------------------------------------|
//! | sign in / sign-in            | サインイン（する）                      |
//! | sign out                     | サインアウト（する）                    |
//! | session                      | セッション                              |
//! | renew (a session)            | 更新（する）                            |
//! | sign-in service              | サインインサービス                      |
//! | user pool                    | ユーザープール                          |
//! | User Pool ID                 | ユーザープールID                        |
//! | app client                   | アプリクライアント                      |
//! | App client ID                | アプリクライアントID                    |
//! | public client                | パブリッククライアント                  |
//! | client secret                | クライアントシークレット                |
//! | callback URL                 | コールバックURL                         |
//! | sign-out URL                 | サインアウトURL                         |
//! | setup checker                | セットアップチェッカー                  |
//! | test sign-in                 | テストサインイン                        |
//! | API console                  | APIコンソール                           |
//! | token / ID / access / refresh| トークン／IDトークン／アクセストークン／リフレッシュトークン |
//! | scope                        | スコープ                                |
//! | attribute                    | 属性                                    |
//! | claim                        | クレーム                                |
//! | issuer                       | 発行者（issuer）                        |
//! | identity provider            | IDプロバイダー                          |
//! | hosted UI                    | ホストされたUI                          |
//! | managed login                | マネージドログイン                      |
//! | resource server              | リソースサーバー                        |
//! | authorization code flow      | 認可コードフロー                        |
//! | Cognito console              | Cognitoコンソール                       |
//! | this login page (the app)    | このログインページ                      |
//! | start page                   | スタートページ                          |
//! | device                       | デバイス                                |
//! | browser                      | ブラウザー                              |
//! | reload                       | 再読み込み                              |
//! | try again                    | もう一度お試しください                  |
//! | the people who run this site | このサイトの運営者                      |

use super::start::{Around, StartWords};
use super::{Message, Text};
use crate::auth::NextStep;
use crate::config::{ConfigFile, ConfigLoadError};
use crate::setup::{Stage, Status};

mod config;
mod errors;
mod setup;
#[cfg(test)]
mod tests;

pub(super) use setup::finding;

/// The start page's words (`super::start`).
pub(in crate::words) static START: StartWords = StartWords {
    sign_in: "サインイン",
    signing_in: "サインイン中…",
    loading: "読み込み中…",
    signed_out: "サインインしていません。続けるには、所属する組織のアカウントでサインインしてください。",
    create_account: "アカウントを作成",
    account: "アカウント",
    with_password: "パスワードでサインイン",
    continue_with: Around { before: "", after: "で続ける" },
    your_account: Around { before: "", after: "のアカウントで続ける" },
};

/// `message` in Japanese.
pub(super) fn say(message: &Message<'_>) -> String {
    match *message {
        Message::Text(t) => text(t).to_string(),
        Message::Error(e) => errors::error(e),
        Message::Cause(e) => errors::cause(e),
        Message::NextStep(step) => next_step(step).to_string(),
        Message::ProviderDetails(d) => format!("サインインサービスから届いた詳細（原文のまま）：「{d}」"),
        Message::ApiFailed(e) => errors::api(e),
        Message::ConfigLoad(e) => config_load(e),
        Message::ConfigProblem(p) => config::problem(p),
        Message::ConfigProblemsIn(file) => format!("{}に次の問題があります：", file.name()),
        Message::ConfigErrorHint(file) => format!(
            "このサイトの運営者の方は、{}を修正してから再読み込みしてください。サインインしようとしている方は、このサイトの運営者にお知らせください。",
            file.name()
        ),
        Message::LoginConfigErrorHint(file) => format!(
            "このページの運営者の方は、{}を修正してから（すべての設定はREADMEの「Configuration」セクションにあります）再読み込みしてください。その後、/setupのセットアップチェッカーでユーザープールとアプリクライアントを確認できます。サインインしようとしている方は、このサイトの運営者にお知らせください。",
            file.name()
        ),
        Message::ClockNotice { offset_secs } => format!(
            "{}。サインインはできますが、時計を自動設定にしておくと問題を防げます。",
            errors::device_clock(offset_secs)
        ),
        Message::SignInOption(option) => START.sign_in_option(option),
        Message::NotInGroup { group } => {
            format!("このページはグループ「{group}」のメンバー向けです。サインインしていますが、このグループのメンバーではありません。")
        }
        Message::ApiStatus { status, millis } => format!("HTTP {status}（{millis}ミリ秒）"),
        Message::ApiTarget { base_url } => format!("リクエストはトークンを付けて{base_url}に送信されます。"),
        Message::ApiBatch { count, ok, sequential, micros } => {
            let how = if sequential { "1件ずつ順番に" } else { "同時に" };
            let each = micros / count.max(1) as u64;
            format!(
                "{count}件のリクエストを{how}送信：成功{ok}件、失敗{}件、合計{}ミリ秒（1件あたり{}.{:03}ミリ秒）",
                count - ok,
                micros / 1000,
                each / 1000,
                each % 1000
            )
        }
        Message::Badge(status) => match status {
            Status::Pass => "問題なし",
            Status::Fail => "問題あり",
            Status::Manual => "手動で確認",
        }
        .to_string(),
        Message::Stage(stage) => match stage {
            Stage::AuthorizeReached => "Cognitoのサインインページに到達",
            Stage::CallbackReached => "コールバックに復帰",
            Stage::TokenExchanged => "コードをトークンと交換",
            Stage::IdTokenValid => "IDトークンは有効",
        }
        .to_string(),
    }
}

fn next_step(step: NextStep) -> &'static str {
    match step {
        NextStep::SignInAgain => "続けるには、もう一度サインインしてください。",
        NextStep::Retry => "一時的な問題と思われます。しばらく待ってから、もう一度お試しください。",
        NextStep::FixConfiguration => {
            "Cognitoのアプリクライアントかconfig.jsonの変更が必要です。このサイトの運営者にお知らせください。"
        }
        NextStep::FixClock => "デバイスの時計を正しく合わせてから、もう一度サインインしてください。",
        NextStep::CorrectInput => "入力内容を修正してから、もう一度お試しください。",
    }
}

fn config_load(e: &ConfigLoadError) -> String {
    let file = |url: &str| crate::config::file_name(url).to_string();
    // Each problem is a sentence without its full stop (a list item).
    let problems = |errors: &crate::config::ConfigErrors| {
        errors.0.iter().map(|p| format!("{}。", say(&Message::ConfigProblem(p)))).collect::<String>()
    };
    match e {
        ConfigLoadError::NotFound { url } => format!(
            "{url}にconfig.jsonが見つかりません（隣にamplify_outputs.jsonもありません）。index.htmlと同じ場所にconfig.json、またはAmplify Gen 2のamplify_outputs.jsonを配置してください（READMEの「Configuration」セクションを参照）。"
        ),
        ConfigLoadError::Http { url, status } => {
            format!("{}を{url}から読み込めませんでした：サーバーがHTTP {status}を返しました。", file(url))
        }
        ConfigLoadError::Network { url, source } => format!(
            "{}を{url}から読み込めませんでした：{}。接続を確認して、ページを再読み込みしてください。",
            file(url),
            errors::net(source)
        ),
        ConfigLoadError::NoEarlyAnswer { url } => format!(
            "{}を{url}から読み込めませんでした：先に送ったリクエストに応答がありませんでした。接続を確認して、ページを再読み込みしてください。",
            file(url)
        ),
        ConfigLoadError::Invalid(errors) => {
            format!("{}に問題があります：{}", ConfigFile::ConfigJson.name(), problems(errors))
        }
        ConfigLoadError::InvalidAmplifyOutputs(errors) => {
            format!("amplify_outputs.json（config.jsonがないため読み込みました）に問題があります：{}", problems(errors))
        }
    }
}

/// A text without arguments.
fn text(t: Text) -> &'static str {
    match t {
        Text::SignIn => START.sign_in,
        Text::SigningIn => START.signing_in,
        Text::Loading => START.loading,
        Text::SignedOut => START.signed_out,
        Text::CreateAccount => START.create_account,
        Text::Account => START.account,
        Text::SigningYouIn => "サインインしています…",
        Text::RestoringSession => "セッションを復元しています…",
        Text::SigningYouOut => "サインアウトしています…",
        Text::SigningOut => "サインアウト中…",
        Text::SignOut => "サインアウト",
        Text::SignInFailedTitle => "サインインを完了できませんでした",
        Text::SignedOutTitle => "サインアウトされました",
        Text::TryAgain => "もう一度試す",
        Text::SignInAgain => "もう一度サインイン",
        Text::Reconnecting => "サインインサービスに再接続しています…",
        Text::UnreachableTitle => "サインインしていますが、サインインサービスに接続できません",
        Text::UnreachableBody => {
            "セッションを更新できなかったため、サインインが必要な操作は、サインインサービスが再び応答するまで待機します。このページは自動的に再試行を続けます。"
        }
        Text::RetryNow => "今すぐ再試行",
        Text::ConfigErrorTitle => "サインインの設定が正しくありません",
        Text::LoginConfigErrorTitle => "このログインページの設定が正しくありません",
        Text::SetupLink => "セットアップチェッカーを開く",
        Text::SetupLinkAfter => "と、原因を調べられます。",
        Text::ApiConsole => "APIコンソール",
        Text::SignedInTitle => "サインイン済みです",
        Text::Email => "メールアドレス",
        Text::Username => "ユーザー名",
        Text::Groups => "グループ",
        Text::SignedInWith => "サインイン方法",
        Text::SessionExpires => "セッションの有効期限",
        Text::NotShared => "（共有されていません）",
        Text::NoGroups => "なし",
        Text::NotFoundTitle => "ページが見つかりません",
        Text::NotFoundBefore => "このアドレスにはページがありません。",
        Text::GoToStart => "スタートページ",
        Text::NotFoundAfter => "に戻ってください。",
        Text::SignInToCallApi => "APIを呼び出すには、サインインしてください。",
        Text::ApiSessionExpired => "セッションの有効期限が切れました。もう一度サインインしてください。",
        Text::ApiNotRenewed => {
            "サインインしたままですが、サインインサービスに接続できないためセッションを更新できず、呼び出しは送信されませんでした。サービスが応答すれば再び使えるようになります。このページは再試行を続けています。"
        }
        Text::Method => "メソッド",
        Text::ApiPath => "APIのパス",
        Text::ApiBody => "リクエスト本文（JSON、省略可）",
        Text::Requests => "リクエスト数",
        Text::OneAfterAnother => "1件ずつ順番に送信（リクエストごとの時間を計測）",
        Text::Send => "送信",
        Text::Sending => "送信中…",
        Text::WhoAmI => "自分の情報",
        Text::AskTheApi => "APIに問い合わせる",
        Text::AskingTheApi => "APIに問い合わせています…",
        Text::SetupTitle => "セットアップチェッカー",
        Text::SetupIntro => {
            "Cognitoのユーザープールとアプリクライアントについて、このページがブラウザーから確認できる項目と、それぞれの問題の直し方を示します。"
        }
        Text::SetupConfiguration => "設定",
        Text::SetupUserPool => "ユーザープール",
        Text::CheckingUserPool => "ユーザープールを確認しています…",
        Text::SetupUrls => "コールバックURLとサインアウトURL",
        Text::TestSignIn => "テストサインイン",
        Text::TestSignInIntro => {
            "prompt=login（改めてサインインを求める）でサインインを最初から最後まで実行し、各段階の結果を表示します。"
        }
        Text::SetupConsole => "Cognitoコンソールで確認すること",
        Text::FatalTitle => "問題が発生しました",
        Text::FatalBody => {
            "このページで予期しない問題が発生したため、停止しました。何も保存されていません。再読み込みすると、最初からやり直せます。"
        }
        Text::ReloadPage => "ページを再読み込み",
        Text::NotStarted => "このページを開始できませんでした。接続を確認して、ページを再読み込みしてください。",
    }
}
