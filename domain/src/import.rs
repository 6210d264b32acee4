//! Customer lists from an ERP or CRM: CSV in, CSV out.
//!
//! Reading is in three steps so that nothing is written before the user has seen it:
//! [`read_table`] decodes and splits the file, the user maps columns to fields
//! ([`guess_targets`] proposes a mapping, [`guess_number_format`] the way numbers are
//! written), and [`plan`] checks every cell and matches rows to existing customers by
//! customer number. Only a plan without problems becomes one command ([`commands`]), so
//! an import is written completely or not at all.

use std::collections::{HashMap, HashSet};

use crate::{
    command::{Command, Item, ListRef, Value},
    model::{Attribute, Customer, SelectionStatus},
};

/// How the file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte order mark (what Excel writes as "CSV UTF-8").
    Utf8Bom,
    /// Windows-1252 (what older ERP exports and Excel's plain "CSV" write).
    Windows1252,
}

/// A file split into rows and cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub encoding: Encoding,
    pub separator: char,
    /// Column names from the first non-empty row; blank names become `Column N`,
    /// repeated names get ` (2)`, ` (3)`.
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row with the file line it starts on (1-based, as an editor shows it).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file has a header row but no customers")]
    NoRows,
    #[error("a quoted cell that starts on line {line} is never closed")]
    UnclosedQuote { line: usize },
    #[error("the file is not a text table (it contains binary data near byte {offset})")]
    Binary { offset: usize },
}

/// Decodes the bytes: UTF-8 when they are valid UTF-8 (a BOM is dropped), else
/// Windows-1252, which every byte sequence is.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF])
        && let Ok(text) = std::str::from_utf8(rest)
    {
        return (text.to_string(), Encoding::Utf8Bom);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        Err(_) => (
            bytes.iter().map(|b| cp1252(*b)).collect(),
            Encoding::Windows1252,
        ),
    }
}

/// Windows-1252 differs from Latin-1 only in 0x80–0x9F.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The separator of the header line: the most frequent of `;`, tab and `,` outside
/// quotes; `;` wins ties (what Excel writes in Switzerland, Germany and Austria).
fn detect_separator(text: &str) -> char {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let mut counts = [(';', 0usize), ('\t', 0), (',', 0)];
    let mut quoted = false;
    for c in first.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if c == *sep {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .fold(
            (';', 0),
            |best, &(sep, n)| if n > best.1 { (sep, n) } else { best },
        )
        .0
}

/// Splits text into records (RFC 4180: quoted cells may hold separators, line breaks and
/// doubled quotes), each with the line it starts on.
fn records(text: &str, sep: char) -> Result<Vec<(usize, Vec<String>)>, ReadError> {
    let mut out = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut start_line = 1;
    let mut quoted = false;
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                '\r' => {}
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            c if c == sep => {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                cells.push(std::mem::take(&mut cell));
                out.push((start_line, std::mem::take(&mut cells)));
                line += 1;
                start_line = line;
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if quoted {
        return Err(ReadError::UnclosedQuote { line: start_line });
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        out.push((start_line, cells));
    }
    // Empty lines and lines of separators only carry nothing.
    out.retain(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    Ok(out)
}

/// Reads a CSV file: decodes it, finds the separator, splits it into a header and rows.
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        return Err(ReadError::Binary { offset });
    }
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let separator = detect_separator(&text);
    let mut records = records(&text, separator)?.into_iter();
    let (_, raw_header) = records.next().ok_or(ReadError::Empty)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let header = raw_header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = name.trim();
            let base = if name.is_empty() {
                format!("Column {}", i + 1)
            } else {
                name.to_string()
            };
            let n = seen.entry(base.to_lowercase()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base} ({n})")
            }
        })
        .collect();
    let rows: Vec<Row> = records.map(|(line, cells)| Row { line, cells }).collect();
    if rows.is_empty() {
        return Err(ReadError::NoRows);
    }
    Ok(Table {
        encoding,
        separator,
        header,
        rows,
    })
}

/// What a column becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
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

impl Target {
    pub const ALL: [Target; 9] = [
        Target::Number,
        Target::Name,
        Target::Industry,
        Target::Region,
        Target::Revenue,
        Target::Margin,
        Target::Potential,
        Target::Attribute,
        Target::Ignore,
    ];

    /// The customer field's name (as in the model); `None` for attribute and ignore.
    pub fn field(self) -> Option<&'static str> {
        Some(match self {
            Target::Number => "number",
            Target::Name => "name",
            Target::Industry => "industry",
            Target::Region => "region",
            Target::Revenue => "revenue",
            Target::Margin => "margin",
            Target::Potential => "potential",
            Target::Attribute | Target::Ignore => return None,
        })
    }

    fn is_amount(self) -> bool {
        matches!(self, Target::Revenue | Target::Margin | Target::Potential)
    }
}

/// Column names ERP and CRM exports in CH/DE/AT and English use for each field.
fn synonyms(target: Target) -> &'static [&'static str] {
    match target {
        Target::Number => &[
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
        Target::Name => &[
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
        Target::Industry => &["branche", "industry", "sector", "sektor", "industrie"],
        Target::Region => &[
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
        Target::Revenue => &[
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
        Target::Margin => &[
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
        Target::Potential => &[
            "potenzial",
            "potential",
            "umsatzpotenzial",
            "umsatzpotential",
            "potenzialchf",
        ],
        Target::Attribute | Target::Ignore => &[],
    }
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Proposes a target per column from its name; each field at most once, every other
/// column kept as an attribute.
pub fn guess_targets(header: &[String]) -> Vec<Target> {
    let mut targets = vec![Target::Attribute; header.len()];
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    for target in Target::ALL {
        let words = synonyms(target);
        // Exact names first, then names that start with a synonym ("Umsatz 2026").
        let exact = names
            .iter()
            .enumerate()
            .find(|(i, n)| targets[*i] == Target::Attribute && words.contains(&n.as_str()));
        let prefix = || {
            names.iter().enumerate().find(|(i, n)| {
                targets[*i] == Target::Attribute
                    && words.iter().any(|w| w.len() >= 4 && n.starts_with(w))
            })
        };
        if let Some((i, _)) = exact.or_else(prefix) {
            targets[i] = target;
        }
    }
    targets
}

/// How amounts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberFormat {
    /// `1'234'567.50` (also with ’ or spaces as groups).
    Swiss,
    /// `1.234.567,50`.
    German,
    /// `1,234,567.50` (English-language CRMs).
    English,
    /// `1234567.50`.
    Plain,
}

impl NumberFormat {
    pub const ALL: [NumberFormat; 4] = [
        NumberFormat::Swiss,
        NumberFormat::German,
        NumberFormat::English,
        NumberFormat::Plain,
    ];

    fn groups(self) -> &'static [char] {
        match self {
            NumberFormat::Swiss => &['\'', '’', ' ', '\u{a0}', '\u{202f}'],
            NumberFormat::German => &['.', ' ', '\u{a0}', '\u{202f}'],
            NumberFormat::English => &[',', ' ', '\u{a0}', '\u{202f}'],
            NumberFormat::Plain => &[' ', '\u{a0}', '\u{202f}'],
        }
    }

    fn decimal(self) -> char {
        match self {
            NumberFormat::German => ',',
            NumberFormat::Swiss | NumberFormat::English | NumberFormat::Plain => '.',
        }
    }
}

/// Why an amount cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    TooLarge,
}

/// Reads an amount as cents. Currency marks (CHF, EUR, Fr., €) and a sign in front or
/// behind (`1.234,50-` as SAP writes it) are accepted; groups must be of three digits;
/// more than two decimals are rounded. Empty or a lone dash means "no figure".
pub fn parse_amount(raw: &str, format: NumberFormat) -> Result<Option<i64>, AmountError> {
    let mut s = raw.trim();
    for mark in ["CHF", "EUR", "SFr.", "sFr.", "Fr.", "€"] {
        if let Some(rest) = s.strip_prefix(mark) {
            s = rest.trim_start();
        }
        if let Some(rest) = s.strip_suffix(mark) {
            s = rest.trim_end();
        }
    }
    if s.is_empty() || s == "-" || s == "–" {
        return Ok(None);
    }
    // Whole francs as the Swiss write them on price tags: `250.–`.
    if format == NumberFormat::Swiss {
        s = s.trim_end_matches(".–").trim_end_matches(".-");
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix(['-', '−']) {
        negative = true;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_suffix('-') {
        negative = true;
        s = rest.trim_end();
    }
    let (int_part, frac_part) = match s.rfind(format.decimal()) {
        Some(i) => (&s[..i], &s[i + format.decimal().len_utf8()..]),
        None => (s, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(AmountError::NotANumber);
    }
    // Groups: the first 1–3 digits, every further one exactly 3.
    let groups: Vec<&str> = int_part.split(format.groups()).collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits: String = groups.concat();
    if !grouped_ok
        || !digits.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
        || (digits.is_empty() && frac_part.is_empty())
    {
        return Err(AmountError::NotANumber);
    }
    let digits = digits.trim_start_matches('0');
    if digits.len() > 15 {
        return Err(AmountError::TooLarge);
    }
    let whole: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| AmountError::NotANumber)?
    };
    let frac = frac_part.as_bytes();
    let digit = |i: usize| frac.get(i).map_or(0, |d| i64::from(d - b'0'));
    let mut cents = whole * 100 + digit(0) * 10 + digit(1);
    if digit(2) >= 5 {
        cents += 1;
    }
    Ok(Some(if negative { -cents } else { cents }))
}

/// Reads an amount typed into a form, whatever the writer's habit: `'` means Swiss, a
/// comma German, a dot before exactly three digits (`500.000`) German grouping, else plain.
pub fn read_amount(text: &str) -> Result<Option<i64>, AmountError> {
    let t = text.trim();
    let three_digits = |tail: &str| tail.len() == 3 && tail.chars().all(|c| c.is_ascii_digit());
    let format = match (t.rfind(','), t.rfind('.')) {
        _ if t.contains(['\'', '’']) => NumberFormat::Swiss,
        (Some(c), Some(d)) if d > c => NumberFormat::English,
        (Some(_), Some(_)) => NumberFormat::German,
        (Some(c), None) if three_digits(&t[c + 1..]) => NumberFormat::English,
        (Some(_), None) => NumberFormat::German,
        (None, Some(d)) if three_digits(&t[d + 1..]) => NumberFormat::German,
        _ => NumberFormat::Plain,
    };
    parse_amount(t, format)
}

/// The number format that reads the most amount cells of the mapped columns. Ties go to
/// Swiss when a value has `'`, to German when one looks like `123.456`, else to Plain.
pub fn guess_number_format(table: &Table, targets: &[Target]) -> NumberFormat {
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

/// What the user chose: a target per column and how amounts are written.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub targets: Vec<Target>,
    pub format: NumberFormat,
}

impl Mapping {
    /// The proposal for a freshly read table.
    pub fn guess(table: &Table) -> Mapping {
        let targets = guess_targets(&table.header);
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

const MAX_TEXT: usize = 500;
const MAX_ATTRIBUTE: usize = 2000;

/// One amount cell, or the issue with it.
fn amount_cell(
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
    let mapped = |t: Target| mapping.targets.iter().position(|x| *x == t);
    if mapped(Target::Name).is_none() {
        problems.push(ImportProblem {
            line: 0,
            column: None,
            issue: Issue::NameNotMapped,
        });
    }
    for target in Target::ALL {
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
            let value = raw.trim();
            match target {
                Target::Ignore => {}
                Target::Number | Target::Name | Target::Industry | Target::Region => {
                    if value.chars().count() > MAX_TEXT {
                        problem(Some(col), Issue::TooLong { max: MAX_TEXT });
                        continue;
                    }
                    let slot = match target {
                        Target::Number => &mut out.number,
                        Target::Name => &mut out.name,
                        Target::Industry => &mut out.industry,
                        _ => &mut out.region,
                    };
                    *slot = value.to_string();
                }
                Target::Revenue | Target::Margin | Target::Potential => {
                    // A margin can be negative; revenue and potential cannot.
                    match amount_cell(value, mapping.format, *target == Target::Margin) {
                        Ok(amount) => match target {
                            Target::Revenue => out.revenue = amount,
                            Target::Margin => out.margin = amount,
                            _ => out.potential = amount,
                        },
                        Err(issue) => problem(Some(col), issue),
                    }
                }
                Target::Attribute => {
                    if value.chars().count() > MAX_ATTRIBUTE {
                        problem(Some(col), Issue::TooLong { max: MAX_ATTRIBUTE });
                    } else if !value.is_empty() {
                        out.attributes
                            .push((table.header[col].clone(), value.to_string()));
                    }
                }
            }
        }
        if let Some(col) = mapped(Target::Name)
            && out.name.is_empty()
        {
            problem(Some(col), Issue::NameMissing);
        }
        if !out.number.is_empty() {
            match first_seen.get(&out.number) {
                Some(first) => problem(
                    mapped(Target::Number),
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

/// Writes an amount in cents the way `format` reads it back.
pub fn format_amount(cents: i64, format: NumberFormat) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (whole, frac) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    let group = match format {
        NumberFormat::Swiss => Some('\''),
        NumberFormat::German => Some('.'),
        NumberFormat::English => Some(','),
        NumberFormat::Plain => None,
    };
    let mut int = String::new();
    for (i, d) in digits.chars().enumerate() {
        if let Some(g) = group
            && i > 0
            && (digits.len() - i) % 3 == 0
        {
            int.push(g);
        }
        int.push(d);
    }
    format!("{sign}{int}{}{frac:02}", format.decimal())
}

/// A text cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or
/// carriage return would start a formula there (CSV injection), so it gets a `'` first.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn csv_cell(cell: &str, sep: char) -> String {
    if cell.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Column titles of the export, in the user's language.
pub struct ExportHeader<'a> {
    pub number: &'a str,
    pub name: &'a str,
    pub industry: &'a str,
    pub region: &'a str,
    pub revenue: &'a str,
    pub margin: &'a str,
    pub potential: &'a str,
    pub selection: &'a str,
}

/// The customers as CSV for a spreadsheet: UTF-8 with BOM, `;` separated, amounts in
/// `format`, the selection status, then every attribute column. Text is neutralised so
/// that no cell runs as a formula; [`read_table`] and [`plan`] read it back.
pub fn customers_csv(
    customers: &[Customer],
    header: &ExportHeader<'_>,
    selection_label: impl Fn(SelectionStatus) -> String,
    format: NumberFormat,
) -> String {
    let sep = ';';
    let mut attribute_names: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    for a in customers.iter().flat_map(|c| &c.attributes) {
        if seen.insert(a.id.as_str()) {
            attribute_names.push(&a.id);
        }
    }
    let mut out = String::from('\u{feff}');
    let titles = [
        header.number,
        header.name,
        header.industry,
        header.region,
        header.revenue,
        header.margin,
        header.potential,
        header.selection,
    ];
    let line: Vec<String> = titles
        .iter()
        .copied()
        .chain(attribute_names.iter().copied())
        .map(|t| csv_cell(&neutralise(t), sep))
        .collect();
    out.push_str(&line.join(&sep.to_string()));
    out.push_str("\r\n");
    let amount = |v: Option<i64>| v.map(|c| format_amount(c, format)).unwrap_or_default();
    for c in customers {
        let mut cells = vec![
            csv_cell(&neutralise(&c.number), sep),
            csv_cell(&neutralise(&c.name), sep),
            csv_cell(&neutralise(&c.industry), sep),
            csv_cell(&neutralise(&c.region), sep),
            csv_cell(&amount(c.revenue), sep),
            csv_cell(&amount(c.margin), sep),
            csv_cell(&amount(c.potential), sep),
            csv_cell(&neutralise(&selection_label(c.selection)), sep),
        ];
        for name in &attribute_names {
            let value = c
                .attributes
                .iter()
                .find(|a| a.id == *name)
                .map(|a| a.value.as_str())
                .unwrap_or("");
            cells.push(csv_cell(&neutralise(value), sep));
        }
        out.push_str(&cells.join(&sep.to_string()));
        out.push_str("\r\n");
    }
    out
}

/// What a column of the controller's actuals file becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActualsTarget {
    Ignore,
    Number,
    Period,
    RevenueActual,
    MarginActual,
    RevenueTarget,
    MarginTarget,
}

impl ActualsTarget {
    pub const ALL: [ActualsTarget; 7] = [
        ActualsTarget::Number,
        ActualsTarget::Period,
        ActualsTarget::RevenueActual,
        ActualsTarget::MarginActual,
        ActualsTarget::RevenueTarget,
        ActualsTarget::MarginTarget,
        ActualsTarget::Ignore,
    ];

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            ActualsTarget::Number => synonyms(Target::Number),
            ActualsTarget::Period => &[
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
            ActualsTarget::RevenueActual => &[
                "umsatzist",
                "istumsatz",
                "umsatz",
                "revenueactual",
                "actualrevenue",
                "revenue",
                "sales",
                "nettoumsatz",
            ],
            ActualsTarget::MarginActual => &[
                "dbist",
                "istdb",
                "deckungsbeitragist",
                "deckungsbeitrag",
                "db",
                "marginactual",
                "actualmargin",
                "margin",
            ],
            ActualsTarget::RevenueTarget => &[
                "umsatzziel",
                "zielumsatz",
                "umsatzbudget",
                "budget",
                "revenuetarget",
                "targetrevenue",
                "revenuebudget",
            ],
            ActualsTarget::MarginTarget => &[
                "dbziel",
                "zieldb",
                "dbbudget",
                "deckungsbeitragziel",
                "margintarget",
                "targetmargin",
                "marginbudget",
            ],
            ActualsTarget::Ignore => &[],
        }
    }

    fn is_amount(self) -> bool {
        !matches!(
            self,
            ActualsTarget::Ignore | ActualsTarget::Number | ActualsTarget::Period
        )
    }
}

/// The mapping of an actuals file.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualsMapping {
    pub targets: Vec<ActualsTarget>,
    pub format: NumberFormat,
}

impl ActualsMapping {
    /// Exact column names first (so "Umsatz Ziel" is a target, not the actual), then
    /// names that start with a synonym; each field at most once.
    pub fn guess(table: &Table) -> ActualsMapping {
        let names: Vec<String> = table.header.iter().map(|h| normalise(h)).collect();
        let mut targets = vec![ActualsTarget::Ignore; names.len()];
        for exact in [true, false] {
            for t in ActualsTarget::ALL {
                if targets.contains(&t) {
                    continue;
                }
                let found = names.iter().enumerate().find(|(i, n)| {
                    targets[*i] == ActualsTarget::Ignore
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
        let as_customer: Vec<Target> = targets
            .iter()
            .map(|t| {
                if t.is_amount() {
                    Target::Revenue
                } else {
                    Target::Ignore
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
    let col = |t: ActualsTarget| mapping.targets.iter().position(|x| *x == t);
    for (t, field) in [
        (ActualsTarget::Number, "number"),
        (ActualsTarget::Period, "period"),
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
        col(ActualsTarget::Number).unwrap_or(0),
        col(ActualsTarget::Period).unwrap_or(0),
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
                matches!(t, ActualsTarget::MarginActual | ActualsTarget::MarginTarget);
            match amount_cell(cell(c), mapping.format, may_be_negative) {
                Ok(v) => match t {
                    ActualsTarget::RevenueActual => out.revenue_actual = v,
                    ActualsTarget::MarginActual => out.margin_actual = v,
                    ActualsTarget::RevenueTarget => out.revenue_target = v,
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
