//! The start page's words, one copy for the two modules that draw it: the
//! landing module (`landing/src/page.rs`, with `web-sys`) and the full app
//! (`src/ui/header.rs`, `src/ui/pages.rs`, `src/components`, with Leptos).
//! The page looks the same whichever module drew it, so the full app can
//! take it over without a visible change (docs/PERFORMANCE.md "Landing
//! page"). The other words of the start page are the configuration's
//! (`config::DEFAULT_APP_NAME`, `config::SIGN_UP_TEXT`, each sign-in
//! option's text). English only for now: a catalogue per language would
//! replace these constants.

/// The account control and the card's button when nobody is signed in.
pub const SIGN_IN: &str = "Sign in";
/// The account control once "Sign in" was pressed, while the browser
/// leaves for the hosted UI.
pub const SIGNING_IN: &str = "Signing in…";
/// While `config.json` loads.
pub const LOADING: &str = "Loading…";
/// The start page's card, under the app's name.
pub const SIGNED_OUT: &str = "You are signed out. Sign in with your organisation’s account to continue.";
