//! 1–5 judgements of customers (strategic value, reference value, relationship quality…),
//! one column per rated criterion or portfolio factor. Each rating is its own list item
//! under the customer, so two managers rating different customers offline both keep
//! their work.

use kam_domain::{
    command::{Command, CommandError, Item, ListRef, Value},
    model::Rating,
    selection::rating,
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::{
        field::{EditField, FieldKind},
        ui::{Feedback, read},
    },
    store::{Part, use_store},
};

const PAGE: usize = 25;

/// Sets, changes or clears (`None`) one customer's rating under `id`.
pub fn rate_command(customer_id: &str, id: &str, value: Option<u8>) -> Option<Command> {
    let list = ListRef::Ratings {
        customer_id: customer_id.to_string(),
    };
    let existing = read(|w| {
        w.customers
            .iter()
            .find(|c| c.id == customer_id)
            .and_then(|c| rating(c, id))
    });
    match (existing, value) {
        (None, None) => None,
        (Some(_), None) => Some(Command::Remove {
            list,
            id: id.to_string(),
        }),
        (None, Some(v)) => Some(Command::Insert {
            list,
            item: Item::Rating(Rating {
                id: id.to_string(),
                value: v,
            }),
        }),
        (Some(old), Some(v)) if old == v => None,
        (Some(_), Some(v)) => Some(Command::set(list, id, "value", Value::Uint(u64::from(v)))),
    }
}

/// A table of customers against rated columns `(id, name)`.
#[component]
pub fn RatingGrid(
    #[prop(into)] columns: Signal<Vec<(String, String)>>,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let (query, set_query) = signal(String::new());
    let (shown, set_shown) = signal(PAGE);
    let found = Memo::new(move |_| {
        let q = query.get();
        read(|w| {
            kam_domain::selection::find(w, &q)
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="rating-grid" data-testid=test_id>
            <label class="field">
                <span class="field-label">{crate::tr(|l| td_string!(l, customers.search))}</span>
                <input type="search" data-testid=format!("{test_id}-search") prop:value=query
                    on:input=move |ev| { set_query.set(event_target_value(&ev)); set_shown.set(PAGE); } />
            </label>
            <div class="table-wrap">
                <table class="data">
                    <thead><tr>
                        <th>{crate::tr(|l| td_string!(l, customers.name))}</th>
                        {move || columns.get().into_iter().map(|(_, name)| view! { <th>{name}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        <For each=move || found.with(|f| f.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                            key=|(id, name)| (id.clone(), name.clone()) let:customer>
                            <tr data-testid="rating-row">
                                <th scope="row">{customer.1.clone()}</th>
                                {
                                    let customer_id = customer.0.clone();
                                    let customer_name = customer.1.clone();
                                    view! {
                                        <For each=move || columns.get() key=|c| c.clone() let:column>
                                            <RatingCell customer_id=customer_id.clone() customer_name=customer_name.clone()
                                                column=column.0 column_name=column.1 />
                                        </For>
                                    }
                                }
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || found.with(Vec::len).gt(&shown.get())>
                <button type="button" on:click=move |_| set_shown.update(|n| *n += PAGE)>
                    {move || td_string!(i18n.get_locale(), customers.show_more,
                        n = (found.with(Vec::len) - shown.get()).min(PAGE)).to_string()}
                </button>
            </Show>
            {feedback.view()}
        </div>
    }
}

/// One customer's rating under one column; a conflict (two ratings made concurrently)
/// is named on the cell.
#[component]
fn RatingCell(
    customer_id: String,
    customer_name: String,
    column: String,
    column_name: String,
) -> impl IntoView {
    let store = use_store();
    let current = {
        let (cid, col) = (customer_id.clone(), column.clone());
        Memo::new(move |_| {
            store.read_parts(&[Part::Item("customers", cid.clone())], |w| {
                w.customers
                    .iter()
                    .find(|c| c.id == cid)
                    .and_then(|c| rating(c, &col))
            })
        })
    };
    let options = Signal::derive(|| {
        std::iter::once((String::new(), "–".to_string()))
            .chain((1..=5u8).map(|v| (v.to_string(), v.to_string())))
            .collect()
    });
    let write = {
        let (cid, col) = (customer_id.clone(), column.clone());
        move |value: Value| -> Result<(), CommandError> {
            let rating = match value {
                Value::OptUint(v) => v.and_then(|v| u8::try_from(v).ok()),
                _ => None,
            };
            match rate_command(&cid, &col, rating) {
                Some(command) => store.dispatch(command),
                None => Ok(()),
            }
        }
    };
    let label = format!("{customer_name}: {column_name}");
    view! {
        <td>
            <EditField label=Signal::derive(move || label.clone()) quiet_label=true
                at=FieldAt::Item { list: ListRef::Ratings { customer_id: customer_id.clone() }, id: column.clone() }
                field="value" part=Part::Item("customers", customer_id.clone()) kind=FieldKind::Choice(options)
                stored=Signal::derive(move || current.get().map(|v| v.to_string()).unwrap_or_default())
                test_id="rating-select" to_value=rating_value write=write />
        </td>
    }
}

/// A chosen rating ("" for none).
fn rating_value(text: String) -> Result<Value, CommandError> {
    Ok(Value::OptUint(text.parse().ok()))
}
