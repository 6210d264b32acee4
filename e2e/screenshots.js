// Screenshots of every screen at both tablet orientations, in German and English, for a
// person to look at: node screenshots.js [out-dir]. Uses the release build like the e2e tests.
import { mkdirSync } from "node:fs";
import { startServer } from "./support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "./support/browser.js";
import { ShellPage, AREAS } from "./pages/shell.js";
import { PARTS, fillProgramme } from "./pages/rollout.js";

const out = process.argv[2] || "artifacts/screens";
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const [orientation, viewport] of [["portrait", TABLET_PORTRAIT], ["landscape", TABLET_LANDSCAPE]]) {
    const { context, page } = await newPage(browser, server.url, viewport);
    const shell = new ShellPage(page);
    await shell.open("/workspaces");
    await page.getByTestId("creator-name").fill("Anna Keller");
    await page.getByTestId("new-workspace-name").fill("Muster AG – KAM 2027");
    await page.getByTestId("create-workspace").click();
    await page.getByTestId("current-workspace").waitFor();
    const rollout = await fillProgramme(page);
    await rollout.open("analysis");
    await page.getByTestId("strategy-company").fill("Wachstum mit Systemlösungen in der DACH-Region");
    await page.getByTestId("strategy-company").blur();
    for (const lang of ["de", "en"]) {
      await shell.switchLanguage(lang);
      for (const area of AREAS) {
        await shell.navigateTo(area.id);
        await page.screenshot({ path: `${out}/${area.id}-${lang}-${orientation}.png` });
      }
      for (const part of PARTS) {
        await rollout.open(part);
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${out}/rollout-${part}-${lang}-${orientation}.png`, fullPage: true });
      }
      for (const screen of ["workspaces", "history"]) {
        await page.goto(`/${screen}`);
        await page.getByTestId(`screen-${screen}`).waitFor();
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${out}/${screen}-${lang}-${orientation}.png` });
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`screenshots in ${out}`);
