//! The controller's actuals (and targets) per key account and period, from a CSV file:
//! checked row by row like the customer import. Rows that name no definitive key account
//! are listed with the reason and skipped; every figure that changes is shown old → new
//! before anything is written, and the import is one change.

use crate::screens::words::Words;
use std::sync::Arc;

use kam_domain::amounts::NumberFormat;
use kam_domain::import::{
    ActualsColumn, ActualsMapping, ActualsPlan, Table, actuals_commands, plan_actuals, read_table,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::customers::import::{problem_text, read_error_text},
    screens::kit::CardHead,
    screens::ui::{Feedback, FileButton, show_amount, show_opt_amount},
    store::{Part, use_store},
};

#[component]
pub fn ActualsPart() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let feedback = Feedback::new();
    let table: RwSignal<Option<Arc<Table>>> = RwSignal::new(None);
    let mapping: RwSignal<Option<ActualsMapping>> = RwSignal::new(None);
    let done: RwSignal<Option<usize>> = RwSignal::new(None);
    let unreadable: RwSignal<Option<kam_domain::import::ReadError>> = RwSignal::new(None);
    let on_file = move |bytes: Vec<u8>| {
        done.set(None);
        match read_table(&bytes) {
            Ok(t) => {
                mapping.set(Some(ActualsMapping::guess(&t)));
                table.set(Some(Arc::new(t)));
                unreadable.set(None);
            }
            Err(e) => {
                table.set(None);
                unreadable.set(Some(e));
            }
        }
    };
    let checked: Memo<Option<ActualsPlan>> = Memo::new(move |_| {
        let (t, m) = (table.get()?, mapping.get()?);
        store.read_parts(
            &[Part::Items("customers"), Part::Items("key_accounts")],
            |w| Some(plan_actuals(&t, &m, w)),
        )
    });
    // Account names for the preview, by key account id.
    let names = Memo::new(move |_| {
        store.read_parts(
            &[Part::Items("customers"), Part::Items("key_accounts")],
            |w| {
                w.key_accounts
                    .iter()
                    .filter_map(|k| w.customer_of(k).map(|c| (k.id.clone(), c.name.clone())))
                    .collect::<std::collections::HashMap<_, _>>()
            },
        )
    });
    let take_over = move |_| {
        let Some(plan) = checked.get_untracked() else {
            return;
        };
        if !plan.ready() {
            return;
        }
        let command = store
            .workspace
            .with_untracked(|w| w.as_ref().and_then(|w| actuals_commands(&plan.rows, w)));
        let ok = command.is_none_or(|c| feedback.send(c));
        if ok {
            done.set(Some(plan.rows.len()));
            table.set(None);
        }
    };
    let cancel = move |_| {
        table.set(None);
        mapping.set(None);
    };
    view! {
        <div class="card actuals-import no-print" data-testid="actuals-import">
            <CardHead title=|l| td_string!(l, accounts.actuals_heading) hint=|l| td_string!(l, accounts.actuals_lead) print=false />
            <div class="button-row">
                <FileButton label=|l| td_string!(l, accounts.choose_actuals)
                    test_id="actuals-file" accept=".csv,.txt,text/csv,text/plain" on_file=on_file />
            </div>
            {move || unreadable.get().map(|e| view! {
                <p class="inline-error" role="alert" data-testid="actuals-error">{read_error_text(&e, i18n.get_locale())}</p>
            })}
            {move || done.get().map(|n| view! { <p class="success" data-testid="actuals-done">{td_string!(i18n.get_locale(), accounts.actuals_done, count = n as u64).to_string()}</p> })}
            {move || table.get().map(|t| {
                let header = t.header.clone();
                view! {
                    <div class="mapping-grid">
                        {header.into_iter().enumerate().map(|(col, name)| view! {
                            <label class="field">
                                <span class="field-label column-name">{name}</span>
                                <select data-testid=format!("actuals-map-{col}") on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    if let Some(choice) = ActualsColumn::ALL.into_iter().find(|x| format!("{x:?}") == v) {
                                        mapping.update(|m| if let Some(slot) = m.as_mut().and_then(|m| m.targets.get_mut(col)) { *slot = choice });
                                    }
                                }>
                                    {ActualsColumn::ALL.into_iter().map(|x| view! {
                                        <option value=format!("{x:?}") selected=move || mapping.with(|m| m.as_ref().and_then(|m| m.targets.get(col).copied())) == Some(x)>
                                            {move || x.words(i18n.get_locale())}
                                        </option>
                                    }).collect_view()}
                                </select>
                            </label>
                        }).collect_view()}
                        <label class="field">
                            <span class="field-label">{crate::tr(|l| td_string!(l, import.number_format))}</span>
                            <select data-testid="actuals-format" on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(f) = NumberFormat::ALL.into_iter().find(|f| format!("{f:?}") == v) {
                                    mapping.update(|m| if let Some(m) = m.as_mut() { m.format = f });
                                }
                            }>
                                {NumberFormat::ALL.into_iter().map(|f| view! {
                                    <option value=format!("{f:?}") selected=move || mapping.with(|m| m.as_ref().map(|m| m.format)) == Some(f)>{move || f.words(i18n.get_locale())}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    </div>
                    {move || checked.with(|c| c.as_ref().map(|plan| {
                        let l = i18n.get_locale();
                        if !plan.ready() {
                            let problems = &plan.problems;
                            return view! {
                                <div class="problems" role="alert" data-testid="actuals-problems">
                                    <h4>{td_string!(l, import.problems, count = problems.len() as u64).to_string()}</h4>
                                    <ul>{problems.iter().take(25).map(|p| view! { <li>{problem_text(p, &t, l)}</li> }).collect_view()}</ul>
                                    <p class="hint">{td_string!(l, import.nothing_written).to_string()}</p>
                                </div>
                            }.into_any();
                        }
                        let n = plan.rows.len();
                        let skipped = (!plan.skipped.is_empty()).then(|| view! {
                            <div class="problems skipped" data-testid="actuals-skipped">
                                <h4>{td_string!(l, controlling.skipped_heading, n = plan.skipped.len()).to_string()}</h4>
                                <ul>{plan.skipped.iter().take(50).map(|p| view! { <li>{problem_text(p, &t, l)}</li> }).collect_view()}</ul>
                                <p class="hint">{td_string!(l, controlling.skipped_hint)}</p>
                            </div>
                        });
                        let preview = names.with(|names| plan.changes.iter().map(|c| {
                            let name = names.get(&c.key_account_id).cloned().unwrap_or_default();
                            view! {
                                <tr data-testid="actuals-change">
                                    <td>{name}</td>
                                    <td>{kam_domain::controlling::Period::parse(&c.period).map_or_else(|| c.period.clone(), |p| crate::screens::controlling::period_label(p, l))}</td>
                                    <td>{crate::screens::controlling::figure_words(c.figure, l)}</td>
                                    <td class="num old">{show_opt_amount(c.old, l)}</td>
                                    <td class="num">{show_amount(c.new, l)}</td>
                                </tr>
                            }
                        }).collect_view());
                        let changes = plan.changes.len();
                        view! {
                            {skipped}
                            <p class="success" data-testid="actuals-ok">{td_string!(l, controlling.changes_ready, rows = n, changes = changes).to_string()}</p>
                            <div class="table-wrap">
                                <table class="data actuals-preview" data-testid="actuals-preview">
                                    <thead><tr>
                                        <th>{td_string!(l, accounts.account)}</th>
                                        <th>{td_string!(l, accounts.period)}</th>
                                        <th>{td_string!(l, controlling.figure)}</th>
                                        <th class="num">{td_string!(l, controlling.old_value)}</th>
                                        <th class="num">{td_string!(l, controlling.new_value)}</th>
                                    </tr></thead>
                                    <tbody>{preview}</tbody>
                                </table>
                            </div>
                            <div class="button-row">
                                <button type="button" class="primary" data-testid="actuals-submit" disabled=changes == 0 on:click=take_over>
                                    {if plan.skipped.is_empty() { td_string!(l, accounts.import_actuals).to_string() } else { td_string!(l, controlling.import_skipping, n = plan.skipped.len()).to_string() }}
                                </button>
                                <button type="button" data-testid="actuals-cancel" on:click=cancel>{td_string!(l, controlling.cancel)}</button>
                            </div>
                        }.into_any()
                    }))}
                }
            })}
            {feedback.view()}
        </div>
    }
}
