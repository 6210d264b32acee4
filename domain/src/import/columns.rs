//! What each column of a customer file becomes, guessed from its title, and how the
//! file writes amounts.

use crate::amounts::{NumberFormat, parse_amount};

use super::csv::Table;

/// What a column becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Left out.
    Ignore,
    Number,
    Name,
    Industry,
    Region,
    Revenue,
    Margin,
    Potential,
    /// Kept as a custom attribute under the column's name.
    Attribute,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Number,
        Column::Name,
        Column::Industry,
        Column::Region,
        Column::Revenue,
        Column::Margin,
        Column::Potential,
        Column::Attribute,
        Column::Ignore,
    ];

    /// The customer field's name (as in the model); `None` for attribute and ignore.
    pub fn field(self) -> Option<&'static str> {
        Some(match self {
            Column::Number => "number",
            Column::Name => "name",
            Column::Industry => "industry",
            Column::Region => "region",
            Column::Revenue => "revenue",
            Column::Margin => "margin",
            Column::Potential => "potential",
            Column::Attribute | Column::Ignore => return None,
        })
    }

    fn is_amount(self) -> bool {
        matches!(self, Column::Revenue | Column::Margin | Column::Potential)
    }
}

/// Column names ERP and CRM exports in CH/DE/AT and English use for each field.
pub(crate) fn synonyms(target: Column) -> &'static [&'static str] {
    match target {
        Column::Number => &[
            "kundennummer",
            "kundennr",
            "kdnr",
            "kundenid",
            "debitor",
            "debitornr",
            "debitorennummer",
            "debitorennr",
            "customernumber",
            "customerno",
            "customerid",
            "accountnumber",
            "accountid",
            "nr",
            "nummer",
            "number",
            "no",
            "id",
        ],
        Column::Name => &[
            "name",
            "kunde",
            "kundenname",
            "firma",
            "firmenname",
            "name1",
            "customer",
            "customername",
            "company",
            "companyname",
            "account",
            "accountname",
        ],
        Column::Industry => &["branche", "industry", "sector", "sektor", "industrie"],
        Column::Region => &[
            "region",
            "gebiet",
            "verkaufsgebiet",
            "vertriebsgebiet",
            "kanton",
            "land",
            "bundesland",
            "country",
            "territory",
            "area",
        ],
        Column::Revenue => &[
            "umsatz",
            "jahresumsatz",
            "nettoumsatz",
            "umsatzchf",
            "umsatzeur",
            "revenue",
            "sales",
            "turnover",
            "annualrevenue",
        ],
        Column::Margin => &[
            "deckungsbeitrag",
            "db",
            "db1",
            "db2",
            "marge",
            "rohertrag",
            "margin",
            "contributionmargin",
            "grossmargin",
        ],
        Column::Potential => &[
            "potenzial",
            "potential",
            "umsatzpotenzial",
            "umsatzpotential",
            "potenzialchf",
        ],
        Column::Attribute | Column::Ignore => &[],
    }
}

pub(crate) fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Proposes a target per column from its name; each field at most once, every other
/// column kept as an attribute.
pub fn guess_columns(header: &[String]) -> Vec<Column> {
    let mut targets = vec![Column::Attribute; header.len()];
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    for target in Column::ALL {
        let words = synonyms(target);
        // Exact names first, then names that start with a synonym ("Umsatz 2026").
        let exact = names
            .iter()
            .enumerate()
            .find(|(i, n)| targets[*i] == Column::Attribute && words.contains(&n.as_str()));
        // Short synonyms only with a number after them ("DB 2025", not "Dbase").
        let prefix = || {
            names.iter().enumerate().find(|(i, n)| {
                targets[*i] == Column::Attribute
                    && words.iter().any(|w| {
                        n.strip_prefix(w).is_some_and(|rest| {
                            w.len() >= 4
                                || (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
                        })
                    })
            })
        };
        if let Some((i, _)) = exact.or_else(prefix) {
            targets[i] = target;
        }
    }
    targets
}

/// The number format that reads the most amount cells of the mapped columns. Ties go to
/// Swiss when a value has `'`, to German when one looks like `123.456`, else to Plain.
pub fn guess_number_format(table: &Table, targets: &[Column]) -> NumberFormat {
    let columns: Vec<usize> = targets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_amount())
        .map(|(i, _)| i)
        .collect();
    let values: Vec<&str> = table
        .rows
        .iter()
        .flat_map(|r| columns.iter().filter_map(|c| r.cells.get(*c)))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .take(2000)
        .collect();
    let reads = |f: NumberFormat| values.iter().filter(|v| parse_amount(v, f).is_ok()).count();
    let counts: Vec<(NumberFormat, usize)> =
        NumberFormat::ALL.iter().map(|f| (*f, reads(*f))).collect();
    let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let fits = |f: NumberFormat| counts.iter().any(|(g, n)| *g == f && *n == best);
    let any = |pred: &dyn Fn(&str) -> bool| values.iter().any(|v| pred(v));
    let tail_len = |v: &str, sep: char| v.rsplit_once(sep).map(|(_, t)| t.len());
    let apostrophe = any(&|v| v.contains(['\'', '’']));
    let dot_grouped = any(&|v| {
        let int = v.split(',').next().unwrap_or(v);
        int.contains('.') && tail_len(int, '.') == Some(3)
    });
    let comma_decimal = any(&|v| !v.contains('.') && matches!(tail_len(v, ','), Some(1 | 2)));
    let comma_grouped = any(&|v| {
        let int = v.split('.').next().unwrap_or(v);
        int.contains(',') && tail_len(int, ',') == Some(3)
    });
    if fits(NumberFormat::Swiss) && apostrophe {
        NumberFormat::Swiss
    } else if fits(NumberFormat::German) && (dot_grouped || comma_decimal) {
        NumberFormat::German
    } else if fits(NumberFormat::English) && comma_grouped {
        NumberFormat::English
    } else if fits(NumberFormat::Plain) {
        NumberFormat::Plain
    } else {
        counts
            .iter()
            .find(|(_, n)| *n == best)
            .map_or(NumberFormat::Plain, |(f, _)| *f)
    }
}
