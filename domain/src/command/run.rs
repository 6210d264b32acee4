//! Carrying out a command inside a transaction: fields written one by one, the result
//! validated, a summary for the history.

use automerge::{ObjId, ObjType, ROOT};
use autosurgeon::{Doc, ReadDoc, reconcile_prop};

use super::*;
use crate::validate::Validate;

pub(super) fn check_fields(
    kind: EntityKind,
    changes: &[(String, Value)],
) -> Result<(), CommandError> {
    if changes.is_empty() {
        return Err(CommandError::Empty);
    }
    let (allowed, _) = editable_fields(kind);
    for (field, _) in changes {
        if !allowed.contains(&field.as_str()) {
            return Err(CommandError::UnknownField {
                kind,
                field: field.clone(),
            });
        }
    }
    Ok(())
}

/// Writes field values into a map object; text fields as a diff of the current text.
pub(super) fn write_fields<D: Doc>(
    doc: &mut D,
    obj: &ObjId,
    kind: EntityKind,
    changes: &[(String, Value)],
) -> Result<(), CommandError> {
    let (_, text_fields) = editable_fields(kind);
    for (field, value) in changes {
        if text_fields.contains(&field.as_str()) {
            let Value::Text(new) = value else {
                return Err(CommandError::Invalid {
                    kind,
                    invalid: crate::validate::Invalid {
                        field: "text",
                        problem: crate::validate::Problem::Other(format!("`{field}` takes text")),
                    },
                });
            };
            let text_obj = match doc.get(obj, field.as_str())? {
                Some((automerge::Value::Object(ObjType::Text), id)) => id,
                _ => doc.put_object(obj, field.as_str(), ObjType::Text)?,
            };
            let old = doc.text(&text_obj)?;
            let (at, deleted, inserted) = one_splice(&old, new);
            if deleted > 0 || !inserted.is_empty() {
                doc.splice_text(&text_obj, at, deleted as isize, inserted)?;
            }
        } else {
            reconcile_prop(doc, obj, field.as_str(), value)?;
        }
    }
    Ok(())
}

/// The one splice that turns `old` into `new`: what lies between their common start and
/// common end is replaced as a block (positions in characters, the document's text
/// encoding). A character-level diff would thread the new text through the old one's
/// letters, and a concurrent insert elsewhere in them would then land inside a word;
/// as one block, every writer's words stay whole.
pub(crate) fn one_splice<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let prefix = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_len, new_len) = (old.chars().count(), new.chars().count());
    let suffix = old
        .chars()
        .rev()
        .zip(new.chars().rev())
        .take(old_len.min(new_len) - prefix)
        .take_while(|(a, b)| a == b)
        .count();
    let start = new.char_indices().nth(prefix).map_or(new.len(), |(i, _)| i);
    let end = new
        .char_indices()
        .nth(new_len - suffix)
        .map_or(new.len(), |(i, _)| i);
    (prefix, old_len - prefix - suffix, &new[start..end])
}

pub(super) fn invalid(kind: EntityKind) -> impl Fn(crate::validate::Invalid) -> CommandError {
    move |invalid| CommandError::Invalid { kind, invalid }
}

/// Carries out a command inside a transaction. On error the caller rolls back.
pub(crate) fn execute<D: Doc + automerge::transaction::Transactable>(
    doc: &mut D,
    command: &Command,
    finder: &mut Finder,
) -> Result<ChangeSummary, CommandError> {
    match command {
        Command::SetWorkspace { field, value } => {
            let kind = EntityKind::Workspace;
            let name = match field {
                WorkspaceField::Name => "name",
                WorkspaceField::CriteriaThreshold => "criteria_threshold",
                WorkspaceField::AbcA => "abc_a_percent",
                WorkspaceField::AbcB => "abc_b_percent",
            };
            let changes = vec![(name.to_string(), value.clone())];
            let fields = vec![name.to_string()];
            let before = describe::values(doc, &ROOT, kind, None, &fields, finder);
            write_fields(doc, &ROOT, kind, &changes)?;
            let after = describe::values(doc, &ROOT, kind, None, &fields, finder);
            // Only the workspace's own fields are checked: reading all its lists would
            // cost ~0.5 s at 20,000 customers.
            let mut ws = Workspace::skeleton("", "");
            crate::refresh::refresh_root_fields(doc, &mut ws)
                .map_err(|e| CommandError::Document(e.to_string()))?;
            ws.validate().map_err(invalid(kind))?;
            // "At least N of M": N may not exceed the criteria there are (with none yet,
            // any N up to the fixed range, for criteria still to come).
            let criteria = criteria_count(doc);
            if *field == WorkspaceField::CriteriaThreshold
                && criteria > 0
                && ws.criteria_threshold > criteria
            {
                return Err(CommandError::Invalid {
                    kind,
                    invalid: crate::validate::Invalid {
                        field: "criteria_threshold",
                        problem: crate::validate::Problem::OutOfRange {
                            value: ws.criteria_threshold.to_string(),
                            lo: "1".into(),
                            hi: criteria.to_string(),
                        },
                    },
                });
            }
            let mut summary =
                ChangeSummary::new(ChangeAction::Changed, kind, shorten(&ws.name, 60));
            summary.changes = describe::field_changes(&fields, before, after);
            summary.fields = fields;
            Ok(summary)
        }
        Command::SetProgramme { field, value } => {
            let programme = programme_obj(doc, true)?;
            let (obj, kind, name) = match field {
                ProgrammeField::StartDate => (programme, EntityKind::Programme, "start_date"),
                ProgrammeField::DurationMonths => {
                    (programme, EntityKind::Programme, "duration_months")
                }
                ProgrammeField::SponsorId => (programme, EntityKind::Programme, "sponsor_id"),
                ProgrammeField::CompanyStrategy
                | ProgrammeField::MarketingStrategy
                | ProgrammeField::KamRole => {
                    let strategy = match get_obj(doc, &programme, "strategy") {
                        Some(s) => s,
                        None => Doc::put_object(doc, &programme, "strategy", ObjType::Map)?,
                    };
                    let name = match field {
                        ProgrammeField::CompanyStrategy => "company",
                        ProgrammeField::MarketingStrategy => "marketing",
                        _ => "kam_role",
                    };
                    (strategy, EntityKind::Strategy, name)
                }
            };
            let changes = vec![(name.to_string(), value.clone())];
            let fields = vec![name.to_string()];
            let before = describe::values(doc, &obj, kind, None, &fields, finder);
            write_fields(doc, &obj, kind, &changes)?;
            let after = describe::values(doc, &obj, kind, None, &fields, finder);
            let programme: Programme =
                crate::snapshot::read(doc, &ROOT, "programme").map_err(CommandError::Document)?;
            programme
                .validate()
                .map_err(invalid(EntityKind::Programme))?;
            let mut summary = ChangeSummary::new(ChangeAction::Changed, kind, String::new());
            summary.changes = describe::field_changes(&fields, before, after);
            summary.fields = fields;
            Ok(summary)
        }
        Command::Insert { list, item } => insert(doc, list, item, finder),
        Command::Update { list, id, changes } => update(doc, list, id, changes, finder),
        Command::Remove { list, id } => {
            let kind = list.kind();
            let targets = every_copy(doc, list, id, finder);
            let Some((list_obj, index, _)) = targets.first() else {
                return Err(CommandError::NotFound {
                    kind,
                    id: id.clone(),
                });
            };
            let label = Item::hydrate_at(doc, kind, list_obj, *index)
                .map(|i| i.label())
                .unwrap_or_default();
            let place = describe::place(doc, list, id, finder);
            // Every copy goes, last first so that earlier positions stay right.
            for (list_obj, index, _) in targets.iter().rev() {
                Doc::delete(doc, list_obj, *index)?;
            }
            if *list == ListRef::Criteria {
                lower_threshold_to_criteria(doc)?;
            }
            Ok(placed(
                ChangeSummary::new(ChangeAction::Removed, kind, label),
                list,
                id,
                place,
            ))
        }
        Command::Batch(commands) => {
            let mut parts: Vec<ChangeSummary> = Vec::new();
            let mut count = 0;
            let mut rest = commands.as_slice();
            while let Some(command) = rest.first() {
                // New customers in a row (an import) are written in one splice: one op
                // per customer field is ten times slower in automerge 0.12.
                let run = rest
                    .iter()
                    .take_while(|c| {
                        matches!(
                            c,
                            Command::Insert {
                                list: ListRef::Customers,
                                item: Item::Customer(_)
                            }
                        )
                    })
                    .count();
                if run > 1 {
                    let customers: Vec<&Customer> = rest[..run]
                        .iter()
                        .filter_map(|c| match c {
                            Command::Insert {
                                item: Item::Customer(customer),
                                ..
                            } => Some(customer),
                            _ => None,
                        })
                        .collect();
                    let summary = insert_customers(doc, &customers, finder)?;
                    count += summary.count;
                    parts.extend(summary.parts);
                    rest = &rest[run..];
                    continue;
                }
                rest = &rest[1..];
                let summary = execute(doc, command, finder)?;
                // A batch inside a batch counts by its parts.
                if summary.count > 0 {
                    count += summary.count;
                    parts.extend(summary.parts);
                } else {
                    count += 1;
                    parts.push(summary);
                }
            }
            Ok(batch_summary(parts, count)?)
        }
    }
}

pub(super) fn insert<D: Doc + automerge::transaction::Transactable>(
    doc: &mut D,
    list: &ListRef,
    item: &Item,
    finder: &mut Finder,
) -> Result<ChangeSummary, CommandError> {
    if list.kind() != item.kind() {
        return Err(CommandError::WrongList {
            list: list.kind(),
            item: item.kind(),
        });
    }
    item.validate().map_err(invalid(item.kind()))?;
    crate::validate::required("id", item.id()).map_err(invalid(item.kind()))?;
    let list_obj = locate_list(doc, list, true, finder)?;
    if finder.find(doc, &list_obj, item.id()).is_some() {
        return Err(CommandError::DuplicateId {
            kind: item.kind(),
            id: item.id().to_string(),
        });
    }
    if let Item::Customer(c) = item {
        number_free(doc, &c.number, None, finder)?;
    }
    let index = automerge::ReadDoc::length(doc, &list_obj);
    item.insert_into(doc, &list_obj, index)?;
    finder.appended(doc, &list_obj, index, item.id());
    let place = describe::place(doc, list, item.id(), finder);
    Ok(placed(
        ChangeSummary::new(ChangeAction::Created, item.kind(), item.label()),
        list,
        item.id(),
        place,
    ))
}

/// Appends many new customers at once (see the batch above).
pub(super) fn insert_customers<D: Doc + automerge::transaction::Transactable>(
    doc: &mut D,
    customers: &[&Customer],
    finder: &mut Finder,
) -> Result<ChangeSummary, CommandError> {
    let kind = EntityKind::Customer;
    let list_obj = locate_list(doc, &ListRef::Customers, true, finder)?;
    let mut ids = std::collections::HashSet::new();
    for c in customers {
        c.validate().map_err(invalid(kind))?;
        crate::validate::required("id", &c.id).map_err(invalid(kind))?;
        if !ids.insert(c.id.as_str()) || finder.find(doc, &list_obj, &c.id).is_some() {
            return Err(CommandError::DuplicateId {
                kind,
                id: c.id.clone(),
            });
        }
    }
    let start = ReadDoc::length(doc, &list_obj);
    automerge::transaction::Transactable::splice(
        doc,
        &list_obj,
        start,
        0,
        customers.iter().map(|c| customer_tree(c)),
    )?;
    for (i, c) in customers.iter().enumerate() {
        finder.appended(doc, &list_obj, start + i, &c.id);
    }
    let parts: Vec<ChangeSummary> = customers
        .iter()
        .take(crate::history::PARTS_KEPT)
        .map(|c| {
            let mut part = ChangeSummary::new(ChangeAction::Created, kind, shorten(&c.name, 60));
            part.list = Some(ListRef::Customers);
            part.id = c.id.clone();
            part.customer = c.id.clone();
            part
        })
        .collect();
    batch_summary(parts, customers.len())
}

/// A customer as the document holds it, built the way `write` writes one (strings,
/// `Int` amounts or null, `Uint` ratings, the selection as its variant name). A test
/// compares this with that writing, field by field.
pub(crate) fn customer_tree(c: &Customer) -> automerge::hydrate::Value {
    use automerge::{ScalarValue, hydrate::Value as V};
    use std::collections::HashMap;
    let s = |v: &str| V::Scalar(ScalarValue::Str(v.into()));
    let amount = |v: Option<i64>| V::Scalar(v.map_or(ScalarValue::Null, ScalarValue::Int));
    let pairs =
        |items: Vec<(&str, V)>| -> V { V::from(items.into_iter().collect::<HashMap<&str, V>>()) };
    let selection = match c.selection {
        SelectionStatus::None => "None",
        SelectionStatus::Provisional => "Provisional",
        SelectionStatus::Definitive => "Definitive",
        SelectionStatus::Rejected => "Rejected",
    };
    pairs(vec![
        ("id", s(&c.id)),
        ("number", s(&c.number)),
        ("name", s(&c.name)),
        ("industry", s(&c.industry)),
        ("region", s(&c.region)),
        ("revenue", amount(c.revenue)),
        ("margin", amount(c.margin)),
        ("potential", amount(c.potential)),
        (
            "ratings",
            V::from(
                c.ratings
                    .iter()
                    .map(|r| {
                        pairs(vec![
                            ("id", s(&r.id)),
                            ("value", V::Scalar(ScalarValue::Uint(u64::from(r.value)))),
                        ])
                    })
                    .collect::<Vec<V>>(),
            ),
        ),
        (
            "attributes",
            V::from(
                c.attributes
                    .iter()
                    .map(|a| pairs(vec![("id", s(&a.id)), ("value", s(&a.value))]))
                    .collect::<Vec<V>>(),
            ),
        ),
        ("selection", s(selection)),
    ])
}

/// How many criteria the workspace has.
fn criteria_count<D: ReadDoc>(doc: &D) -> u64 {
    get_obj(doc, &ROOT, "criteria").map_or(0, |list| doc.length(&list) as u64)
}

/// After a criterion is removed, "at least N of M" asks for no more than the criteria
/// left (written in the same change, so the threshold shown is the one that applies).
fn lower_threshold_to_criteria<D: Doc + automerge::ReadDoc>(
    doc: &mut D,
) -> Result<(), CommandError> {
    let left = criteria_count(doc);
    let threshold: Option<u64> =
        crate::snapshot::read(doc, &ROOT, "criteria_threshold").map_err(CommandError::Document)?;
    if left > 0 && threshold.is_some_and(|t| t > left) {
        reconcile_prop(doc, &ROOT, "criteria_threshold", Value::Uint(left))?;
    }
    Ok(())
}

/// A criterion whose name is the one its rule gives itself ("Umsatz ab 500'000") is
/// renamed with its rule, so that no list shows an old threshold; a name of the team's
/// own stays.
fn renamed_with_rule<D: automerge::ReadDoc>(
    doc: &D,
    targets: &[(ObjId, usize, ObjId)],
    changes: &[(String, Value)],
) -> Option<(String, Value)> {
    let Some((_, Value::Rule(new_rule))) = changes.iter().find(|(f, _)| f == "rule") else {
        return None;
    };
    if changes.iter().any(|(f, _)| f == "name") {
        return None;
    }
    let (list_obj, index, _) = targets.first()?;
    let Ok(Item::Criterion(old)) = Item::hydrate_at(doc, EntityKind::Criterion, list_obj, *index)
    else {
        return None;
    };
    let language = crate::selection::named_by_rule(&old.name, &old.rule)?;
    let name = crate::selection::rule_name(new_rule, language)?;
    (name != old.name).then(|| ("name".to_string(), Value::Str(name)))
}

pub(super) fn update<D: Doc + automerge::transaction::Transactable>(
    doc: &mut D,
    list: &ListRef,
    id: &str,
    changes: &[(String, Value)],
    finder: &mut Finder,
) -> Result<ChangeSummary, CommandError> {
    let kind = list.kind();
    check_fields(kind, changes)?;
    let targets = every_copy(doc, list, id, finder);
    let mut with_name;
    let changes = match (list, renamed_with_rule(doc, &targets, changes)) {
        (ListRef::Criteria, Some(rename)) => {
            with_name = changes.to_vec();
            with_name.push(rename);
            with_name.as_slice()
        }
        _ => changes,
    };
    if targets.is_empty() {
        // Tell a missing parent (the key account) from a missing item.
        locate_list(doc, list, false, finder)?;
        return Err(CommandError::NotFound {
            kind,
            id: id.to_string(),
        });
    }
    if *list == ListRef::Customers
        && let Some((_, Value::Str(number))) = changes.iter().find(|(f, _)| f == "number")
    {
        number_free(doc, number, Some(&targets[0].2), finder)?;
        for (_, _, obj) in &targets {
            finder.renumbered(obj, number);
        }
    }
    let place = describe::place(doc, list, id, finder);
    let fields: Vec<String> = changes.iter().map(|(f, _)| f.clone()).collect();
    let before = describe::values(doc, &targets[0].2, kind, Some(list), &fields, finder);
    let mut first = None;
    // Copies made concurrently (one rating inserted on two devices) get the same value,
    // so they agree again.
    for (list_obj, index, obj) in &targets {
        write_fields(doc, obj, kind, changes)?;
        // Read back what is now there: a value of the wrong type fails here.
        let item =
            Item::hydrate_at(doc, kind, list_obj, *index).map_err(|e| CommandError::Invalid {
                kind,
                invalid: crate::validate::Invalid {
                    field: "value",
                    problem: crate::validate::Problem::Other(e.to_string()),
                },
            })?;
        item.validate().map_err(invalid(kind))?;
        first.get_or_insert(item);
    }
    let item = first.ok_or(CommandError::Empty)?;
    let after = describe::values(doc, &targets[0].2, kind, Some(list), &fields, finder);
    let mut summary = placed(
        ChangeSummary::new(ChangeAction::Changed, kind, item.label()),
        list,
        id,
        place,
    );
    summary.changes = describe::field_changes(&fields, before, after);
    summary.fields = fields;
    Ok(summary)
}

/// A summary with the item's list, id and place.
fn placed(
    mut summary: ChangeSummary,
    list: &ListRef,
    id: &str,
    place: describe::Place,
) -> ChangeSummary {
    if let Some(label) = place.label {
        summary.label = label;
    }
    summary.list = Some(list.clone());
    summary.id = id.to_string();
    summary.context = place.context;
    summary.customer = place.customer;
    summary
}

/// One summary for several changes written as one: the first part names it (an
/// import: its first customer), the parts are kept for the history to expand.
fn batch_summary(
    mut parts: Vec<ChangeSummary>,
    count: usize,
) -> Result<ChangeSummary, CommandError> {
    if count == 1 && parts.len() == 1 {
        return parts.pop().ok_or(CommandError::Empty);
    }
    let first = parts.first().ok_or(CommandError::Empty)?;
    let mut summary = ChangeSummary::new(first.action, first.kind, first.label.clone());
    summary.context = first.context.clone();
    // The account filter finds a batch when all its parts concern one customer.
    if parts.iter().all(|p| p.customer == first.customer) {
        summary.customer = first.customer.clone();
    }
    parts.truncate(crate::history::PARTS_KEPT);
    summary.parts = parts;
    summary.count = count;
    Ok(summary)
}
