//! Incremental hydration: bring a typed [`Workspace`] up to date with what changed in the
//! document since some heads, re-reading only the items that changed.
//!
//! Hydrating the whole large workspace takes hundreds of milliseconds; one item takes a
//! fraction of one. The app's store calls this after every command, merge, file import
//! and message from another tab, with the heads it last saw.

use std::collections::HashMap;

use automerge::{Automerge, ChangeHash, ObjId, ObjType, Patch, PatchAction, Prop, ROOT, ReadDoc};
use serde::de::DeserializeOwned;

use crate::{
    command::{Command, Finder, ListRef, locate_list_readonly},
    document::DocumentError,
    model::*,
};

/// Above this many patches a full (fast) reading is cheaper than re-reading the items
/// they touch one by one (a key account with its plan takes ~4 ms to read alone).
const FULL_HYDRATE_ABOVE: usize = 50;

const LISTS: [&str; 12] = [
    "customers",
    "criteria",
    "decisions",
    "requirements",
    "people",
    "assessments",
    "key_accounts",
    "portfolio_factors",
    "portfolio_snapshots",
    "offerings",
    "workshops",
    "agenda_items",
];

/// What a refresh re-read, so that the app notifies only the views showing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    /// The workspace's own fields (name, criteria threshold, ABC limits).
    pub root: bool,
    /// The rollout programme (charter, plan, strategy…), re-read as one.
    pub programme: bool,
    /// Top-level lists whose membership or order changed, or that were re-read whole.
    pub lists: Vec<&'static str>,
    /// Items of top-level lists re-read one by one: (list, item id). A change inside a
    /// key account's plan is a change of that key account.
    pub items: Vec<(&'static str, String)>,
}

impl Changed {
    /// Everything was re-read.
    pub fn everything() -> Changed {
        Changed {
            root: true,
            programme: true,
            lists: LISTS.to_vec(),
            items: Vec::new(),
        }
    }

    /// Adds what `other` re-read.
    pub fn absorb(&mut self, other: Changed) {
        self.root |= other.root;
        self.programme |= other.programme;
        for l in other.lists {
            if !self.lists.contains(&l) {
                self.lists.push(l);
            }
        }
        self.items.extend(other.items);
    }

    /// True when nothing was re-read.
    pub fn is_empty(&self) -> bool {
        !self.root && !self.programme && self.lists.is_empty() && self.items.is_empty()
    }
}

fn err(e: impl std::fmt::Display) -> DocumentError {
    DocumentError::NotAWorkspace(e.to_string())
}

/// One value of the committed document as a `T`.
fn read<T: DeserializeOwned>(
    doc: &Automerge,
    obj: &ObjId,
    prop: impl Into<automerge::Prop>,
) -> Result<T, DocumentError> {
    crate::snapshot::read(doc, obj, prop).map_err(err)
}

/// Updates `ws` from the document's state at `since` to its current state. `diff` walks
/// the whole document; prefer the patch log of a merge or the command's own target.
pub(crate) fn refresh(
    doc: &Automerge,
    ws: &mut Workspace,
    since: &[ChangeHash],
) -> Result<Changed, DocumentError> {
    let now = doc.get_heads();
    if since == now.as_slice() {
        return Ok(Changed::default());
    }
    let patches = doc.diff(since, &now);
    refresh_with_patches(doc, ws, &patches)
}

/// Updates `ws`, which matched the document before `patches`, to the current state.
pub(crate) fn refresh_with_patches(
    doc: &Automerge,
    ws: &mut Workspace,
    patches: &[Patch],
) -> Result<Changed, DocumentError> {
    if patches.len() > FULL_HYDRATE_ABOVE {
        *ws = crate::snapshot::hydrate_workspace(doc).map_err(err)?;
        return Ok(Changed::everything());
    }
    let mut changed = Changed::default();
    let mut root_fields = false;
    let mut programme = false;
    let mut whole_lists: Vec<&str> = Vec::new();
    let mut list_patches: HashMap<&str, Vec<&Patch>> = HashMap::new();
    for patch in patches {
        let top: Option<&str> = match (patch.path.first(), &patch.action) {
            (Some((_, Prop::Map(key))), _) => Some(key.as_str()),
            (None, PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key }) => {
                // A root property itself was (re)placed.
                if let Some(list) = LISTS.iter().find(|l| **l == key) {
                    whole_lists.push(list);
                } else if key == "programme" {
                    programme = true;
                } else {
                    root_fields = true;
                }
                continue;
            }
            (
                None,
                PatchAction::Conflict {
                    prop: Prop::Map(key),
                },
            ) => Some(key.as_str()),
            _ => None,
        };
        match top {
            Some("programme") => programme = true,
            Some(key) => match LISTS.iter().find(|l| **l == key) {
                Some(list) => list_patches.entry(list).or_default().push(patch),
                None => root_fields = true,
            },
            None => root_fields = true,
        }
    }
    if root_fields {
        refresh_root_fields(doc, ws)?;
        changed.root = true;
    }
    if programme {
        refresh_programme(doc, ws)?;
        changed.programme = true;
    }
    for list in LISTS {
        let whole = whole_lists.contains(&list);
        let patches = list_patches.get(list).map(Vec::as_slice).unwrap_or(&[]);
        if !whole && patches.is_empty() {
            continue;
        }
        let c = &mut changed;
        match list {
            "customers" => refresh_list(doc, list, &mut ws.customers, patches, whole, c)?,
            "criteria" => refresh_list(doc, list, &mut ws.criteria, patches, whole, c)?,
            "decisions" => refresh_list(doc, list, &mut ws.decisions, patches, whole, c)?,
            "requirements" => refresh_list(doc, list, &mut ws.requirements, patches, whole, c)?,
            "people" => refresh_list(doc, list, &mut ws.people, patches, whole, c)?,
            "assessments" => refresh_list(doc, list, &mut ws.assessments, patches, whole, c)?,
            "portfolio_factors" => {
                refresh_list(doc, list, &mut ws.portfolio_factors, patches, whole, c)?
            }
            "portfolio_snapshots" => {
                refresh_list(doc, list, &mut ws.portfolio_snapshots, patches, whole, c)?
            }
            "offerings" => refresh_list(doc, list, &mut ws.offerings, patches, whole, c)?,
            "workshops" => refresh_list(doc, list, &mut ws.workshops, patches, whole, c)?,
            "agenda_items" => refresh_list(doc, list, &mut ws.agenda_items, patches, whole, c)?,
            _ => {
                // A change inside a plan (one action) re-reads that action, not the
                // whole key account with its plan.
                let rest = if whole {
                    patches.to_vec()
                } else {
                    refresh_plan_lists(doc, &mut ws.key_accounts, patches, c)?
                };
                if whole || !rest.is_empty() {
                    refresh_list(doc, list, &mut ws.key_accounts, &rest, whole, c)?
                }
            }
        }
    }
    Ok(changed)
}

/// The lists of a key account's plan.
const PLAN_LISTS: [&str; 7] = [
    "swot",
    "goals",
    "actions",
    "stakeholders",
    "reviews",
    "targets",
    "whitespace",
];

/// Re-reads what patches changed inside the plans' lists of key accounts: one item, or
/// one list when items were added or removed. Returns the patches it does not handle
/// (a field of the key account itself, a new key account), for `refresh_list`.
fn refresh_plan_lists<'p>(
    doc: &Automerge,
    accounts: &mut [KeyAccount],
    patches: &[&'p Patch],
    changed: &mut Changed,
) -> Result<Vec<&'p Patch>, DocumentError> {
    let Some(list) = list_object(doc, "key_accounts") else {
        return Ok(patches.to_vec());
    };
    if doc.length(&list) != accounts.len() {
        return Ok(patches.to_vec());
    }
    // (account index, plan list, its object, item index or None for the whole list)
    let mut touched: Vec<(usize, &'static str, ObjId, Option<usize>)> = Vec::new();
    let mut rest = Vec::new();
    for patch in patches {
        let plan_list = match (patch.path.get(1), patch.path.get(2)) {
            (Some((l, Prop::Seq(i))), Some((_, Prop::Map(key))))
                if *l == list && *i < accounts.len() =>
            {
                PLAN_LISTS.iter().find(|k| **k == key).map(|k| (*i, *k))
            }
            _ => None,
        };
        let Some((index, key)) = plan_list else {
            rest.push(*patch);
            continue;
        };
        match (patch.path.len(), patch.path.get(3)) {
            // Inside one item of the plan list.
            (n, Some((sub, Prop::Seq(j)))) if n >= 4 => {
                touched.push((index, key, sub.clone(), Some(*j)))
            }
            // The plan list itself: items added, removed or replaced.
            (3, _) => touched.push((index, key, patch.obj.clone(), None)),
            _ => rest.push(*patch),
        }
    }
    if rest.iter().any(|p| p.path.len() == 1) {
        // Key accounts added or removed: positions may have moved; read them as a whole.
        return Ok(patches.to_vec());
    }
    // A list with items added or removed is read whole: item positions in the other
    // patches may be from before.
    let whole_lists: Vec<(usize, &str)> = touched
        .iter()
        .filter(|t| t.3.is_none())
        .map(|t| (t.0, t.1))
        .collect();
    for (index, key, sub, item) in touched {
        let account = &mut accounts[index];
        let whole = whole_lists.contains(&(index, key));
        macro_rules! reread {
            ($field:ident) => {{
                let len = doc.length(&sub);
                let mut done = false;
                if let Some(j) = item
                    && !whole
                    && len == account.$field.len()
                    && j < len
                {
                    // The same item as the model holds there, or the list is read whole.
                    if let Some(fresh) = same_item(doc, &sub, j, &account.$field[j])? {
                        account.$field[j] = fresh;
                        done = true;
                    }
                }
                if !done {
                    account.$field = read(doc, &list_item(doc, &list, index), key)?;
                }
            }};
        }
        match key {
            "swot" => reread!(swot),
            "goals" => reread!(goals),
            "actions" => reread!(actions),
            "stakeholders" => reread!(stakeholders),
            "reviews" => reread!(reviews),
            "whitespace" => reread!(whitespace),
            _ => reread!(targets),
        }
        changed.items.push(("key_accounts", account.id.clone()));
    }
    crate::order::sort(&mut changed.items);
    changed.items.dedup();
    Ok(rest)
}

/// Item `j` of a list object, if it is still the item `current` (same id).
fn same_item<T: DeserializeOwned + HasId>(
    doc: &Automerge,
    list: &ObjId,
    j: usize,
    current: &T,
) -> Result<Option<T>, DocumentError> {
    let fresh: T = read(doc, list, j)?;
    Ok((fresh.id() == current.id()).then_some(fresh))
}

/// The object of item `index` of a list (the root when it is missing, which then fails
/// to read as an item).
fn list_item(doc: &Automerge, list: &ObjId, index: usize) -> ObjId {
    match doc.get(list, index) {
        Ok(Some((_, id))) => id,
        _ => ROOT,
    }
}

fn list_object(doc: &Automerge, key: &str) -> Option<ObjId> {
    match doc.get(ROOT, key) {
        Ok(Some((automerge::Value::Object(ObjType::List), id))) => Some(id),
        _ => None,
    }
}

/// Replays the list's structural patches on slots holding the current items, marks the
/// items touched inside, and re-reads only the new and touched ones.
fn refresh_list<T: DeserializeOwned + HasId>(
    doc: &Automerge,
    key: &'static str,
    items: &mut Vec<T>,
    patches: &[&Patch],
    whole: bool,
    changed: &mut Changed,
) -> Result<(), DocumentError> {
    let mut rehydrate_all = |items: &mut Vec<T>| -> Result<(), DocumentError> {
        *items = read::<Option<Vec<T>>>(doc, &ROOT, key)?.unwrap_or_default();
        changed.lists.push(key);
        Ok(())
    };
    let Some(list) = list_object(doc, key) else {
        return rehydrate_all(items);
    };
    if whole {
        return rehydrate_all(items);
    }
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    let mut touched: Vec<String> = Vec::new();
    let mut membership = false;
    for patch in patches {
        if patch.path.len() == 1 {
            if patch.obj != list {
                return rehydrate_all(items);
            }
            match &patch.action {
                PatchAction::Insert { index, values } => {
                    if *index > slots.len() {
                        return rehydrate_all(items);
                    }
                    let new = (0..values.len()).map(|_| None);
                    slots.splice(*index..*index, new);
                    membership = true;
                }
                PatchAction::DeleteSeq { index, length } => {
                    if index + length > slots.len() {
                        return rehydrate_all(items);
                    }
                    touched.extend(
                        slots
                            .drain(*index..index + length)
                            .flatten()
                            .map(|t| t.id().to_string()),
                    );
                    membership = true;
                }
                PatchAction::PutSeq { index, .. }
                | PatchAction::Conflict {
                    prop: Prop::Seq(index),
                } => match slots.get_mut(*index) {
                    Some(slot) => {
                        touched.extend(slot.take().map(|t| t.id().to_string()));
                    }
                    None => return rehydrate_all(items),
                },
                _ => {}
            }
        } else {
            match patch.path.get(1) {
                Some((obj, Prop::Seq(index))) if *obj == list && *index < slots.len() => {
                    touched.extend(slots[*index].take().map(|t| t.id().to_string()));
                }
                _ => return rehydrate_all(items),
            }
        }
    }
    if slots.len() != doc.length(&list) {
        return rehydrate_all(items);
    }
    let mut fresh = Vec::with_capacity(slots.len());
    for (index, slot) in slots.into_iter().enumerate() {
        fresh.push(match slot {
            Some(item) => item,
            None => {
                let item: T = read(doc, &list, index)?;
                touched.push(item.id().to_string());
                item
            }
        });
    }
    *items = fresh;
    crate::order::sort(&mut touched);
    touched.dedup();
    if membership {
        changed.lists.push(key);
    }
    changed
        .items
        .extend(touched.into_iter().map(|id| (key, id)));
    Ok(())
}

/// Reads the workspace's own fields (name, threshold, ABC limits) into `ws`.
pub(crate) fn refresh_root_fields<D: automerge::ReadDoc>(
    doc: &D,
    ws: &mut Workspace,
) -> Result<(), DocumentError> {
    ws.schema_version = crate::snapshot::read(doc, &ROOT, "schema_version").map_err(err)?;
    ws.workspace_id = crate::snapshot::read(doc, &ROOT, "workspace_id").map_err(err)?;
    ws.name = crate::snapshot::read(doc, &ROOT, "name").map_err(err)?;
    let threshold: Option<u64> =
        crate::snapshot::read(doc, &ROOT, "criteria_threshold").map_err(err)?;
    ws.criteria_threshold = threshold.unwrap_or(crate::model::DEFAULT_CRITERIA_THRESHOLD);
    let a: Option<u64> = crate::snapshot::read(doc, &ROOT, "abc_a_percent").map_err(err)?;
    ws.abc_a_percent = a.unwrap_or(crate::model::DEFAULT_ABC_A);
    let b: Option<u64> = crate::snapshot::read(doc, &ROOT, "abc_b_percent").map_err(err)?;
    ws.abc_b_percent = b.unwrap_or(crate::model::DEFAULT_ABC_B);
    Ok(())
}

fn refresh_programme(doc: &Automerge, ws: &mut Workspace) -> Result<(), DocumentError> {
    ws.programme = read::<Option<_>>(doc, &ROOT, "programme")?.unwrap_or_default();
    Ok(())
}

/// Items that carry a stable id.
trait HasId {
    fn id(&self) -> &str;
}

/// `HasId` for every kind of item in `command::item_table`.
macro_rules! has_ids {
    ($($(#[$meta:meta])* $kind:ident: $label:expr;)*) => {
        $(impl HasId for $kind {
            fn id(&self) -> &str {
                &self.id
            }
        })*
    };
}
crate::command::item_table!(has_ids);

/// Re-reads the one item a command touched (or drops it, when it is gone).
fn sync_item<T: DeserializeOwned + HasId>(
    doc: &Automerge,
    items: &mut Vec<T>,
    list: Option<&ObjId>,
    id: &str,
    finder: &mut Finder,
) -> Result<(), DocumentError> {
    let in_doc = list.and_then(|l| finder.find(doc, l, id).map(|(index, _)| (l, index)));
    let shown = items.iter().position(|t| t.id() == id);
    match (in_doc, shown) {
        (Some((list, index)), Some(pos)) => {
            let fresh: T = read(doc, list, index)?;
            if pos == index {
                items[pos] = fresh;
            } else {
                items.remove(pos);
                items.insert(index.min(items.len()), fresh);
            }
        }
        (Some((list, index)), None) => {
            let fresh: T = read(doc, list, index)?;
            items.insert(index.min(items.len()), fresh);
        }
        (None, Some(pos)) => {
            items.remove(pos);
        }
        (None, None) => {}
    }
    Ok(())
}

/// Updates `ws` after a command of this replica: only the item it touched is re-read.
pub(crate) fn refresh_command(
    doc: &Automerge,
    ws: &mut Workspace,
    command: &Command,
    finder: &mut Finder,
) -> Result<Changed, DocumentError> {
    let (list, id) = match command {
        Command::SetWorkspace { .. } => {
            refresh_root_fields(doc, ws)?;
            return Ok(Changed {
                root: true,
                ..Changed::default()
            });
        }
        Command::SetProgramme { .. } => {
            refresh_programme(doc, ws)?;
            return Ok(Changed {
                programme: true,
                ..Changed::default()
            });
        }
        Command::Insert { list, item } => (list, item.id()),
        Command::Update { list, id, .. } | Command::Remove { list, id } => (list, id.as_str()),
        Command::Batch(commands) => {
            let mut changed = Changed::default();
            for command in commands {
                changed.absorb(refresh_command(doc, ws, command, finder)?);
            }
            return Ok(changed);
        }
    };
    let changed = changed_by(list, id, matches!(command, Command::Update { .. }));
    // Two items for one key account (or one rating) made concurrently: re-read the
    // whole list, so that every copy is current (rare; see `plans::account`).
    if has_copies(ws, list) {
        let mut c = Changed::default();
        match list {
            ListRef::Ratings { .. } | ListRef::Attributes { .. } => {
                refresh_list(doc, "customers", &mut ws.customers, &[], true, &mut c)?
            }
            _ => refresh_list(doc, "key_accounts", &mut ws.key_accounts, &[], true, &mut c)?,
        }
        return Ok(c);
    }
    let list_obj = locate_list_readonly(doc, list, finder);
    let obj = list_obj.as_ref();
    let p = &mut ws.programme;
    macro_rules! nested {
        ($parents:expr, $parent_id:expr, $field:ident) => {
            match $parents.iter_mut().find(|x| x.id == *$parent_id) {
                Some(parent) => sync_item(doc, &mut parent.$field, obj, id, finder),
                None => {
                    *ws = crate::snapshot::hydrate_workspace(doc).map_err(err)?;
                    return Ok(Changed::everything());
                }
            }
        };
    }
    let synced = match list {
        ListRef::ProgrammeGoals => sync_item(doc, &mut p.goals, obj, id, finder),
        ListRef::Team => sync_item(doc, &mut p.team, obj, id, finder),
        ListRef::PlanSteps => sync_item(doc, &mut p.milestones, obj, id, finder),
        ListRef::AsIs => sync_item(doc, &mut p.as_is, obj, id, finder),
        ListRef::GroundRuleChecks => sync_item(doc, &mut p.ground_rule_checks, obj, id, finder),
        ListRef::Conflicts => sync_item(doc, &mut p.conflicts, obj, id, finder),
        ListRef::Communications => sync_item(doc, &mut p.communications, obj, id, finder),
        ListRef::ProgrammeReviews => sync_item(doc, &mut p.reviews, obj, id, finder),
        ListRef::Customers => sync_item(doc, &mut ws.customers, obj, id, finder),
        ListRef::Criteria => sync_item(doc, &mut ws.criteria, obj, id, finder),
        ListRef::Decisions => sync_item(doc, &mut ws.decisions, obj, id, finder),
        ListRef::Requirements => sync_item(doc, &mut ws.requirements, obj, id, finder),
        ListRef::People => sync_item(doc, &mut ws.people, obj, id, finder),
        ListRef::Assessments => sync_item(doc, &mut ws.assessments, obj, id, finder),
        ListRef::KeyAccounts => sync_item(doc, &mut ws.key_accounts, obj, id, finder),
        ListRef::Trainings { person_id } => nested!(ws.people, person_id, trainings),
        ListRef::Swot { key_account_id } => nested!(ws.key_accounts, key_account_id, swot),
        ListRef::Goals { key_account_id } => nested!(ws.key_accounts, key_account_id, goals),
        ListRef::Actions { key_account_id } => nested!(ws.key_accounts, key_account_id, actions),
        ListRef::Stakeholders { key_account_id } => {
            nested!(ws.key_accounts, key_account_id, stakeholders)
        }
        ListRef::Reviews { key_account_id } => nested!(ws.key_accounts, key_account_id, reviews),
        ListRef::Targets { key_account_id } => nested!(ws.key_accounts, key_account_id, targets),
        ListRef::Whitespace { key_account_id } => {
            nested!(ws.key_accounts, key_account_id, whitespace)
        }
        ListRef::Offerings => sync_item(doc, &mut ws.offerings, obj, id, finder),
        ListRef::Ratings { customer_id } => nested!(ws.customers, customer_id, ratings),
        ListRef::Attributes { customer_id } => nested!(ws.customers, customer_id, attributes),
        ListRef::PortfolioFactors => sync_item(doc, &mut ws.portfolio_factors, obj, id, finder),
        ListRef::PortfolioSnapshots => sync_item(doc, &mut ws.portfolio_snapshots, obj, id, finder),
        ListRef::Workshops => sync_item(doc, &mut ws.workshops, obj, id, finder),
        ListRef::AgendaItems => sync_item(doc, &mut ws.agenda_items, obj, id, finder),
        ListRef::Levels { assessment_id } => nested!(ws.assessments, assessment_id, levels),
    };
    synced.map(|()| changed)
}

/// What a command on item `id` of `list` changes, in terms of top-level items.
fn changed_by(list: &ListRef, id: &str, update: bool) -> Changed {
    let item = |key: &'static str, id: &str| Changed {
        items: vec![(key, id.to_string())],
        ..Changed::default()
    };
    let member = |key: &'static str, id: &str| Changed {
        lists: if update { Vec::new() } else { vec![key] },
        items: vec![(key, id.to_string())],
        ..Changed::default()
    };
    match list {
        ListRef::ProgrammeGoals
        | ListRef::Team
        | ListRef::PlanSteps
        | ListRef::AsIs
        | ListRef::GroundRuleChecks
        | ListRef::Conflicts
        | ListRef::Communications
        | ListRef::ProgrammeReviews => Changed {
            programme: true,
            ..Changed::default()
        },
        ListRef::Customers => member("customers", id),
        ListRef::Criteria => member("criteria", id),
        ListRef::Decisions => member("decisions", id),
        ListRef::Requirements => member("requirements", id),
        ListRef::People => member("people", id),
        ListRef::Assessments => member("assessments", id),
        ListRef::KeyAccounts => member("key_accounts", id),
        ListRef::PortfolioFactors => member("portfolio_factors", id),
        ListRef::PortfolioSnapshots => member("portfolio_snapshots", id),
        ListRef::Workshops => member("workshops", id),
        ListRef::AgendaItems => member("agenda_items", id),
        ListRef::Offerings => member("offerings", id),
        ListRef::Trainings { person_id } => item("people", person_id),
        ListRef::Swot { key_account_id }
        | ListRef::Goals { key_account_id }
        | ListRef::Actions { key_account_id }
        | ListRef::Stakeholders { key_account_id }
        | ListRef::Reviews { key_account_id }
        | ListRef::Targets { key_account_id }
        | ListRef::Whitespace { key_account_id } => item("key_accounts", key_account_id),
        ListRef::Ratings { customer_id } | ListRef::Attributes { customer_id } => {
            item("customers", customer_id)
        }
        ListRef::Levels { assessment_id } => item("assessments", assessment_id),
    }
}

/// True when the list's parent (a key account, a customer) or its items exist twice.
fn has_copies(ws: &Workspace, list: &ListRef) -> bool {
    fn twice<'a>(mut ids: impl Iterator<Item = &'a str>) -> bool {
        let mut seen = std::collections::HashSet::new();
        ids.any(|id| !seen.insert(id))
    }
    match list {
        ListRef::KeyAccounts
        | ListRef::Swot { .. }
        | ListRef::Goals { .. }
        | ListRef::Actions { .. }
        | ListRef::Stakeholders { .. }
        | ListRef::Reviews { .. }
        | ListRef::Targets { .. }
        | ListRef::Whitespace { .. } => {
            twice(ws.key_accounts.iter().map(|k| k.customer_id.as_str()))
        }
        ListRef::Ratings { customer_id } => ws
            .customers
            .iter()
            .find(|c| &c.id == customer_id)
            .is_some_and(|c| twice(c.ratings.iter().map(|r| r.id.as_str()))),
        _ => false,
    }
}
