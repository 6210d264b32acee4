//! The controller's actuals (and targets) per key account and period, from a CSV file:
//! checked row by row like the customer import, written in one change or not at all.

use crate::screens::words::Words;
use std::sync::Arc;

use kam_domain::amounts::NumberFormat;
use kam_domain::import::{
    ActualsColumn, ActualsMapping, ActualsRow, ImportProblem, Table, actuals_commands,
    plan_actuals, read_table,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::customers::import::{problem_text, read_error_text},
    screens::kit::CardHead,
    screens::ui::{Feedback, FileButton},
    store::use_store,
};

#[component]
pub fn ActualsImport() -> impl IntoView {
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
    let checked: Memo<Option<(Vec<ActualsRow>, Vec<ImportProblem>)>> = Memo::new(move |_| {
        let (t, m) = (table.get()?, mapping.get()?);
        store
            .workspace
            .with(|w| w.as_ref().map(|w| plan_actuals(&t, &m, w)))
    });
    let take_over = move |_| {
        let Some((rows, problems)) = checked.get_untracked() else {
            return;
        };
        if !problems.is_empty() {
            return;
        }
        let command = store
            .workspace
            .with_untracked(|w| w.as_ref().and_then(|w| actuals_commands(&rows, w)));
        let ok = command.is_none_or(|c| feedback.send(c));
        if ok {
            done.set(Some(rows.len()));
            table.set(None);
        }
    };
    view! {
        <div class="card actuals-import no-print" data-testid="actuals-import">
            <CardHead title=|l| td_string!(l, accounts.actuals_heading) hint=|l| td_string!(l, accounts.actuals_lead) print=false />
            <div class="button-row">
                <FileButton label=move || td_string!(i18n.get_locale(), accounts.choose_actuals)
                    test_id="actuals-file" accept=".csv,.txt,text/csv,text/plain" on_file=on_file />
            </div>
            {move || unreadable.get().map(|e| view! {
                <p class="inline-error" role="alert" data-testid="actuals-error">{read_error_text(&e, i18n.get_locale())}</p>
            })}
            {move || done.get().map(|n| view! { <p class="success" data-testid="actuals-done">{td_string!(i18n.get_locale(), accounts.actuals_done, rows = n).to_string()}</p> })}
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
                            <span class="field-label">{t!(i18n, import.number_format)}</span>
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
                    {move || checked.with(|c| c.as_ref().map(|(rows, problems)| {
                        let l = i18n.get_locale();
                        if problems.is_empty() {
                            let n = rows.len();
                            view! {
                                <p class="success" data-testid="actuals-ok">{td_string!(l, accounts.actuals_ready, rows = n).to_string()}</p>
                                <button type="button" class="primary" data-testid="actuals-submit" on:click=take_over>{t!(i18n, accounts.import_actuals)}</button>
                            }.into_any()
                        } else {
                            view! {
                                <div class="problems" role="alert" data-testid="actuals-problems">
                                    <h4>{td_string!(l, import.problems, n = problems.len()).to_string()}</h4>
                                    <ul>{problems.iter().take(25).map(|p| view! { <li>{problem_text(p, &t, l)}</li> }).collect_view()}</ul>
                                    <p class="hint">{td_string!(l, import.nothing_written).to_string()}</p>
                                </div>
                            }.into_any()
                        }
                    }))}
                }
            })}
            {feedback.view()}
        </div>
    }
}
