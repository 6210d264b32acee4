// Screenshots of the screens this session changed (not part of the suite).
import { startServer } from "./support/server.js";
import { launchBrowser, newPage, TABLET_PORTRAIT, TABLET_LANDSCAPE } from "./support/browser.js";
import { WorkspacesPage } from "./pages/workspaces.js";
import { fillProgramme } from "./pages/rollout.js";
import { CustomersPage, GERMAN_CSV } from "./pages/customers.js";
import { ShellPage } from "./pages/shell.js";

const server = await startServer();
const browser = await launchBrowser();
for (const [vp, tag] of [[TABLET_PORTRAIT, "p"], [TABLET_LANDSCAPE, "l"]]) {
  const { context, page } = await newPage(browser, server.url, vp);
  await new WorkspacesPage(page).create("Muster AG");
  const r = await fillProgramme(page);
  for (const part of ["charter", "implementation", "plan"]) {
    await r.open(part);
    await page.screenshot({ path: `/tmp/shots/${part}-${tag}.png`, fullPage: true });
  }
  // An empty add → the message inside the form.
  await r.open("implementation");
  await page.getByTestId("add-conflict").getByRole("button").click();
  await page.waitForTimeout(300);
  await page.getByTestId("add-conflict").screenshot({ path: `/tmp/shots/add-error-${tag}.png` });
  const c = new CustomersPage(page);
  await c.importCsv("kunden.csv", GERMAN_CSV);
  for (const part of ["abc", "criteria", "portfolio"]) {
    await c.open(part);
    await page.screenshot({ path: `/tmp/shots/${part}-${tag}.png`, fullPage: true });
  }
  await page.goto("/people/directory");
  await page.getByTestId("part-directory").waitFor();
  await page.screenshot({ path: `/tmp/shots/directory-${tag}.png`, fullPage: true });
  if (tag === "l") {
    await new ShellPage(page).switchLanguage("en");
    await r.open("implementation");
    await page.screenshot({ path: `/tmp/shots/implementation-en.png`, fullPage: true });
  }
  await context.close();
}
await browser.close();
await server.stop();
