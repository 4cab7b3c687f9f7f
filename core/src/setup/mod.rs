//! The setup checker's judgements: what can be checked from a browser about
//! a Cognito user pool and app client, and how to fix each failure, in the
//! Cognito console's own words. Pure: the browser shell fetches, these
//! functions judge.

use serde::{Deserialize, Serialize};

use crate::auth::{AuthError, OAuthEndpoint, OAuthErrorCode};
use crate::config::{Config, PageLocation};
use crate::io::NetError;
use crate::url::HttpUrl;

mod console;
pub use console::manual_findings;

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

/// One check and, when it fails, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was checked.
    pub title: String,
    /// The outcome.
    pub status: Status,
    /// What was found.
    pub detail: String,
    /// Steps to fix it (or to check it by hand).
    pub fix: Vec<String>,
}

fn finding(title: &str, status: Status, detail: String, fix: &[&str]) -> Finding {
    Finding { title: title.to_string(), status, detail, fix: fix.iter().map(|s| s.to_string()).collect() }
}

/// The configuration itself (already validated when it loaded).
pub fn config_findings(config: &Config) -> Vec<Finding> {
    vec![
        finding("User Pool ID", Status::Pass, format!("{} (region {})", config.user_pool_id, config.region), &[]),
        finding("App client ID", Status::Pass, config.client_id.clone(), &[]),
        finding("Issuer", Status::Pass, config.issuer.clone(), &[]),
        finding("Configuration file", Status::Pass, config.source.summary(), &[]),
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
        finding("Callback URL", Status::Pass, format!("{} is this page's callback.", config.redirect_uri), &[])
    } else {
        Finding {
            title: "Callback URL".into(),
            status: Status::Fail,
            detail: format!(
                "redirectUri is {}, but this page's callback is {expected}: after sign-in Cognito would send users elsewhere.",
                config.redirect_uri
            ),
            fix: vec![
                format!("In config.json, set \"redirectUri\" to \"{expected}\" (or remove it: that is the default)."),
                format!("In the Cognito console: App clients → your app client → Login pages → Allowed callback URLs: add exactly {expected}"),
            ],
        }
    };
    let here = format!("{}{}", page.origin, page.base_path);
    let logout = if config.logout_uri.starts_with(&here) {
        finding("Sign-out URL", Status::Pass, format!("{} is on this page.", config.logout_uri), &[])
    } else {
        Finding {
            title: "Sign-out URL".into(),
            status: Status::Fail,
            detail: format!("logoutUri is {}, which is not on this page ({here}).", config.logout_uri),
            fix: vec![
                format!("In config.json, set \"logoutUri\" to \"{here}\" (or remove it: that is the default)."),
                format!("In the Cognito console: App clients → your app client → Login pages → Allowed sign-out URLs: add exactly {here}"),
            ],
        }
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
    let wrong_pool = |detail: String| {
        vec![Finding {
            title: "User pool".into(),
            status: Status::Fail,
            detail,
            fix: vec![
                "Check the User Pool ID: Cognito console → User pools → your pool → Overview → User pool ID (REGION_xxxxxxxxx).".into(),
                format!("The region is the part before \"_\" ({}); it must be the region the pool lives in.", config.region),
            ],
        }]
    };
    let (status, body) = match outcome {
        DiscoveryOutcome::Unreachable(e) => {
            return wrong_pool(format!("The user pool's OpenID configuration could not be loaded from {url} ({e})."))
        }
        DiscoveryOutcome::Answered { status, body } => (status, body),
    };
    if status != 200 {
        return wrong_pool(format!(
            "There is no user pool {} at {url} (HTTP {status}): the User Pool ID or its region is wrong.",
            config.user_pool_id
        ));
    }
    #[derive(Deserialize)]
    struct Doc {
        issuer: Option<String>,
        authorization_endpoint: Option<String>,
    }
    let Ok(doc) = serde_json::from_str::<Doc>(body) else {
        return wrong_pool(format!("{url} did not return an OpenID configuration."));
    };
    let mut out = Vec::new();
    if doc.issuer.as_deref().map(|i| i.trim_end_matches('/')) != Some(config.issuer.as_str()) {
        out.push(finding(
            "User pool",
            Status::Fail,
            format!(
                "The pool says its issuer is {:?}, but this page expects {}.",
                doc.issuer.unwrap_or_default(),
                config.issuer
            ),
            &["Remove \"issuer\" from config.json unless you know you need it: it is derived from the User Pool ID."],
        ));
        return out;
    }
    out.push(finding("User pool", Status::Pass, format!("Found {} in {}.", config.user_pool_id, config.region), &[]));
    let issuer_host = HttpUrl::parse(&config.issuer).map(|u| u.origin()).unwrap_or_default();
    let auth_origin = doc.authorization_endpoint.as_deref().and_then(|a| HttpUrl::parse(a).ok()).map(|u| u.origin());
    match auth_origin {
        Some(origin) if origin != issuer_host => {
            let detail = match &config.domain {
                Some(d) if *d != origin => format!(
                    "The pool's hosted UI is at {origin}; config.json names {d} (fine if that is your custom domain)."
                ),
                _ => format!("The pool's hosted UI is at {origin}."),
            };
            out.push(finding("Hosted UI domain", Status::Pass, detail, &[]));
        }
        _ => out.push(finding(
            "Hosted UI domain",
            Status::Fail,
            "The user pool has no hosted UI domain, so there is no sign-in page to send users to.".into(),
            &[
                "Cognito console → your user pool → Branding (or App integration) → Domain → Create Cognito domain (or a custom domain).",
                "Enable managed login (or the hosted UI) for your app client.",
                "Put the domain's URL in config.json as \"domain\".",
            ],
        )),
    }
    out
}

/// How far the setup checker's test sign-in got. Kept in a non-secret
/// `sessionStorage` marker across the redirects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupProgress {
    /// The last stage reached.
    pub stage: Stage,
    /// Why it stopped, if it failed: the error and its causes, technical
    /// (`report::chain`; no secrets).
    pub error: Option<String>,
    /// The OAuth error code the provider sent, and where, if any.
    pub provider_error: Option<(OAuthErrorCode, OAuthEndpoint)>,
    /// Whether the ID token carried an `email` claim (once validated).
    pub email: Option<bool>,
    /// When the test started, seconds since the epoch (this device's clock).
    #[serde(default)]
    pub started_at: i64,
    /// Whether Cognito signed the user in from its session instead of asking
    /// again, although the test sent `prompt=login` (the classic hosted UI
    /// ignores `prompt`), once known.
    #[serde(default)]
    pub prompt_ignored: Option<bool>,
}

/// What a test sign-in that succeeded tells about the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestSignIn {
    /// The ID token carried an `email` claim.
    pub email: bool,
    /// Its `auth_time`, converted to this device's clock, if present.
    pub auth_time: Option<i64>,
}

/// How far before the test's start a fresh authentication's `auth_time` may
/// still be (clock estimates round to seconds), seconds.
const AUTH_TIME_SLACK_SECS: i64 = 5;

/// The stages of a test sign-in, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    /// Sent to Cognito's `/oauth2/authorize`.
    AuthorizeReached,
    /// Cognito sent the browser back to `/callback`.
    CallbackReached,
    /// The code was exchanged for tokens.
    TokenExchanged,
    /// The ID token passed every check.
    IdTokenValid,
}

impl SetupProgress {
    /// Starts a test.
    pub fn started(now_secs: i64) -> SetupProgress {
        SetupProgress {
            stage: Stage::AuthorizeReached,
            error: None,
            provider_error: None,
            email: None,
            started_at: now_secs,
            prompt_ignored: None,
        }
    }

    /// Records the callback's outcome: whether the ID token carried an
    /// email, or the error and the stage it was reached at (a failed token
    /// check means the code was exchanged).
    pub fn finish(&mut self, outcome: Result<TestSignIn, &AuthError>) {
        match outcome {
            Ok(signed_in) => {
                self.stage = Stage::IdTokenValid;
                self.email = Some(signed_in.email);
                // An authentication older than the test: Cognito did not ask.
                self.prompt_ignored = signed_in.auth_time.map(|t| t < self.started_at - AUTH_TIME_SLACK_SECS);
            }
            Err(e) => {
                let exchanged = matches!(e, AuthError::IdToken(_) | AuthError::AccessToken(_) | AuthError::Clock(_));
                self.stage = if exchanged { Stage::TokenExchanged } else { Stage::CallbackReached };
                self.error = Some(crate::report::chain(e));
                self.provider_error = e.provider_code().map(|(code, at)| (code.clone(), at));
            }
        }
    }

    /// What to change when the test stopped on a provider error.
    pub fn fix(&self) -> &'static str {
        match &self.provider_error {
            Some((code, at)) => code.console_setting(*at),
            None => "Fix the problem above, then test again.",
        }
    }

    /// As stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From storage.
    pub fn from_json(text: &str) -> Option<SetupProgress> {
        serde_json::from_str(text).ok()
    }

    /// When Cognito ignored the test's `prompt=login`: why, and what it
    /// means (docs/COGNITO.md "Managed login").
    pub fn prompt_finding(&self) -> Option<Finding> {
        (self.prompt_ignored == Some(true)).then(|| Finding {
            title: "Cognito did not ask for the password".into(),
            status: Status::Manual,
            detail: "The test sent prompt=login (sign in again even with a session), but Cognito signed you in from its \
                     session cookie without asking: this user pool's domain uses the classic hosted UI, which ignores \
                     prompt. Sign-in works; prompt, lang and resource need managed login."
                .into(),
            fix: vec![
                "Cognito console → Branding → Domain: set the branding version to \"Managed login\" (Essentials or Plus feature plan) if you need prompt, lang or resource.".into(),
                "Or sign out first, then run the test again to see the sign-in form.".into(),
            ],
        })
    }

    /// The likely cause when the test stopped at `stage` without an error:
    /// Cognito stopped on its own error page and never came back.
    pub fn stalled_cause(&self, config: &Config) -> Option<String> {
        (self.stage == Stage::AuthorizeReached && self.error.is_none()).then(|| {
            format!(
                "The sign-in never came back to this page: Cognito stopped on its own error page (\"An error was encountered with the requested page\"). \
                 The usual cause is that the callback URL is not registered. In the Cognito console: App clients → your app client → Login pages → \
                 Allowed callback URLs: add exactly {}. If that page said invalid_scope instead, a scope this app asks for ({}) is not enabled: \
                 {}",
                config.redirect_uri,
                config.scopes.join(" "),
                OAuthErrorCode::InvalidScope.console_setting(OAuthEndpoint::Authorize)
            )
        })
    }
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
        assert!(f.iter().all(|f| f.status == Status::Pass), "{f:?}");
    }

    #[test]
    fn redirects_elsewhere_fail_with_the_url_to_register() {
        let c = config(r#","redirectUri":"https://other.example/cb","logoutUri":"https://other.example/""#);
        let f = redirect_findings(&c, &page());
        assert!(f.iter().all(|f| f.status == Status::Fail));
        assert!(f[0].fix.iter().any(|s| s.contains("add exactly http://localhost:8585/callback")));
    }

    #[test]
    fn discovery_judgements() {
        let c = config("");
        let url = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc/.well-known/openid-configuration";
        let f = discovery_findings(&c, url, DiscoveryOutcome::Answered { status: 400, body: "{}" });
        assert_eq!(f[0].status, Status::Fail);
        assert!(f[0].detail.contains("User Pool ID or its region is wrong"));
        let f = discovery_findings(
            &c,
            url,
            DiscoveryOutcome::Unreachable(&NetError::Failed { browser_says: "Failed to fetch".into() }),
        );
        assert_eq!(f[0].status, Status::Fail);
        let with_domain = r#"{"issuer":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc",
            "authorization_endpoint":"https://p.auth.us-east-1.amazoncognito.com/oauth2/authorize"}"#;
        let f = discovery_findings(&c, url, DiscoveryOutcome::Answered { status: 200, body: with_domain });
        assert_eq!(f.iter().map(|f| f.status).collect::<Vec<_>>(), vec![Status::Pass, Status::Pass]);
        let no_domain = r#"{"issuer":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc",
            "authorization_endpoint":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc/authorize"}"#;
        let f = discovery_findings(&c, url, DiscoveryOutcome::Answered { status: 200, body: no_domain });
        assert_eq!(f[1].status, Status::Fail);
        assert!(f[1].fix[0].contains("Create Cognito domain"));
    }

    #[test]
    fn a_finished_test_records_the_stage_and_the_setting_to_change() {
        use crate::auth::callback::CallbackError;
        use crate::auth::jwt::JwtError;
        use crate::auth::token::TokenError;
        let mut p = SetupProgress::started(1000);
        p.finish(Ok(TestSignIn { email: true, auth_time: Some(1001) }));
        assert_eq!((p.stage, p.email, p.prompt_ignored), (Stage::IdTokenValid, Some(true), Some(false)));
        assert!(p.prompt_finding().is_none());
        // Authenticated before the test started: prompt=login was ignored.
        let mut p = SetupProgress::started(1000);
        p.finish(Ok(TestSignIn { email: true, auth_time: Some(1000 - 60) }));
        assert_eq!(p.prompt_ignored, Some(true));
        assert!(p.prompt_finding().unwrap().detail.contains("classic hosted UI, which ignores prompt"));
        let mut p = SetupProgress::started(1000);
        p.finish(Ok(TestSignIn { email: true, auth_time: Some(1000 - AUTH_TIME_SLACK_SECS) }));
        assert_eq!(p.prompt_ignored, Some(false), "within the slack");
        let mut p = SetupProgress::started(1000);
        p.finish(Ok(TestSignIn { email: false, auth_time: None }));
        assert_eq!(p.prompt_ignored, None);
        let mut p = SetupProgress::started(1000);
        let denied = CallbackError::Provider { error: OAuthErrorCode::UnauthorizedClient, description: None };
        p.finish(Err(&AuthError::Callback(denied)));
        assert_eq!(p.stage, Stage::CallbackReached);
        assert!(p.fix().contains("Authorization code grant"), "{}", p.fix());
        let mut p = SetupProgress::started(1000);
        p.finish(Err(&AuthError::Token(TokenError::Provider { error: OAuthErrorCode::InvalidClient, status: 400 })));
        assert_eq!(p.provider_error, Some((OAuthErrorCode::InvalidClient, OAuthEndpoint::Token)));
        assert!(p.fix().contains("Public client"));
        assert_eq!(SetupProgress::from_json(&p.to_json()), Some(p.clone()));
        let mut p = SetupProgress::started(1000);
        p.finish(Err(&AuthError::IdToken(JwtError::BadSignature)));
        assert_eq!(p.stage, Stage::TokenExchanged);
        assert_eq!(p.fix(), "Fix the problem above, then test again.");
    }

    #[test]
    fn progress_round_trip_and_stall() {
        let p = SetupProgress::started(1000);
        assert_eq!(SetupProgress::from_json(&p.to_json()), Some(p.clone()));
        let cause = p.stalled_cause(&config("")).unwrap();
        assert!(cause.contains("add exactly http://localhost:8585/callback"), "{cause}");
        assert!(cause.contains("invalid_scope") && cause.contains("(openid email)"), "{cause}");
        let later = SetupProgress { stage: Stage::TokenExchanged, ..p };
        assert!(later.stalled_cause(&config("")).is_none());
    }
}
