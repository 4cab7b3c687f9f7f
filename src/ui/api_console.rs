//! `/api`: call the API with the session's token, as a developer would with
//! curl, and a "Who am I" panel.

use leptos::prelude::*;
use leptos::task::spawn_local;

use cognito_login::browser::nav;
use cognito_login::prelude::{use_auth, ApiError, ApiRequest, ApiResponse, Method};

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
    match result {
        Ok(r) => {
            let headers = r.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n");
            view! {
                <div class="api-result">
                    {summary.map(|s| view! { <p class="summary">{s}</p> })}
                    <p class="status">{format!("HTTP {} in {} ms", r.status, r.elapsed_ms.round() as u64)}</p>
                    <pre class="headers">{headers}</pre>
                    <pre class="body">{pretty(&r.body)}</pre>
                </div>
            }
                .into_any()
        }
        Err(ApiError::SessionExpired) => view! {
            <div class="card error" role="alert">
                <p>"Your session has expired — sign in again."</p>
                <button class="button primary" type="button" on:click=move |_| auth.sign_in(nav::current_path_and_query())>
                    "Sign in again"
                </button>
            </div>
        }
            .into_any(),
        Err(ApiError::NotRenewedYet(e)) => view! {
            <div class="card warning unreachable" role="alert">
                <p>
                    "You are still signed in, but the sign-in service can't be reached, so your session could not be renewed and the call was not sent. It will work again once the service answers; this page keeps trying."
                </p>
                <cognito_login::components::RetryRenewal error=e />
            </div>
        }
            .into_any(),
        Err(e) => view! {
            <p class="error" role="alert">
                {format!("The call failed: {e}.")}
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
                let how = if one_by_one { "one after another" } else { "at once" };
                let each = micros / count as u64;
                format!(
                    "{count} requests sent {how}: {ok} succeeded, {} failed, in {} ms ({}.{:03} ms each)",
                    count - ok,
                    micros / 1000,
                    each / 1000,
                    each % 1000
                )
            });
            let first = results.swap_remove(0);
            result.set(Some((first, summary)));
            busy.set(false);
        });
    };

    let signed_in = move || auth.session().is_some();
    view! {
        <Show
            when=signed_in
            fallback=|| {
                view! {
                    <section class="card">
                        <h1>"API console"</h1>
                        <p>"Sign in to call the API."</p>
                    </section>
                }
            }
        >
            <section class="card">
                <h1>"API console"</h1>
                <p class="hint">
                    {move || format!("Requests go to {} with your token.", auth.config().and_then(|c| c.api_base_url).unwrap_or_default())}
                </p>
                <form class="api-form" on:submit=send>
                    <label for="api-method">"Method"</label>
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
                    <label for="api-path">"API path"</label>
                    <input id="api-path" type="text" prop:value=move || path.get() on:input=move |ev| path.set(event_target_value(&ev)) />
                    <label for="api-body">"Body (JSON, optional)"</label>
                    <textarea id="api-body" rows="3" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <label for="api-parallel">"Requests"</label>
                    <input id="api-parallel" type="number" min="1" max="1000" prop:value=move || parallel.get() on:input=move |ev| parallel.set(event_target_value(&ev)) />
                    <label class="check">
                        <input id="api-sequential" type="checkbox" prop:checked=move || sequential.get() on:change=move |ev| sequential.set(event_target_checked(&ev)) />
                        " One after another (measures the time per request)"
                    </label>
                    <button class="button primary" type="submit" disabled=move || busy.get()>
                        {move || if busy.get() { "Sending…" } else { "Send" }}
                    </button>
                </form>
                <div aria-live="polite">
                    {move || result.get().map(|(r, summary)| view! { <ApiResult result=r summary=summary.unwrap_or_default() /> })}
                </div>
            </section>
            <section class="card whoami">
                <h2>"Who am I"</h2>
                <button class="button" type="button" disabled=move || asking.get() on:click=move |_| load_whoami()>
                    "Ask the API"
                </button>
                {move || asking.get().then(|| view! { <p class="loading" aria-live="polite">"Asking the API…"</p> })}
                {move || whoami.get().map(|r| view! { <ApiResult result=r /> })}
            </section>
        </Show>
    }
}
