//! `/api`: call the API with the session's token, as a developer would with
//! curl, and a "Who am I" panel.

use leptos::prelude::*;
use leptos::task::spawn_local;

use cognito_login::browser::nav;
use cognito_login::prelude::{use_auth, use_words, ApiError, ApiRequest, ApiResponse, Message, Method, Text};

/// Pretty-prints JSON (with the browser's own `JSON`, which keeps the wasm
/// smaller than a pretty-printer of ours); other text as it is.
fn pretty(body: &str) -> String {
    js_sys::JSON::parse(body)
        .ok()
        .and_then(|v| js_sys::JSON::stringify_with_replacer_and_space(&v, &wasm_bindgen::JsValue::NULL, &2.into()).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| body.to_string())
}

/// One answer (or error), rendered as text.
#[component]
fn ApiResult(result: Result<ApiResponse, ApiError>, #[prop(optional)] summary: Option<String>) -> impl IntoView {
    let auth = use_auth();
    let words = use_words();
    match result {
        Ok(r) => {
            let headers = r.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n");
            let status = words.say(Message::ApiStatus { status: r.status, millis: r.elapsed_ms.round() as u64 });
            view! {
                <div class="api-result">
                    {summary.map(|s| view! { <p class="summary">{s}</p> })}
                    <p class="status">{status}</p>
                    <pre class="headers">{headers}</pre>
                    <pre class="body">{pretty(&r.body)}</pre>
                </div>
            }
                .into_any()
        }
        Err(ApiError::SessionExpired) => view! {
            <div class="card error" role="alert">
                <p>{words.text(Text::ApiSessionExpired)}</p>
                <button class="button primary" type="button" on:click=move |_| auth.sign_in(nav::current_path_and_query())>
                    {words.text(Text::SignInAgain)}
                </button>
            </div>
        }
            .into_any(),
        Err(ApiError::NotRenewedYet(e)) => view! {
            <div class="card warning unreachable" role="alert">
                <p>{words.text(Text::ApiNotRenewed)}</p>
                <cognito_login::components::RetryRenewal error=e />
            </div>
        }
            .into_any(),
        Err(e) => view! {
            <p class="error" role="alert">
                {words.say(Message::ApiFailed(&e))}
            </p>
        }
            .into_any(),
    }
}

/// The API console.
#[component]
pub fn ApiConsolePage() -> impl IntoView {
    let auth = use_auth();
    let path = RwSignal::new("/me".to_string());
    let method = RwSignal::new(Method::Get);
    let body = RwSignal::new(String::new());
    let parallel = RwSignal::new("1".to_string());
    let sequential = RwSignal::new(false);
    let result = RwSignal::new(None::<(Result<ApiResponse, ApiError>, Option<String>)>);
    let busy = RwSignal::new(false);
    let whoami = RwSignal::new(None::<Result<ApiResponse, ApiError>>);
    // Taken now: a task has no reactive owner to find them in.
    let words = StoredValue::new(use_words());

    let asking = RwSignal::new(false);
    let load_whoami = move || {
        asking.set(true);
        spawn_local(async move {
            let request = ApiRequest::get("/me");
            whoami.set(Some(auth.fetch(&request).await));
            asking.set(false);
        });
    };
    if auth.session().is_some() && auth.config().is_some_and(|c| c.api_base_url.is_some()) {
        load_whoami();
    }

    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = body.get_untracked();
        let request = ApiRequest::new(method.get_untracked(), path.get_untracked());
        let request = if text.trim().is_empty() { request } else { request.json_text(text) };
        let count = parallel.get_untracked().trim().parse::<usize>().unwrap_or(1).clamp(1, 1000);
        let one_by_one = sequential.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let started = nav::mono_now();
            let mut results = if one_by_one {
                let mut all = Vec::with_capacity(count);
                for _ in 0..count {
                    all.push(auth.fetch(&request).await);
                }
                all
            } else {
                // Send them all at once: the auth handle makes one refresh
                // serve every call.
                futures::future::join_all((0..count).map(|_| auth.fetch(&request))).await
            };
            let micros = ((nav::mono_now() - started) * 1000.0) as u64;
            let summary = (count > 1).then(|| {
                let ok = results.iter().filter(|r| matches!(r, Ok(a) if a.status < 400)).count();
                words.with_value(|w| w.say(Message::ApiBatch { count, ok, sequential: one_by_one, micros }))
            });
            let first = results.swap_remove(0);
            result.set(Some((first, summary)));
            busy.set(false);
        });
    };

    let signed_in = move || auth.session().is_some();
    let text = move |t: Text| use_words().text(t);
    view! {
        <Show
            when=signed_in
            fallback=move || {
                view! {
                    <section class="card">
                        <h1>{text(Text::ApiConsole)}</h1>
                        <p>{text(Text::SignInToCallApi)}</p>
                    </section>
                }
            }
        >
            <section class="card">
                <h1>{text(Text::ApiConsole)}</h1>
                <p class="hint">
                    {move || {
                        let base_url = auth.config().and_then(|c| c.api_base_url).unwrap_or_default();
                        use_words().say(Message::ApiTarget { base_url: &base_url })
                    }}
                </p>
                <form class="api-form" on:submit=send>
                    <label for="api-method">{text(Text::Method)}</label>
                    <select
                        id="api-method"
                        prop:value=move || method.get().as_str()
                        on:change=move |ev| {
                            if let Ok(m) = Method::parse(&event_target_value(&ev)) {
                                method.set(m);
                            }
                        }
                    >
                        <option value="GET">"GET"</option>
                        <option value="POST">"POST"</option>
                        <option value="PUT">"PUT"</option>
                        <option value="PATCH">"PATCH"</option>
                        <option value="DELETE">"DELETE"</option>
                    </select>
                    <label for="api-path">{text(Text::ApiPath)}</label>
                    <input id="api-path" type="text" prop:value=move || path.get() on:input=move |ev| path.set(event_target_value(&ev)) />
                    <label for="api-body">{text(Text::ApiBody)}</label>
                    <textarea id="api-body" rows="3" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <label for="api-parallel">{text(Text::Requests)}</label>
                    <input id="api-parallel" type="number" min="1" max="1000" prop:value=move || parallel.get() on:input=move |ev| parallel.set(event_target_value(&ev)) />
                    <label class="check">
                        <input id="api-sequential" type="checkbox" prop:checked=move || sequential.get() on:change=move |ev| sequential.set(event_target_checked(&ev)) />
                        " "
                        {text(Text::OneAfterAnother)}
                    </label>
                    <button class="button primary" type="submit" disabled=move || busy.get()>
                        {move || text(if busy.get() { Text::Sending } else { Text::Send })}
                    </button>
                </form>
                <div aria-live="polite">
                    {move || result.get().map(|(r, summary)| view! { <ApiResult result=r summary=summary.unwrap_or_default() /> })}
                </div>
            </section>
            <section class="card whoami">
                <h2>{text(Text::WhoAmI)}</h2>
                <button class="button" type="button" disabled=move || asking.get() on:click=move |_| load_whoami()>
                    {text(Text::AskTheApi)}
                </button>
                {move || asking.get().then(|| view! { <p class="loading" aria-live="polite">{text(Text::AskingTheApi)}</p> })}
                {move || whoami.get().map(|r| view! { <ApiResult result=r /> })}
            </section>
        </Show>
    }
}
