//! One rule for input (issue 19): limits by kind of text, numbers read as typed and
//! checked against their range, thresholds within the criteria there are, valid periods,
//! no negative targets, dates in a sane window, unique customer numbers, criterion names
//! that follow their rule, and decisions that keep the rule they were made on.

mod common;

use common::*;
use kam_domain::{
    command::{Command, CommandError, EntityKind as K, Item, ListRef, Value, WorkspaceField},
    method::Language,
    model::*,
    selection::{self, NewIds, criterion_with_rule, decide, suggested_criteria},
    validate::{Problem, TextKind, Validate, YEARS, number_range, text_kind, whole_number},
};

fn refused(doc: &mut kam_domain::document::WorkspaceDoc, command: Command) -> CommandError {
    let before = doc.workspace().expect("read");
    let e = doc
        .apply(&command, &author("Anna"), T0 + 2000)
        .expect_err("must be refused");
    assert_eq!(
        doc.workspace().expect("read"),
        before,
        "nothing half-written"
    );
    e
}

fn problem(e: CommandError) -> (&'static str, Problem) {
    match e {
        CommandError::Invalid { invalid, .. } => (invalid.field, invalid.problem),
        other => panic!("not a refused value: {other}"),
    }
}

fn out_of_range(value: &str, lo: &str, hi: &str) -> Problem {
    Problem::OutOfRange {
        value: value.into(),
        lo: lo.into(),
        hi: hi.into(),
    }
}

#[test]
fn every_text_of_a_kind_has_the_same_limit() {
    // The fields the issue found with different limits: now one per kind.
    assert_eq!(text_kind(K::Customer, "name"), TextKind::Name);
    assert_eq!(text_kind(K::Person, "name"), TextKind::Name);
    assert_eq!(text_kind(K::Stakeholder, "name"), TextKind::Name);
    assert_eq!(text_kind(K::TeamMember, "role"), TextKind::Title);
    assert_eq!(text_kind(K::Stakeholder, "function"), TextKind::Title);
    assert_eq!(text_kind(K::Goal, "title"), TextKind::Title);
    assert_eq!(text_kind(K::ProgrammeGoal, "text"), TextKind::Title);
    assert_eq!(text_kind(K::SwotItem, "text"), TextKind::Title);
    assert_eq!(text_kind(K::SelectionDecision, "reason"), TextKind::Long);
    assert_eq!(
        (
            TextKind::Name.max(),
            TextKind::Title.max(),
            TextKind::Long.max()
        ),
        (200, 500, 10_000)
    );

    let mut doc = workspace();
    // A customer name: 200 pass, 201 are refused with the count.
    apply(
        &mut doc,
        "Anna",
        Command::set(ListRef::Customers, "c0", "name", str(&"n".repeat(200))),
    );
    let e = refused(
        &mut doc,
        Command::set(ListRef::Customers, "c0", "name", str(&"n".repeat(201))),
    );
    assert_eq!(
        problem(e),
        (
            "name",
            Problem::TooLong {
                max: 200,
                chars: 201
            }
        )
    );
    // A project role, once unlimited, is a title now.
    insert(
        &mut doc,
        "Anna",
        ListRef::Team,
        Item::TeamMember(TeamMember {
            id: "t1".into(),
            person_id: "p0".into(),
            role: "Projektleitung".into(),
        }),
    );
    let e = refused(
        &mut doc,
        Command::set(ListRef::Team, "t1", "role", str(&"r".repeat(10_000))),
    );
    assert_eq!(
        problem(e),
        (
            "role",
            Problem::TooLong {
                max: 500,
                chars: 10_000
            }
        )
    );
    // A goal of 501 characters is refused when added, with the reason.
    let e = refused(
        &mut doc,
        Command::Insert {
            list: ListRef::ProgrammeGoals,
            item: Item::ProgrammeGoal(ProgrammeGoal {
                id: "g1".into(),
                rank: 1.0,
                text: "z".repeat(501),
                measure: String::new(),
                achieved: false,
            }),
        },
    );
    assert_eq!(
        problem(e),
        (
            "text",
            Problem::TooLong {
                max: 500,
                chars: 501
            }
        )
    );
}

#[test]
fn numbers_are_read_as_typed_and_checked_against_their_range() {
    // The wrong messages of the issue: −3 was 18446744073709551615, −5 was 0, and 20
    // digits were "not a number".
    assert_eq!(
        whole_number(K::Person, "capacity", "-3").map_err(|e| e.problem),
        Err(out_of_range("-3", "0", "100"))
    );
    assert_eq!(
        whole_number(K::Criterion, "weight", "-5").map_err(|e| e.problem),
        Err(out_of_range("-5", "1", "100"))
    );
    assert_eq!(
        whole_number(K::Criterion, "weight", "99999999999999999999").map_err(|e| e.problem),
        Err(out_of_range("99999999999999999999", "1", "100"))
    );
    for typed in ["-12", "0", "1000"] {
        assert_eq!(
            whole_number(K::Programme, "duration_months", typed).map_err(|e| e.problem),
            Err(out_of_range(typed, "1", "120")),
            "{typed}"
        );
    }
    assert_eq!(
        whole_number(K::Programme, "duration_months", " 18 "),
        Ok(18)
    );
    assert_eq!(whole_number(K::Stakeholder, "attitude", "-2"), Ok(-2));
    assert_eq!(
        whole_number(K::Person, "capacity", "zwölf").map_err(|e| e.problem),
        Err(Problem::NotANumber {
            value: "zwölf".into()
        })
    );
    assert_eq!(
        whole_number(K::Person, "capacity", "1-2").map_err(|e| e.problem),
        Err(Problem::NotANumber {
            value: "1-2".into()
        })
    );
    // A field without a fixed range still never wraps.
    assert_eq!(number_range(K::Customer, "revenue"), None);

    // The same range when the value arrives as a command (another device, a file).
    let mut doc = workspace();
    let e = refused(
        &mut doc,
        Command::SetProgramme {
            field: kam_domain::command::ProgrammeField::DurationMonths,
            value: Value::Uint(0),
        },
    );
    assert_eq!(
        problem(e),
        ("duration_months", out_of_range("0", "1", "120"))
    );
}

fn with_criteria(count: usize) -> kam_domain::document::WorkspaceDoc {
    let mut doc = workspace();
    for i in 0..count {
        insert(
            &mut doc,
            "Anna",
            ListRef::Criteria,
            Item::Criterion(Criterion {
                id: format!("k{i}"),
                rank: i as f64,
                name: format!("Kriterium {i}"),
                rule: CriterionRule::Rated { min: 3 },
                weight: 1,
            }),
        );
    }
    doc
}

fn threshold(n: u64) -> Command {
    Command::SetWorkspace {
        field: WorkspaceField::CriteriaThreshold,
        value: Value::Uint(n),
    }
}

#[test]
fn at_least_n_of_m_stays_between_one_and_the_criteria_there_are() {
    let mut doc = with_criteria(4);
    let e = refused(&mut doc, threshold(7));
    assert_eq!(
        problem(e),
        ("criteria_threshold", out_of_range("7", "1", "4"))
    );
    let e = refused(&mut doc, threshold(0));
    assert_eq!(
        problem(e),
        ("criteria_threshold", out_of_range("0", "1", "100"))
    );
    // Typed on the screen: the range named is the one of this workspace.
    assert_eq!(
        selection::threshold_typed("7", 4).map_err(|e| e.problem),
        Err(out_of_range("7", "1", "4"))
    );
    assert_eq!(
        selection::threshold_typed("0", 4).map_err(|e| e.problem),
        Err(out_of_range("0", "1", "4"))
    );
    assert_eq!(
        selection::threshold_typed("-1", 4).map_err(|e| e.problem),
        Err(out_of_range("-1", "1", "4"))
    );
    assert_eq!(selection::threshold_typed(" 3 ", 4), Ok(3));
    apply(&mut doc, "Anna", threshold(4));
    // Removing a criterion lowers "4 of 4" to "3 of 3" in the same change.
    apply(
        &mut doc,
        "Anna",
        Command::Remove {
            list: ListRef::Criteria,
            id: "k3".into(),
        },
    );
    let ws = doc.workspace().expect("read");
    assert_eq!((ws.criteria_threshold, ws.criteria.len()), (3, 3));

    // Concurrently: Anna removes a criterion while Beat asks for all three. The merged
    // document says 3 of 2; what applies is 2 of 2.
    let (mut a, mut b) = apart(
        doc,
        Command::Remove {
            list: ListRef::Criteria,
            id: "k2".into(),
        },
        threshold(3),
    );
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("read");
    assert_eq!(ws.criteria.len(), 2);
    assert_eq!(selection::threshold(&ws), 2);
}

#[test]
fn periods_targets_and_dates_make_sense() {
    let target = |period: &str, revenue_target: i64, margin_actual: i64| Target {
        id: period.into(),
        revenue_target: Some(revenue_target),
        margin_target: None,
        revenue_actual: None,
        margin_actual: Some(margin_actual),
    };
    for bad in ["abc", "2027-Q5", "2027-13", " 2027"] {
        assert_eq!(
            target(bad, 0, 0).validate().map_err(|e| e.problem),
            Err(Problem::NotAPeriod { value: bad.into() }),
            "{bad}"
        );
    }
    assert_eq!(
        target("1850", 0, 0).validate().map_err(|e| e.problem),
        Err(Problem::DateOutside {
            value: "1850".into(),
            lo: YEARS.0,
            hi: YEARS.1
        })
    );
    assert_eq!(
        target("2027", -9_000_000_000, 0)
            .validate()
            .map_err(|e| (e.field, e.problem)),
        Err(("revenue_target", Problem::Negative))
    );
    // A margin actually earned may be a loss.
    assert!(target("2027-Q2", 100, -500).validate().is_ok());

    // A review dated 2999 is refused, with the window named.
    let mut doc = workspace();
    let review = |date: &str| Command::Insert {
        list: ListRef::Reviews {
            key_account_id: "ka0".into(),
        },
        item: Item::Review(Review {
            id: "r1".into(),
            date: date.into(),
            participants: String::new(),
            notes: Default::default(),
            decisions: Default::default(),
            heads: Default::default(),
        }),
    };
    let e = refused(&mut doc, review("2999-03-01"));
    assert_eq!(
        problem(e),
        (
            "date",
            Problem::DateOutside {
                value: "2999-03-01".into(),
                lo: 1950,
                hi: 2099
            }
        )
    );
    apply(&mut doc, "Anna", review("2027-03-01"));
}

#[test]
fn a_customer_number_belongs_to_one_customer() {
    let mut doc = workspace();
    apply(
        &mut doc,
        "Anna",
        Command::set(ListRef::Customers, "c0", "number", str("3")),
    );
    let Item::Customer(mut other) = customer("c1", "Keller GmbH") else {
        unreachable!()
    };
    other.number = "3".into();
    let e = refused(
        &mut doc,
        Command::Insert {
            list: ListRef::Customers,
            item: Item::Customer(other.clone()),
        },
    );
    assert!(
        matches!(&e, CommandError::NumberTaken { number, name } if number == "3" && name == "Müller AG"),
        "{e}"
    );
    other.number = "4".into();
    insert(&mut doc, "Anna", ListRef::Customers, Item::Customer(other));
    let e = refused(
        &mut doc,
        Command::set(ListRef::Customers, "c1", "number", str(" 3 ")),
    );
    assert!(matches!(e, CommandError::NumberTaken { .. }), "{e}");
}

fn revenue_rule(threshold: i64) -> Value {
    Value::Rule(CriterionRule::Measured {
        field: "revenue".into(),
        threshold,
    })
}

#[test]
fn a_criterion_named_by_its_rule_follows_the_rule() {
    for (language, before, after) in [
        (Language::De, "Umsatz ab 500'000", "Umsatz ab 1'000'000"),
        (
            Language::En,
            "Revenue from 500,000",
            "Revenue from 1,000,000",
        ),
    ] {
        let mut doc = workspace();
        let ws = doc.workspace().expect("read");
        let mut n = 0;
        apply(
            &mut doc,
            "Anna",
            suggested_criteria(&ws, language, || {
                n += 1;
                format!("k{n}")
            }),
        );
        let name = |doc: &kam_domain::document::WorkspaceDoc| {
            doc.workspace().expect("read").criteria[0].name.clone()
        };
        assert_eq!(name(&doc), before);
        apply(
            &mut doc,
            "Anna",
            Command::set(ListRef::Criteria, "k1", "rule", revenue_rule(100_000_000)),
        );
        assert_eq!(name(&doc), after, "the label says the new threshold");
        // A name of the team's own is theirs.
        apply(
            &mut doc,
            "Anna",
            Command::set(ListRef::Criteria, "k1", "name", str("Grosskunde")),
        );
        apply(
            &mut doc,
            "Anna",
            Command::set(ListRef::Criteria, "k1", "rule", revenue_rule(200_000_000)),
        );
        assert_eq!(name(&doc), "Grosskunde");
    }
}

#[test]
fn a_decision_keeps_the_rule_it_was_made_on() {
    let mut doc = workspace();
    let ws = doc.workspace().expect("read");
    let mut n = 0;
    apply(
        &mut doc,
        "Anna",
        suggested_criteria(&ws, Language::De, || {
            n += 1;
            format!("k{n}")
        }),
    );
    apply(&mut doc, "Anna", threshold(1));
    apply(
        &mut doc,
        "Anna",
        Command::set(
            ListRef::Customers,
            "c0",
            "revenue",
            Value::OptInt(Some(70_000_000)),
        ),
    );
    let ws = doc.workspace().expect("read");
    let step = decide(
        &ws,
        "c0",
        SelectionStatus::Provisional,
        "Umsatz über der Schwelle",
        "Anna",
        T0,
        NewIds {
            decision: "d1".into(),
        },
    )
    .expect("decide");
    apply(&mut doc, "Anna", step);
    // The threshold is raised afterwards: the customer would no longer qualify.
    apply(
        &mut doc,
        "Anna",
        Command::set(ListRef::Criteria, "k1", "rule", revenue_rule(100_000_000)),
    );
    let ws = doc.workspace().expect("read");
    assert_eq!(ws.criteria[0].name, "Umsatz ab 1'000'000");
    let decision = &ws.decisions[0];
    assert_eq!(decision.criteria_met[0], "k1");
    assert_eq!(decision.criteria_then.len(), decision.criteria_met.len());
    assert_eq!(
        criterion_with_rule(&decision.criteria_then[0], Language::De),
        "Umsatz ab 500'000",
        "the rule at decision time"
    );
    assert_eq!(
        criterion_with_rule(&decision.criteria_then[0], Language::En),
        "Revenue from 500,000"
    );
    // A criterion of the team's own name shows its rule beside the name.
    let own = Criterion {
        name: "Grosskunde".into(),
        ..decision.criteria_then[0].clone()
    };
    assert_eq!(
        criterion_with_rule(&own, Language::De),
        "Grosskunde (Umsatz ≥ 500'000)"
    );
}
