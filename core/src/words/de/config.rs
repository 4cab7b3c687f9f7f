//! Deutsch: was an `config.json` oder `amplify_outputs.json` falsch ist,
//! jedes Problem mit seinem Schlüssel vorn („`userPoolId` muss wie
//! REGION_ID aussehen …“).

use super::counted;
use crate::config::{
    AmplifyExpected, AmplifyProblem, ConfigProblem, EntryProblem, JsonKind, OptionsProblem, Rule, CUSTOM_PREFIX,
    MAX_SIGN_IN_OPTIONS,
};
use crate::url::UrlError;

/// Ein Problem.
pub(super) fn problem(p: &ConfigProblem) -> String {
    match p {
        ConfigProblem::NotJson(json) => format!("config.json ist kein gültiges JSON: {json}"),
        ConfigProblem::NotAnObject => {
            "config.json muss ein JSON-Objekt sein ({ \"userPoolId\": …, \"clientId\": … })".into()
        }
        ConfigProblem::Missing { key } => format!("`{key}` fehlt: {}", expected(key)),
        ConfigProblem::Unknown { key, suggestion: Some(known) } => {
            format!("`{key}` ist keine bekannte Einstellung (meinten Sie `{known}`?)")
        }
        ConfigProblem::Unknown { key, suggestion: None } => format!("`{key}` ist keine bekannte Einstellung"),
        ConfigProblem::Invalid { key, problem } => format!("`{key}` {}", rule(key, problem)),
        ConfigProblem::Amplify(problem) => amplify(problem),
        ConfigProblem::SignInOptions(problem) => format!("`identityProviders` {}", options(problem)),
    }
}

/// Was ein JSON-Wert ist, mit Artikel: ergänzt „…, ist aber …“.
fn kind(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Null => "null",
        JsonKind::Bool => "ein Wahrheitswert (true/false)",
        JsonKind::Number => "eine Zahl",
        JsonKind::String => "eine Zeichenkette",
        JsonKind::List => "eine Liste",
        JsonKind::Object => "ein Objekt",
    }
}

fn amplify_expected(e: AmplifyExpected) -> &'static str {
    match e {
        AmplifyExpected::Version => "eine Zeichenkette wie \"1.4\"",
        AmplifyExpected::Object => "ein Objekt",
        AmplifyExpected::Urls => "eine Liste von URLs",
        AmplifyExpected::OneOrMoreUrls => "eine Liste mit mindestens einer URL",
        AmplifyExpected::ProviderNames => "eine Liste von Anbieternamen",
        AmplifyExpected::Code => "\"code\"",
    }
}

/// Was ein Pflichtschlüssel enthält.
fn expected(key: &str) -> &'static str {
    match key {
        "userPoolId" => "die Benutzerpool-ID, z. B. us-east-1_AbCdEf123",
        "clientId" => "die App-Client-ID aus der Cognito-Konsole",
        _ => "ein Wert",
    }
}

/// Ergänzt „`key` …“.
fn rule(key: &str, r: &Rule) -> String {
    match r {
        Rule::NotAString(found) => format!("muss eine Zeichenkette sein, ist aber {}", kind(*found)),
        Rule::NotABool(found) => format!("muss true oder false sein, ist aber {}", kind(*found)),
        Rule::Seconds { min, max, value } => {
            format!("muss eine ganze Zahl von Sekunden zwischen {min} und {max} sein, ist aber {value}")
        }
        Rule::ApiToken(text) => format!("muss \"access\" oder \"id\" sein, ist aber {text:?}"),
        Rule::ScopesNotAList(found) => {
            format!("muss eine Liste von Zeichenketten wie [\"openid\",\"email\"] sein, ist aber {}", kind(*found))
        }
        Rule::NotAScope(text) => {
            format!("enthält {text:?}, das ist kein einzelner Scope (ohne Leerzeichen oder Anführungszeichen)")
        }
        Rule::ScopeNotAString(found) => format!("darf nur Zeichenketten enthalten, enthält aber {}", kind(*found)),
        Rule::NoOpenid => "muss \"openid\" enthalten: Ohne diesen Scope gibt Cognito kein ID-Token zurück".into(),
        Rule::PoolIdTooLong(length) => {
            format!("ist {length} Zeichen lang; eine Benutzerpool-ID hat höchstens 55 Zeichen")
        }
        Rule::PoolIdShape(text) => format!(
            "muss wie REGION_ID aussehen, z. B. us-east-1_AbCdEf123 (kopieren Sie die Benutzerpool-ID aus der Cognito-Konsole), ist aber {text:?}"
        ),
        Rule::ClientIdLength => {
            "muss 1 bis 128 Zeichen lang sein (kopieren Sie die App-Client-ID aus der Cognito-Konsole)".into()
        }
        Rule::ClientIdCharacters(text) => format!(
            "darf nur Buchstaben, Ziffern, `_` und `+` enthalten, ist aber {text:?} (kopieren Sie die App-Client-ID aus der Cognito-Konsole)"
        ),
        Rule::Name { max, text } => {
            format!("muss 1 bis {max} Zeichen ohne Leerzeichen lang sein, ist aber {text:?}")
        }
        Rule::AppName => "muss 1 bis 60 Zeichen lang sein".into(),
        Rule::Lang(text) => format!("muss ein Sprach-Tag wie \"de\" oder \"pt-BR\" sein, ist aber {text:?}"),
        Rule::Language(text) => format!(
            "muss eine der Sprachen dieser Seiten sein ({}), ist aber {text:?}",
            crate::language::Language::ALL.map(crate::language::Language::code).join(", ")
        ),
        Rule::Prompt(text) => format!(
            "muss \"none\" oder eines oder mehrere von \"login\", \"select_account\", \"consent\" sein, ist aber {text:?}"
        ),
        Rule::Url { source, text } => format!("{}: {text:?}", url(source)),
        Rule::NotHttps(text) => {
            format!("muss https verwenden (einfaches http ist nur für localhost und 127.0.0.1 erlaubt): {text:?}")
        }
        Rule::QueryOrFragment(text) => format!("muss {} ohne `?` oder `#` sein: {text:?}", base_url(key)),
        Rule::Fragment(text) => format!("darf kein `#`-Fragment enthalten: {text:?}"),
        Rule::BothShorthands => "und `identityProvider` wählen beide einen Anbieter; behalten Sie nur einen davon".into(),
    }
}

/// Was ein Basis-URL-Schlüssel nennt.
fn base_url(key: &str) -> &'static str {
    match key {
        "domain" => "die Domain der gehosteten Benutzeroberfläche",
        "issuer" => "der Aussteller",
        "apiBaseUrl" => "die Basis-URL der API",
        _ => "eine Basis-URL",
    }
}

/// Ergänzt „`key` …“ für einen Wert, der keine URL ist.
fn url(e: &UrlError) -> &'static str {
    match e {
        UrlError::NotAbsolute => "ist keine absolute http(s)-URL (sie muss mit https:// beginnen)",
        UrlError::Whitespace => "enthält Leerzeichen oder Steuerzeichen",
        UrlError::Credentials => "darf weder Benutzernamen noch Passwort enthalten",
        UrlError::MissingHost => "hat keinen Hostnamen",
        UrlError::InvalidHost => "hat einen ungültigen Hostnamen",
        UrlError::InvalidPort => "hat einen ungültigen Port",
    }
}

/// Ergänzt „`identityProviders` …“.
fn options(p: &OptionsProblem) -> String {
    match p {
        OptionsProblem::NotAList(found) => format!(
            "muss eine Liste wie [{{\"name\":\"Google\",\"label\":\"Weiter mit Google\"}}] sein, ist aber {}",
            kind(*found)
        ),
        OptionsProblem::ListAndShorthand => {
            "und `identityProvider`/`idpIdentifier` sind beide gesetzt; behalten Sie nur eine Angabe".into()
        }
        OptionsProblem::Count(count) => {
            format!("muss 1 bis {MAX_SIGN_IN_OPTIONS} Anbieter enthalten, enthält aber {count}")
        }
        OptionsProblem::Entry { entry, problem } => format!("– Eintrag {entry}: {}", entry_problem(problem)),
    }
}

fn entry_problem(p: &EntryProblem) -> String {
    match p {
        EntryProblem::NotAnObject(found) => {
            format!("muss ein Objekt wie {{\"name\":\"Google\"}} sein, ist aber {}", kind(*found))
        }
        EntryProblem::UnknownField(field) => {
            format!("{field:?} ist kein bekanntes Feld (name, idpIdentifier, label)")
        }
        EntryProblem::NotAString { field, kind: found } => {
            format!("`{field}` muss eine Zeichenkette sein, ist aber {}", kind(*found))
        }
        EntryProblem::TwoProviders => "hat sowohl `name` als auch `idpIdentifier`; behalten Sie eines davon".into(),
        EntryProblem::NoProvider => {
            "braucht `name` (den Namen des Anbieters im Benutzerpool, oder COGNITO) oder `idpIdentifier`".into()
        }
        EntryProblem::BadProvider { field, max } => {
            format!("`{field}` muss 1 bis {max} Zeichen ohne Leerzeichen lang sein")
        }
        EntryProblem::BadLabel => "`label` muss 1 bis 60 Zeichen lang sein".into(),
        EntryProblem::Duplicate => "derselbe Anbieter ist zweimal aufgeführt".into(),
    }
}

fn amplify(p: &AmplifyProblem) -> String {
    match p {
        AmplifyProblem::NotJson(json) => format!("amplify_outputs.json ist kein gültiges JSON: {json}"),
        AmplifyProblem::NotAnObject => {
            "amplify_outputs.json muss ein JSON-Objekt sein ({ \"version\": \"1\", \"auth\": … })".into()
        }
        AmplifyProblem::Missing(key) => format!("`{}` fehlt", key.path()),
        AmplifyProblem::WrongType { key, expected, found } => {
            format!("`{}` muss {} sein, ist aber {}", key.path(), amplify_expected(*expected), kind(*found))
        }
        AmplifyProblem::UnknownVersion(version) => format!(
            "`version` ist {version:?}: Diese App liest amplify_outputs.json in Version 1 (\"1\" bis \"1.x\")"
        ),
        AmplifyProblem::NoOAuth => "`auth.oauth` fehlt, daher gibt es keine Domain der gehosteten Benutzeroberfläche für die Anmeldung: Ergänzen Sie in defineAuth `externalProviders` (mit callbackUrls und logoutUrls), dann legt Amplify eine Cognito-Domain an".into(),
        AmplifyProblem::ResponseType(kind) => format!(
            "`auth.oauth.response_type` ist {kind:?}: Diese App meldet sich mit dem Autorisierungscode-Flow (\"code\") und PKCE an"
        ),
        AmplifyProblem::ClientSecret(at) => format!(
            "`{at}` ist ein Client-Secret: Diese App ist ein öffentlicher Client (ein Browser kann nichts geheim halten); verwenden Sie einen App-Client ohne Secret"
        ),
        AmplifyProblem::NoneHere { key, count, origin } => {
            let urls = counted(*count as u64, "URL", "URLs");
            format!("`{}`: {urls}, keine davon auf {origin}", key.path())
        }
        AmplifyProblem::SeveralHere { key, urls, origin, expected } => format!(
            "`{}`: {} auf {origin} ({}), aber keine davon ist {expected}",
            key.path(),
            counted(urls.len() as u64, "URL", "URLs"),
            urls.join(", ")
        ),
        AmplifyProblem::RegionMismatch { region, pool, pool_region } => {
            format!("`auth.aws_region` ist {region:?}, aber der Benutzerpool {pool} liegt in {pool_region}")
        }
        AmplifyProblem::CustomNotObject(found) => format!(
            "`{CUSTOM_PREFIX}` muss ein Objekt mit Einstellungen aus config.json sein (z. B. {{ \"apiBaseUrl\": … }}), ist aber {}",
            kind(*found)
        ),
        AmplifyProblem::CustomRepeats { key, from } => {
            format!("`{CUSTOM_PREFIX}.{key}` wiederholt `{}`: Behalten Sie nur eine Angabe", from.path())
        }
        AmplifyProblem::Value { at, as_key, problem: rule_problem } => {
            // Was die Regel von config.json sagt, ohne den Schlüssel vorn
            // („`userPoolId` muss wie …“ → „muss wie …“).
            let said = problem(rule_problem);
            let said = said.strip_prefix(&format!("`{as_key}` ")).map(str::to_string).unwrap_or(said);
            format!("`{at}` (als {as_key}) {said}")
        }
    }
}
