// The history as an auditor uses it, with two tablets through the relay on 127.0.0.1:
// Anna and Beat edit Müller's and Huber's plans; the history is filtered by person and
// account, the whole app is opened as of an earlier entry (the plan shows its old
// action titles and cannot be edited), compared with now, a field's own history is
// opened, and the filtered history is exported as CSV.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";

import { startServer, TOKEN } from "../support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { CustomersPage, GERMAN_CSV } from "../pages/customers.js";
import { AccountsPage } from "../pages/accounts.js";
import { SyncPage } from "../pages/sync.js";
import { ShellPage } from "../pages/shell.js";
import { expect } from "../support/expect.js";

let browser;
let server;
const devices = [];
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
after(async () => {
  for (const d of devices) await d.context.close();
  await browser?.close();
  await server?.stop();
});

const MUELLER = "Müller Maschinen AG";
const HUBER = "Huber; Söhne GmbH";

async function addAction(page, title) {
  const before = await page.getByTestId("action").count();
  await page.getByTestId("new-action-title").fill(title);
  await page.getByTestId("add-action").getByRole("button").click();
  await expect(async () => assert.equal(await page.getByTestId("action").count(), before + 1));
}

const actionTitles = (page) =>
  page.getByTestId("action-title").evaluateAll((inputs) => inputs.map((i) => i.value));

async function renameAction(page, from, to) {
  await expect(async () => assert.ok((await actionTitles(page)).includes(from)));
  const field = page.getByTestId("action-title").nth((await actionTitles(page)).indexOf(from));
  await field.fill(to);
  await field.blur();
  await expect(async () => assert.ok((await actionTitles(page)).includes(to)));
}

const entries = (page) => page.getByTestId("history-what").allInnerTexts();

test("filter by person and account, the plan as it was, compare with now, a field's history, CSV", async () => {
  const anna = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const beat = await newPage(browser, server.url, TABLET_PORTRAIT);
  devices.push(anna, beat);
  const a = anna.page;
  const b = beat.page;
  await new WorkspacesPage(a).create("Verlauf AG");
  await new ShellPage(a).setAuthorName("Anna");
  const customers = new CustomersPage(a);
  await customers.importCsv("kunden.csv", GERMAN_CSV);
  await customers.makeDefinitive(["Müller", "Huber"]);
  const sa = new SyncPage(a);
  await sa.connect(server.syncUrl, TOKEN);
  const link = await sa.shareLink();
  await new SyncPage(b).join(link, TOKEN);
  await new ShellPage(b).setAuthorName("Beat");
  for (const p of [a, b]) await new SyncPage(p).waitInSync();

  // Anna plans two actions for Müller; Beat renames one and plans one for Huber.
  await new AccountsPage(a).openAccount(MUELLER);
  await addAction(a, "Werksbesuch planen");
  await addAction(a, "Angebot nachfassen");
  await new SyncPage(a).waitInSync();
  await new AccountsPage(b).openAccount(MUELLER);
  await expect(async () => assert.deepEqual(await actionTitles(b), ["Werksbesuch planen", "Angebot nachfassen"]));
  await renameAction(b, "Werksbesuch planen", "Werksbesuch im März");
  await new AccountsPage(b).openAccount(HUBER);
  await addAction(b, "Jahresgespräch vorbereiten");
  for (const p of [a, b]) await new SyncPage(p).waitInSync();

  // Anna's history, filtered to Beat and then to Müller: only Beat's rename remains,
  // in words, with the account and old → new.
  await a.goto("/history");
  await a.getByTestId("history-entry").first().waitFor();
  const rename = `Massnahme «Werksbesuch im März» (${MUELLER}) geändert: Titel: «Werksbesuch planen» → «Werksbesuch im März»`;
  await expect(async () => assert.ok((await entries(a)).includes(rename), (await entries(a)).join("\n")));
  await a.getByTestId("filter-person").selectOption("Beat");
  await expect(async () => {
    const who = await a.getByTestId("history-who").allInnerTexts();
    assert.ok(who.length >= 2 && who.every((w) => w === "Beat"), who.join(","));
  });
  // The account is found by typing its name: a name no customer has says so and shows
  // nothing; part of the name offers the whole one.
  await a.getByTestId("filter-account").fill("Zürcher Bank");
  await expect(async () => assert.equal(await a.getByTestId("filter-account-error").innerText(), "Kein Kunde heisst «Zürcher Bank» oder hat es im Namen."));
  assert.equal(await a.getByTestId("history-entry").count(), 0);
  await a.getByTestId("filter-account").fill("müller masch");
  await expect(async () => assert.deepEqual(await a.locator("#history-account-names option").evaluateAll((os) => os.map((o) => o.value)), [MUELLER]));
  assert.equal(await a.getByTestId("filter-account-error").count(), 0);
  await a.getByTestId("filter-account").fill(MUELLER);
  await expect(async () => assert.deepEqual(await entries(a), [rename]));

  // The CSV of what is shown: one row per changed field.
  const [download] = await Promise.all([a.waitForEvent("download"), a.getByTestId("history-csv").click()]);
  const dir = "artifacts/history";
  mkdirSync(dir, { recursive: true });
  await download.saveAs(`${dir}/history.csv`);
  const lines = readFileSync(`${dir}/history.csv`, "utf8").replace(/^\ufeff/, "").trim().split("\r\n");
  assert.equal(lines[0], "Wann;Wer;Bereich;Was;Feld;Vorher;Nachher");
  assert.equal(lines.length, 2, lines.join("\n"));
  assert.match(lines[1], /^\d\d\.\d\d\.\d{4} \d\d:\d\d;Beat;Key Accounts;Massnahme «Werksbesuch im März» \(Müller Maschinen AG\) geändert;Titel;«Werksbesuch planen»;«Werksbesuch im März»$/);

  // A date filter that cannot be read says so once it is left (not while it is typed)
  // and filters nothing; a readable one takes the message away.
  const shownBefore = await a.getByTestId("history-entry").count();
  await a.getByTestId("filter-from").fill("32.13.2026");
  assert.equal(await a.getByTestId("filter-date-error").count(), 0);
  await a.getByTestId("filter-from").press("Tab");
  const dateError = a.getByTestId("filter-date-error");
  await dateError.waitFor();
  assert.match(await dateError.innerText(), /^Von: «32\.13\.2026» ist kein gültiges Datum; geschrieben wie 31\.03\.2027\.$/);
  assert.equal(await a.getByTestId("history-entry").count(), shownBefore);
  await a.getByTestId("filter-from").fill("01.01.2020");
  await a.getByTestId("filter-from").press("Tab");
  await dateError.waitFor({ state: "detached" });
  assert.equal(await a.getByTestId("history-entry").count(), shownBefore);
  await a.getByTestId("filter-from").fill("");

  // The whole app as of Anna's second action (before Beat's edits): the plan shows the
  // old title, nothing can be edited, the banner says so.
  await a.getByTestId("filter-person").selectOption("");
  await a.getByTestId("filter-account").fill("");
  await a.getByTestId("filter-text").fill("Angebot nachfassen");
  await expect(async () => assert.equal(await a.getByTestId("history-entry").count(), 1));
  await a.getByTestId("history-show").click();
  await a.getByTestId("as-of-banner").waitFor();
  assert.match(await a.getByTestId("as-of-banner").innerText(), /nur lesen/);
  await a.getByTestId("nav-key-accounts").click();
  await a.getByTestId("account-row").filter({ hasText: "Müller" }).getByTestId("open-account").click();
  await expect(async () => assert.deepEqual(await actionTitles(a), ["Werksbesuch planen", "Angebot nachfassen"]));
  assert.equal(await a.getByTestId("action-title").first().isDisabled(), true);
  assert.equal(await a.getByTestId("new-action-title").isDisabled(), true);
  await a.screenshot({ path: `${dir}/plan-as-of.png` });

  // Compared with now: Beat's rename and his new action for Huber, marked.
  await a.getByTestId("as-of-history").click();
  await a.getByTestId("compare-now").click();
  const differences = a.getByTestId("difference");
  await expect(async () => {
    const texts = await differences.allInnerTexts();
    assert.ok(texts.includes(`Massnahme «Werksbesuch im März» (${MUELLER}): geändert (Titel)`), texts.join("\n"));
    assert.ok(texts.includes(`Massnahme «Jahresgespräch vorbereiten» (${HUBER}): neu`), texts.join("\n"));
  });
  assert.equal(
    await differences.filter({ hasText: "Jahresgespräch" }).evaluate((li) => li.className),
    "added",
  );
  await a.screenshot({ path: `${dir}/compare.png`, fullPage: true });
  // The plan as it was marks the action changed since (orange), not the other one.
  await a.getByTestId("nav-key-accounts").click();
  await a.getByTestId("account-row").filter({ hasText: "Müller" }).getByTestId("open-account").click();
  const outline = (i) => a.getByTestId("action").nth(i).evaluate((li) => getComputedStyle(li).outlineStyle);
  await expect(async () => assert.equal(await outline(0), "solid"));
  assert.equal(await outline(1), "none");
  await a.getByTestId("action").first().scrollIntoViewIfNeeded();
  await a.screenshot({ path: `${dir}/plan-marked.png` });

  // Back to now; Anna changes the title once more, then opens that field's history.
  await a.getByTestId("back-to-now").click();
  await new AccountsPage(a).openAccount(MUELLER);
  await renameAction(a, "Werksbesuch im März", "Werksbesuch im April");
  const field = a.getByTestId("action-title").first();
  await field.focus();
  // The nearest field frame around the title input.
  const title = field.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' edit-field ')][1]");
  await title.getByTestId("field-history-open").click();
  const lines2 = title.getByTestId("field-history-entry");
  await expect(async () => assert.equal(await lines2.count(), 2));
  assert.match(await lines2.nth(0).innerText(), /Anna: «Werksbesuch im März» → «Werksbesuch im April»$/);
  assert.match(await lines2.nth(1).innerText(), /Beat: «Werksbesuch planen» → «Werksbesuch im März»$/);
  await title.getByTestId("field-history").scrollIntoViewIfNeeded();
  await a.screenshot({ path: `${dir}/field-history.png` });

  // Anna's history stays open, filtered to Huber, while Beat keeps planning: each of
  // his actions arrives on top (the screen reads only the new changes each time).
  await a.getByTestId("nav-history").click();
  await a.getByTestId("filter-account").fill(HUBER);
  await expect(async () => assert.equal((await entries(a))[0], `Massnahme «Jahresgespräch vorbereiten» (${HUBER}) angelegt`));
  const huberBefore = await a.getByTestId("history-entry").count();
  await new AccountsPage(b).openAccount(HUBER);
  for (const t of ["Referenzbesuch", "Preisrunde"]) {
    await addAction(b, t);
    await expect(async () =>
      assert.equal((await entries(a))[0], `Massnahme «${t}» (${HUBER}) angelegt`, (await entries(a)).join("\n")),
    );
  }
  assert.equal(await a.getByTestId("history-entry").count(), huberBefore + 2);
  assert.deepEqual(anna.errors, []);
  assert.deepEqual(beat.errors, []);
});
