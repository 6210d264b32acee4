//! One editable field for every screen (a line, several lines, a number, a date, a
//! choice, a yes/no), owning the rules of editing together:
//!
//! - **Drafts are sacred.** While the field is focused or holds unsaved text, a change
//!   from another tab, file or device never replaces it. If the stored value changed
//!   meanwhile, the field says who changed it to what, and the user decides: take
//!   theirs, or save theirs over it (also by simply leaving the field).
//! - **Who edits what, live.** Focusing the field tells the others (presence); a field
//!   someone else is in is outlined and named.
//! - **Honest conflicts.** When two people changed the field concurrently, every version
//!   is listed with its author and time, each with a button named by its author; the
//!   same on every device, so each button does what it says everywhere.

use kam_domain::{
    command::{CommandError, Value},
    versions::{FieldAt, FieldVersion},
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::kit::DateInput,
    screens::ui::{error_text, show_date},
    store::{Part, use_store},
    sync::SyncClient,
};

/// What kind of input a field is.
#[derive(Clone, Default)]
pub enum FieldKind {
    /// One line of text (titles, names): a register.
    #[default]
    Line,
    /// Several lines (notes, profile): collaborative text.
    Lines,
    /// A number typed as text (amounts, months, percentages).
    Number,
    /// A date, typed as the language writes it (`YYYY-MM-DD` stored).
    Date,
    /// One of a list of (value, label); "" is "none".
    Choice(Signal<Vec<(String, String)>>),
    /// Yes or no (`true` / `false`).
    Check,
}

impl FieldKind {
    /// Kinds that are saved on every change of the input, not when leaving it.
    fn saves_at_once(&self) -> bool {
        matches!(self, FieldKind::Choice(_) | FieldKind::Check)
    }
}

/// A stored value as Automerge shows a version (`null` for none) as the input's text.
fn plain(stored: String) -> String {
    if stored == "null" {
        String::new()
    } else {
        stored
    }
}

/// "14:32", or "03.12. 14:32" for another day.
fn clock(unix_seconds: i64) -> String {
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    let now = js_sys::Date::new_0();
    let time = format!("{:02}:{:02}", at.get_hours(), at.get_minutes());
    if at.to_date_string() == now.to_date_string() {
        time
    } else {
        format!("{:02}.{:02}. {time}", at.get_date(), at.get_month() + 1)
    }
}

/// An editable field; see the module documentation for what it guarantees.
#[component]
pub fn EditField(
    /// The field's label, in the user's language.
    #[prop(into)]
    label: Signal<String>,
    /// Where the field lives, and its name there (`title`, `due`, …).
    at: FieldAt,
    field: &'static str,
    /// The part of the workspace holding it: its versions are re-read when it is.
    part: Part,
    /// The stored value as the input shows it ("" for none).
    #[prop(into)]
    stored: Signal<String>,
    #[prop(optional)] kind: FieldKind,
    /// The input's text as the value to store, or why it cannot be.
    #[prop(into)]
    to_value: Callback<String, Result<Value, CommandError>>,
    /// Writes a value another way than setting this one field (a due date that moves
    /// the following steps too). Default: the one field.
    #[prop(optional, into)]
    write: Option<Callback<Value, Result<(), CommandError>>>,
    /// A stored version as the input's text (an amount in cents as "500'000").
    #[prop(optional, into)]
    from_stored: Option<Callback<String, String>>,
    /// Where the field's versions are, when it sits inside a value made of parts
    /// (`rule/Measured/threshold` for a criterion's threshold). Default: `field`.
    #[prop(optional)]
    versions_at: Option<&'static str>,
    /// `data-testid` of the input.
    test_id: &'static str,
    /// Hides the label visually (a table cell); screen readers still read it.
    #[prop(optional)]
    quiet_label: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let sync = use_context::<SyncClient>();
    let key = at.key(field);
    // The text being written, while editing; `None`: the input shows what is stored.
    let draft: RwSignal<Option<String>> = RwSignal::new(None);
    // The stored value when editing began: a different one now was written meanwhile.
    let base = RwSignal::new(String::new());
    let error: RwSignal<Option<CommandError>> = RwSignal::new(None);
    let from_stored = move |raw: String| match from_stored {
        Some(f) => f.run(plain(raw)),
        None => plain(raw),
    };
    let path = versions_at.unwrap_or(field);
    // Whether there is a conflict is cheap to ask (one walk per part and change); the
    // versions with their authors are read only when there is one.
    let conflicted = {
        let (part, key) = (part.clone(), at.key(path));
        Memo::new(move |_| store.conflicted(part.clone(), &key))
    };
    let versions = {
        let (at, part) = (at.clone(), part.clone());
        Memo::new(move |_| {
            if conflicted.get() {
                store.versions(part.clone(), &at, path)
            } else {
                Vec::new()
            }
        })
    };
    let others = {
        let key = key.clone();
        Memo::new(move |_| sync.map(|s| s.editing(&key)).unwrap_or_default())
    };
    let shown = move || draft.get().unwrap_or_else(|| stored.get());
    let changed_meanwhile = move || draft.with(Option::is_some) && stored.get() != base.get();
    // Who wrote the value shown now: read only while the "changed meanwhile" note shows.
    let latest_author = {
        let (at, part) = (at.clone(), part.clone());
        Memo::new(move |_| {
            if changed_meanwhile() {
                store
                    .versions(part.clone(), &at, path)
                    .first()
                    .map(|v| v.author.clone())
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
    };

    let save_value = {
        let at = at.clone();
        move |value: Value| -> Result<(), CommandError> {
            match write {
                Some(w) => w.run(value),
                None => match at.command(field, value) {
                    Some(command) => store.dispatch(command),
                    None => Err(CommandError::UnknownField {
                        kind: kam_domain::command::EntityKind::Workspace,
                        field: field.to_string(),
                    }),
                },
            }
        }
    };
    // Saves `text`; the draft ends when it is stored (or was not changed at all).
    let save = {
        let save_value = save_value.clone();
        move |text: String| {
            let unchanged = text == base.get_untracked();
            if unchanged {
                // Nothing typed: whatever is stored now (perhaps someone else's) stays.
                draft.set(None);
                error.set(None);
                return;
            }
            match to_value.run(text).and_then(&save_value) {
                Ok(()) => {
                    draft.set(None);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let begin = move || {
        if draft.with_untracked(Option::is_none) {
            let now = stored.get_untracked();
            base.set(now.clone());
            draft.set(Some(now));
        }
    };
    let focus = {
        let key = key.clone();
        move || {
            begin();
            if let Some(s) = sync {
                s.set_editing(Some(key.clone()));
            }
        }
    };
    let blur = {
        let save = save.clone();
        move || {
            if let Some(s) = sync {
                s.set_editing(None);
            }
            if let Some(text) = draft.get_untracked() {
                save(text);
            }
        }
    };
    let on_focus = {
        let focus = focus.clone();
        move |_| focus()
    };
    let on_blur = {
        let blur = blur.clone();
        move |_| blur()
    };
    let on_input = {
        let save = save.clone();
        let at_once = kind.saves_at_once();
        move |text: String| {
            begin();
            draft.set(Some(text.clone()));
            if at_once {
                save(text);
            }
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        // Enter saves a line (a textarea keeps Enter for new lines).
        "Enter" => {
            if let Some(t) = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            {
                // blur() does not fail on an element in the page.
                let _ = t.blur();
            }
        }
        "Escape" => {
            draft.set(None);
            error.set(None);
        }
        _ => {}
    };
    // Buttons in the notes must not take the focus (a blur would save the draft first).
    let keep_focus = |ev: leptos::ev::MouseEvent| ev.prevent_default();

    let take_theirs = move |_| {
        let now = stored.get_untracked();
        base.set(now.clone());
        draft.set(Some(now));
    };
    let keep_mine = {
        let save = save.clone();
        move |_| {
            if let Some(text) = draft.get_untracked() {
                // Saving over theirs, knowingly: compare with what is stored now.
                base.set(stored.get_untracked());
                save(text);
            }
        }
    };
    let pick = {
        let save_value = save_value.clone();
        move |v: FieldVersion| {
            let text = from_stored(v.value);
            match to_value.run(text).and_then(&save_value) {
                Ok(()) => {
                    draft.set(None);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    // The limit of a text field, from the domain's rule for its kind of text.
    let limit = matches!(kind, FieldKind::Line | FieldKind::Lines).then(|| {
        use kam_domain::command::EntityKind as K;
        let entity = match &at {
            FieldAt::Item { list, .. } => list.kind(),
            FieldAt::Programme => K::Programme,
            FieldAt::Strategy => K::Strategy,
            FieldAt::Workspace => K::Workspace,
        };
        kam_domain::validate::text_kind(entity, field).max()
    });
    let input_id = format!("f-{}", key.replace(['/', ' '], "-"));
    let label_class = if quiet_label {
        "visually-hidden"
    } else {
        "field-label"
    };
    let input = {
        let input_id = input_id.clone();
        let on_input = on_input.clone();
        match kind.clone() {
            FieldKind::Lines => view! {
                <textarea id=input_id data-testid=test_id rows="3"
                    prop:value=shown
                    on:focus=on_focus on:blur=on_blur
                    on:input=move |ev| on_input(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Escape" { draft.set(None) } />
            }
            .into_any(),
            FieldKind::Choice(options) => view! {
                <select id=input_id data-testid=test_id
                    prop:value=shown
                    on:focus=on_focus on:blur=on_blur
                    on:change=move |ev| on_input(event_target_value(&ev))>
                    <For each=move || options.get() key=|(v, l)| (v.clone(), l.clone()) let:option>
                        <option value=option.0.clone() selected=move || shown() == option.0>{option.1.clone()}</option>
                    </For>
                </select>
            }
            .into_any(),
            FieldKind::Check => view! {
                <input id=input_id type="checkbox" data-testid=test_id
                    prop:checked=move || shown() == "true"
                    on:focus=on_focus on:blur=on_blur
                    on:change=move |ev| on_input(event_target_checked(&ev).to_string()) />
            }
            .into_any(),
            FieldKind::Date => {
                // Typed text is saved on leaving (a half-typed date is no refusal yet);
                // a date picked in the calendar at once.
                let on_pick = {
                    let (on_input, save) = (on_input.clone(), save.clone());
                    move |iso: String| {
                        on_input(iso.clone());
                        save(iso);
                    }
                };
                let on_input = on_input.clone();
                view! {
                    <DateInput id=input_id test_id=test_id value=Signal::derive(shown)
                        on_input=move |v| on_input(v) on_pick=on_pick
                        on_focus=focus.clone() on_blur=blur.clone()
                        on_key=on_key />
                }
                .into_any()
            }
            other => {
                let (kind_attr, mode) = match other {
                    FieldKind::Number => ("text", "decimal"),
                    _ => ("text", "text"),
                };
                view! {
                    <input id=input_id type=kind_attr inputmode=mode data-testid=test_id
                        prop:value=shown
                        on:focus=on_focus on:blur=on_blur
                        on:input=move |ev| on_input(event_target_value(&ev))
                        on:keydown=on_key />
                }
                .into_any()
            }
        }
    };
    let show_version = {
        let kind = kind.clone();
        move |raw: String| -> String {
            let text = from_stored(raw);
            match &kind {
                FieldKind::Choice(options) => options.with_untracked(|o| {
                    o.iter()
                        .find(|(v, _)| *v == text)
                        .map(|(_, l)| l.clone())
                        .unwrap_or(text.clone())
                }),
                FieldKind::Date => show_date(&text, i18n.get_locale_untracked()),
                FieldKind::Check => {
                    let l = i18n.get_locale_untracked();
                    if text == "true" {
                        td_string!(l, live.yes).to_string()
                    } else {
                        td_string!(l, live.no).to_string()
                    }
                }
                _ => text,
            }
        }
    };
    let meanwhile_text = {
        let show_version = show_version.clone();
        move || {
            let l = i18n.get_locale();
            let who = latest_author.get();
            let who = if who.is_empty() {
                td_string!(l, live.someone).to_string()
            } else {
                who
            };
            let value = show_version(stored.get());
            td_string!(l, live.changed_meanwhile, name = who, value = value).to_string()
        }
    };
    let conflict = {
        let show_version = show_version.clone();
        move || {
            let all = versions.get();
            if all.len() < 2 {
                return None;
            }
            let l = i18n.get_locale();
            let same_names = all
                .iter()
                .map(|v| &v.author)
                .collect::<std::collections::HashSet<_>>()
                .len()
                < all.len();
            // The versions not shown first, the shown one (which wins if nobody picks) last.
            let mut ordered: Vec<(bool, FieldVersion)> = all
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i == 0, v))
                .collect();
            ordered.rotate_left(1);
            let field_label = label.get();
            let items = ordered
                .into_iter()
                .map(|(is_shown, v)| {
                    let name = if v.author.is_empty() {
                        td_string!(l, live.someone).to_string()
                    } else {
                        v.author.clone()
                    };
                    let time = clock(v.time);
                    let value = show_version(v.value.clone());
                    let line = td_string!(l, live.version, name = name.clone(), time = time.clone(), value = value).to_string();
                    let button_name = if same_names { format!("{name}, {time}") } else { name.clone() };
                    let button = td_string!(l, live.take_version, name = button_name).to_string();
                    let pick = pick.clone();
                    let author = v.author.clone();
                    view! {
                        <li class:shown-version=is_shown>
                            <span class="version-text">{line}</span>
                            {is_shown.then(|| view! { <em class="version-shown">{td_string!(l, live.shown)}</em> })}
                            <button type="button" data-testid="conflict-take" data-author=author
                                on:mousedown=keep_focus on:click=move |_| pick(v.clone())>
                                {button}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <div class="conflict-note" role="note" data-testid="conflict" data-field=field>
                    <strong>{td_string!(l, live.conflict, field = field_label).to_string()}</strong>
                    <ul class="versions">{items}</ul>
                </div>
            })
        }
    };
    // Its own history: who changed it, when, from what (read when opened).
    let history_open = RwSignal::new(false);
    let history = {
        let at = at.clone();
        let recorded = path.split('/').next().unwrap_or(path);
        move || {
            let l = crate::lang(i18n.get_locale());
            let (list, kind, id) = match &at {
                FieldAt::Item { list, id } => (Some(list.clone()), list.kind(), id.clone()),
                FieldAt::Programme => (
                    None,
                    kam_domain::command::EntityKind::Programme,
                    String::new(),
                ),
                FieldAt::Strategy => (
                    None,
                    kam_domain::command::EntityKind::Strategy,
                    String::new(),
                ),
                FieldAt::Workspace => (
                    None,
                    kam_domain::command::EntityKind::Workspace,
                    String::new(),
                ),
            };
            store
                .field_history(list.as_ref(), kind, &id, recorded)
                .into_iter()
                .map(|e| {
                    let old = kam_domain::history::shown_text(l, recorded, &e.old);
                    let new = kam_domain::history::shown_text(l, recorded, &e.new);
                    let when = kam_domain::history::time_text(l, e.time + crate::local_offset());
                    let who = if e.author.is_empty() { td_string!(i18n.get_locale(), live.someone).to_string() } else { e.author };
                    view! {
                        <li data-testid="field-history-entry">
                            <span class="when">{when}</span>" "<strong>{who}</strong>": "{old}" → "{new}
                        </li>
                    }
                })
                .collect::<Vec<_>>()
        }
    };
    view! {
        <div class="edit-field" data-field=key.clone()
            class:being-edited=move || others.with(|o| !o.is_empty())
            class:has-conflict=move || versions.with(|v| v.len() > 1)>
            <label class="field" for=input_id>
                <span class=label_class>{move || label.get()}</span>
                {input}
            </label>
            {move || {
                let names = others.get();
                (!names.is_empty()).then(|| {
                    let text = td_string!(i18n.get_locale(), live.editing, names = names.join(", ")).to_string();
                    view! { <p class="field-presence" data-testid="field-presence">{text}</p> }
                })
            }}
            <Show when=changed_meanwhile>
                <div class="field-note" role="status" data-testid="changed-meanwhile">
                    <span>{meanwhile_text.clone()}</span>
                    <span class="row-actions">
                        <button type="button" data-testid="take-theirs" on:mousedown=keep_focus on:click=take_theirs>
                            {crate::tr(|l| td_string!(l, live.take_theirs))}
                        </button>
                        <button type="button" data-testid="keep-mine" on:mousedown=keep_focus on:click=keep_mine.clone()>
                            {crate::tr(|l| td_string!(l, live.keep_mine))}
                        </button>
                    </span>
                </div>
            </Show>
            {conflict}
            <button type="button" class="field-history-button no-print" data-testid="field-history-open"
                aria-expanded=move || history_open.get().to_string()
                aria-label=move || td_string!(i18n.get_locale(), history.field_history)
                title=move || td_string!(i18n.get_locale(), history.field_history)
                on:mousedown=keep_focus on:click=move |_| history_open.update(|o| *o = !*o)>
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                    <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5" />
                    <path d="M8 4v4l3 2" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
                </svg>
            </button>
            <Show when=move || history_open.get()>
                <div class="field-history" role="region" data-testid="field-history"
                    aria-label=move || td_string!(i18n.get_locale(), history.field_history)>
                    <strong>{crate::tr(|l| td_string!(l, history.field_history))}": "{move || label.get()}</strong>
                    {
                        let history = history.clone();
                        move || {
                            let lines = history();
                            if lines.is_empty() {
                                view! { <p class="hint">{crate::tr(|l| td_string!(l, history.field_history_empty))}</p> }.into_any()
                            } else {
                                view! { <ol>{lines}</ol> }.into_any()
                            }
                        }
                    }
                    <button type="button" class="quiet" data-testid="field-history-close" on:mousedown=keep_focus
                        on:click=move |_| history_open.set(false)>
                        {crate::tr(|l| td_string!(l, history.close_field_history))}
                    </button>
                </div>
            </Show>
            {limit.map(|max| view! { <crate::screens::kit::TextCount text=Signal::derive(shown) max=max /> })}
            {move || error.get().map(|e| view! {
                <p class="inline-error" role="alert" data-testid="form-error">{error_text(&e, i18n.get_locale())}</p>
            })}
        </div>
    }
}

/// A line's text as a value (registers: plain strings).
pub fn line(text: String) -> Result<Value, CommandError> {
    Ok(Value::Str(text.trim().to_string()))
}

/// An optional line ("" is none).
pub fn opt_line(text: String) -> Result<Value, CommandError> {
    let t = text.trim();
    Ok(Value::OptStr((!t.is_empty()).then(|| t.to_string())))
}

/// Collaborative text (written as a diff, so concurrent edits of other parts stay).
pub fn lines(text: String) -> Result<Value, CommandError> {
    Ok(Value::Text(text))
}

/// Yes or no.
pub fn check(text: String) -> Result<Value, CommandError> {
    Ok(Value::Bool(text == "true"))
}
