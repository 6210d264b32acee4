//! The controller's actuals file: revenue and margin per key account and period.

use std::collections::HashMap;

use crate::{
    amounts::NumberFormat,
    command::{Command, Item, ListRef, Value},
    controlling::Figure,
    model::SelectionStatus,
};

use super::{
    columns::{Column, guess_number_format, normalise, synonyms},
    csv::Table,
    customers::{ImportProblem, Issue, amount_cell},
};

/// What a column of the controller's actuals file becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActualsColumn {
    Ignore,
    Number,
    Period,
    RevenueActual,
    MarginActual,
    RevenueTarget,
    MarginTarget,
}

impl ActualsColumn {
    pub const ALL: [ActualsColumn; 7] = [
        ActualsColumn::Number,
        ActualsColumn::Period,
        ActualsColumn::RevenueActual,
        ActualsColumn::MarginActual,
        ActualsColumn::RevenueTarget,
        ActualsColumn::MarginTarget,
        ActualsColumn::Ignore,
    ];

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            ActualsColumn::Number => synonyms(Column::Number),
            ActualsColumn::Period => &[
                "periode",
                "period",
                "jahr",
                "year",
                "quartal",
                "quarter",
                "monat",
                "month",
                "geschaeftsjahr",
                "geschäftsjahr",
                "fiscalyear",
            ],
            ActualsColumn::RevenueActual => &[
                "umsatzist",
                "istumsatz",
                "umsatz",
                "revenueactual",
                "actualrevenue",
                "revenue",
                "sales",
                "nettoumsatz",
            ],
            ActualsColumn::MarginActual => &[
                "dbist",
                "istdb",
                "deckungsbeitragist",
                "deckungsbeitrag",
                "db",
                "marginactual",
                "actualmargin",
                "margin",
            ],
            ActualsColumn::RevenueTarget => &[
                "umsatzziel",
                "zielumsatz",
                "umsatzbudget",
                "budget",
                "revenuetarget",
                "targetrevenue",
                "revenuebudget",
            ],
            ActualsColumn::MarginTarget => &[
                "dbziel",
                "zieldb",
                "dbbudget",
                "deckungsbeitragziel",
                "margintarget",
                "targetmargin",
                "marginbudget",
            ],
            ActualsColumn::Ignore => &[],
        }
    }

    fn is_amount(self) -> bool {
        !matches!(
            self,
            ActualsColumn::Ignore | ActualsColumn::Number | ActualsColumn::Period
        )
    }
}

/// The mapping of an actuals file.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualsMapping {
    pub targets: Vec<ActualsColumn>,
    pub format: NumberFormat,
}

impl ActualsMapping {
    /// Exact column names first (so "Umsatz Ziel" is a target, not the actual), then
    /// names that start with a synonym; each field at most once.
    pub fn guess(table: &Table) -> ActualsMapping {
        let names: Vec<String> = table.header.iter().map(|h| normalise(h)).collect();
        let mut targets = vec![ActualsColumn::Ignore; names.len()];
        for exact in [true, false] {
            for t in ActualsColumn::ALL {
                if targets.contains(&t) {
                    continue;
                }
                let found = names.iter().enumerate().find(|(i, n)| {
                    targets[*i] == ActualsColumn::Ignore
                        && t.synonyms().iter().any(|w| {
                            if exact {
                                n.as_str() == *w
                            } else {
                                w.len() >= 4 && n.starts_with(w)
                            }
                        })
                });
                if let Some((i, _)) = found {
                    targets[i] = t;
                }
            }
        }
        let as_customer: Vec<Column> = targets
            .iter()
            .map(|t| {
                if t.is_amount() {
                    Column::Revenue
                } else {
                    Column::Ignore
                }
            })
            .collect();
        let format = guess_number_format(table, &as_customer);
        ActualsMapping { targets, format }
    }
}

/// A period as users write it: `2027`, `2027-Q2`, `2027-05` (see [`crate::controlling::Period`]).
pub fn valid_period(p: &str) -> bool {
    p == p.trim() && crate::controlling::Period::parse(p).is_some()
}

/// One row of actuals for a key account and period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActualsRow {
    pub line: usize,
    pub key_account_id: String,
    pub period: String,
    pub revenue_actual: Option<i64>,
    pub margin_actual: Option<i64>,
    pub revenue_target: Option<i64>,
    pub margin_target: Option<i64>,
}

/// What an actuals file would do, checked: the rows to apply, the rows skipped because
/// they name no definitive key account (listed with the reason, so the controller need
/// not filter the ERP export by hand), the problems that stop the import (a bad period,
/// amount or repeated row), and every figure that changes, old → new.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActualsPlan {
    pub rows: Vec<ActualsRow>,
    pub skipped: Vec<ImportProblem>,
    pub problems: Vec<ImportProblem>,
    pub changes: Vec<FigureChange>,
}

impl ActualsPlan {
    /// Nothing stops the import (skipped rows do not).
    pub fn ready(&self) -> bool {
        self.problems.is_empty()
    }
}

/// One figure the import changes.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureChange {
    pub line: usize,
    pub key_account_id: String,
    pub period: String,
    pub figure: Figure,
    /// `None`: nothing was recorded (or the period is new).
    pub old: Option<i64>,
    pub new: i64,
    /// The account has no entry for the period yet: it is created.
    pub new_period: bool,
}

/// Checks an actuals file: every row must name a definitive key account by customer
/// number (else it is skipped with its reason) and a valid period; amounts as for
/// customers (a margin may be negative).
pub fn plan_actuals(
    table: &Table,
    mapping: &ActualsMapping,
    ws: &crate::model::Workspace,
) -> ActualsPlan {
    let mut plan = ActualsPlan::default();
    let col = |t: ActualsColumn| mapping.targets.iter().position(|x| *x == t);
    for (t, field) in [
        (ActualsColumn::Number, "number"),
        (ActualsColumn::Period, "period"),
    ] {
        if col(t).is_none() {
            plan.problems.push(ImportProblem {
                line: 0,
                column: None,
                issue: Issue::ColumnNotMapped { field },
            });
        }
    }
    let (Some(number_col), Some(period_col)) =
        (col(ActualsColumn::Number), col(ActualsColumn::Period))
    else {
        return plan;
    };
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for row in &table.rows {
        let cell = |c: usize| row.cells.get(c).map(|v| v.trim()).unwrap_or("");
        let number = cell(number_col).to_string();
        let period = cell(period_col).to_string();
        let customer = ws
            .customers
            .iter()
            .find(|c| !number.is_empty() && c.number.trim() == number);
        let account = customer.and_then(|c| {
            ws.key_accounts
                .iter()
                .find(|k| k.customer_id == c.id && c.selection == SelectionStatus::Definitive)
        });
        let skip = match (customer, account) {
            (None, _) => Some(Issue::UnknownCustomer {
                number: number.clone(),
            }),
            (Some(_), None) => Some(Issue::NotAKeyAccount {
                number: number.clone(),
            }),
            (Some(_), Some(_)) => None,
        };
        if let Some(issue) = skip {
            plan.skipped.push(ImportProblem {
                line: row.line,
                column: Some(number_col),
                issue,
            });
            continue;
        }
        let mut problem = |column: Option<usize>, issue: Issue| {
            plan.problems.push(ImportProblem {
                line: row.line,
                column,
                issue,
            })
        };
        if !valid_period(&period) {
            problem(
                Some(period_col),
                Issue::NotAPeriod {
                    value: period.clone(),
                },
            );
        } else if let Some(first) = seen.get(&(number.clone(), period.clone())) {
            problem(
                Some(period_col),
                Issue::DuplicatePeriod { first_line: *first },
            );
        } else {
            seen.insert((number.clone(), period.clone()), row.line);
        }
        let mut out = ActualsRow {
            line: row.line,
            key_account_id: account.map(|k| k.id.clone()).unwrap_or_default(),
            period,
            ..ActualsRow::default()
        };
        for (c, t) in mapping.targets.iter().enumerate() {
            if !t.is_amount() {
                continue;
            }
            let may_be_negative =
                matches!(t, ActualsColumn::MarginActual | ActualsColumn::MarginTarget);
            match amount_cell(cell(c), mapping.format, may_be_negative) {
                Ok(v) => match t {
                    ActualsColumn::RevenueActual => out.revenue_actual = v,
                    ActualsColumn::MarginActual => out.margin_actual = v,
                    ActualsColumn::RevenueTarget => out.revenue_target = v,
                    _ => out.margin_target = v,
                },
                Err(issue) => problem(Some(c), issue),
            }
        }
        plan.rows.push(out);
    }
    plan.changes = figure_changes(&plan.rows, ws);
    plan
}

/// Every figure the rows change, in row order: a filled cell whose value differs from
/// what the account has for the period. Empty cells leave what is there.
pub fn figure_changes(rows: &[ActualsRow], ws: &crate::model::Workspace) -> Vec<FigureChange> {
    let mut out = Vec::new();
    for r in rows {
        let Some(account) = ws.key_accounts.iter().find(|k| k.id == r.key_account_id) else {
            continue;
        };
        let current = account.targets.iter().find(|t| t.id == r.period);
        for (figure, new) in [
            (Figure::RevenueActual, r.revenue_actual),
            (Figure::MarginActual, r.margin_actual),
            (Figure::RevenueTarget, r.revenue_target),
            (Figure::MarginTarget, r.margin_target),
        ] {
            let old = current.and_then(|t| figure.of(t));
            if let Some(new) = new.filter(|n| Some(*n) != old) {
                out.push(FigureChange {
                    line: r.line,
                    key_account_id: account.id.clone(),
                    period: r.period.clone(),
                    figure,
                    old,
                    new,
                    new_period: current.is_none(),
                });
            }
        }
    }
    out
}

/// The checked actuals as one command (one change in the history): a period is created
/// where the account lacks it, else its changed figures are set. `None` when nothing
/// changes.
pub fn actuals_commands(rows: &[ActualsRow], ws: &crate::model::Workspace) -> Option<Command> {
    use crate::model::Target as Period;
    let changes = figure_changes(rows, ws);
    let mut commands = Vec::new();
    let mut i = 0;
    while i < changes.len() {
        // The changes of one row are adjacent.
        let first = &changes[i];
        let end = changes[i..]
            .iter()
            .position(|c| c.line != first.line)
            .map_or(changes.len(), |n| i + n);
        let part = &changes[i..end];
        let list = ListRef::Targets {
            key_account_id: first.key_account_id.clone(),
        };
        let value = |f: Figure| part.iter().find(|c| c.figure == f).map(|c| c.new);
        if first.new_period {
            commands.push(Command::Insert {
                list,
                item: Item::Target(Period {
                    id: first.period.clone(),
                    revenue_target: value(Figure::RevenueTarget),
                    margin_target: value(Figure::MarginTarget),
                    revenue_actual: value(Figure::RevenueActual),
                    margin_actual: value(Figure::MarginActual),
                }),
            });
        } else {
            commands.push(Command::Update {
                list,
                id: first.period.clone(),
                changes: part
                    .iter()
                    .map(|c| (c.figure.field().to_string(), Value::OptInt(Some(c.new))))
                    .collect(),
            });
        }
        i = end;
    }
    (!commands.is_empty()).then_some(Command::Batch(commands))
}
