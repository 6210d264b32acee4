// The rollout project: a new user sets up the programme in German on a tablet, from the
// charter through the template plan (with timeline) to the overview; bad input is named;
// the ground-rules self-assessment charts its trend; charter, plan and ground rules print.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";

import { inWorkspace, useAppServer } from "../support/harness.js";
import { TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { RolloutPage, fillProgramme } from "../pages/rollout.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

const noSideScroll = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

const texts = (locator) => locator.allInnerTexts();

test("a new user sets up the programme from the template in German (portrait tablet)", () =>
  inWorkspace(env, "Plan AG", TABLET_PORTRAIT, async ({ page }) => {
    const r = new RolloutPage(page);
    await r.open();
    assert.match(await page.getByTestId("overview-progress").innerText(), /Noch kein Arbeitsplan/);

    await r.tab("charter");
    await r.setCharter({ start: "01.01.2025", duration: 24 });
    await r.addGoal("Top-10-Kunden mit Account-Plan", "10 Pläne bis 06/2026");
    await r.addMember("Anna Keller", "Projektleitung");
    await r.addMember("Beat Meier", "");
    const members = await page.getByTestId("team-member").evaluateAll((els) =>
      els.map((e) => `${e.querySelector(".member-name").textContent} – ${e.querySelector("[data-testid=member-role]").value}`),
    );
    assert.deepEqual(members, ["Anna Keller – Projektleitung", "Beat Meier – Mitglied"]);
    await page.getByTestId("charter-sponsor").selectOption({ label: "Anna Keller" });

    await r.tab("plan");
    // The plan starts where the charter says.
    assert.equal(await page.getByTestId("plan-start").inputValue(), "01.01.2025");
    await r.createPlan();
    const steps = page.getByTestId("plan-step");
    const titles = () => steps.getByTestId("step-title").evaluateAll((els) => els.map((e) => e.value));
    assert.equal((await titles())[0], "Unternehmens- und Marketingstrategie klären, Rolle von KAM festlegen");
    assert.equal(await steps.first().getByTestId("step-due").inputValue(), "02.03.2025");
    assert.equal(await steps.last().getByTestId("step-due").inputValue(), "01.01.2027");
    // Started in 2025: the first step's date has passed, so it is overdue while open.
    assert.match(await steps.first().innerText(), /überfällig/);
    assert.equal(await page.getByTestId("timeline-bar").count(), 13);
    const box = await page.getByTestId("timeline").boundingBox();
    assert.ok(box.width >= 600 && box.width <= 768, `timeline fits the tablet: ${box.width}px`);

    // Status, reorder, owner.
    await steps.first().getByTestId("step-status").selectOption("Done");
    await expect(async () => assert.match(await page.getByTestId("plan-progress").innerText(), /^7 %/));
    assert.doesNotMatch(await steps.first().innerText(), /überfällig/);
    await steps.nth(1).getByTestId("move-up").click();
    await expect(async () =>
      assert.equal((await titles())[0], "Analyse der heutigen Kundenbetreuung"),
    );
    assert.equal(await page.getByTestId("timeline-bar").first().getAttribute("data-id") !== null, true);
    await steps.nth(2).getByTestId("step-owner").selectOption({ label: "Beat Meier" });

    // Moving a step moves what follows it only when asked.
    const dues = () => steps.getByTestId("step-due").evaluateAll((els) => els.map((e) => e.value));
    const before = await dues();
    await steps.nth(5).getByTestId("step-due").fill("12.07.2025");
    await steps.nth(5).getByTestId("step-due").blur();
    await expect(async () => assert.equal((await dues())[5], "12.07.2025"));
    assert.equal((await dues())[6], before[6], "followers stay without the option");
    await page.getByTestId("move-followers").check();
    await steps.nth(5).getByTestId("step-due").fill("22.07.2025");
    await steps.nth(5).getByTestId("step-due").blur();
    await expect(async () => assert.equal((await dues())[6], "11.09.2025"), "10 days later");

    await page.reload();
    await r.open("plan");
    await expect(async () => assert.match(await page.getByTestId("plan-progress").innerText(), /^7 % der Schritte erledigt/));
    assert.equal(await steps.nth(2).getByTestId("step-owner").evaluate((s) => s.selectedOptions[0].text), "Beat Meier");
    assert.ok(await noSideScroll(page));

    await r.tab("overview");
    assert.match(await page.getByTestId("overview-progress").innerText(), /1 von 13 Schritten erledigt/);
    assert.match(await page.getByTestId("overview-overdue").innerText(), /\d+ überfällig/);
    assert.match(await page.getByTestId("overview-next").innerText(), /Meilenstein: Strategie und KAM-Rolle verabschiedet/);
    assert.match(await page.getByTestId("overview-goals").innerText(), /0 von 1 erreicht/);
    assert.ok(await noSideScroll(page));
    await page.setViewportSize(TABLET_LANDSCAPE);
    assert.ok(await noSideScroll(page));
    assert.ok(await page.getByTestId("overview-next").isVisible());
  }));

test("bad input is named where it was made and nothing is written", () =>
  inWorkspace(env, "Fehler AG", TABLET_LANDSCAPE, async ({ page }) => {
    const r = new RolloutPage(page);
    await r.open("charter");
    await page.getByTestId("charter-duration").fill("0");
    await page.getByTestId("charter-duration").blur();
    await expect(async () =>
      assert.match(await page.getByTestId("form-error").innerText(), /Dauer in Monaten: 0 liegt nicht zwischen 1 und 120/),
    );
    await page.getByTestId("add-goal").getByRole("button").click();
    await expect(async () => assert.match(await page.getByTestId("add-goal").getByTestId("form-error").innerText(), /bitte ausfüllen/));
    assert.equal(await page.getByTestId("goal").count(), 0);
    await r.tab("ground-rules");
    await page.getByTestId("save-check").click();
    await expect(async () => assert.match(await page.getByTestId("new-check").innerText(), /mindestens eine Regel/));
    await r.tab("overview");
    assert.match(await page.getByTestId("overview-ground-rules").innerText(), /Noch keine Selbsteinschätzung/);
  }));

test("the ground-rules self-assessment shows how the score moved; overview and English follow", () =>
  inWorkspace(env, "Regel AG", TABLET_PORTRAIT, async ({ page }) => {
    const r = new RolloutPage(page);
    await r.open("ground-rules");
    await r.saveCheck("2026-01-10", { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3 });
    await r.saveCheck("2026-06-10", { 1: 4, 2: 4, 3: 5 });
    await expect(async () => assert.equal(await page.getByTestId("trend-point").count(), 2));
    const chart = await page.getByTestId("trend-chart").textContent();
    assert.match(chart, /60 %/);
    assert.match(chart, /87 %/);
    assert.match(await page.getByTestId("ratings-table").innerText(), /KAM ist Chefsache/);
    await r.tab("overview");
    const rules = await page.getByTestId("overview-ground-rules").innerText();
    assert.match(rules, /87 % am 10\.06\.2026/);
    assert.match(rules, /\+27 Punkte/);
    await page.getByTestId("lang-en").click();
    await expect(async () => assert.match(await page.getByTestId("overview-ground-rules").innerText(), /87 % on 10\/06\/2026/));
    assert.ok(await noSideScroll(page));
  }));

test("charter, plan with timeline and ground rules print without the app's chrome", () =>
  inWorkspace(env, "Druck AG", TABLET_LANDSCAPE, async ({ page }) => {
    const r = await fillProgramme(page);
    const dir = "artifacts/print";
    mkdirSync(dir, { recursive: true });
    for (const part of ["charter", "plan", "ground-rules"]) {
      await r.open(part);
      await page.emulateMedia({ media: "print" });
      for (const chrome of [".main-nav", ".shell-header", ".tabs", "[data-testid=print]", ".add-form"]) {
        const shown = await page.locator(chrome).evaluateAll((els) => els.some((e) => e.offsetParent !== null));
        assert.equal(shown, false, `${chrome} is hidden in print (${part})`);
      }
      if (part === "plan") {
        assert.ok(await page.getByTestId("timeline").isVisible());
        const box = await page.getByTestId("timeline").boundingBox();
        assert.ok(box.width > 500, "the timeline spans the page");
      }
      if (part === "ground-rules") assert.ok(await page.getByTestId("trend-chart").isVisible());
      if (part === "charter") assert.match(await page.getByTestId("charter").innerText(), /Anna Keller/);
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      assert.ok(pdf.length > 10_000, `a real PDF for ${part}`);
      writeFileSync(`${dir}/${part}.pdf`, pdf);
      await page.screenshot({ path: `${dir}/${part}.png`, fullPage: true });
      await page.emulateMedia({ media: "screen" });
    }
  }));
