//! The change history as people read it: every entry names things the way the screens
//! do (customers, people, criteria and steps by name, the key account it belongs to),
//! says what a field was before and after, folds a person's quick edits of one field
//! into one entry, keeps an import or a review with its actions as one entry with its
//! parts, and can be filtered, searched and exported for an audit. The sentences are
//! built here, in both languages, from the app's own translations.

use std::collections::BTreeSet;

use automerge::ChangeHash;
use serde::{Deserialize, Serialize};

use crate::{
    amounts::{NumberFormat, format_amount},
    command::{ChangeAction, ChangeSummary, EntityKind, ListRef},
    date::Date,
    document::HistoryEntry,
    import::export::{Cell, table_csv},
    method::Area,
    model::Customer,
};

/// How many parts of a batch its summary keeps (an import of 5,000 customers keeps
/// the first 50 and their count).
pub const PARTS_KEPT: usize = 50;

/// Edits of one field by one person this close together (seconds) read as one.
pub const FOLD_SECONDS: i64 = 300;

/// One field's value before and after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Shown,
    pub new: Shown,
}

/// A value as the history shows it: references already turned into names, a
/// variant as the key of its word.
// Stored as one short string in every change's message (`n:42`, `s:Text`): smaller
// messages, and much less code than a derived enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Shown {
    None,
    Text(String),
    Number(i64),
    Flag(bool),
    /// A locale key (`plan.done`).
    Word(String),
    /// A criterion's rule: a customer field at or above a threshold.
    Measured(String, i64),
    /// A criterion's rule: a rating of at least `min`.
    Rated(u8),
}

impl From<Shown> for String {
    fn from(v: Shown) -> String {
        match v {
            Shown::None => String::new(),
            Shown::Text(t) => format!("s:{t}"),
            Shown::Number(n) => format!("n:{n}"),
            Shown::Flag(b) => format!("b:{}", u8::from(b)),
            Shown::Word(k) => format!("w:{k}"),
            Shown::Measured(f, t) => format!("m:{t}:{f}"),
            Shown::Rated(min) => format!("r:{min}"),
        }
    }
}

impl From<String> for Shown {
    /// Anything unreadable (a newer app's form) shows as its text.
    fn from(s: String) -> Shown {
        let Some((tag, rest)) = s.split_once(':') else {
            return if s.is_empty() {
                Shown::None
            } else {
                Shown::Text(s)
            };
        };
        let parsed = match tag {
            "s" => Some(Shown::Text(rest.to_string())),
            "n" => rest.parse().ok().map(Shown::Number),
            "b" => Some(Shown::Flag(rest == "1")),
            "w" => Some(Shown::Word(rest.to_string())),
            "m" => rest
                .split_once(':')
                .and_then(|(t, f)| Some(Shown::Measured(f.to_string(), t.parse().ok()?))),
            "r" => rest.parse().ok().map(Shown::Rated),
            _ => None,
        };
        parsed.unwrap_or(Shown::Text(s))
    }
}

/// The interface languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    De,
    En,
}

mod table {
    include!(concat!(env!("OUT_DIR"), "/words.rs"));
}

/// The word for a locale key (`fields.due`, `kinds.action`), if the locale has it.
pub fn word(lang: Lang, key: &str) -> Option<&'static str> {
    let words = match lang {
        Lang::De => table::DE,
        Lang::En => table::EN,
    };
    words
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| words[i].1)
}

/// The word, or the key itself (a test looks for keys in sentences).
fn w(lang: Lang, key: &str) -> String {
    word(lang, key).map_or_else(|| key.to_string(), str::to_string)
}

fn kind_key(kind: EntityKind) -> String {
    // The serde name of the kind is its key in `kinds` (`plan_step` is stored as
    // `milestone`).
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// What users call a kind of thing.
pub fn kind_word(lang: Lang, kind: EntityKind) -> String {
    w(lang, &format!("kinds.{}", kind_key(kind)))
}

/// A field's name as the screens label it, capitalised (English names are lowercase
/// for use inside messages).
pub fn field_word(lang: Lang, field: &str) -> String {
    // A field without a name (none of the editable ones: a test checks) shows as is.
    let name = word(lang, &format!("fields.{field}")).unwrap_or(field);
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A date as the language writes it: 01.12.2026 / 01/12/2026.
pub fn date_text(lang: Lang, date: Date) -> String {
    match lang {
        Lang::De => format!("{:02}.{:02}.{}", date.day, date.month, date.year),
        Lang::En => format!("{:02}/{:02}/{}", date.day, date.month, date.year),
    }
}

/// A time (Unix seconds, UTC) as date and hour.
pub fn time_text(lang: Lang, seconds: i64) -> String {
    let date = Date::from_days(seconds.div_euclid(86_400));
    let minutes = seconds.rem_euclid(86_400) / 60;
    format!(
        "{} {:02}:{:02}",
        date_text(lang, date),
        minutes / 60,
        minutes % 60
    )
}

fn number_format(lang: Lang) -> NumberFormat {
    match lang {
        Lang::De => NumberFormat::Swiss,
        Lang::En => NumberFormat::English,
    }
}

/// Amounts are kept in cents.
fn is_amount(field: &str) -> bool {
    matches!(
        field,
        "revenue"
            | "margin"
            | "potential"
            | "revenue_target"
            | "revenue_actual"
            | "margin_target"
            | "margin_actual"
    )
}

fn amount_text(lang: Lang, cents: i64) -> String {
    let text = format_amount(cents, number_format(lang));
    // Whole amounts without ".00".
    text.strip_suffix(".00")
        .or_else(|| text.strip_suffix(",00"))
        .map_or(text.clone(), str::to_string)
}

/// A text that may be an ISO date, shown as the language writes dates.
fn maybe_date(lang: Lang, text: &str) -> String {
    match Date::parse(text) {
        Some(d) if text.len() == 10 => date_text(lang, d),
        _ => text.to_string(),
    }
}

/// A value in words.
pub fn shown_text(lang: Lang, field: &str, value: &Shown) -> String {
    match value {
        Shown::None => "—".to_string(),
        Shown::Text(t) if t.is_empty() => "—".to_string(),
        Shown::Text(t) => match Date::parse(t) {
            Some(_) if t.len() == 10 => maybe_date(lang, t),
            _ => format!("«{t}»"),
        },
        Shown::Number(n) if is_amount(field) => amount_text(lang, *n),
        // A workshop's moments (Unix ms), as the day they fall on.
        Shown::Number(n) if field.ends_with("started_at") || field == "ended_at" => {
            date_text(lang, Date::from_days(n.div_euclid(86_400_000)))
        }
        Shown::Number(n) => n.to_string(),
        Shown::Flag(true) => w(lang, "history.yes"),
        Shown::Flag(false) => w(lang, "history.no"),
        Shown::Word(key) => w(lang, key),
        Shown::Measured(f, threshold) => {
            let limit = if is_amount(f) {
                amount_text(lang, *threshold)
            } else {
                threshold.to_string()
            };
            format!("{} ≥ {limit}", field_word(lang, f))
        }
        Shown::Rated(min) => format!("{} ≥ {min}", field_word(lang, "rating")),
    }
}

/// What the summary calls the item: its label, a question's text, a date as dates are
/// written.
fn label_text(lang: Lang, summary: &ChangeSummary) -> String {
    match summary.kind {
        EntityKind::AsIsAnswer => word(lang, &format!("analysis.q.{}", summary.label))
            .map_or_else(|| summary.label.clone(), |q| shorten(q, 60)),
        _ => maybe_date(lang, &summary.label),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn verb(lang: Lang, action: ChangeAction) -> String {
    w(
        lang,
        match action {
            ChangeAction::Created => "history.created",
            ChangeAction::Changed => "history.changed",
            ChangeAction::Removed => "history.removed",
        },
    )
}

/// One change in a sentence: `Massnahme «Workshop» (Müller AG) geändert`.
pub fn headline(lang: Lang, summary: &ChangeSummary) -> String {
    let mut text = kind_word(lang, summary.kind);
    let label = label_text(lang, summary);
    if !label.is_empty() {
        text.push_str(&format!(" «{label}»"));
    }
    if !summary.context.is_empty() {
        text.push_str(&format!(" ({})", summary.context));
    }
    text.push(' ');
    text.push_str(&verb(lang, summary.action));
    if summary.count > 1 {
        let more =
            w(lang, "history.and_more").replace("{{ count }}", &(summary.count - 1).to_string());
        text.push_str(&format!(" {more}"));
    }
    text
}

/// One field change in words: `Termin: 01.12.2026 → 15.12.2026`.
pub fn change_text(lang: Lang, change: &FieldChange) -> String {
    let name = field_word(lang, &change.field);
    if change.field == "rank" {
        return format!("{name}: {}", w(lang, "history.moved"));
    }
    format!(
        "{name}: {} → {}",
        shown_text(lang, &change.field, &change.old),
        shown_text(lang, &change.field, &change.new)
    )
}

/// The whole entry in one line: headline, then the changed fields.
pub fn sentence(lang: Lang, summary: &ChangeSummary) -> String {
    let mut text = headline(lang, summary);
    if !summary.changes.is_empty() {
        let changes: Vec<String> = summary
            .changes
            .iter()
            .map(|c| change_text(lang, c))
            .collect();
        text.push_str(": ");
        text.push_str(&changes.join("; "));
    } else if !summary.fields.is_empty() && summary.count == 0 {
        // Messages written before values were recorded name only the fields.
        let names: Vec<String> = summary.fields.iter().map(|f| field_word(lang, f)).collect();
        text.push_str(&format!(" ({})", names.join(", ")));
    }
    text
}

/// The area of the method a kind of thing belongs to.
pub fn area_of(kind: EntityKind) -> Area {
    use EntityKind as K;
    match kind {
        K::Workspace
        | K::Programme
        | K::Strategy
        | K::ProgrammeGoal
        | K::TeamMember
        | K::PlanStep
        | K::AsIsAnswer
        | K::GroundRuleCheck
        | K::ConflictEntry
        | K::Communication
        | K::Workshop
        | K::AgendaItem => Area::Rollout,
        K::Customer
        | K::Criterion
        | K::SelectionDecision
        | K::Rating
        | K::Attribute
        | K::PortfolioFactor
        | K::PortfolioSnapshot => Area::Customers,
        K::Requirement | K::Person | K::Training | K::Assessment | K::Level => Area::People,
        K::KeyAccount | K::SwotItem | K::Goal | K::Action | K::Stakeholder | K::Review => {
            Area::KeyAccounts
        }
        K::Target | K::WhitespaceCell | K::Offering | K::ProgrammeReview => Area::Controlling,
    }
}

/// One line of the history: one change, or several quick edits of one field by one
/// person folded together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The changes, oldest first; the last one is the state "as of" this entry.
    pub hashes: Vec<ChangeHash>,
    /// Unix seconds of the first and the last change.
    pub time: i64,
    pub until: i64,
    pub author: String,
    /// `None` for changes of other tools (no message).
    pub summary: Option<ChangeSummary>,
}

impl Entry {
    /// The change the app shows "as of" this entry.
    pub fn last_hash(&self) -> Option<ChangeHash> {
        self.hashes.last().copied()
    }

    pub fn area(&self) -> Option<Area> {
        self.summary
            .as_ref()
            .map(|s| match (s.kind, s.fields.first()) {
                // The threshold and the ABC limits are part of the selection.
                (EntityKind::Workspace, Some(f)) if f != "name" => Area::Customers,
                (kind, _) => area_of(kind),
            })
    }

    /// The entry in one line.
    pub fn sentence(&self, lang: Lang) -> String {
        self.summary
            .as_ref()
            .map_or_else(|| w(lang, "history.other_tool"), |s| sentence(lang, s))
    }

    /// Its parts in words (an import's customers, a review's actions).
    pub fn parts(&self, lang: Lang) -> Vec<String> {
        self.summary
            .as_ref()
            .map(|s| s.parts.iter().map(|p| sentence(lang, p)).collect())
            .unwrap_or_default()
    }

    /// Whether it concerns any of these customers (or their key accounts).
    pub fn concerns_any(&self, customers: &BTreeSet<String>) -> bool {
        self.summary.as_ref().is_some_and(|s| {
            customers.contains(&s.customer)
                || s.parts.iter().any(|p| customers.contains(&p.customer))
        })
    }
}

/// The history in entries, oldest first, with quick edits of one field folded.
pub fn entries(history: Vec<HistoryEntry>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::with_capacity(history.len());
    for h in history {
        if let (Some(last), Some(summary)) = (out.last_mut(), h.summary.as_ref())
            && folds(last, &h.author, h.time, summary)
            && let Some(previous) = last.summary.as_mut()
        {
            // The first old value stays, the newest new value wins.
            for (mine, theirs) in previous.changes.iter_mut().zip(&summary.changes) {
                mine.new = theirs.new.clone();
            }
            previous.label = summary.label.clone();
            last.hashes.push(h.hash);
            last.until = h.time;
            continue;
        }
        out.push(Entry {
            hashes: vec![h.hash],
            time: h.time,
            until: h.time,
            author: h.author,
            summary: h.summary,
        });
    }
    out
}

/// Whether a change continues the last entry: the same person setting the same
/// fields of the same item again, soon after.
fn folds(last: &Entry, author: &str, time: i64, summary: &ChangeSummary) -> bool {
    let Some(previous) = last.summary.as_ref() else {
        return false;
    };
    previous.action == ChangeAction::Changed
        && summary.action == ChangeAction::Changed
        && last.author == author
        && time - last.until <= FOLD_SECONDS
        && time >= last.until
        && previous.kind == summary.kind
        && previous.list == summary.list
        && previous.id == summary.id
        && !summary.changes.is_empty()
        && previous.changes.len() == summary.changes.len()
        && previous
            .changes
            .iter()
            .zip(&summary.changes)
            .all(|(a, b)| a.field == b.field)
}

/// What the history list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub author: Option<String>,
    pub area: Option<Area>,
    /// Customers' ids (see [`customers_named`]): their own changes and their key
    /// accounts'. `Some` of none matches nothing: a name no customer has.
    pub customers: Option<BTreeSet<String>>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Words to find in the entry, its parts or its author (any case).
    pub text: String,
}

impl Filter {
    pub fn matches(&self, entry: &Entry, lang: Lang) -> bool {
        if self.author.as_ref().is_some_and(|a| *a != entry.author)
            || self.area.is_some_and(|a| entry.area() != Some(a))
            || self
                .customers
                .as_ref()
                .is_some_and(|ids| !entry.concerns_any(ids))
            || self.from.is_some_and(|from| entry.until < from)
            || self.to.is_some_and(|to| entry.time > to)
        {
            return false;
        }
        let needle = self.text.trim().to_lowercase();
        needle.is_empty()
            || entry.author.to_lowercase().contains(&needle)
            || entry.sentence(lang).to_lowercase().contains(&needle)
            || entry
                .parts(lang)
                .iter()
                .any(|p| p.to_lowercase().contains(&needle))
    }
}

/// The customers a name typed into the history's filter picks: those named exactly so
/// (any case, outer spaces ignored), else every one whose name contains it. `None`
/// when nothing is typed (no filter). A list of thousands of customers is searched
/// by typing, not scrolled through in a drop-down.
pub fn customers_named(customers: &[Customer], typed: &str) -> Option<BTreeSet<String>> {
    let needle = typed.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    let exact: BTreeSet<String> = customers
        .iter()
        .filter(|c| c.name.trim().to_lowercase() == needle)
        .map(|c| c.id.clone())
        .collect();
    if !exact.is_empty() {
        return Some(exact);
    }
    Some(
        customers
            .iter()
            .filter(|c| c.name.to_lowercase().contains(&needle))
            .map(|c| c.id.clone())
            .collect(),
    )
}

/// Names to offer while a customer's name is typed into the history's filter: those
/// containing the text (any case), names starting with it first, then alphabetical,
/// at most `limit`, each once. Nothing before anything is typed.
pub fn customer_suggestions(customers: &[Customer], typed: &str, limit: usize) -> Vec<String> {
    let needle = typed.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, String, &str)> = customers
        .iter()
        .filter_map(|c| {
            let lower = c.name.to_lowercase();
            lower
                .contains(&needle)
                .then(|| (!lower.starts_with(&needle), lower, c.name.as_str()))
        })
        .collect();
    crate::order::sort_by(&mut found, |a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut names: Vec<String> = Vec::new();
    for (_, _, name) in found {
        if names.len() == limit {
            break;
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

/// One edit of one field: who, when, from what to what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEdit {
    pub hash: ChangeHash,
    pub time: i64,
    pub author: String,
    pub old: Shown,
    pub new: Shown,
}

/// Every edit of `field` of the item `id` in `list` (None: a workspace or programme
/// field of `kind`), newest first, from the unfolded history.
pub fn field_history(
    history: &[HistoryEntry],
    list: Option<&ListRef>,
    kind: EntityKind,
    id: &str,
    field: &str,
) -> Vec<FieldEdit> {
    let mut out = Vec::new();
    for h in history.iter().rev() {
        let Some(summary) = h.summary.as_ref() else {
            continue;
        };
        let own = std::iter::once(summary).chain(summary.parts.iter());
        for s in own {
            let same_item = match list {
                Some(l) => s.list.as_ref() == Some(l) && s.id == id,
                None => s.list.is_none() && s.kind == kind,
            };
            if !same_item {
                continue;
            }
            for c in s.changes.iter().filter(|c| c.field == field) {
                out.push(FieldEdit {
                    hash: h.hash,
                    time: h.time,
                    author: h.author.clone(),
                    old: c.old.clone(),
                    new: c.new.clone(),
                });
            }
        }
    }
    out
}

/// The history (filtered, as shown) for a spreadsheet: one row per changed field.
/// `offset` (seconds east of UTC) gives the reader's local time.
pub fn history_csv(entries: &[&Entry], lang: Lang, offset: i64) -> String {
    let header: Vec<String> = [
        "history.col_when",
        "history.col_who",
        "history.col_area",
        "history.col_what",
        "history.col_field",
        "history.col_old",
        "history.col_new",
    ]
    .iter()
    .map(|k| w(lang, k))
    .collect();
    let mut rows = Vec::new();
    for e in entries {
        let area = e
            .area()
            .map(|a| w(lang, &format!("areas.{}.title", area_key(a))))
            .unwrap_or_default();
        let base = vec![
            Cell::Text(time_text(lang, e.time + offset)),
            Cell::Text(e.author.clone()),
            Cell::Text(area),
        ];
        let what = e
            .summary
            .as_ref()
            .map_or_else(|| w(lang, "history.other_tool"), |s| headline(lang, s));
        let changes = e
            .summary
            .as_ref()
            .map(|s| s.changes.as_slice())
            .unwrap_or(&[]);
        if changes.is_empty() {
            let mut row = base.clone();
            row.push(Cell::Text(e.sentence(lang)));
            row.extend([
                Cell::Text(String::new()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
            ]);
            rows.push(row);
        }
        for c in changes {
            let mut row = base.clone();
            row.push(Cell::Text(what.clone()));
            row.push(Cell::Text(field_word(lang, &c.field)));
            row.push(Cell::Text(shown_text(lang, &c.field, &c.old)));
            row.push(Cell::Text(shown_text(lang, &c.field, &c.new)));
            rows.push(row);
        }
    }
    table_csv(&header, &rows, number_format(lang))
}

/// The key of an area in the locale's `areas`.
pub fn area_key(area: Area) -> &'static str {
    match area {
        Area::Rollout => "rollout",
        Area::Customers => "customers",
        Area::KeyAccounts => "key_accounts",
        Area::People => "people",
        Area::Controlling => "controlling",
    }
}

/// How an item differs between two points in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Added,
    Removed,
    /// The fields whose values differ.
    Changed(Vec<String>),
}

/// One item that differs between two points in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Differing {
    pub kind: EntityKind,
    pub id: String,
    /// Its name then (removed) or now.
    pub label: String,
    /// The key account's or customer's name it belongs to, if any.
    pub context: String,
    pub difference: Difference,
}

/// The lists of the workspace by their key in the document, and their kind.
fn list_kind(key: &str) -> Option<EntityKind> {
    use EntityKind as K;
    Some(match key {
        "goals" => K::ProgrammeGoal,
        "team" => K::TeamMember,
        "milestones" => K::PlanStep,
        "as_is" => K::AsIsAnswer,
        "ground_rule_checks" => K::GroundRuleCheck,
        "conflicts" => K::ConflictEntry,
        "communications" => K::Communication,
        "reviews" => K::ProgrammeReview,
        "customers" => K::Customer,
        "criteria" => K::Criterion,
        "decisions" => K::SelectionDecision,
        "requirements" => K::Requirement,
        "people" => K::Person,
        "trainings" => K::Training,
        "assessments" => K::Assessment,
        "key_accounts" => K::KeyAccount,
        "swot" => K::SwotItem,
        "actions" => K::Action,
        "stakeholders" => K::Stakeholder,
        "targets" => K::Target,
        "whitespace" => K::WhitespaceCell,
        "offerings" => K::Offering,
        "ratings" => K::Rating,
        "attributes" => K::Attribute,
        "portfolio_factors" => K::PortfolioFactor,
        "portfolio_snapshots" => K::PortfolioSnapshot,
        "workshops" => K::Workshop,
        "agenda_items" => K::AgendaItem,
        "levels" => K::Level,
        _ => return None,
    })
}

/// A nested list's kind depends on its parent: a key account's `goals` and `reviews`
/// are its own, not the programme's.
fn nested_kind(parent: EntityKind, key: &str) -> Option<EntityKind> {
    match (parent, key) {
        (EntityKind::KeyAccount, "goals") => Some(EntityKind::Goal),
        (EntityKind::KeyAccount, "reviews") => Some(EntityKind::Review),
        _ => list_kind(key),
    }
}

type Json = serde_json::Value;

fn item_label(item: &Json, names: &std::collections::HashMap<String, String>) -> String {
    if let Some(customer) = item.get("customer_id").and_then(Json::as_str)
        && item.get("name").is_none()
    {
        return names.get(customer).cloned().unwrap_or_default();
    }
    [
        "name", "title", "text", "what", "topic", "role", "date", "id",
    ]
    .iter()
    .find_map(|k| {
        item.get(*k)
            .and_then(Json::as_str)
            .filter(|s| !s.is_empty())
    })
    .map(|s| shorten(s, 60))
    .unwrap_or_default()
}

/// Every item that was added, removed or changed from `before` to `after` (the
/// document as its reader gives it: the workspace's tree as JSON), lists in document
/// order, the workspace's and programme's own fields as one entry each.
pub(crate) fn diff(a: &Json, b: &Json) -> Vec<Differing> {
    let mut names = std::collections::HashMap::new();
    for tree in [a, b] {
        for c in tree
            .get("customers")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(id), Some(name)) = (
                c.get("id").and_then(Json::as_str),
                c.get("name").and_then(Json::as_str),
            ) {
                names.insert(id.to_string(), name.to_string());
            }
        }
    }
    let mut out = Vec::new();
    compare_object(a, b, EntityKind::Workspace, "", "", &names, &mut out);
    out
}

fn compare_object(
    a: &Json,
    b: &Json,
    kind: EntityKind,
    id: &str,
    context: &str,
    names: &std::collections::HashMap<String, String>,
    out: &mut Vec<Differing>,
) {
    let empty = serde_json::Map::new();
    let (ma, mb) = (
        a.as_object().unwrap_or(&empty),
        b.as_object().unwrap_or(&empty),
    );
    let mut changed = Vec::new();
    let mut nested = Vec::new();
    let keys: Vec<&String> = {
        let mut k: Vec<&String> = ma.keys().chain(mb.keys()).collect();
        crate::order::sort(&mut k);
        k.dedup();
        k
    };
    for key in keys {
        let (va, vb) = (
            ma.get(key).unwrap_or(&Json::Null),
            mb.get(key).unwrap_or(&Json::Null),
        );
        let is_list = va.is_array() || vb.is_array();
        if is_list && let Some(child) = nested_kind(kind, key) {
            nested.push((child, va, vb));
        } else if key == "programme" || key == "strategy" {
            let child = if key == "programme" {
                EntityKind::Programme
            } else {
                EntityKind::Strategy
            };
            compare_object(va, vb, child, "", context, names, out);
        } else if va != vb {
            changed.push(key.clone());
        }
    }
    if !changed.is_empty() {
        let label = if id.is_empty() {
            String::new()
        } else {
            item_label(b, names)
        };
        out.push(Differing {
            kind,
            id: id.to_string(),
            label,
            context: context.to_string(),
            difference: Difference::Changed(changed),
        });
    }
    for (child, va, vb) in nested {
        compare_list(va, vb, child, kind, b, context, names, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn compare_list(
    a: &Json,
    b: &Json,
    kind: EntityKind,
    parent_kind: EntityKind,
    parent: &Json,
    context: &str,
    names: &std::collections::HashMap<String, String>,
    out: &mut Vec<Differing>,
) {
    let none = Vec::new();
    let (la, lb) = (a.as_array().unwrap_or(&none), b.as_array().unwrap_or(&none));
    let id_of = |v: &Json| {
        v.get("id")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string()
    };
    // Items inside a key account or customer belong to it by name.
    let context = match parent_kind {
        EntityKind::KeyAccount
        | EntityKind::Customer
        | EntityKind::Person
        | EntityKind::Assessment => item_label(parent, names),
        _ => context.to_string(),
    };
    let before: std::collections::HashMap<String, &Json> =
        la.iter().map(|v| (id_of(v), v)).collect();
    let after_ids: std::collections::HashSet<String> = lb.iter().map(id_of).collect();
    for item in lb {
        let id = id_of(item);
        match before.get(&id) {
            None => out.push(Differing {
                kind,
                label: item_label(item, names),
                id,
                context: context.clone(),
                difference: Difference::Added,
            }),
            Some(old) => compare_object(old, item, kind, &id, &context, names, out),
        }
    }
    for item in la {
        let id = id_of(item);
        if !after_ids.contains(&id) {
            out.push(Differing {
                kind,
                label: item_label(item, names),
                id,
                context: context.clone(),
                difference: Difference::Removed,
            });
        }
    }
}

/// A difference in one line: `Massnahme «Workshop» (Müller AG): neu`.
pub fn difference_text(lang: Lang, d: &Differing) -> String {
    let mut text = kind_word(lang, d.kind);
    if !d.label.is_empty() {
        text.push_str(&format!(" «{}»", maybe_date(lang, &d.label)));
    }
    if !d.context.is_empty() {
        text.push_str(&format!(" ({})", d.context));
    }
    let what = match &d.difference {
        Difference::Added => w(lang, "history.added"),
        Difference::Removed => verb(lang, ChangeAction::Removed),
        Difference::Changed(fields) => {
            let names: Vec<String> = fields.iter().map(|f| field_word(lang, f)).collect();
            format!(
                "{} ({})",
                verb(lang, ChangeAction::Changed),
                names.join(", ")
            )
        }
    };
    format!("{text}: {what}")
}
