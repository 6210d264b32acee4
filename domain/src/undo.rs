//! Undo and redo of one device's own changes on a shared workspace.
//!
//! An undo is a new change that writes back the values the original change replaced,
//! and only those: a concurrent edit by someone else of another field, or of another
//! item, stays. Before it is written, every place the original change wrote is checked
//! to still hold what that change left there; if someone has changed it since, the undo
//! is refused and says who, rather than silently overwriting their work.

use automerge::{ObjId, ROOT, hydrate::Value as Tree};

use crate::command::{
    ChangeSummary, Command, EntityKind, Finder, ListRef, ProgrammeField, Value, WorkspaceField,
};
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
    left: Option<Tree>,
}

/// How to take back one change made on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    /// Restores what the change replaced; `None` when the change cannot be taken back
    /// (see `refusal`).
    command: Option<Command>,
    checks: Vec<Check>,
    /// How many parts a change too large to undo had.
    too_large: usize,
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

/// Reads what the document holds now, through its index of items.
struct Reader<'a> {
    doc: &'a automerge::Automerge,
    finder: &'a mut Finder,
}

impl Reader<'_> {
    fn obj(&mut self, place: &Place) -> Option<ObjId> {
        let child =
            |doc: &automerge::Automerge, parent: &ObjId, key: &str| match automerge::ReadDoc::get(
                doc, parent, key,
            ) {
                Ok(Some((automerge::Value::Object(_), id))) => Some(id),
                _ => None,
            };
        match place {
            Place::Workspace => Some(ROOT),
            Place::Programme => child(self.doc, &ROOT, "programme"),
            Place::Strategy => {
                let programme = child(self.doc, &ROOT, "programme")?;
                child(self.doc, &programme, "strategy")
            }
            Place::Item { list, id } => {
                let list_obj = crate::command::locate_list_readonly(self.doc, list, self.finder)?;
                self.finder
                    .find(self.doc, &list_obj, id)
                    .map(|(_, obj)| obj)
            }
        }
    }

    /// What `check` finds now: the field's value, or the whole item; `None` when the
    /// item (or the field) is not there.
    fn now(&mut self, check: &Check) -> Option<Tree> {
        let obj = self.obj(&check.place)?;
        let Some(field) = &check.field else {
            return automerge::ReadDoc::hydrate(self.doc, &obj, None).ok();
        };
        match automerge::ReadDoc::get(self.doc, &obj, field.as_str()).ok()?? {
            (automerge::Value::Scalar(s), _) => Some(Tree::Scalar(s.into_owned())),
            (automerge::Value::Object(_), id) => {
                automerge::ReadDoc::hydrate(self.doc, &id, None).ok()
            }
        }
    }

    /// The value of `field` in `place` now, of the same type as `like`.
    fn value_like(&mut self, place: &Place, field: &str, like: &Value) -> Option<Value> {
        let obj = self.obj(place)?;
        let doc = self.doc;
        fn read<T: serde::de::DeserializeOwned>(
            doc: &automerge::Automerge,
            obj: &ObjId,
            field: &str,
        ) -> Option<T> {
            crate::snapshot::read(doc, obj, field).ok()
        }
        let missing = || {
            automerge::ReadDoc::get(doc, &obj, field)
                .ok()
                .flatten()
                .is_none()
        };
        Some(match like {
            // A field never set reads as empty (a new item's optional text).
            Value::Str(_) => Value::Str(read(doc, &obj, field).unwrap_or_default()),
            Value::Text(_) => Value::Text(read(doc, &obj, field).unwrap_or_default()),
            Value::OptStr(_) if missing() => Value::OptStr(None),
            Value::OptInt(_) if missing() => Value::OptInt(None),
            Value::OptUint(_) if missing() => Value::OptUint(None),
            Value::OptStr(_) => Value::OptStr(read(doc, &obj, field)?),
            Value::Int(_) => Value::Int(read(doc, &obj, field)?),
            Value::OptInt(_) => Value::OptInt(read(doc, &obj, field)?),
            Value::Uint(_) => Value::Uint(read(doc, &obj, field)?),
            Value::OptUint(_) => Value::OptUint(read(doc, &obj, field)?),
            Value::Bool(_) => Value::Bool(read(doc, &obj, field)?),
            Value::Rank(_) => Value::Rank(read(doc, &obj, field)?),
            Value::Status(_) => Value::Status(read(doc, &obj, field)?),
            Value::Selection(_) => Value::Selection(read(doc, &obj, field)?),
            Value::SwotKind(_) => Value::SwotKind(read(doc, &obj, field)?),
            Value::BuyingRole(_) => Value::BuyingRole(read(doc, &obj, field)?),
            Value::Rule(_) => Value::Rule(read(doc, &obj, field)?),
            Value::Axis(_) => Value::Axis(read(doc, &obj, field)?),
        })
    }
}

/// What restores the values `command` is about to replace, read before it runs.
/// Leaves whose item does not exist yet (made by the same batch) need no inverse: the
/// inverse of its insert removes it.
pub(crate) struct Before {
    inverse: Vec<Command>,
    leaves: Vec<Command>,
    too_large: Option<usize>,
}

pub(crate) fn before(command: &Command, doc: &automerge::Automerge, finder: &mut Finder) -> Before {
    let mut all = Vec::new();
    leaves(command, &mut all);
    if all.len() > MAX_UNDO_PARTS {
        return Before {
            inverse: Vec::new(),
            leaves: Vec::new(),
            too_large: Some(all.len()),
        };
    }
    let mut r = Reader { doc, finder };
    let mut inverse = Vec::new();
    for leaf in &all {
        match leaf {
            Command::SetWorkspace { field, value } => {
                if let Some(old) = r.value_like(&Place::Workspace, workspace_key(*field), value) {
                    inverse.push(Command::SetWorkspace {
                        field: *field,
                        value: old,
                    });
                }
            }
            Command::SetProgramme { field, value } => {
                let (place, key) = programme_key(*field);
                if let Some(old) = r.value_like(&place, key, value) {
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
                let place = Place::Item {
                    list: list.clone(),
                    id: id.clone(),
                };
                if r.obj(&place).is_none() {
                    continue;
                }
                let restore: Vec<(String, Value)> = changes
                    .iter()
                    .filter_map(|(field, value)| {
                        r.value_like(&place, field, value)
                            .map(|v| (field.clone(), v))
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
    doc: &automerge::Automerge,
    finder: &mut Finder,
) -> UndoStep {
    if before.too_large.is_some() {
        return UndoStep {
            command: None,
            checks: Vec::new(),
            too_large: before.too_large.unwrap_or_default(),
            summary,
        };
    }
    let mut r = Reader { doc, finder };
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
        too_large: 0,
    }
}

/// The command that undoes `step` now, or why it may not.
pub(crate) fn check(
    step: &UndoStep,
    doc: &automerge::Automerge,
    finder: &mut Finder,
) -> Result<Command, UndoRefusal> {
    let Some(command) = &step.command else {
        return Err(UndoRefusal::TooLarge {
            parts: step.too_large,
        });
    };
    let mut r = Reader { doc, finder };
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

fn first_difference(a: &Tree, b: &Tree) -> String {
    let (Tree::Map(a), Tree::Map(b)) = (a, b) else {
        return String::new();
    };
    a.iter()
        .find(|(k, v)| b.get(k) != Some(&v.value))
        .map(|(k, _)| k.to_string())
        .or_else(|| {
            b.iter()
                .find(|(k, _)| a.get(k).is_none())
                .map(|(k, _)| k.to_string())
        })
        .unwrap_or_default()
}
