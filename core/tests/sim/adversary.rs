//! A script of the same origin: it hears every message on the channel and
//! posts forged ones (docs/SESSION.md "What a script of the same origin can
//! still do"): replays of old sessions with flattering numbers, in answer
//! to a tab's `hello` or to everyone; `signedOut` with text; garbage; its
//! own `hello`; `refresh` floods; rarely a well-formed `signedOut`, which
//! does sign every tab out (a documented capability).

use serde_json::{json, Value};

use crate::rng::Rng;

pub struct Adversary {
    /// Forges `clockOffsetSecs` too (on unless `SIM_FORGE_OFFSET=0`).
    pub forge_offset: bool,
    /// Its own public key (it offers itself as a successor with it).
    pub key: String,
    /// Envelopes heard in hand-overs (replayed as garbage).
    envelopes: Vec<String>,
    /// Session messages heard, oldest first (at most 40).
    sessions: Vec<Value>,
    /// `hello` ids heard, newest last (at most 10).
    hellos: Vec<String>,
}

/// A forged message, and whether it is a well-formed `signedOut`.
pub struct Forged {
    pub text: String,
    pub signs_out: bool,
}

impl Default for Adversary {
    fn default() -> Adversary {
        let forge_offset = std::env::var("SIM_FORGE_OFFSET").map_or(true, |v| v != "0");
        let key = "PK.adversary".to_string();
        Adversary { forge_offset, key, envelopes: Vec::new(), sessions: Vec::new(), hellos: Vec::new() }
    }
}

impl Adversary {
    /// Hears a message posted on the channel.
    pub fn observe(&mut self, text: &str) {
        let Ok(v) = serde_json::from_str::<Value>(text) else { return };
        match v.get("type").and_then(Value::as_str) {
            Some("session") => {
                self.sessions.push(v);
                if self.sessions.len() > 40 {
                    self.sessions.remove(0);
                }
            }
            Some("handover") => {
                if let Some(e) = v.get("envelope").and_then(Value::as_str) {
                    self.envelopes.push(e.to_string());
                }
            }
            Some("hello") => {
                if let Some(id) = v.get("id").and_then(Value::as_str) {
                    self.hellos.push(id.to_string());
                    if self.hellos.len() > 10 {
                        self.hellos.remove(0);
                    }
                }
            }
            _ => {}
        }
    }

    fn addressee(&self, rng: &mut Rng) -> Value {
        match self.hellos.last() {
            Some(id) if rng.chance(0.6) => json!(id),
            _ => Value::Null,
        }
    }

    /// A replay of an older session: `remaining` and `lifetime` as given,
    /// the sender's offset or `offset`.
    fn replay(&self, rng: &mut Rng, remaining: f64, lifetime: i64, offset: Option<i64>) -> Option<String> {
        if self.sessions.is_empty() {
            return None;
        }
        // Prefer old ones: the first half of what was heard.
        let i = rng.index(self.sessions.len().div_ceil(2));
        let mut m = self.sessions[i].clone();
        m["to"] = self.addressee(rng);
        m["remainingSecs"] = json!(remaining);
        m["lifetimeSecs"] = json!(lifetime);
        if let Some(o) = offset {
            m["clockOffsetSecs"] = json!(o);
        }
        Some(m.to_string())
    }

    /// Something to post now.
    pub fn forge(&mut self, rng: &mut Rng) -> Forged {
        let plain = |text: String| Forged { text, signs_out: false };
        let text = match rng.range(0, 99) {
            0..=19 => self.replay(rng, 1e9, 1_000_000_000_000, None),
            20..=39 => self.replay(rng, 1e9, 3600, None),
            40..=49 if self.forge_offset => self.replay(rng, 1e9, 86_400, Some(-900)),
            40..=49 => self.replay(rng, 1e9, 3600, None),
            50..=59 => Some(json!({"type": "signedOut", "reason": "<img src=x onerror=alert(1)> Your session was hijacked"}).to_string()),
            60..=69 => Some(
                rng.pick(&[
                    "", "null", "{", "[]", r#"{"type":"session"}"#, r#"{"type":"hello","id":""}"#, r#"{"type":"hello"}"#,
                    r#"{"type":"session","to":null,"idToken":"a.b.c","accessToken":"a.b.c","remainingSecs":"NaN","lifetimeSecs":1,"clockOffsetSecs":0}"#,
                    r#"{"type":"session","to":null,"idToken":"x","accessToken":"y","remainingSecs":-1,"lifetimeSecs":-5,"clockOffsetSecs":99999999}"#,
                    r#"{"type":"signedOut","reason":{"code":"refused"}}"#,
                ])
                .to_string(),
            ),
            70..=74 => Some(json!({"type": "hello", "id": rng.hex(12)}).to_string()),
            75..=79 => Some(json!({"type": "successor", "id": format!("adv-{}", rng.hex(6)), "key": self.key}).to_string()),
            80..=84 => {
                let envelope = self.envelopes.last().cloned().unwrap_or_else(|| format!("ENV.{}", rng.hex(24)));
                Some(json!({"type": "handover", "to": rng.hex(8), "envelope": envelope}).to_string())
            }
            85..=94 => Some(json!({"type": "refresh"}).to_string()),
            _ => return Forged { text: json!({"type": "signedOut", "reason": null}).to_string(), signs_out: true },
        };
        plain(text.unwrap_or_else(|| json!({"type": "refresh"}).to_string()))
    }
}
