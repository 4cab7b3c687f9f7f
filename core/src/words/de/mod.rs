//! Der deutsche Katalog: jede [`Message`] und jeder [`Text`], in denselben
//! erschöpfenden `match`es wie `en/` (eine neue Meldung kompiliert erst,
//! wenn sie auch hier formuliert ist).
//!
//! Anrede durchgehend „Sie“. Konfigurationsschlüssel, OAuth-Parameter und
//! -Fehlercodes, HTTP-Status, URLs, Dateinamen, JSON und Pfade in der
//! Cognito-Konsole (`Cognito console → App clients → …`) bleiben wörtlich
//! englisch; Beschriftungen der Konsole stehen in „…“, Code-Werte in
//! geraden Anführungszeichen wie im JSON.
//!
//! Glossar (englisch → deutsch, in allen Dateien gleich):
//! - sign in / sign-in → anmelden / Anmeldung; sign out → abmelden /
//!   Abmeldung; sign up / create account → Konto erstellen
//! - session → Sitzung; renew (a session) → verlängern; renewed tokens →
//!   erneuerte Tokens
//! - sign-in service → Anmeldedienst; identity provider →
//!   Identitätsanbieter; provider → Anbieter
//! - user pool → Benutzerpool; User Pool ID → Benutzerpool-ID; app client →
//!   App-Client; App client ID → App-Client-ID; public client →
//!   öffentlicher Client; client secret → Client-Secret
//! - callback URL → Callback-URL; sign-out URL → Abmelde-URL; issuer →
//!   Aussteller; resource server → Ressourcenserver
//! - hosted UI → gehostete Benutzeroberfläche; managed login → verwaltete
//!   Anmeldung (Konsolenwert „Managed login“); feature plan → Feature-Plan
//! - token → Token (das, Plural Tokens); ID token → ID-Token; access token
//!   → Zugriffstoken; refresh token → Aktualisierungstoken; sign-in code →
//!   Anmeldecode; code exchange → Code-Austausch; scope → Scope; claim →
//!   Claim; attribute read permissions → Leseberechtigungen für Attribute
//! - setup checker → Einrichtungsprüfung; test sign-in → Testanmeldung;
//!   API console → API-Konsole; request → Anfrage; call → Aufruf
//! - configuration → Konfiguration; setting → Einstellung; tab → Tab (der)

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

/// Die Wörter der Startseite (`super::start`).
pub(in crate::words) static START: StartWords = StartWords {
    sign_in: "Anmelden",
    signing_in: "Anmeldung läuft …",
    loading: "Wird geladen …",
    signed_out: "Sie sind abgemeldet. Melden Sie sich mit dem Konto Ihrer Organisation an, um fortzufahren.",
    create_account: "Konto erstellen",
    account: "Konto",
    with_password: "Mit Passwort anmelden",
    continue_with: Around { before: "Weiter mit ", after: "" },
    your_account: Around { before: "Weiter mit Ihrem ", after: "-Konto" },
};

/// `s` mit großem Anfangsbuchstaben: ein Satzteil, der hier einen Satz
/// beginnt (nach einem Doppelpunkt schreibt man vor einem ganzen Satz groß).
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Eine ganze Zahl, wie man sie auf Deutsch schreibt: ab fünf Stellen mit
/// Tausenderpunkten (12.345), vierstellige ohne (1234).
fn number(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() < 5 {
        return digits;
    }
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    grouped
}

/// `count` mit dem passenden Substantiv: „1 Minute“, „2 Minuten“.
fn counted(count: u64, one: &str, many: &str) -> String {
    format!("{} {}", number(count), if count == 1 { one } else { many })
}

/// `message` auf Deutsch.
pub(super) fn say(message: &Message<'_>) -> String {
    match *message {
        Message::Text(t) => text(t).to_string(),
        Message::Error(e) => errors::error(e),
        Message::Cause(e) => errors::cause(e),
        Message::NextStep(step) => next_step(step).to_string(),
        Message::ProviderDetails(d) => format!("Angaben des Anmeldedienstes im Wortlaut: „{d}“"),
        Message::ApiFailed(e) => errors::api(e),
        Message::ConfigLoad(e) => config_load(e),
        Message::ConfigProblem(p) => config::problem(p),
        Message::ConfigProblemsIn(file) => format!("In {} gibt es folgende Probleme:", file.name()),
        Message::ConfigErrorHint(file) => format!(
            "Wenn Sie diese Website betreiben, korrigieren Sie die Datei {} und laden Sie die Seite neu. Wenn Sie sich anmelden möchten, wenden Sie sich bitte an die Betreiber dieser Website.",
            file.name()
        ),
        Message::LoginConfigErrorHint(file) => format!(
            "Wenn Sie diese Seite betreiben, korrigieren Sie {} (der Abschnitt „Configuration“ der README nennt jede Einstellung) und laden Sie die Seite neu; danach prüft die Einrichtungsprüfung unter /setup den Benutzerpool und den App-Client. Wenn Sie sich anmelden möchten, wenden Sie sich bitte an die Betreiber dieser Website.",
            file.name()
        ),
        Message::ClockNotice { offset_secs } => format!(
            "Die Uhr Ihres Geräts geht im Vergleich zur Uhr des Anmeldedienstes {}. Die Anmeldung funktioniert trotzdem, aber stellen Sie die Uhr am besten auf automatisch, um Probleme zu vermeiden.",
            errors::clock_offset(offset_secs)
        ),
        Message::SignInOption(option) => START.sign_in_option(option),
        Message::NotInGroup { group } => format!(
            "Diese Seite ist Mitgliedern der Gruppe „{group}“ vorbehalten. Sie sind angemeldet, gehören aber nicht zu dieser Gruppe."
        ),
        Message::ApiStatus { status, millis } => format!("HTTP {status} in {} ms", number(millis)),
        Message::ApiTarget { base_url } => format!("Anfragen gehen mit Ihrem Token an {base_url}."),
        Message::ApiBatch { count, ok, sequential, micros } => api_batch(count, ok, sequential, micros),
        Message::Badge(status) => match status {
            Status::Pass => "OK",
            Status::Fail => "Problem",
            Status::Manual => "Manuell prüfen",
        }
        .to_string(),
        Message::Stage(stage) => match stage {
            Stage::AuthorizeReached => "Anmeldeseite von Cognito erreicht",
            Stage::CallbackReached => "Zurück an der Callback-URL",
            Stage::TokenExchanged => "Code gegen Tokens eingetauscht",
            Stage::IdTokenValid => "ID-Token gültig",
        }
        .to_string(),
    }
}

/// Die API-Konsole: „4 Anfragen gleichzeitig gesendet: 3 erfolgreich,
/// 1 fehlgeschlagen, in 10 ms (je 2,625 ms)“.
fn api_batch(count: usize, ok: usize, sequential: bool, micros: u64) -> String {
    let total = number(micros / 1000);
    if count == 1 {
        let outcome = if ok == 1 { "erfolgreich" } else { "fehlgeschlagen" };
        return format!("1 Anfrage gesendet: {outcome}, in {total} ms");
    }
    let how = if sequential { "nacheinander" } else { "gleichzeitig" };
    let each = micros / count.max(1) as u64;
    format!(
        "{} {how} gesendet: {} erfolgreich, {} fehlgeschlagen, in {total} ms (je {},{:03} ms)",
        counted(count as u64, "Anfrage", "Anfragen"),
        number(ok as u64),
        number(count.saturating_sub(ok) as u64),
        number(each / 1000),
        each % 1000
    )
}

fn next_step(step: NextStep) -> &'static str {
    match step {
        NextStep::SignInAgain => "Melden Sie sich erneut an, um fortzufahren.",
        NextStep::Retry => "Das ist vermutlich nur vorübergehend: Warten Sie einen Moment und versuchen Sie es dann erneut.",
        NextStep::FixConfiguration => {
            "Dafür muss der Cognito-App-Client oder config.json geändert werden; bitte wenden Sie sich an die Betreiber dieser Website."
        }
        NextStep::FixClock => "Stellen Sie die Uhr Ihres Geräts richtig und melden Sie sich dann erneut an.",
        NextStep::CorrectInput => "Korrigieren Sie Ihre Eingabe und versuchen Sie es dann erneut.",
    }
}

fn config_load(e: &ConfigLoadError) -> String {
    let file = |url: &str| crate::config::file_name(url).to_string();
    let problems = |errors: &crate::config::ConfigErrors| {
        errors.0.iter().map(|p| say(&Message::ConfigProblem(p))).collect::<Vec<_>>().join("; ")
    };
    match e {
        ConfigLoadError::NotFound { url } => format!(
            "config.json wurde unter {url} nicht gefunden (und auch keine amplify_outputs.json daneben). Stellen Sie eine config.json oder eine amplify_outputs.json von Amplify Gen 2 neben index.html bereit (siehe Abschnitt „Configuration“ der README)."
        ),
        ConfigLoadError::Http { url, status } => {
            format!("{} konnte nicht von {url} geladen werden: Der Server antwortete mit HTTP {status}.", file(url))
        }
        ConfigLoadError::Network { url, source } => format!(
            "{} konnte nicht von {url} geladen werden: {}. Prüfen Sie Ihre Verbindung und laden Sie die Seite neu.",
            file(url),
            errors::net(source)
        ),
        ConfigLoadError::NoEarlyAnswer { url } => format!(
            "{} konnte nicht von {url} geladen werden: Die vorab gestellte Anfrage danach blieb ohne Antwort. Prüfen Sie Ihre Verbindung und laden Sie die Seite neu.",
            file(url)
        ),
        ConfigLoadError::Invalid(errors) => {
            format!("In {} gibt es Probleme: {}", ConfigFile::ConfigJson.name(), problems(errors))
        }
        ConfigLoadError::InvalidAmplifyOutputs(errors) => format!(
            "In amplify_outputs.json (gelesen, weil es keine config.json gibt) gibt es Probleme: {}",
            problems(errors)
        ),
    }
}

/// Ein Text ohne Argumente.
fn text(t: Text) -> &'static str {
    match t {
        Text::SignIn => START.sign_in,
        Text::SigningIn => START.signing_in,
        Text::Loading => START.loading,
        Text::SignedOut => START.signed_out,
        Text::CreateAccount => START.create_account,
        Text::Account => START.account,
        Text::SigningYouIn => "Sie werden angemeldet …",
        Text::RestoringSession => "Ihre Sitzung wird wiederhergestellt …",
        Text::SigningYouOut => "Sie werden abgemeldet …",
        Text::SigningOut => "Abmeldung läuft …",
        Text::SignOut => "Abmelden",
        Text::SignInFailedTitle => "Anmeldung nicht abgeschlossen",
        Text::SignedOutTitle => "Sie wurden abgemeldet",
        Text::TryAgain => "Erneut versuchen",
        Text::SignInAgain => "Erneut anmelden",
        Text::Reconnecting => "Verbindung zum Anmeldedienst wird wiederhergestellt …",
        Text::UnreachableTitle => "Angemeldet, aber der Anmeldedienst ist nicht erreichbar",
        Text::UnreachableBody => {
            "Ihre Sitzung konnte nicht verlängert werden. Alles, wofür Ihre Anmeldung nötig ist, wartet daher, bis der Anmeldedienst wieder antwortet. Diese Seite versucht es von selbst weiter."
        }
        Text::RetryNow => "Jetzt erneut versuchen",
        Text::ConfigErrorTitle => "Die Anmeldung ist nicht richtig konfiguriert",
        Text::LoginConfigErrorTitle => "Diese Anmeldeseite ist nicht richtig konfiguriert",
        Text::SetupLink => "Öffnen Sie die Einrichtungsprüfung",
        Text::SetupLinkAfter => ", um die Ursache zu finden.",
        Text::ApiConsole => "API-Konsole",
        Text::SignedInTitle => "Sie sind angemeldet",
        Text::Email => "E-Mail",
        Text::Username => "Benutzername",
        Text::Groups => "Gruppen",
        Text::SignedInWith => "Angemeldet über",
        Text::SessionExpires => "Sitzung gültig bis",
        Text::NotShared => "(nicht freigegeben)",
        Text::NoGroups => "keine",
        Text::NotFoundTitle => "Seite nicht gefunden",
        Text::NotFoundBefore => "Unter dieser Adresse gibt es keine Seite. ",
        Text::GoToStart => "Zur Startseite",
        Text::NotFoundAfter => "",
        Text::SignInToCallApi => "Melden Sie sich an, um die API aufzurufen.",
        Text::ApiSessionExpired => "Ihre Sitzung ist abgelaufen – bitte melden Sie sich erneut an.",
        Text::ApiNotRenewed => {
            "Sie sind noch angemeldet, aber der Anmeldedienst ist nicht erreichbar. Deshalb konnte Ihre Sitzung nicht verlängert werden, und der Aufruf wurde nicht gesendet. Sobald der Dienst wieder antwortet, funktioniert es wieder; diese Seite versucht es weiter."
        }
        Text::Method => "Methode",
        Text::ApiPath => "API-Pfad",
        Text::ApiBody => "Anfrage-Body (JSON, optional)",
        Text::Requests => "Anfragen",
        Text::OneAfterAnother => "Nacheinander (misst die Zeit pro Anfrage)",
        Text::Send => "Senden",
        Text::Sending => "Wird gesendet …",
        Text::WhoAmI => "Wer bin ich?",
        Text::AskTheApi => "API fragen",
        Text::AskingTheApi => "API wird gefragt …",
        Text::SetupTitle => "Einrichtungsprüfung",
        Text::SetupIntro => {
            "Was diese Seite im Browser an Ihrem Cognito-Benutzerpool und App-Client prüfen kann – und wie Sie jedes Problem beheben."
        }
        Text::SetupConfiguration => "Konfiguration",
        Text::SetupUserPool => "Benutzerpool",
        Text::CheckingUserPool => "Benutzerpool wird geprüft …",
        Text::SetupUrls => "Callback- und Abmelde-URLs",
        Text::TestSignIn => "Testanmeldung",
        Text::TestSignInIntro => {
            "Durchläuft die gesamte Anmeldung mit erzwungener neuer Anmeldung (prompt=login) und meldet jeden Schritt."
        }
        Text::SetupConsole => "Prüfungen in der Cognito-Konsole",
        Text::FatalTitle => "Etwas ist schiefgelaufen",
        Text::FatalBody => {
            "Diese Seite ist auf ein unerwartetes Problem gestoßen und wurde angehalten. Es wurde nichts gespeichert; beim Neuladen startet sie von vorn."
        }
        Text::ReloadPage => "Seite neu laden",
        Text::NotStarted => {
            "Diese Seite konnte nicht gestartet werden. Prüfen Sie Ihre Verbindung und laden Sie die Seite neu."
        }
    }
}
