//! Controlling (DOMAIN.md step 9): the cockpit the controller and the board use after the
//! introduction. Targets against actuals per period across all definitive key accounts,
//! with totals and groups, and the work that slips (overdue and unowned actions, reviews
//! due, plans that need work, accounts without a trained manager).
//!
//! Figures are read per period: a period's own entry wins; where it has no value for a
//! figure, the figure is the sum of its parts (a year of its quarters, a quarter of its
//! months), so a controller may import months and read quarters and years.

use std::collections::HashMap;

use crate::{
    command::{Command, Item, ListRef},
    date::Date,
    model::{
        Action, Coverage, KeyAccount, Offering, PlanStep, ProgrammeReview, Scheduled, Status,
        Target, WhitespaceCell, Workspace,
    },
    people::trained,
    plans::{Variance, completeness, next_review, open, unowned, variance},
    selection::{AbcClass, Quadrant, abc, key_accounts_ranked, portfolio},
};

/// A controlling period: a calendar year, a quarter or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    /// Quarter 1–4.
    Quarter(i32, u8),
    /// Month 1–12.
    Month(i32, u8),
}

/// How long a period is: what the cockpit's period choice offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Year,
    Quarter,
    Month,
}

impl Period {
    /// Reads a period as stored and as users write it: `2027`, `2027-Q2`, `2027-05`.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let year: i32 = text.get(..4)?.parse().ok()?;
        if !text.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            return None;
        }
        match text.get(4..)? {
            "" => Some(Period::Year(year)),
            rest => {
                if let Some(digit) = rest.strip_prefix("-Q") {
                    let q: u8 = digit.parse().ok()?;
                    (digit.len() == 1 && (1..=4).contains(&q)).then_some(Period::Quarter(year, q))
                } else {
                    let m = rest.strip_prefix('-')?;
                    let month: u8 = m.parse().ok()?;
                    (m.len() == 2 && (1..=12).contains(&month))
                        .then_some(Period::Month(year, month))
                }
            }
        }
    }

    /// The period's name as stored (`2027`, `2027-Q2`, `2027-05`).
    pub fn id(self) -> String {
        match self {
            Period::Year(y) => format!("{y}"),
            Period::Quarter(y, q) => format!("{y}-Q{q}"),
            Period::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Year(_) => PeriodKind::Year,
            Period::Quarter(..) => PeriodKind::Quarter,
            Period::Month(..) => PeriodKind::Month,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// The period of this kind that holds `date`.
    pub fn of(kind: PeriodKind, date: Date) -> Period {
        let month = date.month as u8;
        match kind {
            PeriodKind::Year => Period::Year(date.year),
            PeriodKind::Quarter => Period::Quarter(date.year, (month - 1) / 3 + 1),
            PeriodKind::Month => Period::Month(date.year, month),
        }
    }

    /// The same period one year earlier (this year against last year).
    pub fn year_before(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Quarter(y, q) => Period::Quarter(y - 1, q),
            Period::Month(y, m) => Period::Month(y - 1, m),
        }
    }

    /// The next period of the same kind.
    pub fn next(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y + 1),
            Period::Quarter(y, 4) => Period::Quarter(y + 1, 1),
            Period::Quarter(y, q) => Period::Quarter(y, q + 1),
            Period::Month(y, 12) => Period::Month(y + 1, 1),
            Period::Month(y, m) => Period::Month(y, m + 1),
        }
    }

    /// The previous period of the same kind.
    pub fn previous(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
            Period::Quarter(y, q) => Period::Quarter(y, q - 1),
            Period::Month(y, 1) => Period::Month(y - 1, 12),
            Period::Month(y, m) => Period::Month(y, m - 1),
        }
    }

    /// How many months the period spans.
    pub fn months(self) -> u8 {
        match self {
            Period::Year(_) => 12,
            Period::Quarter(..) => 3,
            Period::Month(..) => 1,
        }
    }

    /// The periods it is made of: a year of its quarters, a quarter of its months.
    fn parts(self) -> Vec<Period> {
        match self {
            Period::Year(y) => (1..=4).map(|q| Period::Quarter(y, q)).collect(),
            Period::Quarter(y, q) => (1..=3).map(|m| Period::Month(y, (q - 1) * 3 + m)).collect(),
            Period::Month(..) => Vec::new(),
        }
    }
}

/// One figure of a target/actual entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    RevenueTarget,
    RevenueActual,
    MarginTarget,
    MarginActual,
}

impl Figure {
    pub const ALL: [Figure; 4] = [
        Figure::RevenueTarget,
        Figure::RevenueActual,
        Figure::MarginTarget,
        Figure::MarginActual,
    ];

    /// The field's name in the document.
    pub fn field(self) -> &'static str {
        match self {
            Figure::RevenueTarget => "revenue_target",
            Figure::RevenueActual => "revenue_actual",
            Figure::MarginTarget => "margin_target",
            Figure::MarginActual => "margin_actual",
        }
    }

    pub fn of(self, t: &Target) -> Option<i64> {
        match self {
            Figure::RevenueTarget => t.revenue_target,
            Figure::RevenueActual => t.revenue_actual,
            Figure::MarginTarget => t.margin_target,
            Figure::MarginActual => t.margin_actual,
        }
    }
}

/// A figure for a period: the amount in cents (`None`: nothing recorded for the period or
/// any of its parts) and how many of the period's months it covers. A year read from
/// three of its quarters covers 9 of 12 months: shown as partial, never as complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amount {
    pub cents: Option<i64>,
    pub months: u8,
}

impl Amount {
    /// Covers only part of `period` (some months have no figure).
    pub fn partial(self, period: Period) -> bool {
        self.cents.is_some() && self.months < period.months()
    }
}

/// An account's entries by period name, of all its copies (see [`crate::plans::account`]):
/// the first entry for a period wins.
pub struct Entries<'a> {
    by_period: HashMap<&'a str, &'a Target>,
}

impl<'a> Entries<'a> {
    pub fn of(targets: impl IntoIterator<Item = &'a Target>) -> Entries<'a> {
        let mut by_period = HashMap::new();
        for t in targets {
            by_period.entry(t.id.as_str()).or_insert(t);
        }
        Entries { by_period }
    }

    /// The figure for `period`: its own entry's value, else the sum of its parts.
    pub fn amount(&self, period: Period, figure: Figure) -> Amount {
        if let Some(v) = self
            .by_period
            .get(period.id().as_str())
            .and_then(|t| figure.of(t))
        {
            return Amount {
                cents: Some(v),
                months: period.months(),
            };
        }
        period
            .parts()
            .into_iter()
            .map(|p| self.amount(p, figure))
            .fold(Amount::default(), add)
    }
}

fn add(a: Amount, b: Amount) -> Amount {
    let cents = match (a.cents, b.cents) {
        (None, None) => None,
        (x, y) => Some(x.unwrap_or(0).saturating_add(y.unwrap_or(0))),
    };
    Amount {
        cents,
        months: a.months + b.months,
    }
}

/// Target, actual and how the actual compares for one figure pair.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Line {
    pub target: Amount,
    pub actual: Amount,
    pub variance: Option<Variance>,
}

impl Line {
    fn new(target: Amount, actual: Amount) -> Line {
        Line {
            target,
            actual,
            variance: variance(target.cents, actual.cents),
        }
    }
}

/// One definitive key account in the cockpit.
#[derive(Debug, Clone, PartialEq)]
pub struct CockpitRow {
    pub key_account_id: String,
    pub customer_id: String,
    pub name: String,
    /// Place in the order of importance, 1-based.
    pub place: usize,
    pub manager_id: Option<String>,
    /// The responsible person's name (`None`: nobody, or the person was removed).
    pub manager_name: Option<String>,
    pub region: String,
    pub quadrant: Option<Quadrant>,
    pub abc: Option<AbcClass>,
    pub revenue: Line,
    pub margin: Line,
    /// Revenue actual of the same period a year earlier.
    pub revenue_last_year: Amount,
    /// Growth of the revenue actual against last year, percent.
    pub growth_percent: Option<f64>,
}

/// Sums over several accounts. The variance compares only accounts that have both a
/// target and an actual (`compared` of them), so a missing actual never reads as a
/// shortfall.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    pub target: Option<i64>,
    pub actual: Option<i64>,
    pub compared: usize,
    pub variance: Option<Variance>,
}

impl Totals {
    fn of<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Totals {
        let (mut target, mut actual) = (None::<i64>, None::<i64>);
        let (mut ct, mut ca, mut compared) = (0i64, 0i64, 0usize);
        for l in lines {
            if let Some(t) = l.target.cents {
                target = Some(target.unwrap_or(0).saturating_add(t));
            }
            if let Some(a) = l.actual.cents {
                actual = Some(actual.unwrap_or(0).saturating_add(a));
            }
            if let (Some(t), Some(a)) = (l.target.cents, l.actual.cents) {
                ct = ct.saturating_add(t);
                ca = ca.saturating_add(a);
                compared += 1;
            }
        }
        Totals {
            target,
            actual,
            compared,
            variance: (compared > 0)
                .then(|| variance(Some(ct), Some(ca)))
                .flatten(),
        }
    }
}

/// What the rows are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grouping {
    None,
    Manager,
    Region,
    Quadrant,
    Abc,
}

impl Grouping {
    pub const ALL: [Grouping; 5] = [
        Grouping::None,
        Grouping::Manager,
        Grouping::Region,
        Grouping::Quadrant,
        Grouping::Abc,
    ];
}

/// Which group a row falls in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupKey {
    All,
    /// The responsible person's id; `None`: nobody.
    Manager(Option<String>),
    /// Empty: no region recorded.
    Region(String),
    Quadrant(Option<QuadrantOrder>),
    Abc(Option<AbcOrder>),
}

/// Quadrants in the order the portfolio reads them (stars first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuadrantOrder(u8);

impl QuadrantOrder {
    fn of(q: Quadrant) -> QuadrantOrder {
        QuadrantOrder(match q {
            Quadrant::Star => 0,
            Quadrant::Development => 1,
            Quadrant::Profit => 2,
            Quadrant::TakeAlong => 3,
        })
    }

    pub fn quadrant(self) -> Quadrant {
        match self.0 {
            0 => Quadrant::Star,
            1 => Quadrant::Development,
            2 => Quadrant::Profit,
            _ => Quadrant::TakeAlong,
        }
    }
}

/// ABC classes in order (A first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AbcOrder(u8);

impl AbcOrder {
    fn of(c: AbcClass) -> AbcOrder {
        AbcOrder(match c {
            AbcClass::A => 0,
            AbcClass::B => 1,
            AbcClass::C => 2,
        })
    }

    pub fn class(self) -> AbcClass {
        match self.0 {
            0 => AbcClass::A,
            1 => AbcClass::B,
            _ => AbcClass::C,
        }
    }
}

impl GroupKey {
    fn of(row: &CockpitRow, grouping: Grouping) -> GroupKey {
        match grouping {
            Grouping::None => GroupKey::All,
            Grouping::Manager => GroupKey::Manager(row.manager_id.clone()),
            Grouping::Region => GroupKey::Region(row.region.trim().to_string()),
            Grouping::Quadrant => GroupKey::Quadrant(row.quadrant.map(QuadrantOrder::of)),
            Grouping::Abc => GroupKey::Abc(row.abc.map(AbcOrder::of)),
        }
    }
}

/// A group of rows with its sums; `rows` index into [`Cockpit::rows`].
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub key: GroupKey,
    pub rows: Vec<usize>,
    pub revenue: Totals,
    pub margin: Totals,
}

/// The key accounts' share of all customers' revenue (customer master data, cents).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Share {
    pub key_accounts: i64,
    pub all: i64,
    pub percent: Option<f64>,
}

/// The cockpit for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Cockpit {
    pub period: Period,
    pub rows: Vec<CockpitRow>,
    pub revenue: Totals,
    pub margin: Totals,
    /// Revenue actual of all rows a year earlier.
    pub revenue_last_year: Option<i64>,
    pub growth_percent: Option<f64>,
    pub share: Share,
}

/// The classes the cockpit groups by, read once from all customers (the app keeps them
/// apart so a changed target does not re-run the ABC analysis over 20,000 customers).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Classes {
    pub abc: HashMap<String, AbcClass>,
    pub quadrant: HashMap<String, Quadrant>,
}

impl Classes {
    pub fn of(ws: &Workspace) -> Classes {
        let abc = abc(&ws.customers, ws.abc_a_percent, ws.abc_b_percent)
            .rows
            .into_iter()
            .map(|r| (r.customer_id, r.class))
            .collect();
        let quadrant = portfolio(ws)
            .placements
            .into_iter()
            .map(|p| (p.customer_id, p.quadrant))
            .collect();
        Classes { abc, quadrant }
    }
}

fn growth(now: Option<i64>, before: Option<i64>) -> Option<f64> {
    let (n, b) = (now?, before?);
    (b > 0).then(|| (n - b) as f64 * 100.0 / b as f64)
}

/// Every definitive key account's figures for `period`, in order of importance, with
/// totals and the key accounts' share of revenue.
pub fn cockpit(ws: &Workspace, period: Period, classes: &Classes) -> Cockpit {
    let mut by_customer: HashMap<&str, Vec<&Target>> = HashMap::new();
    for k in &ws.key_accounts {
        by_customer
            .entry(k.customer_id.as_str())
            .or_default()
            .extend(&k.targets);
    }
    let before = period.year_before();
    let rows: Vec<CockpitRow> = key_accounts_ranked(ws)
        .into_iter()
        .enumerate()
        .map(|(i, (k, c))| {
            let entries = Entries::of(
                by_customer
                    .get(c.id.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            let a = |f| entries.amount(period, f);
            let last = entries.amount(before, Figure::RevenueActual);
            let revenue = Line::new(a(Figure::RevenueTarget), a(Figure::RevenueActual));
            CockpitRow {
                key_account_id: k.id.clone(),
                customer_id: c.id.clone(),
                name: c.name.clone(),
                place: i + 1,
                manager_id: k.manager_id.clone(),
                manager_name: k
                    .manager_id
                    .as_deref()
                    .and_then(|m| ws.person(m))
                    .map(|p| p.name.clone()),
                region: c.region.clone(),
                quadrant: classes.quadrant.get(&c.id).copied(),
                abc: classes.abc.get(&c.id).copied(),
                growth_percent: growth(revenue.actual.cents, last.cents),
                revenue,
                margin: Line::new(a(Figure::MarginTarget), a(Figure::MarginActual)),
                revenue_last_year: last,
            }
        })
        .collect();
    let revenue = Totals::of(rows.iter().map(|r| &r.revenue));
    let margin = Totals::of(rows.iter().map(|r| &r.margin));
    // Growth over the accounts that have both years, like the variance.
    let (mut now, mut then) = (None::<i64>, None::<i64>);
    for r in &rows {
        if let (Some(n), Some(b)) = (r.revenue.actual.cents, r.revenue_last_year.cents) {
            now = Some(now.unwrap_or(0) + n);
            then = Some(then.unwrap_or(0) + b);
        }
    }
    let revenue_last_year = rows
        .iter()
        .filter_map(|r| r.revenue_last_year.cents)
        .reduce(i64::saturating_add);
    let share = share(ws, &rows);
    Cockpit {
        period,
        revenue,
        margin,
        revenue_last_year,
        growth_percent: growth(now, then),
        share,
        rows,
    }
}

fn share(ws: &Workspace, rows: &[CockpitRow]) -> Share {
    let all: i64 = ws
        .customers
        .iter()
        .filter_map(|c| c.revenue)
        .filter(|r| *r > 0)
        .fold(0, i64::saturating_add);
    let ids: std::collections::HashSet<&str> =
        rows.iter().map(|r| r.customer_id.as_str()).collect();
    let key_accounts: i64 = ws
        .customers
        .iter()
        .filter(|c| ids.contains(c.id.as_str()))
        .filter_map(|c| c.revenue)
        .filter(|r| *r > 0)
        .fold(0, i64::saturating_add);
    Share {
        key_accounts,
        all,
        percent: (all > 0).then(|| key_accounts as f64 * 100.0 / all as f64),
    }
}

impl Cockpit {
    /// The rows in groups, each with its sums; groups in a fixed order: nobody first,
    /// then managers by name; regions by name; quadrants and classes in their order.
    pub fn groups(&self, grouping: Grouping) -> Vec<Group> {
        let mut map: HashMap<GroupKey, Vec<usize>> = HashMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            map.entry(GroupKey::of(r, grouping)).or_default().push(i);
        }
        let mut groups: Vec<Group> = map
            .into_iter()
            .map(|(key, rows)| Group {
                revenue: Totals::of(rows.iter().map(|&i| &self.rows[i].revenue)),
                margin: Totals::of(rows.iter().map(|&i| &self.rows[i].margin)),
                key,
                rows,
            })
            .collect();
        let manager = |g: &Group| {
            g.rows
                .first()
                .and_then(|&i| self.rows[i].manager_name.as_deref())
                .map(str::to_lowercase)
        };
        crate::order::sort_by(&mut groups, |a, b| match (&a.key, &b.key) {
            (GroupKey::Manager(_), GroupKey::Manager(_)) => {
                manager(a).cmp(&manager(b)).then_with(|| a.key.cmp(&b.key))
            }
            _ => a.key.cmp(&b.key),
        });
        groups
    }

    /// The rows sorted by `by` (missing values last in either direction; ties by place).
    pub fn sorted(&self, by: SortBy, descending: bool) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        crate::order::sort_by(&mut order, |&a, &b| {
            let (ra, rb) = (&self.rows[a], &self.rows[b]);
            let ordering = match by {
                SortBy::Place => ra.place.cmp(&rb.place),
                SortBy::Name => ra.name.to_lowercase().cmp(&rb.name.to_lowercase()),
                _ => {
                    let (va, vb) = (by.value(ra), by.value(rb));
                    match (va, vb) {
                        (Some(x), Some(y)) => {
                            let o = x.total_cmp(&y);
                            if descending { o.reverse() } else { o }
                        }
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                    .then(ra.place.cmp(&rb.place))
                }
            };
            match by {
                SortBy::Place | SortBy::Name if descending => ordering.reverse(),
                _ => ordering,
            }
        });
        order
    }
}

/// Columns the cockpit sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortBy {
    Place,
    Name,
    RevenueTarget,
    RevenueActual,
    RevenueDifference,
    RevenuePercent,
    MarginTarget,
    MarginActual,
    MarginDifference,
    MarginPercent,
    Growth,
}

impl SortBy {
    fn value(self, r: &CockpitRow) -> Option<f64> {
        let cents = |a: Amount| a.cents.map(|c| c as f64);
        match self {
            SortBy::Place | SortBy::Name => None,
            SortBy::RevenueTarget => cents(r.revenue.target),
            SortBy::RevenueActual => cents(r.revenue.actual),
            SortBy::RevenueDifference => r.revenue.variance.map(|v| v.difference as f64),
            SortBy::RevenuePercent => r.revenue.variance.map(|v| v.percent_of_target),
            SortBy::MarginTarget => cents(r.margin.target),
            SortBy::MarginActual => cents(r.margin.actual),
            SortBy::MarginDifference => r.margin.variance.map(|v| v.difference as f64),
            SortBy::MarginPercent => r.margin.variance.map(|v| v.percent_of_target),
            SortBy::Growth => r.growth_percent,
        }
    }
}

/// An open action of a definitive key account, for lists across accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionLine {
    pub key_account_id: String,
    pub account_name: String,
    pub action: Action,
    /// The owner's name (`None`: nobody, or the person was removed).
    pub owner_name: Option<String>,
    /// Days past its due date (0 when not overdue).
    pub days_overdue: i64,
}

/// Open actions that are overdue or have no owner, across all definitive key accounts
/// (every copy of an account, united as the plan shows them), the most overdue first.
pub fn slipping_actions(ws: &Workspace, today: Date) -> Vec<ActionLine> {
    let mut out = Vec::new();
    for (k, c) in key_accounts_ranked(ws) {
        let mut seen = std::collections::HashSet::new();
        for a in ws
            .key_accounts
            .iter()
            .filter(|x| x.customer_id == k.customer_id)
            .flat_map(|x| &x.actions)
        {
            if !seen.insert(a.id.as_str()) || !open(a) {
                continue;
            }
            let late = a.overdue(today);
            if late || unowned(a) {
                let due = a.due.as_deref().and_then(Date::parse);
                out.push(ActionLine {
                    key_account_id: k.id.clone(),
                    account_name: c.name.clone(),
                    owner_name: a
                        .owner_id
                        .as_deref()
                        .and_then(|o| ws.person(o))
                        .map(|p| p.name.clone()),
                    action: a.clone(),
                    days_overdue: if late {
                        due.map_or(0, |d| d.days_until(today))
                    } else {
                        0
                    },
                });
            }
        }
    }
    crate::order::sort_by(&mut out, |a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.account_name.cmp(&b.account_name))
            .then(a.action.id.cmp(&b.action.id))
    });
    out
}

/// The slipping actions by owner: nobody first (as `None`), then owners by name.
pub fn by_owner(lines: &[ActionLine]) -> Vec<(Option<String>, Vec<&ActionLine>)> {
    let mut map: std::collections::BTreeMap<(Option<String>, Option<String>), Vec<&ActionLine>> =
        std::collections::BTreeMap::new();
    for l in lines {
        let owner = l.action.owner_id.clone();
        let name = owner
            .as_ref()
            .map(|_| l.owner_name.clone().unwrap_or_default().to_lowercase());
        map.entry((name, owner)).or_default().push(l);
    }
    map.into_iter().map(|((_, owner), v)| (owner, v)).collect()
}

/// A review that is due: when, for which account, who is responsible.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewDue {
    pub key_account_id: String,
    pub account_name: String,
    pub manager_id: Option<String>,
    pub due: Date,
    /// Never reviewed: due from the start.
    pub never: bool,
}

impl ReviewDue {
    pub fn overdue(&self, today: Date) -> bool {
        self.due < today
    }
}

/// Reviews due on or before `today + months` (overdue ones included), soonest first.
pub fn reviews_due(ws: &Workspace, today: Date, months: i32) -> Vec<ReviewDue> {
    let until = today.add_months(months);
    let mut out: Vec<ReviewDue> = key_accounts_ranked(ws)
        .into_iter()
        .filter_map(|(k, c)| {
            let united = crate::plans::account(ws, &k.id)?;
            let due = next_review(&united, today);
            (due <= until).then(|| ReviewDue {
                key_account_id: k.id.clone(),
                account_name: c.name.clone(),
                manager_id: k.manager_id.clone(),
                due,
                never: united.reviews.is_empty(),
            })
        })
        .collect();
    crate::order::sort_by(&mut out, |a, b| {
        a.due.cmp(&b.due).then(a.account_name.cmp(&b.account_name))
    });
    out
}

/// The reviews due by calendar month (`(year, month)`), overdue ones in the month of
/// `today` or earlier as their due date says.
pub fn review_calendar(due: &[ReviewDue]) -> Vec<((i32, u32), Vec<&ReviewDue>)> {
    let mut map: std::collections::BTreeMap<(i32, u32), Vec<&ReviewDue>> =
        std::collections::BTreeMap::new();
    for r in due {
        map.entry((r.due.year, r.due.month)).or_default().push(r);
    }
    map.into_iter().collect()
}

/// A plan that needs work: how complete it is and which parts are missing or stale.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanGap {
    pub key_account_id: String,
    pub account_name: String,
    pub manager_id: Option<String>,
    pub percent: u8,
    pub missing: Vec<crate::plans::PlanPart>,
    pub stale: Vec<crate::plans::PlanPart>,
}

/// Plans that are not complete, least complete first.
pub fn plans_needing_work(ws: &Workspace, today: Date) -> Vec<PlanGap> {
    use crate::plans::PartState;
    let mut out: Vec<PlanGap> = key_accounts_ranked(ws)
        .into_iter()
        .filter_map(|(k, c)| {
            let united = crate::plans::account(ws, &k.id)?;
            let done = completeness(&united, today);
            (done.percent < 100).then(|| {
                let parts = |state: PartState| {
                    done.parts
                        .iter()
                        .filter(|(_, s)| *s == state)
                        .map(|(p, _)| *p)
                        .collect()
                };
                PlanGap {
                    key_account_id: k.id.clone(),
                    account_name: c.name.clone(),
                    manager_id: k.manager_id.clone(),
                    percent: done.percent,
                    missing: parts(PartState::Empty),
                    stale: parts(PartState::Stale),
                }
            })
        })
        .collect();
    crate::order::sort_by(&mut out, |a, b| {
        a.percent
            .cmp(&b.percent)
            .then(a.account_name.cmp(&b.account_name))
    });
    out
}

/// Why a key account's care is not in good hands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CareGap {
    /// Nobody is responsible (or the person was removed).
    NoManager,
    /// The responsible person has no completed KAM training (ground rule 7).
    Untrained { person_id: String },
}

/// Key accounts without a responsible person or whose manager lacks training, in order
/// of importance.
pub fn care_gaps(ws: &Workspace) -> Vec<(&KeyAccount, String, CareGap)> {
    key_accounts_ranked(ws)
        .into_iter()
        .filter_map(|(k, c)| {
            let person = k.manager_id.as_deref().and_then(|m| ws.person(m));
            let gap = match person {
                None => CareGap::NoManager,
                Some(p) if !trained(p) => CareGap::Untrained {
                    person_id: p.id.clone(),
                },
                Some(_) => return None,
            };
            Some((k, c.name.clone(), gap))
        })
        .collect()
}

/// What a user enters to record a programme review.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProgrammeReviewDraft {
    pub date: String,
    pub participants: String,
    pub findings: String,
    /// Optimisation measures: (title, owner id or blank, due date or blank); a blank title
    /// is no measure.
    pub measures: Vec<(String, String, String)>,
}

/// The command that records a programme review as one change: the review, and each
/// optimisation measure as an open step at the end of the rollout plan (so it has an
/// owner, a due date and a status, and shows as late like any step).
pub fn record_programme_review(
    ws: &Workspace,
    draft: ProgrammeReviewDraft,
    mut new_id: impl FnMut() -> String,
) -> Command {
    let blank_is_none = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let mut rank = ws
        .programme
        .milestones
        .iter()
        .map(|m| m.rank)
        .fold(0.0_f64, f64::max);
    let review_id = new_id();
    let mut steps = Vec::new();
    for (title, owner, due) in &draft.measures {
        let Some(title) = blank_is_none(title) else {
            continue;
        };
        rank += 1.0;
        steps.push(PlanStep {
            id: new_id(),
            rank,
            title,
            owner_id: blank_is_none(owner),
            due: blank_is_none(due),
            status: Status::Open,
            is_milestone: false,
            after: None,
        });
    }
    let mut commands = vec![Command::Insert {
        list: ListRef::ProgrammeReviews,
        item: Item::ProgrammeReview(ProgrammeReview {
            id: review_id,
            date: draft.date.trim().to_string(),
            participants: draft.participants.trim().to_string(),
            findings: autosurgeon::Text::with_value(draft.findings),
            measure_ids: steps.iter().map(|s| s.id.clone()).collect(),
        }),
    }];
    commands.extend(steps.into_iter().map(|s| Command::Insert {
        list: ListRef::PlanSteps,
        item: Item::PlanStep(s),
    }));
    Command::Batch(commands)
}

/// The programme's reviews, newest first.
pub fn programme_reviews(ws: &Workspace) -> Vec<&ProgrammeReview> {
    let mut list: Vec<&ProgrammeReview> = ws.programme.reviews.iter().collect();
    crate::order::sort_by(&mut list, |a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    list
}

/// One point of the programme's trend: the key accounts' revenue in a period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub period: Period,
    pub target: Option<i64>,
    pub actual: Option<i64>,
    /// Against the same period a year earlier, over accounts with both.
    pub growth_percent: Option<f64>,
}

/// The key accounts' revenue target and actual over the `count` periods up to and
/// including `last`, oldest first: how the programme does over time.
pub fn programme_trend(ws: &Workspace, last: Period, count: usize) -> Vec<TrendPoint> {
    let classes = Classes::default();
    let mut periods = vec![last];
    while periods.len() < count {
        let earlier = periods[periods.len() - 1].previous();
        periods.push(earlier);
    }
    periods.reverse();
    periods
        .into_iter()
        .map(|p| {
            let c = cockpit(ws, p, &classes);
            TrendPoint {
                period: p,
                target: c.revenue.target,
                actual: c.revenue.actual,
                growth_percent: c.growth_percent,
            }
        })
        .collect()
}

/// What the cockpit's CSV calls things, in the user's language.
pub struct CsvWords<'a> {
    /// Rank, key account, responsible, region, portfolio, ABC, revenue target, revenue
    /// actual, difference, % of target, light, margin target, margin actual, margin
    /// difference, margin % of target, revenue last year, growth %.
    pub header: [&'a str; 17],
    /// The group column's title (first when grouped).
    pub group: &'a str,
    /// "Total" (the last row; each group's subtotal is "Total <group>").
    pub total: &'a str,
    pub person: &'a dyn Fn(Option<&str>) -> String,
    pub light: &'a dyn Fn(Option<crate::plans::Light>) -> String,
    pub quadrant: &'a dyn Fn(Option<Quadrant>) -> String,
    pub abc: &'a dyn Fn(Option<AbcClass>) -> String,
    pub group_name: &'a dyn Fn(&GroupKey) -> String,
}

/// The cockpit as a spreadsheet shows it: the rows in `order` (indices into the rows,
/// as sorted on screen), grouped when `grouping` says so with a subtotal per group,
/// and the total last.
pub fn cockpit_csv(
    c: &Cockpit,
    grouping: Grouping,
    order: &[usize],
    words: &CsvWords<'_>,
    format: crate::amounts::NumberFormat,
) -> String {
    use crate::import::{Cell, table_csv};
    let grouped = grouping != Grouping::None;
    let mut header: Vec<String> = Vec::new();
    if grouped {
        header.push(words.group.to_string());
    }
    header.extend(words.header.iter().map(|h| h.to_string()));
    let line = |l: &Line| {
        [
            Cell::Amount(l.target.cents),
            Cell::Amount(l.actual.cents),
            Cell::Amount(l.variance.map(|v| v.difference)),
            Cell::Percent(l.variance.map(|v| v.percent_of_target)),
        ]
    };
    let totals = |t: &Totals| {
        [
            Cell::Amount(t.target),
            Cell::Amount(t.actual),
            Cell::Amount(t.variance.map(|v| v.difference)),
            Cell::Percent(t.variance.map(|v| v.percent_of_target)),
        ]
    };
    let row_cells = |group: Option<&str>, r: &CockpitRow| {
        let mut cells: Vec<Cell> = group.map(|g| Cell::Text(g.into())).into_iter().collect();
        cells.push(Cell::Count(r.place as i64));
        cells.push(Cell::Text(r.name.clone()));
        cells.push(Cell::Text((words.person)(r.manager_id.as_deref())));
        cells.push(Cell::Text(r.region.clone()));
        cells.push(Cell::Text((words.quadrant)(r.quadrant)));
        cells.push(Cell::Text((words.abc)(r.abc)));
        cells.extend(line(&r.revenue));
        cells.push(Cell::Text((words.light)(
            r.revenue.variance.map(|v| v.light),
        )));
        let [t, a, d, p] = line(&r.margin);
        cells.extend([t, a, d, p]);
        cells.push(Cell::Amount(r.revenue_last_year.cents));
        cells.push(Cell::Percent(r.growth_percent));
        cells
    };
    let sum_cells = |group: Option<&str>, label: String, revenue: &Totals, margin: &Totals| {
        let mut cells: Vec<Cell> = group.map(|g| Cell::Text(g.into())).into_iter().collect();
        cells.push(Cell::Text(String::new()));
        cells.push(Cell::Text(label));
        cells.extend((0..4).map(|_| Cell::Text(String::new())));
        cells.extend(totals(revenue));
        cells.push(Cell::Text((words.light)(revenue.variance.map(|v| v.light))));
        cells.extend(totals(margin));
        cells.push(Cell::Text(String::new()));
        cells.push(Cell::Text(String::new()));
        cells
    };
    let position: HashMap<usize, usize> = order.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    let mut rows = Vec::new();
    if grouped {
        for g in c.groups(grouping) {
            let name = (words.group_name)(&g.key);
            let mut members = g.rows.clone();
            crate::order::sort_by_key(&mut members, |i| {
                position.get(i).copied().unwrap_or(usize::MAX)
            });
            for i in members {
                rows.push(row_cells(Some(&name), &c.rows[i]));
            }
            rows.push(sum_cells(
                Some(&name),
                format!("{} {name}", words.total),
                &g.revenue,
                &g.margin,
            ));
        }
    } else {
        rows.extend(order.iter().map(|&i| row_cells(None, &c.rows[i])));
    }
    let mut total = sum_cells(
        grouped.then_some(""),
        words.total.to_string(),
        &c.revenue,
        &c.margin,
    );
    let last = total.len() - 2;
    total[last] = Cell::Amount(c.revenue_last_year);
    total[last + 1] = Cell::Percent(c.growth_percent);
    rows.push(total);
    table_csv(&header, &rows, format)
}

/// One offering's column of the whitespace grid, over the definitive key accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferingColumn {
    pub offering: Offering,
    /// Key accounts that buy it from us today.
    pub sells: usize,
    /// Key accounts with potential for it, and the sum of their estimated amounts.
    pub potential_at: usize,
    pub potential: i64,
    /// Key accounts where a competitor holds it.
    pub competitor: usize,
}

/// One key account's row of the whitespace grid.
#[derive(Debug, Clone, PartialEq)]
pub struct WhitespaceRow {
    pub key_account_id: String,
    pub name: String,
    /// The account's cell for each offering, in the columns' order (none: not assessed).
    pub cells: Vec<Option<WhitespaceCell>>,
    /// The estimated amounts of its cells with potential.
    pub potential: i64,
}

/// Offerings × definitive key accounts: where we sell, where the potential is, where a
/// competitor holds it, with totals per offering and per account.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Whitespace {
    pub columns: Vec<OfferingColumn>,
    pub rows: Vec<WhitespaceRow>,
    /// All potential, in cents.
    pub potential: i64,
}

/// The amount a cell adds to the potential: only where it says potential (an amount
/// left over after it became "sells" no longer counts).
fn potential_of(cell: &WhitespaceCell) -> i64 {
    match cell.coverage {
        Coverage::Potential => cell.potential.unwrap_or(0),
        _ => 0,
    }
}

/// Two copies of one cell (the first answer given on two devices at once, or copies of
/// a key account) read as one, field by field: what was said wins over what was not.
fn unite(a: &mut WhitespaceCell, b: &WhitespaceCell) {
    if a.coverage == Coverage::Open {
        a.coverage = b.coverage;
    }
    if a.potential.is_none() {
        a.potential = b.potential;
    }
    if a.competitor.is_empty() {
        a.competitor = b.competitor.clone();
    }
}

/// A key account's cell for an offering, its copies read as one (see `unite`).
pub fn cell_of(account: &KeyAccount, offering_id: &str) -> Option<WhitespaceCell> {
    let mut found: Option<WhitespaceCell> = None;
    for cell in account.whitespace.iter().filter(|c| c.id == offering_id) {
        match found.as_mut() {
            Some(seen) => unite(seen, cell),
            None => found = Some(cell.clone()),
        }
    }
    found
}

/// The whitespace grid. Copies of one key account (made on two devices) are one row.
pub fn whitespace(ws: &Workspace) -> Whitespace {
    let mut by_customer: HashMap<&str, HashMap<&str, WhitespaceCell>> = HashMap::new();
    for k in &ws.key_accounts {
        let cells = by_customer.entry(k.customer_id.as_str()).or_default();
        for cell in &k.whitespace {
            match cells.get_mut(cell.id.as_str()) {
                Some(seen) => unite(seen, cell),
                None => {
                    cells.insert(cell.id.as_str(), cell.clone());
                }
            }
        }
    }
    let mut columns: Vec<OfferingColumn> = ws
        .offerings
        .iter()
        .map(|o| OfferingColumn {
            offering: o.clone(),
            sells: 0,
            potential_at: 0,
            potential: 0,
            competitor: 0,
        })
        .collect();
    let mut rows = Vec::new();
    for (k, c) in key_accounts_ranked(ws) {
        let cells = by_customer.get(c.id.as_str());
        let mut row = WhitespaceRow {
            key_account_id: k.id.clone(),
            name: c.name.clone(),
            cells: Vec::with_capacity(columns.len()),
            potential: 0,
        };
        for column in &mut columns {
            let cell = cells.and_then(|m| m.get(column.offering.id.as_str()));
            if let Some(cell) = cell {
                match cell.coverage {
                    Coverage::Sells => column.sells += 1,
                    Coverage::Potential => column.potential_at += 1,
                    Coverage::Competitor => column.competitor += 1,
                    Coverage::Open | Coverage::NotRelevant => {}
                }
                column.potential += potential_of(cell);
                row.potential += potential_of(cell);
            }
            row.cells.push(cell.cloned());
        }
        rows.push(row);
    }
    let potential = rows.iter().map(|r| r.potential).sum();
    Whitespace {
        columns,
        rows,
        potential,
    }
}

/// The command that sets one field of a key account's cell for an offering: an update
/// when the cell is there, else the new cell with that field set (the first answer for
/// this offering at this account).
pub fn whitespace_edit(
    ws: &Workspace,
    key_account_id: &str,
    offering_id: &str,
    field: &str,
    value: crate::command::Value,
) -> Option<Command> {
    use crate::command::Value;
    let account = ws.key_account(key_account_id)?;
    let list = ListRef::Whitespace {
        key_account_id: key_account_id.to_string(),
    };
    if account.whitespace.iter().any(|c| c.id == offering_id) {
        return Some(Command::Update {
            list,
            id: offering_id.to_string(),
            changes: vec![(field.to_string(), value)],
        });
    }
    let mut cell = WhitespaceCell {
        id: offering_id.to_string(),
        coverage: Coverage::Open,
        potential: None,
        competitor: String::new(),
    };
    match (field, value) {
        ("coverage", Value::Str(v)) => {
            cell.coverage = Coverage::ALL.into_iter().find(|c| c.as_str() == v)?;
        }
        ("potential", Value::OptInt(v)) => cell.potential = v,
        ("competitor", Value::Str(v)) => cell.competitor = v,
        _ => return None,
    }
    Some(Command::Insert {
        list,
        item: Item::WhitespaceCell(cell),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_and_name() {
        for (text, p) in [
            ("2027", Period::Year(2027)),
            ("2027-Q2", Period::Quarter(2027, 2)),
            ("2027-05", Period::Month(2027, 5)),
            (" 2027-12 ", Period::Month(2027, 12)),
        ] {
            assert_eq!(Period::parse(text), Some(p), "{text}");
        }
        for bad in [
            "", "27", "abcd", "2027-Q5", "2027-Q0", "2027-13", "2027-5", "2027-Q22",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::Month(2027, 1).previous(), Period::Month(2026, 12));
        assert_eq!(Period::Quarter(2027, 4).next(), Period::Quarter(2028, 1));
        assert_eq!(Period::Month(2027, 3).id(), "2027-03");
        let d = Date::parse("2027-08-15").expect("date");
        assert_eq!(Period::of(PeriodKind::Quarter, d), Period::Quarter(2027, 3));
    }
}
