//! Workshops of the introduction (DOMAIN.md: the method is worked through in management
//! workshops): the templates for the typical ones, and the rules of running one — which
//! agenda item is on, how much of its time box is left, moving on, and the window its
//! minutes cover.

use crate::command::{Command, Item, ListRef, Value};
use crate::document::HistoryEntry;
use crate::history::Lang;
use crate::minutes::{self, Decision};
use crate::model::{AgendaItem, Workshop, Workspace};

/// One item of a template: title in German and English, the screen, the time box.
pub struct TemplateItem {
    pub de: &'static str,
    pub en: &'static str,
    pub screen: &'static str,
    pub minutes: u64,
}

/// A typical workshop of the introduction.
pub struct Template {
    pub key: &'static str,
    pub de: &'static str,
    pub en: &'static str,
    pub items: &'static [TemplateItem],
}

macro_rules! items {
    ($(($de:expr, $en:expr, $screen:expr, $minutes:expr)),* $(,)?) => {
        &[$(TemplateItem { de: $de, en: $en, screen: $screen, minutes: $minutes }),*]
    };
}

/// The six workshops of the introduction, in the order the method holds them.
pub const TEMPLATES: &[Template] = &[
    Template {
        key: "kickoff",
        de: "Kick-off und Projektauftrag",
        en: "Kick-off and project charter",
        items: items![
            (
                "Ziele der Einführung",
                "Goals of the introduction",
                "/rollout/charter",
                30
            ),
            (
                "Projektteam und Rollen",
                "Project team and roles",
                "/rollout/charter",
                20
            ),
            (
                "Arbeitsplan und Meilensteine",
                "Work plan and milestones",
                "/rollout/plan",
                40
            ),
            (
                "Grundregeln vereinbaren",
                "Agree the ground rules",
                "/rollout/ground-rules",
                20
            ),
        ],
    },
    Template {
        key: "strategy",
        de: "Strategie und Ist-Analyse",
        en: "Strategy and as-is analysis",
        items: items![
            (
                "Strategie und Rolle von KAM",
                "Strategy and the role of KAM",
                "/rollout/analysis",
                45
            ),
            (
                "Ist-Analyse der Kundenbetreuung",
                "As-is analysis of customer care",
                "/rollout/analysis",
                45
            ),
            (
                "Konflikte und Kommunikation",
                "Conflicts and communication",
                "/rollout/implementation",
                20
            ),
        ],
    },
    Template {
        key: "criteria",
        de: "Kriterien und provisorische Auswahl",
        en: "Criteria and provisional selection",
        items: items![
            (
                "Kundenliste prüfen",
                "Check the customer list",
                "/customers",
                15
            ),
            (
                "ABC-Analyse besprechen",
                "Discuss the ABC analysis",
                "/customers/abc",
                20
            ),
            (
                "Kriterien festlegen",
                "Set the criteria",
                "/customers/criteria",
                40
            ),
            (
                "Provisorische Auswahl",
                "Provisional selection",
                "/customers/selection",
                45
            ),
        ],
    },
    Template {
        key: "selection",
        de: "Definitive Auswahl und Verantwortlichkeiten",
        en: "Definitive selection and responsibilities",
        items: items![
            (
                "Portfolio ansehen",
                "Look at the portfolio",
                "/customers/portfolio",
                20
            ),
            (
                "Definitive Auswahl",
                "Definitive selection",
                "/customers/selection",
                40
            ),
            (
                "Top 10 festlegen",
                "Set the Top 10",
                "/customers/top-10",
                20
            ),
            ("Anforderungsprofil", "Requirement profile", "/people", 20),
            (
                "Verantwortlichkeiten zuteilen",
                "Assign responsibilities",
                "/people/responsibilities",
                40
            ),
        ],
    },
    Template {
        key: "plan_clinic",
        de: "Account-Plan-Klinik",
        en: "Account plan clinic",
        items: items![
            (
                "Key Accounts im Überblick",
                "Key accounts at a glance",
                "/key-accounts",
                15
            ),
            (
                "Account-Pläne durchgehen",
                "Go through the account plans",
                "/key-accounts",
                60
            ),
            (
                "Massnahmen und Fristen",
                "Actions and due dates",
                "/controlling/work",
                20
            ),
        ],
    },
    Template {
        key: "review",
        de: "Review des Programms",
        en: "Programme review",
        items: items![
            (
                "Cockpit: Stand der Key Accounts",
                "Cockpit: where the key accounts stand",
                "/controlling",
                20
            ),
            (
                "Überfällige Arbeit",
                "Overdue work",
                "/controlling/work",
                20
            ),
            (
                "Programm-Review und Massnahmen",
                "Programme review and measures",
                "/controlling/programme",
                40
            ),
            (
                "Grundregeln prüfen",
                "Check the ground rules",
                "/rollout/ground-rules",
                20
            ),
        ],
    },
];

/// The template with this key.
pub fn template(key: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.key == key)
}

impl Template {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::De => self.de,
            Lang::En => self.en,
        }
    }
}

impl TemplateItem {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::De => self.de,
            Lang::En => self.en,
        }
    }
}

/// A new workshop from a template (or an empty one for `None`), in the given language,
/// with its agenda: one change, so the workshop never exists without its agenda.
pub fn create(
    template: Option<&Template>,
    lang: Lang,
    date: &str,
    participants: &str,
    mut new_id: impl FnMut() -> String,
) -> Command {
    let workshop = Workshop {
        id: new_id(),
        // "Workshop" is the word in both languages.
        title: template.map_or("Workshop", |t| t.title(lang)).to_string(),
        date: date.to_string(),
        participants: participants.trim().to_string(),
        template: template.map(|t| t.key.to_string()),
        started_at: None,
        ended_at: None,
        current_item: None,
        item_started_at: None,
    };
    let mut commands = Vec::new();
    for (n, item) in template.map_or(&[][..], |t| t.items).iter().enumerate() {
        commands.push(Command::Insert {
            list: ListRef::AgendaItems,
            item: Item::AgendaItem(AgendaItem {
                id: new_id(),
                workshop_id: workshop.id.clone(),
                rank: (n + 1) as f64,
                title: item.title(lang).to_string(),
                screen: item.screen.to_string(),
                minutes: item.minutes,
                notes: Default::default(),
            }),
        });
    }
    commands.insert(
        0,
        Command::Insert {
            list: ListRef::Workshops,
            item: Item::Workshop(workshop),
        },
    );
    Command::Batch(commands)
}

/// The agenda of a workshop, in its order.
pub fn agenda<'a>(ws: &'a Workspace, workshop_id: &str) -> Vec<&'a AgendaItem> {
    crate::rank::sorted(
        ws.agenda_items
            .iter()
            .filter(|a| a.workshop_id == workshop_id),
    )
}

/// Whether the workshop has started and not ended.
pub fn is_running(w: &Workshop) -> bool {
    w.started_at.is_some() && w.ended_at.is_none()
}

/// The workshop running now; of two started concurrently, the one started last.
pub fn running(ws: &Workspace) -> Option<&Workshop> {
    ws.workshops
        .iter()
        .filter(|w| is_running(w))
        .max_by_key(|w| w.started_at)
}

fn update(id: &str, changes: Vec<(&str, Value)>) -> Command {
    Command::Update {
        list: ListRef::Workshops,
        id: id.to_string(),
        changes: changes
            .into_iter()
            .map(|(f, v)| (f.to_string(), v))
            .collect(),
    }
}

/// Starts the workshop at `now` (Unix ms) with its first agenda item; `None` for an
/// unknown workshop. Starting again after the end goes on where it stopped: the minutes
/// then cover from the first start.
pub fn start(ws: &Workspace, workshop_id: &str, now_ms: i64) -> Option<Command> {
    let w = ws.workshops.iter().find(|w| w.id == workshop_id)?;
    let first = agenda(ws, workshop_id).first().map(|a| a.id.clone());
    let item = w
        .current_item
        .clone()
        .filter(|id| ws.agenda_items.iter().any(|a| &a.id == id))
        .or(first);
    Some(update(
        workshop_id,
        vec![
            (
                "started_at",
                Value::OptInt(Some(w.started_at.unwrap_or(now_ms))),
            ),
            ("ended_at", Value::OptInt(None)),
            ("current_item", Value::OptStr(item.clone())),
            ("item_started_at", Value::OptInt(item.map(|_| now_ms))),
        ],
    ))
}

/// Ends the workshop at `now`; the current item stays, so starting again goes on there.
pub fn end(workshop_id: &str, now_ms: i64) -> Command {
    update(workshop_id, vec![("ended_at", Value::OptInt(Some(now_ms)))])
}

/// Makes `item_id` the current agenda item from `now` on.
pub fn go_to(workshop_id: &str, item_id: &str, now_ms: i64) -> Command {
    update(
        workshop_id,
        vec![
            ("current_item", Value::OptStr(Some(item_id.to_string()))),
            ("item_started_at", Value::OptInt(Some(now_ms))),
        ],
    )
}

/// The agenda item `step` places after (1) or before (-1) the current one; `None` at
/// either end or with no current item.
pub fn neighbour<'a>(ws: &'a Workspace, w: &Workshop, step: i32) -> Option<&'a AgendaItem> {
    let items = agenda(ws, &w.id);
    let at = items
        .iter()
        .position(|a| Some(&a.id) == w.current_item.as_ref())?;
    let to = at as i64 + i64::from(step);
    usize::try_from(to).ok().and_then(|i| items.get(i).copied())
}

/// The current agenda item of a workshop, if it still exists.
pub fn current<'a>(ws: &'a Workspace, w: &Workshop) -> Option<&'a AgendaItem> {
    let id = w.current_item.as_ref()?;
    ws.agenda_items.iter().find(|a| &a.id == id)
}

/// Seconds left in the current item's time box at `now` (negative once it is over);
/// `None` when no item is on.
pub fn time_left(ws: &Workspace, w: &Workshop, now_ms: i64) -> Option<i64> {
    let item = current(ws, w)?;
    let since = w.item_started_at?;
    let box_ms = i64::try_from(item.minutes).ok()?.saturating_mul(60_000);
    Some((since.saturating_add(box_ms) - now_ms).div_euclid(1000))
}

/// The time left as the timer shows it: `12:05`, `-1:30` once over.
pub fn clock(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

/// The total time box of the agenda, in minutes.
pub fn planned_minutes(ws: &Workspace, workshop_id: &str) -> u64 {
    agenda(ws, workshop_id).iter().map(|a| a.minutes).sum()
}

/// The Unix-seconds window the workshop's minutes cover: from its start to its end, or to
/// `now` while it runs; `None` before it started.
pub fn window(w: &Workshop, now_ms: i64) -> Option<(i64, i64)> {
    let from = w.started_at?;
    let to = w.ended_at.unwrap_or(now_ms).max(from);
    Some((from.div_euclid(1000), to.div_euclid(1000)))
}

/// The decisions taken while the workshop ran, oldest first.
pub fn decisions(
    history: &[HistoryEntry],
    ws: &Workspace,
    w: &Workshop,
    now_ms: i64,
) -> Vec<Decision> {
    match window(w, now_ms) {
        Some((from, to)) => minutes::decisions(history, ws, from, to),
        None => Vec::new(),
    }
}
