//! French: the setup checker's findings, and how to fix each in the
//! Cognito console. The console's labels stay in English (`App clients →
//! … → Login pages`), as the console shows them; the paths' placeholders
//! (« votre client d’application ») are French.

use super::errors::net;
use super::{count, START};
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
        "Groupe d’utilisateurs",
        detail,
        vec![
            "Vérifiez l’ID du groupe d’utilisateurs\u{a0}: console Cognito → User pools → votre groupe d’utilisateurs → Overview → User pool ID (REGION_xxxxxxxxx).".into(),
            format!("La région est la partie avant le «\u{a0}_\u{a0}» ({region})\u{a0}; ce doit être la région où se trouve le groupe d’utilisateurs."),
        ],
    )
}

/// A finding.
pub(in crate::words) fn finding(f: &Finding) -> FindingText {
    match f {
        Finding::PoolId { pool, region } => {
            said("ID du groupe d’utilisateurs", format!("{pool} (région {region})"), vec![])
        }
        Finding::ClientId(id) => said("ID du client d’application", id.clone(), vec![]),
        Finding::Issuer(issuer) => said("Émetteur", issuer.clone(), vec![]),
        Finding::ConfigFile(source) => said("Fichier de configuration", config_source(source), vec![]),
        Finding::CallbackHere { url } => {
            said("URL de rappel", format!("{url} est l’URL de rappel de cette page."), vec![])
        }
        Finding::CallbackElsewhere { configured, expected } => said(
            "URL de rappel",
            format!("redirectUri vaut {configured}, mais l’URL de rappel de cette page est {expected}\u{a0}: après la connexion, Cognito enverrait les utilisateurs ailleurs."),
            vec![
                format!("Dans config.json, donnez à \"redirectUri\" la valeur \"{expected}\" (ou supprimez-le\u{a0}: c’est la valeur par défaut)."),
                format!("Dans la console Cognito\u{a0}: App clients → votre client d’application → Login pages → Allowed callback URLs\u{a0}: ajoutez exactement {expected}"),
            ],
        ),
        Finding::LogoutHere { url } => said("URL de déconnexion", format!("{url} est sur cette page."), vec![]),
        Finding::LogoutElsewhere { configured, here } => said(
            "URL de déconnexion",
            format!("logoutUri vaut {configured}, qui n’est pas sur cette page ({here})."),
            vec![
                format!("Dans config.json, donnez à \"logoutUri\" la valeur \"{here}\" (ou supprimez-le\u{a0}: c’est la valeur par défaut)."),
                format!("Dans la console Cognito\u{a0}: App clients → votre client d’application → Login pages → Allowed sign-out URLs\u{a0}: ajoutez exactement {here}"),
            ],
        ),
        Finding::PoolUnreachable { url, error, region } => wrong_pool(
            format!("Impossible de charger la configuration OpenID du groupe d’utilisateurs depuis {url} ({}).", net(error)),
            region,
        ),
        Finding::NoPool { pool, url, status, region } => wrong_pool(
            format!("Il n’y a pas de groupe d’utilisateurs {pool} à l’adresse {url} (HTTP {status})\u{a0}: l’ID du groupe d’utilisateurs ou sa région est erroné."),
            region,
        ),
        Finding::NotOpenIdConfiguration { url, region } => {
            wrong_pool(format!("{url} n’a pas renvoyé de configuration OpenID."), region)
        }
        Finding::IssuerMismatch { actual, expected } => said(
            "Groupe d’utilisateurs",
            format!("Le groupe d’utilisateurs indique {actual:?} comme émetteur, alors que cette page attend {expected}."),
            vec!["Retirez \"issuer\" de config.json, sauf si vous savez en avoir besoin\u{a0}: il est déduit de l’ID du groupe d’utilisateurs.".into()],
        ),
        Finding::PoolFound { pool, region } => {
            said("Groupe d’utilisateurs", format!("{pool} trouvé dans la région {region}."), vec![])
        }
        Finding::HostedUi { origin, configured: Some(domain) } => said(
            "Domaine de l’interface hébergée",
            format!("L’interface hébergée du groupe d’utilisateurs est sur {origin}\u{a0}; config.json indique {domain} (c’est correct s’il s’agit de votre domaine personnalisé)."),
            vec![],
        ),
        Finding::HostedUi { origin, configured: None } => said(
            "Domaine de l’interface hébergée",
            format!("L’interface hébergée du groupe d’utilisateurs est sur {origin}."),
            vec![],
        ),
        Finding::NoHostedUi => said(
            "Domaine de l’interface hébergée",
            "Le groupe d’utilisateurs n’a pas de domaine d’interface hébergée\u{a0}: il n’y a donc aucune page de connexion vers laquelle envoyer les utilisateurs.",
            vec![
                "Console Cognito → votre groupe d’utilisateurs → Branding (ou App integration) → Domain → Create Cognito domain (ou un domaine personnalisé).".into(),
                "Activez la connexion gérée (ou l’interface hébergée) pour votre client d’application.".into(),
                "Indiquez l’URL du domaine dans config.json, sous \"domain\".".into(),
            ],
        ),
        Finding::CallbackNeverArrived { callback, scopes } => said(
            "Aucun retour sur l’URL de rappel",
            format!(
                "La connexion n’est jamais revenue sur cette page\u{a0}: Cognito s’est arrêté sur sa propre page d’erreur («\u{a0}An error was encountered with the requested page\u{a0}»). \
                 La cause habituelle\u{a0}: l’URL de rappel n’est pas enregistrée. Dans la console Cognito\u{a0}: App clients → votre client d’application → Login pages → \
                 Allowed callback URLs\u{a0}: ajoutez exactement {callback}. Si cette page indiquait plutôt invalid_scope, une portée que demande cette application ({}) n’est pas activée\u{a0}: \
                 {}",
                scopes.join(" "),
                console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
            ),
            vec![format!("Enregistrez exactement {callback} comme Allowed callback URL, puis refaites le test.")],
        ),
        Finding::TestStopped { error, provider_error } => said(
            "La connexion de test s’est arrêtée",
            match error {
                Some(e) => super::errors::error(e),
                None => "Elle s’est arrêtée sur une erreur, affichée sur le moment\u{a0}; cette page a été rechargée depuis. Refaites le test pour la voir.".into(),
            },
            vec![match provider_error {
                Some((code, at)) => console_setting(code, *at).to_string(),
                None => "Corrigez le problème ci-dessus, puis refaites le test.".into(),
            }],
        ),
        Finding::PromptIgnored => said(
            "Cognito n’a pas demandé le mot de passe",
            "Le test a envoyé prompt=login (se reconnecter même avec une session ouverte), mais Cognito vous a connecté \
             grâce à son cookie de session sans rien demander\u{a0}: le domaine de ce groupe d’utilisateurs utilise \
             l’interface hébergée classique, qui ignore prompt. La connexion fonctionne\u{a0}; prompt, lang et resource \
             nécessitent la connexion gérée.",
            vec![
                "Console Cognito → Branding → Domain\u{a0}: réglez la version de branding sur «\u{a0}Managed login\u{a0}» (offre Essentials ou Plus) si vous avez besoin de prompt, lang ou resource.".into(),
                "Ou déconnectez-vous d’abord, puis relancez le test pour voir le formulaire de connexion.".into(),
            ],
        ),
        Finding::NoEmail => said(
            "Adresse e-mail",
            "Le jeton d’ID n’a pas de revendication email\u{a0}: l’application ne peut donc pas afficher qui est connecté.",
            vec![
                "User pool → Sign-up\u{a0}: rendez l’attribut email obligatoire.".into(),
                "App client → Login pages → OpenID Connect scopes\u{a0}: sélectionnez «\u{a0}Email\u{a0}».".into(),
                "App client → Attribute permissions\u{a0}: autorisez la lecture d’email.".into(),
            ],
        ),
        Finding::TestPassed => said(
            "Connexion de test",
            "Toutes les étapes ont réussi, et le jeton d’ID contient l’adresse e-mail de l’utilisateur.",
            vec![],
        ),
        Finding::ClientType => said(
            "Type de client d’application",
            "Le client d’application doit être un client public\u{a0}: cette page ne peut pas garder de secret.",
            vec!["Console Cognito → App clients → votre client d’application\u{a0}: «\u{a0}Client secret\u{a0}» doit être vide (type Public client).".into()],
        ),
        Finding::RegisteredUrls { callback, logout } => said(
            "URL de rappel et de déconnexion enregistrées",
            "Cognito les compare caractère par caractère (schéma, hôte, port, chemin, barre oblique finale).",
            vec![
                format!("La liste Allowed callback URLs doit contenir exactement {callback}"),
                format!("La liste Allowed sign-out URLs doit contenir exactement {logout}"),
            ],
        ),
        Finding::ManagedLogin { prompt, lang, resource } => managed_login(*prompt, *lang, resource.as_deref()),
        Finding::AttributePermissions { scopes } => attribute_permissions(scopes),
        Finding::SignInOptions { providers, sign_up } => sign_in_options(providers, *sign_up),
    }
}

fn managed_login(prompt: bool, lang: bool, resource: Option<&str>) -> FindingText {
    let mut fix = vec![
        "Console Cognito → Branding → Domain\u{a0}: la version de branding doit être «\u{a0}Managed login\u{a0}» (offre Essentials ou Plus) pour prompt et lang\u{a0}; l’interface hébergée classique les ignore, et la connexion de test ci-dessous vous connecte alors grâce à la session Cognito, sans demander le mot de passe.".to_string(),
    ];
    let used: Vec<&str> =
        [("prompt", prompt), ("lang", lang)].into_iter().filter_map(|(key, set)| set.then_some(key)).collect();
    if !used.is_empty() {
        let effect =
            if used.len() == 1 { "ce paramètre n’a aucun effet" } else { "ces paramètres n’ont aucun effet" };
        fix.push(format!("config.json définit {}\u{a0}: sans connexion gérée, {effect}.", used.join(" et ")));
    }
    if let Some(resource) = resource {
        fix.push(format!(
            "config.json définit resource\u{a0}: Cognito n’y lie les jetons qu’avec la connexion gérée et un serveur de ressources dont l’identifiant est exactement {resource} (groupe d’utilisateurs → Resource servers)\u{a0}; sans ce serveur, chaque connexion échoue avec invalid_grant."
        ));
    }
    said(
        "Connexion gérée",
        "prompt (que la connexion de test envoie), lang et resource ne fonctionnent que si le domaine du groupe d’utilisateurs utilise la connexion gérée.",
        fix,
    )
}

fn attribute_permissions(scopes: &[String]) -> FindingText {
    let covered: Vec<&str> = scopes
        .iter()
        .filter_map(|scope| match scope.as_str() {
            "email" => Some("email et email_verified (portée email)"),
            "phone" => Some("phone_number et phone_number_verified (portée phone)"),
            "profile" => Some("tous les attributs standard du groupe, comme name et given_name (portée profile)"),
            _ => None,
        })
        .collect();
    let mut fix = vec![
        "User pool → Sign-up\u{a0}: rendez l’attribut email obligatoire (la page de l’utilisateur connecté l’affiche)."
            .to_string(),
    ];
    if !covered.is_empty() {
        fix.push(format!(
            "App client → Attribute permissions → Read\u{a0}: autorisez {}. Sans cela, chaque échange de code échoue avec invalid_grant.",
            covered.join("\u{a0}; ")
        ));
    }
    said(
        "Autorisations de lecture des attributs",
        "Le client d’application doit pouvoir lire chaque attribut couvert par les portées qu’il demande.",
        fix,
    )
}

fn sign_in_options(providers: &[Provider], sign_up: bool) -> FindingText {
    let mut fix: Vec<String> = providers
        .iter()
        .map(|provider| match provider {
            p if p.is_hosted_form() => "COGNITO\u{a0}: App client → Login pages → Identity providers\u{a0}: sélectionnez «\u{a0}Cognito user pool directory\u{a0}».".to_string(),
            Provider::Named(name) => format!(
                "{name}\u{a0}: Sign-in → Social and external providers\u{a0}: ajoutez {name} avec exactement ce nom de fournisseur, puis App client → Login pages → Identity providers\u{a0}: sélectionnez-le."
            ),
            Provider::Identifier(id) => format!(
                "{id}\u{a0}: Sign-in → Social and external providers → votre fournisseur SAML/OIDC → Identifiers\u{a0}: ajoutez {id}, puis sélectionnez ce fournisseur sur le client d’application."
            ),
        })
        .collect();
    if sign_up {
        fix.push(format!(
            "{}\u{a0}: Sign-up → Self-service sign-up doit être activé, avec vérification de l’adresse e-mail (ou du téléphone).",
            START.create_account
        ));
    }
    said(
        "Options de connexion",
        "Chaque bouton de la page d’accueil envoie directement vers un fournisseur\u{a0}; un fournisseur absent du client d’application aboutit sur la page d’erreur de Cognito.",
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
            format!(
                "amplify_outputs.json (il n’y a pas de config.json). Clés utilisées\u{a0}: {}.",
                used.join("\u{a0}; ")
            )
        }
    }
}

fn amplify_finding(f: &AmplifyFinding) -> String {
    match f {
        AmplifyFinding::Used { from, to } => format!("{} comme {to}", from.path()),
        AmplifyFinding::Chose { from, to, url, among } => format!(
            "{} comme {to}\u{a0}: {url} (parmi {}, celle de cette page)",
            from.path(),
            count(*among as u64, "URL", "URL")
        ),
        AmplifyFinding::ChosenByPage { from, count: urls } => format!(
            "{}\u{a0}: {}, la page prend celle de sa propre origine",
            from.path(),
            count(*urls as u64, "URL", "URL")
        ),
        AmplifyFinding::Custom { key } => format!("{CUSTOM_PREFIX}.{key} comme {key}"),
    }
}

/// The Cognito console setting (or other cause) behind an OAuth error code
/// received at `at`.
pub(super) fn console_setting(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (UnauthorizedClient, _) => {
            "App clients → votre client d’application → Login pages → OAuth 2.0 grant types\u{a0}: sélectionnez «\u{a0}Authorization code grant\u{a0}»."
        }
        (InvalidScope, _) => {
            "App clients → votre client d’application → Login pages → OpenID Connect scopes\u{a0}: sélectionnez «\u{a0}OpenID\u{a0}» et «\u{a0}Email\u{a0}» (et chaque portée listée dans config.json)."
        }
        (InvalidRequest, Authorize) => {
            "La requête a été refusée comme mal formée\u{a0}: vérifiez que le client d’application existe, que c’est un client public et que le clientId de config.json est le bon."
        }
        (AccessDenied, _) => {
            "L’utilisateur a annulé, ou un déclencheur Lambda Pre authentication a refusé la connexion."
        }
        (LoginRequired, _) => {
            "prompt=none nécessite une session de connexion gérée\u{a0}: retirez \"prompt\" de config.json ou connectez-vous d’abord."
        }
        (ServerError | TemporarilyUnavailable, _) => {
            "Cognito a rencontré un problème\u{a0}; s’il persiste, vérifiez les déclencheurs Lambda du groupe d’utilisateurs et ses fournisseurs d’identité fédérés."
        }
        (InvalidClient, Token) => {
            "Le client d’application a un secret client (c’est un client confidentiel). Créez un nouveau client d’application de type «\u{a0}Public client\u{a0}» (sans secret) et utilisez son ID."
        }
        (InvalidGrant, Token) => {
            "Le code a été refusé. Si cela arrive à chaque connexion\u{a0}: App clients → votre client d’application → Attribute permissions\u{a0}: autorisez la lecture de chaque attribut couvert par les portées demandées (email et email_verified pour \"email\"\u{a0}; phone_number et phone_number_verified pour \"phone\"\u{a0}; les attributs de profil standard pour \"profile\"). Le code est en outre à usage unique et lié à l’URL de rappel exacte."
        }
        (ProviderFailed, _) => {
            "Un fournisseur d’identité fédéré a échoué\u{a0}: vérifiez ses paramètres sous Sign-in → Social and external providers (ID et secret client, métadonnées SAML, mappage des attributs) et, pour «\u{a0}Already found an entry for username\u{a0}», le déclencheur Lambda pre sign-up qui lie les comptes."
        }
        (_, Authorize) => "Vérifiez les paramètres Login pages du client d’application dans la console Cognito.",
        (_, Token) => "Vérifiez les paramètres du client d’application dans la console Cognito.",
    }
}
