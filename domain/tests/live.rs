//! What a workshop does to one document: several people changing the same things at the
//! same moment. Each test forks, edits concurrently, merges both ways and asserts what
//! everyone sees (issue 13).

mod common;

use common::*;
use kam_domain::{
    command::{Command, CommandError, Item, ListRef, ProgrammeField, Value},
    model::*,
    plans::account,
    selection::{NewIds, decide, decision_log, key_accounts_ranked, rating},
    versions::{ConflictScope, FieldAt, FieldVersion},
};

fn authors(v: &[FieldVersion]) -> Vec<&str> {
    let mut a: Vec<&str> = v.iter().map(|v| v.author.as_str()).collect();
    a.sort();
    a
}

/// Anna and Beat both make Müller AG definitive, Beat offline; each then adds an action
/// to "their" key account.
#[test]
fn concurrent_definitive_decisions_give_one_key_account_and_two_logged_decisions() {
    let mut a = workspace();
    insert(
        &mut a,
        "Anna",
        ListRef::Customers,
        customer("c1", "Beta AG"),
    );
    let ws = a.workspace().expect("ws");
    let provisional = decide(
        &ws,
        "c1",
        SelectionStatus::Provisional,
        "Umsatz",
        "Anna",
        T0,
        NewIds {
            decision: "d0".into(),
        },
    )
    .expect("provisional");
    apply(&mut a, "Anna", provisional);
    let mut b = a.fork();
    b.set_actor(b"beat");
    for (doc, who, decision) in [(&mut a, "Anna", "d1"), (&mut b, "Beat", "d2")] {
        let ws = doc.workspace().expect("ws");
        let definitive = decide(
            &ws,
            "c1",
            SelectionStatus::Definitive,
            &format!("Entscheid von {who}"),
            who,
            T0 + 5,
            NewIds {
                decision: decision.into(),
            },
        )
        .expect("definitive");
        apply(doc, who, definitive);
        let ka = ws_account_id(doc);
        insert(
            doc,
            who,
            ListRef::Actions { key_account_id: ka },
            action(&format!("act-{who}"), &format!("Besuch ({who})")),
        );
    }
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    // The document holds two items; everyone sees one key account with both actions.
    assert_eq!(
        ws.key_accounts
            .iter()
            .filter(|k| k.customer_id == "c1")
            .count(),
        2
    );
    let ranked: Vec<&str> = key_accounts_ranked(&ws)
        .iter()
        .filter(|(_, c)| c.id == "c1")
        .map(|(k, _)| k.id.as_str())
        .collect();
    assert_eq!(ranked, ["ka-c1"]);
    let merged = account(&ws, "ka-c1").expect("account");
    let mut titles: Vec<&str> = merged.actions.iter().map(|x| x.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Besuch (Anna)", "Besuch (Beat)"]);
    // Both decisions are in the log.
    let definitive: Vec<&str> = decision_log(&ws)
        .iter()
        .filter(|d| d.to == SelectionStatus::Definitive)
        .map(|d| d.decided_by.as_str())
        .collect();
    assert_eq!(definitive.len(), 2);
    assert!(definitive.contains(&"Anna") && definitive.contains(&"Beat"));
    // Changing Beat's action (held by the second item) through the one account works.
    apply(
        &mut a,
        "Anna",
        Command::set(
            ListRef::Actions {
                key_account_id: "ka-c1".into(),
            },
            "act-Beat",
            "title",
            str("Besuch mit GL"),
        ),
    );
    let ws = a.workspace().expect("ws");
    let merged = account(&ws, "ka-c1").expect("account");
    assert!(merged.actions.iter().any(|x| x.title == "Besuch mit GL"));
    // A field of the account set once reaches both items, so they agree.
    apply(
        &mut a,
        "Anna",
        Command::set(
            ListRef::KeyAccounts,
            "ka-c1",
            "review_every_days",
            Value::Uint(30),
        ),
    );
    let ws = a.workspace().expect("ws");
    assert!(
        ws.key_accounts
            .iter()
            .filter(|k| k.customer_id == "c1")
            .all(|k| k.review_every_days == 30)
    );
}

fn ws_account_id(doc: &kam_domain::document::WorkspaceDoc) -> String {
    let ws = doc.workspace().expect("ws");
    ws.key_accounts
        .iter()
        .find(|k| k.customer_id == "c1")
        .map(|k| k.id.clone())
        .expect("a key account for c1")
}

/// Anna rates Müller AG 1 under a criterion offline, Beat 2 online.
#[test]
fn concurrent_ratings_give_one_rating_with_a_visible_conflict() {
    let mut a = workspace();
    let mut b = a.fork();
    b.set_actor(b"beat");
    let list = ListRef::Ratings {
        customer_id: "c0".into(),
    };
    for (doc, who, value) in [(&mut a, "Anna", 1), (&mut b, "Beat", 2)] {
        insert(
            doc,
            who,
            list.clone(),
            Item::Rating(Rating {
                id: "strat".into(),
                value,
            }),
        );
    }
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    let customer = ws.customers.iter().find(|c| c.id == "c0").expect("c0");
    let shown = rating(customer, "strat").expect("a rating");
    let at = FieldAt::Item {
        list: list.clone(),
        id: "strat".into(),
    };
    let versions = a.versions(&at, "value");
    assert_eq!(versions.len(), 2, "{versions:?}");
    assert_eq!(authors(&versions), ["Anna", "Beat"]);
    assert_eq!(versions[0].value, shown.to_string(), "the shown one first");
    assert_eq!(
        b.versions(&at, "value"),
        versions,
        "the same on both devices"
    );
    // Taking Beat's version ends the conflict everywhere.
    apply(
        &mut a,
        "Anna",
        Command::set(list, "strat", "value", Value::Uint(2)),
    );
    merge_both(&mut a, &mut b);
    assert_eq!(b.versions(&at, "value").len(), 1);
    let ws = b.workspace().expect("ws");
    let customer = ws.customers.iter().find(|c| c.id == "c0").expect("c0");
    assert_eq!(rating(customer, "strat"), Some(2));
}

/// Short fields are registers: one value wins on every device, the other is kept as a
/// version named by its author; long texts merge.
#[test]
fn short_field_concurrent_edits_give_one_value_and_a_conflict_naming_both_authors() {
    let mut a = workspace();
    insert(
        &mut a,
        "Anna",
        ListRef::ProgrammeGoals,
        Item::ProgrammeGoal(ProgrammeGoal {
            id: "g1".into(),
            rank: 1.0,
            text: "Zehn Key Accounts mit Plan".into(),
            measure: String::new(),
            achieved: false,
        }),
    );
    let mut b = a.fork();
    b.set_actor(b"beat");
    let cases: [(ListRef, &str, &str, Value, Value); 3] = [
        (
            ListRef::ProgrammeGoals,
            "g1",
            "text",
            str("Acht Key Accounts mit Plan bis Juni"),
            str("Zwölf Key Accounts mit Plan"),
        ),
        (
            ListRef::Actions {
                key_account_id: "ka0".into(),
            },
            "x1",
            "title",
            str("Besuch beim Einkauf"),
            str("Anruf beim CEO"),
        ),
        (
            ListRef::Actions {
                key_account_id: "ka0".into(),
            },
            "x1",
            "due",
            opt("2027-03-01"),
            opt("2027-04-15"),
        ),
    ];
    insert(
        &mut a,
        "Anna",
        ListRef::Actions {
            key_account_id: "ka0".into(),
        },
        action("x1", "Besuch"),
    );
    merge_both(&mut a, &mut b);
    for (list, id, field, anna, beat) in &cases {
        apply(
            &mut a,
            "Anna",
            Command::set(list.clone(), *id, field, anna.clone()),
        );
        apply(
            &mut b,
            "Beat",
            Command::set(list.clone(), *id, field, beat.clone()),
        );
    }
    apply(
        &mut a,
        "Anna",
        Command::SetProgramme {
            field: ProgrammeField::DurationMonths,
            value: Value::Uint(18),
        },
    );
    apply(
        &mut b,
        "Beat",
        Command::SetProgramme {
            field: ProgrammeField::DurationMonths,
            value: Value::Uint(30),
        },
    );
    merge_both(&mut a, &mut b);
    let ws = a.workspace().expect("ws");
    let goal = &ws.programme.goals[0].text;
    assert!(
        goal == "Acht Key Accounts mit Plan bis Juni" || goal == "Zwölf Key Accounts mit Plan",
        "one of the two, never a mix: {goal}"
    );
    for (list, id, field, _, _) in &cases {
        let at = FieldAt::Item {
            list: list.clone(),
            id: id.to_string(),
        };
        let versions = a.versions(&at, field);
        assert_eq!(authors(&versions), ["Anna", "Beat"], "{field}");
        assert_eq!(b.versions(&at, field), versions, "{field} alike on both");
        assert!(versions.iter().all(|v| v.time > 0));
    }
    assert_eq!(
        goal,
        &a.versions(
            &FieldAt::Item {
                list: ListRef::ProgrammeGoals,
                id: "g1".into()
            },
            "text"
        )[0]
        .value
    );
    let duration = a.versions(&FieldAt::Programme, "duration_months");
    assert_eq!(authors(&duration), ["Anna", "Beat"]);
    // Long texts stay collaborative: both sentences are kept.
    let mut c = a.fork();
    c.set_actor(b"carla");
    apply(
        &mut a,
        "Anna",
        Command::SetProgramme {
            field: ProgrammeField::CompanyStrategy,
            value: Value::Text("Wachstum in der DACH-Region.".into()),
        },
    );
    merge_both(&mut a, &mut c);
    apply(
        &mut a,
        "Anna",
        Command::SetProgramme {
            field: ProgrammeField::CompanyStrategy,
            value: Value::Text("Wachstum in der DACH-Region. Service zuerst.".into()),
        },
    );
    apply(
        &mut c,
        "Carla",
        Command::SetProgramme {
            field: ProgrammeField::CompanyStrategy,
            value: Value::Text("Profitables Wachstum in der DACH-Region.".into()),
        },
    );
    merge_both(&mut a, &mut c);
    let ws = a.workspace().expect("ws");
    assert_eq!(
        ws.programme.strategy.company.as_str(),
        "Profitables Wachstum in der DACH-Region. Service zuerst."
    );
    assert_eq!(a.versions(&FieldAt::Strategy, "company").len(), 1);
}

#[test]
fn customer_numbers_are_unique_when_typed_by_hand() {
    let mut doc = workspace();
    let taken = doc.apply(
        &Command::Insert {
            list: ListRef::Customers,
            item: Item::Customer(Customer {
                number: "K-c0".into(),
                ..match customer("c9", "Kopie AG") {
                    Item::Customer(c) => c,
                    _ => unreachable!(),
                }
            }),
        },
        &author("Anna"),
        T0,
    );
    assert_eq!(
        taken,
        Err(CommandError::NumberTaken {
            number: "K-c0".into(),
            name: "Müller AG".into()
        })
    );
    insert(
        &mut doc,
        "Anna",
        ListRef::Customers,
        customer("c1", "Beta AG"),
    );
    let changed = doc.apply(
        &Command::set(ListRef::Customers, "c1", "number", str(" K-c0 ")),
        &author("Anna"),
        T0,
    );
    assert!(matches!(changed, Err(CommandError::NumberTaken { .. })));
    // Its own number again, or a new one, is fine.
    apply(
        &mut doc,
        "Anna",
        Command::set(ListRef::Customers, "c1", "number", str("K-c1")),
    );
    apply(
        &mut doc,
        "Anna",
        Command::set(ListRef::Customers, "c1", "number", str("K-100")),
    );
}

/// Documents written before goal texts became one-line registers still read, and the
/// next edit replaces the text object.
#[test]
fn an_old_goal_text_object_still_reads_and_is_replaced_by_a_register() {
    use automerge::{ObjType, ROOT, ReadDoc, transaction::Transactable};
    let mut doc = workspace();
    insert(
        &mut doc,
        "Anna",
        ListRef::ProgrammeGoals,
        Item::ProgrammeGoal(ProgrammeGoal {
            id: "g1".into(),
            rank: 1.0,
            text: "neu".into(),
            measure: String::new(),
            achieved: false,
        }),
    );
    {
        let am = doc.automerge_mut();
        let mut tx = am.transaction();
        let programme = match tx.get(ROOT, "programme") {
            Ok(Some((_, id))) => id,
            _ => panic!("programme"),
        };
        let goals = match tx.get(&programme, "goals") {
            Ok(Some((_, id))) => id,
            _ => panic!("goals"),
        };
        let goal = match tx.get(&goals, 0) {
            Ok(Some((_, id))) => id,
            _ => panic!("goal"),
        };
        let text = tx.put_object(&goal, "text", ObjType::Text).expect("text");
        tx.splice_text(&text, 0, 0, "alt als Text").expect("splice");
        tx.commit();
    }
    assert_eq!(
        doc.workspace().expect("ws").programme.goals[0].text,
        "alt als Text"
    );
    assert_eq!(
        doc.workspace_slow().expect("ws").programme.goals[0].text,
        "alt als Text"
    );
    apply(
        &mut doc,
        "Anna",
        Command::set(
            ListRef::ProgrammeGoals,
            "g1",
            "text",
            str("jetzt eine Zeile"),
        ),
    );
    assert_eq!(
        doc.workspace_slow().expect("ws").programme.goals[0].text,
        "jetzt eine Zeile"
    );
}

/// The app notifies only the views of what changed: a remote change to one action of
/// one key account names that key account and nothing else.
#[test]
fn a_remote_change_to_one_action_names_only_its_key_account() {
    let mut a = workspace();
    insert(
        &mut a,
        "Anna",
        ListRef::Actions {
            key_account_id: "ka0".into(),
        },
        action("x1", "Besuch"),
    );
    let mut b = a.fork();
    b.set_actor(b"beat");
    let mut shown = a.workspace().expect("ws");
    a.take_changed();
    apply(
        &mut b,
        "Beat",
        Command::set(
            ListRef::Actions {
                key_account_id: "ka0".into(),
            },
            "x1",
            "title",
            str("Besuch mit GL"),
        ),
    );
    a.merge_into(&mut b, &mut shown).expect("merge");
    let changed = a.take_changed();
    assert_eq!(changed.items, [("key_accounts", "ka0".to_string())]);
    assert!(!changed.root && !changed.programme && changed.lists.is_empty());
    assert_eq!(shown, a.workspace().expect("ws"));
    // A new customer changes the customer list's membership.
    let mut shown_b = b.workspace().expect("ws");
    b.take_changed();
    b.apply_to(
        &Command::Insert {
            list: ListRef::Customers,
            item: customer("c7", "Gamma AG"),
        },
        &author("Beat"),
        T0,
        &mut shown_b,
    )
    .expect("insert");
    let changed = b.take_changed();
    assert_eq!(changed.lists, ["customers"]);
    assert!(a.take_changed().is_empty());
}

/// A criterion's threshold lives inside its rule: two thresholds set concurrently are
/// two versions of the rule, each readable back into a rule.
#[test]
fn concurrent_criterion_thresholds_are_two_readable_versions() {
    let mut a = workspace();
    insert(
        &mut a,
        "Anna",
        ListRef::Criteria,
        Item::Criterion(Criterion {
            id: "rev".into(),
            rank: 1.0,
            name: "Umsatz".into(),
            rule: CriterionRule::Measured {
                field: "revenue".into(),
                threshold: 50_000_000,
            },
            weight: 1,
        }),
    );
    let mut b = a.fork();
    b.set_actor(b"beat");
    for (doc, who, threshold) in [(&mut a, "Anna", 60_000_000), (&mut b, "Beat", 80_000_000)] {
        apply(
            doc,
            who,
            Command::set(
                ListRef::Criteria,
                "rev",
                "rule",
                Value::Rule(CriterionRule::Measured {
                    field: "revenue".into(),
                    threshold,
                }),
            ),
        );
    }
    merge_both(&mut a, &mut b);
    let at = FieldAt::Item {
        list: ListRef::Criteria,
        id: "rev".into(),
    };
    // Both changed the threshold inside the same rule.
    let versions = a.versions(&at, "rule/Measured/threshold");
    assert_eq!(authors(&versions), ["Anna", "Beat"]);
    let mut thresholds: Vec<&str> = versions.iter().map(|v| v.value.as_str()).collect();
    thresholds.sort();
    assert_eq!(thresholds, ["60000000", "80000000"]);
    assert_eq!(b.versions(&at, "rule/Measured/threshold"), versions);
}

/// Who changed a collaborative text last: the author of its newest characters, not of
/// the text's creation (what the "changed meanwhile" note names).
#[test]
fn a_collaborative_text_is_signed_by_whoever_wrote_last() {
    let mut a = workspace();
    apply(
        &mut a,
        "Anna",
        Command::set(
            ListRef::KeyAccounts,
            "ka0",
            "profile",
            Value::Text("Maschinenbau.".into()),
        ),
    );
    apply(
        &mut a,
        "Beat",
        Command::set(
            ListRef::KeyAccounts,
            "ka0",
            "profile",
            Value::Text("Maschinenbau, 800 Mitarbeitende.".into()),
        ),
    );
    let at = FieldAt::Item {
        list: ListRef::KeyAccounts,
        id: "ka0".into(),
    };
    let versions = a.versions(&at, "profile");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].author, "Beat");
    assert_eq!(versions[0].value, "Maschinenbau, 800 Mitarbeitende.");
}

/// One walk of a part names every conflicted field, as the fields name themselves.
#[test]
fn conflicted_fields_name_each_field_of_a_part() {
    let mut a = workspace();
    let actions = ListRef::Actions {
        key_account_id: "ka0".into(),
    };
    insert(&mut a, "Anna", actions.clone(), action("x1", "Besuch"));
    let mut b = a.fork();
    b.set_actor(b"beat");
    apply(
        &mut a,
        "Anna",
        Command::set(actions.clone(), "x1", "title", str("A")),
    );
    apply(
        &mut b,
        "Beat",
        Command::set(actions.clone(), "x1", "title", str("B")),
    );
    apply(
        &mut a,
        "Anna",
        Command::set(
            ListRef::KeyAccounts,
            "ka0",
            "review_every_days",
            Value::Uint(30),
        ),
    );
    apply(
        &mut b,
        "Beat",
        Command::set(
            ListRef::KeyAccounts,
            "ka0",
            "review_every_days",
            Value::Uint(182),
        ),
    );
    merge_both(&mut a, &mut b);
    let found = a.conflicted_fields("key_accounts", "ka0", ConflictScope::WithLists);
    let title = FieldAt::Item {
        list: actions.clone(),
        id: "x1".into(),
    }
    .key("title");
    let cadence = FieldAt::Item {
        list: ListRef::KeyAccounts,
        id: "ka0".into(),
    }
    .key("review_every_days");
    let mut found: Vec<String> = found.into_iter().collect();
    found.sort();
    let mut want = vec![cadence.clone(), title.clone()];
    want.sort();
    assert_eq!(found, want);
    assert!(
        a.conflicted_fields("customers", "c0", ConflictScope::WithLists)
            .is_empty()
    );

    // A row that shows only the account's own fields walks only those: it still finds
    // the cadence's conflict, and leaves the plan's action to the plan's fields.
    assert_eq!(
        ConflictScope::for_field("key_accounts", "ka0", &cadence),
        ConflictScope::Own
    );
    assert_eq!(
        ConflictScope::for_field("key_accounts", "ka0", &title),
        ConflictScope::WithLists
    );
    let own = a.conflicted_fields("key_accounts", "ka0", ConflictScope::Own);
    assert_eq!(own.into_iter().collect::<Vec<_>>(), vec![cadence]);
}

/// The scope a field needs follows its key: an account's own field (also a value made
/// of parts) is its own; a field of another account, whose id starts the same, is not.
#[test]
fn the_conflict_scope_of_a_field_follows_its_key() {
    let own = |list: ListRef, id: &str, field: &str| {
        FieldAt::Item {
            list,
            id: id.into(),
        }
        .key(field)
    };
    let ka = ListRef::KeyAccounts;
    for (key, want) in [
        (own(ka.clone(), "ka1", "manager_id"), ConflictScope::Own),
        (
            own(ka.clone(), "ka1", "rule/Measured/threshold"),
            ConflictScope::Own,
        ),
        (
            own(ka.clone(), "ka10", "manager_id"),
            ConflictScope::WithLists,
        ),
        (
            own(
                ListRef::Goals {
                    key_account_id: "ka1".into(),
                },
                "g1",
                "title",
            ),
            ConflictScope::WithLists,
        ),
    ] {
        assert_eq!(
            ConflictScope::for_field("key_accounts", "ka1", &key),
            want,
            "{key}"
        );
    }
    assert_eq!(
        ConflictScope::for_field("customers", "c1", &own(ListRef::Customers, "c1", "name")),
        ConflictScope::Own
    );
    assert_eq!(
        ConflictScope::for_field("programme", "", "programme/sponsor"),
        ConflictScope::WithLists
    );
}
