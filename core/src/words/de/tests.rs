//! Der deutsche Katalog über die öffentliche Schnittstelle: Startseite,
//! Pluralformen, Dezimalkomma, eine erklärte Fehlermeldung, ein Ergebnis
//! der Einrichtungsprüfung.

use crate::auth::callback::parse_callback;
use crate::auth::timing::ClockError;
use crate::auth::token::TokenError;
use crate::auth::{AuthError, EndReason, OAuthErrorCode};
use crate::config::{Provider, SignInOption};
use crate::io::NetError;
use crate::session::api::ApiError;
use crate::setup::Finding;
use crate::words::{start, Language, Message, Text, Words};

fn german() -> Words {
    Words::new(Language::German)
}

fn say(message: Message<'_>) -> String {
    german().say(message)
}

#[test]
fn the_start_page_speaks_german() {
    let words = german();
    assert_eq!(words.text(Text::SignIn), "Anmelden");
    assert_eq!(words.text(Text::SignOut), "Abmelden");
    assert_eq!(start::words(Language::German).loading, "Wird geladen …");
    let google = SignInOption { provider: Provider::Named("Google".into()), label: None };
    assert_eq!(words.say(Message::SignInOption(&google)), "Weiter mit Google");
    let idp = SignInOption { provider: Provider::Identifier("example.com".into()), label: None };
    assert_eq!(words.say(Message::SignInOption(&idp)), "Weiter mit Ihrem example.com-Konto");
}

#[test]
fn every_text_is_translated() {
    let (german, english) = (german(), Words::new(Language::English));
    let same: Vec<Text> = Text::ALL.iter().copied().filter(|&t| german.text(t) == english.text(t)).collect();
    assert!(same.is_empty(), "the same as English: {same:?}");
    for &text in Text::ALL {
        // Texts that are shown on their own say "Sie", never "du".
        let said = german.text(text);
        assert!(!said.contains(" du ") && !said.contains("Dein"), "{text:?}: {said}");
    }
}

#[test]
fn clock_offsets_count_minutes_in_german() {
    assert!(say(Message::ClockNotice { offset_secs: 60 }).contains("etwa 1 Minute nach."));
    assert!(say(Message::ClockNotice { offset_secs: 120 }).contains("etwa 2 Minuten nach."));
    let ahead = AuthError::Clock(ClockError { offset_secs: -1800 });
    let text = say(Message::Error(&ahead));
    assert!(
        text.starts_with("Anmeldung angehalten: Die Uhr Ihres Geräts") && text.contains("30 Minuten vor"),
        "{text}"
    );
}

#[test]
fn timeouts_count_seconds_in_german() {
    let one = ApiError::Network(NetError::Timeout { secs: 1 });
    assert_eq!(
        say(Message::ApiFailed(&one)),
        "Der Aufruf ist fehlgeschlagen: Die API war nicht erreichbar (keine Antwort innerhalb von 1 Sekunde)."
    );
    let e = AuthError::Token(TokenError::Network(NetError::Timeout { secs: 15 }));
    assert!(say(Message::Error(&e)).contains("innerhalb von 15 Sekunden"));
}

#[test]
fn api_batches_use_a_decimal_comma_and_german_plurals() {
    let batch = Message::ApiBatch { count: 4, ok: 3, sequential: false, micros: 10_500 };
    assert_eq!(say(batch), "4 Anfragen gleichzeitig gesendet: 3 erfolgreich, 1 fehlgeschlagen, in 10 ms (je 2,625 ms)");
    let long = Message::ApiBatch { count: 1000, ok: 1000, sequential: true, micros: 12_345_678 };
    assert_eq!(
        say(long),
        "1000 Anfragen nacheinander gesendet: 1000 erfolgreich, 0 fehlgeschlagen, in 12.345 ms (je 12,345 ms)"
    );
    let one = Message::ApiBatch { count: 1, ok: 1, sequential: true, micros: 7_000 };
    assert_eq!(say(one), "1 Anfrage gesendet: erfolgreich, in 7 ms");
}

#[test]
fn errors_are_explained_in_german() {
    let e = AuthError::Callback(parse_callback("error=access_denied&state=s").unwrap_err());
    let explained = german().explain(&e);
    assert_eq!(explained.title, "Anmeldung nicht abgeschlossen");
    assert_eq!(explained.action, "Erneut versuchen");
    assert!(explained.body.starts_with("Anmeldung fehlgeschlagen: Die Anmeldung wurde abgebrochen"));
    assert!(explained.body.ends_with("(Fehler: access_denied)"), "{}", explained.body);

    let ended = german().explain(&AuthError::SessionEnded(EndReason::Refused(OAuthErrorCode::InvalidGrant)));
    assert_eq!((ended.title.as_str(), ended.action.as_str()), ("Sie wurden abgemeldet", "Erneut anmelden"));
    assert!(ended.body.starts_with("Ihre Sitzung wurde beendet: Der Anmeldedienst"), "{}", ended.body);
    assert!(ended.body.contains("(Fehler: invalid_grant)"));
}

#[test]
fn provider_details_keep_the_servers_words() {
    assert_eq!(
        say(Message::ProviderDetails("Timeout occurred in calling IdP token endpoint")),
        "Angaben des Anmeldedienstes im Wortlaut: „Timeout occurred in calling IdP token endpoint“"
    );
}

#[test]
fn findings_keep_the_console_paths_verbatim() {
    let finding = Finding::CallbackElsewhere {
        configured: "https://other.example/cb".into(),
        expected: "http://localhost:8585/callback".into(),
    };
    let text = german().finding(&finding);
    assert_eq!(text.title, "Callback-URL");
    assert!(text.detail.starts_with("redirectUri ist https://other.example/cb, die Callback-URL dieser Seite"));
    assert_eq!(
        text.fix[1],
        "In der Cognito-Konsole: App clients → Ihr App-Client → Login pages → Allowed callback URLs: \
         Fügen Sie genau http://localhost:8585/callback hinzu."
    );
}
