//! What the setup checker asks the operator to check in the Cognito
//! console: what a browser cannot see.

use super::Finding;
use crate::config::Config;

/// What a browser cannot check, and how to check it by hand: the client
/// type, the registered URLs, what needs managed login (docs/COGNITO.md
/// "Managed login"), the attributes the scopes cover (Cognito refuses the
/// code exchange with `invalid_grant` when the app client may not read one:
/// docs/COGNITO.md "Authorization codes"), and what the start page's
/// sign-in options need.
pub fn manual_findings(config: &Config) -> Vec<Finding> {
    let mut found = vec![
        Finding::ClientType,
        Finding::RegisteredUrls { callback: config.redirect_uri.clone(), logout: config.logout_uri.clone() },
        Finding::ManagedLogin {
            prompt: config.prompt.is_some(),
            lang: config.lang.is_some(),
            resource: config.resource.clone(),
        },
        Finding::AttributePermissions { scopes: config.scopes.clone() },
    ];
    let providers: Vec<_> =
        config.sign_in_options.iter().map(|o| &o.provider).chain(config.provider.as_ref()).cloned().collect();
    if !providers.is_empty() || config.sign_up {
        found.push(Finding::SignInOptions { providers, sign_up: config.sign_up });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{PageLocation, Provider};

    fn config(extra: &str) -> Config {
        let page = PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() };
        Config::from_json(&format!(r#"{{"userPoolId":"us-east-1_Abc","clientId":"c1"{extra}}}"#), &page).unwrap()
    }

    #[test]
    fn managed_login_is_judged_with_what_config_json_uses() {
        let found = manual_findings(&config(r#","prompt":"login","resource":"https://api.example.com""#));
        let resource = Some("https://api.example.com".to_string());
        assert!(found.contains(&Finding::ManagedLogin { prompt: true, lang: false, resource }), "{found:?}");
    }

    #[test]
    fn sign_in_options_are_listed_only_when_configured() {
        assert!(!manual_findings(&config("")).iter().any(|f| matches!(f, Finding::SignInOptions { .. })));
        let found = manual_findings(&config(
            r#","signUp":true,"identityProviders":[{"name":"Google"},{"idpIdentifier":"example.com"}]"#,
        ));
        let providers = vec![Provider::Named("Google".into()), Provider::Identifier("example.com".into())];
        assert_eq!(found.last(), Some(&Finding::SignInOptions { providers, sign_up: true }));
        let shorthand = manual_findings(&config(r#","identityProvider":"Okta""#));
        let providers = vec![Provider::Named("Okta".into())];
        assert_eq!(shorthand.last(), Some(&Finding::SignInOptions { providers, sign_up: false }));
    }
}
