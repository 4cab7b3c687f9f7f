//! The Spanish catalogue (`es`): every [`Message`] and [`Text`], by the same
//! exhaustive `match`es as the English one (`super::en`), in neutral
//! international Spanish addressing the reader as «usted».
//!
//! Glossary (one word per idea, in every file):
//!
//! | English | Español |
//! |---|---|
//! | sign in (verb) / sign-in (noun) | iniciar sesión / inicio de sesión |
//! | sign out | cerrar sesión (la URL: URL de cierre de sesión) |
//! | session, renew | sesión, renovar |
//! | sign-in service | servicio de inicio de sesión |
//! | user pool / User Pool ID | grupo de usuarios / ID del grupo de usuarios (User Pool ID) |
//! | group (Cognito group) | grupo |
//! | app client / App client ID | cliente de aplicación / ID del cliente de aplicación |
//! | public client, client secret | cliente público, secreto de cliente |
//! | callback URL | URL de retorno |
//! | hosted UI, managed login | interfaz alojada, inicio de sesión administrado (managed login) |
//! | feature plan | plan de características (Essentials, Plus) |
//! | identity provider | proveedor de identidad |
//! | scope, claim, issuer | ámbito, claim, emisor |
//! | ID / access / refresh token | token de ID / de acceso / de actualización |
//! | authorization code (grant) | código de autorización; exchange: canjear |
//! | resource server, Lambda trigger | servidor de recursos, desencadenador de Lambda |
//! | setup checker | verificador de configuración |
//! | API console | consola de la API |
//! | request, call (API) | solicitud, llamada |
//! | setting (config.json) | ajuste |
//! | string, list, object (JSON) | cadena, lista, objeto |
//! | device's clock | reloj del dispositivo |
//! | start page | página de inicio |
//!
//! Kept as in English: config keys, file names, OAuth parameters and error
//! codes, claims, HTTP statuses, URLs, and the Cognito console's labels and
//! paths (`Cognito console → App clients → …`), which the localized console
//! may word otherwise. Quotation marks: «…» in prose (also around console
//! labels and text the server sent); straight quotes only inside JSON and
//! for `config.json` keys and values as they are written there. Decimal
//! comma; numbers of five or more digits grouped with a no-break space.

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

/// The start page's words (`super::start`): short, they are buttons.
pub(in crate::words) static START: StartWords = StartWords {
    sign_in: "Iniciar sesión",
    signing_in: "Iniciando sesión…",
    loading: "Cargando…",
    signed_out: "No ha iniciado sesión. Inicie sesión con la cuenta de su organización para continuar.",
    create_account: "Crear cuenta",
    account: "Cuenta",
    with_password: "Iniciar sesión con contraseña",
    continue_with: Around { before: "Continuar con ", after: "" },
    your_account: Around { before: "Continuar con su cuenta de ", after: "" },
};

/// `message` in Spanish.
pub(super) fn say(message: &Message<'_>) -> String {
    match *message {
        Message::Text(t) => text(t).to_string(),
        Message::Error(e) => errors::error(e),
        Message::Cause(e) => errors::cause(e),
        Message::NextStep(step) => next_step(step).to_string(),
        Message::ProviderDetails(d) => format!("Detalles del servicio de inicio de sesión, tal como los envió: «{d}»"),
        Message::ApiFailed(e) => errors::api(e),
        Message::ConfigLoad(e) => config_load(e),
        Message::ConfigProblem(p) => config::problem(p),
        Message::ConfigProblemsIn(file) => format!("{} tiene estos problemas:", file.name()),
        Message::ConfigErrorHint(file) => format!(
            "Si usted administra este sitio, corrija su {} y recargue la página. Si está intentando iniciar sesión, avise a los responsables del sitio.",
            file.name()
        ),
        Message::LoginConfigErrorHint(file) => format!(
            "Si usted administra esta página, corrija {} (la sección «Configuration» del README enumera todos los ajustes) y recárguela; después, el verificador de configuración en /setup comprobará el grupo de usuarios y el cliente de aplicación. Si está intentando iniciar sesión, avise a los responsables del sitio.",
            file.name()
        ),
        Message::ClockNotice { offset_secs } => format!(
            "El reloj de su dispositivo va {} respecto al del servicio de inicio de sesión. Puede iniciar sesión igualmente, pero le recomendamos poner el reloj en hora automática para evitar problemas.",
            errors::clock_offset(offset_secs)
        ),
        Message::SignInOption(option) => START.sign_in_option(option),
        Message::NotInGroup { group } => format!(
            "Esta página es para los miembros del grupo «{group}». Ha iniciado sesión, pero su cuenta no pertenece a ese grupo."
        ),
        Message::ApiStatus { status, millis } => format!("HTTP {status} en {} ms", number(millis)),
        Message::ApiTarget { base_url } => format!("Las solicitudes se envían a {base_url} con su token."),
        Message::ApiBatch { count, ok, sequential, micros } => {
            let failed = count - ok;
            let sent = if count == 1 { "solicitud enviada" } else { "solicitudes enviadas" };
            let how = if sequential { "una tras otra" } else { "a la vez" };
            let succeeded = if ok == 1 { "correcta" } else { "correctas" };
            let failed_word = if failed == 1 { "fallida" } else { "fallidas" };
            let each = micros / count.max(1) as u64;
            format!(
                "{count} {sent} {how}: {ok} {succeeded} y {failed} {failed_word}, en {} ms ({},{:03} ms por solicitud)",
                number(micros / 1000),
                number(each / 1000),
                each % 1000
            )
        }
        Message::Badge(status) => match status {
            Status::Pass => "Correcto",
            Status::Fail => "Problema",
            Status::Manual => "Revisar a mano",
        }
        .to_string(),
        Message::Stage(stage) => match stage {
            Stage::AuthorizeReached => "Se llegó a la página de inicio de sesión de Cognito",
            Stage::CallbackReached => "De vuelta en la URL de retorno",
            Stage::TokenExchanged => "Código canjeado por tokens",
            Stage::IdTokenValid => "Token de ID válido",
        }
        .to_string(),
    }
}

/// A whole number as Spanish writes it: digits in groups of three
/// separated by a no-break space from five digits on ("10500" → "10 500"),
/// none below ("2625").
fn number(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() < 5 {
        return digits;
    }
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(digit);
    }
    grouped
}

fn next_step(step: NextStep) -> &'static str {
    match step {
        NextStep::SignInAgain => "Vuelva a iniciar sesión para continuar.",
        NextStep::Retry => "Probablemente sea algo pasajero: espere un momento y vuelva a intentarlo.",
        NextStep::FixConfiguration => {
            "Hace falta un cambio en el cliente de aplicación de Cognito o en config.json; avise a los responsables del sitio."
        }
        NextStep::FixClock => "Ponga en hora el reloj de su dispositivo y vuelva a iniciar sesión.",
        NextStep::CorrectInput => "Corrija los datos introducidos y vuelva a intentarlo.",
    }
}

fn config_load(e: &ConfigLoadError) -> String {
    let file = |url: &str| crate::config::file_name(url).to_string();
    let problems = |errors: &crate::config::ConfigErrors| {
        errors.0.iter().map(|p| say(&Message::ConfigProblem(p))).collect::<Vec<_>>().join("; ")
    };
    match e {
        ConfigLoadError::NotFound { url } => format!(
            "No se encontró config.json en {url} (ni amplify_outputs.json junto a él). Publique un config.json, o un amplify_outputs.json de Amplify Gen 2, junto a index.html (consulte la sección «Configuration» del README)."
        ),
        ConfigLoadError::Http { url, status } => {
            format!("No se pudo cargar {} desde {url}: el servidor respondió HTTP {status}.", file(url))
        }
        ConfigLoadError::Network { url, source } => format!(
            "No se pudo cargar {} desde {url}: {}. Compruebe su conexión y recargue la página.",
            file(url),
            errors::net(source)
        ),
        ConfigLoadError::NoEarlyAnswer { url } => format!(
            "No se pudo cargar {} desde {url}: la solicitud anticipada no obtuvo respuesta. Compruebe su conexión y recargue la página.",
            file(url)
        ),
        ConfigLoadError::Invalid(errors) => {
            format!("{} tiene problemas: {}", ConfigFile::ConfigJson.name(), problems(errors))
        }
        ConfigLoadError::InvalidAmplifyOutputs(errors) => {
            format!("amplify_outputs.json (leído porque no hay config.json) tiene problemas: {}", problems(errors))
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
        Text::SigningYouIn => "Iniciando su sesión…",
        Text::RestoringSession => "Recuperando su sesión…",
        Text::SigningYouOut => "Cerrando su sesión…",
        Text::SigningOut => "Cerrando sesión…",
        Text::SignOut => "Cerrar sesión",
        Text::SignInFailedTitle => "No se completó el inicio de sesión",
        Text::SignedOutTitle => "Se ha cerrado su sesión",
        Text::TryAgain => "Volver a intentarlo",
        Text::SignInAgain => "Volver a iniciar sesión",
        Text::Reconnecting => "Reconectando con el servicio de inicio de sesión…",
        Text::UnreachableTitle => "Sesión iniciada, pero el servicio de inicio de sesión no responde",
        Text::UnreachableBody => {
            "No se pudo renovar su sesión, así que todo lo que la necesite esperará hasta que el servicio de inicio de sesión vuelva a responder. Esta página lo sigue intentando por sí sola."
        }
        Text::RetryNow => "Reintentar ahora",
        Text::ConfigErrorTitle => "El inicio de sesión no está bien configurado",
        Text::LoginConfigErrorTitle => "Esta página de inicio de sesión no está bien configurada",
        Text::SetupLink => "Abra el verificador de configuración",
        Text::SetupLinkAfter => " para averiguar la causa.",
        Text::ApiConsole => "Consola de la API",
        Text::SignedInTitle => "Ha iniciado sesión",
        Text::Email => "Correo electrónico",
        Text::Username => "Nombre de usuario",
        Text::Groups => "Grupos",
        Text::SignedInWith => "Sesión iniciada con",
        Text::SessionExpires => "La sesión caduca",
        Text::NotShared => "(no compartido)",
        Text::NoGroups => "ninguno",
        Text::NotFoundTitle => "Página no encontrada",
        Text::NotFoundBefore => "No hay nada en esta dirección. ",
        Text::GoToStart => "Ir a la página de inicio",
        Text::NotFoundAfter => ".",
        Text::SignInToCallApi => "Inicie sesión para llamar a la API.",
        Text::ApiSessionExpired => "Su sesión ha caducado: vuelva a iniciar sesión.",
        Text::ApiNotRenewed => {
            "Su sesión sigue iniciada, pero el servicio de inicio de sesión no responde, así que no se pudo renovar la sesión y la llamada no se envió. Volverá a funcionar en cuanto el servicio responda; esta página lo sigue intentando."
        }
        Text::Method => "Método",
        Text::ApiPath => "Ruta de la API",
        Text::ApiBody => "Cuerpo (JSON, opcional)",
        Text::Requests => "Solicitudes",
        Text::OneAfterAnother => "Una tras otra (mide el tiempo de cada solicitud)",
        Text::Send => "Enviar",
        Text::Sending => "Enviando…",
        Text::WhoAmI => "¿Quién soy?",
        Text::AskTheApi => "Preguntar a la API",
        Text::AskingTheApi => "Preguntando a la API…",
        Text::SetupTitle => "Verificador de configuración",
        Text::SetupIntro => {
            "Lo que esta página puede comprobar desde el navegador sobre su grupo de usuarios y su cliente de aplicación de Cognito, y cómo solucionar cada problema."
        }
        Text::SetupConfiguration => "Configuración",
        Text::SetupUserPool => "Grupo de usuarios",
        Text::CheckingUserPool => "Comprobando el grupo de usuarios…",
        Text::SetupUrls => "URL de retorno y de cierre de sesión",
        Text::TestSignIn => "Probar el inicio de sesión",
        Text::TestSignInIntro => {
            "Recorre el inicio de sesión completo pidiendo de nuevo las credenciales (prompt=login) e informa de cada etapa."
        }
        Text::SetupConsole => "Comprobaciones en la consola de Cognito",
        Text::FatalTitle => "Algo ha salido mal",
        Text::FatalBody => {
            "Esta página encontró un problema inesperado y se detuvo. No se ha guardado nada; al recargarla, vuelve a empezar."
        }
        Text::ReloadPage => "Recargar la página",
        Text::NotStarted => "No se pudo iniciar esta página. Compruebe su conexión y recargue la página.",
    }
}
