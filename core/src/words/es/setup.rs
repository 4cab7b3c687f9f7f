//! Spanish: the setup checker's findings, and how to fix each. The Cognito
//! console's labels and paths stay in English (`Cognito console → App
//! clients → …`): we cannot check how the localized console words them.

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
        "Grupo de usuarios",
        detail,
        vec![
            "Compruebe el User Pool ID: Cognito console → User pools → su grupo de usuarios → Overview → User pool ID (REGION_xxxxxxxxx).".into(),
            format!("La región es la parte anterior a «_» ({region}); debe ser la región en la que está el grupo de usuarios."),
        ],
    )
}

/// A finding.
pub(in crate::words) fn finding(f: &Finding) -> FindingText {
    match f {
        Finding::PoolId { pool, region } => {
            said("ID del grupo de usuarios", format!("{pool} (región {region})"), vec![])
        }
        Finding::ClientId(id) => said("ID del cliente de aplicación", id.clone(), vec![]),
        Finding::Issuer(issuer) => said("Emisor", issuer.clone(), vec![]),
        Finding::ConfigFile(source) => said("Archivo de configuración", config_source(source), vec![]),
        Finding::CallbackHere { url } => {
            said("URL de retorno", format!("{url} es la URL de retorno de esta página."), vec![])
        }
        Finding::CallbackElsewhere { configured, expected } => said(
            "URL de retorno",
            format!("redirectUri es {configured}, pero la URL de retorno de esta página es {expected}: después de iniciar sesión, Cognito enviaría a los usuarios a otro sitio."),
            vec![
                format!("En config.json, ponga \"redirectUri\": \"{expected}\" (o quite la clave: ese es el valor predeterminado)."),
                format!("En la consola de Cognito: App clients → su cliente de aplicación → Login pages → Allowed callback URLs: añada exactamente {expected}"),
            ],
        ),
        Finding::LogoutHere { url } => said("URL de cierre de sesión", format!("{url} está en esta página."), vec![]),
        Finding::LogoutElsewhere { configured, here } => said(
            "URL de cierre de sesión",
            format!("logoutUri es {configured}, que no está en esta página ({here})."),
            vec![
                format!("En config.json, ponga \"logoutUri\": \"{here}\" (o quite la clave: ese es el valor predeterminado)."),
                format!("En la consola de Cognito: App clients → su cliente de aplicación → Login pages → Allowed sign-out URLs: añada exactamente {here}"),
            ],
        ),
        Finding::PoolUnreachable { url, error, region } => wrong_pool(
            format!("No se pudo cargar la configuración OpenID del grupo de usuarios desde {url} ({}).", net(error)),
            region,
        ),
        Finding::NoPool { pool, url, status, region } => wrong_pool(
            format!("No hay ningún grupo de usuarios {pool} en {url} (HTTP {status}): el User Pool ID o su región son incorrectos."),
            region,
        ),
        Finding::NotOpenIdConfiguration { url, region } => {
            wrong_pool(format!("{url} no devolvió una configuración OpenID."), region)
        }
        Finding::IssuerMismatch { actual, expected } => said(
            "Grupo de usuarios",
            format!("El grupo de usuarios dice que su emisor es {actual:?}, pero esta página espera {expected}."),
            vec!["Quite \"issuer\" de config.json, salvo que sepa que lo necesita: se deduce del User Pool ID.".into()],
        ),
        Finding::PoolFound { pool, region } => {
            said("Grupo de usuarios", format!("Se encontró {pool} en {region}."), vec![])
        }
        Finding::HostedUi { origin, configured: Some(domain) } => said(
            "Dominio de la interfaz alojada",
            format!("La interfaz alojada del grupo de usuarios está en {origin}; config.json indica {domain} (correcto si es su dominio personalizado)."),
            vec![],
        ),
        Finding::HostedUi { origin, configured: None } => said(
            "Dominio de la interfaz alojada",
            format!("La interfaz alojada del grupo de usuarios está en {origin}."),
            vec![],
        ),
        Finding::NoHostedUi => said(
            "Dominio de la interfaz alojada",
            "El grupo de usuarios no tiene dominio de interfaz alojada, así que no hay ninguna página de inicio de sesión a la que enviar a los usuarios.",
            vec![
                "Cognito console → su grupo de usuarios → Branding (o App integration) → Domain → Create Cognito domain (o un dominio personalizado).".into(),
                "Habilite el inicio de sesión administrado (managed login) o la interfaz alojada para su cliente de aplicación.".into(),
                "Ponga la URL del dominio en config.json como \"domain\".".into(),
            ],
        ),
        Finding::CallbackNeverArrived { callback, scopes } => said(
            "No se volvió a la URL de retorno",
            format!(
                "El inicio de sesión no volvió a esta página: Cognito se detuvo en su propia página de error («An error was encountered with the requested page»). \
                 La causa habitual es que la URL de retorno no está registrada. En la consola de Cognito: App clients → su cliente de aplicación → Login pages → \
                 Allowed callback URLs: añada exactamente {callback}. Si esa página decía invalid_scope, uno de los ámbitos que pide esta aplicación ({}) \
                 no está habilitado: {}",
                scopes.join(" "),
                console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
            ),
            vec![format!("Registre exactamente {callback} en Allowed callback URLs y vuelva a probar.")],
        ),
        Finding::TestStopped { error, provider_error } => said(
            "La prueba de inicio de sesión se detuvo",
            match error {
                Some(e) => super::errors::error(e),
                None => "Se detuvo por un error, que se mostró en su momento; esta página se ha recargado desde entonces. Vuelva a probar para verlo.".into(),
            },
            vec![match provider_error {
                Some((code, at)) => console_setting(code, *at).to_string(),
                None => "Solucione el problema anterior y vuelva a probar.".into(),
            }],
        ),
        Finding::PromptIgnored => said(
            "Cognito no pidió la contraseña",
            "La prueba envió prompt=login (volver a iniciar sesión aunque ya haya una sesión), pero Cognito inició la sesión a partir de su \
             propia cookie de sesión, sin preguntar: el dominio de este grupo de usuarios usa la interfaz alojada clásica, que ignora prompt. \
             El inicio de sesión funciona; prompt, lang y resource necesitan el inicio de sesión administrado (managed login).",
            vec![
                "Cognito console → Branding → Domain: ponga la versión de marca (branding version) en «Managed login» (plan de características Essentials o Plus) si necesita prompt, lang o resource.".into(),
                "O cierre sesión primero y vuelva a ejecutar la prueba para ver el formulario de inicio de sesión.".into(),
            ],
        ),
        Finding::NoEmail => said(
            "Correo electrónico",
            "El token de ID no tiene el claim email, así que la aplicación no puede mostrar quién ha iniciado sesión.",
            vec![
                "User pool → Sign-up: haga que email sea un atributo obligatorio.".into(),
                "App client → Login pages → OpenID Connect scopes: seleccione «Email».".into(),
                "App client → Attribute permissions: permita leer email.".into(),
            ],
        ),
        Finding::TestPassed => said(
            "Prueba de inicio de sesión",
            "Se superaron todas las etapas y el token de ID incluye el correo electrónico del usuario.",
            vec![],
        ),
        Finding::ClientType => said(
            "Tipo de cliente de aplicación",
            "El cliente de aplicación debe ser un cliente público: esta página no puede guardar un secreto.",
            vec!["Cognito console → App clients → su cliente de aplicación: «Client secret» debe estar vacío (tipo Public client).".into()],
        ),
        Finding::RegisteredUrls { callback, logout } => said(
            "URL de retorno y de cierre de sesión registradas",
            "Cognito las compara carácter por carácter (esquema, host, puerto, ruta y barra final).",
            vec![
                format!("La lista Allowed callback URLs debe contener exactamente {callback}"),
                format!("La lista Allowed sign-out URLs debe contener exactamente {logout}"),
            ],
        ),
        Finding::ManagedLogin { prompt, lang, resource } => managed_login(*prompt, *lang, resource.as_deref()),
        Finding::AttributePermissions { scopes } => attribute_permissions(scopes),
        Finding::SignInOptions { providers, sign_up } => sign_in_options(providers, *sign_up),
    }
}

fn managed_login(prompt: bool, lang: bool, resource: Option<&str>) -> FindingText {
    let mut fix = vec![
        "Cognito console → Branding → Domain: la versión de marca (branding version) debe ser «Managed login» (plan de características Essentials o Plus) para prompt y lang; la interfaz alojada clásica los ignora, y entonces «Probar el inicio de sesión», más abajo, le inicia la sesión a partir de la sesión de Cognito, sin pedir la contraseña.".to_string(),
    ];
    let used: Vec<&str> =
        [("prompt", prompt), ("lang", lang)].into_iter().filter_map(|(key, set)| set.then_some(key)).collect();
    if !used.is_empty() {
        let effect = if used.len() == 1 { "no tiene efecto" } else { "no tienen efecto" };
        fix.push(format!("config.json establece {}: sin el inicio de sesión administrado {effect}.", used.join(" y ")));
    }
    if let Some(resource) = resource {
        fix.push(format!(
            "config.json establece resource: Cognito solo vincula los tokens a él con el inicio de sesión administrado y un servidor de recursos cuyo identificador sea exactamente {resource} (user pool → Resource servers); sin ese servidor, todos los inicios de sesión fallan con invalid_grant."
        ));
    }
    said(
        "Inicio de sesión administrado (managed login)",
        "prompt (que envía «Probar el inicio de sesión»), lang y resource solo funcionan si el dominio del grupo de usuarios usa el inicio de sesión administrado.",
        fix,
    )
}

fn attribute_permissions(scopes: &[String]) -> FindingText {
    let covered: Vec<&str> = scopes
        .iter()
        .filter_map(|scope| match scope.as_str() {
            "email" => Some("email y email_verified (ámbito email)"),
            "phone" => Some("phone_number y phone_number_verified (ámbito phone)"),
            "profile" => {
                Some("todos los atributos estándar que tenga el grupo, como name y given_name (ámbito profile)")
            }
            _ => None,
        })
        .collect();
    let mut fix = vec![
        "User pool → Sign-up: haga que email sea un atributo obligatorio (la vista de la sesión iniciada lo muestra)."
            .to_string(),
    ];
    if !covered.is_empty() {
        fix.push(format!(
            "App client → Attribute permissions → Read: permita leer {}. Sin esos permisos, todos los canjes de código fallan con invalid_grant.",
            covered.join("; ")
        ));
    }
    said(
        "Permisos de lectura de atributos",
        "El cliente de aplicación debe poder leer todos los atributos que cubren los ámbitos que pide.",
        fix,
    )
}

fn sign_in_options(providers: &[Provider], sign_up: bool) -> FindingText {
    let mut fix: Vec<String> = providers
        .iter()
        .map(|provider| match provider {
            p if p.is_hosted_form() => "COGNITO: App client → Login pages → Identity providers: seleccione «Cognito user pool directory».".to_string(),
            Provider::Named(name) => format!(
                "{name}: Sign-in → Social and external providers: añada {name} exactamente con este nombre de proveedor; después, en App client → Login pages → Identity providers, selecciónelo."
            ),
            Provider::Identifier(id) => format!(
                "{id}: Sign-in → Social and external providers → su proveedor SAML/OIDC → Identifiers: añada {id} y seleccione el proveedor en el cliente de aplicación."
            ),
        })
        .collect();
    if sign_up {
        fix.push(
            "Crear cuenta: Sign-up → Self-service sign-up debe estar habilitado, con verificación del correo electrónico (o del teléfono)."
                .into(),
        );
    }
    said(
        "Opciones de inicio de sesión",
        "Cada botón de la página de inicio lleva a los usuarios directamente a un proveedor; un proveedor que el cliente de aplicación no tenga termina en la página de error de Cognito.",
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
            format!("amplify_outputs.json (no hay config.json). Se usó: {}.", used.join("; "))
        }
    }
}

fn amplify_finding(f: &AmplifyFinding) -> String {
    match f {
        AmplifyFinding::Used { from, to } => format!("{} como {to}", from.path()),
        AmplifyFinding::Chose { from, to, url, among } => {
            format!("{} como {to}: {url} (de {among}, la de esta página)", from.path())
        }
        AmplifyFinding::ChosenByPage { from, count } => {
            format!("{}: {count} URL; la página usa la de su propio origen", from.path())
        }
        AmplifyFinding::Custom { key } => format!("{CUSTOM_PREFIX}.{key} como {key}"),
    }
}

/// The Cognito console setting (or other cause) behind an OAuth error code
/// received at `at`.
pub(in crate::words) fn console_setting(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (UnauthorizedClient, _) => {
            "App clients → su cliente de aplicación → Login pages → OAuth 2.0 grant types: seleccione «Authorization code grant»."
        }
        (InvalidScope, _) => {
            "App clients → su cliente de aplicación → Login pages → OpenID Connect scopes: seleccione «OpenID» y «Email» (y todos los ámbitos indicados en config.json)."
        }
        (InvalidRequest, Authorize) => {
            "La solicitud se rechazó por estar mal formada: compruebe que el cliente de aplicación existe, que es un cliente público y que el clientId de config.json es correcto."
        }
        (AccessDenied, _) => {
            "El usuario canceló, o un desencadenador de Lambda de preautenticación (Pre authentication) rechazó el inicio de sesión."
        }
        (LoginRequired, _) => {
            "prompt=none necesita una sesión del inicio de sesión administrado: quite \"prompt\" de config.json o inicie sesión primero."
        }
        (ServerError | TemporarilyUnavailable, _) => {
            "Cognito tuvo un problema; si persiste, revise los desencadenadores de Lambda del grupo de usuarios y los proveedores de identidad federados."
        }
        (InvalidClient, Token) => {
            "El cliente de aplicación tiene un secreto de cliente (es un cliente confidencial). Cree un cliente de aplicación nuevo de tipo «Public client» (sin secreto) y use su ID."
        }
        (InvalidGrant, Token) => {
            "Se rechazó el código. Si ocurre en cada inicio de sesión: App clients → su cliente de aplicación → Attribute permissions: permita leer todos los atributos que cubren los ámbitos solicitados (email y email_verified para el ámbito email; phone_number y phone_number_verified para phone; los atributos de perfil estándar para profile). Además, el código es de un solo uso y está vinculado a la URL de retorno exacta."
        }
        (ProviderFailed, _) => {
            "Falló un proveedor de identidad federado: revise sus ajustes en Sign-in → Social and external providers (ID y secreto de cliente, metadatos SAML, asignación de atributos) y, si el error es «Already found an entry for username», el desencadenador de Lambda de prerregistro (Pre sign-up) que vincula las cuentas."
        }
        (_, Authorize) => "Revise los ajustes de Login pages del cliente de aplicación en la consola de Cognito.",
        (_, Token) => "Revise los ajustes del cliente de aplicación en la consola de Cognito.",
    }
}
