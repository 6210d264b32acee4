//! Account plans with hand-computed expectations: overdue and unowned actions, contacts
//! due, target/actual variance, completeness, "changed since the last review" from two
//! versions of the document; two managers editing one plan offline.

mod common;

use common::*;
use kam_domain::{
    command::{Command, Item, ListRef, Value},
    controlling::Figure,
    date::Date,
    model::*,
    plans::*,
};

fn day(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn act(id: &str, owner: Option<&str>, due: Option<&str>, status: Status) -> Action {
    Action {
        id: id.into(),
        title: format!("Massnahme {id}"),
        owner_id: owner.map(Into::into),
        due: due.map(Into::into),
        status,
        goal_id: None,
    }
}

fn stakeholder(id: &str, role: BuyingRole, last: Option<&str>) -> Stakeholder {
    Stakeholder {
        id: id.into(),
        name: format!("Person {id}"),
        function: String::new(),
        role,
        influence: 2,
        attitude: 1,
        contact_person_id: None,
        last_contact: last.map(Into::into),
    }
}

#[test]
fn overdue_unowned_and_contacts_due() {
    let today = day("2027-05-10");
    assert!(act("a", Some("p"), Some("2027-05-09"), Status::Open).overdue(today));
    assert!(act("a", Some("p"), Some("2027-05-09"), Status::InProgress).overdue(today));
    assert!(
        !act("a", Some("p"), Some("2027-05-10"), Status::Open).overdue(today),
        "due today is not late"
    );
    assert!(!act("a", Some("p"), Some("2027-01-01"), Status::Done).overdue(today));
    assert!(!act("a", Some("p"), None, Status::Open).overdue(today));
    assert!(unowned(&act("a", None, None, Status::Open)));
    assert!(!unowned(&act("a", None, None, Status::Cancelled)));
    // 90 days: 2027-02-09 is exactly 90 days before, still fine; a day earlier is due.
    assert!(!contact_due(
        &stakeholder("s", BuyingRole::User, Some("2027-02-09")),
        today
    ));
    assert!(contact_due(
        &stakeholder("s", BuyingRole::User, Some("2027-02-08")),
        today
    ));
    assert!(contact_due(
        &stakeholder("s", BuyingRole::User, None),
        today
    ));
}

#[test]
fn target_actual_variance_and_lights() {
    // Revenue target 1'000'000, actual 950'000: −50'000, 95 % → amber.
    let v = variance(Some(100_000_000), Some(95_000_000)).expect("both");
    assert_eq!(
        (v.difference, v.percent_of_target, v.light),
        (-5_000_000, 95.0, Light::Amber)
    );
    let v = variance(Some(100_000_000), Some(89_999_900)).expect("both");
    assert_eq!(v.light, Light::Red);
    let v = variance(Some(100_000_000), Some(120_000_000)).expect("both");
    assert_eq!(
        (v.difference, v.percent_of_target, v.light),
        (20_000_000, 120.0, Light::Green)
    );
    assert_eq!(variance(Some(100), None), None);
    assert_eq!(variance(None, Some(100)), None);
    assert_eq!(variance(Some(0), Some(100)), None);
}

#[test]
fn completeness_names_empty_and_stale_parts() {
    let today = day("2027-05-10");
    let mut k = KeyAccount::new("ka", "c", 1.0);
    let c = completeness(&k, today);
    assert_eq!(c.percent, 0);
    assert!(c.parts.iter().all(|(_, s)| *s == PartState::Empty));
    k.profile = Text::with_value("Grösster Kunde im Maschinenbau");
    k.swot = vec![
        SwotItem {
            id: "s1".into(),
            kind: SwotKind::Strength,
            text: Text::with_value("Technik"),
        },
        SwotItem {
            id: "s2".into(),
            kind: SwotKind::Weakness,
            text: Text::with_value("Preis"),
        },
    ];
    k.goals = vec![Goal {
        id: "g".into(),
        rank: 1.0,
        title: "Umsatz +10 %".into(),
        target_date: Some("2027-12-31".into()),
    }];
    k.actions = vec![
        act("a1", Some("p"), Some("2027-06-01"), Status::Open),
        act("a2", None, Some("2027-04-01"), Status::Done),
    ];
    k.stakeholders = vec![
        stakeholder("s1", BuyingRole::Decider, Some("2027-04-01")),
        stakeholder("s2", BuyingRole::User, Some("2027-03-01")),
    ];
    k.targets = vec![Target {
        id: "2027".into(),
        revenue_target: Some(1),
        margin_target: None,
        revenue_actual: None,
        margin_actual: None,
    }];
    k.reviews = vec![Review {
        id: "r".into(),
        date: "2027-03-01".into(),
        participants: String::new(),
        notes: Text::default(),
        decisions: Text::default(),
        heads: Vec::new(),
    }];
    let c = completeness(&k, today);
    assert_eq!(c.percent, 100, "{:?}", c.parts);
    // An overdue action, a contact not reached for 100 days and a review beyond the
    // quarterly cadence: three stale parts, 4 of 7 done = 57 %.
    k.actions[0].due = Some("2027-05-01".into());
    k.stakeholders[1].last_contact = Some("2027-01-30".into());
    k.reviews[0].date = "2027-01-20".into();
    let c = completeness(&k, today);
    let stale: Vec<PlanPart> = c
        .parts
        .iter()
        .filter(|(_, s)| *s == PartState::Stale)
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(
        stale,
        [PlanPart::Actions, PlanPart::Stakeholders, PlanPart::Review]
    );
    assert_eq!(c.percent, 57);
    assert_eq!(next_review(&k, today), day("2027-04-21"));
}

#[test]
fn changed_since_last_review_from_two_document_versions() {
    let mut doc = workspace();
    let ka = |f: fn(String) -> ListRef| f("ka0".into());
    insert(
        &mut doc,
        "Anna",
        ka(|k| ListRef::Swot { key_account_id: k }),
        Item::SwotItem(SwotItem {
            id: "s1".into(),
            kind: SwotKind::Weakness,
            text: Text::with_value("Preis zu hoch"),
        }),
    );
    insert(
        &mut doc,
        "Anna",
        ka(|k| ListRef::Actions { key_account_id: k }),
        action("a1", "Offerte überarbeiten"),
    );
    // The review records the heads of that moment.
    let heads: Vec<String> = doc.heads().iter().map(|h| h.to_string()).collect();
    insert(
        &mut doc,
        "Anna",
        ka(|k| ListRef::Reviews { key_account_id: k }),
        Item::Review(Review {
            id: "r1".into(),
            date: "2027-03-01".into(),
            participants: "Anna, Beat".into(),
            notes: Text::default(),
            decisions: Text::default(),
            heads: heads.clone(),
        }),
    );
    // After the review: one action added, one done, the weakness removed, a goal added.
    insert(
        &mut doc,
        "Beat",
        ka(|k| ListRef::Actions { key_account_id: k }),
        action("a2", "Besuch beim Einkauf"),
    );
    apply(
        &mut doc,
        "Beat",
        Command::set(
            ka(|k| ListRef::Actions { key_account_id: k }),
            "a1",
            "status",
            Value::Status(Status::Done),
        ),
    );
    apply(
        &mut doc,
        "Beat",
        Command::Remove {
            list: ka(|k| ListRef::Swot { key_account_id: k }),
            id: "s1".into(),
        },
    );
    insert(
        &mut doc,
        "Beat",
        ka(|k| ListRef::Goals { key_account_id: k }),
        Item::Goal(Goal {
            id: "g1".into(),
            rank: 1.0,
            title: "Rahmenvertrag".into(),
            target_date: None,
        }),
    );
    let then = doc.workspace_at_heads(&heads).expect("past version");
    let now = doc.workspace().expect("now");
    let find = |ws: &Workspace| ws.key_accounts.iter().find(|k| k.id == "ka0").cloned();
    let changes = changes_between(find(&then).as_ref(), &find(&now).expect("account"));
    let seen: Vec<(ItemKind, Change, &str)> = changes
        .iter()
        .map(|c| (c.kind, c.change, c.label.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (ItemKind::Swot, Change::Removed, "Preis zu hoch"),
            (ItemKind::Goal, Change::Added, "Rahmenvertrag"),
            (ItemKind::Action, Change::Changed, "Offerte überarbeiten"),
            (ItemKind::Action, Change::Added, "Besuch beim Einkauf"),
        ]
    );
    assert!(
        doc.workspace_at_heads(&["zz".into()]).is_err(),
        "bad heads are an error, not a panic"
    );
}

/// Two managers edit the same plan offline: one adds actions and reorders goals, the
/// other edits the SWOT and changes an action's status. Everything is kept.
#[test]
fn two_managers_edit_one_plan_offline() {
    let mut a = workspace();
    let ka = |f: fn(String) -> ListRef| f("ka0".into());
    for (id, rank) in [("g1", 1.0), ("g2", 2.0)] {
        insert(
            &mut a,
            "Anna",
            ka(|k| ListRef::Goals { key_account_id: k }),
            Item::Goal(Goal {
                id: id.into(),
                rank,
                title: format!("Ziel {id}"),
                target_date: None,
            }),
        );
    }
    insert(
        &mut a,
        "Anna",
        ka(|k| ListRef::Actions { key_account_id: k }),
        action("a1", "Besuch"),
    );
    insert(
        &mut a,
        "Anna",
        ka(|k| ListRef::Swot { key_account_id: k }),
        Item::SwotItem(SwotItem {
            id: "s1".into(),
            kind: SwotKind::Strength,
            text: Text::with_value("Technik"),
        }),
    );
    let mut b = a.fork();
    insert(
        &mut a,
        "Anna",
        ka(|k| ListRef::Actions { key_account_id: k }),
        action("a2", "Offerte"),
    );
    insert(
        &mut a,
        "Anna",
        ka(|k| ListRef::Actions { key_account_id: k }),
        action("a3", "Referenzbesuch"),
    );
    apply(
        &mut a,
        "Anna",
        Command::set(
            ka(|k| ListRef::Goals { key_account_id: k }),
            "g2",
            "rank",
            Value::Rank(0.5),
        ),
    );
    apply(
        &mut b,
        "Beat",
        Command::set(
            ka(|k| ListRef::Swot { key_account_id: k }),
            "s1",
            "text",
            Value::Text("Technik und Service".into()),
        ),
    );
    insert(
        &mut b,
        "Beat",
        ka(|k| ListRef::Swot { key_account_id: k }),
        Item::SwotItem(SwotItem {
            id: "s2".into(),
            kind: SwotKind::Threat,
            text: Text::with_value("Neuer Mitbewerber"),
        }),
    );
    apply(
        &mut b,
        "Beat",
        Command::set(
            ka(|k| ListRef::Actions { key_account_id: k }),
            "a1",
            "status",
            Value::Status(Status::InProgress),
        ),
    );
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    let k = ws
        .key_accounts
        .iter()
        .find(|k| k.id == "ka0")
        .expect("account");
    let actions: Vec<(&str, Status)> = k
        .actions
        .iter()
        .map(|x| (x.id.as_str(), x.status))
        .collect();
    assert_eq!(
        actions,
        [
            ("a1", Status::InProgress),
            ("a2", Status::Open),
            ("a3", Status::Open)
        ]
    );
    let mut goals: Vec<&Goal> = k.goals.iter().collect();
    goals.sort_by(|x, y| x.rank.total_cmp(&y.rank));
    assert_eq!(
        goals.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
        ["g2", "g1"]
    );
    let swot: Vec<&str> = k.swot.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(swot, ["Technik und Service", "Neuer Mitbewerber"]);
}

/// The controller's actuals file: matched to key accounts by customer number, periods
/// created or updated, every bad row named, nothing written while there are problems.
#[test]
fn actuals_from_the_controllers_csv() {
    use kam_domain::import::{
        ActualsColumn, ActualsMapping, Issue, actuals_commands, plan_actuals, read_table,
    };
    let mut doc = workspace();
    // Müller AG (c0, number K-c0) is a definitive key account with a 2027 target.
    apply(
        &mut doc,
        "Anna",
        Command::set(
            ListRef::Customers,
            "c0",
            "selection",
            Value::Selection(SelectionStatus::Definitive),
        ),
    );
    insert(
        &mut doc,
        "Anna",
        ListRef::Targets {
            key_account_id: "ka0".into(),
        },
        Item::Target(Target {
            id: "2027".into(),
            revenue_target: Some(100_000_000),
            margin_target: None,
            revenue_actual: None,
            margin_actual: None,
        }),
    );
    let ws = doc.workspace().expect("ws");
    let number = ws.customers[0].number.clone();
    let csv = format!(
        "Kundennummer;Periode;Umsatz Ist;DB Ist;Umsatz Ziel\n{number};2027;950.000,00;-12.000,50;\n{number};2027-Q1;240.000,00;60.000,00;250.000,00\n"
    );
    let table = read_table(csv.as_bytes()).expect("table");
    let mapping = ActualsMapping::guess(&table);
    assert_eq!(
        mapping.targets,
        [
            ActualsColumn::Number,
            ActualsColumn::Period,
            ActualsColumn::RevenueActual,
            ActualsColumn::MarginActual,
            ActualsColumn::RevenueTarget
        ]
    );
    let plan = plan_actuals(&table, &mapping, &ws);
    assert_eq!(
        (plan.problems.clone(), plan.skipped.clone()),
        (vec![], vec![])
    );
    // Old → new for every figure that changes: the 2027 target stays (empty cell), its
    // actuals are new; Q1 is a new period.
    type Change<'a> = (usize, &'a str, Figure, Option<i64>, i64, bool);
    let changes: Vec<Change> = plan
        .changes
        .iter()
        .map(|c| {
            (
                c.line,
                c.period.as_str(),
                c.figure,
                c.old,
                c.new,
                c.new_period,
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (2, "2027", Figure::RevenueActual, None, 95_000_000, false),
            (2, "2027", Figure::MarginActual, None, -1_200_050, false),
            (3, "2027-Q1", Figure::RevenueActual, None, 24_000_000, true),
            (3, "2027-Q1", Figure::MarginActual, None, 6_000_000, true),
            (3, "2027-Q1", Figure::RevenueTarget, None, 25_000_000, true),
        ]
    );
    apply(
        &mut doc,
        "Controller",
        actuals_commands(&plan.rows, &ws).expect("changes"),
    );
    let ws = doc.workspace().expect("ws");
    let k = &ws.key_accounts[0];
    let y = k.targets.iter().find(|t| t.id == "2027").expect("2027");
    assert_eq!(
        (y.revenue_target, y.revenue_actual, y.margin_actual),
        (Some(100_000_000), Some(95_000_000), Some(-1_200_050))
    );
    let q = k
        .targets
        .iter()
        .find(|t| t.id == "2027-Q1")
        .expect("Q1 created");
    assert_eq!(
        (q.revenue_actual, q.revenue_target),
        (Some(24_000_000), Some(25_000_000))
    );
    let v = variance(y.revenue_target, y.revenue_actual).expect("both");
    assert_eq!(v.light, Light::Amber);

    // A second import changes the 2027 actual: old → new, and an unchanged cell is no
    // change.
    let again = format!(
        "Kundennummer;Periode;Umsatz Ist;Umsatz Ziel\n{number};2027;990.000,00;1.000.000,00\n"
    );
    let table = read_table(again.as_bytes()).expect("table");
    let plan = plan_actuals(&table, &ActualsMapping::guess(&table), &ws);
    let changes: Vec<(Figure, Option<i64>, i64)> = plan
        .changes
        .iter()
        .map(|c| (c.figure, c.old, c.new))
        .collect();
    assert_eq!(
        changes,
        [(Figure::RevenueActual, Some(95_000_000), 99_000_000)]
    );

    // Unknown customer and a customer that is no key account: skipped with the reason.
    // A bad period, a repeated row, a bad amount: problems that stop the import.
    let mut ws2 = ws.clone();
    ws2.customers.push(Customer {
        id: "c9".into(),
        number: "K-9".into(),
        name: "Nur Kunde AG".into(),
        ..ws.customers[0].clone()
    });
    ws2.customers[1].selection = SelectionStatus::None;
    let bad = format!(
        "Kundennummer;Periode;Umsatz Ist\nX-1;2027;1\nK-9;2027;1\n{number};27;1\n{number};2027;1\n{number};2027;1\n{number};2028;viel\n"
    );
    let table = read_table(bad.as_bytes()).expect("table");
    let plan = plan_actuals(&table, &ActualsMapping::guess(&table), &ws2);
    assert!(!plan.ready());
    let found = |list: &[kam_domain::import::ImportProblem]| -> Vec<(usize, Issue)> {
        list.iter().map(|p| (p.line, p.issue.clone())).collect()
    };
    assert_eq!(
        found(&plan.skipped),
        [
            (
                2,
                Issue::UnknownCustomer {
                    number: "X-1".into()
                }
            ),
            (
                3,
                Issue::NotAKeyAccount {
                    number: "K-9".into()
                }
            ),
        ]
    );
    assert_eq!(
        found(&plan.problems),
        [
            (4, Issue::NotAPeriod { value: "27".into() }),
            (6, Issue::DuplicatePeriod { first_line: 5 }),
            (
                7,
                Issue::NotANumber {
                    value: "viel".into()
                }
            ),
        ]
    );
}
