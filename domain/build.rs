//! Builds the words the history uses (field and kind names, verbs, values) from the
//! app's `locales/*.json`, so the domain's sentences and the screens share one
//! translation and a missing word shows up in a native test.

use std::{error::Error, fmt::Write as _, path::PathBuf};

/// Whole sections and single keys (dotted) taken from the locale files.
const TAKEN: &[&str] = &[
    "fields",
    "kinds",
    "history.created",
    "history.changed",
    "history.removed",
    "history.added",
    "history.moved",
    "history.yes",
    "history.no",
    "history.and_more",
    "history.other_tool",
    "history.parts",
    "history.changes_folded",
    "history.col_when",
    "history.col_who",
    "history.col_area",
    "history.col_what",
    "history.col_field",
    "history.col_old",
    "history.col_new",
    "analysis.q",
    "areas.rollout.title",
    "areas.customers.title",
    "areas.key_accounts.title",
    "areas.people.title",
    "areas.controlling.title",
    "plan.open",
    "plan.in_progress",
    "plan.done",
    "plan.cancelled",
    "customers.sel_none",
    "customers.sel_provisional",
    "customers.sel_definitive",
    "customers.sel_rejected",
    "accounts.strengths",
    "accounts.weaknesses",
    "accounts.opportunities",
    "accounts.threats",
    "accounts.role_decider",
    "accounts.role_buyer",
    "accounts.role_influencer",
    "accounts.role_user",
    "accounts.role_initiator",
    "accounts.role_gatekeeper",
    "portfolio.attractiveness",
    "portfolio.position",
    "portfolio.source_rated",
    "whitespace.open",
    "whitespace.sells",
    "whitespace.potential",
    "whitespace.competitor",
    "whitespace.not_relevant",
];

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{prefix}.{k}"), v, out);
            }
        }
        serde_json::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        _ => {}
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("no manifest dir")?);
    let locales = manifest.join("../locales");
    let mut code = String::new();
    for lang in ["de", "en"] {
        let path = locales.join(format!("{lang}.json"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)?;
        let root: serde_json::Value = serde_json::from_str(&text)?;
        let mut words = Vec::new();
        for taken in TAKEN {
            let value = taken
                .split('.')
                .try_fold(&root, |v, k| v.get(k))
                .ok_or_else(|| format!("{lang}.json has no `{taken}`"))?;
            flatten(taken, value, &mut words);
        }
        words.sort();
        words.dedup_by(|a, b| a.0 == b.0);
        writeln!(
            code,
            "pub(crate) static {}: &[(&str, &str)] = &[",
            lang.to_uppercase()
        )?;
        for (k, v) in words {
            writeln!(code, "    ({k:?}, {v:?}),")?;
        }
        writeln!(code, "];")?;
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no out dir")?);
    std::fs::write(out.join("words.rs"), code)?;
    println!("cargo::rerun-if-changed=build.rs");
    Ok(())
}
