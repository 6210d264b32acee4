// One rule for input (issue 19): every bad input the issue lists is tried on the release
// build; each is refused with a message next to the field saying what is wrong and what
// is allowed, and nothing changes (checked again after a reload, from IndexedDB).
import { test } from "node:test";
import assert from "node:assert/strict";

import { mkdirSync, writeFileSync } from "node:fs";

import { inWorkspace, useAppServer } from "../support/harness.js";
import { newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { ShellPage } from "../pages/shell.js";
import { CustomersPage, GERMAN_CSV } from "../pages/customers.js";
import { AccountsPage } from "../pages/accounts.js";
import { PeoplePage } from "../pages/people.js";
import { RolloutPage } from "../pages/rollout.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

// The editable field around an input: its message line is inside it.
const fieldOf = (input) => input.locator("xpath=ancestor::div[contains(@class,'edit-field')][1]");

// Types `text` into an EditField and leaves it; the field's own message must match
// `message`; Escape then shows what is stored, which must still be `stored`.
async function refusedIn(input, text, message, stored) {
  await input.fill(text);
  await input.blur();
  await expect(async () => assert.match(await fieldOf(input).getByTestId("form-error").innerText(), message));
  // The typed text stays for correcting, it is not silently reverted.
  assert.equal(await input.inputValue(), text);
  await input.focus();
  await input.press("Escape");
  await expect(async () => assert.equal(await input.inputValue(), stored));
}

// Submits an add form; its own message must match and the rows must not grow.
async function refusedAdd(page, form, submit, rows, message) {
  const before = await rows.count();
  await submit.click();
  await expect(async () => assert.match(await form.getByTestId("form-error").innerText(), message));
  assert.equal(await rows.count(), before, "nothing added");
}

test("every bad input is refused next to its field, saying what is allowed, and nothing changes", async () => {
  const { page } = await newPage(env.browser, env.server.url, TABLET_LANDSCAPE);
  await new WorkspacesPage(page).create("Eingabe AG", "Anna Keller");
  const c = new CustomersPage(page);
  await c.importCsv("kunden.csv", GERMAN_CSV);
  await c.makeDefinitive(["Müller"]);

  // Charter: a goal over 500 characters says so while typing and when added.
  const r = new RolloutPage(page);
  await r.open("charter");
  const addGoal = page.getByTestId("add-goal");
  await page.getByTestId("new-goal-text").fill("z".repeat(501));
  assert.match(await addGoal.getByTestId("text-count").innerText(), /501 \/ 500 Zeichen/);
  await refusedAdd(page, addGoal, addGoal.getByRole("button"), page.getByTestId("goal"),
    /501 Zeichen, erlaubt sind höchstens 500/);
  assert.equal((await page.getByTestId("new-goal-text").inputValue()).length, 501, "the text stays");
  await r.addGoal("Zehn Account-Pläne", "bis 06/2027");
  const goalText = page.getByTestId("goal").first().getByTestId("goal-text");
  await refusedIn(goalText, "y".repeat(10000), /10000 Zeichen, erlaubt sind höchstens 500/, "Zehn Account-Pläne");
  // Project duration: out of range, said with the range, never reverted silently.
  const duration = page.getByTestId("charter-duration");
  for (const bad of ["-12", "0", "1000"]) {
    await refusedIn(duration, bad, new RegExp(`${bad} liegt nicht zwischen 1 und 120`), "24");
  }
  // A project role has the limit of every title.
  await r.addMember("Anna Keller", "Projektleitung");
  const role = page.getByTestId("team-member").first().getByTestId("member-role");
  await refusedIn(role, "r".repeat(10000), /erlaubt sind höchstens 500/, "Projektleitung");

  // Criteria: "at least N of M" within 1..M; weights as typed; no negative revenue.
  await c.open("criteria");
  await page.getByTestId("suggest-criteria").click();
  await expect(async () => assert.equal(await page.getByTestId("criterion").count(), 3));
  const n = page.getByTestId("criteria-threshold");
  const storedN = await n.inputValue();
  await refusedIn(n, "0", /0 liegt nicht zwischen 1 und 3/, storedN);
  await refusedIn(n, "7", /7 liegt nicht zwischen 1 und 3/, storedN);
  const revenue = page.getByTestId("criterion").first();
  const weight = revenue.getByTestId("criterion-weight");
  await refusedIn(weight, "-5", /-5 liegt nicht zwischen 1 und 100/, "1");
  await refusedIn(weight, "99999999999999999999", /99999999999999999999 liegt nicht zwischen 1 und 100/, "1");
  const threshold = revenue.getByTestId("criterion-threshold");
  const storedThreshold = await threshold.inputValue();
  await refusedIn(threshold, "-100", /darf nicht negativ sein/, storedThreshold);
  // A name that says its rule follows the rule (it used to keep the old threshold).
  assert.equal(await revenue.getByTestId("criterion-name").inputValue(), "Umsatz ab 500'000");
  await threshold.fill("1'000'000");
  await threshold.blur();
  await expect(async () =>
    assert.equal(await revenue.getByTestId("criterion-name").inputValue(), "Umsatz ab 1'000'000"));
  await expect(async () =>
    assert.match(await page.getByTestId("rule-text").innerText(), /mindestens \d von 3 Kriterien/));

  // A customer number belongs to one customer.
  await c.open("customers");
  const addCustomer = page.getByTestId("add-customer");
  await page.getByTestId("new-number").fill("1001");
  await page.getByTestId("new-name").fill("Zweite Müller AG");
  await refusedAdd(page, addCustomer, page.getByTestId("add-customer-submit"), page.getByTestId("customer-row"),
    /Kundennummer 1001 hat schon Müller Maschinen AG/);

  // Capacity −3 is minus three, not 18446744073709551615.
  const people = new PeoplePage(page);
  await people.open("directory");
  await people.addPerson("Carla Rossi", "Key Account Managerin");
  const capacity = people.person("Carla Rossi").getByTestId("person-capacity");
  const storedCapacity = await capacity.inputValue();
  await refusedIn(capacity, "-3", /-3 liegt nicht zwischen 0 und 100/, storedCapacity);

  // The account plan: a 10,000-character SWOT point, bad periods, a negative target,
  // a review in 2999.
  const accounts = new AccountsPage(page);
  await accounts.openAccount("Müller Maschinen AG");
  const strength = page.getByTestId("swot-strength");
  await page.getByTestId("new-swot-strength").fill("s".repeat(10000));
  assert.match(await strength.getByTestId("text-count").innerText(), /10000 \/ 500 Zeichen/);
  await refusedAdd(page, strength, page.getByTestId("add-swot-strength"), strength.getByTestId("swot-item"),
    /10000 Zeichen, erlaubt sind höchstens 500/);
  const addPeriod = page.getByTestId("add-period");
  const rows = page.getByTestId("target-row");
  for (const [bad, message] of [
    ["abc", /«abc» ist keine Periode/],
    ["2027-Q5", /«2027-Q5» ist keine Periode \(z\. B\. 2027, 2027-Q2 oder 2027-05\)/],
    ["1850", /1850 liegt nicht zwischen den Jahren 1950 und 2099/],
  ]) {
    await page.getByTestId("new-period").fill(bad);
    await refusedAdd(page, addPeriod, addPeriod.getByRole("button"), rows, message);
  }
  await page.getByTestId("new-period").fill("2027");
  await addPeriod.getByRole("button").click();
  await expect(async () => assert.equal(await rows.count(), 1));
  const target = rows.first().getByTestId("target-revenue_target");
  await refusedIn(target, "-9000000000", /darf nicht negativ sein/, "");
  const reviews = page.getByTestId("review");
  await page.getByTestId("review-date").fill("2999-03-01");
  await refusedAdd(page, page.getByTestId("record-review"), page.getByTestId("save-review"), reviews,
    /01\.03\.2999 liegt nicht zwischen den Jahren 1950 und 2099/);
  // The chart never draws a negative bar (it logged `height -9000000000` before).
  assert.equal(await page.locator("svg rect[height^='-']").count(), 0);

  // After a reload (from IndexedDB) nothing of it was stored.
  await page.reload();
  await accounts.openAccount("Müller Maschinen AG");
  assert.equal(await page.getByTestId("swot-strength").getByTestId("swot-item").count(), 0);
  assert.deepEqual(await page.getByTestId("target-row").locator("th").allInnerTexts(), ["2027"]);
  assert.equal(await page.getByTestId("target-row").first().getByTestId("target-revenue_target").inputValue(), "");
  assert.equal(await page.getByTestId("review").count(), 0);
  await r.open("charter");
  assert.equal(await page.getByTestId("charter-duration").inputValue(), "24");
  assert.deepEqual(await page.getByTestId("goal").count(), 1);
  assert.equal(await page.getByTestId("goal").first().getByTestId("goal-text").inputValue(), "Zehn Account-Pläne");
  await c.open("criteria");
  assert.equal(await page.getByTestId("criteria-threshold").inputValue(), storedN);
  assert.equal(await page.getByTestId("criterion").first().getByTestId("criterion-weight").inputValue(), "1");
  await c.open("customers");
  assert.equal(await page.getByTestId("customer-row").filter({ hasText: "Zweite Müller AG" }).count(), 0);
  await people.open("directory");
  assert.equal(await people.person("Carla Rossi").getByTestId("person-capacity").inputValue(), storedCapacity);
});

test("dates are typed as the chosen language writes them, with a calendar beside them", () =>
  inWorkspace(env, "Datum AG", TABLET_PORTRAIT, async ({ page }) => {
    const r = new RolloutPage(page);
    await r.open("charter");
    const start = page.getByTestId("charter-start");
    assert.equal(await start.getAttribute("placeholder"), "TT.MM.JJJJ");
    // A day that does not exist is refused, saying how a date is written; the text stays.
    await refusedIn(start, "31.02.2027", /«31\.02\.2027» ist kein gültiges Datum; geschrieben wie 31\.03\.2027/, "");
    // Short forms are read and written out in full; ISO (pasted) is read too.
    await start.fill("1.3.27");
    await start.blur();
    await expect(async () => assert.equal(await start.inputValue(), "01.03.2027"));
    await start.fill("2027-04-15");
    await start.blur();
    await expect(async () => assert.equal(await start.inputValue(), "15.04.2027"));

    // In English the same date reads day/month/year, and is typed that way.
    await new ShellPage(page).switchLanguage("en");
    await r.open("charter");
    assert.equal(await start.inputValue(), "15/04/2027");
    assert.equal(await start.getAttribute("placeholder"), "DD/MM/YYYY");
    await start.fill("30/04/2027");
    await start.blur();
    await expect(async () => assert.equal(await start.inputValue(), "30/04/2027"));
    await refusedIn(start, "04/30/2027", /“04\/30\/2027” is not a valid date; write it like 31\/03\/2027/, "30/04/2027");

    // The calendar writes the date at once (its own input takes ISO, as browsers do).
    const picker = page.getByTestId("charter-start-picker");
    assert.equal(await picker.inputValue(), "2027-04-30", "the calendar opens on the stored date");
    await picker.fill("2027-06-01");
    await expect(async () => assert.equal(await start.inputValue(), "01/06/2027"));

    await page.reload();
    await r.open("charter");
    assert.equal(await start.inputValue(), "01/06/2027", "stored, not only shown");
    const shot = await page.screenshot();
    mkdirSync("artifacts/input", { recursive: true });
    writeFileSync("artifacts/input/date-en-768x1024.png", shot);
    await new ShellPage(page).switchLanguage("de");
    await r.open("charter");
    await page.screenshot({ path: "artifacts/input/date-de-768x1024.png" });
  }));
