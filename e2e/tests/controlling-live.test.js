// Controlling with two tablets through the relay on 127.0.0.1: Anna, the controller,
// watches the cockpit while Beat, the key account manager, types his account's target
// into the plan; then Anna's actuals file sits in its preview (not yet applied) while
// Beat changes the same target again. The cockpit follows without a reload, the
// preview's "before" follows Beat's edit, nothing of Anna's file is lost, and once she
// applies it both tablets show the same figures.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";

import { startServer, TOKEN } from "../support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { CustomersPage, GERMAN_CSV } from "../pages/customers.js";
import { PeoplePage } from "../pages/people.js";
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

const setName = (page, name) => new ShellPage(page).setAuthorName(name);

async function saveAmount(input, text) {
  await input.fill(text);
  await input.blur();
}

const row = (page, name) => page.getByTestId("cockpit-row").filter({ hasText: name });

async function yearCockpit(page, year) {
  await page.goto("/controlling");
  await page.getByTestId("cockpit").waitFor();
  await page.getByTestId("period-year").click();
  await expect(async () => assert.equal(await page.getByTestId("period-label").innerText(), String(year)));
}

test("the cockpit follows a manager's target live; an open import preview follows a concurrent edit", async () => {
  const anna = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const beat = await newPage(browser, server.url, TABLET_PORTRAIT);
  devices.push({ ...anna, name: "Anna" }, { ...beat, name: "Beat" });
  const a = anna.page;
  const b = beat.page;
  await new WorkspacesPage(a).create("Cockpit Live AG");
  await setName(a, "Anna");
  const customers = new CustomersPage(a);
  await customers.importCsv("kunden.csv", GERMAN_CSV);
  await customers.makeDefinitive(["Müller", "Huber"]);
  const people = new PeoplePage(a);
  await people.open("directory");
  await people.addPerson("Beat Meier", "Key Account Manager");
  await people.open("responsibilities");
  await people.assign("Müller", "Beat Meier");
  const sa = new SyncPage(a);
  await sa.connect(server.syncUrl, TOKEN);
  const link = await sa.shareLink();
  await new SyncPage(b).join(link, TOKEN);
  await setName(b, "Beat");
  for (const p of [a, b]) await new SyncPage(p).waitInSync();

  const year = new Date().getFullYear();
  await yearCockpit(a, year);
  assert.match(await row(a, "Müller").innerText(), /Beat Meier/);

  // Beat adds this year to Müller's plan and types the revenue target.
  await new AccountsPage(b).openAccount("Müller Maschinen AG");
  await b.getByTestId("new-period").fill(String(year));
  await b.getByTestId("add-period").getByRole("button").click();
  const target = b.getByTestId("target-row").filter({ hasText: String(year) }).getByTestId("target-revenue_target");
  await target.waitFor();
  await saveAmount(target, "400000");

  // Anna's cockpit shows it, no reload.
  await expect(async () => assert.match(await row(a, "Müller").innerText(), /Ziel 400'000/), { timeout: 10000 });
  await expect(async () => assert.match(await a.getByTestId("summary-revenue").innerText(), /Ziel: 400'000/));

  // Anna loads the ERP file: this year's target and actual for Müller. The preview
  // names Beat's target as what is there now.
  const erp = "Kundennummer;Periode;Umsatz Ist;Umsatz Ziel\n" + `1001;${year};500.000,00;450.000,00\n`;
  await a.goto("/controlling/actuals");
  await a.getByTestId("part-actuals").waitFor();
  await a.getByTestId("actuals-file").setInputFiles({ name: "erp.csv", mimeType: "text/csv", buffer: Buffer.from(erp) });
  const changes = a.getByTestId("actuals-change");
  const targetChange = changes.filter({ hasText: "Umsatz Ziel" });
  await expect(async () => {
    assert.equal(await changes.count(), 2);
    assert.match(await targetChange.innerText(), new RegExp(`Müller Maschinen AG\\s+${year}\\s+Umsatz Ziel\\s+400'000\\s+450'000`));
  });

  // While the preview is open, Beat changes the same target: the preview's "before"
  // follows, Anna's file and its new values stay.
  await saveAmount(target, "420000");
  await expect(async () => assert.match(await targetChange.innerText(), /420'000\s+450'000/), { timeout: 10000 });
  assert.equal(await changes.count(), 2);
  assert.match(await changes.filter({ hasText: "Umsatz Ist" }).innerText(), /–\s+500'000/);
  mkdirSync("artifacts/controlling", { recursive: true });
  await a.screenshot({ path: "artifacts/controlling/live-preview-1024x768.png", fullPage: true });

  // Anna applies; Beat's plan shows her figures, and both cockpits agree.
  await a.getByTestId("actuals-submit").click();
  await a.getByTestId("actuals-done").waitFor();
  await expect(async () => {
    assert.match(await target.inputValue(), /^450'?000/);
    const actual = b.getByTestId("target-row").filter({ hasText: String(year) }).getByTestId("target-revenue_actual");
    assert.match(await actual.inputValue(), /^500'?000/);
  }, { timeout: 10000 });
  for (const p of [a, b]) await new SyncPage(p).waitInSync();
  await yearCockpit(a, year);
  await yearCockpit(b, year);
  const texts = [];
  for (const p of [a, b]) {
    await expect(async () => assert.match(await row(p, "Müller").innerText(), /500'000\s+Ziel 450'000\s+111,1\s%/), { timeout: 10000 });
    texts.push(await p.getByTestId("cockpit-total").innerText());
  }
  assert.equal(texts[0], texts[1], "one total on both tablets");
  await b.screenshot({ path: "artifacts/controlling/live-cockpit-768x1024.png", fullPage: true });
  for (const d of devices) assert.deepEqual(d.errors, [], `${d.name}: no page errors`);
});

// Whitespace: Anna lists the offerings; Beat answers them in Müller's plan; Anna's grid
// follows live. Anna types a competitor's name (unsaved) while Beat answers another
// offering: her text stays, and both answers land.
test("offerings × key accounts: answered in a plan, summed in the grid, live", async () => {
  const [anna, beat] = devices;
  const a = anna.page;
  const b = beat.page;
  await a.goto("/controlling/whitespace");
  await a.getByTestId("offerings").waitFor();
  for (const name of ["Service", "Ersatzteile"]) {
    await a.getByTestId("new-offering").fill(name);
    await a.getByTestId("add-offering").getByRole("button").click();
    await expect(async () =>
      assert.ok(await a.getByTestId("offering-name").evaluateAll((els, n) => els.some((e) => e.value === n), name)));
  }
  const grid = a.getByTestId("whitespace-grid");
  await grid.waitFor();
  assert.deepEqual(await a.getByTestId("ws-offering").allInnerTexts(), ["Service", "Ersatzteile"]);

  await new AccountsPage(b).openAccount("Müller Maschinen AG");
  const answers = b.getByTestId("ws-answer");
  await expect(async () => assert.equal(await answers.count(), 2), { timeout: 10000 });
  const service = answers.filter({ hasText: "Service" });
  await service.getByTestId("ws-coverage").selectOption("Potential");
  await service.getByTestId("ws-potential").fill("50000");
  await service.getByTestId("ws-potential").blur();
  const mueller = a.getByTestId("ws-row").filter({ hasText: "Müller" });
  await expect(async () => {
    assert.match(await mueller.getByTestId("ws-cell").first().innerText(), /◆\s*Potenzial\s*50'000/);
    assert.match(await mueller.getByTestId("ws-row-total").innerText(), /50'000/);
  }, { timeout: 10000 });

  // Anna, in the same plan, types the competitor of "Service" (not saved yet) while Beat
  // says we sell "Ersatzteile" there.
  await new AccountsPage(a).openAccount("Müller Maschinen AG");
  const mine = a.getByTestId("ws-answer").filter({ hasText: "Service" }).getByTestId("ws-competitor");
  await mine.focus();
  await mine.fill("Konkurrenz AG");
  await answers.filter({ hasText: "Ersatzteile" }).getByTestId("ws-coverage").selectOption("Sells");
  const theirs = a.getByTestId("ws-answer").filter({ hasText: "Ersatzteile" }).getByTestId("ws-coverage");
  await expect(async () => assert.equal(await theirs.inputValue(), "Sells"), { timeout: 10000 });
  assert.equal(await mine.inputValue(), "Konkurrenz AG", "Anna's typing kept");
  assert.ok(await mine.evaluate((el) => el === document.activeElement), "Anna still in her field");
  await mine.blur();
  await expect(async () =>
    assert.equal(await service.getByTestId("ws-competitor").inputValue(), "Konkurrenz AG"), { timeout: 10000 });
  mkdirSync("artifacts/controlling", { recursive: true });
  await a.getByTestId("account-whitespace").scrollIntoViewIfNeeded();
  await a.screenshot({ path: "artifacts/controlling/whitespace-account-1024x768.png" });

  // The grid on both tablets: Service potential 50'000, Ersatzteile sold; CSV cells.
  const shell = new ShellPage(a);
  for (const p of [a, b]) {
    await p.goto("/controlling/whitespace");
    const row = p.getByTestId("ws-row").filter({ hasText: "Müller" });
    await expect(async () => {
      const cells = await row.getByTestId("ws-cell").allInnerTexts();
      assert.match(cells[0], /50'000/);
      assert.match(cells[1], /✓/);
      assert.deepEqual(await p.getByTestId("ws-column-total").allInnerTexts(), ["50'000", "0"]);
      assert.deepEqual(await p.getByTestId("ws-column-counts").allInnerTexts(), ["✓ 0 · ✕ 0", "✓ 1 · ✕ 0"]);
    }, { timeout: 10000 });
  }
  const [download] = await Promise.all([a.waitForEvent("download"), a.getByTestId("whitespace-csv").click()]);
  await download.saveAs("artifacts/controlling/whitespace.csv");
  const text = readFileSync("artifacts/controlling/whitespace.csv", "utf8");
  assert.ok(text.startsWith("\ufeffKey Account;Service;Ersatzteile;Potenzial gesamt"), text.slice(0, 60));
  const lines = text.trim().split("\r\n");
  assert.deepEqual(lines.find((l) => l.includes("Müller")).split(";"), ["Müller Maschinen AG", "Potenzial 50'000", "verkauft", "50'000.00"]);
  assert.match(lines.at(-1), /^Total;50'000\.00;0\.00;50'000\.00$/);
  for (const lang of ["de", "en"]) {
    if (lang === "en") await shell.switchLanguage("en");
    for (const size of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      await a.setViewportSize(size);
      await grid.scrollIntoViewIfNeeded();
      assert.ok((await shell.horizontalOverflow()) <= 0, `grid fits ${size.width}×${size.height}`);
      await a.screenshot({ path: `artifacts/controlling/whitespace-${lang}-${size.width}x${size.height}.png`, fullPage: true });
    }
  }
  await shell.switchLanguage("de");
  for (const d of devices) assert.deepEqual(d.errors, [], `${d.name}: no page errors`);
});
