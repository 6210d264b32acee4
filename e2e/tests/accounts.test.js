// Account plans: a manager opens a key account, fills the SWOT, turns a weakness into an
// action, adds two stakeholders, records a review that creates an action, sees what
// changed since that review, and prints the one-page brief.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";

import AxeBuilder from "@axe-core/playwright";
import { inWorkspace, useAppServer } from "../support/harness.js";
import { TABLET_PORTRAIT } from "../support/browser.js";
import { ShellPage } from "../pages/shell.js";
import { CustomersPage, GERMAN_CSV } from "../pages/customers.js";
import { PeoplePage } from "../pages/people.js";
import { AccountsPage } from "../pages/accounts.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

test("SWOT → action, two stakeholders, a review that creates an action, one-page brief", () =>
  inWorkspace(env, "Plan AG", TABLET_PORTRAIT, async ({ page }) => {
    const c = new CustomersPage(page);
    await c.importCsv("kunden.csv", GERMAN_CSV);
    await c.makeDefinitive(["Müller"]);
    const p = new PeoplePage(page);
    await p.open("directory");
    await p.addPerson("Beat Meier", "Key Account Manager");

    const a = new AccountsPage(page);
    await a.open();
    assert.match(await page.getByTestId("account-list").innerText(), /Müller Maschinen AG[\s\S]*0 %/);
    await a.openAccount("Müller Maschinen AG");
    await page.getByTestId("account-profile").fill("Maschinenbau, 800 Mitarbeitende, Einkauf zentral in Zürich.");
    await page.getByTestId("account-profile").blur();
    await a.addSwot("strength", "Technische Beratung vor Ort");
    await a.addSwot("weakness", "Lieferzeiten zu lang");
    await a.addSwot("opportunity", "Neues Werk in Polen");
    // The weakness becomes an action in one step.
    await page.getByTestId("swot-weakness").getByTestId("swot-to-action").click();
    const actions = page.getByTestId("action");
    await expect(async () => assert.equal(await actions.count(), 1));
    assert.equal(await actions.first().getByTestId("action-title").inputValue(), "Lieferzeiten zu lang");
    assert.match(await actions.first().innerText(), /niemand zuständig/);
    await actions.first().getByTestId("action-owner").selectOption({ label: "Beat Meier" });
    await expect(async () => assert.doesNotMatch(await page.getByTestId("action").first().innerText(), /niemand zuständig/));

    await a.addStakeholder({ name: "Dr. Eva Roth", fn: "CEO", role: "Decider", influence: 3, attitude: 1, last: "2026-11-02" });
    await a.addStakeholder({ name: "Marco Frei", fn: "Einkaufsleiter", role: "Buyer", influence: 2, attitude: -1 });
    assert.equal(await page.getByTestId("map-person").count(), 2);
    // Never contacted: flagged on the list and on the map.
    assert.match(await page.getByTestId("stakeholder").nth(1).innerText(), /Letzter Kontakt: nie – Kontakt fällig/);
    assert.equal(await page.locator("[data-testid=map-person].due").count(), 1);

    // A review that creates an action.
    assert.match(await page.getByTestId("changes-since").innerText(), /Noch kein Review/);
    await page.getByTestId("review-participants").fill("Beat Meier, Dr. Eva Roth");
    await page.getByTestId("review-notes").fill("Lieferzeiten besprochen; Werk Polen ab 2028.");
    await page.getByTestId("review-decisions").fill("Rahmenvertrag vorbereiten.");
    await page.getByTestId("review-action").fill("Rahmenvertrag entwerfen");
    await page.getByTestId("review-action-owner").selectOption({ label: "Beat Meier" });
    await page.getByTestId("review-action-due").fill("2027-01-31");
    await page.getByTestId("save-review").click();
    await expect(async () => assert.equal(await page.getByTestId("review").count(), 1));
    await expect(async () => assert.equal(await actions.count(), 2));
    assert.equal(await actions.nth(1).getByTestId("action-title").inputValue(), "Rahmenvertrag entwerfen");
    // What changed since that review: the action it created is listed, then a new goal.
    await expect(async () =>
      assert.match(await page.getByTestId("changes-since").innerText(), /Massnahme «Rahmenvertrag entwerfen» neu/),
    );
    await page.getByTestId("new-goal-title").fill("Rahmenvertrag bis Mitte 2027");
    await page.getByTestId("add-goal").getByRole("button").click();
    await expect(async () => assert.match(await page.getByTestId("changes-since").innerText(), /Ziel «Rahmenvertrag bis Mitte 2027» neu/));
    assert.match(await page.getByTestId("completeness").innerText(), /Plan zu \d+ % vollständig/);

    // The brief prints on one A4 page with the account and the new action.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".plan-editor").isVisible(), false, "the editor is not printed");
    const brief = await page.getByTestId("account-brief").innerText();
    assert.match(brief, /Müller Maschinen AG/);
    assert.match(brief, /Rahmenvertrag entwerfen – Beat Meier · 31\.01\.2027/);
    assert.match(brief, /Schwächen: Lieferzeiten zu lang/);
    const dir = "artifacts/print";
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: `${dir}/account-brief.png`, fullPage: true });
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    writeFileSync(`${dir}/account-brief.pdf`, pdf);
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 1, "the brief is one page");
    await page.emulateMedia({ media: "screen" });

    // The controller's actuals (Controlling → Ist-Zahlen): a row for a customer that is no
    // key account is skipped with its reason; the rest fills this year's figures and the
    // list's light, old → new shown first.
    await page.goto("/controlling/actuals");
    await page.getByTestId("part-actuals").waitFor();
    const year = new Date().getFullYear();
    await page.getByTestId("actuals-file").setInputFiles({
      name: "ist.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`Kundennummer;Periode;Umsatz Ist;Umsatz Ziel\n1001;${year};1.150.000,00;1.200.000,00\n1002;${year};5,00;\n`),
    });
    await expect(async () =>
      assert.match(await page.getByTestId("actuals-skipped").innerText(), /Zeile 3, Spalte «Kundennummer»: Kunde 1002 ist kein definitiver Key Account/),
    );
    assert.match(await page.getByTestId("actuals-preview").innerText(), /Müller Maschinen AG\s+\d{4}\s+Umsatz Ist\s+–\s+1'150'000/);
    await page.getByTestId("actuals-submit").click();
    await page.getByTestId("actuals-done").waitFor();
    await a.open();
    await expect(async () => assert.match(await page.getByTestId("account-row").first().innerText(), /knapp/));
    await a.openAccount("Müller Maschinen AG");
    assert.match(await page.getByTestId("variance").first().innerText(), /knapp -50'000 \(96 %\)/);

    const shell = new ShellPage(page);
    assert.ok((await shell.horizontalOverflow()) <= 0, "the plan fits the portrait tablet");
    assert.deepEqual(await shell.smallTouchTargets(), []);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious.map((v) => `${v.id} ${v.nodes.map((n) => n.target).join(", ")}`), []);
  }));
