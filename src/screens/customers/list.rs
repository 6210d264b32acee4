//! The customer list: search, page through, enter and edit by hand, export as CSV.

use crate::screens::words::Words;
use kam_domain::{
    amounts::NumberFormat,
    command::{Command, EntityKind, Item, ListRef, Value},
    import::{Column, ExportHeader, customers_csv},
    model::{Customer, SelectionStatus},
    selection::{AbcClass, find},
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    files,
    i18n::*,
    screens::field::{EditField, FieldKind, line},
    screens::kit::RowActions,
    screens::ui::{
        Feedback, amount_text, amount_value, cents_text, new_id, read, show_count, show_opt_amount,
    },
    store::{Part, use_store},
};

const PAGE: usize = 50;

#[component]
pub fn ListPart() -> impl IntoView {
    let i18n = use_i18n();
    let (query, set_query) = signal(String::new());
    let (shown, set_shown) = signal(PAGE);
    let store = use_store();
    // Re-read only when a customer changed, not on every edit elsewhere (20,000 rows).
    const CUSTOMERS: [Part; 1] = [Part::Items("customers")];
    let total = Memo::new(move |_| store.read_parts(&CUSTOMERS, |w| w.customers.len()));
    let found = Memo::new(move |_| {
        let q = query.get();
        store.read_parts(&CUSTOMERS, |w| {
            find(w, &q).map(|c| c.id.clone()).collect::<Vec<_>>()
        })
    });
    let visible = move || found.with(|f| f.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    let classes = crate::screens::customers::abc::use_analysis().classes;
    view! {
        <div class="card customers" data-testid="customer-list">
            <div class="card-head">
                <h2>{crate::tr(|l| td_string!(l, customers.list_heading))}</h2>
                <Export />
            </div>
            <p class="hint">{crate::tr(|l| td_string!(l, customers.list_hint))}</p>
            <div class="inline-form">
                <label class="field grow">
                    <span class="field-label">{crate::tr(|l| td_string!(l, customers.search))}</span>
                    <input type="search" data-testid="customer-search" prop:value=query
                        on:input=move |ev| { set_query.set(event_target_value(&ev)); set_shown.set(PAGE); } />
                </label>
                <p class="count" data-testid="customer-count">
                    {move || td_string!(i18n.get_locale(), customers.count,
                        found = show_count(found.with(Vec::len), i18n.get_locale()), count = total.get() as u64,
                        number = show_count(total.get(), i18n.get_locale())).to_string()}
                </p>
            </div>
            <Show when=move || total.get().gt(&0)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, customers.none_yet))}</p> }>
                <div class="table-wrap">
                    <table class="data customers-table">
                        <thead><tr>
                            <th>{crate::tr(|l| td_string!(l, customers.col_number))}</th>
                            <th>{crate::tr(|l| td_string!(l, customers.name))}</th>
                            <th class="wide-only">{crate::tr(|l| td_string!(l, customers.industry))}</th>
                            <th class="wide-only">{crate::tr(|l| td_string!(l, customers.region))}</th>
                            <th class="num">{crate::tr(|l| td_string!(l, customers.col_revenue))}</th>
                            <th class="num">{crate::tr(|l| td_string!(l, customers.col_margin))}</th>
                            <th class="num wide-only">{crate::tr(|l| td_string!(l, customers.col_potential))}</th>
                            <th>{crate::tr(|l| td_string!(l, customers.abc_class))}</th>
                            <th>{crate::tr(|l| td_string!(l, customers.selection))}</th>
                            <th><span class="visually-hidden">{crate::tr(|l| td_string!(l, customers.edit))}</span></th>
                        </tr></thead>
                        <tbody>
                            <For each=visible key=|id| id.clone() let:id>
                                <CustomerRow id=id classes=classes />
                            </For>
                        </tbody>
                    </table>
                </div>
                <Show when=move || found.with(Vec::len).gt(&shown.get())>
                    <button type="button" data-testid="show-more" on:click=move |_| set_shown.update(|n| *n += PAGE)>
                        {move || td_string!(i18n.get_locale(), customers.show_more,
                            n = (found.with(Vec::len) - shown.get()).min(PAGE)).to_string()}
                    </button>
                </Show>
            </Show>
            <AddCustomer />
        </div>
    }
}

#[component]
fn CustomerRow(
    id: String,
    classes: Memo<std::collections::HashMap<String, AbcClass>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let customer = {
        let id = id.clone();
        let part = [Part::Item("customers", id.clone())];
        Memo::new(move |_| store.read_parts(&part, |w| w.customer(&id).cloned()))
    };
    let class = {
        let id = id.clone();
        Memo::new(move |_| classes.with(|c| c.get(&id).copied()))
    };
    let editing = RwSignal::new(false);
    let cell = move |f: fn(&Customer) -> String| {
        move || customer.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let data_id = id.clone();
    view! {
        <tr data-testid="customer-row" data-id=data_id>
            <td>{cell(|c| c.number.clone())}</td>
            <td class="name">{cell(|c| c.name.clone())}</td>
            <td class="wide-only">{cell(|c| c.industry.clone())}</td>
            <td class="wide-only">{cell(|c| c.region.clone())}</td>
            <td class="num">{move || customer.with(|c| show_opt_amount(c.as_ref().and_then(|c| c.revenue), i18n.get_locale()))}</td>
            <td class="num">{move || customer.with(|c| show_opt_amount(c.as_ref().and_then(|c| c.margin), i18n.get_locale()))}</td>
            <td class="num wide-only">{move || customer.with(|c| show_opt_amount(c.as_ref().and_then(|c| c.potential), i18n.get_locale()))}</td>
            <td data-testid="customer-class">{move || class.get().map(|c| format!("{c:?}")).unwrap_or_else(|| "–".into())}</td>
            <td>{move || customer.with(|c| {
                let status = c.as_ref().map_or(SelectionStatus::None, |c| c.selection);
                view! { <span class=format!("sel sel-{status:?}")>{status.words(i18n.get_locale())}</span> }
            })}</td>
            <td>
                <button type="button" class="quiet compact" data-testid="edit-customer"
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>
                    {move || if editing.get() { td_string!(i18n.get_locale(), customers.close) } else { td_string!(i18n.get_locale(), customers.edit) }}
                </button>
            </td>
        </tr>
        <Show when=move || editing.get()>
            <tr class="edit-row"><td colspan="10">
                <EditCustomer id=id.clone() />
            </td></tr>
        </Show>
    }
}

/// Every field of one customer; each change is its own command.
#[component]
fn EditCustomer(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let customer = {
        let id = id.clone();
        let part = [Part::Item("customers", id.clone())];
        let store = use_store();
        Memo::new(move |_| store.read_parts(&part, |w| w.customer(&id).cloned()))
    };
    // Live-edit safe: a value being typed stays while another device edits, and two
    // versions of one field show as a conflict.
    let at = FieldAt::item(ListRef::Customers, id.clone());
    let part = Part::Item("customers", id.clone());
    let text_field = {
        let (at, part) = (at.clone(), part.clone());
        move |field: &'static str,
              test_id: &'static str,
              label: fn(Locale) -> &'static str,
              value: fn(&Customer) -> String| {
            view! {
                <EditField label=Signal::derive(move || label(i18n.get_locale()).to_string())
                    at=at.clone() field=field part=part.clone() test_id=test_id
                    stored=Signal::derive(move || customer.with(|c| c.as_ref().map(value).unwrap_or_default()))
                    to_value=line />
            }
        }
    };
    let amount_field = {
        let (at, part) = (at.clone(), part.clone());
        move |field: &'static str,
              test_id: &'static str,
              label: fn(Locale) -> &'static str,
              value: fn(&Customer) -> Option<i64>| {
            view! {
                <EditField label=Signal::derive(move || label(i18n.get_locale()).to_string())
                    at=at.clone() field=field part=part.clone() test_id=test_id kind=FieldKind::Number
                    stored=Signal::derive(move || customer.with(|c| c.as_ref().and_then(value).map(amount_text).unwrap_or_default()))
                    from_stored=cents_text
                    to_value=move |text: String| amount_value(EntityKind::Customer, field, &text).map(Value::OptInt) />
            }
        }
    };
    let remove_id = id.clone();
    view! {
        <div class="form-grid edit-customer">
            {text_field("number", "edit-number", |l| td_string!(l, customers.number), |c| c.number.clone())}
            {text_field("name", "edit-name", |l| td_string!(l, customers.name), |c| c.name.clone())}
            {text_field("industry", "edit-industry", |l| td_string!(l, customers.industry), |c| c.industry.clone())}
            {text_field("region", "edit-region", |l| td_string!(l, customers.region), |c| c.region.clone())}
            {amount_field("revenue", "edit-revenue", |l| td_string!(l, customers.revenue), |c| c.revenue)}
            {amount_field("margin", "edit-margin", |l| td_string!(l, customers.margin), |c| c.margin)}
            {amount_field("potential", "edit-potential", |l| td_string!(l, customers.potential), |c| c.potential)}
        </div>
        {move || customer.with(|c| c.as_ref().filter(|c| !c.attributes.is_empty()).map(|c| view! {
            <dl class="facts attributes">
                {c.attributes.iter().map(|a| view! { <dt>{a.id.clone()}</dt><dd>{a.value.clone()}</dd> }).collect_view()}
            </dl>
        }))}
        <div class="button-row">
            <RowActions list=ListRef::Customers id=remove_id feedback=feedback />
        </div>
        {feedback.view()}
    }
}

/// A customer entered by hand.
#[component]
fn AddCustomer() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    // The customer's own fields, as an import can fill them.
    let fields: Vec<&'static str> = Column::ALL.into_iter().filter_map(Column::field).collect();
    let values: Vec<RwSignal<String>> = fields
        .iter()
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let fields = StoredValue::new(fields);
    let v = values.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |i: usize| v[i].get_untracked().trim().to_string();
        let amount = |i: usize| {
            let field = fields.with_value(|f| f[i]);
            amount_value(EntityKind::Customer, field, &text(i))
        };
        let (revenue, margin, potential) = match (amount(4), amount(5), amount(6)) {
            (Ok(r), Ok(m), Ok(p)) => (r, m, p),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                feedback.refuse(e);
                return;
            }
        };
        let customer = Customer {
            id: new_id(),
            number: text(0),
            name: text(1),
            industry: text(2),
            region: text(3),
            revenue,
            margin,
            potential,
            ratings: Vec::new(),
            attributes: Vec::new(),
            selection: SelectionStatus::None,
        };
        if feedback.send(Command::Insert {
            list: ListRef::Customers,
            item: Item::Customer(customer),
        }) {
            for s in &v {
                s.set(String::new());
            }
        }
    };
    let l = i18n.get_locale_untracked();
    let labels = Column::ALL
        .into_iter()
        .filter(|c| c.field().is_some())
        .map(|c| c.words(l));
    view! {
        <form class="add-form no-print" data-testid="add-customer" on:submit=add>
            <h3>{crate::tr(|l| td_string!(l, customers.add_heading))}</h3>
            <div class="form-grid">
                {fields.get_value().into_iter().zip(labels).zip(values).map(|((field, label), value)| {
                    let numeric = matches!(field, "revenue" | "margin" | "potential");
                    view! {
                        <label class="field">
                            <span class="field-label">{label}</span>
                            <input type="text" inputmode=if numeric { "decimal" } else { "text" }
                                data-testid=format!("new-{field}") prop:value=value
                                on:input=move |ev| value.set(event_target_value(&ev)) />
                        </label>
                    }
                }).collect_view()}
            </div>
            <div class="button-row">
                <button type="submit" class="primary" data-testid="add-customer-submit">{crate::tr(|l| td_string!(l, customers.add))}</button>
            </div>
            {feedback.view()}
        </form>
    }
}

/// Downloads the customers as CSV for a spreadsheet, numbers as the user chooses.
#[component]
fn Export() -> impl IntoView {
    let i18n = use_i18n();
    let saved = Feedback::new();
    let format = RwSignal::new(NumberFormat::Swiss);
    let export = move |_| {
        let l = i18n.get_locale_untracked();
        let header = ExportHeader {
            number: td_string!(l, customers.number),
            name: td_string!(l, customers.name),
            industry: td_string!(l, customers.industry),
            region: td_string!(l, customers.region),
            revenue: td_string!(l, customers.revenue),
            margin: td_string!(l, customers.margin),
            potential: td_string!(l, customers.potential),
            selection: td_string!(l, customers.selection),
        };
        let (csv, name) = read(|w| {
            (
                customers_csv(
                    &w.customers,
                    &header,
                    |s| s.words(l).to_string(),
                    format.get_untracked(),
                ),
                files::file_stem(&w.name),
            )
        });
        saved.report(files::download(
            &format!("{name}-kunden.csv"),
            "text/csv;charset=utf-8",
            csv.as_bytes(),
        ));
    };
    view! {
        <span class="export no-print">
            <label class="field">
                <span class="field-label">{crate::tr(|l| td_string!(l, customers.export_numbers))}</span>
                <select data-testid="export-format" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(f) = NumberFormat::ALL.into_iter().find(|f| format!("{f:?}") == v) {
                        format.set(f);
                    }
                }>
                    {NumberFormat::ALL.into_iter().map(|f| view! {
                        <option value=format!("{f:?}") selected=move || format.get() == f>
                            {move || f.words(i18n.get_locale())}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <button type="button" data-testid="export-csv" on:click=export>{crate::tr(|l| td_string!(l, customers.export))}</button>
            {saved.view()}
        </span>
    }
}
