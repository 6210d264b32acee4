// Controlling as the controller uses it: imports an ERP actuals file with two bad rows
// (skipped and named), reads totals and variances for a quarter, groups by manager,
// opens an overdue action from the cockpit, exports the cockpit as CSV, prints it on
// A4 landscape, and records a programme review whose measure becomes a rollout step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

import { inWorkspace, useAppServer } from "../support/harness.js";
import { TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { ShellPage } from "../pages/shell.js";
import { CustomersPage, GERMAN_CSV } from "../pages/customers.js";
import { PeoplePage } from "../pages/people.js";
import { AccountsPage } from "../pages/accounts.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

test("a controller imports actuals, reads a quarter, groups, opens a late action, exports and prints", () =>
  inWorkspace(env, "Cockpit AG", TABLET_LANDSCAPE, async ({ page }) => {
    const c = new CustomersPage(page);
    await c.importCsv("kunden.csv", GERMAN_CSV);
    await c.makeDefinitive(["Müller", "Huber", "Zeller"]);
    const p = new PeoplePage(page);
    await p.open("directory");
    await p.addPerson("Beat Meier", "Key Account Manager");
    await p.addPerson("Carla Rossi", "Verkaufsleiterin");
    await p.open("responsibilities");
    await p.assign("Müller", "Beat Meier");
    await p.assign("Huber", "Carla Rossi");

    // An action of Müller's plan, due last month: overdue.
    const a = new AccountsPage(page);
    await a.openAccount("Müller Maschinen AG");
    await page.getByTestId("new-action-title").fill("Rahmenvertrag verhandeln");
    await page.getByTestId("add-action").getByRole("button").click();
    const action = page.getByTestId("action").first();
    await action.waitFor();
    const due = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    await action.getByTestId("action-owner").selectOption({ label: "Beat Meier" });
    await action.getByTestId("action-due").fill(due);
    await action.getByTestId("action-due").blur();

    // The ERP file: Q1 of this year, Müller by month, two rows that cannot be placed.
    const year = new Date().getFullYear();
    const erp =
      "Kundennummer;Periode;Umsatz Ist;Umsatz Ziel;DB Ist\n" +
      `1001;${year}-Q1;;300.000,00;\n` +
      `1001;${year}-01;100.000,00;;20.000,00\n` +
      `1001;${year}-02;110.000,00;;20.000,00\n` +
      `1001;${year}-03;90.000,00;;\n` +
      `1002;${year}-Q1;190.000,00;200.000,00;\n` +
      `1003;${year}-Q1;80.000,00;;\n` +
      `9999;${year}-Q1;5,00;;\n` +
      `1004;${year}-Q1;7,00;;\n`;
    await page.goto("/controlling/actuals");
    await page.getByTestId("part-actuals").waitFor();
    await page.getByTestId("actuals-file").setInputFiles({ name: "erp.csv", mimeType: "text/csv", buffer: Buffer.from(erp) });
    const skipped = page.getByTestId("actuals-skipped");
    await skipped.waitFor();
    const skippedText = await skipped.innerText();
    assert.match(skippedText, /Übersprungene Zeilen: 2/);
    assert.match(skippedText, /Zeile 8, Spalte «Kundennummer»: .*9999/);
    assert.match(skippedText, /Zeile 9, Spalte «Kundennummer»: Kunde 1004 ist kein definitiver Key Account/);
    // Old → new for every figure before anything is written.
    assert.equal(await page.getByTestId("actuals-change").count(), 9);
    assert.match(await page.getByTestId("actuals-preview").innerText(), /Huber; Söhne GmbH\s+Q1 \d{4}\s+Umsatz Ziel\s+–\s+200'000/);
    await page.getByTestId("actuals-submit").click();
    await page.getByTestId("actuals-done").waitFor();

    // The cockpit for Q1: 300 + 200 target; 300 + 190 + 80 actual; the variance compares
    // the two accounts with both (490 of 500).
    await page.getByTestId("tab-cockpit").click();
    await page.getByTestId("cockpit").waitFor();
    await page.getByTestId("period-quarter").click();
    const quarter = Math.floor(new Date().getMonth() / 3) + 1;
    for (let i = 1; i < quarter; i++) await page.getByTestId("period-previous").click();
    await expect(async () => assert.equal(await page.getByTestId("period-label").innerText(), `Q1 ${year}`));
    const total = page.getByTestId("cockpit-total");
    await expect(async () => assert.match(await total.innerText(), /570'000\s+Ziel 500'000\s+98,0\s%\s+-10'000/));
    const revenue = await page.getByTestId("summary-revenue").innerText();
    assert.match(revenue, /570'000/);
    assert.match(revenue, /Ziel: 500'000/);
    const rows = page.getByTestId("cockpit-row");
    assert.equal(await rows.count(), 3);
    assert.match(await rows.filter({ hasText: "Müller" }).innerText(), /300'000\s+Ziel 300'000\s+100,0\s%/);
    // Müller's margin: two of three months only, marked as partial.
    assert.equal(await rows.filter({ hasText: "Müller" }).locator(".partial").count(), 1);
    assert.match(await page.getByTestId("summary-share").innerText(), /93,4\s%/);

    // Grouped by manager: nobody, Beat, Carla, each with its sum.
    await page.getByTestId("cockpit-grouping").selectOption("Manager");
    const groups = page.getByTestId("cockpit-group");
    await expect(async () => assert.equal(await groups.count(), 3));
    assert.match(await groups.nth(0).innerText(), /Niemand verantwortlich \(1\)/);
    assert.match(await groups.nth(1).innerText(), /Beat Meier \(1\)\s+300'000\s+Ziel 300'000/);
    assert.match(await groups.nth(2).innerText(), /Carla Rossi \(1\)\s+190'000\s+Ziel 200'000\s+95,0\s%/);
    // Sorted by % of target, highest first.
    await page.getByTestId("cockpit-grouping").selectOption("None");
    await page.getByTestId("sort-RevenuePercent").click();
    await expect(async () => assert.match(await rows.first().innerText(), /Müller/));
    await page.getByTestId("sort-RevenuePercent").click();
    await expect(async () => assert.match(await rows.first().innerText(), /Huber/));

    // CSV: the cells as a spreadsheet reads them.
    await page.getByTestId("cockpit-format").selectOption("German");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("cockpit-csv").click()]);
    const dir = "artifacts/controlling";
    mkdirSync(dir, { recursive: true });
    await download.saveAs(`${dir}/cockpit.csv`);
    const csv = readFileSync(`${dir}/cockpit.csv`, "utf8");
    assert.ok(csv.startsWith("\ufeff#;Key Account;Verantwortlich;Region;"), csv.slice(0, 80));
    const lines = csv.trim().split("\r\n");
    assert.equal(lines.length, 5);
    const mueller = lines.find((l) => l.includes("Müller")).split(";");
    assert.deepEqual(mueller.slice(6, 11), ["300.000,00", "300.000,00", "0,00", "100,0", "im Ziel"]);
    assert.deepEqual(mueller.slice(12, 14), ["40.000,00", ""]);
    assert.ok(lines.some((l) => l.includes("\"Huber; Söhne GmbH\"")), "a name with the separator is quoted");
    assert.match(lines.at(-1), /^;Total;;;;;500\.000,00;570\.000,00;-10\.000,00;98,0;knapp;/);

    // Print: A4 landscape with company, period and date; the totals on the page.
    await page.emulateMedia({ media: "print" });
    assert.match(await page.getByTestId("cockpit-print-head").innerText(), new RegExp(`Cockpit AG · Controlling Q1 ${year} · Stand \\d\\d\\.\\d\\d\\.\\d{4}`));
    assert.ok(await total.isVisible(), "the totals print");
    assert.equal(await page.getByTestId("period-previous").isVisible(), false, "controls do not print");
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${dir}/cockpit.pdf`, pdf);
    const box = pdf.toString("latin1").match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
    assert.ok(box, "a page size");
    const [w, h] = [Number(box[1]), Number(box[2])];
    assert.ok(Math.abs(w - 842) < 2 && Math.abs(h - 595) < 2, `A4 landscape, got ${w} × ${h}`);
    await page.screenshot({ path: `${dir}/cockpit-print.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });

    // The work that slips: the overdue action opens in its plan, brought into view.
    await page.getByTestId("tab-work").click();
    const late = page.getByTestId("slipping-action").filter({ hasText: "Rahmenvertrag verhandeln" });
    await late.waitFor();
    assert.match(await late.innerText(), /Müller Maschinen AG · Beat Meier · fällig .* Tage überfällig: 20/);
    assert.match(await page.getByTestId("care-gaps").innerText(), /Zeller Lebensmittel AG · niemand verantwortlich/);
    assert.match(await page.getByTestId("care-gaps").innerText(), /Beat Meier hat keine abgeschlossene Weiterbildung/);
    await late.getByTestId("open-action").click();
    await page.getByTestId("screen-account-plan").waitFor();
    const focused = page.locator("[data-testid=action].focused");
    await focused.waitFor();
    assert.equal(await focused.getByTestId("action-title").inputValue(), "Rahmenvertrag verhandeln");
    assert.ok(await focused.isVisible());

    // A programme review with the controller: its optimisation measure becomes a step of
    // the rollout plan, with owner and due date.
    await page.goto("/controlling/programme");
    await page.getByTestId("programme-reviews").waitFor();
    await page.getByTestId("programme-review-participants").fill("Geschäftsleitung, Controlling");
    await page.getByTestId("programme-review-findings").fill("Zwei von drei Plänen ohne Ziele.");
    await page.getByTestId("measure-title-0").fill("Planklinik für alle Key Accounts");
    await page.getByTestId("measure-owner-0").selectOption({ label: "Beat Meier" });
    await page.getByTestId("measure-due-0").fill(`${year + 1}-01-31`);
    await page.getByTestId("save-programme-review").click();
    const review = page.getByTestId("programme-review");
    await review.waitFor();
    assert.match(await review.innerText(), /Geschäftsleitung, Controlling[\s\S]*Zwei von drei Plänen ohne Ziele\.[\s\S]*Planklinik für alle Key Accounts · Offen/);
    assert.equal(await page.getByTestId("measure-title-0").inputValue(), "", "the form is cleared");
    assert.match(await page.getByTestId("revenue-trend").innerText(), new RegExp(`Q1 ${year}\\s+500'000\\s+570'000`));
    const [trendCsv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("trend-csv").click()]);
    await trendCsv.saveAs(`${dir}/trend.csv`);
    const trendLines = readFileSync(`${dir}/trend.csv`, "utf8").trim().split("\r\n");
    assert.equal(trendLines[0], "Periode;Umsatz Ziel;Umsatz Ist;Wachstum");
    assert.ok(trendLines.includes(`Q1 ${year};500'000.00;570'000.00;`), trendLines.join(" | "));
    // The programme tab as the managing director sees it, both tablet orientations, in
    // German and in English; nothing runs past the right edge.
    const shell = new ShellPage(page);
    for (const lang of ["de", "en"]) {
      if (lang === "en") await shell.switchLanguage("en");
      for (const size of [TABLET_LANDSCAPE, TABLET_PORTRAIT]) {
        await page.setViewportSize(size);
        await review.scrollIntoViewIfNeeded();
        assert.ok((await shell.horizontalOverflow()) <= 0, `programme tab fits ${size.width}×${size.height}`);
        await page.screenshot({ path: `${dir}/programme-${lang}-${size.width}x${size.height}.png`, fullPage: true });
      }
    }
    await shell.switchLanguage("de");
    await page.setViewportSize(TABLET_LANDSCAPE);
    await page.goto("/rollout/plan");
    await page.getByTestId("part-plan").waitFor();
    await expect(async () => {
      const titles = await page.getByTestId("step-title").evaluateAll((inputs) => inputs.map((i) => i.value));
      assert.ok(titles.includes("Planklinik für alle Key Accounts"), titles.join(" | "));
    });

    await page.goto("/controlling");
    await page.getByTestId("cockpit-table").waitFor();
    assert.ok((await shell.horizontalOverflow()) <= 0, "the cockpit fits the landscape tablet");
  }));
