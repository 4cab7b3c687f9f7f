//! Japanese: why a sign-in failed or a session ended, what each OAuth error
//! code means, and why a request or an API call got no answer. Each
//! function completes the sentence its caller starts, as the `match`es
//! show; [`jwt`] follows the token's name with its own particle
//! (「IDトークン」+「の署名が無効です」).

use crate::auth::callback::CallbackError;
use crate::auth::endpoints::DiscoveryError;
use crate::auth::jwt::{JwtError, KeysError};
use crate::auth::timing::ClockError;
use crate::auth::token::{ResponseProblem, TokenError};
use crate::auth::{AuthError, EndCode, EndReason, OAuthEndpoint, OAuthErrorCode};
use crate::io::{BrowserError, NetError};
use crate::session::api::ApiError;

/// The alert's paragraph.
pub(super) fn error(e: &AuthError) -> String {
    match e {
        AuthError::Discovery(d) => format!("サインインを利用できません：{}。", discovery(d)),
        AuthError::Callback(c) => format!("サインインに失敗しました：{}", callback(c)),
        AuthError::Token(t) => format!("サインインに失敗しました：{}", token(t)),
        AuthError::IdToken(j) => format!("サインインに失敗しました：IDトークン{}。このトークンは破棄しました。", jwt(j)),
        AuthError::AccessToken(j) => {
            format!("サインインに失敗しました：アクセストークン{}。このトークンは破棄しました。", jwt(j))
        }
        AuthError::SessionEnded(r) => format!("セッションが終了しました：{}", end_reason(r)),
        AuthError::Clock(c) => format!("サインインを中止しました：{}。", clock(c)),
        AuthError::Browser(b) => format!("このブラウザーではサインインを利用できません：{}。", browser(b)),
        AuthError::Offline => "オフラインです。サインインするには、サインインサービスへの接続が必要です。".into(),
        AuthError::ScopesRefused { sent, .. } => format!(
            "サインインに失敗しました：このアプリが要求するスコープ（{sent}）をサインインサービスが拒否しました（エラー：invalid_scope）。少なくとも1つが、Cognitoのアプリクライアントで有効になっていません。Cognitoコンソールの{}または、config.jsonの\"scopes\"を、アプリクライアントで有効なスコープにしてください。",
            super::setup::console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
        ),
        AuthError::ResourceRefused { resource } => format!(
            "サインインに失敗しました：サインインサービスが、リソース{resource}向けのトークンの発行を拒否しました（エラー：invalid_grant）。Cognitoがトークンをリソースに結び付けるのは、マネージドログイン（機能プランはEssentialsかPlus）を使っていて、識別子が{resource}と完全に一致するリソースサーバーがある場合だけです。Cognitoコンソール（user pool → Resource servers）でそのリソースサーバーを作成するか、config.jsonから\"resource\"を削除してください。"
        ),
        AuthError::Renewing => {
            "このアプリの別のタブでセッションを更新中で、まだ終わっていません。少し待ってから、もう一度お試しください。".into()
        }
    }
}

/// What went wrong, without the 「サインインに失敗しました」 framing.
pub(super) fn cause(e: &AuthError) -> String {
    match e {
        AuthError::Token(t) => token(t),
        AuthError::Discovery(d) => format!("{}。", discovery(d)),
        AuthError::IdToken(j) => format!("更新されたIDトークン{}。", jwt(j)),
        AuthError::AccessToken(j) => format!("更新されたアクセストークン{}。", jwt(j)),
        other => error(other),
    }
}

fn discovery(e: &DiscoveryError) -> String {
    match e {
        DiscoveryError::Unreachable { url, source } => {
            format!("{url}にあるサインインサービスの設定を読み込めませんでした（{}）", net(source))
        }
        DiscoveryError::Status { url, status } => {
            format!("{url}にあるサインインサービスの設定を読み込めませんでした（HTTP {status}）")
        }
        DiscoveryError::Invalid { url, source } => {
            format!("{url}にあるサインインサービスの設定が正しくありません：{source}")
        }
        DiscoveryError::IssuerMismatch { expected, actual } => {
            format!("サインインサービスの発行者は{actual}ですが、このページは{expected}を想定しています")
        }
    }
}

fn callback(e: &CallbackError) -> String {
    match e {
        CallbackError::Provider { error, .. } => format!("{}（エラー：{error}）", code(error, OAuthEndpoint::Authorize)),
        CallbackError::Missing(name) => {
            format!("サインインの応答が不完全です（`{name}`がありません）。もう一度サインインを始めてください。")
        }
        CallbackError::NoPendingLogin => {
            "このタブで進行中のサインインがないか、このサインインの応答はすでに使われています。もう一度サインインを始めてください。".into()
        }
        CallbackError::Unsolicited => "サインインサービスの応答が、このタブで始めたサインインのものではないため、無視しました。もう一度サインインを始めてください。".into(),
        CallbackError::Expired => "サインインに時間がかかりすぎたか（1時間以上）、その間にこのデバイスの時計が変更されました。もう一度サインインを始めてください。".into(),
        CallbackError::StateMismatch => "サインインの応答が、このタブで始めたサインインと一致しません（stateの不一致）。応答は破棄しました。もう一度サインインを始めてください。".into(),
    }
}

fn token(e: &TokenError) -> String {
    match e {
        TokenError::Provider { error, .. } => format!("{}（エラー：{error}）", code(error, OAuthEndpoint::Token)),
        TokenError::Network(n) => {
            format!("サインインサービスに接続できませんでした（{}）。接続を確認して、もう一度お試しください。", net(n))
        }
        TokenError::InvalidResponse { status, problem } => format!(
            "サインインサービスから予期しない応答がありました（HTTP {status}：{}）。もう一度お試しください。",
            response(problem)
        ),
        TokenError::Throttled { status } => format!(
            "サインインサービスが混み合っています（リクエストが多すぎます、HTTP {status}）。しばらく待ってから、もう一度お試しください。"
        ),
        TokenError::NotBearer(kind) => {
            format!("サインインサービスがBearerではなく{kind:?}タイプのトークンを発行したため、破棄しました。")
        }
        TokenError::MissingIdToken => "サインインサービスがIDトークンを返しませんでした。管理者が、Cognitoのアプリクライアントでopenidスコープを有効にする必要があります。".into(),
    }
}

fn response(p: &ResponseProblem) -> String {
    match p {
        ResponseProblem::NotJson(_) => "JSONではありません".into(),
        ResponseProblem::NotATokenResponse(json) => format!("トークンの応答ではありません：{json}"),
        ResponseProblem::NoErrorCode => "エラーコードがありません".into(),
        ResponseProblem::NoAccessToken => "access_tokenがありません".into(),
        ResponseProblem::NoExpiresIn => "有効なexpires_inがありません".into(),
    }
}

/// Follows 「IDトークン」 or 「アクセストークン」, its particle first.
fn jwt(e: &JwtError) -> String {
    match e {
        JwtError::Malformed => "は正しい形式のJWTではありません".into(),
        JwtError::UnsupportedAlgorithm(alg) => format!("は{alg:?}で署名されていますが、受け付けるのはRS256だけです"),
        JwtError::UnknownKey => "は、サインインサービスが公開していない鍵で署名されています（不明な鍵ID）".into(),
        JwtError::KeysUnavailable(k) => {
            format!("は、サインインサービスの署名鍵を読み込めなかったため、検証できませんでした（{}）", keys(k))
        }
        JwtError::BadSignature => "の署名が無効です".into(),
        JwtError::Crypto { browser_says } => format!("を検証できませんでした：{browser_says}"),
        JwtError::Browser(b) => format!("を検証できませんでした：{}", browser(b)),
        JwtError::WrongIssuer { expected, actual } => {
            format!("の発行者が{expected:?}ではなく{actual:?}です（iss）")
        }
        JwtError::WrongAudience => "は別のアプリ向けに発行されたものです（aud）".into(),
        JwtError::WrongClient => "は別のアプリに発行されたものです（client_id）".into(),
        JwtError::WrongTokenUse { expected, actual } => format!("のtoken_useが{expected:?}ではなく{actual:?}です"),
        JwtError::Expired => {
            "は有効期限が切れています（exp）。何度も起きる場合は、デバイスの時計が正しいか確認してください".into()
        }
        JwtError::NotYetValid => "はまだ有効になっていません（nbf）。デバイスの時計が正しいか確認してください".into(),
        JwtError::SubjectMismatch => "は、IDトークンとは別のユーザーのものです（sub）".into(),
        JwtError::IssuedInFuture => {
            "の発行日時が未来になっています（iat）。デバイスの時計が正しいか確認してください".into()
        }
        JwtError::MissingClaim(claim) => format!("に`{claim}`クレームがありません"),
        JwtError::NonceMismatch => "に、このサインインのnonceが含まれていません（nonceの不一致）".into(),
        JwtError::AtHashMismatch => "が、一緒に届いたアクセストークンと対応していません（at_hashの不一致）".into(),
        JwtError::SessionChanged(claim) => {
            format!("は、現在のサインインとは別のサインインのものです（{claim}が変わっています）")
        }
    }
}

fn keys(e: &KeysError) -> String {
    match e {
        KeysError::NoEndpoints(d) => discovery(d),
        KeysError::Network(n) => net(n),
        KeysError::Status { url, status } => format!("{url}からHTTP {status}"),
        KeysError::NotAJwkSet(json) => format!("JWKセットではありません：{json}"),
    }
}

fn end_reason(r: &EndReason) -> String {
    match r {
        EndReason::Refused(code @ OAuthErrorCode::InvalidGrant) => format!("サインインサービスがセッションの更新を拒否しました（エラー：{code}）。セッションの有効期限が切れたか、すべてのデバイスからサインアウトしたか、管理者によってサインアウトされたか、アカウントが無効になった可能性があります。もう一度サインインしてください。"),
        EndReason::Refused(other) => format!("{}（エラー：{other}）", code(other, OAuthEndpoint::Token)),
        EndReason::IdToken(j) => format!("更新されたIDトークン{}。", jwt(j)),
        EndReason::AccessToken(j) => format!("更新されたアクセストークン{}。", jwt(j)),
        EndReason::Unusable(t) => token(t),
        EndReason::Clock(c) => format!("{}。", clock(c)),
        EndReason::NoRefreshToken => {
            "リフレッシュトークンが発行されなかったため、セッションを更新できません。もう一度サインインしてください。".into()
        }
        EndReason::HolderGone => "セッションを更新していたタブが閉じられ、画面を出さずに再サインインすることもできませんでした。もう一度サインインしてください。".into(),
        EndReason::SignedOut => "サインアウトしました。".into(),
        EndReason::Elsewhere(EndCode::Refused) => {
            "サインインサービスがセッションの更新を拒否しました（別のタブで検出）。もう一度サインインしてください。".into()
        }
        EndReason::Elsewhere(EndCode::Invalid) => {
            "更新されたトークンが検証に失敗しました（別のタブで検出）。もう一度サインインしてください。".into()
        }
        EndReason::Elsewhere(EndCode::NoRefreshToken) => {
            "セッションを更新できませんでした（別のタブで検出）。もう一度サインインしてください。".into()
        }
    }
}

/// How far the device's clock is off, as the predicate after 「…より」:
/// 「約30分遅れています」. Japanese counts minutes without a plural
/// (1分, 2分).
fn clock_offset(offset_secs: i64) -> String {
    let minutes = (offset_secs.abs() + 30) / 60;
    let direction = if offset_secs > 0 { "遅れています" } else { "進んでいます" };
    format!("約{minutes}分{direction}")
}

/// The sentence (without its full stop) that the device's clock is off:
/// 「お使いのデバイスの時計は、サインインサービスの時計より約30分遅れています」.
pub(super) fn device_clock(offset_secs: i64) -> String {
    format!("お使いのデバイスの時計は、サインインサービスの時計より{}", clock_offset(offset_secs))
}

fn clock(e: &ClockError) -> String {
    format!(
        "{}（または、サービス側の時計が間違っています）。デバイスの時計を正しい時刻（自動設定）に合わせてから、もう一度サインインしてください",
        device_clock(e.offset_secs)
    )
}

fn browser(e: &BrowserError) -> String {
    match e {
        BrowserError::StorageUnavailable => {
            "セッションストレージを利用できません（プライベートモードか、ストレージが無効になっています）".into()
        }
        BrowserError::StorageRefused => "ブラウザーがサインインの状態の保存を拒否しました".into(),
        BrowserError::CryptoUnavailable => "WebCrypto（乱数と署名の検証）を利用できません".into(),
        BrowserError::NavigationRefused { url } => format!("ブラウザーが{url}を開くことを拒否しました"),
        BrowserError::LockFailed => "タブ間で更新を調整するロックが機能しませんでした".into(),
    }
}

/// Why a request got no answer (「15秒以内に応答がありませんでした」).
pub(super) fn net(e: &NetError) -> String {
    match e {
        NetError::Offline => "オフラインです".into(),
        NetError::Timeout { secs } => format!("{secs}秒以内に応答がありませんでした"),
        NetError::Failed { browser_says } => browser_says.clone(),
    }
}

/// Why an API call got no answer: 「呼び出しに失敗しました：…」.
pub(super) fn api(e: &ApiError) -> String {
    let why = match e {
        ApiError::NotConfigured => "APIが設定されていません（config.jsonのapiBaseUrl）".into(),
        ApiError::NotSignedIn => "APIを呼び出すには、サインインしてください".into(),
        ApiError::BadPath(path) => format!("{path:?}はAPIのパスではありません。/meのようなパスを使ってください"),
        ApiError::BadMethod(method) => format!("{method:?}は対応していないメソッドです"),
        ApiError::BadHeader(name) => format!("ヘッダー{name:?}はAPIの呼び出しに設定できません"),
        ApiError::BadBody(json) => format!("リクエスト本文をJSONとして書き出せませんでした（{json}）"),
        ApiError::NotReady => "サインインの設定がまだ読み込まれていません".into(),
        ApiError::Network(n) => format!("APIに接続できませんでした（{}）", net(n)),
        ApiError::SessionExpired => "セッションの有効期限が切れました。もう一度サインインしてください".into(),
        ApiError::NotRenewedYet(e) => format!(
            "サインインしたままですが、セッションをまだ更新できていません。{}少し待ってから、もう一度お試しください",
            cause(e)
        ),
    };
    format!("呼び出しに失敗しました：{why}。")
}

/// What an OAuth error code received at `at` means.
pub(super) fn code(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (AccessDenied, _) => "サインインがキャンセルされたか、アクセスが拒否されました。もう一度お試しいただけます。",
        (ProviderFailed, _) => {
            "IDプロバイダーでのサインインがうまくいきませんでした。もう一度お試しください。リンクされたアカウントで初めてサインインするときは、2回目でうまくいくことがよくあります。"
        }
        (InvalidRequest, Authorize) => {
            "サインインサービスが、リクエストの形式が正しくないとして拒否しました。もう一度お試しください。何度も起きる場合は、ページの設定を見直す必要があります。"
        }
        (InvalidRequest, Token) => {
            "サインインサービスが、リクエストの形式が正しくないとして拒否しました。もう一度サインインを始めてください。"
        }
        (UnauthorizedClient, Authorize) => {
            "このアプリには認可コードフローの使用が許可されていません。管理者が、Cognitoのアプリクライアントで「Authorization code grant」を有効にする必要があります。"
        }
        (UnauthorizedClient, Token) => {
            "このアプリには、サインインコードやリフレッシュトークンの使用が許可されていません。管理者が、Cognitoのアプリクライアントで認可コードグラント（Authorization code grant）を有効にする必要があります。"
        }
        (InvalidScope, _) => {
            "アプリが、サインインサービスで許可されていない権限（スコープ）を要求しました。管理者が、要求されたスコープをCognitoのアプリクライアントで有効にする必要があります。"
        }
        (LoginRequired, _) => "もう一度サインインする必要があります。",
        (ServerError | TemporarilyUnavailable, _) => {
            "サインインサービスで問題が発生しました。しばらく待ってから、もう一度お試しください。"
        }
        (UnsupportedResponseType, _) => {
            "サインインサービスはこの種類のサインインに対応していません。管理者が、CognitoのアプリクライアントのOAuth設定を確認する必要があります。"
        }
        (InvalidGrant, Token) => {
            "サインインコードが使用済みか期限切れになっている（もう一度サインインを始めてください）か、要求するスコープに含まれる属性（スコープemailに含まれるemail_verifiedなど）をこのアプリが読み取れない可能性があります（後者の場合は毎回失敗するため、アプリクライアントの属性の読み取り権限を変更する必要があります）。"
        }
        (InvalidGrant, Authorize) => {
            "サインインコードが使用済みか、期限切れか、このサインインのものではありません。もう一度サインインを始めてください。"
        }
        (InvalidClient, _) => {
            "サインインサービスがこのアプリを受け付けません（不明なクライアントか、アプリクライアントにシークレットがあります）。管理者は、クライアントシークレットのないパブリッククライアントを使う必要があります。"
        }
        (UnsupportedGrantType, _) => "サインインサービスはこの種類のリクエストに対応していません。",
        (Other(_), Authorize) => "サインインサービスがエラーを報告しました。",
        (Other(_), Token) => "サインインサービスがトークンの発行を拒否しました。",
    }
}
