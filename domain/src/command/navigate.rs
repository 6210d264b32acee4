//! Finding lists and items in the document: by list reference, by id, every copy of an
//! item made concurrently.

use automerge::{ObjId, ObjType, ROOT};
use autosurgeon::{Doc, ReadDoc};

use std::collections::HashMap;

use super::*;

pub(super) fn get_obj<D: ReadDoc>(doc: &D, parent: &ObjId, prop: &str) -> Option<ObjId> {
    match doc.get(parent, prop) {
        Ok(Some((automerge::Value::Object(_), id))) => Some(id),
        _ => None,
    }
}

/// Finds items by id without reading their list each time: a list is read once, and
/// the index follows the inserts and number changes made through it. It belongs to one
/// document version; [`Finder::follow`] forgets it when the document has changed some
/// other way (a merge, a sync message, a file). Every hit is checked against the
/// document (still in that list, not deleted) before it is used.
#[derive(Debug, Clone, Default)]
pub struct Finder {
    /// The heads the index was last known to be right for.
    at: Vec<automerge::ChangeHash>,
    /// Per list object: item id → the item objects with that id (two after concurrent
    /// inserts of the same id).
    lists: HashMap<ObjId, HashMap<String, Vec<ObjId>>>,
    /// The customers list's items by customer number (numbers identify customers).
    numbers: Option<(ObjId, HashMap<String, Vec<ObjId>>)>,
}

impl Finder {
    /// Keeps the index only while the document is at the version it was made for.
    pub(crate) fn follow(&mut self, heads: &[automerge::ChangeHash]) {
        if self.at != heads {
            *self = Finder {
                at: heads.to_vec(),
                ..Finder::default()
            };
        }
    }

    /// The document is now at `heads` through changes that went through this index.
    pub(crate) fn moved_to(&mut self, heads: Vec<automerge::ChangeHash>) {
        self.at = heads;
    }

    /// Forgets everything (a change was rolled back: its objects' ids will be reused).
    pub(crate) fn forget(&mut self) {
        *self = Finder::default();
    }

    /// The first copy (lowest index) of item `id` of `list`, and its index.
    pub(crate) fn find<D: ReadDoc>(
        &mut self,
        doc: &D,
        list: &ObjId,
        id: &str,
    ) -> Option<(usize, ObjId)> {
        self.find_all(doc, list, id).into_iter().next()
    }

    /// Every copy of item `id` of `list` with its index, in list order: more than one
    /// when two devices inserted the same id concurrently (one customer's rating of one
    /// criterion).
    pub(crate) fn find_all<D: ReadDoc>(
        &mut self,
        doc: &D,
        list: &ObjId,
        id: &str,
    ) -> Vec<(usize, ObjId)> {
        let ids = self
            .lists
            .entry(list.clone())
            .or_insert_with(|| read_by(doc, list, "id"));
        let mut found: Vec<(usize, ObjId)> = ids
            .get(id)
            .into_iter()
            .flatten()
            .filter(|obj| string_at(doc, obj, "id").as_deref() == Some(id))
            .filter_map(|obj| Some((index_in(doc, list, obj)?, obj.clone())))
            .collect();
        crate::order::sort_by_key(&mut found, |(i, _)| *i);
        found
    }

    /// The customers whose number is `number` (trimmed).
    pub(crate) fn customers_numbered<D: ReadDoc>(
        &mut self,
        doc: &D,
        customers: &ObjId,
        number: &str,
    ) -> Vec<ObjId> {
        if !matches!(&self.numbers, Some((list, _)) if list == customers) {
            self.numbers = Some((customers.clone(), read_by(doc, customers, "number")));
        }
        let Some((_, numbers)) = &self.numbers else {
            return Vec::new();
        };
        numbers
            .get(number)
            .into_iter()
            .flatten()
            .filter(|obj| {
                index_in(doc, customers, obj).is_some()
                    && string_at(doc, obj, "number").is_some_and(|n| n.trim() == number)
            })
            .cloned()
            .collect()
    }

    /// Follows changes that came from elsewhere (a merge, a sync message, another tab),
    /// told by their patches, so that one remote edit does not cost the next local one a
    /// reading of every list. The document is at `heads` afterwards.
    pub(crate) fn absorb(
        &mut self,
        doc: &automerge::Automerge,
        patches: &[automerge::Patch],
        heads: Vec<automerge::ChangeHash>,
    ) {
        use automerge::{PatchAction, Value};
        for patch in patches {
            let new_items: Vec<ObjId> = match &patch.action {
                PatchAction::Insert { values, .. } => values
                    .iter()
                    .filter(|(v, _, _)| matches!(v, Value::Object(ObjType::Map)))
                    .map(|(_, obj, _)| obj.clone())
                    .collect(),
                PatchAction::PutSeq {
                    value: (Value::Object(ObjType::Map), obj),
                    ..
                } => vec![obj.clone()],
                PatchAction::PutMap {
                    key,
                    value: (Value::Scalar(number), _),
                    ..
                } if key == "number" => {
                    if let (Some((customers, _)), Some(number)) = (&self.numbers, number.as_str())
                        && patch.path.last().is_some_and(|(list, _)| list == customers)
                    {
                        let number = number.to_string();
                        self.renumbered(&patch.obj, &number);
                    }
                    Vec::new()
                }
                _ => Vec::new(),
            };
            for obj in new_items {
                if let Some(ids) = self.lists.get_mut(&patch.obj)
                    && let Some(id) = string_at(doc, &obj, "id")
                {
                    add(ids, id, obj.clone());
                }
                if let Some((customers, numbers)) = &mut self.numbers
                    && *customers == patch.obj
                    && let Some(number) = string_at(doc, &obj, "number")
                {
                    add(numbers, number.trim().to_string(), obj);
                }
            }
        }
        self.at = heads;
    }

    /// Indexes the customers from the model read at this document version (same order
    /// as the list): no reading of each item's id and number from the document, which
    /// costs ~0.15 s at 20,000 customers. Nothing is indexed when they do not line up
    /// (another count, or another id first, in the middle or last); the answer says
    /// whether they did.
    pub(crate) fn seed_customers<D: ReadDoc>(
        &mut self,
        doc: &D,
        customers: &[crate::model::Customer],
    ) -> bool {
        let Some(list) = get_obj(doc, &ROOT, "customers") else {
            return customers.is_empty();
        };
        let objs: Vec<ObjId> = doc.list_range(&list, ..).map(|item| item.id()).collect();
        if objs.len() != customers.len() {
            return false;
        }
        let n = objs.len();
        let lines_up = [0, n / 2, n.saturating_sub(1)]
            .into_iter()
            .filter(|&i| i < n)
            .all(|i| string_at(doc, &objs[i], "id").as_deref() == Some(customers[i].id.as_str()));
        if !lines_up {
            return false;
        }
        let mut ids: HashMap<String, Vec<ObjId>> = HashMap::with_capacity(objs.len());
        let mut numbers: HashMap<String, Vec<ObjId>> = HashMap::with_capacity(objs.len());
        for (obj, c) in objs.into_iter().zip(customers) {
            add(&mut numbers, c.number.trim().to_string(), obj.clone());
            add(&mut ids, c.id.clone(), obj);
        }
        self.lists.insert(list.clone(), ids);
        self.numbers = Some((list, numbers));
        true
    }

    /// An item was inserted at `index` of `list`.
    pub(crate) fn appended<D: ReadDoc>(&mut self, doc: &D, list: &ObjId, index: usize, id: &str) {
        let Ok(Some((_, obj))) = doc.get(list, index) else {
            return;
        };
        if let Some(ids) = self.lists.get_mut(list) {
            add(ids, id.to_string(), obj.clone());
        }
        if let Some((customers, numbers)) = &mut self.numbers
            && customers == list
            && let Some(number) = string_at(doc, &obj, "number")
        {
            add(numbers, number.trim().to_string(), obj);
        }
    }

    /// A customer's number was set (its old entry fails the check from now on).
    pub(crate) fn renumbered(&mut self, obj: &ObjId, number: &str) {
        if let Some((_, numbers)) = &mut self.numbers {
            add(numbers, number.trim().to_string(), obj.clone());
        }
    }
}

/// Files `obj` under `key`. Almost every key has one item: a vector of exactly one
/// (instead of the four a first push reserves) keeps the index of 50,000 customers at a
/// third of the memory.
fn add(map: &mut HashMap<String, Vec<ObjId>>, key: String, obj: ObjId) {
    map.entry(key)
        .or_insert_with(|| Vec::with_capacity(1))
        .push(obj);
}

/// The items of `list` by the string value of their `field` (trimmed).
fn read_by<D: ReadDoc>(doc: &D, list: &ObjId, field: &str) -> HashMap<String, Vec<ObjId>> {
    let mut out: HashMap<String, Vec<ObjId>> = HashMap::new();
    for item in doc.list_range(list, ..) {
        if let automerge::ValueRef::Object(ObjType::Map) = item.value {
            let obj = item.id();
            if let Some(value) = string_at(doc, &obj, field) {
                add(&mut out, value.trim().to_string(), obj);
            }
        }
    }
    out
}

fn string_at<D: ReadDoc>(doc: &D, obj: &ObjId, field: &str) -> Option<String> {
    match doc.get(obj, field).ok().flatten() {
        Some((automerge::Value::Scalar(s), _)) => s.as_str().map(str::to_string),
        _ => None,
    }
}

/// Where `obj` is in `list` now; `None` when it was deleted or is not in that list.
fn index_in<D: ReadDoc>(doc: &D, list: &ObjId, obj: &ObjId) -> Option<usize> {
    // An object this document does not know is refused here, with an error, before
    // automerge walks its parents.
    doc.object_type(obj)?;
    let parent = doc.parents(obj).ok()?.next()?;
    match parent.prop {
        automerge::Prop::Seq(i) if parent.visible && parent.obj == *list => Some(i),
        _ => None,
    }
}

/// The objects of a string property of every item in the list under `key` of the root
/// whose `field` equals `value`.
pub(super) fn items_where<D: ReadDoc>(doc: &D, key: &str, field: &str, value: &str) -> Vec<ObjId> {
    let Some(list) = get_obj(doc, &ROOT, key) else {
        return Vec::new();
    };
    doc.list_range(&list, ..)
        .map(|item| item.id())
        .filter(|obj| string_at(doc, obj, field).as_deref() == Some(value))
        .collect()
}

/// The list objects `list` stands for. Usually one; a key account that two devices
/// created concurrently for one customer is read as one (`plans::account`), so its
/// lists are those of every item for that customer; likewise for duplicated parents.
pub(super) fn every_list<D: ReadDoc>(doc: &D, list: &ListRef, finder: &mut Finder) -> Vec<ObjId> {
    let (place, key) = list_place(list);
    let mut items = |list_key: &str, id: &str| -> Vec<ObjId> {
        match get_obj(doc, &ROOT, list_key) {
            Some(list) => finder
                .find_all(doc, &list, id)
                .into_iter()
                .map(|(_, obj)| obj)
                .collect(),
            None => Vec::new(),
        }
    };
    let parents = match place {
        Parent::KeyAccount(id) => match items("key_accounts", id).first() {
            Some(first) => match doc.get(first, "customer_id").ok().flatten() {
                Some((automerge::Value::Scalar(s), _)) => s
                    .as_str()
                    .map(|c| items_where(doc, "key_accounts", "customer_id", c))
                    .unwrap_or_default(),
                _ => vec![first.clone()],
            },
            None => Vec::new(),
        },
        Parent::Customer(id) => items("customers", id),
        Parent::Person(id) => items("people", id),
        Parent::Assessment(id) => items("assessments", id),
        other => parent_obj(doc, &other, finder).into_iter().collect(),
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
    finder: &mut Finder,
) -> Vec<(ObjId, usize, ObjId)> {
    every_list(doc, list, finder)
        .into_iter()
        .flat_map(|l| {
            finder
                .find_all(doc, &l, id)
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
    finder: &mut Finder,
) -> Vec<ObjId> {
    every_copy(doc, list, id, finder)
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
    finder: &mut Finder,
) -> Result<(), CommandError> {
    let number = number.trim();
    let customers = match get_obj(doc, &ROOT, "customers") {
        Some(list) if !number.is_empty() => list,
        _ => return Ok(()),
    };
    let taken = finder
        .customers_numbered(doc, &customers, number)
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
        ListRef::ProgrammeReviews => (Parent::Programme, "reviews"),
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
        ListRef::Whitespace { key_account_id } => {
            (Parent::KeyAccount(key_account_id), "whitespace")
        }
        ListRef::Offerings => (Parent::Root, "offerings"),
        ListRef::Ratings { customer_id } => (Parent::Customer(customer_id), "ratings"),
        ListRef::Attributes { customer_id } => (Parent::Customer(customer_id), "attributes"),
        ListRef::PortfolioFactors => (Parent::Root, "portfolio_factors"),
        ListRef::PortfolioSnapshots => (Parent::Root, "portfolio_snapshots"),
        ListRef::Workshops => (Parent::Root, "workshops"),
        ListRef::AgendaItems => (Parent::Root, "agenda_items"),
        ListRef::Levels { assessment_id } => (Parent::Assessment(assessment_id), "levels"),
    }
}

pub(super) fn parent_obj<D: ReadDoc>(
    doc: &D,
    parent: &Parent<'_>,
    finder: &mut Finder,
) -> Result<ObjId, CommandError> {
    match parent {
        Parent::Root => Ok(ROOT),
        Parent::Programme => get_obj(doc, &ROOT, "programme").ok_or(CommandError::NotFound {
            kind: EntityKind::Programme,
            id: "programme".into(),
        }),
        Parent::Person(id) => parent_item(doc, "people", EntityKind::Person, id, finder),
        Parent::KeyAccount(id) => {
            parent_item(doc, "key_accounts", EntityKind::KeyAccount, id, finder)
        }
        Parent::Customer(id) => parent_item(doc, "customers", EntityKind::Customer, id, finder),
        Parent::Assessment(id) => {
            parent_item(doc, "assessments", EntityKind::Assessment, id, finder)
        }
    }
}

/// Finds a list object; with `create`, a list that an older document lacks is made.
pub(crate) fn locate_list<D: Doc>(
    doc: &mut D,
    list: &ListRef,
    create: bool,
    finder: &mut Finder,
) -> Result<ObjId, CommandError> {
    let (place, key) = list_place(list);
    let parent = match place {
        Parent::Programme => programme_obj(doc, create)?,
        other => parent_obj(doc, &other, finder)?,
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
    finder: &mut Finder,
) -> Result<ObjId, CommandError> {
    let not_found = || CommandError::NotFound {
        kind,
        id: id.to_string(),
    };
    let list = get_obj(doc, &ROOT, list_key).ok_or_else(not_found)?;
    finder
        .find(doc, &list, id)
        .map(|(_, obj)| obj)
        .ok_or_else(not_found)
}
