//! Implementation support (DOMAIN.md step 8): a log of resistance and conflicts (what,
//! who, status, resolution) and a communication plan (what is told to whom, when).

use kam_domain::{
    command::{Command, Item, ListRef, Value},
    model::{Communication, ConflictEntry, Status},
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::ui::{
        ConflictAt, ConflictNote, Feedback, PrintButton, RemoveButton, StatusSelect, new_id, read,
    },
};

#[component]
pub fn ImplementationPart() -> impl IntoView {
    view! {
        <Conflicts />
        <Communications />
    }
}

#[component]
fn Conflicts() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    // Open ones first, then by what they are about; the id keeps ties stable.
    let ids = Memo::new(move |_| {
        let mut list = read(|w| w.programme.conflicts.clone());
        list.sort_by_key(|c| {
            (
                !matches!(c.status, Status::Open | Status::InProgress),
                c.what.to_lowercase(),
                c.id.clone(),
            )
        });
        list.into_iter().map(|c| c.id).collect::<Vec<_>>()
    });
    let (what, set_what) = signal(String::new());
    let (who, set_who) = signal(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let entry = ConflictEntry {
            id: new_id(),
            what: what.get_untracked().trim().to_string(),
            who: who.get_untracked().trim().to_string(),
            status: Status::Open,
            resolution: Default::default(),
        };
        if feedback.send(Command::Insert {
            list: ListRef::Conflicts,
            item: Item::ConflictEntry(entry),
        }) {
            set_what.set(String::new());
            set_who.set(String::new());
        }
    };
    view! {
        <div class="card conflicts" data-testid="conflicts">
            <div class="card-head">
                <h2>{t!(i18n, implementation.conflicts)}</h2>
                <PrintButton />
            </div>
            <p class="hint">{t!(i18n, implementation.conflicts_hint)}</p>
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{t!(i18n, implementation.no_conflicts)}</p> }>
                <ul class="item-list">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <ConflictRow id=id />
                    </For>
                </ul>
            </Show>
            <form class="inline-form add-form no-print" data-testid="add-conflict" on:submit=add>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, implementation.what)}</span>
                    <input type="text" data-testid="new-conflict-what" prop:value=move || what.get()
                        on:input=move |ev| set_what.set(event_target_value(&ev)) />
                </label>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, implementation.who)}</span>
                    <input type="text" data-testid="new-conflict-who" prop:value=move || who.get()
                        on:input=move |ev| set_who.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="primary">{t!(i18n, implementation.add_conflict)}</button>
            </form>
            {feedback.view()}
        </div>
    }
}

#[component]
fn ConflictRow(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let entry = {
        let id = id.clone();
        Memo::new(move |_| read(|w| w.programme.conflicts.iter().find(|c| c.id == id).cloned()))
    };
    let set = {
        let id = id.clone();
        move |field: &'static str, value: Value| {
            feedback.send(Command::set(ListRef::Conflicts, id.clone(), field, value));
        }
    };
    let remove = {
        let id = id.clone();
        move |_| {
            feedback.send(Command::Remove {
                list: ListRef::Conflicts,
                id: id.clone(),
            });
        }
    };
    let (set_what, set_who, set_status, set_resolution) =
        (set.clone(), set.clone(), set.clone(), set);
    view! {
        <li class="item" data-testid="conflict">
            <div class="item-line">
                <label class="field grow">
                    <span class="field-label">{t!(i18n, implementation.what)}</span>
                    <input type="text" class="screen-only" prop:value=move || entry.with(|e| e.as_ref().map(|e| e.what.clone()).unwrap_or_default())
                        on:change=move |ev| set_what("what", Value::Str(event_target_value(&ev))) />
                    <span class="print-only">{move || entry.with(|e| e.as_ref().map(|e| e.what.clone()).unwrap_or_default())}</span>
                </label>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, implementation.who)}</span>
                    <input type="text" class="screen-only" prop:value=move || entry.with(|e| e.as_ref().map(|e| e.who.clone()).unwrap_or_default())
                        on:change=move |ev| set_who("who", Value::Str(event_target_value(&ev))) />
                    <span class="print-only">{move || entry.with(|e| e.as_ref().map(|e| e.who.clone()).unwrap_or_default())}</span>
                </label>
                {move || entry.get().map(|e| {
                    let set_status = set_status.clone();
                    view! {
                        <StatusSelect id=format!("conflict-status-{}", e.id) current=e.status
                            on_pick=move |s| set_status("status", Value::Status(s)) />
                    }
                })}
                <span class="row-actions no-print"><RemoveButton on_remove=remove /></span>
            </div>
            <ConflictNote at=ConflictAt::Item(ListRef::Conflicts, id.clone()) field="what" to_value=|v: String| Some(Value::Str(v)) />
            <ConflictNote at=ConflictAt::Item(ListRef::Conflicts, id.clone()) field="who" to_value=|v: String| Some(Value::Str(v)) />
            <label class="field">
                <span class="field-label">{t!(i18n, implementation.resolution)}</span>
                <textarea rows="2" prop:value=move || entry.with(|e| e.as_ref().map(|e| e.resolution.as_str().to_string()).unwrap_or_default())
                    on:change=move |ev| set_resolution("resolution", Value::Text(event_target_value(&ev)))></textarea>
            </label>
            {feedback.view()}
        </li>
    }
}

#[component]
fn Communications() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    // By date; undated last.
    let ids = Memo::new(move |_| {
        let mut list = read(|w| w.programme.communications.clone());
        list.sort_by_key(|c| (c.date.is_none(), c.date.clone(), c.id.clone()));
        list.into_iter().map(|c| c.id).collect::<Vec<_>>()
    });
    let (what, set_what) = signal(String::new());
    let (audience, set_audience) = signal(String::new());
    let (date, set_date) = signal(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date = date.get_untracked();
        let entry = Communication {
            id: new_id(),
            what: what.get_untracked().trim().to_string(),
            audience: audience.get_untracked().trim().to_string(),
            date: (!date.is_empty()).then_some(date),
            done: false,
        };
        if feedback.send(Command::Insert {
            list: ListRef::Communications,
            item: Item::Communication(entry),
        }) {
            set_what.set(String::new());
            set_audience.set(String::new());
            set_date.set(String::new());
        }
    };
    view! {
        <div class="card communications" data-testid="communications">
            <h2>{t!(i18n, implementation.communication)}</h2>
            <p class="hint">{t!(i18n, implementation.communication_hint)}</p>
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{t!(i18n, implementation.no_communication)}</p> }>
                <ul class="item-list">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <CommunicationRow id=id />
                    </For>
                </ul>
            </Show>
            <form class="inline-form add-form no-print" data-testid="add-communication" on:submit=add>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, implementation.message)}</span>
                    <input type="text" data-testid="new-communication-what" prop:value=move || what.get()
                        on:input=move |ev| set_what.set(event_target_value(&ev)) />
                </label>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, implementation.audience)}</span>
                    <input type="text" data-testid="new-communication-audience" prop:value=move || audience.get()
                        on:input=move |ev| set_audience.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, implementation.date)}</span>
                    <input type="date" data-testid="new-communication-date" prop:value=move || date.get()
                        on:input=move |ev| set_date.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="primary">{t!(i18n, implementation.add_communication)}</button>
            </form>
            {feedback.view()}
        </div>
    }
}

#[component]
fn CommunicationRow(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let entry = {
        let id = id.clone();
        Memo::new(move |_| {
            read(|w| {
                w.programme
                    .communications
                    .iter()
                    .find(|c| c.id == id)
                    .cloned()
            })
        })
    };
    let set = {
        let id = id.clone();
        move |field: &'static str, value: Value| {
            feedback.send(Command::set(
                ListRef::Communications,
                id.clone(),
                field,
                value,
            ));
        }
    };
    let remove = {
        let id = id.clone();
        move |_| {
            feedback.send(Command::Remove {
                list: ListRef::Communications,
                id: id.clone(),
            });
        }
    };
    let (set_what, set_audience, set_date, set_done) = (set.clone(), set.clone(), set.clone(), set);
    view! {
        <li class="item item-line" data-testid="communication">
            <label class="field grow">
                <span class="field-label">{t!(i18n, implementation.message)}</span>
                <input type="text" class="screen-only" prop:value=move || entry.with(|e| e.as_ref().map(|e| e.what.clone()).unwrap_or_default())
                    on:change=move |ev| set_what("what", Value::Str(event_target_value(&ev))) />
                <span class="print-only">{move || entry.with(|e| e.as_ref().map(|e| e.what.clone()).unwrap_or_default())}</span>
            </label>
            <label class="field grow">
                <span class="field-label">{t!(i18n, implementation.audience)}</span>
                <input type="text" class="screen-only" prop:value=move || entry.with(|e| e.as_ref().map(|e| e.audience.clone()).unwrap_or_default())
                    on:change=move |ev| set_audience("audience", Value::Str(event_target_value(&ev))) />
                <span class="print-only">{move || entry.with(|e| e.as_ref().map(|e| e.audience.clone()).unwrap_or_default())}</span>
            </label>
            <label class="field">
                <span class="field-label">{t!(i18n, implementation.date)}</span>
                <input type="date" prop:value=move || entry.with(|e| e.as_ref().and_then(|e| e.date.clone()).unwrap_or_default())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_date("date", Value::OptStr((!v.is_empty()).then_some(v)));
                    } />
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || entry.with(|e| e.as_ref().is_some_and(|e| e.done))
                    on:change=move |ev| set_done("done", Value::Bool(event_target_checked(&ev))) />
                {t!(i18n, implementation.done)}
            </label>
            <span class="row-actions no-print"><RemoveButton on_remove=remove /></span>
            <ConflictNote at=ConflictAt::Item(ListRef::Communications, id.clone()) field="what" to_value=|v: String| Some(Value::Str(v)) />
            <ConflictNote at=ConflictAt::Item(ListRef::Communications, id.clone()) field="audience" to_value=|v: String| Some(Value::Str(v)) />
            {feedback.view()}
        </li>
    }
}
