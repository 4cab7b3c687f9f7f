// Trunk's post_build hook (Trunk.toml): links the landing module into the
// page. Trunk builds one "main" module per page, so the landing module is
// built as a "worker": plain file names and no links. This names its two
// files by content (cached for a year like every other asset), preloads them
// with Subresource Integrity exactly as Trunk preloads a main module, and
// turns the full app's preload links into inert `x-app-module` /
// `x-app-wasm` links: boot.js reads them, and the first load of `/` does not
// fetch the full app (docs/PERFORMANCE.md "Landing page"). boot.js ships
// without its whole-line comments (they are for readers of the source, and
// the first load is smaller), renamed by content with its new integrity. It
// fails the build if anything is not where it expects, and then checks the
// finished page's Subresource Integrity (landing/integrity.mjs): an empty,
// missing or wrong value fails the build.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { integrityProblems } from "./integrity.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
const base = process.env.TRUNK_PUBLIC_URL ?? "/";
if (!staging) throw new Error("landing/link.mjs runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)");

const hashed = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
const sri = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");
const named = (file, ext) => {
  const bytes = readFileSync(join(staging, file));
  const name = file.replace(ext, `-${hashed(bytes)}${ext}`);
  renameSync(join(staging, file), join(staging, name));
  return { name, integrity: sri(bytes) };
};
const js = named("landing.js", ".js");
const wasm = named("landing_bg.wasm", "_bg.wasm");

const page = join(staging, "index.html");
let html = readFileSync(page, "utf8");
const inert = (rel, renamed, pattern) => {
  const before = html;
  html = html.replace(pattern, `<link rel="${renamed}"$1`);
  if (html === before) throw new Error(`landing/link.mjs: no <link rel="${rel}"> of the full app in index.html`);
};
inert("modulepreload", "x-app-module", /<link rel="modulepreload"([^>]*href="[^"]*\/cognito-login-[0-9a-f]+\.js")/);
inert("preload", "x-app-wasm", /<link rel="preload"([^>]*href="[^"]*\/cognito-login-[0-9a-f]+_bg\.wasm")/);
const links =
  `<link rel="modulepreload" href="${base}${js.name}" crossorigin="anonymous" integrity="${js.integrity}">` +
  `<link rel="preload" href="${base}${wasm.name}" crossorigin="anonymous" integrity="${wasm.integrity}" as="fetch" type="application/wasm">`;
if (!html.includes("</head>")) throw new Error("landing/link.mjs: index.html has no </head>");
html = html.replace("</head>", links + "</head>");

// boot.js without its whole-line comments (and blank lines), still valid
// JavaScript, named by content, with its new integrity.
const boot = /<script\b[^>]*\bsrc="[^"]*\/(boot-[0-9a-f]+\.js)"[^>]*>/.exec(html);
if (!boot) throw new Error("landing/link.mjs: no <script src=\"…/boot-….js\"> in index.html");
const lines = readFileSync(join(staging, boot[1]), "utf8").split("\n");
const code = lines.filter((line) => !/^\s*(\/\/.*)?$/.test(line)).join("\n") + "\n";
const scratch = mkdtempSync(join(tmpdir(), "boot-"));
try {
  writeFileSync(join(scratch, "boot.mjs"), code);
  execFileSync(process.execPath, ["--check", join(scratch, "boot.mjs")], { stdio: "inherit" });
} finally {
  rmSync(scratch, { recursive: true });
}
const bootName = `boot-${hashed(code)}.js`;
unlinkSync(join(staging, boot[1]));
writeFileSync(join(staging, bootName), code);
const bootTag = boot[0].replace(boot[1], bootName).replace(/ integrity="[^"]*"/, () => ` integrity="${sri(code)}"`);
html = html.replace(boot[0], () => bootTag);
writeFileSync(page, html);
const problems = integrityProblems(staging, html, base);
if (problems.length) throw new Error(`landing/link.mjs: Subresource Integrity:\n  ${problems.join("\n  ")}`);
