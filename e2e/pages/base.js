// What every page object does: open a screen by its address, switch an area's tabs, and
// add an item through one of the app's add forms, waiting until its row shows.
import { expect } from "../support/expect.js";

export class ScreenPage {
  // `base`: the area's address; `first`: the slug of the part shown there.
  constructor(page, base, first) {
    this.page = page;
    this.base = base;
    this.first = first;
  }

  // One part of an area (the first one at the area's own address).
  async open(part = this.first) {
    await this.page.goto(part === this.first ? this.base : `${this.base}/${part}`);
    await this.page.getByTestId(`part-${part}`).waitFor();
  }

  // A screen that is not an area with parts.
  async visit(path, testId) {
    await this.page.goto(path);
    await this.page.getByTestId(testId).waitFor();
  }

  async tab(part) {
    await this.page.getByTestId(`tab-${part}`).click();
    await this.page.getByTestId(`part-${part}`).waitFor();
  }

  // Fills the inputs `fields` ({ test id: text }), submits with `submit` (a test id, or
  // the button of form `form`) and waits for one more `row`.
  async addRow({ form, submit, row, fields }) {
    const rows = this.page.getByTestId(row);
    const before = await rows.count();
    for (const [id, text] of Object.entries(fields)) await this.page.getByTestId(id).fill(text);
    const button = submit ? this.page.getByTestId(submit) : this.page.getByTestId(form).getByRole("button");
    await button.click();
    await expect(async () => {
      if ((await rows.count()) !== before + 1) throw new Error(`no new ${row}`);
    });
  }
}
