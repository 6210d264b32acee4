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

// A fresh context is a fresh profile: no storage, no service worker from earlier tests.
export async function newPage(browser, baseURL, viewport = TABLET_LANDSCAPE) {
  const context = await browser.newContext({ baseURL, viewport, locale: "en-US" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  return { context, page, errors };
}
