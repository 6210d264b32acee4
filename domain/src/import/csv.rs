//! The file format: bytes to text (UTF-8 or Windows-1252), the separator, quoted cells,
//! and cells written back safely.

use std::collections::HashMap;

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

/// A text cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or
/// carriage return would start a formula there (CSV injection), so it gets a `'` first.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A text cell as it was before [`neutralise`]: re-importing the app's own export gives
/// back "-Ring AG", not "'-Ring AG". Only a `'` in front of what would start a formula is
/// taken away; any other leading `'` is the user's.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

pub(crate) fn csv_cell(cell: &str, sep: char) -> String {
    if cell.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}
