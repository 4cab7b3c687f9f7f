//! A deterministic, seeded simulator of one browser origin: 1–6 tabs, each
//! page running the real session machine
//! (`cognito_login_core::session::machine::Machine`) against a simulated
//! Cognito, API, network, channel, Web Lock, clocks and a same-origin
//! adversary, with the invariants (`invariants.rs`) checked after every
//! step.
//!
//! - `cargo test -p cognito-login-core --test sim`: 10,000 schedules of 30
//!   simulated minutes each, on two threads, and the hand-written
//!   scenarios (`scenarios.rs`).
//! - `SIM_SEED=<n>`: replays schedule `n` alone and prints its whole trace.
//! - `SIM_SCHEDULES=<n>`: how many schedules; `SIM_MINUTES=<n>`: how long
//!   each; `SIM_THREADS=<n>`: how many threads; `SIM_ALL=1`: go on after a
//!   failure and count them by invariant.
//! - `SIM_HANDOVER=0`: do not check invariant 8 (closing a tab never makes another
//!   navigate); `SIM_STRICT=1`: a family's end signs out only its own tabs;
//!   `SIM_FORGE_OFFSET=0`: the adversary leaves `clockOffsetSecs` alone.
//!
//! A violation names the seed (`SIM_SEED=<seed>` replays it), the
//! invariant and the last 60 lines of the trace.
//!
//! Files: `rng` (SplitMix64), `params` (a schedule's knobs and the app's
//! configuration), `world` (the queue, delivering events), `pages` (tabs'
//! documents: load, `pagehide`, close, reload, freeze), `effects` (carrying
//! out the machine's effects, HTTP faults, the channel), `navigation` (the
//! hosted UI, `/logout`), `crypto` (the hand-over's WebCrypto), `browser`
//! (tabs, storage, lock, channel bookkeeping), `provider` (Cognito and the
//! API), `adversary`, `driver` (random actions), `invariants` and `checks`,
//! `trace`, `scenarios`.

mod adversary;
mod browser;
mod checks;
mod crypto;
mod driver;
mod effects;
mod invariants;
mod navigation;
mod pages;
mod params;
mod provider;
mod queue;
mod rng;
mod scenarios;
mod trace;
mod world;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use params::Params;
use rng::Rng;
use trace::Trace;
use world::World;

fn var(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// The world of schedule `seed`.
pub fn world_for(seed: u64, minutes: u64, trace: Trace) -> World {
    let mut rng = Rng::new(seed);
    let p = Params::draw(&mut rng, minutes);
    World::new(seed, p, trace)
}

/// Runs schedule `seed`: its step count, or what went wrong (an invariant,
/// or a panic in the machine).
fn run_seed(seed: u64, minutes: u64, trace: Trace) -> (u64, Option<String>, Trace) {
    let mut world = None;
    let result = catch_unwind(AssertUnwindSafe(|| {
        let w = world.insert(world_for(seed, minutes, trace));
        w.run()
    }));
    let (steps, trace) = match world {
        Some(w) => (w.steps, w.trace),
        None => (0, Trace::off()),
    };
    let failure = match result {
        Ok(Ok(())) => None,
        Ok(Err(v)) => Some(format!("invariant {}: {}", v.name, v.detail)),
        Err(panic) => {
            let text =
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            Some(format!("a panic: {}", text.unwrap_or_default()))
        }
    };
    (steps, failure, trace)
}

#[test]
fn schedules() {
    let minutes = var("SIM_MINUTES").unwrap_or(30);
    if let Some(seed) = var("SIM_SEED") {
        let (steps, failure, _) = run_seed(seed, minutes, Trace::on(true));
        println!("schedule {seed}: {steps} steps");
        if let Some(f) = failure {
            panic!("SIM_SEED={seed}: {f}");
        }
        return;
    }
    let count = var("SIM_SCHEDULES").unwrap_or(10_000);
    let threads = var("SIM_THREADS").unwrap_or(2).max(1);
    let next = AtomicU64::new(0);
    // The smallest failing seed so far: no seed above it is started.
    let limit = AtomicU64::new(count);
    // `SIM_ALL=1`: run every schedule and count the failures by invariant.
    let all = var("SIM_ALL") == Some(1);
    let steps = AtomicU64::new(0);
    let failures = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let seed = next.fetch_add(1, Ordering::Relaxed);
                if seed >= limit.load(Ordering::Relaxed) {
                    break;
                }
                let (n, failure, _) = run_seed(seed, minutes, Trace::off());
                steps.fetch_add(n, Ordering::Relaxed);
                if let Some(f) = failure {
                    if !all {
                        limit.fetch_min(seed, Ordering::Relaxed);
                    }
                    failures.lock().unwrap().push((seed, f));
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let ran = next.load(Ordering::Relaxed).min(limit.load(Ordering::Relaxed).saturating_add(1)).min(count);
    println!(
        "{ran} schedules of {minutes} simulated minutes, {} steps, in {:.1} s",
        steps.load(Ordering::Relaxed),
        elapsed.as_secs_f64()
    );
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    if all {
        let mut by_kind: std::collections::BTreeMap<String, Vec<u64>> = Default::default();
        for (seed, f) in &failures {
            by_kind.entry(f.split(':').next().unwrap_or_default().to_string()).or_default().push(*seed);
        }
        for (kind, seeds) in by_kind {
            println!("{:>6} × {kind} (seeds {:?})", seeds.len(), &seeds[..seeds.len().min(12)]);
        }
    }
    if let Some((seed, failure)) = failures.first() {
        // Again, with the trace.
        let (_, _, trace) = run_seed(*seed, minutes, Trace::on(false));
        panic!(
            "SIM_SEED={seed} (schedule {} of those run): {failure}\n--- the last 60 lines of its trace ---\n{}\n--- replay: SIM_SEED={seed} cargo test -p cognito-login-core --test sim schedules -- --nocapture",
            seed + 1,
            trace.tail(60)
        );
    }
}
