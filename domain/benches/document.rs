//! Benchmarks of the workspace document on the large fixture (DESIGN.md). Prints the
//! figures and the goals from the issue; run with `cargo bench -p kam-domain`.
//! A plain harness (median of repeated runs) keeps it quick on a 2-core machine.

use std::time::{Duration, Instant};

use kam_domain::{
    author::AuthorName,
    command::{Command, ListRef, Value},
    document::WorkspaceDoc,
    fixture,
};

fn measure<T>(
    runs: usize,
    mut setup: impl FnMut() -> T,
    mut op: impl FnMut(T),
) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let input = setup();
            let start = Instant::now();
            op(input);
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[0])
}

fn report(name: &str, (median, min): (Duration, Duration), goal_ms: Option<f64>) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let verdict = match goal_ms {
        Some(goal) if ms(median) <= goal => format!("goal ≤ {goal} ms: met"),
        Some(goal) => format!("goal ≤ {goal} ms: MISSED"),
        None => String::new(),
    };
    println!(
        "{name:<44} median {:>9.3} ms   min {:>9.3} ms   {verdict}",
        ms(median),
        ms(min)
    );
}

fn revenue(n: usize) -> Command {
    Command::set(
        ListRef::Customers,
        format!("c{}", n % 300),
        "revenue",
        Value::OptInt(Some(100_000 + n as i64)),
    )
}

fn main() {
    let author = AuthorName::parse("Bench").expect("name");
    println!(
        "native code at opt-level 3 (as the relay is built; [profile.bench]); the app's wasm is \
         size-optimised (z, Automerge s), its figures are the browser speed benchmark's"
    );
    let large = sized("large fixture", fixture::large);
    figures(&large, &author, Some(50.0));
    history_bench(&large);
    let big = sized("20,000 customers", fixture::customers_20k);
    figures(&big, &author, None);
    merge_bench(&large, &author);
    import_bench(&author);
}

/// Makes a fixture and says what is in it.
fn sized(
    name: &str,
    make: fn() -> Result<WorkspaceDoc, kam_domain::command::CommandError>,
) -> WorkspaceDoc {
    let start = Instant::now();
    let doc = make().expect("fixture");
    let generated = start.elapsed();
    let ws = doc.workspace().expect("hydrate");
    println!(
        "\n{name}: {} customers, {} key accounts, {} actions, {} stakeholders, {} changes; saved {} bytes; generated in {:.1} s",
        ws.customers.len(),
        ws.key_accounts.len(),
        ws.key_accounts
            .iter()
            .map(|k| k.actions.len())
            .sum::<usize>(),
        ws.key_accounts
            .iter()
            .map(|k| k.stakeholders.len())
            .sum::<usize>(),
        doc.history().len(),
        doc.save().len(),
        generated.as_secs_f64()
    );
    doc
}

/// Load, hydrate and apply at one size: what a start and every edit cost.
fn figures(generated: &WorkspaceDoc, author: &AuthorName, load_goal_ms: Option<f64>) {
    let bytes = generated.save();
    // As the app has it: loaded from storage, after its first edit (which reads the
    // ids of the lists it touches once; measured on its own below).
    let loaded = WorkspaceDoc::load(&bytes).expect("load");
    let mut doc = loaded.clone();
    let mut ws = doc.workspace().expect("hydrate");
    doc.apply_to(&revenue(1), author, 1, &mut ws)
        .expect("first edit");
    let doc = &doc;
    let ws = ws;
    report(
        "load (bytes → checked workspace doc)",
        measure(
            10,
            || (),
            |_| {
                WorkspaceDoc::load(&bytes).expect("load");
            },
        ),
        load_goal_ms,
    );
    report(
        "save (full, compressed)",
        measure(
            10,
            || (),
            |_| {
                doc.save();
            },
        ),
        None,
    );
    report(
        "save_incremental (after one command)",
        measure(
            20,
            || {
                let mut d = doc.clone();
                let heads = d.heads();
                d.apply(&revenue(7), author, 1).expect("apply");
                (d, heads)
            },
            |(d, heads)| {
                d.save_after(&heads);
            },
        ),
        None,
    );
    report(
        "apply one command",
        measure(
            20,
            || doc.clone(),
            |mut d| {
                d.apply(&revenue(11), author, 1).expect("apply");
            },
        ),
        None,
    );
    report(
        "hydrate (whole workspace)",
        measure(
            20,
            || (),
            |_| {
                doc.workspace().expect("hydrate");
            },
        ),
        None,
    );
    // The cached model a start shows before the document has loaded (issue 15).
    let keys = vec!["ws/snapshot/0".to_string()];
    let cached = kam_domain::model_cache::ModelCache::encode(&keys, &ws);
    report(
        &format!("cached model: read ({} KB)", cached.len() / 1000),
        measure(
            10,
            || (),
            |_| {
                kam_domain::model_cache::ModelCache::decode(&cached).expect("cache");
            },
        ),
        None,
    );
    report(
        "cached model: write",
        measure(
            10,
            || (),
            |_| {
                kam_domain::model_cache::ModelCache::encode(&keys, &ws);
            },
        ),
        None,
    );
    // What the app does per command: apply, then bring its store up to date; one edit
    // after the other on the same document, as a person edits.
    let series = |name: &str, make: &dyn Fn(usize) -> Command| {
        let (mut d, mut shown) = (doc.clone(), ws.clone());
        // The first change after a copy rebuilds automerge's caches; not what an edit costs.
        d.apply_to(&revenue(3), author, 1, &mut shown)
            .expect("warm");
        let mut n = 0;
        report(
            name,
            measure(
                20,
                || {
                    n += 1;
                    make(n)
                },
                |command| {
                    d.apply_to(&command, author, 1, &mut shown).expect("apply");
                },
            ),
            Some(5.0),
        );
    };
    series("apply one command + hydrate (incremental)", &|n| {
        revenue(13 + n)
    });
    series("insert an action + hydrate (incremental)", &|n| {
        Command::Insert {
            list: ListRef::Actions {
                key_account_id: "ka3".into(),
            },
            item: kam_domain::command::Item::Action(kam_domain::model::Action {
                id: format!("new-action-{n}"),
                title: "Neue Massnahme".into(),
                owner_id: None,
                due: None,
                status: kam_domain::model::Status::Open,
                goal_id: None,
            }),
        }
    });
    series("insert a customer + hydrate (incremental)", &|n| {
        Command::Insert {
            list: ListRef::Customers,
            item: kam_domain::command::Item::Customer(kam_domain::model::Customer {
                id: format!("new-customer-{n}"),
                number: format!("N-{n}"),
                name: "Neukunde AG".into(),
                industry: "Bau".into(),
                region: "Zürich".into(),
                revenue: Some(1_000_000),
                margin: None,
                potential: None,
                ratings: Vec::new(),
                attributes: Vec::new(),
                selection: kam_domain::model::SelectionStatus::None,
            }),
        }
    });
    series("rename the workspace + hydrate (incremental)", &|n| {
        Command::SetWorkspace {
            field: kam_domain::command::WorkspaceField::Name,
            value: Value::Str(format!("Muster AG {n}")),
        }
    });
    let shown = loaded.workspace().expect("hydrate");
    report(
        "first edit after loading (reads the ids)",
        measure(
            10,
            || (loaded.clone(), shown.clone()),
            |(mut d, mut shown)| {
                d.apply_to(&revenue(19), author, 2, &mut shown)
                    .expect("apply");
            },
        ),
        None,
    );
}

/// Two replicas that each made 1,000 commands, merged.
fn merge_bench(doc: &WorkspaceDoc, author: &AuthorName) {
    let mut a = doc.fork();
    let mut b = doc.fork();
    for n in 0..1_000 {
        a.apply(&revenue(n), author, 1).expect("a");
        b.apply(
            &Command::set(
                ListRef::Actions {
                    key_account_id: format!("ka{}", n % 60),
                },
                format!("a{}", n % 60),
                "title",
                Value::Str(format!("Massnahme neu {n}")),
            ),
            author,
            1,
        )
        .expect("b");
    }
    report(
        "merge two replicas, 1,000 commands each",
        measure(
            7,
            || (a.clone(), b.clone()),
            |(mut a, mut b)| {
                a.merge(&mut b).expect("merge");
            },
        ),
        Some(50.0),
    );
    let shown_a = a.workspace().expect("hydrate a");
    report(
        "  … + hydrate the merge (incremental)",
        measure(
            7,
            || (a.clone(), b.clone(), shown_a.clone()),
            |(mut a, mut b, mut shown)| {
                a.merge_into(&mut b, &mut shown).expect("merge");
            },
        ),
        None,
    );
}

/// The customer import (issue #5): 50,000 rows parsed and checked (goal ≤ 2 s in the
/// browser; the wasm figure comes from the app's wasm test), then written as one change.
fn import_bench(author: &AuthorName) {
    use kam_domain::import::{Mapping, commands, plan, read_table};
    let csv = fixture::customer_csv(50_000);
    println!("customer import: {} rows, {} bytes", 50_000, csv.len());
    report(
        "import: read + map + check 50,000 rows",
        measure(
            3,
            || (),
            |()| {
                let table = read_table(csv.as_bytes()).expect("table");
                let mapping = Mapping::guess(&table);
                let plan = plan(&table, &mapping, &[]);
                assert!(plan.problems.is_empty());
            },
        ),
        Some(2000.0),
    );
    let table = read_table(csv.as_bytes()).expect("table");
    let plan = plan(&table, &Mapping::guess(&table), &[]);
    let mut n = 0;
    let command = commands(&plan, &[], || {
        n += 1;
        format!("imp{n}")
    })
    .expect("command");
    let fresh = || WorkspaceDoc::create("bench-import", "Import", author, 0).expect("create");
    report(
        "import: write 50,000 customers (one change)",
        measure(
            1,
            || (fresh(), command.clone()),
            |(mut doc, command)| {
                doc.apply(&command, author, 1).expect("import");
            },
        ),
        None,
    );
    let mut doc = fresh();
    let mut ws = doc.workspace().expect("ws");
    let start = Instant::now();
    doc.apply_to(&command, author, 1, &mut ws).expect("import");
    println!(
        "import: write + store refresh                 {:>9.3} ms; document {} bytes saved",
        start.elapsed().as_secs_f64() * 1000.0,
        doc.save().len()
    );
}

/// The history screen: its entries for the whole large fixture (20,000 changes), and
/// the workspace as of a change from the middle (time travel).
fn history_bench(doc: &WorkspaceDoc) {
    use kam_domain::history;
    let changes = doc.history().len();
    report(
        &format!("history entries ({changes} changes)"),
        measure(
            5,
            || (),
            |_| {
                let entries = history::entries(doc.history());
                std::hint::black_box(entries.len());
            },
        ),
        Some(300.0),
    );
    let entries = history::entries(doc.history());
    let middle = entries[entries.len() / 2].last_hash().expect("a change");
    report(
        "time travel: workspace as of the middle change",
        measure(
            5,
            || (),
            |_| {
                let past = doc.workspace_at(&middle).expect("past workspace");
                std::hint::black_box(past.customers.len());
            },
        ),
        Some(500.0),
    );
    let now = doc.heads();
    report(
        "compare: the middle change with now",
        measure(
            5,
            || (),
            |_| {
                std::hint::black_box(doc.differences(&[middle], &now).expect("diff").len());
            },
        ),
        None,
    );
}
