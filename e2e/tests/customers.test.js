// Customers and the selection of key accounts: a managing director imports the ERP list
// (German number format) on a portrait tablet, defines three criteria with "at least 2 of
// 3", selects two customers provisionally and one definitively with reasons, and prints
// the Top 10. A broken file is refused with its problems named and nothing written; a
// re-import updates instead of duplicating; the portfolio compares two snapshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";

import AxeBuilder from "@axe-core/playwright";
import { inWorkspace, useAppServer } from "../support/harness.js";
import { newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { ShellPage } from "../pages/shell.js";
import { CustomersPage, CUSTOMER_PARTS, GERMAN_CSV } from "../pages/customers.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

test("import in German number format, 2 of 3 criteria, provisional → definitive, Top 10 printed", async () => {
  const { context, page, errors } = await newPage(env.browser, env.server.url, TABLET_PORTRAIT);
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await new WorkspacesPage(page).create("Muster AG", "Anna Keller");
  const c = new CustomersPage(page);
  const shell = new ShellPage(page);

  // Import: the mapping and the number format are recognised, amounts read as shown.
  await c.open("import");
  await c.chooseFile("kunden.csv", GERMAN_CSV);
  await page.getByTestId("import-ok").waitFor();
  assert.match(await page.getByTestId("import-facts").innerText(), /6 Zeilen, 8 Spalten, Zeichensatz UTF-8 \(BOM\)/);
  assert.equal(await page.getByTestId("map-0").inputValue(), "Number");
  assert.equal(await page.getByTestId("map-4").inputValue(), "Revenue");
  assert.equal(await page.getByTestId("map-7").inputValue(), "Attribute");
  assert.equal(await page.getByTestId("number-format").inputValue(), "German");
  assert.match(await page.getByTestId("import-preview").innerText(), /1\.250\.000,00\s*= 1'250'000/);
  assert.equal(await page.getByTestId("import-submit").innerText(), "Importieren (6 neu, 0 aktualisiert)");
  await page.getByTestId("import-submit").click();
  await expect(async () =>
    assert.equal(await page.getByTestId("import-done").innerText(), "Import abgeschlossen: 6 neue Kunden, 0 aktualisiert."),
  );

  // The list: amounts as users read them, hostile names shown as text.
  await c.tab("customers");
  assert.equal(await page.getByTestId("customer-count").innerText(), "6 von 6 Kunden");
  const rows = page.getByTestId("customer-row");
  assert.match(await rows.first().innerText(), /1001\s+Müller Maschinen AG\s+1'250'000\s+310'000\s+A/);
  assert.match(await page.getByTestId("customer-list").innerText(), /<script>alert\('x'\)<\/script> Handels AG/);
  assert.match(await page.getByTestId("customer-list").innerText(), /=SUMME\(A1:A9\)/);
  assert.equal(await page.locator("main script").count(), 0, "no script element from a name");
  assert.ok((await shell.horizontalOverflow()) <= 0, "the list fits the portrait tablet");

  // Criteria: revenue ≥ 500'000, margin ≥ 100'000 (typed the German way), strategic ≥ 4.
  await c.tab("criteria");
  await c.addMeasured("Umsatz ab 500'000", "revenue", "500'000");
  await c.addMeasured("Deckungsbeitrag ab 100'000", "margin", "100.000");
  await c.addRated("Strategische Bedeutung", 4);
  await c.setThreshold(2);
  assert.equal(await page.getByTestId("rule-text").innerText(), "Ein Key Account erfüllt mindestens 2 von 3 Kriterien.");
  // Only Müller meets two (revenue and margin) before anyone is rated.
  await expect(async () => assert.equal(await page.getByTestId("qualifying-count").innerText(), "1"));
  await c.rate("criteria-ratings", "Zeller", 0, 5);
  await c.rate("criteria-ratings", "Öko-Strom", 0, 4);
  await expect(async () => assert.equal(await page.getByTestId("qualifying-count").innerText(), "2"));
  assert.match(await page.getByTestId("qualifying").innerText(), /Müller Maschinen AG[\s\S]*Zeller Lebensmittel AG/);
  // The preview follows the threshold live: 1 of 3 lets Huber and Öko-Strom in.
  await c.setThreshold(1);
  await expect(async () => assert.equal(await page.getByTestId("qualifying-count").innerText(), "4"));
  await c.setThreshold(2);
  await expect(async () => assert.equal(await page.getByTestId("qualifying-count").innerText(), "2"));
  // A threshold that is not an amount is named, nothing changes.
  await page.getByTestId("new-criterion-kind").selectOption("potential");
  await page.getByTestId("new-criterion-name").fill("Potenzial");
  await page.getByTestId("new-criterion-threshold").fill("viel");
  await page.getByTestId("add-criterion-submit").click();
  await expect(async () =>
    assert.match(await page.getByTestId("add-criterion").getByTestId("form-error").innerText(), /«viel» ist keine Zahl/),
  );
  assert.equal(await page.getByTestId("criterion").count(), 3);

  // Selection: two provisional, one definitive, each with a reason.
  await c.tab("selection");
  assert.equal(await page.getByTestId("stage-candidates").getByTestId("candidate").count(), 2);
  const muller = c.candidate("candidates", "Müller");
  await muller.getByTestId("step-provisional").click();
  // The decider is the person who gave their name when creating the workspace.
  assert.equal(await muller.getByTestId("decider-name").count(), 0);
  await muller.getByTestId("confirm-step").click();
  await expect(async () => assert.match(await muller.getByTestId("form-error").innerText(), /Begründung: bitte ausfüllen/));
  await muller.getByTestId("reason").fill("Erfüllt Umsatz und Deckungsbeitrag");
  await muller.getByTestId("confirm-step").click();
  await expect(async () => assert.equal(await c.candidate("provisional", "Müller").count(), 1));
  await c.decide("candidates", "Zeller", "provisional", "Strategisch wichtig für Lebensmittel");
  await c.decide("provisional", "Müller", "definitive", "Review der Geschäftsleitung am 12.3.");
  assert.equal(await page.getByTestId("stage-provisional").getByTestId("candidate").count(), 1);
  assert.equal(await page.getByTestId("stage-definitive").getByTestId("candidate").count(), 1);
  const log = page.getByTestId("decision");
  assert.equal(await log.count(), 3);
  assert.match(
    await log.first().innerText(),
    /Müller Maschinen AG\s+provisorisch → definitiv\s+Anna Keller\s+Review der Geschäftsleitung am 12\.3\.\s+Umsatz ab 500'000, Deckungsbeitrag ab 100'000/,
  );
  assert.match(await log.nth(1).innerText(), /Zeller Lebensmittel AG\s+Kandidat → provisorisch\s+Anna Keller\s+Strategisch wichtig/);

  // Top 10: the definitive key account with why it matters and what applies in conflicts.
  await c.tab("top-10");
  const account = page.getByTestId("top-account");
  assert.equal(await account.count(), 1);
  await account.getByTestId("top-why").fill("Grösster Kunde, Referenz im Maschinenbau");
  await account.getByTestId("top-why").blur();
  await account.getByTestId("top-competing").fill("Liefertermine von Müller gehen vor");
  await account.getByTestId("top-competing").blur();
  await expect(async () =>
    assert.match(await page.getByTestId("top-ten-brief").innerText(), /Liefertermine von Müller gehen vor/),
  );
  await page.emulateMedia({ media: "print" });
  for (const chrome of [".main-nav", ".shell-header", ".tabs", "[data-testid=print]", ".top-ten-edit"]) {
    const shown = await page.locator(chrome).evaluateAll((els) => els.some((e) => e.offsetParent !== null));
    assert.equal(shown, false, `${chrome} is hidden in print`);
  }
  const brief = await page.getByTestId("top-ten-brief").innerText();
  assert.match(brief, /Muster AG: Unsere 10 wichtigsten Kunden/);
  assert.match(brief, /Müller Maschinen AG – Maschinenbau · Zürich\s+Warum wichtig: Grösster Kunde, Referenz im Maschinenbau/);
  assert.match(brief, /Bei Konflikten: Liefertermine von Müller gehen vor/);
  const dir = "artifacts/print";
  mkdirSync(dir, { recursive: true });
  const shot = await page.screenshot({ path: `${dir}/top-10.png`, fullPage: true });
  assert.ok(shot.length > 10_000, "a screenshot with content");
  // The printed page is one A4 page.
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  writeFileSync(`${dir}/top-10.pdf`, pdf);
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, "the Top 10 brief prints on one page");
  await page.emulateMedia({ media: "screen" });

  // Every part with this data fits the portrait tablet in German, with 44 px targets.
  for (const part of CUSTOMER_PARTS) {
    await c.open(part);
    assert.ok((await shell.horizontalOverflow()) <= 0, `${part} scrolls sideways (portrait)`);
    assert.deepEqual(await shell.smallTouchTargets(), [], `${part} (portrait)`);
  }
  assert.deepEqual(dialogs, [], "no script ran from imported names");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a broken file names its problems and writes nothing; a re-import updates by customer number", () =>
  inWorkspace(env, "Import AG", TABLET_LANDSCAPE, async ({ page }) => {
    const c = new CustomersPage(page);
    await c.open("import");
    // Not a text table at all.
    await c.chooseFile("kunden.xlsx", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]));
    await expect(async () => assert.match(await page.getByTestId("import-error").innerText(), /keine CSV-Datei/));
    // A file with a bad amount, a missing name and a repeated customer number.
    const broken =
      "Kundennummer;Name;Umsatz\n" + "1;Alpha AG;1.000,00\n" + "2;;2.000,00\n" + "3;Gamma AG;zwölf\n" + "1;Alpha doppelt;3.000,00\n";
    await c.chooseFile("kaputt.csv", broken);
    const problems = page.getByTestId("import-problems");
    await problems.waitFor();
    const text = await problems.innerText();
    assert.match(text, /3 Probleme gefunden/);
    assert.match(text, /Zeile 3, Spalte «Name»: der Name fehlt\./);
    assert.match(text, /Zeile 4, Spalte «Umsatz»: «zwölf» ist keine Zahl im gewählten Format\./);
    assert.match(text, /Zeile 5, Spalte «Kundennummer»: Kundennummer 1 kommt schon in Zeile 2 vor\./);
    assert.match(text, /Es wurde nichts gespeichert/);
    assert.equal(await page.getByTestId("bad-cell").count(), 3, "each problem marked at its cell");
    assert.equal(await page.getByTestId("import-submit").isDisabled(), true);
    await c.open("customers");
    assert.equal(await page.getByTestId("customer-row").count(), 0, "nothing half-imported");

    // A good import, then the next export of the ERP: updates, one new customer.
    await c.importCsv("kunden.csv", GERMAN_CSV);
    const next =
      "Kundennummer;Name;Umsatz\n" + "1001;Müller Maschinen Holding AG;1.400.000,00\n" + "1007;Neu AG;20.000,00\n";
    await c.open("import");
    await c.chooseFile("kunden-2.csv", next);
    await page.getByTestId("import-ok").waitFor();
    // The new name is shown old → new before anything is written (issue 19).
    assert.equal(
      await page.getByTestId("import-renames").innerText(),
      "1 Kunde bekommt mit dem Import einen neuen Namen:\nZeile 2 · 1001: Müller Maschinen AG → Müller Maschinen Holding AG",
    );
    assert.equal(await page.getByTestId("import-ok").innerText(), "Keine Probleme: 1 neuer Kunde, 1 wird aktualisiert.");
    assert.equal(await page.getByTestId("import-submit").innerText(), "Importieren (1 neu, 1 aktualisiert)");
    await page.getByTestId("import-submit").click();
    await page.getByTestId("import-done").waitFor();
    await c.open("customers");
    assert.equal(await page.getByTestId("customer-count").innerText(), "7 von 7 Kunden");
    assert.match(await page.getByTestId("customer-row").first().innerText(), /Müller Maschinen Holding AG[\s\S]*\s1'400'000\s+310'000/);
  }));

test("ABC classes, portfolio snapshots compared, every part fits and passes axe (English)", () =>
  inWorkspace(env, "Portfolio AG", TABLET_LANDSCAPE, async ({ page }) => {
    const shell = new ShellPage(page);
    const c = new CustomersPage(page);
    await c.importCsv("kunden.csv", GERMAN_CSV);
    await shell.switchLanguage("en");
    await c.open("abc");
    // 1'250'000 + 640'000 of 2'217'000.50 is 85.3 %: Müller and Huber are A.
    assert.match(await page.getByTestId("abc-class-A").innerText(), /2 customers \(33\.3\s%\) with 85\.3\s% of revenue/);
    assert.equal(await page.getByTestId("pareto-chart").isVisible(), true);
    await page.getByTestId("abc-a").fill("50");
    await page.getByTestId("abc-a").blur();
    await expect(async () => assert.match(await page.getByTestId("abc-class-A").innerText(), /^A\s+1 customer \(/));
    // The list's class column follows at once (in-app, without a reload), and the ABC
    // screen shows the same on coming back: one analysis for both.
    await page.getByTestId("tab-customers").click();
    const huber = page.getByTestId("customer-row").filter({ hasText: "Huber" });
    await expect(async () => assert.equal(await huber.getByTestId("customer-class").innerText(), "B"));
    await page.getByTestId("tab-abc").click();
    assert.match(await page.getByTestId("abc-class-A").innerText(), /^A\s+1 customer \(/);

    await c.open("portfolio");
    await page.getByTestId("new-factor-source-attractiveness").selectOption("revenue");
    await page.getByTestId("add-factor-attractiveness").click();
    await page.getByTestId("new-factor-name-position").fill("Relationship quality");
    await page.getByTestId("add-factor-position").click();
    for (const [name, value] of [["Müller", 5], ["Huber", 2], ["Zeller", 4], ["Öko-Strom", 1]]) {
      await c.rate("portfolio-ratings", name, 0, value);
    }
    await expect(async () => assert.equal(await page.getByTestId("matrix").getAttribute("data-points"), "4"));
    await page.getByTestId("snapshot-name").fill("Before workshop");
    await page.getByTestId("save-snapshot-submit").click();
    await c.rate("portfolio-ratings", "Huber", 0, 5);
    await page.getByTestId("snapshot-name").fill("After workshop");
    await page.getByTestId("save-snapshot-submit").click();
    const moved = page.getByTestId("movements").getByTestId("moved");
    await expect(async () => assert.equal(await moved.count(), 1));
    assert.match(await moved.innerText(), /Huber; Söhne GmbH ⇄\s+Development customers \(25 \/ 51\)\s+Star customers \(100 \/ 51\)/);

    // Every part: no sideways scrolling, 44 px targets, no serious axe findings.
    for (const part of CUSTOMER_PARTS) {
      await c.open(part);
      assert.ok((await shell.horizontalOverflow()) <= 0, `${part} scrolls sideways`);
      assert.deepEqual(await shell.smallTouchTargets(), [], part);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(serious.map((v) => `${part}: ${v.id} ${v.nodes.map((n) => n.target).join(", ")}`), []);
    }
  }));
