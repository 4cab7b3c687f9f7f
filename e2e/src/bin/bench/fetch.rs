//! The authenticated fetch's per-call time against a plain `fetch` and the
//! same request made by hand (the API console's "one after another" mode).

use cognito_emulator::DEFAULT_USERNAME;
use e2e::{Browser, StaticApp};
use serde_json::{json, Value};

use crate::probes::wait_long;
use crate::stats::round3;

/// Per-call time of `calls` sequential authenticated fetches (the API
/// console, "one after another") and of as many plain `fetch` calls to the
/// same endpoint, after a warm-up of each.
pub async fn fetch_overhead(webdriver: &str, app: &StaticApp, api: &str, calls: usize) -> Result<Value, String> {
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
