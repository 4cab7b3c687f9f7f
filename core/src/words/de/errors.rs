//! Deutsch: warum eine Anmeldung fehlschlug oder eine Sitzung endete, was
//! jeder OAuth-Fehlercode bedeutet und warum eine Anfrage oder ein
//! API-Aufruf ohne Antwort blieb. Satzteile beginnen klein; wo einer einen
//! Satz beginnt, schreibt ihn [`sentence`] groß.

use super::{counted, sentence};
use crate::auth::callback::CallbackError;
use crate::auth::endpoints::DiscoveryError;
use crate::auth::jwt::{JwtError, KeysError};
use crate::auth::timing::ClockError;
use crate::auth::token::{ResponseProblem, TokenError};
use crate::auth::{AuthError, EndCode, EndReason, OAuthEndpoint, OAuthErrorCode};
use crate::io::{BrowserError, NetError};
use crate::session::api::ApiError;

/// Der Absatz der Meldung.
pub(super) fn error(e: &AuthError) -> String {
    match e {
        AuthError::Discovery(d) => format!("Die Anmeldung ist nicht verfügbar: {}.", sentence(&discovery(d))),
        AuthError::Callback(c) => format!("Anmeldung fehlgeschlagen: {}", sentence(&callback(c))),
        AuthError::Token(t) => format!("Anmeldung fehlgeschlagen: {}", sentence(&token(t))),
        AuthError::IdToken(j) => {
            format!("Anmeldung fehlgeschlagen: Das ID-Token {}. Das Token wurde verworfen.", jwt(j))
        }
        AuthError::AccessToken(j) => {
            format!("Anmeldung fehlgeschlagen: Das Zugriffstoken {}. Das Token wurde verworfen.", jwt(j))
        }
        AuthError::SessionEnded(r) => format!("Ihre Sitzung wurde beendet: {}", sentence(&end_reason(r))),
        AuthError::Clock(c) => format!("Anmeldung angehalten: {}.", sentence(&clock(c))),
        AuthError::Browser(b) => format!("In diesem Browser ist keine Anmeldung möglich: {}.", sentence(&browser(b))),
        AuthError::Offline => "Sie sind offline. Für die Anmeldung ist eine Verbindung zum Anmeldedienst nötig.".into(),
        AuthError::ScopesRefused { sent, .. } => format!(
            "Anmeldung fehlgeschlagen: Der Anmeldedienst hat die Scopes abgelehnt, die diese App anfordert ({sent}) (Fehler: invalid_scope): Mindestens einer davon ist im Cognito-App-Client nicht aktiviert. In der Cognito-Konsole: {} Oder setzen Sie \"scopes\" in config.json auf Scopes, die der App-Client hat.",
            super::setup::console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
        ),
        AuthError::ResourceRefused { resource } => format!(
            "Anmeldung fehlgeschlagen: Der Anmeldedienst hat keine Tokens für die Ressource {resource} ausgestellt (Fehler: invalid_grant). Cognito bindet Tokens nur mit verwalteter Anmeldung (Feature-Plan Essentials oder Plus) und einem Ressourcenserver, dessen Kennung genau {resource} lautet, an eine Ressource. Legen Sie diesen Ressourcenserver in der Cognito-Konsole an (user pool → Resource servers), oder entfernen Sie \"resource\" aus config.json."
        ),
        AuthError::Renewing => {
            "Ihre Sitzung wird gerade in einem anderen Tab dieser App verlängert, und das ist noch nicht abgeschlossen. Versuchen Sie es gleich noch einmal."
                .into()
        }
    }
}

/// Was schiefging, ohne den Rahmen „Anmeldung fehlgeschlagen“.
pub(super) fn cause(e: &AuthError) -> String {
    match e {
        AuthError::Token(t) => sentence(&token(t)),
        AuthError::Discovery(d) => format!("{}.", sentence(&discovery(d))),
        AuthError::IdToken(j) => format!("Das erneuerte ID-Token {}.", jwt(j)),
        AuthError::AccessToken(j) => format!("Das erneuerte Zugriffstoken {}.", jwt(j)),
        other => error(other),
    }
}

fn discovery(e: &DiscoveryError) -> String {
    match e {
        DiscoveryError::Unreachable { url, source } => {
            format!("die Konfiguration des Anmeldedienstes unter {url} konnte nicht geladen werden ({})", net(source))
        }
        DiscoveryError::Status { url, status } => {
            format!("die Konfiguration des Anmeldedienstes unter {url} konnte nicht geladen werden (HTTP {status})")
        }
        DiscoveryError::Invalid { url, source } => {
            format!("die Konfiguration des Anmeldedienstes unter {url} ist ungültig: {source}")
        }
        DiscoveryError::IssuerMismatch { expected, actual } => {
            format!("der Anmeldedienst nennt als Aussteller {actual}, diese Seite erwartet aber {expected}")
        }
    }
}

fn callback(e: &CallbackError) -> String {
    match e {
        CallbackError::Provider { error, .. } => {
            format!("{} (Fehler: {error})", code(error, OAuthEndpoint::Authorize))
        }
        CallbackError::Missing(name) => {
            format!("die Antwort der Anmeldung ist unvollständig (`{name}` fehlt). Starten Sie die Anmeldung erneut.")
        }
        CallbackError::NoPendingLogin => "in diesem Tab lief keine Anmeldung, oder diese Antwort der Anmeldung wurde bereits verwendet. Starten Sie die Anmeldung erneut.".into(),
        CallbackError::Unsolicited => "die Antwort des Anmeldedienstes gehört zu keiner Anmeldung, die in diesem Tab gestartet wurde, und wurde daher ignoriert. Starten Sie die Anmeldung erneut.".into(),
        CallbackError::Expired => "die Anmeldung hat zu lange gedauert (mehr als eine Stunde), oder die Uhr dieses Geräts wurde währenddessen verstellt. Starten Sie die Anmeldung erneut.".into(),
        CallbackError::StateMismatch => "die Antwort der Anmeldung passt nicht zu der Anmeldung, die in diesem Tab gestartet wurde (state stimmt nicht überein). Die Antwort wurde verworfen; starten Sie die Anmeldung erneut.".into(),
    }
}

fn token(e: &TokenError) -> String {
    match e {
        TokenError::Provider { error, .. } => format!("{} (Fehler: {error})", code(error, OAuthEndpoint::Token)),
        TokenError::Network(n) => format!(
            "der Anmeldedienst war nicht erreichbar ({}). Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
            net(n)
        ),
        TokenError::InvalidResponse { status, problem } => format!(
            "der Anmeldedienst hat unerwartet geantwortet (HTTP {status}: {}). Versuchen Sie es erneut.",
            response(problem)
        ),
        TokenError::Throttled { status } => format!(
            "der Anmeldedienst ist gerade ausgelastet (zu viele Anfragen, HTTP {status}). Warten Sie einen Moment und versuchen Sie es erneut."
        ),
        TokenError::NotBearer(kind) => {
            format!("der Anmeldedienst hat ein Token vom Typ {kind:?} statt Bearer ausgestellt; es wurde verworfen.")
        }
        TokenError::MissingIdToken => "der Anmeldedienst hat kein ID-Token zurückgegeben. Dazu muss im Cognito-App-Client der Scope openid aktiviert werden.".into(),
    }
}

fn response(p: &ResponseProblem) -> String {
    match p {
        ResponseProblem::NotJson(_) => "kein JSON".into(),
        ResponseProblem::NotATokenResponse(json) => format!("keine Token-Antwort: {json}"),
        ResponseProblem::NoErrorCode => "kein Fehlercode".into(),
        ResponseProblem::NoAccessToken => "kein access_token".into(),
        ResponseProblem::NoExpiresIn => "kein gültiges expires_in".into(),
    }
}

/// Ergänzt „Das ID-Token …“ oder „Das Zugriffstoken …“.
fn jwt(e: &JwtError) -> String {
    match e {
        JwtError::Malformed => "ist kein korrekt aufgebautes JWT".into(),
        JwtError::UnsupportedAlgorithm(alg) => {
            format!("ist mit {alg:?} signiert, akzeptiert wird aber nur RS256")
        }
        JwtError::UnknownKey => {
            "ist mit einem Schlüssel signiert, den der Anmeldedienst nicht veröffentlicht (unbekannte Schlüssel-ID)"
                .into()
        }
        JwtError::KeysUnavailable(k) => format!(
            "konnte nicht geprüft werden, weil die Signaturschlüssel des Anmeldedienstes nicht geladen werden konnten ({})",
            keys(k)
        ),
        JwtError::BadSignature => "hat eine ungültige Signatur".into(),
        JwtError::Crypto { browser_says } => format!("konnte nicht geprüft werden: {browser_says}"),
        JwtError::Browser(b) => format!("konnte nicht geprüft werden: {}", browser(b)),
        JwtError::WrongIssuer { expected, actual } => {
            format!("wurde von {actual:?} ausgestellt, nicht von {expected:?} (iss)")
        }
        JwtError::WrongAudience => "wurde für eine andere App ausgestellt (aud)".into(),
        JwtError::WrongClient => "wurde einer anderen App ausgestellt (client_id)".into(),
        JwtError::WrongTokenUse { expected, actual } => format!("hat token_use {actual:?} statt {expected:?}"),
        JwtError::Expired => {
            "ist abgelaufen (exp). Wenn das wiederholt passiert, prüfen Sie, ob die Uhr Ihres Geräts richtig geht".into()
        }
        JwtError::NotYetValid => "ist noch nicht gültig (nbf). Prüfen Sie, ob die Uhr Ihres Geräts richtig geht".into(),
        JwtError::SubjectMismatch => "betrifft einen anderen Benutzer als das ID-Token (sub)".into(),
        JwtError::IssuedInFuture => {
            "ist in die Zukunft datiert (iat). Prüfen Sie, ob die Uhr Ihres Geräts richtig geht".into()
        }
        JwtError::MissingClaim(claim) => format!("hat keinen Claim `{claim}`"),
        JwtError::NonceMismatch => "trägt nicht die Nonce dieser Anmeldung (nonce stimmt nicht überein)".into(),
        JwtError::AtHashMismatch => {
            "gehört nicht zu dem Zugriffstoken, mit dem es kam (at_hash stimmt nicht überein)".into()
        }
        JwtError::SessionChanged(claim) => {
            format!("gehört zu einer anderen Anmeldung als der aktuellen ({claim} hat sich geändert)")
        }
    }
}

fn keys(e: &KeysError) -> String {
    match e {
        KeysError::NoEndpoints(d) => discovery(d),
        KeysError::Network(n) => net(n),
        KeysError::Status { url, status } => format!("HTTP {status} von {url}"),
        KeysError::NotAJwkSet(json) => format!("kein JWK-Set: {json}"),
    }
}

fn end_reason(r: &EndReason) -> String {
    match r {
        EndReason::Refused(code @ OAuthErrorCode::InvalidGrant) => format!("der Anmeldedienst hat die Verlängerung abgelehnt (Fehler: {code}): Die Sitzung ist abgelaufen, Sie haben sich überall abgemeldet, Sie wurden von der Administration abgemeldet, oder Ihr Konto wurde deaktiviert. Melden Sie sich erneut an."),
        EndReason::Refused(other) => format!("{} (Fehler: {other})", code(other, OAuthEndpoint::Token)),
        EndReason::IdToken(j) => format!("das erneuerte ID-Token {}.", jwt(j)),
        EndReason::AccessToken(j) => format!("das erneuerte Zugriffstoken {}.", jwt(j)),
        EndReason::Unusable(t) => token(t),
        EndReason::Clock(c) => format!("{}.", clock(c)),
        EndReason::NoRefreshToken => {
            "es wurde kein Aktualisierungstoken ausgestellt, daher kann die Sitzung nicht verlängert werden. Melden Sie sich erneut an.".into()
        }
        EndReason::HolderGone => "der Tab, der die Sitzung verlängert hat, wurde geschlossen, und eine erneute Anmeldung ohne Rückfrage hat nicht funktioniert. Melden Sie sich erneut an.".into(),
        EndReason::SignedOut => "Sie haben sich abgemeldet.".into(),
        EndReason::Elsewhere(EndCode::Refused) => {
            "der Anmeldedienst hat die Verlängerung abgelehnt (in einem anderen Tab bemerkt). Melden Sie sich erneut an.".into()
        }
        EndReason::Elsewhere(EndCode::Invalid) => {
            "erneuerte Tokens haben die Prüfung nicht bestanden (in einem anderen Tab bemerkt). Melden Sie sich erneut an.".into()
        }
        EndReason::Elsewhere(EndCode::NoRefreshToken) => {
            "die Sitzung konnte nicht verlängert werden (in einem anderen Tab bemerkt). Melden Sie sich erneut an.".into()
        }
    }
}

/// Wie weit die Uhr des Geräts abweicht; ergänzt „Die Uhr … geht im
/// Vergleich zur Uhr des Anmeldedienstes …“: „etwa 30 Minuten nach“.
pub(super) fn clock_offset(offset_secs: i64) -> String {
    let minutes = (offset_secs.unsigned_abs() + 30) / 60;
    let direction = if offset_secs > 0 { "nach" } else { "vor" };
    format!("etwa {} {direction}", counted(minutes, "Minute", "Minuten"))
}

fn clock(e: &ClockError) -> String {
    format!(
        "die Uhr Ihres Geräts geht im Vergleich zur Uhr des Anmeldedienstes {} (oder die Uhr des Dienstes geht falsch). \
         Stellen Sie die Uhr Ihres Geräts auf die richtige Zeit (am besten automatisch) und melden Sie sich dann erneut an",
        clock_offset(e.offset_secs)
    )
}

fn browser(e: &BrowserError) -> String {
    match e {
        BrowserError::StorageUnavailable => {
            "der Sitzungsspeicher (sessionStorage) ist nicht verfügbar (privater Modus oder Speicher deaktiviert)"
                .into()
        }
        BrowserError::StorageRefused => "der Browser hat das Speichern des Anmeldestatus verweigert".into(),
        BrowserError::CryptoUnavailable => "WebCrypto (Zufallszahlen und Signaturprüfung) ist nicht verfügbar".into(),
        BrowserError::NavigationRefused { url } => format!("der Browser hat sich geweigert, {url} zu öffnen"),
        BrowserError::LockFailed => "die tabübergreifende Sperre für die Verlängerung ist fehlgeschlagen".into(),
    }
}

/// Warum eine Anfrage ohne Antwort blieb („keine Antwort innerhalb von
/// 15 Sekunden“).
pub(super) fn net(e: &NetError) -> String {
    match e {
        NetError::Offline => "Sie sind offline".into(),
        NetError::Timeout { secs } => {
            format!("keine Antwort innerhalb von {}", counted(u64::from(*secs), "Sekunde", "Sekunden"))
        }
        NetError::Failed { browser_says } => browser_says.clone(),
    }
}

/// Warum ein API-Aufruf ohne Antwort blieb: „Der Aufruf ist
/// fehlgeschlagen: …“.
pub(super) fn api(e: &ApiError) -> String {
    let why = match e {
        ApiError::NotConfigured => "es ist keine API konfiguriert (apiBaseUrl in config.json)".into(),
        ApiError::NotSignedIn => "melden Sie sich an, um die API aufzurufen".into(),
        ApiError::BadPath(path) => {
            format!("{path:?} ist kein Pfad der API: Verwenden Sie einen Pfad wie /me")
        }
        ApiError::BadMethod(method) => format!("{method:?} ist keine unterstützte Methode"),
        ApiError::BadHeader(name) => format!("der Header {name:?} kann bei einem API-Aufruf nicht gesetzt werden"),
        ApiError::BadBody(json) => format!("der Anfrage-Body konnte nicht als JSON geschrieben werden ({json})"),
        ApiError::NotReady => "die Anmeldekonfiguration ist noch nicht geladen".into(),
        ApiError::Network(n) => format!("die API war nicht erreichbar ({})", net(n)),
        ApiError::SessionExpired => "Ihre Sitzung ist abgelaufen – bitte melden Sie sich erneut an".into(),
        ApiError::NotRenewedYet(e) => format!(
            "Sie sind noch angemeldet, aber Ihre Sitzung konnte noch nicht verlängert werden: {} Versuchen Sie es gleich noch einmal",
            cause(e)
        ),
    };
    format!("Der Aufruf ist fehlgeschlagen: {}.", sentence(&why))
}

/// Was ein OAuth-Fehlercode bedeutet, der bei `at` ankam.
pub(super) fn code(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (AccessDenied, _) => {
            "Die Anmeldung wurde abgebrochen oder der Zugriff verweigert. Sie können es erneut versuchen."
        }
        (ProviderFailed, _) => {
            "Die Anmeldung über Ihren Identitätsanbieter hat nicht funktioniert. Versuchen Sie es erneut: Die erste Anmeldung mit einem verknüpften Konto klappt oft erst beim zweiten Versuch."
        }
        (InvalidRequest, Authorize) => {
            "Der Anmeldedienst hat die Anfrage als fehlerhaft abgelehnt. Versuchen Sie es erneut; wenn das wiederholt passiert, muss die Konfiguration der Seite überprüft werden."
        }
        (InvalidRequest, Token) => {
            "Der Anmeldedienst hat die Anfrage als fehlerhaft abgelehnt. Starten Sie die Anmeldung erneut."
        }
        (UnauthorizedClient, Authorize) => {
            "Diese App darf den Autorisierungscode-Flow nicht verwenden. Dazu muss im Cognito-App-Client „Authorization code grant“ aktiviert werden."
        }
        (UnauthorizedClient, Token) => {
            "Diese App darf keine Anmeldecodes oder Aktualisierungstokens einlösen. Dazu muss im Cognito-App-Client „Authorization code grant“ aktiviert werden."
        }
        (InvalidScope, _) => {
            "Die App hat Berechtigungen (Scopes) angefordert, die der Anmeldedienst nicht zulässt. Dazu müssen die angeforderten Scopes im Cognito-App-Client aktiviert werden."
        }
        (LoginRequired, _) => "Sie müssen sich erneut anmelden.",
        (ServerError | TemporarilyUnavailable, _) => {
            "Beim Anmeldedienst ist ein Problem aufgetreten. Warten Sie einen Moment und versuchen Sie es erneut."
        }
        (UnsupportedResponseType, _) => {
            "Der Anmeldedienst unterstützt diese Art der Anmeldung nicht. Die OAuth-Einstellungen des Cognito-App-Clients müssen überprüft werden."
        }
        (InvalidGrant, Token) => {
            "Die Anmeldung konnte nicht abgeschlossen werden. Entweder wurde der Anmeldecode bereits verwendet oder ist abgelaufen (starten Sie die Anmeldung dann erneut), oder diese App darf ein Attribut nicht lesen, das die angeforderten Scopes umfassen, etwa email_verified bei email (dann schlägt es jedes Mal fehl, und die Leseberechtigungen für Attribute im App-Client müssen geändert werden)."
        }
        (InvalidGrant, Authorize) => {
            "Die Anmeldung konnte nicht abgeschlossen werden. Der Anmeldecode wurde bereits verwendet, ist abgelaufen oder gehört nicht zu dieser Anmeldung. Starten Sie die Anmeldung erneut."
        }
        (InvalidClient, _) => {
            "Der Anmeldedienst akzeptiert diese App nicht (unbekannter Client, oder der App-Client hat ein Client-Secret). Es muss ein öffentlicher App-Client ohne Client-Secret verwendet werden."
        }
        (UnsupportedGrantType, _) => "Der Anmeldedienst unterstützt diese Art von Anfrage nicht.",
        (Other(_), Authorize) => "Der Anmeldedienst hat einen Fehler gemeldet.",
        (Other(_), Token) => "Der Anmeldedienst hat sich geweigert, Tokens auszustellen.",
    }
}
