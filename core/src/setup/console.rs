//! What the setup checker asks the operator to check in the Cognito
//! console: what a browser cannot see.

use super::{Finding, Status};
use crate::config::{Config, Provider};

/// What a browser cannot check, and how to check it by hand.
pub fn manual_findings(config: &Config) -> Vec<Finding> {
    vec![
        Finding {
            title: "App client type".into(),
            status: Status::Manual,
            detail: "The app client must be a public client: this page cannot keep a secret.".into(),
            fix: vec!["Cognito console → App clients → your app client: \"Client secret\" must be empty (type Public client).".into()],
        },
        Finding {
            title: "Registered callback and sign-out URLs".into(),
            status: Status::Manual,
            detail: "Cognito compares them character for character (scheme, host, port, path, trailing slash).".into(),
            fix: vec![
                format!("Allowed callback URLs must contain exactly {}", config.redirect_uri),
                format!("Allowed sign-out URLs must contain exactly {}", config.logout_uri),
            ],
        },
        managed_login_finding(config),
        attribute_finding(config),
    ]
    .into_iter()
    .chain(sign_in_options_finding(config))
    .collect()
}

/// The attributes each requested scope covers: Cognito refuses the code
/// exchange with `invalid_grant` when the app client may not read one of
/// them (docs/COGNITO.md "Authorization codes"), so every
/// sign-in fails the same way.
fn attribute_finding(config: &Config) -> Finding {
    let covered: Vec<&str> = config
        .scopes
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
    Finding {
        title: "Attribute read permissions".into(),
        status: Status::Manual,
        detail: "The app client must be allowed to read every attribute the scopes it asks for cover.".into(),
        fix,
    }
}

/// What the start page's sign-in options need in the console: each
/// provider enabled on the app client, identifiers set on the SAML/OIDC
/// provider, self-registration for "Create account".
fn sign_in_options_finding(config: &Config) -> Option<Finding> {
    let mut fix: Vec<String> = Vec::new();
    let providers = config.sign_in_options.iter().map(|o| &o.provider).chain(config.provider.as_ref());
    for provider in providers {
        fix.push(match provider {
            p if p.is_hosted_form() => "COGNITO: App client → Login pages → Identity providers: select \"Cognito user pool directory\".".to_string(),
            Provider::Named(name) => format!(
                "{name}: Sign-in → Social and external providers: add {name} with exactly this provider name, then App client → Login pages → Identity providers: select it."
            ),
            Provider::Identifier(id) => format!(
                "{id}: Sign-in → Social and external providers → your SAML/OIDC provider → Identifiers: add {id}, and select the provider on the app client."
            ),
        });
    }
    if config.sign_up {
        fix.push(
            "Create account: Sign-up → Self-service sign-up must be enabled, with email (or phone) verification."
                .into(),
        );
    }
    (!fix.is_empty()).then(|| Finding {
        title: "Sign-in options".into(),
        status: Status::Manual,
        detail: "Each button on the start page sends users straight to one provider; a provider the app client does not have ends on Cognito's error page.".into(),
        fix,
    })
}

/// What needs managed login (docs/COGNITO.md "Managed login"): the test
/// sign-in's `prompt=login`, and `prompt`, `lang` and `resource` in
/// config.json; `resource` also needs a resource server.
fn managed_login_finding(config: &Config) -> Finding {
    let mut fix = vec![
        "Cognito console → Branding → Domain: the branding version must be \"Managed login\" (Essentials or Plus feature plan) for prompt and lang; the classic hosted UI ignores them, so the Test sign-in below then signs you in from Cognito's session without asking for the password.".to_string(),
    ];
    let used: Vec<&str> = [("prompt", config.prompt.is_some()), ("lang", config.lang.is_some())]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect();
    if !used.is_empty() {
        fix.push(format!("config.json sets {}: without managed login it has no effect.", used.join(" and ")));
    }
    if let Some(resource) = &config.resource {
        fix.push(format!(
            "config.json sets resource: Cognito binds tokens to it only with managed login and a resource server whose identifier is exactly {resource} (user pool → Resource servers); without one, every sign-in fails with invalid_grant."
        ));
    }
    Finding {
        title: "Managed login".into(),
        status: Status::Manual,
        detail: "prompt (which the Test sign-in sends), lang and resource work only when the user pool's domain uses managed login.".into(),
        fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PageLocation;

    fn config(extra: &str) -> Config {
        let page = PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() };
        Config::from_json(&format!(r#"{{"userPoolId":"us-east-1_Abc","clientId":"c1"{extra}}}"#), &page).unwrap()
    }

    #[test]
    fn managed_login_is_explained_with_what_config_json_uses() {
        let f = managed_login_finding(&config(""));
        assert!(f.fix[0].contains("ignores them") && f.fix.len() == 1, "{:?}", f.fix);
        let f = managed_login_finding(&config(r#","prompt":"login","lang":"de","resource":"https://api.example.com""#));
        assert!(f.fix[1].contains("prompt and lang"), "{:?}", f.fix);
        assert!(
            f.fix[2].contains("resource server whose identifier is exactly https://api.example.com"),
            "{:?}",
            f.fix
        );
    }

    #[test]
    fn each_sign_in_option_says_what_it_needs() {
        assert!(sign_in_options_finding(&config("")).is_none());
        let f = sign_in_options_finding(&config(
            r#","signUp":true,"identityProviders":[{"name":"Google"},{"idpIdentifier":"example.com"},{"name":"COGNITO"}]"#,
        ))
        .unwrap();
        assert_eq!(f.fix.len(), 4, "{:?}", f.fix);
        assert!(f.fix[0].starts_with("Google: ") && f.fix[0].contains("provider name"), "{:?}", f.fix);
        assert!(f.fix[1].starts_with("example.com: ") && f.fix[1].contains("Identifiers"), "{:?}", f.fix);
        assert!(f.fix[2].contains("Cognito user pool directory"), "{:?}", f.fix);
        assert!(f.fix[3].contains("Self-service sign-up"), "{:?}", f.fix);
        let shorthand = sign_in_options_finding(&config(r#","identityProvider":"Okta""#)).unwrap();
        assert!(shorthand.fix[0].starts_with("Okta: "));
        assert!(manual_findings(&config(r#","identityProvider":"Okta""#)).iter().any(|f| f.title == "Sign-in options"));
    }

    #[test]
    fn the_attributes_each_scope_covers_are_named() {
        let f = attribute_finding(&config(r#","scopes":["openid","email","phone"]"#));
        assert!(f.fix[1].contains("email_verified") && f.fix[1].contains("phone_number_verified"), "{:?}", f.fix);
        assert!(f.fix[1].contains("invalid_grant"));
        assert_eq!(attribute_finding(&config(r#","scopes":["openid"]"#)).fix.len(), 1);
    }
}
