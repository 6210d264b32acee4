//! The history as people read it: names instead of ids, translated fields, old → new,
//! one entry per user action, folded quick edits, a field's own history, filters, the
//! difference between two points in time, and the audit CSV.

mod common;

use common::*;
use kam_domain::{
    command::{Command, EntityKind, Item, ListRef, Value, editable_fields},
    document::WorkspaceDoc,
    history::{self, Difference, Filter, Lang, Shown},
    method::Area,
    model::*,
};
use serde_json::json;

fn item<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("sample item")
}

/// Ids that must never show in a sentence: all start with `id-`.
const P1: &str = "id-person-cora";

/// One sample item of every kind, each in its list, in an order that lets later ones
/// refer to earlier ones.
fn samples() -> Vec<(ListRef, Item)> {
    let ka = || "ka0".to_string();
    let c0 = || "c0".to_string();
    vec![
        (
            ListRef::People,
            Item::Person(item(
                json!({"id": P1, "name": "Cora Frei", "role": "Innendienst", "capacity": 3, "trainings": []}),
            )),
        ),
        (
            ListRef::ProgrammeGoals,
            Item::ProgrammeGoal(item(
                json!({"id": "id-pgoal", "rank": 1.0, "text": "Umsatz mit Top-Kunden +10 %", "measure": "Umsatz", "achieved": false}),
            )),
        ),
        (
            ListRef::Team,
            Item::TeamMember(item(
                json!({"id": "id-team", "person_id": P1, "role": "Projektleitung"}),
            )),
        ),
        (
            ListRef::PlanSteps,
            Item::PlanStep(item(
                json!({"id": "id-step-a", "rank": 1.0, "title": "Kick-off", "owner_id": null, "due": null, "status": "Open", "is_milestone": false, "after": null}),
            )),
        ),
        (
            ListRef::PlanSteps,
            Item::PlanStep(item(
                json!({"id": "id-step", "rank": 2.0, "title": "Strategie klären", "owner_id": null, "due": null, "status": "Open", "is_milestone": false, "after": null}),
            )),
        ),
        (
            ListRef::AsIs,
            Item::AsIsAnswer(item(
                json!({"id": "who_serves", "rating": null, "notes": ""}),
            )),
        ),
        (
            ListRef::GroundRuleChecks,
            Item::GroundRuleCheck(item(
                json!({"id": "id-grc", "date": "2026-11-01", "ratings": [{"id": "id-rr", "rule": 1, "rating": 4, "note": ""}]}),
            )),
        ),
        (
            ListRef::Conflicts,
            Item::ConflictEntry(item(
                json!({"id": "id-conflict", "what": "Preisnachlass ohne Absprache", "who": "Verkauf", "status": "Open", "resolution": ""}),
            )),
        ),
        (
            ListRef::Communications,
            Item::Communication(item(
                json!({"id": "id-comm", "what": "Information an alle", "audience": "Mitarbeitende", "date": null, "done": false}),
            )),
        ),
        (
            ListRef::ProgrammeReviews,
            Item::ProgrammeReview(item(
                json!({"id": "id-preview", "date": "2026-11-20", "participants": "GL", "findings": "", "measure_ids": []}),
            )),
        ),
        (
            ListRef::Customers,
            Item::Customer(item(
                json!({"id": "id-cust", "number": "K-9", "name": "Zeta GmbH", "industry": "Handel", "region": "Bern", "revenue": null, "margin": null, "potential": null, "ratings": [], "attributes": [], "selection": "None"}),
            )),
        ),
        (
            ListRef::Criteria,
            Item::Criterion(item(
                json!({"id": "id-crit", "rank": 1.0, "name": "Umsatz ab 500'000", "rule": {"Measured": {"field": "revenue", "threshold": 50_000_000}}, "weight": 1}),
            )),
        ),
        (
            ListRef::Decisions,
            Item::SelectionDecision(item(
                json!({"id": "id-dec", "customer_id": c0(), "from": "None", "to": "Provisional", "decided_by": "Anna", "decided_at": 1_800_000_000, "reason": "Grösster Kunde", "criteria_met": []}),
            )),
        ),
        (
            ListRef::Requirements,
            Item::Requirement(item(
                json!({"id": "id-req", "rank": 1.0, "name": "Verhandlungsgeschick", "weight": 2, "required_level": 3}),
            )),
        ),
        (
            ListRef::Trainings {
                person_id: "p0".into(),
            },
            Item::Training(item(
                json!({"id": "id-train", "topic": "Verhandlung", "date": null, "provider": "", "status": "Open"}),
            )),
        ),
        (
            ListRef::Assessments,
            Item::Assessment(item(
                json!({"id": "id-assess", "person_id": "p0", "assessed_by": "Anna", "date": "2026-10-01", "levels": [], "notes": ""}),
            )),
        ),
        (
            ListRef::Levels {
                assessment_id: "id-assess".into(),
            },
            Item::Level(item(json!({"id": "id-req", "level": 2}))),
        ),
        (
            ListRef::Swot {
                key_account_id: ka(),
            },
            Item::SwotItem(item(
                json!({"id": "id-swot", "kind": "Strength", "text": "Langjährige Beziehung"}),
            )),
        ),
        (
            ListRef::Goals {
                key_account_id: ka(),
            },
            Item::Goal(item(
                json!({"id": "id-goal", "rank": 1.0, "title": "Zweitlieferant ablösen", "target_date": null}),
            )),
        ),
        (
            ListRef::Actions {
                key_account_id: ka(),
            },
            Item::Action(item(
                json!({"id": "id-action", "title": "Werksbesuch", "owner_id": null, "due": null, "status": "Open", "goal_id": null}),
            )),
        ),
        (
            ListRef::Stakeholders {
                key_account_id: ka(),
            },
            Item::Stakeholder(item(
                json!({"id": "id-stake", "name": "Dr. Huber", "function": "Einkaufsleiter", "role": "Buyer", "influence": 2, "attitude": 0, "contact_person_id": null, "last_contact": null}),
            )),
        ),
        (
            ListRef::Reviews {
                key_account_id: ka(),
            },
            Item::Review(item(
                json!({"id": "id-review", "date": "2026-11-15", "participants": "Anna, Beat", "notes": "", "decisions": "", "heads": []}),
            )),
        ),
        (
            ListRef::Targets {
                key_account_id: ka(),
            },
            Item::Target(item(
                json!({"id": "2027-Q1", "revenue_target": null, "margin_target": null, "revenue_actual": null, "margin_actual": null}),
            )),
        ),
        (
            ListRef::Offerings,
            Item::Offering(item(json!({"id": "id-offer", "name": "Wartungsvertrag"}))),
        ),
        (
            ListRef::Whitespace {
                key_account_id: ka(),
            },
            Item::WhitespaceCell(item(
                json!({"id": "id-offer", "coverage": "Open", "potential": null, "competitor": ""}),
            )),
        ),
        (
            ListRef::Ratings { customer_id: c0() },
            Item::Rating(item(json!({"id": "id-crit", "value": 3}))),
        ),
        (
            ListRef::Attributes { customer_id: c0() },
            Item::Attribute(item(json!({"id": "Branche (ERP)", "value": "Metall"}))),
        ),
        (
            ListRef::PortfolioFactors,
            Item::PortfolioFactor(item(
                json!({"id": "id-factor", "rank": 1.0, "axis": "Attractiveness", "name": "Wachstum der Branche", "source": "rated", "weight": 1}),
            )),
        ),
        (
            ListRef::PortfolioSnapshots,
            Item::PortfolioSnapshot(item(
                json!({"id": "id-snap", "date": "2026-11-30", "name": "Stand November", "points": []}),
            )),
        ),
        (
            ListRef::Workshops,
            Item::Workshop(item(
                json!({"id": "id-workshop", "title": "Kriterien-Workshop", "date": "2027-01-20", "participants": "Anna, Beat"}),
            )),
        ),
        (
            ListRef::AgendaItems,
            Item::AgendaItem(item(
                json!({"id": "id-agenda", "workshop_id": "id-workshop", "rank": 1.0, "title": "Kriterien festlegen", "screen": "/customers/criteria", "minutes": 40, "notes": ""}),
            )),
        ),
    ]
}

/// A new value for `field` of `kind` that the rules accept.
fn new_value(kind: EntityKind, field: &str, texts: &[&str]) -> Value {
    if texts.contains(&field) {
        return Value::Text(format!("Neu: {field}"));
    }
    match field {
        "rank" => Value::Rank(7.5),
        "owner_id" | "person_id" | "sponsor_id" | "manager_id" | "deputy_id"
        | "contact_person_id" => Value::Str(P1.into()),
        "after" => Value::Str("id-step-a".into()),
        "goal_id" => Value::Str("id-goal".into()),
        "date" | "due" | "start_date" | "target_date" | "last_contact" => {
            Value::Str("2027-01-15".into())
        }
        "status" => Value::Status(Status::Done),
        "selection" => Value::Selection(SelectionStatus::Provisional),
        "kind" => Value::SwotKind(SwotKind::Threat),
        "role" if kind == EntityKind::Stakeholder => Value::BuyingRole(BuyingRole::Decider),
        "axis" => Value::Axis(Axis::Position),
        "coverage" => Value::Str("Potential".into()),
        "rule" => Value::Rule(CriterionRule::Measured {
            field: "revenue".into(),
            threshold: 100_000_000,
        }),
        "achieved" | "is_milestone" | "done" | "managing_director_account" => Value::Bool(true),
        "revenue" | "margin" | "potential" | "revenue_target" | "margin_target"
        | "revenue_actual" | "margin_actual" => Value::Int(25_000_000),
        "attitude" => Value::Int(1),
        "influence" => Value::Uint(3),
        "duration_months" => Value::Uint(12),
        "capacity" => Value::Uint(40),
        "review_every_days" => Value::Uint(60),
        "rating" | "value" if kind != EntityKind::Attribute => Value::Uint(4),
        "weight" | "required_level" | "level" => Value::Uint(4),
        "number" => Value::Str("K-77".into()),
        "started_at" | "ended_at" | "item_started_at" => Value::OptInt(Some(1_800_000_000_000)),
        "current_item" => Value::OptStr(Some("id-agenda".into())),
        "minutes" => Value::Uint(25),
        "screen" => Value::Str("/customers".into()),
        "source" => Value::Str("potential".into()),
        _ => Value::Str(format!("Neu {}", field.replace('_', " "))),
    }
}

/// Every kind created, every editable field changed, then every item removed.
fn every_edit() -> WorkspaceDoc {
    let mut doc = workspace();
    let mut t = T0 + 10_000;
    let mut run = |doc: &mut WorkspaceDoc, command: Command| {
        t += 600_000; // ten minutes apart: nothing folds
        doc.apply(&command, &author("Anna"), t)
            .unwrap_or_else(|e| panic!("{command:?} failed: {e}"));
    };
    for (list, item) in samples() {
        run(&mut doc, Command::Insert { list, item });
    }
    for (list, item) in samples() {
        let kind = item.kind();
        let (fields, texts) = editable_fields(kind);
        for field in fields {
            if kind == EntityKind::Customer && *field == "number" {
                continue;
            }
            let value = new_value(kind, field, texts);
            run(
                &mut doc,
                Command::set(list.clone(), item.id(), field, value),
            );
        }
    }
    for (field, value) in [
        ("start_date", Value::OptStr(Some("2027-01-01".into()))),
        ("duration_months", Value::Uint(18)),
        ("sponsor_id", Value::OptStr(Some(P1.into()))),
    ] {
        let field = match field {
            "start_date" => kam_domain::command::ProgrammeField::StartDate,
            "duration_months" => kam_domain::command::ProgrammeField::DurationMonths,
            _ => kam_domain::command::ProgrammeField::SponsorId,
        };
        run(&mut doc, Command::SetProgramme { field, value });
    }
    run(
        &mut doc,
        Command::SetProgramme {
            field: kam_domain::command::ProgrammeField::CompanyStrategy,
            value: Value::Text("Wachstum im DACH-Raum".into()),
        },
    );
    run(
        &mut doc,
        Command::SetWorkspace {
            field: kam_domain::command::WorkspaceField::CriteriaThreshold,
            value: Value::Uint(1),
        },
    );
    for (list, item) in samples().into_iter().rev() {
        run(
            &mut doc,
            Command::Remove {
                list,
                id: item.id().to_string(),
            },
        );
    }
    doc
}

#[test]
fn every_entry_names_things_and_fields_in_both_languages() {
    let doc = every_edit();
    let entries = history::entries(doc.history());
    assert!(entries.len() > 150, "{} entries", entries.len());
    for lang in [Lang::De, Lang::En] {
        for e in &entries {
            let s = e.sentence(lang);
            assert!(!s.contains("id-"), "raw id in {s:?}");
            for key in [
                "fields.",
                "kinds.",
                "history.",
                "plan.",
                "customers.",
                "accounts.",
                "analysis.",
                "whitespace.",
                "portfolio.",
            ] {
                assert!(!s.contains(key), "locale key in {s:?}");
            }
            // Field keys are snake_case; no word of a sentence may be one.
            assert!(
                !s.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w.contains('_')
                        && w.chars().all(|c| c.is_ascii_lowercase() || c == '_')),
                "field key in {s:?}"
            );
        }
    }
    let all = |lang| {
        entries
            .iter()
            .map(|e| e.sentence(lang))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let de = all(Lang::De);
    let en = all(Lang::En);
    // Names and context as the screens show them.
    for expected in [
        "Bewertung «Umsatz ab 500'000» (Müller AG) angelegt",
        "Key Account «Müller AG» angelegt",
        "Projektteam «Projektleitung» (Cora Frei) angelegt",
        "Massnahme «Neu title» (Müller AG) geändert: Verantwortlich: — → «Neu name»",
        "Massnahme «Neu title» (Müller AG) geändert: Status: Offen → Erledigt",
        "Massnahme «Neu title» (Müller AG) geändert: Ziel: — → «Neu title»",
        "Zielwert «2027-Q1» (Müller AG) geändert: Umsatz Ziel: — → 250'000",
        "Arbeitsschritt «Neu title» geändert: Termin: — → 15.01.2027",
        "Potenzialfeld «Wartungsvertrag» (Müller AG) angelegt",
        "Potenzialfeld «Neu name» (Müller AG) geändert: Stand: offen → Potenzial",
        "Stufe «Verhandlungsgeschick» (Beat Keller) angelegt",
        "Ist-Analyse «Es ist klar geregelt, wer die wichtigsten Kunden heute betr…» angelegt",
        "Kriterium «Neu name» geändert: Regel: Umsatz ≥ 500'000 → Umsatz ≥ 1'000'000",
        "Auswahlentscheid «Müller AG» angelegt",
        "Stakeholder «Neu name» (Müller AG) geändert: Rolle: Einkäufer → Entscheider",
        "Einführungsprojekt geändert: Sponsor: — → «Neu name»",
        "Arbeitsbereich «Muster AG» geändert: Schwelle der Kriterien: 2 → 1",
        "Massnahme «Neu title» (Müller AG) entfernt",
    ] {
        assert!(
            de.lines().any(|l| l == expected),
            "missing {expected:?} in\n{de}"
        );
    }
    for expected in [
        "Action «Neu title» (Müller AG) changed: Status: Open → Done",
        "Target «2027-Q1» (Müller AG) changed: Revenue target: — → 250,000",
        "Work step «Neu title» changed: Due date: — → 15/01/2027",
    ] {
        assert!(
            en.lines().any(|l| l == expected),
            "missing {expected:?} in\n{en}"
        );
    }
}

#[test]
fn every_editable_field_has_a_name_in_both_languages() {
    for kind in samples().iter().map(|(_, i)| i.kind()).chain([
        EntityKind::Workspace,
        EntityKind::Programme,
        EntityKind::Strategy,
    ]) {
        for field in editable_fields(kind).0 {
            for lang in [Lang::De, Lang::En] {
                assert!(
                    history::word(lang, &format!("fields.{field}")).is_some(),
                    "{lang:?} has no name for {kind:?}.{field}"
                );
            }
        }
    }
}

#[test]
fn an_import_and_a_review_with_actions_are_one_entry_each() {
    let mut doc = workspace();
    let before = doc.history().len();
    let import: Vec<Command> = (1..=3)
        .map(|i| Command::Insert {
            list: ListRef::Customers,
            item: customer(&format!("n{i}"), &format!("Neu {i} AG")),
        })
        .collect();
    doc.apply(&Command::Batch(import), &author("Carla"), T0 + 5_000)
        .expect("import");
    let ka = || ListRef::Actions {
        key_account_id: "ka0".into(),
    };
    let review = Command::Batch(vec![
        Command::Insert {
            list: ListRef::Reviews {
                key_account_id: "ka0".into(),
            },
            item: Item::Review(item(
                json!({"id": "r1", "date": "2026-12-01", "participants": "Anna", "notes": "", "decisions": "", "heads": []}),
            )),
        },
        Command::Insert {
            list: ka(),
            item: action("a1", "Angebot nachfassen"),
        },
        Command::Insert {
            list: ka(),
            item: action("a2", "Werksbesuch planen"),
        },
    ]);
    doc.apply(&review, &author("Anna"), T0 + 6_000)
        .expect("review");
    let entries = history::entries(doc.history());
    assert_eq!(entries.len(), before + 2);
    let import = &entries[before];
    assert_eq!(
        import.sentence(Lang::De),
        "Kunde «Neu 1 AG» angelegt und 2 weitere"
    );
    assert_eq!(
        import.parts(Lang::De),
        vec![
            "Kunde «Neu 1 AG» angelegt",
            "Kunde «Neu 2 AG» angelegt",
            "Kunde «Neu 3 AG» angelegt"
        ]
    );
    let review = &entries[before + 1];
    assert_eq!(
        review.sentence(Lang::En),
        "Review «01/12/2026» (Müller AG) created and 2 more"
    );
    assert_eq!(
        review.parts(Lang::De)[2],
        "Massnahme «Werksbesuch planen» (Müller AG) angelegt"
    );
    // The review concerns Müller AG: the account filter finds it, and not the import.
    let filter = Filter {
        customers: Some(["c0".to_string()].into()),
        ..Filter::default()
    };
    assert!(filter.matches(review, Lang::De));
    assert!(!filter.matches(import, Lang::De));
}

#[test]
fn quick_edits_of_one_field_by_one_person_fold_into_one_entry() {
    let mut doc = workspace();
    let list = || ListRef::Customers;
    let at = |doc: &mut WorkspaceDoc, who: &str, secs: i64, name: &str| {
        doc.apply(
            &Command::set(list(), "c0", "name", str(name)),
            &author(who),
            T0 + secs * 1000,
        )
        .expect("rename");
    };
    at(&mut doc, "Anna", 10, "Müller");
    at(&mut doc, "Anna", 70, "Müller A");
    at(&mut doc, "Anna", 200, "Müller Maschinen AG");
    at(&mut doc, "Beat", 210, "Müller Maschinenbau AG");
    at(&mut doc, "Beat", 900, "Müller Maschinenbau AG, Wil");
    let entries = history::entries(doc.history());
    let renames: Vec<_> = entries
        .iter()
        .filter(|e| {
            e.summary
                .as_ref()
                .is_some_and(|s| s.fields == ["name"] && s.kind == EntityKind::Customer)
        })
        .collect();
    assert_eq!(
        renames.len(),
        3,
        "Anna's three, Beat's first, Beat's later one"
    );
    assert_eq!(renames[0].hashes.len(), 3);
    assert_eq!(renames[0].author, "Anna");
    assert_eq!(
        renames[0].sentence(Lang::De),
        "Kunde «Müller Maschinen AG» geändert: Name: «Müller AG» → «Müller Maschinen AG»"
    );
    assert_eq!(renames[0].until - renames[0].time, 190);
    assert_eq!(renames[1].author, "Beat");
    assert_eq!(renames[2].hashes.len(), 1, "more than five minutes later");
}

#[test]
fn a_field_history_lists_three_authors_newest_first() {
    let mut doc = workspace();
    let target = || ListRef::Customers;
    for (i, (who, amount)) in [
        ("Anna", 60_000_000),
        ("Beat", 61_000_000),
        ("Carla", 65_000_000),
    ]
    .into_iter()
    .enumerate()
    {
        doc.apply(
            &Command::set(target(), "c0", "revenue", Value::OptInt(Some(amount))),
            &author(who),
            T0 + (i as i64 + 1) * 3_600_000,
        )
        .expect("revenue");
        // Another field in between: not part of this field's history.
        doc.apply(
            &Command::set(target(), "c0", "region", str(&format!("Region {i}"))),
            &author(who),
            T0 + (i as i64 + 1) * 3_600_000 + 1,
        )
        .expect("region");
    }
    let edits = history::field_history(
        &doc.history(),
        Some(&ListRef::Customers),
        EntityKind::Customer,
        "c0",
        "revenue",
    );
    let seen: Vec<(&str, Shown, Shown)> = edits
        .iter()
        .map(|e| (e.author.as_str(), e.old.clone(), e.new.clone()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "Carla",
                Shown::Number(61_000_000),
                Shown::Number(65_000_000)
            ),
            ("Beat", Shown::Number(60_000_000), Shown::Number(61_000_000)),
            ("Anna", Shown::Number(50_000_000), Shown::Number(60_000_000)),
        ]
    );
    assert_eq!(
        history::shown_text(Lang::De, "revenue", &edits[0].new),
        "650'000"
    );
}

#[test]
fn the_difference_between_two_points_lists_exactly_what_changed() {
    let mut doc = workspace();
    let ka = || ListRef::Actions {
        key_account_id: "ka0".into(),
    };
    insert(&mut doc, "Anna", ka(), action("a1", "Angebot nachfassen"));
    insert(&mut doc, "Anna", ka(), action("a2", "Werksbesuch"));
    let then = doc.heads();
    apply(
        &mut doc,
        "Beat",
        Command::set(ka(), "a1", "status", Value::Status(Status::Done)),
    );
    apply(
        &mut doc,
        "Beat",
        Command::Remove {
            list: ka(),
            id: "a2".into(),
        },
    );
    insert(&mut doc, "Beat", ka(), action("a3", "Jahresgespräch"));
    apply(
        &mut doc,
        "Beat",
        Command::set(ListRef::Customers, "c0", "region", str("Zürich")),
    );
    let now = doc.heads();
    let differences = doc.differences(&then, &now).expect("both points exist");
    let found: Vec<(EntityKind, String, Difference)> = differences
        .iter()
        .map(|d| (d.kind, d.label.clone(), d.difference.clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                EntityKind::Customer,
                "Müller AG".into(),
                Difference::Changed(vec!["region".into()])
            ),
            (
                EntityKind::Action,
                "Angebot nachfassen".into(),
                Difference::Changed(vec!["status".into()])
            ),
            (
                EntityKind::Action,
                "Jahresgespräch".into(),
                Difference::Added
            ),
            (
                EntityKind::Action,
                "Werksbesuch".into(),
                Difference::Removed
            ),
        ]
    );
    let words: Vec<String> = differences
        .iter()
        .map(|d| history::difference_text(Lang::De, d))
        .collect();
    assert_eq!(
        words[1],
        "Massnahme «Angebot nachfassen» (Müller AG): geändert (Status)"
    );
    assert!(doc.differences(&now, &now).expect("now").is_empty());
}

#[test]
fn filters_by_person_area_account_date_and_text() {
    let mut doc = workspace();
    let ka = || ListRef::Actions {
        key_account_id: "ka0".into(),
    };
    doc.apply(
        &Command::Insert {
            list: ka(),
            item: action("a1", "Angebot nachfassen"),
        },
        &author("Beat"),
        T0 + 86_400_000,
    )
    .expect("action");
    doc.apply(
        &Command::Insert {
            list: ListRef::People,
            item: person("p9", "Dora Marti"),
        },
        &author("Carla"),
        T0 + 2 * 86_400_000,
    )
    .expect("person");
    let entries = history::entries(doc.history());
    let count = |f: &Filter| entries.iter().filter(|e| f.matches(e, Lang::De)).count();
    let total = entries.len();
    assert_eq!(count(&Filter::default()), total);
    assert_eq!(
        count(&Filter {
            author: Some("Beat".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(&Filter {
            area: Some(Area::People),
            ..Filter::default()
        }),
        2,
        "Beat Keller and Dora Marti"
    );
    assert_eq!(
        count(&Filter {
            author: Some("Beat".into()),
            customers: Some(["c0".to_string()].into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(&Filter {
            text: "nachfassen".into(),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(&Filter {
            text: "MASSNAHME".into(),
            ..Filter::default()
        }),
        1
    );
    let from = (T0 + 86_400_000) / 1000;
    assert_eq!(
        count(&Filter {
            from: Some(from),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        count(&Filter {
            from: Some(from),
            to: Some(from + 3600),
            ..Filter::default()
        }),
        1
    );
}

#[test]
fn the_audit_csv_has_one_row_per_changed_field() {
    let mut doc = workspace();
    doc.apply(
        &Command::Update {
            list: ListRef::Customers,
            id: "c0".into(),
            changes: vec![
                ("region".into(), str("Zürich")),
                ("revenue".into(), Value::OptInt(Some(70_000_000))),
            ],
        },
        &author("Beat"),
        T0 + 60_000,
    )
    .expect("edit");
    let entries = history::entries(doc.history());
    let last: Vec<&history::Entry> = entries.iter().rev().take(1).collect();
    let csv = history::history_csv(&last, Lang::De, 3600);
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Wann;Wer;Bereich;Was;Feld;Vorher;Nachher");
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].ends_with(
            ";Beat;Kunden & Auswahl;Kunde «Müller AG» geändert;Region;«Ostschweiz»;«Zürich»"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].ends_with(";Umsatz;500'000;700'000"),
        "{}",
        lines[2]
    );
}

#[test]
fn lists_and_values_read_back_from_a_message_as_they_were_written() {
    for (list, _) in samples() {
        assert_eq!(
            ListRef::from_code(&list.code()),
            Some(list.clone()),
            "{list:?}"
        );
    }
    assert_eq!(
        ListRef::from_code("Actions"),
        None,
        "a nested list needs its owner"
    );
    assert_eq!(ListRef::from_code("Nonsense:x"), None);
    for value in [
        Shown::None,
        Shown::Text("a: b".into()),
        Shown::Text(String::new()),
        Shown::Number(-12),
        Shown::Flag(true),
        Shown::Word("plan.done".into()),
        Shown::Measured("revenue".into(), 50_000_000),
        Shown::Rated(3),
    ] {
        let text: String = value.clone().into();
        assert_eq!(Shown::from(text), value);
    }
    // A form this app does not know shows as its text instead of failing.
    assert_eq!(Shown::from("x:1".to_string()), Shown::Text("x:1".into()));
}

fn named(id: &str, name: &str) -> Customer {
    match customer(id, name) {
        Item::Customer(c) => c,
        _ => unreachable!("common::customer makes a customer"),
    }
}

#[test]
fn a_typed_name_picks_the_customers_the_history_filter_shows() {
    let customers = vec![
        named("c1", "Müller AG"),
        named("c2", "Müller Logistik GmbH"),
        named("c3", "Alpen Müller"),
        named("c4", "Berg AG"),
        named("c5", "Müller AG"),
    ];
    let ids = |typed: &str| {
        history::customers_named(&customers, typed).map(|set| set.into_iter().collect::<Vec<_>>())
    };
    assert_eq!(ids(""), None, "nothing typed: no filter");
    assert_eq!(ids("   "), None);
    // An exact name (any case, outer spaces ignored) picks only those named so, both
    // customers of the same name included.
    assert_eq!(ids(" müller ag "), Some(vec!["c1".into(), "c5".into()]));
    // Part of a name picks every customer containing it.
    assert_eq!(
        ids("MÜLLER"),
        Some(vec!["c1".into(), "c2".into(), "c3".into(), "c5".into()])
    );
    // A name no customer has matches nothing (not everything).
    assert_eq!(ids("Zürich"), Some(vec![]));
    let filter = Filter {
        customers: history::customers_named(&customers, "Zürich"),
        ..Filter::default()
    };
    let entries = history::entries(workspace().history());
    assert!(entries.iter().all(|e| !filter.matches(e, Lang::De)));

    let suggest = |typed: &str, limit| history::customer_suggestions(&customers, typed, limit);
    assert!(suggest("", 10).is_empty(), "nothing offered before typing");
    // Names starting with the text first, then alphabetical; each name once.
    assert_eq!(
        suggest("mül", 10),
        vec!["Müller AG", "Müller Logistik GmbH", "Alpen Müller"]
    );
    assert_eq!(suggest("mül", 2), vec!["Müller AG", "Müller Logistik GmbH"]);
    assert_eq!(suggest("ag", 10), vec!["Berg AG", "Müller AG"]);
}

#[test]
fn the_history_after_known_heads_is_what_a_whole_read_appends_even_after_a_merge() {
    let mut anna = workspace();
    let before = anna.history();
    let known = anna.heads();
    let mut beat = anna.fork();
    beat.set_actor(b"beat-device-0001");
    anna.apply(
        &Command::Insert {
            list: ListRef::Customers,
            item: customer("c7", "Anna's Kunde"),
        },
        &author("Anna"),
        T0 + 1_000,
    )
    .expect("anna's edit");
    beat.apply(
        &Command::Insert {
            list: ListRef::Customers,
            item: customer("c8", "Beats Kunde"),
        },
        &author("Beat"),
        T0 + 2_000,
    )
    .expect("beat's concurrent edit");
    anna.merge(&mut beat).expect("merge");

    let after = anna
        .history_after(&known)
        .expect("known heads are in the document");
    assert_eq!(after.len(), 2, "only the two new changes are read");
    let mut appended = before.clone();
    appended.extend(after);
    assert_eq!(appended, anna.history());
    assert_eq!(
        anna.history_after(&anna.heads()).expect("current heads"),
        vec![],
        "nothing new"
    );

    // Heads of another document: not a base to append to.
    let other =
        WorkspaceDoc::create("ws-2", "Andere AG", &author("Carla"), T0).expect("another workspace");
    assert_eq!(anna.history_after(&other.heads()), None);
}

#[test]
fn a_history_read_built_on_an_earlier_one_equals_a_whole_read() {
    let mut anna = workspace();
    let first = anna.history_from(None);
    assert_eq!(*first.entries, anna.history());
    let mut beat = anna.fork();
    beat.set_actor(b"beat-device-0002");
    beat.apply(
        &Command::Insert {
            list: ListRef::Customers,
            item: customer("c9", "Beats Kunde"),
        },
        &author("Beat"),
        T0 + 3_000,
    )
    .expect("beat's edit");
    anna.merge(&mut beat).expect("merge");
    let second = anna.history_from(Some(&first));
    assert_eq!(*second.entries, anna.history());
    // Nothing new: the same shared list, not a copy.
    let third = anna.history_from(Some(&second));
    assert!(std::sync::Arc::ptr_eq(&second.entries, &third.entries));
    // A read of another document is not built on.
    let other =
        WorkspaceDoc::create("ws-3", "Andere AG", &author("Carla"), T0).expect("another workspace");
    assert_eq!(*other.history_from(Some(&second)).entries, other.history());
}
