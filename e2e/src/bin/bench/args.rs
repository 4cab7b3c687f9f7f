//! The command line of `./x bench` (see main.rs).

use std::path::PathBuf;

use crate::profile::Profile;

pub struct Args {
    pub runs: usize,
    pub calls: usize,
    pub out: PathBuf,
    pub twiggy: Option<PathBuf>,
    pub twiggy_landing: Option<PathBuf>,
    /// How long a user looks at the start page before pressing "Sign in".
    pub think_ms: u64,
    /// The device the runs stand for.
    pub profile: Profile,
}

pub fn args() -> Args {
    let mut a = Args {
        runs: 10,
        calls: 1000,
        out: PathBuf::from("target/bench"),
        twiggy: None,
        twiggy_landing: None,
        think_ms: 3000,
        profile: Profile::Desktop,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--runs" => a.runs = value.parse().expect("--runs N"),
            "--calls" => a.calls = value.parse().expect("--calls N"),
            "--out" => a.out = value.into(),
            "--twiggy" => a.twiggy = Some(value.into()),
            "--twiggy-landing" => a.twiggy_landing = Some(value.into()),
            "--think-ms" => a.think_ms = value.parse().expect("--think-ms N"),
            "--profile" => a.profile = Profile::parse(&value),
            other => panic!("unknown argument {other}"),
        }
    }
    a
}
