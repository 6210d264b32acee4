//! Undo of one device's own change: the previous values come back as a new change, a
//! concurrent edit by someone else survives, and a value changed since is not
//! overwritten.

mod common;

use common::*;
use kam_domain::{
    command::{Command, EntityKind, ListRef, Value, WorkspaceField},
    document::WorkspaceDoc,
    model::*,
    undo::UndoRefusal,
};

fn ws(doc: &WorkspaceDoc) -> Workspace {
    doc.workspace().expect("workspace")
}

fn actions(doc: &WorkspaceDoc) -> Vec<Action> {
    ws(doc).key_accounts[0].actions.clone()
}

fn list() -> ListRef {
    ListRef::Actions {
        key_account_id: "ka0".into(),
    }
}

/// Anna's device applies `command` and keeps its undo step.
fn undoable(doc: &mut WorkspaceDoc, who: &str, command: Command) -> kam_domain::undo::UndoStep {
    let mut model = ws(doc);
    let (_, step) = doc
        .apply_undoable(&command, &author(who), T0 + 5000, &mut model)
        .expect("applied");
    step
}

fn undo(
    doc: &mut WorkspaceDoc,
    who: &str,
    step: &kam_domain::undo::UndoStep,
) -> Result<kam_domain::undo::UndoStep, UndoRefusal> {
    let mut model = ws(doc);
    let result = doc
        .undo(step, &author(who), T0 + 9000, &mut model)
        .map(|(_, redo)| redo);
    // The store's model, brought along by the undo, is what the document says.
    if result.is_ok() {
        assert_eq!(model, ws(doc));
    }
    result
}

fn with_action() -> WorkspaceDoc {
    let mut doc = workspace();
    insert(&mut doc, "Anna", list(), action("a1", "Besuch planen"));
    doc
}

#[test]
fn undo_restores_the_previous_value_and_keeps_a_concurrent_edit_of_another_field() {
    let doc = with_action();
    let mut anna = doc;
    let mut beat = anna.fork();
    // Anna renames the action; at the same time Beat sets its owner on his tablet.
    let step = undoable(
        &mut anna,
        "Anna",
        Command::set(list(), "a1", "title", str("Werksbesuch planen")),
    );
    apply(
        &mut beat,
        "Beat",
        Command::set(list(), "a1", "owner_id", opt("p0")),
    );
    merge_both(&mut anna, &mut beat);
    assert_eq!(actions(&anna)[0].title, "Werksbesuch planen");

    let redo = undo(&mut anna, "Anna", &step).expect("undone");
    let now = &actions(&anna)[0];
    assert_eq!(now.title, "Besuch planen", "Anna's rename is taken back");
    assert_eq!(now.owner_id.as_deref(), Some("p0"), "Beat's owner stays");

    // The undo reaches Beat like any change; redo brings the rename back.
    merge_both(&mut anna, &mut beat);
    assert_eq!(actions(&beat)[0].title, "Besuch planen");
    undo(&mut anna, "Anna", &redo).expect("redone");
    assert_eq!(actions(&anna)[0].title, "Werksbesuch planen");
    assert_eq!(actions(&anna)[0].owner_id.as_deref(), Some("p0"));
}

#[test]
fn undo_of_a_field_someone_changed_since_is_refused_and_names_them() {
    let mut anna = with_action();
    let step = undoable(
        &mut anna,
        "Anna",
        Command::set(list(), "a1", "title", str("Werksbesuch planen")),
    );
    let mut beat = anna.fork();
    apply(
        &mut beat,
        "Beat",
        Command::set(list(), "a1", "title", str("Werksbesuch im März")),
    );
    anna.merge(&mut beat).expect("merge");
    let before = ws(&anna);
    assert_eq!(
        undo(&mut anna, "Anna", &step),
        Err(UndoRefusal::ChangedSince {
            kind: EntityKind::Action,
            field: "title".into(),
            author: "Beat".into(),
        })
    );
    assert_eq!(ws(&anna), before, "nothing was written");
}

#[test]
fn undo_of_an_insert_removes_it_unless_someone_edited_it_since() {
    let mut doc = workspace();
    let step = undoable(
        &mut doc,
        "Anna",
        Command::Insert {
            list: list(),
            item: action("a2", "Angebot nachfassen"),
        },
    );
    let mut other = doc.fork();
    let redo = undo(&mut doc, "Anna", &step).expect("undone");
    assert!(actions(&doc).is_empty());
    // Redo puts the same action (same id) back.
    undo(&mut doc, "Anna", &redo).expect("redone");
    assert_eq!(actions(&doc)[0].id, "a2");

    // On the other copy Beat gave the new action a due date: Anna's undo is refused.
    apply(
        &mut other,
        "Beat",
        Command::set(list(), "a2", "due", opt("2027-03-01")),
    );
    assert_eq!(
        undo(&mut other, "Anna", &step),
        Err(UndoRefusal::ChangedSince {
            kind: EntityKind::Action,
            field: "due".into(),
            author: "Beat".into(),
        })
    );
}

#[test]
fn undo_of_a_removal_brings_the_item_back_whole() {
    let mut doc = with_action();
    apply(
        &mut doc,
        "Anna",
        Command::set(list(), "a1", "owner_id", opt("p0")),
    );
    let kept = actions(&doc)[0].clone();
    let step = undoable(
        &mut doc,
        "Anna",
        Command::Remove {
            list: list(),
            id: "a1".into(),
        },
    );
    assert!(actions(&doc).is_empty());
    undo(&mut doc, "Anna", &step).expect("undone");
    assert_eq!(actions(&doc), vec![kept]);
}

#[test]
fn undo_of_a_removed_item_edit_says_it_was_removed() {
    let mut anna = with_action();
    let step = undoable(
        &mut anna,
        "Anna",
        Command::set(list(), "a1", "title", str("Neu")),
    );
    apply(
        &mut anna,
        "Beat",
        Command::Remove {
            list: list(),
            id: "a1".into(),
        },
    );
    assert_eq!(
        undo(&mut anna, "Anna", &step),
        Err(UndoRefusal::RemovedSince {
            kind: EntityKind::Action
        })
    );
}

#[test]
fn undo_of_a_batch_takes_back_all_its_parts_and_workspace_settings_too() {
    let mut doc = workspace();
    let step = undoable(
        &mut doc,
        "Anna",
        Command::Batch(vec![
            Command::Insert {
                list: list(),
                item: action("a3", "Termin"),
            },
            Command::set(list(), "a3", "title", str("Termin mit CEO")),
            Command::SetWorkspace {
                field: WorkspaceField::CriteriaThreshold,
                value: Value::Uint(1),
            },
        ]),
    );
    assert_eq!(actions(&doc)[0].title, "Termin mit CEO");
    let threshold = |d: &WorkspaceDoc| ws(d).criteria_threshold;
    assert_eq!(threshold(&doc), 1);
    undo(&mut doc, "Anna", &step).expect("undone");
    assert!(actions(&doc).is_empty());
    assert_eq!(threshold(&doc), ws(&workspace()).criteria_threshold);
}

#[test]
fn a_selection_status_comes_back_with_its_type() {
    let mut doc = workspace();
    let step = undoable(
        &mut doc,
        "Anna",
        Command::set(
            ListRef::Customers,
            "c0",
            "selection",
            Value::Selection(SelectionStatus::Provisional),
        ),
    );
    undo(&mut doc, "Anna", &step).expect("undone");
    assert_eq!(ws(&doc).customers[0].selection, SelectionStatus::None);
}
