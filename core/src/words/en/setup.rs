//! English: the setup checker's findings, and how to fix each in the
//! Cognito console's own words.

use super::errors::net;
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
        "User pool",
        detail,
        vec![
            "Check the User Pool ID: Cognito console → User pools → your pool → Overview → User pool ID (REGION_xxxxxxxxx).".into(),
            format!("The region is the part before \"_\" ({region}); it must be the region the pool lives in."),
        ],
    )
}

/// A finding.
pub(in crate::words) fn finding(f: &Finding) -> FindingText {
    match f {
        Finding::PoolId { pool, region } => said("User Pool ID", format!("{pool} (region {region})"), vec![]),
        Finding::ClientId(id) => said("App client ID", id.clone(), vec![]),
        Finding::Issuer(issuer) => said("Issuer", issuer.clone(), vec![]),
        Finding::ConfigFile(source) => said("Configuration file", config_source(source), vec![]),
        Finding::CallbackHere { url } => said("Callback URL", format!("{url} is this page's callback."), vec![]),
        Finding::CallbackElsewhere { configured, expected } => said(
            "Callback URL",
            format!("redirectUri is {configured}, but this page's callback is {expected}: after sign-in Cognito would send users elsewhere."),
            vec![
                format!("In config.json, set \"redirectUri\" to \"{expected}\" (or remove it: that is the default)."),
                format!("In the Cognito console: App clients → your app client → Login pages → Allowed callback URLs: add exactly {expected}"),
            ],
        ),
        Finding::LogoutHere { url } => said("Sign-out URL", format!("{url} is on this page."), vec![]),
        Finding::LogoutElsewhere { configured, here } => said(
            "Sign-out URL",
            format!("logoutUri is {configured}, which is not on this page ({here})."),
            vec![
                format!("In config.json, set \"logoutUri\" to \"{here}\" (or remove it: that is the default)."),
                format!("In the Cognito console: App clients → your app client → Login pages → Allowed sign-out URLs: add exactly {here}"),
            ],
        ),
        Finding::PoolUnreachable { url, error, region } => wrong_pool(
            format!("The user pool's OpenID configuration could not be loaded from {url} ({}).", net(error)),
            region,
        ),
        Finding::NoPool { pool, url, status, region } => wrong_pool(
            format!("There is no user pool {pool} at {url} (HTTP {status}): the User Pool ID or its region is wrong."),
            region,
        ),
        Finding::NotOpenIdConfiguration { url, region } => {
            wrong_pool(format!("{url} did not return an OpenID configuration."), region)
        }
        Finding::IssuerMismatch { actual, expected } => said(
            "User pool",
            format!("The pool says its issuer is {actual:?}, but this page expects {expected}."),
            vec!["Remove \"issuer\" from config.json unless you know you need it: it is derived from the User Pool ID.".into()],
        ),
        Finding::PoolFound { pool, region } => said("User pool", format!("Found {pool} in {region}."), vec![]),
        Finding::HostedUi { origin, configured: Some(domain) } => said(
            "Hosted UI domain",
            format!("The pool's hosted UI is at {origin}; config.json names {domain} (fine if that is your custom domain)."),
            vec![],
        ),
        Finding::HostedUi { origin, configured: None } => {
            said("Hosted UI domain", format!("The pool's hosted UI is at {origin}."), vec![])
        }
        Finding::NoHostedUi => said(
            "Hosted UI domain",
            "The user pool has no hosted UI domain, so there is no sign-in page to send users to.",
            vec![
                "Cognito console → your user pool → Branding (or App integration) → Domain → Create Cognito domain (or a custom domain).".into(),
                "Enable managed login (or the hosted UI) for your app client.".into(),
                "Put the domain's URL in config.json as \"domain\".".into(),
            ],
        ),
        Finding::CallbackNeverArrived { callback, scopes } => said(
            "The callback never arrived",
            format!(
                "The sign-in never came back to this page: Cognito stopped on its own error page (\"An error was encountered with the requested page\"). \
                 The usual cause is that the callback URL is not registered. In the Cognito console: App clients → your app client → Login pages → \
                 Allowed callback URLs: add exactly {callback}. If that page said invalid_scope instead, a scope this app asks for ({}) is not enabled: \
                 {}",
                scopes.join(" "),
                console_setting(&OAuthErrorCode::InvalidScope, OAuthEndpoint::Authorize)
            ),
            vec![format!("Register exactly {callback} as an Allowed callback URL, then test again.")],
        ),
        Finding::TestStopped { error, provider_error } => said(
            "The test sign-in stopped",
            match error {
                Some(e) => super::errors::error(e),
                None => "It stopped on an error, shown when it happened; this page has been reloaded since. Test again to see it.".into(),
            },
            vec![match provider_error {
                Some((code, at)) => console_setting(code, *at).to_string(),
                None => "Fix the problem above, then test again.".into(),
            }],
        ),
        Finding::PromptIgnored => said(
            "Cognito did not ask for the password",
            "The test sent prompt=login (sign in again even with a session), but Cognito signed you in from its \
             session cookie without asking: this user pool's domain uses the classic hosted UI, which ignores \
             prompt. Sign-in works; prompt, lang and resource need managed login.",
            vec![
                "Cognito console → Branding → Domain: set the branding version to \"Managed login\" (Essentials or Plus feature plan) if you need prompt, lang or resource.".into(),
                "Or sign out first, then run the test again to see the sign-in form.".into(),
            ],
        ),
        Finding::NoEmail => said(
            "Email",
            "The ID token has no email claim, so the app cannot show who is signed in.",
            vec![
                "User pool → Sign-up: make email a required attribute.".into(),
                "App client → Login pages → OpenID Connect scopes: select \"Email\".".into(),
                "App client → Attribute permissions: allow reading email.".into(),
            ],
        ),
        Finding::TestPassed => {
            said("Test sign-in", "Every stage passed and the ID token carries the user's email.", vec![])
        }
        Finding::ClientType => said(
            "App client type",
            "The app client must be a public client: this page cannot keep a secret.",
            vec!["Cognito console → App clients → your app client: \"Client secret\" must be empty (type Public client).".into()],
        ),
        Finding::RegisteredUrls { callback, logout } => said(
            "Registered callback and sign-out URLs",
            "Cognito compares them character for character (scheme, host, port, path, trailing slash).",
            vec![
                format!("Allowed callback URLs must contain exactly {callback}"),
                format!("Allowed sign-out URLs must contain exactly {logout}"),
            ],
        ),
        Finding::ManagedLogin { prompt, lang, resource } => managed_login(*prompt, *lang, resource.as_deref()),
        Finding::AttributePermissions { scopes } => attribute_permissions(scopes),
        Finding::SignInOptions { providers, sign_up } => sign_in_options(providers, *sign_up),
    }
}

fn managed_login(prompt: bool, lang: bool, resource: Option<&str>) -> FindingText {
    let mut fix = vec![
        "Cognito console → Branding → Domain: the branding version must be \"Managed login\" (Essentials or Plus feature plan) for prompt and lang; the classic hosted UI ignores them, so the Test sign-in below then signs you in from Cognito's session without asking for the password.".to_string(),
    ];
    let used: Vec<&str> =
        [("prompt", prompt), ("lang", lang)].into_iter().filter_map(|(key, set)| set.then_some(key)).collect();
    if !used.is_empty() {
        fix.push(format!("config.json sets {}: without managed login it has no effect.", used.join(" and ")));
    }
    if let Some(resource) = resource {
        fix.push(format!(
            "config.json sets resource: Cognito binds tokens to it only with managed login and a resource server whose identifier is exactly {resource} (user pool → Resource servers); without one, every sign-in fails with invalid_grant."
        ));
    }
    said(
        "Managed login",
        "prompt (which the Test sign-in sends), lang and resource work only when the user pool's domain uses managed login.",
        fix,
    )
}

fn attribute_permissions(scopes: &[String]) -> FindingText {
    let covered: Vec<&str> = scopes
        .iter()
        .filter_map(|scope| match scope.as_str() {
            "email" => Some("email and email_verified (scope email)"),
            "phone" => Some("phone_number and phone_number_verified (scope phone)"),
            "profile" => Some("every standard attribute the pool has, such as name and given_name (scope profile)"),
            _ => None,
        })
        .collect();
    let mut fix =
        vec!["User pool → Sign-up: make email a required attribute (the signed-in view shows it).".to_string()];
    if !covered.is_empty() {
        fix.push(format!(
            "App client → Attribute permissions → Read: allow {}. Without them every code exchange fails with invalid_grant.",
            covered.join("; ")
        ));
    }
    said(
        "Attribute read permissions",
        "The app client must be allowed to read every attribute the scopes it asks for cover.",
        fix,
    )
}

fn sign_in_options(providers: &[Provider], sign_up: bool) -> FindingText {
    let mut fix: Vec<String> = providers
        .iter()
        .map(|provider| match provider {
            p if p.is_hosted_form() => "COGNITO: App client → Login pages → Identity providers: select \"Cognito user pool directory\".".to_string(),
            Provider::Named(name) => format!(
                "{name}: Sign-in → Social and external providers: add {name} with exactly this provider name, then App client → Login pages → Identity providers: select it."
            ),
            Provider::Identifier(id) => format!(
                "{id}: Sign-in → Social and external providers → your SAML/OIDC provider → Identifiers: add {id}, and select the provider on the app client."
            ),
        })
        .collect();
    if sign_up {
        fix.push(
            "Create account: Sign-up → Self-service sign-up must be enabled, with email (or phone) verification."
                .into(),
        );
    }
    said(
        "Sign-in options",
        "Each button on the start page sends users straight to one provider; a provider the app client does not have ends on Cognito's error page.",
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
            format!("amplify_outputs.json (there is no config.json). Used: {}.", used.join("; "))
        }
    }
}

fn amplify_finding(f: &AmplifyFinding) -> String {
    match f {
        AmplifyFinding::Used { from, to } => format!("{} as {to}", from.path()),
        AmplifyFinding::Chose { from, to, url, among } => {
            format!("{} as {to}: {url} (of {among}, the one for this page)", from.path())
        }
        AmplifyFinding::ChosenByPage { from, count } => {
            format!("{}: {count} URLs, the page takes the one on its own origin", from.path())
        }
        AmplifyFinding::Custom { key } => format!("{CUSTOM_PREFIX}.{key} as {key}"),
    }
}

/// The Cognito console setting (or other cause) behind an OAuth error code
/// received at `at`.
pub(in crate::words) fn console_setting(code: &OAuthErrorCode, at: OAuthEndpoint) -> &'static str {
    use OAuthEndpoint::*;
    use OAuthErrorCode::*;
    match (code, at) {
        (UnauthorizedClient, _) => {
            "App clients → your app client → Login pages → OAuth 2.0 grant types: select \"Authorization code grant\"."
        }
        (InvalidScope, _) => {
            "App clients → your app client → Login pages → OpenID Connect scopes: select \"OpenID\" and \"Email\" (and every scope listed in config.json)."
        }
        (InvalidRequest, Authorize) => {
            "The request was refused as malformed: check that the app client exists, that it is a public client, and that config.json's clientId is right."
        }
        (AccessDenied, _) => "The user cancelled, or a Pre authentication Lambda trigger refused the sign-in.",
        (LoginRequired, _) => {
            "prompt=none needs a managed login session: remove \"prompt\" from config.json or sign in first."
        }
        (ServerError | TemporarilyUnavailable, _) => {
            "Cognito had a problem; if it persists, check the user pool's Lambda triggers and federated identity providers."
        }
        (InvalidClient, Token) => {
            "The app client has a client secret (a confidential client). Create a new app client of type \"Public client\" (no secret) and use its ID."
        }
        (InvalidGrant, Token) => {
            "The code was refused. If it happens on every sign-in: App clients → your app client → Attribute permissions: allow reading every attribute the requested scopes cover (email and email_verified for \"email\"; phone_number and phone_number_verified for \"phone\"; the standard profile attributes for \"profile\"). The code is also single use and bound to the exact callback URL."
        }
        (ProviderFailed, _) => {
            "A federated identity provider failed: check its settings under Sign-in → Social and external providers (client ID and secret, SAML metadata, attribute mapping) and, for \"Already found an entry for username\", the pre sign-up Lambda trigger that links accounts."
        }
        (_, Authorize) => "Check the app client's Login pages settings in the Cognito console.",
        (_, Token) => "Check the app client's settings in the Cognito console.",
    }
}
