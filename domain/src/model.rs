//! The typed model of one workspace: one company's whole KAM programme.
//!
//! One serde mapping both ways: new items are written by `write`, everything is read by
//! `snapshot`; field edits write single values (autosurgeon's scalar reconcilers, text as
//! splices). Every list item has a stable `id`, found by `command::navigate::Finder`, so
//! concurrent inserts keep both items and edits find their item even after others were
//! inserted before it; views key their lists by it. Order that users choose (plan steps, goals) is a
//! `rank` field, not the list position: reordering then never deletes and re-inserts an
//! item, so a concurrent edit of the moved item is kept. Free text that people edit
//! together is an autosurgeon `Text`. Fields that older documents lack get defaults
//! (`#[serde(default = ...)]`).

use autosurgeon::Reconcile;
pub use autosurgeon::Text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Version of the document layout; written once into each new workspace.
pub const SCHEMA_VERSION: u64 = 1;

/// Default of "a key account meets at least N of the criteria" (DOMAIN.md step 3).
pub const DEFAULT_CRITERIA_THRESHOLD: u64 = 2;

fn default_threshold() -> u64 {
    DEFAULT_CRITERIA_THRESHOLD
}

fn default_duration() -> u64 {
    24
}

fn default_weight() -> u64 {
    1
}

fn default_capacity() -> u64 {
    5
}

fn default_cadence() -> u64 {
    DEFAULT_REVIEW_DAYS
}

/// Reviews once a quarter unless the team sets another cadence.
pub const DEFAULT_REVIEW_DAYS: u64 = 91;

fn default_abc_a() -> u64 {
    DEFAULT_ABC_A
}

fn default_abc_b() -> u64 {
    DEFAULT_ABC_B
}

/// ABC analysis: A ≈ the customers making the first 80 % of revenue (DOMAIN.md).
pub const DEFAULT_ABC_A: u64 = 80;
/// ABC analysis: B the next 15 %, so up to 95 % cumulated; C the rest.
pub const DEFAULT_ABC_B: u64 = 95;

/// Collaborative text: JSON export writes the plain string, the document writer
/// (`write`) a text object.
fn text<S: Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_newtype_struct(crate::write::TEXT, t.as_str())
}

/// Fast hydration (see `snapshot`) reads collaborative text as plain strings.
fn de_text<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    String::deserialize(d).map(Text::with_value)
}

/// The whole workspace document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// Layout version of this document.
    pub schema_version: u64,
    /// Stable id of this workspace, set once by its creator; files of other workspaces
    /// are refused for merging.
    pub workspace_id: String,
    /// Display name (e.g. "Muster AG – KAM 2027").
    pub name: String,
    #[serde(default = "Default::default")]
    pub programme: Programme,
    #[serde(default = "Vec::new")]
    pub customers: Vec<Customer>,
    #[serde(default = "Vec::new")]
    pub criteria: Vec<Criterion>,
    /// A key account meets at least this many criteria.
    #[serde(default = "default_threshold")]
    pub criteria_threshold: u64,
    #[serde(default = "Vec::new")]
    pub decisions: Vec<SelectionDecision>,
    /// The requirement profile for key account managers.
    #[serde(default = "Vec::new")]
    pub requirements: Vec<Requirement>,
    #[serde(default = "Vec::new")]
    pub people: Vec<Person>,
    #[serde(default = "Vec::new")]
    pub assessments: Vec<Assessment>,
    #[serde(default = "Vec::new")]
    pub key_accounts: Vec<KeyAccount>,
    /// ABC analysis: class A up to this cumulated share of revenue, in percent.
    #[serde(default = "default_abc_a")]
    pub abc_a_percent: u64,
    /// ABC analysis: class B up to this cumulated share, in percent; C beyond.
    #[serde(default = "default_abc_b")]
    pub abc_b_percent: u64,
    /// What the two axes of the customer portfolio are made of.
    #[serde(default = "Vec::new")]
    pub portfolio_factors: Vec<PortfolioFactor>,
    /// Saved, dated pictures of the portfolio matrix.
    #[serde(default = "Vec::new")]
    pub portfolio_snapshots: Vec<PortfolioSnapshot>,
    /// What the company offers its customers (products, services, solutions): the
    /// columns of the whitespace grid.
    #[serde(default = "Vec::new")]
    pub offerings: Vec<Offering>,
    /// The management workshops of the introduction, each with its agenda.
    #[serde(default = "Vec::new")]
    pub workshops: Vec<Workshop>,
    /// The agenda items of all workshops (flat, each names its workshop), so that an item
    /// is edited and merged on its own.
    #[serde(default = "Vec::new")]
    pub agenda_items: Vec<AgendaItem>,
}

impl Workspace {
    /// A new workspace with no items: what its creator writes once.
    pub fn skeleton(workspace_id: &str, name: &str) -> Workspace {
        Workspace {
            schema_version: SCHEMA_VERSION,
            workspace_id: workspace_id.to_string(),
            name: name.trim().to_string(),
            programme: Programme {
                duration_months: 24,
                ..Programme::default()
            },
            customers: Vec::new(),
            criteria: Vec::new(),
            criteria_threshold: DEFAULT_CRITERIA_THRESHOLD,
            decisions: Vec::new(),
            requirements: Vec::new(),
            people: Vec::new(),
            assessments: Vec::new(),
            key_accounts: Vec::new(),
            abc_a_percent: DEFAULT_ABC_A,
            abc_b_percent: DEFAULT_ABC_B,
            portfolio_factors: Vec::new(),
            portfolio_snapshots: Vec::new(),
            offerings: Vec::new(),
            workshops: Vec::new(),
            agenda_items: Vec::new(),
        }
    }
}

/// The two axes of the customer portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Serialize, Deserialize)]
pub enum Axis {
    /// Kundenattraktivität: how attractive the customer is to us.
    Attractiveness,
    /// Lieferantenposition: how strong our position with the customer is.
    Position,
}

/// One ingredient of a portfolio axis: a customer figure or a 1–5 judgement, weighted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioFactor {
    pub id: String,
    pub rank: f64,
    pub axis: Axis,
    pub name: String,
    /// `revenue`, `margin` or `potential` (relative to the largest customer), or `rated`:
    /// a 1–5 judgement per customer stored as the customer's rating under this factor's id.
    pub source: String,
    #[serde(default = "default_weight")]
    pub weight: u64,
}

/// A dated picture of the portfolio matrix, kept to compare who moved where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioSnapshot {
    pub id: String,
    pub date: String,
    #[serde(default = "Default::default")]
    pub name: String,
    #[serde(default = "Vec::new")]
    pub points: Vec<PortfolioPoint>,
}

/// One customer in a portfolio snapshot: scores 0–100 on both axes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioPoint {
    /// The customer's id.
    pub id: String,
    /// The customer's name when the picture was taken.
    pub name: String,
    pub attractiveness: f64,
    pub position: f64,
    #[serde(default = "Default::default")]
    pub revenue: Option<i64>,
}

/// The rollout project (Einführungsprojekt).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Programme {
    /// ISO date `YYYY-MM-DD`.
    #[serde(default = "Default::default")]
    pub start_date: Option<String>,
    #[serde(default = "default_duration")]
    pub duration_months: u64,
    /// Person id of the sponsor.
    #[serde(default = "Default::default")]
    pub sponsor_id: Option<String>,
    #[serde(default = "Vec::new")]
    pub goals: Vec<ProgrammeGoal>,
    #[serde(default = "Vec::new")]
    pub team: Vec<TeamMember>,
    #[serde(default = "Vec::new")]
    pub milestones: Vec<PlanStep>,
    #[serde(default = "Default::default")]
    pub strategy: Strategy,
    #[serde(default = "Vec::new")]
    pub as_is: Vec<AsIsAnswer>,
    #[serde(default = "Vec::new")]
    pub ground_rule_checks: Vec<GroundRuleCheck>,
    #[serde(default = "Vec::new")]
    pub conflicts: Vec<ConflictEntry>,
    #[serde(default = "Vec::new")]
    pub communications: Vec<Communication>,
    /// Reviews of the KAM programme itself (DOMAIN.md step 9), with the controller.
    #[serde(default = "Vec::new")]
    pub reviews: Vec<ProgrammeReview>,
}

/// A dated review of the whole KAM programme: who took part, what was found. The
/// optimisation measures it decides become steps of the rollout plan (with owner and due
/// date), recorded in the same change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeReview {
    pub id: String,
    pub date: String,
    #[serde(default = "Default::default")]
    pub participants: String,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub findings: Text,
    /// The ids of the plan steps this review created.
    #[serde(default = "Vec::new")]
    pub measure_ids: Vec<String>,
}

/// A management workshop (a dated meeting of the introduction): who takes part, and, while
/// it runs, which agenda item is on and since when. The minutes are what was decided
/// between its start and its end (`minutes::decisions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workshop {
    pub id: String,
    pub title: String,
    /// ISO date `YYYY-MM-DD`.
    pub date: String,
    /// Names of who takes part, as written (suggested from the people).
    #[serde(default = "Default::default")]
    pub participants: String,
    /// The template it was made from (`workshop::TEMPLATES`), if any.
    #[serde(default = "Default::default")]
    pub template: Option<String>,
    /// When it started and ended (Unix ms); the minutes cover this window.
    #[serde(default = "Default::default")]
    pub started_at: Option<i64>,
    #[serde(default = "Default::default")]
    pub ended_at: Option<i64>,
    /// The agenda item on now, and since when (Unix ms): the time box counts from there.
    #[serde(default = "Default::default")]
    pub current_item: Option<String>,
    #[serde(default = "Default::default")]
    pub item_started_at: Option<i64>,
}

/// One item of a workshop's agenda: a part of the method (a screen) with a time box, and
/// the notes taken on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: String,
    pub workshop_id: String,
    pub rank: f64,
    pub title: String,
    /// The app's address of the screen this item is worked on (`/customers/criteria`).
    #[serde(default = "Default::default")]
    pub screen: String,
    /// The time box in minutes.
    #[serde(default = "default_time_box")]
    pub minutes: u64,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub notes: Text,
}

fn default_time_box() -> u64 {
    30
}

/// Work status of a plan step, an action, a training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Reconcile, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Open,
    InProgress,
    Done,
    Cancelled,
}

impl Status {
    /// Still to be done.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Open | Status::InProgress)
    }
}

/// Work with a status and a due date: a rollout plan step, an action of an account plan.
/// Overdue means the same for both: still open and the due date has passed (due today is
/// not overdue yet).
pub trait Scheduled {
    fn status(&self) -> Status;
    /// The due date as stored (`YYYY-MM-DD`), if any.
    fn due(&self) -> Option<&str>;

    fn overdue(&self, today: crate::date::Date) -> bool {
        self.status().is_open()
            && self
                .due()
                .and_then(crate::date::Date::parse)
                .is_some_and(|due| due < today)
    }
}

/// A goal of the introduction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeGoal {
    pub id: String,
    pub rank: f64,
    /// One line: a register (last writer wins, a concurrent change is shown as a
    /// conflict), not collaborative text, so two rewrites never mix into a sentence
    /// neither wrote. Documents before this was decided hold a text object.
    pub text: String,
    /// How success is measured, e.g. "10 key accounts with a plan by 06/2027".
    #[serde(default = "Default::default")]
    pub measure: String,
    #[serde(default = "Default::default")]
    pub achieved: bool,
}

/// A member of the project team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: String,
    pub person_id: String,
    /// E.g. "Projektleitung", "Mitglied".
    pub role: String,
}

/// A step of the rollout plan: a work step (Arbeitsschritt) or, with `is_milestone`, a
/// milestone (Meilenstein, a dated checkpoint).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStep {
    pub id: String,
    pub rank: f64,
    pub title: String,
    #[serde(default = "Default::default")]
    pub owner_id: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    #[serde(default = "Default::default")]
    pub due: Option<String>,
    #[serde(default = "Default::default")]
    pub status: Status,
    /// A milestone (dated checkpoint) rather than a work step.
    #[serde(default = "Default::default")]
    pub is_milestone: bool,
    /// The step this one follows; moving that step can move this one (if asked).
    #[serde(default = "Default::default")]
    pub after: Option<String>,
}

/// Company and marketing strategy and the role of KAM in them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Strategy {
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub company: Text,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub marketing: Text,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub kam_role: Text,
}

/// One answer of the as-is analysis of today's key-customer care.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AsIsAnswer {
    /// The question's stable key.
    pub id: String,
    /// 1 (poor) … 5 (very good).
    pub rating: Option<u8>,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub notes: Text,
}

/// A dated self-assessment against the ten ground rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroundRuleCheck {
    pub id: String,
    pub date: String,
    #[serde(default = "Vec::new")]
    pub ratings: Vec<RuleRating>,
}

/// Rating of one ground rule (1–10) in a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleRating {
    pub id: String,
    pub rule: u8,
    pub rating: u8,
    #[serde(default = "Default::default")]
    pub note: String,
}

/// Resistance or a conflict during the implementation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictEntry {
    pub id: String,
    pub what: String,
    #[serde(default = "Default::default")]
    pub who: String,
    #[serde(default = "Default::default")]
    pub status: Status,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub resolution: Text,
}

/// An entry of the communication plan: what is told to whom, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Communication {
    pub id: String,
    pub what: String,
    pub audience: String,
    #[serde(default = "Default::default")]
    pub date: Option<String>,
    #[serde(default = "Default::default")]
    pub done: bool,
}

/// Where a customer stands in the selection (provisional → definitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Reconcile, Serialize, Deserialize)]
pub enum SelectionStatus {
    #[default]
    None,
    Provisional,
    Definitive,
    Rejected,
}

/// A customer, entered by hand or imported from the ERP/CRM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    /// The ERP/CRM customer number; re-imports match on it.
    #[serde(default = "Default::default")]
    pub number: String,
    pub name: String,
    #[serde(default = "Default::default")]
    pub industry: String,
    #[serde(default = "Default::default")]
    pub region: String,
    /// Revenue per year, in cents of the workspace currency.
    #[serde(default = "Default::default")]
    pub revenue: Option<i64>,
    /// Contribution margin per year, in cents.
    #[serde(default = "Default::default")]
    pub margin: Option<i64>,
    /// Estimated potential per year, in cents.
    #[serde(default = "Default::default")]
    pub potential: Option<i64>,
    /// 1–5 judgements for rated criteria.
    #[serde(default = "Vec::new")]
    pub ratings: Vec<Rating>,
    /// Extra columns from an import, kept as they were.
    #[serde(default = "Vec::new")]
    pub attributes: Vec<Attribute>,
    #[serde(default = "Default::default")]
    pub selection: SelectionStatus,
}

/// A 1–5 rating of a customer for one rated criterion or portfolio factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// The criterion's or portfolio factor's id.
    pub id: String,
    pub value: u8,
}

/// A custom attribute kept from an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    /// The column name.
    pub id: String,
    pub value: String,
}

/// How a criterion decides.
#[derive(Debug, Clone, PartialEq, Reconcile, Serialize, Deserialize)]
pub enum CriterionRule {
    /// A customer field at or above a threshold (e.g. revenue ≥ CHF 500,000).
    Measured { field: String, threshold: i64 },
    /// A 1–5 judgement at or above a minimum.
    Rated { min: u8 },
}

/// A criterion that makes a customer a top customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub rank: f64,
    pub name: String,
    pub rule: CriterionRule,
    #[serde(default = "default_weight")]
    pub weight: u64,
}

/// One decision of the selection workflow: who, when, why, and which criteria were met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectionDecision {
    pub id: String,
    pub customer_id: String,
    pub from: SelectionStatus,
    pub to: SelectionStatus,
    pub decided_by: String,
    /// Unix time in milliseconds.
    pub decided_at: i64,
    pub reason: String,
    #[serde(default = "Vec::new")]
    pub criteria_met: Vec<String>,
    /// The criteria met as they were at the decision (name and rule): a threshold raised
    /// later does not change what the decision was based on.
    #[serde(default = "Vec::new")]
    pub criteria_then: Vec<Criterion>,
}

/// One requirement of the key account manager profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    pub id: String,
    pub rank: f64,
    pub name: String,
    #[serde(default = "default_weight")]
    pub weight: u64,
    /// Required level 1–5.
    pub required_level: u8,
}

/// Someone who takes part: management, managers, assistants, controller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(default = "Default::default")]
    pub role: String,
    /// How many key accounts this person can carry.
    #[serde(default = "default_capacity")]
    pub capacity: u64,
    #[serde(default = "Vec::new")]
    pub trainings: Vec<Training>,
}

/// A planned or completed training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Training {
    pub id: String,
    pub topic: String,
    #[serde(default = "Default::default")]
    pub date: Option<String>,
    #[serde(default = "Default::default")]
    pub provider: String,
    #[serde(default = "Default::default")]
    pub status: Status,
}

/// A candidate's assessment against the requirement profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: String,
    pub person_id: String,
    pub assessed_by: String,
    pub date: String,
    #[serde(default = "Vec::new")]
    pub levels: Vec<Level>,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub notes: Text,
}

/// The level (1–5) a candidate reaches in one requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    /// The requirement's id.
    pub id: String,
    pub level: u8,
}

/// A key account with its plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyAccount {
    pub id: String,
    pub customer_id: String,
    /// Order of importance (the Top 10 are the first ten definitive ones).
    #[serde(default = "Default::default")]
    pub rank: f64,
    /// Why this account matters, in words every employee understands.
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub importance: Text,
    /// What to do when its concerns compete with others (Top 10 brief).
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub priority_rule: Text,
    #[serde(default = "Default::default")]
    pub manager_id: Option<String>,
    #[serde(default = "Default::default")]
    pub deputy_id: Option<String>,
    /// Looked after by the managing director personally.
    #[serde(default = "Default::default")]
    pub managing_director_account: bool,
    /// The customer's own goals and challenges, buying organisation, key facts.
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub profile: Text,
    #[serde(default = "Vec::new")]
    pub swot: Vec<SwotItem>,
    #[serde(default = "Vec::new")]
    pub goals: Vec<Goal>,
    #[serde(default = "Vec::new")]
    pub actions: Vec<Action>,
    #[serde(default = "Vec::new")]
    pub stakeholders: Vec<Stakeholder>,
    #[serde(default = "Vec::new")]
    pub reviews: Vec<Review>,
    #[serde(default = "Vec::new")]
    pub targets: Vec<Target>,
    /// Days between reviews of this account (e.g. 91 for quarterly).
    #[serde(default = "default_cadence")]
    pub review_every_days: u64,
    /// Where we sell today, where there is potential, where a competitor holds it: one
    /// cell per offering (its id is the offering's).
    #[serde(default = "Vec::new")]
    pub whitespace: Vec<WhitespaceCell>,
}

impl KeyAccount {
    /// A key account for a customer with an empty plan, placed at `rank`.
    pub fn new(id: impl Into<String>, customer_id: impl Into<String>, rank: f64) -> KeyAccount {
        KeyAccount {
            id: id.into(),
            customer_id: customer_id.into(),
            rank,
            importance: Text::default(),
            priority_rule: Text::default(),
            manager_id: None,
            deputy_id: None,
            managing_director_account: false,
            profile: Text::default(),
            swot: Vec::new(),
            goals: Vec::new(),
            actions: Vec::new(),
            stakeholders: Vec::new(),
            reviews: Vec::new(),
            targets: Vec::new(),
            review_every_days: DEFAULT_REVIEW_DAYS,
            whitespace: Vec::new(),
        }
    }
}

/// Which quadrant of the SWOT an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Serialize, Deserialize)]
pub enum SwotKind {
    Strength,
    Weakness,
    Opportunity,
    Threat,
}

/// One SWOT item of an account plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwotItem {
    pub id: String,
    pub kind: SwotKind,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    pub text: Text,
}

/// A measurable, dated goal of an account plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: String,
    pub rank: f64,
    pub title: String,
    #[serde(default = "Default::default")]
    pub target_date: Option<String>,
}

/// An action (Massnahme): who, what, by when, status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    pub title: String,
    #[serde(default = "Default::default")]
    pub owner_id: Option<String>,
    #[serde(default = "Default::default")]
    pub due: Option<String>,
    #[serde(default = "Default::default")]
    pub status: Status,
    #[serde(default = "Default::default")]
    pub goal_id: Option<String>,
}

/// Role of a person in the customer's buying centre (Webster & Wind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Serialize, Deserialize)]
pub enum BuyingRole {
    Initiator,
    User,
    Influencer,
    Buyer,
    Decider,
    Gatekeeper,
}

/// A person at the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stakeholder {
    pub id: String,
    pub name: String,
    #[serde(default = "Default::default")]
    pub function: String,
    pub role: BuyingRole,
    /// 1 low … 3 high.
    pub influence: u8,
    /// -2 opponent … +2 supporter.
    pub attitude: i8,
    #[serde(default = "Default::default")]
    pub contact_person_id: Option<String>,
    #[serde(default = "Default::default")]
    pub last_contact: Option<String>,
}

/// A dated review of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: String,
    pub date: String,
    #[serde(default = "Default::default")]
    pub participants: String,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub notes: Text,
    #[serde(serialize_with = "text", deserialize_with = "de_text")]
    #[serde(default = "Default::default")]
    pub decisions: Text,
    /// The document's heads (hex) when the review was recorded: what the plan looked like
    /// then, so the next review can show what changed since.
    #[serde(default = "Vec::new")]
    pub heads: Vec<String>,
}

/// Something the company offers (a product, a service, a solution).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offering {
    pub id: String,
    pub name: String,
}

/// How an offering stands at one key account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Coverage {
    /// Not assessed yet.
    #[default]
    Open,
    /// We sell it there today.
    Sells,
    /// The account could buy it from us: potential (with an estimated amount).
    Potential,
    /// A competitor holds it there.
    Competitor,
    /// Not relevant for this account.
    NotRelevant,
}

impl Coverage {
    /// All, in the order a choice lists them.
    pub const ALL: [Coverage; 5] = [
        Coverage::Open,
        Coverage::Sells,
        Coverage::Potential,
        Coverage::Competitor,
        Coverage::NotRelevant,
    ];

    /// The name the document stores (serde's unit-variant name).
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Open => "Open",
            Coverage::Sells => "Sells",
            Coverage::Potential => "Potential",
            Coverage::Competitor => "Competitor",
            Coverage::NotRelevant => "NotRelevant",
        }
    }
}

/// One offering at one key account: a cell of the whitespace grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhitespaceCell {
    /// The offering's id.
    pub id: String,
    #[serde(default = "Default::default")]
    pub coverage: Coverage,
    /// Estimated yearly amount still to win, in cents.
    #[serde(default = "Default::default")]
    pub potential: Option<i64>,
    /// Who holds it, when a competitor does.
    #[serde(default = "Default::default")]
    pub competitor: String,
}

/// Target and actual figures of one period (e.g. "2027" or "2027-Q2"), in cents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The period.
    pub id: String,
    #[serde(default = "Default::default")]
    pub revenue_target: Option<i64>,
    #[serde(default = "Default::default")]
    pub margin_target: Option<i64>,
    #[serde(default = "Default::default")]
    pub revenue_actual: Option<i64>,
    #[serde(default = "Default::default")]
    pub margin_actual: Option<i64>,
}

/// Items users order by hand.
macro_rules! ranked {
    ($($t:ty),*) => {$(
        impl crate::rank::Ranked for $t {
            fn rank(&self) -> f64 {
                self.rank
            }
            fn id(&self) -> &str {
                &self.id
            }
        }
    )*};
}
/// Lookups by id (the ids are stable, `#[key]`).
impl Workspace {
    pub fn customer(&self, id: &str) -> Option<&Customer> {
        self.customers.iter().find(|c| c.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The first item for key account `id`; [`crate::plans::account`] unites copies.
    pub fn key_account(&self, id: &str) -> Option<&KeyAccount> {
        self.key_accounts.iter().find(|k| k.id == id)
    }

    /// The customer a key account is for.
    pub fn customer_of(&self, account: &KeyAccount) -> Option<&Customer> {
        self.customer(&account.customer_id)
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }
}

impl Scheduled for PlanStep {
    fn status(&self) -> Status {
        self.status
    }
    fn due(&self) -> Option<&str> {
        self.due.as_deref()
    }
}

impl Scheduled for Action {
    fn status(&self) -> Status {
        self.status
    }
    fn due(&self) -> Option<&str> {
        self.due.as_deref()
    }
}

ranked!(
    PortfolioFactor,
    ProgrammeGoal,
    PlanStep,
    Criterion,
    Requirement,
    KeyAccount,
    Goal,
    AgendaItem
);
