//! The controller's actuals file: revenue and margin per key account and period.

use std::collections::HashMap;

use crate::{
    amounts::NumberFormat,
    command::{Command, Item, ListRef, Value},
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

/// A period as users write it: `2027`, `2027-Q2`, `2027-05`.
pub fn valid_period(p: &str) -> bool {
    let (year, rest) = p.split_at(p.len().min(4));
    let year_ok = year.len() == 4 && year.chars().all(|c| c.is_ascii_digit());
    year_ok
        && match rest {
            "" => true,
            "-Q1" | "-Q2" | "-Q3" | "-Q4" => true,
            r => {
                r.len() == 3
                    && r.starts_with('-')
                    && r[1..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
            }
        }
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

/// Checks an actuals file: every row must name a definitive key account by customer
/// number and a period; amounts as for customers (a margin may be negative).
pub fn plan_actuals(
    table: &Table,
    mapping: &ActualsMapping,
    ws: &crate::model::Workspace,
) -> (Vec<ActualsRow>, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let col = |t: ActualsColumn| mapping.targets.iter().position(|x| *x == t);
    for (t, field) in [
        (ActualsColumn::Number, "number"),
        (ActualsColumn::Period, "period"),
    ] {
        if col(t).is_none() {
            problems.push(ImportProblem {
                line: 0,
                column: None,
                issue: Issue::ColumnNotMapped { field },
            });
        }
    }
    if !problems.is_empty() {
        return (Vec::new(), problems);
    }
    let (number_col, period_col) = (
        col(ActualsColumn::Number).unwrap_or(0),
        col(ActualsColumn::Period).unwrap_or(0),
    );
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut rows = Vec::new();
    for row in &table.rows {
        let cell = |c: usize| row.cells.get(c).map(|v| v.trim()).unwrap_or("");
        let mut problem = |column: Option<usize>, issue: Issue| {
            problems.push(ImportProblem {
                line: row.line,
                column,
                issue,
            })
        };
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
        match (customer, account) {
            (None, _) => problem(
                Some(number_col),
                Issue::UnknownCustomer {
                    number: number.clone(),
                },
            ),
            (Some(_), None) => problem(
                Some(number_col),
                Issue::NotAKeyAccount {
                    number: number.clone(),
                },
            ),
            _ => {}
        }
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
        rows.push(out);
    }
    (rows, problems)
}

/// The checked actuals as one command: a period is created where the account lacks it,
/// else its figures are set; empty cells leave what is there. `None` when nothing changes.
pub fn actuals_commands(rows: &[ActualsRow], ws: &crate::model::Workspace) -> Option<Command> {
    use crate::model::Target as Period;
    let mut commands = Vec::new();
    for r in rows {
        let Some(account) = ws.key_accounts.iter().find(|k| k.id == r.key_account_id) else {
            continue;
        };
        let list = ListRef::Targets {
            key_account_id: account.id.clone(),
        };
        match account.targets.iter().find(|t| t.id == r.period) {
            None => commands.push(Command::Insert {
                list,
                item: Item::Target(Period {
                    id: r.period.clone(),
                    revenue_target: r.revenue_target,
                    margin_target: r.margin_target,
                    revenue_actual: r.revenue_actual,
                    margin_actual: r.margin_actual,
                }),
            }),
            Some(current) => {
                let changes: Vec<(String, Value)> = [
                    ("revenue_actual", r.revenue_actual, current.revenue_actual),
                    ("margin_actual", r.margin_actual, current.margin_actual),
                    ("revenue_target", r.revenue_target, current.revenue_target),
                    ("margin_target", r.margin_target, current.margin_target),
                ]
                .into_iter()
                .filter(|(_, new, old)| new.is_some() && new != old)
                .map(|(f, new, _)| (f.to_string(), Value::OptInt(new)))
                .collect();
                if !changes.is_empty() {
                    commands.push(Command::Update {
                        list,
                        id: r.period.clone(),
                        changes,
                    });
                }
            }
        }
    }
    (!commands.is_empty()).then_some(Command::Batch(commands))
}
