// The relay serves the release build as a web server should (issue 14): brotli when the
// browser takes it, hashed assets cached for good, the page and service worker
// revalidated, a content security policy the app runs under, nosniff, and a 404 for a
// missing asset instead of the page.
import { test } from "node:test";
import assert from "node:assert/strict";

import { useAppServer } from "../support/harness.js";
import { newPage } from "../support/browser.js";
import { ShellPage } from "../pages/shell.js";

const env = useAppServer();

async function get(path, headers = {}) {
  const response = await fetch(env.server.url + path, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes: body.length, body };
}

test("served headers: encoding, caching, CSP, nosniff, 404 for missing assets", async () => {
  const index = await get("/", { "accept-encoding": "br, gzip" });
  assert.equal(index.status, 200);
  const csp = index.headers.get("content-security-policy") || "";
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /'wasm-unsafe-eval'/);
  assert.equal(index.headers.get("cache-control"), "no-cache");
  assert.equal(index.headers.get("x-content-type-options"), "nosniff");
  const html = (await get("/")).body.toString("utf8");
  const wasm = html.match(/\/[\w-]+_bg\.wasm/)?.[0];
  const js = html.match(/\/kam-app-[\w]+\.js/)?.[0];
  assert.ok(wasm && js, "the page names its wasm and js");
  // fetch() decodes for us; ask with a raw request to see the encoding and its size.
  const http = await import("node:http");
  const raw = (path, encoding) =>
    new Promise((resolve, reject) => {
      http
        .get(env.server.url + path, { headers: { "accept-encoding": encoding } }, (res) => {
          let bytes = 0;
          res.on("data", (c) => (bytes += c.length));
          res.on("end", () => resolve({ headers: res.headers, bytes, status: res.statusCode }));
        })
        .on("error", reject);
    });
  const plain = await raw(wasm, "identity");
  const brotli = await raw(wasm, "br, gzip");
  const gzip = await raw(wasm, "gzip");
  assert.equal(brotli.headers["content-encoding"], "br");
  assert.equal(gzip.headers["content-encoding"], "gzip");
  assert.equal(brotli.headers["cache-control"], "public, max-age=31536000, immutable");
  const jsBrotli = await raw(js, "br");
  console.log(
    `wasm: ${plain.bytes} bytes raw, ${gzip.bytes} gzip, ${brotli.bytes} brotli; js: ${jsBrotli.bytes} brotli`,
  );
  assert.ok(brotli.bytes < plain.bytes / 2, "brotli is served compressed");
  const worker = await get("/sw.js");
  assert.equal(worker.headers.get("cache-control"), "no-cache");
  const missing = await get("/kam-app-0000000000000000.js");
  assert.equal(missing.status, 404);
  assert.ok(!missing.body.toString("utf8").includes("<html"), "a missing asset is not the page");
  const deep = await get("/customers/import");
  assert.equal(deep.status, 200, "page routes still get the app");
});

test("the app runs under its content security policy", async () => {
  const { context, page, errors } = await newPage(env.browser, env.server.url);
  const violations = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await new ShellPage(page).open("/rollout");
  await page.getByTestId("needs-workspace").waitFor();
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});
