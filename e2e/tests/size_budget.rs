//! The size budget (deterministic, unlike timings): the brotli total of
//! everything the first load of `/` transfers (`dist/` as built by
//! `trunk build --release --offline`, plus a typical `config.json`) must not
//! exceed the budget in `docs/size-budget.txt`. The budget only goes down;
//! docs/PERFORMANCE.md keeps its history.

use e2e::dist_dir;
use e2e::size::{background_files, first_load, TYPICAL_CONFIG};

fn budget() -> usize {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/size-budget.txt");
    let text = std::fs::read_to_string(path).expect("docs/size-budget.txt");
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("docs/size-budget.txt names the budget in bytes on its first non-comment line")
}

#[test]
fn first_load_fits_the_size_budget() {
    let sizes = first_load(&dist_dir(), TYPICAL_CONFIG).expect("the release build in dist/");
    let total: usize = sizes.iter().map(|s| s.brotli).sum();
    let table: Vec<String> = sizes.iter().map(|s| format!("  {:<45} {:>8} {:>8}", s.name, s.raw, s.brotli)).collect();
    let budget = budget();
    assert!(
        total <= budget,
        "the first load is {total} bytes brotli, over the budget of {budget} (docs/size-budget.txt):\n{}",
        table.join("\n")
    );
    for kind in [".wasm", ".js", ".css", "index.html", "config.json"] {
        assert!(sizes.iter().any(|s| s.name.ends_with(kind)), "no {kind} among the first-load files: {table:?}");
    }
    // The split is in force: the full app is not preloaded, it follows in the
    // background (a build without the post_build hook would preload both).
    let index = std::fs::read_to_string(dist_dir().join("index.html")).expect("dist/index.html");
    let background = background_files(&index);
    assert!(
        background.iter().any(|f| f.ends_with(".wasm")) && !sizes.iter().any(|s| background.contains(&s.name)),
        "the full app must be linked inertly and not preloaded: first load {table:?}, background {background:?}"
    );
    println!("first load: {total} bytes brotli (budget {budget})\n{}", table.join("\n"));
}
