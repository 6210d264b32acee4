// Page object of the rollout project: its parts (tabs) and what a team enters there.
import { expect } from "../support/expect.js";
import { ScreenPage } from "./base.js";

export const PARTS = ["overview", "charter", "plan", "analysis", "ground-rules", "implementation"];

export class RolloutPage extends ScreenPage {
  constructor(page) {
    super(page, "/rollout", "overview");
  }

  async setCharter({ start, duration }) {
    if (start) {
      await this.page.getByTestId("charter-start").fill(start);
      await this.page.getByTestId("charter-start").blur();
    }
    if (duration) {
      await this.page.getByTestId("charter-duration").fill(String(duration));
      await this.page.getByTestId("charter-duration").blur();
    }
  }

  addGoal(text, measure) {
    const fields = { "new-goal-text": text, "new-goal-measure": measure };
    return this.addRow({ form: "add-goal", row: "goal", fields });
  }

  addMember(name, role) {
    const fields = { "new-member-name": name, "new-member-role": role };
    return this.addRow({ form: "add-member", row: "team-member", fields });
  }

  async createPlan(start) {
    if (start) await this.page.getByTestId("plan-start").fill(start);
    await this.page.getByTestId("plan-create").click();
    await expect(async () => {
      if ((await this.page.getByTestId("plan-step").count()) !== 13) throw new Error("plan not created");
    });
  }

  async rate(question, value) {
    await this.page.getByTestId(`question-${question}`).locator(`input[value="${value}"]`).check({ force: true });
  }

  async saveCheck(date, ratings) {
    await this.page.getByTestId("check-date").fill(date);
    for (const [rule, value] of Object.entries(ratings)) {
      await this.page.getByTestId(`rule-${rule}`).locator(`input[value="${value}"]`).check({ force: true });
    }
    await this.page.getByTestId("save-check").click();
  }

  addConflict(what, who) {
    const fields = { "new-conflict-what": what, "new-conflict-who": who };
    return this.addRow({ form: "add-conflict", row: "conflict-entry", fields });
  }

  addCommunication(what, audience, date) {
    const fields = { "new-communication-what": what, "new-communication-audience": audience, "new-communication-date": date };
    return this.addRow({ form: "add-communication", row: "communication", fields });
  }
}

// A programme with something in every part, as a management team would have it after
// a few workshops (used by screenshots and the print test).
export async function fillProgramme(page) {
  const r = new RolloutPage(page);
  await r.open("charter");
  await r.setCharter({ start: "2026-09-01", duration: 24 });
  await r.addGoal("Die 10 wichtigsten Kunden haben einen Account-Plan", "10 Pläne bis 30.06.2027");
  await r.addGoal("Umsatz mit Key Accounts steigt", "+8 % pro Jahr");
  await r.addMember("Anna Keller", "Projektleitung");
  await r.addMember("Beat Meier", "Mitglied");
  await r.tab("plan");
  await r.createPlan();
  await r.tab("analysis");
  for (const [q, v] of [["who_serves", 4], ["contact_levels", 2], ["customer_knowledge", 3], ["written_plans", 1], ["coordination", 2]]) {
    await r.rate(q, v);
  }
  await r.tab("ground-rules");
  await r.saveCheck("2026-10-01", { 1: 2, 2: 3, 3: 4, 4: 2, 5: 3, 6: 2, 7: 3, 8: 3, 9: 2, 10: 3 });
  await r.saveCheck("2026-11-15", { 1: 4, 2: 3, 3: 4, 4: 3, 5: 4, 6: 3, 7: 3, 8: 4, 9: 2, 10: 4 });
  await r.tab("implementation");
  await r.addConflict("Aussendienst Region Ost fürchtet, Kunden abzugeben", "Aussendienst Ost");
  await r.addCommunication("Warum KAM: Information an alle Mitarbeitenden", "Alle Mitarbeitenden", "2026-10-15");
  return r;
}
