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

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use cognito_emulator::DEFAULT_USERNAME;
use e2e::size::{background_files, first_load, first_load_files, measure_files, FileSize};
use e2e::{dist_dir, Browser, Chromedriver, StaticApp};
use serde_json::{json, Value};

/// Records, in every document, when the "Sign in" button becomes usable and
/// when the signed-in header appears (ms since that document's navigation
/// start), and keeps the WebAssembly exports (for its memory).
const PROBE: &str = r#"(() => {
  const b = window.__bench = {};
  addEventListener("TrunkApplicationStarted", (e) => { b.wasm = e.detail.wasm; b.started = performance.now(); });
  const check = () => {
    if (b.signInReady === undefined) {
      const button = document.querySelector("header button");
      if (button && !button.disabled && button.textContent.trim() === "Sign in") b.signInReady = performance.now();
    }
    if (b.signedIn === undefined && document.querySelector("header .user")) b.signedIn = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();"#;

struct Args {
    runs: usize,
    calls: usize,
    out: PathBuf,
    twiggy: Option<PathBuf>,
    twiggy_landing: Option<PathBuf>,
    /// How long a user looks at the start page before pressing "Sign in".
    think_ms: u64,
}

fn args() -> Args {
    let mut a = Args {
        runs: 10,
        calls: 1000,
        out: PathBuf::from("target/bench"),
        twiggy: None,
        twiggy_landing: None,
        think_ms: 3000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--runs" => a.runs = value.parse().expect("--runs N"),
            "--calls" => a.calls = value.parse().expect("--calls N"),
            "--out" => a.out = value.into(),
            "--twiggy" => a.twiggy = Some(value.into()),
            "--twiggy-landing" => a.twiggy_landing = Some(value.into()),
            "--think-ms" => a.think_ms = value.parse().expect("--think-ms N"),
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

#[derive(Default)]
struct Run {
    sign_in_ready: f64,
    signed_in: f64,
    floor: f64,
    /// A second tab, reloaded while signed in: navigation start → signed-in
    /// view.
    reload_signed_in: f64,
    /// Where the first load's time goes (ms since navigation start).
    breakdown: Value,
}

/// When the first document's parts arrived: the WebAssembly download, the
/// app started (instantiated), config.json requested and answered.
const BREAKDOWN: &str = r#"
  const r = (part) => performance.getEntriesByType("resource").find((e) => e.name.includes(part));
  const wasm = r(".wasm"), config = r("config.json"), nav = performance.getEntriesByType("navigation")[0];
  const css = r(".css"), js = r("/landing-") ?? r("/cognito-login-");
  return { css_start: css && css.startTime, css_request: css && css.requestStart, css_done: css && css.responseEnd,
           js_start: js && js.startTime, js_done: js && js.responseEnd, html_done: nav.responseEnd, dom_content_loaded: nav.domContentLoadedEventEnd,
           wasm_start: wasm && wasm.startTime, wasm_done: wasm && wasm.responseEnd, app_started: window.__bench.started,
           config_start: config && config.startTime, config_done: config && config.responseEnd,
           ...Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name.replace(":", "_"), m.startTime])) };"#;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn stats(mut values: Vec<f64>) -> Value {
    let m = median(&mut values);
    json!({
        "median": round(m),
        "min": round(values.first().copied().unwrap_or(f64::NAN)),
        "max": round(values.last().copied().unwrap_or(f64::NAN)),
        "runs": values.len(),
    })
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

async fn number(b: &Browser, script: &str) -> Result<f64, String> {
    for _ in 0..200 {
        if let Some(v) = b.eval(script).await?.as_f64() {
            return Ok(v);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Err(format!("no value from {script}"))
}

/// The network time on the callback's critical path: the token exchange and
/// the JWKS, from the callback document's Resource Timing (merged where they
/// overlap).
const FLOOR: &str = r#"
  const spans = performance.getEntriesByType("resource")
    .filter((e) => e.name.includes("/oauth2/token") || e.name.includes("jwks.json"))
    .map((e) => [e.startTime, e.responseEnd]).sort((a, b) => a[0] - b[0]);
  let total = 0, end = -1;
  for (const [s, e] of spans) { if (s > end) { total += e - s; end = e; } else if (e > end) { total += e - end; end = e; } }
  return spans.length >= 2 ? total : null;"#;

async fn one_run(webdriver: &str, app: &StaticApp, think_ms: u64) -> Result<(Run, f64), String> {
    let b = Browser::open(webdriver).await;
    let result = async {
        b.add_script_to_new_documents(PROBE).await?;
        b.goto(&app.url("/")).await?;
        let sign_in_ready = number(&b, "return window.__bench.signInReady ?? null").await?;
        let breakdown = b.eval(BREAKDOWN).await?;
        tokio::time::sleep(Duration::from_millis(think_ms)).await;
        b.click("header button").await?;
        b.submit_login_form().await?;
        let signed_in = number(&b, "return window.__bench.signedIn ?? null").await?;
        let floor = number(&b, FLOOR).await?;
        let memory =
            number(&b, "return window.__bench.wasm ? window.__bench.wasm.memory.buffer.byteLength : null").await?;
        // A second tab (it gets the session from the first), reloaded.
        b.open_tab(&app.url("/")).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.add_script_to_new_documents(PROBE).await?;
        b.eval("location.reload(); return null").await?;
        let reload_signed_in = number(&b, "return window.__bench?.signedIn ?? null").await?;
        Ok((Run { sign_in_ready, signed_in, floor, reload_signed_in, breakdown }, memory))
    }
    .await;
    b.close().await;
    result
}

/// The floor page: a static `index.html` of the same size class with one
/// "Sign in" button and the app's stylesheet, no script, served the same way.
fn floor_page(dist: &std::path::Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cognito-login-floor-page-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("floor page directory");
    let index = std::fs::read_to_string(dist.join("index.html")).expect("dist/index.html");
    let css = first_load_files(&index).into_iter().find(|f| f.ends_with(".css")).expect("the app's stylesheet");
    std::fs::copy(dist.join(&css), dir.join(&css)).expect("copy the stylesheet");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    \
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n    <title>Sign in</title>\n    \
         <link rel=\"icon\" href=\"data:,\" />\n    <link rel=\"stylesheet\" href=\"/{css}\" />\n  </head>\n  <body>\n    \
         <header class=\"site-header\"><a class=\"brand\" href=\"/\"><span class=\"name\">Cognito Login</span></a>\
         <nav class=\"account\" aria-label=\"Account\"><button class=\"button primary\" type=\"button\">Sign in</button></nav></header>\n    \
         <main class=\"content\"><section class=\"card landing\"><h1>Cognito Login</h1><p>You are signed out.</p></section></main>\n  \
         </body>\n</html>\n"
    );
    std::fs::write(dir.join("index.html"), html).expect("floor index.html");
    dir
}

/// Navigation start → "Sign in" usable on `url` in a fresh browser.
async fn sign_in_ready(webdriver: &str, url: &str) -> Result<f64, String> {
    let b = Browser::open(webdriver).await;
    let result = async {
        b.add_script_to_new_documents(PROBE).await?;
        b.goto(url).await?;
        number(&b, "return window.__bench.signInReady ?? null").await
    }
    .await;
    b.close().await;
    result
}

/// Per-call time of `calls` sequential authenticated fetches (the API
/// console, "one after another") and of as many plain `fetch` calls to the
/// same endpoint, after a warm-up of each.
async fn fetch_overhead(webdriver: &str, app: &StaticApp, api: &str, calls: usize) -> Result<Value, String> {
    let b = Browser::open(webdriver).await;
    let result = async {
        b.goto(&app.url("/api")).await?;
        b.click("header button").await?;
        b.submit_login_form().await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.wait_for_text(".whoami .status", "HTTP 200").await?;
        let set = |css: &str, value: &str| {
            format!(
                "const i = document.querySelector('{css}'); i.value = '{value}'; \
                 i.dispatchEvent(new Event('input', {{ bubbles: true }})); return null"
            )
        };
        b.eval(&set("#api-path", "/ping")).await?;
        b.click("#api-sequential").await?;
        let mut per_auth = Vec::new();
        for n in [50, calls] {
            b.eval(&set("#api-parallel", &n.to_string())).await?;
            b.click_button("Send").await?;
            let expected = format!("{n} requests sent one after another: {n} succeeded");
            let summary = wait_long(&b, ".api-result .summary", &expected).await?;
            let each = summary
                .rsplit_once('(')
                .and_then(|(_, s)| s.split_once(" ms each"))
                .and_then(|(v, _)| v.parse::<f64>().ok())
                .ok_or_else(|| format!("cannot read the time per request from {summary:?}"))?;
            per_auth.push(each);
        }
        let timed = |init: &str| {
            format!(
                "const url = '{api}/ping'; const run = async (n) => {{ const t = performance.now(); \
                 for (let i = 0; i < n; i++) {{ const r = await fetch(url, {init}); await r.text(); }} \
                 return (performance.now() - t) / n; }}; await run(50); return await run({calls});"
            )
        };
        let plain = b.eval(&timed("{}")).await?.as_f64().ok_or("plain fetch timing missing")?;
        // The same request as the app's (an Authorization header, so a CORS
        // preflight, cached after the first), made by hand.
        let same = timed("{ headers: { Authorization: 'Bearer x' }, credentials: 'omit', cache: 'no-store' }");
        let by_hand = b.eval(&same).await?.as_f64().ok_or("fetch timing missing")?;
        let auth = per_auth[1];
        Ok(json!({
            "calls": calls,
            "authenticated_ms_per_call": round3(auth),
            "plain_ms_per_call": round3(plain),
            "plain_with_authorization_header_ms_per_call": round3(by_hand),
            "overhead_ms_per_call": round3(auth - plain),
            "overhead_over_same_request_by_hand_ms_per_call": round3(auth - by_hand),
        }))
    }
    .await;
    b.close().await;
    result
}

/// Like `wait_for_text`, for up to five minutes (a thousand calls).
async fn wait_long(b: &Browser, css: &str, text: &str) -> Result<String, String> {
    for _ in 0..3000 {
        if let Ok(Some(found)) = b
            .eval(&format!("const e = document.querySelector('{css}'); return e ? e.textContent : null"))
            .await
            .map(|v| v.as_str().map(String::from))
        {
            if found.contains(text) {
                return Ok(found);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("no {css} containing {text:?}"))
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Top functions and per-crate shares from `twiggy top` on a build that
/// keeps function names.
fn twiggy(named: &PathBuf) -> Result<Value, String> {
    let out = Command::new("twiggy")
        .args(["top", "-n", "1000000", "-f", "csv"])
        .arg(named)
        .output()
        .map_err(|e| format!("cannot run twiggy: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut items = Vec::new();
    for line in text.lines().skip(1) {
        // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent
        // (the name may hold commas, so read the numbers from the right).
        let fields: Vec<&str> = line.rsplitn(5, ',').collect();
        if fields.len() < 5 {
            continue;
        }
        let name = fields[4].trim_matches('"').to_string();
        let size: usize = fields[3].parse().unwrap_or(0);
        let name = name.replace("\"\"", "\"");
        if name.contains("custom section") || name.contains("function names") || name.starts_with("Σ") {
            continue;
        }
        items.push((name, size));
    }
    let total: usize = items.iter().map(|(_, s)| s).sum();
    let mut crates: BTreeMap<String, usize> = BTreeMap::new();
    for (name, size) in &items {
        *crates.entry(crate_of(name)).or_default() += size;
    }
    let mut crates: Vec<(String, usize)> = crates.into_iter().collect();
    crates.sort_by_key(|c| std::cmp::Reverse(c.1));
    items.sort_by_key(|i| std::cmp::Reverse(i.1));
    let pct = |s: usize| round(100.0 * s as f64 / total.max(1) as f64);
    Ok(json!({
        "code_and_data_bytes": total,
        "top_functions": items.iter().take(30).map(|(n, s)| json!({"name": n, "bytes": s, "percent": pct(*s)})).collect::<Vec<_>>(),
        "crates": crates.iter().take(25).map(|(n, s)| json!({"crate": n, "bytes": s, "percent": pct(*s)})).collect::<Vec<_>>(),
    }))
}

/// The crate a (demangled) symbol belongs to: the first path segment, after
/// `<`, `&`, `dyn ` and `impl `; data segments and unnamed code apart.
fn crate_of(name: &str) -> String {
    if name.starts_with("data[") || name.starts_with("data segment") {
        return "(data: strings, tables)".into();
    }
    let mut n = name.trim_start_matches(['<', '&', '*', ' ', '(']);
    for prefix in ["dyn ", "impl ", "mut ", "const "] {
        n = n.trim_start_matches(prefix);
    }
    let end = n.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(n.len());
    let first = &n[..end];
    match first {
        "" => "(other)".into(),
        "core" | "alloc" | "std" => format!("{first} (Rust std)"),
        "T" | "F" | "A" | "B" | "C" | "D" | "E" => "(generic impls)".into(),
        _ if first.starts_with("func") || first.starts_with("elem") || first.starts_with("code") => "(unnamed)".into(),
        _ => first.into(),
    }
}

/// The twiggy tables of one module, as Markdown.
fn twiggy_md(what: &str, t: &serde_json::Map<String, Value>) -> String {
    let mut md = format!(
        "\n### Where the WebAssembly bytes of {what} go (twiggy, release build with names kept; {} bytes of code and data)\n\n",
        t.get("code_and_data_bytes").cloned().unwrap_or_default()
    );
    md.push_str("| crate | bytes | share |\n|---|---:|---:|\n");
    for c in t.get("crates").and_then(Value::as_array).into_iter().flatten() {
        md.push_str(&format!("| `{}` | {} | {}% |\n", c["crate"].as_str().unwrap_or(""), c["bytes"], c["percent"]));
    }
    md.push_str("\n| top functions | bytes | share |\n|---|---:|---:|\n");
    for f in t.get("top_functions").and_then(Value::as_array).into_iter().flatten() {
        let name = f["name"].as_str().unwrap_or("").replace('|', "\\|");
        let short: String = name.chars().take(110).collect();
        md.push_str(&format!("| `{short}` | {} | {}% |\n", f["bytes"], f["percent"]));
    }
    md
}

fn size_table(sizes: &[FileSize]) -> (String, Value) {
    let mut md = String::from("| file | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for s in sizes {
        md.push_str(&format!("| `{}` | {} | {} | {} |\n", s.name, s.raw, s.gzip, s.brotli));
        raw += s.raw;
        gz += s.gzip;
        br += s.brotli;
    }
    md.push_str(&format!("| **total** | **{raw}** | **{gz}** | **{br}** |\n"));
    let files: Vec<Value> =
        sizes.iter().map(|s| json!({"file": s.name, "raw": s.raw, "gzip": s.gzip, "brotli": s.brotli})).collect();
    (md, json!({"files": files, "total": {"raw": raw, "gzip": gz, "brotli": br}}))
}

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

    let s = |v: &Value| format!("{} (min {}, max {}; {} runs)", v["median"], v["min"], v["max"], v["runs"]);
    let mut md = String::new();
    md.push_str("### First load of `/`: the critical path (every file requested before \"Sign in\" is usable)\n\n");
    md.push_str(&size_md);
    md.push_str("\n### Fetched in the background once \"Sign in\" is shown (the full app)\n\n");
    md.push_str(&background_md);
    md.push_str(&format!(
        "\nEverything the landing page downloads, background included: **{all_brotli}** bytes brotli.\n"
    ));
    md.push_str(&format!(
        "\nA real first load fetched before \"Sign in\" was usable: {}; afterwards: {}\n",
        fetched["critical"], fetched["background"]
    ));
    md.push_str("\n### Timings (headless Chromium, loopback, fresh browser each run; median, ms)\n\n");
    md.push_str("| measure | median (spread) |\n|---|---|\n");
    md.push_str(&format!(
        "| navigation start → \"Sign in\" interactive | {} |\n",
        s(&report["timings_ms"]["navigation_to_sign_in_interactive"])
    ));
    md.push_str(&format!(
        "| floor page (static HTML, one button, same server) → \"Sign in\" | {} |\n",
        s(&report["timings_ms"]["floor_page_navigation_to_sign_in"])
    ));
    md.push_str(&format!("| **\"Sign in\" usable ÷ floor page** (medians) | **{ready_ratio}** |\n"));
    md.push_str(&format!(
        "| second tab reloaded while signed in → signed-in view | {} |\n",
        s(&report["timings_ms"]["second_tab_reload_to_signed_in"])
    ));
    md.push_str(&format!(
        "| callback navigation start → signed-in view | {} |\n",
        s(&report["timings_ms"]["callback_to_signed_in"])
    ));
    md.push_str(&format!(
        "| floor: token exchange + JWKS on the critical path | {} |\n",
        s(&report["timings_ms"]["callback_floor_token_and_jwks"])
    ));
    md.push_str(&format!(
        "| **overhead = callback → signed in − floor** | {} |\n",
        s(&report["timings_ms"]["callback_overhead_over_floor"])
    ));
    md.push_str("\nFirst load, where the time goes (median ms since navigation start): ");
    let b = &report["timings_ms"]["first_load_breakdown"];
    md.push_str(&format!(
        "HTML received {}, CSS received {}, wasm-bindgen module received {}, wasm requested {} and received {}, \
         config.json requested {} and received {}, DOMContentLoaded {}, app started (wasm instantiated) {}; \
         the landing module: started {}, had config.json {}, the holder lock's state {}, drew \"Sign in\" {}.\n",
        b["html_done"]["median"],
        b["css_done"]["median"],
        b["js_done"]["median"],
        b["wasm_start"]["median"],
        b["wasm_done"]["median"],
        b["config_start"]["median"],
        b["config_done"]["median"],
        b["dom_content_loaded"]["median"],
        b["app_started"]["median"],
        b["landing_start"]["median"],
        b["landing_config"]["median"],
        b["landing_locks"]["median"],
        b["landing_drawn"]["median"]
    ));
    md.push_str("\n### Authenticated fetch\n\n");
    md.push_str(&format!(
        "{} sequential calls to the emulator's `/ping`: authenticated {} ms per call, plain `fetch` {} ms per call: \
         **overhead {} ms per call**. The same request made by hand (`fetch` with an `Authorization` header, \
         `credentials: 'omit'`, `cache: 'no-store'`): {} ms per call, so the app's own share is {} ms per call.\n",
        report["fetch"]["calls"],
        report["fetch"]["authenticated_ms_per_call"],
        report["fetch"]["plain_ms_per_call"],
        report["fetch"]["overhead_ms_per_call"],
        report["fetch"]["plain_with_authorization_header_ms_per_call"],
        report["fetch"]["overhead_over_same_request_by_hand_ms_per_call"]
    ));
    md.push_str(&format!("\n### Memory\n\nWebAssembly linear memory after sign-in: {memory_kib:.0} KiB.\n"));
    for (key, what) in [("twiggy_landing", "the landing module"), ("twiggy", "the full app")] {
        if let Some(t) = report[key].as_object() {
            md.push_str(&twiggy_md(what, t));
        }
    }
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
