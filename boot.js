// Starts the app without any inline script, so the Content Security Policy
// needs no per-build hash. Trunk writes each WebAssembly module's wasm-bindgen
// module and WebAssembly into the page with Subresource Integrity; this loads
// them from those links, fetching the WebAssembly with the same integrity.
//
// The login page is two modules (docs/PERFORMANCE.md "Landing page"): the
// small landing module (preloaded: `<link rel="modulepreload">` and
// `<link rel="preload">`) shows "Sign in" on `/` and starts the sign-in; the
// full app (`<link rel="x-app-module">` and `<link rel="x-app-wasm">`, inert
// links the build's post_build hook renames so the first load does not fetch
// them) does everything else. This file only picks by address: the landing
// module on the start page of a tab that was not signed in, the full app
// anywhere else (the callback, the developer pages, a reload of a signed-in
// tab). The landing module hands over to the full app when it cannot finish
// on its own (it decides why: core::session::landing), and asks for the
// full app in the background once "Sign in" is shown, so the callback finds
// it in the cache. A page with one module (the example app) just starts it.
//
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

const failed = (error) => {
  const main = document.createElement("main");
  main.className = "content";
  const alert = document.createElement("p");
  alert.setAttribute("role", "alert");
  alert.className = "alert";
  alert.textContent =
    "This page could not be started (" + error + "). Check your connection and reload the page.";
  main.append(alert);
  document.body.replaceChildren(main);
};

const link = (rel, end) => document.querySelector(`link[rel="${rel}"][href$="${end}"]`);
const first = { js: link("modulepreload", ".js"), wasm: link("preload", ".wasm") };
const full = { js: link("x-app-module", ".js"), wasm: link("x-app-wasm", ".wasm") };
const split = full.js !== null && full.wasm !== null;

// Fetches the WebAssembly once, checked against its integrity.
const fetchWasm = (wasm) => fetch(wasm.href, { integrity: wasm.integrity, credentials: "same-origin" });

// The full app's wasm-bindgen module through a modulepreload link, so the
// browser checks its integrity before `import()` uses it.
let fullModuleLinked = false;
const linkFullModule = () => {
  if (fullModuleLinked) return;
  fullModuleLinked = true;
  const preload = document.createElement("link");
  preload.rel = "modulepreload";
  preload.href = full.js.href;
  preload.integrity = full.js.integrity;
  preload.crossOrigin = full.js.crossOrigin;
  document.head.append(preload);
};

// The full app, fetched (into the HTTP cache, for the callback) and compiled
// in the background (so a hand-over in this page starts at once), or null
// until then.
let fullCompiled = null;

// Which module draws the page (`data-running` on <html>: "landing" or
// "app"), for tests and for anyone debugging a deployment.
const running = (name) => {
  document.documentElement.dataset.running = name;
};

// Starts `module` from `compiled` (its WebAssembly: a response or a compiled
// module); `beforeStart` runs once both are ready, just before it draws.
const run = async (module, compiled, name, beforeStart) => {
  const bindings = await import(module.js.href);
  const source = await compiled;
  beforeStart?.();
  const exports = await bindings.default({ module_or_path: source });
  running(name);
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: exports } }));
};

// Starts the full app, replacing whatever the landing module drew only once
// the full app is compiled and about to draw its own page.
let fullStarted = false;
const startFull = async (reason) => {
  if (fullStarted) return;
  fullStarted = true;
  if (reason) window.cognitoLoginHandover = reason;
  try {
    linkFullModule();
    const compiled = fullCompiled ?? WebAssembly.compileStreaming(fetchWasm(full.wasm));
    await run(full, compiled, "app", () => document.body.replaceChildren());
  } catch (error) {
    failed(error);
  }
};

// Called by the landing module once "Sign in" is shown.
window.cognitoLoginPrefetchApp = () => {
  const idle = window.requestIdleCallback ?? ((f) => setTimeout(f, 200));
  idle(
    () => {
      if (fullStarted || fullCompiled) return;
      linkFullModule();
      fullCompiled = WebAssembly.compileStreaming(fetchWasm(full.wasm));
      fullCompiled.catch(() => {
        fullCompiled = null; // started later, the full app fetches it again and reports a failure
      });
    },
    { timeout: 2000 },
  );
};
// Called by the landing module to hand the page over, with the reason.
window.cognitoLoginStartApp = (reason) => {
  startFull(reason);
};

const onLandingPage = () => {
  const base = new URL(".", first.wasm.href).pathname;
  const path = location.pathname;
  if (path !== base && path !== base + "index.html" && path + "/" !== base) return false;
  try {
    // SIGNED_IN_KEY namespaced by the base path (core::session::landing::Names).
    return sessionStorage.getItem("cognito-login:signed-in:" + base) === null;
  } catch {
    return true;
  }
};

try {
  // config.json is the other thing the page needs at once: request it now, in
  // parallel with the WebAssembly; the modules take this promise over
  // (src/browser/config.rs, landing/src/platform.rs). Never a cached copy: a
  // deploy changes it in place.
  // Read to the end here, as it arrives (while the WebAssembly compiles), so
  // the module that takes it over need not wait for a body read:
  // `{ status, text }`.
  const config = fetch(new URL("config.json", first.wasm.href), {
    cache: "no-store",
    signal: AbortSignal.timeout(15000),
  }).then(async (response) => ({ status: response.status, text: await response.text() }));
  config.catch(() => {}); // the app reports a failure; no "uncaught" noise before it looks
  window.cognitoLoginConfig = config;
  if (!split || onLandingPage()) {
    await run(first, fetchWasm(first.wasm), split ? "landing" : "app");
  } else {
    await startFull(null);
  }
} catch (error) {
  failed(error);
}
