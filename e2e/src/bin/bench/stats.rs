//! Medians and rounding for the report.

use serde_json::{json, Value};

pub fn median(values: &mut [f64]) -> f64 {
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

pub fn stats(mut values: Vec<f64>) -> Value {
    let m = median(&mut values);
    json!({
        "median": round(m),
        "min": round(values.first().copied().unwrap_or(f64::NAN)),
        "max": round(values.last().copied().unwrap_or(f64::NAN)),
        "runs": values.len(),
    })
}

pub fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

pub fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}
