//! The device a run stands for: the desktop this machine is (loopback, no
//! throttling), or a phone on a slow mobile network, emulated through the
//! DevTools protocol chromedriver exposes (`/session/{id}/goog/cdp/execute`).

use e2e::Browser;
use serde_json::json;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Profile {
    /// This machine as it is, the app on loopback.
    Desktop,
    /// CPU 4× slower, 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up (the
    /// figures of Lighthouse's mobile "Slow 4G"), files compressed as
    /// CloudFront serves them.
    Phone,
}

impl Profile {
    pub fn parse(name: &str) -> Profile {
        match name {
            "desktop" => Profile::Desktop,
            "phone" => Profile::Phone,
            other => panic!("--profile desktop|phone, not {other:?}"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::Desktop => "desktop",
            Profile::Phone => "phone",
        }
    }

    /// The report's file name in docs/bench/ (without `.md`/`.json`).
    pub fn report_name(self) -> &'static str {
        match self {
            Profile::Desktop => "latest",
            Profile::Phone => "phone",
        }
    }

    /// The CPU slow-down, latency (ms) and throughput down and up (bits/s).
    pub fn settings(self) -> Option<(f64, u64, u64, u64)> {
        match self {
            Profile::Desktop => None,
            Profile::Phone => Some((4.0, 150, 1_600_000, 750_000)),
        }
    }

    /// What the report says the runs stood for.
    pub fn describe(self) -> String {
        match self.settings() {
            None => {
                "desktop: this machine as it is, loopback, no throttling; files served as built (uncompressed)".into()
            }
            Some((cpu, latency, down, up)) => format!(
                "phone: CPU {cpu}× slower, {latency} ms latency, {} Mbit/s down, {} kbit/s up (Chromium's DevTools \
                 emulation: `Emulation.setCPUThrottlingRate`, `Network.emulateNetworkConditions`); files of 1,000 \
                 bytes or more served brotli-compressed, as CloudFront serves them",
                down as f64 / 1e6,
                up / 1000
            ),
        }
    }

    /// Throttles the browser's current tab (kept across its navigations).
    pub async fn apply(self, b: &Browser) -> Result<(), String> {
        let Some((rate, latency, down, up)) = self.settings() else { return Ok(()) };
        let conditions = json!({
            "offline": false,
            "latency": latency,
            "downloadThroughput": down / 8,
            "uploadThroughput": up / 8,
        });
        b.cdp("Network.enable", json!({})).await?;
        b.cdp("Network.emulateNetworkConditions", conditions).await?;
        b.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": rate })).await
    }
}
