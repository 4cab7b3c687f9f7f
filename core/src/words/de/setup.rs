//! Deutsch: die Ergebnisse der Einrichtungsprüfung und wie man jedes
//! behebt. Pfade in der Cognito-Konsole bleiben wörtlich englisch (die
//! deutschen Beschriftungen der Konsole können wir nicht prüfen).

use super::errors::net;
use super::START;
use crate::auth::{OAuthEndpoint, OAuthErrorCode};
use crate::config::{AmplifyFinding, ConfigSource, Provider, CUSTOM_PREFIX};
use crate::setup::Finding;
use crate::words::FindingText;

fn said(title: &str, detail: impl Into<String>, fix: Vec<String>) -> FindingText {
    FindingText { title: title.to_string(), detail: detail.into(), fix }
}

/// Was zu tun ist, wenn der Benutzerpool nicht dort ist, wo die
/// Konfiguration ihn vermutet.
fn wrong_pool(detail: String, region: &str) -> FindingText {
    said(
        "Benutzerpool",
        detail,
        vec![
            "Prüfen Sie die Benutzerpool-ID: Cognito console → User pools → Ihr Benutzerpool → Overview → User pool ID (REGION_xxxxxxxxx).".into(),
            format!("Die Region ist der Teil vor „_“ ({region}); es muss die Region sein, in der der Pool liegt."),
        ],
    )
}

/// Ein Ergebnis.
pub(in crate::words) fn finding(f: &Finding) -> FindingText {
    match f {
        Finding::PoolId { pool, region } => said("Benutzerpool-ID", format!("{pool} (Region {region})"), vec![]),
        Finding::ClientId(id) => said("App-Client-ID", id.clone(), vec![]),
        Finding::Issuer(issuer) => said("Aussteller", issuer.clone(), vec![]),
        Finding::ConfigFile(source) => said("Konfigurationsdatei", config_source(source), vec![]),
        Finding::CallbackHere { url } => {
            said("Callback-URL", format!("{url} ist die Callback-URL dieser Seite."), vec![])
        }
        Finding::CallbackElsewhere { configured, expected } => said(
            "Callback-URL",
            format!("redirectUri ist {configured}, die Callback-URL dieser Seite ist aber {expected}: Nach der Anmeldung würde Cognito die Benutzer woandershin schicken."),
            vec![
                format!("Setzen Sie in config.json \"redirectUri\" auf \"{expected}\" (oder entfernen Sie den Eintrag: Das ist der Standardwert)."),
                format!("In der Cognito-Konsole: App clients → Ihr App-Client → Login pages → Allowed callback URLs: Fügen Sie genau {expected} hinzu."),
            ],
        ),
        Finding::LogoutHere { url } => said("Abmelde-URL", format!("{url} liegt auf dieser Seite."), vec![]),
        Finding::LogoutElsewhere { configured, here } => said(
            "Abmelde-URL",
            format!("logoutUri ist {configured} und liegt damit nicht auf dieser Seite ({here})."),
            vec![
                format!("Setzen Sie in config.json \"logoutUri\" auf \"{here}\" (oder entfernen Sie den Eintrag: Das ist der Standardwert)."),
                format!("In der Cognito-Konsole: App clients → Ihr App-Client → Login pages → Allowed sign-out URLs: Fügen Sie genau {here} hinzu."),
            ],
        ),
        Finding::PoolUnreachable { url, error, region } => wrong_pool(
            format!("Die OpenID-Konfiguration des Benutzerpools konnte nicht von {url} geladen werden ({}).", net(error)),
            region,
        ),
        Finding::NoPool { pool, url, status, region } => wrong_pool(
            format!("Unter {url} gibt es keinen Benutzerpool {pool} (HTTP {status}): Die Benutzerpool-ID oder ihre Region ist falsch."),
            region,
        ),
        Finding::NotOpenIdConfiguration { url, region } => {
            wrong_pool(format!("{url} hat keine OpenID-Konfiguration zurückgegeben."), region)
        }
        Finding::IssuerMismatch { actual, expected } => said(
            "Benutzerpool",
            format!("Der Pool nennt als Aussteller {actual:?}, diese Seite erwartet aber {expected}."),
            vec!["Entfernen Sie \"issuer\" aus config.json, sofern Sie es nicht wirklich brauchen: Der Wert ergibt sich aus der Benutzerpool-ID.".into()],
        ),
        Finding::PoolFound { pool, region } => said("Benutzerpool", format!("{pool} in {region} gefunden."), vec![]),
        Finding::HostedUi { origin, configured: Some(domain) } => said(
            "Domain der gehosteten Benutzeroberfläche",
            format!("Die gehostete Benutzeroberfläche des Pools liegt unter {origin}; config.json nennt {domain} (in Ordnung, wenn das Ihre benutzerdefinierte Domain ist)."),
            vec![],
        ),
        Finding::HostedUi { origin, configured: None } => said(
            "Domain der gehosteten Benutzeroberfläche",
            format!("Die gehostete Benutzeroberfläche des Pools liegt unter {origin}."),
            vec![],
        ),
        Finding::NoHostedUi => said(
            "Domain der gehosteten Benutzeroberfläche",
            "Der Benutzerpool hat keine Domain für die gehostete Benutzeroberfläche, also keine Anmeldeseite, zu der Benutzer geschickt werden könnten.",
            vec![
                "Legen Sie eine Domain an: Cognito console → Ihr Benutzerpool → Branding (oder App integration) → Domain → Create Cognito domain (oder eine eigene Domain).".into(),
                "Aktivieren Sie für Ihren App-Client die verwaltete Anmeldung (oder die gehostete Benutzeroberfläche).".into(),
                "Tragen Sie die URL der Domain in config.json als \"domain\" ein.".into(),
            ],
        ),
        Finding::CallbackNeverArrived { callback, scopes } => said(
            "Der Callback ist nie angekommen",
            format!(
                "Die Anmeldung ist nie zu dieser Seite zurückgekehrt: Cognito ist auf seiner eigenen Fehlerseite stehen geblieben („An error was encountered with the requested page“). \
                 Meist ist die Callback-URL nicht registriert. In der Cognito-Konsole: App clients → Ihr App-Client → Login pages → \
                 Allowed callback URLs: Fügen Sie genau {callback} hinzu. Stand auf jener Seite stattdessen invalid_scope, ist ein Scope, den diese App anfordert ({}), nicht aktiviert: \
                 {}",
                scopes.join(" "),
                console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
            ),
            vec![format!("Registrieren Sie genau {callback} unter „Allowed callback URLs“ und testen Sie dann erneut.")],
        ),
        Finding::TestStopped { error, provider_error } => said(
            "Die Testanmeldung wurde angehalten",
            match error {
                Some(e) => super::errors::error(e),
                None => "Der Test wurde wegen eines Fehlers angehalten, der beim Auftreten angezeigt wurde; seitdem wurde diese Seite neu geladen. Testen Sie erneut, um den Fehler wieder zu sehen.".into(),
            },
            vec![match provider_error {
                Some((code, at)) => console_setting(code, *at).to_string(),
                None => "Beheben Sie das obige Problem und testen Sie dann erneut.".into(),
            }],
        ),
        Finding::PromptIgnored => said(
            "Cognito hat nicht nach dem Passwort gefragt",
            "Der Test hat prompt=login gesendet (auch bei bestehender Sitzung neu anmelden), aber Cognito hat Sie ohne \
             Nachfrage über sein Sitzungscookie angemeldet: Die Domain dieses Benutzerpools verwendet die klassische \
             gehostete Benutzeroberfläche, die prompt ignoriert. Die Anmeldung funktioniert; prompt, lang und resource \
             erfordern die verwaltete Anmeldung.",
            vec![
                "Cognito console → Branding → Domain: Stellen Sie die Branding-Version auf „Managed login“ (Feature-Plan Essentials oder Plus), wenn Sie prompt, lang oder resource brauchen.".into(),
                "Oder melden Sie sich zuerst ab und starten Sie den Test dann erneut, um das Anmeldeformular zu sehen.".into(),
            ],
        ),
        Finding::NoEmail => said(
            "E-Mail",
            "Das ID-Token enthält keinen Claim email, daher kann die App nicht anzeigen, wer angemeldet ist.",
            vec![
                "User pool → Sign-up: Machen Sie email zu einem Pflichtattribut.".into(),
                "App client → Login pages → OpenID Connect scopes: Wählen Sie „Email“ aus.".into(),
                "App client → Attribute permissions: Erlauben Sie das Lesen von email.".into(),
            ],
        ),
        Finding::TestPassed => said(
            "Testanmeldung",
            "Alle Schritte waren erfolgreich, und das ID-Token enthält die E-Mail-Adresse des Benutzers.",
            vec![],
        ),
        Finding::ClientType => said(
            "App-Client-Typ",
            "Der App-Client muss ein öffentlicher Client sein: Diese Seite kann kein Secret geheim halten.",
            vec!["Cognito console → App clients → Ihr App-Client: „Client secret“ muss leer sein (Typ „Public client“).".into()],
        ),
        Finding::RegisteredUrls { callback, logout } => said(
            "Registrierte Callback- und Abmelde-URLs",
            "Cognito vergleicht sie Zeichen für Zeichen (Schema, Host, Port, Pfad, abschließender Schrägstrich).",
            vec![
                format!("„Allowed callback URLs“ muss genau {callback} enthalten."),
                format!("„Allowed sign-out URLs“ muss genau {logout} enthalten."),
            ],
        ),
        Finding::ManagedLogin { prompt, lang, resource } => managed_login(*prompt, *lang, resource.as_deref()),
        Finding::AttributePermissions { scopes } => attribute_permissions(scopes),
        Finding::SignInOptions { providers, sign_up } => sign_in_options(providers, *sign_up),
    }
}

fn managed_login(prompt: bool, lang: bool, resource: Option<&str>) -> FindingText {
    let mut fix = vec![
        "Cognito console → Branding → Domain: Für prompt und lang muss die Branding-Version „Managed login“ sein (Feature-Plan Essentials oder Plus). Die klassische gehostete Benutzeroberfläche ignoriert beide; die Testanmeldung unten meldet Sie dann über die Cognito-Sitzung an, ohne nach dem Passwort zu fragen.".to_string(),
    ];
    let used: Vec<&str> =
        [("prompt", prompt), ("lang", lang)].into_iter().filter_map(|(key, set)| set.then_some(key)).collect();
    if !used.is_empty() {
        let effect = if used.len() == 1 { "hat das" } else { "haben beide" };
        fix.push(format!(
            "config.json setzt {}: Ohne verwaltete Anmeldung {effect} keine Wirkung.",
            used.join(" und ")
        ));
    }
    if let Some(resource) = resource {
        fix.push(format!(
            "config.json setzt resource: Cognito bindet Tokens nur mit verwalteter Anmeldung und einem Ressourcenserver, dessen Kennung genau {resource} lautet (user pool → Resource servers), an diese Ressource; ohne ihn schlägt jede Anmeldung mit invalid_grant fehl."
        ));
    }
    said(
        "Verwaltete Anmeldung (Managed login)",
        "prompt (das die Testanmeldung sendet), lang und resource wirken nur, wenn die Domain des Benutzerpools die verwaltete Anmeldung verwendet.",
        fix,
    )
}

fn attribute_permissions(scopes: &[String]) -> FindingText {
    let covered: Vec<&str> = scopes
        .iter()
        .filter_map(|scope| match scope.as_str() {
            "email" => Some("email und email_verified (Scope email)"),
            "phone" => Some("phone_number und phone_number_verified (Scope phone)"),
            "profile" => Some("alle Standardattribute des Pools, etwa name und given_name (Scope profile)"),
            _ => None,
        })
        .collect();
    let mut fix = vec![
        "User pool → Sign-up: Machen Sie email zu einem Pflichtattribut (die Ansicht nach der Anmeldung zeigt es an)."
            .to_string(),
    ];
    if !covered.is_empty() {
        fix.push(format!(
            "App client → Attribute permissions → Read: Erlauben Sie das Lesen von {}. Ohne diese Berechtigungen schlägt jeder Code-Austausch mit invalid_grant fehl.",
            covered.join("; ")
        ));
    }
    said(
        "Leseberechtigungen für Attribute",
        "Der App-Client muss jedes Attribut lesen dürfen, das die angeforderten Scopes umfassen.",
        fix,
    )
}

fn sign_in_options(providers: &[Provider], sign_up: bool) -> FindingText {
    let mut fix: Vec<String> = providers
        .iter()
        .map(|provider| match provider {
            p if p.is_hosted_form() => "COGNITO: App client → Login pages → Identity providers: Wählen Sie „Cognito user pool directory“ aus.".to_string(),
            Provider::Named(name) => format!(
                "{name}: Sign-in → Social and external providers: Fügen Sie {name} mit genau diesem Anbieternamen hinzu und wählen Sie den Anbieter dann unter App client → Login pages → Identity providers aus."
            ),
            Provider::Identifier(id) => format!(
                "{id}: Sign-in → Social and external providers → Ihr SAML/OIDC-Anbieter → Identifiers: Fügen Sie {id} hinzu und wählen Sie den Anbieter im App-Client aus."
            ),
        })
        .collect();
    if sign_up {
        fix.push(format!(
            "{}: Sign-up → Self-service sign-up muss aktiviert sein, mit Bestätigung per E-Mail (oder Telefon).",
            START.create_account
        ));
    }
    said(
        "Anmeldeoptionen",
        "Jede Schaltfläche auf der Startseite schickt Benutzer direkt zu einem Anbieter; ein Anbieter, den der App-Client nicht hat, endet auf der Fehlerseite von Cognito.",
        fix,
    )
}

/// Woher die Konfiguration kam und, bei `amplify_outputs.json`, welche
/// Schlüssel als was verwendet wurden.
fn config_source(source: &ConfigSource) -> String {
    match source {
        ConfigSource::ConfigJson => "config.json".to_string(),
        ConfigSource::AmplifyOutputs(used) => {
            let used: Vec<String> = used.iter().map(amplify_finding).collect();
            format!("amplify_outputs.json (es gibt keine config.json). Verwendet: {}.", used.join("; "))
        }
    }
}

fn amplify_finding(f: &AmplifyFinding) -> String {
    match f {
        AmplifyFinding::Used { from, to } => format!("{} als {to}", from.path()),
        AmplifyFinding::Chose { from, to, url, among } => {
            format!("{} als {to}: {url} (eine von {among}, die für diese Seite)", from.path())
        }
        AmplifyFinding::ChosenByPage { from, count } => format!(
            "{}: {}, die Seite nimmt die auf ihrem eigenen Origin",
            from.path(),
            super::counted(*count as u64, "URL", "URLs")
        ),
        AmplifyFinding::Custom { key } => format!("{CUSTOM_PREFIX}.{key} als {key}"),
    }
}

/// Die Einstellung in der Cognito-Konsole (oder eine andere Ursache) hinter
/// einem OAuth-Fehlercode, der bei `at` ankam.
pub(in crate::words) fn console_setting(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (UnauthorizedClient, _) => {
            "App clients → Ihr App-Client → Login pages → OAuth 2.0 grant types: Wählen Sie „Authorization code grant“ aus."
        }
        (InvalidScope, _) => {
            "App clients → Ihr App-Client → Login pages → OpenID Connect scopes: Wählen Sie „OpenID“ und „Email“ aus (und jeden Scope, der in config.json steht)."
        }
        (InvalidRequest, Authorize) => {
            "Die Anfrage wurde als fehlerhaft abgelehnt: Prüfen Sie, ob der App-Client existiert, ob er ein öffentlicher Client ist und ob clientId in config.json stimmt."
        }
        (AccessDenied, _) => {
            "Der Benutzer hat abgebrochen, oder ein Lambda-Trigger „Pre authentication“ hat die Anmeldung abgelehnt."
        }
        (LoginRequired, _) => {
            "prompt=none braucht eine Sitzung der verwalteten Anmeldung: Entfernen Sie \"prompt\" aus config.json, oder melden Sie sich zuerst an."
        }
        (ServerError | TemporarilyUnavailable, _) => {
            "Bei Cognito ist ein Problem aufgetreten; wenn es bestehen bleibt, prüfen Sie die Lambda-Trigger und die föderierten Identitätsanbieter des Benutzerpools."
        }
        (InvalidClient, Token) => {
            "Der App-Client hat ein Client-Secret (ein vertraulicher Client). Legen Sie einen neuen App-Client vom Typ „Public client“ (ohne Secret) an und verwenden Sie dessen ID."
        }
        (InvalidGrant, Token) => {
            "Der Code wurde abgelehnt. Wenn das bei jeder Anmeldung passiert: App clients → Ihr App-Client → Attribute permissions: Erlauben Sie das Lesen jedes Attributs, das die angeforderten Scopes umfassen (email und email_verified bei \"email\"; phone_number und phone_number_verified bei \"phone\"; die Standard-Profilattribute bei \"profile\"). Außerdem gilt der Code nur einmal und nur für genau die Callback-URL."
        }
        (ProviderFailed, _) => {
            "Ein föderierter Identitätsanbieter ist gescheitert: Prüfen Sie seine Einstellungen unter Sign-in → Social and external providers (Client-ID und Secret, SAML-Metadaten, Attributzuordnung) und, bei „Already found an entry for username“, den Lambda-Trigger „Pre sign-up“, der Konten verknüpft."
        }
        (_, Authorize) => "Prüfen Sie in der Cognito-Konsole die Einstellungen des App-Clients unter „Login pages“.",
        (_, Token) => "Prüfen Sie in der Cognito-Konsole die Einstellungen des App-Clients.",
    }
}
