//! Which customers become key accounts (DOMAIN.md steps 3 and 5): criteria, the ABC
//! analysis of revenue, the customer portfolio, the provisional → definitive workflow and
//! the Top 10. Everything here decides; the app only shows the results.

use std::collections::HashMap;

use crate::{
    command::{Command, CommandError, EntityKind, Item, ListRef, Value},
    model::*,
    rank::after_last,
    validate::{Invalid, Problem},
};

/// Customer figures a measured criterion can look at (all in cents).
pub const MEASURED_FIELDS: [&str; 3] = ["revenue", "margin", "potential"];

/// What a portfolio factor can be made of: a figure, or a 1–5 judgement (`rated`).
pub const FACTOR_SOURCES: [&str; 4] = ["revenue", "margin", "potential", "rated"];

/// A customer figure by its field name, in cents.
pub fn figure(customer: &Customer, field: &str) -> Option<i64> {
    match field {
        "revenue" => customer.revenue,
        "margin" => customer.margin,
        "potential" => customer.potential,
        _ => None,
    }
}

/// The customer's 1–5 judgement under a criterion's or factor's id.
pub fn rating(customer: &Customer, id: &str) -> Option<u8> {
    customer
        .ratings
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.value)
}

/// Whether the customer meets the criterion; `None` when the figure or rating is missing.
pub fn meets(criterion: &Criterion, customer: &Customer) -> Option<bool> {
    match &criterion.rule {
        CriterionRule::Measured { field, threshold } => {
            figure(customer, field).map(|v| v >= *threshold)
        }
        CriterionRule::Rated { min } => rating(customer, &criterion.id).map(|v| v >= *min),
    }
}

/// A whole amount in cents as a name shows it: `500'000` in German, `500,000` in English
/// (cents only when there are any).
fn name_amount(cents: i64, language: crate::method::Language) -> String {
    use crate::amounts::{NumberFormat, format_amount};
    let format = match language {
        crate::method::Language::De => NumberFormat::Swiss,
        crate::method::Language::En => NumberFormat::English,
    };
    let text = format_amount(cents, format);
    match text.strip_suffix(".00") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// The name a measured rule gives itself ("Umsatz ab 500'000", "Revenue from 500,000");
/// `None` for a rated criterion, whose name is the team's own.
pub fn rule_name(rule: &CriterionRule, language: crate::method::Language) -> Option<String> {
    use crate::method::Language::{De, En};
    let CriterionRule::Measured { field, threshold } = rule else {
        return None;
    };
    let what = match (field.as_str(), language) {
        ("revenue", De) => "Umsatz ab",
        ("revenue", En) => "Revenue from",
        ("margin", De) => "Deckungsbeitrag ab",
        ("margin", En) => "Contribution margin from",
        ("potential", De) => "Potenzial ab",
        ("potential", En) => "Potential from",
        _ => return None,
    };
    Some(format!("{what} {}", name_amount(*threshold, language)))
}

/// The language whose rule name `name` is, when it is the name `rule` gives itself: such
/// a name follows the rule when the rule changes.
pub fn named_by_rule(name: &str, rule: &CriterionRule) -> Option<crate::method::Language> {
    use crate::method::Language::{De, En};
    [De, En]
        .into_iter()
        .find(|l| rule_name(rule, *l).as_deref() == Some(name))
}

/// A criterion as the decision log shows it: its name, and its rule where the name does
/// not already say it ("Grosskunde (Umsatz ≥ 500'000)", "Strategische Bedeutung (≥ 4 von 5)").
pub fn criterion_with_rule(criterion: &Criterion, language: crate::method::Language) -> String {
    use crate::method::Language::{De, En};
    if named_by_rule(&criterion.name, &criterion.rule).is_some() {
        return rule_name(&criterion.rule, language).unwrap_or_default();
    }
    let rule = match (&criterion.rule, language) {
        (CriterionRule::Rated { min }, De) => format!("≥ {min} von 5"),
        (CriterionRule::Rated { min }, En) => format!("≥ {min} of 5"),
        (CriterionRule::Measured { field, threshold }, _) => {
            let lang = match language {
                De => crate::history::Lang::De,
                En => crate::history::Lang::En,
            };
            let what = crate::history::field_word(lang, field);
            format!("{what} ≥ {}", name_amount(*threshold, language))
        }
    };
    format!("{} ({rule})", criterion.name)
}

/// The threshold that applies: "at least N of M" never asks for more criteria than there
/// are (a criterion removed on one tablet while the threshold was raised on another).
pub fn threshold(ws: &Workspace) -> u64 {
    ws.criteria_threshold
        .clamp(1, (ws.criteria.len() as u64).max(1))
}

/// "At least N of M" as typed: a whole number from 1 to the criteria there are (up to
/// 100 while there are none yet), refused with that range named.
pub fn threshold_typed(typed: &str, criteria: usize) -> Result<u64, Invalid> {
    let field = "criteria_threshold";
    let hi = if criteria > 0 { criteria as i64 } else { 100 };
    let out = || Invalid {
        field,
        problem: Problem::OutOfRange {
            value: typed.trim().to_string(),
            lo: "1".into(),
            hi: hi.to_string(),
        },
    };
    let n =
        crate::validate::whole_number(EntityKind::Workspace, field, typed).map_err(|e| match e
            .problem
        {
            Problem::OutOfRange { .. } => out(),
            _ => e,
        })?;
    if n > hi {
        return Err(out());
    }
    u64::try_from(n).map_err(|_| out())
}

/// How one customer fares against the criteria.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub customer_id: String,
    /// Ids of the criteria met, in the criteria's order.
    pub met: Vec<String>,
    /// Ids of the criteria that cannot be judged yet (figure or rating missing).
    pub unknown: Vec<String>,
    /// Sum of the weights of the criteria met.
    pub score: u64,
    /// Meets at least the workspace's threshold ("N of M").
    pub qualifies: bool,
}

/// The command that adds the three criteria most companies start from (revenue from
/// 500,000, contribution margin from 100,000, strategic importance rated 4 of 5 or more)
/// after the existing ones, as one change, named in `language`.
pub fn suggested_criteria(
    ws: &Workspace,
    language: crate::method::Language,
    mut new_id: impl FnMut() -> String,
) -> Command {
    use crate::method::Language::{De, En};
    let measured = |field: &str, threshold: i64| CriterionRule::Measured {
        field: field.into(),
        threshold,
    };
    // Measured criteria are named by their rule ([`rule_name`]), so the name follows a
    // changed threshold; a rated one has the team's own name.
    let suggestions = [
        (None, measured("revenue", 50_000_000)),
        (None, measured("margin", 10_000_000)),
        (
            Some(("Strategische Bedeutung", "Strategic importance")),
            CriterionRule::Rated { min: 4 },
        ),
    ];
    let start = after_last(ws.criteria.iter().map(|c| c.rank));
    Command::Batch(
        suggestions
            .into_iter()
            .enumerate()
            .map(|(i, (own, rule))| Command::Insert {
                list: ListRef::Criteria,
                item: Item::Criterion(Criterion {
                    id: new_id(),
                    rank: start + i as f64,
                    name: match (own, language) {
                        (Some((de, _)), De) => de.to_string(),
                        (Some((_, en)), En) => en.to_string(),
                        (None, _) => rule_name(&rule, language).unwrap_or_default(),
                    },
                    rule,
                    weight: 1,
                }),
            })
            .collect(),
    )
}

/// The criteria in the order the team gave them.
pub fn criteria_in_order(ws: &Workspace) -> Vec<&Criterion> {
    crate::rank::sorted(&ws.criteria)
}

/// Evaluates one customer against the workspace's criteria and threshold.
pub fn evaluate_one(ws: &Workspace, customer: &Customer) -> Evaluation {
    let mut met = Vec::new();
    let mut unknown = Vec::new();
    let mut score = 0;
    for criterion in criteria_in_order(ws) {
        match meets(criterion, customer) {
            Some(true) => {
                met.push(criterion.id.clone());
                score += criterion.weight;
            }
            Some(false) => {}
            None => unknown.push(criterion.id.clone()),
        }
    }
    let qualifies = !ws.criteria.is_empty() && met.len() as u64 >= threshold(ws);
    Evaluation {
        customer_id: customer.id.clone(),
        met,
        unknown,
        score,
        qualifies,
    }
}

/// Every customer's evaluation, in the customers' order.
pub fn evaluate(ws: &Workspace) -> Vec<Evaluation> {
    ws.customers.iter().map(|c| evaluate_one(ws, c)).collect()
}

/// Customers that meet the rule, best first: weighted score, then criteria met, then
/// revenue, then name.
pub fn candidates(ws: &Workspace) -> Vec<(&Customer, Evaluation)> {
    let mut list: Vec<(&Customer, Evaluation)> = ws
        .customers
        .iter()
        .map(|c| (c, evaluate_one(ws, c)))
        .filter(|(_, e)| e.qualifies)
        .collect();
    crate::order::sort_by(&mut list, by_merit);
    list
}

/// The order of candidates everywhere: score, then criteria met, revenue, name, id (so
/// that ties look the same on every device).
fn by_merit(
    (ca, ea): &(&Customer, Evaluation),
    (cb, eb): &(&Customer, Evaluation),
) -> std::cmp::Ordering {
    eb.score
        .cmp(&ea.score)
        .then(eb.met.len().cmp(&ea.met.len()))
        .then(cb.revenue.unwrap_or(0).cmp(&ca.revenue.unwrap_or(0)))
        .then(ca.name.cmp(&cb.name))
        .then(ca.id.cmp(&cb.id))
}

/// The customers that `query` finds (see `matches_query`), in the list's order.
pub fn find<'a>(w: &'a Workspace, query: &'a str) -> impl Iterator<Item = &'a Customer> + 'a {
    w.customers.iter().filter(move |c| matches_query(c, query))
}

/// Customers whose name, number, industry or region contains `query` (any case); an
/// empty query matches everyone.
pub fn matches_query(customer: &Customer, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty()
        || [
            &customer.name,
            &customer.number,
            &customer.industry,
            &customer.region,
        ]
        .iter()
        .any(|f| f.to_lowercase().contains(&q))
}

/// How many customers one stage of the selection shows at most (a list longer than this
/// is no basis for a decision in a workshop).
pub const STAGE_LIMIT: usize = 200;

/// What the candidates stage shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StageFilter<'q> {
    /// Every undecided customer, not only those meeting the rule.
    pub everyone: bool,
    /// Search text (candidates stage only).
    pub query: &'q str,
}

/// The customers in one stage of the selection, best first (the order of [`candidates`]),
/// at most [`STAGE_LIMIT`]. Candidates (`SelectionStatus::None`) are those meeting the
/// rule unless `filter.everyone`, narrowed by `filter.query`.
pub fn stage<'a>(
    ws: &'a Workspace,
    status: SelectionStatus,
    filter: StageFilter<'_>,
) -> Vec<(&'a Customer, Evaluation)> {
    let candidates = status == SelectionStatus::None;
    let mut list: Vec<(&Customer, Evaluation)> = ws
        .customers
        .iter()
        .filter(|c| c.selection == status)
        .filter(|c| !candidates || matches_query(c, filter.query))
        .map(|c| (c, evaluate_one(ws, c)))
        .filter(|(_, e)| !candidates || filter.everyone || e.qualifies)
        .collect();
    crate::order::sort_by(&mut list, by_merit);
    list.truncate(STAGE_LIMIT);
    list
}

/// ABC class of a customer's revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AbcClass {
    A,
    B,
    C,
}

/// One customer in the ABC analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct AbcRow {
    pub customer_id: String,
    pub revenue: i64,
    /// Share of total revenue, percent.
    pub share: f64,
    /// Cumulated share including this customer, percent.
    pub cumulative: f64,
    pub class: AbcClass,
}

/// The ABC analysis of revenue (Pareto).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Abc {
    /// Customers with revenue, largest first.
    pub rows: Vec<AbcRow>,
    /// Total revenue of `rows`, cents.
    pub total: i64,
    /// Customers without revenue (missing or zero): not part of the analysis.
    pub without_revenue: Vec<String>,
}

impl Abc {
    /// How many customers and how much revenue each class holds.
    pub fn class_totals(&self, class: AbcClass) -> (usize, i64) {
        self.rows
            .iter()
            .filter(|r| r.class == class)
            .fold((0, 0), |(n, sum), r| (n + 1, sum + r.revenue))
    }

    /// The Pareto curve as (share of customers, cumulated revenue), both percent, from
    /// (0, 0): at most about `steps` points spread evenly over the customers, plus the last
    /// point and the first and last of each class, so a chart of 50,000 customers draws
    /// as fast as one of 500 and looks the same (the curve only rises).
    pub fn curve(&self, steps: usize) -> Vec<(f64, f64)> {
        let n = self.rows.len();
        let every = n.div_ceil(steps.max(1)).max(1);
        let mut points = vec![(0.0, 0.0)];
        for (i, row) in self.rows.iter().enumerate() {
            // Next to no row or to one of another class: the first or last of its class.
            let edge = |j: Option<usize>| {
                j.and_then(|j| self.rows.get(j))
                    .is_none_or(|r| r.class != row.class)
            };
            let keep = (i + 1) % every == 0 || edge(Some(i + 1)) || edge(i.checked_sub(1));
            if keep {
                points.push(((i + 1) as f64 * 100.0 / n as f64, row.cumulative));
            }
        }
        points
    }
}

/// Whether a customer takes part in the ABC analysis: only with revenue above zero.
pub fn has_revenue(c: &Customer) -> bool {
    c.revenue.is_some_and(|r| r > 0)
}

/// A fingerprint of everything the classes of [`abc`] depend on (id, name and revenue of
/// each customer with revenue, and the limits): views re-sort 50,000 customers only when
/// it changes, not on every edit of a region or when a customer without revenue comes.
pub fn abc_key(customers: &[Customer], a_percent: u64, b_percent: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (a_percent, b_percent).hash(&mut h);
    for c in customers.iter().filter(|c| has_revenue(c)) {
        (&c.id, &c.name, c.revenue).hash(&mut h);
    }
    h.finish()
}

/// Sorts by revenue and cumulates. A customer is in class A while the revenue before it
/// is below `a_percent` of the total (so the customer that crosses the line is still A),
/// in B while below `b_percent`, else C.
pub fn abc(customers: &[Customer], a_percent: u64, b_percent: u64) -> Abc {
    let mut with: Vec<&Customer> = Vec::new();
    let mut without = Vec::new();
    for c in customers {
        if has_revenue(c) {
            with.push(c);
        } else {
            without.push(c.id.clone());
        }
    }
    crate::order::sort_by(&mut with, |a, b| {
        b.revenue
            .cmp(&a.revenue)
            .then(a.name.cmp(&b.name))
            .then(a.id.cmp(&b.id))
    });
    let total: i64 = with.iter().filter_map(|c| c.revenue).sum();
    let mut before = 0i64;
    let rows = with
        .into_iter()
        .map(|c| {
            let revenue = c.revenue.unwrap_or(0);
            let before_pct = percent(before, total);
            before += revenue;
            let class = if before_pct < a_percent as f64 {
                AbcClass::A
            } else if before_pct < b_percent as f64 {
                AbcClass::B
            } else {
                AbcClass::C
            };
            AbcRow {
                customer_id: c.id.clone(),
                revenue,
                share: percent(revenue, total),
                cumulative: percent(before, total),
                class,
            }
        })
        .collect();
    Abc {
        rows,
        total,
        without_revenue: without,
    }
}

fn percent(part: i64, total: i64) -> f64 {
    if total == 0 {
        0.0
    } else {
        part as f64 * 100.0 / total as f64
    }
}

/// The four fields of the customer portfolio, as KAM practice reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quadrant {
    /// High attractiveness, strong position: invest and keep (Starkunden).
    Star,
    /// High attractiveness, weak position: build or drop (Entwicklungskunden).
    Development,
    /// Low attractiveness, strong position: serve efficiently (Ertragskunden).
    Profit,
    /// Low attractiveness, weak position: standardise (Mitnahmekunden).
    TakeAlong,
}

/// The middle of both axes: 50 of 100.
pub const QUADRANT_LINE: f64 = 50.0;

/// The quadrant of a point (scores 0–100); the middle counts as high.
pub fn quadrant(attractiveness: f64, position: f64) -> Quadrant {
    match (attractiveness >= QUADRANT_LINE, position >= QUADRANT_LINE) {
        (true, true) => Quadrant::Star,
        (true, false) => Quadrant::Development,
        (false, true) => Quadrant::Profit,
        (false, false) => Quadrant::TakeAlong,
    }
}

/// A customer's place in the portfolio.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub customer_id: String,
    pub attractiveness: f64,
    pub position: f64,
    pub quadrant: Quadrant,
    pub revenue: Option<i64>,
}

/// The portfolio of all customers with enough data on both axes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Portfolio {
    pub placements: Vec<Placement>,
    /// Customers that lack every figure or rating of one axis.
    pub incomplete: Vec<String>,
}

/// A factor's value for a customer on a 0–100 scale: figures relative to the largest
/// customer's (negative counts as 0), judgements 1 → 0 … 5 → 100.
fn factor_value(
    factor: &PortfolioFactor,
    customer: &Customer,
    max: &HashMap<&str, i64>,
) -> Option<f64> {
    if factor.source == "rated" {
        return rating(customer, &factor.id).map(|r| (f64::from(r) - 1.0) * 25.0);
    }
    let value = figure(customer, &factor.source)?;
    let top = *max.get(factor.source.as_str())?;
    if top <= 0 {
        return Some(0.0);
    }
    Some((value.max(0) as f64 * 100.0 / top as f64).clamp(0.0, 100.0))
}

/// Weighted mean of the factors of one axis that have data for the customer.
fn axis_score(
    factors: &[&PortfolioFactor],
    customer: &Customer,
    max: &HashMap<&str, i64>,
) -> Option<f64> {
    let (sum, weights) = factors
        .iter()
        .filter_map(|f| factor_value(f, customer, max).map(|v| (v * f.weight as f64, f.weight)))
        .fold((0.0, 0u64), |(s, w), (v, fw)| (s + v, w + fw));
    (weights > 0).then(|| sum / weights as f64)
}

/// Places every customer on both axes from the workspace's portfolio factors.
pub fn portfolio(ws: &Workspace) -> Portfolio {
    let mut max: HashMap<&str, i64> = HashMap::new();
    for field in MEASURED_FIELDS {
        let top = ws
            .customers
            .iter()
            .filter_map(|c| figure(c, field))
            .max()
            .unwrap_or(0);
        max.insert(field, top);
    }
    let of = |axis: Axis| -> Vec<&PortfolioFactor> {
        ws.portfolio_factors
            .iter()
            .filter(|f| f.axis == axis)
            .collect()
    };
    let (attr, pos) = (of(Axis::Attractiveness), of(Axis::Position));
    let mut result = Portfolio::default();
    for c in &ws.customers {
        match (axis_score(&attr, c, &max), axis_score(&pos, c, &max)) {
            (Some(a), Some(p)) => result.placements.push(Placement {
                customer_id: c.id.clone(),
                attractiveness: a,
                position: p,
                quadrant: quadrant(a, p),
                revenue: c.revenue,
            }),
            _ => result.incomplete.push(c.id.clone()),
        }
    }
    result
}

/// A dated picture of the current portfolio, to keep.
pub fn snapshot(ws: &Workspace, id: String, date: String, name: String) -> PortfolioSnapshot {
    let names: HashMap<&str, &str> = ws
        .customers
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    PortfolioSnapshot {
        id,
        date,
        name,
        points: portfolio(ws)
            .placements
            .into_iter()
            .map(|p| PortfolioPoint {
                name: names.get(p.customer_id.as_str()).unwrap_or(&"").to_string(),
                id: p.customer_id,
                attractiveness: round1(p.attractiveness),
                position: round1(p.position),
                revenue: p.revenue,
            })
            .collect(),
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Where one customer was in the earlier picture and is in the later one.
#[derive(Debug, Clone, PartialEq)]
pub struct Movement {
    pub customer_id: String,
    pub name: String,
    /// (attractiveness, position, quadrant) before; `None` when not in the earlier one.
    pub before: Option<(f64, f64, Quadrant)>,
    pub after: Option<(f64, f64, Quadrant)>,
}

impl Movement {
    /// The customer changed quadrant, appeared or disappeared.
    pub fn changed_quadrant(&self) -> bool {
        self.before.map(|b| b.2) != self.after.map(|a| a.2)
    }
}

/// Who moved where between two pictures; customers of both, those who changed quadrant
/// first, then by name.
pub fn compare(earlier: &PortfolioSnapshot, later: &PortfolioSnapshot) -> Vec<Movement> {
    let place = |p: &PortfolioPoint| {
        (
            p.attractiveness,
            p.position,
            quadrant(p.attractiveness, p.position),
        )
    };
    let mut moves: Vec<Movement> = later
        .points
        .iter()
        .map(|p| Movement {
            customer_id: p.id.clone(),
            name: p.name.clone(),
            before: earlier.points.iter().find(|e| e.id == p.id).map(place),
            after: Some(place(p)),
        })
        .collect();
    for gone in earlier
        .points
        .iter()
        .filter(|e| !later.points.iter().any(|p| p.id == e.id))
    {
        moves.push(Movement {
            customer_id: gone.id.clone(),
            name: gone.name.clone(),
            before: Some(place(gone)),
            after: None,
        });
    }
    crate::order::sort_by(&mut moves, |a, b| {
        b.changed_quadrant()
            .cmp(&a.changed_quadrant())
            .then(a.name.cmp(&b.name))
    });
    moves
}

/// Moves the workflow allows: forward by the method (criteria → provisional → definitive
/// or rejected) and back one step, each with a reason.
pub fn allowed(from: SelectionStatus, to: SelectionStatus) -> bool {
    use SelectionStatus as S;
    matches!(
        (from, to),
        (S::None, S::Provisional)
            | (S::None, S::Rejected)
            | (S::Provisional, S::Definitive)
            | (S::Provisional, S::Rejected)
            | (S::Provisional, S::None)
            | (S::Definitive, S::Provisional)
            | (S::Rejected, S::Provisional)
            | (S::Rejected, S::None)
    )
}

/// Where a customer can go from where it stands.
pub fn next_steps(from: SelectionStatus) -> Vec<SelectionStatus> {
    use SelectionStatus as S;
    [S::Provisional, S::Definitive, S::Rejected, S::None]
        .into_iter()
        .filter(|to| allowed(from, *to))
        .collect()
}

fn refused(field: &'static str, problem: Problem) -> CommandError {
    CommandError::Invalid {
        kind: EntityKind::SelectionDecision,
        invalid: Invalid { field, problem },
    }
}

/// Ids a decision needs for what it creates.
pub struct NewIds {
    pub decision: String,
}

/// The id of a customer's key account. Derived from the customer, not random: two
/// devices that make the same customer definitive while offline then create the same
/// item, which [`crate::plans::account`] and [`key_accounts_ranked`] read as one.
pub fn key_account_id(customer_id: &str) -> String {
    format!("ka-{customer_id}")
}

/// One decision as one change: the log entry (who, when, why, which criteria were met
/// then), the customer's new status, and — on the way to definitive — the key account
/// that will carry the plan (kept when a customer is moved back, so no plan is lost).
pub fn decide(
    ws: &Workspace,
    customer_id: &str,
    to: SelectionStatus,
    reason: &str,
    decided_by: &str,
    at_ms: i64,
    ids: NewIds,
) -> Result<Command, CommandError> {
    let customer = ws
        .customers
        .iter()
        .find(|c| c.id == customer_id)
        .ok_or_else(|| CommandError::NotFound {
            kind: EntityKind::Customer,
            id: customer_id.to_string(),
        })?;
    if reason.trim().is_empty() {
        return Err(refused("reason", Problem::Empty));
    }
    let evaluation = evaluate_one(ws, customer);
    let from = customer.selection;
    if !allowed(from, to) {
        return Err(refused(
            "selection",
            Problem::Other(format!("{from:?} → {to:?} is not a step of the selection")),
        ));
    }
    let decision = SelectionDecision {
        id: ids.decision,
        customer_id: customer_id.to_string(),
        from,
        to,
        decided_by: decided_by.to_string(),
        decided_at: at_ms,
        reason: reason.trim().to_string(),
        criteria_then: {
            let met = &evaluation.met;
            criteria_in_order(ws)
                .into_iter()
                .filter(|c| met.contains(&c.id))
                .cloned()
                .collect()
        },
        criteria_met: evaluation.met,
    };
    let mut commands = vec![
        Command::Insert {
            list: ListRef::Decisions,
            item: Item::SelectionDecision(decision),
        },
        Command::set(
            ListRef::Customers,
            customer_id,
            "selection",
            Value::Selection(to),
        ),
    ];
    let has_account = ws.key_accounts.iter().any(|k| k.customer_id == customer_id);
    if to == SelectionStatus::Definitive && !has_account {
        commands.push(Command::Insert {
            list: ListRef::KeyAccounts,
            item: Item::KeyAccount(KeyAccount::new(
                key_account_id(customer_id),
                customer_id,
                after_last(ws.key_accounts.iter().map(|k| k.rank)),
            )),
        });
    }
    Ok(Command::Batch(commands))
}

/// The decisions of the selection, newest first.
pub fn decision_log(ws: &Workspace) -> Vec<&SelectionDecision> {
    let mut log: Vec<&SelectionDecision> = ws.decisions.iter().collect();
    crate::order::sort_by(&mut log, |a, b| {
        b.decided_at.cmp(&a.decided_at).then(a.id.cmp(&b.id))
    });
    log
}

/// Definitive key accounts in their order of importance (rank, then revenue). One per
/// customer: when two devices created one concurrently, the first in the document's
/// order stands for both (the same on every device; see [`crate::plans::account`]).
pub fn key_accounts_ranked(ws: &Workspace) -> Vec<(&KeyAccount, &Customer)> {
    let customers: HashMap<&str, &Customer> =
        ws.customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut seen = std::collections::HashSet::new();
    let mut list: Vec<(&KeyAccount, &Customer)> = ws
        .key_accounts
        .iter()
        .filter(|k| seen.insert(k.customer_id.as_str()))
        .filter_map(|k| customers.get(k.customer_id.as_str()).map(|c| (k, *c)))
        .filter(|(_, c)| c.selection == SelectionStatus::Definitive)
        .collect();
    crate::order::sort_by(&mut list, |(ka, ca), (kb, cb)| {
        ka.rank
            .total_cmp(&kb.rank)
            .then(cb.revenue.unwrap_or(0).cmp(&ca.revenue.unwrap_or(0)))
            .then(ka.id.cmp(&kb.id))
    });
    list
}

/// How many key accounts the Top list names (DOMAIN.md step 8: every employee knows them).
pub const TOP: usize = 10;

/// The [`TOP`] most important key accounts.
pub fn top_ten(ws: &Workspace) -> Vec<(&KeyAccount, &Customer)> {
    let mut list = key_accounts_ranked(ws);
    list.truncate(TOP);
    list
}

/// Whether the key account at `place` (1-based, as [`key_accounts_ranked`] orders them)
/// is among the [`TOP`].
pub fn in_top(place: usize) -> bool {
    (1..=TOP).contains(&place)
}
