// Page object of "Kunden & Auswahl": import, criteria, selection, Top 10.
import { expect } from "../support/expect.js";
import { ScreenPage } from "./base.js";

export const CUSTOMER_PARTS = ["customers", "import", "criteria", "abc", "portfolio", "selection", "top-10"];

// A customer list as a Swiss/German ERP exports it: UTF-8 with BOM, ";", German amounts.
export const GERMAN_CSV =
  "\ufeffKundennummer;Name;Branche;Region;Umsatz;Deckungsbeitrag;Potenzial;Betreuer\r\n" +
  "1001;Müller Maschinen AG;Maschinenbau;Zürich;1.250.000,00;310.000,00;2.000.000;Anna Meier\r\n" +
  "1002;\"Huber; Söhne GmbH\";Handel;Bern;640.000,00;95.000,00;800.000;Beat Huber\r\n" +
  "1003;Zeller Lebensmittel AG;Lebensmittel;Basel;180.000,50;150.000,00;400.000;\r\n" +
  "1004;Öko-Strom AG;Energie;Luzern;90.000,00;12.000,00;1.500.000;Carla Rossi\r\n" +
  "1005;<script>alert('x')</script> Handels AG;Handel;St. Gallen;45.000,00;-3.000,00;;\r\n" +
  "1006;=SUMME(A1:A9);Diverses;Chur;12.000,00;1.000,00;;\r\n";

export class CustomersPage extends ScreenPage {
  constructor(page) {
    super(page, "/customers", "customers");
  }

  // Chooses a file in the import part (content: string or Buffer).
  async chooseFile(name, content) {
    const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    await this.page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer });
  }

  async importCsv(name, content) {
    await this.open("import");
    await this.chooseFile(name, content);
    await this.page.getByTestId("import-ok").waitFor();
    await this.page.getByTestId("import-submit").click();
    await this.page.getByTestId("import-done").waitFor();
  }

  async addMeasured(name, field, threshold) {
    await this.page.getByTestId("new-criterion-name").fill(name);
    await this.page.getByTestId("new-criterion-kind").selectOption(field);
    await this.page.getByTestId("new-criterion-threshold").fill(threshold);
    await this.addCriterion();
  }

  async addRated(name, min) {
    await this.page.getByTestId("new-criterion-name").fill(name);
    await this.page.getByTestId("new-criterion-kind").selectOption("rated");
    await this.page.getByTestId("new-criterion-min").selectOption(String(min));
    await this.addCriterion();
  }

  async addCriterion() {
    const before = await this.page.getByTestId("criterion").count();
    await this.page.getByTestId("add-criterion-submit").click();
    await expect(async () => {
      if ((await this.page.getByTestId("criterion").count()) !== before + 1) throw new Error("criterion not added");
    });
  }

  async setThreshold(n) {
    await this.page.getByTestId("criteria-threshold").fill(String(n));
    await this.page.getByTestId("criteria-threshold").blur();
  }

  // Rates a customer in the rating grid (`grid`: its test id), column `column` (0-based).
  async rate(grid, customer, column, value) {
    const row = this.page.getByTestId(grid).getByTestId("rating-row").filter({ hasText: customer });
    await row.getByTestId("rating-select").nth(column).selectOption(String(value));
  }

  candidate(stage, name) {
    return this.page.getByTestId(`stage-${stage}`).getByTestId("candidate").filter({ hasText: name });
  }

  // Takes a selection step for a customer of `stage` with a reason (and the decider's
  // name when this device has none yet).
  async decide(stage, name, step, reason, decider = "Anna Keller") {
    const item = this.candidate(stage, name);
    await item.getByTestId(`step-${step}`).click();
    if (await item.getByTestId("decider-name").isVisible()) {
      await item.getByTestId("decider-name").fill(decider);
    }
    await item.getByTestId("reason").fill(reason);
    await item.getByTestId("confirm-step").click();
    const stageOf = { provisional: "provisional", definitive: "definitive", rejected: "rejected", none: "candidates" }[step];
    await expect(async () => {
      if ((await this.candidate(stageOf, name).count()) !== 1) throw new Error(`${name} not in ${stageOf}`);
    });
  }

  // Makes customers definitive key accounts (any customer, criteria or not).
  async makeDefinitive(names) {
    await this.open("selection");
    await this.page.getByTestId("show-all-customers").check();
    for (const name of names) {
      await this.decide("candidates", name, "provisional", "Workshop der Geschäftsleitung");
      await this.decide("provisional", name, "definitive", "Nach eingehender Prüfung");
    }
  }
}
