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
//
// The page is parsed (landing/html.mjs), not matched as text: the links are
// found by what they are (`rel`, the file they name), wherever Trunk puts
// their attributes and however it names its files, and only the values that
// change are rewritten; every other byte stays as Trunk wrote it. Its tests:
// landing/link.test.mjs.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { pathToFileURL } from "node:url";
import { applyEdits, tokenize } from "./html.mjs";
import { integrityProblems } from "./integrity.mjs";

const hashed = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
const sri = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");
const fail = (what) => {
  throw new Error(`landing/link.mjs: ${what}`);
};

// The space-separated tokens of a `rel`, lower-cased (HTML §4.6.7).
const rels = (tag) => (tag.attrs.get("rel")?.value ?? "").toLowerCase().split(/\s+/).filter(Boolean);
// The path of a URL's file, without query or fragment.
const urlPath = (url) => url.split(/[?#]/)[0];

// The one tag `pick` chooses, or a failed build naming `what`.
const theOne = (tags, what, pick) => {
  const found = tags.filter(pick);
  if (found.length !== 1) fail(`expected one ${what} in index.html, found ${found.length}`);
  return found[0];
};

// Links the landing module into the page Trunk built in `staging` (its
// staging directory), served under `base` (Trunk's public URL).
export const linkLanding = (staging, base = "/") => {
  const named = (file, ext) => {
    let bytes;
    try {
      bytes = readFileSync(join(staging, file));
    } catch {
      fail(`${file} is not in the build (index.html's landing module, data-type="worker")`);
    }
    const name = file.slice(0, -ext.length) + `-${hashed(bytes)}${ext}`;
    renameSync(join(staging, file), join(staging, name));
    return { name, integrity: sri(bytes) };
  };
  const js = named("landing.js", ".js");
  const wasm = named("landing_bg.wasm", "_bg.wasm");

  const page = join(staging, "index.html");
  const html = readFileSync(page, "utf8");
  const tags = tokenize(html);
  const links = tags.filter((t) => t.kind === "start" && t.name === "link");
  const edits = [];

  // The full app's preload links, as Trunk writes them for the page's main
  // module: its wasm-bindgen module and its WebAssembly.
  const setValue = (tag, attr, text) => {
    const { start, end, quote } = tag.attrs.get(attr);
    edits.push({ start, end, text: quote === null ? `="${text}"` : text });
  };
  const appModule = theOne(links, '<link rel="modulepreload"> (the full app)', (t) => rels(t).includes("modulepreload"));
  const appWasm = theOne(links, '<link rel="preload"> of a .wasm file (the full app)', (t) =>
    rels(t).includes("preload") && urlPath(t.attrs.get("href")?.value ?? "").endsWith(".wasm"),
  );
  setValue(appModule, "rel", "x-app-module");
  setValue(appWasm, "rel", "x-app-wasm");

  // The landing module's links, last in the head.
  const head = theOne(tags, "</head>", (t) => t.kind === "end" && t.name === "head");
  edits.push({
    start: head.start,
    end: head.start,
    text:
      `<link rel="modulepreload" href="${base}${js.name}" crossorigin="anonymous" integrity="${js.integrity}">` +
      `<link rel="preload" href="${base}${wasm.name}" crossorigin="anonymous" integrity="${wasm.integrity}" as="fetch" type="application/wasm">`,
  });

  // boot.js without its whole-line comments (and blank lines), still valid
  // JavaScript, named by content, with its new integrity.
  const isBoot = (t) => /^boot\b[^/]*\.js$/.test(posix.basename(urlPath(t.attrs.get("src")?.value ?? "")));
  const boot = theOne(tags, '<script src="…boot….js">', (t) => t.kind === "start" && t.name === "script" && isBoot(t));
  const src = boot.attrs.get("src").value;
  if (!src.startsWith(base)) fail(`<script src="${src}">: not under the public URL ${base}`);
  const bootFile = decodeURIComponent(urlPath(src).slice(base.length));
  const lines = readFileSync(join(staging, bootFile), "utf8").split("\n");
  const code = lines.filter((line) => !/^\s*(\/\/.*)?$/.test(line)).join("\n") + "\n";
  const scratch = mkdtempSync(join(tmpdir(), "boot-"));
  try {
    writeFileSync(join(scratch, "boot.mjs"), code);
    execFileSync(process.execPath, ["--check", join(scratch, "boot.mjs")], { stdio: "inherit" });
  } finally {
    rmSync(scratch, { recursive: true });
  }
  const bootName = `boot-${hashed(code)}.js`;
  unlinkSync(join(staging, bootFile));
  writeFileSync(join(staging, dirname(bootFile), bootName), code);
  const srcPath = urlPath(src);
  setValue(boot, "src", srcPath.slice(0, srcPath.lastIndexOf("/") + 1) + bootName + src.slice(srcPath.length));
  if (boot.attrs.has("integrity")) setValue(boot, "integrity", sri(code));
  else {
    const at = boot.attrs.get("src").end + (boot.attrs.get("src").quote ?? "").length;
    edits.push({ start: at, end: at, text: ` integrity="${sri(code)}"` });
  }

  const linked = applyEdits(html, edits);
  writeFileSync(page, linked);
  const problems = integrityProblems(staging, linked, base);
  if (problems.length) fail(`Subresource Integrity:\n  ${problems.join("\n  ")}`);
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const staging = process.env.TRUNK_STAGING_DIR;
  if (!staging) fail("runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)");
  linkLanding(staging, process.env.TRUNK_PUBLIC_URL ?? "/");
}
