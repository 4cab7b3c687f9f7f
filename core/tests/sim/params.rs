//! What one schedule's world is like: drawn from its seed (every knob at
//! random), or written by hand for a scenario (everything calm).

use cognito_login_core::config::{Config, PageLocation};

use crate::rng::Rng;

pub const POOL: &str = "us-east-1_Test";
pub const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test";
pub const DOMAIN: &str = "https://login.auth.us-east-1.amazoncognito.com";
pub const CLIENT: &str = "client1";
pub const ORIGIN: &str = "http://localhost:8585";
pub const API: &str = "https://api.example.com";

/// The knobs of one schedule.
#[derive(Debug, Clone)]
pub struct Params {
    /// Simulated length.
    pub minutes: u64,
    /// At most this many tabs open at once.
    pub max_tabs: usize,
    /// Tabs open at the start.
    pub initial_tabs: usize,
    /// No `domain` in the configuration: the endpoints come from discovery.
    pub discovery: bool,
    /// The discovery document has no revocation or logout endpoint.
    pub old_discovery: bool,
    pub restore_on_reload: bool,
    pub margin: Option<i64>,
    pub timeout_secs: u32,
    /// Access and ID token lifetime (`expires_in`).
    pub lifetime_secs: i64,
    /// Refresh-token rotation: each refresh issues a new refresh token and
    /// the old one answers `invalid_grant`.
    pub rotation: bool,
    /// A refreshed ID token carries a newer `auth_time`.
    pub auth_time_moves: bool,
    pub at_hash: bool,
    /// The device's wall clock minus the provider's, ms.
    pub skew_ms: i64,
    /// Occasional wall-clock jumps (NTP corrections), up to this much each.
    pub jump_ms: i64,
    /// Channel delay per message: usually up to `chan_ms`, sometimes
    /// (`chan_slow`) up to five seconds.
    pub chan_ms: u64,
    pub chan_slow: bool,
    /// HTTP latency range.
    pub lat_min: u64,
    pub lat_max: u64,
    /// Chance of a fault per request.
    pub fault_rate: f64,
    /// Outages: minutes in which most requests fail.
    pub outages: bool,
    /// Web Locks exist (else `QueryHolder` answers `None`).
    pub web_locks: bool,
    /// Chance that the user walks away from the hosted UI's form.
    pub walk_away: f64,
    /// Chance that an interactive sign-in is bob's instead of alice's.
    pub bob: f64,
    pub adversary: bool,
    pub revoke_all: bool,
    pub disable: bool,
    pub cookie_expiry: bool,
    /// Staged key rotation (new keys published, used, old ones dropped).
    pub key_rotation: bool,
    /// Emergency key rotation: old keys dropped at once.
    pub key_emergency: bool,
    /// An administrator changes the token lifetime.
    pub lifetime_change: bool,
    pub offline: bool,
    pub freeze: bool,
    /// Timers may fire up to 1 ms before their delay by the page's clock.
    pub early_timers: bool,
    /// Mean time between user actions, seconds.
    pub user_every_s: f64,
    /// Mean time between tab actions (open, close, reload, freeze), seconds.
    pub tabs_every_s: f64,
    /// Signature checks take this long, ms.
    pub verify_ms: (u64, u64),
    /// Web Lock queries take this long, ms.
    pub query_ms: (u64, u64),
    /// Chance that a closing tab gets no `pagehide` (a crash, a discard).
    pub crash: f64,
    /// WebCrypto has ECDH (`MakeKey` answers).
    pub ecdh: bool,
    /// Random actions at all (off for hand-written scenarios).
    pub random: bool,
    /// Invariant 8 (a closed tab never makes another navigate) even when
    /// `SIM_HANDOVER=0`.
    pub check_handover: bool,
}

impl Params {
    /// A calm world: no faults, short delays, nothing at random.
    pub fn calm() -> Params {
        Params {
            minutes: 30,
            max_tabs: 6,
            initial_tabs: 0,
            discovery: false,
            old_discovery: false,
            restore_on_reload: true,
            margin: None,
            timeout_secs: 15,
            lifetime_secs: 600,
            rotation: true,
            auth_time_moves: false,
            at_hash: true,
            skew_ms: 0,
            jump_ms: 0,
            chan_ms: 20,
            chan_slow: false,
            lat_min: 50,
            lat_max: 50,
            fault_rate: 0.0,
            outages: false,
            web_locks: true,
            walk_away: 0.0,
            bob: 0.0,
            adversary: false,
            revoke_all: false,
            disable: false,
            cookie_expiry: false,
            key_rotation: false,
            key_emergency: false,
            lifetime_change: false,
            offline: false,
            freeze: false,
            early_timers: false,
            user_every_s: 60.0,
            tabs_every_s: 120.0,
            verify_ms: (1, 1),
            query_ms: (2, 2),
            crash: 0.0,
            ecdh: true,
            random: false,
            check_handover: false,
        }
    }

    /// Every knob drawn from `rng`.
    pub fn draw(rng: &mut Rng, minutes: u64) -> Params {
        let max_tabs = rng.range(1, 6) as usize;
        let wide_clock = rng.chance(0.2);
        let lat_max = rng.pick(&[60, 150, 250, 400]);
        Params {
            minutes,
            max_tabs,
            initial_tabs: rng.range(1, max_tabs as u64) as usize,
            discovery: rng.chance(0.2),
            old_discovery: rng.chance(0.05),
            restore_on_reload: rng.chance(0.9),
            margin: if rng.chance(0.2) { Some(rng.pick(&[0, 5, 30, 120, 600])) } else { None },
            timeout_secs: rng.pick(&[5, 10, 15]),
            lifetime_secs: rng.pick(&[300, 300, 600, 900, 1800, 3600]),
            rotation: rng.chance(0.5),
            auth_time_moves: rng.chance(0.3),
            at_hash: rng.chance(0.7),
            skew_ms: rng.signed(if wide_clock { 240_000 } else { 60_000 }),
            jump_ms: if rng.chance(0.2) { 30_000 } else { 0 },
            chan_ms: rng.pick(&[5, 50, 300]),
            chan_slow: rng.chance(0.1),
            lat_min: 20,
            lat_max,
            fault_rate: rng.pick(&[0.0, 0.03, 0.1, 0.3]),
            outages: rng.chance(0.15),
            web_locks: rng.chance(0.9),
            walk_away: rng.pick(&[0.0, 0.0, 0.1, 0.3]),
            bob: if rng.chance(0.2) { 0.3 } else { 0.0 },
            adversary: rng.chance(0.3),
            revoke_all: rng.chance(0.1),
            disable: rng.chance(0.1),
            cookie_expiry: rng.chance(0.2),
            key_rotation: rng.chance(0.15),
            key_emergency: rng.chance(0.05),
            lifetime_change: rng.chance(0.15),
            offline: rng.chance(0.15),
            freeze: rng.chance(0.4),
            early_timers: rng.chance(0.2),
            user_every_s: rng.pick(&[15.0, 40.0, 90.0]),
            tabs_every_s: rng.pick(&[30.0, 90.0, 240.0]),
            verify_ms: (0, rng.pick(&[1, 5, 50, 300])),
            query_ms: (1, rng.pick(&[2, 20])),
            crash: if rng.chance(0.3) { 0.1 } else { 0.0 },
            ecdh: rng.chance(0.95),
            random: true,
            check_handover: false,
        }
    }

    /// The app's configuration for this world.
    pub fn config(&self) -> Config {
        let mut json = format!(r#"{{"userPoolId":"{POOL}","clientId":"{CLIENT}","apiBaseUrl":"{API}""#);
        if !self.discovery {
            json.push_str(&format!(r#","domain":"{DOMAIN}""#));
        }
        if !self.restore_on_reload {
            json.push_str(r#","restoreOnReload":false"#);
        }
        if let Some(m) = self.margin {
            json.push_str(&format!(r#","refreshMarginSeconds":{m}"#));
        }
        json.push_str(&format!(r#","networkTimeoutSeconds":{}}}"#, self.timeout_secs));
        let page = PageLocation { origin: ORIGIN.into(), base_path: "/".into() };
        Config::from_json(&json, &page).expect("the simulated configuration is valid")
    }

    /// How far past its `exp` (by the provider's clock) a token may still
    /// be scheduled as usable: the network's latency (a token's lifetime
    /// starts when it arrives), whole-second clocks, and the wall-clock
    /// jumps a sibling's offset estimate may be off by. With the adversary:
    /// also the device clock's own error, because a forged offset is never
    /// believed further than this device's clock (the machine has no other
    /// reading of the provider's clock for a token it did not fetch).
    pub fn tolerance_ms(&self, jumped_ms: i64) -> i64 {
        let device = if self.adversary { self.skew_ms.abs() } else { 0 };
        self.lat_max as i64 + 2_000 + jumped_ms + device
    }
}
