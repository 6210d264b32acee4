//! The "large" workspace every benchmark and load test builds the same way (DESIGN.md):
//! 300 customers, 60 key accounts, 1,500 actions, 200 stakeholders, 20,000 changes of
//! history from 3 authors. Deterministic: a seeded generator and fixed actor ids.

use autosurgeon::Text;

use crate::{
    author::AuthorName,
    command::{Command, CommandError, Item, ListRef, Value},
    document::WorkspaceDoc,
    model::*,
};

/// Sizes of a generated workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixtureSize {
    pub customers: usize,
    pub key_accounts: usize,
    pub actions: usize,
    pub stakeholders: usize,
    /// Total number of changes in the history (inserts included).
    pub changes: usize,
    pub authors: usize,
}

impl FixtureSize {
    /// The size DESIGN.md names for benchmarks and load tests.
    pub const LARGE: FixtureSize = FixtureSize {
        customers: 300,
        key_accounts: 60,
        actions: 1_500,
        stakeholders: 200,
        changes: 20_000,
        authors: 3,
    };

    /// The large fixture's plans and history with 20,000 customers (issue 15: a
    /// mid-sized company's whole customer list imported from its ERP).
    pub const CUSTOMERS_20K: FixtureSize = FixtureSize {
        customers: 20_000,
        ..FixtureSize::LARGE
    };
    /// The largest customer base the product promises to stay usable with.
    pub const CUSTOMERS_50K: FixtureSize = FixtureSize {
        customers: 50_000,
        ..FixtureSize::LARGE
    };
}

/// Above this many customers they are inserted as imports do, a thousand per change.
const IMPORT_ABOVE: usize = 1_000;

/// A small, fast, seeded generator (xorshift64*); no dependency, same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const AUTHORS: [&str; 3] = ["Anna Muster", "Beat Keller", "Carla Rossi"];
const FIRST: [&str; 8] = [
    "Müller", "Huber", "Keller", "Weber", "Schmid", "Meier", "Steiner", "Brunner",
];
const KIND: [&str; 6] = ["AG", "GmbH", "Holding AG", "& Co. KG", "SA", "Söhne AG"];
const INDUSTRY: [&str; 5] = [
    "Maschinenbau",
    "Medizintechnik",
    "Lebensmittel",
    "Bau",
    "Chemie",
];
const REGION: [&str; 4] = ["Ostschweiz", "Zürich", "Bayern", "Vorarlberg"];
/// The people who look after the key accounts: names of every length, as a real company
/// has them (the layout test checks that none is broken inside).
const PEOPLE: [(&str, &str); 12] = [
    ("Anna Muster", "Geschäftsführerin"),
    ("Beat Keller", "Verkaufsleiter"),
    ("Carla Rossi", "Key Account Managerin"),
    (
        "Dr. Annemarie Zimmermann-Schwarzenbach",
        "Leiterin Grosskunden",
    ),
    ("Jean-François Baumgartner", "Key Account Manager"),
    ("Lea Huber", "Innendienst"),
    ("Maximilian Oberholzer", "Key Account Manager"),
    ("Nicole Brunner", "Marketing"),
    ("Pascal Steiner", "Aussendienst"),
    ("Sabine Wüthrich-Lanz", "Key Account Managerin"),
    ("Thomas Egli", "Controlling"),
    ("Ursula Bachmann", "Assistenz Geschäftsleitung"),
];
const STATUSES: [Status; 4] = [
    Status::Open,
    Status::InProgress,
    Status::Done,
    Status::Cancelled,
];
const ROLES: [BuyingRole; 6] = [
    BuyingRole::Initiator,
    BuyingRole::User,
    BuyingRole::Influencer,
    BuyingRole::Buyer,
    BuyingRole::Decider,
    BuyingRole::Gatekeeper,
];

/// Builds a workspace of the given size from `seed`. Authors work on their own replicas
/// and merge every few hundred changes, as managers syncing now and then would.
pub fn generate(size: FixtureSize, seed: u64) -> Result<WorkspaceDoc, CommandError> {
    let mut rng = Rng::new(seed);
    let authors: Vec<AuthorName> = AUTHORS
        .iter()
        .take(size.authors.clamp(1, AUTHORS.len()))
        .filter_map(|a| AuthorName::parse(a).ok())
        .collect();
    let mut time = 1_800_000_000_000_i64;
    let first = WorkspaceDoc::create_with_actor(
        &[1; 16],
        // 32 hex digits: a relay can carry it (the browser's live-editing benchmark).
        "00000000000000000000000000f1c7a5",
        "Muster AG – KAM",
        &authors[0],
        time,
    )?;
    let mut replicas: Vec<WorkspaceDoc> = (0..authors.len())
        .map(|i| {
            let mut r = first.fork();
            r.set_actor(&[i as u8 + 1; 16]);
            r
        })
        .collect();

    // Inserts first (in order, so that later edits find their items), then edits.
    let mut plan: Vec<Command> = Vec::new();
    for i in 0..size.customers {
        let name = format!(
            "{} {} {i}",
            FIRST[i % FIRST.len()],
            KIND[(i / 8) % KIND.len()]
        );
        plan.push(Command::Insert {
            list: ListRef::Customers,
            item: Item::Customer(Customer {
                id: format!("c{i}"),
                number: format!("{:05}", 10_000 + i),
                name,
                industry: INDUSTRY[rng.below(INDUSTRY.len())].into(),
                region: REGION[rng.below(REGION.len())].into(),
                revenue: Some((rng.below(5_000_000) as i64 + 10_000) * 100),
                margin: Some((rng.below(1_000_000) as i64) * 100),
                potential: Some((rng.below(2_000_000) as i64) * 100),
                ratings: Vec::new(),
                attributes: Vec::new(),
                // The key accounts' customers (the first ones) are definitive.
                selection: if i < size.key_accounts {
                    SelectionStatus::Definitive
                } else {
                    SelectionStatus::None
                },
            }),
        });
    }
    if size.customers > IMPORT_ABOVE {
        plan = plan
            .chunks(IMPORT_ABOVE)
            .map(|chunk| Command::Batch(chunk.to_vec()))
            .collect();
    }
    let people = PEOPLE.len().min(size.key_accounts);
    for (i, (name, role)) in PEOPLE.iter().take(people).enumerate() {
        plan.push(Command::Insert {
            list: ListRef::People,
            item: Item::Person(Person {
                id: format!("p{i}"),
                name: (*name).into(),
                role: (*role).into(),
                capacity: 6,
                trainings: Vec::new(),
            }),
        });
    }
    for i in 0..size.key_accounts.min(size.customers) {
        plan.push(Command::Insert {
            list: ListRef::KeyAccounts,
            item: Item::KeyAccount(KeyAccount {
                managing_director_account: i < 8,
                profile: Text::with_value(format!("Kunde {i}: Ziele und Herausforderungen")),
                manager_id: (people > 0).then(|| format!("p{}", i % people)),
                ..KeyAccount::new(format!("ka{i}"), format!("c{i}"), 0.0)
            }),
        });
        // How it became one: the decision log's entry.
        plan.push(Command::Insert {
            list: ListRef::Decisions,
            item: Item::SelectionDecision(SelectionDecision {
                id: format!("d{i}"),
                customer_id: format!("c{i}"),
                from: SelectionStatus::Provisional,
                to: SelectionStatus::Definitive,
                decided_by: AUTHORS[0].into(),
                decided_at: time + i as i64,
                reason: format!(
                    "Review der Geschäftsleitung: Umsatz und Potenzial von Kunde {i} bestätigt"
                ),
                criteria_met: Vec::new(),
                criteria_then: Vec::new(),
            }),
        });
    }
    let kas = size.key_accounts.min(size.customers).max(1);
    for i in 0..size.actions {
        plan.push(Command::Insert {
            list: ListRef::Actions {
                key_account_id: format!("ka{}", i % kas),
            },
            item: Item::Action(Action {
                id: format!("a{i}"),
                title: format!("Massnahme {i}"),
                owner_id: None,
                due: Some(format!("2027-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
                status: Status::Open,
                goal_id: None,
            }),
        });
    }
    for i in 0..size.stakeholders {
        plan.push(Command::Insert {
            list: ListRef::Stakeholders {
                key_account_id: format!("ka{}", i % kas),
            },
            item: Item::Stakeholder(Stakeholder {
                id: format!("s{i}"),
                name: format!("Kontakt {i}"),
                function: "Einkauf".into(),
                role: ROLES[i % ROLES.len()],
                influence: 1 + (i % 3) as u8,
                attitude: (i % 5) as i8 - 2,
                contact_person_id: None,
                last_contact: None,
            }),
        });
    }
    // Inserts, all by the first author (the others must see them before editing them).
    for command in &plan {
        time += 1_000;
        replicas[0].apply(command, &authors[0], time)?;
    }
    sync_all(&mut replicas)?;
    // Edits round-robin until the history has the asked number of changes; writing a
    // value that is already there makes no change, so those do not count. Merge every
    // 500 changes, as managers syncing now and then would.
    let mut made = 1 + plan.len();
    let mut n = 0usize;
    while made < size.changes {
        n += 1;
        time += 1_000;
        let who = n % authors.len();
        let command = random_edit(&mut rng, size, kas);
        if replicas[who]
            .apply(&command, &authors[who], time)?
            .hash
            .is_some()
        {
            made += 1;
            if made.is_multiple_of(500) {
                sync_all(&mut replicas)?;
            }
        }
    }
    sync_all(&mut replicas)?;
    Ok(replicas.swap_remove(0))
}

/// One random edit of a field that users change often.
fn random_edit(rng: &mut Rng, size: FixtureSize, kas: usize) -> Command {
    match rng.below(4) {
        0 => Command::set(
            ListRef::Customers,
            format!("c{}", rng.below(size.customers.max(1))),
            "revenue",
            Value::OptInt(Some((rng.below(5_000_000) as i64 + 10_000) * 100)),
        ),
        1 => {
            let a = rng.below(size.actions.max(1));
            Command::set(
                ListRef::Actions {
                    key_account_id: format!("ka{}", a % kas),
                },
                format!("a{a}"),
                "status",
                Value::Status(STATUSES[rng.below(STATUSES.len())]),
            )
        }
        2 => {
            let s = rng.below(size.stakeholders.max(1));
            Command::set(
                ListRef::Stakeholders {
                    key_account_id: format!("ka{}", s % kas),
                },
                format!("s{s}"),
                "attitude",
                Value::Int(rng.below(5) as i64 - 2),
            )
        }
        _ => Command::set(
            ListRef::Customers,
            format!("c{}", rng.below(size.customers.max(1))),
            "region",
            Value::Str(REGION[rng.below(REGION.len())].into()),
        ),
    }
}

fn sync_all(replicas: &mut [WorkspaceDoc]) -> Result<(), CommandError> {
    let doc_err = |e: crate::document::DocumentError| CommandError::Document(e.to_string());
    for i in 1..replicas.len() {
        let (head, tail) = replicas.split_at_mut(i);
        head[0].merge(&mut tail[0]).map_err(doc_err)?;
    }
    for i in 1..replicas.len() {
        let (head, tail) = replicas.split_at_mut(i);
        tail[0].merge(&mut head[0]).map_err(doc_err)?;
    }
    Ok(())
}

/// The large fixture with the seed every benchmark uses.
pub fn large() -> Result<WorkspaceDoc, CommandError> {
    generate(FixtureSize::LARGE, 2027)
}

/// [`FixtureSize::CUSTOMERS_20K`] with the same seed.
pub fn customers_20k() -> Result<WorkspaceDoc, CommandError> {
    generate(FixtureSize::CUSTOMERS_20K, 2027)
}

/// [`FixtureSize::CUSTOMERS_50K`] with the same seed.
pub fn customers_50k() -> Result<WorkspaceDoc, CommandError> {
    generate(FixtureSize::CUSTOMERS_50K, 2027)
}

/// A customer list as an ERP exports it: UTF-8, `;`, German amounts, a quoted separator
/// in every name, an extra column. For the import's tests and benchmarks (50,000 rows).
pub fn customer_csv(rows: usize) -> String {
    let mut csv = String::from(
        "Kundennummer;Name;Branche;Region;Umsatz;Deckungsbeitrag;Potenzial;Betreuer\r\n",
    );
    for i in 0..rows {
        csv.push_str(&format!(
            "{};\"Kunde {i}; AG\";Branche {};Region {};{}.{:03},{:02};{},00;;Person {}\r\n",
            100_000 + i,
            i % 17,
            i % 9,
            1 + i % 900,
            i % 1000,
            i % 100,
            i % 5000,
            i % 40
        ));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_fixture_has_the_asked_sizes_and_is_deterministic() {
        let size = FixtureSize {
            customers: 20,
            key_accounts: 5,
            actions: 30,
            stakeholders: 10,
            changes: 300,
            authors: 3,
        };
        let a = generate(size, 7).expect("fixture");
        let ws = a.workspace().expect("hydrate");
        assert_eq!(ws.customers.len(), 20);
        assert_eq!(ws.key_accounts.len(), 5);
        assert_eq!(
            ws.key_accounts
                .iter()
                .map(|k| k.actions.len())
                .sum::<usize>(),
            30
        );
        assert_eq!(
            ws.key_accounts
                .iter()
                .map(|k| k.stakeholders.len())
                .sum::<usize>(),
            10
        );
        let history = a.history();
        assert_eq!(history.len(), 300, "exactly the asked number of changes");
        let authors: std::collections::BTreeSet<_> =
            history.iter().map(|h| h.author.clone()).collect();
        assert_eq!(authors.len(), 3);
        let b = generate(size, 7).expect("again");
        assert!(a.save() == b.save(), "same seed, same bytes");
    }
}
