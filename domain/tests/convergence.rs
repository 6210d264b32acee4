//! Property test: three replicas apply random command sequences offline, then merge in
//! random orders. All end identical, and every command's effect that was not overwritten
//! by a concurrent edit (or removed) is present.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use kam_domain::{
    command::{Command, ListRef, Value, WorkspaceField},
    document::WorkspaceDoc,
    model::{Status, Workspace},
};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    AddCustomer(u8),
    SetName(u8, u8),
    SetRevenue(u8, u32),
    RemoveCustomer(u8),
    AddAction(u8),
    SetActionStatus(u8, u8),
    SetThreshold(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..4).prop_map(Op::AddCustomer),
        (0u8..8, 0u8..5).prop_map(|(t, v)| Op::SetName(t, v)),
        (0u8..8, 0u32..1_000_000).prop_map(|(t, v)| Op::SetRevenue(t, v)),
        (0u8..8).prop_map(Op::RemoveCustomer),
        (0u8..3).prop_map(Op::AddAction),
        (0u8..6, 0u8..4).prop_map(|(t, s)| Op::SetActionStatus(t, s)),
        (1u8..5).prop_map(Op::SetThreshold),
    ]
}

const BASE_CUSTOMERS: [&str; 3] = ["b0", "b1", "b2"];

/// Targets: the base customers, and the replica's own new ones.
fn customer_id(replica: usize, t: u8) -> String {
    if (t as usize) < BASE_CUSTOMERS.len() {
        BASE_CUSTOMERS[t as usize].to_string()
    } else {
        format!("r{replica}-c{}", t as usize - BASE_CUSTOMERS.len())
    }
}

fn action_id(replica: usize, t: u8) -> String {
    if t < 2 {
        format!("ba{t}")
    } else {
        format!("r{replica}-a{}", t - 2)
    }
}

fn actions() -> ListRef {
    ListRef::Actions {
        key_account_id: "ka0".into(),
    }
}

const STATUSES: [Status; 4] = [
    Status::Open,
    Status::InProgress,
    Status::Done,
    Status::Cancelled,
];

/// How a successful command changes the expectations.
type Effect = Box<dyn Fn(&mut Log)>;

/// What one replica did successfully, for the expectations.
#[derive(Default)]
struct Log {
    /// Whether each item this replica inserted exists after its last own add/remove.
    added: BTreeMap<String, bool>,
    /// Base items this replica removed.
    removed: BTreeSet<String>,
    /// Last value each replica wrote per (id, field).
    last: BTreeMap<(String, &'static str), String>,
    threshold: Option<u64>,
}

fn run(replica: usize, doc: &mut WorkspaceDoc, ops: &[Op], log: &mut Log) {
    run_showing(replica, doc, ops, log, None)
}

/// Like [`run`]; with `shown`, commands go through `apply_to`, which also updates the
/// store's copy of the workspace the way the app does.
fn run_showing(
    replica: usize,
    doc: &mut WorkspaceDoc,
    ops: &[Op],
    log: &mut Log,
    mut shown: Option<&mut Workspace>,
) {
    let who = author(&format!("Replica {replica}"));
    for (n, op) in ops.iter().enumerate() {
        let time = T0 + n as i64 * 1000;
        let (command, effect): (Command, Effect) = match op {
            Op::AddCustomer(t) => {
                let id = format!("r{replica}-c{t}");
                let c = id.clone();
                (
                    Command::Insert {
                        list: ListRef::Customers,
                        item: customer(&id, &format!("Neu {id}")),
                    },
                    Box::new(move |l: &mut Log| {
                        l.added.insert(c.clone(), true);
                        // A re-added item is a new item: earlier edits were to the old one.
                        l.last.retain(|(id, _), _| *id != c);
                    }),
                )
            }
            Op::SetName(t, v) => {
                let id = customer_id(replica, *t);
                let name = format!("Name {v} von {replica}");
                let (i, n2) = (id.clone(), name.clone());
                (
                    Command::set(ListRef::Customers, &id, "name", Value::Str(name)),
                    Box::new(move |l: &mut Log| {
                        l.last.insert((i.clone(), "name"), n2.clone());
                    }),
                )
            }
            Op::SetRevenue(t, v) => {
                let id = customer_id(replica, *t);
                let i = id.clone();
                let v = *v as i64;
                (
                    Command::set(ListRef::Customers, &id, "revenue", Value::OptInt(Some(v))),
                    Box::new(move |l: &mut Log| {
                        l.last.insert((i.clone(), "revenue"), v.to_string());
                    }),
                )
            }
            Op::RemoveCustomer(t) => {
                let id = customer_id(replica, *t);
                let i = id.clone();
                (
                    Command::Remove {
                        list: ListRef::Customers,
                        id,
                    },
                    Box::new(move |l: &mut Log| {
                        if l.added.contains_key(&i) {
                            l.added.insert(i.clone(), false);
                        } else {
                            l.removed.insert(i.clone());
                        }
                    }),
                )
            }
            Op::AddAction(t) => {
                let id = format!("r{replica}-a{t}");
                let i = id.clone();
                (
                    Command::Insert {
                        list: actions(),
                        item: action(&id, "Besuch"),
                    },
                    Box::new(move |l: &mut Log| {
                        l.added.insert(i.clone(), true);
                        l.last.retain(|(id, _), _| *id != i);
                    }),
                )
            }
            Op::SetActionStatus(t, s) => {
                let id = action_id(replica, *t);
                let status = STATUSES[*s as usize];
                let i = id.clone();
                (
                    Command::set(actions(), &id, "status", Value::Status(status)),
                    Box::new(move |l: &mut Log| {
                        l.last.insert((i.clone(), "status"), format!("{status:?}"));
                    }),
                )
            }
            Op::SetThreshold(v) => (
                Command::SetWorkspace {
                    field: WorkspaceField::CriteriaThreshold,
                    value: Value::Uint(*v as u64),
                },
                Box::new({
                    let v = *v as u64;
                    move |l: &mut Log| l.threshold = Some(v)
                }),
            ),
        };
        // Commands on items this replica cannot see (not yet merged, removed) are
        // refused; that is part of the behaviour under test.
        let result = match shown.as_deref_mut() {
            Some(ws) => doc.apply_to(&command, &who, time, ws),
            None => doc.apply(&command, &who, time),
        };
        if result.is_ok() {
            effect(log);
        }
    }
}

fn base() -> WorkspaceDoc {
    let mut doc = workspace();
    for id in BASE_CUSTOMERS {
        apply(
            &mut doc,
            "Anna",
            kam_domain::command::Command::Insert {
                list: ListRef::Customers,
                item: customer(id, id),
            },
        );
    }
    for id in ["ba0", "ba1"] {
        apply(
            &mut doc,
            "Anna",
            kam_domain::command::Command::Insert {
                list: actions(),
                item: action(id, id),
            },
        );
    }
    doc
}

fn value_of(ws: &Workspace, id: &str, field: &str) -> Option<String> {
    if let Some(c) = ws.customers.iter().find(|c| c.id == id) {
        return match field {
            "name" => Some(c.name.clone()),
            "revenue" => c.revenue.map(|r| r.to_string()),
            _ => None,
        };
    }
    let ka = ws.key_accounts.iter().find(|k| k.id == "ka0")?;
    ka.actions
        .iter()
        .find(|a| a.id == id)
        .map(|a| format!("{:?}", a.status))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_and_keep_every_surviving_effect(
        ops in proptest::collection::vec(proptest::collection::vec(op(), 0..12), 3),
        merge_order in proptest::collection::vec((0usize..3, 0usize..3), 0..6),
        final_order in Just([0usize, 1, 2]).prop_shuffle(),
    ) {
        let base = base();
        let mut replicas = [base.fork(), base.fork(), base.fork()];
        let mut logs: Vec<Log> = (0..3).map(|_| Log::default()).collect();
        for r in 0..3 {
            run(r, &mut replicas[r], &ops[r], &mut logs[r]);
        }
        // Partial merges in a random order, then everyone merges everyone.
        for (i, j) in merge_order {
            if i != j {
                let mut other = replicas[j].clone();
                replicas[i].merge(&mut other).expect("merge");
            }
        }
        for &i in &final_order {
            for &j in &final_order {
                if i != j {
                    let mut other = replicas[j].clone();
                    replicas[i].merge(&mut other).expect("merge");
                }
            }
        }
        let final_ws = replicas[0].workspace().expect("hydrate");
        for r in &replicas[1..] {
            prop_assert_eq!(r.heads().into_iter().collect::<BTreeSet<_>>(), replicas[0].heads().into_iter().collect::<BTreeSet<_>>());
            prop_assert_eq!(&r.workspace().expect("hydrate"), &final_ws);
        }

        let mut removed: BTreeSet<&String> = logs.iter().flat_map(|l| &l.removed).collect();
        // Every insert survives unless its replica removed it afterwards (only the
        // replica that made an item can see it before merging).
        for (id, exists) in logs.iter().flat_map(|l| &l.added) {
            let present = value_of(&final_ws, id, "name").is_some() || value_of(&final_ws, id, "status").is_some();
            prop_assert_eq!(present, *exists, "{} present={}", id, present);
            if !exists {
                removed.insert(id);
            }
        }
        for id in BASE_CUSTOMERS {
            let present = final_ws.customers.iter().any(|c| c.id == id);
            prop_assert_eq!(present, !removed.contains(&id.to_string()));
        }
        // Every field keeps the last value one of the replicas wrote (they were
        // concurrent, so any of them may win), unless the item is gone.
        let mut keys: BTreeSet<(String, &'static str)> = BTreeSet::new();
        for l in &logs {
            keys.extend(l.last.keys().cloned());
        }
        for key in keys {
            if removed.contains(&key.0) {
                continue;
            }
            let candidates: BTreeSet<&String> = logs.iter().filter_map(|l| l.last.get(&key)).collect();
            let actual = value_of(&final_ws, &key.0, key.1);
            prop_assert!(
                actual.as_ref().is_some_and(|a| candidates.contains(a)),
                "{:?}: {:?} not among {:?}", key, actual, candidates
            );
        }
        let thresholds: BTreeSet<u64> = logs.iter().filter_map(|l| l.threshold).collect();
        if thresholds.is_empty() {
            prop_assert_eq!(final_ws.criteria_threshold, 2);
        } else {
            prop_assert!(thresholds.contains(&final_ws.criteria_threshold));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The store's incremental refresh (after commands: the touched item; after merges:
    /// the merge's patches; or from a diff of heads) always equals a full hydration.
    #[test]
    fn incremental_refresh_equals_full_hydration(
        steps in proptest::collection::vec((0usize..2, op(), proptest::bool::weighted(0.2)), 1..25),
    ) {
        let base = base();
        let mut replicas = [base.fork(), base.fork()];
        let mut shown = [base.workspace().expect("ws"), base.workspace().expect("ws")];
        let mut seen = [base.heads(), base.heads()];
        let mut logs = [Log::default(), Log::default()];
        let mut by_diff = [base.workspace().expect("ws"), base.workspace().expect("ws")];
        for (r, op, merge) in steps {
            run_showing(r, &mut replicas[r], std::slice::from_ref(&op), &mut logs[r], Some(&mut shown[r]));
            if merge {
                let mut other = replicas[1 - r].clone();
                replicas[r].merge_into(&mut other, &mut shown[r]).expect("merge");
            }
            let full = replicas[r].workspace().expect("full");
            prop_assert_eq!(&shown[r], &full);
            replicas[r].refresh(&mut by_diff[r], &seen[r]).expect("refresh");
            seen[r] = replicas[r].heads();
            prop_assert_eq!(&by_diff[r], &full);
        }
    }
}
