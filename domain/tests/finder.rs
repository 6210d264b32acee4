//! The document's index of items by id (`Finder`) must answer exactly as reading the
//! list would: after removals, refused commands (whose object ids are used again),
//! renumbering, and merges that bring copies of one id.

mod common;

use common::*;
use kam_domain::command::{Command, CommandError, Item, ListRef};

fn customers(doc: &kam_domain::document::WorkspaceDoc) -> Vec<String> {
    doc.workspace()
        .expect("workspace")
        .customers
        .into_iter()
        .map(|c| c.id)
        .collect()
}

/// Anna adds customer `id` with customer number `number`.
fn add_numbered(
    doc: &mut kam_domain::document::WorkspaceDoc,
    id: &str,
    number: &str,
) -> Result<kam_domain::document::Applied, CommandError> {
    let mut item = customer(id, "Huber AG");
    if let Item::Customer(c) = &mut item {
        c.number = number.into();
    }
    let list = ListRef::Customers;
    doc.apply(&Command::Insert { list, item }, &author("Anna"), T0)
}

fn rename(id: &str, name: &str) -> Command {
    Command::set(ListRef::Customers, id, "name", str(name))
}

#[test]
fn a_refused_insert_leaves_no_trace_that_a_later_item_could_be_taken_for() {
    let mut doc = workspace();
    // Refused as a whole: the person p0 exists. The new customer's object id is used
    // again by the next insert.
    let refused = doc.apply(
        &Command::Batch(vec![
            Command::Insert {
                list: ListRef::Customers,
                item: customer("c1", "Huber AG"),
            },
            Command::Insert {
                list: ListRef::People,
                item: person("p0", "Carla Rossi"),
            },
        ]),
        &author("Anna"),
        T0,
    );
    assert!(matches!(refused, Err(CommandError::DuplicateId { .. })));
    insert(
        &mut doc,
        "Anna",
        ListRef::Customers,
        customer("c2", "Keller AG"),
    );
    let missing = doc.apply(&rename("c1", "Huber Söhne"), &author("Anna"), T0);
    assert!(
        matches!(missing, Err(CommandError::NotFound { .. })),
        "c1 was never stored: {missing:?}"
    );
    apply(&mut doc, "Anna", rename("c2", "Keller Söhne AG"));
    let ws = doc.workspace().expect("workspace");
    assert_eq!(ws.customers[1].name, "Keller Söhne AG");
    assert_eq!(ws.customers[0].name, "Müller AG");
}

#[test]
fn items_after_a_removed_one_are_found_at_their_new_place() {
    let mut doc = workspace();
    for i in 1..5 {
        insert(
            &mut doc,
            "Anna",
            ListRef::Customers,
            customer(&format!("c{i}"), &format!("Kunde {i}")),
        );
    }
    apply(
        &mut doc,
        "Anna",
        Command::Remove {
            list: ListRef::Customers,
            id: "c1".into(),
        },
    );
    apply(&mut doc, "Anna", rename("c3", "Dritter"));
    let gone = doc.apply(&rename("c1", "Wieder da"), &author("Anna"), T0);
    assert!(matches!(gone, Err(CommandError::NotFound { .. })));
    assert_eq!(customers(&doc), ["c0", "c2", "c3", "c4"]);
    let ws = doc.workspace().expect("workspace");
    assert_eq!(ws.customers[2].name, "Dritter");
    // The same id may be used again once its item is gone.
    insert(&mut doc, "Anna", ListRef::Customers, customer("c1", "Neu"));
    assert_eq!(customers(&doc), ["c0", "c2", "c3", "c4", "c1"]);
}

#[test]
fn a_number_given_up_is_free_and_the_new_one_is_taken() {
    let mut doc = workspace();
    apply(
        &mut doc,
        "Anna",
        Command::set(ListRef::Customers, "c0", "number", str("K-100")),
    );
    let refused = add_numbered(&mut doc, "c1", "K-100");
    assert!(matches!(refused, Err(CommandError::NumberTaken { .. })));
    // c0's old number is free now.
    add_numbered(&mut doc, "c1", "K-c0").expect("a free number");
    assert_eq!(customers(&doc), ["c0", "c1"]);
}

#[test]
fn after_a_merge_both_copies_of_one_id_are_found() {
    let doc = workspace();
    // The same rating made on two devices: both copies must take the next value.
    let rating = |value: u8| Command::Insert {
        list: ListRef::Ratings {
            customer_id: "c0".into(),
        },
        item: Item::Rating(kam_domain::model::Rating {
            id: "k1".into(),
            value,
        }),
    };
    let (mut a, mut b) = apart(doc, rating(2), rating(3));
    // Each side has used its index before the merge.
    apply(&mut a, "Anna", rename("c0", "Müller & Co AG"));
    apply(&mut b, "Beat", rename("c0", "Müller AG Zürich"));
    // Anna's device takes Beat's changes as the app does (patches), keeping its index.
    let mut shown = a.workspace().expect("workspace");
    a.merge_into(&mut b, &mut shown).expect("merge");
    assert_eq!(shown, a.workspace().expect("workspace"));
    apply(
        &mut a,
        "Anna",
        Command::set(
            ListRef::Ratings {
                customer_id: "c0".into(),
            },
            "k1",
            "value",
            kam_domain::command::Value::Uint(4),
        ),
    );
    let ws = a.workspace().expect("workspace");
    let values: Vec<u8> = ws.customers[0].ratings.iter().map(|r| r.value).collect();
    assert_eq!(values, [4, 4], "both copies agree again");
}

#[test]
fn items_and_numbers_that_arrive_by_sync_are_found() {
    let mut a = workspace();
    let mut b = a.fork();
    // Anna's index has read the customers (and their numbers) before Beat's arrive.
    apply(&mut a, "Anna", rename("c0", "Müller Zürich AG"));
    insert(
        &mut b,
        "Beat",
        ListRef::Customers,
        customer("c9", "Beat's Kunde"),
    );
    apply(
        &mut b,
        "Beat",
        Command::set(ListRef::Customers, "c0", "number", str("K-77")),
    );
    let mut shown = a.workspace().expect("workspace");
    a.merge_into(&mut b, &mut shown).expect("merge");
    apply(&mut a, "Anna", rename("c9", "Keller Bau AG"));
    assert_eq!(
        a.workspace().expect("workspace").customers[1].name,
        "Keller Bau AG"
    );
    let refused = add_numbered(&mut a, "c10", "K-77");
    assert!(
        matches!(refused, Err(CommandError::NumberTaken { .. })),
        "c0's number came by sync: {refused:?}"
    );
}

#[test]
fn an_index_made_from_the_model_finds_what_reading_the_list_finds() {
    let mut doc = workspace();
    for i in 1..4 {
        insert(
            &mut doc,
            "Anna",
            ListRef::Customers,
            customer(&format!("c{i}"), &format!("Kunde {i}")),
        );
    }
    let saved = doc.save();
    let mut loaded = kam_domain::document::WorkspaceDoc::load(&saved).expect("load");
    let ws = loaded.workspace().expect("workspace");
    assert!(loaded.index_model(&ws), "the model read from it lines up");
    apply(&mut loaded, "Anna", rename("c2", "Zweiter"));
    assert_eq!(loaded.workspace().expect("ws").customers[2].name, "Zweiter");
    let refused = add_numbered(&mut loaded, "c9", "K-c3");
    assert!(matches!(refused, Err(CommandError::NumberTaken { .. })));
    // A model of another version does not line up: nothing is taken from it.
    let mut other = kam_domain::document::WorkspaceDoc::load(&saved).expect("load");
    let mut stale = ws.clone();
    stale.customers.pop();
    assert!(!other.index_model(&stale), "one customer fewer");
    let mut swapped = ws.clone();
    swapped.customers.swap(0, 2);
    assert!(!other.index_model(&swapped), "another customer first");
    other.index_model(&stale);
    apply(&mut other, "Anna", rename("c3", "Dritter"));
    assert_eq!(other.workspace().expect("ws").customers[3].name, "Dritter");
}
