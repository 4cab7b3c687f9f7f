// The CloudFront Function against a table of URIs, under Node's test runner
// (`node --test`). The function's source is evaluated as CloudFront would
// run it, with BASE_PATH substituted as the template does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const source = readFileSync(new URL("../viewer-request.js", import.meta.url), "utf8");

function handlerFor(basePath) {
  const context = vm.createContext({});
  vm.runInContext(source.replace("${BasePath}", basePath), context);
  return context.handler;
}

function run(handler, uri, querystring = {}) {
  const event = { version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "127.0.0.1" },
    request: { method: "GET", uri, querystring, headers: {}, cookies: {} } };
  const out = handler(event);
  return out;
}

const root = [
  ["/", "/index.html"],
  ["/callback", "/index.html"],
  ["/reports/q", "/index.html"],
  ["/setup", "/index.html"],
  ["/app-1234.wasm", "/app-1234.wasm"],
  ["/cognito-login-8cc4d2799f28afe4_bg.wasm", "/cognito-login-8cc4d2799f28afe4_bg.wasm"],
  ["/config.json", "/config.json"],
  ["/index.html", "/index.html"],
  ["/.well-known/x", "/index.html"],
  ["/.well-known/security.txt", "/.well-known/security.txt"],
  ["/reports/v1.2", "/index.html"],
  ["/login/callback", "/index.html"],
];

for (const [uri, expected] of root) {
  test(`root: ${uri} -> ${expected}`, () => {
    assert.equal(run(handlerFor("/"), uri).uri, expected);
  });
}

const subPath = [
  ["/login/", "/login/index.html"],
  ["/login", "/login/index.html"],
  ["/login/callback", "/login/index.html"],
  ["/login/reports/q", "/login/index.html"],
  ["/login/config.json", "/login/config.json"],
  ["/login/app-1234.wasm", "/login/app-1234.wasm"],
  ["/callback", "/callback"],
  ["/loginx/callback", "/loginx/callback"],
];

for (const [uri, expected] of subPath) {
  test(`sub-path /login/: ${uri} -> ${expected}`, () => {
    assert.equal(run(handlerFor("/login/"), uri).uri, expected);
  });
}

test("the release manifest is never served", () => {
  for (const [base, uri] of [["/", "/.cognito-login/releases.json"], ["/login/", "/login/.cognito-login/releases.json"]]) {
    const out = run(handlerFor(base), uri);
    assert.equal(out.statusCode, 404, uri);
    assert.equal(out.uri, undefined, uri);
  }
  assert.equal(run(handlerFor("/"), "/cognito-login/x").uri, "/index.html");
});

test("the bucket's root (a listing) is never asked for", () => {
  const out = run(handlerFor("/login/"), "/", { "list-type": { value: "2" } });
  assert.equal(out.statusCode, 404);
  assert.equal(out.uri, undefined);
  assert.equal(run(handlerFor("/"), "/").uri, "/index.html");
});

test("the query string is left intact", () => {
  const querystring = { code: { value: "a" }, state: { value: "b" } };
  const out = run(handlerFor("/"), "/callback", querystring);
  assert.equal(out.uri, "/index.html");
  assert.deepEqual(out.querystring, { code: { value: "a" }, state: { value: "b" } });
});

test("the template embeds exactly this function", () => {
  const template = readFileSync(new URL("../template.yaml", import.meta.url), "utf8");
  const marker = "FunctionCode: !Sub |\n";
  const start = template.indexOf(marker);
  assert.ok(start > 0, "template.yaml has no `FunctionCode: !Sub |` block");
  const lines = template.slice(start + marker.length).split("\n");
  const indent = lines[0].match(/^ */)[0];
  const body = [];
  for (const line of lines) {
    if (line.trim() !== "" && !line.startsWith(indent)) break;
    body.push(line.slice(indent.length));
  }
  assert.equal(body.join("\n").trimEnd(), source.trimEnd());
});
