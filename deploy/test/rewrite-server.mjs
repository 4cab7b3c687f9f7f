// Runs the CloudFront Function for the end-to-end tests' local "edge"
// (e2e/src/hosting.rs): reads one URI per line on stdin, writes the URI the
// function rewrites it to (or "!STATUS" when it answers itself), one per line. Usage: node rewrite-server.mjs BASE_PATH
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import vm from "node:vm";

const basePath = process.argv[2] ?? "/";
const source = readFileSync(new URL("../viewer-request.js", import.meta.url), "utf8");
const context = vm.createContext({});
vm.runInContext(source.replace("${BasePath}", basePath), context);

for await (const uri of createInterface({ input: process.stdin })) {
  const event = { version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "127.0.0.1" },
    request: { method: "GET", uri, querystring: {}, headers: {}, cookies: {} } };
  const out = context.handler(event);
  // A response instead of a request: "!STATUS".
  process.stdout.write((out.statusCode ? `!${out.statusCode}` : out.uri) + "\n");
}
