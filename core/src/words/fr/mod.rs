//! The French catalogue: every [`Message`] and [`Text`], by the same
//! exhaustive `match`es as `en/`. Register: « vous » throughout.
//!
//! Glossary (one word per notion, in every file):
//!
//! | English                   | Français                                              |
//! |---------------------------|-------------------------------------------------------|
//! | sign in / sign-in         | se connecter / la connexion                           |
//! | sign out / signed out     | se déconnecter / la déconnexion                       |
//! | sign in again             | se reconnecter                                        |
//! | session                   | la session                                            |
//! | renew (a session)         | renouveler / le renouvellement                        |
//! | sign-in service           | le service d’authentification                         |
//! | user pool                 | le groupe d’utilisateurs (AWS’s French term)          |
//! | User Pool ID              | l’ID du groupe d’utilisateurs (User Pool ID)          |
//! | app client                | le client d’application                               |
//! | public client             | client public                                         |
//! | client secret             | le secret client                                      |
//! | callback URL              | l’URL de rappel                                       |
//! | sign-out URL              | l’URL de déconnexion                                  |
//! | setup checker             | le diagnostic de configuration                        |
//! | test sign-in              | la connexion de test                                  |
//! | API console               | la console API                                        |
//! | Cognito console           | la console Cognito                                    |
//! | token / ID token          | le jeton / le jeton d’ID                              |
//! | access / refresh token    | le jeton d’accès / le jeton d’actualisation           |
//! | identity provider         | le fournisseur d’identité                             |
//! | scope                     | la portée (scope)                                     |
//! | claim                     | la revendication                                      |
//! | hosted UI                 | l’interface hébergée                                  |
//! | managed login             | la connexion gérée (« Managed login » in the console) |
//! | resource server           | le serveur de ressources                              |
//! | authorization code (flow) | le (flux du) code d’autorisation                      |
//! | issuer                    | l’émetteur                                            |
//! | request / answer          | la requête / la réponse                               |
//! | setting (config key)      | le paramètre                                          |
//! | URL (plural)              | les URL (invariable)                                  |
//!
//! Kept verbatim: config keys, OAuth parameters and error codes, HTTP
//! statuses, URLs, file names, header names, JSON, and the Cognito
//! console's labels (`App clients → … → Login pages`, « Authorization code
//! grant »…), which we cannot check in the French console; only the path's
//! placeholders (« votre client d’application ») are French.
//!
//! Typography: « … » with U+00A0 inside, U+00A0 before `; : ! ?` and
//! between a number and its unit, U+00A0 as the thousands separator (as
//! written below: `\u{a0}`), a decimal comma, ’ for the apostrophe. Code
//! values keep their straight quotes ("openid", `{text:?}`).

use super::start::{Around, StartWords};
use super::{Message, Text};
use crate::auth::NextStep;
use crate::config::{ConfigFile, ConfigLoadError};
use crate::setup::{Stage, Status};

mod config;
mod errors;
mod setup;

pub(super) use setup::finding;

#[cfg(test)]
mod tests;

/// The start page's words (`super::start`).
pub(in crate::words) static START: StartWords = StartWords {
    sign_in: "Se connecter",
    signing_in: "Connexion…",
    loading: "Chargement…",
    signed_out: "Vous n’êtes pas connecté. Connectez-vous avec le compte de votre organisation pour continuer.",
    create_account: "Créer un compte",
    account: "Compte",
    with_password: "Se connecter avec un mot de passe",
    continue_with: Around { before: "Continuer avec ", after: "" },
    your_account: Around { before: "Continuer avec votre compte ", after: "" },
};

/// `n` and its noun, singular for 0 and 1 as French has it ("1 minute",
/// "0 minute", "2 minutes"), the number grouped ("12 000 ms").
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{}\u{a0}{}", number(n), if n <= 1 { one } else { many })
}

/// A whole number as French writes it: thousands grouped by U+00A0
/// ("10 500").
fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() * 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(digit);
    }
    grouped
}

/// `message` in French.
pub(super) fn say(message: &Message<'_>) -> String {
    match *message {
        Message::Text(t) => text(t).to_string(),
        Message::Error(e) => errors::error(e),
        Message::Cause(e) => errors::cause(e),
        Message::NextStep(step) => next_step(step).to_string(),
        Message::ProviderDetails(d) => {
            format!("Détails transmis tels quels par le service d’authentification\u{a0}: «\u{a0}{d}\u{a0}»")
        }
        Message::ApiFailed(e) => errors::api(e),
        Message::ConfigLoad(e) => config_load(e),
        Message::ConfigProblem(p) => config::problem(p),
        Message::ConfigProblemsIn(file) => format!("{} contient les erreurs suivantes\u{a0}:", file.name()),
        Message::ConfigErrorHint(file) => format!(
            "Si vous gérez ce site, corrigez son fichier {} et rechargez la page. Si vous essayez de vous connecter, prévenez les responsables du site.",
            file.name()
        ),
        Message::LoginConfigErrorHint(file) => format!(
            "Si vous gérez cette page, corrigez {} (la section Configuration du README décrit chaque paramètre) et rechargez-la\u{a0}; le diagnostic de configuration, sur /setup, vérifiera ensuite le groupe d’utilisateurs et le client d’application. Si vous essayez de vous connecter, prévenez les responsables du site.",
            file.name()
        ),
        Message::ClockNotice { offset_secs } => format!(
            "L’horloge de votre appareil a {} celle du service d’authentification. La connexion fonctionne quand même, mais régler l’horloge sur l’heure automatique évite des problèmes.",
            errors::clock_offset(offset_secs)
        ),
        Message::SignInOption(option) => START.sign_in_option(option),
        Message::NotInGroup { group } => format!(
            "Cette page est réservée aux membres du groupe «\u{a0}{group}\u{a0}». Vous êtes bien connecté, mais vous n’en faites pas partie."
        ),
        Message::ApiStatus { status, millis } => format!("HTTP {status} en {}", count(millis, "ms", "ms")),
        Message::ApiTarget { base_url } => format!("Les requêtes partent vers {base_url}, avec votre jeton."),
        Message::ApiBatch { count: sent, ok, sequential, micros } => {
            let how = match (sent, sequential) {
                (0 | 1, _) => "",
                (_, true) => " l’une après l’autre",
                (_, false) => " en même temps",
            };
            let each = micros / sent.max(1) as u64;
            format!(
                "{}{how}\u{a0}: {} {}, {} en échec, en {} ({},{:03}\u{a0}ms par requête)",
                count(sent as u64, "requête envoyée", "requêtes envoyées"),
                number(ok as u64),
                if ok <= 1 { "réussie" } else { "réussies" },
                number((sent - ok) as u64),
                count(micros / 1000, "ms", "ms"),
                number(each / 1000),
                each % 1000
            )
        }
        Message::Badge(status) => match status {
            Status::Pass => "OK",
            Status::Fail => "Problème",
            Status::Manual => "À vérifier",
        }
        .to_string(),
        Message::Stage(stage) => match stage {
            Stage::AuthorizeReached => "Page de connexion de Cognito atteinte",
            Stage::CallbackReached => "Retour sur l’URL de rappel",
            Stage::TokenExchanged => "Code échangé contre des jetons",
            Stage::IdTokenValid => "Jeton d’ID valide",
        }
        .to_string(),
    }
}

fn next_step(step: NextStep) -> &'static str {
    match step {
        NextStep::SignInAgain => "Reconnectez-vous pour continuer.",
        NextStep::Retry => "Le problème est sans doute passager\u{a0}: patientez un instant, puis réessayez.",
        NextStep::FixConfiguration => {
            "Il faut modifier le client d’application Cognito ou config.json\u{a0}: prévenez les responsables du site."
        }
        NextStep::FixClock => "Mettez l’horloge de votre appareil à l’heure, puis reconnectez-vous.",
        NextStep::CorrectInput => "Corrigez votre saisie, puis réessayez.",
    }
}

fn config_load(e: &ConfigLoadError) -> String {
    let file = |url: &str| crate::config::file_name(url).to_string();
    let problems = |errors: &crate::config::ConfigErrors| {
        errors.0.iter().map(|p| say(&Message::ConfigProblem(p))).collect::<Vec<_>>().join("\u{a0}; ")
    };
    match e {
        ConfigLoadError::NotFound { url } => format!(
            "config.json est introuvable à l’adresse {url} (et il n’y a pas non plus d’amplify_outputs.json à côté). Déployez un config.json, ou un amplify_outputs.json d’Amplify Gen 2, à côté d’index.html (voir la section Configuration du README)."
        ),
        ConfigLoadError::Http { url, status } => {
            format!("Impossible de charger {} depuis {url}\u{a0}: le serveur a répondu HTTP {status}.", file(url))
        }
        ConfigLoadError::Network { url, source } => format!(
            "Impossible de charger {} depuis {url}\u{a0}: {}. Vérifiez votre connexion Internet et rechargez la page.",
            file(url),
            errors::net(source)
        ),
        ConfigLoadError::NoEarlyAnswer { url } => format!(
            "Impossible de charger {} depuis {url}\u{a0}: la requête anticipée n’a reçu aucune réponse. Vérifiez votre connexion Internet et rechargez la page.",
            file(url)
        ),
        ConfigLoadError::Invalid(errors) => {
            format!("{} contient des erreurs\u{a0}: {}", ConfigFile::ConfigJson.name(), problems(errors))
        }
        ConfigLoadError::InvalidAmplifyOutputs(errors) => format!(
            "amplify_outputs.json (lu faute de config.json) contient des erreurs\u{a0}: {}",
            problems(errors)
        ),
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
        Text::SigningYouIn => "Connexion en cours…",
        Text::RestoringSession => "Restauration de votre session…",
        Text::SigningYouOut => "Déconnexion en cours…",
        Text::SigningOut => "Déconnexion…",
        Text::SignOut => "Se déconnecter",
        Text::SignInFailedTitle => "La connexion n’a pas abouti",
        Text::SignedOutTitle => "Vous avez été déconnecté",
        Text::TryAgain => "Réessayer",
        Text::SignInAgain => "Se reconnecter",
        Text::Reconnecting => "Reconnexion au service d’authentification…",
        Text::UnreachableTitle => "Connecté, mais le service d’authentification est injoignable",
        Text::UnreachableBody => {
            "Votre session n’a pas pu être renouvelée\u{a0}: tout ce qui nécessite d’être connecté attend que le service d’authentification réponde de nouveau. Cette page réessaie d’elle-même."
        }
        Text::RetryNow => "Réessayer maintenant",
        Text::ConfigErrorTitle => "La connexion n’est pas configurée correctement",
        Text::LoginConfigErrorTitle => "Cette page de connexion n’est pas configurée correctement",
        Text::SetupLink => "Ouvrez le diagnostic de configuration",
        Text::SetupLinkAfter => " pour trouver la cause.",
        Text::ApiConsole => "Console API",
        Text::SignedInTitle => "Vous êtes connecté",
        Text::Email => "Adresse e-mail",
        Text::Username => "Nom d’utilisateur",
        Text::Groups => "Groupes",
        Text::SignedInWith => "Connexion via",
        Text::SessionExpires => "Expiration de la session",
        Text::NotShared => "(non communiquée)",
        Text::NoGroups => "aucun",
        Text::NotFoundTitle => "Page introuvable",
        Text::NotFoundBefore => "Il n’y a rien à cette adresse. ",
        Text::GoToStart => "Revenir à la page d’accueil",
        Text::NotFoundAfter => ".",
        Text::SignInToCallApi => "Connectez-vous pour appeler l’API.",
        Text::ApiSessionExpired => "Votre session a expiré — reconnectez-vous.",
        Text::ApiNotRenewed => {
            "Vous êtes toujours connecté, mais le service d’authentification est injoignable\u{a0}: votre session n’a pas pu être renouvelée et l’appel n’a pas été envoyé. Tout refonctionnera dès que le service répondra\u{a0}; cette page continue d’essayer."
        }
        Text::Method => "Méthode",
        Text::ApiPath => "Chemin de l’API",
        Text::ApiBody => "Corps (JSON, facultatif)",
        Text::Requests => "Nombre de requêtes",
        Text::OneAfterAnother => "L’une après l’autre (mesure le temps de chaque requête)",
        Text::Send => "Envoyer",
        Text::Sending => "Envoi…",
        Text::WhoAmI => "Qui suis-je\u{a0}?",
        Text::AskTheApi => "Interroger l’API",
        Text::AskingTheApi => "Interrogation de l’API…",
        Text::SetupTitle => "Diagnostic de configuration",
        Text::SetupIntro => {
            "Ce que cette page peut vérifier depuis le navigateur sur votre groupe d’utilisateurs et votre client d’application Cognito, et comment corriger chaque problème."
        }
        Text::SetupConfiguration => "Configuration",
        Text::SetupUserPool => "Groupe d’utilisateurs",
        Text::CheckingUserPool => "Vérification du groupe d’utilisateurs…",
        Text::SetupUrls => "URL de rappel et de déconnexion",
        Text::TestSignIn => "Connexion de test",
        Text::TestSignInIntro => {
            "Effectue une connexion complète en redemandant l’identification (prompt=login) et rend compte de chaque étape."
        }
        Text::SetupConsole => "Vérifications à faire dans la console Cognito",
        Text::FatalTitle => "Une erreur s’est produite",
        Text::FatalBody => {
            "Cette page a rencontré un problème inattendu et s’est arrêtée. Rien n’a été enregistré\u{a0}; la recharger la relance."
        }
        Text::ReloadPage => "Recharger la page",
        Text::NotStarted => {
            "Impossible de démarrer cette page. Vérifiez votre connexion Internet et rechargez la page."
        }
    }
}
