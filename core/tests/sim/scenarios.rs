//! Hand-written, deterministic scenarios through the same world (calm:
//! no faults, no random actions), with every invariant checked as they run.

use cognito_login_core::auth::login::AuthorizeOptions;
use cognito_login_core::auth::state::AuthState;
use cognito_login_core::session::machine::User;
use serde_json::{json, Value};

use crate::browser::TabId;
use crate::params::Params;
use crate::provider::USERS;
use crate::trace::Trace;
use crate::world::World;

fn world(p: Params) -> World {
    World::new(7, p, Trace::on(false))
}

fn ok<T>(w: &World, r: Result<T, crate::invariants::Violation>) -> T {
    r.unwrap_or_else(|v| panic!("invariant {}: {}\n{}", v.name, v.detail, w.trace.tail(60)))
}

fn run(w: &mut World, ms: u64) {
    let r = w.run_for(ms);
    ok(w, r)
}

/// Steps until `done` holds (at most `ms`).
fn run_until(w: &mut World, ms: u64, done: impl Fn(&World) -> bool) {
    let end = w.now + ms;
    while !done(w) {
        let r = w.step_until(end);
        if !ok(w, r) {
            panic!("not reached in {ms} ms\n{}", w.trace.tail(60));
        }
    }
}

fn state(w: &World, t: TabId) -> &AuthState {
    w.tabs[t].machine().expect("a page").state()
}

/// The user of tab `t`'s session.
fn user_of(w: &World, t: TabId) -> Option<&'static str> {
    let s = w.tabs[t].machine()?.session()?;
    USERS.iter().find(|(_, sub)| *sub == s.claims.sub).map(|(name, _)| *name)
}

fn signed_in(w: &World, t: TabId) -> bool {
    w.tabs[t].machine().is_some_and(|m| m.session().is_some())
}

/// Opens a tab and signs alice in there (typing the password).
fn sign_in_first_tab(w: &mut World) -> TabId {
    let t = w.open_tab();
    run(w, 1_000);
    w.user(t, User::SignIn { return_path: "/".into(), options: AuthorizeOptions::default() });
    run_until(w, 90_000, |w| signed_in(w, t));
    t
}

/// The last line of the trace matching all of `parts`, as a count of
/// lines so far (to wait for the next one).
fn lines_with(w: &World, parts: &[&str]) -> usize {
    w.trace.lines.iter().filter(|l| parts.iter().all(|p| l.contains(p))).count()
}

#[test]
fn a_forged_session_with_remaining_secs_1e9_changes_nothing() {
    let mut w = world(Params::calm());
    let a = sign_in_first_tab(&mut w);
    let b = w.open_tab();
    run_until(&mut w, 5_000, |w| signed_in(w, b));
    let before: Vec<_> =
        [a, b].iter().map(|t| w.tabs[*t].machine().unwrap().session().unwrap().tokens.clone()).collect();
    // Replay what tab `a` sent `b`, with flattering numbers, to everyone.
    let heard = w.trace.lines.iter().any(|l| l.contains("Post session"));
    assert!(heard, "{}", w.trace.tail(40));
    run(&mut w, 30_000);
    let access = before[0].access_token.secret().to_string();
    let id = before[0].id_token.secret().to_string();
    for (remaining, lifetime, offset) in
        [(1e9, 1_000_000_000_000i64, 0i64), (1e9, 3600, 0), (1e9, 86_400, -900), (1e9, 86_400, 900)]
    {
        let m = json!({"type": "session", "to": Value::Null, "idToken": id, "accessToken": access,
            "remainingSecs": remaining, "lifetimeSecs": lifetime, "clockOffsetSecs": offset});
        w.post_forged(m.to_string(), false);
    }
    run(&mut w, 2_000);
    for (t, old) in [a, b].iter().zip(&before) {
        let now = &w.tabs[*t].machine().unwrap().session().unwrap().tokens;
        assert_eq!(now.access_token.secret(), old.access_token.secret());
        assert_eq!(now.lifetime, old.lifetime, "tab {t}'s lifetime changed");
    }
    // A new tab's `hello` answered by the forger first: the real, current
    // token is taken (a documented capability), but never for longer
    // than its own exp.
    let c = w.open_tab();
    let hello = w
        .trace
        .lines
        .iter()
        .rev()
        .find_map(|l| l.split("\"id\":\"").nth(1).map(|s| s.split('"').next().unwrap().to_string()));
    let hello = hello.expect("the new tab said hello");
    let m = json!({"type": "session", "to": hello, "idToken": id, "accessToken": access,
        "remainingSecs": 1e9, "lifetimeSecs": 86_400, "clockOffsetSecs": 0});
    w.post_forged(m.to_string(), false);
    run(&mut w, 2_000);
    assert!(signed_in(&w, c));
    let exp = w.provider.token(&access).unwrap().exp;
    let page = w.tabs[c].page.as_ref().unwrap();
    let mono = (w.now - page.start_ms) as f64 + page.mono_base;
    let left = page.machine.session().unwrap().tokens.lifetime.remaining_secs(mono);
    let provider_left = (exp - crate::provider::now_secs(w.now)) as f64;
    assert!(left <= provider_left + 2.0, "adopted for {left} s, the token has {provider_left} s");
    // Twenty minutes more, with refreshes: every invariant holds.
    run(&mut w, 20 * 60_000);
    for t in [a, b, c] {
        assert_eq!(user_of(&w, t), Some("alice"), "tab {t}: {:?}", state(&w, t));
    }
}

#[test]
fn sign_out_elsewhere_while_the_holder_checks_its_refreshed_tokens_leaves_no_tab_signed_in() {
    let mut p = Params::calm();
    p.lifetime_secs = 300;
    p.verify_ms = (400, 400);
    let mut w = world(p);
    let a = sign_in_first_tab(&mut w);
    let b = w.open_tab();
    run_until(&mut w, 5_000, |w| signed_in(w, b));
    // The holder's refresh answer arrives; its signatures take 400 ms.
    let answer = [format!("tab{a}#"), "200 tokens".to_string()];
    let parts: Vec<&str> = answer.iter().map(String::as_str).collect();
    let seen = lines_with(&w, &parts);
    run_until(&mut w, 400_000, |w| lines_with(w, &parts) > seen);
    w.user(b, User::SignOut);
    run(&mut w, 60_000);
    for t in [a, b] {
        let signed_in = w.tabs[t].page.as_ref().is_some_and(|p| p.machine.session().is_some());
        assert!(!signed_in, "tab {t} is signed in\n{}", w.trace.tail(40));
    }
}

#[test]
fn sign_out_while_a_refresh_broadcast_is_being_validated_leaves_no_tab_signed_in() {
    let mut p = Params::calm();
    p.lifetime_secs = 300;
    p.verify_ms = (400, 400);
    let mut w = world(p);
    let a = sign_in_first_tab(&mut w);
    let b = w.open_tab();
    run_until(&mut w, 5_000, |w| signed_in(w, b));
    // Wait for b to receive a's refresh broadcast and start checking it.
    let seen = lines_with(&w, &[&format!("tab{b}#"), "<- Message session to=null"]);
    run_until(&mut w, 400_000, |w| lines_with(w, &[&format!("tab{b}#"), "<- Message session to=null"]) > seen);
    w.user(a, User::SignOut);
    run(&mut w, 60_000);
    for t in [a, b] {
        assert!(
            w.tabs[t].page.as_ref().is_none_or(|p| p.machine.session().is_none()),
            "tab {t} is signed in\n{}",
            w.trace.tail(40)
        );
    }
}

#[test]
fn sign_out_while_a_new_tab_checks_its_hello_answer_leaves_no_tab_signed_in() {
    let mut p = Params::calm();
    p.verify_ms = (400, 400);
    let mut w = world(p);
    let a = sign_in_first_tab(&mut w);
    let c = w.open_tab();
    // The new tab has the answer to its hello and checks its signatures.
    run_until(&mut w, 5_000, |w| lines_with(w, &[&format!("tab{c}#"), "<- Message session to=\""]) > 0);
    w.user(a, User::SignOut);
    run(&mut w, 60_000);
    for t in [a, c] {
        assert!(
            w.tabs[t].page.as_ref().is_none_or(|p| p.machine.session().is_none()),
            "tab {t} is signed in\n{}",
            w.trace.tail(40)
        );
    }
}

#[test]
fn two_users_a_bob_sign_in_in_one_tab_is_not_adopted_by_alices_tabs() {
    let mut w = world(Params::calm());
    let a = sign_in_first_tab(&mut w);
    let b = w.open_tab();
    run_until(&mut w, 5_000, |w| signed_in(w, b));
    // A third tab signs in afresh, as bob (the cookie has expired).
    w.provider.cookie = None;
    w.p.bob = 1.0;
    let c = w.open_tab();
    w.user(c, User::SignIn { return_path: "/".into(), options: AuthorizeOptions::default() });
    run_until(&mut w, 90_000, |w| signed_in(w, c));
    run(&mut w, 5_000);
    assert_eq!(user_of(&w, c), Some("bob"));
    assert_eq!(user_of(&w, a), Some("alice"));
    assert_eq!(user_of(&w, b), Some("alice"));
    // Refreshes in both families and a new tab: nobody changes hands.
    run(&mut w, 25 * 60_000);
    assert_eq!(user_of(&w, c), Some("bob"), "{}", w.trace.tail(40));
    assert_eq!(user_of(&w, a), Some("alice"), "{}", w.trace.tail(40));
    assert_eq!(user_of(&w, b), Some("alice"), "{}", w.trace.tail(40));
}
