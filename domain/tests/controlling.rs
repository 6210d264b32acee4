//! The controller's cockpit (DOMAIN.md step 9), against hand-computed figures: totals and
//! variances per period and group, months summing to quarters and years, periods with
//! missing targets or actuals, the key accounts' share of revenue, slipping work across
//! accounts, reviews due in a window, the forgiving actuals import, and the import merged
//! with a manager's concurrent edit.

mod common;

use common::*;
use kam_domain::{
    command::{Command, Item, ListRef, Value},
    controlling::*,
    date::Date,
    import::{ActualsMapping, Issue, actuals_commands, plan_actuals, read_table},
    model::*,
    plans::Light,
    selection::AbcClass,
    versions::{ConflictScope, FieldAt},
};

/// Francs in cents.
fn chf(x: i64) -> i64 {
    x * 100
}

fn day(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn entry(
    period: &str,
    rt: Option<i64>,
    ra: Option<i64>,
    mt: Option<i64>,
    ma: Option<i64>,
) -> Target {
    Target {
        id: period.into(),
        revenue_target: rt.map(chf),
        revenue_actual: ra.map(chf),
        margin_target: mt.map(chf),
        margin_actual: ma.map(chf),
    }
}

fn cust(id: &str, name: &str, region: &str, revenue: i64, selection: SelectionStatus) -> Customer {
    let Item::Customer(mut c) = customer(id, name) else {
        unreachable!()
    };
    c.region = region.into();
    c.revenue = Some(chf(revenue));
    c.selection = selection;
    c
}

fn action(id: &str, owner: Option<&str>, due: &str, status: Status) -> Action {
    Action {
        id: id.into(),
        title: format!("Massnahme {id}"),
        owner_id: owner.map(Into::into),
        due: Some(due.into()),
        status,
        goal_id: None,
    }
}

fn review(id: &str, date: &str) -> Review {
    Review {
        id: id.into(),
        date: date.into(),
        participants: String::new(),
        notes: Default::default(),
        decisions: Default::default(),
        heads: vec![],
    }
}

/// Three definitive key accounts and one customer that is not one:
/// - k1 Alpha AG (Ost, 600 revenue, Beat, trained): a 2027 target of 1,200; a Q1 target
///   of 300 with months Jan 100, Feb 110, Mar 90; a Q1 margin target of 60 with two of
///   three months (20, 20); last year's Q1 actual 250.
/// - k2 Beta GmbH (West, 300, Carla, untrained): Q1 target 200, actual 190; Q2 actual 50.
/// - k3 Gamma SA (Ost, 100, nobody): Q1 actual 80 without target; last year's Q1 100.
/// - Delta AG (1,000) is no key account.
fn sample() -> Workspace {
    let mut ws = Workspace::skeleton("ws-1", "Muster AG");
    ws.customers = vec![
        cust("c1", "Alpha AG", "Ost", 600, SelectionStatus::Definitive),
        cust("c2", "Beta GmbH", "West", 300, SelectionStatus::Definitive),
        cust("c3", "Gamma SA", "Ost", 100, SelectionStatus::Definitive),
        cust("c4", "Delta AG", "Ost", 1000, SelectionStatus::None),
    ];
    ws.people = vec![
        Person {
            id: "p1".into(),
            name: "Beat Keller".into(),
            role: String::new(),
            capacity: 5,
            trainings: vec![Training {
                id: "t1".into(),
                topic: "KAM".into(),
                date: None,
                provider: String::new(),
                status: Status::Done,
            }],
        },
        Person {
            id: "p2".into(),
            name: "Carla Rossi".into(),
            role: String::new(),
            capacity: 5,
            trainings: vec![],
        },
    ];
    let mut k1 = KeyAccount::new("k1", "c1", 1.0);
    k1.manager_id = Some("p1".into());
    k1.targets = vec![
        entry("2027", Some(1200), None, None, None),
        entry("2027-Q1", Some(300), None, Some(60), None),
        entry("2027-01", None, Some(100), None, Some(20)),
        entry("2027-02", None, Some(110), None, Some(20)),
        entry("2027-03", None, Some(90), None, None),
        entry("2026-Q1", None, Some(250), None, None),
    ];
    k1.actions = vec![
        action("a1", Some("p1"), "2027-04-01", Status::Open),
        action("a2", None, "2027-05-01", Status::Open),
        action("a3", Some("p1"), "2027-01-01", Status::Done),
    ];
    k1.reviews = vec![review("r1", "2027-01-10")];
    let mut k2 = KeyAccount::new("k2", "c2", 2.0);
    k2.manager_id = Some("p2".into());
    k2.targets = vec![
        entry("2027-Q1", Some(200), Some(190), None, None),
        entry("2027-Q2", None, Some(50), None, None),
    ];
    k2.actions = vec![
        action("a4", Some("p2"), "2027-04-10", Status::InProgress),
        action("a5", Some("p2"), "2027-06-01", Status::Open),
    ];
    k2.reviews = vec![review("r2", "2027-03-01")];
    let mut k3 = KeyAccount::new("k3", "c3", 3.0);
    k3.targets = vec![
        entry("2027-Q1", None, Some(80), None, None),
        entry("2026-Q1", None, Some(100), None, None),
    ];
    k3.reviews = vec![review("r3", "2027-04-01")];
    k3.review_every_days = 182;
    ws.key_accounts = vec![k1, k2, k3];
    ws
}

fn ids(c: &Cockpit, rows: &[usize]) -> Vec<String> {
    rows.iter()
        .map(|&i| c.rows[i].key_account_id.clone())
        .collect()
}

#[test]
fn a_quarter_per_account_with_totals() {
    let ws = sample();
    let c = cockpit(&ws, Period::Quarter(2027, 1), &Classes::of(&ws));
    let names: Vec<&str> = c.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Alpha AG", "Beta GmbH", "Gamma SA"]);

    // k1: the quarter's own target; its actual summed from three months.
    let k1 = &c.rows[0];
    assert_eq!(
        k1.revenue.target,
        Amount {
            cents: Some(chf(300)),
            months: 3
        }
    );
    assert_eq!(
        k1.revenue.actual,
        Amount {
            cents: Some(chf(300)),
            months: 3
        }
    );
    let v = k1.revenue.variance.expect("both");
    assert_eq!(
        (v.difference, v.percent_of_target, v.light),
        (0, 100.0, Light::Green)
    );
    // Margin from two of three months: partial, and red against 60.
    assert_eq!(
        k1.margin.actual,
        Amount {
            cents: Some(chf(40)),
            months: 2
        }
    );
    assert!(k1.margin.actual.partial(c.period));
    let m = k1.margin.variance.expect("both");
    assert_eq!((m.difference, m.light), (chf(-20), Light::Red));
    assert_eq!(k1.revenue_last_year.cents, Some(chf(250)));
    assert_eq!(k1.growth_percent, Some(20.0));

    // k2: 190 of 200 is amber; k3 has an actual and no target: no variance, no light.
    let v2 = c.rows[1].revenue.variance.expect("both");
    assert_eq!(
        (v2.difference, v2.percent_of_target, v2.light),
        (chf(-10), 95.0, Light::Amber)
    );
    assert_eq!(c.rows[2].revenue.target.cents, None);
    assert_eq!(c.rows[2].revenue.variance, None);
    assert_eq!(c.rows[2].growth_percent, Some(-20.0));

    // Totals: targets 300 + 200, actuals 300 + 190 + 80; the variance compares only the
    // two accounts with both (490 against 500).
    assert_eq!(c.revenue.target, Some(chf(500)));
    assert_eq!(c.revenue.actual, Some(chf(570)));
    assert_eq!(c.revenue.compared, 2);
    let t = c.revenue.variance.expect("total");
    assert_eq!(
        (t.difference, t.percent_of_target, t.light),
        (chf(-10), 98.0, Light::Amber)
    );
    // Growth over the accounts with both years: 380 against 350.
    assert_eq!(c.revenue_last_year, Some(chf(350)));
    let g = c.growth_percent.expect("growth");
    assert!((g - 8.571_428).abs() < 1e-3, "{g}");
    // The key accounts make 1,000 of all customers' 2,000.
    assert_eq!(
        c.share,
        Share {
            key_accounts: chf(1000),
            all: chf(2000),
            percent: Some(50.0)
        }
    );
    assert_eq!(c.margin.target, Some(chf(60)));
    assert_eq!(c.margin.compared, 1);
}

#[test]
fn months_sum_to_quarters_and_quarters_to_years() {
    let ws = sample();
    let classes = Classes::of(&ws);
    let jan = cockpit(&ws, Period::Month(2027, 1), &classes);
    assert_eq!(
        jan.rows[0].revenue.actual,
        Amount {
            cents: Some(chf(100)),
            months: 1
        }
    );
    assert_eq!(jan.rows[0].revenue.target.cents, None, "no month target");

    let year = cockpit(&ws, Period::Year(2027), &classes);
    // k1: the year's own target; the actual is Q1 (from months): 3 of 12 months.
    let k1 = &year.rows[0];
    assert_eq!(
        k1.revenue.target,
        Amount {
            cents: Some(chf(1200)),
            months: 12
        }
    );
    assert_eq!(
        k1.revenue.actual,
        Amount {
            cents: Some(chf(300)),
            months: 3
        }
    );
    assert!(k1.revenue.actual.partial(year.period));
    // k2: target from Q1 only (partial), actual Q1 + Q2.
    let k2 = &year.rows[1];
    assert_eq!(
        k2.revenue.target,
        Amount {
            cents: Some(chf(200)),
            months: 3
        }
    );
    assert_eq!(
        k2.revenue.actual,
        Amount {
            cents: Some(chf(240)),
            months: 6
        }
    );
    // Totals: 1,400 target, 620 actual; compared: k1 and k2, 540 of 1,400.
    assert_eq!(
        (year.revenue.target, year.revenue.actual),
        (Some(chf(1400)), Some(chf(620)))
    );
    let t = year.revenue.variance.expect("total");
    assert_eq!((t.difference, t.light), (chf(-860), Light::Red));
    // A period with no figures at all.
    let empty = cockpit(&ws, Period::Year(2030), &classes);
    assert_eq!(
        (
            empty.revenue.target,
            empty.revenue.actual,
            empty.revenue.variance
        ),
        (None, None, None)
    );
    assert_eq!(empty.rows.len(), 3);
}

#[test]
fn groups_and_sorting() {
    let ws = sample();
    let c = cockpit(&ws, Period::Quarter(2027, 1), &Classes::of(&ws));
    // By region: Ost holds k1 and k3 (target 300, actual 380, compared k1 only: on
    // target); West holds k2.
    let regions = c.groups(Grouping::Region);
    assert_eq!(
        regions
            .iter()
            .map(|g| (g.key.clone(), ids(&c, &g.rows)))
            .collect::<Vec<_>>(),
        [
            (
                GroupKey::Region("Ost".into()),
                vec!["k1".to_string(), "k3".into()]
            ),
            (GroupKey::Region("West".into()), vec!["k2".to_string()]),
        ]
    );
    assert_eq!(
        (regions[0].revenue.target, regions[0].revenue.actual),
        (Some(chf(300)), Some(chf(380)))
    );
    assert_eq!(
        regions[0].revenue.variance.map(|v| v.light),
        Some(Light::Green)
    );
    // By manager: nobody first, then by person.
    let managers = c.groups(Grouping::Manager);
    assert_eq!(
        managers.iter().map(|g| g.key.clone()).collect::<Vec<_>>(),
        [
            GroupKey::Manager(None),
            GroupKey::Manager(Some("p1".into())),
            GroupKey::Manager(Some("p2".into())),
        ]
    );
    // Managers by name, not by id: Zora after Carla.
    let mut renamed = sample();
    renamed.people[0].name = "Zora Amsler".into();
    let c2 = cockpit(&renamed, Period::Quarter(2027, 1), &Classes::of(&renamed));
    assert_eq!(
        c2.groups(Grouping::Manager)
            .iter()
            .map(|g| g.key.clone())
            .collect::<Vec<_>>(),
        [
            GroupKey::Manager(None),
            GroupKey::Manager(Some("p2".into())),
            GroupKey::Manager(Some("p1".into())),
        ]
    );
    let owners: Vec<Option<String>> = by_owner(&slipping_actions(&renamed, day("2027-04-15")))
        .into_iter()
        .map(|(o, _)| o)
        .collect();
    assert_eq!(owners, [None, Some("p2".into()), Some("p1".into())]);
    // ABC over all customers: Delta 1,000 and Alpha 600 are A (before 0 % and 50 %),
    // Beta B (before 80 %), Gamma C (before 95 %).
    let abc: Vec<(Option<AbcClass>, Vec<String>)> = c
        .groups(Grouping::Abc)
        .iter()
        .map(|g| match &g.key {
            GroupKey::Abc(o) => (o.map(|o| o.class()), ids(&c, &g.rows)),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        abc,
        [
            (Some(AbcClass::A), vec!["k1".to_string()]),
            (Some(AbcClass::B), vec!["k2".to_string()]),
            (Some(AbcClass::C), vec!["k3".to_string()]),
        ]
    );
    // No portfolio factors rated: every account is in "no quadrant".
    let q = c.groups(Grouping::Quadrant);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].key, GroupKey::Quadrant(None));
    // One group with everything: the totals.
    let all = c.groups(Grouping::None);
    assert_eq!((all.len(), all[0].revenue), (1, c.revenue));

    // Sorted by % of target: missing last in both directions.
    assert_eq!(
        ids(&c, &c.sorted(SortBy::RevenuePercent, true)),
        ["k1", "k2", "k3"]
    );
    assert_eq!(
        ids(&c, &c.sorted(SortBy::RevenuePercent, false)),
        ["k2", "k1", "k3"]
    );
    assert_eq!(
        ids(&c, &c.sorted(SortBy::RevenueActual, true)),
        ["k1", "k2", "k3"]
    );
    assert_eq!(
        ids(&c, &c.sorted(SortBy::Growth, false)),
        ["k3", "k1", "k2"]
    );
    assert_eq!(ids(&c, &c.sorted(SortBy::Name, true)), ["k3", "k2", "k1"]);
}

#[test]
fn work_that_slips_across_accounts() {
    let ws = sample();
    let today = day("2027-04-15");
    // a1 is 14 days overdue, a4 five; a2 has no owner; done a3 and a5 (due later) are fine.
    let lines = slipping_actions(&ws, today);
    let got: Vec<(&str, &str, i64)> = lines
        .iter()
        .map(|l| {
            (
                l.account_name.as_str(),
                l.action.id.as_str(),
                l.days_overdue,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Alpha AG", "a1", 14),
            ("Beta GmbH", "a4", 5),
            ("Alpha AG", "a2", 0)
        ]
    );
    let grouped = by_owner(&lines);
    let grouped: Vec<(Option<&str>, Vec<&str>)> = grouped
        .iter()
        .map(|(o, l)| {
            (
                o.as_deref(),
                l.iter().map(|x| x.action.id.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        grouped,
        [
            (None, vec!["a2"]),
            (Some("p1"), vec!["a1"]),
            (Some("p2"), vec!["a4"])
        ]
    );

    // Reviews in the coming three months (until 15 July): k1's was due on 11 April
    // (10 January + 91 days), k2's on 31 May; k3's (1 April + 182) is later.
    let due = reviews_due(&ws, today, 3);
    let got: Vec<(&str, Date, bool)> = due
        .iter()
        .map(|r| (r.key_account_id.as_str(), r.due, r.overdue(today)))
        .collect();
    assert_eq!(
        got,
        [
            ("k1", day("2027-04-11"), true),
            ("k2", day("2027-05-31"), false)
        ]
    );
    let months: Vec<(i32, u32)> = review_calendar(&due).into_iter().map(|(m, _)| m).collect();
    assert_eq!(months, [(2027, 4), (2027, 5)]);
    // A longer window takes k3 in.
    assert_eq!(reviews_due(&ws, today, 6).len(), 3);

    // Care: Carla has no training, Gamma nobody.
    let gaps: Vec<(&str, CareGap)> = care_gaps(&ws)
        .into_iter()
        .map(|(k, _, g)| (k.id.as_str(), g))
        .collect();
    assert_eq!(
        gaps,
        [
            (
                "k2",
                CareGap::Untrained {
                    person_id: "p2".into()
                }
            ),
            ("k3", CareGap::NoManager),
        ]
    );
    // Every sample plan lacks a profile: all three need work, least complete first.
    let plans = plans_needing_work(&ws, today);
    assert_eq!(plans.len(), 3);
    assert!(plans.windows(2).all(|w| w[0].percent <= w[1].percent));
    assert!(
        plans
            .iter()
            .all(|p| p.missing.contains(&kam_domain::plans::PlanPart::Profile))
    );
}

/// Rows for unknown customers and customers that are no key account are skipped with
/// their reason; the rest is applied in one change.
#[test]
fn the_actuals_import_skips_rows_it_cannot_place() {
    let mut doc = definitive_workspace();
    insert(
        &mut doc,
        "Anna",
        ListRef::Customers,
        customer("c1", "Nur Kunde AG"),
    );
    let ws = doc.workspace().expect("ws");
    let csv = "Kundennummer;Periode;Umsatz Ist\nK-c0;2027-Q1;100,00\nX-99;2027-Q1;5,00\nK-c1;2027-Q1;7,00\nK-c0;2027-Q2;200,00\n";
    let table = read_table(csv.as_bytes()).expect("table");
    let plan = plan_actuals(&table, &ActualsMapping::guess(&table), &ws);
    assert!(plan.ready());
    let skipped: Vec<(usize, Issue)> = plan
        .skipped
        .iter()
        .map(|p| (p.line, p.issue.clone()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                3,
                Issue::UnknownCustomer {
                    number: "X-99".into()
                }
            ),
            (
                4,
                Issue::NotAKeyAccount {
                    number: "K-c1".into()
                }
            ),
        ]
    );
    assert_eq!(plan.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5]);
    let before = doc.automerge().get_heads();
    apply(
        &mut doc,
        "Controller",
        actuals_commands(&plan.rows, &ws).expect("changes"),
    );
    assert_eq!(
        doc.automerge().get_changes(&before).len(),
        1,
        "one change for the import"
    );
    let ws = doc.workspace().expect("ws");
    let periods: Vec<(&str, Option<i64>)> = ws.key_accounts[0]
        .targets
        .iter()
        .map(|t| (t.id.as_str(), t.revenue_actual))
        .collect();
    assert_eq!(
        periods,
        [("2027-Q1", Some(10_000)), ("2027-Q2", Some(20_000))]
    );
}

/// The controller imports actuals offline while a manager edits the same account's
/// target for the same period: both kept; where both set the same figure, one value
/// wins everywhere and the conflict is visible.
#[test]
fn actuals_import_merges_with_a_managers_target_edit() {
    let mut doc = definitive_workspace();
    let targets = ListRef::Targets {
        key_account_id: "ka0".into(),
    };
    insert(
        &mut doc,
        "Anna",
        targets.clone(),
        Item::Target(entry("2027-Q1", Some(100), None, None, None)),
    );
    let ws = doc.workspace().expect("ws");
    let csv = "Kundennummer;Periode;Umsatz Ist;Umsatz Ziel\nK-c0;2027-Q1;90,00;110,00\n";
    let table = read_table(csv.as_bytes()).expect("table");
    let plan = plan_actuals(&table, &ActualsMapping::guess(&table), &ws);
    let import = actuals_commands(&plan.rows, &ws).expect("changes");
    let edit = Command::Update {
        list: targets.clone(),
        id: "2027-Q1".into(),
        changes: vec![
            ("revenue_target".into(), Value::OptInt(Some(12_000))),
            ("margin_target".into(), Value::OptInt(Some(3_000))),
        ],
    };
    let (mut a, mut b) = apart(doc, import, edit);
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    let q1 = ws.key_accounts[0]
        .targets
        .iter()
        .find(|t| t.id == "2027-Q1")
        .expect("Q1");
    assert_eq!(q1.revenue_actual, Some(9_000), "the controller's actual");
    assert_eq!(q1.margin_target, Some(3_000), "the manager's margin target");
    assert!([Some(11_000), Some(12_000)].contains(&q1.revenue_target));
    let conflicts = a.conflicted_fields("key_accounts", "ka0", ConflictScope::WithLists);
    let key = FieldAt::Item {
        list: targets,
        id: "2027-Q1".into(),
    };
    assert!(
        conflicts.contains(&key.key("revenue_target")),
        "{conflicts:?}"
    );
    assert!(!conflicts.contains(&key.key("revenue_actual")));
    assert!(!conflicts.contains(&key.key("margin_target")));
}

#[test]
fn the_cockpit_as_csv() {
    use kam_domain::amounts::NumberFormat;
    let ws = sample();
    let c = cockpit(&ws, Period::Quarter(2027, 1), &Classes::of(&ws));
    let person = |id: Option<&str>| id.unwrap_or("–").to_string();
    let light = |l: Option<Light>| l.map_or(String::new(), |l| format!("{l:?}"));
    let quadrant =
        |q: Option<kam_domain::selection::Quadrant>| q.map_or(String::new(), |q| format!("{q:?}"));
    let abc = |a: Option<AbcClass>| a.map_or(String::new(), |a| format!("{a:?}"));
    let group_name = |k: &GroupKey| match k {
        GroupKey::Region(r) => r.clone(),
        other => format!("{other:?}"),
    };
    let words = CsvWords {
        header: [
            "#",
            "Key Account",
            "Verantwortlich",
            "Region",
            "Portfolio",
            "ABC",
            "Umsatz Ziel",
            "Umsatz Ist",
            "Abweichung",
            "% vom Ziel",
            "Ampel",
            "DB Ziel",
            "DB Ist",
            "DB Abweichung",
            "DB % vom Ziel",
            "Umsatz Vorjahr",
            "Wachstum %",
        ],
        group: "Gruppe",
        total: "Total",
        person: &person,
        light: &light,
        quadrant: &quadrant,
        abc: &abc,
        group_name: &group_name,
    };
    let order = c.sorted(SortBy::Place, false);
    let csv = cockpit_csv(&c, Grouping::None, &order, &words, NumberFormat::Swiss);
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[1],
        "1;Alpha AG;p1;Ost;;A;300.00;300.00;0.00;100.0;Green;60.00;40.00;-20.00;66.7;250.00;20.0"
    );
    assert_eq!(lines[3], "3;Gamma SA;–;Ost;;C;;80.00;;;;;;;;100.00;-20.0");
    assert_eq!(
        lines[4],
        ";Total;;;;;500.00;570.00;-10.00;98.0;Amber;60.00;40.00;-20.00;66.7;350.00;8.6"
    );
    // Grouped by region: a group column, a subtotal per group.
    let csv = cockpit_csv(&c, Grouping::Region, &order, &words, NumberFormat::German);
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    let firsts: Vec<String> = lines
        .iter()
        .map(|l| l.split(';').take(3).collect::<Vec<_>>().join(";"))
        .collect();
    assert_eq!(
        firsts,
        [
            "Gruppe;#;Key Account",
            "Ost;1;Alpha AG",
            "Ost;3;Gamma SA",
            "Ost;;Total Ost",
            "West;2;Beta GmbH",
            "West;;Total West",
            ";;Total",
        ]
    );
    assert!(
        lines[3].contains(";300,00;380,00;0,00;100,0;"),
        "{}",
        lines[3]
    );
}

#[test]
fn the_programme_over_time() {
    let ws = sample();
    let trend = programme_trend(&ws, Period::Quarter(2027, 2), 4);
    let got: Vec<(Period, Option<i64>, Option<i64>)> = trend
        .iter()
        .map(|t| (t.period, t.target, t.actual))
        .collect();
    assert_eq!(
        got,
        [
            (Period::Quarter(2026, 3), None, None),
            (Period::Quarter(2026, 4), None, None),
            (Period::Quarter(2027, 1), Some(chf(500)), Some(chf(570))),
            (Period::Quarter(2027, 2), None, Some(chf(50))),
        ]
    );
    assert!(
        trend[2]
            .growth_percent
            .is_some_and(|g| (g - 8.571_428).abs() < 1e-3)
    );
}

/// A rollout step as the test compares it: title, rank, owner, due date, status.
type StepSummary<'a> = (&'a str, f64, Option<&'a str>, Option<&'a str>, Status);

/// A programme review and its optimisation measures are one change; each measure is an
/// open step at the end of the rollout plan, with owner and due date; a blank one is none.
#[test]
fn a_programme_review_creates_its_measures() {
    let mut doc = workspace();
    insert(
        &mut doc,
        "Anna",
        ListRef::PlanSteps,
        Item::PlanStep(PlanStep {
            id: "s1".into(),
            rank: 4.0,
            title: "Kick-off".into(),
            owner_id: None,
            due: None,
            status: Status::Done,
            is_milestone: true,
            after: None,
        }),
    );
    let ws = doc.workspace().expect("ws");
    let mut n = 0;
    let draft = ProgrammeReviewDraft {
        date: "2027-06-30".into(),
        participants: "Anna, Controller".into(),
        findings: "Zu wenige Pläne aktuell.".into(),
        measures: vec![
            (
                "Planklinik durchführen".into(),
                "p0".into(),
                "2027-08-31".into(),
            ),
            ("  ".into(), String::new(), String::new()),
            ("Ziele 2028 festlegen".into(), String::new(), String::new()),
        ],
    };
    let command = record_programme_review(&ws, draft, || {
        n += 1;
        format!("id{n}")
    });
    let before = doc.automerge().get_heads();
    apply(&mut doc, "Controller", command);
    assert_eq!(doc.automerge().get_changes(&before).len(), 1);
    let ws = doc.workspace().expect("ws");
    let reviews = programme_reviews(&ws);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].findings.as_str(), "Zu wenige Pläne aktuell.");
    assert_eq!(reviews[0].measure_ids, ["id2", "id3"]);
    let steps: Vec<StepSummary> = ws
        .programme
        .milestones
        .iter()
        .map(|s| {
            (
                s.title.as_str(),
                s.rank,
                s.owner_id.as_deref(),
                s.due.as_deref(),
                s.status,
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("Kick-off", 4.0, None, None, Status::Done),
            (
                "Planklinik durchführen",
                5.0,
                Some("p0"),
                Some("2027-08-31"),
                Status::Open
            ),
            ("Ziele 2028 festlegen", 6.0, None, None, Status::Open),
        ]
    );
}

fn cell(
    offering: &str,
    coverage: Coverage,
    potential: Option<i64>,
    competitor: &str,
) -> WhitespaceCell {
    WhitespaceCell {
        id: offering.into(),
        coverage,
        potential: potential.map(chf),
        competitor: competitor.into(),
    }
}

/// Three offerings × the three definitive key accounts of `sample`:
/// - Alpha: service sells; spare parts potential 50; training potential 20.
/// - Beta: service potential 30; spare parts held by a competitor; an amount left on
///   training, which it now buys (sells): not counted.
/// - Gamma: nothing assessed.
///
/// Per offering: service 1 sells, 1 potential (30); spare parts 1 potential (50), 1
/// competitor; training 1 sells, 1 potential (20). Per account: Alpha 70, Beta 30,
/// Gamma 0; all 100. Delta (not a key account) and a cell of a removed offering count
/// nowhere.
#[test]
fn whitespace_totals_per_offering_and_account() {
    let mut ws = sample();
    ws.offerings = vec![
        Offering {
            id: "o1".into(),
            name: "Service".into(),
        },
        Offering {
            id: "o2".into(),
            name: "Ersatzteile".into(),
        },
        Offering {
            id: "o3".into(),
            name: "Schulung".into(),
        },
    ];
    ws.key_accounts[0].whitespace = vec![
        cell("o1", Coverage::Sells, None, ""),
        cell("o2", Coverage::Potential, Some(50), ""),
        cell("o3", Coverage::Potential, Some(20), ""),
        cell("gone", Coverage::Potential, Some(999), ""),
    ];
    ws.key_accounts[1].whitespace = vec![
        cell("o1", Coverage::Potential, Some(30), ""),
        cell("o2", Coverage::Competitor, None, "Konkurrenz AG"),
        cell("o3", Coverage::Sells, Some(40), ""),
    ];
    let mut delta = KeyAccount::new("k4", "c4", 4.0);
    delta.whitespace = vec![cell("o1", Coverage::Potential, Some(500), "")];
    ws.key_accounts.push(delta);

    let grid = whitespace(&ws);
    let columns: Vec<(&str, usize, usize, i64, usize)> = grid
        .columns
        .iter()
        .map(|c| {
            (
                c.offering.name.as_str(),
                c.sells,
                c.potential_at,
                c.potential,
                c.competitor,
            )
        })
        .collect();
    assert_eq!(
        columns,
        vec![
            ("Service", 1, 1, chf(30), 0),
            ("Ersatzteile", 0, 1, chf(50), 1),
            ("Schulung", 1, 1, chf(20), 0),
        ]
    );
    let rows: Vec<(&str, i64, usize)> = grid
        .rows
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.potential,
                r.cells.iter().flatten().count(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Alpha AG", chf(70), 3),
            ("Beta GmbH", chf(30), 3),
            ("Gamma SA", 0, 0)
        ]
    );
    assert_eq!(grid.potential, chf(100));
    assert_eq!(
        grid.rows[1].cells[1]
            .as_ref()
            .map(|c| c.competitor.as_str()),
        Some("Konkurrenz AG")
    );
}

/// The common workspace with its customer a definitive key account (`ka0`) and one
/// offering, "Service" (`o1`).
fn with_one_offering() -> kam_domain::document::WorkspaceDoc {
    let mut doc = definitive_workspace();
    insert(
        &mut doc,
        "Anna",
        ListRef::Offerings,
        Item::Offering(Offering {
            id: "o1".into(),
            name: "Service".into(),
        }),
    );
    doc
}

/// The first answer for an offering creates the account's cell; two managers answering
/// the same offering at once (offline) end with one cell per offering everywhere,
/// their separate fields both kept and counted once.
#[test]
fn whitespace_cells_answered_on_two_devices_merge() {
    let mut doc = with_one_offering();
    let ws = doc.workspace().expect("ws");
    let first = whitespace_edit(&ws, "ka0", "o1", "coverage", Value::Str("Potential".into()))
        .expect("a command");
    assert!(
        matches!(first, Command::Insert { .. }),
        "the first answer inserts the cell"
    );
    apply(&mut doc, "Anna", first);
    let ws = doc.workspace().expect("ws");
    let then = whitespace_edit(&ws, "ka0", "o1", "potential", Value::OptInt(Some(chf(40))))
        .expect("a command");
    assert!(matches!(then, Command::Update { .. }), "then it updates it");
    // A value that is no coverage is refused, not half-written.
    let bad = Command::Update {
        list: ListRef::Whitespace {
            key_account_id: "ka0".into(),
        },
        id: "o1".into(),
        changes: vec![("coverage".into(), Value::Str("Vielleicht".into()))],
    };
    assert!(doc.apply(&bad, &author("Anna"), 0).is_err());

    let anna = then;
    let beat = Command::Update {
        list: ListRef::Whitespace {
            key_account_id: "ka0".into(),
        },
        id: "o1".into(),
        changes: vec![("competitor".into(), Value::Str("Konkurrenz AG".into()))],
    };
    let (mut a, mut b) = apart(doc, anna, beat);
    merge_both(&mut a, &mut b);
    for d in [&a, &b] {
        let ws = d.workspace().expect("ws");
        let grid = whitespace(&ws);
        assert_eq!(ws.key_accounts[0].whitespace.len(), 1);
        let c = grid.rows[0].cells[0].as_ref().expect("cell");
        assert_eq!(
            (c.coverage, c.potential, c.competitor.as_str()),
            (Coverage::Potential, Some(chf(40)), "Konkurrenz AG")
        );
        assert_eq!(grid.potential, chf(40));
    }
}

/// The very first answers for one offering given on two tablets at once both create the
/// cell: the grid reads the two copies as one, keeping what each said.
#[test]
fn first_answers_on_two_devices_read_as_one_cell() {
    let doc = with_one_offering();
    let ws = doc.workspace().expect("ws");
    let anna = whitespace_edit(&ws, "ka0", "o1", "coverage", Value::Str("Potential".into()))
        .expect("command");
    let beat = whitespace_edit(
        &ws,
        "ka0",
        "o1",
        "competitor",
        Value::Str("Konkurrenz AG".into()),
    )
    .expect("command");
    let (mut a, mut b) = apart(doc, anna, beat);
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    assert_eq!(
        ws.key_accounts[0].whitespace.len(),
        2,
        "two copies in the document"
    );
    let grid = whitespace(&ws);
    let c = grid.rows[0].cells[0].as_ref().expect("cell");
    assert_eq!(
        (c.coverage, c.competitor.as_str()),
        (Coverage::Potential, "Konkurrenz AG")
    );
    assert_eq!(grid.columns[0].potential_at, 1, "counted once");
}
