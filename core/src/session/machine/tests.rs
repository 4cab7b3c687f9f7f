//! Native tests of one machine and the review's findings; the many-tab
//! simulator (core/tests/sim/) covers time and interleavings.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::json;

use super::*;
use crate::auth::state::AuthState;
use crate::config::PageLocation;
use crate::session::tabs::TabMessage;

const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test";
const CLIENT: &str = "client1";
const NOW: i64 = 1_700_000_000;

fn config() -> Config {
    let page = PageLocation { origin: "https://app.example.com".into(), base_path: "/".into() };
    let text = format!(
        r#"{{"userPoolId":"us-east-1_Test","clientId":"{CLIENT}","domain":"https://login.auth.us-east-1.amazoncognito.com","issuer":"{ISSUER}"}}"#
    );
    Config::from_json(&text, &page).expect("valid")
}

/// A JWT whose signature the test itself declares good.
fn jwt(kid: &str, claims: serde_json::Value) -> String {
    let b = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.{}", b(json!({"alg":"RS256","kid":kid})), b(claims), URL_SAFE_NO_PAD.encode(b"sig"))
}

fn tokens(sub: &str, iat: i64, lifetime: i64) -> (String, String) {
    let access = jwt(
        "access-key",
        json!({"sub":sub,"iss":ISSUER,"client_id":CLIENT,"token_use":"access","exp":iat+lifetime,"iat":iat,"auth_time":NOW-10}),
    );
    let id = jwt(
        "id-key",
        json!({"sub":sub,"iss":ISSUER,"aud":CLIENT,"token_use":"id","exp":iat+lifetime,"iat":iat,"auth_time":NOW-10}),
    );
    (id, access)
}

const JWKS: &str = r#"{"keys":[{"kty":"RSA","kid":"id-key","n":"AQAB","e":"AQAB"},{"kty":"RSA","kid":"access-key","n":"AQAB","e":"AQAB"}]}"#;

/// A machine and its clocks; every effect it emits is kept.
struct Tab {
    m: Machine,
    mono_ms: f64,
    wall_secs: i64,
    effects: Vec<Effect>,
}

impl Tab {
    fn new() -> Tab {
        Tab { m: Machine::new(config()), mono_ms: 1000.0, wall_secs: NOW, effects: Vec::new() }
    }

    fn env(&self) -> Env {
        Env { mono_ms: self.mono_ms, wall_secs: self.wall_secs, online: true, random: Some([7; 32]), here: "/".into() }
    }

    /// Feeds `event`, then answers keys and signature checks (all good)
    /// until the machine asks nothing more of them.
    fn feed(&mut self, event: Event) {
        let env = self.env();
        self.m.handle(env, event);
        loop {
            let effects: Vec<Effect> = self.m.drain().collect();
            if effects.is_empty() {
                break;
            }
            for e in effects {
                let answer = match &e {
                    Effect::Send { ticket, request: Request::Get(url) } if url.ends_with("jwks.json") => {
                        Some(Event::Answer { ticket: *ticket, answer: Ok(HttpAnswer::new(200, JWKS)) })
                    }
                    Effect::Verify { ticket, .. } => Some(Event::Verified { ticket: *ticket, result: Ok(true) }),
                    _ => None,
                };
                self.effects.push(e);
                if let Some(a) = answer {
                    let env = self.env();
                    self.m.handle(env, a);
                }
            }
        }
    }

    fn hello_id(&self) -> String {
        self.effects
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::Post(text) => match TabMessage::parse(text) {
                    Some(TabMessage::Hello { id }) => Some(id),
                    _ => None,
                },
                _ => None,
            })
            .expect("a hello")
    }

    fn load(&mut self) {
        let load = Load { pathname: "/".into(), query: String::new(), stored: Stored::default(), sign_in_now: false };
        self.feed(Event::Load(load));
    }

    fn session(&self) -> Option<Arc<Session>> {
        self.m.session().cloned()
    }
}

use crate::auth::state::Session;
use crate::io::HttpAnswer;

fn session_message(to: Option<&str>, id: &str, access: &str, remaining: f64, lifetime: i64) -> String {
    json!({"type":"session","to":to,"idToken":id,"accessToken":access,"remainingSecs":remaining,
        "lifetimeSecs":lifetime,"clockOffsetSecs":0})
    .to_string()
}

/// A signed-out tab that took a session from a sibling's answer.
fn adopted(iat: i64, lifetime: i64) -> Tab {
    let mut tab = Tab::new();
    tab.load();
    let hello = tab.hello_id();
    let (id, access) = tokens("alice", iat, lifetime);
    tab.feed(Event::Message(session_message(Some(&hello), &id, &access, lifetime as f64, lifetime)));
    assert!(tab.session().is_some(), "adopted: {:?}", tab.m.state());
    tab
}

#[test]
fn a_siblings_remaining_time_is_bounded_by_the_tokens_own_exp() {
    let mut tab = Tab::new();
    tab.load();
    let hello = tab.hello_id();
    // Issued 3400 s ago for an hour: 200 s left, whatever the sender says.
    let (id, access) = tokens("alice", NOW - 3400, 3600);
    tab.feed(Event::Message(session_message(Some(&hello), &id, &access, 3600.0, 3600)));
    let s = tab.session().expect("adopted");
    assert!(s.tokens.lifetime.expires_at_ms <= tab.mono_ms + 200_000.0, "{:?}", s.tokens.lifetime);
}

#[test]
fn nonsense_lifetimes_and_expired_tokens_are_refused() {
    for (remaining, lifetime) in [(1e9, 1_000_000_000), (f64::NAN, 3600), (-5.0, 3600), (100.0, 0), (100.0, 86_401)] {
        let mut tab = Tab::new();
        tab.load();
        let hello = tab.hello_id();
        let (id, access) = tokens("alice", NOW, 3600);
        tab.feed(Event::Message(session_message(Some(&hello), &id, &access, remaining, lifetime)));
        assert!(tab.session().is_none(), "{remaining} of {lifetime} taken");
    }
    // A token that expired 200 s ago, claimed to have a day left.
    let mut tab = Tab::new();
    tab.load();
    let hello = tab.hello_id();
    let (id, access) = tokens("alice", NOW - 3800, 3600);
    tab.feed(Event::Message(session_message(Some(&hello), &id, &access, 86_000.0, 86_400)));
    assert!(tab.session().is_none(), "an expired token was taken");
}

#[test]
fn an_older_pair_with_a_large_remaining_time_is_not_newer() {
    let mut tab = adopted(NOW - 100, 3600);
    let current = tab.session().unwrap().tokens.access_token.secret().clone();
    // A replay of an older pair, claiming more time left than ours.
    let (id, access) = tokens("alice", NOW - 200, 3600);
    tab.feed(Event::Message(session_message(None, &id, &access, 3599.0, 3600)));
    assert_eq!(tab.session().unwrap().tokens.access_token.secret(), &current);
    // Newer tokens (a later iat) are taken even with less time claimed.
    let (id, access) = tokens("alice", NOW, 3600);
    tab.feed(Event::Message(session_message(None, &id, &access, 10.0, 3600)));
    assert_eq!(tab.session().unwrap().tokens.access_token.secret(), &access);
    // Another user's tokens are not.
    let (id, access) = tokens("bob", NOW + 5, 3600);
    tab.feed(Event::Message(session_message(None, &id, &access, 3600.0, 3600)));
    assert_ne!(tab.session().unwrap().tokens.access_token.secret(), &access);
}

#[test]
fn a_holder_renews_only_its_own_tokens() {
    let mut tab = adopted(NOW - 100, 3600);
    // Make it a holder, as if it had signed in itself.
    let mut session = (*tab.session().unwrap()).clone();
    session.tokens.refresh_token = Some(crate::auth::secret::RefreshToken::new("rt".into()));
    tab.m.state = AuthState::SignedIn(Arc::new(session));
    let current = tab.session().unwrap().tokens.access_token.secret().clone();
    let (id, access) = tokens("alice", NOW, 3600);
    tab.feed(Event::Message(session_message(None, &id, &access, 3600.0, 3600)));
    assert_eq!(tab.session().unwrap().tokens.access_token.secret(), &current);
}

#[test]
fn every_timer_is_below_the_browsers_limit() {
    // A day-long token: its refresh is far away, but the timer stays valid.
    let tab = adopted(NOW, 86_400);
    let delays: Vec<f64> = tab
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::SetTimer { delay_ms, .. } => Some(*delay_ms),
            _ => None,
        })
        .collect();
    assert!(!delays.is_empty());
    assert!(delays.iter().all(|d| (0.0..MAX_TIMER_MS).contains(d)), "{delays:?}");
    let mut m = Machine::new(config());
    m.set_timer(Timer::Refresh, 1e12);
    m.set_timer(Timer::Expiry, f64::NAN);
    let set: Vec<f64> = m
        .drain()
        .filter_map(|e| match e {
            Effect::SetTimer { delay_ms, .. } => Some(delay_ms),
            _ => None,
        })
        .collect();
    assert_eq!(set, vec![MAX_TIMER_MS, 0.0]);
}

#[test]
fn nothing_validated_during_a_sign_out_survives_it() {
    let mut tab = adopted(NOW - 100, 3600);
    // The holder's refresh broadcast arrives; its signatures are being
    // checked when "signed out" arrives.
    let (id, access) = tokens("alice", NOW, 3600);
    let env = tab.env();
    tab.m.handle(env.clone(), Event::Message(session_message(None, &id, &access, 3600.0, 3600)));
    let checks: Vec<Ticket> = tab
        .m
        .drain()
        .filter_map(|e| match e {
            Effect::Verify { ticket, .. } => Some(ticket),
            _ => None,
        })
        .collect();
    assert_eq!(checks.len(), 2);
    tab.m.handle(env.clone(), Event::Message(r#"{"type":"signedOut","reason":null}"#.into()));
    for ticket in checks {
        tab.m.handle(env.clone(), Event::Verified { ticket, result: Ok(true) });
    }
    assert!(matches!(tab.m.state(), AuthState::SignedOut), "{:?}", tab.m.state());
    // A late answer to the hello of before is not taken either.
    let (id, access) = tokens("alice", NOW + 1, 3600);
    tab.feed(Event::Message(session_message(Some("any"), &id, &access, 3600.0, 3600)));
    assert!(tab.session().is_none());
}

#[test]
fn a_sign_out_elsewhere_is_said_again_once() {
    let mut tab = adopted(NOW, 3600);
    tab.effects.clear();
    tab.feed(Event::Message(r#"{"type":"signedOut","reason":null}"#.into()));
    let posts =
        |tab: &Tab| tab.effects.iter().filter(|e| matches!(e, Effect::Post(t) if t.contains("signedOut"))).count();
    assert_eq!(posts(&tab), 1, "echoed, so a tab that took our tokens meanwhile hears it after them");
    tab.feed(Event::Message(r#"{"type":"signedOut","reason":null}"#.into()));
    assert_eq!(posts(&tab), 1, "not echoed again");
}

#[test]
fn the_callback_is_the_redirect_uris_path() {
    let m = Machine::new(config());
    assert!(m.is_callback("/callback"));
    assert!(!m.is_callback("/callback/x"));
    assert!(!m.is_callback("/"));
    assert_eq!(flow::url_path("https://a.example/login/callback?x#y"), Some("/login/callback"));
}

#[test]
fn forged_unknown_keys_fetch_the_keys_again_at_most_once_a_minute() {
    let mut tab = Tab::new();
    tab.load();
    let forged = |iat: i64| {
        let claims =
            json!({"sub":"alice","iss":ISSUER,"client_id":CLIENT,"token_use":"access","exp":iat+3600,"iat":iat});
        (jwt("forged-key", claims.clone()), jwt("forged-key", claims))
    };
    let fetches = |tab: &Tab| {
        tab.effects
            .iter()
            .filter(|e| matches!(e, Effect::Send { request: Request::Get(u), .. } if u.ends_with("jwks.json")))
            .count()
    };
    for i in 0..5 {
        let hello = tab.hello_id();
        let (id, access) = forged(NOW + i);
        tab.feed(Event::Message(session_message(Some(&hello), &id, &access, 3600.0, 3600)));
    }
    assert_eq!(fetches(&tab), 1, "the first fetch; no refetch within the minute");
    tab.mono_ms += 61_000.0;
    let hello = tab.hello_id();
    let (id, access) = forged(NOW + 9);
    tab.feed(Event::Message(session_message(Some(&hello), &id, &access, 3600.0, 3600)));
    assert_eq!(fetches(&tab), 2, "a minute later, once more");
    assert!(tab.session().is_none());
}
