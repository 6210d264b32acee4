// Live editing in a workshop (issue 13): three tablets (Anna, Beat, Carla) on one
// workspace through the relay on 127.0.0.1. For one field of each kind on the account
// plan, the charter, the work plan, the criteria and the people screens:
//   Anna types (unsaved) while Beat edits elsewhere → not one character of hers is lost;
//   Beat sees Anna's presence on that field before he types over it;
//   Beat changes the same field → Anna's text stays, her field says Beat changed it;
//   Carla, offline, writes her own version while Anna saves hers → on reconnect all three
//   show the conflict naming Anna and Carla, each button labelled by author, and the
//   button pressed on one device does what it says everywhere.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";

import { startServer, TOKEN } from "../support/server.js";
import { launchBrowser, newPage, TABLET_LANDSCAPE, TABLET_PORTRAIT } from "../support/browser.js";
import { WorkspacesPage } from "../pages/workspaces.js";
import { CustomersPage, GERMAN_CSV } from "../pages/customers.js";
import { PeoplePage } from "../pages/people.js";
import { AccountsPage } from "../pages/accounts.js";
import { RolloutPage } from "../pages/rollout.js";
import { SyncPage } from "../pages/sync.js";
import { ShellPage } from "../pages/shell.js";
import { expect } from "../support/expect.js";

let browser;
let server;
let devices;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  devices = await workshop();
});
after(async () => {
  for (const d of devices ?? []) await d.context.close();
  await browser?.close();
  await server?.stop();
});

const setName = (page, name) => new ShellPage(page).setAuthorName(name);

// Anna prepares the workspace and shares it; Beat and Carla join by the link.
async function workshop() {
  const anna = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const beat = await newPage(browser, server.url, TABLET_PORTRAIT);
  const carla = await newPage(browser, server.url, TABLET_LANDSCAPE);
  const a = anna.page;
  await new WorkspacesPage(a).create("Live AG");
  await setName(a, "Anna");
  const c = new CustomersPage(a);
  await c.importCsv("kunden.csv", GERMAN_CSV);
  await c.makeDefinitive(["Müller"]);
  await c.open("criteria");
  await a.getByTestId("suggest-criteria").click();
  await a.getByTestId("criterion").first().waitFor();
  const people = new PeoplePage(a);
  await people.open("directory");
  await people.addPerson("Beat Meier", "Key Account Manager");
  await people.addPerson("Carla Roth", "Verkaufsleiterin");
  const rollout = new RolloutPage(a);
  await rollout.open("plan");
  await rollout.createPlan("2027-01-01");
  await rollout.open("charter");
  await rollout.addGoal("Zehn Key Accounts mit Plan", "bis 06/2027");
  await rollout.open("implementation");
  await rollout.addConflict("Aussendienst fürchtet, Kunden abzugeben", "Aussendienst Ost");
  const accounts = new AccountsPage(a);
  await accounts.openAccount("Müller Maschinen AG");
  for (const title of ["Besuch beim Einkauf", "Angebot Rahmenvertrag"]) {
    await a.getByTestId("new-action-title").fill(title);
    await a.getByTestId("add-action").getByRole("button").click();
    await expect(async () =>
      assert.ok(await a.getByTestId("action-title").evaluateAll((els, t) => els.some((e) => e.value === t), title)));
  }
  const sa = new SyncPage(a);
  await sa.connect(server.syncUrl, TOKEN);
  const link = await sa.shareLink();
  for (const [d, name] of [[beat, "Beat"], [carla, "Carla"]]) {
    await new SyncPage(d.page).join(link, TOKEN);
    await setName(d.page, name);
  }
  const all = [
    { ...anna, name: "Anna" },
    { ...beat, name: "Beat" },
    { ...carla, name: "Carla" },
  ];
  for (const d of all) await new SyncPage(d.page).waitInSync();
  return all;
}

// Screenshots for a person to look at (e2e/artifacts/live), at the device's size and,
// with `both`, at the other tablet orientation too.
async function shot(page, input, name, both = false) {
  mkdirSync("artifacts/live", { recursive: true });
  await input.scrollIntoViewIfNeeded();
  const size = page.viewportSize();
  const sizes = both ? [size, { width: size.height, height: size.width }] : [size];
  for (const s of sizes) {
    await page.setViewportSize(s);
    await input.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `artifacts/live/${name}-${s.width}x${s.height}.png` });
  }
  await page.setViewportSize(size);
}

const box = (input) => input.locator("xpath=ancestor::div[contains(@class,'edit-field')][1]");

async function isFocused(input) {
  return input.evaluate((el) => el === document.activeElement);
}

async function save(input, value, kind) {
  if (kind === "choice") {
    await input.selectOption(value);
  } else if (kind === "check") {
    await input.setChecked(value === "true");
  } else if (kind === "date" && /^\d{4}-/.test(value)) {
    // A date picked in the calendar (its input takes ISO) is saved at once.
    await input.locator("xpath=following-sibling::span[contains(@class,'date-pick')]/input").fill(value);
  } else {
    await input.fill(value);
    await input.blur();
  }
}

async function valueOf(input, kind) {
  if (kind === "check") return String(await input.isChecked());
  return input.inputValue();
}

// One field through the whole live sequence. `f` describes it:
//   open(page)        brings a device to the screen
//   input(page)       the field's input
//   kind              "text" (typed, saved on leaving) | "date" (typed as 31.03.2027 and
//                     saved on leaving, or an ISO value picked in the calendar, saved at
//                     once) | "choice" | "check" (saved at once)
//   elsewhere(page)   Beat's edit of another field; seen(page) is true once it arrived
//   anna, beat, carla the three values; shown(v) how a value reads in the notes
//   picker            which device presses the version button
async function liveField(f) {
  const [anna, beat, carla] = devices;
  // A failed test before must not leave Carla offline.
  await carla.context.setOffline(false);
  for (const d of devices) await f.open(d.page);
  for (const d of devices) await new SyncPage(d.page).waitInSync();
  const mine = f.input(anna.page);
  const atOnce = f.kind !== "text" && f.kind !== "date";

  // Anna starts: she types (unsaved), or for a choice simply is in the field.
  await mine.focus();
  if (!atOnce) await mine.fill(f.anna);
  const draft = await valueOf(mine, f.kind);

  // Beat sees Anna in the field before he types over it.
  await expect(async () => assert.match(await box(f.input(beat.page)).getByTestId("field-presence").innerText(), /Anna/), { timeout: 10000 });
  assert.ok(await box(f.input(beat.page)).evaluate((el) => el.classList.contains("being-edited")));
  if (f.shots) {
    await shot(beat.page, f.input(beat.page), `${f.shots}-someone-editing`);
    await shot(carla.page, f.input(carla.page), `${f.shots}-someone-editing`);
  }

  // Beat edits elsewhere: Anna's typing is untouched, and she is still in her field.
  await f.elsewhere(beat.page);
  await expect(async () => assert.ok(await f.seen(anna.page)), { timeout: 10000 });
  assert.equal(await valueOf(mine, f.kind), draft, "Anna's draft kept while Beat edits elsewhere");
  assert.ok(await isFocused(mine), "Anna still in her field");

  // Carla goes offline (her tablet lost the Wi-Fi).
  await carla.context.setOffline(true);
  await expect(async () => assert.match(await new SyncPage(carla.page).status(), /Offline/));

  // Beat changes the same field: Anna's draft stays; her field says who changed it to what.
  await save(f.input(beat.page), f.beat, f.kind);
  const note = box(mine).getByTestId("changed-meanwhile");
  await expect(async () => {
    const text = await note.innerText();
    assert.match(text, /Beat/);
    assert.ok(text.includes(`«${f.shown(f.beat)}»`), text);
  }, { timeout: 10000 });
  assert.equal(await valueOf(mine, f.kind), draft, "not one typed character lost");
  assert.ok(await isFocused(mine));
  if (f.shots) await shot(anna.page, mine, `${f.shots}-changed-meanwhile`, true);

  // Carla, offline, writes her version; Anna saves hers over Beat's, knowingly.
  await save(f.input(carla.page), f.carla, f.kind);
  await box(mine).getByTestId("keep-mine").click();
  const annas = atOnce ? draft : f.anna;
  await expect(async () => assert.equal(await valueOf(f.input(beat.page), f.kind), annas), { timeout: 10000 });
  await mine.blur();
  await carla.context.setOffline(false);
  for (const d of devices) await new SyncPage(d.page).waitInSync();

  if (f.merges) {
    // Collaborative text: both writers' words are kept, the same on every device, and
    // there is nothing to choose.
    for (const d of devices) {
      await expect(async () => {
        const text = await valueOf(f.input(d.page), f.kind);
        // Every word of both is there, whole; where Carla's block lands relative to
        // Anna's last character (a shared final ".") depends on the merge order.
        const words = `${f.anna} ${f.carla}`.split(/\s+/).map((w) => w.replace(/[.,]+$/, "")).filter(Boolean);
        for (const w of words) assert.ok(text.includes(w), `${d.name}: «${w}» missing in ${text}`);
        assert.equal(await box(f.input(d.page)).getByTestId("conflict").count(), 0);
      }, { timeout: 15000 });
    }
    const texts = await Promise.all(devices.map((d) => valueOf(f.input(d.page), f.kind)));
    assert.ok(texts.every((t) => t === texts[0]), "one text everywhere");
    for (const d of devices) assert.deepEqual(d.errors, [], `${d.name}: no page errors`);
    return;
  }

  // The conflict is marked on every device, on this field, naming Anna's and Carla's
  // versions; each button names the author whose value stands beside it.
  const versions = { Anna: f.shown(annas), Carla: f.shown(f.carla) };
  for (const d of devices) {
    const field = box(f.input(d.page));
    const conflict = field.getByTestId("conflict");
    await expect(async () => assert.equal(await conflict.locator("li").count(), 2), { timeout: 15000 });
    const label = (await field.locator("label > span").first().innerText()).trim();
    assert.ok((await conflict.innerText()).includes(label), `${d.name}: the note names its field «${label}»`);
    for (const [author, value] of Object.entries(versions)) {
      const item = conflict.locator("li").filter({ has: d.page.locator(`[data-author="${author}"]`) });
      const line = await item.innerText();
      assert.ok(line.includes(author) && line.includes(`«${value}»`), `${d.name}: ${line}`);
      assert.match(await item.getByTestId("conflict-take").innerText(), new RegExp(author));
    }
  }
  if (f.shots) {
    await shot(anna.page, f.input(anna.page), `${f.shots}-conflict`);
    await shot(beat.page, f.input(beat.page), `${f.shots}-conflict`);
  }
  const shownValues = await Promise.all(devices.map((d) => valueOf(f.input(d.page), f.kind)));
  assert.ok(shownValues.every((v) => v === shownValues[0]), `one value shown everywhere: ${shownValues}`);

  // The picker takes the version not shown; it is then the value everywhere, conflict gone.
  const taken = shownValues[0] === annas ? "Carla" : "Anna";
  const want = taken === "Carla" ? f.carla : annas;
  const picker = devices.find((d) => d.name === f.picker);
  await box(f.input(picker.page)).locator(`[data-author="${taken}"]`).click();
  for (const d of devices) {
    await expect(async () => {
      assert.equal(await valueOf(f.input(d.page), f.kind), want);
      assert.equal(await box(f.input(d.page)).getByTestId("conflict").count(), 0);
    }, { timeout: 10000 });
  }
  for (const d of devices) assert.deepEqual(d.errors, [], `${d.name}: no page errors`);
}

const plan = async (page) => {
  if (!page.url().includes("/key-accounts/")) await new AccountsPage(page).openAccount("Müller Maschinen AG");
};
const action = (page, i) => page.getByTestId("action").nth(i);

test("account plan, one line: an action's title", async () => {
  await liveField({
    open: plan,
    input: (page) => action(page, 0).getByTestId("action-title"),
    kind: "text",
    elsewhere: async (page) => {
      // A new action on the same plan, and another action's owner.
      await page.getByTestId("new-action-title").fill("Werksbesuch Polen");
      await page.getByTestId("add-action").getByRole("button").click();
      await action(page, 1).getByTestId("action-owner").selectOption({ label: "Carla Roth" });
    },
    seen: async (page) =>
      page.getByTestId("action-title").evaluateAll((els) => els.some((e) => e.value === "Werksbesuch Polen")),
    anna: "Besuch beim Einkauf mit GL",
    beat: "Besuch beim Einkaufsleiter",
    carla: "Einkauf und Technik besuchen",
    shown: (v) => v,
    picker: "Beat",
    shots: "plan-action-title",
  });
});

test("account plan, several lines: the profile (collaborative text merges)", async () => {
  await liveField({
    open: plan,
    input: (page) => page.getByTestId("account-profile"),
    kind: "text",
    elsewhere: async (page) => {
      await action(page, 1).getByTestId("action-due").fill("31.05.2027");
      await action(page, 1).getByTestId("action-due").blur();
    },
    seen: async (page) => (await action(page, 1).getByTestId("action-due").inputValue()) === "31.05.2027",
    merges: true,
    anna: "Maschinenbau, 800 Mitarbeitende.\nEinkauf zentral in Zürich.",
    beat: "Familienunternehmen, dritte Generation.",
    carla: "Werk in Polen ab 2028.",
    shown: (v) => v,
    picker: "Carla",
  });
});

test("customers, an amount: a customer's revenue", async () => {
  const customer = (page) => page.getByTestId("customer-row").filter({ hasText: "Müller Maschinen" });
  await liveField({
    open: async (page) => {
      await new CustomersPage(page).open("customers");
      await customer(page).getByTestId("edit-customer").click();
      await page.getByTestId("edit-revenue").waitFor();
    },
    input: (page) => page.getByTestId("edit-revenue"),
    kind: "text",
    elsewhere: async (page) => {
      await page.getByTestId("edit-region").fill("Zentralschweiz");
      await page.getByTestId("edit-region").blur();
    },
    seen: async (page) => (await page.getByTestId("edit-region").inputValue()) === "Zentralschweiz",
    anna: "1'300'000",
    beat: "1'450'000",
    carla: "1'200'000",
    shown: (v) => v,
    picker: "Beat",
  });
});

test("charter, a number: the duration in months", async () => {
  await liveField({
    open: async (page) => new RolloutPage(page).open("charter"),
    input: (page) => page.getByTestId("charter-duration"),
    kind: "text",
    elsewhere: async (page) => {
      await page.getByTestId("goal-measure").first().fill("bis 09/2027");
      await page.getByTestId("goal-measure").first().blur();
    },
    seen: async (page) => (await page.getByTestId("goal-measure").first().inputValue()) === "bis 09/2027",
    anna: "30",
    beat: "18",
    carla: "36",
    shown: (v) => v,
    picker: "Anna",
  });
});

test("charter, yes or no: a goal achieved", async () => {
  await liveField({
    open: async (page) => new RolloutPage(page).open("charter"),
    input: (page) => page.getByTestId("goal-achieved").first(),
    kind: "check",
    elsewhere: async (page) => {
      await page.getByTestId("charter-start").fill("01.02.2027");
      await page.getByTestId("charter-start").blur();
    },
    seen: async (page) => (await page.getByTestId("charter-start").inputValue()) === "01.02.2027",
    beat: "true",
    carla: "true",
    shown: (v) => (v === "true" ? "ja" : "nein"),
    picker: "Beat",
  });
});

test("implementation, one line: what a conflict in the log is about", async () => {
  const entry = (page) => page.getByTestId("conflict-entry").first();
  await liveField({
    open: async (page) => new RolloutPage(page).open("implementation"),
    input: (page) => entry(page).getByTestId("conflict-what"),
    kind: "text",
    elsewhere: async (page) => {
      await entry(page).getByTestId("conflict-who").fill("Aussendienst Ost und West");
      await entry(page).getByTestId("conflict-who").blur();
    },
    seen: async (page) => (await entry(page).getByTestId("conflict-who").inputValue()) === "Aussendienst Ost und West",
    anna: "Aussendienst fürchtet um seine Provision",
    beat: "Aussendienst will Kunden nicht abgeben",
    carla: "Widerstand im Aussendienst Ost",
    shown: (v) => v,
    picker: "Carla",
  });
});

test("work plan, a date: a step's due date", async () => {
  await liveField({
    open: async (page) => new RolloutPage(page).open("plan"),
    input: (page) => page.getByTestId("plan-step").nth(2).getByTestId("step-due"),
    kind: "date",
    elsewhere: async (page) => {
      const title = page.getByTestId("plan-step").nth(5).getByTestId("step-title");
      await title.fill("Kriterien festlegen (Workshop)");
      await title.blur();
    },
    seen: async (page) => (await page.getByTestId("plan-step").nth(5).getByTestId("step-title").inputValue()) === "Kriterien festlegen (Workshop)",
    // Anna and Carla type; Beat picks in the calendar.
    anna: "15.03.2027",
    beat: "2027-04-01",
    carla: "31.03.2027",
    shown: (v) => (/^\d{4}-/.test(v) ? v.split("-").reverse().join(".") : v),
    picker: "Carla",
  });
});

test("criteria, a number inside a rule: a criterion's threshold", async () => {
  await liveField({
    open: async (page) => new CustomersPage(page).open("criteria"),
    input: (page) => page.getByTestId("criterion").first().getByTestId("criterion-threshold"),
    kind: "text",
    elsewhere: async (page) => {
      const name = page.getByTestId("criterion").nth(1).getByTestId("criterion-name");
      await name.fill("Deckungsbeitrag hoch");
      await name.blur();
    },
    seen: async (page) => (await page.getByTestId("criterion").nth(1).getByTestId("criterion-name").inputValue()) === "Deckungsbeitrag hoch",
    anna: "600'000",
    beat: "750'000",
    carla: "900'000",
    shown: (v) => v,
    picker: "Anna",
  });
});

test("people, a choice: who is responsible for a key account", async () => {
  const ids = {};
  await liveField({
    open: async (page) => {
      await new PeoplePage(page).open("responsibilities");
      if (!ids.beat) {
        for (const o of await page.getByTestId("assign-manager_id").first().locator("option").all()) {
          ids[(await o.innerText()).startsWith("Beat") ? "beat" : (await o.innerText()).startsWith("Carla") ? "carla" : "none"] = await o.getAttribute("value");
        }
      }
    },
    input: (page) => page.getByTestId("assign-manager_id").first(),
    kind: "choice",
    elsewhere: async (page) => {
      await page.getByTestId("assign-deputy_id").first().selectOption({ label: "Carla Roth" });
    },
    seen: async (page) => (await page.getByTestId("assign-deputy_id").first().inputValue()) === ids.carla,
    get beat() { return ids.beat; },
    get carla() { return ids.carla; },
    shown: (v) => (v === ids.beat ? "Beat Meier" : v === ids.carla ? "Carla Roth" : "– niemand –"),
    picker: "Beat",
  });
});
