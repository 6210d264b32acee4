//! CSV import and export of customers over files made for these tests (tests/data):
//! encodings, separators, number formats, quoted separators, empty lines, duplicate
//! customer numbers, hostile cells, and a generated 50,000-row file.

mod common;

use common::*;
use kam_domain::{
    amounts::*,
    command::Command,
    import::*,
    model::{Customer, SelectionStatus},
};

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> (Table, Mapping) {
    let table = read_table(&data(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mapping = Mapping::guess(&table);
    (table, mapping)
}

/// Imports into a fresh workspace (plus what `existing` holds) and returns the customers.
fn import_into(doc: &mut kam_domain::document::WorkspaceDoc, name: &str) -> ImportPlan {
    let (table, mapping) = read(name);
    let existing = doc.workspace().expect("ws").customers;
    let plan = plan(&table, &mapping, &existing);
    assert_eq!(plan.problems, [], "{name}");
    let mut n = 0;
    let command = commands(&plan, &existing, || {
        n += 1;
        format!("imp-{name}-{n}")
    })
    .expect("something to import");
    apply(doc, "Anna", command);
    plan
}

fn by_number<'a>(customers: &'a [Customer], number: &str) -> &'a Customer {
    customers
        .iter()
        .find(|c| c.number == number)
        .unwrap_or_else(|| panic!("customer {number}"))
}

#[test]
fn amounts_in_swiss_german_and_plain_notation() {
    use NumberFormat::*;
    let cases: &[(&str, NumberFormat, Option<i64>)] = &[
        ("1'234'567.50", Swiss, Some(123_456_750)),
        ("1’234’567.50", Swiss, Some(123_456_750)),
        ("CHF 99'000", Swiss, Some(9_900_000)),
        ("1.234.567,50", German, Some(123_456_750)),
        ("500.000", German, Some(50_000_000)),
        ("4.500,25", German, Some(450_025)),
        ("1.234,50-", German, Some(-123_450)),
        ("€ 12,5", German, Some(1_250)),
        ("1234567.50", Plain, Some(123_456_750)),
        ("0.5", Plain, Some(50)),
        ("-2000.5", Plain, Some(-200_050)),
        ("12.345", Plain, Some(1_235)), // three decimals round half up
        ("1 234 567.50", Plain, Some(123_456_750)),
        ("1,234,567.50", English, Some(123_456_750)),
        ("500,000", English, Some(50_000_000)),
        ("", Plain, None),
        ("-", German, None),
    ];
    for (raw, format, want) in cases {
        assert_eq!(parse_amount(raw, *format), Ok(*want), "{raw} as {format:?}");
    }
    let bad: &[(&str, NumberFormat)] = &[
        ("zwölf", German),
        ("1.23.456,00", German), // a group of two
        ("1,234.50", German),
        ("1'2345", Swiss),
        ("1,5", Plain),
        ("12a", Plain),
        ("1.2.3", Plain),
    ];
    for (raw, format) in bad {
        assert_eq!(
            parse_amount(raw, *format),
            Err(AmountError::NotANumber),
            "{raw} as {format:?}"
        );
    }
    assert_eq!(
        parse_amount("9999999999999999", Plain),
        Err(AmountError::TooLarge)
    );
}

#[test]
fn german_export_with_bom_quotes_and_empty_lines() {
    let (table, mapping) = read("erp_de_bom.csv");
    assert_eq!(table.encoding, Encoding::Utf8Bom);
    assert_eq!(table.separator, ';');
    assert_eq!(
        table.header[0], "Kundennummer",
        "BOM is not part of the name"
    );
    assert_eq!(
        table.rows.len(),
        4,
        "empty and separator-only lines are skipped"
    );
    assert_eq!(mapping.format, NumberFormat::German);
    assert_eq!(
        mapping.targets,
        [
            Column::Number,
            Column::Name,
            Column::Industry,
            Column::Region,
            Column::Revenue,
            Column::Margin,
            Column::Potential,
            Column::Attribute
        ]
    );
    // The file's lines: row 2 is on line 4 (after an empty line 3).
    assert_eq!(table.rows[1].line, 4);
    let mut doc = workspace();
    let plan = import_into(&mut doc, "erp_de_bom.csv");
    assert_eq!((plan.new_customers(), plan.updated_customers()), (4, 0));
    let ws = doc.workspace().expect("ws");
    let mueller = by_number(&ws.customers, "1001");
    assert_eq!(mueller.name, "Müller AG");
    assert_eq!(mueller.revenue, Some(123_456_750));
    assert_eq!(mueller.margin, Some(34_500_000));
    assert_eq!(mueller.potential, Some(200_000_000));
    assert_eq!(mueller.attributes[0].id, "Betreuer");
    assert_eq!(mueller.attributes[0].value, "Anna Meier");
    let huber = by_number(&ws.customers, "1002");
    assert_eq!(huber.name, "Huber; Söhne GmbH", "quoted separator");
    assert_eq!(huber.margin, Some(-1_250_050), "a margin may be negative");
    assert_eq!(huber.potential, None);
    assert_eq!(
        by_number(&ws.customers, "1003").name,
        "Zeller \"Die Bäckerei\" AG"
    );
    assert_eq!(by_number(&ws.customers, "1003").attributes, []);
    let oeko = by_number(&ws.customers, "1004");
    assert_eq!(oeko.attributes[0].value, "Mehrzeilig\nBemerkung");
}

#[test]
fn windows_1252_with_commas_and_swiss_numbers() {
    let (table, mapping) = read("crm_cp1252_swiss.csv");
    assert_eq!(table.encoding, Encoding::Windows1252);
    assert_eq!(table.separator, ',');
    assert_eq!(mapping.format, NumberFormat::Swiss);
    assert_eq!(mapping.targets[3], Column::Region, "Area");
    let mut doc = workspace();
    import_into(&mut doc, "crm_cp1252_swiss.csv");
    let ws = doc.workspace().expect("ws");
    let a1 = by_number(&ws.customers, "A-1");
    assert_eq!(a1.name, "Gebrüder Müller AG");
    assert_eq!(a1.region, "Zürich");
    assert_eq!(a1.revenue, Some(123_456_750));
    let a2 = by_number(&ws.customers, "A-2");
    assert_eq!(a2.name, "Café Crème Sàrl");
    assert_eq!(a2.margin, Some(100_050));
    let a3 = by_number(&ws.customers, "A-3");
    assert_eq!(a3.name, "Straße & Co KG – Wien");
    assert_eq!(a3.revenue, Some(9_900_000));
    assert_eq!(a3.potential, Some(500_000), "€ mark");
}

#[test]
fn tab_separated_plain_numbers() {
    let (table, mapping) = read("plain_tab.csv");
    assert_eq!(table.separator, '\t');
    assert_eq!(table.encoding, Encoding::Utf8);
    assert_eq!(mapping.format, NumberFormat::Plain);
    assert_eq!(
        mapping.targets,
        [
            Column::Number,
            Column::Name,
            Column::Revenue,
            Column::Margin
        ]
    );
    let mut doc = workspace();
    import_into(&mut doc, "plain_tab.csv");
    let ws = doc.workspace().expect("ws");
    assert_eq!(by_number(&ws.customers, "7").revenue, Some(123_456_750));
    assert_eq!(by_number(&ws.customers, "8").margin, Some(-200_050));
    assert_eq!(by_number(&ws.customers, "9").revenue, Some(50));
}

#[test]
fn every_problem_is_named_by_line_and_column_and_nothing_is_written() {
    let (table, mapping) = read("problems.csv");
    let doc = workspace();
    let existing = doc.workspace().expect("ws").customers;
    let plan = plan(&table, &mapping, &existing);
    let found: Vec<(usize, Option<usize>, Issue)> = plan
        .problems
        .iter()
        .map(|p| (p.line, p.column, p.issue.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (3, Some(1), Issue::NameMissing),
            (
                4,
                Some(2),
                Issue::NotANumber {
                    value: "zwölf".into()
                }
            ),
            (
                5,
                Some(0),
                Issue::DuplicateNumber {
                    number: "1".into(),
                    first_line: 2
                }
            ),
            (
                6,
                None,
                Issue::TooManyCells {
                    found: 4,
                    expected: 3
                }
            ),
            (
                7,
                Some(2),
                Issue::Negative {
                    value: "-5.000,00".into()
                }
            ),
        ]
    );
    assert_eq!(plan.cell_problems(4, 2).count(), 1);
    assert!(
        commands(&plan, &existing, || "x".into()).is_none(),
        "a plan with problems writes nothing"
    );
}

#[test]
fn unreadable_files_say_why() {
    assert_eq!(
        read_table(&data("unclosed.csv")),
        Err(ReadError::UnclosedQuote { line: 2 })
    );
    assert_eq!(read_table(b""), Err(ReadError::Empty));
    assert_eq!(read_table(b"\xEF\xBB\xBF \r\n\r\n"), Err(ReadError::Empty));
    assert_eq!(read_table(b"Name;Umsatz\r\n"), Err(ReadError::NoRows));
    assert_eq!(
        read_table(b"PK\x03\x04\x00\x00"),
        Err(ReadError::Binary { offset: 4 })
    );
    // A mapping without a name column is refused as a whole.
    let table = read_table(b"Nr;Umsatz\n1;100\n").expect("table");
    let mapping = Mapping::guess(&table);
    let plan = plan(&table, &mapping, &[]);
    assert_eq!(plan.problems[0].issue, Issue::NameNotMapped);
}

#[test]
fn reimport_updates_by_customer_number_instead_of_duplicating() {
    let mut doc = workspace();
    import_into(&mut doc, "erp_de_bom.csv");
    let before = doc.workspace().expect("ws");
    let mueller_id = by_number(&before.customers, "1001").id.clone();
    // The ERP's next export: new revenue for 1001, a new customer, 1002 unchanged, an
    // empty revenue cell for 1003 (keeps what is there), a changed attribute.
    let next = "Kundennummer;Name;Umsatz;Betreuer\n\
                1001;Müller AG;1.500.000,00;Carla Rossi\n\
                1002;Huber; Söhne GmbH\n\
                1003;Zeller \"Die Bäckerei\" AG;;\n\
                1005;Neu AG;10.000,00;\n";
    // Quote the name with the separator as an export would.
    let next = next.replace(
        "1002;Huber; Söhne GmbH",
        "1002;\"Huber; Söhne GmbH\";987.654,00;Beat Huber",
    );
    let table = read_table(next.as_bytes()).expect("table");
    let mapping = Mapping::guess(&table);
    let plan = plan(&table, &mapping, &before.customers);
    assert_eq!(plan.problems, []);
    assert_eq!((plan.new_customers(), plan.updated_customers()), (1, 3));
    let command = commands(&plan, &before.customers, || "new-1005".into()).expect("changes");
    let Command::Batch(parts) = &command else {
        panic!("one batch")
    };
    // 1001: revenue + attribute value; 1005: insert. 1002 and 1003 change nothing.
    assert_eq!(parts.len(), 3, "{parts:#?}");
    apply(&mut doc, "Anna", command);
    let after = doc.workspace().expect("ws");
    assert_eq!(after.customers.len(), before.customers.len() + 1);
    let mueller = by_number(&after.customers, "1001");
    assert_eq!(mueller.id, mueller_id, "same customer, not a copy");
    assert_eq!(mueller.revenue, Some(150_000_000));
    assert_eq!(
        mueller.margin,
        Some(34_500_000),
        "columns not in the file stay"
    );
    assert_eq!(mueller.attributes[0].value, "Carla Rossi");
    assert_eq!(
        by_number(&after.customers, "1003").revenue,
        Some(4_500_000),
        "an empty cell overwrites nothing"
    );
}

#[test]
fn a_reimport_that_renames_says_so_before_importing() {
    let mut doc = workspace();
    import_into(&mut doc, "erp_de_bom.csv");
    let before = doc.workspace().expect("ws");
    let next = "Kundennummer;Name;Umsatz\n1001;Müller Holding AG;1.500.000,00\n1003;;\n";
    let table = read_table(next.as_bytes()).expect("table");
    let plan = plan(&table, &Mapping::guess(&table), &before.customers);
    assert_eq!(
        renames(&plan, &before.customers),
        [Rename {
            line: 2,
            number: "1001".into(),
            old: "Müller AG".into(),
            new: "Müller Holding AG".into(),
        }],
        "an empty name cell renames nothing"
    );
}

#[test]
fn short_column_names_with_a_year_are_recognised() {
    // "DB 2025" is the contribution margin of 2025 (issue 19), as "Umsatz 2025" is revenue.
    let header: Vec<String> = ["Kd-Nr", "Firma", "Umsatz 2025", "DB 2025", "Dbase-Id"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(
        guess_columns(&header),
        [
            Column::Number,
            Column::Name,
            Column::Revenue,
            Column::Margin,
            Column::Attribute
        ]
    );
}

#[test]
fn hostile_cells_are_stored_as_text_and_neutralised_on_export() {
    let mut doc = workspace();
    import_into(&mut doc, "hostile.csv");
    let ws = doc.workspace().expect("ws");
    let evil = by_number(&ws.customers, "666");
    assert_eq!(evil.name, "=HYPERLINK(\"http://evil.example\",\"klick\")");
    assert_eq!(evil.industry, "+41 44 000 00 00");
    assert_eq!(evil.region, "-Nord");
    let script = by_number(&ws.customers, "667");
    assert_eq!(script.name, "<script>alert(1)</script> AG");
    assert_eq!(script.industry, "@SUM(A1:A9)");
    let header = ExportHeader {
        number: "Kundennummer",
        name: "Name",
        industry: "Branche",
        region: "Region",
        revenue: "Umsatz",
        margin: "Deckungsbeitrag",
        potential: "Potenzial",
        selection: "Auswahl",
    };
    let csv = customers_csv(
        &ws.customers,
        &header,
        |s| format!("{s:?}"),
        NumberFormat::German,
    );
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.contains("666;\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klick\"\")\";'+41 44 000 00 00;'-Nord;100,00"),
        "{csv}"
    );
    assert!(csv.contains("'@SUM(A1:A9)"), "{csv}");
    for line in csv.lines().skip(1) {
        for cell in line.split(';') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "live formula in {line}");
        }
    }
    // The export reads back: the same names without the neutralising mark (issue 19: a
    // re-import kept the `'`), the same amounts; so re-importing renames nobody.
    let table = read_table(csv.as_bytes()).expect("export reads back");
    let mapping = Mapping::guess(&table);
    assert_eq!(mapping.format, NumberFormat::German);
    let plan = plan(&table, &mapping, &ws.customers);
    assert_eq!(plan.problems, []);
    assert_eq!(plan.updated_customers(), ws.customers.len());
    let row = |n: &str| plan.rows.iter().find(|r| r.number == n).expect("row");
    assert_eq!(row("666").name, evil.name);
    assert_eq!(row("666").industry, "+41 44 000 00 00");
    assert_eq!(row("666").region, "-Nord");
    assert_eq!(row("667").industry, "@SUM(A1:A9)");
    assert_eq!(renames(&plan, &ws.customers), []);
    // A `'` the user wrote in front of anything else stays.
    assert_eq!(restore("'s Gravenhage"), "'s Gravenhage");
    assert_eq!(restore("'-Nord"), "-Nord");
    assert_eq!(
        plan.rows
            .iter()
            .find(|r| r.number == "667")
            .map(|r| r.revenue),
        Some(Some(20_000))
    );
}

#[test]
fn export_round_trips_amounts_in_every_format() {
    for format in NumberFormat::ALL {
        for cents in [0, 5, 99, 100, 123_456_750, -1_250_050, 100_000_000_000] {
            let text = format_amount(cents, format);
            assert_eq!(
                parse_amount(&text, format),
                Ok(Some(cents)),
                "{text} {format:?}"
            );
        }
    }
    assert_eq!(
        format_amount(123_456_750, NumberFormat::Swiss),
        "1'234'567.50"
    );
    assert_eq!(
        format_amount(123_456_750, NumberFormat::German),
        "1.234.567,50"
    );
    assert_eq!(format_amount(-50, NumberFormat::Plain), "-0.50");
}

/// The 50,000-row file: parsed and planned without a problem; the figure for the
/// browser is printed by the app's wasm benchmark.
#[test]
fn fifty_thousand_rows() {
    let csv = kam_domain::fixture::customer_csv(50_000);
    let table = read_table(csv.as_bytes()).expect("table");
    assert_eq!(table.rows.len(), 50_000);
    let mapping = Mapping::guess(&table);
    assert_eq!(mapping.format, NumberFormat::German);
    let plan = plan(&table, &mapping, &[]);
    assert_eq!(plan.problems, []);
    assert_eq!(plan.new_customers(), 50_000);
    assert_eq!(
        plan.rows[1234].revenue,
        Some(((1 + 1234 % 900) * 1000 + 234) * 100 + 34)
    );
}

#[test]
fn import_is_one_change_and_all_or_nothing() {
    let mut doc = workspace();
    let heads = doc.heads();
    // A batch whose last command breaks a rule: nothing of it is written.
    let (table, mapping) = read("plain_tab.csv");
    let plan = plan(&table, &mapping, &[]);
    let mut n = 0;
    let Some(Command::Batch(mut parts)) = commands(&plan, &[], || {
        n += 1;
        format!("n{n}")
    }) else {
        panic!("batch")
    };
    parts.push(Command::set(
        kam_domain::command::ListRef::Customers,
        "n1",
        "revenue",
        kam_domain::command::Value::OptInt(Some(-1)),
    ));
    let err = doc
        .apply(&Command::Batch(parts), &author("Anna"), T0)
        .expect_err("negative revenue");
    assert!(err.to_string().contains("revenue"), "{err}");
    assert_eq!(doc.heads(), heads, "nothing written");
    assert_eq!(doc.workspace().expect("ws").customers.len(), 1);
    let _ = SelectionStatus::None;
}

/// An import writes customers in one splice; what it writes must be exactly what
/// the item writer puts down for a customer entered by hand (same scalar types, same
/// keys).
#[test]
fn bulk_written_customers_equal_hand_entered_ones() {
    use automerge::ReadDoc;
    use kam_domain::{
        command::{Item, ListRef},
        model::{Attribute, Rating},
    };
    let full = |id: &str| Customer {
        id: id.into(),
        number: "4711".into(),
        name: "Müller AG".into(),
        industry: "Maschinenbau".into(),
        region: "Zürich".into(),
        revenue: Some(123_456_750),
        margin: Some(-5),
        potential: None,
        ratings: vec![Rating {
            id: "strat".into(),
            value: 4,
        }],
        attributes: vec![Attribute {
            id: "Betreuer".into(),
            value: "Anna".into(),
        }],
        selection: SelectionStatus::Provisional,
    };
    let insert = |id: &str| Command::Insert {
        list: ListRef::Customers,
        item: Item::Customer(full(id)),
    };
    let mut doc = workspace();
    apply(&mut doc, "Anna", insert("by-hand"));
    apply(
        &mut doc,
        "Anna",
        Command::Batch(vec![insert("bulk-1"), insert("bulk-2")]),
    );
    let tree = ReadDoc::hydrate(doc.automerge(), automerge::ROOT, None).expect("tree");
    let automerge::hydrate::Value::Map(root) = tree else {
        panic!("root map")
    };
    let Some(automerge::hydrate::Value::List(list)) = root.get("customers") else {
        panic!("customers list")
    };
    let items: Vec<String> = list
        .iter()
        .skip(1) // the workspace's sample customer
        .map(|v| {
            let automerge::hydrate::Value::Map(m) = &v.value else {
                panic!("customer map")
            };
            let mut fields: Vec<String> = m
                .iter()
                .filter(|(k, _)| k.as_str() != "id")
                .map(|(k, v)| format!("{k}={}", canon(&v.value)))
                .collect();
            fields.sort();
            fields.join(" ")
        })
        .collect();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0], items[1]);
    assert_eq!(items[0], items[2]);
    let ws = doc.workspace().expect("ws");
    assert_eq!(ws.customers[2], full("bulk-1"));
    // A duplicate id inside a bulk write is refused as a whole.
    let err = doc
        .apply(
            &Command::Batch(vec![insert("x1"), insert("x1")]),
            &author("Anna"),
            T0,
        )
        .expect_err("duplicate");
    assert!(err.to_string().contains("exists already"), "{err}");
}

/// A hydrated value as text with map keys sorted.
fn canon(v: &automerge::hydrate::Value) -> String {
    use automerge::hydrate::Value as V;
    match v {
        V::Scalar(s) => format!("{s:?}"),
        V::Map(m) => {
            let mut parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}:{}", canon(&v.value)))
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(","))
        }
        V::List(l) => format!(
            "[{}]",
            l.iter()
                .map(|v| canon(&v.value))
                .collect::<Vec<_>>()
                .join(",")
        ),
        V::Text(t) => format!("text:{}", String::from(t)),
    }
}

#[test]
fn amounts_typed_into_forms() {
    let cases: &[(&str, Option<i64>)] = &[
        ("500'000", Some(50_000_000)),
        ("500000", Some(50_000_000)),
        ("500.000", Some(50_000_000)),
        ("1.234.567,50", Some(123_456_750)),
        ("12,5", Some(1_250)),
        ("12.5", Some(1_250)),
        ("500,000", Some(50_000_000)),
        ("1,234,567.50", Some(123_456_750)),
        ("CHF 250'000.–", Some(25_000_000)),
        ("", None),
    ];
    for (text, want) in cases {
        match read_amount(text) {
            Ok(v) => assert_eq!(v, *want, "{text}"),
            Err(_) => assert!(want.is_none() && !text.is_empty(), "{text}"),
        }
    }
    assert_eq!(read_amount("zehn"), Err(AmountError::NotANumber));
}

#[test]
fn english_crm_export_with_comma_groups() {
    let csv = "Account Number,Account Name,Annual Revenue\n\
               SF-1,\"Acme, Inc.\",\"1,234,567.50\"\n\
               SF-2,Globex,\"500,000\"\n";
    let table = read_table(csv.as_bytes()).expect("table");
    let mapping = Mapping::guess(&table);
    assert_eq!(mapping.format, NumberFormat::English);
    assert_eq!(
        mapping.targets,
        [Column::Number, Column::Name, Column::Revenue]
    );
    let plan = plan(&table, &mapping, &[]);
    assert_eq!(plan.problems, []);
    assert_eq!(plan.rows[0].name, "Acme, Inc.");
    assert_eq!(plan.rows[0].revenue, Some(123_456_750));
    assert_eq!(plan.rows[1].revenue, Some(50_000_000));
}
