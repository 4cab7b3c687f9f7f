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
/// `size_md` and `background_md` and the values it prints as measured.
pub fn markdown(
    report: &Value,
    size_md: &str,
    background_md: &str,
    all_brotli: usize,
    fetched: &Value,
    ready_ratio: f64,
    memory_kib: f64,
) -> String {
    let s = |v: &Value| format!("{} (min {}, max {}; {} runs)", v["median"], v["min"], v["max"], v["runs"]);
    let mut md = String::new();
    md.push_str("### First load of `/`: the critical path (every file requested before \"Sign in\" is usable)\n\n");
    md.push_str(size_md);
    md.push_str("\n### Fetched in the background once \"Sign in\" is shown (the full app)\n\n");
    md.push_str(background_md);
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
    md
}
