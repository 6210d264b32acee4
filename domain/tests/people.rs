//! The requirement profile, candidates' fit and gaps, workload against capacity and the
//! warnings, with hand-computed expectations; two managers assigning accounts offline.

mod common;

use common::*;
use kam_domain::{
    command::{Command, Item, ListRef, Value},
    model::*,
    people::*,
};

fn requirement(id: &str, rank: f64, weight: u64, required_level: u8) -> Requirement {
    Requirement {
        id: id.into(),
        rank,
        name: id.into(),
        weight,
        required_level,
    }
}

fn assessment(id: &str, person: &str, date: &str, levels: &[(&str, u8)]) -> Assessment {
    Assessment {
        id: id.into(),
        person_id: person.into(),
        assessed_by: "Anna".into(),
        date: date.into(),
        levels: levels
            .iter()
            .map(|(r, l)| Level {
                id: (*r).into(),
                level: *l,
            })
            .collect(),
        notes: Text::default(),
    }
}

fn person(id: &str, name: &str, capacity: u64) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
        role: String::new(),
        capacity,
        trainings: Vec::new(),
    }
}

#[test]
fn fit_score_and_gaps() {
    // Strategic thinking (weight 3, needs 4), negotiation (2, needs 4), industry (1, needs 2).
    let reqs = [
        requirement("strat", 1.0, 3, 4),
        requirement("nego", 2.0, 2, 4),
        requirement("ind", 3.0, 1, 2),
    ];
    let refs: Vec<&Requirement> = reqs.iter().collect();
    // Beat: 4, 2, 5 → (3·4/4 + 2·2/4 + 1·2/2) / 6 = 5/6 = 83.3 %; level 5 does not make
    // up for negotiation.
    let beat = fit(
        &refs,
        &assessment(
            "a1",
            "beat",
            "2027-02-01",
            &[("strat", 4), ("nego", 2), ("ind", 5)],
        ),
    );
    assert!(
        (beat.percent - 500.0 / 6.0).abs() < 1e-9,
        "{}",
        beat.percent
    );
    assert_eq!(
        beat.gaps,
        [Gap {
            requirement_id: "nego".into(),
            level: Some(2),
            required: 4
        }]
    );
    // Carla: 3, not assessed, 2 → (3·3/4 + 0 + 1) / 6 = 3.25/6 = 54.2 %. Gaps by weighted
    // shortfall: negotiation 2·4 = 8 before strategic thinking 3·1 = 3.
    let carla = fit(
        &refs,
        &assessment("a2", "carla", "2027-02-01", &[("strat", 3), ("ind", 2)]),
    );
    assert!(
        (carla.percent - 3.25 * 100.0 / 6.0).abs() < 1e-9,
        "{}",
        carla.percent
    );
    let gaps: Vec<(&str, Option<u8>)> = carla
        .gaps
        .iter()
        .map(|g| (g.requirement_id.as_str(), g.level))
        .collect();
    assert_eq!(gaps, [("nego", None), ("strat", Some(3))]);
    // Everything met: 100 %, no gaps. No profile: 0 %.
    let full = fit(
        &refs,
        &assessment(
            "a3",
            "x",
            "2027-02-01",
            &[("strat", 5), ("nego", 4), ("ind", 2)],
        ),
    );
    assert_eq!((full.percent, full.gaps.len()), (100.0, 0));
    assert_eq!(
        fit(&[], &assessment("a4", "x", "2027-02-01", &[])).percent,
        0.0
    );
}

#[test]
fn ranking_uses_each_candidates_latest_assessment() {
    let mut ws = workspace().workspace().expect("ws");
    ws.requirements = vec![requirement("strat", 1.0, 1, 4)];
    ws.people = vec![person("beat", "Beat", 5), person("carla", "Carla", 5)];
    ws.assessments = vec![
        assessment("a1", "beat", "2027-01-10", &[("strat", 1)]),
        assessment("a2", "carla", "2027-01-10", &[("strat", 3)]),
        assessment("a3", "beat", "2027-03-01", &[("strat", 4)]),
    ];
    let ranked: Vec<(&str, f64)> = ranking(&ws)
        .iter()
        .map(|(p, _, f)| (p.name.as_str(), f.percent))
        .collect();
    assert_eq!(ranked, [("Beat", 100.0), ("Carla", 75.0)]);
}

fn account(
    id: &str,
    customer: &str,
    manager: Option<&str>,
    deputy: Option<&str>,
    md: bool,
) -> KeyAccount {
    KeyAccount {
        manager_id: manager.map(Into::into),
        deputy_id: deputy.map(Into::into),
        managing_director_account: md,
        ..KeyAccount::new(id, customer, 0.0)
    }
}

fn definitive(id: &str) -> Customer {
    Customer {
        id: id.into(),
        number: String::new(),
        name: id.into(),
        industry: String::new(),
        region: String::new(),
        revenue: None,
        margin: None,
        potential: None,
        ratings: Vec::new(),
        attributes: Vec::new(),
        selection: SelectionStatus::Definitive,
    }
}

#[test]
fn workload_and_warnings() {
    let mut ws = workspace().workspace().expect("ws");
    ws.people = vec![person("p1", "Anna", 2), person("p2", "Beat", 5)];
    ws.customers = ["c1", "c2", "c3", "c4", "c5"]
        .into_iter()
        .map(definitive)
        .collect();
    ws.customers[4].selection = SelectionStatus::Provisional;
    ws.key_accounts = vec![
        account("k1", "c1", Some("p1"), Some("p2"), true),
        account("k2", "c2", Some("p1"), None, false),
        account("k3", "c3", Some("p1"), None, false),
        account("k4", "c4", None, None, false),
        // Provisional: not counted, not warned about.
        account("k5", "c5", None, None, false),
    ];
    let load = workload(&ws);
    let loads: Vec<(&str, usize, usize, usize, bool)> = load
        .iter()
        .map(|l| {
            (
                l.person_id.as_str(),
                l.responsible,
                l.deputy,
                l.managing_director,
                l.over_capacity(),
            )
        })
        .collect();
    assert_eq!(loads, [("p1", 3, 0, 1, true), ("p2", 0, 1, 0, false)]);
    assert_eq!(
        warnings(&ws),
        [
            Warning::NoManager {
                key_account_id: "k4".into()
            },
            Warning::OverCapacity {
                person_id: "p1".into(),
                load: 3,
                capacity: 2
            },
            Warning::NoTraining {
                person_id: "p1".into()
            },
        ]
    );
    // A planned training is not enough; a completed one ends the warning. Taking one
    // account off Anna ends the capacity warning; a removed manager counts as none.
    ws.people[0].trainings.push(Training {
        id: "t1".into(),
        topic: "KAM-Grundlagen".into(),
        date: Some("2027-04-01".into()),
        provider: "ZHAW".into(),
        status: Status::Open,
    });
    assert!(warnings(&ws).contains(&Warning::NoTraining {
        person_id: "p1".into()
    }));
    ws.people[0].trainings[0].status = Status::Done;
    ws.key_accounts[2].manager_id = Some("gone".into());
    assert_eq!(
        warnings(&ws),
        [
            Warning::NoManager {
                key_account_id: "k3".into()
            },
            Warning::NoManager {
                key_account_id: "k4".into()
            },
        ]
    );
}

/// Two managers assign accounts offline; one of them assigns the same account as the
/// other differently: every other assignment is kept, that one is a visible conflict.
#[test]
fn offline_assignments_merge_and_the_same_account_shows_a_conflict() {
    let mut a = workspace();
    for (id, name) in [("p1", "Anna"), ("p2", "Beat")] {
        insert(
            &mut a,
            "Anna",
            ListRef::People,
            Item::Person(person(id, name, 5)),
        );
    }
    for k in ["k1", "k2", "k3"] {
        insert(
            &mut a,
            "Anna",
            ListRef::KeyAccounts,
            Item::KeyAccount(KeyAccount::new(k, "c0", 1.0)),
        );
    }
    let mut b = a.fork();
    let assign = |k: &str, p: &str| {
        Command::set(
            ListRef::KeyAccounts,
            k,
            "manager_id",
            Value::OptStr(Some(p.into())),
        )
    };
    apply(&mut a, "Anna", assign("k1", "p1"));
    apply(&mut a, "Anna", assign("k2", "p1"));
    apply(&mut b, "Beat", assign("k3", "p2"));
    apply(&mut b, "Beat", assign("k1", "p2"));
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    let manager = |k: &str| {
        ws.key_accounts
            .iter()
            .find(|x| x.id == k)
            .and_then(|x| x.manager_id.clone())
    };
    assert_eq!(manager("k2").as_deref(), Some("p1"));
    assert_eq!(manager("k3").as_deref(), Some("p2"));
    let mut values = a.field_values(&ListRef::KeyAccounts, "k1", "manager_id");
    values.sort();
    assert_eq!(values, ["p1", "p2"], "the conflict is visible");
    assert!(manager("k1").is_some_and(|m| m == "p1" || m == "p2"));
}

#[test]
fn levels_of_an_assessment_are_edited_one_by_one() {
    let mut doc = workspace();
    insert(
        &mut doc,
        "Anna",
        ListRef::Assessments,
        Item::Assessment(assessment("a1", "p0", "2027-02-01", &[("strat", 3)])),
    );
    let list = ListRef::Levels {
        assessment_id: "a1".into(),
    };
    apply(
        &mut doc,
        "Anna",
        Command::set(list.clone(), "strat", "level", Value::Uint(4)),
    );
    insert(
        &mut doc,
        "Anna",
        list.clone(),
        Item::Level(Level {
            id: "nego".into(),
            level: 2,
        }),
    );
    let err = doc
        .apply(
            &Command::set(list, "nego", "level", Value::Uint(6)),
            &author("Anna"),
            T0,
        )
        .expect_err("levels are 1–5");
    assert!(err.to_string().contains("level"), "{err}");
    let ws = doc.workspace().expect("ws");
    let levels: Vec<(&str, u8)> = ws.assessments[0]
        .levels
        .iter()
        .map(|l| (l.id.as_str(), l.level))
        .collect();
    assert_eq!(levels, [("strat", 4), ("nego", 2)]);
}

#[test]
fn a_manager_below_the_profile_is_warned_about_with_fit_and_gaps() {
    // Issue 19: assigning a 77 %-fit candidate with gaps warned only about training.
    let mut ws = workspace().workspace().expect("ws");
    ws.people = vec![person("p1", "Anna", 5), person("p2", "Beat", 5)];
    ws.customers = vec![definitive("c1"), definitive("c2")];
    ws.key_accounts = vec![
        account("k1", "c1", Some("p1"), None, false),
        account("k2", "c2", Some("p2"), None, false),
    ];
    for p in &mut ws.people {
        p.trainings.push(Training {
            id: "t".into(),
            topic: "KAM".into(),
            date: None,
            provider: String::new(),
            status: Status::Done,
        });
    }
    // Weights 3, 2, 1, all required at 4. Anna 4, 3, 2 → (3·1 + 2·0.75 + 1·0.5) / 6
    // = 5/6 = 83.3 % → fits the profile despite two gaps, no warning.
    // Beat 3, 3, 4 → (3·0.75 + 2·0.75 + 1) / 6 = 4.75/6 = 79.2 % → 79 %, two gaps.
    ws.requirements = vec![
        requirement("strat", 1.0, 3, 4),
        requirement("nego", 2.0, 2, 4),
        requirement("ind", 3.0, 1, 4),
    ];
    ws.assessments = vec![
        assessment(
            "a1",
            "p1",
            "2027-03-01",
            &[("strat", 4), ("nego", 3), ("ind", 2)],
        ),
        assessment(
            "a2",
            "p2",
            "2027-03-01",
            &[("strat", 3), ("nego", 3), ("ind", 4)],
        ),
    ];
    assert_eq!(
        warnings(&ws),
        [Warning::BelowProfile {
            person_id: "p2".into(),
            percent: 79,
            gaps: 2
        }]
    );
    // A later, better assessment ends the warning; someone not responsible is never warned.
    ws.assessments.push(assessment(
        "a3",
        "p2",
        "2027-09-01",
        &[("strat", 4), ("nego", 4), ("ind", 3)],
    ));
    assert!(warnings(&ws).is_empty());
    ws.assessments
        .push(assessment("a4", "p1", "2027-10-01", &[("strat", 1)]));
    ws.key_accounts[0].manager_id = Some("p2".into());
    assert!(warnings(&ws).is_empty());
}
