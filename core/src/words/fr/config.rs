//! French: what is wrong with `config.json` or `amplify_outputs.json`,
//! each problem naming its key ("`userPoolId` doit avoir la forme
//! REGION_ID…"). A key is « un paramètre » (masculine).

use super::count;
use crate::config::{
    AmplifyExpected, AmplifyProblem, ConfigProblem, EntryProblem, JsonKind, OptionsProblem, Rule, CUSTOM_PREFIX,
    MAX_SIGN_IN_OPTIONS,
};
use crate::url::UrlError;

/// One problem.
pub(super) fn problem(p: &ConfigProblem) -> String {
    match p {
        ConfigProblem::NotJson(json) => format!("config.json n’est pas un JSON valide\u{a0}: {json}"),
        ConfigProblem::NotAnObject => {
            "config.json doit être un objet JSON ({ \"userPoolId\": …, \"clientId\": … })".into()
        }
        ConfigProblem::Missing { key } => format!("`{key}` est absent\u{a0}: indiquez {}", expected(key)),
        ConfigProblem::Unknown { key, suggestion: Some(known) } => {
            format!("`{key}` n’est pas un paramètre connu (vouliez-vous dire `{known}`\u{a0}?)")
        }
        ConfigProblem::Unknown { key, suggestion: None } => format!("`{key}` n’est pas un paramètre connu"),
        ConfigProblem::Invalid { key, problem } => format!("`{key}` {}", rule(key, problem)),
        ConfigProblem::Amplify(problem) => amplify(problem),
        ConfigProblem::SignInOptions(problem) => format!("`identityProviders` {}", options(problem)),
    }
}

/// What a JSON value is: "un nombre".
fn kind(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Null => "null",
        JsonKind::Bool => "true/false",
        JsonKind::Number => "un nombre",
        JsonKind::String => "une chaîne",
        JsonKind::List => "une liste",
        JsonKind::Object => "un objet",
    }
}

fn amplify_expected(e: AmplifyExpected) -> &'static str {
    match e {
        AmplifyExpected::Version => "une chaîne comme \"1.4\"",
        AmplifyExpected::Object => "un objet",
        AmplifyExpected::Urls => "une liste d’URL",
        AmplifyExpected::OneOrMoreUrls => "une liste d’au moins une URL",
        AmplifyExpected::ProviderNames => "une liste de noms de fournisseurs",
        AmplifyExpected::Code => "\"code\"",
    }
}

/// What a required key holds.
fn expected(key: &str) -> &'static str {
    match key {
        "userPoolId" => "l’ID du groupe d’utilisateurs (User Pool ID), p.\u{a0}ex. us-east-1_AbCdEf123",
        "clientId" => "l’ID du client d’application (App client ID), à copier depuis la console Cognito",
        _ => "une valeur",
    }
}

/// Completes "`key` …".
fn rule(key: &str, r: &Rule) -> String {
    match r {
        Rule::NotAString(found) => format!("doit être une chaîne, et non {}", kind(*found)),
        Rule::NotABool(found) => format!("doit valoir true ou false, et non {}", kind(*found)),
        Rule::Seconds { min, max, value } => {
            format!("doit être un nombre entier de secondes entre {min} et {max}, et non {value}")
        }
        Rule::ApiToken(text) => format!("doit valoir \"access\" ou \"id\", et non {text:?}"),
        Rule::ScopesNotAList(found) => {
            format!("doit être une liste de chaînes comme [\"openid\",\"email\"], et non {}", kind(*found))
        }
        Rule::NotAScope(text) => {
            format!("contient {text:?}, qui n’est pas une portée unique (ni espace ni guillemet)")
        }
        Rule::ScopeNotAString(found) => format!("ne doit contenir que des chaînes, et non {}", kind(*found)),
        Rule::NoOpenid => {
            "doit inclure \"openid\"\u{a0}: sans cette portée, Cognito ne renvoie pas de jeton d’ID".into()
        }
        Rule::PoolIdTooLong(length) => format!(
            "fait {}\u{a0}; un ID de groupe d’utilisateurs en compte 55 au plus",
            count(*length as u64, "caractère", "caractères")
        ),
        Rule::PoolIdShape(text) => format!(
            "doit avoir la forme REGION_ID, p.\u{a0}ex. us-east-1_AbCdEf123 (copiez le User Pool ID depuis la console Cognito), et non {text:?}"
        ),
        Rule::ClientIdLength => {
            "doit compter de 1 à 128 caractères (copiez l’App client ID depuis la console Cognito)".into()
        }
        Rule::ClientIdCharacters(text) => format!(
            "ne peut contenir que des lettres, des chiffres, `_` et `+`, et non {text:?} (copiez l’App client ID depuis la console Cognito)"
        ),
        Rule::Name { max, text } => format!("doit compter de 1 à {max} caractères, sans espace, et non {text:?}"),
        Rule::AppName => "doit compter de 1 à 60 caractères".into(),
        Rule::Lang(text) => format!("doit être une étiquette de langue comme \"de\" ou \"pt-BR\", et non {text:?}"),
        Rule::Language(text) => format!(
            "doit être l’une des langues de ces pages ({}), et non {text:?}",
            crate::language::Language::ALL.map(crate::language::Language::code).join(", ")
        ),
        Rule::Prompt(text) => format!(
            "doit valoir \"none\", ou une ou plusieurs valeurs parmi \"login\", \"select_account\", \"consent\", et non {text:?}"
        ),
        Rule::Url { source, text } => format!("{}\u{a0}: {text:?}", url(source)),
        Rule::NotHttps(text) => {
            format!("doit utiliser https (le http simple n’est permis que pour localhost et 127.0.0.1)\u{a0}: {text:?}")
        }
        Rule::QueryOrFragment(text) => format!("doit être {} sans `?` ni `#`\u{a0}: {text:?}", base_url(key)),
        Rule::Fragment(text) => format!("ne doit pas contenir de fragment `#`\u{a0}: {text:?}"),
        Rule::BothShorthands => "et `identityProvider` désignent tous deux un fournisseur\u{a0}; n’en gardez qu’un".into(),
    }
}

/// What a base URL key names.
fn base_url(key: &str) -> &'static str {
    match key {
        "domain" => "le domaine de l’interface hébergée",
        "issuer" => "l’émetteur",
        "apiBaseUrl" => "l’URL de base de l’API",
        _ => "une URL de base",
    }
}

/// Completes "`key` …" for a value that is not a URL.
fn url(e: &UrlError) -> &'static str {
    match e {
        UrlError::NotAbsolute => "n’est pas une URL http(s) absolue (elle doit commencer par https://)",
        UrlError::Whitespace => "contient des espaces ou des caractères de contrôle",
        UrlError::Credentials => "ne doit contenir ni nom d’utilisateur ni mot de passe",
        UrlError::MissingHost => "n’a pas de nom d’hôte",
        UrlError::InvalidHost => "a un nom d’hôte non valide",
        UrlError::InvalidPort => "a un port non valide",
    }
}

/// Completes "`identityProviders` …".
fn options(p: &OptionsProblem) -> String {
    match p {
        OptionsProblem::NotAList(found) => format!(
            "doit être une liste comme [{{\"name\":\"Google\",\"label\":\"Continuer avec Google\"}}], et non {}",
            kind(*found)
        ),
        OptionsProblem::ListAndShorthand => {
            "et `identityProvider`/`idpIdentifier` sont définis en même temps\u{a0}; n’en gardez qu’un".into()
        }
        OptionsProblem::Count(count) => {
            format!("doit lister de 1 à {MAX_SIGN_IN_OPTIONS} fournisseurs, et non {count}")
        }
        OptionsProblem::Entry { entry, problem } => format!("(entrée {entry})\u{a0}: {}", entry_problem(problem)),
    }
}

fn entry_problem(p: &EntryProblem) -> String {
    match p {
        EntryProblem::NotAnObject(found) => {
            format!("doit être un objet comme {{\"name\":\"Google\"}}, et non {}", kind(*found))
        }
        EntryProblem::UnknownField(field) => {
            format!("{field:?} n’est pas un champ connu (name, idpIdentifier, label)")
        }
        EntryProblem::NotAString { field, kind: found } => {
            format!("`{field}` doit être une chaîne, et non {}", kind(*found))
        }
        EntryProblem::TwoProviders => "contient à la fois `name` et `idpIdentifier`\u{a0}; n’en gardez qu’un".into(),
        EntryProblem::NoProvider => {
            "doit avoir `name` (le nom du fournisseur dans le groupe d’utilisateurs, ou COGNITO) ou `idpIdentifier`"
                .into()
        }
        EntryProblem::BadProvider { field, max } => {
            format!("`{field}` doit compter de 1 à {max} caractères, sans espace")
        }
        EntryProblem::BadLabel => "`label` doit compter de 1 à 60 caractères".into(),
        EntryProblem::Duplicate => "le même fournisseur figure deux fois".into(),
    }
}

fn amplify(p: &AmplifyProblem) -> String {
    match p {
        AmplifyProblem::NotJson(json) => format!("amplify_outputs.json n’est pas un JSON valide\u{a0}: {json}"),
        AmplifyProblem::NotAnObject => {
            "amplify_outputs.json doit être un objet JSON ({ \"version\": \"1\", \"auth\": … })".into()
        }
        AmplifyProblem::Missing(key) => format!("`{}` est absent", key.path()),
        AmplifyProblem::WrongType { key, expected, found } => {
            format!("`{}` doit être {}, et non {}", key.path(), amplify_expected(*expected), kind(*found))
        }
        AmplifyProblem::UnknownVersion(version) => format!(
            "`version` vaut {version:?}\u{a0}: cette application lit amplify_outputs.json en version 1 (de \"1\" à \"1.x\")"
        ),
        AmplifyProblem::NoOAuth => "`auth.oauth` est absent, il n’y a donc aucun domaine d’interface hébergée où se connecter\u{a0}: donnez des `externalProviders` à defineAuth (avec callbackUrls et logoutUrls), et Amplify créera un domaine Cognito".into(),
        AmplifyProblem::ResponseType(kind) => format!(
            "`auth.oauth.response_type` vaut {kind:?}\u{a0}: cette application se connecte avec le flux du code d’autorisation (\"code\") et PKCE"
        ),
        AmplifyProblem::ClientSecret(at) => format!(
            "`{at}` est un secret client\u{a0}: cette application est un client public (un navigateur ne peut pas garder de secret)\u{a0}; utilisez un client d’application sans secret"
        ),
        AmplifyProblem::NoneHere { key, count: urls, origin } => {
            format!("`{}`\u{a0}: {}, aucune sur {origin}", key.path(), count(*urls as u64, "URL", "URL"))
        }
        AmplifyProblem::SeveralHere { key, urls, origin, expected } => format!(
            "`{}`\u{a0}: {} sur {origin} ({}), dont aucune n’est {expected}",
            key.path(),
            count(urls.len() as u64, "URL", "URL"),
            urls.join(", ")
        ),
        AmplifyProblem::RegionMismatch { region, pool, pool_region } => {
            format!("`auth.aws_region` vaut {region:?}, mais le groupe d’utilisateurs {pool} se trouve dans {pool_region}")
        }
        AmplifyProblem::CustomNotObject(found) => format!(
            "`{CUSTOM_PREFIX}` doit être un objet de paramètres de config.json (p.\u{a0}ex. {{ \"apiBaseUrl\": … }}), et non {}",
            kind(*found)
        ),
        AmplifyProblem::CustomRepeats { key, from } => {
            format!("`{CUSTOM_PREFIX}.{key}` répète `{}`\u{a0}: n’en gardez qu’un", from.path())
        }
        AmplifyProblem::Value { at, as_key, problem: rule_problem } => {
            // What config.json's rule says, without the key it starts with
            // ("`userPoolId` doit avoir la forme…" → "doit avoir la forme…").
            let said = problem(rule_problem);
            let said = said.strip_prefix(&format!("`{as_key}` ")).map(str::to_string).unwrap_or(said);
            format!("`{at}` (en tant que {as_key}) {said}")
        }
    }
}
