//! Starting a sign-in: the pending login kept across the redirect, PKCE
//! (RFC 7636) and the authorize URL (RFC 6749 §4.1.1, docs/COGNITO.md "The authorize request").

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use oauth2::PkceCodeChallenge;
use serde::{Deserialize, Serialize};

use super::endpoints::Endpoints;
use super::secret::PkceCodeVerifier;
use crate::config::{Config, Provider};
use crate::form;
use crate::json;

/// A pending login older than this is refused at the callback, in seconds:
/// an hour, as long as the hosted UI's own session lasts, because signing
/// up and waiting for the confirmation email, setting up MFA or resetting
/// a password all happen between the redirect out and the callback
/// (docs/COGNITO.md "Long journeys").
pub const PENDING_LOGIN_MAX_AGE_SECS: i64 = 3600;

/// How far in the future a pending login may be dated, in seconds. Its date
/// comes from this device's own clock, read a moment earlier in the same tab,
/// so no skew allowance is due: only a clock set back during the sign-in
/// (a few seconds by a time sync at most, normally) gets this far.
pub const PENDING_LOGIN_FUTURE_SECS: i64 = 5;

/// How many random bytes [`PendingLogin::new`] needs.
pub const PENDING_LOGIN_RANDOM_BYTES: usize = 96;

/// What the app remembers between sending the user to Cognito and the
/// callback: kept in `sessionStorage` (it must survive the redirect), read
/// once and deleted.
#[derive(Serialize, Deserialize)]
pub struct PendingLogin {
    /// The `state` sent to `/oauth2/authorize`: base64url (Cognito refuses
    /// URL-encoded JSON there: docs/COGNITO.md "The authorize request"), 256 random bits.
    pub state: String,
    /// The PKCE code verifier (RFC 7636 §4.1): 43 base64url characters.
    pub verifier: PkceCodeVerifier,
    /// The OIDC `nonce`, expected back in the ID token.
    pub nonce: String,
    /// Where to send the user after signing in: a same-origin path.
    pub return_path: String,
    /// When the login started, seconds since the epoch.
    pub created_at: i64,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("state", &"[redacted]")
            .field("verifier", &self.verifier)
            .field("return_path", &self.return_path)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

impl PendingLogin {
    /// A new transaction: fresh `state`, `nonce` and verifier from `random`
    /// (from the platform's CSPRNG), each 256 bits (RFC 9700 §2.1.1).
    pub fn new(random: &[u8; PENDING_LOGIN_RANDOM_BYTES], return_path: &str, now: i64) -> PendingLogin {
        PendingLogin {
            state: URL_SAFE_NO_PAD.encode(&random[0..32]),
            nonce: URL_SAFE_NO_PAD.encode(&random[32..64]),
            verifier: PkceCodeVerifier::new(URL_SAFE_NO_PAD.encode(&random[64..96])),
            return_path: sanitize_return_path(return_path),
            created_at: now,
        }
    }

    /// The S256 challenge for the verifier (RFC 7636 §4.2).
    pub fn code_challenge(&self) -> String {
        PkceCodeChallenge::from_code_verifier_sha256(&self.verifier).as_str().to_string()
    }

    /// True once the pending login is too old to accept, or dated more than
    /// [`PENDING_LOGIN_FUTURE_SECS`] in the future.
    pub fn is_expired(&self, now: i64) -> bool {
        now.saturating_sub(self.created_at) > PENDING_LOGIN_MAX_AGE_SECS
            || self.created_at.saturating_sub(now) > PENDING_LOGIN_FUTURE_SECS
    }

    /// Serialises for storage: `{"state":…,"verifier":…,"nonce":…,
    /// "return_path":…,"created_at":…}`, the text `serde_json` writes for
    /// it (the landing module writes it without `serde_json`).
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        let texts = [
            ("state", self.state.as_str()),
            ("verifier", self.verifier.secret().as_str()),
            ("nonce", &self.nonce),
            ("return_path", &self.return_path),
        ];
        for (key, text) in texts {
            out.push_str(&format!("\"{key}\":"));
            // Writing to a String cannot fail.
            let _ = json::write_str(&mut out, text);
            out.push(',');
        }
        out.push_str(&format!("\"created_at\":{}}}", self.created_at));
        out
    }

    /// Reads it back; `None` if the stored text is not a pending login (not
    /// an object, a field missing or not a string, `created_at` not a whole
    /// number); other fields are ignored.
    pub fn from_json(text: &str) -> Option<PendingLogin> {
        let json::Value::Object(doc) = json::parse(text).ok()? else { return None };
        let text = |field: &str| doc.get(field).and_then(json::Value::as_str).map(str::to_string);
        Some(PendingLogin {
            state: text("state")?,
            verifier: PkceCodeVerifier::new(text("verifier")?),
            nonce: text("nonce")?,
            return_path: text("return_path")?,
            created_at: doc.get("created_at")?.as_i64()?,
        })
    }
}

/// Per-request options of the authorize URL that do not come from the
/// configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizeOptions {
    /// Pre-fills the username (`?login_hint=` on the app URL).
    pub login_hint: Option<String>,
    /// Overrides the configured `prompt` (e.g. `login` to force the form).
    pub prompt: Option<String>,
    /// The sign-in option the user chose; `None`: the configured
    /// `identityProvider`/`idpIdentifier`, else the hosted UI.
    pub provider: Option<Provider>,
    /// Start at Cognito's sign-up page instead (same parameters; the user
    /// comes back to the callback signed in).
    pub sign_up: bool,
}

impl AuthorizeOptions {
    /// A sign-in with the option the user chose.
    pub fn with(provider: Option<Provider>) -> AuthorizeOptions {
        AuthorizeOptions { provider, ..AuthorizeOptions::default() }
    }

    /// "Create account".
    pub fn sign_up() -> AuthorizeOptions {
        AuthorizeOptions { sign_up: true, ..AuthorizeOptions::default() }
    }
}

/// The URL that starts the Authorization Code flow with PKCE (S256), at
/// `endpoint` (`/oauth2/authorize`, or `/signup` for a sign-up).
pub fn authorize_url(config: &Config, endpoint: &str, pending: &PendingLogin, options: &AuthorizeOptions) -> String {
    let scope = config.scopes.join(" ");
    let challenge = pending.code_challenge();
    let mut params: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        ("client_id", &config.client_id),
        ("redirect_uri", &config.redirect_uri),
        ("scope", &scope),
        ("state", &pending.state),
        ("nonce", &pending.nonce),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ];
    // A sign-up happens on Cognito's own form: no provider then.
    let provider = if options.sign_up { None } else { options.provider.as_ref().or(config.provider.as_ref()) };
    let (provider_key, provider_value) = provider.map(Provider::parameter).unzip();
    let optional = [
        ("identity_provider", provider_value.filter(|_| provider_key == Some("identity_provider"))),
        ("idp_identifier", provider_value.filter(|_| provider_key == Some("idp_identifier"))),
        ("lang", config.authorize_lang()),
        ("prompt", options.prompt.as_deref().or(config.prompt.as_deref())),
        ("resource", config.resource.as_deref()),
        ("login_hint", options.login_hint.as_deref()),
    ];
    params.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    form::url_with_query(endpoint, params)
}

/// The start of a sign-in, the one rule for both shells (the session
/// machine and the landing module): a fresh pending login from `random`
/// (the platform's CSPRNG), dated `now_secs`, coming back to `return_path`
/// (sanitised), and the authorize URL at `endpoints`. The caller stores the
/// pending login, then navigates to the URL.
pub fn sign_in_request(
    config: &Config,
    endpoints: &Endpoints,
    random: &[u8; PENDING_LOGIN_RANDOM_BYTES],
    now_secs: i64,
    return_path: &str,
    options: &AuthorizeOptions,
) -> (PendingLogin, String) {
    let pending = PendingLogin::new(random, return_path, now_secs);
    let endpoint = if options.sign_up { endpoints.sign_up() } else { endpoints.authorization.clone() };
    let url = authorize_url(config, &endpoint, &pending, options);
    (pending, url)
}

/// Makes a return path safe to navigate to: a same-origin path starting with
/// a single `/` (no `//host`, no `/\host`, no scheme, no control
/// characters), and never the callback itself. Anything else becomes `/`
/// (RFC 9700 §4.11, no open redirector).
pub fn sanitize_return_path(path: &str) -> String {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\')
        && path.len() <= 2048;
    let is_callback = path == "/callback" || path.starts_with("/callback?") || path.starts_with("/callback#");
    if ok && !is_callback {
        path.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PageLocation;

    fn config(extra: &str) -> Config {
        let page = PageLocation { origin: "http://localhost:8585".into(), base_path: "/".into() };
        Config::from_json(&format!(r#"{{"userPoolId":"us-east-1_A","clientId":"client1"{extra}}}"#), &page).unwrap()
    }

    fn pending() -> PendingLogin {
        let mut random = [0u8; PENDING_LOGIN_RANDOM_BYTES];
        for (i, b) in random.iter_mut().enumerate() {
            *b = i as u8;
        }
        PendingLogin::new(&random, "/reports/q?x=1", 1_700_000_000)
    }

    #[test]
    fn rfc7636_appendix_b() {
        let verifier = PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        assert_eq!(challenge.as_str(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_eq!(challenge.method().as_str(), "S256");
    }

    #[test]
    fn pending_login_values() {
        let p = pending();
        assert_eq!(p.state.len(), 43);
        assert_eq!(p.nonce.len(), 43);
        assert_eq!(p.verifier.secret().len(), 43);
        assert_ne!(p.state, p.nonce);
        assert_eq!(p.return_path, "/reports/q?x=1");
        let back = PendingLogin::from_json(&p.to_json()).unwrap();
        assert_eq!(back.state, p.state);
        assert_eq!(back.verifier.secret(), p.verifier.secret());
        let debug = format!("{p:?}");
        assert!(
            !debug.contains(p.verifier.secret()) && !debug.contains(&p.state) && !debug.contains(&p.nonce),
            "{debug}"
        );
        assert!(PendingLogin::from_json("{}").is_none());
    }

    #[test]
    fn a_sign_in_request_is_a_fresh_pending_login_and_its_authorize_url() {
        let c = config(r#","domain":"https://login.example.com""#);
        let endpoints = Endpoints::from_config(&c).unwrap();
        let random = [9u8; PENDING_LOGIN_RANDOM_BYTES];
        let options = AuthorizeOptions { login_hint: Some("a@example.com".into()), ..AuthorizeOptions::default() };
        let (p, url) = sign_in_request(&c, &endpoints, &random, 1_700_000_000, "//evil.example", &options);
        assert_eq!((p.return_path.as_str(), p.created_at), ("/", 1_700_000_000));
        assert_eq!(p.state, PendingLogin::new(&random, "/", 0).state);
        assert_eq!(url, authorize_url(&c, "https://login.example.com/oauth2/authorize", &p, &options));
    }

    #[test]
    fn pending_login_text_is_serde_jsons() {
        let p = PendingLogin { return_path: "/a\"b\\c\u{1}\u{e9}".into(), created_at: -5, ..pending() };
        assert_eq!(p.to_json(), serde_json::to_string(&p).unwrap());
        let back = PendingLogin::from_json(&p.to_json()).unwrap();
        assert_eq!((&back.return_path, back.created_at), (&p.return_path, -5));
        for bad in
            ["[]", "{\"state\":1}", &p.to_json().replace("-5", "1.5"), &p.to_json().replace("\"nonce\"", "\"n\"")]
        {
            assert!(PendingLogin::from_json(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn pending_login_expiry() {
        let p = pending();
        assert!(!p.is_expired(p.created_at));
        assert!(!p.is_expired(p.created_at + PENDING_LOGIN_MAX_AGE_SECS));
        assert!(p.is_expired(p.created_at + PENDING_LOGIN_MAX_AGE_SECS + 1));
    }

    #[test]
    fn a_pending_login_dated_in_the_future_is_refused() {
        // Written by this tab a moment ago by this device's clock: a clock set
        // back a few seconds since is tolerated, nothing more.
        let p = pending();
        assert!(!p.is_expired(p.created_at - PENDING_LOGIN_FUTURE_SECS));
        assert!(p.is_expired(p.created_at - PENDING_LOGIN_FUTURE_SECS - 1));
        assert!(p.is_expired(p.created_at - 60));
        assert!(p.is_expired(p.created_at - PENDING_LOGIN_MAX_AGE_SECS));
        // Any date storage can hold (another script of the origin may write it).
        for created_at in [i64::MIN, i64::MAX, 0] {
            let forged = PendingLogin { created_at, ..pending() };
            assert!(forged.is_expired(p.created_at), "{created_at}");
        }
    }

    #[test]
    fn exact_authorize_url() {
        let p = pending();
        let url =
            authorize_url(&config(""), "https://p.auth.example.com/oauth2/authorize", &p, &AuthorizeOptions::default());
        assert_eq!(
            url,
            format!(
                "https://p.auth.example.com/oauth2/authorize?response_type=code&client_id=client1\
                 &redirect_uri=http%3A%2F%2Flocalhost%3A8585%2Fcallback&scope=openid+email\
                 &state={}&nonce={}&code_challenge={}&code_challenge_method=S256",
                p.state,
                p.nonce,
                p.code_challenge()
            )
        );
    }

    #[test]
    fn optional_parameters_pass_through() {
        let c = config(r#","identityProvider":"Google","lang":"de","prompt":"login""#);
        let options = AuthorizeOptions { login_hint: Some("a@b.c".into()), ..AuthorizeOptions::default() };
        let url = authorize_url(&c, "https://x/oauth2/authorize", &pending(), &options);
        assert!(url.ends_with("&identity_provider=Google&lang=de&prompt=login&login_hint=a%40b.c"), "{url}");
        let with_resource = config(r#","resource":"https://api.example.com""#);
        let url = authorize_url(&with_resource, "https://x/a", &pending(), &AuthorizeOptions::default());
        assert!(url.ends_with("&resource=https%3A%2F%2Fapi.example.com"), "{url}");
        let forced = AuthorizeOptions { prompt: Some("none".into()), ..AuthorizeOptions::default() };
        assert!(authorize_url(&c, "https://x/a", &pending(), &forced).ends_with("&lang=de&prompt=none"));
    }

    #[test]
    fn the_chosen_option_replaces_the_configured_provider() {
        let c = config(r#","identityProvider":"Google","domain":"https://login.example.com""#);
        let endpoints = Endpoints::from_config(&c).unwrap();
        let random = [3u8; PENDING_LOGIN_RANDOM_BYTES];
        let request = |options: AuthorizeOptions| sign_in_request(&c, &endpoints, &random, 0, "/", &options).1;
        let company = request(AuthorizeOptions::with(Some(Provider::Identifier("example.com".into()))));
        assert!(company.starts_with("https://login.example.com/oauth2/authorize?"), "{company}");
        assert!(company.ends_with("&code_challenge_method=S256&idp_identifier=example.com"), "{company}");
        let form = request(AuthorizeOptions::with(Some(Provider::Named("COGNITO".into()))));
        assert!(form.ends_with("&identity_provider=COGNITO"), "{form}");
        assert!(request(AuthorizeOptions::default()).ends_with("&identity_provider=Google"));
        // "Create account": Cognito's sign-up page, the same PKCE, state and
        // nonce, and no provider.
        let sign_up = request(AuthorizeOptions::sign_up());
        let (endpoint, query) = sign_up.split_once('?').unwrap();
        assert_eq!(endpoint, "https://login.example.com/signup");
        let (authorize_endpoint, authorize_query) =
            request(AuthorizeOptions::with(None)).split_once('?').map(|(a, b)| (a.to_string(), b.to_string())).unwrap();
        assert_eq!(authorize_endpoint, "https://login.example.com/oauth2/authorize");
        assert_eq!(format!("{query}&identity_provider=Google"), authorize_query);
    }

    #[test]
    fn return_paths_are_same_origin_only() {
        for ok in ["/", "/reports/q?x=1", "/a#b", "/a?next=https://x"] {
            assert_eq!(sanitize_return_path(ok), ok);
        }
        for bad in [
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "evil",
            "",
            "/a\nb",
            "/a\\b",
            "/callback",
            "/callback?code=1",
        ] {
            assert_eq!(sanitize_return_path(bad), "/", "{bad:?}");
        }
    }
}
