// The workspace document in the browser: stored durably, shared between tabs, and
// carried between browsers as a .automerge file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { useAppServer } from "../support/harness.js";
import { guardNavigation } from "../support/browser.js";
import { ShellPage } from "../pages/shell.js";
import { WorkspacesPage, StrategyEditor } from "../pages/workspaces.js";
import { expect } from "../support/expect.js";

const env = useAppServer();

async function context() {
  const ctx = await env.browser.newContext({ baseURL: env.server.url, viewport: { width: 1024, height: 768 }, acceptDownloads: true });
  const errors = [];
  ctx.on("page", (p) => {
    guardNavigation(p);
    p.on("pageerror", (e) => errors.push(e));
  });
  return { ctx, errors };
}

test("a new workspace and its edits survive a reload", async () => {
  const { ctx, errors } = await context();
  const page = await ctx.newPage();
  const shell = new ShellPage(page);
  await page.goto("/rollout");
  await shell.waitForApp();
  await page.getByTestId("needs-workspace").waitFor();

  const workspaces = new WorkspacesPage(page);
  await workspaces.create("Muster AG – KAM 2027");
  const strategy = new StrategyEditor(page);
  await strategy.open();
  await strategy.write("company", "Wachstum mit Systemlösungen in DACH");
  await strategy.write("kam-role", "KAM sichert die zehn wichtigsten Kunden");
  await workspaces.open();
  await workspaces.rename("Muster AG – KAM");

  await page.reload();
  await shell.waitForApp();
  await strategy.open();
  await strategy.waitFor("company", "Wachstum mit Systemlösungen in DACH");
  await strategy.waitFor("kam-role", "KAM sichert die zehn wichtigsten Kunden");
  assert.match(await page.getByTestId("workspace-button").innerText(), /Muster AG – KAM$/);

  await page.goto("/history");
  await expect(async () => assert.equal(await page.getByTestId("history-entry").count(), 4));
  // Newest first: rename, KAM role, company strategy, creation. As of the company
  // strategy change, the KAM role was still empty and the old name was in use.
  // The whole app shows that state, read only: the header's name, the strategy screen.
  await page.getByTestId("history-show").nth(2).click();
  await page.getByTestId("as-of-banner").waitFor();
  assert.match(await page.getByTestId("workspace-button").innerText(), /Muster AG – KAM 2027$/);
  await page.getByTestId("nav-rollout").click();
  await page.getByTestId("tab-analysis").click();
  await strategy.waitFor("company", "Wachstum mit Systemlösungen in DACH");
  await strategy.waitFor("kam-role", "");
  assert.equal(await strategy.field("company").isDisabled(), true);
  // Another point in time from the banner's way into the history, then back to now.
  await page.getByTestId("as-of-history").click();
  await page.getByTestId("history-show").nth(3).click();
  await page.getByTestId("nav-rollout").click();
  await page.getByTestId("tab-analysis").click();
  await strategy.waitFor("company", "");
  await page.getByTestId("back-to-now").click();
  await strategy.waitFor("company", "Wachstum mit Systemlösungen in DACH");
  assert.equal(await strategy.field("company").isDisabled(), false);
  assert.equal(await page.getByTestId("as-of-banner").count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("two tabs of one workspace show each other's edits", async () => {
  const { ctx, errors } = await context();
  const a = await ctx.newPage();
  await new WorkspacesPage(a).create("Zwei Tabs AG");
  const b = await ctx.newPage();
  const inA = new StrategyEditor(a);
  const inB = new StrategyEditor(b);
  await inA.open();
  await inB.open();

  await inA.write("company", "Strategie aus Tab A");
  await inB.write("marketing", "Marketing aus Tab B");
  // Within a second, each tab shows the other's edit.
  await inA.waitFor("marketing", "Marketing aus Tab B", 1000);
  await inB.waitFor("company", "Strategie aus Tab A", 1000);
  await inA.waitFor("company", "Strategie aus Tab A");
  await inB.waitFor("marketing", "Marketing aus Tab B");

  // Neither overwrote the other's stored chunk (regression: both tabs once wrote the
  // same key): after a reload of each, both edits are there.
  for (const [page, editor] of [[a, inA], [b, inB]]) {
    await page.reload();
    await editor.open();
    await editor.waitFor("company", "Strategie aus Tab A");
    await editor.waitFor("marketing", "Marketing aus Tab B");
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("an exported .automerge file imports as an identical workspace elsewhere", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kam-e2e-"));
  const first = await context();
  const page = await first.ctx.newPage();
  const workspaces = new WorkspacesPage(page);
  await workspaces.create("Export AG");
  const strategy = new StrategyEditor(page);
  await strategy.open();
  await strategy.write("company", "Nischenführer Medizintechnik");
  await strategy.write("marketing", "Fachmessen und Referenzkunden");
  await workspaces.open();
  const file = await workspaces.exportAutomerge(dir);
  assert.match(file, /Export-AG\.automerge$/);

  // Another browser profile: another manager's device.
  const second = await context();
  const other = await second.ctx.newPage();
  const theirs = new WorkspacesPage(other);
  await theirs.open();
  await theirs.importAsNew(file);
  await expect(async () => assert.equal(await theirs.currentName(), "Export AG"));
  const theirStrategy = new StrategyEditor(other);
  await theirStrategy.open();
  await theirStrategy.waitFor("company", "Nischenführer Medizintechnik");
  await theirStrategy.waitFor("marketing", "Fachmessen und Referenzkunden");

  // A file that is not a workspace is refused with a message, and nothing changes.
  await theirs.open();
  await other.getByTestId("import-new").setInputFiles({ name: "kunden.csv", mimeType: "text/csv", buffer: Buffer.from("Nr;Name\n1;Müller AG\n") });
  await expect(async () => assert.match(await other.getByTestId("problem-banner").innerText(), /kein Automerge-Dokument/));
  assert.equal(await theirs.currentName(), "Export AG");

  assert.deepEqual([...first.errors, ...second.errors], []);
  await first.ctx.close();
  await second.ctx.close();
});

test("workspaces can be switched and deleted (after confirmation)", async () => {
  const { ctx, errors } = await context();
  const page = await ctx.newPage();
  const workspaces = new WorkspacesPage(page);
  await workspaces.create("Echt AG");
  await workspaces.create("Schulung AG");
  await page.getByTestId("open-workspace").click();
  await expect(async () => assert.equal(await workspaces.currentName(), "Echt AG"));
  assert.match(await page.getByTestId("workspace-button").innerText(), /Echt AG/);

  // Declining the question keeps it; accepting deletes it.
  page.once("dialog", (d) => d.dismiss());
  await page.getByTestId("delete-workspace").click();
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId("workspace-entry").count(), 1);
  let question = "";
  page.once("dialog", (d) => {
    question = d.message();
    d.accept();
  });
  await page.getByTestId("delete-workspace").click();
  await expect(async () => assert.equal(await page.getByTestId("workspace-entry").count(), 0));
  assert.match(question, /Schulung AG/);
  await page.reload();
  await workspaces.open();
  assert.equal(await workspaces.currentName(), "Echt AG");
  assert.equal(await page.getByTestId("workspace-entry").count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});
