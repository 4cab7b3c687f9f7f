//! Japanese: the setup checker's findings, and how to fix each. Cognito
//! console paths stay in the console's English words
//! (`App clients → 対象のアプリクライアント → Login pages`), since the localized
//! console labels cannot be checked here; the sentence around them is
//! Japanese, and a label it quotes is in 「」.

use super::errors::net;
use crate::auth::{OAuthEndpoint, OAuthErrorCode};
use crate::config::{AmplifyFinding, ConfigSource, Provider, CUSTOM_PREFIX};
use crate::setup::Finding;
use crate::words::FindingText;

fn said(title: &str, detail: impl Into<String>, fix: Vec<String>) -> FindingText {
    FindingText { title: title.to_string(), detail: detail.into(), fix }
}

/// The fixes of a user pool that is not where the configuration says.
fn wrong_pool(detail: String, region: &str) -> FindingText {
    said(
        "ユーザープール",
        detail,
        vec![
            "ユーザープールIDを確認してください：Cognito console → User pools → 対象のユーザープール → Overview → User pool ID（REGION_xxxxxxxxx）。".into(),
            format!("リージョンは\"_\"より前の部分（{region}）です。プールが実際にあるリージョンと一致している必要があります。"),
        ],
    )
}

/// A finding.
pub(in crate::words) fn finding(f: &Finding) -> FindingText {
    match f {
        Finding::PoolId { pool, region } => said("ユーザープールID", format!("{pool}（リージョン：{region}）"), vec![]),
        Finding::ClientId(id) => said("アプリクライアントID", id.clone(), vec![]),
        Finding::Issuer(issuer) => said("発行者（issuer）", issuer.clone(), vec![]),
        Finding::ConfigFile(source) => said("設定ファイル", config_source(source), vec![]),
        Finding::CallbackHere { url } => said("コールバックURL", format!("{url}はこのページのコールバックです。"), vec![]),
        Finding::CallbackElsewhere { configured, expected } => said(
            "コールバックURL",
            format!("redirectUriは{configured}ですが、このページのコールバックは{expected}です。このままでは、サインイン後にCognitoがユーザーを別の場所に送ってしまいます。"),
            vec![
                format!("config.jsonの\"redirectUri\"を\"{expected}\"にしてください（削除しても構いません。既定値がこのURLです）。"),
                format!("Cognitoコンソールで、App clients → 対象のアプリクライアント → Login pages → Allowed callback URLsに{expected}をそのまま追加してください。"),
            ],
        ),
        Finding::LogoutHere { url } => said("サインアウトURL", format!("{url}はこのページ上にあります。"), vec![]),
        Finding::LogoutElsewhere { configured, here } => said(
            "サインアウトURL",
            format!("logoutUriは{configured}ですが、このページ（{here}）上にありません。"),
            vec![
                format!("config.jsonの\"logoutUri\"を\"{here}\"にしてください（削除しても構いません。既定値がこのURLです）。"),
                format!("Cognitoコンソールで、App clients → 対象のアプリクライアント → Login pages → Allowed sign-out URLsに{here}をそのまま追加してください。"),
            ],
        ),
        Finding::PoolUnreachable { url, error, region } => wrong_pool(
            format!("ユーザープールのOpenID設定を{url}から読み込めませんでした（{}）。", net(error)),
            region,
        ),
        Finding::NoPool { pool, url, status, region } => wrong_pool(
            format!("{url}にユーザープール{pool}がありません（HTTP {status}）。ユーザープールIDかそのリージョンが間違っています。"),
            region,
        ),
        Finding::NotOpenIdConfiguration { url, region } => {
            wrong_pool(format!("{url}からOpenID設定が返ってきませんでした。"), region)
        }
        Finding::IssuerMismatch { actual, expected } => said(
            "ユーザープール",
            format!("プールの発行者は{actual:?}ですが、このページは{expected}を想定しています。"),
            vec!["必要だと分かっている場合を除き、config.jsonから\"issuer\"を削除してください。発行者はユーザープールIDから求められます。".into()],
        ),
        Finding::PoolFound { pool, region } => said("ユーザープール", format!("{region}に{pool}が見つかりました。"), vec![]),
        Finding::HostedUi { origin, configured: Some(domain) } => said(
            "ホストされたUIのドメイン",
            format!("プールのホストされたUIは{origin}にあります。config.jsonでは{domain}を指定しています（カスタムドメインであれば問題ありません）。"),
            vec![],
        ),
        Finding::HostedUi { origin, configured: None } => {
            said("ホストされたUIのドメイン", format!("プールのホストされたUIは{origin}にあります。"), vec![])
        }
        Finding::NoHostedUi => said(
            "ホストされたUIのドメイン",
            "ユーザープールにホストされたUIのドメインがないため、ユーザーを送るサインインページがありません。",
            vec![
                "Cognito console → 対象のユーザープール → Branding（またはApp integration）→ Domain → Create Cognito domain（またはカスタムドメイン）でドメインを作成してください。".into(),
                "アプリクライアントでマネージドログイン（またはホストされたUI）を有効にしてください。".into(),
                "ドメインのURLをconfig.jsonの\"domain\"に設定してください。".into(),
            ],
        ),
        Finding::CallbackNeverArrived { callback, scopes } => said(
            "コールバックが届きませんでした",
            format!(
                "サインインがこのページに戻ってきませんでした。Cognitoが自身のエラーページ（「An error was encountered with the requested page」）で止まっています。\
                 よくある原因は、コールバックURLが登録されていないことです。Cognitoコンソールで、App clients → 対象のアプリクライアント → Login pages → \
                 Allowed callback URLsに{callback}をそのまま追加してください。そのページにinvalid_scopeと表示されていた場合は、このアプリが要求するスコープ（{}）のいずれかが有効になっていません。\
                 Cognitoコンソールの{}",
                scopes.join(" "),
                console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
            ),
            vec![format!("Allowed callback URLsに{callback}をそのまま登録してから、もう一度テストしてください。")],
        ),
        Finding::TestStopped { error, provider_error } => said(
            "テストサインインが停止しました",
            match error {
                Some(e) => super::errors::error(e),
                None => "エラーで停止しました（エラーはその時点で表示されました）。その後、このページは再読み込みされています。もう一度テストすると確認できます。".into(),
            },
            vec![match provider_error {
                Some((code, at)) => console_setting(code, *at).to_string(),
                None => "上記の問題を修正してから、もう一度テストしてください。".into(),
            }],
        ),
        Finding::PromptIgnored => said(
            "Cognitoがパスワードを求めませんでした",
            "テストではprompt=login（セッションがあってもサインインし直す）を送りましたが、Cognitoは確認せずに\
             セッションCookieでサインインさせました。このユーザープールのドメインは、promptを無視する従来のホストされたUIを\
             使っています。サインインは機能しますが、prompt、lang、resourceにはマネージドログインが必要です。",
            vec![
                "prompt、lang、resourceが必要な場合は、Cognito console → Branding → Domainでブランディングバージョンを「Managed login」（機能プランはEssentialsかPlus）にしてください。".into(),
                "または、先にサインアウトしてからもう一度テストすると、サインインフォームが表示されます。".into(),
            ],
        ),
        Finding::NoEmail => said(
            "メールアドレス",
            "IDトークンにemailクレームがないため、アプリは誰がサインインしているかを表示できません。",
            vec![
                "User pool → Sign-upで、emailを必須の属性にしてください。".into(),
                "App client → Login pages → OpenID Connect scopesで「Email」を選択してください。".into(),
                "App client → Attribute permissionsで、emailの読み取りを許可してください。".into(),
            ],
        ),
        Finding::TestPassed => said(
            "テストサインイン",
            "すべての段階に成功し、IDトークンにユーザーのメールアドレスが含まれています。",
            vec![],
        ),
        Finding::ClientType => said(
            "アプリクライアントの種類",
            "このページは秘密を守れないため、アプリクライアントはパブリッククライアントである必要があります。",
            vec!["Cognito console → App clients → 対象のアプリクライアントで、「Client secret」が空（タイプはPublic client）である必要があります。".into()],
        ),
        Finding::RegisteredUrls { callback, logout } => said(
            "登録済みのコールバックURLとサインアウトURL",
            "Cognitoはこれらを1文字ずつ比較します（スキーム、ホスト、ポート、パス、末尾のスラッシュ）。",
            vec![
                format!("Allowed callback URLsに、{callback}がそのまま含まれている必要があります。"),
                format!("Allowed sign-out URLsに、{logout}がそのまま含まれている必要があります。"),
            ],
        ),
        Finding::ManagedLogin { prompt, lang, resource } => managed_login(*prompt, *lang, resource.as_deref()),
        Finding::AttributePermissions { scopes } => attribute_permissions(scopes),
        Finding::SignInOptions { providers, sign_up } => sign_in_options(providers, *sign_up),
    }
}

fn managed_login(prompt: bool, lang: bool, resource: Option<&str>) -> FindingText {
    let mut fix = vec![
        "Cognito console → Branding → Domain：promptとlangを使うには、ブランディングバージョンが「Managed login」（機能プランはEssentialsかPlus）である必要があります。従来のホストされたUIはこれらを無視するため、下のテストサインインはパスワードを求めずに、Cognitoのセッションでサインインします。".to_string(),
    ];
    let used: Vec<&str> =
        [("prompt", prompt), ("lang", lang)].into_iter().filter_map(|(key, set)| set.then_some(key)).collect();
    if !used.is_empty() {
        fix.push(format!(
            "config.jsonで{}を設定していますが、マネージドログインがなければ効果はありません。",
            used.join("と")
        ));
    }
    if let Some(resource) = resource {
        fix.push(format!(
            "config.jsonでresourceを設定しています。Cognitoがトークンをそのリソースに結び付けるのは、マネージドログインを使っていて、識別子が{resource}と完全に一致するリソースサーバー（user pool → Resource servers）がある場合だけです。ない場合、すべてのサインインがinvalid_grantで失敗します。"
        ));
    }
    said(
        "マネージドログイン",
        "prompt（テストサインインで送ります）、lang、resourceは、ユーザープールのドメインがマネージドログインを使っている場合にだけ機能します。",
        fix,
    )
}

fn attribute_permissions(scopes: &[String]) -> FindingText {
    let covered: Vec<&str> = scopes
        .iter()
        .filter_map(|scope| match scope.as_str() {
            "email" => Some("emailとemail_verified（スコープemail）"),
            "phone" => Some("phone_numberとphone_number_verified（スコープphone）"),
            "profile" => Some("nameやgiven_nameなど、プールにあるすべての標準属性（スコープprofile）"),
            _ => None,
        })
        .collect();
    let mut fix = vec![
        "User pool → Sign-upで、emailを必須の属性にしてください（サインイン後の画面に表示されます）。".to_string()
    ];
    if !covered.is_empty() {
        fix.push(format!(
            "App client → Attribute permissions → Readで、{}の読み取りを許可してください。許可がないと、コードの交換が毎回invalid_grantで失敗します。",
            covered.join("、")
        ));
    }
    said(
        "属性の読み取り権限",
        "アプリクライアントには、要求するスコープに含まれるすべての属性を読み取る権限が必要です。",
        fix,
    )
}

fn sign_in_options(providers: &[Provider], sign_up: bool) -> FindingText {
    let mut fix: Vec<String> = providers
        .iter()
        .map(|provider| match provider {
            p if p.is_hosted_form() => "COGNITO：App client → Login pages → Identity providersで「Cognito user pool directory」を選択してください。".to_string(),
            Provider::Named(name) => format!(
                "{name}：Sign-in → Social and external providersで、このプロバイダー名のとおりに{name}を追加してから、App client → Login pages → Identity providersでそれを選択してください。"
            ),
            Provider::Identifier(id) => format!(
                "{id}：Sign-in → Social and external providers → 対象のSAML/OIDCプロバイダー → Identifiersに{id}を追加し、アプリクライアントでそのプロバイダーを選択してください。"
            ),
        })
        .collect();
    if sign_up {
        fix.push(format!(
            "「{}」：Sign-up → Self-service sign-upを有効にし、メールアドレス（または電話番号）の確認を設定してください。",
            super::START.create_account
        ));
    }
    said(
        "サインインの選択肢",
        "スタートページの各ボタンは、ユーザーを1つのプロバイダーに直接送ります。アプリクライアントにないプロバイダーを選ぶと、Cognitoのエラーページで止まります。",
        fix,
    )
}

/// Where the configuration came from and, for `amplify_outputs.json`,
/// which keys were used as what.
fn config_source(source: &ConfigSource) -> String {
    match source {
        ConfigSource::ConfigJson => "config.json".to_string(),
        ConfigSource::AmplifyOutputs(used) => {
            let used: Vec<String> = used.iter().map(amplify_finding).collect();
            format!("amplify_outputs.json（config.jsonはありません）。使用した項目：{}。", used.join("／"))
        }
    }
}

fn amplify_finding(f: &AmplifyFinding) -> String {
    match f {
        AmplifyFinding::Used { from, to } => format!("{}を{to}として", from.path()),
        AmplifyFinding::Chose { from, to, url, among } => {
            format!("{}を{to}として：{url}（{among}件のうち、このページ用のもの）", from.path())
        }
        AmplifyFinding::ChosenByPage { from, count } => {
            format!("{}：URLが{count}件あり、ページは自身のオリジンにあるものを使います", from.path())
        }
        AmplifyFinding::Custom { key } => format!("{CUSTOM_PREFIX}.{key}を{key}として"),
    }
}

/// The Cognito console setting (or other cause) behind an OAuth error code
/// received at `at`.
pub(in crate::words) fn console_setting(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (UnauthorizedClient, _) => {
            "App clients → 対象のアプリクライアント → Login pages → OAuth 2.0 grant typesで「Authorization code grant」を選択してください。"
        }
        (InvalidScope, _) => {
            "App clients → 対象のアプリクライアント → Login pages → OpenID Connect scopesで「OpenID」と「Email」（およびconfig.jsonに書いたすべてのスコープ）を選択してください。"
        }
        (InvalidRequest, Authorize) => {
            "リクエストが形式の誤りとして拒否されました。アプリクライアントが存在すること、パブリッククライアントであること、config.jsonのclientIdが正しいことを確認してください。"
        }
        (AccessDenied, _) => "ユーザーがキャンセルしたか、Pre authentication Lambdaトリガーがサインインを拒否しました。",
        (LoginRequired, _) => {
            "prompt=noneにはマネージドログインのセッションが必要です。config.jsonから\"prompt\"を削除するか、先にサインインしてください。"
        }
        (ServerError | TemporarilyUnavailable, _) => {
            "Cognitoで問題が発生しました。続く場合は、ユーザープールのLambdaトリガーとフェデレーションIDプロバイダーを確認してください。"
        }
        (InvalidClient, Token) => {
            "アプリクライアントにクライアントシークレットがあります（機密クライアント）。タイプが「Public client」（シークレットなし）の新しいアプリクライアントを作成し、そのIDを使ってください。"
        }
        (InvalidGrant, Token) => {
            "コードが拒否されました。毎回のサインインで起きる場合は、App clients → 対象のアプリクライアント → Attribute permissionsで、要求するスコープに含まれるすべての属性の読み取りを許可してください（\"email\"ならemailとemail_verified、\"phone\"ならphone_numberとphone_number_verified、\"profile\"なら標準のプロフィール属性）。また、コードは1回しか使えず、コールバックURLと完全に一致する場合にだけ有効です。"
        }
        (ProviderFailed, _) => {
            "フェデレーションIDプロバイダーでエラーが起きました。Sign-in → Social and external providersでその設定（クライアントIDとシークレット、SAMLメタデータ、属性マッピング）を確認してください。「Already found an entry for username」の場合は、アカウントをリンクするpre sign-up Lambdaトリガーを確認してください。"
        }
        (_, Authorize) => "Cognitoコンソールで、アプリクライアントのLogin pagesの設定を確認してください。",
        (_, Token) => "Cognitoコンソールで、アプリクライアントの設定を確認してください。",
    }
}
