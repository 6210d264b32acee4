//! Customers out to a spreadsheet.

use std::collections::HashSet;

use crate::{
    amounts::{NumberFormat, format_amount},
    model::{Customer, SelectionStatus},
};

use super::csv::{csv_cell, neutralise};

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

/// A cell of a table out to a spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Cents, written in the chosen number format; empty when missing.
    Amount(Option<i64>),
    /// A percentage with one decimal in the format's decimal sign; empty when missing.
    Percent(Option<f64>),
    Count(i64),
}

/// Any table (a cockpit view) as CSV for a spreadsheet, like [`customers_csv`]: UTF-8
/// with BOM, `;` separated, amounts in `format`, text neutralised so no cell runs as a
/// formula.
pub fn table_csv(header: &[String], rows: &[Vec<Cell>], format: NumberFormat) -> String {
    let sep = ';';
    let mut out = String::from('\u{feff}');
    let line: Vec<String> = header
        .iter()
        .map(|t| csv_cell(&neutralise(t), sep))
        .collect();
    out.push_str(&line.join(";"));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => csv_cell(&neutralise(t), sep),
                Cell::Amount(v) => csv_cell(
                    &v.map(|c| format_amount(c, format)).unwrap_or_default(),
                    sep,
                ),
                Cell::Percent(p) => p
                    .map(|p| {
                        let text = format!("{p:.1}");
                        if format == NumberFormat::German {
                            text.replace('.', ",")
                        } else {
                            text
                        }
                    })
                    .unwrap_or_default(),
                Cell::Count(n) => n.to_string(),
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_for_a_spreadsheet() {
        let csv = table_csv(
            &[
                "Key Account".into(),
                "Umsatz Ist".into(),
                "% vom Ziel".into(),
            ],
            &[
                vec![
                    Cell::Text("=HYPERLINK(\"x\")".into()),
                    Cell::Amount(Some(123_456_789)),
                    Cell::Percent(Some(98.04)),
                ],
                vec![
                    Cell::Text("Müller; Söhne".into()),
                    Cell::Amount(None),
                    Cell::Percent(None),
                ],
            ],
            NumberFormat::German,
        );
        assert_eq!(
            csv,
            "\u{feff}Key Account;Umsatz Ist;% vom Ziel\r\n\
             \"'=HYPERLINK(\"\"x\"\")\";1.234.567,89;98,0\r\n\
             \"Müller; Söhne\";;\r\n"
        );
    }
}
