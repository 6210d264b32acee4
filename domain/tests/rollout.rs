//! The rollout plan in the document: created from the template, edited by two managers
//! offline, merged.

mod common;

use common::*;
use kam_domain::{
    command::{Command, Item, ListRef, Value},
    date::Date,
    method::Language,
    rollout::{move_step, template_plan},
};

fn with_plan() -> kam_domain::document::WorkspaceDoc {
    let mut doc = workspace();
    let start = Date::parse("2027-01-01").expect("date");
    for step in template_plan(start, 24, Language::De, |i| format!("m{i}")) {
        insert(&mut doc, "Anna", ListRef::PlanSteps, Item::PlanStep(step));
    }
    doc
}

fn order(doc: &kam_domain::document::WorkspaceDoc) -> Vec<String> {
    let mut steps = doc.workspace().expect("ws").programme.milestones;
    steps.sort_by(|a, b| a.rank.total_cmp(&b.rank));
    steps.into_iter().map(|m| m.id).collect()
}

#[test]
fn a_reorder_and_an_owner_edit_made_offline_are_both_kept() {
    // Anna moves the profile step (m4, rank 5) before the criteria (m3, rank 4).
    // Beat, offline, makes himself owner of that same step and renames another.
    let (mut a, mut b) = apart(
        with_plan(),
        Command::set(ListRef::PlanSteps, "m4", "rank", Value::Rank(3.5)),
        Command::set(ListRef::PlanSteps, "m4", "owner_id", opt("p0")),
    );
    apply(
        &mut b,
        "Beat",
        Command::set(
            ListRef::PlanSteps,
            "m3",
            "title",
            str("Kriterien festlegen (GL-Workshop)"),
        ),
    );
    merge_both(&mut a, &mut b);

    let o = order(&a);
    assert_eq!(&o[..5], ["m0", "m1", "m2", "m4", "m3"]);
    let ws = a.workspace().expect("ws");
    let m4 = ws
        .programme
        .milestones
        .iter()
        .find(|m| m.id == "m4")
        .expect("m4");
    assert_eq!(m4.owner_id.as_deref(), Some("p0"));
    assert_eq!(m4.rank, 3.5);
    let m3 = ws
        .programme
        .milestones
        .iter()
        .find(|m| m.id == "m3")
        .expect("m3");
    assert_eq!(m3.title, "Kriterien festlegen (GL-Workshop)");
}

#[test]
fn moving_a_step_with_its_followers_is_applied_as_one_change_per_step() {
    let mut doc = with_plan();
    let plan = doc.workspace().expect("ws").programme.milestones;
    let changes = move_step(&plan, "m9", Date::parse("2027-12-31").expect("date"), true);
    for (id, due) in &changes {
        apply(
            &mut doc,
            "Anna",
            Command::set(ListRef::PlanSteps, id.clone(), "due", opt(&due.to_string())),
        );
    }
    let after = doc.workspace().expect("ws").programme.milestones;
    let due = |id: &str| {
        after
            .iter()
            .find(|m| m.id == id)
            .and_then(|m| m.due.clone())
    };
    // m9 was due 2027-12-31 + … : it ends at 14/24 of 731 days = day 426 = 2028-03-02.
    assert_eq!(
        plan.iter()
            .find(|m| m.id == "m9")
            .and_then(|m| m.due.clone())
            .as_deref(),
        Some("2028-03-02")
    );
    assert_eq!(due("m9").as_deref(), Some("2027-12-31"));
    // Moved 62 days earlier; m10 (20/24 → day 609 = 2028-09-01) follows.
    assert_eq!(due("m10").as_deref(), Some("2028-07-01"));
    assert_eq!(
        due("m8"),
        plan.iter()
            .find(|m| m.id == "m8")
            .and_then(|m| m.due.clone()),
        "earlier steps stay"
    );
}

#[test]
fn self_assessments_and_conflict_edits_made_offline_are_all_kept() {
    use kam_domain::model::{ConflictEntry, GroundRuleCheck, RuleRating, Status};
    use kam_domain::rollout::overview;
    let check = |id: &str, date: &str, rating: u8| {
        Item::GroundRuleCheck(GroundRuleCheck {
            id: id.into(),
            date: date.into(),
            ratings: (1..=10)
                .map(|rule| RuleRating {
                    id: rule.to_string(),
                    rule,
                    rating,
                    note: String::new(),
                })
                .collect(),
        })
    };
    let mut a = with_plan();
    insert(
        &mut a,
        "Anna",
        ListRef::Conflicts,
        Item::ConflictEntry(ConflictEntry {
            id: "c1".into(),
            what: "Aussendienst Ost fürchtet Kundenverlust".into(),
            who: String::new(),
            status: Status::Open,
            resolution: Default::default(),
        }),
    );
    let mut b = a.fork();
    // In two workshops on the same day, each team saves its self-assessment.
    insert(
        &mut a,
        "Anna",
        ListRef::GroundRuleChecks,
        check("g-a", "2027-03-01", 3),
    );
    insert(
        &mut b,
        "Beat",
        ListRef::GroundRuleChecks,
        check("g-b", "2027-03-01", 4),
    );
    // Anna closes the conflict; Beat writes down how it was resolved.
    apply(
        &mut a,
        "Anna",
        Command::set(
            ListRef::Conflicts,
            "c1",
            "status",
            Value::Status(Status::Done),
        ),
    );
    apply(
        &mut b,
        "Beat",
        Command::set(
            ListRef::Conflicts,
            "c1",
            "resolution",
            Value::Text("Gemeinsame Besuche mit dem KAM vereinbart".into()),
        ),
    );
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    assert_eq!(ws, b.workspace().expect("ws"), "both replicas agree");
    assert_eq!(ws.programme.ground_rule_checks.len(), 2);
    let c1 = &ws.programme.conflicts[0];
    assert_eq!(c1.status, Status::Done);
    assert_eq!(
        c1.resolution.as_str(),
        "Gemeinsame Besuche mit dem KAM vereinbart"
    );
    let o = overview(&ws.programme, Date::parse("2027-03-02").expect("date"));
    assert_eq!(o.open_conflicts, 0);
    assert!(o.ground_rules.is_some());
}
