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
    command::{Finder, ListRef, every_copy_readonly},
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
pub(crate) fn versions(
    doc: &Automerge,
    at: &FieldAt,
    field: &str,
    finder: &mut Finder,
) -> Vec<FieldVersion> {
    let objects: Vec<ObjId> = match at {
        FieldAt::Item { list, id } => every_copy_readonly(doc, list, id, finder),
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
        .and_then(ChangeMessage::parse)
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
    /// A field of item `id` of `list`.
    pub fn item(list: ListRef, id: impl Into<String>) -> FieldAt {
        FieldAt::Item {
            list,
            id: id.into(),
        }
    }

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
        let mut key = self.key_prefix();
        key.push_str(field);
        key
    }

    /// What every field key here starts with (`Actions/ka-c1/a7/`).
    pub fn key_prefix(&self) -> String {
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
                format!("{compact}/{id}/")
            }
            FieldAt::Programme => "programme/".to_string(),
            FieldAt::Strategy => "strategy/".to_string(),
            FieldAt::Workspace => "workspace/".to_string(),
        }
    }
}

/// How much of a part a conflict walk covers. A key account's plan holds hundreds of
/// items; a screen that shows only the account's own fields (who manages it, why it
/// matters) must not walk the whole plan once per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConflictScope {
    /// The item's own fields (and the values made of parts within them).
    Own,
    /// The item's own fields and every item of its lists (the plan's actions, …).
    WithLists,
}

impl ConflictScope {
    /// The walk the field `key` (as [`FieldAt::key`] names it) of a part needs: `Own` for
    /// a field of the top-level item itself, `WithLists` for anything in its lists. The
    /// programme and the workspace are walked whole (their lists are short).
    pub fn for_field(list: &str, id: &str, key: &str) -> ConflictScope {
        let own = top_list(list).map(|list| {
            FieldAt::Item {
                list,
                id: id.to_string(),
            }
            .key_prefix()
        });
        match own {
            Some(prefix) if key.starts_with(&prefix) => ConflictScope::Own,
            _ => ConflictScope::WithLists,
        }
    }
}

/// The fields (as [`FieldAt::key`] names them) of one part of the workspace that hold
/// more than one value: a concurrent change, or an item that exists twice. One walk of
/// the part, so that every field on a screen can ask cheaply after each change.
/// `part`: `("key_accounts", id)` and the like for an item of a top-level list,
/// `("programme", "")` for the rollout programme, `("", "")` for the workspace's own
/// fields. `scope` `Own` leaves out the lists of a top-level item.
pub(crate) fn conflicted_fields(
    doc: &Automerge,
    list: &str,
    id: &str,
    scope: ConflictScope,
    finder: &mut Finder,
) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    match (list, id) {
        ("", _) => scan_scalars(doc, &ROOT, &FieldAt::Workspace.key_prefix(), &mut out),
        ("programme", _) => {
            let Some(programme) = object(doc, &ROOT, "programme") else {
                return out;
            };
            scan_scalars(doc, &programme, &FieldAt::Programme.key_prefix(), &mut out);
            if let Some(strategy) = object(doc, &programme, "strategy") {
                scan_scalars(doc, &strategy, &FieldAt::Strategy.key_prefix(), &mut out);
            }
            for (key, list) in [
                ("goals", ListRef::ProgrammeGoals),
                ("team", ListRef::Team),
                ("milestones", ListRef::PlanSteps),
                ("as_is", ListRef::AsIs),
                ("ground_rule_checks", ListRef::GroundRuleChecks),
                ("reviews", ListRef::ProgrammeReviews),
                ("conflicts", ListRef::Conflicts),
                ("communications", ListRef::Communications),
            ] {
                if let Some(items) = object(doc, &programme, key) {
                    scan_list(doc, &items, &list, &mut out);
                }
            }
        }
        (list_key, id) => {
            let Some(list) = top_list(list_key) else {
                return out;
            };
            let id = id.to_string();
            let sublists: Vec<(&str, ListRef)> = match list_key {
                _ if scope == ConflictScope::Own => Vec::new(),
                "key_accounts" => vec![
                    (
                        "swot",
                        ListRef::Swot {
                            key_account_id: id.clone(),
                        },
                    ),
                    (
                        "goals",
                        ListRef::Goals {
                            key_account_id: id.clone(),
                        },
                    ),
                    (
                        "actions",
                        ListRef::Actions {
                            key_account_id: id.clone(),
                        },
                    ),
                    (
                        "stakeholders",
                        ListRef::Stakeholders {
                            key_account_id: id.clone(),
                        },
                    ),
                    (
                        "reviews",
                        ListRef::Reviews {
                            key_account_id: id.clone(),
                        },
                    ),
                    (
                        "targets",
                        ListRef::Targets {
                            key_account_id: id.clone(),
                        },
                    ),
                    (
                        "whitespace",
                        ListRef::Whitespace {
                            key_account_id: id.clone(),
                        },
                    ),
                ],
                "customers" => vec![
                    (
                        "ratings",
                        ListRef::Ratings {
                            customer_id: id.clone(),
                        },
                    ),
                    (
                        "attributes",
                        ListRef::Attributes {
                            customer_id: id.clone(),
                        },
                    ),
                ],
                "people" => vec![(
                    "trainings",
                    ListRef::Trainings {
                        person_id: id.clone(),
                    },
                )],
                "assessments" => vec![(
                    "levels",
                    ListRef::Levels {
                        assessment_id: id.clone(),
                    },
                )],
                _ => Vec::new(),
            };
            // Every copy of the item (a key account made on two devices) is one item.
            let copies: Vec<ObjId> = every_copy_readonly(doc, &list, &id, finder);
            let key = FieldAt::Item { list, id }.key_prefix();
            let mut values: std::collections::HashMap<String, Vec<String>> = Default::default();
            for obj in &copies {
                scan_scalars(doc, obj, &key, &mut out);
                if copies.len() > 1 {
                    collect_values(doc, obj, &key, &mut values);
                }
                for (key, sub) in &sublists {
                    if let Some(items) = object(doc, obj, key) {
                        scan_list(doc, &items, sub, &mut out);
                    }
                }
            }
            mark_disagreeing(values, &mut out);
        }
    }
    out
}

fn top_list(key: &str) -> Option<ListRef> {
    Some(match key {
        "customers" => ListRef::Customers,
        "criteria" => ListRef::Criteria,
        "decisions" => ListRef::Decisions,
        "requirements" => ListRef::Requirements,
        "people" => ListRef::People,
        "assessments" => ListRef::Assessments,
        "key_accounts" => ListRef::KeyAccounts,
        "portfolio_factors" => ListRef::PortfolioFactors,
        "portfolio_snapshots" => ListRef::PortfolioSnapshots,
        "offerings" => ListRef::Offerings,
        "workshops" => ListRef::Workshops,
        "agenda_items" => ListRef::AgendaItems,
        _ => return None,
    })
}

/// Marks fields of `obj` (and of values made of parts, `rule/Measured/threshold`) that
/// hold concurrent values; `key` is the fields' common key prefix.
fn scan_scalars(
    doc: &Automerge,
    obj: &ObjId,
    key: &str,
    out: &mut std::collections::HashSet<String>,
) {
    for item in doc.map_range(obj, ..) {
        if item.conflict {
            out.insert(format!("{key}{}", item.key));
        }
        if let automerge::ValueRef::Object(ObjType::Map) = item.value {
            let child = item.id();
            scan_scalars(doc, &child, &format!("{key}{}/", item.key), out);
        }
    }
}

/// The string forms of each scalar field of `obj`, for comparing copies of one item.
fn collect_values(
    doc: &Automerge,
    obj: &ObjId,
    key: &str,
    values: &mut std::collections::HashMap<String, Vec<String>>,
) {
    for item in doc.map_range(obj, ..) {
        if let automerge::ValueRef::Scalar(s) = &item.value {
            values
                .entry(format!("{key}{}", item.key))
                .or_default()
                .push(s.to_string());
        }
    }
}

/// Copies that disagree on a field are a conflict of that field.
fn mark_disagreeing(
    values: std::collections::HashMap<String, Vec<String>>,
    out: &mut std::collections::HashSet<String>,
) {
    for (key, v) in values {
        if v.iter().any(|x| *x != v[0]) {
            out.insert(key);
        }
    }
}

/// Marks the conflicted fields of every item of a nested list.
fn scan_list(
    doc: &Automerge,
    items: &ObjId,
    list: &ListRef,
    out: &mut std::collections::HashSet<String>,
) {
    let mut objects: Vec<(String, ObjId)> = Vec::new();
    for i in 0..doc.length(items) {
        let Ok(Some((automerge::Value::Object(ObjType::Map), obj))) = doc.get(items, i) else {
            continue;
        };
        if let Ok(Some((automerge::Value::Scalar(s), _))) = doc.get(&obj, "id") {
            objects.push((s.as_str().unwrap_or_default().to_string(), obj));
        }
    }
    let mut ids: Vec<&str> = objects.iter().map(|(id, _)| id.as_str()).collect();
    crate::order::sort(&mut ids);
    let twice: std::collections::HashSet<&str> = ids
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    let mut values: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (id, obj) in &objects {
        let key = FieldAt::Item {
            list: list.clone(),
            id: id.clone(),
        }
        .key_prefix();
        scan_scalars(doc, obj, &key, out);
        // Copies of one item (inserted on two devices) that disagree are a conflict.
        if twice.contains(id.as_str()) {
            collect_values(doc, obj, &key, &mut values);
        }
    }
    mark_disagreeing(values, out);
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
            list: ListRef::PlanSteps,
            id: "m1".into(),
        };
        assert_eq!(at.key("due"), "PlanSteps/m1/due");
        assert_eq!(
            FieldAt::Programme.key("duration_months"),
            "programme/duration_months"
        );
    }
}
