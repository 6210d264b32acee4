//! Minutes that write themselves: exactly the decisions made in a workshop's time
//! window, hand-computed.

mod common;

use common::*;
use kam_domain::{
    command::{Command, Item, ListRef, Value, WorkspaceField},
    document::WorkspaceDoc,
    history::Lang,
    minutes::{DecisionKind, decisions},
    model::*,
};

/// Seconds of the workshop's start and end: 09:00 to 12:00 after T0.
const START: i64 = T0 / 1000 + 9 * 3600;
const END: i64 = START + 3 * 3600;

fn at(doc: &mut WorkspaceDoc, who: &str, minutes_after_start: i64, command: Command) {
    let ms = (START + minutes_after_start * 60) * 1000;
    doc.apply(&command, &author(who), ms)
        .unwrap_or_else(|e| panic!("{command:?} failed: {e}"));
}

fn criterion(id: &str, name: &str, threshold: i64) -> Item {
    Item::Criterion(Criterion {
        id: id.into(),
        rank: 1.0,
        name: name.into(),
        rule: CriterionRule::Measured {
            field: "revenue".into(),
            threshold,
        },
        weight: 1,
    })
}

#[test]
fn the_minutes_list_exactly_the_decisions_taken_during_the_workshop() {
    let mut doc = workspace();
    let actions = ListRef::Actions {
        key_account_id: "ka0".into(),
    };
    // Before the workshop: a criterion (not in the minutes).
    at(
        &mut doc,
        "Anna",
        -30,
        Command::Insert {
            list: ListRef::Criteria,
            item: criterion("k1", "Umsatz", 500_000),
        },
    );
    // During it, decisions …
    at(
        &mut doc,
        "Beat",
        10,
        Command::set(
            ListRef::Criteria,
            "k1",
            "rule",
            Value::Rule(CriterionRule::Measured {
                field: "revenue".into(),
                threshold: 1_000_000,
            }),
        ),
    );
    at(
        &mut doc,
        "Carla",
        20,
        Command::SetWorkspace {
            field: WorkspaceField::CriteriaThreshold,
            value: Value::Uint(1),
        },
    );
    at(
        &mut doc,
        "Beat",
        40,
        Command::Batch(vec![
            Command::set(
                ListRef::Customers,
                "c0",
                "selection",
                Value::Selection(SelectionStatus::Provisional),
            ),
            Command::Insert {
                list: ListRef::Decisions,
                item: Item::SelectionDecision(SelectionDecision {
                    id: "d1".into(),
                    customer_id: "c0".into(),
                    from: SelectionStatus::None,
                    to: SelectionStatus::Provisional,
                    decided_by: "Beat".into(),
                    decided_at: (START + 40 * 60) * 1000,
                    reason: "Grösster Kunde, wächst".into(),
                    criteria_met: vec!["k1".into()],
                    criteria_then: Vec::new(),
                }),
            },
        ]),
    );
    at(
        &mut doc,
        "Anna",
        60,
        Command::set(ListRef::KeyAccounts, "ka0", "manager_id", opt("p0")),
    );
    at(
        &mut doc,
        "Carla",
        90,
        Command::Insert {
            list: actions.clone(),
            item: Item::Action(Action {
                id: "a1".into(),
                title: "Einkaufsleiter besuchen".into(),
                owner_id: Some("p0".into()),
                due: Some("2027-02-15".into()),
                status: Status::Open,
                goal_id: None,
            }),
        },
    );
    // … and edits that decide nothing: a customer's industry, a criterion moved.
    at(
        &mut doc,
        "Anna",
        100,
        Command::set(ListRef::Customers, "c0", "industry", str("Medizintechnik")),
    );
    at(
        &mut doc,
        "Anna",
        110,
        Command::set(ListRef::Criteria, "k1", "rank", Value::Rank(0.5)),
    );
    // After the workshop: another action (not in the minutes).
    at(
        &mut doc,
        "Anna",
        200,
        Command::Insert {
            list: actions,
            item: action("a2", "Nachfassen"),
        },
    );

    let ws = doc.workspace().expect("workspace");
    let found = decisions(&doc.history(), &ws, START, END);
    let listed: Vec<(DecisionKind, &str, &str)> = found
        .iter()
        .map(|d| (d.kind, d.author.as_str(), d.summary.label.as_str()))
        .collect();
    assert_eq!(
        listed,
        vec![
            (DecisionKind::Criterion, "Beat", "Umsatz"),
            (DecisionKind::Threshold, "Carla", "Muster AG"),
            (DecisionKind::Selection, "Beat", "Müller AG"),
            (DecisionKind::Responsibility, "Anna", "Müller AG"),
            (DecisionKind::Action, "Carla", "Einkaufsleiter besuchen"),
        ]
    );
    assert_eq!(found[2].reason, "Grösster Kunde, wächst");
    assert_eq!(found[2].to, Some(SelectionStatus::Provisional));
    // The new action names its owner and due date; every line reads as a sentence.
    let action = &found[4];
    assert_eq!(
        (action.owner.as_str(), action.due.as_str()),
        ("Beat Keller", "2027-02-15")
    );
    for d in &found {
        for lang in [Lang::De, Lang::En] {
            assert!(!d.sentence(lang).is_empty());
        }
    }
    // Times are those of the changes, inside the window.
    assert!(found.iter().all(|d| (START..=END).contains(&d.time)));
}

/// A workshop made from a template, started, moved through and ended: its minutes are
/// what was decided between its start and its end, and its clock counts the time box.
#[test]
fn a_workshops_minutes_cover_its_own_start_to_end() {
    use kam_domain::workshop;
    let mut doc = workspace();
    let mut n = 0;
    let template = workshop::template("criteria").expect("template");
    at(
        &mut doc,
        "Anna",
        -60,
        workshop::create(Some(template), Lang::De, "2027-01-20", "Anna, Beat", || {
            n += 1;
            format!("w{n}")
        }),
    );
    let ws = doc.workspace().expect("workspace");
    let agenda: Vec<(String, String, u64)> = workshop::agenda(&ws, "w1")
        .iter()
        .map(|a| (a.title.clone(), a.screen.clone(), a.minutes))
        .collect();
    assert_eq!(agenda.len(), template.items.len());
    assert_eq!(
        agenda[2],
        (
            "Kriterien festlegen".into(),
            "/customers/criteria".into(),
            40
        )
    );
    assert_eq!(workshop::planned_minutes(&ws, "w1"), 120);
    // A decision before the start is not in its minutes.
    at(
        &mut doc,
        "Anna",
        -30,
        Command::Insert {
            list: ListRef::Criteria,
            item: criterion("k1", "Umsatz", 500_000),
        },
    );
    let ws = doc.workspace().expect("workspace");
    let start = workshop::start(&ws, "w1", START * 1000).expect("start");
    at(&mut doc, "Anna", 0, start);
    let ws = doc.workspace().expect("workspace");
    let w = ws.workshops[0].clone();
    assert!(workshop::is_running(&w));
    assert_eq!(
        workshop::current(&ws, &w).map(|a| a.id.as_str()),
        Some("w2")
    );
    // 15 minutes box: 5 minutes in, 10:00 left; 20 minutes in, 5 minutes over.
    assert_eq!(
        workshop::time_left(&ws, &w, (START + 300) * 1000),
        Some(600)
    );
    assert_eq!(
        workshop::time_left(&ws, &w, (START + 1200) * 1000).map(workshop::clock),
        Some("-5:00".to_string())
    );
    assert!(workshop::neighbour(&ws, &w, -1).is_none());
    let next = workshop::neighbour(&ws, &w, 1).expect("next").id.clone();
    at(
        &mut doc,
        "Anna",
        15,
        workshop::go_to("w1", &next, (START + 15 * 60) * 1000),
    );
    at(
        &mut doc,
        "Beat",
        20,
        Command::SetWorkspace {
            field: WorkspaceField::CriteriaThreshold,
            value: Value::Uint(1),
        },
    );
    at(
        &mut doc,
        "Carla",
        50,
        Command::set(ListRef::KeyAccounts, "ka0", "manager_id", opt("p0")),
    );
    at(
        &mut doc,
        "Anna",
        120,
        workshop::end("w1", (START + 120 * 60) * 1000),
    );
    // After the end: not in the minutes.
    at(
        &mut doc,
        "Anna",
        130,
        Command::set(ListRef::KeyAccounts, "ka0", "deputy_id", opt("p0")),
    );
    let ws = doc.workspace().expect("workspace");
    let w = ws.workshops[0].clone();
    assert!(!workshop::is_running(&w) && workshop::running(&ws).is_none());
    let listed: Vec<(DecisionKind, String)> =
        workshop::decisions(&doc.history(), &ws, &w, (START + 999 * 60) * 1000)
            .into_iter()
            .map(|d| (d.kind, d.author))
            .collect();
    assert_eq!(
        listed,
        vec![
            (DecisionKind::Threshold, "Beat".to_string()),
            (DecisionKind::Responsibility, "Carla".to_string()),
        ]
    );
    // Starting again goes on at the item it stopped on; the window keeps its first start.
    let again = workshop::start(&ws, "w1", (START + 200 * 60) * 1000).expect("start");
    at(&mut doc, "Anna", 200, again);
    let ws = doc.workspace().expect("workspace");
    let w = &ws.workshops[0];
    assert_eq!(w.current_item.as_deref(), Some(next.as_str()));
    assert_eq!(w.started_at, Some(START * 1000));
}

/// Every template has a title and items in both languages, each on a screen of the app
/// and with a time box the rules accept.
#[test]
fn every_template_is_complete_in_both_languages() {
    use kam_domain::workshop::TEMPLATES;
    assert_eq!(TEMPLATES.len(), 6);
    for t in TEMPLATES {
        assert!(
            !t.de.is_empty() && !t.en.is_empty() && t.de != t.en,
            "{}",
            t.key
        );
        for i in t.items {
            assert!(!i.de.is_empty() && !i.en.is_empty(), "{}", t.key);
            assert!(i.screen.starts_with('/'), "{}", i.screen);
            assert!((1..=480).contains(&i.minutes));
        }
    }
}
