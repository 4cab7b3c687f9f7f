//! `./x bench`: the performance report (Markdown + JSON) for the built
//! `dist/`: first-load sizes, where the WebAssembly bytes go (twiggy),
//! load and sign-in timings in headless Chromium against the emulator on
//! loopback with the unavoidable network time (the floor) measured in the
//! same runs, the authenticated fetch's overhead over a plain `fetch`, and
//! WebAssembly memory after sign-in. Not a test: timings vary.
//!
//! Usage: bench [--runs N] [--calls N] [--out DIR] [--twiggy NAMED_WASM] [--twiggy-landing NAMED_WASM]
//! [--think-ms N] [--profile desktop|phone]. `--think-ms`: how long the simulated user looks at the start
//! page before pressing "Sign in", 3000 by default (the full app is fetched meanwhile); every run is also
//! made with "Sign in" pressed at once. `--profile phone`: CPU 4× slower and a slow mobile network
//! (profile.rs). The report goes to DIR/latest.md and .json (desktop) or DIR/phone.md and .json.

mod args;
mod fetch;
mod pages;
mod probes;
mod profile;
mod report;
mod runs;
mod stats;
mod twiggy;

use std::future::Future;
use std::process::Command;
use std::time::Duration;

use e2e::size::{background_files, first_load, measure_files};
use e2e::{dist_dir, Browser, Chromedriver, StaticApp};
use serde_json::{json, Value};

use args::args;
use fetch::fetch_overhead;
use pages::floor_page;
use probes::PROBE;
use profile::Profile;
use report::size_table;
use runs::{sign_in_ready, sign_in_run, Opener, Press, Run};
use stats::{round3, stats};
use twiggy::twiggy;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a = args();
    let phone = a.profile == Profile::Phone;
    let driver = Chromedriver::start();
    let (app, emu) = StaticApp::with_emulator().await;
    // As deployed: the callback page finds the hashed files in the cache,
    // and on the phone's network the files come compressed.
    app.set_production_caching(true);
    app.set_compression(phone).await;
    let config = emu.app_config().to_string();
    let sizes = first_load(&dist_dir(), &config).expect("the built app");
    let (size_md, size_json) = size_table(&sizes);
    let index = std::fs::read_to_string(dist_dir().join("index.html")).expect("dist/index.html");
    let background = measure_files(&dist_dir(), &background_files(&index)).expect("the full app's files");
    let (background_md, background_json) = size_table(&background);
    let all_brotli: usize = sizes.iter().chain(&background).map(|s| s.brotli).sum();

    // What a real first load fetched before "Sign in" was usable (the
    // critical path), and what it fetched in the background afterwards, to
    // check the lists above.
    let b = Browser::open(&driver.url).await;
    b.add_script_to_new_documents(PROBE).await.expect("probe");
    b.goto(&app.url("/")).await.expect("load");
    b.wait_for_text("header button", "Sign in").await.expect("sign-in button");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let fetched = b
        .eval(
            "const ready = window.__bench.signInReady; const e = performance.getEntriesByType('resource'); \
             const name = (r) => r.name.split('/').pop(); \
             return { critical: e.filter((r) => r.startTime < ready).map(name), \
                      background: e.filter((r) => r.startTime >= ready).map(name) };",
        )
        .await
        .expect("resource entries");
    b.close().await;
    let floor_dir = floor_page(&dist_dir());
    let floor_app = StaticApp::serve_dist(floor_dir.clone(), None).await;
    floor_app.set_production_caching(true);
    floor_app.set_compression(phone).await;
    // The page each measured browser shows first, on another site.
    let warm_app = StaticApp::serve_dist(floor_dir, None).await;
    let opener = Opener {
        webdriver: driver.url.clone(),
        warm_up: warm_app.url("/").replace("localhost", "127.0.0.1"),
        profile: a.profile,
    };

    // The measures interleaved, run by run, so a change in the machine's
    // load touches them alike.
    let (mut looked, mut at_once) = (Vec::new(), Vec::new());
    let (mut floor_ready, mut floor_cold, mut start_cold) = (Vec::new(), Vec::new(), Vec::new());
    for i in 1..=a.runs {
        let think = Press::After(a.think_ms);
        if let Some(r) = attempt(i, "looked first", sign_in_run(&opener, &app, think)).await {
            eprintln!(
                "run {i}: sign-in ready {:.1} ms, callback → signed in {:.1} ms (floor {:.1} ms)",
                r.sign_in_ready.unwrap_or(f64::NAN),
                r.signed_in,
                r.floor
            );
            looked.push(r);
        }
        if let Some(r) = attempt(i, "pressed at once", sign_in_run(&opener, &app, Press::AtOnce)).await {
            eprintln!(
                "run {i}: pressed at once, callback → signed in {:.1} ms (floor {:.1} ms, full app {} bytes transferred)",
                r.signed_in, r.floor, r.full_app_transferred
            );
            at_once.push(r);
        }
        floor_ready.extend(attempt(i, "floor page", sign_in_ready(&opener, &floor_app.url("/"), true)).await);
        floor_cold.extend(attempt(i, "floor page, cold", sign_in_ready(&opener, &floor_app.url("/"), false)).await);
        start_cold.extend(attempt(i, "start page, cold", sign_in_ready(&opener, &app.url("/"), false)).await);
    }
    let fetch = match a.profile {
        Profile::Desktop => {
            let api = emu.origins().api.clone();
            fetch_overhead(&driver.url, &app, &api, a.calls).await.unwrap_or_else(|e| json!({"error": e}))
        }
        Profile::Phone => Value::Null,
    };
    let twiggy_landing =
        a.twiggy_landing.as_ref().map(twiggy).transpose().unwrap_or_else(|e| Some(json!({"error": e})));
    let twiggy = a.twiggy.as_ref().map(twiggy).transpose().unwrap_or_else(|e| Some(json!({"error": e})));

    let ready = stats(looked.iter().filter_map(|r| r.sign_in_ready).collect());
    let floor_page_ready = stats(floor_ready);
    let ready_ratio =
        round3(ready["median"].as_f64().unwrap_or(f64::NAN) / floor_page_ready["median"].as_f64().unwrap_or(f64::NAN));
    let part = |k: &str| stats(looked.iter().filter_map(|r| r.breakdown[k].as_f64()).collect());
    let keys = [
        "html_done",
        "css_start",
        "css_request",
        "css_done",
        "js_start",
        "js_done",
        "wasm_start",
        "wasm_done",
        "config_start",
        "config_done",
    ];
    let mut breakdown = serde_json::Map::new();
    let marks = ["landing_start", "landing_config", "landing_locks", "landing_drawn"];
    for k in keys.into_iter().chain(["dom_content_loaded", "app_started"]).chain(marks) {
        breakdown.insert(k.to_string(), part(k));
    }
    let all_runs = || looked.iter().chain(&at_once);
    let memory_kib = all_runs().map(|r| r.memory).fold(0.0, f64::max) / 1024.0;
    let cpu_before = stats(all_runs().map(|r| r.cpu_loop.0).collect());
    let cpu_after = stats(all_runs().map(|r| r.cpu_loop.1).collect());
    let cpu_ratio =
        round3(cpu_after["median"].as_f64().unwrap_or(f64::NAN) / cpu_before["median"].as_f64().unwrap_or(f64::NAN));
    let report = json!({
        "profile": { "name": a.profile.name(), "description": a.profile.describe() },
        "sizes": size_json,
        "background_sizes": background_json,
        "all_files_brotli": all_brotli,
        "first_load_fetched": fetched,
        "timings_ms": {
            "navigation_to_sign_in_interactive": ready,
            "floor_page_navigation_to_sign_in": floor_page_ready,
            "sign_in_interactive_over_floor_page_ratio": ready_ratio,
            "just_started_browser": {
                "navigation_to_sign_in_interactive": stats(start_cold),
                "floor_page_navigation_to_sign_in": stats(floor_cold),
            },
            "second_tab_reload_to_signed_in": stats(looked.iter().filter_map(|r| r.reload_signed_in).collect()),
            "callback_to_signed_in": stats(looked.iter().map(|r| r.signed_in).collect()),
            "callback_floor_token_and_jwks": stats(looked.iter().map(|r| r.floor).collect()),
            "callback_overhead_over_floor": stats(looked.iter().map(|r| r.signed_in - r.floor).collect()),
            "callback_full_app_transferred_bytes": transferred(&looked),
            "pressed_at_once": {
                "callback_to_signed_in": stats(at_once.iter().map(|r| r.signed_in).collect()),
                "callback_floor_token_and_jwks": stats(at_once.iter().map(|r| r.floor).collect()),
                "callback_overhead_over_floor": stats(at_once.iter().map(|r| r.signed_in - r.floor).collect()),
                "callback_full_app_transferred_bytes": transferred(&at_once),
            },
            "first_load_breakdown": Value::Object(breakdown),
            "cpu_loop": { "before_profile": cpu_before, "signed_in_page": cpu_after, "ratio": cpu_ratio },
        },
        "think_ms": a.think_ms,
        "fetch": fetch,
        "wasm_memory_after_sign_in_kib": memory_kib,
        "twiggy": twiggy,
        "twiggy_landing": twiggy_landing,
        "chromium": Command::new("chromium").arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default(),
    });
    let md = report::markdown(&report, &size_md, &background_md);
    std::fs::create_dir_all(&a.out).expect("report directory");
    let name = a.profile.report_name();
    std::fs::write(a.out.join(format!("{name}.md")), &md).expect("write the Markdown report");
    std::fs::write(a.out.join(format!("{name}.json")), serde_json::to_string_pretty(&report).unwrap())
        .expect("write the JSON report");
    println!("{md}");
    eprintln!("Report written to {}/{name}.md and {name}.json", a.out.display());
    drop(app);
    drop(floor_app);
    drop(warm_app);
    drop(emu);
    drop(driver);
}

/// The result of run `i` of `what`, or `None` (said on stderr) when it failed.
async fn attempt<T>(i: usize, what: &str, run: impl Future<Output = Result<T, String>>) -> Option<T> {
    run.await.map_err(|e| eprintln!("run {i} ({what}) failed: {e}")).ok()
}

/// The full app's bytes transferred by the callback documents of `runs`,
/// and in how many of them any came over the network.
fn transferred(runs: &[Run]) -> Value {
    let from_network = runs.iter().filter(|r| r.full_app_transferred > 0.0).count();
    let mut v = stats(runs.iter().map(|r| r.full_app_transferred).collect());
    v["runs_from_network"] = json!(from_network);
    v
}
