//! Replays the checked-in fuzz corpus (`core/fuzz/corpus/`) through the same
//! entry points the `cargo fuzz` targets use, on stable, in every test run:
//! whatever the fuzzer once found must keep not panicking.

use std::path::Path;

use cognito_login_core::fuzzing;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        run(&std::fs::read(&path).unwrap());
        count += 1;
    }
    assert!(count > 0, "the {target} corpus is empty");
}

#[test]
fn callback_corpus() {
    replay("callback", fuzzing::callback);
}

#[test]
fn jwt_corpus() {
    replay("jwt", fuzzing::jwt);
}

#[test]
fn token_response_corpus() {
    replay("token_response", fuzzing::token_response);
}

#[test]
fn config_corpus() {
    replay("config", fuzzing::config);
}
