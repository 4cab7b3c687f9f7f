//! Spanish: why a sign-in failed or a session ended, what each OAuth error
//! code means, and why a request or an API call got no answer. Each
//! function completes the sentence its caller starts, as the `match`es
//! show; after a colon Spanish goes on in lower case.

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
        AuthError::Discovery(d) => format!("El inicio de sesión no está disponible: {}.", discovery(d)),
        AuthError::Callback(c) => format!("No se pudo iniciar sesión: {}", callback(c)),
        AuthError::Token(t) => format!("No se pudo iniciar sesión: {}", token(t)),
        AuthError::IdToken(j) => format!("No se pudo iniciar sesión: el token de ID {}. Se ha descartado.", jwt(j)),
        AuthError::AccessToken(j) => {
            format!("No se pudo iniciar sesión: el token de acceso {}. Se ha descartado.", jwt(j))
        }
        AuthError::SessionEnded(r) => format!("Su sesión ha terminado: {}", end_reason(r)),
        AuthError::Clock(c) => format!("Se detuvo el inicio de sesión: {}.", clock(c)),
        AuthError::Browser(b) => format!("No se puede iniciar sesión en este navegador: {}.", browser(b)),
        AuthError::Offline => {
            "No tiene conexión. Para iniciar sesión se necesita conexión con el servicio de inicio de sesión.".into()
        }
        AuthError::ScopesRefused { sent, .. } => format!(
            "No se pudo iniciar sesión: el servicio de inicio de sesión rechazó los ámbitos (scopes) que pide esta aplicación ({sent}) (error: invalid_scope): al menos uno no está habilitado en el cliente de aplicación de Cognito. En la consola de Cognito: {} O bien ponga en \"scopes\" de config.json ámbitos que el cliente de aplicación tenga.",
            super::setup::console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
        ),
        AuthError::ResourceRefused { resource } => format!(
            "No se pudo iniciar sesión: el servicio de inicio de sesión se negó a emitir tokens para el recurso {resource} (error: invalid_grant). Cognito solo vincula los tokens a un recurso con el inicio de sesión administrado (managed login, plan de características Essentials o Plus) y un servidor de recursos cuyo identificador sea exactamente {resource}. Cree ese servidor de recursos en la consola de Cognito (user pool → Resource servers) o quite \"resource\" de config.json."
        ),
        AuthError::Renewing => {
            "Su sesión se está renovando en otra pestaña de esta aplicación y todavía no ha terminado. Vuelva a intentarlo en un momento."
                .into()
        }
    }
}

/// What went wrong, without the "No se pudo iniciar sesión" framing.
pub(super) fn cause(e: &AuthError) -> String {
    match e {
        AuthError::Token(t) => token(t),
        AuthError::Discovery(d) => format!("{}.", discovery(d)),
        AuthError::IdToken(j) => format!("el token de ID renovado {}.", jwt(j)),
        AuthError::AccessToken(j) => format!("el token de acceso renovado {}.", jwt(j)),
        other => error(other),
    }
}

fn discovery(e: &DiscoveryError) -> String {
    match e {
        DiscoveryError::Unreachable { url, source } => {
            format!("no se pudo cargar la configuración del servicio de inicio de sesión desde {url} ({})", net(source))
        }
        DiscoveryError::Status { url, status } => {
            format!("no se pudo cargar la configuración del servicio de inicio de sesión desde {url} (HTTP {status})")
        }
        DiscoveryError::Invalid { url, source } => {
            format!("la configuración del servicio de inicio de sesión en {url} no es válida: {source}")
        }
        DiscoveryError::IssuerMismatch { expected, actual } => {
            format!(
                "el servicio de inicio de sesión dice que su emisor es {actual}, pero esta página espera {expected}"
            )
        }
    }
}

fn callback(e: &CallbackError) -> String {
    match e {
        CallbackError::Provider { error, .. } => format!("{} (error: {error})", code(error, OAuthEndpoint::Authorize)),
        CallbackError::Missing(name) => {
            format!("la respuesta de inicio de sesión está incompleta (falta `{name}`). Vuelva a iniciar sesión.")
        }
        CallbackError::NoPendingLogin => {
            "no había ningún inicio de sesión en curso en esta pestaña, o esta respuesta de inicio de sesión ya se había usado. Vuelva a iniciar sesión.".into()
        }
        CallbackError::Unsolicited => "la respuesta del servicio de inicio de sesión no corresponde a ningún inicio de sesión empezado en esta pestaña, así que se ha ignorado. Vuelva a iniciar sesión.".into(),
        CallbackError::Expired => "el inicio de sesión tardó demasiado (más de una hora), o se cambió la hora de este dispositivo mientras tanto. Vuelva a iniciar sesión.".into(),
        CallbackError::StateMismatch => "la respuesta de inicio de sesión no coincide con el inicio de sesión empezado en esta pestaña (el parámetro state no coincide). Se ha descartado; vuelva a iniciar sesión.".into(),
    }
}

fn token(e: &TokenError) -> String {
    match e {
        TokenError::Provider { error, .. } => format!("{} (error: {error})", code(error, OAuthEndpoint::Token)),
        TokenError::Network(n) => format!(
            "no se pudo contactar con el servicio de inicio de sesión ({}). Compruebe su conexión y vuelva a intentarlo.",
            net(n)
        ),
        TokenError::InvalidResponse { status, problem } => format!(
            "el servicio de inicio de sesión envió una respuesta inesperada (HTTP {status}: {}). Vuelva a intentarlo.",
            response(problem)
        ),
        TokenError::Throttled { status } => format!(
            "el servicio de inicio de sesión está saturado en este momento (demasiadas solicitudes, HTTP {status}). Espere un momento y vuelva a intentarlo."
        ),
        TokenError::NotBearer(kind) => format!(
            "el servicio de inicio de sesión emitió un token de tipo {kind:?} en lugar de Bearer; se ha descartado."
        ),
        TokenError::MissingIdToken => "el servicio de inicio de sesión no devolvió ningún token de ID. Un administrador debe habilitar el ámbito openid en el cliente de aplicación de Cognito.".into(),
    }
}

fn response(p: &ResponseProblem) -> String {
    match p {
        ResponseProblem::NotJson(_) => "no es JSON".into(),
        ResponseProblem::NotATokenResponse(json) => format!("no es una respuesta de token: {json}"),
        ResponseProblem::NoErrorCode => "sin código de error".into(),
        ResponseProblem::NoAccessToken => "sin access_token".into(),
        ResponseProblem::NoExpiresIn => "sin un expires_in válido".into(),
    }
}

/// Completes "el token de ID …" or "el token de acceso …".
fn jwt(e: &JwtError) -> String {
    match e {
        JwtError::Malformed => "no es un JWT bien formado".into(),
        JwtError::UnsupportedAlgorithm(alg) => format!("está firmado con {alg:?}, pero solo se acepta RS256"),
        JwtError::UnknownKey => {
            "está firmado con una clave que el servicio de inicio de sesión no publica (ID de clave desconocido)".into()
        }
        JwtError::KeysUnavailable(k) => format!(
            "no se pudo comprobar porque no se pudieron cargar las claves de firma del servicio de inicio de sesión ({})",
            keys(k)
        ),
        JwtError::BadSignature => "tiene una firma no válida".into(),
        JwtError::Crypto { browser_says } => format!("no se pudo comprobar: {browser_says}"),
        JwtError::Browser(b) => format!("no se pudo comprobar: {}", browser(b)),
        JwtError::WrongIssuer { expected, actual } => format!("fue emitido por {actual:?}, no por {expected:?} (iss)"),
        JwtError::WrongAudience => "está destinado a otra aplicación (aud)".into(),
        JwtError::WrongClient => "se emitió para otra aplicación (client_id)".into(),
        JwtError::WrongTokenUse { expected, actual } => format!("tiene token_use {actual:?} en lugar de {expected:?}"),
        JwtError::Expired => {
            "ha caducado (exp). Si vuelve a ocurrir, compruebe que el reloj de su dispositivo esté en hora".into()
        }
        JwtError::NotYetValid => {
            "todavía no es válido (nbf). Compruebe que el reloj de su dispositivo esté en hora".into()
        }
        JwtError::SubjectMismatch => "corresponde a otro usuario, no al del token de ID (sub)".into(),
        JwtError::IssuedInFuture => {
            "tiene una fecha futura (iat). Compruebe que el reloj de su dispositivo esté en hora".into()
        }
        JwtError::MissingClaim(claim) => format!("no tiene el claim `{claim}`"),
        JwtError::NonceMismatch => "no lleva el nonce de este inicio de sesión (el nonce no coincide)".into(),
        JwtError::AtHashMismatch => {
            "no corresponde al token de acceso con el que llegó (at_hash no coincide)".into()
        }
        JwtError::SessionChanged(claim) => {
            format!("pertenece a un inicio de sesión distinto del actual ({claim} ha cambiado)")
        }
    }
}

fn keys(e: &KeysError) -> String {
    match e {
        KeysError::NoEndpoints(d) => discovery(d),
        KeysError::Network(n) => net(n),
        KeysError::Status { url, status } => format!("HTTP {status} desde {url}"),
        KeysError::NotAJwkSet(json) => format!("no es un conjunto JWK: {json}"),
    }
}

/// Completes "Su sesión ha terminado: …" (la sesión: "renovarla").
fn end_reason(r: &EndReason) -> String {
    match r {
        EndReason::Refused(code @ OAuthErrorCode::InvalidGrant) => format!("el servicio de inicio de sesión se negó a renovarla (error: {code}): caducó, usted cerró la sesión en todas partes, un administrador la cerró o su cuenta se ha deshabilitado. Vuelva a iniciar sesión."),
        EndReason::Refused(other) => format!("{} (error: {other})", code(other, OAuthEndpoint::Token)),
        EndReason::IdToken(j) => format!("el token de ID renovado {}.", jwt(j)),
        EndReason::AccessToken(j) => format!("el token de acceso renovado {}.", jwt(j)),
        EndReason::Unusable(t) => token(t),
        EndReason::Clock(c) => format!("{}.", clock(c)),
        EndReason::NoRefreshToken => {
            "no se emitió ningún token de actualización, así que la sesión no se puede renovar. Vuelva a iniciar sesión.".into()
        }
        EndReason::HolderGone => "se cerró la pestaña que la mantenía renovada, y no se pudo volver a iniciar sesión sin pedirle sus datos. Vuelva a iniciar sesión.".into(),
        EndReason::SignedOut => "usted cerró la sesión.".into(),
        EndReason::Elsewhere(EndCode::Refused) => {
            "el servicio de inicio de sesión se negó a renovarla (detectado en otra pestaña). Vuelva a iniciar sesión.".into()
        }
        EndReason::Elsewhere(EndCode::Invalid) => {
            "los tokens renovados no superaron la validación (detectado en otra pestaña). Vuelva a iniciar sesión.".into()
        }
        EndReason::Elsewhere(EndCode::NoRefreshToken) => {
            "no se pudo renovar (detectado en otra pestaña). Vuelva a iniciar sesión.".into()
        }
    }
}

/// How far the device's clock is off, completing "El reloj … va …":
/// "aproximadamente 30 minutos atrasado" (el reloj: masculine).
pub(super) fn clock_offset(offset_secs: i64) -> String {
    let minutes = (offset_secs.abs() + 30) / 60;
    let direction = if offset_secs > 0 { "atrasado" } else { "adelantado" };
    let unit = if minutes == 1 { "minuto" } else { "minutos" };
    format!("aproximadamente {minutes} {unit} {direction}")
}

fn clock(e: &ClockError) -> String {
    format!(
        "el reloj de su dispositivo va {} respecto al del servicio de inicio de sesión (o es el del servicio el que no está en hora). \
         Ponga el reloj de su dispositivo en la hora correcta (automática) y vuelva a iniciar sesión",
        clock_offset(e.offset_secs)
    )
}

fn browser(e: &BrowserError) -> String {
    match e {
        BrowserError::StorageUnavailable => {
            "el almacenamiento de sesión no está disponible (modo privado o almacenamiento desactivado)".into()
        }
        BrowserError::StorageRefused => "el navegador se negó a guardar el estado del inicio de sesión".into(),
        BrowserError::CryptoUnavailable => {
            "WebCrypto (números aleatorios y comprobación de firmas) no está disponible".into()
        }
        BrowserError::NavigationRefused { url } => format!("el navegador se negó a abrir {url}"),
        BrowserError::LockFailed => "falló el bloqueo entre pestañas que coordina la renovación".into(),
    }
}

/// Why a request got no answer ("sin respuesta en 15 segundos").
pub(super) fn net(e: &NetError) -> String {
    match e {
        NetError::Offline => "no hay conexión".into(),
        NetError::Timeout { secs: 1 } => "sin respuesta en 1 segundo".into(),
        NetError::Timeout { secs } => format!("sin respuesta en {secs} segundos"),
        NetError::Failed { browser_says } => browser_says.clone(),
    }
}

/// Why an API call got no answer: "La llamada falló: …".
pub(super) fn api(e: &ApiError) -> String {
    let why = match e {
        ApiError::NotConfigured => "no hay ninguna API configurada (apiBaseUrl en config.json)".into(),
        ApiError::NotSignedIn => "inicie sesión para llamar a la API".into(),
        ApiError::BadPath(path) => format!("{path:?} no es una ruta de la API: use una ruta como /me"),
        ApiError::BadMethod(method) => format!("{method:?} no es un método admitido"),
        ApiError::BadHeader(name) => format!("la cabecera {name:?} no se puede establecer en una llamada a la API"),
        ApiError::BadBody(json) => format!("el cuerpo de la solicitud no se pudo escribir como JSON ({json})"),
        ApiError::NotReady => "la configuración del inicio de sesión no se ha cargado".into(),
        ApiError::Network(n) => format!("no se pudo contactar con la API ({})", net(n)),
        ApiError::SessionExpired => "su sesión ha caducado; vuelva a iniciar sesión".into(),
        ApiError::NotRenewedYet(e) => format!(
            "su sesión sigue iniciada, pero todavía no se ha podido renovar: {} Vuelva a intentarlo en un momento",
            cause(e)
        ),
    };
    format!("La llamada falló: {why}.")
}

/// What an OAuth error code received at `at` means, completing "No se pudo
/// iniciar sesión: …" or "Su sesión ha terminado: …".
pub(super) fn code(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (AccessDenied, _) => "se canceló el inicio de sesión o se denegó el acceso. Puede volver a intentarlo.",
        (ProviderFailed, _) => {
            "no funcionó el inicio de sesión a través de su proveedor de identidad. Vuelva a intentarlo: el primer inicio de sesión con una cuenta vinculada suele funcionar al segundo intento."
        }
        (InvalidRequest, Authorize) => {
            "el servicio de inicio de sesión rechazó la solicitud por estar mal formada. Vuelva a intentarlo; si sigue ocurriendo, hay que revisar la configuración de la página."
        }
        (InvalidRequest, Token) => {
            "el servicio de inicio de sesión rechazó la solicitud por estar mal formada. Vuelva a iniciar sesión."
        }
        (UnauthorizedClient, Authorize) => {
            "esta aplicación no tiene permiso para usar el flujo de código de autorización. Un administrador debe habilitar «Authorization code grant» en el cliente de aplicación de Cognito."
        }
        (UnauthorizedClient, Token) => {
            "esta aplicación no tiene permiso para canjear códigos de inicio de sesión ni tokens de actualización. Un administrador debe habilitar la concesión de código de autorización en el cliente de aplicación de Cognito."
        }
        (InvalidScope, _) => {
            "la aplicación pidió permisos (ámbitos) que el servicio de inicio de sesión no admite. Un administrador debe habilitar los ámbitos solicitados en el cliente de aplicación de Cognito."
        }
        (LoginRequired, _) => "tiene que volver a iniciar sesión.",
        (ServerError | TemporarilyUnavailable, _) => {
            "el servicio de inicio de sesión tuvo un problema. Espere un momento y vuelva a intentarlo."
        }
        (UnsupportedResponseType, _) => {
            "el servicio de inicio de sesión no admite este tipo de inicio de sesión. Un administrador debe revisar los ajustes de OAuth del cliente de aplicación de Cognito."
        }
        (InvalidGrant, Token) => {
            "o bien el código de inicio de sesión ya se usó o caducó (vuelva a iniciar sesión), o bien esta aplicación no puede leer un atributo que cubren los ámbitos que pide, como email_verified en email (en ese caso falla siempre, y hay que cambiar los permisos de lectura de atributos del cliente de aplicación)."
        }
        (InvalidGrant, Authorize) => {
            "el código de inicio de sesión ya se usó, caducó o no corresponde a este inicio de sesión. Vuelva a iniciar sesión."
        }
        (InvalidClient, _) => {
            "el servicio de inicio de sesión no acepta esta aplicación (cliente desconocido, o el cliente de aplicación tiene un secreto). Un administrador debe usar un cliente de aplicación público sin secreto de cliente."
        }
        (UnsupportedGrantType, _) => "el servicio de inicio de sesión no admite este tipo de solicitud.",
        (Other(_), Authorize) => "el servicio de inicio de sesión informó de un error.",
        (Other(_), Token) => "el servicio de inicio de sesión se negó a emitir tokens.",
    }
}
