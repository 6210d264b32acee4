//! Finding lists and items in the document: by list reference, by id, every copy of an
//! item made concurrently.

use automerge::{ObjId, ObjType, ROOT};
use autosurgeon::{Doc, ReadDoc};

use super::*;

pub(super) fn get_obj<D: ReadDoc>(doc: &D, parent: &ObjId, prop: &str) -> Option<ObjId> {
    match doc.get(parent, prop) {
        Ok(Some((automerge::Value::Object(_), id))) => Some(id),
        _ => None,
    }
}

/// The map object of the item with `id` in `list`, and its index.
pub(crate) fn find_item<D: ReadDoc>(doc: &D, list: &ObjId, id: &str) -> Option<(usize, ObjId)> {
    (0..doc.length(list)).find_map(|i| {
        let (_, obj) = doc.get(list, i).ok().flatten()?;
        match doc.get(&obj, "id").ok().flatten() {
            Some((automerge::Value::Scalar(s), _)) if s.as_str() == Some(id) => Some((i, obj)),
            _ => None,
        }
    })
}

/// Every map object of an item with `id` in `list`: more than one when two devices
/// inserted the same id concurrently (one customer's rating of one criterion).
pub(super) fn find_all<D: ReadDoc>(doc: &D, list: &ObjId, id: &str) -> Vec<(usize, ObjId)> {
    (0..doc.length(list))
        .filter_map(|i| {
            let (_, obj) = doc.get(list, i).ok().flatten()?;
            match doc.get(&obj, "id").ok().flatten() {
                Some((automerge::Value::Scalar(s), _)) if s.as_str() == Some(id) => Some((i, obj)),
                _ => None,
            }
        })
        .collect()
}

/// The objects of a string property of every item in the list under `key` of the root
/// whose `field` equals `value`.
pub(super) fn items_where<D: ReadDoc>(doc: &D, key: &str, field: &str, value: &str) -> Vec<ObjId> {
    let Some(list) = get_obj(doc, &ROOT, key) else {
        return Vec::new();
    };
    (0..doc.length(&list))
        .filter_map(|i| {
            let (_, obj) = doc.get(&list, i).ok().flatten()?;
            match doc.get(&obj, field).ok().flatten() {
                Some((automerge::Value::Scalar(s), _)) if s.as_str() == Some(value) => Some(obj),
                _ => None,
            }
        })
        .collect()
}

/// The list objects `list` stands for. Usually one; a key account that two devices
/// created concurrently for one customer is read as one (`plans::account`), so its
/// lists are those of every item for that customer; likewise for duplicated parents.
pub(super) fn every_list<D: ReadDoc>(doc: &D, list: &ListRef) -> Vec<ObjId> {
    let (place, key) = list_place(list);
    let parents = match place {
        Parent::KeyAccount(id) => match items_where(doc, "key_accounts", "id", id).first() {
            Some(first) => match doc.get(first, "customer_id").ok().flatten() {
                Some((automerge::Value::Scalar(s), _)) => s
                    .as_str()
                    .map(|c| items_where(doc, "key_accounts", "customer_id", c))
                    .unwrap_or_default(),
                _ => vec![first.clone()],
            },
            None => Vec::new(),
        },
        Parent::Customer(id) => items_where(doc, "customers", "id", id),
        Parent::Person(id) => items_where(doc, "people", "id", id),
        Parent::Assessment(id) => items_where(doc, "assessments", "id", id),
        other => parent_obj(doc, &other).into_iter().collect(),
    };
    parents
        .iter()
        .filter_map(|p| get_obj(doc, p, key))
        .collect()
}

/// Every copy of item `id` of `list`: (list object, index, item object).
pub(super) fn every_copy<D: ReadDoc>(
    doc: &D,
    list: &ListRef,
    id: &str,
) -> Vec<(ObjId, usize, ObjId)> {
    every_list(doc, list)
        .into_iter()
        .flat_map(|l| {
            find_all(doc, &l, id)
                .into_iter()
                .map(move |(i, o)| (l.clone(), i, o))
        })
        .collect()
}

/// The item objects of every copy of item `id` of `list` (see `versions`).
pub(crate) fn every_copy_readonly(
    doc: &automerge::Automerge,
    list: &ListRef,
    id: &str,
) -> Vec<ObjId> {
    every_copy(doc, list, id)
        .into_iter()
        .map(|(_, _, obj)| obj)
        .collect()
}

/// Customer numbers identify customers (imports match on them): a number typed by hand
/// that another customer has is refused, naming that customer.
pub(super) fn number_free<D: ReadDoc>(
    doc: &D,
    number: &str,
    except: Option<&ObjId>,
) -> Result<(), CommandError> {
    let number = number.trim();
    if number.is_empty() {
        return Ok(());
    }
    let taken = items_where(doc, "customers", "number", number)
        .into_iter()
        .find(|obj| Some(obj) != except);
    match taken {
        Some(obj) => {
            let name = match doc.get(&obj, "name").ok().flatten() {
                Some((automerge::Value::Scalar(s), _)) => {
                    s.as_str().unwrap_or_default().to_string()
                }
                _ => String::new(),
            };
            Err(CommandError::NumberTaken {
                number: number.to_string(),
                name,
            })
        }
        None => Ok(()),
    }
}

/// Where a list hangs in the document.
pub(super) enum Parent<'a> {
    Root,
    Programme,
    Person(&'a str),
    KeyAccount(&'a str),
    Customer(&'a str),
    Assessment(&'a str),
}

/// The parent and property name of a list: one table for reading and writing.
pub(super) fn list_place(list: &ListRef) -> (Parent<'_>, &'static str) {
    match list {
        ListRef::ProgrammeGoals => (Parent::Programme, "goals"),
        ListRef::Team => (Parent::Programme, "team"),
        ListRef::PlanSteps => (Parent::Programme, "milestones"),
        ListRef::AsIs => (Parent::Programme, "as_is"),
        ListRef::GroundRuleChecks => (Parent::Programme, "ground_rule_checks"),
        ListRef::Conflicts => (Parent::Programme, "conflicts"),
        ListRef::Communications => (Parent::Programme, "communications"),
        ListRef::Customers => (Parent::Root, "customers"),
        ListRef::Criteria => (Parent::Root, "criteria"),
        ListRef::Decisions => (Parent::Root, "decisions"),
        ListRef::Requirements => (Parent::Root, "requirements"),
        ListRef::People => (Parent::Root, "people"),
        ListRef::Assessments => (Parent::Root, "assessments"),
        ListRef::KeyAccounts => (Parent::Root, "key_accounts"),
        ListRef::Trainings { person_id } => (Parent::Person(person_id), "trainings"),
        ListRef::Swot { key_account_id } => (Parent::KeyAccount(key_account_id), "swot"),
        ListRef::Goals { key_account_id } => (Parent::KeyAccount(key_account_id), "goals"),
        ListRef::Actions { key_account_id } => (Parent::KeyAccount(key_account_id), "actions"),
        ListRef::Stakeholders { key_account_id } => {
            (Parent::KeyAccount(key_account_id), "stakeholders")
        }
        ListRef::Reviews { key_account_id } => (Parent::KeyAccount(key_account_id), "reviews"),
        ListRef::Targets { key_account_id } => (Parent::KeyAccount(key_account_id), "targets"),
        ListRef::Ratings { customer_id } => (Parent::Customer(customer_id), "ratings"),
        ListRef::Attributes { customer_id } => (Parent::Customer(customer_id), "attributes"),
        ListRef::PortfolioFactors => (Parent::Root, "portfolio_factors"),
        ListRef::PortfolioSnapshots => (Parent::Root, "portfolio_snapshots"),
        ListRef::Levels { assessment_id } => (Parent::Assessment(assessment_id), "levels"),
    }
}

pub(super) fn parent_obj<D: ReadDoc>(doc: &D, parent: &Parent<'_>) -> Result<ObjId, CommandError> {
    match parent {
        Parent::Root => Ok(ROOT),
        Parent::Programme => get_obj(doc, &ROOT, "programme").ok_or(CommandError::NotFound {
            kind: EntityKind::Programme,
            id: "programme".into(),
        }),
        Parent::Person(id) => parent_item(doc, "people", EntityKind::Person, id),
        Parent::KeyAccount(id) => key_account(doc, id),
        Parent::Customer(id) => parent_item(doc, "customers", EntityKind::Customer, id),
        Parent::Assessment(id) => parent_item(doc, "assessments", EntityKind::Assessment, id),
    }
}

/// Finds a list object; with `create`, a list that an older document lacks is made.
pub(crate) fn locate_list<D: Doc>(
    doc: &mut D,
    list: &ListRef,
    create: bool,
) -> Result<ObjId, CommandError> {
    let (place, key) = list_place(list);
    let parent = match place {
        Parent::Programme => programme_obj(doc, create)?,
        other => parent_obj(doc, &other)?,
    };
    match get_obj(doc, &parent, key) {
        Some(obj) => Ok(obj),
        None if create => Ok(doc.put_object(&parent, key, ObjType::List)?),
        None => Err(CommandError::NotFound {
            kind: list.kind(),
            id: key.to_string(),
        }),
    }
}

pub(super) fn programme_obj<D: Doc>(doc: &mut D, create: bool) -> Result<ObjId, CommandError> {
    match get_obj(doc, &ROOT, "programme") {
        Some(obj) => Ok(obj),
        None if create => Ok(doc.put_object(ROOT, "programme", ObjType::Map)?),
        None => Err(CommandError::NotFound {
            kind: EntityKind::Programme,
            id: "programme".into(),
        }),
    }
}

pub(super) fn parent_item<D: ReadDoc>(
    doc: &D,
    list_key: &str,
    kind: EntityKind,
    id: &str,
) -> Result<ObjId, CommandError> {
    let not_found = || CommandError::NotFound {
        kind,
        id: id.to_string(),
    };
    let list = get_obj(doc, &ROOT, list_key).ok_or_else(not_found)?;
    find_item(doc, &list, id)
        .map(|(_, obj)| obj)
        .ok_or_else(not_found)
}

pub(super) fn key_account<D: ReadDoc>(doc: &D, id: &str) -> Result<ObjId, CommandError> {
    parent_item(doc, "key_accounts", EntityKind::KeyAccount, id)
}
