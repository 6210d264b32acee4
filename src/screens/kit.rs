//! The list editor every screen builds on: keyed rows (`ItemList`), a row's item and
//! its fields (`row_item`, `text_of`), the row's move and remove buttons
//! (`RowActions`) and the form that adds an item (`AddForm` with `AddInput`s). Refusals
//! are shown next to the control that caused them; none is dropped.

use kam_domain::{
    command::{Command, Item, ListRef},
    model::Workspace,
    rank::Direction,
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    error::AppError,
    i18n::*,
    screens::field::{EditField, line},
    screens::ui::{Feedback, MoveButtons, PrintButton, RemoveButton},
    store::{Part, use_store},
};

/// A row's item, re-read when one of `parts` changes; `None` once it is removed (the
/// row goes with the next list refresh).
pub fn row_item<T>(
    id: &str,
    parts: Vec<Part>,
    find: fn(&Workspace, &str) -> Option<T>,
) -> Memo<Option<T>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let store = use_store();
    let id = id.to_string();
    Memo::new(move |_| store.read_parts(&parts, |w| find(w, &id)))
}

/// One text of a row's item ("" while it is gone), for an `EditField`'s `stored`.
pub fn text_of<T>(item: Memo<Option<T>>, f: fn(&T) -> String) -> Signal<String>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Signal::derive(move || item.with(|i| i.as_ref().map(f).unwrap_or_default()))
}

/// Inserts `item` into `list`: what an `AddForm`'s `on_add` usually does.
pub fn insert(list: ListRef, item: Item) -> Result<(), AppError> {
    use_store()
        .dispatch(Command::Insert { list, item })
        .map_err(AppError::from)
}

/// The rows of a list keyed by id, or a line saying there are none.
#[component]
pub fn ItemList<R, V>(
    /// The ids in the order shown.
    #[prop(into)]
    ids: Signal<Vec<String>>,
    /// What the empty list says.
    empty: fn(Locale) -> &'static str,
    /// One row.
    row: R,
    /// `data-testid` of the list.
    #[prop(optional)]
    test_id: &'static str,
    /// A numbered list (the order is the users' priority).
    #[prop(optional)]
    numbered: bool,
) -> impl IntoView
where
    R: Fn(String) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let rows = move || {
        let row = row.clone();
        view! { <For each=move || ids.get() key=|id| id.clone() children=row /> }
    };
    view! {
        <Show when=move || !ids.with(Vec::is_empty)
            fallback=move || view! { <p class="empty">{move || empty(i18n.get_locale())}</p> }>
            {
                let rows = rows.clone();
                move || if numbered {
                    leptos::either::Either::Left(view! { <ol class="item-list" data-testid=test_id>{rows()}</ol> })
                } else {
                    leptos::either::Either::Right(view! { <ul class="item-list" data-testid=test_id>{rows()}</ul> })
                }
            }
        </Show>
    }
}

/// A row's move buttons (when the list is ranked: `move_label` names the item for
/// screen readers) and its remove button, which asks once more.
#[component]
pub fn RowActions(
    list: ListRef,
    id: String,
    feedback: Feedback,
    #[prop(optional, into)] move_label: Option<Signal<String>>,
) -> impl IntoView {
    let reorder = {
        let (list, id) = (list.clone(), id.clone());
        move |direction: Direction| feedback.move_item(list.clone(), &id, direction)
    };
    let remove = move |()| {
        feedback.send(Command::Remove {
            list: list.clone(),
            id: id.clone(),
        });
    };
    view! {
        <span class="row-actions no-print">
            {move_label.map(|label| view! { <MoveButtons on_move=reorder.clone() label=label /> })}
            <RemoveButton on_remove=remove />
        </span>
    }
}

/// A form that adds an item. `on_add` builds and sends it; when it is added, every
/// input in `clear` is emptied; when it is refused the message shows inside the form
/// and the typed text stays.
#[component]
pub fn AddForm(
    /// `data-testid` of the form.
    test_id: &'static str,
    /// The submit button's words.
    button: fn(Locale) -> &'static str,
    /// The inputs' texts, emptied after an item was added.
    clear: Vec<RwSignal<String>>,
    #[prop(into)] on_add: Callback<(), Result<(), AppError>>,
    /// `data-testid` of the submit button.
    #[prop(optional)]
    submit_id: &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if feedback.report(on_add.run(())) {
            for text in &clear {
                text.set(String::new());
            }
        }
    };
    view! {
        <form class="inline-form add-form no-print" data-testid=test_id on:submit=submit>
            {children()}
            <button type="submit" class="primary" data-testid=submit_id>{move || button(i18n.get_locale())}</button>
            // Inside the form, on a line of its own: the message belongs to what was typed.
            {feedback.view()}
        </form>
    }
}

/// One input of an `AddForm`: a text (growing), or a `date` / `number` (as wide as it
/// needs).
#[component]
pub fn AddInput(
    label: fn(Locale) -> &'static str,
    test_id: &'static str,
    value: RwSignal<String>,
    /// The input's type; default `text`.
    #[prop(optional)]
    kind: Option<&'static str>,
    /// An example of what to type ("2027 / 2027-Q2").
    #[prop(optional)]
    placeholder: Option<fn(Locale) -> &'static str>,
    /// Texts offered while typing (known names, usual roles).
    #[prop(optional, into)]
    suggestions: Option<Signal<Vec<String>>>,
    /// The kind of item and field the text becomes: its length limit shows while typing.
    #[prop(default = None)]
    text_of: Option<(kam_domain::command::EntityKind, &'static str)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = kind.unwrap_or("text");
    let limit = text_of.map(|(k, f)| kam_domain::validate::text_kind(k, f).max());
    let choices = suggestions.map(|_| format!("{test_id}-choices"));
    view! {
        <label class="field" class:grow=kind == "text">
            <span class="field-label">{move || label(i18n.get_locale())}</span>
            {if kind == "date" {
                view! { <DateInput value=value on_input=move |v| value.set(v) test_id=test_id /> }.into_any()
            } else {
                view! {
                    <input type=kind data-testid=test_id placeholder=move || placeholder.map(|p| p(i18n.get_locale())) list=choices.clone() prop:value=value
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                }.into_any()
            }}
            {suggestions.map(|texts| view! {
                <datalist id=choices>
                    {move || texts.get().into_iter().map(|t| view! { <option value=t></option> }).collect_view()}
                </datalist>
            })}
            {limit.map(|max| view! { <TextCount text=value max=max /> })}
        </label>
    }
}

/// What a typed date becomes: the stored `YYYY-MM-DD` when it reads as a date (the
/// domain's rule, [`kam_domain::date::Date::read`]), else the text as typed, so the
/// command refuses it with its message instead of the input dropping it; "" when empty.
pub fn typed_date(text: &str) -> String {
    kam_domain::date::Date::read(text).map_or_else(|| text.trim().to_string(), |d| d.to_string())
}

/// A date as the chosen language writes it (31.03.2027 / 31/03/2027; ISO is read too),
/// with a calendar beside it. The browser's own date input would follow the browser's
/// locale, not the language chosen here: it serves only as the calendar.
///
/// `value` is the stored form (`YYYY-MM-DD`, or refused text); `on_input` gets the
/// stored form of what is typed, `on_pick` (default `on_input`) a date picked in the
/// calendar.
#[component]
pub fn DateInput(
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] on_pick: Option<Callback<String>>,
    /// `data-testid` of the text input; the calendar's is `{test_id}-picker`.
    #[prop(into)]
    test_id: String,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] on_focus: Option<Callback<()>>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    #[prop(optional, into)] on_key: Option<Callback<leptos::ev::KeyboardEvent>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What is being typed, with its stored form: shown as typed while it is still what
    // `value` holds; written out in the language's format otherwise (and after leaving).
    let typed: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let shown = move || {
        let now = value.get();
        match typed.get() {
            Some((text, stored)) if stored == now => text,
            _ => crate::screens::ui::show_date(&now, i18n.get_locale()),
        }
    };
    let input = move |ev| {
        let text = event_target_value(&ev);
        let stored = typed_date(&text);
        typed.set(Some((text, stored.clone())));
        on_input.run(stored);
    };
    let blur = move |_| {
        typed.set(None);
        if let Some(f) = on_blur {
            f.run(());
        }
    };
    let picked = move |ev| {
        let iso = event_target_value(&ev);
        if !iso.is_empty() {
            typed.set(None);
            on_pick.unwrap_or(on_input).run(iso);
        }
    };
    // The calendar opens where supported on a click (Chromium's date input opens it only
    // from its own icon); a tablet's browser opens it on the tap anyway.
    let open = |ev: leptos::ev::MouseEvent| {
        if let Some(input) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
        {
            // Refused without a user's gesture or where unsupported: the tap still opens it.
            let _ = input.show_picker();
        }
    };
    let picker_id = format!("{test_id}-picker");
    let pick_label = move || td_string!(i18n.get_locale(), date_input.pick);
    view! {
        <span class="date-input">
            <input type="text" class="date-text" id=id inputmode="text" autocomplete="off" data-testid=test_id
                placeholder=move || td_string!(i18n.get_locale(), date_input.format)
                prop:value=shown
                on:input=input
                on:focus=move |_| if let Some(f) = on_focus { f.run(()) }
                on:blur=blur
                on:keydown=move |ev| if let Some(f) = on_key { f.run(ev) } />
            <span class="date-pick no-print" title=pick_label aria-hidden="true">
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                    <rect x="3.5" y="5" width="17" height="15" rx="2" fill="none" stroke="currentColor" stroke-width="1.8" />
                    <path d="M3.5 10h17M8 3v4M16 3v4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
                </svg>
                <input type="date" tabindex="-1" data-testid=picker_id
                    prop:value=move || { let v = value.get(); if kam_domain::date::Date::parse(&v).is_some() { v } else { String::new() } }
                    on:click=open on:change=picked />
            </span>
        </span>
    }
}

/// How many characters a text has against its limit, shown once it comes near (from
/// 80 %), so the limit is known before it is hit; marked when over.
#[component]
pub fn TextCount(#[prop(into)] text: Signal<String>, max: usize) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| text.with(|t| t.trim().chars().count()));
    let near = move || count.get() * 5 >= max * 4;
    let over = move || count.get() > max;
    view! {
        <Show when=near>
            <p class="text-count" class:over=over data-testid="text-count" aria-live="polite">
                {move || {
                    let (n, l) = (count.get(), i18n.get_locale());
                    td_string!(l, errors.count, n = n, max = max).to_string()
                }}
            </p>
        </Show>
    }
}

/// A one-field form that adds an item: `on_add` gets the trimmed text.
#[component]
pub fn AddLine(
    label: fn(Locale) -> &'static str,
    /// `data-testid` of the form and of its text field.
    test_ids: (&'static str, &'static str),
    /// The kind of item and field the text becomes (its length limit shows).
    #[prop(default = None)]
    text_of: Option<(kam_domain::command::EntityKind, &'static str)>,
    #[prop(into)] on_add: Callback<String, Result<(), AppError>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    view! {
        <AddForm test_id=test_ids.0 button=|l| td_string!(l, rollout.add) clear=vec![text]
            on_add=move |()| on_add.run(text.get_untracked().trim().to_string())>
            <AddInput label=label test_id=test_ids.1 value=text text_of=text_of />
        </AddForm>
    }
}

/// A card's heading, with the print button beside it (unless `print` is false: a card
/// that is part of a printed page, or a form), and what the card is for.
#[component]
pub fn CardHead(
    title: fn(Locale) -> &'static str,
    #[prop(optional)] hint: Option<fn(Locale) -> &'static str>,
    #[prop(default = true)] print: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card-head">
            <h2>{move || title(i18n.get_locale())}</h2>
            {print.then(|| view! { <PrintButton /> })}
        </div>
        {hint.map(|hint| view! { <p class="hint">{move || hint(i18n.get_locale())}</p> })}
    }
}

/// A column heading of a `DataTable`: its words and how the column is set.
#[derive(Clone, Copy)]
pub struct Col {
    words: fn(Locale) -> &'static str,
    class: &'static str,
}

/// A column of text.
pub fn col(words: fn(Locale) -> &'static str) -> Col {
    Col { words, class: "" }
}

/// A column of numbers (set to the right).
pub fn num(words: fn(Locale) -> &'static str) -> Col {
    Col {
        words,
        class: "num",
    }
}

/// A column whose heading only screen readers read (a column of checkboxes).
pub fn unseen(words: fn(Locale) -> &'static str) -> Col {
    Col {
        words,
        class: "unseen",
    }
}

/// A table that scrolls sideways on its own on a narrow tablet, with its headings; the
/// rows are the children. `label` names the scrolling region for screen readers.
#[component]
pub fn DataTable(
    cols: Vec<Col>,
    #[prop(optional)] label: Option<fn(Locale) -> &'static str>,
    /// Classes of the table besides `data`.
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)] test_id: &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let heads = cols
        .into_iter()
        .map(|c| {
            let words = move || (c.words)(i18n.get_locale());
            if c.class == "unseen" {
                view! { <th><span class="visually-hidden">{words}</span></th> }.into_any()
            } else {
                view! { <th class=c.class>{words}</th> }.into_any()
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex=label.map(|_| "0") role=label.map(|_| "region")
            aria-label=move || label.map(|f| f(i18n.get_locale()))>
            <table class=format!("data {class}") data-testid=test_id>
                <thead><tr>{heads}</tr></thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A row's main text (a name, a title): a one-line `EditField` taking the room left.
#[component]
pub fn LineField(
    label: fn(Locale) -> &'static str,
    at: FieldAt,
    field: &'static str,
    part: Part,
    #[prop(into)] stored: Signal<String>,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = Signal::derive(move || label(i18n.get_locale()).to_string());
    view! {
        <div class="grow">
            <EditField label=label at=at field=field part=part stored=stored test_id=test_id to_value=line />
        </div>
    }
}
