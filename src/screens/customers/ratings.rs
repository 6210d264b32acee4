//! 1–5 judgements of customers (strategic value, reference value, relationship quality…),
//! one column per rated criterion or portfolio factor. Each rating is its own list item
//! under the customer, so two managers rating different customers offline both keep
//! their work.

use kam_domain::{
    command::{Command, Item, ListRef, Value},
    model::Rating,
    selection::rating,
};
use leptos::prelude::*;

use super::matches;
use crate::{
    i18n::*,
    screens::ui::{Feedback, read},
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
            w.customers
                .iter()
                .filter(|c| matches(c, &q))
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="rating-grid" data-testid=test_id>
            <label class="field">
                <span class="field-label">{t!(i18n, customers.search)}</span>
                <input type="search" data-testid=format!("{test_id}-search") prop:value=query
                    on:input=move |ev| { set_query.set(event_target_value(&ev)); set_shown.set(PAGE); } />
            </label>
            <div class="table-wrap">
                <table class="data">
                    <thead><tr>
                        <th>{t!(i18n, customers.name)}</th>
                        {move || columns.get().into_iter().map(|(_, name)| view! { <th>{name}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        <For each=move || found.with(|f| f.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                            key=|(id, name)| (id.clone(), name.clone()) let:customer>
                            <tr data-testid="rating-row">
                                <th scope="row">{customer.1.clone()}</th>
                                {
                                    let customer_id = customer.0.clone();
                                    move || columns.get().into_iter().map(|(column, name)| {
                                        let (cid, col) = (customer_id.clone(), column.clone());
                                        let current = read(|w| w.customers.iter().find(|c| c.id == cid).and_then(|c| rating(c, &col)));
                                        let label = format!("{}: {}", customer.1, name);
                                        let (cid, col) = (customer_id.clone(), column.clone());
                                        view! {
                                            <td>
                                                <select aria-label=label data-testid="rating-select" on:change=move |ev| {
                                                    let value = event_target_value(&ev).parse::<u8>().ok();
                                                    if let Some(command) = rate_command(&cid, &col, value) {
                                                        feedback.send(command);
                                                    }
                                                }>
                                                    <option value="" selected=current.is_none()>"–"</option>
                                                    {(1..=5u8).map(|v| view! {
                                                        <option value=v.to_string() selected=current == Some(v)>{v}</option>
                                                    }).collect_view()}
                                                </select>
                                            </td>
                                        }
                                    }).collect_view()
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
