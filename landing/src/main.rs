//! The signed-out landing page as a module of its own: what the first load
//! of `/` carries. It shows "Sign in" and starts the sign-in by the same
//! rule as the full app's session machine (`auth::login::sign_in_request`),
//! without the view layer; whenever it
//! cannot finish on its own (a bad configuration, a session in another tab,
//! a sign-in that fails to start) it hands the page over to the full app,
//! which has every page and message (`core::session::landing`,
//! docs/PERFORMANCE.md "Landing page"). Once "Sign in" is shown, it asks
//! `boot.js` to fetch the full app in the background so the callback finds
//! it in the cache.

mod page;
mod platform;

use cognito_login_core::auth::endpoints::{discovery_url, Endpoints};
use cognito_login_core::auth::login::{sign_in_request, AuthorizeOptions, PENDING_LOGIN_RANDOM_BYTES};
use cognito_login_core::config::Config;
use cognito_login_core::session::landing::{self, Handover, Names, PREFETCH_APP_GLOBAL, START_APP_GLOBAL};
use cognito_login_core::words::start::{self, StartWords};
use cognito_login_platform::globals::call_global;
use cognito_login_platform::{clock, language, location, locks, random, storage};
use wasm_bindgen::JsValue;

/// How long a blank page may wait for `config.json` before it says
/// "Loading…", milliseconds.
const LOADING_AFTER_MS: i32 = 300;

fn main() {
    wasm_bindgen_futures::spawn_local(start());
}

async fn start() {
    clock::mark("landing:start");
    let page = location::page_location();
    // "Loading…" only if config.json is slow: drawing it at once costs the
    // usual case a frame before the answer is read (docs/PERFORMANCE.md).
    page::show_loading_after(start::words(language::without_config()), LOADING_AFTER_MS, &page.base_path);
    let held = locks::held_locks();
    let config = platform::config(&page).await;
    clock::mark("landing:config");
    let names = config.as_ref().map(|c| Names::new(&c.client_id, &page.base_path));
    let held = held.await;
    let held = held.map(|locks| names.as_ref().is_some_and(|n| locks.contains(&n.holder_lock)));
    clock::mark("landing:locks");
    if let Some(reason) = landing::on_load(config.is_some(), held) {
        return hand_over(reason);
    }
    let (Some(mut config), Some(names)) = (config, names) else { return };
    let words = start::words(language::settle(&mut config, None));
    let channel = names.channel.clone();
    page::show_landing(words, &config, &page.base_path, move |config: &Config, options: AuthorizeOptions| {
        let config = config.clone();
        let names = names.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if sign_in(words, config, &names, options).await.is_none() {
                hand_over(Handover::SignIn);
            }
        });
    });
    // A sibling that signs in (or out) talks on the channel: the full app
    // takes part in that conversation.
    platform::on_sibling_message(&channel, || hand_over(Handover::SiblingSpoke));
    clock::mark("landing:drawn");
    call_global(PREFETCH_APP_GLOBAL, &JsValue::UNDEFINED);
}

/// Starts a sign-in exactly as the full app does
/// ([`sign_in_request`]): the endpoints (discovery when `config.json` names
/// no domain), a fresh pending login in `sessionStorage`, then a top-level
/// navigation to the authorize URL. `None` when anything stops it (offline,
/// discovery, no randomness, storage): the full app takes over and starts
/// it again, so it shows the message (this module carries no words for
/// errors).
async fn sign_in(words: &StartWords, config: Config, names: &Names, mut options: AuthorizeOptions) -> Option<()> {
    page::show_redirecting(words);
    storage::set_marker(&names.setup_test, None);
    // Offline, leaving for the hosted UI would end on the browser's own
    // error page.
    if !location::is_online() {
        return None;
    }
    let endpoints = match Endpoints::from_config(&config) {
        Some(endpoints) => endpoints,
        None => {
            let url = discovery_url(&config.issuer);
            let document = platform::get(&url, config.network_timeout_seconds).await?;
            Endpoints::from_discovery(&url, &document, &config.issuer).ok()?
        }
    };
    let mut random = [0u8; PENDING_LOGIN_RANDOM_BYTES];
    random::fill_random(&mut random).ok()?;
    let return_path = location::app_path_here(&location::page_location().base_path);
    options.login_hint = location::query_param("login_hint");
    let (pending, url) = sign_in_request(&config, &endpoints, &random, clock::now_secs(), &return_path, &options);
    storage::save(&names.pending_login, &pending.to_json()).ok()?;
    location::navigate_to(&url).ok()
}

/// Hands the page over to the full app (`boot.js` starts it), saying why.
fn hand_over(reason: Handover) {
    call_global(START_APP_GLOBAL, &JsValue::from_str(reason.as_str()));
}
