//! French: why a sign-in failed or a session ended, what each OAuth error
//! code means, and why a request or an API call got no answer. Each
//! function completes the sentence its caller starts, as the `match`es
//! show (after a colon, so the pieces start in lower case).

use super::count;
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
        AuthError::Discovery(d) => format!("Connexion indisponible\u{a0}: {}.", discovery(d)),
        AuthError::Callback(c) => format!("Échec de la connexion\u{a0}: {}", callback(c)),
        AuthError::Token(t) => format!("Échec de la connexion\u{a0}: {}", token(t)),
        AuthError::IdToken(j) => format!("Échec de la connexion\u{a0}: le jeton d’ID {}. Il a été rejeté.", jwt(j)),
        AuthError::AccessToken(j) => {
            format!("Échec de la connexion\u{a0}: le jeton d’accès {}. Il a été rejeté.", jwt(j))
        }
        AuthError::SessionEnded(r) => format!("Votre session a pris fin\u{a0}: {}", end_reason(r)),
        AuthError::Clock(c) => format!("Connexion interrompue\u{a0}: {}.", clock(c)),
        AuthError::Browser(b) => format!("Impossible de se connecter dans ce navigateur\u{a0}: {}.", browser(b)),
        AuthError::Offline => {
            "Vous êtes hors ligne. Pour vous connecter, il faut pouvoir joindre le service d’authentification.".into()
        }
        AuthError::ScopesRefused { sent, .. } => format!(
            "Échec de la connexion\u{a0}: le service d’authentification a refusé les portées (scopes) que demande cette application ({sent}) (erreur\u{a0}: invalid_scope). Au moins l’une d’elles n’est pas activée sur le client d’application Cognito. Dans la console Cognito\u{a0}: {} Ou bien, dans config.json, limitez \"scopes\" aux portées dont dispose le client d’application.",
            super::setup::console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
        ),
        AuthError::ResourceRefused { resource } => format!(
            "Échec de la connexion\u{a0}: le service d’authentification a refusé de délivrer des jetons pour la ressource {resource} (erreur\u{a0}: invalid_grant). Cognito ne lie les jetons à une ressource qu’avec la connexion gérée (offre Essentials ou Plus) et un serveur de ressources dont l’identifiant est exactement {resource}. Créez ce serveur de ressources dans la console Cognito (groupe d’utilisateurs → Resource servers), ou retirez \"resource\" de config.json."
        ),
        AuthError::Renewing => {
            "Votre session est en cours de renouvellement dans un autre onglet de cette application, et ce n’est pas encore terminé. Réessayez dans un instant."
                .into()
        }
    }
}

/// What went wrong, without the "Échec de la connexion" framing.
pub(super) fn cause(e: &AuthError) -> String {
    match e {
        AuthError::Token(t) => token(t),
        AuthError::Discovery(d) => format!("{}.", discovery(d)),
        AuthError::IdToken(j) => format!("le jeton d’ID renouvelé {}.", jwt(j)),
        AuthError::AccessToken(j) => format!("le jeton d’accès renouvelé {}.", jwt(j)),
        other => error(other),
    }
}

fn discovery(e: &DiscoveryError) -> String {
    match e {
        DiscoveryError::Unreachable { url, source } => format!(
            "impossible de charger la configuration du service d’authentification depuis {url} ({})",
            net(source)
        ),
        DiscoveryError::Status { url, status } => {
            format!("impossible de charger la configuration du service d’authentification depuis {url} (HTTP {status})")
        }
        DiscoveryError::Invalid { url, source } => {
            format!("la configuration du service d’authentification à l’adresse {url} n’est pas valide\u{a0}: {source}")
        }
        DiscoveryError::IssuerMismatch { expected, actual } => format!(
            "le service d’authentification indique {actual} comme émetteur, alors que cette page attend {expected}"
        ),
    }
}

fn callback(e: &CallbackError) -> String {
    match e {
        CallbackError::Provider { error, .. } => {
            format!("{} (erreur\u{a0}: {error})", code(error, OAuthEndpoint::Authorize))
        }
        CallbackError::Missing(name) => {
            format!("la réponse de connexion est incomplète (`{name}` manque). Recommencez la connexion.")
        }
        CallbackError::NoPendingLogin => {
            "aucune connexion n’était en cours dans cet onglet, ou cette réponse de connexion a déjà servi. Recommencez la connexion.".into()
        }
        CallbackError::Unsolicited => "la réponse du service d’authentification ne correspond à aucune connexion lancée dans cet onglet\u{a0}; elle a été ignorée. Recommencez la connexion.".into(),
        CallbackError::Expired => "la connexion a pris trop de temps (plus d’une heure), ou l’horloge de cet appareil a été modifiée entre-temps. Recommencez la connexion.".into(),
        CallbackError::StateMismatch => "la réponse de connexion ne correspond pas à la connexion lancée dans cet onglet (state mismatch). Elle a été rejetée\u{a0}; recommencez la connexion.".into(),
    }
}

fn token(e: &TokenError) -> String {
    match e {
        TokenError::Provider { error, .. } => format!("{} (erreur\u{a0}: {error})", code(error, OAuthEndpoint::Token)),
        TokenError::Network(n) => format!(
            "le service d’authentification est injoignable ({}). Vérifiez votre connexion Internet et réessayez.",
            net(n)
        ),
        TokenError::InvalidResponse { status, problem } => format!(
            "le service d’authentification a envoyé une réponse inattendue (HTTP {status}\u{a0}: {}). Réessayez.",
            response(problem)
        ),
        TokenError::Throttled { status } => format!(
            "le service d’authentification est surchargé pour le moment (trop de requêtes, HTTP {status}). Patientez un instant, puis réessayez."
        ),
        TokenError::NotBearer(kind) => {
            format!("le service d’authentification a délivré un jeton de type {kind:?} au lieu de Bearer\u{a0}; il a été rejeté.")
        }
        TokenError::MissingIdToken => "le service d’authentification n’a renvoyé aucun jeton d’ID. Un administrateur doit activer la portée openid sur le client d’application Cognito.".into(),
    }
}

fn response(p: &ResponseProblem) -> String {
    match p {
        ResponseProblem::NotJson(_) => "ce n’est pas du JSON".into(),
        ResponseProblem::NotATokenResponse(json) => format!("ce n’est pas une réponse de jeton\u{a0}: {json}"),
        ResponseProblem::NoErrorCode => "aucun code d’erreur".into(),
        ResponseProblem::NoAccessToken => "pas d’access_token".into(),
        ResponseProblem::NoExpiresIn => "pas d’expires_in valide".into(),
    }
}

/// Completes "Le jeton d’ID …" or "Le jeton d’accès …" (both masculine).
fn jwt(e: &JwtError) -> String {
    match e {
        JwtError::Malformed => "n’est pas un JWT bien formé".into(),
        JwtError::UnsupportedAlgorithm(alg) => format!("est signé avec {alg:?}, mais seul RS256 est accepté"),
        JwtError::UnknownKey => {
            "est signé avec une clé que le service d’authentification ne publie pas (ID de clé inconnu)".into()
        }
        JwtError::KeysUnavailable(k) => format!(
            "n’a pas pu être vérifié, faute d’avoir pu charger les clés de signature du service d’authentification ({})",
            keys(k)
        ),
        JwtError::BadSignature => "a une signature non valide".into(),
        JwtError::Crypto { browser_says } => format!("n’a pas pu être vérifié\u{a0}: {browser_says}"),
        JwtError::Browser(b) => format!("n’a pas pu être vérifié\u{a0}: {}", browser(b)),
        JwtError::WrongIssuer { expected, actual } => format!("a été émis par {actual:?}, et non par {expected:?} (iss)"),
        JwtError::WrongAudience => "a été émis pour une autre application (aud)".into(),
        JwtError::WrongClient => "a été délivré à une autre application (client_id)".into(),
        JwtError::WrongTokenUse { expected, actual } => format!("a le token_use {actual:?} au lieu de {expected:?}"),
        JwtError::Expired => {
            "a expiré (exp). Si cela se reproduit, vérifiez que l’horloge de votre appareil est à l’heure".into()
        }
        JwtError::NotYetValid => {
            "n’est pas encore valide (nbf). Vérifiez que l’horloge de votre appareil est à l’heure".into()
        }
        JwtError::SubjectMismatch => "concerne un autre utilisateur que le jeton d’ID (sub)".into(),
        JwtError::IssuedInFuture => {
            "est daté dans le futur (iat). Vérifiez que l’horloge de votre appareil est à l’heure".into()
        }
        JwtError::MissingClaim(claim) => format!("n’a pas de revendication `{claim}`"),
        JwtError::NonceMismatch => "ne porte pas le nonce de cette connexion (nonce mismatch)".into(),
        JwtError::AtHashMismatch => {
            "ne correspond pas au jeton d’accès reçu avec lui (at_hash mismatch)".into()
        }
        JwtError::SessionChanged(claim) => {
            format!("appartient à une autre connexion que la connexion actuelle ({claim} a changé)")
        }
    }
}

fn keys(e: &KeysError) -> String {
    match e {
        KeysError::NoEndpoints(d) => discovery(d),
        KeysError::Network(n) => net(n),
        KeysError::Status { url, status } => format!("HTTP {status} de la part de {url}"),
        KeysError::NotAJwkSet(json) => format!("ce n’est pas un JWK set\u{a0}: {json}"),
    }
}

fn end_reason(r: &EndReason) -> String {
    match r {
        EndReason::Refused(code @ OAuthErrorCode::InvalidGrant) => format!("le service d’authentification a refusé de la renouveler (erreur\u{a0}: {code}). Elle avait peut-être expiré, ou bien vous vous êtes déconnecté partout, un administrateur vous a déconnecté, ou votre compte a été désactivé. Reconnectez-vous."),
        EndReason::Refused(other) => format!("{} (erreur\u{a0}: {other})", code(other, OAuthEndpoint::Token)),
        EndReason::IdToken(j) => format!("le jeton d’ID renouvelé {}.", jwt(j)),
        EndReason::AccessToken(j) => format!("le jeton d’accès renouvelé {}.", jwt(j)),
        EndReason::Unusable(t) => token(t),
        EndReason::Clock(c) => format!("{}.", clock(c)),
        EndReason::NoRefreshToken => {
            "aucun jeton d’actualisation n’a été délivré, la session ne peut donc pas être renouvelée. Reconnectez-vous.".into()
        }
        EndReason::HolderGone => "l’onglet qui la renouvelait a été fermé, et la reconnexion sans interaction n’a pas abouti. Reconnectez-vous.".into(),
        EndReason::SignedOut => "vous vous êtes déconnecté.".into(),
        EndReason::Elsewhere(EndCode::Refused) => {
            "le service d’authentification a refusé de la renouveler (constaté dans un autre onglet). Reconnectez-vous.".into()
        }
        EndReason::Elsewhere(EndCode::Invalid) => {
            "les jetons renouvelés n’ont pas passé la validation (constaté dans un autre onglet). Reconnectez-vous.".into()
        }
        EndReason::Elsewhere(EndCode::NoRefreshToken) => {
            "elle n’a pas pu être renouvelée (constaté dans un autre onglet). Reconnectez-vous.".into()
        }
    }
}

/// How far the device's clock is off, completing "L’horloge de votre
/// appareil a … celle du service d’authentification": "environ 30 minutes
/// de retard sur".
pub(super) fn clock_offset(offset_secs: i64) -> String {
    let minutes = (offset_secs.unsigned_abs() + 30) / 60;
    let direction = if offset_secs > 0 { "de retard sur" } else { "d’avance sur" };
    format!("environ {} {direction}", count(minutes, "minute", "minutes"))
}

fn clock(e: &ClockError) -> String {
    format!(
        "l’horloge de votre appareil a {} celle du service d’authentification (à moins que l’horloge du service ne soit fausse). \
         Mettez l’horloge de votre appareil à l’heure exacte (réglage automatique), puis reconnectez-vous",
        clock_offset(e.offset_secs)
    )
}

fn browser(e: &BrowserError) -> String {
    match e {
        BrowserError::StorageUnavailable => {
            "le stockage de session n’est pas disponible (navigation privée ou stockage désactivé)".into()
        }
        BrowserError::StorageRefused => "le navigateur a refusé d’enregistrer l’état de la connexion".into(),
        BrowserError::CryptoUnavailable => {
            "WebCrypto (nombres aléatoires et vérification des signatures) n’est pas disponible".into()
        }
        BrowserError::NavigationRefused { url } => format!("le navigateur a refusé d’ouvrir {url}"),
        BrowserError::LockFailed => "le verrou qui coordonne le renouvellement entre les onglets a échoué".into(),
    }
}

/// Why a request got no answer ("aucune réponse au bout de 15 secondes").
pub(super) fn net(e: &NetError) -> String {
    match e {
        NetError::Offline => "vous êtes hors ligne".into(),
        NetError::Timeout { secs } => {
            format!("aucune réponse au bout de {}", count(u64::from(*secs), "seconde", "secondes"))
        }
        NetError::Failed { browser_says } => browser_says.clone(),
    }
}

/// Why an API call got no answer: "L’appel a échoué : …".
pub(super) fn api(e: &ApiError) -> String {
    let why = match e {
        ApiError::NotConfigured => "aucune API n’est configurée (apiBaseUrl dans config.json)".into(),
        ApiError::NotSignedIn => "connectez-vous pour appeler l’API".into(),
        ApiError::BadPath(path) => {
            format!("{path:?} n’est pas un chemin de l’API\u{a0}: utilisez un chemin comme /me")
        }
        ApiError::BadMethod(method) => format!("{method:?} n’est pas une méthode prise en charge"),
        ApiError::BadHeader(name) => format!("l’en-tête {name:?} ne peut pas être défini sur un appel à l’API"),
        ApiError::BadBody(json) => format!("le corps de la requête n’a pas pu être écrit en JSON ({json})"),
        ApiError::NotReady => "la configuration de la connexion n’est pas encore chargée".into(),
        ApiError::Network(n) => format!("l’API est injoignable ({})", net(n)),
        ApiError::SessionExpired => "votre session a expiré — reconnectez-vous".into(),
        ApiError::NotRenewedYet(e) => format!(
            "vous êtes toujours connecté, mais votre session n’a pas encore pu être renouvelée\u{a0}: {} Réessayez dans un instant",
            cause(e)
        ),
    };
    format!("L’appel a échoué\u{a0}: {why}.")
}

/// What an OAuth error code received at `at` means (after a colon: lower
/// case first).
pub(super) fn code(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (AccessDenied, _) => "la connexion a été annulée ou l’accès a été refusé. Vous pouvez réessayer.",
        (ProviderFailed, _) => {
            "la connexion via votre fournisseur d’identité n’a pas abouti. Réessayez\u{a0}: la première connexion avec un compte lié réussit souvent à la deuxième tentative."
        }
        (InvalidRequest, Authorize) => {
            "le service d’authentification a rejeté la requête comme mal formée. Réessayez\u{a0}; si cela se reproduit, la configuration de la page est à revoir."
        }
        (InvalidRequest, Token) => {
            "le service d’authentification a rejeté la requête comme mal formée. Recommencez la connexion."
        }
        (UnauthorizedClient, Authorize) => {
            "cette application n’est pas autorisée à utiliser le flux du code d’autorisation. Un administrateur doit activer «\u{a0}Authorization code grant\u{a0}» sur le client d’application Cognito."
        }
        (UnauthorizedClient, Token) => {
            "cette application n’est pas autorisée à échanger des codes de connexion ni des jetons d’actualisation. Un administrateur doit activer le flux du code d’autorisation (Authorization code grant) sur le client d’application Cognito."
        }
        (InvalidScope, _) => {
            "l’application a demandé des autorisations (portées, ou scopes) que le service d’authentification n’accorde pas. Un administrateur doit activer les portées demandées sur le client d’application Cognito."
        }
        (LoginRequired, _) => "vous devez vous reconnecter.",
        (ServerError | TemporarilyUnavailable, _) => {
            "le service d’authentification a rencontré un problème. Patientez un instant, puis réessayez."
        }
        (UnsupportedResponseType, _) => {
            "le service d’authentification ne prend pas en charge ce type de connexion. Un administrateur doit vérifier les paramètres OAuth du client d’application Cognito."
        }
        (InvalidGrant, Token) => {
            "la connexion n’a pas pu aboutir. Soit le code de connexion a déjà servi ou a expiré (recommencez la connexion), soit cette application n’a pas le droit de lire un attribut couvert par les portées qu’elle demande, comme email_verified pour email (l’échec se répète alors à chaque fois, et les autorisations de lecture des attributs du client d’application doivent être modifiées)."
        }
        (InvalidGrant, Authorize) => {
            "la connexion n’a pas pu aboutir\u{a0}: le code de connexion a déjà servi, a expiré ou n’appartient pas à cette connexion. Recommencez la connexion."
        }
        (InvalidClient, _) => {
            "le service d’authentification n’accepte pas cette application (client inconnu, ou client d’application doté d’un secret). Un administrateur doit utiliser un client d’application public, sans secret client."
        }
        (UnsupportedGrantType, _) => "le service d’authentification ne prend pas en charge ce type de requête.",
        (Other(_), Authorize) => "le service d’authentification a signalé une erreur.",
        (Other(_), Token) => "le service d’authentification a refusé de délivrer des jetons.",
    }
}
