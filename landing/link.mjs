// Trunk's post_build hook (Trunk.toml): links the landing module into the
// page. Trunk builds one "main" module per page, so the landing module is
// built as a "worker": plain file names and no links. This names its two
// files by content (cached for a year like every other asset), preloads them
// with Subresource Integrity exactly as Trunk preloads a main module, and
// turns the full app's preload links into inert `x-app-module` /
// `x-app-wasm` links: boot.js reads them, and the first load of `/` does not
// fetch the full app (docs/PERFORMANCE.md "Landing page"). It fails the
// build if anything is not where it expects.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
const base = process.env.TRUNK_PUBLIC_URL ?? "/";
if (!staging) throw new Error("landing/link.mjs runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)");

const named = (file, ext) => {
  const bytes = readFileSync(join(staging, file));
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const name = file.replace(ext, `-${hash}${ext}`);
  renameSync(join(staging, file), join(staging, name));
  return { name, integrity: "sha384-" + createHash("sha384").update(bytes).digest("base64") };
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
writeFileSync(page, html);
