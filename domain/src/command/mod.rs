//! Commands: the only way the app changes a workspace.
//!
//! A command names what to change (an item of a list by its id, or the workspace and
//! programme fields) and the new values of single fields. Writing single fields, rather
//! than whole items, is what keeps a concurrent edit of another field of the same item
//! when replicas merge. Every command is validated inside its transaction; a broken rule
//! rolls the whole change back.

use automerge::ObjId;
use autosurgeon::{Reconcile, Reconciler, Text};
use serde::{Deserialize, Serialize};

use crate::{model::*, validate::Validate};

/// Every kind of list item, declared once: the kind, its type (of the same name) and what
/// users call one in the history. `declare_items!` below makes `EntityKind`, `Item` and
/// what `Item` does for every kind from it; `refresh` its id access (`HasId`).
macro_rules! item_table {
    ($then:ident) => {
        $then! {
            ProgrammeGoal: |g| g.text.clone();
            TeamMember: |t| t.role.clone();
            /// A step of the rollout plan (a work step, or a milestone: a dated checkpoint).
            /// Stored as "milestone" in change messages written before the name was fixed.
            #[serde(rename = "milestone")]
            PlanStep: |m| m.title.clone();
            AsIsAnswer: |a| a.id.clone();
            GroundRuleCheck: |g| g.date.clone();
            ConflictEntry: |c| c.what.clone();
            Communication: |c| c.what.clone();
            ProgrammeReview: |r| r.date.clone();
            Customer: |c| c.name.clone();
            Criterion: |c| c.name.clone();
            SelectionDecision: |d| d.reason.clone();
            Requirement: |r| r.name.clone();
            Person: |p| p.name.clone();
            Training: |t| t.topic.clone();
            Assessment: |a| a.date.clone();
            KeyAccount: |k| k.customer_id.clone();
            SwotItem: |s| s.text.as_str().to_string();
            Goal: |g| g.title.clone();
            Action: |a| a.title.clone();
            Stakeholder: |s| s.name.clone();
            Review: |r| r.date.clone();
            Target: |t| t.id.clone();
            WhitespaceCell: |c| c.id.clone();
            Offering: |o| o.name.clone();
            Rating: |r| r.id.clone();
            Attribute: |a| a.id.clone();
            PortfolioFactor: |f| f.name.clone();
            PortfolioSnapshot: |p| format!("{} {}", p.date, p.name);
            Level: |l| l.id.clone();
            Workshop: |w| w.title.clone();
            AgendaItem: |a| a.title.clone();
        }
    };
}
pub(crate) use item_table;

macro_rules! declare_items {
    ($($(#[$meta:meta])* $kind:ident: $label:expr;)*) => {
        /// The kinds of things a workspace holds; used in messages and the history.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum EntityKind {
            Workspace,
            Programme,
            Strategy,
            $($(#[$meta])* $kind,)*
        }

        /// A new item for a list.
        // One item per command; boxing the large ones would only make every call site noisier.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum Item {
            $($kind($kind),)*
        }

        impl Item {
            /// The item's kind.
            pub fn kind(&self) -> EntityKind {
                match self {
                    $(Item::$kind(_) => EntityKind::$kind,)*
                }
            }

            /// The item's stable id.
            pub fn id(&self) -> &str {
                match self {
                    $(Item::$kind(it) => &it.id,)*
                }
            }

            /// What users call this item: its name, title or text (shortened), for the
            /// history.
            pub fn label(&self) -> String {
                let full = match self {
                    $(Item::$kind(it) => {
                        let label: fn(&$kind) -> String = $label;
                        label(it)
                    })*
                };
                shorten(&full, 60)
            }

            fn validate(&self) -> Result<(), crate::validate::Invalid> {
                match self {
                    $(Item::$kind(it) => it.validate(),)*
                }
            }

            fn insert_into<D: automerge::transaction::Transactable>(
                &self,
                doc: &mut D,
                list: &ObjId,
                index: usize,
            ) -> Result<(), CommandError> {
                match self {
                    $(Item::$kind(it) => crate::write::insert(doc, list, index, it),)*
                }
                .map_err(|e| CommandError::Document(e.to_string()))
            }

            fn hydrate_at<D: automerge::ReadDoc>(
                doc: &D,
                kind: EntityKind,
                list: &ObjId,
                index: usize,
            ) -> Result<Item, String> {
                Ok(match kind {
                    $(EntityKind::$kind => Item::$kind(crate::snapshot::read(doc, list, index)?),)*
                    EntityKind::Workspace | EntityKind::Programme | EntityKind::Strategy => {
                        return Err(format!("{kind:?} is not a list item"));
                    }
                })
            }
        }
    };
}
item_table!(declare_items);

/// A list of items in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListRef {
    ProgrammeGoals,
    Team,
    /// The rollout plan's steps (document key `milestones`, kept for older documents).
    PlanSteps,
    AsIs,
    GroundRuleChecks,
    Conflicts,
    Communications,
    /// Reviews of the programme (document key `reviews` in the programme).
    ProgrammeReviews,
    Customers,
    Criteria,
    Decisions,
    Requirements,
    People,
    /// Trainings of one person.
    Trainings {
        person_id: String,
    },
    Assessments,
    KeyAccounts,
    Swot {
        key_account_id: String,
    },
    Goals {
        key_account_id: String,
    },
    Actions {
        key_account_id: String,
    },
    Stakeholders {
        key_account_id: String,
    },
    Reviews {
        key_account_id: String,
    },
    Targets {
        key_account_id: String,
    },
    /// One key account's cells of the whitespace grid, one per offering.
    Whitespace {
        key_account_id: String,
    },
    /// What the company offers: the columns of the whitespace grid.
    Offerings,
    /// 1–5 judgements of one customer, one per rated criterion or portfolio factor.
    Ratings {
        customer_id: String,
    },
    /// Extra columns of one customer, kept from an import.
    Attributes {
        customer_id: String,
    },
    PortfolioFactors,
    PortfolioSnapshots,
    Workshops,
    AgendaItems,
    /// The levels one assessment gives a candidate, one per requirement.
    Levels {
        assessment_id: String,
    },
}

impl ListRef {
    /// Every item's id and rank, for moving one of them (`rank::move_by_one`); empty
    /// for a list that is not ranked or not there.
    pub fn ranks(&self, w: &Workspace) -> Vec<(String, f64)> {
        fn of<T: crate::rank::Ranked>(items: &[T]) -> Vec<(String, f64)> {
            items
                .iter()
                .map(|i| (i.id().to_string(), i.rank()))
                .collect()
        }
        let account = |id: &str| w.key_account(id);
        match self {
            ListRef::ProgrammeGoals => of(&w.programme.goals),
            ListRef::PlanSteps => of(&w.programme.milestones),
            ListRef::Criteria => of(&w.criteria),
            ListRef::Requirements => of(&w.requirements),
            ListRef::KeyAccounts => of(&w.key_accounts),
            ListRef::AgendaItems => of(&w.agenda_items),
            ListRef::PortfolioFactors => of(&w.portfolio_factors),
            ListRef::Goals { key_account_id } => {
                account(key_account_id).map_or_else(Vec::new, |a| of(&a.goals))
            }
            _ => Vec::new(),
        }
    }

    /// What kind of item the list holds.
    pub fn kind(&self) -> EntityKind {
        use EntityKind as K;
        match self {
            ListRef::ProgrammeGoals => K::ProgrammeGoal,
            ListRef::Team => K::TeamMember,
            ListRef::PlanSteps => K::PlanStep,
            ListRef::AsIs => K::AsIsAnswer,
            ListRef::GroundRuleChecks => K::GroundRuleCheck,
            ListRef::Conflicts => K::ConflictEntry,
            ListRef::Communications => K::Communication,
            ListRef::ProgrammeReviews => K::ProgrammeReview,
            ListRef::Customers => K::Customer,
            ListRef::Criteria => K::Criterion,
            ListRef::Decisions => K::SelectionDecision,
            ListRef::Requirements => K::Requirement,
            ListRef::People => K::Person,
            ListRef::Trainings { .. } => K::Training,
            ListRef::Assessments => K::Assessment,
            ListRef::KeyAccounts => K::KeyAccount,
            ListRef::Swot { .. } => K::SwotItem,
            ListRef::Goals { .. } => K::Goal,
            ListRef::Actions { .. } => K::Action,
            ListRef::Stakeholders { .. } => K::Stakeholder,
            ListRef::Reviews { .. } => K::Review,
            ListRef::Targets { .. } => K::Target,
            ListRef::Whitespace { .. } => K::WhitespaceCell,
            ListRef::Offerings => K::Offering,
            ListRef::Ratings { .. } => K::Rating,
            ListRef::Attributes { .. } => K::Attribute,
            ListRef::PortfolioFactors => K::PortfolioFactor,
            ListRef::PortfolioSnapshots => K::PortfolioSnapshot,
            ListRef::Workshops => K::Workshop,
            ListRef::AgendaItems => K::AgendaItem,
            ListRef::Levels { .. } => K::Level,
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// A new value for one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    OptStr(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
    Uint(u64),
    OptUint(Option<u64>),
    Bool(bool),
    Rank(f64),
    /// Collaborative text: written as a diff against the current text, so concurrent
    /// edits of different parts are both kept.
    Text(String),
    Status(Status),
    Selection(SelectionStatus),
    SwotKind(SwotKind),
    BuyingRole(BuyingRole),
    Rule(CriterionRule),
    Axis(Axis),
}

impl Reconcile for Value {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, reconciler: R) -> Result<(), R::Error> {
        match self {
            Value::Str(v) => v.reconcile(reconciler),
            Value::OptStr(v) => v.reconcile(reconciler),
            Value::Int(v) => v.reconcile(reconciler),
            Value::OptInt(v) => v.reconcile(reconciler),
            Value::Uint(v) => v.reconcile(reconciler),
            Value::OptUint(v) => v.reconcile(reconciler),
            Value::Bool(v) => v.reconcile(reconciler),
            Value::Rank(v) => v.reconcile(reconciler),
            Value::Text(v) => Text::with_value(v).reconcile(reconciler),
            Value::Status(v) => v.reconcile(reconciler),
            Value::Selection(v) => v.reconcile(reconciler),
            Value::SwotKind(v) => v.reconcile(reconciler),
            Value::BuyingRole(v) => v.reconcile(reconciler),
            Value::Rule(v) => v.reconcile(reconciler),
            Value::Axis(v) => v.reconcile(reconciler),
        }
    }
}

/// Fields of the workspace itself that commands may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkspaceField {
    Name,
    AbcA,
    AbcB,
    CriteriaThreshold,
}

/// Fields of the programme (and its strategy) that commands may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeField {
    StartDate,
    DurationMonths,
    SponsorId,
    CompanyStrategy,
    MarketingStrategy,
    KamRole,
}

/// A change a user asks for.
// One command per user action: its size does not matter, and boxing the item would only
// make every call site noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Set a field of the workspace.
    SetWorkspace { field: WorkspaceField, value: Value },
    /// Set a field of the rollout programme or its strategy.
    SetProgramme { field: ProgrammeField, value: Value },
    /// Append a new item to a list.
    Insert { list: ListRef, item: Item },
    /// Set fields of one item; fields not named are left alone.
    Update {
        list: ListRef,
        id: String,
        changes: Vec<(String, Value)>,
    },
    /// Remove one item.
    Remove { list: ListRef, id: String },
    /// Several commands as one change: all are written or none (an import, a selection
    /// decision with its log entry).
    Batch(Vec<Command>),
}

/// Why a command was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("{kind:?} `{id}` does not exist (removed by someone else?)")]
    NotFound { kind: EntityKind, id: String },
    #[error("{kind:?} `{id}` exists already")]
    DuplicateId { kind: EntityKind, id: String },
    #[error("{kind:?} has no field `{field}` that can be changed")]
    UnknownField { kind: EntityKind, field: String },
    #[error("a {item:?} does not belong in the list of {list:?}")]
    WrongList { list: EntityKind, item: EntityKind },
    #[error("{kind:?}: {invalid}")]
    Invalid {
        kind: EntityKind,
        invalid: crate::validate::Invalid,
    },
    #[error("customer number {number} is already {name}'s")]
    NumberTaken { number: String, name: String },
    #[error("the command changes nothing")]
    Empty,
    #[error("the document could not be changed: {0}")]
    Document(String),
}

impl From<automerge::AutomergeError> for CommandError {
    fn from(e: automerge::AutomergeError) -> Self {
        CommandError::Document(e.to_string())
    }
}

impl From<autosurgeon::ReconcileError> for CommandError {
    fn from(e: autosurgeon::ReconcileError) -> Self {
        CommandError::Document(e.to_string())
    }
}

/// What a command changed, in words the history can show ("Anna changed the revenue of
/// Müller AG"). Stored in the change's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSummary {
    pub action: ChangeAction,
    pub kind: EntityKind,
    /// Name or title of the item, shortened.
    pub label: String,
    /// The fields that were set (for updates).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// The list and id of the item (none for workspace and programme fields, and in
    /// messages written before they were recorded).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "list_code")]
    pub list: Option<ListRef>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the item belongs, by name: its key account or customer, its person.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
    /// The customer the change concerns (a customer, or the key account's customer),
    /// for filtering the history by account.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer: String,
    /// Each set field's value before and after, as shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<crate::history::FieldChange>,
    /// A batch's parts (the first [`crate::history::PARTS_KEPT`]) and how many it had.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<ChangeSummary>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub count: usize,
}

/// A list in a change's message as one string (`Actions:ka0`): the derived form of
/// `ListRef` costs ~20 KB of wasm to read back.
mod list_code {
    use super::ListRef;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(list: &Option<ListRef>, s: S) -> Result<S::Ok, S::Error> {
        match list {
            Some(l) => s.serialize_str(&l.code()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ListRef>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.and_then(|c| ListRef::from_code(&c)))
    }
}

impl ListRef {
    /// The list as one string: its name, and its owner's id for a nested list.
    pub fn code(&self) -> String {
        let (name, owner) = self.parts();
        match owner {
            Some(id) => format!("{name}:{id}"),
            None => name.to_string(),
        }
    }

    /// The list a [`ListRef::code`] names; `None` for an unknown name.
    pub fn from_code(code: &str) -> Option<ListRef> {
        let (name, owner) = match code.split_once(':') {
            Some((n, o)) => (n, Some(o.to_string())),
            None => (code, None),
        };
        let flat = [
            ListRef::ProgrammeGoals,
            ListRef::Team,
            ListRef::PlanSteps,
            ListRef::AsIs,
            ListRef::GroundRuleChecks,
            ListRef::Conflicts,
            ListRef::Communications,
            ListRef::ProgrammeReviews,
            ListRef::Customers,
            ListRef::Criteria,
            ListRef::Decisions,
            ListRef::Requirements,
            ListRef::People,
            ListRef::Assessments,
            ListRef::KeyAccounts,
            ListRef::Offerings,
            ListRef::PortfolioFactors,
            ListRef::PortfolioSnapshots,
            ListRef::Workshops,
            ListRef::AgendaItems,
        ];
        match owner {
            None => flat.into_iter().find(|l| l.parts().0 == name),
            Some(id) => Some(match name {
                "Trainings" => ListRef::Trainings { person_id: id },
                "Swot" => ListRef::Swot { key_account_id: id },
                "Goals" => ListRef::Goals { key_account_id: id },
                "Actions" => ListRef::Actions { key_account_id: id },
                "Stakeholders" => ListRef::Stakeholders { key_account_id: id },
                "Reviews" => ListRef::Reviews { key_account_id: id },
                "Targets" => ListRef::Targets { key_account_id: id },
                "Whitespace" => ListRef::Whitespace { key_account_id: id },
                "Ratings" => ListRef::Ratings { customer_id: id },
                "Attributes" => ListRef::Attributes { customer_id: id },
                "Levels" => ListRef::Levels { assessment_id: id },
                _ => return None,
            }),
        }
    }

    fn parts(&self) -> (&'static str, Option<&str>) {
        match self {
            ListRef::ProgrammeGoals => ("ProgrammeGoals", None),
            ListRef::Team => ("Team", None),
            ListRef::PlanSteps => ("PlanSteps", None),
            ListRef::AsIs => ("AsIs", None),
            ListRef::GroundRuleChecks => ("GroundRuleChecks", None),
            ListRef::Conflicts => ("Conflicts", None),
            ListRef::Communications => ("Communications", None),
            ListRef::ProgrammeReviews => ("ProgrammeReviews", None),
            ListRef::Customers => ("Customers", None),
            ListRef::Criteria => ("Criteria", None),
            ListRef::Decisions => ("Decisions", None),
            ListRef::Requirements => ("Requirements", None),
            ListRef::People => ("People", None),
            ListRef::Assessments => ("Assessments", None),
            ListRef::KeyAccounts => ("KeyAccounts", None),
            ListRef::Offerings => ("Offerings", None),
            ListRef::PortfolioFactors => ("PortfolioFactors", None),
            ListRef::PortfolioSnapshots => ("PortfolioSnapshots", None),
            ListRef::Workshops => ("Workshops", None),
            ListRef::AgendaItems => ("AgendaItems", None),
            ListRef::Trainings { person_id } => ("Trainings", Some(person_id)),
            ListRef::Swot { key_account_id } => ("Swot", Some(key_account_id)),
            ListRef::Goals { key_account_id } => ("Goals", Some(key_account_id)),
            ListRef::Actions { key_account_id } => ("Actions", Some(key_account_id)),
            ListRef::Stakeholders { key_account_id } => ("Stakeholders", Some(key_account_id)),
            ListRef::Reviews { key_account_id } => ("Reviews", Some(key_account_id)),
            ListRef::Targets { key_account_id } => ("Targets", Some(key_account_id)),
            ListRef::Whitespace { key_account_id } => ("Whitespace", Some(key_account_id)),
            ListRef::Ratings { customer_id } => ("Ratings", Some(customer_id)),
            ListRef::Attributes { customer_id } => ("Attributes", Some(customer_id)),
            ListRef::Levels { assessment_id } => ("Levels", Some(assessment_id)),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl ChangeSummary {
    /// A summary naming only kind, action and label; the rest is filled in by the
    /// command that made it.
    pub fn new(action: ChangeAction, kind: EntityKind, label: String) -> ChangeSummary {
        ChangeSummary {
            action,
            kind,
            label,
            fields: Vec::new(),
            list: None,
            id: String::new(),
            context: String::new(),
            customer: String::new(),
            changes: Vec::new(),
            parts: Vec::new(),
            count: 0,
        }
    }
}

/// The verb of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Created,
    Changed,
    Removed,
}

/// Convenience constructors so callers read like the users' words.
impl Command {
    /// Set one field of an item.
    pub fn set(list: ListRef, id: impl Into<String>, field: &str, value: Value) -> Command {
        Command::Update {
            list,
            id: id.into(),
            changes: vec![(field.to_string(), value)],
        }
    }
}

mod describe;
mod fields;
mod navigate;
mod read;
mod run;

pub use fields::editable_fields;
pub(crate) use navigate::*;
pub use read::read_item;
pub(crate) use read::*;
pub(crate) use run::*;

#[cfg(test)]
mod tests {
    use super::one_splice;

    #[test]
    fn one_splice_replaces_the_middle_as_a_block() {
        assert_eq!(one_splice("", "neu"), (0, 0, "neu"));
        assert_eq!(one_splice("abc", "abc"), (3, 0, ""));
        assert_eq!(
            one_splice("Maschinenbau.", "Maschinenbau, 800 MA."),
            (12, 0, ", 800 MA")
        );
        assert_eq!(one_splice("Familie.", "Maschinen."), (0, 7, "Maschinen"));
        assert_eq!(one_splice("Zürich Süd", "Zürich Nord"), (7, 2, "Nor"));
        assert_eq!(one_splice("aaa", "aa"), (2, 1, ""));
        assert_eq!(one_splice("ää", "äxä"), (1, 0, "x"));
    }
}
