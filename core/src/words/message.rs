//! What there is to say, as data: every text a user or an operator reads is
//! a [`Message`] (a fixed [`Text`], or a text with its arguments), so a
//! language is one exhaustive `match` and an app can replace any of them by
//! matching on the same values.

use crate::auth::{AuthError, NextStep};
use crate::config::{ConfigFile, ConfigLoadError, ConfigProblem, SignInOption};
use crate::session::api::ApiError;
use crate::setup::{Stage, Status};

/// A text and its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Message<'a> {
    /// A text without arguments.
    Text(Text),
    /// Why a sign-in failed or a session ended: the alert's paragraph.
    Error(&'a AuthError),
    /// What went wrong, without the "Sign-in failed" framing: under a
    /// renewal that failed while the user stays signed in.
    Cause(&'a AuthError),
    /// What the user (or the operator) can do next.
    NextStep(NextStep),
    /// The provider's `error_description`, as it sent it (shown as text).
    ProviderDetails(&'a str),
    /// Why an API call got no answer.
    ApiFailed(&'a ApiError),
    /// Why the configuration could not be loaded (not its content: see
    /// [`Message::ConfigProblem`]).
    ConfigLoad(&'a ConfigLoadError),
    /// One problem in `config.json` or `amplify_outputs.json`.
    ConfigProblem(&'a ConfigProblem),
    /// The line above the list of a file's problems.
    ConfigProblemsIn(ConfigFile),
    /// What to do about a bad configuration, in any app.
    ConfigErrorHint(ConfigFile),
    /// What to do about a bad configuration, on the login page (its setup
    /// checker, the README).
    LoginConfigErrorHint(ConfigFile),
    /// The notice when the device's clock is off (sign-in still works):
    /// provider time minus local time, seconds.
    ClockNotice {
        /// Provider time minus local time, seconds.
        offset_secs: i64,
    },
    /// A sign-in option's button.
    SignInOption(&'a SignInOption),
    /// A signed-in user outside a guarded page's group.
    NotInGroup {
        /// The group.
        group: &'a str,
    },
    /// The API console: an answer's status and time.
    ApiStatus {
        /// The HTTP status.
        status: u16,
        /// Milliseconds from sending to the whole body.
        millis: u64,
    },
    /// The API console: where requests go.
    ApiTarget {
        /// `apiBaseUrl`.
        base_url: &'a str,
    },
    /// The API console: a batch of requests.
    ApiBatch {
        /// How many were sent.
        count: usize,
        /// How many got a status below 400.
        ok: usize,
        /// One after another (else at once).
        sequential: bool,
        /// The whole batch, microseconds.
        micros: u64,
    },
    /// The setup checker: a finding's badge.
    Badge(Status),
    /// The setup checker: a stage of the test sign-in.
    Stage(Stage),
}

/// Declares [`Text`] and [`Text::ALL`] from one list, so the list of every
/// text cannot miss one (the catalogue tests walk it).
macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A text without arguments.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Text {
            $($(#[$doc])* $name,)*
        }

        impl Text {
            /// Every text, in declaration order.
            pub const ALL: &'static [Text] = &[$(Text::$name,)*];
        }
    };
}

texts! {
    /// "Sign in" (the start page's, `StartWords::sign_in`).
    SignIn,
    /// "Signing in…" (`StartWords::signing_in`).
    SigningIn,
    /// "Loading…" (`StartWords::loading`).
    Loading,
    /// The start page's card (`StartWords::signed_out`).
    SignedOut,
    /// "Create account" (`StartWords::create_account`).
    CreateAccount,
    /// The header's account area (`StartWords::account`).
    Account,
    /// While a sign-in completes at the callback, or a guard waits.
    SigningYouIn,
    /// After a reload, while the session is restored.
    RestoringSession,
    /// While signing out.
    SigningYouOut,
    /// The disabled account control while signing out.
    SigningOut,
    /// The account control when signed in.
    SignOut,
    /// The alert's heading for a sign-in that failed.
    SignInFailedTitle,
    /// The alert's heading for a session that ended.
    SignedOutTitle,
    /// The alert's button for a sign-in that failed.
    TryAgain,
    /// The alert's button for a session that ended; the API console's.
    SignInAgain,
    /// While a refresh that failed is retried.
    Reconnecting,
    /// Signed in, but the tokens expired while the sign-in service is
    /// unreachable: the heading.
    UnreachableTitle,
    /// … and the paragraph.
    UnreachableBody,
    /// Skips the renewal's backoff.
    RetryNow,
    /// The configuration error page's heading, in any app.
    ConfigErrorTitle,
    /// The configuration error page's heading on the login page.
    LoginConfigErrorTitle,
    /// The login page's link to its setup checker, under an alert…
    SetupLink,
    /// … and what follows the link.
    SetupLinkAfter,
    /// The header's link to the API console, and its heading.
    ApiConsole,
    /// The signed-in home page: the heading.
    SignedInTitle,
    /// … the email's label.
    Email,
    /// … the username's label.
    Username,
    /// … the groups' label.
    Groups,
    /// … the identity provider's label.
    SignedInWith,
    /// … the expiry's label.
    SessionExpires,
    /// … no email in the ID token.
    NotShared,
    /// … no groups.
    NoGroups,
    /// An unknown path: the heading.
    NotFoundTitle,
    /// … the text before the link to the start page…
    NotFoundBefore,
    /// … the link…
    GoToStart,
    /// … and after it.
    NotFoundAfter,
    /// The API console, signed out.
    SignInToCallApi,
    /// The API console: the session expired.
    ApiSessionExpired,
    /// The API console: still signed in, the session could not be renewed.
    ApiNotRenewed,
    /// The API console's method field.
    Method,
    /// … its path field.
    ApiPath,
    /// … its body field.
    ApiBody,
    /// … how many requests.
    Requests,
    /// … one after another.
    OneAfterAnother,
    /// … its button.
    Send,
    /// … its button while sending.
    Sending,
    /// The "Who am I" panel's heading.
    WhoAmI,
    /// … its button.
    AskTheApi,
    /// … while it asks.
    AskingTheApi,
    /// The setup checker's heading.
    SetupTitle,
    /// … what it does.
    SetupIntro,
    /// … the configuration's section.
    SetupConfiguration,
    /// … the user pool's section.
    SetupUserPool,
    /// … while discovery loads.
    CheckingUserPool,
    /// … the redirect URLs' section.
    SetupUrls,
    /// … the test sign-in's section and button.
    TestSignIn,
    /// … what the test sign-in does.
    TestSignInIntro,
    /// … the manual checks' section.
    SetupConsole,
    /// The fatal error page (`boot.js`, which carries a copy checked
    /// against the catalogue): the heading…
    FatalTitle,
    /// … what happened…
    FatalBody,
    /// … and its button.
    ReloadPage,
    /// `boot.js` (and `index.html`) when the page could not be started.
    NotStarted,
}
