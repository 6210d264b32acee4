//! Commands: the only way the app changes a workspace.
//!
//! A command names what to change (an item of a list by its id, or the workspace and
//! programme fields) and the new values of single fields. Writing single fields, rather
//! than whole items, is what keeps a concurrent edit of another field of the same item
//! when replicas merge. Every command is validated inside its transaction; a broken rule
//! rolls the whole change back.

use automerge::{ObjId, ObjType, ROOT};
use autosurgeon::{
    Doc, ReadDoc, Reconcile, Reconciler, Text, hydrate_prop, reconcile_insert, reconcile_prop,
};
use serde::{Deserialize, Serialize};

use crate::{model::*, validate::Validate};

/// The kinds of things a workspace holds; used in messages and the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Workspace,
    Programme,
    Strategy,
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
    Level,
}

/// A list of items in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListRef {
    ProgrammeGoals,
    Team,
    Milestones,
    AsIs,
    GroundRuleChecks,
    Conflicts,
    Communications,
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
    /// The levels one assessment gives a candidate, one per requirement.
    Levels {
        assessment_id: String,
    },
}

impl ListRef {
    /// What kind of item the list holds.
    pub fn kind(&self) -> EntityKind {
        use EntityKind as K;
        match self {
            ListRef::ProgrammeGoals => K::ProgrammeGoal,
            ListRef::Team => K::TeamMember,
            ListRef::Milestones => K::Milestone,
            ListRef::AsIs => K::AsIsAnswer,
            ListRef::GroundRuleChecks => K::GroundRuleCheck,
            ListRef::Conflicts => K::ConflictEntry,
            ListRef::Communications => K::Communication,
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
            ListRef::Ratings { .. } => K::Rating,
            ListRef::Attributes { .. } => K::Attribute,
            ListRef::PortfolioFactors => K::PortfolioFactor,
            ListRef::PortfolioSnapshots => K::PortfolioSnapshot,
            ListRef::Levels { .. } => K::Level,
        }
    }
}

/// A new item for a list.
// One item per command; boxing the large ones would only make every call site noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    ProgrammeGoal(ProgrammeGoal),
    TeamMember(TeamMember),
    Milestone(Milestone),
    AsIsAnswer(AsIsAnswer),
    GroundRuleCheck(GroundRuleCheck),
    ConflictEntry(ConflictEntry),
    Communication(Communication),
    Customer(Customer),
    Criterion(Criterion),
    SelectionDecision(SelectionDecision),
    Requirement(Requirement),
    Person(Person),
    Training(Training),
    Assessment(Assessment),
    KeyAccount(KeyAccount),
    SwotItem(SwotItem),
    Goal(Goal),
    Action(Action),
    Stakeholder(Stakeholder),
    Review(Review),
    Target(Target),
    Rating(Rating),
    Attribute(Attribute),
    PortfolioFactor(PortfolioFactor),
    PortfolioSnapshot(PortfolioSnapshot),
    Level(Level),
}

/// Applies `$body` to the item inside an [`Item`], whatever its type.
macro_rules! each_item {
    ($item:expr, $it:ident => $body:expr) => {
        match $item {
            Item::ProgrammeGoal($it) => $body,
            Item::TeamMember($it) => $body,
            Item::Milestone($it) => $body,
            Item::AsIsAnswer($it) => $body,
            Item::GroundRuleCheck($it) => $body,
            Item::ConflictEntry($it) => $body,
            Item::Communication($it) => $body,
            Item::Customer($it) => $body,
            Item::Criterion($it) => $body,
            Item::SelectionDecision($it) => $body,
            Item::Requirement($it) => $body,
            Item::Person($it) => $body,
            Item::Training($it) => $body,
            Item::Assessment($it) => $body,
            Item::KeyAccount($it) => $body,
            Item::SwotItem($it) => $body,
            Item::Goal($it) => $body,
            Item::Action($it) => $body,
            Item::Stakeholder($it) => $body,
            Item::Review($it) => $body,
            Item::Target($it) => $body,
            Item::Rating($it) => $body,
            Item::Attribute($it) => $body,
            Item::PortfolioFactor($it) => $body,
            Item::PortfolioSnapshot($it) => $body,
            Item::Level($it) => $body,
        }
    };
}

impl Item {
    /// The item's kind.
    pub fn kind(&self) -> EntityKind {
        use EntityKind as K;
        match self {
            Item::ProgrammeGoal(_) => K::ProgrammeGoal,
            Item::TeamMember(_) => K::TeamMember,
            Item::Milestone(_) => K::Milestone,
            Item::AsIsAnswer(_) => K::AsIsAnswer,
            Item::GroundRuleCheck(_) => K::GroundRuleCheck,
            Item::ConflictEntry(_) => K::ConflictEntry,
            Item::Communication(_) => K::Communication,
            Item::Customer(_) => K::Customer,
            Item::Criterion(_) => K::Criterion,
            Item::SelectionDecision(_) => K::SelectionDecision,
            Item::Requirement(_) => K::Requirement,
            Item::Person(_) => K::Person,
            Item::Training(_) => K::Training,
            Item::Assessment(_) => K::Assessment,
            Item::KeyAccount(_) => K::KeyAccount,
            Item::SwotItem(_) => K::SwotItem,
            Item::Goal(_) => K::Goal,
            Item::Action(_) => K::Action,
            Item::Stakeholder(_) => K::Stakeholder,
            Item::Review(_) => K::Review,
            Item::Target(_) => K::Target,
            Item::Rating(_) => K::Rating,
            Item::Attribute(_) => K::Attribute,
            Item::PortfolioFactor(_) => K::PortfolioFactor,
            Item::PortfolioSnapshot(_) => K::PortfolioSnapshot,
            Item::Level(_) => K::Level,
        }
    }

    /// The item's stable id.
    pub fn id(&self) -> &str {
        each_item!(self, it => &it.id)
    }

    /// What users call this item: its name, title or text (shortened), for the history.
    pub fn label(&self) -> String {
        let full = match self {
            Item::ProgrammeGoal(g) => g.text.clone(),
            Item::TeamMember(t) => t.role.clone(),
            Item::Milestone(m) => m.title.clone(),
            Item::AsIsAnswer(a) => a.id.clone(),
            Item::GroundRuleCheck(g) => g.date.clone(),
            Item::ConflictEntry(c) => c.what.clone(),
            Item::Communication(c) => c.what.clone(),
            Item::Customer(c) => c.name.clone(),
            Item::Criterion(c) => c.name.clone(),
            Item::SelectionDecision(d) => d.reason.clone(),
            Item::Requirement(r) => r.name.clone(),
            Item::Person(p) => p.name.clone(),
            Item::Training(t) => t.topic.clone(),
            Item::Assessment(a) => a.date.clone(),
            Item::KeyAccount(k) => k.customer_id.clone(),
            Item::SwotItem(s) => s.text.as_str().to_string(),
            Item::Goal(g) => g.title.clone(),
            Item::Action(a) => a.title.clone(),
            Item::Stakeholder(s) => s.name.clone(),
            Item::Review(r) => r.date.clone(),
            Item::Target(t) => t.id.clone(),
            Item::Rating(r) => r.id.clone(),
            Item::Attribute(a) => a.id.clone(),
            Item::PortfolioFactor(f) => f.name.clone(),
            Item::PortfolioSnapshot(p) => format!("{} {}", p.date, p.name),
            Item::Level(l) => l.id.clone(),
        };
        shorten(&full, 60)
    }

    fn validate(&self) -> Result<(), crate::validate::Invalid> {
        each_item!(self, it => it.validate())
    }

    fn insert_into<D: Doc>(
        &self,
        doc: &mut D,
        list: &ObjId,
        index: usize,
    ) -> Result<(), autosurgeon::ReconcileError> {
        each_item!(self, it => reconcile_insert(doc, list.clone(), index, it))
    }

    fn hydrate_at<D: ReadDoc>(
        doc: &D,
        kind: EntityKind,
        list: &ObjId,
        index: usize,
    ) -> Result<Item, autosurgeon::HydrateError> {
        use EntityKind as K;
        Ok(match kind {
            K::ProgrammeGoal => Item::ProgrammeGoal(hydrate_prop(doc, list, index)?),
            K::TeamMember => Item::TeamMember(hydrate_prop(doc, list, index)?),
            K::Milestone => Item::Milestone(hydrate_prop(doc, list, index)?),
            K::AsIsAnswer => Item::AsIsAnswer(hydrate_prop(doc, list, index)?),
            K::GroundRuleCheck => Item::GroundRuleCheck(hydrate_prop(doc, list, index)?),
            K::ConflictEntry => Item::ConflictEntry(hydrate_prop(doc, list, index)?),
            K::Communication => Item::Communication(hydrate_prop(doc, list, index)?),
            K::Customer => Item::Customer(hydrate_prop(doc, list, index)?),
            K::Criterion => Item::Criterion(hydrate_prop(doc, list, index)?),
            K::SelectionDecision => Item::SelectionDecision(hydrate_prop(doc, list, index)?),
            K::Requirement => Item::Requirement(hydrate_prop(doc, list, index)?),
            K::Person => Item::Person(hydrate_prop(doc, list, index)?),
            K::Training => Item::Training(hydrate_prop(doc, list, index)?),
            K::Assessment => Item::Assessment(hydrate_prop(doc, list, index)?),
            K::KeyAccount => Item::KeyAccount(hydrate_prop(doc, list, index)?),
            K::SwotItem => Item::SwotItem(hydrate_prop(doc, list, index)?),
            K::Goal => Item::Goal(hydrate_prop(doc, list, index)?),
            K::Action => Item::Action(hydrate_prop(doc, list, index)?),
            K::Stakeholder => Item::Stakeholder(hydrate_prop(doc, list, index)?),
            K::Review => Item::Review(hydrate_prop(doc, list, index)?),
            K::Target => Item::Target(hydrate_prop(doc, list, index)?),
            K::Rating => Item::Rating(hydrate_prop(doc, list, index)?),
            K::Attribute => Item::Attribute(hydrate_prop(doc, list, index)?),
            K::PortfolioFactor => Item::PortfolioFactor(hydrate_prop(doc, list, index)?),
            K::PortfolioSnapshot => Item::PortfolioSnapshot(hydrate_prop(doc, list, index)?),
            K::Level => Item::Level(hydrate_prop(doc, list, index)?),
            K::Workspace | K::Programme | K::Strategy => {
                return Err(autosurgeon::HydrateError::unexpected(
                    "a list item",
                    format!("{kind:?}"),
                ));
            }
        })
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

impl From<autosurgeon::HydrateError> for CommandError {
    fn from(e: autosurgeon::HydrateError) -> Self {
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
}

/// The verb of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Created,
    Changed,
    Removed,
}

/// The fields each kind lets commands set, and which of them are collaborative text.
pub fn editable_fields(kind: EntityKind) -> (&'static [&'static str], &'static [&'static str]) {
    use EntityKind as K;
    match kind {
        K::Workspace => (
            &[
                "name",
                "criteria_threshold",
                "abc_a_percent",
                "abc_b_percent",
            ],
            &[],
        ),
        K::Programme => (&["start_date", "duration_months", "sponsor_id"], &[]),
        K::Strategy => (
            &["company", "marketing", "kam_role"],
            &["company", "marketing", "kam_role"],
        ),
        K::ProgrammeGoal => (&["rank", "text", "measure", "achieved"], &[]),
        K::TeamMember => (&["person_id", "role"], &[]),
        K::Milestone => (
            &[
                "rank",
                "title",
                "owner_id",
                "due",
                "status",
                "is_milestone",
                "after",
            ],
            &[],
        ),
        K::AsIsAnswer => (&["rating", "notes"], &["notes"]),
        K::GroundRuleCheck => (&["date"], &[]),
        K::ConflictEntry => (&["what", "who", "status", "resolution"], &["resolution"]),
        K::Communication => (&["what", "audience", "date", "done"], &[]),
        K::Customer => (
            &[
                "number",
                "name",
                "industry",
                "region",
                "revenue",
                "margin",
                "potential",
                "selection",
            ],
            &[],
        ),
        K::Criterion => (&["rank", "name", "rule", "weight"], &[]),
        K::SelectionDecision => (&[], &[]),
        K::Requirement => (&["rank", "name", "weight", "required_level"], &[]),
        K::Person => (&["name", "role", "capacity"], &[]),
        K::Training => (&["topic", "date", "provider", "status"], &[]),
        K::Assessment => (&["assessed_by", "date", "notes"], &["notes"]),
        K::KeyAccount => (
            &[
                "manager_id",
                "deputy_id",
                "managing_director_account",
                "profile",
                "rank",
                "importance",
                "priority_rule",
                "review_every_days",
            ],
            &["profile", "importance", "priority_rule"],
        ),
        K::SwotItem => (&["kind", "text"], &["text"]),
        K::Goal => (&["rank", "title", "target_date"], &[]),
        K::Action => (&["title", "owner_id", "due", "status", "goal_id"], &[]),
        K::Stakeholder => (
            &[
                "name",
                "function",
                "role",
                "influence",
                "attitude",
                "contact_person_id",
                "last_contact",
            ],
            &[],
        ),
        K::Review => (
            &["date", "participants", "notes", "decisions"],
            &["notes", "decisions"],
        ),
        K::Target => (
            &[
                "revenue_target",
                "margin_target",
                "revenue_actual",
                "margin_actual",
            ],
            &[],
        ),
        K::Rating => (&["value"], &[]),
        K::Attribute => (&["value"], &[]),
        K::PortfolioFactor => (&["rank", "axis", "name", "source", "weight"], &[]),
        K::PortfolioSnapshot => (&["name"], &[]),
        K::Level => (&["level"], &[]),
    }
}

fn get_obj<D: ReadDoc>(doc: &D, parent: &ObjId, prop: &str) -> Option<ObjId> {
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
fn find_all<D: ReadDoc>(doc: &D, list: &ObjId, id: &str) -> Vec<(usize, ObjId)> {
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
fn items_where<D: ReadDoc>(doc: &D, key: &str, field: &str, value: &str) -> Vec<ObjId> {
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
fn every_list<D: ReadDoc>(doc: &D, list: &ListRef) -> Vec<ObjId> {
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
fn every_copy<D: ReadDoc>(doc: &D, list: &ListRef, id: &str) -> Vec<(ObjId, usize, ObjId)> {
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
fn number_free<D: ReadDoc>(
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
enum Parent<'a> {
    Root,
    Programme,
    Person(&'a str),
    KeyAccount(&'a str),
    Customer(&'a str),
    Assessment(&'a str),
}

/// The parent and property name of a list: one table for reading and writing.
fn list_place(list: &ListRef) -> (Parent<'_>, &'static str) {
    match list {
        ListRef::ProgrammeGoals => (Parent::Programme, "goals"),
        ListRef::Team => (Parent::Programme, "team"),
        ListRef::Milestones => (Parent::Programme, "milestones"),
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

fn parent_obj<D: ReadDoc>(doc: &D, parent: &Parent<'_>) -> Result<ObjId, CommandError> {
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

fn programme_obj<D: Doc>(doc: &mut D, create: bool) -> Result<ObjId, CommandError> {
    match get_obj(doc, &ROOT, "programme") {
        Some(obj) => Ok(obj),
        None if create => Ok(doc.put_object(ROOT, "programme", ObjType::Map)?),
        None => Err(CommandError::NotFound {
            kind: EntityKind::Programme,
            id: "programme".into(),
        }),
    }
}

fn parent_item<D: ReadDoc>(
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

fn key_account<D: ReadDoc>(doc: &D, id: &str) -> Result<ObjId, CommandError> {
    parent_item(doc, "key_accounts", EntityKind::KeyAccount, id)
}

fn check_fields(kind: EntityKind, changes: &[(String, Value)]) -> Result<(), CommandError> {
    if changes.is_empty() {
        return Err(CommandError::Empty);
    }
    let (allowed, _) = editable_fields(kind);
    for (field, _) in changes {
        if !allowed.contains(&field.as_str()) {
            return Err(CommandError::UnknownField {
                kind,
                field: field.clone(),
            });
        }
    }
    Ok(())
}

/// Writes field values into a map object; text fields as a diff of the current text.
fn write_fields<D: Doc>(
    doc: &mut D,
    obj: &ObjId,
    kind: EntityKind,
    changes: &[(String, Value)],
) -> Result<(), CommandError> {
    let (_, text_fields) = editable_fields(kind);
    for (field, value) in changes {
        if text_fields.contains(&field.as_str()) {
            let Value::Text(new) = value else {
                return Err(CommandError::Invalid {
                    kind,
                    invalid: crate::validate::Invalid {
                        field: "text",
                        problem: crate::validate::Problem::Other(format!("`{field}` takes text")),
                    },
                });
            };
            let text_obj = match doc.get(obj, field.as_str())? {
                Some((automerge::Value::Object(ObjType::Text), id)) => id,
                _ => doc.put_object(obj, field.as_str(), ObjType::Text)?,
            };
            let old = doc.text(&text_obj)?;
            let (at, deleted, inserted) = one_splice(&old, new);
            if deleted > 0 || !inserted.is_empty() {
                doc.splice_text(&text_obj, at, deleted as isize, inserted)?;
            }
        } else {
            reconcile_prop(doc, obj, field.as_str(), value)?;
        }
    }
    Ok(())
}

/// The one splice that turns `old` into `new`: what lies between their common start and
/// common end is replaced as a block (positions in characters, the document's text
/// encoding). A character-level diff would thread the new text through the old one's
/// letters, and a concurrent insert elsewhere in them would then land inside a word;
/// as one block, every writer's words stay whole.
pub(crate) fn one_splice<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let prefix = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_len, new_len) = (old.chars().count(), new.chars().count());
    let suffix = old
        .chars()
        .rev()
        .zip(new.chars().rev())
        .take(old_len.min(new_len) - prefix)
        .take_while(|(a, b)| a == b)
        .count();
    let start = new.char_indices().nth(prefix).map_or(new.len(), |(i, _)| i);
    let end = new
        .char_indices()
        .nth(new_len - suffix)
        .map_or(new.len(), |(i, _)| i);
    (prefix, old_len - prefix - suffix, &new[start..end])
}

fn invalid(kind: EntityKind) -> impl Fn(crate::validate::Invalid) -> CommandError {
    move |invalid| CommandError::Invalid { kind, invalid }
}

/// Carries out a command inside a transaction. On error the caller rolls back.
pub(crate) fn execute<D: Doc + automerge::transaction::Transactable>(
    doc: &mut D,
    command: &Command,
) -> Result<ChangeSummary, CommandError> {
    match command {
        Command::SetWorkspace { field, value } => {
            let kind = EntityKind::Workspace;
            let name = match field {
                WorkspaceField::Name => "name",
                WorkspaceField::CriteriaThreshold => "criteria_threshold",
                WorkspaceField::AbcA => "abc_a_percent",
                WorkspaceField::AbcB => "abc_b_percent",
            };
            let changes = vec![(name.to_string(), value.clone())];
            write_fields(doc, &ROOT, kind, &changes)?;
            let ws: Workspace = autosurgeon::hydrate(doc)?;
            ws.validate().map_err(invalid(kind))?;
            Ok(ChangeSummary {
                action: ChangeAction::Changed,
                kind,
                label: shorten(&ws.name, 60),
                fields: vec![name.to_string()],
            })
        }
        Command::SetProgramme { field, value } => {
            let programme = programme_obj(doc, true)?;
            let (obj, kind, name) = match field {
                ProgrammeField::StartDate => (programme, EntityKind::Programme, "start_date"),
                ProgrammeField::DurationMonths => {
                    (programme, EntityKind::Programme, "duration_months")
                }
                ProgrammeField::SponsorId => (programme, EntityKind::Programme, "sponsor_id"),
                ProgrammeField::CompanyStrategy
                | ProgrammeField::MarketingStrategy
                | ProgrammeField::KamRole => {
                    let strategy = match get_obj(doc, &programme, "strategy") {
                        Some(s) => s,
                        None => Doc::put_object(doc, &programme, "strategy", ObjType::Map)?,
                    };
                    let name = match field {
                        ProgrammeField::CompanyStrategy => "company",
                        ProgrammeField::MarketingStrategy => "marketing",
                        _ => "kam_role",
                    };
                    (strategy, EntityKind::Strategy, name)
                }
            };
            let changes = vec![(name.to_string(), value.clone())];
            write_fields(doc, &obj, kind, &changes)?;
            let programme: Programme = hydrate_prop(doc, &ROOT, "programme")?;
            programme
                .validate()
                .map_err(invalid(EntityKind::Programme))?;
            Ok(ChangeSummary {
                action: ChangeAction::Changed,
                kind,
                label: String::new(),
                fields: vec![name.to_string()],
            })
        }
        Command::Insert { list, item } => insert(doc, list, item, &mut Finder::scan()),
        Command::Update { list, id, changes } => {
            update(doc, list, id, changes, &mut Finder::scan())
        }
        Command::Remove { list, id } => {
            let kind = list.kind();
            let targets = every_copy(doc, list, id);
            let Some((list_obj, index, _)) = targets.first() else {
                return Err(CommandError::NotFound {
                    kind,
                    id: id.clone(),
                });
            };
            let label = Item::hydrate_at(doc, kind, list_obj, *index)
                .map(|i| i.label())
                .unwrap_or_default();
            // Every copy goes, last first so that earlier positions stay right.
            for (list_obj, index, _) in targets.iter().rev() {
                Doc::delete(doc, list_obj, *index)?;
            }
            Ok(ChangeSummary {
                action: ChangeAction::Removed,
                kind,
                label,
                fields: Vec::new(),
            })
        }
        Command::Batch(commands) => {
            let mut finder = Finder::indexed();
            let mut first: Option<ChangeSummary> = None;
            let mut rest = commands.as_slice();
            while let Some(command) = rest.first() {
                // New customers in a row (an import) are written in one splice: one op
                // per customer field is ten times slower in automerge 0.12.
                let run = rest
                    .iter()
                    .take_while(|c| {
                        matches!(
                            c,
                            Command::Insert {
                                list: ListRef::Customers,
                                item: Item::Customer(_)
                            }
                        )
                    })
                    .count();
                if run > 1 {
                    let customers: Vec<&Customer> = rest[..run]
                        .iter()
                        .filter_map(|c| match c {
                            Command::Insert {
                                item: Item::Customer(customer),
                                ..
                            } => Some(customer),
                            _ => None,
                        })
                        .collect();
                    let summary = insert_customers(doc, &customers, &mut finder)?;
                    first.get_or_insert(summary);
                    rest = &rest[run..];
                    continue;
                }
                rest = &rest[1..];
                let summary = match command {
                    Command::Insert { list, item } => insert(doc, list, item, &mut finder)?,
                    Command::Update { list, id, changes } => {
                        update(doc, list, id, changes, &mut finder)?
                    }
                    other => {
                        // Removals shift positions: forget what was indexed.
                        finder = Finder::indexed();
                        execute(doc, other)?
                    }
                };
                first.get_or_insert(summary);
            }
            let mut summary = first.ok_or(CommandError::Empty)?;
            if commands.len() > 1 {
                summary.label = format!("{} (+{})", summary.label, commands.len() - 1);
                summary.fields.clear();
            }
            Ok(summary)
        }
    }
}

/// Finds items by id. A batch of thousands of commands (an import) must not scan the
/// list for each of them, so it indexes each list once and keeps the index up to date
/// as it appends.
struct Finder {
    index: Option<std::collections::HashMap<ObjId, ListIndex>>,
}

/// Position and object of each item of one list, by id.
type ListIndex = std::collections::HashMap<String, (usize, ObjId)>;

impl Finder {
    fn scan() -> Finder {
        Finder { index: None }
    }

    fn indexed() -> Finder {
        Finder {
            index: Some(Default::default()),
        }
    }

    fn find<D: ReadDoc>(&mut self, doc: &D, list: &ObjId, id: &str) -> Option<(usize, ObjId)> {
        let Some(index) = self.index.as_mut() else {
            return find_item(doc, list, id);
        };
        let ids = index.entry(list.clone()).or_insert_with(|| {
            (0..doc.length(list))
                .filter_map(|i| {
                    let (_, obj) = doc.get(list, i).ok().flatten()?;
                    match doc.get(&obj, "id").ok().flatten() {
                        Some((automerge::Value::Scalar(s), _)) => {
                            s.as_str().map(|id| (id.to_string(), (i, obj)))
                        }
                        _ => None,
                    }
                })
                .collect()
        });
        ids.get(id).cloned()
    }

    fn appended<D: ReadDoc>(&mut self, doc: &D, list: &ObjId, index: usize, id: &str) {
        if let Some(ids) = self.index.as_mut().and_then(|i| i.get_mut(list))
            && let Ok(Some((_, obj))) = doc.get(list, index)
        {
            ids.insert(id.to_string(), (index, obj));
        }
    }
}

fn insert<D: Doc>(
    doc: &mut D,
    list: &ListRef,
    item: &Item,
    finder: &mut Finder,
) -> Result<ChangeSummary, CommandError> {
    if list.kind() != item.kind() {
        return Err(CommandError::WrongList {
            list: list.kind(),
            item: item.kind(),
        });
    }
    item.validate().map_err(invalid(item.kind()))?;
    crate::validate::required("id", item.id()).map_err(invalid(item.kind()))?;
    let list_obj = locate_list(doc, list, true)?;
    if finder.find(doc, &list_obj, item.id()).is_some() {
        return Err(CommandError::DuplicateId {
            kind: item.kind(),
            id: item.id().to_string(),
        });
    }
    if let Item::Customer(c) = item {
        number_free(doc, &c.number, None)?;
    }
    let index = doc.length(&list_obj);
    item.insert_into(doc, &list_obj, index)?;
    finder.appended(doc, &list_obj, index, item.id());
    Ok(ChangeSummary {
        action: ChangeAction::Created,
        kind: item.kind(),
        label: item.label(),
        fields: Vec::new(),
    })
}

/// Appends many new customers at once (see the batch above).
fn insert_customers<D: Doc + automerge::transaction::Transactable>(
    doc: &mut D,
    customers: &[&Customer],
    finder: &mut Finder,
) -> Result<ChangeSummary, CommandError> {
    let kind = EntityKind::Customer;
    let list_obj = locate_list(doc, &ListRef::Customers, true)?;
    let mut ids = std::collections::HashSet::new();
    for c in customers {
        c.validate().map_err(invalid(kind))?;
        crate::validate::required("id", &c.id).map_err(invalid(kind))?;
        if !ids.insert(c.id.as_str()) || finder.find(doc, &list_obj, &c.id).is_some() {
            return Err(CommandError::DuplicateId {
                kind,
                id: c.id.clone(),
            });
        }
    }
    let start = ReadDoc::length(doc, &list_obj);
    automerge::transaction::Transactable::splice(
        doc,
        &list_obj,
        start,
        0,
        customers.iter().map(|c| customer_tree(c)),
    )?;
    for (i, c) in customers.iter().enumerate() {
        finder.appended(doc, &list_obj, start + i, &c.id);
    }
    Ok(ChangeSummary {
        action: ChangeAction::Created,
        kind,
        label: customers
            .first()
            .map(|c| shorten(&c.name, 60))
            .unwrap_or_default(),
        fields: Vec::new(),
    })
}

/// A customer as the document holds it, built the way autosurgeon writes it (strings,
/// `Int` amounts or null, `Uint` ratings, the selection as its variant name). A test
/// compares this with autosurgeon's own writing, field by field.
pub(crate) fn customer_tree(c: &Customer) -> automerge::hydrate::Value {
    use automerge::{ScalarValue, hydrate::Value as V};
    use std::collections::HashMap;
    let s = |v: &str| V::Scalar(ScalarValue::Str(v.into()));
    let amount = |v: Option<i64>| V::Scalar(v.map_or(ScalarValue::Null, ScalarValue::Int));
    let pairs =
        |items: Vec<(&str, V)>| -> V { V::from(items.into_iter().collect::<HashMap<&str, V>>()) };
    let selection = match c.selection {
        SelectionStatus::None => "None",
        SelectionStatus::Provisional => "Provisional",
        SelectionStatus::Definitive => "Definitive",
        SelectionStatus::Rejected => "Rejected",
    };
    pairs(vec![
        ("id", s(&c.id)),
        ("number", s(&c.number)),
        ("name", s(&c.name)),
        ("industry", s(&c.industry)),
        ("region", s(&c.region)),
        ("revenue", amount(c.revenue)),
        ("margin", amount(c.margin)),
        ("potential", amount(c.potential)),
        (
            "ratings",
            V::from(
                c.ratings
                    .iter()
                    .map(|r| {
                        pairs(vec![
                            ("id", s(&r.id)),
                            ("value", V::Scalar(ScalarValue::Uint(u64::from(r.value)))),
                        ])
                    })
                    .collect::<Vec<V>>(),
            ),
        ),
        (
            "attributes",
            V::from(
                c.attributes
                    .iter()
                    .map(|a| pairs(vec![("id", s(&a.id)), ("value", s(&a.value))]))
                    .collect::<Vec<V>>(),
            ),
        ),
        ("selection", s(selection)),
    ])
}

fn update<D: Doc>(
    doc: &mut D,
    list: &ListRef,
    id: &str,
    changes: &[(String, Value)],
    finder: &mut Finder,
) -> Result<ChangeSummary, CommandError> {
    let kind = list.kind();
    check_fields(kind, changes)?;
    let targets = if finder.index.is_some() {
        // An import's batch: ids are its own and unique; the index keeps it fast.
        let list_obj = locate_list(doc, list, false)?;
        finder
            .find(doc, &list_obj, id)
            .map(|(index, obj)| vec![(list_obj, index, obj)])
            .unwrap_or_default()
    } else {
        every_copy(doc, list, id)
    };
    if targets.is_empty() {
        // Tell a missing parent (the key account) from a missing item.
        locate_list(doc, list, false)?;
        return Err(CommandError::NotFound {
            kind,
            id: id.to_string(),
        });
    }
    if *list == ListRef::Customers
        && let Some((_, Value::Str(number))) = changes.iter().find(|(f, _)| f == "number")
    {
        number_free(doc, number, Some(&targets[0].2))?;
    }
    let mut first = None;
    // Copies made concurrently (one rating inserted on two devices) get the same value,
    // so they agree again.
    for (list_obj, index, obj) in &targets {
        write_fields(doc, obj, kind, changes)?;
        // Read back what is now there: a value of the wrong type fails here.
        let item =
            Item::hydrate_at(doc, kind, list_obj, *index).map_err(|e| CommandError::Invalid {
                kind,
                invalid: crate::validate::Invalid {
                    field: "value",
                    problem: crate::validate::Problem::Other(e.to_string()),
                },
            })?;
        item.validate().map_err(invalid(kind))?;
        first.get_or_insert(item);
    }
    let item = first.ok_or(CommandError::Empty)?;
    Ok(ChangeSummary {
        action: ChangeAction::Changed,
        kind,
        label: item.label(),
        fields: changes.iter().map(|(f, _)| f.clone()).collect(),
    })
}

/// Reads one item of a list (used by tests and the app's detail views).
pub fn read_item<D: ReadDoc>(doc: &D, list: &ListRef, id: &str) -> Option<Item> {
    let list_obj = locate_list_readonly(doc, list)?;
    let (index, _) = find_item(doc, &list_obj, id)?;
    Item::hydrate_at(doc, list.kind(), &list_obj, index).ok()
}

pub(crate) fn locate_list_readonly<D: ReadDoc>(doc: &D, list: &ListRef) -> Option<ObjId> {
    let (place, key) = list_place(list);
    let parent = parent_obj(doc, &place).ok()?;
    get_obj(doc, &parent, key)
}

/// All values a field currently holds: one normally, several after concurrent edits
/// (the first is the one the model shows). Values are given as display text.
pub fn field_values(
    doc: &automerge::Automerge,
    list: &ListRef,
    id: &str,
    field: &str,
) -> Vec<String> {
    let Some(list_obj) = locate_list_readonly(doc, list) else {
        return Vec::new();
    };
    let Some((_, obj)) = find_item(doc, &list_obj, id) else {
        return Vec::new();
    };
    all_values(doc, &obj, field)
}

/// All concurrent values of a property of `obj`, the winning one first.
pub(crate) fn all_values(doc: &automerge::Automerge, obj: &ObjId, field: &str) -> Vec<String> {
    let mut values: Vec<String> = automerge::ReadDoc::get_all(doc, obj, field)
        .unwrap_or_default()
        .into_iter()
        .map(|(value, id)| match value {
            automerge::Value::Scalar(s) => match s.as_ref() {
                automerge::ScalarValue::Str(t) => t.to_string(),
                other => other.to_string(),
            },
            automerge::Value::Object(ObjType::Text) => {
                automerge::ReadDoc::text(doc, &id).unwrap_or_default()
            }
            automerge::Value::Object(_) => String::from("…"),
        })
        .collect();
    // automerge lists conflicting values in op order with the winner last.
    values.reverse();
    values
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
