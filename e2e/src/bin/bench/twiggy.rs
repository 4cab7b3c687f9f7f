//! Where the WebAssembly bytes go: `twiggy top` on a build that keeps
//! function names, by function and by crate, and its Markdown tables.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};

use crate::stats::round;

/// Top functions and per-crate shares from `twiggy top` on a build that
/// keeps function names.
pub fn twiggy(named: &PathBuf) -> Result<Value, String> {
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
pub fn crate_of(name: &str) -> String {
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
pub fn twiggy_md(what: &str, t: &serde_json::Map<String, Value>) -> String {
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
