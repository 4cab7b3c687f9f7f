//! The setup checker's judgements: what can be checked from a browser about
//! a Cognito user pool and app client. Pure: the browser shell fetches,
//! these functions judge, and each judgement is a [`Finding`] with its
//! arguments; how to fix each, in the Cognito console's own words, is
//! `words::Words::finding`'s.

use serde::Deserialize;

use crate::auth::{AuthError, OAuthEndpoint, OAuthErrorCode};
use crate::config::{Config, ConfigSource, PageLocation, Provider};
use crate::io::NetError;
use crate::url::HttpUrl;

mod console;
mod progress;
pub use console::manual_findings;
pub use progress::{SetupProgress, Stage, TestSignIn};

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The check passed.
    Pass,
    /// The check failed: the fix says what to do.
    Fail,
    /// Cannot be checked from here: how to check it by hand.
    Manual,
}

/// One judgement of the setup checker, with what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// The configured User Pool ID and its region.
    PoolId {
        /// The User Pool ID.
        pool: String,
        /// Its region.
        region: String,
    },
    /// The configured App client ID.
    ClientId(String),
    /// The issuer tokens must name.
    Issuer(String),
    /// Where the configuration came from.
    ConfigFile(ConfigSource),
    /// `redirectUri` is this page's callback.
    CallbackHere {
        /// `redirectUri`.
        url: String,
    },
    /// `redirectUri` is not this page's callback.
    CallbackElsewhere {
        /// `redirectUri`.
        configured: String,
        /// This page's callback.
        expected: String,
    },
    /// `logoutUri` is on this page.
    LogoutHere {
        /// `logoutUri`.
        url: String,
    },
    /// `logoutUri` is not on this page.
    LogoutElsewhere {
        /// `logoutUri`.
        configured: String,
        /// This page.
        here: String,
    },
    /// The discovery request got no answer.
    PoolUnreachable {
        /// The discovery URL.
        url: String,
        /// Why.
        error: NetError,
        /// The configured region.
        region: String,
    },
    /// Discovery answered other than `200`: no such pool there.
    NoPool {
        /// The User Pool ID.
        pool: String,
        /// The discovery URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The configured region.
        region: String,
    },
    /// The answer is not an OpenID configuration.
    NotOpenIdConfiguration {
        /// The discovery URL.
        url: String,
        /// The configured region.
        region: String,
    },
    /// The pool names another issuer.
    IssuerMismatch {
        /// The document's `issuer` (empty when absent).
        actual: String,
        /// The configured issuer.
        expected: String,
    },
    /// The pool is there.
    PoolFound {
        /// The User Pool ID.
        pool: String,
        /// Its region.
        region: String,
    },
    /// The pool has a hosted UI domain.
    HostedUi {
        /// The hosted UI's origin.
        origin: String,
        /// `domain` in config.json, when it names another one (a custom
        /// domain, perhaps).
        configured: Option<String>,
    },
    /// The pool has no hosted UI domain.
    NoHostedUi,
    /// The test sign-in never came back: Cognito stopped on its own error
    /// page.
    CallbackNeverArrived {
        /// `redirectUri`, to register.
        callback: String,
        /// The scopes asked for.
        scopes: Vec<String>,
    },
    /// The test sign-in stopped on an error.
    TestStopped {
        /// The error, while the page has it in memory (not after a reload).
        error: Option<AuthError>,
        /// The OAuth error code the provider sent, and where, if any.
        provider_error: Option<(OAuthErrorCode, OAuthEndpoint)>,
    },
    /// Cognito signed the test in without asking, although it sent
    /// `prompt=login`: the classic hosted UI.
    PromptIgnored,
    /// The test's ID token has no `email`.
    NoEmail,
    /// Every stage of the test passed.
    TestPassed,
    /// The app client must be public (by hand).
    ClientType,
    /// The registered URLs (by hand).
    RegisteredUrls {
        /// `redirectUri`.
        callback: String,
        /// `logoutUri`.
        logout: String,
    },
    /// What needs managed login (by hand).
    ManagedLogin {
        /// config.json sets `prompt`.
        prompt: bool,
        /// config.json sets `lang`.
        lang: bool,
        /// config.json's `resource`.
        resource: Option<String>,
    },
    /// The attributes the scopes cover must be readable (by hand).
    AttributePermissions {
        /// The scopes asked for.
        scopes: Vec<String>,
    },
    /// What each sign-in option needs in the console (by hand).
    SignInOptions {
        /// The providers of the start page's buttons.
        providers: Vec<Provider>,
        /// "Create account" is shown.
        sign_up: bool,
    },
}

impl Finding {
    /// The outcome.
    pub fn status(&self) -> Status {
        use Finding::*;
        match self {
            PoolId { .. }
            | ClientId(_)
            | Issuer(_)
            | ConfigFile(_)
            | CallbackHere { .. }
            | LogoutHere { .. }
            | PoolFound { .. }
            | HostedUi { .. }
            | TestPassed => Status::Pass,
            CallbackElsewhere { .. }
            | LogoutElsewhere { .. }
            | PoolUnreachable { .. }
            | NoPool { .. }
            | NotOpenIdConfiguration { .. }
            | IssuerMismatch { .. }
            | NoHostedUi
            | CallbackNeverArrived { .. }
            | TestStopped { .. }
            | NoEmail => Status::Fail,
            PromptIgnored
            | ClientType
            | RegisteredUrls { .. }
            | ManagedLogin { .. }
            | AttributePermissions { .. }
            | SignInOptions { .. } => Status::Manual,
        }
    }
}

/// The configuration itself (already validated when it loaded).
pub fn config_findings(config: &Config) -> Vec<Finding> {
    vec![
        Finding::PoolId { pool: config.user_pool_id.clone(), region: config.region.clone() },
        Finding::ClientId(config.client_id.clone()),
        Finding::Issuer(config.issuer.clone()),
        Finding::ConfigFile(config.source.clone()),
    ]
}

/// The callback URL Cognito must have registered for this page.
pub fn expected_callback(page: &PageLocation) -> String {
    format!("{}{}callback", page.origin, page.base_path)
}

/// `redirectUri` and `logoutUri` must point at this page.
pub fn redirect_findings(config: &Config, page: &PageLocation) -> Vec<Finding> {
    let expected = expected_callback(page);
    let callback = if config.redirect_uri == expected {
        Finding::CallbackHere { url: config.redirect_uri.clone() }
    } else {
        Finding::CallbackElsewhere { configured: config.redirect_uri.clone(), expected }
    };
    let here = format!("{}{}", page.origin, page.base_path);
    let logout = if config.logout_uri.starts_with(&here) {
        Finding::LogoutHere { url: config.logout_uri.clone() }
    } else {
        Finding::LogoutElsewhere { configured: config.logout_uri.clone(), here }
    };
    vec![callback, logout]
}

/// What the discovery request returned.
pub enum DiscoveryOutcome<'a> {
    /// The request failed (network, CORS, DNS).
    Unreachable(&'a NetError),
    /// The server answered.
    Answered {
        /// HTTP status.
        status: u16,
        /// Body.
        body: &'a str,
    },
}

/// Judges OIDC discovery at the issuer: is the pool there, and does it have
/// a hosted UI domain?
pub fn discovery_findings(config: &Config, url: &str, outcome: DiscoveryOutcome<'_>) -> Vec<Finding> {
    let (url, region) = (url.to_string(), config.region.clone());
    let (status, body) = match outcome {
        DiscoveryOutcome::Unreachable(e) => return vec![Finding::PoolUnreachable { url, error: e.clone(), region }],
        DiscoveryOutcome::Answered { status, body } => (status, body),
    };
    if status != 200 {
        return vec![Finding::NoPool { pool: config.user_pool_id.clone(), url, status, region }];
    }
    #[derive(Deserialize)]
    struct Doc {
        issuer: Option<String>,
        authorization_endpoint: Option<String>,
    }
    let Ok(doc) = serde_json::from_str::<Doc>(body) else {
        return vec![Finding::NotOpenIdConfiguration { url, region }];
    };
    if doc.issuer.as_deref().map(|i| i.trim_end_matches('/')) != Some(config.issuer.as_str()) {
        return vec![Finding::IssuerMismatch {
            actual: doc.issuer.unwrap_or_default(),
            expected: config.issuer.clone(),
        }];
    }
    let mut out = vec![Finding::PoolFound { pool: config.user_pool_id.clone(), region }];
    let issuer_host = HttpUrl::parse(&config.issuer).map(|u| u.origin()).unwrap_or_default();
    let auth_origin = doc.authorization_endpoint.as_deref().and_then(|a| HttpUrl::parse(a).ok()).map(|u| u.origin());
    out.push(match auth_origin {
        Some(origin) if origin != issuer_host => {
            let configured = config.domain.clone().filter(|d| *d != origin);
            Finding::HostedUi { origin, configured }
        }
        _ => Finding::NoHostedUi,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> PageLocation {
        PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() }
    }

    fn config(extra: &str) -> Config {
        Config::from_json(&format!(r#"{{"userPoolId":"us-east-1_Abc","clientId":"c1"{extra}}}"#), &page()).unwrap()
    }

    #[test]
    fn redirects_on_this_page_pass() {
        let f = redirect_findings(&config(""), &page());
        assert!(f.iter().all(|f| f.status() == Status::Pass), "{f:?}");
    }

    #[test]
    fn redirects_elsewhere_fail_with_the_url_to_register() {
        let c = config(r#","redirectUri":"https://other.example/cb","logoutUri":"https://other.example/""#);
        let f = redirect_findings(&c, &page());
        assert!(f.iter().all(|f| f.status() == Status::Fail));
        assert_eq!(
            f[0],
            Finding::CallbackElsewhere {
                configured: "https://other.example/cb".into(),
                expected: "http://localhost:8585/callback".into()
            }
        );
    }

    #[test]
    fn discovery_judgements() {
        let c = config("");
        let url = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc/.well-known/openid-configuration";
        let f = discovery_findings(&c, url, DiscoveryOutcome::Answered { status: 400, body: "{}" });
        assert!(matches!(&f[..], [Finding::NoPool { status: 400, .. }]), "{f:?}");
        let failed = NetError::Failed { browser_says: "Failed to fetch".into() };
        let f = discovery_findings(&c, url, DiscoveryOutcome::Unreachable(&failed));
        assert!(matches!(&f[..], [Finding::PoolUnreachable { .. }]) && f[0].status() == Status::Fail);
        let with_domain = r#"{"issuer":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc",
            "authorization_endpoint":"https://p.auth.us-east-1.amazoncognito.com/oauth2/authorize"}"#;
        let f = discovery_findings(&c, url, DiscoveryOutcome::Answered { status: 200, body: with_domain });
        assert_eq!(f.iter().map(Finding::status).collect::<Vec<_>>(), vec![Status::Pass, Status::Pass]);
        let no_domain = r#"{"issuer":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc",
            "authorization_endpoint":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc/authorize"}"#;
        let f = discovery_findings(&c, url, DiscoveryOutcome::Answered { status: 200, body: no_domain });
        assert_eq!(f[1], Finding::NoHostedUi);
        let f = discovery_findings(&c, url, DiscoveryOutcome::Answered { status: 200, body: "<html>" });
        assert!(matches!(&f[..], [Finding::NotOpenIdConfiguration { .. }]));
    }

    #[test]
    fn a_custom_domain_is_named_only_when_it_differs() {
        let doc = r#"{"issuer":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc",
            "authorization_endpoint":"https://p.auth.us-east-1.amazoncognito.com/oauth2/authorize"}"#;
        let answered = DiscoveryOutcome::Answered { status: 200, body: doc };
        let c = config(r#","domain":"https://login.example.com""#);
        let f = discovery_findings(&c, "u", answered);
        let origin = "https://p.auth.us-east-1.amazoncognito.com".to_string();
        let configured = Some("https://login.example.com".to_string());
        assert_eq!(f[1], Finding::HostedUi { origin: origin.clone(), configured });
        let c = config(r#","domain":"https://p.auth.us-east-1.amazoncognito.com""#);
        let f = discovery_findings(&c, "u", DiscoveryOutcome::Answered { status: 200, body: doc });
        assert_eq!(f[1], Finding::HostedUi { origin, configured: None });
    }
}
