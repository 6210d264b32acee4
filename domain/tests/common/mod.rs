//! Shared test helpers: a fresh workspace, authors, and one sample item per kind.
#![allow(dead_code)]

use kam_domain::{
    author::AuthorName,
    command::{Command, Item, ListRef, Value},
    document::WorkspaceDoc,
    model::*,
};

pub const T0: i64 = 1_800_000_000_000;

pub fn author(name: &str) -> AuthorName {
    AuthorName::parse(name).expect("valid author")
}

/// A workspace with one person `p0` and one key account `ka0` to hang nested lists on.
pub fn workspace() -> WorkspaceDoc {
    let mut doc =
        WorkspaceDoc::create("ws-1", "Muster AG", &author("Anna"), T0).expect("create workspace");
    apply(
        &mut doc,
        "Anna",
        Command::Insert {
            list: ListRef::People,
            item: person("p0", "Beat Keller"),
        },
    );
    apply(
        &mut doc,
        "Anna",
        Command::Insert {
            list: ListRef::Customers,
            item: customer("c0", "Müller AG"),
        },
    );
    apply(
        &mut doc,
        "Anna",
        Command::Insert {
            list: ListRef::KeyAccounts,
            item: key_account("ka0", "c0"),
        },
    );
    doc
}

pub fn apply(doc: &mut WorkspaceDoc, who: &str, command: Command) {
    doc.apply(&command, &author(who), T0 + 1000)
        .unwrap_or_else(|e| panic!("{command:?} failed: {e}"));
}

/// `who` adds `item` to `list`.
pub fn insert(doc: &mut WorkspaceDoc, who: &str, list: ListRef, item: Item) {
    apply(doc, who, Command::Insert { list, item });
}

/// Two devices editing offline: `doc` forked, Anna's `anna` applied on one copy and
/// Beat's `beat` on the other. Returns (Anna's, Beat's), not yet merged.
pub fn apart(doc: WorkspaceDoc, anna: Command, beat: Command) -> (WorkspaceDoc, WorkspaceDoc) {
    let mut a = doc;
    let mut b = a.fork();
    apply(&mut a, "Anna", anna);
    apply(&mut b, "Beat", beat);
    (a, b)
}

/// Merges `b` into `a` and `a` into `b`; both must end identical.
pub fn merge_both(a: &mut WorkspaceDoc, b: &mut WorkspaceDoc) {
    a.merge(b).expect("merge b into a");
    b.merge(a).expect("merge a into b");
    assert_eq!(a.workspace().expect("a"), b.workspace().expect("b"));
}

pub fn person(id: &str, name: &str) -> Item {
    Item::Person(Person {
        id: id.into(),
        name: name.into(),
        role: "Verkaufsleiter".into(),
        capacity: 5,
        trainings: vec![],
    })
}

pub fn customer(id: &str, name: &str) -> Item {
    Item::Customer(Customer {
        id: id.into(),
        number: format!("K-{id}"),
        name: name.into(),
        industry: "Maschinenbau".into(),
        region: "Ostschweiz".into(),
        revenue: Some(50_000_000),
        margin: Some(12_000_000),
        potential: None,
        ratings: vec![],
        attributes: vec![],
        selection: SelectionStatus::None,
    })
}

pub fn key_account(id: &str, customer_id: &str) -> Item {
    Item::KeyAccount(KeyAccount::new(id, customer_id, 0.0))
}

pub fn action(id: &str, title: &str) -> Item {
    Item::Action(Action {
        id: id.into(),
        title: title.into(),
        owner_id: None,
        due: None,
        status: Status::Open,
        goal_id: None,
    })
}

pub fn str(v: &str) -> Value {
    Value::Str(v.into())
}

pub fn opt(v: &str) -> Value {
    Value::OptStr(Some(v.into()))
}

/// The common workspace with its customer `c0` made a definitive key account (`ka0`).
pub fn definitive_workspace() -> WorkspaceDoc {
    let mut doc = workspace();
    apply(
        &mut doc,
        "Anna",
        Command::set(
            ListRef::Customers,
            "c0",
            "selection",
            Value::Selection(SelectionStatus::Definitive),
        ),
    );
    doc
}
