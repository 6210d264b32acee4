// The app shell against the release build: language, offline start, tablet layout, a11y.
import { test } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";

import { startServer } from "../support/server.js";
import { useAppServer } from "../support/harness.js";
import { newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { ShellPage, AREAS } from "../pages/shell.js";
import { PARTS, fillProgramme } from "../pages/rollout.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

test("German is the default, even in an English browser", async () => {
  const { context, page, errors } = await newPage(env.browser, env.server.url);
  const shell = new ShellPage(page);
  await shell.open("/");
  assert.equal(await shell.title(), "KAM-Arbeitsbereich");
  assert.equal(await page.evaluate(() => location.pathname), "/rollout");
  assert.equal(await shell.heading(), "Einführungsprojekt");
  assert.deepEqual(errors, []);
  await context.close();
});

test("language switched to English survives a reload", async () => {
  const { context, page, errors } = await newPage(env.browser, env.server.url);
  const shell = new ShellPage(page);
  await shell.open("/settings");
  await shell.switchLanguage("en");
  assert.equal(await shell.heading(), "Settings");
  await page.reload();
  await shell.waitForApp();
  assert.equal(await shell.title(), "KAM workspace");
  assert.equal(await shell.heading(), "Settings");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  await shell.navigateTo("people");
  assert.equal(await shell.heading(), "People");
  assert.deepEqual(errors, []);
  await context.close();
});

test("after one online visit the shell starts and navigates offline", async () => {
  // A server of its own, so that it can be stopped: offline then really means no server.
  const own = await startServer();
  const { context, page, errors } = await newPage(env.browser, own.url);
  const shell = new ShellPage(page);
  await shell.open("/rollout");
  await shell.waitForOfflineReady();

  await context.setOffline(true);
  await own.stop();

  await page.reload();
  await shell.waitForApp();
  assert.equal(await shell.heading(), "Einführungsprojekt");
  await expect(async () =>
    assert.match(await page.getByTestId("net-status").innerText(), /Offline/),
  );
  for (const area of AREAS) {
    await shell.navigateTo(area.id);
  }
  assert.equal(await shell.heading(), "Einstellungen");
  await expect(async () =>
    assert.match(
      await page.getByTestId("offline-readiness").innerText(),
      /ohne Netz/,
    ),
  );
  // A deep link typed while offline gets the cached app too.
  await page.goto("/people");
  await shell.waitForApp();
  assert.equal(await shell.heading(), "Personen");
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [name, viewport] of [
  ["portrait 768×1024", TABLET_PORTRAIT],
  ["landscape 1024×768", TABLET_LANDSCAPE],
]) {
  test(`every screen fits a tablet in ${name}: no horizontal scrollbar, 44 px targets`, async () => {
    const { context, page, errors } = await newPage(env.browser, env.server.url, viewport);
    const shell = new ShellPage(page);
    const fits = async (label) => {
      assert.ok((await shell.horizontalOverflow()) <= 0, `${label} scrolls sideways at ${name}`);
      assert.deepEqual(await shell.smallTouchTargets(), [], `${label} at ${name}`);
    };
    for (const lang of ["de", "en"]) {
      await shell.open("/rollout");
      await shell.switchLanguage(lang);
      for (const area of AREAS) {
        await shell.navigateTo(area.id);
        await fits(`${area.id} (${lang})`);
      }
      // The workspace screens, with a workspace whose name is long.
      await page.goto("/workspaces");
      await shell.waitForApp();
      if (lang === "de") {
        await page.getByTestId("creator-name").fill("Anna Keller");
        await page.getByTestId("new-workspace-name").fill("Muster Maschinenbau Holding AG – Einführung Key Account Management 2027");
        await page.getByTestId("create-workspace").click();
        await page.getByTestId("current-workspace").waitFor();
      }
      await fits(`workspaces (${lang})`);
      for (const part of PARTS) {
        await page.goto(part === "overview" ? "/rollout" : `/rollout/${part}`);
        await page.getByTestId(`part-${part}`).waitFor();
        await fits(`rollout ${part} (${lang})`);
      }
      await page.goto("/history");
      await page.getByTestId("history-entry").first().waitFor();
      await fits(`history (${lang})`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("no serious or critical accessibility violations on any screen (axe)", async () => {
  const { context, page } = await newPage(env.browser, env.server.url, TABLET_LANDSCAPE);
  const shell = new ShellPage(page);
  await shell.open("/rollout");
  const found = [];
  // With and without an open workspace; the workspaces and history screens too.
  const check = async (label) => {
    const results = await new AxeBuilder({ page }).analyze();
    for (const v of results.violations) {
      if (v.impact === "serious" || v.impact === "critical") {
        found.push(`${label}: ${v.id} – ${v.help} [${v.nodes.map((n) => n.target).join(", ")}]`);
      }
    }
  };
  await check("rollout without workspace");
  await page.goto("/workspaces");
  await shell.waitForApp();
  await check("workspaces (empty)");
  await page.getByTestId("creator-name").fill("Anna Keller");
  await page.getByTestId("new-workspace-name").fill("Axe AG");
  await page.getByTestId("create-workspace").click();
  await page.getByTestId("current-workspace").waitFor();
  await check("workspaces");
  await page.goto("/history");
  await page.getByTestId("history-entry").first().waitFor();
  await page.getByTestId("history-show").first().click();
  await page.getByTestId("compare-now").click();
  await check("history");
  await page.getByTestId("back-to-now").click();
  // The rollout parts with something entered in each.
  const rollout = await fillProgramme(page);
  for (const part of PARTS) {
    await rollout.open(part);
    await check(`rollout ${part}`);
  }
  await page.goto("/rollout");
  await shell.waitForApp();
  for (const lang of ["de", "en"]) {
    await shell.switchLanguage(lang);
    for (const area of AREAS) {
      await shell.navigateTo(area.id);
      const results = await new AxeBuilder({ page }).analyze();
      for (const v of results.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          found.push(`${area.id} (${lang}): ${v.id} – ${v.help} [${v.nodes.map((n) => n.target).join(", ")}]`);
        }
      }
    }
  }
  assert.deepEqual(found, []);
  await context.close();
});
