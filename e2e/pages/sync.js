// Page object of sync: relay settings, status strip, sharing and joining by link.
import { expect } from "../support/expect.js";

export class SyncPage {
  constructor(page) {
    this.page = page;
  }

  async connect(syncUrl, token) {
    await this.page.goto("/settings");
    await this.page.getByTestId("relay-url").fill(syncUrl);
    await this.page.getByTestId("relay-token").fill(token);
    await this.page.getByTestId("relay-save").click();
    await this.waitInSync();
  }

  status() {
    return this.page.getByTestId("sync-status").innerText();
  }

  async waitInSync(timeout = 20000) {
    await expect(async () => {
      const s = await this.status();
      if (!/Synchron ·|In sync ·/.test(s) || /nicht beim Relay|not yet at the relay/.test(s)) {
        throw new Error(`status: ${s}`);
      }
    }, { timeout });
  }

  async shareLink() {
    await this.page.goto("/workspaces");
    const link = this.page.getByTestId("share-link");
    await link.waitFor();
    return link.inputValue();
  }

  // Joining asks for the person's name first; `name` is typed when this device has none.
  async join(link, token, name = "Beat") {
    await this.page.goto(link);
    const you = this.page.getByTestId("join-name");
    await you.waitFor();
    if (!(await you.inputValue())) await you.fill(name);
    await this.page.getByTestId("join-token").fill(token);
    await this.page.getByTestId("join-submit").click();
    await this.page.getByTestId("join-done").waitFor({ timeout: 20000 });
  }
}
