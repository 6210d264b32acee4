// Page object of the key accounts: the list and one account's plan.
import { expect } from "../support/expect.js";
import { ScreenPage } from "./base.js";

export class AccountsPage extends ScreenPage {
  open() {
    return this.visit("/key-accounts", "screen-key-accounts");
  }

  async openAccount(name) {
    await this.open();
    await this.page.getByTestId("account-row").filter({ hasText: name }).getByTestId("open-account").click();
    await this.page.getByTestId("screen-account-plan").waitFor();
    await expect(async () => {
      if ((await this.page.getByTestId("account-name").innerText()) !== name) throw new Error("plan not open");
    });
  }

  async addSwot(kind, text) {
    await this.page.getByTestId(`new-swot-${kind}`).fill(text);
    await this.page.getByTestId(`add-swot-${kind}`).click();
    await this.page.getByTestId(`swot-${kind}`).getByTestId("swot-item").filter({ hasText: text }).waitFor();
  }

  async addStakeholder({ name, fn, role, influence, attitude, last }) {
    const before = await this.page.getByTestId("stakeholder").count();
    await this.page.getByTestId("new-stakeholder-name").fill(name);
    await this.page.getByTestId("new-stakeholder-function").fill(fn);
    await this.page.getByTestId("new-stakeholder-role").selectOption(role);
    await this.page.getByTestId("new-stakeholder-influence").selectOption(String(influence));
    await this.page.getByTestId("new-stakeholder-attitude").selectOption(String(attitude));
    if (last) await this.page.getByTestId("new-stakeholder-last").fill(last);
    await this.page.getByTestId("add-stakeholder-submit").click();
    await expect(async () => {
      if ((await this.page.getByTestId("stakeholder").count()) !== before + 1) throw new Error("stakeholder not added");
    });
  }
}
