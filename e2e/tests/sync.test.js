// Two tablets (two browser profiles) share a workspace through the relay on 127.0.0.1:
// joining by link, live edits, offline edits on both sides with one same-field conflict,
// and the relay killed with SIGKILL mid-sync and restarted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";

import { startServer, TOKEN } from "../support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { RolloutPage } from "../pages/rollout.js";
import { SyncPage } from "../pages/sync.js";
import { expect } from "../support/expect.js";
import { recordWire } from "../support/wirelog.js";
import { startProxy } from "../support/proxy.js";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// A creates a workspace with a plan and shares it; B joins by the link. A reaches the
// relay at `syncUrl` (default: directly).
async function twoTablets(server, syncUrl = server.syncUrl) {
  const a = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const b = await newPage(browser, server.url, TABLET_PORTRAIT);
  const wire = recordWire({ A: a.page, B: b.page });
  await new WorkspacesPage(a.page).create("Sync AG");
  const ra = new RolloutPage(a.page);
  await ra.open("plan");
  await ra.createPlan("2027-01-01");
  const sa = new SyncPage(a.page);
  await sa.connect(syncUrl, TOKEN);
  const link = await sa.shareLink();
  assert.match(link, /\/join\?doc=[1-9A-HJ-NP-Za-km-z]+&relay=ws/);
  const sb = new SyncPage(b.page);
  await sb.join(link, TOKEN);
  assert.match(await b.page.getByTestId("join-done").innerText(), /Sync AG/);
  return { a, b, sa, sb, ra, rb: new RolloutPage(b.page), wire };
}

const titles = (page) =>
  page.getByTestId("step-title").evaluateAll((els) => els.map((e) => e.value));

async function setTitle(page, index, text) {
  const field = page.getByTestId("step-title").nth(index);
  await field.fill(text);
  await field.blur();
}

// No script error happened on any of the tablets.
function noPageErrors(...tablets) {
  for (const t of tablets) assert.deepEqual(t.errors, []);
}

// Runs a test's steps; when one fails, says what went over the wire and what the relay
// logged, so that a sync that stopped can be read afterwards.
async function tellingTheWire(server, wire, steps) {
  try {
    await steps();
  } catch (e) {
    console.log(`What went over the wire:\n${wire()}\nThe relay said:\n${server.log()}`);
    throw e;
  }
}

// Closes the tablets, then stops the relay.
async function closeAll(server, ...tablets) {
  for (const t of tablets) await t.context.close();
  await server.stop();
}

test("an edit on one tablet shows on the other within a second; offline edits on both meet, the same-field conflict is shown", async () => {
  const server = await startServer();
  const { a, b, sa, sb, ra, rb, wire } = await twoTablets(server);
  try {
    await tellingTheWire(server, wire, async () => {
      await ra.open("plan");
      await rb.open("plan");
      await sa.waitInSync();
      await sb.waitInSync();
      assert.deepEqual(await titles(b.page), await titles(a.page));

      // Live: A edits, B sees it within 1 s.
      const started = Date.now();
      await setTitle(a.page, 0, "Ist-Analyse mit dem Verkaufsteam");
      await expect(async () => assert.equal((await titles(b.page))[0], "Ist-Analyse mit dem Verkaufsteam"), { timeout: 5000, interval: 20 });
      const latency = Date.now() - started;
      console.log(`edit from A visible at B after ${latency} ms`);
      assert.ok(latency <= 1000, `B saw A's edit after ${latency} ms`);

      // Both go offline and edit: different steps, and the same step's title.
      await a.context.setOffline(true);
      await b.context.setOffline(true);
      await expect(async () => assert.match(await sa.status(), /Offline/));
      await expect(async () => assert.match(await sb.status(), /Offline/));
      await setTitle(a.page, 1, "Strategie klären (A)");
      await setTitle(b.page, 2, "Meilenstein Strategie (B)");
      await setTitle(a.page, 3, "Kriterien – Vorschlag A");
      await setTitle(b.page, 3, "Kriterien – Vorschlag B");
      await expect(async () => assert.match(await sa.status(), /nicht beim Relay/));

      // Back online: both catch up by themselves and end identical.
      await a.context.setOffline(false);
      await b.context.setOffline(false);
      await sa.waitInSync();
      await sb.waitInSync();
      await expect(async () => assert.deepEqual(await titles(a.page), await titles(b.page)), { timeout: 10000 });
      const merged = await titles(a.page);
      assert.equal(merged[1], "Strategie klären (A)");
      assert.equal(merged[2], "Meilenstein Strategie (B)");
      assert.ok(["Kriterien – Vorschlag A", "Kriterien – Vorschlag B"].includes(merged[3]));
      // The same-field conflict is marked on both, with the other version.
      const other = merged[3].endsWith("A") ? "Kriterien – Vorschlag B" : "Kriterien – Vorschlag A";
      for (const { page } of [a, b]) {
        const note = page.getByTestId("plan-step").nth(3).getByTestId("conflict");
        await expect(async () => assert.match(await note.innerText(), new RegExp(other)));
      }
      // Picking one ends the conflict everywhere.
      // The version not shown is listed first.
      await b.page.getByTestId("plan-step").nth(3).getByTestId("conflict-take").first().click();
      await expect(async () => assert.equal((await titles(a.page))[3], other), { timeout: 5000 });
      await expect(async () => assert.equal(await a.page.getByTestId("conflict").count(), 0));

      // The charter too: both set the duration offline.
      await ra.tab("charter");
      await rb.tab("charter");
      await a.context.setOffline(true);
      await b.context.setOffline(true);
      await ra.setCharter({ duration: 30 });
      await rb.setCharter({ duration: 18 });
      await a.context.setOffline(false);
      await b.context.setOffline(false);
      await sa.waitInSync();
      await sb.waitInSync();
      for (const { page } of [a, b]) {
        await expect(async () => assert.match(await page.getByTestId("charter").getByTestId("conflict").innerText(), /«(18|30)»/), { timeout: 10000 });
      }
      assert.equal(
        await a.page.getByTestId("charter-duration").inputValue(),
        await b.page.getByTestId("charter-duration").inputValue(),
      );
      noPageErrors(a, b);
    });
  } finally {
    await closeAll(server, a, b);
  }
});

// Two tablets in sync on the plan, A's connection through a proxy whose `cut()` kills it
// silently (B goes straight to the relay); `steps` gets them and the proxy. The relay
// gets `relayArgs`.
async function behindAProxy(relayArgs, steps) {
  const server = await startServer({ args: relayArgs });
  const proxy = await startProxy(server.syncUrl);
  const tablets = await twoTablets(server, proxy.syncUrl);
  const { a, b, sa, sb, ra, rb, wire } = tablets;
  try {
    await tellingTheWire(server, wire, async () => {
      await sb.connect(server.syncUrl, TOKEN);
      await ra.open("plan");
      await rb.open("plan");
      await sa.waitInSync();
      await sb.waitInSync();
      await steps({ ...tablets, proxy });
      noPageErrors(a, b);
    });
  } finally {
    await closeAll(server, a, b);
    await proxy.stop();
  }
}

test("a connection that dies without closing is noticed while a change waits: it reaches the other tablet over a new one", async () => {
  await behindAProxy([], async ({ a, b, sa, proxy }) => {
    // A's connection dies silently (the tablet changed networks); A edits.
    proxy.cut();
    await setTitle(a.page, 2, "Meilenstein über eine neue Verbindung");
    await expect(async () => assert.match(await sa.status(), /1 Änderung noch nicht beim Relay/));
    // Within its patience (15 s) A gives the dead connection up and connects anew.
    await expect(async () => assert.equal((await titles(b.page))[2], "Meilenstein über eine neue Verbindung"), { timeout: 40000 });
    await sa.waitInSync(10000);
  });
});

test("an idle tablet whose connection dies without closing notices it by the relay's missing beat and gets the other's edit", async () => {
  // The relay beats every second here (20 s by default): A gives up after three missed.
  await behindAProxy(["--alive-ms", "1000"], async ({ a, b, sa, sb, proxy }) => {
    // A has heard the relay beat on this connection before it dies.
    await a.page.waitForTimeout(1500);
    proxy.cut();
    // A waits for nothing; B edits. Without the beat A would show "Synchron" and miss it.
    await setTitle(b.page, 3, "Kriterien (während A nichts merkt)");
    await sb.waitInSync();
    await expect(async () => assert.equal((await titles(a.page))[3], "Kriterien (während A nichts merkt)"), { timeout: 30000 });
    await sa.waitInSync(10000);
  });
});

test("the relay is killed with SIGKILL during sync and restarted: both tablets resync by themselves, nothing is lost", async () => {
  let server = await startServer();
  const { a, b, sa, sb, ra, rb } = await twoTablets(server);
  const address = new URL(server.url).host;
  const dataDir = server.dataDir;
  try {
    await ra.open("plan");
    await rb.open("plan");
    await sa.waitInSync();
    // A burst of edits, the relay dies in the middle of it.
    await setTitle(a.page, 4, "Anforderungsprofil (vor dem Absturz)");
    await server.kill();
    await setTitle(a.page, 5, "Provisorische Auswahl (während das Relay fehlt)");
    await setTitle(b.page, 6, "Definitive Auswahl (B, während das Relay fehlt)");
    await expect(async () => assert.doesNotMatch(await sa.status(), /Synchron ·/));

    server = await startServer({ listen: address, dataDir });
    await sa.waitInSync(40000);
    await sb.waitInSync(40000);
    await expect(async () => assert.deepEqual(await titles(a.page), await titles(b.page)), { timeout: 10000 });
    const t = await titles(b.page);
    assert.equal(t[5], "Provisorische Auswahl (während das Relay fehlt)");
    assert.equal(t[6], "Definitive Auswahl (B, während das Relay fehlt)");
    assert.equal(t[4], "Anforderungsprofil (vor dem Absturz)");
    noPageErrors(a, b);
  } finally {
    await closeAll(server, a, b);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a stock automerge-repo client (JavaScript, Node) finds the workspace the app shared and its edit shows in the app", async () => {
  const server = await startServer();
  const a = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const here = path.dirname(fileURLToPath(import.meta.url));
  let node;
  try {
    await new WorkspacesPage(a.page).create("Interop AG");
    const sa = new SyncPage(a.page);
    await sa.connect(server.syncUrl, TOKEN);
    const link = new URL(await sa.shareLink());
    const docUrl = `automerge:${link.searchParams.get("doc")}`;
    node = spawn(
      "node",
      [path.join(here, "..", "interop", "js-strategy-editor.mjs"), `${server.syncUrl}?token=${TOKEN}`, docUrl, "Wachstum in der DACH-Region (aus JavaScript)"],
      { cwd: path.join(here, ".."), stdio: ["pipe", "pipe", "inherit"] },
    );
    const lines = createInterface({ input: node.stdout });
    const seen = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`JS peer said ${JSON.stringify(seen)}`)), 30000);
      lines.on("line", (l) => {
        seen.push(l);
        if (l === "edited" || l.includes("error")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    assert.deepEqual(seen, ['{"name":"Interop AG"}', "edited"]);
    await a.page.goto("/rollout/analysis");
    const company = a.page.getByTestId("strategy-company");
    await expect(async () => assert.equal(await company.inputValue(), "Wachstum in der DACH-Region (aus JavaScript)"), { timeout: 10000 });
    noPageErrors(a);
  } finally {
    node?.stdin.end();
    await closeAll(server, a);
  }
});
