//! Subresource Integrity (included by browser.rs; docs/SECURITY.md "Content
//! Security Policy"): each module is downloaded once and checked, and one
//! changed file stops the page whichever page loads first.

use e2e::size::{background_files, first_load_files};
use e2e::{dist_dir, wait_until, with_browser, Browser, StaticApp, WAIT};

use super::TestResult;

/// What the page says when it cannot start (boot.js, and index.html's
/// static message when boot.js itself never runs).
const REFUSED: &str = "This page could not be started";

fn is_module(path: &str, name: &str, ext: &str) -> bool {
    path.starts_with(&format!("/{name}-")) && path.ends_with(ext)
}

/// The WebAssembly and the wasm-bindgen module are each downloaded once
/// (through the preload, with its integrity), on the start page (the landing
/// module hands over to the full app, which explains the missing
/// config.json) and on a page that starts the full app (which checks the
/// landing module's preloaded files without downloading them again).
pub async fn each_module_is_downloaded_once(webdriver: String) -> TestResult {
    let app = StaticApp::serve(None).await;
    with_browser(&webdriver, async |b| {
        let once = |page: &str, times: usize| {
            for name in ["landing", "cognito-login"] {
                for ext in ["_bg.wasm", ".js"] {
                    let served = app.served_matching(|p| is_module(p, name, ext));
                    if served != times {
                        return Err(format!("after {page}: {name}…{ext} was downloaded {served} times, not {times}"));
                    }
                }
            }
            Ok(())
        };
        b.goto(&app.url("/")).await?;
        b.wait_for_text("[role=alert]", "config.json was not found").await?;
        once("/", 1)?;
        b.goto(&app.url("/setup")).await?;
        b.wait_for_text("[role=alert]", "config.json was not found").await?;
        b.wait_for_running("app").await?;
        once("/setup", 2)
    })
    .await
}

/// The five files that run, with their names in `dist/`.
fn files_that_run(index: &str) -> Result<Vec<(&'static str, String)>, String> {
    let mut names = first_load_files(index);
    names.extend(background_files(index));
    let find = |prefix: &str, end: &str| {
        names
            .iter()
            .find(|n| n.starts_with(prefix) && n.ends_with(end))
            .cloned()
            .ok_or_else(|| format!("no {prefix}…{end} linked from index.html: {names:?}"))
    };
    Ok(vec![
        ("the landing module's wasm-bindgen module", find("landing-", ".js")?),
        ("the landing module's WebAssembly", find("landing-", "_bg.wasm")?),
        ("the full app's wasm-bindgen module", find("cognito-login-", ".js")?),
        ("the full app's WebAssembly", find("cognito-login-", "_bg.wasm")?),
        ("boot.js", find("boot-", ".js")?),
    ])
}

/// Opens `page`, which must refuse to start: it says so, the full app never
/// draws, no "Sign in" is left to press, and nothing reaches the emulator
/// (Cognito and the API).
async fn refused(b: &Browser, app: &StaticApp, emu: &cognito_emulator::Emulator, page: &str, case: &str) -> TestResult {
    let before = emu.pool().request_log().len();
    b.goto(&app.url(page)).await?;
    b.wait_for_text("[role=alert]", REFUSED).await.map_err(|e| format!("{case}: {e}"))?;
    let state = b
        .eval("return [document.documentElement.dataset.running ?? 'nothing', document.querySelectorAll('button').length]")
        .await?;
    if state[0] == "app" || state[1] != 0 {
        return Err(format!("{case}: the page went on ([running, buttons] = {state}): {}", b.body_text().await));
    }
    let sent: Vec<String> = emu.pool().request_log().iter().skip(before).map(|r| r.path.clone()).collect();
    if !sent.is_empty() {
        return Err(format!("{case}: the page sent {sent:?} to the emulator"));
    }
    Ok(())
}

/// The tamper matrix (docs/SECURITY.md): each file that runs (both
/// modules' wasm-bindgen module and WebAssembly, and boot.js) is served
/// changed, one at a time, through the start page, the callback and a deep
/// link: each time the page refuses it and shows the friendly error page
/// (boot.js's; for boot.js itself, index.html's static message), and
/// nothing is sent to Cognito or the API. The change is the last byte: a
/// script's final newline (still whitespace) and a byte the WebAssembly
/// still validates with, so without the check each file would run.
///
/// Controls: unchanged, the start page runs and keeps "Sign in" once the
/// full app's background check passed; a page without `modulepreload` links
/// (as a browser without `modulepreload` sees it) still starts, and still
/// refuses a changed module; an empty integrity value is refused.
pub async fn a_changed_file_is_refused_whichever_page_loads_first(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    let index = std::fs::read_to_string(dist_dir().join("index.html")).map_err(|e| e.to_string())?;
    let files = files_that_run(&index)?;
    for (what, name) in &files {
        let bytes = std::fs::read(dist_dir().join(name)).map_err(|e| format!("{name}: {e}"))?;
        if name.ends_with(".js") && bytes.last() != Some(&b'\n') {
            return Err(format!("{what} ({name}) does not end in a newline: the change would not be harmless"));
        }
    }
    let pages = ["/", "/callback?code=c0de&state=st4te", "/api"];
    with_browser(&webdriver, async |b| {
        // Opens the start page: "Sign in" shows, the full app is checked in
        // the background, and "Sign in" stays.
        let sign_in_stays = async |case: &str| -> TestResult {
            let full = |p: &str| is_module(p, "cognito-login", "_bg.wasm") || is_module(p, "cognito-login", ".js");
            let before = app.served_matching(full);
            b.goto(&app.url("/")).await?;
            b.wait_for_text("header button", "Sign in").await.map_err(|e| format!("{case}: {e}"))?;
            wait_until("the full app's background check", WAIT, || app.served_matching(full) >= before + 2).await?;
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            b.wait_for_text("header button", "Sign in").await.map_err(|e| format!("{case}, after the check: {e}"))?;
            Ok(())
        };
        sign_in_stays("unchanged").await?;

        // Every case runs; the failures are reported together.
        let mut failures = Vec::new();
        for (what, name) in &files {
            app.tamper_with(Some(&format!("/{name}")));
            for page in pages {
                let case = format!("{what} changed, through {page}");
                let asked = app.served(name);
                let mut outcome = refused(b, &app, &emu, page, &case).await;
                if outcome.is_ok() && app.served(name) == asked {
                    outcome = Err(format!("{case}: the page never asked for {name}"));
                }
                match outcome {
                    Ok(()) => println!("refused: {case}"),
                    Err(e) => failures.push(e),
                }
            }
            if name.ends_with(".wasm") {
                let script = format!(
                    "const done = arguments[0]; fetch('/{name}', {{ cache: 'no-store' }}).then(r => r.arrayBuffer())\
                     .then(b => done(WebAssembly.validate(b)), e => done(String(e)));"
                );
                let valid = b.client.execute_async(&script, vec![]).await.map_err(|e| e.to_string())?;
                if valid != serde_json::json!(true) {
                    return Err(format!(
                        "the changed {name} is no valid WebAssembly ({valid}): the check proves nothing"
                    ));
                }
            }
        }
        app.tamper_with(None);
        if !failures.is_empty() {
            return Err(format!("{} of 15 cases did not fail closed:\n{}", failures.len(), failures.join("\n")));
        }

        // A browser without `modulepreload`: the link stays (boot.js reads
        // it) but `media="not all"` keeps the browser from acting on it, so
        // only boot.js's module script, with its integrity, loads and checks
        // the landing module's wasm-bindgen module.
        let landing_js = &files[0].1;
        let preload = "<link rel=\"modulepreload\"";
        if index.matches(preload).count() != 1 {
            return Err(format!("expected one {preload}> in index.html"));
        }
        app.set_index_html(Some(index.replace(preload, &format!("{preload} media=\"not all\""))));
        sign_in_stays("without modulepreload, unchanged").await?;
        let initiators = b
            .eval(&format!(
                "return performance.getEntriesByType('resource').filter(r => r.name.endsWith('/{landing_js}')).map(r => r.initiatorType)"
            ))
            .await?;
        if initiators != serde_json::json!(["script"]) {
            return Err(format!("without modulepreload, {landing_js} was requested by {initiators}, not once by a script"));
        }
        app.tamper_with(Some(&format!("/{landing_js}")));
        refused(b, &app, &emu, "/", "without modulepreload, the landing module's wasm-bindgen module changed").await?;
        app.tamper_with(None);

        // An empty integrity value checks nothing: refused, on the start
        // page (the full app's, in the background) and on the callback.
        for (rel, page) in [("x-app-module", pages[0]), ("x-app-wasm", pages[1])] {
            let (before, after) = index.split_once(&format!("<link rel=\"{rel}\"")).ok_or(format!("no {rel} link"))?;
            let (tag, rest) = after.split_once('>').ok_or("an unclosed link")?;
            let at =
                tag.find(" integrity=\"").ok_or(format!("no integrity on the {rel} link"))? + " integrity=\"".len();
            let end = at + tag[at..].find('"').ok_or("an unclosed integrity value")?;
            let emptied = format!("{before}<link rel=\"{rel}\"{}{}>{rest}", &tag[..at], &tag[end..]);
            app.set_index_html(Some(emptied));
            refused(b, &app, &emu, page, &format!("an empty integrity on the {rel} link, through {page}")).await?;
        }
        app.set_index_html(None);
        Ok(())
    })
    .await
}
