//! `./x bench`: the performance report (Markdown + JSON) for the built
//! `dist/`: first-load sizes, where the WebAssembly bytes go (twiggy),
//! load and sign-in timings in headless Chromium against the emulator on
//! loopback with the unavoidable network time (the floor) measured in the
//! same runs, the authenticated fetch's overhead over a plain `fetch`, and
//! WebAssembly memory after sign-in. Not a test: timings vary.
//!
//! Usage: bench [--runs N] [--calls N] [--out DIR] [--twiggy NAMED_WASM] [--twiggy-landing NAMED_WASM]
//! [--think-ms N] (how long the simulated user looks at the start page before
//! pressing "Sign in", 3000 by default: the full app is fetched meanwhile).

mod args;
mod probes;
mod report;
mod runs;
mod stats;
mod twiggy;

use std::process::Command;
use std::time::Duration;

use e2e::size::{background_files, first_load, measure_files};
use e2e::{dist_dir, Browser, Chromedriver, StaticApp};
use serde_json::{json, Value};

use args::args;
use probes::PROBE;
use report::size_table;
use runs::{fetch_overhead, floor_page, one_run, sign_in_ready};
use stats::{round3, stats};
use twiggy::twiggy;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a = args();
    let driver = Chromedriver::start();
    let (app, emu) = StaticApp::with_emulator().await;
    // As deployed: the callback page finds the hashed files in the cache.
    app.set_production_caching(true);
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
    let floor_app = StaticApp::serve_dist(floor_dir, None).await;
    floor_app.set_production_caching(true);

    let mut runs = Vec::new();
    let mut memory = Vec::new();
    for i in 0..a.runs {
        match one_run(&driver.url, &app, a.think_ms).await {
            Ok((run, mem)) => {
                eprintln!(
                    "run {}: sign-in ready {:.1} ms, callback → signed in {:.1} ms (floor {:.1} ms)",
                    i + 1,
                    run.sign_in_ready,
                    run.signed_in,
                    run.floor
                );
                runs.push(run);
                memory.push(mem);
            }
            Err(e) => eprintln!("run {} failed: {e}", i + 1),
        }
    }
    let mut floor_page_ready = Vec::new();
    for i in 0..a.runs {
        match sign_in_ready(&driver.url, &floor_app.url("/")).await {
            Ok(t) => floor_page_ready.push(t),
            Err(e) => eprintln!("floor page run {} failed: {e}", i + 1),
        }
    }
    let api = emu.origins().api.clone();
    let fetch = fetch_overhead(&driver.url, &app, &api, a.calls).await.unwrap_or_else(|e| json!({"error": e}));
    let twiggy_landing =
        a.twiggy_landing.as_ref().map(twiggy).transpose().unwrap_or_else(|e| Some(json!({"error": e})));
    let twiggy = a.twiggy.as_ref().map(twiggy).transpose().unwrap_or_else(|e| Some(json!({"error": e})));

    let ready = stats(runs.iter().map(|r| r.sign_in_ready).collect());
    let floor_ready = stats(floor_page_ready.clone());
    let ready_ratio =
        round3(ready["median"].as_f64().unwrap_or(f64::NAN) / floor_ready["median"].as_f64().unwrap_or(f64::NAN));
    let reload = stats(runs.iter().map(|r| r.reload_signed_in).collect());
    let signed_in = stats(runs.iter().map(|r| r.signed_in).collect());
    let floor = stats(runs.iter().map(|r| r.floor).collect());
    let overhead = stats(runs.iter().map(|r| r.signed_in - r.floor).collect());
    let part = |k: &str| stats(runs.iter().filter_map(|r| r.breakdown[k].as_f64()).collect());
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
    let breakdown = Value::Object(breakdown);
    let memory_kib = memory.iter().copied().fold(0.0, f64::max) / 1024.0;
    let report = json!({
        "sizes": size_json,
        "background_sizes": background_json,
        "all_files_brotli": all_brotli,
        "first_load_fetched": fetched,
        "timings_ms": {
            "navigation_to_sign_in_interactive": ready,
            "floor_page_navigation_to_sign_in": floor_ready,
            "sign_in_interactive_over_floor_page_ratio": ready_ratio,
            "second_tab_reload_to_signed_in": reload,
            "callback_to_signed_in": signed_in,
            "callback_floor_token_and_jwks": floor,
            "callback_overhead_over_floor": overhead,
            "first_load_breakdown": breakdown,
        },
        "fetch": fetch,
        "wasm_memory_after_sign_in_kib": memory_kib,
        "twiggy": twiggy,
        "twiggy_landing": twiggy_landing,
        "chromium": Command::new("chromium").arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default(),
    });
    let md = report::markdown(&report, &size_md, &background_md, all_brotli, &fetched, ready_ratio, memory_kib);
    std::fs::create_dir_all(&a.out).expect("report directory");
    std::fs::write(a.out.join("report.md"), &md).expect("write report.md");
    std::fs::write(a.out.join("report.json"), serde_json::to_string_pretty(&report).unwrap())
        .expect("write report.json");
    println!("{md}");
    eprintln!("Report written to {}/report.md and report.json", a.out.display());
    drop(app);
    drop(emu);
    drop(driver);
}
