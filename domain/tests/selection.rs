//! The selection of key accounts with hand-computed expectations: criteria ("N of M"),
//! ABC classes, portfolio positions and snapshots, the provisional → definitive workflow,
//! the Top 10; and two managers rating offline while changing the threshold.

mod common;

use common::*;
use kam_domain::{
    command::{Command, Item, ListRef, Value, WorkspaceField},
    model::*,
    selection::*,
};

const CHF: i64 = 100;

fn cust(
    id: &str,
    name: &str,
    revenue: Option<i64>,
    margin: Option<i64>,
    potential: Option<i64>,
) -> Customer {
    Customer {
        id: id.into(),
        number: id.to_uppercase(),
        name: name.into(),
        industry: String::new(),
        region: String::new(),
        revenue: revenue.map(|r| r * CHF),
        margin: margin.map(|m| m * CHF),
        potential: potential.map(|p| p * CHF),
        ratings: Vec::new(),
        attributes: Vec::new(),
        selection: SelectionStatus::None,
    }
}

fn rate(c: &mut Customer, id: &str, value: u8) {
    c.ratings.push(Rating {
        id: id.into(),
        value,
    });
}

fn criterion(id: &str, rank: f64, rule: CriterionRule, weight: u64) -> Criterion {
    Criterion {
        id: id.into(),
        rank,
        name: id.into(),
        rule,
        weight,
    }
}

/// Five customers and three criteria: revenue ≥ 500,000; margin ≥ 100,000; strategic
/// value rated ≥ 4 (weight 2).
fn sample() -> Workspace {
    let mut a = cust("a", "Alpha AG", Some(800_000), Some(150_000), None);
    rate(&mut a, "strat", 5);
    let b = cust("b", "Beta AG", Some(600_000), Some(50_000), None);
    let mut c = cust("c", "Gamma AG", Some(200_000), Some(120_000), None);
    rate(&mut c, "strat", 4);
    let mut d = cust("d", "Delta AG", Some(500_000), None, None);
    rate(&mut d, "strat", 3);
    let e = cust("e", "Epsilon AG", None, None, None);
    let mut ws = workspace().workspace().expect("ws");
    ws.customers = vec![a, b, c, d, e];
    ws.criteria = vec![
        criterion(
            "rev",
            1.0,
            CriterionRule::Measured {
                field: "revenue".into(),
                threshold: 500_000 * CHF,
            },
            1,
        ),
        criterion(
            "margin",
            2.0,
            CriterionRule::Measured {
                field: "margin".into(),
                threshold: 100_000 * CHF,
            },
            1,
        ),
        criterion("strat", 3.0, CriterionRule::Rated { min: 4 }, 2),
    ];
    ws.criteria_threshold = 2;
    ws
}

#[test]
fn criteria_at_least_n_of_m() {
    let ws = sample();
    let by_id = |id: &str| {
        let c = ws.customers.iter().find(|c| c.id == id).expect("customer");
        evaluate_one(&ws, c)
    };
    // Alpha: all three (1 + 1 + 2 = 4). Beta: revenue only. Gamma: margin + strategic (3).
    // Delta: revenue exactly at the threshold counts; margin unknown; rated 3 < 4.
    // Epsilon: nothing known.
    let a = by_id("a");
    assert_eq!(
        (a.met.clone(), a.score, a.qualifies),
        (vec!["rev".into(), "margin".into(), "strat".into()], 4, true)
    );
    let b = by_id("b");
    assert_eq!(
        (b.met.clone(), b.unknown.clone(), b.qualifies),
        (vec!["rev".to_string()], vec!["strat".to_string()], false)
    );
    let c = by_id("c");
    assert_eq!(
        (c.met.clone(), c.score, c.qualifies),
        (vec!["margin".into(), "strat".into()], 3, true)
    );
    let d = by_id("d");
    assert_eq!(
        (d.met.clone(), d.unknown.clone(), d.qualifies),
        (vec!["rev".to_string()], vec!["margin".to_string()], false)
    );
    let e = by_id("e");
    assert_eq!((e.met.len(), e.unknown.len(), e.qualifies), (0, 3, false));
    let names: Vec<&str> = candidates(&ws)
        .iter()
        .map(|(c, _)| c.name.as_str())
        .collect();
    assert_eq!(names, ["Alpha AG", "Gamma AG"]);
    // "At least 1 of 3": Beta and Delta join, ordered by score, then revenue.
    let mut one = ws.clone();
    one.criteria_threshold = 1;
    let names: Vec<&str> = candidates(&one)
        .iter()
        .map(|(c, _)| c.name.as_str())
        .collect();
    assert_eq!(names, ["Alpha AG", "Gamma AG", "Beta AG", "Delta AG"]);
    // No criteria: nobody qualifies, whatever the threshold.
    let mut none = ws.clone();
    none.criteria.clear();
    assert!(candidates(&none).is_empty());
}

#[test]
fn the_abc_key_changes_with_what_the_classes_depend_on_only() {
    use kam_domain::selection::abc_key;
    let customers = vec![
        cust("a", "A", Some(500), None, None),
        cust("b", "B", Some(300), None, None),
    ];
    let key = abc_key(&customers, 80, 95);
    let mut moved = customers.clone();
    moved[0].region = "Bern".into();
    moved[1].margin = Some(7);
    assert_eq!(
        abc_key(&moved, 80, 95),
        key,
        "region and margin do not count"
    );
    let mut more = customers.clone();
    more[1].revenue = Some(301);
    assert_ne!(abc_key(&more, 80, 95), key, "revenue counts");
    let mut renamed = customers.clone();
    renamed[0].name = "Alpha".into();
    assert_ne!(abc_key(&renamed, 80, 95), key, "the name breaks ties");
    assert_ne!(abc_key(&customers, 70, 95), key, "the limits count");
    assert_ne!(
        abc_key(&customers[..1], 80, 95),
        key,
        "a customer more or less counts"
    );
    let mut without = customers.clone();
    without.push(cust("n", "New", None, None, None));
    without.push(cust("z", "Zero", Some(0), None, None));
    assert_eq!(
        abc_key(&without, 80, 95),
        key,
        "a customer without revenue has no class"
    );
}

#[test]
fn abc_classes_by_cumulated_revenue() {
    // 500, 300, 100, 50, 30, 20 of 1,000: cumulated before each 0, 50, 80, 90, 95, 98 %.
    let customers = vec![
        cust("f", "F", Some(20), None, None),
        cust("a", "A", Some(500), None, None),
        cust("c", "C", Some(100), None, None),
        cust("x", "X", None, None, None),
        cust("b", "B", Some(300), None, None),
        cust("e", "E", Some(30), None, None),
        cust("d", "D", Some(50), None, None),
        cust("z", "Z", Some(0), None, None),
    ];
    let result = abc(&customers, 80, 95);
    let rows: Vec<(&str, AbcClass, f64)> = result
        .rows
        .iter()
        .map(|r| (r.customer_id.as_str(), r.class, r.cumulative))
        .collect();
    assert_eq!(
        rows,
        [
            ("a", AbcClass::A, 50.0),
            ("b", AbcClass::A, 80.0),
            ("c", AbcClass::B, 90.0),
            ("d", AbcClass::B, 95.0),
            ("e", AbcClass::C, 98.0),
            ("f", AbcClass::C, 100.0),
        ]
    );
    assert_eq!(result.total, 1_000 * CHF);
    assert_eq!(result.without_revenue, ["x", "z"]);
    assert_eq!(result.class_totals(AbcClass::A), (2, 800 * CHF));
    assert_eq!(result.class_totals(AbcClass::B), (2, 150 * CHF));
    assert_eq!(result.class_totals(AbcClass::C), (2, 50 * CHF));
    // Thresholds are a setting: A up to 60 %, B up to 90 %.
    let tight = abc(&customers, 60, 90);
    let classes: Vec<AbcClass> = tight.rows.iter().map(|r| r.class).collect();
    use AbcClass::*;
    assert_eq!(classes, [A, A, B, C, C, C]);
    // The one customer that crosses the line is still A; a single customer is A.
    assert_eq!(abc(&customers[1..2], 80, 95).rows[0].class, A);
    assert_eq!(abc(&[], 80, 95), Abc::default());
}

#[test]
fn the_pareto_curve_keeps_its_shape_with_few_points() {
    // Six customers: every point is kept when steps allow it.
    let customers: Vec<_> = [500, 300, 100, 50, 30, 20]
        .iter()
        .enumerate()
        .map(|(i, r)| cust(&format!("c{i}"), &format!("C{i}"), Some(*r), None, None))
        .collect();
    let small = abc(&customers, 80, 95);
    let all = small.curve(100);
    assert_eq!(all.len(), 7, "the origin and one point per customer");
    assert_eq!(all[0], (0.0, 0.0));
    assert_eq!(all[2], (2.0 * 100.0 / 6.0, 80.0));
    // 50,000 customers: about `steps` points, and what the chart shows is still there.
    let many: Vec<_> = (0..50_000)
        .map(|i| {
            cust(
                &format!("m{i}"),
                &format!("M{i}"),
                Some(1 + (i % 997) * (i % 13)),
                None,
                None,
            )
        })
        .collect();
    let result = abc(&many, 80, 95);
    let curve = result.curve(600);
    assert!(curve.len() <= 600 + 1 + 2 * 3 + 1, "{} points", curve.len());
    assert!(curve.len() >= 600, "{} points", curve.len());
    assert_eq!(
        curve.last(),
        Some(&(100.0, 100.0_f64.min(result.rows[49_999].cumulative)))
    );
    assert!(
        curve
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
        "rises left to right"
    );
    // The first and last customer of each class are points of the curve.
    for class in [AbcClass::A, AbcClass::B, AbcClass::C] {
        let first = result
            .rows
            .iter()
            .position(|r| r.class == class)
            .expect("class");
        let last = result
            .rows
            .iter()
            .rposition(|r| r.class == class)
            .expect("class");
        for i in [first, last] {
            let x = (i + 1) as f64 * 100.0 / 50_000.0;
            assert!(
                curve.contains(&(x, result.rows[i].cumulative)),
                "{class:?} row {i}"
            );
        }
    }
}

#[test]
fn portfolio_positions_and_quadrants() {
    let mut ws = sample();
    ws.customers = vec![
        cust("a", "Alpha AG", Some(1000), None, Some(500)),
        cust("b", "Beta AG", Some(500), None, Some(1000)),
        cust("c", "Gamma AG", Some(100), None, Some(0)),
        cust("d", "Delta AG", Some(200), None, Some(100)),
        cust("e", "Epsilon AG", None, None, None),
    ];
    rate(&mut ws.customers[0], "rel", 5);
    rate(&mut ws.customers[1], "rel", 2);
    rate(&mut ws.customers[2], "rel", 4);
    rate(&mut ws.customers[3], "rel", 1);
    let factor = |id: &str, axis, source: &str, weight| PortfolioFactor {
        id: id.into(),
        rank: 1.0,
        axis,
        name: id.into(),
        source: source.into(),
        weight,
    };
    ws.portfolio_factors = vec![
        factor("f-rev", Axis::Attractiveness, "revenue", 2),
        factor("f-pot", Axis::Attractiveness, "potential", 1),
        factor("rel", Axis::Position, "rated", 1),
    ];
    let p = portfolio(&ws);
    let at = |id: &str| {
        p.placements
            .iter()
            .find(|x| x.customer_id == id)
            .map(|x| {
                (
                    (x.attractiveness * 100.0).round() / 100.0,
                    x.position,
                    x.quadrant,
                )
            })
            .expect("placed")
    };
    // Alpha: (2·100 + 1·50)/3 = 83.33; relation 5 → 100.   Star.
    // Beta:  (2·50 + 1·100)/3 = 66.67; relation 2 → 25.    Development.
    // Gamma: (2·10 + 1·0)/3 = 6.67;    relation 4 → 75.    Profit.
    // Delta: (2·20 + 1·10)/3 = 16.67;  relation 1 → 0.     Take-along.
    assert_eq!(at("a"), (83.33, 100.0, Quadrant::Star));
    assert_eq!(at("b"), (66.67, 25.0, Quadrant::Development));
    assert_eq!(at("c"), (6.67, 75.0, Quadrant::Profit));
    assert_eq!(at("d"), (16.67, 0.0, Quadrant::TakeAlong));
    assert_eq!(p.incomplete, ["e"], "no figure and no rating");
    // The middle counts as high.
    assert_eq!(quadrant(50.0, 50.0), Quadrant::Star);
    assert_eq!(quadrant(49.9, 50.0), Quadrant::Profit);

    // Snapshots: Beta's relation improves to 4 (75) → moves to Star; Delta drops out.
    let first = snapshot(&ws, "s1".into(), "2027-03-31".into(), "Q1".into());
    assert_eq!(first.points.len(), 4);
    assert_eq!(
        first.points[0].attractiveness, 83.3,
        "rounded to one decimal"
    );
    ws.customers[1].ratings[0].value = 4;
    ws.customers[3].ratings.clear();
    ws.customers[3].revenue = None;
    ws.customers[3].potential = None;
    let second = snapshot(&ws, "s2".into(), "2027-06-30".into(), "Q2".into());
    let moves = compare(&first, &second);
    let summary: Vec<(&str, Option<Quadrant>, Option<Quadrant>)> = moves
        .iter()
        .map(|m| (m.name.as_str(), m.before.map(|b| b.2), m.after.map(|a| a.2)))
        .collect();
    assert_eq!(
        summary,
        [
            ("Beta AG", Some(Quadrant::Development), Some(Quadrant::Star)),
            ("Delta AG", Some(Quadrant::TakeAlong), None),
            ("Alpha AG", Some(Quadrant::Star), Some(Quadrant::Star)),
            ("Gamma AG", Some(Quadrant::Profit), Some(Quadrant::Profit)),
        ]
    );
}

fn ids(n: u32) -> NewIds {
    NewIds {
        decision: format!("d{n}"),
    }
}

#[test]
fn provisional_then_definitive_with_who_when_why() {
    let mut doc = workspace();
    let setup = sample();
    for c in setup.customers {
        insert(&mut doc, "Anna", ListRef::Customers, Item::Customer(c));
    }
    for c in setup.criteria {
        insert(&mut doc, "Anna", ListRef::Criteria, Item::Criterion(c));
    }
    let ws = doc.workspace().expect("ws");
    // Straight to definitive is not a step; a decision needs a reason.
    assert!(
        decide(
            &ws,
            "a",
            SelectionStatus::Definitive,
            "weil",
            "Anna",
            T0,
            ids(1)
        )
        .is_err()
    );
    assert!(
        decide(
            &ws,
            "a",
            SelectionStatus::Provisional,
            "  ",
            "Anna",
            T0,
            ids(1)
        )
        .is_err()
    );
    let step = decide(
        &ws,
        "a",
        SelectionStatus::Provisional,
        "Erfüllt alle Kriterien",
        "Anna",
        T0 + 1,
        ids(1),
    )
    .expect("provisional");
    apply(&mut doc, "Anna", step);
    let ws = doc.workspace().expect("ws");
    let step = decide(
        &ws,
        "a",
        SelectionStatus::Definitive,
        "Review mit GL am 3.3.",
        "Beat",
        T0 + 2,
        ids(2),
    )
    .expect("definitive");
    apply(&mut doc, "Beat", step);
    let ws = doc.workspace().expect("ws");
    let alpha = ws.customers.iter().find(|c| c.id == "a").expect("alpha");
    assert_eq!(alpha.selection, SelectionStatus::Definitive);
    let log = decision_log(&ws);
    assert_eq!(log.len(), 2);
    assert_eq!(
        (
            log[0].from,
            log[0].to,
            log[0].decided_by.as_str(),
            log[0].decided_at,
            log[0].reason.as_str()
        ),
        (
            SelectionStatus::Provisional,
            SelectionStatus::Definitive,
            "Beat",
            T0 + 2,
            "Review mit GL am 3.3."
        )
    );
    assert_eq!(
        log[0].criteria_met,
        ["rev", "margin", "strat"],
        "criteria met at that moment"
    );
    // Definitive made a key account that carries the plan.
    let accounts: Vec<&str> = ws
        .key_accounts
        .iter()
        .filter(|k| k.customer_id == "a")
        .map(|k| k.id.as_str())
        .collect();
    assert_eq!(accounts, ["ka-a"]);
    // Moved back with a reason: the key account (and any plan) stays, but it is no longer
    // among the definitive ones; forward again makes no second account.
    let back = decide(
        &ws,
        "a",
        SelectionStatus::Provisional,
        "Umsatz eingebrochen",
        "Anna",
        T0 + 3,
        ids(3),
    )
    .expect("back");
    apply(&mut doc, "Anna", back);
    let ws = doc.workspace().expect("ws");
    assert!(key_accounts_ranked(&ws).iter().all(|(_, c)| c.id != "a"));
    let again = decide(
        &ws,
        "a",
        SelectionStatus::Definitive,
        "Erholt",
        "Anna",
        T0 + 4,
        ids(4),
    )
    .expect("again");
    apply(&mut doc, "Anna", again);
    let ws = doc.workspace().expect("ws");
    assert_eq!(
        ws.key_accounts
            .iter()
            .filter(|k| k.customer_id == "a")
            .count(),
        1
    );
    assert_eq!(decision_log(&ws).len(), 4);
    assert_eq!(
        next_steps(SelectionStatus::None),
        [SelectionStatus::Provisional, SelectionStatus::Rejected]
    );
    assert_eq!(
        next_steps(SelectionStatus::Provisional),
        [
            SelectionStatus::Definitive,
            SelectionStatus::Rejected,
            SelectionStatus::None
        ]
    );
    assert_eq!(
        next_steps(SelectionStatus::Definitive),
        [SelectionStatus::Provisional]
    );
}

#[test]
fn top_ten_are_the_first_ten_definitive_accounts_in_rank_order() {
    let mut ws = sample();
    ws.customers.clear();
    ws.key_accounts.clear();
    for i in 0..13 {
        let mut c = cust(
            &format!("c{i}"),
            &format!("Kunde {i}"),
            Some(1000 - i),
            None,
            None,
        );
        c.selection = if i == 2 {
            SelectionStatus::Provisional
        } else {
            SelectionStatus::Definitive
        };
        ws.customers.push(c);
        // c12 ranked first by hand; the others in creation order.
        let rank = if i == 12 {
            0.5
        } else {
            f64::from(i as u32 + 1)
        };
        ws.key_accounts
            .push(KeyAccount::new(format!("k{i}"), format!("c{i}"), rank));
    }
    let top: Vec<&str> = top_ten(&ws).iter().map(|(k, _)| k.id.as_str()).collect();
    assert_eq!(
        top,
        ["k12", "k0", "k1", "k3", "k4", "k5", "k6", "k7", "k8", "k9"]
    );
}

/// Two managers rate criteria for different customers offline and change the threshold
/// concurrently: every rating is kept, the threshold conflict is visible.
#[test]
fn offline_ratings_kept_and_threshold_conflict_visible() {
    let mut a = workspace();
    insert(
        &mut a,
        "Anna",
        ListRef::Customers,
        Item::Customer(cust("c1", "Beta AG", Some(10), None, None)),
    );
    insert(
        &mut a,
        "Anna",
        ListRef::Criteria,
        Item::Criterion(criterion("strat", 1.0, CriterionRule::Rated { min: 4 }, 1)),
    );
    insert(
        &mut a,
        "Anna",
        ListRef::Criteria,
        Item::Criterion(criterion("ref", 2.0, CriterionRule::Rated { min: 3 }, 1)),
    );
    // A third criterion, so that "3 of 3" is a threshold one can set.
    insert(
        &mut a,
        "Anna",
        ListRef::Criteria,
        Item::Criterion(criterion("size", 3.0, CriterionRule::Rated { min: 3 }, 1)),
    );
    let mut b = a.fork();
    let rate_cmd = |customer: &str, criterion: &str, value: u8| Command::Insert {
        list: ListRef::Ratings {
            customer_id: customer.into(),
        },
        item: Item::Rating(Rating {
            id: criterion.into(),
            value,
        }),
    };
    // Anna rates Müller AG (c0), Beat rates Beta AG (c1); both change the threshold.
    apply(&mut a, "Anna", rate_cmd("c0", "strat", 5));
    apply(&mut a, "Anna", rate_cmd("c0", "ref", 4));
    apply(
        &mut a,
        "Anna",
        Command::SetWorkspace {
            field: WorkspaceField::CriteriaThreshold,
            value: Value::Uint(1),
        },
    );
    apply(&mut b, "Beat", rate_cmd("c1", "strat", 2));
    apply(&mut b, "Beat", rate_cmd("c1", "ref", 3));
    apply(
        &mut b,
        "Beat",
        Command::SetWorkspace {
            field: WorkspaceField::CriteriaThreshold,
            value: Value::Uint(3),
        },
    );
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    let of = |id: &str| {
        let c = ws.customers.iter().find(|c| c.id == id).expect("customer");
        (rating(c, "strat"), rating(c, "ref"))
    };
    assert_eq!(of("c0"), (Some(5), Some(4)));
    assert_eq!(of("c1"), (Some(2), Some(3)));
    let mut values = a.workspace_field_values("criteria_threshold");
    values.sort();
    assert_eq!(values, ["1", "3"], "both thresholds visible as a conflict");
    // Whichever threshold shows, the evaluation uses it consistently on both replicas.
    let shown = ws.criteria_threshold;
    let c1 = ws.customers.iter().find(|c| c.id == "c1").expect("c1");
    assert_eq!(evaluate_one(&ws, c1).qualifies, shown <= 1);
    assert_eq!(b.workspace().expect("b").criteria_threshold, shown);
}
