// Name first and undo (issue 18), two tablets through the relay on 127.0.0.1:
//   creating and joining a workspace ask for the person's name before anything; the
//   name signs the changes;
//   Anna undoes her last change while Beat edited another field of the same action:
//   her value comes back, his stays, on both tablets; redo brings hers again;
//   once Beat has changed the same field, Anna's undo is refused in one line naming him;
//   today's minutes list the decisions with who took them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";

import { startServer, TOKEN } from "../support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { CustomersPage, GERMAN_CSV } from "../pages/customers.js";
import { AccountsPage } from "../pages/accounts.js";
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

const title = (page) => page.getByTestId("action").first().getByTestId("action-title");
const due = (page) => page.getByTestId("action").first().getByTestId("action-due");

async function shows(page, locator, value) {
  await expect(async () => assert.equal(await locator(page).inputValue(), value), { timeout: 20000 });
}

test("name first; undo takes back only my change and says who changed it since", async () => {
  const anna = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const beat = await newPage(browser, server.url, TABLET_PORTRAIT);
  const a = anna.page;
  const b = beat.page;

  // Creating without a name is refused next to the name field; nothing is created.
  await a.goto("/workspaces");
  await a.getByTestId("new-workspace-name").fill("Rückgängig AG");
  await a.getByTestId("create-workspace").click();
  await expect(async () =>
    assert.match(await a.getByTestId("creator-name-error").innerText(), /Ihren Namen/));
  assert.equal(await a.getByTestId("current-workspace").count(), 0);
  await a.getByTestId("creator-name").fill("Anna Keller");
  await a.getByTestId("creator-role").fill("Geschäftsführerin");
  await a.getByTestId("create-workspace").click();
  await a.getByTestId("current-workspace").waitFor();
  // Nothing to undo yet: the button says so and is off.
  assert.equal(await a.getByTestId("undo").isDisabled(), true);

  const c = new CustomersPage(a);
  await c.importCsv("kunden.csv", GERMAN_CSV);
  await c.makeDefinitive(["Müller"]);
  const accounts = new AccountsPage(a);
  await accounts.openAccount("Müller Maschinen AG");
  await a.getByTestId("new-action-title").fill("Besuch beim Einkauf");
  await a.getByTestId("add-action").getByRole("button").click();
  await shows(a, title, "Besuch beim Einkauf");

  const sa = new SyncPage(a);
  await sa.connect(server.syncUrl, TOKEN);
  const link = await sa.shareLink();
  // Joining without a name is refused the same way.
  await b.goto(link);
  await b.getByTestId("join-token").fill(TOKEN);
  await b.getByTestId("join-submit").click();
  await expect(async () =>
    assert.match(await b.getByTestId("join-name-error").innerText(), /Ihren Namen/));
  await b.getByTestId("join-name").fill("Beat Meier");
  await b.getByTestId("join-submit").click();
  await b.getByTestId("join-done").waitFor({ timeout: 20000 });
  await new SyncPage(b).waitInSync();
  await new AccountsPage(b).openAccount("Müller Maschinen AG");
  await shows(b, title, "Besuch beim Einkauf");
  await accounts.openAccount("Müller Maschinen AG");
  // Presence names Anna with the role she gave.
  await expect(async () =>
    assert.match(await b.getByTestId("participants").innerText(), /Anna Keller, Geschäftsführerin/), { timeout: 20000 });

  // Anna renames the action; Beat sets its due date at the same time.
  await title(a).fill("Werksbesuch planen");
  await due(b).fill("01.03.2027");
  await title(a).blur();
  await due(b).blur();
  for (const p of [a, b]) {
    await shows(p, title, "Werksbesuch planen");
    await shows(p, due, "01.03.2027");
  }
  assert.match(await a.getByTestId("undo").getAttribute("title"), /Werksbesuch planen|Titel/);

  // Anna undoes: her title comes back on both tablets, Beat's date stays.
  await a.getByTestId("undo").click();
  for (const p of [a, b]) {
    await shows(p, title, "Besuch beim Einkauf");
    await shows(p, due, "01.03.2027");
  }
  mkdirSync("artifacts/undo", { recursive: true });
  await a.screenshot({ path: "artifacts/undo/after-undo-1024x768.png" });

  // Redo makes her change again.
  await a.getByTestId("redo").click();
  for (const p of [a, b]) await shows(p, title, "Werksbesuch planen");

  // Beat now changes the same field: Anna's undo is refused and names him.
  await title(b).fill("Werksbesuch im März");
  await title(b).blur();
  await shows(a, title, "Werksbesuch im März");
  await a.getByTestId("undo").click();
  await expect(async () => {
    const line = await a.getByTestId("undo-refused").innerText();
    assert.match(line, /Beat Meier/);
    assert.match(line, /Titel/);
  });
  await a.screenshot({ path: "artifacts/undo/refused-1024x768.png" });
  await a.setViewportSize({ width: 768, height: 1024 });
  await a.screenshot({ path: "artifacts/undo/refused-768x1024.png" });
  for (const p of [a, b]) await shows(p, title, "Werksbesuch im März");

  // Every change is signed: the history names both and shows no unsigned entry.
  await a.goto("/history");
  await a.getByTestId("history-entry").first().waitFor();
  const entries = await a.getByTestId("history-entry").allInnerTexts();
  assert.ok(entries.some((e) => e.includes("Anna Keller")));
  assert.ok(entries.some((e) => e.includes("Beat Meier")));

  // Today's minutes list the decisions with who took them: Müller made a key account
  // (with its reason) and the new action.
  await a.getByTestId("minutes").locator("summary").click();
  const decisions = await a.getByTestId("minutes-decision").allInnerTexts();
  assert.ok(decisions.some((d) => d.includes("Besuch beim Einkauf") && d.includes("Anna Keller")), decisions.join("\n"));
  assert.ok(decisions.some((d) => d.includes("Müller Maschinen AG") && /Begründung/.test(d)), decisions.join("\n"));
  await a.getByTestId("minutes").scrollIntoViewIfNeeded();
  await a.screenshot({ path: "artifacts/undo/minutes-768x1024.png" });
  await a.setViewportSize({ width: 1024, height: 768 });
  await a.getByTestId("minutes").scrollIntoViewIfNeeded();
  await a.screenshot({ path: "artifacts/undo/minutes-1024x768.png" });

  assert.deepEqual([...anna.errors, ...beat.errors], []);
  await anna.context.close();
  await beat.context.close();
});
