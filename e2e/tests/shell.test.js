// The app shell against the release build: language, offline start, tablet layout, a11y.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";

import { startServer } from "../support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { ShellPage, AREAS } from "../pages/shell.js";
import { expect } from "../support/expect.js";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("German is the default, even in an English browser", async () => {
  const { context, page, errors } = await newPage(browser, server.url);
  const shell = new ShellPage(page);
  await shell.open("/");
  assert.equal(await shell.title(), "KAM-Arbeitsbereich");
  assert.equal(await page.evaluate(() => location.pathname), "/rollout");
  assert.equal(await shell.heading(), "Einführungsprojekt");
  assert.deepEqual(errors, []);
  await context.close();
});

test("language switched to English survives a reload", async () => {
  const { context, page, errors } = await newPage(browser, server.url);
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
  const { context, page, errors } = await newPage(browser, own.url);
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
    const { context, page, errors } = await newPage(browser, server.url, viewport);
    const shell = new ShellPage(page);
    for (const lang of ["de", "en"]) {
      await shell.open("/rollout");
      await shell.switchLanguage(lang);
      for (const area of AREAS) {
        await shell.navigateTo(area.id);
        assert.ok(
          (await shell.horizontalOverflow()) <= 0,
          `${area.id} (${lang}) scrolls sideways at ${name}`,
        );
        assert.deepEqual(await shell.smallTouchTargets(), [], `${area.id} (${lang}) at ${name}`);
      }
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("no serious or critical accessibility violations on any screen (axe)", async () => {
  const { context, page } = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const shell = new ShellPage(page);
  await shell.open("/rollout");
  const found = [];
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
