//! The report in Markdown: the size tables and the text around the
//! measurements (the JSON report is assembled in main.rs).

use e2e::size::FileSize;
use serde_json::{json, Value};

use crate::twiggy::twiggy_md;

pub fn size_table(sizes: &[FileSize]) -> (String, Value) {
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

/// The Markdown report for `report` (the JSON one), with the size tables
/// `size_md` and `background_md`.
pub fn markdown(report: &Value, size_md: &str, background_md: &str) -> String {
    let s = |v: &Value| format!("{} (min {}, max {}; {} runs)", v["median"], v["min"], v["max"], v["runs"]);
    let t = &report["timings_ms"];
    let mut md = format!("Profile: {}.\n\n", report["profile"]["description"].as_str().unwrap_or("?"));
    md.push_str("### First load of `/`: the critical path (every file requested before \"Sign in\" is usable)\n\n");
    md.push_str(size_md);
    md.push_str("\n### Fetched in the background once \"Sign in\" is shown (the full app)\n\n");
    md.push_str(background_md);
    md.push_str(&format!(
        "\nEverything the landing page downloads, background included: **{}** bytes brotli.\n",
        report["all_files_brotli"]
    ));
    let fetched = &report["first_load_fetched"];
    md.push_str(&format!(
        "\nA real first load fetched before \"Sign in\" was usable: {}; afterwards: {}\n",
        fetched["critical"], fetched["background"]
    ));
    md.push_str(
        "\n### Timings (headless Chromium, loopback, fresh browser each run, warmed by a page of another site \
         first unless said; median, ms)\n\n",
    );
    md.push_str("| measure | median (spread) |\n|---|---|\n");
    let mut row = |what: &str, v: String| md.push_str(&format!("| {what} | {v} |\n"));
    row("navigation start → \"Sign in\" interactive", s(&t["navigation_to_sign_in_interactive"]));
    row("floor page (static HTML, one button, same server) → \"Sign in\"", s(&t["floor_page_navigation_to_sign_in"]));
    row(
        "**\"Sign in\" usable ÷ floor page** (medians)",
        format!("**{}**", t["sign_in_interactive_over_floor_page_ratio"]),
    );
    let cold = &t["just_started_browser"];
    row(
        "in a just-started browser: navigation start → \"Sign in\" interactive",
        s(&cold["navigation_to_sign_in_interactive"]),
    );
    row("in a just-started browser: floor page → \"Sign in\"", s(&cold["floor_page_navigation_to_sign_in"]));
    row("second tab reloaded while signed in → signed-in view", s(&t["second_tab_reload_to_signed_in"]));
    let looked = format!("after looking at the start page {} s", report["think_ms"].as_f64().unwrap_or(0.0) / 1000.0);
    let at_once = &t["pressed_at_once"];
    for (when, v) in [(looked.as_str(), t), ("\"Sign in\" pressed at once", at_once)] {
        row(&format!("{when}: callback navigation start → signed-in view"), s(&v["callback_to_signed_in"]));
        row(
            &format!("{when}: floor (token exchange + JWKS on the critical path)"),
            s(&v["callback_floor_token_and_jwks"]),
        );
        row(&format!("{when}: **overhead = callback → signed in − floor**"), s(&v["callback_overhead_over_floor"]));
        let bytes = &v["callback_full_app_transferred_bytes"];
        row(
            &format!("{when}: full app bytes the callback transferred (0: from the cache)"),
            format!(
                "{} (over the network in {} of {} runs)",
                bytes["median"], bytes["runs_from_network"], bytes["runs"]
            ),
        );
    }
    let cpu = &t["cpu_loop"];
    if report["profile"]["name"] != "desktop" {
        md.push_str(&format!(
        "\nA fixed JavaScript loop took {} ms on the signed-in page against {} ms on the first page before the profile \
         was applied (medians): **{}×** (the CPU slow-down in force after the sign-in's navigations).\n",
        cpu["signed_in_page"]["median"], cpu["before_profile"]["median"], cpu["ratio"]
    ));
    }
    md.push_str("\nFirst load, where the time goes (median ms since navigation start): ");
    let b = &t["first_load_breakdown"];
    md.push_str(&format!(
        "HTML received {}, CSS requested {} (sent {}) and received {}, wasm-bindgen module received {}, wasm \
         requested {} and received {}, config.json requested {} and received {}, DOMContentLoaded {}, app started \
         (wasm instantiated) {}; the landing module: started {}, had config.json {}, the holder lock's state {}, \
         drew \"Sign in\" {}.\n",
        b["html_done"]["median"],
        b["css_start"]["median"],
        b["css_request"]["median"],
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
    if report["fetch"].is_null() {
        md.push_str("\n### Authenticated fetch\n\nNot measured under this profile.\n");
    } else {
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
    }
    let memory_kib = report["wasm_memory_after_sign_in_kib"].as_f64().unwrap_or(f64::NAN);
    md.push_str(&format!("\n### Memory\n\nWebAssembly linear memory after sign-in: {memory_kib:.0} KiB.\n"));
    for (key, what) in [("twiggy_landing", "the landing module"), ("twiggy", "the full app")] {
        if let Some(t) = report[key].as_object() {
            md.push_str(&twiggy_md(what, t));
        }
    }
    md
}
