//! The pages in the user's language (included by browser.rs): a browser
//! that prefers German gets German pages, `<html lang="de">` and
//! `lang=de` on the authorize request; every language's pages pass
//! accessibility checks and fit a phone's width.

use cognito_emulator::{Emulator, DEFAULT_USERNAME};
use cognito_login_core::auth::callback::parse_callback;
use cognito_login_core::auth::AuthError;
use cognito_login_core::words::{start, Language, Text, Words};
use e2e::{with_browser, with_browser_preferring, Browser, StaticApp};

use super::TestResult;

/// Fails unless `<html lang>` is `code`.
async fn has_lang(b: &Browser, code: &str) -> TestResult {
    let lang = b.eval("return document.documentElement.lang").await?;
    match lang.as_str() {
        Some(l) if l == code => Ok(()),
        other => Err(format!("<html lang> is {other:?}, not {code:?}")),
    }
}

/// The `lang` of the last authorize request the emulator saw.
fn authorize_lang(emulator: &Emulator) -> Option<String> {
    let log = emulator.pool().request_log();
    log.iter().rev().find(|r| r.path == "/oauth2/authorize").and_then(|r| r.params.get("lang").cloned())
}

pub async fn a_german_browser_gets_german_pages_and_lang_de_photographed(webdriver: String) -> TestResult {
    let (app, emulator) = StaticApp::with_emulator().await;
    let (de, en) = (Words::new(Language::German), Words::new(Language::English));
    let start = start::words(Language::German);
    for text in [Text::SignIn, Text::SignedOut, Text::SignedInTitle, Text::SetupTitle, Text::SignInFailedTitle] {
        if de.text(text) == en.text(text) {
            return Err(format!("the German catalogue says {text:?} in English: {}", de.text(text)));
        }
    }
    let cancelled = de.explain(&AuthError::Callback(parse_callback("error=access_denied&state=s").unwrap_err()));
    with_browser_preferring(&webdriver, "de-DE,de", async |b| {
        b.goto(&app.url("/")).await?;
        let preferred = b.eval("return navigator.languages.join(',')").await?;
        if !preferred.as_str().is_some_and(|p| p.starts_with("de")) {
            return Err(format!("the browser does not prefer German: navigator.languages = {preferred}"));
        }
        // The start page (the landing module).
        b.wait_for_text(".landing", start.signed_out).await?;
        has_lang(b, "de").await?;
        b.check_accessibility("German start").await?;
        b.screenshot("landing-de").await?;

        // "Anmelden" goes to managed login with lang=de.
        b.wait_for_text("header button", start.sign_in).await?;
        b.click("header button").await?;
        b.element("input#password").await?;
        match authorize_lang(&emulator) {
            Some(lang) if lang == "de" => {}
            other => return Err(format!("the authorize request's lang is {other:?}, not \"de\"")),
        }

        // The user cancels there: the alert (the full app) is German.
        let state = e2e::state_in(&b.url().await?)?;
        b.goto(&app.url(&format!("/callback?error=access_denied&state={state}"))).await?;
        let alert = b.wait_for_text("[role=alert]", &cancelled.title).await?;
        for part in [&cancelled.body, &cancelled.next_step, &cancelled.action] {
            if !alert.contains(part.as_str()) {
                return Err(format!("the alert lacks {part:?}: {alert}"));
            }
        }
        has_lang(b, "de").await?;
        b.check_accessibility("German sign-in error").await?;

        // "Erneut versuchen" (or whatever the catalogue says): signed in.
        b.click_button(&cancelled.action).await?;
        b.submit_login_form().await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.click("a.brand").await?;
        let home = b.wait_for_text("main", &de.text(Text::SignedInTitle)).await?;
        for label in [Text::Email, Text::Groups, Text::SessionExpires] {
            if !home.contains(&de.text(label)) {
                return Err(format!("the signed-in view lacks {:?}: {home}", de.text(label)));
            }
        }
        has_lang(b, "de").await?;
        b.check_accessibility("German signed-in home").await?;
        b.screenshot("signed-in-de").await?;

        // The setup checker.
        b.goto(&app.url("/setup")).await?;
        b.wait_for_text("main h1", &de.text(Text::SetupTitle)).await?;
        b.wait_for_text("main", &de.text(Text::SetupUserPool)).await?;
        has_lang(b, "de").await?;
        b.check_accessibility("German setup checker").await
    })
    .await
}

/// What does not fit the window's width, as "tag: text" lines: the page
/// itself scrolling sideways, and every visible element reaching past the
/// right edge (a word too long for its button, a heading that cannot wrap).
const OVERFLOWING: &str = "const width = document.documentElement.clientWidth;\
     const out = [...document.querySelectorAll('body *')].filter(e => {\
       const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })\
       .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 80));\
     if (document.documentElement.scrollWidth > width + 1) out.unshift('the page scrolls sideways');\
     return out.join('\\n')";

/// Fails unless [`OVERFLOWING`] finds nothing on the page, after checking
/// that it would find a word too wide for a phone.
async fn fits(b: &Browser, what: &str) -> TestResult {
    let found = b.eval(OVERFLOWING).await?;
    if found.as_str().is_some_and(|o| !o.is_empty()) {
        return Err(format!("{what}: does not fit a phone's width:\n{}", found.as_str().unwrap_or_default()));
    }
    let probe = "const s = document.createElement('span'); s.id = 'too-wide'; s.style.whiteSpace = 'nowrap';\
         s.textContent = 'Anmeldedienstkonfigurationsüberprüfungsergebnisse'.repeat(3); document.body.append(s);";
    b.eval(&format!("{probe} return true")).await?;
    let caught = b.eval(OVERFLOWING).await?;
    b.eval("document.getElementById('too-wide').remove(); return true").await?;
    if caught.as_str().is_none_or(|o| !o.contains("SPAN")) {
        return Err(format!("{what}: the width check missed a word too wide for a phone: {caught}"));
    }
    Ok(())
}

pub async fn every_language_is_accessible_and_fits_a_phone(webdriver: String) -> TestResult {
    for language in Language::ALL {
        let settings = serde_json::json!({ "language": language.code(), "signUp": true });
        let (app, _emulator) = StaticApp::with_emulator_setup(|_| {}, settings).await;
        let words = Words::new(language);
        with_browser(&webdriver, async |b| {
            let phone = serde_json::json!({ "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true });
            b.cdp("Emulation.setDeviceMetricsOverride", phone).await?;
            for (path, shows) in
                [("/", start::words(language).signed_out.to_string()), ("/setup", words.text(Text::SetupTitle))]
            {
                b.goto(&app.url(path)).await?;
                b.wait_for_text("main", &shows).await.map_err(|e| format!("{language:?}: {e}"))?;
                has_lang(b, language.code()).await.map_err(|e| format!("{language:?} {path}: {e}"))?;
                b.check_accessibility(&format!("{language:?} {path}")).await?;
                fits(b, &format!("{language:?} {path}")).await?;
            }
            Ok(())
        })
        .await?;
    }
    Ok(())
}
