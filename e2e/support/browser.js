// Debian's Chromium driven by playwright-core; never a downloaded browser.
import { chromium } from "playwright-core";

export const TABLET_PORTRAIT = { width: 768, height: 1024 };
export const TABLET_LANDSCAPE = { width: 1024, height: 768 };

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

// Resolves once the app holds nothing that is only in memory (`<html data-saving>` is
// gone), as a user waits for "Saving…" to go before leaving the page.
export async function untilSaved(page, timeout = 120_000) {
  await page
    .waitForFunction(() => document.documentElement.dataset.saving !== "true", null, { timeout })
    .catch((e) => {
      if (!String(e).includes("closed")) throw e;
    });
}

// Navigation in tests waits for the app to have stored everything (as a person would,
// with "Saving…" showing), so the app's "leave the page?" warning never interrupts a
// test. The unwaited originals stay as `gotoNow` / `reloadNow` for the tests of that
// warning. Any such warning that does come is accepted and counted.
export function guardNavigation(page) {
  page.gotoNow = page.goto.bind(page);
  page.reloadNow = page.reload.bind(page);
  page.goto = async (...args) => {
    await untilSaved(page);
    return page.gotoNow(...args);
  };
  page.reload = async (...args) => {
    await untilSaved(page);
    return page.reloadNow(...args);
  };
  page.leaveWarnings = 0;
  page.on("dialog", (dialog) => {
    if (dialog.type() === "beforeunload") {
      page.leaveWarnings += 1;
      dialog.accept().catch(() => {});
    }
  });
  return page;
}

// A fresh context is a fresh profile: no storage, no service worker from earlier tests.
export async function newPage(browser, baseURL, viewport = TABLET_LANDSCAPE) {
  const context = await browser.newContext({ baseURL, viewport, locale: "en-US" });
  const page = guardNavigation(await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  return { context, page, errors };
}
