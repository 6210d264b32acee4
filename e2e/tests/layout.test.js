// Every screen with realistic data fits a tablet (issue 19): the large fixture (300
// customers, 60 key accounts, 1,500 actions, 200 stakeholders) on every screen, at
// 768×1024 and 1024×768, in German and English. Checked on the rendered page:
// - the page and every scroll container (tables, the timeline) fit without sideways
//   scrolling;
// - no word is broken inside: no text is styled to break anywhere, and no word of a
//   table cell, heading, label or button is laid out over two lines;
// - no input, select or text area is cut off by the screen or by a box around it.
// Screenshots of each screen go to artifacts/layout for a person to look at.
//
// The fixture file is written by scripts/test.sh before the e2e tests
// (`cargo run --profile bench -p kam-domain --example write_fixture -- target/large-fixture.automerge`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

import { useAppServer } from "../support/harness.js";
import { newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { ShellPage } from "../pages/shell.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.resolve(here, "../../target/large-fixture.automerge");
const SHOTS = path.resolve(here, "../artifacts/layout");

// Every screen of the app, with what shows it is there.
const SCREENS = [
  "/rollout", "/rollout/charter", "/rollout/plan", "/rollout/analysis", "/rollout/ground-rules",
  "/rollout/implementation", "/customers", "/customers/import", "/customers/criteria",
  "/customers/abc", "/customers/portfolio", "/customers/selection", "/customers/top-10",
  "/key-accounts", "/key-accounts/ka0", "/people", "/people/responsibilities", "/people/candidates",
  "/people/directory", "/controlling", "/controlling/work", "/controlling/programme",
  "/controlling/whitespace", "/controlling/actuals", "/workshops", "/history", "/workspaces",
  "/settings",
];

const env = useAppServer();

// What does not fit on the page as rendered now, in words.
function misfits() {
  const out = [];
  const name = (el) => {
    const id = el.closest("[data-testid]")?.dataset.testid ?? "";
    const text = (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""} [${id}] «${text}»`;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  // Inside a box clipped to a pixel: text for screen readers only (a stacked table's head).
  const clipped = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (e.getBoundingClientRect().width <= 2 && getComputedStyle(e).overflow === "hidden") return true;
    }
    return false;
  };
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) out.push(`the page scrolls sideways by ${doc.scrollWidth - doc.clientWidth} px`);
  const main = document.querySelector(".shell-main") ?? document.body;
  const all = [...document.querySelectorAll(".shell-header *, .main-nav *"), ...main.querySelectorAll("*")];
  for (const el of all) {
    const s = getComputedStyle(el);
    if (["auto", "scroll"].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1 && visible(el)) {
      out.push(`${name(el)} scrolls sideways by ${el.scrollWidth - el.clientWidth} px`);
    }
    if ((s.overflowWrap === "anywhere" || s.wordBreak === "break-all") && el.childElementCount === 0 && visible(el)) {
      out.push(`${name(el)} may break words anywhere (${s.overflowWrap}, ${s.wordBreak})`);
    }
  }
  // Words laid out over two lines (a break after a hyphen, as in "Ist-|Analyse", is where
  // the language allows one).
  const words = /[\p{L}\p{N}][\p{L}\p{N}'’]{3,}/gu;
  for (const el of [...document.querySelectorAll(".shell-header, .main-nav"), main]) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !visible(parent) || parent.closest(".visually-hidden, svg, option, script, style") || clipped(parent)) continue;
      for (const m of node.data.matchAll(words)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) out.push(`«${m[0]}» is broken over two lines in ${name(parent)}`);
      }
    }
  }
  // Inputs cut off by the screen or by a box around them.
  for (const el of main.querySelectorAll("input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea")) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > window.innerWidth + 1) {
      out.push(`${name(el)} is cut off by the screen (${Math.round(r.left)}–${Math.round(r.right)} px)`);
      continue;
    }
    for (let box = el.parentElement; box && box !== main; box = box.parentElement) {
      const s = getComputedStyle(box);
      if (s.overflowX === "visible") continue;
      const b = box.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1) {
        out.push(`${name(el)} is cut off by ${name(box)}`);
        break;
      }
    }
  }
  return [...new Set(out)];
}

test("every screen with the large fixture fits both tablet sizes in German and English", { timeout: 900_000 }, async () => {
  assert.ok(existsSync(FIXTURE), `${FIXTURE} is missing: scripts/test.sh writes it with the write_fixture example`);
  mkdirSync(SHOTS, { recursive: true });
  const { page, errors } = await newPage(env.browser, env.server.url, TABLET_PORTRAIT);
  const ws = new WorkspacesPage(page);
  await ws.open();
  await ws.importAsNew(FIXTURE);
  await page.getByTestId("current-workspace-name").filter({ hasText: /\S/ }).waitFor({ timeout: 120_000 });
  const shell = new ShellPage(page);
  const found = [];
  for (const lang of ["de", "en"]) {
    await shell.switchLanguage(lang);
    for (const [orientation, viewport] of [["portrait", TABLET_PORTRAIT], ["landscape", TABLET_LANDSCAPE]]) {
      await page.setViewportSize(viewport);
      for (const screen of SCREENS) {
        await page.goto(screen);
        await shell.waitForApp();
        await page.locator(".shell-main section, .shell-main [data-testid^=part-]").first().waitFor({ timeout: 30_000 });
        await page.waitForTimeout(150);
        const label = `${screen} ${lang} ${orientation}`;
        for (const m of await page.evaluate(misfits)) found.push(`${label}: ${m}`);
        const file = `${screen.slice(1).replaceAll("/", "-") || "root"}-${lang}-${orientation}.png`;
        await page.screenshot({ path: `${SHOTS}/${file}`, fullPage: true });
      }
      // The customer list's inline editor stays fully visible.
      await page.goto("/customers");
      await page.getByTestId("customer-row").first().waitFor();
      await page.getByTestId("edit-customer").first().click();
      await page.waitForTimeout(150);
      for (const m of await page.evaluate(misfits)) found.push(`/customers editing ${lang} ${orientation}: ${m}`);
      await page.screenshot({ path: `${SHOTS}/customers-editing-${lang}-${orientation}.png`, fullPage: true });
    }
  }
  assert.deepEqual(found, [], `${found.length} misfits:\n${found.slice(0, 80).join("\n")}`);
  assert.deepEqual(errors, []);
});
