//! Japanese: what is wrong with `config.json` or `amplify_outputs.json`,
//! each problem naming its key (「`userPoolId`は…である必要があります」).
//! A problem is a sentence without its full stop (a list item).
//!
//! Unlike English, the key is not a prefix the rest completes: Japanese
//! joins it with a particle that depends on the sentence (は、に、と、の), so
//! each text puts the key (the subject) in its place itself. An Amplify
//! value that `config.json`'s rules refuse is the same sentence about
//! another subject (「`auth.user_pool_id`（userPoolIdとして）は…」).

use crate::config::{
    AmplifyExpected, AmplifyProblem, ConfigProblem, EntryProblem, JsonKind, OptionsProblem, Rule, CUSTOM_PREFIX,
    MAX_SIGN_IN_OPTIONS,
};
use crate::url::UrlError;

/// One problem.
pub(super) fn problem(p: &ConfigProblem) -> String {
    about(p, None)
}

/// One problem, about `subject` (already quoted) instead of its own key.
fn about(p: &ConfigProblem, subject: Option<&str>) -> String {
    let s = |key: &str| subject.map_or_else(|| format!("`{key}`"), str::to_string);
    match p {
        ConfigProblem::NotJson(json) => format!("config.jsonが有効なJSONではありません：{json}"),
        ConfigProblem::NotAnObject => {
            "config.jsonはJSONオブジェクト（{ \"userPoolId\": …, \"clientId\": … }）である必要があります".into()
        }
        ConfigProblem::Missing { key } => format!("{}がありません。{}を指定してください", s(key), expected(key)),
        ConfigProblem::Unknown { key, suggestion: Some(known) } => {
            format!("{}は不明な設定です（`{known}`の間違いではありませんか？）", s(key))
        }
        ConfigProblem::Unknown { key, suggestion: None } => format!("{}は不明な設定です", s(key)),
        ConfigProblem::Invalid { key, problem } => rule(&s(key), key, problem),
        ConfigProblem::Amplify(problem) => amplify(problem),
        ConfigProblem::SignInOptions(problem) => options(&s("identityProviders"), problem),
    }
}

/// What a JSON value is: 「数値」.
fn kind(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Null => "null",
        JsonKind::Bool => "true/false",
        JsonKind::Number => "数値",
        JsonKind::String => "文字列",
        JsonKind::List => "配列",
        JsonKind::Object => "オブジェクト",
    }
}

fn amplify_expected(e: AmplifyExpected) -> &'static str {
    match e {
        AmplifyExpected::Version => "\"1.4\"のような文字列",
        AmplifyExpected::Object => "オブジェクト",
        AmplifyExpected::Urls => "URLの配列",
        AmplifyExpected::OneOrMoreUrls => "1つ以上のURLの配列",
        AmplifyExpected::ProviderNames => "プロバイダー名の配列",
        AmplifyExpected::Code => "\"code\"",
    }
}

/// What a required key holds.
fn expected(key: &str) -> &'static str {
    match key {
        "userPoolId" => "ユーザープールID（例：us-east-1_AbCdEf123）",
        "clientId" => "CognitoコンソールにあるアプリクライアントID",
        _ => "値",
    }
}

/// What is wrong with the value of `key`, said about `s`.
fn rule(s: &str, key: &str, r: &Rule) -> String {
    match r {
        Rule::NotAString(found) => format!("{s}は文字列である必要があります（現在：{}）", kind(*found)),
        Rule::NotABool(found) => format!("{s}はtrueかfalseである必要があります（現在：{}）", kind(*found)),
        Rule::Seconds { min, max, value } => {
            format!("{s}は{min}～{max}の整数（秒）である必要があります（現在：{value}）")
        }
        Rule::ApiToken(text) => format!("{s}は\"access\"か\"id\"である必要があります（現在：{text:?}）"),
        Rule::ScopesNotAList(found) => {
            format!("{s}は[\"openid\",\"email\"]のような文字列の配列である必要があります（現在：{}）", kind(*found))
        }
        Rule::NotAScope(text) => {
            format!("{s}に含まれる{text:?}は、1つのスコープではありません（空白や引用符は使えません）")
        }
        Rule::ScopeNotAString(found) => {
            format!("{s}に含められるのは文字列だけです（{}が含まれています）", kind(*found))
        }
        Rule::NoOpenid => format!("{s}には\"openid\"を含める必要があります。含めないと、CognitoはIDトークンを返しません"),
        Rule::PoolIdTooLong(length) => format!("{s}が{length}文字あります。ユーザープールIDは最大55文字です"),
        Rule::PoolIdShape(text) => format!(
            "{s}はus-east-1_AbCdEf123のようなREGION_IDの形式である必要があります（現在：{text:?}）。CognitoコンソールからユーザープールIDをコピーしてください"
        ),
        Rule::ClientIdLength => {
            format!("{s}は1～128文字である必要があります。CognitoコンソールからアプリクライアントIDをコピーしてください")
        }
        Rule::ClientIdCharacters(text) => format!(
            "{s}に使えるのは英字、数字、`_`、`+`だけです（現在：{text:?}）。CognitoコンソールからアプリクライアントIDをコピーしてください"
        ),
        Rule::Name { max, text } => format!("{s}は空白を含まない1～{max}文字である必要があります（現在：{text:?}）"),
        Rule::AppName => format!("{s}は1～60文字である必要があります"),
        Rule::Lang(text) => {
            format!("{s}は\"de\"や\"pt-BR\"のような言語タグである必要があります（現在：{text:?}）")
        }
        Rule::Language(text) => format!(
            "{s}は、このページが対応している言語（{}）のいずれかである必要があります（現在：{text:?}）",
            crate::language::Language::ALL.map(crate::language::Language::code).join("、")
        ),
        Rule::Prompt(text) => format!(
            "{s}は\"none\"、または\"login\"、\"select_account\"、\"consent\"の1つ以上である必要があります（現在：{text:?}）"
        ),
        Rule::Url { source, text } => format!("{s}{}：{text:?}", url(source)),
        Rule::NotHttps(text) => {
            format!("{s}にはhttpsを使う必要があります（httpを使えるのはlocalhostと127.0.0.1だけです）：{text:?}")
        }
        Rule::QueryOrFragment(text) => {
            format!("{s}は`?`や`#`を含まない{}である必要があります：{text:?}", base_url(key))
        }
        Rule::Fragment(text) => format!("{s}に`#`のフラグメントを含めることはできません：{text:?}"),
        Rule::BothShorthands => {
            format!("{s}と`identityProvider`の両方でプロバイダーを指定しています。どちらか一方にしてください")
        }
    }
}

/// What a base URL key names.
fn base_url(key: &str) -> &'static str {
    match key {
        "domain" => "ホストされたUIのドメイン",
        "issuer" => "発行者（issuer）のURL",
        "apiBaseUrl" => "APIのベースURL",
        _ => "ベースURL",
    }
}

/// Follows the subject (with its particle) for a value that is not a URL.
fn url(e: &UrlError) -> &'static str {
    match e {
        UrlError::NotAbsolute => "はhttp(s)の絶対URLではありません（https://で始まる必要があります）",
        UrlError::Whitespace => "に空白か制御文字が含まれています",
        UrlError::Credentials => "にユーザー名やパスワードを含めることはできません",
        UrlError::MissingHost => "にホスト名がありません",
        UrlError::InvalidHost => "のホスト名が正しくありません",
        UrlError::InvalidPort => "のポートが正しくありません",
    }
}

/// What is wrong with the sign-in options, said about `s`.
fn options(s: &str, p: &OptionsProblem) -> String {
    match p {
        OptionsProblem::NotAList(found) => format!(
            "{s}は[{{\"name\":\"Google\",\"label\":\"Googleで続ける\"}}]のような配列である必要があります（現在：{}）",
            kind(*found)
        ),
        OptionsProblem::ListAndShorthand => {
            format!("{s}と`identityProvider`／`idpIdentifier`の両方が設定されています。どちらか一方にしてください")
        }
        OptionsProblem::Count(count) => {
            format!("{s}には1～{MAX_SIGN_IN_OPTIONS}個のプロバイダーを指定してください（現在：{count}個）")
        }
        OptionsProblem::Entry { entry, problem } => format!("{s}の{entry}番目の項目：{}", entry_problem(problem)),
    }
}

fn entry_problem(p: &EntryProblem) -> String {
    match p {
        EntryProblem::NotAnObject(found) => {
            format!("{{\"name\":\"Google\"}}のようなオブジェクトである必要があります（現在：{}）", kind(*found))
        }
        EntryProblem::UnknownField(field) => {
            format!("{field:?}は不明なフィールドです（使えるのはname、idpIdentifier、labelです）")
        }
        EntryProblem::NotAString { field, kind: found } => {
            format!("`{field}`は文字列である必要があります（現在：{}）", kind(*found))
        }
        EntryProblem::TwoProviders => "`name`と`idpIdentifier`の両方があります。どちらか一方にしてください".into(),
        EntryProblem::NoProvider => {
            "`name`（ユーザープールでのプロバイダー名、またはCOGNITO）か`idpIdentifier`が必要です".into()
        }
        EntryProblem::BadProvider { field, max } => {
            format!("`{field}`は空白を含まない1～{max}文字である必要があります")
        }
        EntryProblem::BadLabel => "`label`は1～60文字である必要があります".into(),
        EntryProblem::Duplicate => "同じプロバイダーが2回指定されています".into(),
    }
}

fn amplify(p: &AmplifyProblem) -> String {
    match p {
        AmplifyProblem::NotJson(json) => format!("amplify_outputs.jsonが有効なJSONではありません：{json}"),
        AmplifyProblem::NotAnObject => {
            "amplify_outputs.jsonはJSONオブジェクト（{ \"version\": \"1\", \"auth\": … }）である必要があります".into()
        }
        AmplifyProblem::Missing(key) => format!("`{}`がありません", key.path()),
        AmplifyProblem::WrongType { key, expected, found } => {
            format!("`{}`は{}である必要があります（現在：{}）", key.path(), amplify_expected(*expected), kind(*found))
        }
        AmplifyProblem::UnknownVersion(version) => format!(
            "`version`が{version:?}です。このアプリが読めるのはamplify_outputs.jsonのバージョン1（\"1\"～\"1.x\"）です"
        ),
        AmplifyProblem::NoOAuth => "`auth.oauth`がないため、サインインに使うホストされたUIのドメインがありません。defineAuthに`externalProviders`（callbackUrlsとlogoutUrlsを含む）を指定すると、AmplifyがCognitoドメインを作成します".into(),
        AmplifyProblem::ResponseType(kind) => format!(
            "`auth.oauth.response_type`が{kind:?}です。このアプリは認可コードフロー（\"code\"）とPKCEでサインインします"
        ),
        AmplifyProblem::ClientSecret(at) => format!(
            "`{at}`はクライアントシークレットです。このアプリはパブリッククライアントです（ブラウザーは秘密を守れません）。シークレットのないアプリクライアントを使ってください"
        ),
        AmplifyProblem::NoneHere { key, count, origin } => {
            format!("`{}`：URLが{count}件ありますが、{origin}のものはありません", key.path())
        }
        AmplifyProblem::SeveralHere { key, urls, origin, expected } => format!(
            "`{}`：{origin}のURLが{}件あります（{}）が、どれも{expected}ではありません",
            key.path(),
            urls.len(),
            urls.join("、")
        ),
        AmplifyProblem::RegionMismatch { region, pool, pool_region } => {
            format!("`auth.aws_region`は{region:?}ですが、ユーザープール{pool}は{pool_region}にあります")
        }
        AmplifyProblem::CustomNotObject(found) => format!(
            "`{CUSTOM_PREFIX}`はconfig.jsonの設定をまとめたオブジェクト（例：{{ \"apiBaseUrl\": … }}）である必要があります（現在：{}）",
            kind(*found)
        ),
        AmplifyProblem::CustomRepeats { key, from } => {
            format!("`{CUSTOM_PREFIX}.{key}`は`{}`と重複しています。どちらか一方にしてください", from.path())
        }
        AmplifyProblem::Value { at, as_key, problem: rule_problem } => {
            // config.json's rule, said about the Amplify key.
            about(rule_problem, Some(&format!("`{at}`（{as_key}として）")))
        }
    }
}
