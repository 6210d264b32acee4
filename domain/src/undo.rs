//! Undo and redo of one device's own changes on a shared workspace.
//!
//! An undo is a new change that writes back the values the original change replaced,
//! and only those: a concurrent edit by someone else of another field, or of another
//! item, stays. Before it is written, every place the original change wrote is checked
//! to still hold what that change left there; if someone has changed it since, the undo
//! is refused and says who, rather than silently overwriting their work.

use serde_json::Value as Json;

use crate::command::{
    ChangeSummary, Command, EntityKind, Finder, ListRef, ProgrammeField, Value, WorkspaceField,
};
use crate::model::Workspace;
use crate::versions::FieldAt;

/// Changes with more parts than this (a large import) are not offered for undo: the
/// check alone would read thousands of items on the tablet.
pub const MAX_UNDO_PARTS: usize = 2_000;

/// Where a value lives.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    Workspace,
    Programme,
    Strategy,
    Item { list: ListRef, id: String },
}

/// What the change left in one place, and must still be there to undo it.
#[derive(Debug, Clone, PartialEq)]
struct Check {
    place: Place,
    /// One field, or the whole item (`None`).
    field: Option<String>,
    /// The value, or the whole item; `None`: the item is gone (it was removed).
    left: Option<Json>,
}

/// How to take back one change made on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    /// Restores what the change replaced; `None` when the change cannot be taken back
    /// (see `refusal`).
    command: Option<Command>,
    checks: Vec<Check>,
    /// What the change did, for the button's hint ("Rückgängig: Titel geändert").
    pub summary: ChangeSummary,
}

/// Why an undo was not written. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoRefusal {
    /// Someone changed the same value (or item) since; `author` wrote what is there now
    /// ("" when unknown), `field` is the field's key (empty for a whole item).
    ChangedSince {
        kind: EntityKind,
        field: String,
        author: String,
    },
    /// The item was removed since (by `author`, when known).
    RemovedSince { kind: EntityKind },
    /// The item the change removed is back already.
    RestoredSince { kind: EntityKind },
    /// The change had more than [`MAX_UNDO_PARTS`] parts.
    TooLarge { parts: usize },
    /// The undo itself was refused by the rules (e.g. a customer number taken since).
    Refused(String),
}

impl UndoStep {
    /// Whether the step can be tried at all (a large import cannot).
    pub fn possible(&self) -> bool {
        self.command.is_some()
    }
}

/// The single commands a command is made of, in order.
fn leaves(command: &Command, out: &mut Vec<Command>) {
    match command {
        Command::Batch(commands) => commands.iter().for_each(|c| leaves(c, out)),
        other => out.push(other.clone()),
    }
}

fn workspace_key(field: WorkspaceField) -> &'static str {
    match field {
        WorkspaceField::Name => "name",
        WorkspaceField::AbcA => "abc_a_percent",
        WorkspaceField::AbcB => "abc_b_percent",
        WorkspaceField::CriteriaThreshold => "criteria_threshold",
    }
}

fn programme_key(field: ProgrammeField) -> (Place, &'static str) {
    match field {
        ProgrammeField::StartDate => (Place::Programme, "start_date"),
        ProgrammeField::DurationMonths => (Place::Programme, "duration_months"),
        ProgrammeField::SponsorId => (Place::Programme, "sponsor_id"),
        ProgrammeField::CompanyStrategy => (Place::Strategy, "company"),
        ProgrammeField::MarketingStrategy => (Place::Strategy, "marketing"),
        ProgrammeField::KamRole => (Place::Strategy, "kam_role"),
    }
}

/// Reads values now, from the model (workspace and programme fields) and the document
/// (items, through its index).
struct Reader<'a> {
    ws: &'a Workspace,
    doc: &'a automerge::Automerge,
    finder: &'a mut Finder,
}

impl Reader<'_> {
    fn item(&mut self, list: &ListRef, id: &str) -> Option<Json> {
        crate::command::read_item_with(self.doc, list, id, self.finder).and_then(|i| i.to_json())
    }

    fn value(&mut self, place: &Place, field: &str) -> Option<Json> {
        let whole = match place {
            Place::Workspace => {
                return Some(match field {
                    "name" => Json::from(self.ws.name.clone()),
                    "abc_a_percent" => Json::from(self.ws.abc_a_percent),
                    "abc_b_percent" => Json::from(self.ws.abc_b_percent),
                    _ => Json::from(self.ws.criteria_threshold),
                });
            }
            Place::Programme => {
                let p = &self.ws.programme;
                return Some(match field {
                    "start_date" => Json::from(p.start_date.clone()),
                    "sponsor_id" => Json::from(p.sponsor_id.clone()),
                    _ => Json::from(p.duration_months),
                });
            }
            Place::Strategy => serde_json::to_value(&self.ws.programme.strategy).ok()?,
            Place::Item { list, id } => self.item(list, id)?,
        };
        whole.get(field).cloned()
    }

    /// What `check` finds now: the field's value, or the whole item.
    fn now(&mut self, check: &Check) -> Option<Json> {
        match (&check.field, &check.place) {
            (Some(field), place) => self.value(place, field),
            (None, Place::Item { list, id }) => self.item(list, id),
            (None, _) => None,
        }
    }
}

fn from<T: serde::de::DeserializeOwned>(json: &Json) -> Option<T> {
    serde_json::from_value(json.clone()).ok()
}

/// A value of the same type as `like`, from its JSON form.
fn value_like(like: &Value, json: &Json) -> Option<Value> {
    let opt_str = || {
        if json.is_null() {
            Some(None)
        } else {
            json.as_str().map(|s| Some(s.to_string()))
        }
    };
    Some(match like {
        Value::Str(_) => Value::Str(json.as_str().unwrap_or_default().to_string()),
        Value::Text(_) => Value::Text(json.as_str().unwrap_or_default().to_string()),
        Value::OptStr(_) => Value::OptStr(opt_str()?),
        Value::Int(_) => Value::Int(json.as_i64()?),
        Value::OptInt(_) => Value::OptInt(if json.is_null() {
            None
        } else {
            Some(json.as_i64()?)
        }),
        Value::Uint(_) => Value::Uint(json.as_u64()?),
        Value::OptUint(_) => Value::OptUint(if json.is_null() {
            None
        } else {
            Some(json.as_u64()?)
        }),
        Value::Bool(_) => Value::Bool(json.as_bool()?),
        Value::Rank(_) => Value::Rank(json.as_f64()?),
        Value::Status(_) => Value::Status(from(json)?),
        Value::Selection(_) => Value::Selection(from(json)?),
        Value::SwotKind(_) => Value::SwotKind(from(json)?),
        Value::BuyingRole(_) => Value::BuyingRole(from(json)?),
        Value::Rule(_) => Value::Rule(from(json)?),
        Value::Axis(_) => Value::Axis(from(json)?),
    })
}

/// What restores the values `command` is about to replace, read before it runs.
/// Leaves whose item does not exist yet (made by the same batch) need no inverse: the
/// inverse of its insert removes it.
pub(crate) struct Before {
    inverse: Vec<Command>,
    leaves: Vec<Command>,
    too_large: Option<usize>,
}

pub(crate) fn before(
    command: &Command,
    ws: &Workspace,
    doc: &automerge::Automerge,
    finder: &mut Finder,
) -> Before {
    let mut all = Vec::new();
    leaves(command, &mut all);
    if all.len() > MAX_UNDO_PARTS {
        return Before {
            inverse: Vec::new(),
            leaves: Vec::new(),
            too_large: Some(all.len()),
        };
    }
    let mut r = Reader { ws, doc, finder };
    let mut inverse = Vec::new();
    for leaf in &all {
        match leaf {
            Command::SetWorkspace { field, value } => {
                if let Some(old) = r
                    .value(&Place::Workspace, workspace_key(*field))
                    .and_then(|j| value_like(value, &j))
                {
                    inverse.push(Command::SetWorkspace {
                        field: *field,
                        value: old,
                    });
                }
            }
            Command::SetProgramme { field, value } => {
                let (place, key) = programme_key(*field);
                if let Some(old) = r.value(&place, key).and_then(|j| value_like(value, &j)) {
                    inverse.push(Command::SetProgramme {
                        field: *field,
                        value: old,
                    });
                }
            }
            Command::Insert { list, item } => inverse.push(Command::Remove {
                list: list.clone(),
                id: item.id().to_string(),
            }),
            Command::Update { list, id, changes } => {
                let Some(old) = r.item(list, id) else {
                    continue;
                };
                let restore: Vec<(String, Value)> = changes
                    .iter()
                    .filter_map(|(field, value)| {
                        let was = old.get(field).cloned().unwrap_or(Json::Null);
                        value_like(value, &was).map(|v| (field.clone(), v))
                    })
                    .collect();
                if !restore.is_empty() {
                    inverse.push(Command::Update {
                        list: list.clone(),
                        id: id.clone(),
                        changes: restore,
                    });
                }
            }
            Command::Remove { list, id } => {
                if let Some(item) = crate::command::read_item_with(doc, list, id, r.finder) {
                    inverse.push(Command::Insert {
                        list: list.clone(),
                        item,
                    });
                }
            }
            Command::Batch(_) => {}
        }
    }
    inverse.reverse();
    Before {
        inverse,
        leaves: all,
        too_large: None,
    }
}

/// The step, once the change is written: what it left in every place it wrote.
pub(crate) fn after(
    before: Before,
    summary: ChangeSummary,
    ws: &Workspace,
    doc: &automerge::Automerge,
    finder: &mut Finder,
) -> UndoStep {
    if before.too_large.is_some() {
        return UndoStep {
            command: None,
            checks: vec![Check {
                place: Place::Workspace,
                field: None,
                left: before.too_large.map(Json::from),
            }],
            summary,
        };
    }
    let mut r = Reader { ws, doc, finder };
    let mut checks: Vec<Check> = Vec::new();
    let add = |checks: &mut Vec<Check>, place: Place, field: Option<String>| {
        if !checks.iter().any(|c| c.place == place && c.field == field) {
            checks.push(Check {
                place,
                field,
                left: None,
            });
        }
    };
    for leaf in &before.leaves {
        match leaf {
            Command::SetWorkspace { field, .. } => add(
                &mut checks,
                Place::Workspace,
                Some(workspace_key(*field).into()),
            ),
            Command::SetProgramme { field, .. } => {
                let (place, key) = programme_key(*field);
                add(&mut checks, place, Some(key.into()))
            }
            Command::Insert { list, item } => add(
                &mut checks,
                Place::Item {
                    list: list.clone(),
                    id: item.id().to_string(),
                },
                None,
            ),
            Command::Update { list, id, changes } => {
                for (field, _) in changes {
                    let place = Place::Item {
                        list: list.clone(),
                        id: id.clone(),
                    };
                    add(&mut checks, place, Some(field.clone()))
                }
            }
            Command::Remove { list, id } => add(
                &mut checks,
                Place::Item {
                    list: list.clone(),
                    id: id.clone(),
                },
                None,
            ),
            Command::Batch(_) => {}
        }
    }
    for check in &mut checks {
        check.left = r.now(check);
    }
    let command = match before.inverse.len() {
        0 => None,
        1 => before.inverse.into_iter().next(),
        _ => Some(Command::Batch(before.inverse)),
    };
    UndoStep {
        command,
        checks,
        summary,
    }
}

/// The command that undoes `step` now, or why it may not.
pub(crate) fn check(
    step: &UndoStep,
    ws: &Workspace,
    doc: &automerge::Automerge,
    finder: &mut Finder,
) -> Result<Command, UndoRefusal> {
    let Some(command) = &step.command else {
        let parts = step
            .checks
            .first()
            .and_then(|c| c.left.as_ref())
            .and_then(Json::as_u64)
            .unwrap_or_default() as usize;
        return Err(UndoRefusal::TooLarge { parts });
    };
    let mut r = Reader { ws, doc, finder };
    for c in &step.checks {
        let now = r.now(c);
        if now == c.left {
            continue;
        }
        let kind = match &c.place {
            Place::Workspace => EntityKind::Workspace,
            Place::Programme => EntityKind::Programme,
            Place::Strategy => EntityKind::Strategy,
            Place::Item { list, .. } => list.kind(),
        };
        let (Some(now), Some(left)) = (&now, &c.left) else {
            return Err(if now.is_none() {
                UndoRefusal::RemovedSince { kind }
            } else {
                UndoRefusal::RestoredSince { kind }
            });
        };
        // A whole item: name the first field that differs.
        let field = match &c.field {
            Some(f) => f.clone(),
            None => first_difference(left, now),
        };
        let at = match &c.place {
            Place::Workspace => FieldAt::Workspace,
            Place::Programme => FieldAt::Programme,
            Place::Strategy => FieldAt::Strategy,
            Place::Item { list, id } => FieldAt::Item {
                list: list.clone(),
                id: id.clone(),
            },
        };
        let author = crate::versions::versions(doc, &at, &field, r.finder)
            .into_iter()
            .next()
            .map(|v| v.author)
            .unwrap_or_default();
        return Err(UndoRefusal::ChangedSince {
            kind,
            field,
            author,
        });
    }
    Ok(command.clone())
}

fn first_difference(a: &Json, b: &Json) -> String {
    match (a.as_object(), b.as_object()) {
        (Some(a), Some(b)) => a
            .iter()
            .find(|(k, v)| b.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .or_else(|| b.keys().find(|k| !a.contains_key(*k)).cloned())
            .unwrap_or_default(),
        _ => String::new(),
    }
}
