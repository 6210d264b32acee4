//! The controller's cockpit at 60 key accounts × 36 months of targets and actuals: one
//! changed figure, then the cockpit for a year and a quarter with its groups. Prints the
//! figures beside the goal (≤ 20 ms natively after one changed figure); run with
//! `cargo bench -p kam-domain --bench controlling`.

use std::time::{Duration, Instant};

use kam_domain::{
    author::AuthorName,
    command::{Command, Item, ListRef, Value},
    controlling::{Classes, Grouping, Period, cockpit},
    document::WorkspaceDoc,
    model::{Customer, KeyAccount, SelectionStatus, Target},
};

const ACCOUNTS: usize = 60;
const MONTHS: usize = 36;
const FIRST_YEAR: i32 = 2025;

fn period(month_index: usize) -> String {
    let year = FIRST_YEAR + (month_index / 12) as i32;
    format!("{year}-{:02}", month_index % 12 + 1)
}

/// A workspace document with `ACCOUNTS` definitive key accounts, each with `MONTHS`
/// months of revenue and margin targets and actuals, plus a yearly target.
fn programme(author: &AuthorName) -> WorkspaceDoc {
    let mut doc = WorkspaceDoc::create("bench", "Bench AG", author, 1).expect("create");
    let mut commands = Vec::new();
    for i in 0..ACCOUNTS {
        commands.push(Command::Insert {
            list: ListRef::Customers,
            item: Item::Customer(Customer {
                id: format!("c{i}"),
                number: format!("{}", 1000 + i),
                name: format!("Kunde {i} AG"),
                industry: "Maschinenbau".into(),
                region: ["Ost", "West", "Mitte"][i % 3].into(),
                revenue: Some(10_000_000 * (i as i64 + 1)),
                margin: Some(2_000_000 * (i as i64 + 1)),
                potential: None,
                ratings: vec![],
                attributes: vec![],
                selection: SelectionStatus::Definitive,
            }),
        });
        commands.push(Command::Insert {
            list: ListRef::KeyAccounts,
            item: Item::KeyAccount(KeyAccount::new(format!("k{i}"), format!("c{i}"), i as f64)),
        });
    }
    doc.apply(&Command::Batch(commands), author, 2)
        .expect("accounts");
    for i in 0..ACCOUNTS {
        let list = ListRef::Targets {
            key_account_id: format!("k{i}"),
        };
        let mut commands: Vec<Command> = (0..MONTHS)
            .map(|m| Command::Insert {
                list: list.clone(),
                item: Item::Target(Target {
                    id: period(m),
                    revenue_target: Some(1_000_000 + m as i64),
                    margin_target: Some(200_000),
                    revenue_actual: Some(950_000 + (i * m) as i64),
                    margin_actual: Some(190_000),
                }),
            })
            .collect();
        commands.push(Command::Insert {
            list: list.clone(),
            item: Item::Target(Target {
                id: "2026".into(),
                revenue_target: Some(12_500_000),
                margin_target: None,
                revenue_actual: None,
                margin_actual: None,
            }),
        });
        doc.apply(&Command::Batch(commands), author, 3)
            .expect("targets");
    }
    doc
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let author = AuthorName::parse("Bench").expect("name");
    let mut doc = programme(&author);
    let mut ws = doc.workspace().expect("hydrate");
    let classes = Classes::of(&ws);
    let runs = 40;
    let (mut edit, mut figures) = (Vec::new(), Vec::new());
    for n in 0..runs {
        // One changed figure, as the target form sends it…
        let start = Instant::now();
        let command = Command::set(
            ListRef::Targets {
                key_account_id: format!("k{}", n % ACCOUNTS),
            },
            period(n % MONTHS),
            "revenue_actual",
            Value::OptInt(Some(1_000_000 + n as i64)),
        );
        doc.apply_to(&command, &author, 10 + n as i64, &mut ws)
            .expect("edit");
        edit.push(start.elapsed());
        // …then what the cockpit shows: a year and a quarter, grouped by manager and ABC.
        let start = Instant::now();
        let year = cockpit(&ws, Period::Year(2026), &classes);
        let quarter = cockpit(&ws, Period::Quarter(2026, 2), &classes);
        let groups = year.groups(Grouping::Manager).len() + quarter.groups(Grouping::Abc).len();
        figures.push(start.elapsed());
        assert!(groups > 0 && year.revenue.actual.is_some());
    }
    edit.sort();
    figures.sort();
    let median = |v: &[Duration]| ms(v[v.len() / 2]);
    let total: Vec<Duration> = edit.iter().zip(&figures).map(|(a, b)| *a + *b).collect();
    println!("cockpit: {ACCOUNTS} key accounts × {MONTHS} months of targets and actuals");
    println!(
        "{:<44} median {:>9.3} ms   min {:>9.3} ms",
        "apply one changed figure (+ refresh)",
        median(&edit),
        ms(edit[0])
    );
    let cockpit_ms = median(&figures);
    println!(
        "{:<44} median {:>9.3} ms   min {:>9.3} ms   goal ≤ 20 ms: {}",
        "recompute cockpit (year + quarter, groups)",
        cockpit_ms,
        ms(figures[0]),
        if median(&total) <= 20.0 {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "{:<44} median {:>9.3} ms",
        "changed figure → cockpit, together",
        median(&total)
    );
}
