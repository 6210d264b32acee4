//! The versions of one field. When two people change the same field before either saw
//! the other's change, Automerge keeps both values: the field shows one of them (the
//! same on every device) and both are offered, each named by who wrote it and when, so
//! that each device can say "take Anna's version" and mean the same thing.
//!
//! A field is also "in conflict" when the same item exists twice because two devices
//! created it concurrently (one customer's rating of one criterion): the copies' values
//! are the versions.

use automerge::{Automerge, ObjId, ObjType, ROOT, ReadDoc};

use crate::{
    command::{ListRef, every_copy_readonly},
    document::ChangeMessage,
};

/// Where a field lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldAt {
    /// A field of a list item.
    Item { list: ListRef, id: String },
    /// A field of the rollout programme (start, duration, sponsor).
    Programme,
    /// A text of the programme's strategy.
    Strategy,
    /// A setting of the workspace (name, criteria threshold, ABC limits).
    Workspace,
}

/// One value a field holds, with who wrote it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldVersion {
    /// As display text: strings as they are, numbers and flags as written, a variant by
    /// its name, `null` for none.
    pub value: String,
    /// The name the change was signed with ("" for changes of other tools).
    pub author: String,
    /// Unix time in seconds of the change.
    pub time: i64,
}

/// Every distinct value the field holds, the one shown first. One entry normally;
/// two or more after a concurrent change of this field. `field` may be a path into a
/// value made of parts (`rule/Measured/threshold`).
pub fn versions(doc: &Automerge, at: &FieldAt, field: &str) -> Vec<FieldVersion> {
    let objects: Vec<ObjId> = match at {
        FieldAt::Item { list, id } => every_copy_readonly(doc, list, id),
        FieldAt::Programme => object(doc, &ROOT, "programme").into_iter().collect(),
        FieldAt::Strategy => object(doc, &ROOT, "programme")
            .and_then(|p| object(doc, &p, "strategy"))
            .into_iter()
            .collect(),
        FieldAt::Workspace => vec![ROOT],
    };
    // A path reaches into a value made of parts: `rule/Measured/threshold`.
    let mut path: Vec<&str> = field.split('/').collect();
    let last = path.pop().unwrap_or(field);
    let objects: Vec<ObjId> = objects
        .into_iter()
        .filter_map(|o| path.iter().try_fold(o, |o, key| object(doc, &o, key)))
        .collect();
    let mut out: Vec<FieldVersion> = Vec::new();
    for obj in objects {
        let mut here: Vec<FieldVersion> = doc
            .get_all(&obj, last)
            .unwrap_or_default()
            .into_iter()
            .map(|(value, op)| {
                let value = match value {
                    automerge::Value::Scalar(s) => match s.as_ref() {
                        automerge::ScalarValue::Str(t) => t.to_string(),
                        other => other.to_string(),
                    },
                    automerge::Value::Object(ObjType::Text) => doc.text(&op).unwrap_or_default(),
                    // A value made of parts (a criterion's rule): as JSON, so that two
                    // versions can be told apart and shown.
                    automerge::Value::Object(_) => ReadDoc::hydrate(doc, &op, None)
                        .map(|v| crate::snapshot::to_json(&v).to_string())
                        .unwrap_or_else(|_| String::from("…")),
                };
                // Collaborative text: the newest character says who wrote last.
                let latest = match doc.object_type(&op) {
                    Ok(ObjType::Text) => doc.list_range(&op, ..).map(|item| item.id()).max(),
                    _ => None,
                };
                let (author, time) = signed_by(doc, latest.as_ref().unwrap_or(&op));
                FieldVersion {
                    value,
                    author,
                    time,
                }
            })
            .collect();
        // Automerge lists concurrent values in op order with the shown one last.
        here.reverse();
        for v in here {
            if !out.iter().any(|o| o.value == v.value) {
                out.push(v);
            }
        }
    }
    out
}

/// Who signed the change that wrote operation `op`, and when.
fn signed_by(doc: &Automerge, op: &automerge::ObjId) -> (String, i64) {
    let Some(meta) = doc
        .hash_for_opid(op)
        .and_then(|h| doc.get_change_meta_by_hash(&h))
    else {
        return (String::new(), 0);
    };
    let author = meta
        .message
        .as_deref()
        .and_then(|m| serde_json::from_str::<ChangeMessage>(m).ok())
        .map(|m| m.author)
        .unwrap_or_default();
    (author, meta.timestamp)
}

fn object(doc: &Automerge, parent: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(parent, key) {
        Ok(Some((automerge::Value::Object(_), id))) => Some(id),
        _ => None,
    }
}

impl FieldAt {
    /// The command that sets `field` here to `value` (`None` for a field commands
    /// cannot set at this place).
    pub fn command(
        &self,
        field: &str,
        value: crate::command::Value,
    ) -> Option<crate::command::Command> {
        use crate::command::{Command, ProgrammeField as P, WorkspaceField as W};
        Some(match self {
            FieldAt::Item { list, id } => Command::set(list.clone(), id.clone(), field, value),
            FieldAt::Programme | FieldAt::Strategy => Command::SetProgramme {
                field: match field {
                    "start_date" => P::StartDate,
                    "duration_months" => P::DurationMonths,
                    "sponsor_id" => P::SponsorId,
                    "company" => P::CompanyStrategy,
                    "marketing" => P::MarketingStrategy,
                    "kam_role" => P::KamRole,
                    _ => return None,
                },
                value,
            },
            FieldAt::Workspace => Command::SetWorkspace {
                field: match field {
                    "name" => W::Name,
                    "criteria_threshold" => W::CriteriaThreshold,
                    "abc_a_percent" => W::AbcA,
                    "abc_b_percent" => W::AbcB,
                    _ => return None,
                },
                value,
            },
        })
    }

    /// A stable name of the field `field` here, the same on every device: what presence
    /// says someone is editing (`Actions/ka-c1/a7/title`).
    pub fn key(&self, field: &str) -> String {
        match self {
            FieldAt::Item { list, id } => {
                let list = format!("{list:?}");
                // `Actions { key_account_id: "ka-c1" }` → `Actions/ka-c1`
                let compact: String = list
                    .replace(" { ", "/")
                    .replace(" }", "")
                    .split(['/', ':', '"', ' '])
                    .filter(|p| !p.is_empty() && !p.ends_with("_id"))
                    .collect::<Vec<_>>()
                    .join("/");
                format!("{compact}/{id}/{field}")
            }
            FieldAt::Programme => format!("programme/{field}"),
            FieldAt::Strategy => format!("strategy/{field}"),
            FieldAt::Workspace => format!("workspace/{field}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::ListRef;

    #[test]
    fn field_keys_are_short_and_stable() {
        let at = FieldAt::Item {
            list: ListRef::Actions {
                key_account_id: "ka-c1".into(),
            },
            id: "a7".into(),
        };
        assert_eq!(at.key("title"), "Actions/ka-c1/a7/title");
        let at = FieldAt::Item {
            list: ListRef::Milestones,
            id: "m1".into(),
        };
        assert_eq!(at.key("due"), "Milestones/m1/due");
        assert_eq!(
            FieldAt::Programme.key("duration_months"),
            "programme/duration_months"
        );
    }
}
