// Page object of the app shell: navigation, language, screens.
import { expect } from "../support/expect.js";

export const AREAS = [
  { id: "rollout", path: "/rollout" },
  { id: "customers", path: "/customers" },
  { id: "key-accounts", path: "/key-accounts" },
  { id: "people", path: "/people" },
  { id: "controlling", path: "/controlling" },
  { id: "settings", path: "/settings" },
];

export class ShellPage {
  constructor(page) {
    this.page = page;
  }

  async open(path = "/") {
    await this.page.goto(path);
    await this.waitForApp();
  }

  async waitForApp() {
    await this.page.getByTestId("app-title").waitFor({ state: "visible", timeout: 20000 });
  }

  title() {
    return this.page.getByTestId("app-title").innerText();
  }

  async navigateTo(areaId) {
    await this.page.getByTestId(`nav-${areaId}`).click();
    await this.screen(areaId).waitFor({ state: "visible" });
  }

  screen(areaId) {
    return this.page.getByTestId(`screen-${areaId}`);
  }

  async heading() {
    return this.page.locator("main h1").innerText();
  }

  /** Sets the name this device writes its changes under (settings), and waits until saved. */
  async setAuthorName(name) {
    await this.page.goto("/settings");
    // Creating or joining asked for the name already; the same name saves nothing new.
    await this.page.getByTestId("author-name").waitFor();
    if ((await this.page.getByTestId("author-name").inputValue()) === name) return;
    await this.page.getByTestId("author-name").fill(name);
    await this.page.getByTestId("author-name").blur();
    await this.page.getByTestId("author-name-feedback").filter({ hasText: /gespeichert|saved/i }).waitFor();
  }

  async switchLanguage(code) {
    await this.page.getByTestId(`lang-${code}`).click();
    await expect(async () => {
      const lang = await this.page.evaluate(() => document.documentElement.lang);
      if (lang !== code) throw new Error(`html lang is ${lang}, expected ${code}`);
    });
  }

  async waitForOfflineReady() {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The first visit is not yet controlled; wait until the worker claims the page.
    await expect(async () => {
      const controlled = await this.page.evaluate(() => !!navigator.serviceWorker.controller);
      if (!controlled) throw new Error("page not yet controlled by the service worker");
    });
  }

  horizontalOverflow() {
    return this.page.evaluate(() => {
      const el = document.documentElement;
      return el.scrollWidth - el.clientWidth;
    });
  }

  // Visible buttons, links and inputs smaller than 44 × 44 px (tablet touch targets).
  smallTouchTargets() {
    return this.page.evaluate(() => {
      const small = [];
      for (const el of document.querySelectorAll("button, a[href], input, select, textarea")) {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) continue; // not shown (visually hidden file inputs)
        if (getComputedStyle(el).visibility === "hidden") continue;
        // A checkbox inside its label: the label is what a finger taps.
        const label = el.tagName === "INPUT" ? el.closest("label") : null;
        const lr = label?.getBoundingClientRect();
        if (lr && lr.height >= 44 && lr.width >= 44) continue;
        if (r.height < 44 || r.width < 44) {
          small.push(`${el.tagName.toLowerCase()} "${el.textContent.trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`);
        }
      }
      return small;
    });
  }
}
