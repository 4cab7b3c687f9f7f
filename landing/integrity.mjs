// The build's Subresource Integrity check (run by landing/link.mjs, Trunk's
// post_build hook, on the finished page; docs/SECURITY.md "Content Security
// Policy"): every script, wasm-bindgen module, WebAssembly file and
// stylesheet the page names carries exactly one integrity value, and it is
// the digest of the file in the build. An empty, missing or wrong value, an
// inline script, or a script or WebAssembly file of the build that no
// checked link names fails the build. boot.js refuses a link without
// integrity at run time too.
//
// As a command, for a built directory: node landing/integrity.mjs DIST [PUBLIC_URL]
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { tokenize } from "./html.mjs";

// The links whose files the browser checks against their integrity (and
// boot.js's inert links to the full app, which it checks the same way).
const CHECKED_RELS = new Set(["stylesheet", "modulepreload", "preload", "x-app-module", "x-app-wasm"]);
const RUNS = /\.(m?js|wasm)$/;

// Every `<script>` and `<link>` start tag of `html` (landing/html.mjs: tags
// in comments and in a script's text are not tags): its name, attributes
// (the first of each name, as a browser reads them), and a script's text.
const tags = (html) =>
  tokenize(html)
    .filter((t) => t.kind === "start" && (t.name === "script" || t.name === "link"))
    .map((t) => ({ name: t.name, attrs: Object.fromEntries([...t.attrs].map(([k, a]) => [k, a.value])), body: t.body }));

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );

// What is wrong with the integrity of `html` (the built index.html) against
// the files in `dir`, served under `base` (Trunk's public URL): a list of
// sentences, empty when all is well.
export const integrityProblems = (dir, html, base = "/") => {
  const problems = [];
  const checked = new Set();
  for (const { name, attrs, body } of tags(html)) {
    const rel = (attrs.rel ?? "").toLowerCase();
    const url = name === "script" ? attrs.src : attrs.href;
    if (name === "script" && url === undefined) {
      problems.push(`an inline <script> (${body.trim().slice(0, 40)}…): only a file can be checked by integrity`);
      continue;
    }
    if (name === "link" && !CHECKED_RELS.has(rel)) {
      if (RUNS.test(url ?? "")) problems.push(`<link rel="${rel}" href="${url}">: a script or WebAssembly file outside a checked link`);
      continue;
    }
    const what = name === "script" ? `<script src="${url}">` : `<link rel="${rel}" href="${url}">`;
    if (!url || !url.startsWith(base) || url.includes("..")) {
      problems.push(`${what}: not a file of this build under ${base}`);
      continue;
    }
    const file = decodeURIComponent(url.slice(base.length).split(/[?#]/)[0]);
    let bytes;
    try {
      bytes = readFileSync(join(dir, file));
    } catch {
      problems.push(`${what}: ${file} is not in the build`);
      continue;
    }
    checked.add(file);
    const value = (attrs.integrity ?? "").trim();
    const m = /^sha(256|384|512)-([A-Za-z0-9+/]+={0,2})$/.exec(value);
    if (attrs.integrity === undefined) problems.push(`${what}: no integrity attribute`);
    else if (value === "") problems.push(`${what}: an empty integrity attribute`);
    else if (!m) problems.push(`${what}: integrity "${value}" is not one sha256, sha384 or sha512 digest`);
    else if (createHash("sha" + m[1]).update(bytes).digest("base64") !== m[2]) {
      problems.push(`${what}: integrity "${value}" is not the digest of ${file}`);
    }
  }
  for (const path of filesUnder(dir)) {
    const file = relative(dir, path).split(sep).join("/");
    if (RUNS.test(file) && !checked.has(file)) problems.push(`${file}: in the build, but no link checks its integrity`);
  }
  return problems;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir, base = "/"] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node landing/integrity.mjs DIST [PUBLIC_URL]");
    process.exit(2);
  }
  const problems = integrityProblems(dir, readFileSync(join(dir, "index.html"), "utf8"), base);
  for (const p of problems) console.error(`${dir}/index.html: ${p}`);
  process.exit(problems.length ? 1 : 0);
}
