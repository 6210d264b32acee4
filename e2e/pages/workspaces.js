// Page object of the workspaces screen and the strategy editor.
import { expect } from "../support/expect.js";
import { ScreenPage } from "./base.js";

export class WorkspacesPage extends ScreenPage {
  open() {
    return this.visit("/workspaces", "screen-workspaces");
  }

  // Creating asks for the creator's name first; `creator` is typed when this device
  // has none yet.
  async create(name, creator = "Anna") {
    await this.open();
    const you = this.page.getByTestId("creator-name");
    if (!(await you.inputValue())) await you.fill(creator);
    await this.page.getByTestId("new-workspace-name").fill(name);
    await this.page.getByTestId("create-workspace").click();
    await expect(async () => {
      const shown = await this.page.getByTestId("current-workspace-name").innerText();
      if (shown !== name) throw new Error(`open workspace is "${shown}"`);
    });
  }

  async rename(name) {
    await this.page.getByTestId("rename-workspace-input").fill(name);
    await this.page.getByTestId("rename-workspace").click();
    await expect(async () => {
      const shown = await this.page.getByTestId("workspace-button").innerText();
      if (!shown.includes(name)) throw new Error(`header shows "${shown}"`);
    });
  }

  currentName() {
    return this.page.getByTestId("current-workspace-name").innerText();
  }

  // Returns the path of the downloaded .automerge file.
  async exportAutomerge(dir) {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId("export-automerge").click(),
    ]);
    const path = `${dir}/${download.suggestedFilename()}`;
    await download.saveAs(path);
    return path;
  }

  async importAsNew(path) {
    const you = this.page.getByTestId("creator-name");
    if (!(await you.inputValue())) await you.fill("Anna");
    await this.page.getByTestId("import-new").setInputFiles(path);
  }
}

export class StrategyEditor extends ScreenPage {
  open() {
    return this.visit("/rollout/analysis", "strategy-editor");
  }

  field(which) {
    return this.page.getByTestId(`strategy-${which}`);
  }

  async write(which, text) {
    await this.field(which).fill(text);
    await this.field(which).blur();
  }

  async waitFor(which, text, timeout = 5000) {
    await expect(async () => {
      const value = await this.field(which).inputValue();
      if (value !== text) throw new Error(`${which} is "${value}", expected "${text}"`);
    }, { timeout });
  }
}
