//! Every count in the interface's texts agrees with its number, in German and English, for
//! 0, 1 and 2 (issue 19: "1 Probleme", "1 Fragen", "1 werden aktualisiert").
//!
//! The texts live in `locales/*.json` (leptos_i18n). A count whose noun or verb changes
//! with the number is a *range*: `["u64", ["1 Frage noch offen", 1], ["{{ count }} Fragen
//! noch offen", "_"]]`. This test reads both files and checks two rules:
//! - a plain string never puts a count variable right before a word that would change
//!   for 1, unless that word is the same for one and many ("überfällig", "of") or the
//!   number can never be 1 (listed below with the reason);
//! - a range has a case for exactly 1 and a fallback, is a range in both languages, and
//!   its text for 1 differs from the text for 2 (so the case is not a copy).

use serde_json::Value;
use std::collections::BTreeMap;

/// Variables that hold a number of things.
const COUNT_VARS: &[&str] = &[
    "count", "n", "m", "total", "rows", "columns", "found", "expected", "new", "updated",
    "missing", "load", "capacity", "days", "minutes", "done", "planned", "achieved", "delta",
    "shown", "chars", "max",
];

/// Words after a number that read the same for one and for many.
fn same_for_one(lang: &str, word: &str) -> bool {
    let words: &[&str] = match lang {
        "de" => &[
            "überfällig",
            "offen",
            "weitere",
            "von",
            "neu",
            "aktualisiert",
            "abgeschlossen",
            "geplant",
            "erreicht",
            "überzogen",
            "im",
        ],
        _ => &[
            "overdue",
            "open",
            "more",
            "of",
            "new",
            "updated",
            "completed",
            "planned",
            "achieved",
            "over",
            "in",
        ],
    };
    words.contains(&word)
}

/// Texts whose number is never 1, with the reason.
const NEVER_ONE: &[(&str, &str)] = &[
    ("errors.too_long", "chars > max, and max is at least 200"),
    ("errors.count", "max is a text limit, at least 200"),
    ("import.too_long", "max is a text limit, at least 200"),
    ("you.name_too_long", "chars > max, and max is at least 60"),
    ("import.too_many_cells", "found > expected ≥ 1"),
    ("undo.too_large", "count is above the undo limit"),
    (
        "accounts.stakeholders_hint",
        "days is the fixed contact window of 90 days",
    ),
];

/// Ranges whose text for 1 is rightly the same as for many.
const SAME_TEXT_FOR_ONE: &[(&str, &str, &str)] = &[
    (
        "de",
        "customers.count",
        "«von 1 Kunden»: Kunden is also the dative singular",
    ),
    (
        "en",
        "import.will_update",
        "«1 will be updated» as «2 will be updated»",
    ),
];

fn locale(lang: &str) -> BTreeMap<String, Value> {
    let path = format!("{}/../locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = BTreeMap::new();
    flatten("", &value, &mut out);
    out
}

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// `(variable, the word right after it)` for every `{{ var }} word` in a text.
fn vars_before_words(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        let var = rest[start + 2..start + end].trim().to_string();
        rest = &rest[start + end + 2..];
        if let Some(after) = rest.strip_prefix(' ') {
            let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
            if !word.is_empty() {
                found.push((var, word));
            }
        }
    }
    found
}

/// One case of a range: its text and what it matches.
struct Case {
    text: String,
    matches: Vec<Value>,
}

fn cases(key: &str, value: &[Value]) -> Vec<Case> {
    value
        .iter()
        .filter_map(|c| c.as_array())
        .map(|c| {
            let text = c.first().and_then(Value::as_str);
            let text = text.unwrap_or_else(|| panic!("{key}: a case without text"));
            Case {
                text: text.to_string(),
                matches: c[1..].to_vec(),
            }
        })
        .collect()
}

fn matches(m: &Value, n: i64) -> bool {
    match m {
        Value::Number(x) => x.as_i64() == Some(n),
        Value::String(s) if s == "_" => true,
        Value::String(s) => {
            let (lo, hi, inclusive) = match (s.split_once("..="), s.split_once("..")) {
                (Some((lo, hi)), _) => (lo, hi, true),
                (None, Some((lo, hi))) => (lo, hi, false),
                _ => panic!("unknown range case {s}"),
            };
            let lo = lo.parse::<i64>().unwrap_or(i64::MIN);
            let hi = hi.parse::<i64>().unwrap_or(i64::MAX);
            n >= lo && (n < hi || (inclusive && n == hi))
        }
        _ => false,
    }
}

/// The text a range shows for `n`, with the count filled in.
fn render(key: &str, cases: &[Case], n: i64) -> String {
    let case = cases
        .iter()
        .find(|c| c.matches.iter().any(|m| matches(m, n)));
    let case = case.unwrap_or_else(|| panic!("{key}: no case for {n}"));
    case.text.replace("{{ count }}", &n.to_string())
}

#[test]
fn every_count_agrees_with_its_number_for_0_1_and_2() {
    let de = locale("de");
    let en = locale("en");
    let mut wrong = Vec::new();
    let mut ranges = 0;
    for (lang, texts, other) in [("de", &de, &en), ("en", &en, &de)] {
        for (key, value) in texts {
            match value {
                Value::String(text) => {
                    if NEVER_ONE.iter().any(|(k, _)| k == key) {
                        continue;
                    }
                    for (var, word) in vars_before_words(text) {
                        if COUNT_VARS.contains(&var.as_str()) && !same_for_one(lang, &word) {
                            wrong.push(format!("{lang} {key}: «{{{{ {var} }}}} {word}» is one text for 1 and for many: make it a range"));
                        }
                    }
                }
                Value::Array(items) => {
                    ranges += 1;
                    if !matches!(other.get(key), Some(Value::Array(_))) {
                        wrong.push(format!(
                            "{lang} {key}: a range here but not in the other language"
                        ));
                    }
                    let cases = cases(key, items);
                    let has_one = cases
                        .iter()
                        .any(|c| c.matches.iter().any(|m| m.as_i64() == Some(1)));
                    let has_rest = cases.iter().any(|c| c.matches.iter().any(|m| m == "_"));
                    let exempt = SAME_TEXT_FOR_ONE
                        .iter()
                        .any(|(l, k, _)| *l == lang && k == key);
                    if !has_rest {
                        wrong.push(format!("{lang} {key}: no fallback case \"_\""));
                        continue;
                    }
                    if exempt {
                        continue;
                    }
                    if !has_one {
                        wrong.push(format!("{lang} {key}: no case for exactly 1"));
                        continue;
                    }
                    let [zero, one, two] = [0, 1, 2].map(|n| render(key, &cases, n));
                    if one == two.replace('2', "1") {
                        wrong.push(format!("{lang} {key}: the text for 1 is the text for 2"));
                    }
                    if zero.replace('0', "2") != two {
                        wrong.push(format!(
                            "{lang} {key}: 0 ({zero}) reads other than 2 ({two})"
                        ));
                    }
                }
                _ => wrong.push(format!("{lang} {key}: neither a text nor a range")),
            }
        }
    }
    assert!(
        ranges >= 2 * 25,
        "only {ranges} ranges: were the count texts turned back into plain strings?"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_finds_a_count_before_a_noun() {
    // The rule itself: it must catch the strings issue 19 found.
    let found = vars_before_words("{{ n }} Probleme gefunden");
    assert_eq!(found, vec![("n".to_string(), "Probleme".to_string())]);
    assert!(!same_for_one("de", "Probleme"));
    assert!(same_for_one("de", "überfällig"));
    let cases = cases(
        "t",
        &[
            Value::String("u64".into()),
            serde_json::json!(["1 Frage", 1]),
            serde_json::json!(["{{ count }} Fragen", "_"]),
        ],
    );
    assert_eq!(render("t", &cases, 1), "1 Frage");
    assert_eq!(render("t", &cases, 0), "0 Fragen");
    assert_eq!(render("t", &cases, 2), "2 Fragen");
}
