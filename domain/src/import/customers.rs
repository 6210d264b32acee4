//! The customer import: every cell checked against the mapping, rows matched to existing
//! customers by customer number, and one command for the whole file.

use std::collections::HashMap;

use crate::{
    amounts::{AmountError, NumberFormat, parse_amount},
    command::{Command, Item, ListRef, Value},
    model::{Attribute, Customer, SelectionStatus},
};

use super::{
    columns::{Column, guess_columns, guess_number_format},
    csv::Table,
};

/// What the user chose: a target per column and how amounts are written.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub targets: Vec<Column>,
    pub format: NumberFormat,
}

impl Mapping {
    /// The proposal for a freshly read table.
    pub fn guess(table: &Table) -> Mapping {
        let targets = guess_columns(&table.header);
        let format = guess_number_format(table, &targets);
        Mapping { targets, format }
    }
}

/// What is wrong with a row or cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// No column is mapped to the customer name.
    NameNotMapped,
    /// A field is mapped to more than one column.
    MappedTwice {
        field: &'static str,
    },
    NameMissing,
    NotANumber {
        value: String,
    },
    TooLarge {
        value: String,
    },
    Negative {
        value: String,
    },
    TooLong {
        max: usize,
    },
    /// The customer number appeared already on an earlier line.
    DuplicateNumber {
        number: String,
        first_line: usize,
    },
    /// More cells than the header has columns (a separator inside an unquoted cell?).
    TooManyCells {
        found: usize,
        expected: usize,
    },
    /// A column the import needs is not mapped (actuals: customer number, period).
    ColumnNotMapped {
        field: &'static str,
    },
    /// No customer has this number.
    UnknownCustomer {
        number: String,
    },
    /// The customer is not a definitive key account.
    NotAKeyAccount {
        number: String,
    },
    /// Not a period like 2027, 2027-Q2 or 2027-05.
    NotAPeriod {
        value: String,
    },
    /// The same customer and period appeared already on an earlier line.
    DuplicatePeriod {
        first_line: usize,
    },
}

/// An issue at a line (0 for the mapping itself) and, where it concerns one cell, a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: usize,
    pub column: Option<usize>,
    pub issue: Issue,
}

/// One row read into customer fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportRow {
    pub line: usize,
    pub number: String,
    pub name: String,
    pub industry: String,
    pub region: String,
    pub revenue: Option<i64>,
    pub margin: Option<i64>,
    pub potential: Option<i64>,
    pub attributes: Vec<(String, String)>,
    /// The existing customer this row updates (same customer number).
    pub existing: Option<String>,
}

/// The checked import: what would be created and updated, and every problem found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportPlan {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<ImportProblem>,
}

impl ImportPlan {
    pub fn new_customers(&self) -> usize {
        self.rows.iter().filter(|r| r.existing.is_none()).count()
    }

    pub fn updated_customers(&self) -> usize {
        self.rows.iter().filter(|r| r.existing.is_some()).count()
    }

    /// The problems of one cell (for the preview).
    pub fn cell_problems(&self, line: usize, column: usize) -> impl Iterator<Item = &Issue> {
        self.problems
            .iter()
            .filter(move |p| p.line == line && p.column == Some(column))
            .map(|p| &p.issue)
    }
}

/// The same limits as typing the value in (see [`crate::validate::text_kind`]).
const MAX_TEXT: usize = crate::validate::TextKind::Name.max();
const MAX_ATTRIBUTE: usize = crate::validate::TextKind::Long.max();

/// One amount cell, or the issue with it.
pub(crate) fn amount_cell(
    value: &str,
    format: NumberFormat,
    may_be_negative: bool,
) -> Result<Option<i64>, Issue> {
    let value_text = || value.to_string();
    match parse_amount(value, format) {
        Ok(Some(a)) if a < 0 && !may_be_negative => Err(Issue::Negative {
            value: value_text(),
        }),
        Ok(a) => Ok(a),
        Err(AmountError::NotANumber) => Err(Issue::NotANumber {
            value: value_text(),
        }),
        Err(AmountError::TooLarge) => Err(Issue::TooLarge {
            value: value_text(),
        }),
    }
}

/// Checks every cell against the mapping and matches rows to `existing` customers by
/// customer number. Rows with problems are still listed so the preview can show them.
pub fn plan(table: &Table, mapping: &Mapping, existing: &[Customer]) -> ImportPlan {
    let mut problems = Vec::new();
    let mapped = |t: Column| mapping.targets.iter().position(|x| *x == t);
    if mapped(Column::Name).is_none() {
        problems.push(ImportProblem {
            line: 0,
            column: None,
            issue: Issue::NameNotMapped,
        });
    }
    for target in Column::ALL {
        if let Some(field) = target.field()
            && mapping.targets.iter().filter(|x| **x == target).count() > 1
        {
            problems.push(ImportProblem {
                line: 0,
                column: None,
                issue: Issue::MappedTwice { field },
            });
        }
    }
    let by_number: HashMap<&str, &str> = existing
        .iter()
        .filter(|c| !c.number.trim().is_empty())
        .rev() // the first customer with a number wins
        .map(|c| (c.number.trim(), c.id.as_str()))
        .collect();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let columns = table.header.len();
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let line = row.line;
        let mut problem = |column: Option<usize>, issue: Issue| {
            problems.push(ImportProblem {
                line,
                column,
                issue,
            })
        };
        let extra =
            row.cells.len() > columns && row.cells[columns..].iter().any(|c| !c.trim().is_empty());
        if extra {
            problem(
                None,
                Issue::TooManyCells {
                    found: row.cells.len(),
                    expected: columns,
                },
            );
        }
        let mut out = ImportRow {
            line,
            ..ImportRow::default()
        };
        for (col, target) in mapping.targets.iter().enumerate().take(columns) {
            let raw = row.cells.get(col).map(String::as_str).unwrap_or("");
            // The app's own export guards text against formulas with a `'`; read it back
            // without (amounts never carry one).
            let value = super::csv::restore(raw.trim());
            match target {
                Column::Ignore => {}
                Column::Number | Column::Name | Column::Industry | Column::Region => {
                    if value.chars().count() > MAX_TEXT {
                        problem(Some(col), Issue::TooLong { max: MAX_TEXT });
                        continue;
                    }
                    let slot = match target {
                        Column::Number => &mut out.number,
                        Column::Name => &mut out.name,
                        Column::Industry => &mut out.industry,
                        _ => &mut out.region,
                    };
                    *slot = value.to_string();
                }
                Column::Revenue | Column::Margin | Column::Potential => {
                    // A margin can be negative; revenue and potential cannot.
                    match amount_cell(value, mapping.format, *target == Column::Margin) {
                        Ok(amount) => match target {
                            Column::Revenue => out.revenue = amount,
                            Column::Margin => out.margin = amount,
                            _ => out.potential = amount,
                        },
                        Err(issue) => problem(Some(col), issue),
                    }
                }
                Column::Attribute => {
                    if value.chars().count() > MAX_ATTRIBUTE {
                        problem(Some(col), Issue::TooLong { max: MAX_ATTRIBUTE });
                    } else if !value.is_empty() {
                        out.attributes
                            .push((table.header[col].clone(), value.to_string()));
                    }
                }
            }
        }
        if let Some(col) = mapped(Column::Name)
            && out.name.is_empty()
        {
            problem(Some(col), Issue::NameMissing);
        }
        if !out.number.is_empty() {
            match first_seen.get(&out.number) {
                Some(first) => problem(
                    mapped(Column::Number),
                    Issue::DuplicateNumber {
                        number: out.number.clone(),
                        first_line: *first,
                    },
                ),
                None => {
                    first_seen.insert(out.number.clone(), line);
                }
            }
            out.existing = by_number.get(out.number.as_str()).map(|id| id.to_string());
        }
        rows.push(out);
    }
    ImportPlan { rows, problems }
}

/// A customer the import would give a new name: the file's line, the customer number,
/// the name now and the name from the file (shown before importing, never silent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub line: usize,
    pub number: String,
    pub old: String,
    pub new: String,
}

/// The existing customers whose name the import would change, in file order.
pub fn renames(plan: &ImportPlan, existing: &[Customer]) -> Vec<Rename> {
    let by_id: HashMap<&str, &Customer> = existing.iter().map(|c| (c.id.as_str(), c)).collect();
    plan.rows
        .iter()
        .filter_map(|row| {
            let current = by_id.get(row.existing.as_deref()?)?;
            (!row.name.is_empty() && row.name != current.name).then(|| Rename {
                line: row.line,
                number: row.number.clone(),
                old: current.name.clone(),
                new: row.name.clone(),
            })
        })
        .collect()
}

/// The plan as one command: new customers inserted, existing ones updated field by field
/// where the file says something different. Empty cells never overwrite what is there.
/// `None` when there are problems or nothing would change.
pub fn commands(
    plan: &ImportPlan,
    existing: &[Customer],
    mut new_id: impl FnMut() -> String,
) -> Option<Command> {
    if !plan.problems.is_empty() {
        return None;
    }
    let by_id: HashMap<&str, &Customer> = existing.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut commands = Vec::new();
    for row in &plan.rows {
        match row.existing.as_deref().and_then(|id| by_id.get(id)) {
            None => commands.push(Command::Insert {
                list: ListRef::Customers,
                item: Item::Customer(Customer {
                    id: new_id(),
                    number: row.number.clone(),
                    name: row.name.clone(),
                    industry: row.industry.clone(),
                    region: row.region.clone(),
                    revenue: row.revenue,
                    margin: row.margin,
                    potential: row.potential,
                    ratings: Vec::new(),
                    attributes: row
                        .attributes
                        .iter()
                        .map(|(id, value)| Attribute {
                            id: id.clone(),
                            value: value.clone(),
                        })
                        .collect(),
                    selection: SelectionStatus::None,
                }),
            }),
            Some(current) => update_commands(row, current, &mut commands),
        }
    }
    (!commands.is_empty()).then_some(Command::Batch(commands))
}

fn update_commands(row: &ImportRow, current: &Customer, out: &mut Vec<Command>) {
    let mut changes: Vec<(String, Value)> = Vec::new();
    let texts = [
        ("name", &row.name, &current.name),
        ("industry", &row.industry, &current.industry),
        ("region", &row.region, &current.region),
    ];
    for (field, new, old) in texts {
        if !new.is_empty() && new != old {
            changes.push((field.to_string(), Value::Str(new.clone())));
        }
    }
    let amounts = [
        ("revenue", row.revenue, current.revenue),
        ("margin", row.margin, current.margin),
        ("potential", row.potential, current.potential),
    ];
    for (field, new, old) in amounts {
        if new.is_some() && new != old {
            changes.push((field.to_string(), Value::OptInt(new)));
        }
    }
    if !changes.is_empty() {
        out.push(Command::Update {
            list: ListRef::Customers,
            id: current.id.clone(),
            changes,
        });
    }
    let list = ListRef::Attributes {
        customer_id: current.id.clone(),
    };
    for (name, value) in &row.attributes {
        match current.attributes.iter().find(|a| &a.id == name) {
            Some(a) if &a.value == value => {}
            Some(_) => out.push(Command::set(
                list.clone(),
                name.clone(),
                "value",
                Value::Str(value.clone()),
            )),
            None => out.push(Command::Insert {
                list: list.clone(),
                item: Item::Attribute(Attribute {
                    id: name.clone(),
                    value: value.clone(),
                }),
            }),
        }
    }
}
