// Page object of "Personen": profile, candidates, directory with trainings, responsibilities.
import { expect } from "../support/expect.js";
import { ScreenPage } from "./base.js";

export const PEOPLE_PARTS = ["profile", "candidates", "responsibilities", "directory"];

export class PeoplePage extends ScreenPage {
  constructor(page) {
    super(page, "/people", "profile");
  }

  person(name) {
    return this.page.locator(`[data-testid=person][data-name="${name}"]`);
  }

  addPerson(name, role) {
    const fields = { "new-person-name": name, "new-person-role": role };
    return this.addRow({ submit: "add-person-submit", row: "person", fields });
  }

  async setCapacity(name, capacity) {
    const input = this.person(name).getByTestId("person-capacity");
    await input.fill(String(capacity));
    await input.blur();
  }

  // Assesses `person` with one level per requirement, in the profile's order.
  async assess(person, levels, by = "Anna Keller") {
    await this.page.getByTestId("assess-person").selectOption({ label: person });
    await this.page.getByTestId("assess-by").fill(by);
    const selects = this.page.getByTestId("assess-level");
    for (let i = 0; i < levels.length; i++) {
      if (levels[i] !== null) await selects.nth(i).selectOption(String(levels[i]));
    }
    const before = await this.page.getByTestId("candidate-row").count();
    await this.page.getByTestId("save-assessment").click();
    await expect(async () => {
      if ((await this.page.getByTestId("candidate-row").count()) <= before) throw new Error("assessment not saved");
    });
  }

  assignment(account) {
    return this.page.getByTestId("assignment").filter({ hasText: account });
  }

  async assign(account, person) {
    await this.assignment(account).getByTestId("assign-manager_id").selectOption({ label: person });
  }

  warnings() {
    return this.page.getByTestId("people-warnings").innerText();
  }
}
