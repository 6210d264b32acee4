//! What a change's summary records so that the history can name things the way the
//! screens do: the item's place (its key account or customer by name), and every set
//! field's value before and after, with people, customers and steps by name rather
//! than by id. Read inside the command's transaction, so it is true at that moment.

use automerge::{ObjId, ObjType};
use autosurgeon::ReadDoc;

use super::navigate::{every_copy, get_obj};
use super::*;
use crate::history::{FieldChange, Shown};

/// Where an item belongs and what to call it.
pub(super) struct Place {
    /// A better name than the item's own label (a key account: its customer's name).
    pub label: Option<String>,
    pub context: String,
    pub customer: String,
}

fn object<D: ReadDoc>(doc: &D, list: &ListRef, id: &str, finder: &mut Finder) -> Option<ObjId> {
    every_copy(doc, list, id, finder)
        .into_iter()
        .next()
        .map(|(_, _, obj)| obj)
}

fn string<D: ReadDoc>(doc: &D, obj: &ObjId, field: &str) -> Option<String> {
    match doc.get(obj, field) {
        Ok(Some((automerge::Value::Scalar(s), _))) => match s.as_ref() {
            automerge::ScalarValue::Str(t) => Some(t.to_string()),
            _ => None,
        },
        Ok(Some((automerge::Value::Object(ObjType::Text), text))) => doc.text(&text).ok(),
        _ => None,
    }
}

/// The name of the item `id` of `list` (its name, title or text).
fn name_of<D: ReadDoc>(doc: &D, list: &ListRef, id: &str, finder: &mut Finder) -> Option<String> {
    let obj = object(doc, list, id, finder)?;
    ["name", "title", "text", "topic"]
        .iter()
        .find_map(|f| string(doc, &obj, f).filter(|s| !s.is_empty()))
        .map(|s| shorten(&s, 60))
}

fn customer_of_account<D: ReadDoc>(
    doc: &D,
    account_id: &str,
    finder: &mut Finder,
) -> Option<String> {
    let obj = object(doc, &ListRef::KeyAccounts, account_id, finder)?;
    string(doc, &obj, "customer_id")
}

/// The place of item `id` of `list`.
pub(super) fn place<D: ReadDoc>(doc: &D, list: &ListRef, id: &str, finder: &mut Finder) -> Place {
    let customer_name = |doc: &D, finder: &mut Finder, customer: &str| {
        name_of(doc, &ListRef::Customers, customer, finder).unwrap_or_default()
    };
    let of_account = |doc: &D, finder: &mut Finder, account: &str| {
        let customer = customer_of_account(doc, account, finder).unwrap_or_default();
        let context = customer_name(doc, finder, &customer);
        (customer, context)
    };
    let mut place = Place {
        label: None,
        context: String::new(),
        customer: String::new(),
    };
    match list {
        ListRef::Customers => place.customer = id.to_string(),
        ListRef::KeyAccounts => {
            let (customer, name) = of_account(doc, finder, id);
            place.label = Some(name).filter(|n| !n.is_empty());
            place.customer = customer;
        }
        ListRef::Swot { key_account_id }
        | ListRef::Goals { key_account_id }
        | ListRef::Actions { key_account_id }
        | ListRef::Stakeholders { key_account_id }
        | ListRef::Reviews { key_account_id }
        | ListRef::Targets { key_account_id }
        | ListRef::Whitespace { key_account_id } => {
            let (customer, name) = of_account(doc, finder, key_account_id);
            place.context = name;
            place.customer = customer;
            if let ListRef::Whitespace { .. } = list {
                place.label = name_of(doc, &ListRef::Offerings, id, finder);
            }
        }
        ListRef::Ratings { customer_id } | ListRef::Attributes { customer_id } => {
            place.context = customer_name(doc, finder, customer_id);
            place.customer = customer_id.clone();
            if let ListRef::Ratings { .. } = list {
                place.label = name_of(doc, &ListRef::Criteria, id, finder)
                    .or_else(|| name_of(doc, &ListRef::PortfolioFactors, id, finder));
            }
        }
        ListRef::Decisions => {
            let customer = object(doc, list, id, finder)
                .and_then(|o| string(doc, &o, "customer_id"))
                .unwrap_or_default();
            place.label = Some(customer_name(doc, finder, &customer)).filter(|n| !n.is_empty());
            place.customer = customer;
        }
        ListRef::AgendaItems => {
            let workshop = object(doc, list, id, finder)
                .and_then(|o| string(doc, &o, "workshop_id"))
                .unwrap_or_default();
            place.context =
                name_of(doc, &ListRef::Workshops, &workshop, finder).unwrap_or_default();
        }
        ListRef::Trainings { person_id } => {
            place.context = name_of(doc, &ListRef::People, person_id, finder).unwrap_or_default();
        }
        ListRef::Team | ListRef::Assessments => {
            let person = object(doc, list, id, finder)
                .and_then(|o| string(doc, &o, "person_id"))
                .unwrap_or_default();
            place.context = name_of(doc, &ListRef::People, &person, finder).unwrap_or_default();
        }
        ListRef::Levels { assessment_id } => {
            let person = object(doc, &ListRef::Assessments, assessment_id, finder)
                .and_then(|o| string(doc, &o, "person_id"))
                .unwrap_or_default();
            place.context = name_of(doc, &ListRef::People, &person, finder).unwrap_or_default();
            place.label = name_of(doc, &ListRef::Requirements, id, finder);
        }
        _ => {}
    }
    place
}

/// Fields that hold the id of another item, and the list it is in.
fn reference(kind: EntityKind, field: &str, list: Option<&ListRef>) -> Option<ListRef> {
    match field {
        "owner_id" | "person_id" | "sponsor_id" | "manager_id" | "deputy_id"
        | "contact_person_id" => Some(ListRef::People),
        "customer_id" => Some(ListRef::Customers),
        "current_item" => Some(ListRef::AgendaItems),
        "workshop_id" => Some(ListRef::Workshops),
        "after" if kind == EntityKind::PlanStep => Some(ListRef::PlanSteps),
        "goal_id" => match list {
            Some(ListRef::Actions { key_account_id }) => Some(ListRef::Goals {
                key_account_id: key_account_id.clone(),
            }),
            _ => None,
        },
        _ => None,
    }
}

/// The locale key of a stored variant name (`Done` of a status → `plan.done`).
pub(crate) fn variant_key(kind: EntityKind, field: &str, variant: &str) -> Option<&'static str> {
    use EntityKind as K;
    Some(match (kind, field, variant) {
        (_, "status", "Open") => "plan.open",
        (_, "status", "InProgress") => "plan.in_progress",
        (_, "status", "Done") => "plan.done",
        (_, "status", "Cancelled") => "plan.cancelled",
        (K::Customer, "selection", "None") => "customers.sel_none",
        (K::Customer, "selection", "Provisional") => "customers.sel_provisional",
        (K::Customer, "selection", "Definitive") => "customers.sel_definitive",
        (K::Customer, "selection", "Rejected") => "customers.sel_rejected",
        (K::SwotItem, "kind", "Strength") => "accounts.strengths",
        (K::SwotItem, "kind", "Weakness") => "accounts.weaknesses",
        (K::SwotItem, "kind", "Opportunity") => "accounts.opportunities",
        (K::SwotItem, "kind", "Threat") => "accounts.threats",
        (K::Stakeholder, "role", "Decider") => "accounts.role_decider",
        (K::Stakeholder, "role", "Buyer") => "accounts.role_buyer",
        (K::Stakeholder, "role", "Influencer") => "accounts.role_influencer",
        (K::Stakeholder, "role", "User") => "accounts.role_user",
        (K::Stakeholder, "role", "Initiator") => "accounts.role_initiator",
        (K::Stakeholder, "role", "Gatekeeper") => "accounts.role_gatekeeper",
        (K::PortfolioFactor, "axis", "Attractiveness") => "portfolio.attractiveness",
        (K::PortfolioFactor, "axis", "Position") => "portfolio.position",
        (K::PortfolioFactor, "source", "revenue") => "fields.revenue",
        (K::PortfolioFactor, "source", "margin") => "fields.margin",
        (K::PortfolioFactor, "source", "potential") => "fields.potential",
        (K::PortfolioFactor, "source", "rated") => "portfolio.source_rated",
        (K::WhitespaceCell, "coverage", "Open") => "whitespace.open",
        (K::WhitespaceCell, "coverage", "Sells") => "whitespace.sells",
        (K::WhitespaceCell, "coverage", "Potential") => "whitespace.potential",
        (K::WhitespaceCell, "coverage", "Competitor") => "whitespace.competitor",
        (K::WhitespaceCell, "coverage", "NotRelevant") => "whitespace.not_relevant",
        _ => return None,
    })
}

/// The value of `field` of `obj` as the history shows it.
pub(super) fn shown<D: ReadDoc>(
    doc: &D,
    obj: &ObjId,
    kind: EntityKind,
    list: Option<&ListRef>,
    field: &str,
    finder: &mut Finder,
) -> Shown {
    let value = match doc.get(obj, field) {
        Ok(Some(v)) => v,
        _ => return Shown::None,
    };
    match value {
        (automerge::Value::Scalar(s), _) => match s.as_ref() {
            automerge::ScalarValue::Str(t) => {
                if let Some(target) = reference(kind, field, list) {
                    return name_of(doc, &target, t, finder).map_or(Shown::None, Shown::Text);
                }
                match variant_key(kind, field, t) {
                    Some(key) => Shown::Word(key.to_string()),
                    None => Shown::Text(shorten(t, 200)),
                }
            }
            automerge::ScalarValue::Int(n) => Shown::Number(*n),
            automerge::ScalarValue::Uint(n) => Shown::Number(i64::try_from(*n).unwrap_or(i64::MAX)),
            automerge::ScalarValue::F64(f) => Shown::Text(format!("{f}")),
            automerge::ScalarValue::Boolean(b) => Shown::Flag(*b),
            automerge::ScalarValue::Null => Shown::None,
            other => Shown::Text(other.to_string()),
        },
        (automerge::Value::Object(ObjType::Text), text) => {
            Shown::Text(shorten(&doc.text(&text).unwrap_or_default(), 200))
        }
        (automerge::Value::Object(_), rule) if field == "rule" => {
            // A rule is stored as its variant's name holding its fields.
            let int = |o: &ObjId, f: &str| match doc.get(o, f) {
                Ok(Some((automerge::Value::Scalar(s), _))) => match s.as_ref() {
                    automerge::ScalarValue::Int(n) => Some(*n),
                    automerge::ScalarValue::Uint(n) => i64::try_from(*n).ok(),
                    _ => None,
                },
                _ => None,
            };
            if let Some(m) = get_obj(doc, &rule, "Measured") {
                Shown::Measured(
                    string(doc, &m, "field").unwrap_or_default(),
                    int(&m, "threshold").unwrap_or_default(),
                )
            } else if let Some(r) = get_obj(doc, &rule, "Rated") {
                Shown::Rated(
                    int(&r, "min")
                        .and_then(|n| u8::try_from(n).ok())
                        .unwrap_or_default(),
                )
            } else {
                Shown::None
            }
        }
        (automerge::Value::Object(_), _) => Shown::None,
    }
}

/// The values of `fields` of `obj` (the item, or the workspace / programme map).
pub(super) fn values<D: ReadDoc>(
    doc: &D,
    obj: &ObjId,
    kind: EntityKind,
    list: Option<&ListRef>,
    fields: &[String],
    finder: &mut Finder,
) -> Vec<Shown> {
    fields
        .iter()
        .map(|f| shown(doc, obj, kind, list, f, finder))
        .collect()
}

/// Pairs values before and after into field changes, dropping fields left as they were.
pub(super) fn field_changes(
    fields: &[String],
    before: Vec<Shown>,
    after: Vec<Shown>,
) -> Vec<FieldChange> {
    fields
        .iter()
        .zip(before.into_iter().zip(after))
        .filter(|(_, (old, new))| old != new)
        .map(|(field, (old, new))| FieldChange {
            field: field.clone(),
            old,
            new,
        })
        .collect()
}
