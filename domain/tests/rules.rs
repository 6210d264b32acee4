//! Rules that used to be decided in the views, now functions here (issue 20): the
//! selection's stages, recording a review, the template plan as one change, a ground-rule
//! check with nothing rated, one meaning of "overdue", the order users chose, SWOT into a
//! goal or an action, suggested criteria, fit bands and the Top 10 cut, lookups by id.

mod common;

use common::*;
use kam_domain::{
    command::{Command, CommandError, Item, ListRef},
    date::Date,
    method::Language,
    model::*,
    people::{FitBand, band, suggested_requirements},
    plans::{
        ReviewDraft, SwotInto, latest_review, record_review, review_before, reviews_newest_first,
        swot_to,
    },
    rank,
    rollout::{Bar, create_plan, overdue_steps},
    selection::{STAGE_LIMIT, StageFilter, in_top, matches_query, stage, suggested_criteria},
    validate::{Problem, Validate},
};

fn d(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn cust(id: &str, name: &str, revenue: i64, margin: i64, potential: i64) -> Customer {
    let Item::Customer(mut c) = customer(id, name) else {
        unreachable!()
    };
    c.revenue = Some(revenue);
    c.margin = Some(margin);
    c.potential = Some(potential);
    c
}

fn measured(id: &str, rank: f64, field: &str, threshold: i64, weight: u64) -> Criterion {
    Criterion {
        id: id.into(),
        rank,
        name: id.into(),
        rule: CriterionRule::Measured {
            field: field.into(),
            threshold,
        },
        weight,
    }
}

/// Criteria: revenue ≥ 1,000 (weight 2), margin ≥ 100 and potential ≥ 100 (weight 1
/// each); a customer qualifies with one criterion met.
fn selection_workspace() -> Workspace {
    let mut ws = workspace().workspace().expect("workspace");
    ws.customers.clear();
    ws.key_accounts.clear();
    ws.criteria = vec![
        measured("rev", 1.0, "revenue", 1000, 2),
        measured("mar", 2.0, "margin", 100, 1),
        measured("pot", 3.0, "potential", 100, 1),
    ];
    ws.criteria_threshold = 1;
    ws.customers = vec![
        // Score 2 with one criterion met (revenue), revenue 5,000.
        cust("x", "Xaver AG", 5000, 0, 0),
        // Score 2 with two met (margin, potential): before x, although x has more revenue.
        cust("y", "Ypsilon AG", 10, 500, 500),
        // Score 2, one met, revenue 2,000: after x (less revenue).
        cust("z", "Zeta AG", 2000, 0, 0),
        // Same as z but named earlier: before z.
        cust("a", "Alpha AG", 2000, 0, 0),
        // Same name and figures as a, later id: after a.
        cust("b", "Alpha AG", 2000, 0, 0),
        // Meets nothing.
        cust("n", "Nichts GmbH", 10, 0, 0),
        // Score 4: first.
        cust("t", "Top AG", 9000, 900, 0),
    ];
    ws
}

fn ids(list: Vec<(&Customer, kam_domain::selection::Evaluation)>) -> Vec<String> {
    list.into_iter().map(|(c, _)| c.id.clone()).collect()
}

#[test]
fn stages_order_ties_by_criteria_met_then_revenue_name_and_id() {
    let ws = selection_workspace();
    let shown = ids(stage(&ws, SelectionStatus::None, StageFilter::default()));
    // The views used to sort by score alone (document order among ties: x, y, z, a, b).
    assert_eq!(shown, ["t", "y", "x", "a", "b", "z"]);
    // The same order as the candidates everywhere else.
    let candidates: Vec<String> = kam_domain::selection::candidates(&ws)
        .into_iter()
        .map(|(c, _)| c.id.clone())
        .collect();
    assert_eq!(shown, candidates);
}

#[test]
fn stages_show_everyone_on_request_and_search_only_among_candidates() {
    let mut ws = selection_workspace();
    let everyone = StageFilter {
        everyone: true,
        query: "",
    };
    assert_eq!(
        ids(stage(&ws, SelectionStatus::None, everyone)),
        ["t", "y", "x", "a", "b", "z", "n"]
    );
    let alpha = StageFilter {
        everyone: false,
        query: "  ALPHA ",
    };
    assert_eq!(ids(stage(&ws, SelectionStatus::None, alpha)), ["a", "b"]);
    // Decided customers leave the candidates and are listed in their own stage, the
    // search not applying there.
    for c in ws
        .customers
        .iter_mut()
        .filter(|c| c.id == "n" || c.id == "x")
    {
        c.selection = SelectionStatus::Provisional;
    }
    assert_eq!(
        ids(stage(&ws, SelectionStatus::Provisional, alpha)),
        ["x", "n"]
    );
    assert_eq!(
        ids(stage(&ws, SelectionStatus::None, StageFilter::default())),
        ["t", "y", "a", "b", "z"]
    );
    assert!(stage(&ws, SelectionStatus::Rejected, everyone).is_empty());
}

#[test]
fn stages_stop_at_the_limit_keeping_the_best() {
    let mut ws = selection_workspace();
    ws.customers = (0..STAGE_LIMIT + 50)
        .map(|i| cust(&format!("c{i:04}"), "Kunde", 1000 + i as i64, 0, 0))
        .collect();
    let shown = ids(stage(&ws, SelectionStatus::None, StageFilter::default()));
    assert_eq!(shown.len(), STAGE_LIMIT);
    // Highest revenue first; the 50 smallest are cut.
    assert_eq!(shown[0], format!("c{:04}", STAGE_LIMIT + 49));
    assert_eq!(shown[STAGE_LIMIT - 1], "c0050");
}

#[test]
fn search_looks_at_name_number_industry_and_region() {
    let c = cust("c1", "Müller AG", 0, 0, 0);
    for q in [
        "",
        "  ",
        "müller",
        "MÜLLER",
        "K-c1",
        "maschinen",
        "ostschweiz",
    ] {
        assert!(matches_query(&c, q), "{q:?}");
    }
    assert!(!matches_query(&c, "Zürich"));
}

fn draft(action: &str, owner: &str, due: &str) -> ReviewDraft {
    ReviewDraft {
        date: "2027-03-31".into(),
        participants: "  Anna, Beat ".into(),
        notes: "Gut unterwegs".into(),
        decisions: "Budget erhöhen".into(),
        action_title: action.into(),
        action_owner: owner.into(),
        action_due: due.into(),
    }
}

#[test]
fn recording_a_review_is_one_change_with_its_follow_up_action() {
    let mut doc = workspace();
    let mut n = 0;
    let new_id = || {
        n += 1;
        format!("id{n}")
    };
    let heads = vec!["abc".to_string()];
    let command = record_review(
        "ka0",
        draft(" Offerte nachfassen ", "p0", "2027-04-15"),
        heads,
        new_id,
    );
    let Command::Batch(parts) = &command else {
        panic!("one batch: {command:?}")
    };
    assert_eq!(parts.len(), 2);
    apply(&mut doc, "Anna", command);
    let ws = doc.workspace().expect("workspace");
    let k = ws.key_account("ka0").expect("account");
    assert_eq!(k.reviews.len(), 1);
    let r = &k.reviews[0];
    assert_eq!(
        (r.id.as_str(), r.date.as_str(), r.participants.as_str()),
        ("id1", "2027-03-31", "Anna, Beat")
    );
    assert_eq!(r.notes.as_str(), "Gut unterwegs");
    assert_eq!(r.decisions.as_str(), "Budget erhöhen");
    assert_eq!(r.heads, ["abc"]);
    assert_eq!(k.actions.len(), 1);
    let a = &k.actions[0];
    assert_eq!(a.id, "id2");
    assert_eq!(a.title, "Offerte nachfassen");
    assert_eq!(a.owner_id.as_deref(), Some("p0"));
    assert_eq!(a.due.as_deref(), Some("2027-04-15"));
    assert_eq!(a.status, Status::Open);
}

#[test]
fn a_review_without_an_action_title_adds_no_action_and_blanks_are_none() {
    let command = record_review("ka0", draft("   ", "p0", "2027-04-15"), vec![], || {
        "r".into()
    });
    let Command::Batch(parts) = command else {
        panic!("batch")
    };
    assert_eq!(parts.len(), 1, "only the review");
    let Command::Batch(parts) =
        record_review("ka0", draft("Anrufen", " ", ""), vec![], || "r".into())
    else {
        panic!("batch")
    };
    let Command::Insert {
        item: Item::Action(a),
        list,
    } = &parts[1]
    else {
        panic!("an action: {:?}", parts[1])
    };
    assert_eq!(
        list,
        &ListRef::Actions {
            key_account_id: "ka0".into()
        }
    );
    assert_eq!((a.owner_id.clone(), a.due.clone()), (None, None));
}

#[test]
fn a_review_with_a_bad_date_writes_neither_review_nor_action() {
    let mut doc = workspace();
    let mut bad = draft("Anrufen", "", "");
    bad.date = "31.03.2027".into();
    let result = doc.apply(
        &record_review("ka0", bad, vec![], || "r".into()),
        &author("Anna"),
        T0 + 2000,
    );
    assert!(result.is_err());
    let ws = doc.workspace().expect("workspace");
    let k = ws.key_account("ka0").expect("account");
    assert!(k.reviews.is_empty() && k.actions.is_empty());
}

fn review(id: &str, date: &str) -> Review {
    Review {
        id: id.into(),
        date: date.into(),
        participants: String::new(),
        notes: Text::default(),
        decisions: Text::default(),
        heads: vec![id.into()],
    }
}

#[test]
fn reviews_in_date_order_the_latest_and_the_one_before() {
    let mut k = KeyAccount::new("ka", "c", 0.0);
    k.reviews = vec![
        review("r2", "2027-06-30"),
        review("r1", "2027-03-31"),
        review("r3", "2027-09-30"),
        review("r3b", "2027-09-30"),
    ];
    let order: Vec<&str> = reviews_newest_first(&k)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(order, ["r3b", "r3", "r2", "r1"]);
    assert_eq!(latest_review(&k).map(|r| r.id.as_str()), Some("r3b"));
    assert_eq!(review_before(&k, "r3").map(|r| r.id.as_str()), Some("r2"));
    assert_eq!(review_before(&k, "r2").map(|r| r.id.as_str()), Some("r1"));
    assert_eq!(review_before(&k, "r1"), None);
    assert_eq!(review_before(&k, "gone"), None);
    assert_eq!(latest_review(&KeyAccount::new("e", "c", 0.0)), None);
}

#[test]
fn the_template_plan_is_one_change_and_a_bad_start_writes_nothing() {
    let Err(refused) = create_plan("1.1.2027", 24, Language::De, |i| format!("m{i}")) else {
        panic!("not a date is refused")
    };
    assert!(matches!(
        refused,
        CommandError::Invalid { ref invalid, .. }
            if invalid.field == "start_date" && matches!(invalid.problem, Problem::NotADate { .. })
    ));
    let mut doc = workspace();
    let command = create_plan(" 2027-01-01 ", 24, Language::En, |i| format!("m{i}")).expect("plan");
    let Command::Batch(parts) = &command else {
        panic!("one batch")
    };
    let steps = parts.len() - 1;
    assert!(steps > 10, "{steps} steps");
    apply(&mut doc, "Anna", command);
    let ws = doc.workspace().expect("workspace");
    assert_eq!(ws.programme.start_date.as_deref(), Some("2027-01-01"));
    assert_eq!(ws.programme.milestones.len(), steps);
    assert!(
        ws.programme
            .milestones
            .iter()
            .all(|m| m.id.starts_with('m'))
    );
}

#[test]
fn a_ground_rule_check_must_rate_one_rule() {
    let mut check = GroundRuleCheck {
        id: "g".into(),
        date: "2027-01-15".into(),
        ratings: vec![],
    };
    let invalid = check.validate().expect_err("nothing rated");
    assert_eq!(invalid.field, "rating");
    assert_eq!(invalid.problem, Problem::NothingRated);
    check.ratings.push(RuleRating {
        id: "3".into(),
        rule: 3,
        rating: 4,
        note: String::new(),
    });
    assert_eq!(check.validate(), Ok(()));
}

#[test]
fn overdue_means_the_same_for_plan_steps_actions_and_timeline_bars() {
    let today = d("2027-05-10");
    for (due, status, late) in [
        (Some("2027-05-09"), Status::Open, true),
        (Some("2027-05-09"), Status::InProgress, true),
        (Some("2027-05-10"), Status::Open, false),
        (Some("2027-01-01"), Status::Done, false),
        (Some("2027-01-01"), Status::Cancelled, false),
        (None, Status::Open, false),
    ] {
        let step = PlanStep {
            id: "m".into(),
            rank: 1.0,
            title: "Schritt".into(),
            owner_id: None,
            due: due.map(String::from),
            status,
            is_milestone: false,
            after: None,
        };
        let action = Action {
            id: "a".into(),
            title: "Tun".into(),
            owner_id: None,
            due: due.map(String::from),
            status,
            goal_id: None,
        };
        assert_eq!(step.overdue(today), late, "step {due:?} {status:?}");
        assert_eq!(action.overdue(today), late, "action {due:?} {status:?}");
        assert_eq!(overdue_steps(&[step], today).len(), usize::from(late));
        if let Some(due) = due {
            let bar = Bar {
                id: "m".into(),
                title: "Schritt".into(),
                start: d("2027-01-01"),
                end: d(due),
                milestone: false,
                status,
            };
            assert_eq!(bar.overdue(today), late, "bar {due} {status:?}");
        }
    }
}

#[test]
fn the_chosen_order_breaks_ties_by_id() {
    let goal = |id: &str, rank: f64| Goal {
        id: id.into(),
        rank,
        title: id.into(),
        target_date: None,
    };
    let goals = [
        goal("b", 2.0),
        goal("c", 1.0),
        goal("a", 2.0),
        goal("d", 0.5),
    ];
    let order: Vec<&str> = rank::sorted(&goals).iter().map(|g| g.id.as_str()).collect();
    assert_eq!(order, ["d", "c", "a", "b"]);
}

#[test]
fn a_list_gives_the_ranks_to_move_by_and_an_unranked_one_none() {
    let mut w = workspace().workspace().expect("workspace");
    w.key_accounts.clear();
    let mut k = KeyAccount::new("ka0", "c0", 0.0);
    k.goals.push(Goal {
        id: "g1".into(),
        rank: 3.0,
        title: "Wachstum".into(),
        target_date: None,
    });
    w.key_accounts.push(k);
    let goals = ListRef::Goals {
        key_account_id: "ka0".into(),
    };
    assert_eq!(goals.ranks(&w), vec![("g1".to_string(), 3.0)]);
    assert_eq!(
        ListRef::KeyAccounts.ranks(&w),
        vec![("ka0".to_string(), 0.0)]
    );
    let gone = ListRef::Goals {
        key_account_id: "nope".into(),
    };
    assert!(gone.ranks(&w).is_empty());
    assert!(ListRef::Conflicts.ranks(&w).is_empty());
}

#[test]
fn a_swot_point_becomes_a_goal_after_the_last_or_an_open_action() {
    let mut k = KeyAccount::new("ka0", "c0", 0.0);
    k.swot.push(SwotItem {
        id: "s1".into(),
        kind: SwotKind::Opportunity,
        text: Text::with_value("  Neues Werk in Polen "),
    });
    k.goals.push(Goal {
        id: "g1".into(),
        rank: 3.0,
        title: "Bestehend".into(),
        target_date: None,
    });
    let Some(Command::Insert {
        list,
        item: Item::Goal(goal),
    }) = swot_to(&k, "s1", SwotInto::Goal, "g2".into())
    else {
        panic!("a goal")
    };
    assert_eq!(
        list,
        ListRef::Goals {
            key_account_id: "ka0".into()
        }
    );
    assert_eq!(
        (goal.id.as_str(), goal.title.as_str()),
        ("g2", "Neues Werk in Polen")
    );
    assert_eq!(goal.rank, 4.0);
    let Some(Command::Insert {
        item: Item::Action(action),
        ..
    }) = swot_to(&k, "s1", SwotInto::Action, "a1".into())
    else {
        panic!("an action")
    };
    assert_eq!(action.title, "Neues Werk in Polen");
    assert_eq!(action.status, Status::Open);
    assert_eq!(action.owner_id, None);
    assert_eq!(swot_to(&k, "gone", SwotInto::Action, "a2".into()), None);
}

#[test]
fn suggested_criteria_come_in_the_users_language_after_the_existing_ones() {
    let mut ws = selection_workspace();
    let mut n = 0;
    let Command::Batch(parts) = suggested_criteria(&ws, Language::En, || {
        n += 1;
        format!("s{n}")
    }) else {
        panic!("one batch")
    };
    let criteria: Vec<Criterion> = parts
        .into_iter()
        .map(|c| match c {
            Command::Insert {
                list: ListRef::Criteria,
                item: Item::Criterion(c),
            } => c,
            other => panic!("{other:?}"),
        })
        .collect();
    let names: Vec<&str> = criteria.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Revenue from 500,000",
            "Contribution margin from 100,000",
            "Strategic importance"
        ]
    );
    let ranks: Vec<f64> = criteria.iter().map(|c| c.rank).collect();
    assert_eq!(ranks, [4.0, 5.0, 6.0], "after the three existing ones");
    assert_eq!(
        criteria[0].rule,
        CriterionRule::Measured {
            field: "revenue".into(),
            threshold: 50_000_000
        }
    );
    ws.criteria.clear();
    let Command::Batch(parts) = suggested_criteria(&ws, Language::De, || "x".into()) else {
        panic!("batch")
    };
    let Command::Insert {
        item: Item::Criterion(first),
        ..
    } = &parts[0]
    else {
        panic!("criterion")
    };
    assert_eq!(first.name, "Umsatz ab 500'000");
    assert_eq!(first.rank, 1.0);
}

#[test]
fn the_suggested_profile_is_one_change_in_the_users_language_after_the_existing_ones() {
    let mut ws = workspace().workspace().expect("workspace");
    ws.requirements = vec![Requirement {
        id: "r0".into(),
        rank: 4.0,
        name: "Eigene".into(),
        weight: 1,
        required_level: 2,
    }];
    let mut n = 0;
    let Command::Batch(parts) = suggested_requirements(&ws, Language::En, || {
        n += 1;
        format!("s{n}")
    }) else {
        panic!("one batch")
    };
    let added: Vec<Requirement> = parts
        .into_iter()
        .map(|c| match c {
            Command::Insert {
                list: ListRef::Requirements,
                item: Item::Requirement(r),
            } => r,
            other => panic!("not a requirement: {other:?}"),
        })
        .collect();
    assert_eq!(added.len(), 7);
    assert_eq!(
        (added[0].id.as_str(), added[0].name.as_str(), added[0].rank),
        ("s1", "Strategic thinking", 5.0)
    );
    assert_eq!((added[0].weight, added[0].required_level), (3, 4));
    assert_eq!(
        (added[6].name.as_str(), added[6].rank),
        ("Business acumen", 11.0)
    );
    let Command::Batch(de) = suggested_requirements(&ws, Language::De, || "x".into()) else {
        panic!("one batch")
    };
    let Command::Insert {
        item: Item::Requirement(first),
        ..
    } = &de[0]
    else {
        panic!("a requirement")
    };
    assert_eq!(first.name, "Strategisches Denken");
}

#[test]
fn fit_bands_and_the_top_ten_cut() {
    assert_eq!(band(100.0), FitBand::Good);
    assert_eq!(band(80.0), FitBand::Good);
    assert_eq!(band(79.9), FitBand::Fair);
    assert_eq!(band(60.0), FitBand::Fair);
    assert_eq!(band(59.9), FitBand::Weak);
    assert_eq!(band(0.0), FitBand::Weak);
    assert!(!in_top(0));
    assert!(in_top(1) && in_top(10));
    assert!(!in_top(11));
}

#[test]
fn lookups_by_id() {
    let ws = workspace().workspace().expect("workspace");
    assert_eq!(
        ws.person("p0").map(|p| p.name.as_str()),
        Some("Beat Keller")
    );
    assert_eq!(
        ws.customer("c0").map(|c| c.name.as_str()),
        Some("Müller AG")
    );
    let k = ws.key_account("ka0").expect("account");
    assert_eq!(ws.customer_of(k).map(|c| c.id.as_str()), Some("c0"));
    assert!(ws.person("nobody").is_none() && ws.key_account("x").is_none());
    assert!(ws.criterion("x").is_none() && ws.requirement("x").is_none());
}
