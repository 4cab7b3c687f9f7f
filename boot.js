// Starts the app without any inline script, so the Content Security Policy
// needs no per-build hash: Trunk preloads the wasm-bindgen module and the
// WebAssembly with Subresource Integrity (`<link rel="modulepreload">` and
// `<link rel="preload" as="fetch">`), and this loads them from those links,
// fetching the WebAssembly with the same integrity so the preload is used
// and checked. If anything fails, the page says so instead of staying blank.
// The release build aborts on a panic without running any Rust code
// (-Cpanic=immediate-abort, for size): the WebAssembly traps, and the trap
// surfaces here as an uncaught WebAssembly.RuntimeError. The page cannot go
// on, so it says so and offers a reload (the same words as the panic hook of
// the other builds, src/browser/panic.rs).
const stopped = (error) => {
  if (!(error instanceof WebAssembly.RuntimeError)) return;
  console.error("cognito-login stopped after an internal error");
  const main = document.createElement("main");
  main.className = "content";
  const card = document.createElement("section");
  card.className = "card error";
  card.setAttribute("role", "alert");
  const title = document.createElement("h1");
  title.textContent = "Something went wrong";
  const text = document.createElement("p");
  text.textContent =
    "This page hit an unexpected problem and stopped. Nothing was saved; reloading starts it again.";
  const reload = document.createElement("a");
  reload.className = "button primary";
  reload.href = "";
  reload.textContent = "Reload the page";
  const line = document.createElement("p");
  line.append(reload);
  card.append(title, text, line);
  main.append(card);
  document.body.replaceChildren(main);
};
addEventListener("error", (event) => stopped(event.error));
addEventListener("unhandledrejection", (event) => stopped(event.reason));

try {
  const js = document.querySelector('link[rel="modulepreload"][href$=".js"]');
  const wasm = document.querySelector('link[rel="preload"][href$=".wasm"]');
  // config.json is the other thing the app needs at once: request it now, in
  // parallel with the WebAssembly; the app takes this promise over
  // (src/browser/config.rs). Never a cached copy: a deploy changes it in place.
  const config = fetch(new URL("config.json", wasm.href), { cache: "no-store", signal: AbortSignal.timeout(15000) });
  config.catch(() => {}); // the app reports a failure; no "uncaught" noise before it looks
  window.cognitoLoginConfig = config;
  const bindings = await import(js.href);
  const response = fetch(wasm.href, { integrity: wasm.integrity, credentials: "same-origin" });
  const exports = await bindings.default({ module_or_path: response });
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: exports } }));
} catch (error) {
  const main = document.createElement("main");
  main.className = "content";
  const alert = document.createElement("p");
  alert.setAttribute("role", "alert");
  alert.className = "alert";
  alert.textContent =
    "This page could not be started (" + error + "). Check your connection and reload the page.";
  main.append(alert);
  document.body.replaceChildren(main);
}
