//! The Spanish catalogue through the public API: the start page, plurals,
//! Spanish numbers, an alert and setup findings.

use crate::auth::callback::CallbackError;
use crate::auth::{AuthError, EndReason, OAuthErrorCode};
use crate::config::{Config, PageLocation, Provider, SignInOption};
use crate::io::NetError;
use crate::session::api::ApiError;
use crate::setup::{redirect_findings, Finding};
use crate::words::{Language, Message, Text, Words};

fn spanish() -> Words {
    Words::new(Language::Spanish)
}

fn say(message: Message<'_>) -> String {
    spanish().say(message)
}

#[test]
fn the_start_page_speaks_spanish() {
    let words = spanish();
    assert_eq!(words.text(Text::SignIn), "Iniciar sesión");
    assert_eq!(words.text(Text::SignOut), "Cerrar sesión");
    let google = SignInOption { provider: Provider::Named("Google".into()), label: None };
    assert_eq!(words.say(Message::SignInOption(&google)), "Continuar con Google");
    let company = SignInOption { provider: Provider::Identifier("example.com".into()), label: None };
    assert_eq!(words.say(Message::SignInOption(&company)), "Continuar con su cuenta de example.com");
    let labelled = SignInOption { provider: Provider::Named("Okta".into()), label: Some("Entrar con Okta".into()) };
    assert_eq!(words.say(Message::SignInOption(&labelled)), "Entrar con Okta");
}

#[test]
fn clock_offsets_say_minuto_or_minutos() {
    let one = say(Message::ClockNotice { offset_secs: 60 });
    assert!(one.starts_with("El reloj de su dispositivo va aproximadamente 1 minuto atrasado respecto"), "{one}");
    let two = say(Message::ClockNotice { offset_secs: 100 });
    assert!(two.contains("aproximadamente 2 minutos atrasado"), "{two}");
    let ahead = say(Message::ClockNotice { offset_secs: -1800 });
    assert!(ahead.contains("aproximadamente 30 minutos adelantado"), "{ahead}");
    let stopped = spanish().explain(&AuthError::Clock(crate::auth::timing::ClockError { offset_secs: 3600 }));
    assert!(stopped.body.starts_with(
        "Se detuvo el inicio de sesión: el reloj de su dispositivo va aproximadamente 60 minutos atrasado"
    ));
}

#[test]
fn api_batches_count_in_spanish_with_a_decimal_comma() {
    let batch = Message::ApiBatch { count: 4, ok: 3, sequential: false, micros: 10_500 };
    assert_eq!(
        say(batch),
        "4 solicitudes enviadas a la vez: 3 correctas y 1 fallida, en 10 ms (2,625 ms por solicitud)"
    );
    let one = Message::ApiBatch { count: 1, ok: 1, sequential: true, micros: 3_000 };
    assert_eq!(
        say(one),
        "1 solicitud enviada una tras otra: 1 correcta y 0 fallidas, en 3 ms (3,000 ms por solicitud)"
    );
    // Five digits and more are grouped by threes with a no-break space.
    let long = Message::ApiBatch { count: 2, ok: 0, sequential: true, micros: 25_250_000 };
    assert_eq!(
        say(long),
        "2 solicitudes enviadas una tras otra: 0 correctas y 2 fallidas, en 25\u{a0}250 ms (12\u{a0}625,000 ms por solicitud)"
    );
    assert_eq!(say(Message::ApiStatus { status: 200, millis: 1234 }), "HTTP 200 en 1234 ms");
    let timeout = ApiError::Network(NetError::Timeout { secs: 1 });
    assert_eq!(
        say(Message::ApiFailed(&timeout)),
        "La llamada falló: no se pudo contactar con la API (sin respuesta en 1 segundo)."
    );
}

#[test]
fn alerts_explain_in_spanish_and_quote_the_provider_as_sent() {
    let refused = AuthError::SessionEnded(EndReason::Refused(OAuthErrorCode::InvalidGrant));
    let explained = spanish().explain(&refused);
    assert_eq!(
        (explained.title.as_str(), explained.action.as_str()),
        ("Se ha cerrado su sesión", "Volver a iniciar sesión")
    );
    assert!(
        explained.body.starts_with("Su sesión ha terminado: ") && explained.body.contains("(error: invalid_grant)")
    );
    assert_eq!(explained.next_step, "Vuelva a iniciar sesión para continuar.");
    let federated = CallbackError::Provider {
        error: OAuthErrorCode::from_answer("invalid_request", Some("Timeout occurred in calling IdP token endpoint")),
        description: Some("Timeout occurred in calling IdP token endpoint".into()),
    };
    let explained = spanish().explain(&AuthError::Callback(federated));
    assert!(explained
        .body
        .starts_with("No se pudo iniciar sesión: no funcionó el inicio de sesión a través de su proveedor"));
    assert_eq!(
        explained.details.as_deref(),
        Some("Detalles del servicio de inicio de sesión, tal como los envió: «Timeout occurred in calling IdP token endpoint»")
    );
    assert_eq!(explained.action, "Volver a intentarlo");
}

#[test]
fn findings_keep_the_console_paths_and_say_the_rest_in_spanish() {
    let page = PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() };
    let config = Config::from_json(
        r#"{"userPoolId":"us-east-1_Abc","clientId":"c1","redirectUri":"https://other.example/cb"}"#,
        &page,
    )
    .unwrap();
    let text = spanish().finding(&redirect_findings(&config, &page)[0]);
    assert_eq!(text.title, "URL de retorno");
    assert!(text.fix[1].starts_with("En la consola de Cognito: App clients → su cliente de aplicación → Login pages"));
    assert!(text.fix[1].ends_with("Allowed callback URLs: añada exactamente http://localhost:8585/callback"));
    let hosted = spanish().finding(&Finding::NoHostedUi);
    assert_eq!(hosted.title, "Dominio de la interfaz alojada");
    assert!(hosted.fix[0].contains("Domain → Create Cognito domain (o un dominio personalizado)"), "{hosted:?}");
}

/// Only punctuation may read as the English does.
#[test]
fn no_text_is_left_in_english() {
    let (english, spanish) = (Words::new(Language::English), spanish());
    let same: Vec<Text> = Text::ALL.iter().copied().filter(|&t| english.text(t) == spanish.text(t)).collect();
    assert_eq!(same, [Text::NotFoundAfter]);
}
