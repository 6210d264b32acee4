// Guidance from the first minute (issue 19): after creating a workspace the next step is
// offered; the overview shows where the team stands across the nine steps and follows
// the work; the header says "Online" only while a relay is set and answers; a landscape
// tablet gives the content at least the portrait width; counts read right in both
// languages.
import { test } from "node:test";
import assert from "node:assert/strict";

import { TOKEN } from "../support/server.js";
import { useAppServer } from "../support/harness.js";
import { newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { RolloutPage } from "../pages/rollout.js";
import { SyncPage } from "../pages/sync.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

const steps = (page) =>
  page.getByTestId("progress-step").evaluateAll((els) =>
    els.map((e) => ({ state: e.dataset.state, next: e.classList.contains("next"), text: e.innerText })),
  );

test("a new workspace offers its first step; the nine steps follow the work; Online only with a relay", async () => {
  const { page, errors } = await newPage(env.browser, env.server.url, TABLET_PORTRAIT);
  await new WorkspacesPage(page).create("Muster AG – KAM 2027");

  // The next step, not just the list of workspaces.
  const next = page.getByTestId("next-step");
  assert.equal(await next.locator("h2").innerText(), "«Muster AG – KAM 2027» ist angelegt.");
  assert.match(await next.innerText(), /Schritt 1 der Methode/);
  // No relay set: the header does not claim to be online.
  assert.equal(await page.getByTestId("net-status").innerText(), "Nur auf diesem Gerät");
  await page.getByTestId("next-step-charter").click();
  await page.waitForURL(/\/rollout\/charter$/);

  // The overview: nine steps, all open, step 1 next.
  const r = new RolloutPage(page);
  await r.open("overview");
  let list = await steps(page);
  assert.equal(list.length, 9);
  assert.deepEqual(list.map((s) => s.state), Array(9).fill("open"));
  assert.deepEqual(list.map((s) => s.next), [true, ...Array(8).fill(false)]);
  assert.match(list[0].text, /Als Nächstes/);
  assert.match(list[0].text, /Ziele fehlen · Projektteam fehlt · Startdatum fehlt · Arbeitsplan fehlt/);
  assert.match(list[1].text, /10 Fragen der Ist-Analyse offen/);
  assert.match(list[2].text, /noch 2 Kriterien nötig/);
  assert.match(await page.getByTestId("method-progress").innerText(), /0 von 9 Schritten erledigt/);

  // A goal and a start date: step 1 is started; what is missing is named.
  await r.open("charter");
  await r.addGoal("Zehn Key Accounts mit Plan", "bis Ende 2027");
  await r.setCharter({ start: "2027-01-01" });
  await r.open("overview");
  await expect(async () => {
    list = await steps(page);
    assert.equal(list[0].state, "started");
    assert.match(list[0].text, /Projektteam fehlt · Arbeitsplan fehlt/);
    assert.doesNotMatch(list[0].text, /Ziele fehlen/);
  });
  // One as-is question rated: step 2 is started, one question fewer is open.
  await page.goto("/rollout/analysis");
  await new RolloutPage(page).rate("who_serves", 3);
  await r.open("overview");
  await expect(async () => {
    list = await steps(page);
    assert.equal(list[1].state, "started");
    assert.match(list[1].text, /9 Fragen der Ist-Analyse offen/);
  });
  // The step links open where the step is worked on.
  await page.getByTestId("progress-step").nth(2).locator("a").click();
  await page.waitForURL(/\/customers\/criteria$/);

  // With a reachable relay the header says Online.
  await new SyncPage(page).connect(env.server.syncUrl, TOKEN);
  await expect(async () => assert.equal(await page.getByTestId("net-status").innerText(), "Online"));

  // English: the same guidance in English, counts in the right number.
  await page.getByTestId("lang-en").click();
  await r.open("overview");
  await expect(async () => {
    const text = await page.getByTestId("method-progress").innerText();
    assert.match(text, /Where the introduction stands/);
    assert.match(text, /9 as-is questions open/);
    assert.match(text, /0 of 9 steps done/);
  });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a landscape tablet gives the content at least the portrait width, navigation on top", async () => {
  const widths = {};
  for (const [name, viewport] of [["portrait", TABLET_PORTRAIT], ["landscape", TABLET_LANDSCAPE]]) {
    const { page } = await newPage(env.browser, env.server.url, viewport);
    await new WorkspacesPage(page).create("Breite AG");
    await new RolloutPage(page).open("overview");
    const main = await page.locator(".shell-main").boundingBox();
    const nav = await page.locator(".main-nav").boundingBox();
    widths[name] = main.width;
    // The navigation sits above the content, not beside it.
    assert.ok(nav.y + nav.height <= main.y + 1, `${name}: navigation above the content`);
    assert.ok(nav.width >= viewport.width - 1, `${name}: navigation spans the width`);
    // Every navigation item is reachable without scrolling sideways.
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(scrolls, false, `${name}: the page does not scroll sideways`);
    await page.context().close();
  }
  assert.ok(widths.landscape >= widths.portrait, `landscape ${widths.landscape} px ≥ portrait ${widths.portrait} px`);
  assert.ok(widths.landscape >= 900, `landscape content is ${widths.landscape} px wide`);
});
