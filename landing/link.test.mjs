// The build's post_build hook (landing/link.mjs) and its tokenizer
// (landing/html.mjs), on pages shaped like Trunk's output with the
// attributes in other orders and other quoting: run by ./x test with
// `node --test`.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { tokenize } from "./html.mjs";
import { linkLanding } from "./link.mjs";

const sri = (text) => "sha384-" + createHash("sha384").update(text).digest("base64");
const hashed = (text) => createHash("sha256").update(text).digest("hex").slice(0, 16);

const files = {
  "main-0a1b.css": "p{}",
  "cognito-login-9f8e7d_bg.wasm": "\0asm full",
  "cognito-login-9f8e7d.js": "export default 1;\n",
  "landing.js": "export default 2;\n",
  "landing_bg.wasm": "\0asm landing",
  "boot-77.js": "// Starts the app.\n\nstart();\n  // indented\nfinish();\n",
};
const boot = "start();\nfinish();\n";
const landingJs = `landing-${hashed(files["landing.js"])}.js`;
const landingWasm = `landing-${hashed(files["landing_bg.wasm"])}_bg.wasm`;
const bootJs = `boot-${hashed(boot)}.js`;

// A staging directory with Trunk's files and `html` as index.html.
const staging = (html) => {
  const dir = mkdtempSync(join(tmpdir(), "link-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "index.html"), html);
  return dir;
};

// Trunk's page under `base`, as Trunk 0.21 writes it.
const trunkPage = (base = "/") => `<!DOCTYPE html>
<html lang="en">
  <head>
    <!-- A comment naming <link rel="modulepreload" href="/x.js"> is not a link. -->
    <link rel="stylesheet" href="${base}main-0a1b.css" integrity="${sri(files["main-0a1b.css"])}"/>
    <script src="${base}boot-77.js" integrity="${sri(files["boot-77.js"])}" type="module"></script>
  <link rel="modulepreload" href="${base}cognito-login-9f8e7d.js" crossorigin="anonymous" integrity="${sri(files["cognito-login-9f8e7d.js"])}"><link rel="preload" href="${base}cognito-login-9f8e7d_bg.wasm" crossorigin="anonymous" integrity="${sri(files["cognito-login-9f8e7d_bg.wasm"])}" as="fetch" type="application/wasm"></head>
  <body></body>
</html>
`;

// What link.mjs made of Trunk's page (byte for byte: the links Trunk wrote
// keep their attributes, only `rel`, boot.js's name and its integrity change).
const linkedPage = (base = "/") =>
  trunkPage(base)
    .replace(`<link rel="modulepreload" href="${base}cognito`, `<link rel="x-app-module" href="${base}cognito`)
    .replace(`<link rel="preload" href="${base}cognito`, `<link rel="x-app-wasm" href="${base}cognito`)
    .replace(`${base}boot-77.js" integrity="${sri(files["boot-77.js"])}"`, `${base}${bootJs}" integrity="${sri(boot)}"`)
    .replace(
      "</head>",
      `<link rel="modulepreload" href="${base}${landingJs}" crossorigin="anonymous" integrity="${sri(files["landing.js"])}">` +
        `<link rel="preload" href="${base}${landingWasm}" crossorigin="anonymous" integrity="${sri(files["landing_bg.wasm"])}" as="fetch" type="application/wasm"></head>`,
    );

// The links and scripts of a page: for each, its attributes by name
// (whatever their order and quoting).
const tagsOf = (html) =>
  tokenize(html)
    .filter((t) => t.kind === "start" && (t.name === "link" || t.name === "script"))
    .map((t) => ({ name: t.name, ...Object.fromEntries([...t.attrs].map(([k, a]) => [k, a.value])) }));

test("Trunk's page: the full app's links go inert, the landing module is preloaded, boot.js is renamed", () => {
  for (const base of ["/", "/login/"]) {
    const dir = staging(trunkPage(base));
    linkLanding(dir, base);
    assert.equal(readFileSync(join(dir, "index.html"), "utf8"), linkedPage(base));
    assert.deepEqual(readdirSync(dir).sort(), [
      bootJs, "cognito-login-9f8e7d.js", "cognito-login-9f8e7d_bg.wasm", "index.html", landingJs, landingWasm, "main-0a1b.css",
    ].sort());
    assert.equal(readFileSync(join(dir, bootJs), "utf8"), boot);
  }
});

test("other attribute orders, quoting and spacing give the same links", () => {
  const reordered = trunkPage()
    .replace(
      /<link rel="modulepreload" href="([^"]*)" crossorigin="anonymous" integrity="([^"]*)">/,
      "<link integrity='$2' crossorigin href=$1 rel=modulepreload />",
    )
    .replace(
      /<link rel="preload" href="([^"]*)" crossorigin="anonymous" integrity="([^"]*)" as="fetch" type="application\/wasm">/,
      '<LINK type="application/wasm" as="fetch"\n    integrity = "$2" href="$1" REL="preload" crossorigin="anonymous">',
    )
    .replace(/<script src="([^"]*)" integrity="([^"]*)" type="module">/, '<script type="module" integrity="$2" src=\'$1\'>');
  assert.notEqual(reordered, trunkPage());
  const dir = staging(reordered);
  linkLanding(dir, "/");
  const linked = readFileSync(join(dir, "index.html"), "utf8");
  const byRel = (tags) => Object.fromEntries(tags.filter((t) => t.rel).map((t) => [t.rel.toLowerCase(), t.href]));
  assert.deepEqual(byRel(tagsOf(linked)), byRel(tagsOf(linkedPage())));
  const integrity = (tags) => tags.map((t) => t.integrity).sort();
  assert.deepEqual(integrity(tagsOf(linked)), integrity(tagsOf(linkedPage())));
  const script = tagsOf(linked).find((t) => t.name === "script");
  assert.deepEqual([script.src, script.integrity, script.type], [`/${bootJs}`, sri(boot), "module"]);
  // Only the values that change are rewritten.
  assert.match(linked, /<link integrity='[^']*' crossorigin href=\/cognito-login-9f8e7d\.js rel=x-app-module \/>/);
  assert.match(linked, /REL="x-app-wasm" crossorigin="anonymous">/);
});

test("boot.js without an integrity attribute gets one", () => {
  const dir = staging(trunkPage().replace(/ integrity="[^"]*" type="module"/, ' type="module"'));
  linkLanding(dir, "/");
  assert.ok(readFileSync(join(dir, "index.html"), "utf8").includes(`<script src="/${bootJs}" integrity="${sri(boot)}" type="module">`));
});

test("a page that is not what the hook expects fails the build, naming what is missing", () => {
  const cases = [
    [trunkPage().replace(/<link rel="modulepreload" href="\/cognito[^>]*>/, ""), /expected one <link rel="modulepreload"> \(the full app\) in index.html, found 0/],
    [trunkPage().replace('rel="preload"', 'rel="prefetch"'), /expected one <link rel="preload"> of a \.wasm file/],
    [trunkPage().replace(/<script[^>]*><\/script>/, ""), /expected one <script src="…boot….js">/],
    [trunkPage().replace("</head>", ""), /expected one <\/head>/],
    [trunkPage().replace("/boot-77.js", "https://cdn.example/boot-77.js"), /not under the public URL \//],
  ];
  for (const [html, expected] of cases) assert.throws(() => linkLanding(staging(html), "/"), expected);
  const dir = staging(trunkPage());
  writeFileSync(join(dir, "stray.js"), "1");
  assert.throws(() => linkLanding(dir, "/"), /Subresource Integrity:\n {2}stray\.js: in the build, but no link checks its integrity/);
  const noLanding = staging(trunkPage());
  unlinkSync(join(noLanding, "landing_bg.wasm"));
  assert.throws(() => linkLanding(noLanding, "/"), /landing_bg\.wasm is not in the build/);
});

test("the tokenizer: tags in comments and script text are not tags; the first of two attributes counts", () => {
  const tags = tokenize(`<!doctype html><!-- <link rel="a"> --><title>a <b></title>
<script>if (a<b) document.write("<link rel='c'>")</script><link rel=d rel=e href="x>y" data-x = 'q' hidden/>`);
  assert.deepEqual(tags.map((t) => `${t.kind}:${t.name}`), ["start:title", "end:title", "start:script", "end:script", "start:link"]);
  assert.equal(tags[2].body, `if (a<b) document.write("<link rel='c'>")`);
  const link = tags[4];
  assert.deepEqual([...link.attrs].map(([k, a]) => [k, a.value, a.quote]), [
    ["rel", "d", ""], ["href", "x>y", '"'], ["data-x", "q", "'"], ["hidden", "", null],
  ]);
  assert.equal(link.selfClosing, true);
  assert.throws(() => tokenize('<link href="x'), /without its closing "/);
});
