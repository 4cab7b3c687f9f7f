//! `/setup`: the setup checker for operators.

use cognito_login_core::setup::{
    config_findings, discovery_findings, manual_findings, redirect_findings, DiscoveryOutcome, Finding, SetupProgress,
    Stage, Status,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use cognito_login::browser::nav::page_location;
use cognito_login::session::{setup_test, use_auth};

/// A list of findings with their fixes.
#[component]
fn Findings(findings: Vec<Finding>) -> impl IntoView {
    let items = findings
        .into_iter()
        .map(|f| {
            let (class, badge) = match f.status {
                Status::Pass => ("finding pass", "OK"),
                Status::Fail => ("finding fail", "Problem"),
                Status::Manual => ("finding manual", "Check by hand"),
            };
            let fix = (!f.fix.is_empty()).then(
                || view! { <ol class="fix">{f.fix.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol> },
            );
            view! {
                <li class=class>
                    <span class="badge">{badge}</span>
                    " "
                    <strong>{f.title}</strong>
                    <p>{f.detail}</p>
                    {fix}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="findings">{items}</ul> }
}

/// The test sign-in's stages, as far as they got.
#[component]
fn TestReport(progress: SetupProgress) -> impl IntoView {
    let config = super::loaded_config();
    let reached = |stage: Stage| progress.stage >= stage;
    let stages = [
        (Stage::AuthorizeReached, "Cognito's sign-in page reached"),
        (Stage::CallbackReached, "Back at the callback"),
        (Stage::TokenExchanged, "Code exchanged for tokens"),
        (Stage::IdTokenValid, "ID token valid"),
    ]
    .into_iter()
    .map(|(stage, label)| {
        let (class, mark) = if reached(stage) { ("stage done", "✓") } else { ("stage", "–") };
        view! { <li class=class>{mark} " " {label}</li> }
    })
    .collect_view();
    let mut findings = Vec::new();
    if let Some(cause) = progress.stalled_cause(&config) {
        findings.push(Finding {
            title: "The callback never arrived".into(),
            status: Status::Fail,
            detail: cause,
            fix: vec![format!("Register exactly {} as an Allowed callback URL, then test again.", config.redirect_uri)],
        });
    }
    if let Some(error) = &progress.error {
        let fix = progress.fix();
        findings.push(Finding {
            title: "The test sign-in stopped".into(),
            status: Status::Fail,
            detail: error.clone(),
            fix: vec![fix.to_string()],
        });
    }
    if let Some(finding) = progress.prompt_finding() {
        findings.push(finding);
    }
    if progress.stage == Stage::IdTokenValid {
        if progress.email == Some(false) {
            findings.push(Finding {
                title: "Email".into(),
                status: Status::Fail,
                detail: "The ID token has no email claim, so the app cannot show who is signed in.".into(),
                fix: vec![
                    "User pool → Sign-up: make email a required attribute.".into(),
                    "App client → Login pages → OpenID Connect scopes: select \"Email\".".into(),
                    "App client → Attribute permissions: allow reading email.".into(),
                ],
            });
        } else {
            findings.push(Finding {
                title: "Test sign-in".into(),
                status: Status::Pass,
                detail: "Every stage passed and the ID token carries the user's email.".into(),
                fix: vec![],
            });
        }
    }
    view! {
        <ol class="stages">{stages}</ol>
        <Findings findings />
    }
}

/// The setup checker.
#[component]
pub fn SetupPage() -> impl IntoView {
    let auth = use_auth();
    let config = super::loaded_config();
    let page = page_location();
    let discovery = RwSignal::new(None::<Vec<Finding>>);
    {
        let config = config.clone();
        spawn_local(async move {
            let (url, answer) = setup_test::fetch_discovery(&config).await;
            let outcome = match &answer {
                Ok(a) => DiscoveryOutcome::Answered { status: a.status, body: &a.body },
                Err(e) => DiscoveryOutcome::Unreachable(e),
            };
            discovery.set(Some(discovery_findings(&config, &url, outcome)));
        });
    }
    let progress = setup_test::progress(&auth);
    let report = progress.map(|p| view! { <TestReport progress=p /> });
    view! {
        <section class="card setup">
            <h1>"Setup checker"</h1>
            <p class="hint">
                "What this page can check about your Cognito user pool and app client from the browser, and how to fix each problem."
            </p>
            <h2>"Configuration"</h2>
            <Findings findings=config_findings(&config) />
            <h2>"User pool"</h2>
            {move || match discovery.get() {
                Some(findings) => view! { <Findings findings /> }.into_any(),
                None => view! { <p class="loading">"Checking the user pool…"</p> }.into_any(),
            }}
            <h2>"Callback and sign-out URLs"</h2>
            <Findings findings=redirect_findings(&config, &page) />
            <h2>"Test sign-in"</h2>
            <p class="hint">
                "Runs the whole sign-in with a fresh login (prompt=login) and reports each stage."
            </p>
            {report}
            <button class="button primary" type="button" on:click=move |_| {
                setup_test::start(&auth);
            }>
                "Test sign-in"
            </button>
            <h2>"Checks to make in the Cognito console"</h2>
            <Findings findings=manual_findings(&config) />
        </section>
    }
}
