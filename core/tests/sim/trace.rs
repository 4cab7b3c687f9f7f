//! The trace of a schedule: one line per event and effect, tokens shown as
//! their family and time to `exp` (`F3a-120s`: family 3's access token,
//! expired two minutes ago), refresh tokens by their serial.

use cognito_login_core::auth::state::AuthState;
use cognito_login_core::form::decode_pairs;
use cognito_login_core::session::machine::{Effect, Event, Request};
use serde_json::Value;

use crate::provider::{now_secs, Provider, REFRESH_MARK};

#[derive(Default)]
pub struct Trace {
    pub on: bool,
    /// Print each line as it comes (`SIM_SEED`).
    pub echo: bool,
    pub lines: Vec<String>,
}

impl Trace {
    pub fn off() -> Trace {
        Trace::default()
    }

    pub fn on(echo: bool) -> Trace {
        Trace { on: true, echo, lines: Vec::new() }
    }

    pub fn add(&mut self, now: u64, line: String) {
        let line = format!("{:>10.3} {line}", now as f64 / 1000.0);
        if self.echo {
            println!("{line}");
        }
        self.lines.push(line);
    }

    pub fn tail(&self, n: usize) -> String {
        self.lines[self.lines.len().saturating_sub(n)..].join("\n")
    }
}

/// A token, briefly.
pub fn tok(p: &Provider, token: &str, now: u64) -> String {
    if let Some(info) = p.token(token) {
        let kind = if info.access { 'a' } else { 'i' };
        return format!("F{}{kind}{:+}s", info.family, info.exp - now_secs(now));
    }
    if token.starts_with(REFRESH_MARK) {
        let serial = token.split('-').nth(2).unwrap_or("?");
        return format!("RT{serial}");
    }
    "?token".into()
}

/// The access token of a `session` message.
pub fn access_of(text: &str) -> Option<String> {
    let v: Value = serde_json::from_str(text).ok()?;
    (v.get("type")?.as_str()? == "session").then(|| v.get("accessToken")?.as_str().map(str::to_string))?
}

/// A channel message, briefly.
pub fn message(p: &Provider, text: &str, now: u64) -> String {
    let Ok(v) = serde_json::from_str::<Value>(text) else { return format!("{:?}", truncate(text, 60)) };
    if v.get("type").and_then(Value::as_str) != Some("session") {
        return truncate(text, 100);
    }
    let s = |k: &str| v.get(k).map(|x| x.to_string()).unwrap_or_default();
    let access = v.get("accessToken").and_then(Value::as_str).map_or("-".into(), |a| tok(p, a, now));
    format!(
        "session to={} access={access} remaining={} lifetime={} offset={}",
        s("to"),
        s("remainingSecs"),
        s("lifetimeSecs"),
        s("clockOffsetSecs")
    )
}

fn truncate(text: &str, n: usize) -> String {
    if text.len() <= n {
        text.to_string()
    } else {
        let mut end = n;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &text[..end])
    }
}

/// A request, briefly.
pub fn request(r: &Request) -> String {
    match r {
        Request::Get(url) => format!("GET {}", url.rsplit('/').next().unwrap_or(url)),
        Request::Form(f) => {
            let pairs = decode_pairs(&f.body);
            let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
            let rt = |t: &str| t.split('-').nth(2).map_or("?".to_string(), |s| format!("RT{s}"));
            if f.url.ends_with("/revoke") {
                format!("POST revoke {}", rt(get("token")))
            } else if get("grant_type") == "refresh_token" {
                format!("POST token refresh {}", rt(get("refresh_token")))
            } else {
                format!("POST token {}", get("grant_type"))
            }
        }
    }
}

/// A state, briefly.
pub fn state(p: &Provider, s: &AuthState, now: u64) -> String {
    match s {
        AuthState::SignedIn(s) => {
            let rt = s.tokens.refresh_token.as_ref().map_or("-".into(), |r| tok(p, r.secret(), now));
            format!("SignedIn({} {} rt={rt})", s.claims.username, tok(p, s.tokens.access_token.secret(), now))
        }
        AuthState::Failed(e) => format!("Failed({})", truncate(&format!("{e:?}"), 90)),
        other => format!("{other:?}"),
    }
}

/// An event, briefly.
pub fn event(p: &Provider, e: &Event, now: u64) -> String {
    match e {
        Event::Load(l) => format!(
            "Load {}{} {:?}",
            l.pathname,
            truncate(&l.query, 20),
            (l.stored.signed_in, &l.stored.restore_attempt)
        ),
        Event::User(u) => format!("User {}", truncate(&format!("{u:?}"), 60)),
        Event::Answer { ticket, answer } => {
            let what = match answer {
                Ok(a) => {
                    let body = serde_json::from_str::<Value>(&a.body).ok();
                    let tokens = body.as_ref().and_then(|b| b.get("access_token")?.as_str().map(|t| tok(p, t, now)));
                    let rt = body.as_ref().and_then(|b| b.get("refresh_token")?.as_str().map(|t| tok(p, t, now)));
                    match tokens {
                        Some(t) => format!("200 tokens {t} rt={}", rt.unwrap_or("-".into())),
                        None => format!("{} {} ra={:?}", a.status, truncate(&a.body, 50), a.retry_after_secs),
                    }
                }
                Err(e) => format!("{e:?}"),
            };
            format!("Answer #{} {what}", ticket.0)
        }
        Event::ApiAnswer { ticket, answer } => {
            format!("ApiAnswer #{} {:?}", ticket.0, answer.as_ref().map(|a| a.status))
        }
        Event::Verified { ticket, result } => format!("Verified #{} {result:?}", ticket.0),
        Event::Holder { ticket, held } => format!("Holder #{} {held:?}", ticket.0),
        Event::Timer(t) => format!("Timer {t:?}"),
        Event::Message(text) => format!("Message {}", message(p, text, now)),
        Event::Wake => "Wake".into(),
        Event::RedirectFailed(e) => format!("RedirectFailed {e:?}"),
        Event::KeyMade(key) => format!("KeyMade {key}"),
        Event::Sealed { ticket, envelope } => format!("Sealed #{} {envelope:?}", ticket.0),
        Event::Opened { ticket, secret } => {
            format!("Opened #{} {}", ticket.0, secret.as_ref().map_or("-".into(), |s| tok(p, &s.0, now)))
        }
        Event::Closing => "Closing (pagehide)".into(),
    }
}

/// An effect, briefly.
pub fn effect(p: &Provider, e: &Effect, now: u64) -> String {
    match e {
        Effect::Send { ticket, request: r } => format!("Send #{} {}", ticket.0, request(r)),
        Effect::CallApi { ticket, bearer, .. } => format!("CallApi #{} bearer {}", ticket.0, tok(p, &bearer.0, now)),
        Effect::Verify { ticket, key, .. } => format!("Verify #{} {:?}", ticket.0, key.kid),
        Effect::SetTimer { timer, delay_ms } => format!("SetTimer {timer:?} {delay_ms:.1}"),
        Effect::CancelTimer(t) => format!("CancelTimer {t:?}"),
        Effect::Post(text) => format!("Post {}", message(p, text, now)),
        Effect::HoldHolder => "HoldHolder".into(),
        Effect::ReleaseHolder => "ReleaseHolder".into(),
        Effect::QueryHolder { ticket } => format!("QueryHolder #{}", ticket.0),
        Effect::Store { key, value } => format!("Store {key:?}={:?}", value.as_deref().map(|v| truncate(v, 12))),
        Effect::Redirect { url, .. } => format!("Redirect {}", truncate(url, 70)),
        Effect::GoTo(path) => format!("GoTo {path}"),
        Effect::ClearQuery => "ClearQuery".into(),
        Effect::MakeKey => "MakeKey".into(),
        Effect::Seal { ticket, to, secret } => format!("Seal #{} {} to {to}", ticket.0, tok(p, &secret.0, now)),
        Effect::Open { ticket, envelope } => format!("Open #{} {envelope}", ticket.0),
        Effect::Show(s) => format!("Show {}", state(p, s, now)),
        Effect::ShowRenewal(r) => format!("ShowRenewal {}", truncate(&format!("{r:?}"), 70)),
        Effect::ApiDone { call, result } => {
            format!("ApiDone {} {}", call.0, truncate(&format!("{:?}", result.as_ref().map(|a| a.status)), 70))
        }
        Effect::TokenDone { call, result } => {
            format!("TokenDone {} {}", call.0, if result.is_ok() { "token" } else { "error" })
        }
        Effect::SignInFinished(r) => format!("SignInFinished ok={}", r.is_ok()),
    }
}
