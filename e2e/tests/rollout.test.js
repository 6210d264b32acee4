// The rollout plan: created from the template in German, status changes stored.
import { test } from "node:test";
import assert from "node:assert/strict";

import { useAppServer } from "../support/harness.js";
import { newPage, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

test("a new user creates the rollout plan from the template (German, portrait tablet)", async () => {
  const { context, page, errors } = await newPage(env.browser, env.server.url, TABLET_PORTRAIT);
  await new WorkspacesPage(page).create("Plan AG");
  await page.goto("/rollout");
  await page.getByTestId("plan-card").waitFor();
  await page.getByTestId("plan-start").fill("2025-01-01");
  await page.getByTestId("plan-create").click();
  await expect(async () => assert.equal(await page.getByTestId("plan-step").count(), 13));
  const first = page.getByTestId("plan-step").first();
  assert.match(await first.innerText(), /Analyse der heutigen Kundenbetreuung/);
  assert.match(await first.innerText(), /02\.03\.2025/);
  assert.match(await page.getByTestId("plan-step").last().innerText(), /01\.01\.2027/);
  // Started in 2025: the first step's date has passed, so it is overdue while open.
  assert.match(await first.innerText(), /überfällig/);

  await first.locator("select").selectOption("done");
  await expect(async () => assert.match(await page.getByTestId("plan-progress").innerText(), /^7 %/));
  await page.reload();
  await expect(async () => assert.match(await page.getByTestId("plan-progress").innerText(), /^7 % der Schritte erledigt/));
  assert.doesNotMatch(await page.getByTestId("plan-step").first().innerText(), /überfällig/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
  assert.deepEqual(errors, []);
  await context.close();
});
