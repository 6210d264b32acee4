// A workshop run with three tablets through the relay on 127.0.0.1 (issue 18):
//   Anna creates the workspace (asked for her name), Beat and Carla join by link (asked
//   for theirs); Anna starts "Kriterien und provisorische Auswahl" from its template and
//   facilitates; Beat follows, Carla does not; Anna moves through two agenda items and
//   Beat's tablet goes along while Carla's stays; Beat adds a criterion and Carla sets
//   the threshold; the minutes on all three tablets list both with the right names; the
//   printed minutes are one or two A4 pages and show the decisions; Anna undoes her
//   last change while Beat's concurrent edit of the same criterion survives.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";

import { startServer, TOKEN } from "../support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { CustomersPage, GERMAN_CSV } from "../pages/customers.js";
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

async function says(page, testId, pattern) {
  await expect(async () => assert.match(await page.getByTestId(testId).first().innerText(), pattern), { timeout: 20000 });
}

// Pages of a PDF: its page objects (not the /Pages tree).
const pages = (pdf) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) || []).length;

test("workshop: template, facilitator and follower, decisions on two tablets, minutes everywhere, A4 print, undo", async () => {
  const anna = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const beat = await newPage(browser, server.url, TABLET_PORTRAIT);
  const carla = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const [a, b, c] = [anna.page, beat.page, carla.page];

  // Creating asks for the name first.
  await a.goto("/workspaces");
  await a.getByTestId("creator-name").waitFor();
  await new WorkspacesPage(a).create("Workshop AG", "Anna Keller");
  await new CustomersPage(a).importCsv("kunden.csv", GERMAN_CSV);
  const sa = new SyncPage(a);
  await sa.connect(server.syncUrl, TOKEN);
  const link = await sa.shareLink();
  await new SyncPage(b).join(link, TOKEN, "Beat Meier");
  await new SyncPage(c).join(link, TOKEN, "Carla Roth");
  for (const p of [a, b, c]) {
    await p.goto("/rollout");
    await new SyncPage(p).waitInSync();
  }

  // Anna makes the workshop from its template: the agenda comes with it.
  await a.getByTestId("nav-workshops").click();
  await a.getByTestId("screen-workshops").waitFor();
  await a.getByTestId("workshop-template").selectOption("criteria");
  await a.getByTestId("workshop-participants").fill("Anna Keller, Beat Meier, Carla Roth");
  await a.getByTestId("create-workshop").click();
  await a.getByTestId("screen-workshop").waitFor();
  const workshopPath = path(a);
  assert.match(workshopPath, /^\/workshops\/.+/);
  await says(a, "workshop-title", /Kriterien und provisorische Auswahl/);
  assert.equal(await a.getByTestId("agenda-item").count(), 4);
  await says(a, "agenda-total", /120 Minuten/);

  // She starts it: she facilitates and her tablet goes to the first item's screen.
  await a.getByTestId("workshop-start").click();
  await isOn(a, "/customers");
  await a.getByTestId("leading").waitFor();
  for (const p of [a, b, c]) {
    await says(p, "workshop-current", /Traktandum 1 von 4 · Kundenliste prüfen/);
    await says(p, "workshop-timer", /noch 1[45]:\d\d/);
  }
  // Beat follows, Carla does not.
  await says(b, "leader", /Anna Keller moderiert/);
  await b.getByTestId("follow").click();
  await isOn(b, "/customers");
  await says(c, "leader", /Anna Keller moderiert/);

  // Two agenda items on: Beat's tablet goes along, Carla's stays where it is.
  await a.getByTestId("workshop-next").click();
  await isOn(a, "/customers/abc");
  await isOn(b, "/customers/abc");
  await a.getByTestId("workshop-next").click();
  await isOn(a, "/customers/criteria");
  await isOn(b, "/customers/criteria");
  assert.equal(path(c), "/rollout");
  for (const p of [a, b, c]) await says(p, "workshop-current", /Traktandum 3 von 4 · Kriterien festlegen/);
  await says(b, "leader", /Sie folgen Anna Keller/);

  mkdirSync("artifacts/workshop", { recursive: true });
  await b.screenshot({ path: "artifacts/workshop/follower-768x1024.png" });
  await c.screenshot({ path: "artifacts/workshop/not-following-1024x768.png" });

  // Decisions on Beat's and Carla's tablets.
  await new CustomersPage(b).addMeasured("Umsatz gross", "revenue", "500000");
  await c.getByTestId("nav-customers").click();
  await c.getByTestId("tab-criteria").click();
  await c.getByTestId("part-criteria").waitFor();
  await c.getByTestId("criterion").first().waitFor({ timeout: 20000 });
  await new CustomersPage(c).setThreshold(1);
  await expect(async () => assert.equal(await a.getByTestId("criteria-threshold").inputValue(), "1"), { timeout: 20000 });

  // Anna renames the criterion while Beat changes its weight; she undoes her rename:
  // her old name comes back everywhere, Beat's weight stays.
  const nameOf = (p) => p.getByTestId("criterion").first().getByTestId("criterion-name");
  const weightOf = (p) => p.getByTestId("criterion").first().getByTestId("criterion-weight");
  await nameOf(a).waitFor({ timeout: 20000 });
  await nameOf(a).fill("Umsatz ab 500'000");
  await weightOf(b).fill("3");
  await nameOf(a).blur();
  await weightOf(b).blur();
  for (const p of [a, b, c]) {
    await expect(async () => assert.equal(await nameOf(p).inputValue(), "Umsatz ab 500'000"), { timeout: 20000 });
    await expect(async () => assert.equal(await weightOf(p).inputValue(), "3"), { timeout: 20000 });
  }
  await a.getByTestId("undo").click();
  for (const p of [a, b, c]) {
    await expect(async () => assert.equal(await nameOf(p).inputValue(), "Umsatz gross"), { timeout: 20000 });
    await expect(async () => assert.equal(await weightOf(p).inputValue(), "3"), { timeout: 20000 });
  }

  // Carla takes notes on the current agenda item.
  await c.goto(workshopPath);
  const notes = c.getByTestId("agenda-item").nth(2).getByTestId("item-notes");
  await notes.fill("Umsatzgrenze nach 12 Monaten prüfen");
  await notes.blur();

  // The minutes on all three tablets list the decisions with who took them, and the notes.
  for (const p of [a, b, c]) {
    await p.goto(workshopPath);
    await p.getByTestId("workshop-minutes").waitFor();
    await expect(async () => {
      const lines = await p.getByTestId("workshop-minutes").getByTestId("minutes-decision").allInnerTexts();
      assert.ok(lines.some((l) => l.includes("Umsatz gross") && l.includes("Beat Meier")), lines.join("\n"));
      assert.ok(lines.some((l) => /Schwelle|mindestens/.test(l) && l.includes("Carla Roth")), lines.join("\n"));
    }, { timeout: 20000 });
    await says(p, "minutes-participants", /Anna Keller, Beat Meier, Carla Roth/);
    await says(p, "minutes-agenda", /Kriterien festlegen \(40′\)\s+Umsatzgrenze nach 12 Monaten prüfen/);
  }

  // The running workshop as the facilitator sees it: agenda, current item, timer.
  await a.getByTestId("item-current").waitFor();
  await says(a, "workshop-timer", /noch \d+:\d\d|überzogen/);
  await a.getByTestId("item-current").scrollIntoViewIfNeeded();
  await a.screenshot({ path: "artifacts/workshop/facilitator-1024x768.png" });
  await a.setViewportSize({ width: 768, height: 1024 });
  await a.getByTestId("item-current").scrollIntoViewIfNeeded();
  await a.screenshot({ path: "artifacts/workshop/facilitator-768x1024.png" });
  await b.setViewportSize({ width: 1024, height: 768 });
  await b.getByTestId("workshop-minutes").scrollIntoViewIfNeeded();
  await b.screenshot({ path: "artifacts/workshop/minutes-1024x768.png" });
  await c.setViewportSize({ width: 768, height: 1024 });
  await c.getByTestId("workshop-minutes").scrollIntoViewIfNeeded();
  await c.screenshot({ path: "artifacts/workshop/minutes-768x1024.png" });

  // Printed minutes: one or two A4 pages; in print the decisions show, the editing
  // does not.
  await a.emulateMedia({ media: "print" });
  assert.equal(await a.getByTestId("agenda").isVisible(), false);
  assert.equal(await a.getByTestId("workshop-strip").isVisible(), false);
  const printed = a.getByTestId("workshop-minutes").getByTestId("minutes-decision");
  assert.ok((await printed.count()) >= 2);
  for (const line of await printed.all()) assert.equal(await line.isVisible(), true);
  await a.screenshot({ path: "artifacts/workshop/printed-minutes.png", fullPage: true });
  const pdf = await a.pdf({ format: "A4", printBackground: false });
  const count = pages(pdf);
  assert.ok(count >= 1 && count <= 2, `${count} pages`);
  await a.emulateMedia({ media: "screen" });

  // Ending the workshop: the strip goes, the minutes stay.
  await a.getByTestId("workshop-end").click();
  for (const p of [a, b, c]) {
    await expect(async () => assert.equal(await p.getByTestId("workshop-strip").count(), 0), { timeout: 20000 });
  }
  await says(c, "workshop-minutes-count", /Beschlüsse: [2-9]/);

  assert.deepEqual([...anna.errors, ...beat.errors, ...carla.errors], []);
  for (const p of [anna, beat, carla]) await p.context.close();
});
