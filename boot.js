// Starts the app without any inline script, so the Content Security Policy
// needs no per-build hash. Trunk writes each WebAssembly module's wasm-bindgen
// module and WebAssembly into the page with Subresource Integrity; this loads
// them from those links, each checked against its link's integrity.
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
// Subresource Integrity (docs/SECURITY.md "Content Security Policy"): every
// file this runs is checked against its link's integrity, and a link without
// one (empty or missing) is refused. The WebAssembly is fetched with its
// integrity. A wasm-bindgen module is loaded by a `<script type="module">`
// element with its integrity (checked by every browser with Subresource
// Integrity, with or without `modulepreload`) and imported only once that
// element has loaded: the import then finds the checked module in the page's
// module map and fetches nothing. Whichever page loads first, it also checks
// the module it does not start (the start page the full app, in the
// background; any other page the landing module, before the full app
// starts): one changed file stops the page before it sends anything to
// Cognito or the API. If this file itself is refused, index.html's static
// message shows. The build ships this file without its whole-line comments
// (landing/link.mjs).

// index.html's message for a page this file never started (hidden for its
// first 3 s by style/main.css): this file runs, so it goes.
document.getElementById("unstarted")?.remove();

// This file's words, one line per language: the catalogue's Text::FatalTitle,
// FatalBody, ReloadPage and NotStarted (core/src/words; its tests check this
// copy, which stands in for it when no WebAssembly runs), in the page's
// language: the one the running module put into <html lang>, else the first
// of the browser's that has them, else English.
const WORDS = {
  en: ["Something went wrong", "This page hit an unexpected problem and stopped. Nothing was saved; reloading starts it again.", "Reload the page", "This page could not be started. Check your connection and reload the page."],
  de: ["Etwas ist schiefgelaufen", "Diese Seite ist auf ein unerwartetes Problem gestoßen und wurde angehalten. Es wurde nichts gespeichert; beim Neuladen startet sie von vorn.", "Seite neu laden", "Diese Seite konnte nicht gestartet werden. Prüfen Sie Ihre Verbindung und laden Sie die Seite neu."],
  fr: ["Une erreur s’est produite", "Cette page a rencontré un problème inattendu et s’est arrêtée. Rien n’a été enregistré ; la recharger la relance.", "Recharger la page", "Impossible de démarrer cette page. Vérifiez votre connexion Internet et rechargez la page."],
  es: ["Algo ha salido mal", "Esta página encontró un problema inesperado y se detuvo. No se ha guardado nada; al recargarla, vuelve a empezar.", "Recargar la página", "No se pudo iniciar esta página. Compruebe su conexión y recargue la página."],
  ja: ["問題が発生しました", "このページで予期しない問題が発生したため、停止しました。何も保存されていません。再読み込みすると、最初からやり直せます。", "ページを再読み込み", "このページを開始できませんでした。接続を確認して、ページを再読み込みしてください。"],
};
const said = () => {
  const html = document.documentElement;
  // core::language's rule for the browser's preferences (Language::from_tag:
  // the primary subtag decides), without config.json's `language`: a page
  // that never started has not read it.
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language ?? ""];
  const tags = html.dataset.running ? [html.lang] : preferred;
  const code = tags.map((tag) => tag.trim().split(/[-_]/)[0].toLowerCase()).find((code) => code in WORDS);
  const [title, body, reload, notStarted] = WORDS[code ?? "en"];
  return { title, body, reload, notStarted };
};

// The fatal error page, its one copy: drawn into `target` (the body). The
// release build aborts on a panic without running any Rust code
// (-Cpanic=immediate-abort, for size): the WebAssembly traps, and the trap
// surfaces here as an uncaught WebAssembly.RuntimeError; the page cannot go
// on, so it says so and offers a reload. The panic hook of the other builds
// (src/browser/panic.rs) calls it as window.cognitoLoginFatal
// (core::session::landing::FATAL_GLOBAL). Its wasm-bindgen test runs this
// function from this file's text: from `const WORDS` to the first line after
// `const fatal` that is "};".
const fatal = (target) => {
  const words = said();
  const main = document.createElement("main");
  main.className = "content";
  const card = document.createElement("section");
  card.className = "card error";
  card.setAttribute("role", "alert");
  const title = document.createElement("h1");
  title.textContent = words.title;
  const text = document.createElement("p");
  text.textContent = words.body;
  const reload = document.createElement("a");
  reload.className = "button primary";
  reload.href = "";
  reload.textContent = words.reload;
  const line = document.createElement("p");
  line.append(reload);
  card.append(title, text, line);
  main.append(card);
  target.replaceChildren(main);
};
window.cognitoLoginFatal = fatal;
const stopped = (error) => {
  if (!(error instanceof WebAssembly.RuntimeError)) return;
  console.error("cognito-login stopped after an internal error");
  fatal(document.body);
};
addEventListener("error", (event) => stopped(event.error));
addEventListener("unhandledrejection", (event) => stopped(event.reason));

const failed = (error) => {
  const main = document.createElement("main");
  main.className = "content";
  const alert = document.createElement("p");
  alert.setAttribute("role", "alert");
  alert.className = "alert";
  alert.textContent = said().notStarted + " (" + error + ")";
  main.append(alert);
  document.body.replaceChildren(main);
};

const link = (rel, end) => document.querySelector(`link[rel="${rel}"][href$="${end}"]`);
const first = { js: link("modulepreload", ".js"), wasm: link("preload", ".wasm") };
const full = { js: link("x-app-module", ".js"), wasm: link("x-app-wasm", ".wasm") };
const split = full.js !== null && full.wasm !== null;

// A file's integrity: none (empty or missing) would check nothing.
const integrity = (file) => {
  if (!file.integrity) throw new Error("no integrity for " + file.href);
  return file.integrity;
};

// Fetches the WebAssembly once, checked against its integrity. A failed
// load names its file (for `changed`).
const fetchWasm = async (wasm) =>
  fetch(wasm.href, { integrity: integrity(wasm), credentials: "same-origin" }).catch((error) => {
    throw Object.assign(error, { file: wasm });
  });
const compile = (wasm) => WebAssembly.compileStreaming(fetchWasm(wasm));

// A wasm-bindgen module: a module script with its integrity loads it, and
// only once that succeeded is it imported (from the module map, where the
// checked module is: no second fetch). A failed script is never followed by
// an import (which would fetch it again unchecked where `modulepreload` and
// import maps' `integrity` are missing). Once per module.
const modules = {};
const load = (js) =>
  (modules[js.href] ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.type = "module";
    script.integrity = integrity(js);
    script.crossOrigin = js.crossOrigin;
    script.src = js.href;
    script.onload = resolve;
    script.onerror = () => reject(Object.assign(new TypeError("could not load " + js.href), { file: js }));
    document.head.append(script);
  }).then(() => import(js.href)));

// Whether a file that failed to load arrives with other bytes than its
// integrity names (changed after the build, on the server or on the way),
// rather than not at all (offline, say): fetched again and compared.
const changed = async ({ file }) => {
  try {
    const [, bits, digest] = file.integrity.match(/^sha(\d+)-(.+)$/);
    const response = await fetch(file.href, { cache: "no-store", signal: AbortSignal.timeout(15000) });
    const bytes = new Uint8Array(await crypto.subtle.digest("SHA-" + bits, await response.arrayBuffer()));
    return response.ok && btoa(String.fromCharCode(...bytes)) !== digest;
  } catch {
    return false;
  }
};

// Checks the module this page does not start: a changed file (or one with
// no integrity) stops the page; one that does not arrive does not (that
// module fetches it again if it starts, and says so then).
const others = async (loads) => {
  for (const { status, reason } of await Promise.allSettled(loads)) {
    if (status === "rejected" && (!reason.file || (await changed(reason)))) throw reason;
  }
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
// module) once `checked` (the other module) holds; `beforeStart` runs once
// all are ready, just before it draws.
const run = async (module, compiled, name, checked, beforeStart) => {
  const bindings = await load(module.js);
  const source = await compiled;
  await checked;
  beforeStart();
  const exports = await bindings.default({ module_or_path: source });
  running(name);
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: exports } }));
};

// Starts the full app, replacing whatever the landing module drew only once
// the full app is compiled and about to draw its own page, and the landing
// module is checked (unless it ran).
let fullStarted = false;
let landingStarted = false;
const startFull = async (reason) => {
  if (fullStarted) return;
  fullStarted = true;
  if (reason) window.cognitoLoginHandover = reason;
  try {
    const compiled = fullCompiled ?? compile(full.wasm);
    const landing = landingStarted || others([load(first.js), fetchWasm(first.wasm)]);
    await run(full, compiled, "app", landing, () => document.body.replaceChildren());
  } catch (error) {
    failed(error);
  }
};

// Called by the landing module once "Sign in" is shown; a changed file of
// the full app stops the page before "Sign in" sends anyone to Cognito.
window.cognitoLoginPrefetchApp = () => {
  const idle = window.requestIdleCallback ?? ((f) => setTimeout(f, 200));
  idle(
    () => {
      if (fullStarted || fullCompiled) return;
      fullCompiled = compile(full.wasm);
      fullCompiled.catch(() => {
        fullCompiled = null; // started later, the full app fetches it again and reports a failure
      });
      others([load(full.js), fullCompiled]).catch(failed);
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
    await run(first, fetchWasm(first.wasm), split ? "landing" : "app", null, () => {
      landingStarted = true;
    });
  } else {
    await startFull(null);
  }
} catch (error) {
  failed(error);
}
