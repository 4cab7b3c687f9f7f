//! The landing page and the full app: the signed-out landing page (`/`) is
//! served by a small module of its own (the `landing/` package) so the first
//! load carries only what showing "Sign in" and starting a sign-in need; the
//! full app loads in the background and takes the page over whenever the
//! landing page cannot finish on its own (docs/PERFORMANCE.md "Landing
//! page"). These are the names both shells share and the landing page's
//! decisions.

/// The `BroadcastChannel` every tab of the origin talks on.
pub const CHANNEL: &str = "cognito-login";
/// The Web Lock held by the tab that holds the refresh token.
pub const HOLDER_LOCK: &str = "cognito-login:holder";
/// `sessionStorage`: the pending login (it must survive the redirect to
/// Cognito).
pub const PENDING_LOGIN_KEY: &str = "cognito-login:pending-login";
/// `sessionStorage`, non-secret: this tab was signed in (for restoring after
/// a reload). `boot.js` reads it too: with it, a reload starts the full app.
pub const SIGNED_IN_KEY: &str = "cognito-login:signed-in";
/// `sessionStorage`, non-secret: when this tab last restored a session
/// automatically (seconds since the epoch), for loop protection.
pub const RESTORE_ATTEMPT_KEY: &str = "cognito-login:restore-attempt";
/// `sessionStorage`, non-secret: the setup checker's test sign-in progress.
pub const SETUP_TEST_KEY: &str = "cognito-login:setup-test";
/// The global through which the landing page tells the full app why it took
/// over (`window[HANDOVER_GLOBAL]`, a [`Handover::as_str`]).
pub const HANDOVER_GLOBAL: &str = "cognitoLoginHandover";

/// The global in which `boot.js` leaves its early `config.json` answer (a
/// promise of `{status, text}`) for whichever module starts.
pub const CONFIG_GLOBAL: &str = "cognitoLoginConfig";
/// The function `boot.js` defines for the landing page to hand the page over
/// to the full app (`window[START_APP_GLOBAL](reason)`).
pub const START_APP_GLOBAL: &str = "cognitoLoginStartApp";
/// The function `boot.js` defines for the landing page to have the full app
/// fetched in the background once "Sign in" is shown.
pub const PREFETCH_APP_GLOBAL: &str = "cognitoLoginPrefetchApp";
/// The function `boot.js` defines to draw the fatal error page into an
/// element (`window[FATAL_GLOBAL](target)`): the page's one copy, which
/// `boot.js` shows when the WebAssembly traps and the full app's panic hook
/// calls.
pub const FATAL_GLOBAL: &str = "cognitoLoginFatal";

/// The names one deployment of the app (a client ID under a base path) uses
/// on its origin, so that two apps served from one host (`/a/` and `/b/`)
/// never hear, lock or read each other's: the channel, the holder lock and
/// the `sessionStorage` keys. The signed-in marker is namespaced by the
/// base path alone: `boot.js` reads it before `config.json` has arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The `BroadcastChannel`.
    pub channel: String,
    /// The holder's Web Lock.
    pub holder_lock: String,
    /// The pending login.
    pub pending_login: String,
    /// "This tab was signed in" (read by `boot.js`).
    pub signed_in: String,
    /// The last automatic restore.
    pub restore_attempt: String,
    /// The setup checker's test sign-in.
    pub setup_test: String,
    /// "This tab handed its refresh token to a sibling as it went away".
    pub handed_over: String,
}

impl Names {
    /// The names of the app with `client_id` served from `base_path`.
    pub fn new(client_id: &str, base_path: &str) -> Names {
        let app = format!("{client_id}@{base_path}");
        Names {
            channel: format!("{CHANNEL}:{app}"),
            holder_lock: format!("{HOLDER_LOCK}:{app}"),
            pending_login: format!("{PENDING_LOGIN_KEY}:{app}"),
            signed_in: format!("{SIGNED_IN_KEY}:{base_path}"),
            restore_attempt: format!("{RESTORE_ATTEMPT_KEY}:{app}"),
            setup_test: format!("{SETUP_TEST_KEY}:{app}"),
            handed_over: format!("{CHANNEL}:handed-over:{app}"),
        }
    }
}

/// Why the landing page hands the page over to the full app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handover {
    /// `config.json` could not be loaded or is invalid: the full app shows
    /// what is wrong and how to fix it.
    Configuration,
    /// A tab of this origin holds a session: the full app asks it for it.
    SignedInElsewhere,
    /// Another tab spoke on the channel (it signed in, or signed out): the
    /// full app takes part in the conversation.
    SiblingSpoke,
    /// Starting the sign-in failed (offline, discovery, storage): the full
    /// app starts it again and explains the failure.
    SignIn,
}

impl Handover {
    /// The value put in [`HANDOVER_GLOBAL`].
    pub fn as_str(self) -> &'static str {
        match self {
            Handover::Configuration => "configuration",
            Handover::SignedInElsewhere => "signed-in-elsewhere",
            Handover::SiblingSpoke => "sibling-spoke",
            Handover::SignIn => "sign-in",
        }
    }

    /// Reads [`Handover::as_str`] back.
    pub fn parse(text: &str) -> Option<Handover> {
        [Handover::Configuration, Handover::SignedInElsewhere, Handover::SiblingSpoke, Handover::SignIn]
            .into_iter()
            .find(|h| h.as_str() == text)
    }

    /// True when the full app must start a sign-in as soon as it is
    /// configured (the user already pressed "Sign in").
    pub fn starts_sign_in(self) -> bool {
        self == Handover::SignIn
    }
}

/// What the landing page does once it has its configuration and knows
/// whether a tab holds a session (`holder_held`: the holder lock's state,
/// `None` without Web Locks): show "Sign in", or hand over.
pub fn on_load(config_valid: bool, holder_held: Option<bool>) -> Option<Handover> {
    if !config_valid {
        Some(Handover::Configuration)
    } else if holder_held == Some(true) {
        Some(Handover::SignedInElsewhere)
    } else {
        None
    }
}

/// The path and query of the page relative to the app's base path (`/login/`
/// for an app under `/login`): `/reports?x=1` for `/login/reports?x=1`. What
/// routes and return paths use.
pub fn app_path(base_path: &str, pathname: &str, search: &str) -> String {
    let base = base_path.trim_end_matches('/');
    let relative = match pathname.strip_prefix(base) {
        Some(rest) if rest.starts_with('/') => rest,
        Some("") => "/",
        _ => pathname,
    };
    format!("{relative}{search}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_landing_page_shows_sign_in_only_with_a_valid_config_and_no_session_elsewhere() {
        assert_eq!(on_load(true, Some(false)), None);
        // Without Web Locks nothing says a session exists: the channel still
        // hands over if a sibling speaks.
        assert_eq!(on_load(true, None), None);
        assert_eq!(on_load(true, Some(true)), Some(Handover::SignedInElsewhere));
        assert_eq!(on_load(false, Some(true)), Some(Handover::Configuration));
        assert_eq!(on_load(false, None), Some(Handover::Configuration));
    }

    #[test]
    fn handover_reasons_round_trip_and_only_sign_in_starts_one() {
        for h in [Handover::Configuration, Handover::SignedInElsewhere, Handover::SiblingSpoke, Handover::SignIn] {
            assert_eq!(Handover::parse(h.as_str()), Some(h));
            assert_eq!(h.starts_sign_in(), h == Handover::SignIn);
        }
        assert_eq!(Handover::parse("sign-out"), None);
    }

    #[test]
    fn two_deployments_on_one_origin_share_no_name() {
        let a = Names::new("client1", "/a/");
        let b = Names::new("client2", "/b/");
        let same_path = Names::new("client2", "/a/");
        for (x, y) in [(&a, &b), (&a, &same_path)] {
            assert_ne!(x.channel, y.channel);
            assert_ne!(x.holder_lock, y.holder_lock);
            assert_ne!(x.pending_login, y.pending_login);
            assert_ne!(x.restore_attempt, y.restore_attempt);
        }
        assert_ne!(a.signed_in, b.signed_in);
        assert_eq!(a.signed_in, "cognito-login:signed-in:/a/");
    }

    #[test]
    fn boot_js_uses_the_same_names() {
        // boot.js (the page's loader, plain JavaScript) reads the signed-in
        // marker and sets the hand-over global by name.
        let boot = include_str!("../../../boot.js");
        for name in [SIGNED_IN_KEY, CONFIG_GLOBAL, HANDOVER_GLOBAL, START_APP_GLOBAL, PREFETCH_APP_GLOBAL] {
            assert!(boot.contains(name), "boot.js does not use {name}");
        }
    }

    #[test]
    fn app_paths_are_relative_to_the_base_path() {
        assert_eq!(app_path("/", "/", ""), "/");
        assert_eq!(app_path("/", "/reports/q", "?x=1"), "/reports/q?x=1");
        assert_eq!(app_path("/login/", "/login/reports", "?x=1"), "/reports?x=1");
        assert_eq!(app_path("/login/", "/login", ""), "/");
        assert_eq!(app_path("/login/", "/login/", "?login_hint=a"), "/?login_hint=a");
        // Not under the base (a misconfigured rewrite): the whole path.
        assert_eq!(app_path("/login/", "/loginx/a", ""), "/loginx/a");
    }
}
