//! Concurrent behaviour of every entity type, each as fork → concurrent edit → merge →
//! assert: concurrent inserts keep both items; concurrent edits of different fields keep
//! both; concurrent edits of one field keep one value and the conflict stays visible.

mod common;

use autosurgeon::Text;
use common::*;
use kam_domain::{
    command::{Command, Item, ListRef, Value, WorkspaceField, read_item},
    model::*,
};

/// One entity type under test: how to make an item, a field two people set to different
/// values, and another field (when the type has one) set by only one of them.
struct Case {
    list: ListRef,
    make: fn(&str) -> Item,
    conflict: (&'static str, Value, Value),
    other: Option<(&'static str, Value)>,
}

fn ka(list: fn(String) -> ListRef) -> ListRef {
    list("ka0".to_string())
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            list: ListRef::ProgrammeGoals,
            make: |id| {
                Item::ProgrammeGoal(ProgrammeGoal {
                    id: id.into(),
                    rank: 1.0,
                    text: format!("Ziel {id}"),
                    measure: String::new(),
                    achieved: false,
                })
            },
            conflict: ("measure", str("10 Pläne"), str("12 Pläne")),
            other: Some(("achieved", Value::Bool(true))),
        },
        Case {
            list: ListRef::Team,
            make: |id| {
                Item::TeamMember(TeamMember {
                    id: id.into(),
                    person_id: "p0".into(),
                    role: "Mitglied".into(),
                })
            },
            conflict: ("role", str("Projektleitung"), str("Sponsor")),
            other: Some(("person_id", str("p9"))),
        },
        Case {
            list: ListRef::PlanSteps,
            make: |id| {
                Item::PlanStep(PlanStep {
                    id: id.into(),
                    rank: 1.0,
                    title: format!("Schritt {id}"),
                    owner_id: None,
                    due: None,
                    status: Status::Open,
                    is_milestone: false,
                    after: None,
                })
            },
            conflict: ("due", opt("2027-03-31"), opt("2027-04-30")),
            other: Some(("owner_id", opt("p0"))),
        },
        Case {
            list: ListRef::AsIs,
            make: |id| {
                Item::AsIsAnswer(AsIsAnswer {
                    id: id.into(),
                    rating: None,
                    notes: Text::default(),
                })
            },
            conflict: ("rating", Value::OptUint(Some(2)), Value::OptUint(Some(4))),
            other: Some(("notes", Value::Text("Niemand fühlt sich zuständig".into()))),
        },
        Case {
            list: ListRef::GroundRuleChecks,
            make: |id| {
                Item::GroundRuleCheck(GroundRuleCheck {
                    id: id.into(),
                    date: "2027-01-15".into(),
                    ratings: vec![RuleRating {
                        id: "1".into(),
                        rule: 1,
                        rating: 3,
                        note: String::new(),
                    }],
                })
            },
            conflict: ("date", str("2027-01-16"), str("2027-01-17")),
            other: None,
        },
        Case {
            list: ListRef::Conflicts,
            make: |id| {
                Item::ConflictEntry(ConflictEntry {
                    id: id.into(),
                    what: format!("Widerstand {id}"),
                    who: String::new(),
                    status: Status::Open,
                    resolution: Text::default(),
                })
            },
            conflict: (
                "status",
                Value::Status(Status::Done),
                Value::Status(Status::Cancelled),
            ),
            other: Some(("who", str("Aussendienst"))),
        },
        Case {
            list: ListRef::Communications,
            make: |id| {
                Item::Communication(Communication {
                    id: id.into(),
                    what: format!("Info {id}"),
                    audience: "Alle".into(),
                    date: None,
                    done: false,
                })
            },
            conflict: ("audience", str("Verkauf"), str("Innendienst")),
            other: Some(("done", Value::Bool(true))),
        },
        Case {
            list: ListRef::Customers,
            make: |id| common::customer(id, &format!("Kunde {id}")),
            conflict: ("name", str("Huber AG"), str("Huber Holding AG")),
            other: Some(("revenue", Value::OptInt(Some(99_000_000)))),
        },
        Case {
            list: ListRef::Criteria,
            make: |id| {
                Item::Criterion(Criterion {
                    id: id.into(),
                    rank: 1.0,
                    name: "Umsatz".into(),
                    rule: CriterionRule::Measured {
                        field: "revenue".into(),
                        threshold: 50_000_000,
                    },
                    weight: 1,
                })
            },
            conflict: ("weight", Value::Uint(2), Value::Uint(3)),
            other: Some(("name", str("Jahresumsatz"))),
        },
        Case {
            list: ListRef::Requirements,
            make: |id| {
                Item::Requirement(Requirement {
                    id: id.into(),
                    rank: 1.0,
                    name: "Verhandlung".into(),
                    weight: 1,
                    required_level: 3,
                })
            },
            conflict: ("required_level", Value::Uint(4), Value::Uint(5)),
            other: Some(("weight", Value::Uint(2))),
        },
        Case {
            list: ListRef::People,
            make: |id| common::person(id, &format!("Person {id}")),
            conflict: ("capacity", Value::Uint(3), Value::Uint(8)),
            other: Some(("role", str("Geschäftsführer"))),
        },
        Case {
            list: ListRef::Trainings {
                person_id: "p0".into(),
            },
            make: |id| {
                Item::Training(Training {
                    id: id.into(),
                    topic: "KAM-Grundlagen".into(),
                    date: None,
                    provider: String::new(),
                    status: Status::Open,
                })
            },
            conflict: (
                "status",
                Value::Status(Status::Done),
                Value::Status(Status::InProgress),
            ),
            other: Some(("provider", str("FHS St. Gallen"))),
        },
        Case {
            list: ListRef::Assessments,
            make: |id| {
                Item::Assessment(Assessment {
                    id: id.into(),
                    person_id: "p0".into(),
                    assessed_by: "Anna".into(),
                    date: "2027-02-01".into(),
                    levels: vec![],
                    notes: Text::default(),
                })
            },
            conflict: ("assessed_by", str("Carla"), str("Beat")),
            other: Some(("notes", Value::Text("Stark im Verhandeln".into()))),
        },
        Case {
            list: ListRef::KeyAccounts,
            make: |id| common::key_account(id, "c0"),
            conflict: ("manager_id", opt("p0"), opt("p1")),
            other: Some(("managing_director_account", Value::Bool(true))),
        },
        Case {
            list: ka(|k| ListRef::Swot { key_account_id: k }),
            make: |id| {
                Item::SwotItem(SwotItem {
                    id: id.into(),
                    kind: SwotKind::Weakness,
                    text: Text::with_value("Lange Lieferzeiten"),
                })
            },
            conflict: (
                "kind",
                Value::SwotKind(SwotKind::Threat),
                Value::SwotKind(SwotKind::Strength),
            ),
            other: Some(("text", Value::Text("Lange Lieferzeiten in Asien".into()))),
        },
        Case {
            list: ka(|k| ListRef::Goals { key_account_id: k }),
            make: |id| {
                Item::Goal(Goal {
                    id: id.into(),
                    rank: 1.0,
                    title: "Umsatz +10 %".into(),
                    target_date: None,
                })
            },
            conflict: ("title", str("Umsatz +12 %"), str("Umsatz +15 %")),
            other: Some(("target_date", opt("2027-12-31"))),
        },
        Case {
            list: ka(|k| ListRef::Actions { key_account_id: k }),
            make: |id| common::action(id, "Besuch planen"),
            conflict: (
                "status",
                Value::Status(Status::Done),
                Value::Status(Status::Cancelled),
            ),
            other: Some(("owner_id", opt("p0"))),
        },
        Case {
            list: ka(|k| ListRef::Stakeholders { key_account_id: k }),
            make: |id| {
                Item::Stakeholder(Stakeholder {
                    id: id.into(),
                    name: "Dr. Weber".into(),
                    function: "Einkaufsleiter".into(),
                    role: BuyingRole::Buyer,
                    influence: 2,
                    attitude: 0,
                    contact_person_id: None,
                    last_contact: None,
                })
            },
            conflict: ("attitude", Value::Int(2), Value::Int(-1)),
            other: Some(("last_contact", opt("2027-02-10"))),
        },
        Case {
            list: ka(|k| ListRef::Reviews { key_account_id: k }),
            make: |id| {
                Item::Review(Review {
                    id: id.into(),
                    date: "2027-03-01".into(),
                    participants: String::new(),
                    notes: Text::default(),
                    decisions: Text::default(),
                    heads: Vec::new(),
                })
            },
            conflict: ("participants", str("Anna, Beat"), str("Anna, Carla")),
            other: Some(("notes", Value::Text("Preisrunde vorbereiten".into()))),
        },
        Case {
            list: ka(|k| ListRef::Targets { key_account_id: k }),
            make: |id| {
                Item::Target(Target {
                    id: id.into(),
                    revenue_target: None,
                    margin_target: None,
                    revenue_actual: None,
                    margin_actual: None,
                })
            },
            conflict: (
                "revenue_target",
                Value::OptInt(Some(1)),
                Value::OptInt(Some(2)),
            ),
            other: Some(("margin_actual", Value::OptInt(Some(5)))),
        },
        Case {
            list: ListRef::Ratings {
                customer_id: "c0".into(),
            },
            make: |id| {
                Item::Rating(Rating {
                    id: id.into(),
                    value: 3,
                })
            },
            conflict: ("value", Value::Uint(4), Value::Uint(2)),
            other: None,
        },
        Case {
            list: ListRef::Attributes {
                customer_id: "c0".into(),
            },
            make: |id| {
                Item::Attribute(Attribute {
                    id: id.into(),
                    value: "Zürich".into(),
                })
            },
            conflict: ("value", str("Bern"), str("Basel")),
            other: None,
        },
        Case {
            list: ListRef::PortfolioFactors,
            make: |id| {
                Item::PortfolioFactor(PortfolioFactor {
                    id: id.into(),
                    rank: 1.0,
                    axis: Axis::Attractiveness,
                    name: "Umsatz".into(),
                    source: "revenue".into(),
                    weight: 1,
                })
            },
            conflict: ("weight", Value::Uint(2), Value::Uint(3)),
            other: Some(("name", str("Jahresumsatz"))),
        },
        Case {
            list: ListRef::PortfolioSnapshots,
            make: |id| {
                Item::PortfolioSnapshot(PortfolioSnapshot {
                    id: id.into(),
                    date: "2027-03-31".into(),
                    name: "Q1".into(),
                    points: Vec::new(),
                })
            },
            conflict: ("name", str("Q1 2027"), str("Ende Q1")),
            other: None,
        },
    ]
}

fn ids_in(
    doc: &kam_domain::document::WorkspaceDoc,
    list: &ListRef,
    candidates: &[&str],
) -> Vec<String> {
    candidates
        .iter()
        .filter(|id| read_item(doc.automerge(), list, id).is_some())
        .map(|id| id.to_string())
        .collect()
}

#[test]
fn concurrent_inserts_keep_both_items_for_every_entity_type() {
    // Ids that are also periods, for targets (whose id is their period).
    for case in cases() {
        let mut a = workspace();
        let mut b = a.fork();
        insert(&mut a, "Anna", case.list.clone(), (case.make)("2027-Q1"));
        insert(&mut b, "Beat", case.list.clone(), (case.make)("2027-Q2"));
        merge_both(&mut a, &mut b);
        assert_eq!(
            ids_in(&a, &case.list, &["2027-Q1", "2027-Q2"]),
            ["2027-Q1", "2027-Q2"],
            "{:?}",
            case.list
        );
    }
}

#[test]
fn concurrent_edits_of_different_fields_keep_both_for_every_entity_type() {
    for case in cases() {
        let Some((other_field, other_value)) = case.other.clone() else {
            continue;
        };
        let mut a = workspace();
        insert(&mut a, "Anna", case.list.clone(), (case.make)("2027"));
        let mut b = a.fork();
        let (field, value, _) = case.conflict.clone();
        apply(
            &mut a,
            "Anna",
            Command::set(case.list.clone(), "2027", field, value.clone()),
        );
        apply(
            &mut b,
            "Beat",
            Command::set(case.list.clone(), "2027", other_field, other_value.clone()),
        );
        merge_both(&mut a, &mut b);
        let shown_a = a.field_values(&case.list, "2027", field);
        let shown_b = a.field_values(&case.list, "2027", other_field);
        assert_eq!(shown_a.len(), 1, "{:?}.{field}: {shown_a:?}", case.list);
        assert_eq!(
            shown_b.len(),
            1,
            "{:?}.{other_field}: {shown_b:?}",
            case.list
        );
        assert_eq!(shown_a[0], display(&value), "{:?}.{field}", case.list);
        assert_eq!(
            shown_b[0],
            display(&other_value),
            "{:?}.{other_field}",
            case.list
        );
    }
}

#[test]
fn concurrent_edits_of_one_field_keep_one_value_and_show_the_conflict() {
    for case in cases() {
        let mut a = workspace();
        insert(&mut a, "Anna", case.list.clone(), (case.make)("2027"));
        let mut b = a.fork();
        let (field, va, vb) = case.conflict.clone();
        apply(
            &mut a,
            "Anna",
            Command::set(case.list.clone(), "2027", field, va.clone()),
        );
        apply(
            &mut b,
            "Beat",
            Command::set(case.list.clone(), "2027", field, vb.clone()),
        );
        merge_both(&mut a, &mut b);
        let values = a.field_values(&case.list, "2027", field);
        let mut sorted = values.clone();
        sorted.sort();
        let mut expected = vec![display(&va), display(&vb)];
        expected.sort();
        assert_eq!(
            sorted, expected,
            "{:?}.{field}: both values visible",
            case.list
        );
        assert_eq!(
            values,
            b.field_values(&case.list, "2027", field),
            "same winner everywhere"
        );
        // The model shows the winner, which is the first of the visible values.
        let item = read_item(a.automerge(), &case.list, "2027").expect("item");
        assert!(
            format!("{item:?}").contains(values[0].trim_matches('"')),
            "{item:?} shows {}",
            values[0]
        );
    }
}

#[test]
fn selection_decisions_are_an_append_only_log_that_merges() {
    let mut a = workspace();
    let mut b = a.fork();
    let decision = |id: &str, to| {
        Item::SelectionDecision(SelectionDecision {
            id: id.into(),
            customer_id: "c0".into(),
            from: SelectionStatus::None,
            to,
            decided_by: "Anna".into(),
            decided_at: T0,
            reason: "Umsatz und Potenzial".into(),
            criteria_met: vec!["crit-1".into()],
            criteria_then: Vec::new(),
        })
    };
    insert(
        &mut a,
        "Anna",
        ListRef::Decisions,
        decision("d-a", SelectionStatus::Provisional),
    );
    insert(
        &mut b,
        "Beat",
        ListRef::Decisions,
        decision("d-b", SelectionStatus::Rejected),
    );
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    let mut ids: Vec<&str> = ws.decisions.iter().map(|d| d.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["d-a", "d-b"]);
    let err = a
        .apply(
            &Command::set(ListRef::Decisions, "d-a", "reason", str("anders")),
            &author("Eve"),
            T0,
        )
        .expect_err("decisions are not edited");
    assert!(err.to_string().contains("no field `reason`"), "{err}");
}

#[test]
fn concurrent_threshold_changes_show_the_conflict() {
    let (mut a, mut b) = apart(
        workspace(),
        Command::SetWorkspace {
            field: WorkspaceField::CriteriaThreshold,
            value: Value::Uint(3),
        },
        Command::SetWorkspace {
            field: WorkspaceField::CriteriaThreshold,
            value: Value::Uint(4),
        },
    );
    merge_both(&mut a, &mut b);
    let mut values = a.workspace_field_values("criteria_threshold");
    values.sort();
    assert_eq!(values, ["3", "4"]);
    let shown = a.workspace().expect("ws").criteria_threshold.to_string();
    assert_eq!(
        shown,
        a.workspace_field_values("criteria_threshold")[0],
        "model shows the first"
    );
}

#[test]
fn concurrent_text_edits_of_different_parts_are_both_kept() {
    let mut a = workspace();
    let list = ListRef::Swot {
        key_account_id: "ka0".into(),
    };
    insert(
        &mut a,
        "Anna",
        list.clone(),
        Item::SwotItem(SwotItem {
            id: "s".into(),
            kind: SwotKind::Weakness,
            text: Text::with_value("Lieferzeit lang"),
        }),
    );
    let mut b = a.fork();
    apply(
        &mut a,
        "Anna",
        Command::set(
            list.clone(),
            "s",
            "text",
            Value::Text("Lieferzeit sehr lang".into()),
        ),
    );
    apply(
        &mut b,
        "Beat",
        Command::set(
            list.clone(),
            "s",
            "text",
            Value::Text("Lieferzeit lang (Asien)".into()),
        ),
    );
    merge_both(&mut a, &mut b);
    let Some(Item::SwotItem(s)) = read_item(a.automerge(), &list, "s") else {
        panic!("swot item")
    };
    assert_eq!(s.text.as_str(), "Lieferzeit sehr lang (Asien)");
}

#[test]
fn an_edit_concurrent_with_a_removal_does_not_resurrect_the_item() {
    let mut a = workspace();
    let list = ListRef::Actions {
        key_account_id: "ka0".into(),
    };
    insert(&mut a, "Anna", list.clone(), action("x", "Angebot"));
    let mut b = a.fork();
    apply(
        &mut a,
        "Anna",
        Command::Remove {
            list: list.clone(),
            id: "x".into(),
        },
    );
    apply(
        &mut b,
        "Beat",
        Command::set(list.clone(), "x", "status", Value::Status(Status::Done)),
    );
    merge_both(&mut a, &mut b);
    assert!(read_item(a.automerge(), &list, "x").is_none());
}

fn display(value: &Value) -> String {
    match value {
        Value::Str(s) | Value::Text(s) => s.clone(),
        Value::OptStr(Some(s)) => s.clone(),
        Value::OptInt(Some(i)) | Value::Int(i) => i.to_string(),
        Value::Uint(u) | Value::OptUint(Some(u)) => u.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Status(s) => format!("{s:?}"),
        Value::SwotKind(k) => format!("{k:?}"),
        other => format!("{other:?}"),
    }
}
