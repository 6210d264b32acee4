// Workshop follow-me (issue 18), three tablets through the relay on 127.0.0.1: Anna
// leads; Beat follows, Carla does not. Anna moves through two screens and Beat's tablet
// goes along, Carla's stays; Beat steps out by moving on his own, and Anna's next move
// leaves him where he is; "Folgen" brings him back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";

import { startServer, TOKEN } from "../support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { SyncPage } from "../pages/sync.js";
import { expect } from "../support/expect.js";

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const path = (page) => new URL(page.url()).pathname;

async function isOn(page, wanted) {
  await expect(async () => assert.equal(path(page), wanted), { timeout: 20000 });
}

// Moves within the app as a user does: through the main navigation or a link.
async function go(page, to) {
  await page.evaluate((to) => {
    history.pushState({}, "", to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, to);
  await isOn(page, to);
}

test("follow-me: followers go where the leader goes; others stay; stepping out and back in", async () => {
  const anna = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const beat = await newPage(browser, server.url, TABLET_PORTRAIT);
  const carla = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const [a, b, c] = [anna.page, beat.page, carla.page];
  await new WorkspacesPage(a).create("Workshop AG", "Anna Keller");
  const sa = new SyncPage(a);
  await sa.connect(server.syncUrl, TOKEN);
  // The relay card says what it is for; "Moderieren" is the button's word only (it
  // once replaced the card's explanation).
  assert.match(await a.getByTestId("relay-settings").locator(".hint").first().innerText(), /Damit Änderungen anderer Geräte hier ankommen/);
  assert.equal((await a.getByTestId("lead-toggle").innerText()).trim(), "Moderieren");
  const link = await sa.shareLink();
  await new SyncPage(b).join(link, TOKEN, "Beat Meier");
  await new SyncPage(c).join(link, TOKEN, "Carla Roth");
  for (const p of [a, b, c]) {
    await p.goto("/rollout");
    await new SyncPage(p).waitInSync();
  }

  // Anna leads; Beat and Carla see it; Beat follows.
  await a.getByTestId("lead-toggle").click();
  await a.getByTestId("leading").waitFor();
  for (const p of [b, c]) {
    await expect(async () => assert.match(await p.getByTestId("leader").innerText(), /Anna Keller moderiert/), { timeout: 20000 });
  }
  await b.getByTestId("follow").click();
  await expect(async () => assert.match(await b.getByTestId("leader").innerText(), /Sie folgen Anna Keller/));

  // Two agenda steps: Beat's tablet goes along, Carla's stays on the overview.
  await go(a, "/customers/criteria");
  await isOn(b, "/customers/criteria");
  await go(a, "/people/candidates");
  await isOn(b, "/people/candidates");
  assert.equal(path(c), "/rollout");
  mkdirSync("artifacts/follow", { recursive: true });
  await b.screenshot({ path: "artifacts/follow/follower-768x1024.png" });
  await a.screenshot({ path: "artifacts/follow/leader-1024x768.png" });
  await c.screenshot({ path: "artifacts/follow/not-following-1024x768.png" });
  await b.setViewportSize({ width: 1024, height: 768 });
  await b.screenshot({ path: "artifacts/follow/follower-1024x768.png" });

  // Beat steps out by moving on his own; Anna's next move leaves him there.
  await go(b, "/accounts");
  await expect(async () => assert.match(await b.getByTestId("leader").innerText(), /Anna Keller moderiert/));
  await go(a, "/controlling");
  await a.waitForTimeout(1500);
  assert.equal(path(b), "/accounts");
  // "Folgen" brings him back to where Anna is.
  await b.getByTestId("follow").click();
  await isOn(b, "/controlling");
  assert.equal(path(c), "/rollout");

  // Anna stops leading: nobody follows any more.
  await a.getByTestId("lead-toggle").click();
  await expect(async () => assert.equal(await b.getByTestId("leader").count(), 0), { timeout: 20000 });

  assert.deepEqual([...anna.errors, ...beat.errors, ...carla.errors], []);
  for (const d of [anna, beat, carla]) await d.context.close();
});
