// The build's Subresource Integrity check (landing/integrity.mjs), on small
// pages: run by ./x test with `node --test`.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { integrityProblems } from "./integrity.mjs";

const files = { "boot-1.js": "start()\n", "app-2.js": "export default 1;\n", "app-2_bg.wasm": "\0asm", "main-3.css": "p{}" };
const sri = (text) => "sha384-" + createHash("sha384").update(text).digest("base64");

const build = (extra = {}) => {
  const dir = mkdtempSync(join(tmpdir(), "integrity-"));
  for (const [name, text] of Object.entries({ ...files, ...extra })) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
};

// A page as the build writes it, under `base`; `attr(file)` gives each
// file's integrity attribute.
const page = (base = "/", attr = (f) => ` integrity="${sri(files[f])}"`) =>
  `<html><head><link rel="icon" href="data:,">
<link rel="stylesheet" href="${base}main-3.css"${attr("main-3.css")} crossorigin="anonymous"/>
<link rel="x-app-module" href="${base}app-2.js" crossorigin="anonymous"${attr("app-2.js")}>
<link rel="x-app-wasm" href="${base}app-2_bg.wasm" crossorigin="anonymous"${attr("app-2_bg.wasm")} as="fetch" type="application/wasm">
<script src="${base}boot-1.js" type="module"${attr("boot-1.js")} crossorigin="anonymous"></script></head><body></body></html>`;

test("a page whose every file has its digest passes, at the root and under a sub-path", () => {
  assert.deepEqual(integrityProblems(build(), page()), []);
  assert.deepEqual(integrityProblems(build(), page("/login/"), "/login/"), []);
  const sha256 = (f) => ` integrity='sha256-${createHash("sha256").update(files[f]).digest("base64")}'`;
  assert.deepEqual(integrityProblems(build(), page("/", sha256)), []);
});

test("a missing, empty, wrong or doubled integrity value fails", () => {
  const without = (name, value) => (f) => (f === name ? value : ` integrity="${sri(files[f])}"`);
  const cases = [
    ["boot-1.js", "", "<script src=\"/boot-1.js\">: no integrity attribute"],
    ["app-2.js", ' integrity=""', '<link rel="x-app-module" href="/app-2.js">: an empty integrity attribute'],
    ["app-2_bg.wasm", ` integrity="${sri("other")}"`, "is not the digest of app-2_bg.wasm"],
    ["main-3.css", ` integrity="${sri(files["main-3.css"])} ${sri("x")}"`, "is not one sha256, sha384 or sha512 digest"],
    ["boot-1.js", ' integrity="md5-abc"', "is not one sha256, sha384 or sha512 digest"],
  ];
  for (const [file, value, expected] of cases) {
    const problems = integrityProblems(build(), page("/", without(file, value)));
    assert.equal(problems.length, 1, `${file} with${value}: ${problems}`);
    assert.ok(problems[0].includes(expected), problems[0]);
  }
});

test("an inline script, an unlinked or unchecked script, and a file from elsewhere fail", () => {
  const inline = page().replace("</head>", '<script type="module">import("/app-2.js")</script></head>');
  assert.match(integrityProblems(build(), inline).join(), /an inline <script>/);
  const problems = integrityProblems(build({ "snippets/x/inline0.js": "export const a = 1;\n" }), page());
  assert.deepEqual(problems, ["snippets/x/inline0.js: in the build, but no link checks its integrity"]);
  const prefetch = page().replace("</head>", '<link rel="prefetch" href="/app-2.js"></head>');
  assert.match(integrityProblems(build(), prefetch).join(), /outside a checked link/);
  const elsewhere = page().replace("</head>", '<script src="https://cdn.example/x.js" integrity="sha384-AAAA"></script></head>');
  assert.match(integrityProblems(build(), elsewhere).join(), /not a file of this build/);
  const gone = page().replace("/boot-1.js", "/boot-9.js");
  assert.ok(integrityProblems(build(), gone).some((p) => p.includes("boot-9.js is not in the build")));
});

test("tags in a comment are not checked; tags the comment does not hide are", () => {
  const commented = page().replace("</head>", '<!-- <script src="/gone.js"></script> --></head>');
  assert.deepEqual(integrityProblems(build(), commented), []);
  const after = page().replace("</head>", '<!-- a > b --><script src="/boot-1.js"></script></head>');
  assert.match(integrityProblems(build(), after).join(), /<script src="\/boot-1.js">: no integrity attribute/);
});
