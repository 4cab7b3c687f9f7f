//! The setup checker's test sign-in: how far it got (kept in a non-secret
//! `sessionStorage` marker across the redirects to Cognito and back) and
//! what that tells about the pool.

use serde::{Deserialize, Serialize};

use super::Finding;
use crate::auth::{AuthError, OAuthEndpoint, OAuthErrorCode};
use crate::config::Config;

/// How far the setup checker's test sign-in got. Kept in a non-secret
/// `sessionStorage` marker across the redirects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupProgress {
    /// The last stage reached.
    pub stage: Stage,
    /// It stopped on an error. The error itself is not stored: it is
    /// data in the page's memory (the auth state) until a reload, and the
    /// page words it from there.
    #[serde(default)]
    pub stopped: bool,
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

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 4] =
        [Stage::AuthorizeReached, Stage::CallbackReached, Stage::TokenExchanged, Stage::IdTokenValid];
}

impl SetupProgress {
    /// Starts a test.
    pub fn started(now_secs: i64) -> SetupProgress {
        SetupProgress {
            stage: Stage::AuthorizeReached,
            stopped: false,
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
                self.stopped = true;
                self.provider_error = e.provider_code().map(|(code, at)| (code.clone(), at));
            }
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

    /// What the test tells about the pool: it never came back (Cognito
    /// stopped on its own error page), it stopped on an error (`error`:
    /// the page's failed sign-in, while it is in memory), Cognito ignored
    /// `prompt=login` (docs/COGNITO.md "Managed login"), and once it
    /// passed, whether the ID token carries the email.
    pub fn findings(&self, config: &Config, error: Option<&AuthError>) -> Vec<Finding> {
        let mut found = Vec::new();
        if self.stage == Stage::AuthorizeReached && !self.stopped {
            found.push(Finding::CallbackNeverArrived {
                callback: config.redirect_uri.clone(),
                scopes: config.scopes.clone(),
            });
        }
        if self.stopped {
            found.push(Finding::TestStopped { error: error.cloned(), provider_error: self.provider_error.clone() });
        }
        if self.prompt_ignored == Some(true) {
            found.push(Finding::PromptIgnored);
        }
        if self.stage == Stage::IdTokenValid {
            found.push(if self.email == Some(false) { Finding::NoEmail } else { Finding::TestPassed });
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::callback::CallbackError;
    use crate::auth::jwt::JwtError;
    use crate::auth::token::TokenError;
    use crate::config::PageLocation;

    fn config() -> Config {
        let page = PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() };
        Config::from_json(r#"{"userPoolId":"us-east-1_Abc","clientId":"c1"}"#, &page).unwrap()
    }

    #[test]
    fn a_finished_test_records_the_stage_and_the_providers_code() {
        let mut p = SetupProgress::started(1000);
        p.finish(Ok(TestSignIn { email: true, auth_time: Some(1001) }));
        assert_eq!((p.stage, p.email, p.prompt_ignored), (Stage::IdTokenValid, Some(true), Some(false)));
        assert_eq!(p.findings(&config(), None), [Finding::TestPassed]);
        // Authenticated before the test started: prompt=login was ignored.
        let mut p = SetupProgress::started(1000);
        p.finish(Ok(TestSignIn { email: true, auth_time: Some(1000 - 60) }));
        assert_eq!(p.prompt_ignored, Some(true));
        assert_eq!(p.findings(&config(), None), [Finding::PromptIgnored, Finding::TestPassed]);
        let mut p = SetupProgress::started(1000);
        p.finish(Ok(TestSignIn { email: true, auth_time: Some(1000 - AUTH_TIME_SLACK_SECS) }));
        assert_eq!(p.prompt_ignored, Some(false), "within the slack");
        let mut p = SetupProgress::started(1000);
        p.finish(Ok(TestSignIn { email: false, auth_time: None }));
        assert_eq!((p.prompt_ignored, p.findings(&config(), None)), (None, vec![Finding::NoEmail]));
        let mut p = SetupProgress::started(1000);
        let denied = CallbackError::Provider { error: OAuthErrorCode::UnauthorizedClient, description: None };
        let error = AuthError::Callback(denied);
        p.finish(Err(&error));
        assert_eq!(p.stage, Stage::CallbackReached);
        let provider_error = Some((OAuthErrorCode::UnauthorizedClient, OAuthEndpoint::Authorize));
        let stopped = |error| Finding::TestStopped { error, provider_error: provider_error.clone() };
        assert_eq!(p.findings(&config(), Some(&error)), [stopped(Some(error.clone()))]);
        // After a reload the error is gone from memory; the record says it stopped.
        let reloaded = SetupProgress::from_json(&p.to_json()).unwrap();
        assert_eq!(reloaded.findings(&config(), None), [stopped(None)]);
        let mut p = SetupProgress::started(1000);
        p.finish(Err(&AuthError::Token(TokenError::Provider { error: OAuthErrorCode::InvalidClient, status: 400 })));
        assert_eq!(p.provider_error, Some((OAuthErrorCode::InvalidClient, OAuthEndpoint::Token)));
        assert_eq!(SetupProgress::from_json(&p.to_json()), Some(p.clone()));
        let mut p = SetupProgress::started(1000);
        p.finish(Err(&AuthError::IdToken(JwtError::BadSignature)));
        assert_eq!((p.stage, p.provider_error), (Stage::TokenExchanged, None));
    }

    #[test]
    fn progress_round_trip_and_stall() {
        let p = SetupProgress::started(1000);
        assert_eq!(SetupProgress::from_json(&p.to_json()), Some(p.clone()));
        let callback = "http://localhost:8585/callback".to_string();
        let scopes = vec!["openid".to_string(), "email".to_string()];
        assert_eq!(p.findings(&config(), None), [Finding::CallbackNeverArrived { callback, scopes }]);
        let later = SetupProgress { stage: Stage::TokenExchanged, ..p };
        assert!(later.findings(&config(), None).is_empty());
    }
}
