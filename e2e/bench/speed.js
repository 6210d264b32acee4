// Benchmark (issue 15): what a user feels of the app's speed, in Chromium on the release
// build served by the relay, for the empty app, the large fixture, 20,000 and (when given)
// 50,000 customers:
// bytes over the wire for a first visit (page + service-worker precache, counted by a
// proxy in front of the relay), start to first content after a reload and in a new
// browser (same profile), the longest main-thread task during start, edit → durable
// and insert → durable (until `<html data-saving>` is gone: in IndexedDB), and the
// wasm memory, and what one interaction costs on the customer screens (a keystroke in
// the search, opening ABC, the portfolio and the list again: until the next frame has
// painted). Each beside its goal and as a ratio to the empty app of the same run.
// Figures, not a pass/fail test (2 shared cores: read ratios).
//
// Run with `node bench/speed.js large.automerge 20k.automerge [50k.automerge]`
// (scripts/test.sh writes all three with `cargo run -p kam-domain --example
// write_fixture`).
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../support/server.js";
import { launchBrowser, guardNavigation, untilSaved, TABLET_LANDSCAPE } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { waitOrExplain } from "../support/explain.js";

const [LARGE, BIG, HUGE] = process.argv.slice(2);
const STARTS = Number(process.env.KAM_SPEED_STARTS || 4);
const EDITS = Number(process.env.KAM_SPEED_EDITS || 20);
if (!LARGE || !BIG) {
  console.error("usage: node bench/speed.js <large.automerge> <20k.automerge> [50k.automerge]");
  process.exit(2);
}

// Before the app starts: the first content's time, every long task, and the wasm
// instance (for its memory).
const PROBE = (workspaceName) => {
  window.__kamLong = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__kamLong.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (_) {
    // No long-task timing in this browser: the figure is left out.
  }
  const keep = (result) => {
    window.__kamWasm = result.instance || result;
    return result;
  };
  // The wasm memory after each of the app's timed steps (kam:… measures): where a
  // start's memory goes (printed with KAM_SPEED_TRACE=1).
  window.__kamMemory = {};
  const measure = performance.measure.bind(performance);
  performance.measure = (name, ...rest) => {
    const bytes = window.__kamWasm?.exports?.memory?.buffer?.byteLength;
    if (bytes !== undefined) window.__kamMemory[name] = bytes;
    return measure(name, ...rest);
  };
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...args) => streaming(...args).then(keep);
  const plain = WebAssembly.instantiate;
  WebAssembly.instantiate = (...args) => plain(...args).then(keep);
  const shown = () => {
    // The header names the workspace once it is loaded (before, it says "none").
    const name = document.querySelector("[data-testid=workspace-button]");
    const count = document.querySelector("[data-testid=customer-count]");
    return name && name.textContent.includes(workspaceName) && count && /\d/.test(count.textContent);
  };
  // The document has loaded once the cached model no longer shows alone (the app
  // marks that moment on <html data-loading-document>); without a cache, at once.
  const watch = new MutationObserver(() => {
    const now = performance.now();
    if (window.__kamShown === undefined && shown()) window.__kamShown = now;
    if (window.__kamShown !== undefined && window.__kamLoaded === undefined && !document.documentElement.hasAttribute("data-loading-document")) {
      window.__kamLoaded = now;
      watch.disconnect();
    }
  });
  document.addEventListener("DOMContentLoaded", () =>
    watch.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-loading-document"] }),
  );
};

// Counts every byte the relay sends (headers and bodies as they go over the wire).
function countingProxy(target) {
  let bytes = 0;
  const server = http.createServer((req, res) => {
    const upstream = http.request(new URL(req.url, target), { method: req.method, headers: req.headers }, (r) => {
      bytes += Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 16);
      res.writeHead(r.statusCode, r.headers);
      r.on("data", (d) => {
        bytes += d.length;
        res.write(d);
      });
      r.on("end", () => res.end());
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        bytes: () => bytes,
        reset: () => (bytes = 0),
        close: () => new Promise((r) => server.close(r)),
      }),
    ),
  );
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
const percentile = (v, p) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function firstVisit(browser, proxy) {
  const context = await browser.newContext({ baseURL: proxy.url, viewport: TABLET_LANDSCAPE, locale: "de-CH" });
  const page = await context.newPage();
  proxy.reset();
  await page.goto("/workspaces");
  await page.getByTestId("screen-workspaces").waitFor({ timeout: 60_000 });
  const pageBytes = proxy.bytes();
  // The service worker has installed (its precache is complete) once it is active.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.waitForTimeout(500);
  const total = proxy.bytes();
  await context.close();
  return { pageBytes, total };
}

// From an act to the frame painted after the app has answered it: `ready` says when the
// answer is in the DOM (checked after each frame), then one more frame must paint.
const untilPainted = (page, act) =>
  page.evaluate(
    (act) =>
      new Promise((resolve, reject) => {
        const before = document.querySelector("[data-testid=customer-count]")?.textContent;
        const ready = () =>
          act.kind === "search"
            ? document.querySelector("[data-testid=customer-count]")?.textContent !== before || act.same
            : document.querySelector(`[data-testid=${act.wait}]`) !== null;
        const t0 = performance.now();
        if (act.kind === "search") {
          const input = document.querySelector("[data-testid=customer-search]");
          input.value = act.value;
          input.dispatchEvent(new Event("input", { bubbles: true }));
        } else {
          document.querySelector(`[data-testid=${act.click}]`).click();
        }
        const frame = () => {
          if (performance.now() - t0 > 30_000) return reject(new Error(`${act.kind} ${act.value || act.click}: no answer after 30 s`));
          if (!ready()) return requestAnimationFrame(frame);
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
        };
        requestAnimationFrame(frame);
      }),
    act,
  );

// A head of sales looks for a customer letter by letter, then opens ABC, the portfolio
// and the list again. Starts and ends on the customer list.
async function interactions(page) {
  const keys = [];
  const word = "Müller";
  for (let i = 1; i <= word.length; i++) {
    await page.waitForTimeout(100);
    // "Mü" and "Mül" may find as many as "M": the count need not change.
    keys.push(await untilPainted(page, { kind: "search", value: word.slice(0, i), same: true }));
  }
  await page.waitForTimeout(100);
  keys.push(await untilPainted(page, { kind: "search", value: "", same: false }));
  await page.waitForTimeout(200);
  const abc = await untilPainted(page, { kind: "tab", click: "tab-abc", wait: "abc" });
  await page.waitForTimeout(200);
  const portfolio = await untilPainted(page, { kind: "tab", click: "tab-portfolio", wait: "portfolio" });
  await page.waitForTimeout(200);
  const list = await untilPainted(page, { kind: "tab", click: "tab-customers", wait: "customer-list" });
  await page.getByTestId("customer-count").filter({ hasText: /\d/ }).waitFor();
  return { searchP95: percentile(keys, 95), abc, portfolio, list };
}

// With KAM_SPEED_TRACE=1: every long task and step of each start, in order.
function trace(what, starts) {
  starts.forEach((r, i) => {
    console.log(`  ${what} ${i + 1} (ms from navigation; wasm memory once loaded ${r.memory === null ? "?" : (r.memory / 1e6).toFixed(0)} MB):`);
    for (const e of r.trace) console.log(`    ${e.start.toFixed(0).padStart(6)}  ${e.what}${e.ms ? ` ${e.ms.toFixed(0)} ms` : ""}`);
  });
}

// One profile for the whole size: reloads, new browsers, edits.
async function oneSize(name, fixture, server) {
  const workspaceName = fixture ? "Muster AG – KAM" : "Leer AG";
  const profile = mkdtempSync(path.join(tmpdir(), "kam-speed-"));
  const launch = async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
      baseURL: server.url,
      viewport: TABLET_LANDSCAPE,
      locale: "de-CH",
    });
    await context.addInitScript(PROBE, workspaceName);
    const page = guardNavigation(context.pages()[0] || (await context.newPage()));
    return { context, page };
  };
  let { context, page } = await launch();
  try {
    const w = new WorkspacesPage(page);
    await w.open();
    if (fixture) {
      await w.importAsNew(fixture);
      await waitOrExplain(page, page.getByTestId("current-workspace-name").filter({ hasText: /\S/ }), `${name} imported`, 180_000);
    } else {
      await w.create(workspaceName);
    }
    await page.goto("/customers");
    await waitOrExplain(page, page.getByTestId("customer-count").filter({ hasText: /\d/ }), `${name}: customer list`, 180_000);
    await untilSaved(page);
    // Compaction after start and the service worker settle before anything is timed.
    await page.waitForTimeout(3_000);

    const start = async () => {
      await waitOrExplain(page, page.getByTestId("customer-count").filter({ hasText: /\d/ }), `${name}: started`, 180_000);
      await page.waitForFunction(() => window.__kamLoaded !== undefined, null, { timeout: 180_000 });
      await page.waitForTimeout(300);
      return page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const shownAt = window.__kamShown;
        const loadedAt = window.__kamLoaded;
        // Until the document has loaded: its load after the first content counts too.
        const during = window.__kamLong.filter((t) => t.start <= loadedAt + 100);
        return {
          shown: shownAt - (nav ? nav.startTime : 0),
          loaded: loadedAt - (nav ? nav.startTime : 0),
          longest: during.reduce((m, t) => Math.max(m, t.ms), 0),
          memory: window.__kamWasm?.exports?.memory?.buffer?.byteLength ?? null,
          // The app's own timing of each step of opening the workspace (kam:…).
          // With KAM_SPEED_TRACE=1: every long task and step, to see which steps one task holds.
          trace: [
            ...during.map((t) => ({ what: "long task", start: t.start, ms: t.ms })),
            ...performance
              .getEntriesByType("measure")
              .filter((m) => m.name.startsWith("kam:"))
              .map((m) => ({
                what: m.name.slice(4) + (window.__kamMemory[m.name] ? ` (then ${(window.__kamMemory[m.name] / 1e6).toFixed(0)} MB)` : ""),
                start: m.startTime,
                ms: m.duration,
              })),
            { what: "first content", start: shownAt, ms: 0 },
            { what: "document loaded", start: loadedAt, ms: 0 },
          ].sort((a, b) => a.start - b.start),
          steps: Object.fromEntries(
            performance
              .getEntriesByType("measure")
              .filter((m) => m.name.startsWith("kam:"))
              .map((m) => [m.name.slice(4), m.duration]),
          ),
        };
      });
    };
    const reloads = [];
    for (let i = 0; i < STARTS; i++) {
      await page.reload();
      reloads.push(await start());
    }
    if (process.env.KAM_SPEED_TRACE) trace(`${name}, reload`, reloads);
    const fresh = [];
    for (let i = 0; i < Math.max(2, STARTS / 2); i++) {
      await untilSaved(page);
      await context.close();
      ({ context, page } = await launch());
      await page.goto("/customers");
      fresh.push(await start());
    }
    if (process.env.KAM_SPEED_TRACE) trace(`${name}, new browser`, fresh);

    // Inserts through the add form, then edits of the first customer's region; each
    // from the submit / leaving the field to the change being in IndexedDB.
    const durable = (act) =>
      page.evaluate(
        (act) =>
          new Promise((resolve, reject) => {
            const root = document.documentElement;
            const t0 = performance.now();
            const done = () => {
              if (root.dataset.saving !== "true") {
                observer.disconnect();
                resolve(performance.now() - t0);
              }
            };
            const observer = new MutationObserver(done);
            observer.observe(root, { attributes: true, attributeFilter: ["data-saving"] });
            if (act.kind === "insert") {
              document.querySelector("[data-testid=add-customer]").requestSubmit();
            } else {
              // As a person does: type, then leave the field (which saves it).
              const input = document.querySelector("[data-testid=edit-region]");
              input.focus();
              input.value = act.value;
              input.dispatchEvent(new Event("input", { bubbles: true }));
              input.blur();
            }
            if (root.dataset.saving !== "true") {
              observer.disconnect();
              reject(new Error(`${act.kind}: nothing to save (refused?)`));
            }
            setTimeout(() => reject(new Error(`${act.kind}: not durable after 60 s`)), 60_000);
          }),
        act,
      );
    const inserts = [];
    for (let i = 0; i < EDITS; i++) {
      await page.getByTestId("new-number").fill(`B-${i}`);
      await page.getByTestId("new-name").fill(`Bench Kunde ${i}`);
      await page.waitForTimeout(50);
      inserts.push(await durable({ kind: "insert" }));
    }
    await page.getByTestId("edit-customer").first().click();
    await page.getByTestId("edit-region").waitFor();
    const edits = [];
    for (let i = 0; i < EDITS; i++) {
      await page.waitForTimeout(50);
      edits.push(await durable({ kind: "edit", value: `Region ${i}` }));
    }
    const memory = await page.evaluate(() => window.__kamWasm?.exports?.memory?.buffer?.byteLength ?? null);
    const interaction = await interactions(page);
    return {
      ...interaction,
      name,
      reload: median(reloads.map((r) => r.shown)),
      fresh: median(fresh.map((r) => r.shown)),
      reloadLoaded: median(reloads.map((r) => r.loaded)),
      freshLoaded: median(fresh.map((r) => r.loaded)),
      longest: Math.max(...reloads.concat(fresh).map((r) => r.longest)),
      steps: Object.fromEntries(
        [...new Set(reloads.flatMap((r) => Object.keys(r.steps)))].map((k) => [k, median(reloads.filter((r) => k in r.steps).map((r) => r.steps[k]))]),
      ),
      editP50: percentile(edits, 50),
      editP95: percentile(edits, 95),
      insertP95: percentile(inserts, 95),
      memory,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const server = await startServer();
const proxy = await countingProxy(server.url);
const browser = await launchBrowser();
try {
  const visits = [];
  for (let i = 0; i < 2; i++) visits.push(await firstVisit(browser, proxy));
  const visit = visits.reduce((a, b) => (a.total <= b.total ? a : b));
  const sizes = [];
  sizes.push(await oneSize("empty app", null, server));
  sizes.push(await oneSize("large fixture", LARGE, server));
  sizes.push(await oneSize("20,000 customers", BIG, server));
  if (HUGE) sizes.push(await oneSize("50,000 customers", HUGE, server));

  const kb = (b) => `${(b / 1000).toFixed(0)} KB`;
  console.log(`speed benchmark: Chromium, release build via the relay, ${STARTS} starts and ${EDITS} edits/inserts per size (median / p95)`);
  console.log(`  first visit over the wire: ${kb(visit.total)} (page ${kb(visit.pageBytes)}, then the service worker's precache ${kb(visit.total - visit.pageBytes)})   goal ≤ 1,000 KB: ${visit.total <= 1_000_000 ? "met" : "MISSED"}`);
  const empty = sizes[0];
  const goals = {
    "empty app": { reload: 300, fresh: 600, edit: 16, insert: 30 },
    "large fixture": { reload: 300, fresh: 600, edit: 16, insert: 30 },
    "20,000 customers": { reload: 500, fresh: 800, edit: 30, insert: 30 },
    "50,000 customers": { reload: 1_000, fresh: 1_500, edit: 30, insert: 30 },
  };
  const line = (label, value, goal, base, unit = "ms") => {
    const ratio = base ? ` (${(value / base).toFixed(1)}× empty)` : "";
    const verdict = goal === undefined ? "" : `   goal ≤ ${goal} ${unit}: ${value <= goal ? "met" : "MISSED"}`;
    return `    ${label.padEnd(34)} ${value.toFixed(0).padStart(7)} ${unit}${ratio}${verdict}`;
  };
  for (const s of sizes) {
    const g = goals[s.name];
    const first = s === empty ? null : empty;
    console.log(`  ${s.name}`);
    console.log(line("start to first content, reload", s.reload, g.reload, first?.reload));
    console.log(line("… in a new browser", s.fresh, g.fresh, first?.fresh));
    console.log(line("document loaded, reload", s.reloadLoaded, undefined, first?.reloadLoaded));
    console.log(line("… in a new browser", s.freshLoaded, undefined, first?.freshLoaded));
    console.log(line("longest task during start", s.longest, 100, first?.longest || null));
    const steps = Object.entries(s.steps).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(", ");
    if (steps) console.log(`      its steps after a reload, ms (median): ${steps}`);
    console.log(line("edit → durable, p50", s.editP50, undefined, first?.editP50));
    console.log(line("edit → durable, p95", s.editP95, g.edit, first?.editP95));
    console.log(line("insert → durable, p95", s.insertP95, g.insert, first?.insertP95));
    if (s.memory !== null) console.log(line("wasm memory", s.memory / 1e6, s.name.endsWith("000 customers") ? 100 : undefined, first?.memory ? first.memory / 1e6 : null, "MB"));
    console.log(line("search, a keystroke → painted, p95", s.searchP95, 100, first?.searchP95));
    console.log(line("open ABC → painted", s.abc, 100, first?.abc));
    console.log(line("open the portfolio → painted", s.portfolio, 100, first?.portfolio));
    console.log(line("back to the list → painted", s.list, 100, first?.list));
  }
  console.log("  (first content: the model cached with the stored chunks, when current; editable from then on: an edit");
  console.log("   before the document has loaded loads it first. The longest task counts until the document has loaded.)");
} finally {
  await browser.close();
  await proxy.close();
  await server.stop();
}
