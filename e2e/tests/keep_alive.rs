//! A small answer on a kept-alive connection comes at once from our servers:
//! the static server of the end-to-end tests and the bench
//! (`e2e/src/server/`), and the Cognito emulator.
//!
//! What this guards against: a server that writes a response's head and its
//! body in two `write`s without `TCP_NODELAY`. The head leaves at once; Nagle's
//! algorithm holds the body back until the client acknowledges the head, and
//! once a connection goes request/response Linux delays that ACK (at least
//! 40 ms, `TCP_DELACK_MIN`). Every answer after the first on the connection
//! then takes ~40 ms, which a browser pays before each sub-resource. The
//! control server below does exactly that, so this file proves that the
//! measurement sees the delay, then that our servers do not have it (hyper
//! writes head and body in one `writev`; docs/PERFORMANCE.md "Before every
//! sub-resource").
//!
//! The check: one connection, as a browser keeps it (`TCP_NODELAY` on the
//! client's side too), the same small request six times; the first answer is
//! left out (a new connection acknowledges at once), and the median of the
//! other five, request sent → last byte of the answer, must be under 30 ms.
//! On loopback an unaffected server answers in well under a millisecond and
//! an affected one takes 40 ms or more, so the bound is far from both; a
//! loaded machine delays a sample or two, not the median of five.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use e2e::StaticApp;

/// The bound on the median (see the module's comment).
const BOUND_MS: f64 = 30.0;

/// Request → last byte of the answer, in ms, for each of `paths` sent in
/// turn on one connection to `addr` (`host:port`).
fn answer_times(addr: &str, paths: &[&str]) -> Vec<f64> {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    s.set_nodelay(true).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut times = Vec::new();
    for path in paths {
        let start = Instant::now();
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: keep-alive\r\n\r\n");
        s.write_all(request.as_bytes()).unwrap();
        read_answer(&mut s, path);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times
}

/// Reads one whole answer (with a `Content-Length`, or chunked).
fn read_answer(s: &mut TcpStream, path: &str) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut byte).unwrap_or_else(|e| panic!("{path}: the answer's head: {e}"));
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{path} answered {head}");
    let length = head.lines().find_map(|l| l.strip_prefix("content-length:")).map(|v| v.trim().parse().unwrap());
    match length {
        Some(n) => {
            let mut body = vec![0u8; n];
            s.read_exact(&mut body).unwrap_or_else(|e| panic!("{path}: the body: {e}"));
        }
        None => {
            assert!(head.contains("transfer-encoding: chunked"), "{path}: neither a length nor chunks: {head}");
            loop {
                let mut line = Vec::new();
                while !line.ends_with(b"\r\n") {
                    s.read_exact(&mut byte).unwrap();
                    line.push(byte[0]);
                }
                let size = usize::from_str_radix(String::from_utf8_lossy(&line).trim(), 16).unwrap();
                let mut chunk = vec![0u8; size + 2];
                s.read_exact(&mut chunk).unwrap();
                if size == 0 {
                    break;
                }
            }
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// The median of answers 2–6 to `path` on one connection to `origin`
/// (`http://host:port`), measured off the async runtime.
async fn median_after_the_first(origin: &str, path: &str) -> (f64, Vec<f64>) {
    let addr = origin.trim_start_matches("http://").to_string();
    let owned = path.to_string();
    let times = tokio::task::spawn_blocking(move || answer_times(&addr, &[owned.as_str(); 6])).await.unwrap();
    let median = median(times[1..].to_vec());
    println!("{origin}{path}: {times:.2?} ms, median after the first {median:.2} ms");
    (median, times)
}

/// A server that writes the head and the body of each answer separately,
/// with Nagle's algorithm on (the default): the positive control. A thread
/// per connection; they end with the test's process.
fn split_writes_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut socket in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || {
                let mut pending = Vec::new();
                let mut buf = [0u8; 4096];
                while let Ok(n @ 1..) = socket.read(&mut buf) {
                    pending.extend_from_slice(&buf[..n]);
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        let body = [b'x'; 2000];
                        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
                        if socket.write_all(head.as_bytes()).is_err() || socket.write_all(&body).is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    origin
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_measurement_sees_a_server_that_splits_its_writes() {
    let origin = split_writes_server();
    let (median, times) = median_after_the_first(&origin, "/").await;
    assert!(
        median >= BOUND_MS,
        "a server writing head and body separately without TCP_NODELAY should take ≥ 40 ms per answer \
         after the first (delayed ACK), measured {times:.1?} ms: the check below would prove nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_server_answers_at_once_on_a_kept_alive_connection() {
    let dist = std::env::temp_dir().join(format!("cognito-login-keep-alive-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>t</title><link rel=stylesheet href=/main.css>")
        .unwrap();
    std::fs::write(dist.join("main.css"), "body { margin: 0 }\n".repeat(100)).unwrap();
    let app = StaticApp::serve_dist(dist.clone(), Some(r#"{"userPoolId":"us-east-1_Example"}"#.into())).await;
    app.set_production_caching(true);
    for path in ["/", "/main.css", "/config.json"] {
        let (median, times) = median_after_the_first(&app.origin.replace("localhost", "127.0.0.1"), path).await;
        assert!(median < BOUND_MS, "{path}: answers after the first took {times:.1?} ms (median {median:.1})");
    }
    drop(app);
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emulator_answers_at_once_on_a_kept_alive_connection() {
    let emu = cognito_emulator::Emulator::start(cognito_emulator::EmulatorConfig::ephemeral()).await.unwrap();
    let pool = cognito_emulator::DEFAULT_POOL_ID;
    let origins = emu.origins().clone();
    for (origin, path) in [
        (&origins.issuer_origin, format!("/{pool}/.well-known/openid-configuration")),
        (&origins.issuer_origin, format!("/{pool}/.well-known/jwks.json")),
        (&origins.api, "/ping".to_string()),
    ] {
        let (median, times) = median_after_the_first(origin, &path).await;
        assert!(median < BOUND_MS, "{origin}{path}: answers after the first took {times:.1?} ms (median {median:.1})");
    }
}
