//! `/setup`: the setup checker for operators. The core judges
//! (`core::setup`), `core::words` words each finding.

use cognito_login::prelude::{use_words, Message, Text};
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
    let words = use_words();
    let items = findings
        .into_iter()
        .map(|f| {
            let class = match f.status() {
                Status::Pass => "finding pass",
                Status::Fail => "finding fail",
                Status::Manual => "finding manual",
            };
            let badge = words.say(Message::Badge(f.status()));
            let text = words.finding(&f);
            let fix = (!text.fix.is_empty()).then(
                || view! { <ol class="fix">{text.fix.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol> },
            );
            view! {
                <li class=class>
                    <span class="badge">{badge}</span>
                    " "
                    <strong>{text.title}</strong>
                    <p>{text.detail}</p>
                    {fix}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="findings">{items}</ul> }
}

/// The test sign-in's stages, as far as they got, and what they tell.
#[component]
fn TestReport(progress: SetupProgress) -> impl IntoView {
    let config = super::loaded_config();
    let words = use_words();
    // The failed test sign-in, while this page has it in memory.
    let error = match use_auth().state().get_untracked() {
        cognito_login::prelude::AuthState::Failed(e) => Some(e),
        _ => None,
    };
    let stages = Stage::ALL
        .into_iter()
        .map(|stage| {
            let (class, mark) = if progress.stage >= stage { ("stage done", "✓") } else { ("stage", "–") };
            view! { <li class=class>{mark} " " {words.say(Message::Stage(stage))}</li> }
        })
        .collect_view();
    view! {
        <ol class="stages">{stages}</ol>
        <Findings findings=progress.findings(&config, error.as_ref()) />
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
    let text = move |t: Text| use_words().text(t);
    view! {
        <section class="card setup">
            <h1>{text(Text::SetupTitle)}</h1>
            <p class="hint">{text(Text::SetupIntro)}</p>
            <h2>{text(Text::SetupConfiguration)}</h2>
            <Findings findings=config_findings(&config) />
            <h2>{text(Text::SetupUserPool)}</h2>
            {move || match discovery.get() {
                Some(findings) => view! { <Findings findings /> }.into_any(),
                None => view! { <p class="loading">{text(Text::CheckingUserPool)}</p> }.into_any(),
            }}
            <h2>{text(Text::SetupUrls)}</h2>
            <Findings findings=redirect_findings(&config, &page) />
            <h2>{text(Text::TestSignIn)}</h2>
            <p class="hint">{text(Text::TestSignInIntro)}</p>
            {report}
            <button class="button primary" type="button" on:click=move |_| {
                setup_test::start(&auth);
            }>
                {text(Text::TestSignIn)}
            </button>
            <h2>{text(Text::SetupConsole)}</h2>
            <Findings findings=manual_findings(&config) />
        </section>
    }
}
