// One server (release build on 127.0.0.1) and one Chromium per test file, started before
// its tests and stopped after them.
import assert from "node:assert/strict";
import { before, after } from "node:test";

import { WorkspacesPage } from "../pages/workspaces.js";
import { newPage } from "./browser.js";

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

// A test on a fresh tablet with a new workspace `name`: `body` gets { page, context,
// errors }; afterwards no script error may have happened. The context is closed either way.
export async function inWorkspace(env, name, viewport, body) {
  const tab = await newPage(env.browser, env.server.url, viewport);
  try {
    await new WorkspacesPage(tab.page).create(name);
    await body(tab);
    assert.deepEqual(tab.errors, []);
  } finally {
    await tab.context.close();
  }
}
