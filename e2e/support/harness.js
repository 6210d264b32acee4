// One server (release build on 127.0.0.1) and one Chromium per test file, started before
// its tests and stopped after them.
import { before, after } from "node:test";

import { startServer } from "./server.js";
import { launchBrowser } from "./browser.js";

export function useAppServer() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
