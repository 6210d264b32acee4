//! The workspace document: commands are validated and atomic, every change carries time
//! and author, history reads back in plain words, files round-trip, bad files are refused.

mod common;

use common::*;
use kam_domain::{
    command::{ChangeAction, Command, CommandError, EntityKind, ListRef, ProgrammeField, Value},
    document::{DocumentError, WorkspaceDoc},
};

#[test]
fn a_new_workspace_has_its_skeleton_and_one_signed_change() {
    let doc =
        WorkspaceDoc::create("ws-9", "  Muster AG ", &author("Anna Muster"), T0).expect("create");
    let ws = doc.workspace().expect("hydrate");
    assert_eq!(ws.name, "Muster AG");
    assert_eq!(ws.workspace_id, "ws-9");
    assert_eq!(ws.schema_version, kam_domain::model::SCHEMA_VERSION);
    assert_eq!(ws.criteria_threshold, 2, "at least 2 of M by default");
    assert_eq!(ws.programme.duration_months, 24, "about two years");
    let history = doc.history();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].author, "Anna Muster");
    assert_eq!(history[0].time, T0 / 1000);
    assert_eq!(
        history[0].summary.as_ref().map(|s| s.action),
        Some(ChangeAction::Created)
    );
}

#[test]
fn a_refused_command_writes_nothing() {
    let mut doc = workspace();
    let heads = doc.heads();
    let before = doc.workspace().expect("ws");
    let cases: Vec<(Command, &str)> = vec![
        (
            Command::set(ListRef::Customers, "c0", "name", str("   ")),
            "name: must not be empty",
        ),
        (
            Command::set(ListRef::Customers, "c0", "revenue", Value::OptInt(Some(-5))),
            "revenue: must not be negative",
        ),
        (
            Command::set(ListRef::Customers, "nope", "name", str("X")),
            "`nope` does not exist",
        ),
        (
            Command::set(ListRef::Customers, "c0", "colour", str("red")),
            "no field `colour`",
        ),
        (
            Command::set(ListRef::Customers, "c0", "id", str("c9")),
            "no field `id`",
        ),
        (
            Command::set(ListRef::Customers, "c0", "revenue", str("viel")),
            "value:",
        ),
        (
            Command::Insert {
                list: ListRef::Customers,
                item: customer("c0", "Doppelt"),
            },
            "exists already",
        ),
        (
            Command::Insert {
                list: ListRef::People,
                item: customer("c5", "Falsche Liste"),
            },
            "does not belong",
        ),
        (
            Command::SetProgramme {
                field: ProgrammeField::StartDate,
                value: opt("2027-02-30"),
            },
            "`2027-02-30` is not a date",
        ),
        (
            Command::Update {
                list: ListRef::Customers,
                id: "c0".into(),
                changes: vec![],
            },
            "changes nothing",
        ),
        (
            Command::Update {
                list: ListRef::Customers,
                id: "c0".into(),
                // The first change is fine, the second is not: neither may stay.
                changes: vec![
                    ("name".into(), str("Neu AG")),
                    ("revenue".into(), Value::OptInt(Some(-1))),
                ],
            },
            "must not be negative",
        ),
    ];
    for (command, expected) in cases {
        let err = doc
            .apply(&command, &author("Eve"), T0)
            .expect_err("refused");
        assert!(err.to_string().contains(expected), "{command:?}: {err}");
        assert_eq!(doc.heads(), heads, "{command:?} wrote something");
    }
    assert_eq!(doc.workspace().expect("ws"), before);
}

#[test]
fn each_command_is_one_change_with_time_author_and_words() {
    let mut doc = workspace();
    let n = doc.history().len();
    let applied = doc
        .apply(
            &Command::Update {
                list: ListRef::Customers,
                id: "c0".into(),
                changes: vec![
                    ("revenue".into(), Value::OptInt(Some(80_000_000))),
                    ("region".into(), str("Zürich")),
                ],
            },
            &author("Beat Keller"),
            T0 + 60_000,
        )
        .expect("apply");
    assert!(applied.hash.is_some());
    assert_eq!(applied.summary.kind, EntityKind::Customer);
    assert_eq!(applied.summary.label, "Müller AG");
    assert_eq!(applied.summary.fields, ["revenue", "region"]);
    let history = doc.history();
    assert_eq!(history.len(), n + 1, "one change");
    let last = history.last().expect("entry");
    assert_eq!(last.author, "Beat Keller");
    assert_eq!(last.time, (T0 + 60_000) / 1000);
    assert_eq!(last.summary.as_ref(), Some(&applied.summary));
}

#[test]
fn the_workspace_can_be_read_as_of_any_listed_change() {
    let mut doc = workspace();
    apply(
        &mut doc,
        "Anna",
        Command::set(ListRef::Customers, "c0", "name", str("Müller Holding AG")),
    );
    apply(
        &mut doc,
        "Anna",
        Command::Remove {
            list: ListRef::Customers,
            id: "c0".into(),
        },
    );
    let history = doc.history();
    let names_at = |i: usize| -> Vec<String> {
        doc.workspace_at(&history[i].hash)
            .expect("past")
            .customers
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    let last = history.len() - 1;
    assert_eq!(names_at(last), Vec::<String>::new());
    assert_eq!(names_at(last - 1), ["Müller Holding AG"]);
    assert_eq!(names_at(last - 2), ["Müller AG"]);
    assert_eq!(
        names_at(0),
        Vec::<String>::new(),
        "the skeleton had no customers"
    );
    assert!(doc.workspace().expect("now").customers.is_empty());
}

#[test]
fn files_round_trip_and_merge_another_managers_offline_work() {
    let mut mine = workspace();
    let mut theirs = WorkspaceDoc::load(&mine.save()).expect("load a copy");
    assert_eq!(theirs.workspace(), mine.workspace(), "identical after load");
    insert(
        &mut theirs,
        "Beat",
        ListRef::Customers,
        customer("c1", "Huber AG"),
    );
    insert(
        &mut mine,
        "Anna",
        ListRef::Customers,
        customer("c2", "Keller GmbH"),
    );
    let file = theirs.save();
    mine.merge_file(&file).expect("merge the file");
    let names: Vec<String> = mine
        .workspace()
        .expect("ws")
        .customers
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"Huber AG".to_string()) && names.contains(&"Keller GmbH".to_string()));

    // Incremental save: snapshot + chunk loads to the same document.
    let snapshot = mine.save();
    let heads = mine.heads();
    apply(
        &mut mine,
        "Anna",
        Command::set(ListRef::Customers, "c2", "region", str("Bern")),
    );
    let chunk = mine.save_after(&heads);
    assert!(
        chunk.len() < snapshot.len() / 2,
        "a chunk is small ({} vs {})",
        chunk.len(),
        snapshot.len()
    );
    let mut joined = snapshot.clone();
    joined.extend_from_slice(&chunk);
    assert_eq!(
        WorkspaceDoc::load(&joined).expect("load").workspace(),
        mine.workspace()
    );
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    let err = WorkspaceDoc::load(b"this is a CSV, not a workspace").expect_err("garbage");
    assert!(matches!(err, DocumentError::NotAutomerge(_)), "{err}");

    let mut plain = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(
        &mut plain,
        automerge::ROOT,
        "title",
        "shopping list",
    )
    .expect("put");
    let err = WorkspaceDoc::load(&plain.save()).expect_err("not a workspace");
    assert!(matches!(err, DocumentError::NotAWorkspace(_)), "{err}");

    let mut newer = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(
        &mut newer,
        automerge::ROOT,
        "schema_version",
        99_u64,
    )
    .expect("put");
    let err = WorkspaceDoc::load(&newer.save()).expect_err("too new");
    assert_eq!(err, DocumentError::TooNew { found: 99 });

    let mut mine = workspace();
    let other = WorkspaceDoc::create("ws-other", "Schulung", &author("Anna"), T0).expect("other");
    let err = mine.merge_file(&other.save()).expect_err("other workspace");
    assert!(err.to_string().contains("“Schulung”"), "{err}");

    let mut truncated = mine.save();
    truncated.truncate(truncated.len() / 2);
    assert!(
        WorkspaceDoc::load(&truncated).is_err(),
        "a cut-off file is refused"
    );
}

#[test]
fn json_export_is_readable_and_complete() {
    let mut doc = workspace();
    apply(
        &mut doc,
        "Anna",
        Command::SetProgramme {
            field: ProgrammeField::KamRole,
            value: Value::Text("KAM sichert die Top-Kunden".into()),
        },
    );
    let json: serde_json::Value =
        serde_json::from_str(&doc.to_json().expect("json")).expect("valid JSON");
    assert_eq!(json["name"], "Muster AG");
    assert_eq!(json["customers"][0]["name"], "Müller AG");
    assert_eq!(json["customers"][0]["revenue"], 50_000_000);
    assert_eq!(
        json["programme"]["strategy"]["kam_role"],
        "KAM sichert die Top-Kunden"
    );
    assert_eq!(json["key_accounts"][0]["customer_id"], "c0");
}

#[test]
fn command_errors_name_what_is_wrong() {
    let e = CommandError::NotFound {
        kind: EntityKind::Action,
        id: "a1".into(),
    };
    assert_eq!(
        e.to_string(),
        "Action `a1` does not exist (removed by someone else?)"
    );
}

#[test]
fn the_fast_reading_equals_the_field_by_field_reading() {
    use kam_domain::fixture::{FixtureSize, generate};
    let size = FixtureSize {
        customers: 40,
        key_accounts: 8,
        actions: 60,
        stakeholders: 20,
        changes: 600,
        authors: 3,
    };
    let mut doc = generate(size, 3).expect("fixture");
    apply(
        &mut doc,
        "Anna",
        Command::SetProgramme {
            field: ProgrammeField::CompanyStrategy,
            value: Value::Text("Wachstum in DACH".into()),
        },
    );
    insert(
        &mut doc,
        "Anna",
        ListRef::Criteria,
        kam_domain::command::Item::Criterion(kam_domain::model::Criterion {
            id: "k1".into(),
            rank: 1.5,
            name: "Umsatz".into(),
            rule: kam_domain::model::CriterionRule::Measured {
                field: "revenue".into(),
                threshold: 50_000_000,
            },
            weight: 2,
        }),
    );
    let fast = doc.workspace().expect("fast");
    let slow = doc.workspace_slow().expect("slow");
    assert_eq!(fast, slow);
    assert_eq!(fast.programme.strategy.company.as_str(), "Wachstum in DACH");
}

#[test]
fn damaged_storage_chunks_are_recognised() {
    let mut doc = workspace();
    let heads = doc.heads();
    apply(
        &mut doc,
        "Anna",
        Command::set(ListRef::Customers, "c0", "region", str("Bern")),
    );
    let chunk = doc.save_after(&heads);
    assert_eq!(
        WorkspaceDoc::check_chunk(&chunk),
        Ok(()),
        "a whole chunk, deps elsewhere"
    );
    assert_eq!(WorkspaceDoc::check_chunk(&doc.save()), Ok(()), "a snapshot");
    assert!(
        WorkspaceDoc::check_chunk(&chunk[..chunk.len() - 3]).is_err(),
        "cut off"
    );
    assert!(
        WorkspaceDoc::check_chunk(b"not automerge at all").is_err(),
        "garbage"
    );
    assert!(WorkspaceDoc::check_chunk(&[]).is_err(), "empty");
}

#[test]
fn stored_chunks_load_in_any_order_and_a_damaged_one_is_skipped() {
    let mut doc = workspace();
    let snapshot = doc.save();
    let mut chunks: Vec<Vec<u8>> = vec![snapshot];
    for region in ["Bern", "Basel", "Chur"] {
        let heads = doc.heads();
        apply(
            &mut doc,
            "Anna",
            Command::set(ListRef::Customers, "c0", "region", str(region)),
        );
        chunks.push(doc.save_after(&heads));
    }
    let mut cut = chunks[2].clone();
    cut.truncate(cut.len() - 3);
    let expected = doc.workspace().expect("ws");

    // Changes first, snapshot last (as keys sort), plus one damaged chunk.
    let stored: Vec<&[u8]> = vec![&chunks[1], &chunks[2], &chunks[3], &cut, b"", &chunks[0]];
    let (loaded, ok) = WorkspaceDoc::load_chunks(&stored).expect("loads");
    assert_eq!(ok, [true, true, true, false, false, true]);
    assert_eq!(loaded.workspace().expect("ws"), expected);
    assert_eq!(loaded.heads(), doc.heads());

    // Without the snapshot the changes wait for their dependencies; still a workspace
    // is refused, since it has no skeleton.
    let only_changes: Vec<&[u8]> = vec![&chunks[1], &chunks[2]];
    assert!(WorkspaceDoc::load_chunks(&only_changes).is_err());
    // A damaged snapshot: nothing to stand on.
    let mut bad = chunks[0].clone();
    bad.truncate(bad.len() / 2);
    assert!(WorkspaceDoc::load_chunks(&[&bad, &chunks[1]]).is_err());
}
