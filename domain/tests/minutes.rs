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
