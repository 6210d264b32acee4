//! Incremental hydration: bring a typed [`Workspace`] up to date with what changed in the
//! document since some heads, re-reading only the items that changed.
//!
//! Hydrating the whole large workspace takes hundreds of milliseconds; one item takes a
//! fraction of one. The app's store calls this after every command, merge, file import
//! and message from another tab, with the heads it last saw.

use std::collections::HashMap;

use automerge::{Automerge, ChangeHash, ObjId, ObjType, Patch, PatchAction, Prop, ROOT, ReadDoc};
use autosurgeon::{Hydrate, hydrate_prop};

use crate::{
    command::{Command, ListRef, find_item, locate_list_readonly},
    document::DocumentError,
    model::*,
};

/// Above this many patches a full (fast) reading is cheaper than re-reading the items
/// they touch one by one (a key account with its plan takes ~4 ms to read alone).
const FULL_HYDRATE_ABOVE: usize = 50;

const LISTS: [&str; 9] = [
    "customers",
    "criteria",
    "decisions",
    "requirements",
    "people",
    "assessments",
    "key_accounts",
    "portfolio_factors",
    "portfolio_snapshots",
];

fn err(e: impl std::fmt::Display) -> DocumentError {
    DocumentError::NotAWorkspace(e.to_string())
}

/// Updates `ws` from the document's state at `since` to its current state. `diff` walks
/// the whole document; prefer the patch log of a merge or the command's own target.
pub(crate) fn refresh(
    doc: &Automerge,
    ws: &mut Workspace,
    since: &[ChangeHash],
) -> Result<(), DocumentError> {
    let now = doc.get_heads();
    if since == now.as_slice() {
        return Ok(());
    }
    let patches = doc.diff(since, &now);
    refresh_with_patches(doc, ws, &patches)
}

/// Updates `ws`, which matched the document before `patches`, to the current state.
pub(crate) fn refresh_with_patches(
    doc: &Automerge,
    ws: &mut Workspace,
    patches: &[Patch],
) -> Result<(), DocumentError> {
    if patches.len() > FULL_HYDRATE_ABOVE {
        *ws = match crate::snapshot::hydrate_workspace(doc) {
            Ok(fresh) => fresh,
            Err(_) => autosurgeon::hydrate(doc).map_err(err)?,
        };
        return Ok(());
    }
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
    }
    if programme {
        refresh_programme(doc, ws)?;
    }
    for list in LISTS {
        let whole = whole_lists.contains(&list);
        let patches = list_patches.get(list).map(Vec::as_slice).unwrap_or(&[]);
        if !whole && patches.is_empty() {
            continue;
        }
        match list {
            "customers" => refresh_list(doc, list, &mut ws.customers, patches, whole)?,
            "criteria" => refresh_list(doc, list, &mut ws.criteria, patches, whole)?,
            "decisions" => refresh_list(doc, list, &mut ws.decisions, patches, whole)?,
            "requirements" => refresh_list(doc, list, &mut ws.requirements, patches, whole)?,
            "people" => refresh_list(doc, list, &mut ws.people, patches, whole)?,
            "assessments" => refresh_list(doc, list, &mut ws.assessments, patches, whole)?,
            "portfolio_factors" => {
                refresh_list(doc, list, &mut ws.portfolio_factors, patches, whole)?
            }
            "portfolio_snapshots" => {
                refresh_list(doc, list, &mut ws.portfolio_snapshots, patches, whole)?
            }
            _ => refresh_list(doc, list, &mut ws.key_accounts, patches, whole)?,
        }
    }
    Ok(())
}

fn list_object(doc: &Automerge, key: &str) -> Option<ObjId> {
    match doc.get(ROOT, key) {
        Ok(Some((automerge::Value::Object(ObjType::List), id))) => Some(id),
        _ => None,
    }
}

/// Replays the list's structural patches on slots holding the current items, marks the
/// items touched inside, and re-reads only the new and touched ones.
fn refresh_list<T: Hydrate>(
    doc: &Automerge,
    key: &str,
    items: &mut Vec<T>,
    patches: &[&Patch],
    whole: bool,
) -> Result<(), DocumentError> {
    let rehydrate_all = |items: &mut Vec<T>| -> Result<(), DocumentError> {
        *items = hydrate_prop::<_, Option<Vec<T>>, _, _>(doc, ROOT, key)
            .map_err(err)?
            .unwrap_or_default();
        Ok(())
    };
    let Some(list) = list_object(doc, key) else {
        return rehydrate_all(items);
    };
    if whole {
        return rehydrate_all(items);
    }
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
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
                }
                PatchAction::DeleteSeq { index, length } => {
                    if index + length > slots.len() {
                        return rehydrate_all(items);
                    }
                    slots.drain(*index..index + length);
                }
                PatchAction::PutSeq { index, .. }
                | PatchAction::Conflict {
                    prop: Prop::Seq(index),
                } => match slots.get_mut(*index) {
                    Some(slot) => *slot = None,
                    None => return rehydrate_all(items),
                },
                _ => {}
            }
        } else {
            match patch.path.get(1) {
                Some((obj, Prop::Seq(index))) if *obj == list && *index < slots.len() => {
                    slots[*index] = None;
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
            None => hydrate_prop(doc, &list, index).map_err(err)?,
        });
    }
    *items = fresh;
    Ok(())
}

fn refresh_root_fields(doc: &Automerge, ws: &mut Workspace) -> Result<(), DocumentError> {
    ws.schema_version = hydrate_prop(doc, ROOT, "schema_version").map_err(err)?;
    ws.workspace_id = hydrate_prop(doc, ROOT, "workspace_id").map_err(err)?;
    ws.name = hydrate_prop(doc, ROOT, "name").map_err(err)?;
    let threshold: Option<u64> = hydrate_prop(doc, ROOT, "criteria_threshold").map_err(err)?;
    ws.criteria_threshold = threshold.unwrap_or(crate::model::DEFAULT_CRITERIA_THRESHOLD);
    let a: Option<u64> = hydrate_prop(doc, ROOT, "abc_a_percent").map_err(err)?;
    ws.abc_a_percent = a.unwrap_or(crate::model::DEFAULT_ABC_A);
    let b: Option<u64> = hydrate_prop(doc, ROOT, "abc_b_percent").map_err(err)?;
    ws.abc_b_percent = b.unwrap_or(crate::model::DEFAULT_ABC_B);
    Ok(())
}

fn refresh_programme(doc: &Automerge, ws: &mut Workspace) -> Result<(), DocumentError> {
    ws.programme = hydrate_prop::<_, Option<_>, _, _>(doc, ROOT, "programme")
        .map_err(err)?
        .unwrap_or_default();
    Ok(())
}

/// Items that carry a stable id.
trait HasId {
    fn id(&self) -> &str;
}

macro_rules! has_id {
    ($($t:ty),*) => { $(impl HasId for $t { fn id(&self) -> &str { &self.id } })* };
}

has_id!(
    ProgrammeGoal,
    TeamMember,
    Milestone,
    AsIsAnswer,
    GroundRuleCheck,
    ConflictEntry,
    Communication,
    Customer,
    Criterion,
    SelectionDecision,
    Requirement,
    Person,
    Training,
    Assessment,
    KeyAccount,
    SwotItem,
    Goal,
    Action,
    Stakeholder,
    Review,
    Target,
    Rating,
    Attribute,
    PortfolioFactor,
    PortfolioSnapshot,
    Level
);

/// Re-reads the one item a command touched (or drops it, when it is gone).
fn sync_item<T: Hydrate + HasId>(
    doc: &Automerge,
    items: &mut Vec<T>,
    list: Option<&ObjId>,
    id: &str,
) -> Result<(), DocumentError> {
    let in_doc = list.and_then(|l| find_item(doc, l, id).map(|(index, _)| (l, index)));
    let shown = items.iter().position(|t| t.id() == id);
    match (in_doc, shown) {
        (Some((list, index)), Some(pos)) => {
            let fresh: T = hydrate_prop(doc, list, index).map_err(err)?;
            items.remove(pos);
            items.insert(index.min(items.len()), fresh);
        }
        (Some((list, index)), None) => {
            let fresh: T = hydrate_prop(doc, list, index).map_err(err)?;
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
) -> Result<(), DocumentError> {
    let (list, id) = match command {
        Command::SetWorkspace { .. } => return refresh_root_fields(doc, ws),
        Command::SetProgramme { .. } => return refresh_programme(doc, ws),
        Command::Insert { list, item } => (list, item.id()),
        Command::Update { list, id, .. } | Command::Remove { list, id } => (list, id.as_str()),
        Command::Batch(commands) => {
            for command in commands {
                refresh_command(doc, ws, command)?;
            }
            return Ok(());
        }
    };
    let list_obj = locate_list_readonly(doc, list);
    let obj = list_obj.as_ref();
    let p = &mut ws.programme;
    macro_rules! nested {
        ($parents:expr, $parent_id:expr, $field:ident) => {
            match $parents.iter_mut().find(|x| x.id == *$parent_id) {
                Some(parent) => sync_item(doc, &mut parent.$field, obj, id),
                None => {
                    *ws = autosurgeon::hydrate(doc).map_err(err)?;
                    Ok(())
                }
            }
        };
    }
    match list {
        ListRef::ProgrammeGoals => sync_item(doc, &mut p.goals, obj, id),
        ListRef::Team => sync_item(doc, &mut p.team, obj, id),
        ListRef::Milestones => sync_item(doc, &mut p.milestones, obj, id),
        ListRef::AsIs => sync_item(doc, &mut p.as_is, obj, id),
        ListRef::GroundRuleChecks => sync_item(doc, &mut p.ground_rule_checks, obj, id),
        ListRef::Conflicts => sync_item(doc, &mut p.conflicts, obj, id),
        ListRef::Communications => sync_item(doc, &mut p.communications, obj, id),
        ListRef::Customers => sync_item(doc, &mut ws.customers, obj, id),
        ListRef::Criteria => sync_item(doc, &mut ws.criteria, obj, id),
        ListRef::Decisions => sync_item(doc, &mut ws.decisions, obj, id),
        ListRef::Requirements => sync_item(doc, &mut ws.requirements, obj, id),
        ListRef::People => sync_item(doc, &mut ws.people, obj, id),
        ListRef::Assessments => sync_item(doc, &mut ws.assessments, obj, id),
        ListRef::KeyAccounts => sync_item(doc, &mut ws.key_accounts, obj, id),
        ListRef::Trainings { person_id } => nested!(ws.people, person_id, trainings),
        ListRef::Swot { key_account_id } => nested!(ws.key_accounts, key_account_id, swot),
        ListRef::Goals { key_account_id } => nested!(ws.key_accounts, key_account_id, goals),
        ListRef::Actions { key_account_id } => nested!(ws.key_accounts, key_account_id, actions),
        ListRef::Stakeholders { key_account_id } => {
            nested!(ws.key_accounts, key_account_id, stakeholders)
        }
        ListRef::Reviews { key_account_id } => nested!(ws.key_accounts, key_account_id, reviews),
        ListRef::Targets { key_account_id } => nested!(ws.key_accounts, key_account_id, targets),
        ListRef::Ratings { customer_id } => nested!(ws.customers, customer_id, ratings),
        ListRef::Attributes { customer_id } => nested!(ws.customers, customer_id, attributes),
        ListRef::PortfolioFactors => sync_item(doc, &mut ws.portfolio_factors, obj, id),
        ListRef::PortfolioSnapshots => sync_item(doc, &mut ws.portfolio_snapshots, obj, id),
        ListRef::Levels { assessment_id } => nested!(ws.assessments, assessment_id, levels),
    }
}
