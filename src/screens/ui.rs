//! Small pieces every editing screen shares: dates as users write them, new ids, a
//! refused command in words, status choices, the print button, a remove button that asks.

use crate::screens::words::Words;
use kam_domain::{
    command::CommandError,
    date::Date,
    model::{Status, Workspace},
    validate::Problem,
};
use leptos::prelude::*;

use crate::{error::AppError, i18n::*, store::use_store};

/// Today in the browser's local calendar.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date {
        year: now.get_full_year() as i32,
        month: now.get_month() + 1,
        day: now.get_date(),
    }
}

/// A stored `YYYY-MM-DD` as users in CH/DE/AT write it (31.07.2026), or en-GB style.
pub fn show_date(iso: &str, l: Locale) -> String {
    match Date::parse(iso) {
        Some(d) => show(d, l),
        None => iso.to_string(),
    }
}

/// A date as users write it: one format per language, the domain's (history, minutes).
pub fn show(d: Date, l: Locale) -> String {
    kam_domain::history::date_text(crate::lang(l), d)
}

/// A new item id: random, so devices that add items offline never collide.
pub fn new_id() -> String {
    automerge::ActorId::random()
        .to_hex_string()
        .chars()
        .take(16)
        .collect()
}

pub use crate::error::{error_text, field_name};

/// The language content made from templates is written in: the user's.
pub fn content_language(l: Locale) -> kam_domain::method::Language {
    match l {
        Locale::de => kam_domain::method::Language::De,
        Locale::en => kam_domain::method::Language::En,
    }
}

/// A place for the message of a refused command (or a failed download, a refused
/// write), next to the control that caused it.
#[derive(Clone, Copy)]
pub struct Feedback {
    error: RwSignal<Option<AppError>>,
}

impl Feedback {
    pub fn new() -> Feedback {
        Feedback {
            error: RwSignal::new(None),
        }
    }

    /// Sends a command; a refusal is shown, a success clears the message.
    pub fn send(self, command: kam_domain::command::Command) -> bool {
        self.report(use_store().dispatch(command))
    }

    /// Shows the error of `result`, or clears the message; whether it succeeded.
    pub fn report<E: Into<AppError>>(self, result: Result<(), E>) -> bool {
        let ok = result.is_ok();
        self.error.set(result.err().map(Into::into));
        ok
    }

    /// Moves item `id` of a ranked `list` one place; usually one rank change, see
    /// `kam_domain::rank::move_by_one`.
    pub fn move_item(
        self,
        list: kam_domain::command::ListRef,
        id: &str,
        direction: kam_domain::rank::Direction,
    ) {
        let ranks = read(|w| list.ranks(w));
        for (item, rank) in kam_domain::rank::move_by_one(&ranks, id, direction) {
            let command = kam_domain::command::Command::set(
                list.clone(),
                item,
                "rank",
                kam_domain::command::Value::Rank(rank),
            );
            if !self.send(command) {
                return;
            }
        }
    }

    /// Shows a refusal that did not come from a command (e.g. a form rule).
    pub fn refuse(self, error: impl Into<AppError>) {
        self.error.set(Some(error.into()));
    }

    pub fn clear(self) {
        self.error.set(None);
    }

    /// The message line (`role=alert`, so screen readers announce it).
    pub fn view(self) -> impl IntoView {
        let i18n = use_i18n();
        move || {
            self.error.get().map(|e| {
                view! {
                    <p class="inline-error" role="alert" data-testid="form-error">
                        {e.text(i18n.get_locale())}
                    </p>
                }
            })
        }
    }
}

impl Default for Feedback {
    fn default() -> Self {
        Self::new()
    }
}

/// Work statuses with their form values.
pub const STATUSES: [(Status, &str); 4] = [
    (Status::Open, "open"),
    (Status::InProgress, "in-progress"),
    (Status::Done, "done"),
    (Status::Cancelled, "cancelled"),
];

/// A status choice; `on_pick` receives the chosen status.
#[component]
pub fn StatusSelect(
    id: String,
    current: Status,
    #[prop(into)] on_pick: Callback<Status>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label_for = id.clone();
    view! {
        <label class="field status-field" for=label_for>
            <span class="field-label">{crate::tr(|l| td_string!(l, plan.status_label))}</span>
        <select id=id class="status-select" on:change=move |ev| {
            let chosen = event_target_value(&ev);
            if let Some((status, _)) = STATUSES.iter().find(|(_, v)| *v == chosen) {
                on_pick.run(*status);
            }
        }>
            {STATUSES.iter().map(|(status, value)| {
                let status = *status;
                view! {
                    <option value=*value selected=status == current>
                        {move || status.words(i18n.get_locale())}
                    </option>
                }
            }).collect_view()}
        </select>
        </label>
    }
}

/// Prints the current page (the print stylesheet leaves only the content).
#[component]
pub fn PrintButton() -> impl IntoView {
    view! {
        <button type="button" class="print-button" data-testid="print" on:click=move |_| {
            if let Some(w) = web_sys::window() {
                // The print dialog reports nothing back; a refusal leaves the page as it is.
                let _ = w.print();
            }
        }>
            {crate::tr(|l| td_string!(l, rollout.print))}
        </button>
    }
}

/// A remove button that asks once more before it removes (tablets are easy to mis-tap).
#[component]
pub fn RemoveButton(#[prop(into)] on_remove: Callback<()>) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="quiet" data-testid="remove" on:click=move |_| asking.set(true)>
                    {crate::tr(|l| td_string!(l, rollout.remove))}
                </button>
            }
        >
            <span class="confirm-remove">
                <button type="button" class="danger" data-testid="confirm-remove" on:click=move |_| {
                    asking.set(false);
                    on_remove.run(());
                }>
                    {crate::tr(|l| td_string!(l, rollout.confirm_remove))}
                </button>
                <button type="button" class="quiet" on:click=move |_| asking.set(false)>
                    {crate::tr(|l| td_string!(l, rollout.cancel))}
                </button>
            </span>
        </Show>
    }
}

/// Move-up and move-down buttons for an item of a ranked list.
#[component]
pub fn MoveButtons(
    #[prop(into)] on_move: Callback<kam_domain::rank::Direction>,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    use kam_domain::rank::Direction;
    let i18n = use_i18n();
    view! {
        <span class="move-buttons">
            <button type="button" class="quiet icon" data-testid="move-up"
                aria-label=move || format!("{}: {}", td_string!(i18n.get_locale(), rollout.up), label.get())
                on:click=move |_| on_move.run(Direction::Up)>"↑"</button>
            <button type="button" class="quiet icon" data-testid="move-down"
                aria-label=move || format!("{}: {}", td_string!(i18n.get_locale(), rollout.down), label.get())
                on:click=move |_| on_move.run(Direction::Down)>"↓"</button>
        </span>
    }
}

/// A field's label from a translation, following the language.
pub fn label(f: fn(Locale) -> &'static str) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || f(i18n.get_locale()).to_string())
}

/// Reads something out of the open workspace (empty default while none is open).
pub fn read<T: Default>(f: impl FnOnce(&Workspace) -> T) -> T {
    use_store()
        .workspace
        .with(|w| w.as_ref().map(f).unwrap_or_default())
}

/// Everyone in the people directory as (id, name), for choosing an owner or manager.
/// Re-read only when the people change.
pub fn people_choices() -> Memo<Vec<(String, String)>> {
    let store = use_store();
    Memo::new(move |_| {
        store.read_parts(&[crate::store::Part::Items("people")], |w| {
            w.people
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    })
}

/// The people as choices of an `EditField`, "none" first.
pub fn people_options() -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    let people = people_choices();
    Signal::derive(move || {
        let mut options = vec![(
            String::new(),
            td_string!(i18n.get_locale(), rollout.none).to_string(),
        )];
        options.extend(people.get());
        options
    })
}

/// Work statuses as choices of an `EditField` (values as the document stores them).
pub fn status_options() -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let l = i18n.get_locale();
        STATUSES
            .iter()
            .map(|(s, _)| (format!("{s:?}"), (*s).words(l).to_string()))
            .collect()
    })
}

/// A status choice back to the value.
pub fn status_value(text: String) -> Result<kam_domain::command::Value, CommandError> {
    status_from_stored(&text)
        .map(kam_domain::command::Value::Status)
        .ok_or(CommandError::Empty)
}

/// A whole number typed into a field, or the refusal naming the field: read as typed
/// (`-3` is minus three, never a huge number) and checked against the field's range.
pub fn whole_number(
    kind: kam_domain::command::EntityKind,
    field: &'static str,
) -> impl Fn(String) -> Result<kam_domain::command::Value, CommandError> + Copy {
    move |text: String| {
        let refused = |invalid| CommandError::Invalid { kind, invalid };
        let n = kam_domain::validate::whole_number(kind, field, &text).map_err(refused)?;
        u64::try_from(n)
            .map(kam_domain::command::Value::Uint)
            .map_err(|_| {
                refused(kam_domain::validate::Invalid {
                    field,
                    problem: Problem::Negative,
                })
            })
    }
}

/// Where a possibly conflicting field lives.
#[derive(Clone, Debug, PartialEq)]
pub enum ConflictAt {
    /// A field of a list item.
    Item(kam_domain::command::ListRef, String),
    /// A field of the rollout programme (start, duration, sponsor).
    Programme(kam_domain::command::ProgrammeField),
    /// A setting of the workspace (the criteria threshold, ABC limits).
    Workspace(kam_domain::command::WorkspaceField),
}

/// Marks a field that two people changed at the same time: shows the other version and
/// lets the user pick one (which writes it as a new change, ending the conflict).
#[component]
pub fn ConflictNote(
    at: ConflictAt,
    field: &'static str,
    /// Turns the chosen text into the field's value.
    #[prop(into)]
    to_value: Callback<String, Option<kam_domain::command::Value>>,
    /// How a stored value is shown (a date, a status, a person's name).
    #[prop(optional, into)]
    show: Option<Callback<String, String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let feedback = Feedback::new();
    let values = {
        let at = at.clone();
        Memo::new(move |_| match &at {
            ConflictAt::Item(list, id) => store.field_values(list, id, field),
            ConflictAt::Programme(_) => store.programme_field_values(field),
            ConflictAt::Workspace(_) => store.workspace_field_values(field),
        })
    };
    let pick = move |value: String| {
        if let Some(v) = to_value.run(value) {
            let command = match &at {
                ConflictAt::Item(list, id) => {
                    kam_domain::command::Command::set(list.clone(), id.clone(), field, v)
                }
                ConflictAt::Programme(f) => kam_domain::command::Command::SetProgramme {
                    field: *f,
                    value: v,
                },
                ConflictAt::Workspace(f) => kam_domain::command::Command::SetWorkspace {
                    field: *f,
                    value: v,
                },
            };
            feedback.send(command);
        }
    };
    view! {
        {feedback.view()}
        <Show when=move || values.with(|v| v.len() > 1)>
            {
                let pick = pick.clone();
                move || {
                    let all = values.get();
                    let mine = all.first().cloned().unwrap_or_default();
                    let (pick_mine, pick_other) = (pick.clone(), pick.clone());
                    all.into_iter().skip(1).take(1).map(|other| {
                        let (mine, other_value) = (mine.clone(), other.clone());
                        let (pick_mine, pick_other) = (pick_mine.clone(), pick_other.clone());
                        view! {
                            <div class="conflict-note" role="note" data-testid="conflict">
                                <strong>{crate::tr(|l| td_string!(l, sync.conflict))}</strong>" – "
                                {move || {
                                    let shown = show.map_or_else(|| other.clone(), |f| f.run(other.clone()));
                                    td_string!(i18n.get_locale(), sync.conflict_other, value = shown).to_string()
                                }}
                                <span class="row-actions">
                                    <button type="button" data-testid="conflict-take" on:click=move |_| pick_other(other_value.clone())>
                                        {crate::tr(|l| td_string!(l, sync.take_other))}
                                    </button>
                                    <button type="button" data-testid="conflict-keep" on:click=move |_| pick_mine(mine.clone())>
                                        {crate::tr(|l| td_string!(l, sync.keep_mine))}
                                    </button>
                                </span>
                            </div>
                        }
                    }).collect_view()
                }
            }
        </Show>
    }
}

/// A status as stored in the document ("InProgress") back to the value.
pub fn status_from_stored(text: &str) -> Option<Status> {
    match text {
        "Open" => Some(Status::Open),
        "InProgress" => Some(Status::InProgress),
        "Done" => Some(Status::Done),
        "Cancelled" => Some(Status::Cancelled),
        _ => None,
    }
}

/// An optional text field's value from a conflict choice ("" means empty).
pub fn opt_value(text: String) -> Option<kam_domain::command::Value> {
    Some(kam_domain::command::Value::OptStr(
        (!text.is_empty() && text != "null").then_some(text),
    ))
}

/// An amount in cents as whole units the way users read them: 1'234'568 (de), 1,234,568 (en).
pub fn show_amount(cents: i64, l: Locale) -> String {
    use kam_domain::amounts::{NumberFormat, format_amount};
    let whole = (cents as f64 / 100.0).round() as i64 * 100;
    let format = match l {
        Locale::de => NumberFormat::Swiss,
        Locale::en => NumberFormat::English,
    };
    let text = format_amount(whole, format);
    text.strip_suffix(".00")
        .map_or(text.clone(), str::to_string)
}

/// A count as users read large ones: 50'000 (de), 50,000 (en).
pub fn show_count(n: usize, l: Locale) -> String {
    show_amount(n as i64 * 100, l)
}

/// An amount for an input field, the way users type it: 500'000 or 1'234.50.
pub fn amount_text(cents: i64) -> String {
    let text = kam_domain::amounts::format_amount(cents, kam_domain::amounts::NumberFormat::Swiss);
    text.strip_suffix(".00")
        .map_or(text.clone(), str::to_string)
}

/// An amount as the document stores it (cents, as a field version shows it) the way
/// users type it.
pub fn cents_text(raw: String) -> String {
    raw.parse().map(amount_text).unwrap_or(raw)
}

/// A percentage with one decimal as users read it: 98,5 % (de), 98.5 % (en).
pub fn show_percent(v: f64, l: Locale) -> String {
    // A no-break space: "57.0 %" never breaks between the number and its sign.
    let text = format!("{v:.1}\u{a0}%");
    match l {
        Locale::de => text.replace('.', ","),
        Locale::en => text,
    }
}

/// An optional amount for a table cell: "–" when there is none.
pub fn show_opt_amount(cents: Option<i64>, l: Locale) -> String {
    cents.map_or_else(|| "–".to_string(), |c| show_amount(c, l))
}

/// A typed amount as a command value, or the refusal naming the field.
pub fn amount_value(
    kind: kam_domain::command::EntityKind,
    field: &'static str,
    text: &str,
) -> Result<Option<i64>, CommandError> {
    kam_domain::amounts::read_amount(text).map_err(|_| CommandError::Invalid {
        kind,
        invalid: kam_domain::validate::Invalid {
            field,
            problem: Problem::NotANumber {
                value: text.trim().to_string(),
            },
        },
    })
}

/// A button that opens the file chooser and hands over the chosen file's bytes. Not
/// generic: one copy in the wasm for every use.
#[component]
pub fn FileButton(
    label: fn(Locale) -> &'static str,
    test_id: &'static str,
    accept: &'static str,
    #[prop(into)] on_file: Callback<Vec<u8>>,
) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let input_id = format!("file-{test_id}");
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Some(bytes) = crate::files::read_chosen(&input).await {
                on_file.run(bytes);
            }
            input.set_value("");
        });
    };
    view! {
        <label class="button file-button" for=input_id.clone()>{crate::tr(label)}</label>
        <input
            id=input_id
            class="visually-hidden"
            type="file"
            accept=accept
            data-testid=test_id
            on:change=on_change
        />
    }
}

/// Who works on this device, asked before anything else when creating or joining a
/// workspace: the name signs every change and shows in presence; the role on the board
/// is shown beside it. Prefilled with what this device knows.
#[derive(Clone, Copy)]
pub struct YouFields {
    name: RwSignal<String>,
    role: RwSignal<String>,
    /// Why the name was refused; shown in the language chosen now (a switch after the
    /// refusal changes the message too).
    error: RwSignal<Option<NameRefused>>,
}

#[derive(Clone, Debug, PartialEq)]
enum NameRefused {
    Missing,
    TooLong(usize),
    NotStored(AppError),
}

impl NameRefused {
    fn text(&self, l: Locale) -> String {
        use kam_domain::author::MAX_AUTHOR_NAME_CHARS;
        match self {
            NameRefused::Missing => td_string!(l, you.name_missing).to_string(),
            NameRefused::TooLong(chars) => td_string!(
                l,
                you.name_too_long,
                chars = *chars,
                max = MAX_AUTHOR_NAME_CHARS
            )
            .to_string(),
            NameRefused::NotStored(e) => e.text(l),
        }
    }
}

impl YouFields {
    /// Prefilled from this device's stored name and role.
    pub fn from_device() -> YouFields {
        YouFields {
            name: RwSignal::new(crate::prefs::stored_author().unwrap_or_default()),
            role: RwSignal::new(crate::prefs::stored_role().unwrap_or_default()),
            error: RwSignal::new(None),
        }
    }

    /// Checks and keeps name and role; `false`, with the message next to the name,
    /// when the name is missing, too long or cannot be stored.
    pub fn save(self) -> bool {
        use kam_domain::author::{AuthorName, AuthorNameError};
        let message = match AuthorName::parse(&self.name.get_untracked()) {
            Err(AuthorNameError::Empty) => Some(NameRefused::Missing),
            Err(AuthorNameError::TooLong { chars }) => Some(NameRefused::TooLong(chars)),
            Ok(name) => crate::prefs::store_author(&name)
                .and_then(|()| crate::prefs::store_role(&self.role.get_untracked()))
                .err()
                .map(NameRefused::NotStored),
        };
        let ok = message.is_none();
        self.error.set(message);
        ok
    }

    /// The two fields; `prefix` makes their ids and test ids unique on the page.
    pub fn view(self, prefix: &'static str) -> impl IntoView {
        let i18n = use_i18n();
        let name_id = format!("{prefix}-name");
        let role_id = format!("{prefix}-role");
        view! {
            <div class="you-fields" data-testid=format!("{prefix}-you")>
                <div class="field">
                    <label for=name_id.clone()>{crate::tr(|l| td_string!(l, you.name))}</label>
                    <input
                        id=name_id.clone()
                        type="text"
                        autocomplete="name"
                        maxlength="200"
                        data-testid=name_id
                        placeholder=move || td_string!(i18n.get_locale(), you.name_placeholder)
                        prop:value=move || self.name.get()
                        on:input=move |ev| self.name.set(event_target_value(&ev))
                        aria-invalid=move || self.error.with(Option::is_some).to_string()
                        aria-describedby=format!("{prefix}-name-hint")
                    />
                    <p class="hint" id=format!("{prefix}-name-hint")>{crate::tr(|l| td_string!(l, you.name_hint))}</p>
                    {move || {
                        let l = i18n.get_locale();
                        self.error.get().map(|e| {
                            view! { <p class="inline-error" role="alert" data-testid=format!("{prefix}-name-error")>{e.text(l)}</p> }
                        })
                    }}
                </div>
                <div class="field">
                    <label for=role_id.clone()>{crate::tr(|l| td_string!(l, you.role))}</label>
                    <input
                        id=role_id.clone()
                        type="text"
                        maxlength="80"
                        data-testid=role_id
                        placeholder=move || td_string!(i18n.get_locale(), you.role_placeholder)
                        prop:value=move || self.role.get()
                        on:input=move |ev| self.role.set(event_target_value(&ev))
                    />
                </div>
            </div>
        }
    }
}
