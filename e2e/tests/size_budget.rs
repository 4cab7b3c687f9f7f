//! The size budgets (deterministic, unlike timings), in bytes brotli, of
//! `dist/` as built by `trunk build --release --offline`: the first load's
//! critical path (everything `/` transfers before "Sign in" is usable, plus
//! a typical `config.json`), the full app (fetched in the background), and
//! their total, against `docs/size-budget.txt`. Budgets only go down;
//! docs/PERFORMANCE.md keeps their history.

use e2e::dist_dir;
use e2e::size::{background_files, first_load, full_app, parse_budgets, FileSize, TYPICAL_CONFIG};

fn budgets() -> Vec<(&'static str, usize)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/size-budget.txt");
    let text = std::fs::read_to_string(path).expect("docs/size-budget.txt");
    parse_budgets(&text).unwrap_or_else(|e| panic!("docs/size-budget.txt: {e}"))
}

fn brotli(files: &[FileSize]) -> usize {
    files.iter().map(|s| s.brotli).sum()
}

#[test]
fn the_build_fits_its_size_budgets() {
    let critical = first_load(&dist_dir(), TYPICAL_CONFIG).expect("the release build in dist/");
    let full = full_app(&dist_dir()).expect("the full app's files in dist/");
    let measured = [brotli(&critical), brotli(&full), brotli(&critical) + brotli(&full)];
    let budgets = budgets();
    let mut table = format!("  {:<15} {:>9} {:>9}\n", "budget", "measured", "budget");
    for ((name, budget), measured) in budgets.iter().zip(measured) {
        let verdict = if measured <= *budget { "" } else { "  OVER" };
        table.push_str(&format!("  {name:<15} {measured:>9} {budget:>9}{verdict}\n"));
    }
    table.push_str(&format!("\n  {:<45} {:>8} {:>8}\n", "file", "raw", "brotli"));
    for s in critical.iter().chain(&full) {
        table.push_str(&format!("  {:<45} {:>8} {:>8}\n", s.name, s.raw, s.brotli));
    }
    let over: Vec<&str> = budgets.iter().zip(measured).filter(|((_, b), m)| m > b).map(|((n, _), _)| *n).collect();
    assert!(over.is_empty(), "over the size budget ({}) in docs/size-budget.txt:\n{table}", over.join(", "));

    for kind in [".wasm", ".js", ".css", "index.html", "config.json"] {
        assert!(critical.iter().any(|s| s.name.ends_with(kind)), "no {kind} among the first-load files:\n{table}");
    }
    // The split is in force: the full app is not preloaded, it follows in the
    // background (a build without the post_build hook would preload both).
    let index = std::fs::read_to_string(dist_dir().join("index.html")).expect("dist/index.html");
    let background = background_files(&index);
    assert!(
        background.iter().any(|f| f.ends_with(".wasm")) && !critical.iter().any(|s| background.contains(&s.name)),
        "the full app must be linked inertly and not preloaded: background {background:?}\n{table}"
    );
    println!("bytes brotli, as built:\n{table}");
}
