// Waiting for something that may not come: on a time-out, say what the page showed
// (its text, and a screenshot) so that a hang can be understood, then fail.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "artifacts", "hangs");

export async function waitOrExplain(page, locator, what, timeout) {
  try {
    await locator.first().waitFor({ timeout });
  } catch (error) {
    let text = "(page text unavailable)";
    let shot = "(no screenshot)";
    try {
      text = (await page.locator("body").innerText({ timeout: 5_000 })).replace(/\s+/g, " ").slice(0, 1500);
    } catch {}
    try {
      mkdirSync(artifacts, { recursive: true });
      const file = path.join(artifacts, `${what.replace(/[^a-z0-9]+/gi, "-")}-${Date.now()}.png`);
      await page.screenshot({ path: file, timeout: 10_000 });
      shot = file;
    } catch {}
    const message =
      `${what} did not appear within ${timeout} ms (${page.url()}).\n` +
      `  The page showed: ${text}\n  Screenshot: ${shot}`;
    console.error(message);
    throw new Error(message, { cause: error });
  }
}
