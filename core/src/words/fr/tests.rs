//! The French catalogue, through the public API: the start page, plurals,
//! the decimal comma, an alert and a finding, and French typography.

use crate::auth::callback::CallbackError;
use crate::auth::{AuthError, OAuthErrorCode};
use crate::config::{Config, PageLocation, Provider, SignInOption};
use crate::io::NetError;
use crate::session::api::ApiError;
use crate::setup::{config_findings, manual_findings, redirect_findings, Finding};
use crate::words::{Language, Message, Text, Words};

fn french() -> Words {
    Words::new(Language::French)
}

fn say(message: Message<'_>) -> String {
    french().say(message)
}

#[test]
fn the_start_page_is_short_and_french() {
    let words = french();
    assert_eq!(words.text(Text::SignIn), "Se connecter");
    assert_eq!(words.text(Text::SignOut), "Se déconnecter");
    assert_eq!(words.text(Text::CreateAccount), "Créer un compte");
    let google = SignInOption { provider: Provider::Named("Google".into()), label: None };
    assert_eq!(say(Message::SignInOption(&google)), "Continuer avec Google");
    let saml = SignInOption { provider: Provider::Identifier("example.com".into()), label: None };
    assert_eq!(say(Message::SignInOption(&saml)), "Continuer avec votre compte example.com");
}

#[test]
fn minutes_and_seconds_agree_with_their_number() {
    let one = say(Message::ClockNotice { offset_secs: 60 });
    assert!(one.starts_with("L’horloge de votre appareil a environ 1\u{a0}minute de retard sur celle"), "{one}");
    let two = say(Message::ClockNotice { offset_secs: -120 });
    assert!(two.contains("environ 2\u{a0}minutes d’avance sur"), "{two}");
    let timeout = |secs| say(Message::ApiFailed(&ApiError::Network(NetError::Timeout { secs })));
    assert_eq!(timeout(1), "L’appel a échoué\u{a0}: l’API est injoignable (aucune réponse au bout de 1\u{a0}seconde).");
    assert!(timeout(15).contains("au bout de 15\u{a0}secondes"));
}

#[test]
fn api_batches_use_the_decimal_comma_and_group_thousands() {
    let batch = Message::ApiBatch { count: 4, ok: 3, sequential: false, micros: 10_500 };
    assert_eq!(
        say(batch),
        "4\u{a0}requêtes envoyées en même temps\u{a0}: 3 réussies, 1 en échec, en 10\u{a0}ms (2,625\u{a0}ms par requête)"
    );
    let one = Message::ApiBatch { count: 1, ok: 1, sequential: true, micros: 12_345_678 };
    assert_eq!(
        say(one),
        "1\u{a0}requête envoyée\u{a0}: 1 réussie, 0 en échec, en 12\u{a0}345\u{a0}ms (12\u{a0}345,678\u{a0}ms par requête)"
    );
    assert_eq!(say(Message::ApiStatus { status: 200, millis: 1234 }), "HTTP 200 en 1\u{a0}234\u{a0}ms");
}

#[test]
fn an_alert_frames_the_providers_words_in_french_quotes() {
    let federated = CallbackError::Provider {
        error: OAuthErrorCode::from_answer("invalid_request", Some("Timeout occurred in calling IdP token endpoint")),
        description: Some("Timeout occurred in calling IdP token endpoint".into()),
    };
    let explained = french().explain(&AuthError::Callback(federated));
    assert!(
        explained.body.starts_with("Échec de la connexion\u{a0}: la connexion via votre fournisseur d’identité"),
        "{explained:?}"
    );
    assert_eq!(
        explained.details.as_deref(),
        Some(
            "Détails transmis tels quels par le service d’authentification\u{a0}: \
             «\u{a0}Timeout occurred in calling IdP token endpoint\u{a0}»"
        )
    );
    assert_eq!((explained.title.as_str(), explained.action.as_str()), ("La connexion n’a pas abouti", "Réessayer"));
}

#[test]
fn findings_keep_the_consoles_labels() {
    let page = PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() };
    let c = Config::from_json(
        r#"{"userPoolId":"us-east-1_Abc","clientId":"c1","redirectUri":"https://other.example/cb"}"#,
        &page,
    )
    .unwrap();
    let text = french().finding(&redirect_findings(&c, &page)[0]);
    assert_eq!(text.title, "URL de rappel");
    assert!(
        text.fix[1]
            .ends_with("Login pages → Allowed callback URLs\u{a0}: ajoutez exactement http://localhost:8585/callback"),
        "{text:?}"
    );
    let text = french().finding(&Finding::NoHostedUi);
    assert!(text.fix[0].contains("Domain → Create Cognito domain"), "{text:?}");
}

/// No straight apostrophe, and U+00A0 where French puts a space around
/// punctuation.
fn typography(said: &str) {
    assert!(!said.contains('\''), "{said}");
    for bad in [" :", " ;", " ?", " !", "« ", " »"] {
        assert!(!said.contains(bad), "{bad:?} without U+00A0: {said}");
    }
}

#[test]
fn findings_follow_french_typography() {
    let page = PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() };
    let c = Config::from_json(
        r#"{"userPoolId":"us-east-1_Abc","clientId":"c1","signUp":true,"prompt":"login","lang":"de",
            "resource":"https://api.example.com","scopes":["openid","email","phone","profile"],
            "identityProviders":[{"name":"Google"},{"idpIdentifier":"example.com"},{"name":"COGNITO"}]}"#,
        &page,
    )
    .unwrap();
    let mut all = config_findings(&c);
    all.extend(manual_findings(&c));
    all.extend([Finding::NoHostedUi, Finding::PromptIgnored, Finding::NoEmail, Finding::TestPassed]);
    for finding in &all {
        let text = french().finding(finding);
        typography(&text.title);
        typography(&text.detail);
        text.fix.iter().for_each(|fix| typography(fix));
    }
}

#[test]
fn texts_follow_french_typography_and_few_read_as_english() {
    let (french, english) = (french(), Words::new(Language::English));
    let mut same = Vec::new();
    for &text in Text::ALL {
        let said = french.text(text);
        typography(&said);
        if said == english.text(text) {
            same.push(text);
        }
    }
    // "." ends the sentence around the not-found page's link;
    // "Configuration" is the French word too.
    assert_eq!(same, [Text::NotFoundAfter, Text::SetupConfiguration]);
}
