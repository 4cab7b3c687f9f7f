//! Spanish: what is wrong with `config.json` or `amplify_outputs.json`,
//! each problem naming its key ("`userPoolId` debe tener la forma…").
//! Keys, JSON and values stay as they are written in the file.

use crate::config::{
    AmplifyExpected, AmplifyProblem, ConfigProblem, EntryProblem, JsonKind, OptionsProblem, Rule, CUSTOM_PREFIX,
    MAX_SIGN_IN_OPTIONS,
};
use crate::url::UrlError;

/// One problem.
pub(super) fn problem(p: &ConfigProblem) -> String {
    match p {
        ConfigProblem::NotJson(json) => format!("config.json no es un JSON válido: {json}"),
        ConfigProblem::NotAnObject => {
            "config.json debe ser un objeto JSON ({ \"userPoolId\": …, \"clientId\": … })".into()
        }
        ConfigProblem::Missing { key } => format!("falta `{key}`: {}", expected(key)),
        ConfigProblem::Unknown { key, suggestion: Some(known) } => {
            format!("`{key}` no es un ajuste conocido (¿quería decir `{known}`?)")
        }
        ConfigProblem::Unknown { key, suggestion: None } => format!("`{key}` no es un ajuste conocido"),
        ConfigProblem::Invalid { key, problem } => format!("`{key}` {}", rule(key, problem)),
        ConfigProblem::Amplify(problem) => amplify(problem),
        ConfigProblem::SignInOptions(problem) => format!("`identityProviders` {}", options(problem)),
    }
}

/// What a JSON value is: "un número".
fn kind(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Null => "null",
        JsonKind::Bool => "true/false",
        JsonKind::Number => "un número",
        JsonKind::String => "una cadena",
        JsonKind::List => "una lista",
        JsonKind::Object => "un objeto",
    }
}

fn amplify_expected(e: AmplifyExpected) -> &'static str {
    match e {
        AmplifyExpected::Version => "una cadena como \"1.4\"",
        AmplifyExpected::Object => "un objeto",
        AmplifyExpected::Urls => "una lista de URL",
        AmplifyExpected::OneOrMoreUrls => "una lista de una o más URL",
        AmplifyExpected::ProviderNames => "una lista de nombres de proveedores",
        AmplifyExpected::Code => "\"code\"",
    }
}

/// What a required key holds.
fn expected(key: &str) -> &'static str {
    match key {
        "userPoolId" => "el ID del grupo de usuarios (User Pool ID), p. ej., us-east-1_AbCdEf123",
        "clientId" => "el ID del cliente de aplicación (App client ID) de la consola de Cognito",
        _ => "un valor",
    }
}

/// Completes "`key` …".
fn rule(key: &str, r: &Rule) -> String {
    match r {
        Rule::NotAString(found) => format!("debe ser una cadena, no {}", kind(*found)),
        Rule::NotABool(found) => format!("debe ser true o false, no {}", kind(*found)),
        Rule::Seconds { min, max, value } => {
            format!("debe ser un número entero de segundos entre {min} y {max}, no {value}")
        }
        Rule::ApiToken(text) => format!("debe ser \"access\" o \"id\", no {text:?}"),
        Rule::ScopesNotAList(found) => {
            format!("debe ser una lista de cadenas como [\"openid\",\"email\"], no {}", kind(*found))
        }
        Rule::NotAScope(text) => format!("contiene {text:?}, que no es un único ámbito (sin espacios ni comillas)"),
        Rule::ScopeNotAString(found) => format!("solo debe contener cadenas, no {}", kind(*found)),
        Rule::NoOpenid => "debe incluir \"openid\": sin él, Cognito no devuelve ningún token de ID".into(),
        Rule::PoolIdTooLong(length) => {
            format!("tiene {length} caracteres; un User Pool ID tiene como máximo 55")
        }
        Rule::PoolIdShape(text) => format!(
            "debe tener la forma REGIÓN_ID, p. ej., us-east-1_AbCdEf123 (copie el User Pool ID de la consola de Cognito), no {text:?}"
        ),
        Rule::ClientIdLength => {
            "debe tener entre 1 y 128 caracteres (copie el App client ID de la consola de Cognito)".into()
        }
        Rule::ClientIdCharacters(text) => format!(
            "solo puede contener letras, dígitos, `_` y `+`, no {text:?} (copie el App client ID de la consola de Cognito)"
        ),
        Rule::Name { max, text } => format!("debe tener entre 1 y {max} caracteres, sin espacios, no {text:?}"),
        Rule::AppName => "debe tener entre 1 y 60 caracteres".into(),
        Rule::Lang(text) => format!("debe ser una etiqueta de idioma como \"de\" o \"pt-BR\", no {text:?}"),
        Rule::Language(text) => format!(
            "debe ser uno de los idiomas de estas páginas ({}), no {text:?}",
            crate::language::Language::ALL.map(crate::language::Language::code).join(", ")
        ),
        Rule::Prompt(text) => {
            format!("debe ser \"none\", o uno o varios de \"login\", \"select_account\", \"consent\", no {text:?}")
        }
        Rule::Url { source, text } => format!("{}: {text:?}", url(source)),
        Rule::NotHttps(text) => {
            format!("debe usar https (http sin cifrar solo se admite para localhost y 127.0.0.1): {text:?}")
        }
        Rule::QueryOrFragment(text) => format!("debe ser {} sin `?` ni `#`: {text:?}", base_url(key)),
        Rule::Fragment(text) => format!("no debe contener un fragmento `#`: {text:?}"),
        // "`idpIdentifier` e `identityProvider` …" ("e" before the i sound).
        Rule::BothShorthands => "e `identityProvider` eligen ambos un proveedor; deje solo uno".into(),
    }
}

/// What a base URL key names.
fn base_url(key: &str) -> &'static str {
    match key {
        "domain" => "el dominio de la interfaz alojada",
        "issuer" => "el emisor",
        "apiBaseUrl" => "la URL base de la API",
        _ => "una URL base",
    }
}

/// Completes "`key` …" for a value that is not a URL.
fn url(e: &UrlError) -> &'static str {
    match e {
        UrlError::NotAbsolute => "no es una URL http(s) absoluta (debe empezar por https://)",
        UrlError::Whitespace => "contiene espacios o caracteres de control",
        UrlError::Credentials => "no debe contener un nombre de usuario ni una contraseña",
        UrlError::MissingHost => "no tiene nombre de host",
        UrlError::InvalidHost => "tiene un nombre de host no válido",
        UrlError::InvalidPort => "tiene un puerto no válido",
    }
}

/// Completes "`identityProviders` …".
fn options(p: &OptionsProblem) -> String {
    match p {
        OptionsProblem::NotAList(found) => format!(
            "debe ser una lista como [{{\"name\":\"Google\",\"label\":\"Continuar con Google\"}}], no {}",
            kind(*found)
        ),
        OptionsProblem::ListAndShorthand => {
            "e `identityProvider`/`idpIdentifier` están definidos a la vez; deje solo uno".into()
        }
        OptionsProblem::Count(count) => {
            format!("debe incluir entre 1 y {MAX_SIGN_IN_OPTIONS} proveedores, no {count}")
        }
        OptionsProblem::Entry { entry, problem } => format!("entrada {entry}: {}", entry_problem(problem)),
    }
}

fn entry_problem(p: &EntryProblem) -> String {
    match p {
        EntryProblem::NotAnObject(found) => {
            format!("debe ser un objeto como {{\"name\":\"Google\"}}, no {}", kind(*found))
        }
        EntryProblem::UnknownField(field) => {
            format!("{field:?} no es un campo conocido (name, idpIdentifier, label)")
        }
        EntryProblem::NotAString { field, kind: found } => {
            format!("`{field}` debe ser una cadena, no {}", kind(*found))
        }
        EntryProblem::TwoProviders => "tiene a la vez `name` e `idpIdentifier`; deje solo uno".into(),
        EntryProblem::NoProvider => {
            "necesita `name` (el nombre del proveedor en el grupo de usuarios, o COGNITO) o `idpIdentifier`".into()
        }
        EntryProblem::BadProvider { field, max } => {
            format!("`{field}` debe tener entre 1 y {max} caracteres, sin espacios")
        }
        EntryProblem::BadLabel => "`label` debe tener entre 1 y 60 caracteres".into(),
        EntryProblem::Duplicate => "el mismo proveedor aparece dos veces".into(),
    }
}

fn amplify(p: &AmplifyProblem) -> String {
    match p {
        AmplifyProblem::NotJson(json) => format!("amplify_outputs.json no es un JSON válido: {json}"),
        AmplifyProblem::NotAnObject => {
            "amplify_outputs.json debe ser un objeto JSON ({ \"version\": \"1\", \"auth\": … })".into()
        }
        AmplifyProblem::Missing(key) => format!("falta `{}`", key.path()),
        AmplifyProblem::WrongType { key, expected, found } => {
            format!("`{}` debe ser {}, no {}", key.path(), amplify_expected(*expected), kind(*found))
        }
        AmplifyProblem::UnknownVersion(version) => format!(
            "`version` es {version:?}: esta aplicación lee amplify_outputs.json en su versión 1 (de \"1\" a \"1.x\")"
        ),
        AmplifyProblem::NoOAuth => "falta `auth.oauth`, así que no hay ningún dominio de interfaz alojada donde iniciar sesión: indique `externalProviders` en defineAuth (con callbackUrls y logoutUrls), y Amplify creará un dominio de Cognito".into(),
        AmplifyProblem::ResponseType(kind) => format!(
            "`auth.oauth.response_type` es {kind:?}: esta aplicación inicia sesión con el flujo de código de autorización (\"code\") y PKCE"
        ),
        AmplifyProblem::ClientSecret(at) => format!(
            "`{at}` es un secreto de cliente: esta aplicación es un cliente público (un navegador no puede guardar secretos); use un cliente de aplicación sin secreto"
        ),
        // "URL" does not change in the plural ("1 URL", "3 URL").
        AmplifyProblem::NoneHere { key, count, origin } => {
            format!("`{}`: {count} URL, ninguna en {origin}", key.path())
        }
        AmplifyProblem::SeveralHere { key, urls, origin, expected } => format!(
            "`{}`: {} URL en {origin} ({}) y ninguna es {expected}",
            key.path(),
            urls.len(),
            urls.join(", ")
        ),
        AmplifyProblem::RegionMismatch { region, pool, pool_region } => {
            format!("`auth.aws_region` es {region:?}, pero el grupo de usuarios {pool} está en {pool_region}")
        }
        AmplifyProblem::CustomNotObject(found) => format!(
            "`{CUSTOM_PREFIX}` debe ser un objeto con ajustes de config.json (p. ej., {{ \"apiBaseUrl\": … }}), no {}",
            kind(*found)
        ),
        AmplifyProblem::CustomRepeats { key, from } => {
            format!("`{CUSTOM_PREFIX}.{key}` repite `{}`: deje solo uno", from.path())
        }
        AmplifyProblem::Value { at, as_key, problem: rule_problem } => {
            // What config.json's rule says, without the key it starts with
            // ("`userPoolId` debe tener la forma…" → "debe tener la forma…").
            let said = problem(rule_problem);
            let said = said.strip_prefix(&format!("`{as_key}` ")).map(str::to_string).unwrap_or(said);
            format!("`{at}` (como {as_key}) {said}")
        }
    }
}
