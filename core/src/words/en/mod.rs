//! The English catalogue: every [`Message`] and [`Text`], by exhaustive
//! `match`es (a new message, or a new variant of an error it words, does
//! not compile until it is worded here). Another language mirrors this
//! module.

use super::start::{Around, StartWords};
use super::{Message, Text};
use crate::auth::NextStep;
use crate::config::{ConfigFile, ConfigLoadError};
use crate::setup::{Stage, Status};

mod config;
mod errors;
mod setup;

#[cfg(test)]
pub(super) use setup::console_setting as setup_console_setting;
pub(super) use setup::finding;

/// The start page's words (`super::start`).
pub(in crate::words) static START: StartWords = StartWords {
    sign_in: "Sign in",
    signing_in: "Signing in…",
    loading: "Loading…",
    signed_out: "You are signed out. Sign in with your organisation’s account to continue.",
    create_account: "Create account",
    account: "Account",
    with_password: "Sign in with a password",
    continue_with: Around { before: "Continue with ", after: "" },
    your_account: Around { before: "Continue with your ", after: " account" },
};

/// `message` in English.
pub(super) fn say(message: &Message<'_>) -> String {
    match *message {
        Message::Text(t) => text(t).to_string(),
        Message::Error(e) => errors::error(e),
        Message::Cause(e) => errors::cause(e),
        Message::NextStep(step) => next_step(step).to_string(),
        Message::ProviderDetails(d) => format!("Details from the sign-in service, as it sent them: “{d}”"),
        Message::ApiFailed(e) => errors::api(e),
        Message::ConfigLoad(e) => config_load(e),
        Message::ConfigProblem(p) => config::problem(p),
        Message::ConfigProblemsIn(file) => format!("{} has these problems:", file.name()),
        Message::ConfigErrorHint(file) => format!(
            "If you run this site, fix its {} and reload. If you are trying to sign in, please tell the people who run this site.",
            file.name()
        ),
        Message::LoginConfigErrorHint(file) => format!(
            "If you operate this page, fix {} (the README's Configuration section lists every setting) and reload; then the setup checker at /setup checks the user pool and app client. If you are trying to sign in, please tell the people who run this site.",
            file.name()
        ),
        Message::ClockNotice { offset_secs } => format!(
            "Your device's clock is {} the sign-in service's clock. Sign-in still works, but setting your clock to automatic avoids problems.",
            errors::clock_offset(offset_secs)
        ),
        Message::SignInOption(option) => START.sign_in_option(option),
        Message::NotInGroup { group } => {
            format!("This page is for members of the group “{group}”. You are signed in, but not as one of them.")
        }
        Message::ApiStatus { status, millis } => format!("HTTP {status} in {millis} ms"),
        Message::ApiTarget { base_url } => format!("Requests go to {base_url} with your token."),
        Message::ApiBatch { count, ok, sequential, micros } => {
            let how = if sequential { "one after another" } else { "at once" };
            let each = micros / count.max(1) as u64;
            let requests = if count == 1 { "request" } else { "requests" };
            format!(
                "{count} {requests} sent {how}: {ok} succeeded, {} failed, in {} ms ({}.{:03} ms each)",
                count - ok,
                micros / 1000,
                each / 1000,
                each % 1000
            )
        }
        Message::Badge(status) => match status {
            Status::Pass => "OK",
            Status::Fail => "Problem",
            Status::Manual => "Check by hand",
        }
        .to_string(),
        Message::Stage(stage) => match stage {
            Stage::AuthorizeReached => "Cognito's sign-in page reached",
            Stage::CallbackReached => "Back at the callback",
            Stage::TokenExchanged => "Code exchanged for tokens",
            Stage::IdTokenValid => "ID token valid",
        }
        .to_string(),
    }
}

fn next_step(step: NextStep) -> &'static str {
    match step {
        NextStep::SignInAgain => "Start a new sign-in to continue.",
        NextStep::Retry => "This is probably temporary: wait a moment, then try again.",
        NextStep::FixConfiguration => {
            "This needs a change in the Cognito app client or in config.json; please tell the people who run this site."
        }
        NextStep::FixClock => "Correct your device's clock, then sign in again.",
        NextStep::CorrectInput => "Correct what you entered, then try again.",
    }
}

fn config_load(e: &ConfigLoadError) -> String {
    let file = |url: &str| crate::config::file_name(url).to_string();
    let problems = |errors: &crate::config::ConfigErrors| {
        errors.0.iter().map(|p| say(&Message::ConfigProblem(p))).collect::<Vec<_>>().join("; ")
    };
    match e {
        ConfigLoadError::NotFound { url } => format!(
            "config.json was not found at {url} (nor amplify_outputs.json next to it). Deploy a config.json, or an Amplify Gen 2 amplify_outputs.json, next to index.html (see the README's Configuration section)."
        ),
        ConfigLoadError::Http { url, status } => {
            format!("{} could not be loaded from {url}: the server answered HTTP {status}.", file(url))
        }
        ConfigLoadError::Network { url, source } => format!(
            "{} could not be loaded from {url}: {}. Check your connection and reload the page.",
            file(url),
            errors::net(source)
        ),
        ConfigLoadError::NoEarlyAnswer { url } => format!(
            "{} could not be loaded from {url}: the early request for it gave no answer. Check your connection and reload the page.",
            file(url)
        ),
        ConfigLoadError::Invalid(errors) => {
            format!("{} has problems: {}", ConfigFile::ConfigJson.name(), problems(errors))
        }
        ConfigLoadError::InvalidAmplifyOutputs(errors) => {
            format!("amplify_outputs.json (read because there is no config.json) has problems: {}", problems(errors))
        }
    }
}

/// A text without arguments.
fn text(t: Text) -> &'static str {
    match t {
        Text::SignIn => START.sign_in,
        Text::SigningIn => START.signing_in,
        Text::Loading => START.loading,
        Text::SignedOut => START.signed_out,
        Text::CreateAccount => START.create_account,
        Text::Account => START.account,
        Text::SigningYouIn => "Signing you in…",
        Text::RestoringSession => "Restoring your session…",
        Text::SigningYouOut => "Signing you out…",
        Text::SigningOut => "Signing out…",
        Text::SignOut => "Sign out",
        Text::SignInFailedTitle => "Sign-in did not complete",
        Text::SignedOutTitle => "You have been signed out",
        Text::TryAgain => "Try again",
        Text::SignInAgain => "Sign in again",
        Text::Reconnecting => "Reconnecting to the sign-in service…",
        Text::UnreachableTitle => "Signed in, but the sign-in service can't be reached",
        Text::UnreachableBody => {
            "Your session could not be renewed, so anything that needs your sign-in waits until the sign-in service answers again. This page keeps trying by itself."
        }
        Text::RetryNow => "Retry now",
        Text::ConfigErrorTitle => "Sign-in is not configured correctly",
        Text::LoginConfigErrorTitle => "This login page is not configured correctly",
        Text::SetupLink => "Open the setup checker",
        Text::SetupLinkAfter => " to find the cause.",
        Text::ApiConsole => "API console",
        Text::SignedInTitle => "You are signed in",
        Text::Email => "Email",
        Text::Username => "Username",
        Text::Groups => "Groups",
        Text::SignedInWith => "Signed in with",
        Text::SessionExpires => "Session expires",
        Text::NotShared => "(not shared)",
        Text::NoGroups => "none",
        Text::NotFoundTitle => "Page not found",
        Text::NotFoundBefore => "There is nothing at this address. ",
        Text::GoToStart => "Go to the start page",
        Text::NotFoundAfter => ".",
        Text::SignInToCallApi => "Sign in to call the API.",
        Text::ApiSessionExpired => "Your session has expired — sign in again.",
        Text::ApiNotRenewed => {
            "You are still signed in, but the sign-in service can't be reached, so your session could not be renewed and the call was not sent. It will work again once the service answers; this page keeps trying."
        }
        Text::Method => "Method",
        Text::ApiPath => "API path",
        Text::ApiBody => "Body (JSON, optional)",
        Text::Requests => "Requests",
        Text::OneAfterAnother => "One after another (measures the time per request)",
        Text::Send => "Send",
        Text::Sending => "Sending…",
        Text::WhoAmI => "Who am I",
        Text::AskTheApi => "Ask the API",
        Text::AskingTheApi => "Asking the API…",
        Text::SetupTitle => "Setup checker",
        Text::SetupIntro => {
            "What this page can check about your Cognito user pool and app client from the browser, and how to fix each problem."
        }
        Text::SetupConfiguration => "Configuration",
        Text::SetupUserPool => "User pool",
        Text::CheckingUserPool => "Checking the user pool…",
        Text::SetupUrls => "Callback and sign-out URLs",
        Text::TestSignIn => "Test sign-in",
        Text::TestSignInIntro => {
            "Runs the whole sign-in with a fresh login (prompt=login) and reports each stage."
        }
        Text::SetupConsole => "Checks to make in the Cognito console",
        Text::FatalTitle => "Something went wrong",
        Text::FatalBody => "This page hit an unexpected problem and stopped. Nothing was saved; reloading starts it again.",
        Text::ReloadPage => "Reload the page",
        Text::NotStarted => "This page could not be started. Check your connection and reload the page.",
    }
}
