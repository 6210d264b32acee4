//! The selection workflow: candidates from the criteria → provisional → definitive after
//! a detailed review, or rejected; each step with a reason, and the decision log.

use crate::screens::words::Words;
use kam_domain::{
    model::{SelectionDecision, SelectionStatus},
    selection::{
        self, NewIds, StageFilter, criteria_in_order, decide, decision_log, evaluate_one,
        next_steps,
    },
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::kit::{CardHead, DataTable, col},
    screens::ui::{Feedback, new_id, read},
    store::current_author,
};

/// The button text for a step towards `to`.
fn step_label(from: SelectionStatus, to: SelectionStatus, l: Locale) -> &'static str {
    use SelectionStatus as S;
    match (from, to) {
        (_, S::Provisional) if from == S::Definitive => {
            td_string!(l, selection.back_to_provisional)
        }
        (_, S::Provisional) => td_string!(l, selection.to_provisional),
        (_, S::Definitive) => td_string!(l, selection.to_definitive),
        (_, S::Rejected) => td_string!(l, selection.reject),
        (_, S::None) => td_string!(l, selection.back_to_candidates),
    }
}

#[component]
pub fn SelectionPart() -> impl IntoView {
    let i18n = use_i18n();
    let (all, set_all) = signal(false);
    let (query, set_query) = signal(String::new());
    // Ids per stage, in the domain's order (`selection::stage`).
    let stage = move |status: SelectionStatus| {
        Memo::new(move |_| {
            let (everyone, q) = (all.get(), query.get());
            read(|w| {
                let filter = StageFilter {
                    everyone,
                    query: &q,
                };
                selection::stage(w, status, filter)
                    .into_iter()
                    .map(|(c, _)| c.id.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let stages = [
        (SelectionStatus::None, "candidates"),
        (SelectionStatus::Provisional, "provisional"),
        (SelectionStatus::Definitive, "definitive"),
        (SelectionStatus::Rejected, "rejected"),
    ];
    view! {
        <div class="card selection screen-only" data-testid="selection">
            <CardHead title=|l| td_string!(l, selection.heading) hint=|l| td_string!(l, selection.lead) print=false />
            <div class="stages">
                {stages.into_iter().map(|(status, slug)| {
                    let ids = stage(status);
                    view! {
                        <section class=format!("stage stage-{slug}") data-testid=format!("stage-{slug}")>
                            <h3>
                                {move || match status {
                                    SelectionStatus::None => td_string!(i18n.get_locale(), selection.candidates),
                                    other => other.words(i18n.get_locale()),
                                }}
                                <span class="count-badge">{move || ids.with(Vec::len)}</span>
                            </h3>
                            {(status == SelectionStatus::None).then(|| view! {
                                <div class="inline-form">
                                    <label class="check">
                                        <input type="checkbox" data-testid="show-all-customers" prop:checked=all
                                            on:change=move |ev| set_all.set(event_target_checked(&ev)) />
                                        {crate::tr(|l| td_string!(l, selection.show_all))}
                                    </label>
                                    <Show when=move || all.get()>
                                        <label class="field grow">
                                            <span class="field-label">{crate::tr(|l| td_string!(l, customers.search))}</span>
                                            <input type="search" data-testid="selection-search" prop:value=query
                                                on:input=move |ev| set_query.set(event_target_value(&ev)) />
                                        </label>
                                    </Show>
                                </div>
                            })}
                            <Show when=move || !ids.with(Vec::is_empty)
                                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, selection.empty_stage))}</p> }>
                                <ul class="item-list">
                                    <For each=move || ids.get() key=|id| id.clone() let:id>
                                        <Candidate id=id />
                                    </For>
                                </ul>
                            </Show>
                        </section>
                    }
                }).collect_view()}
            </div>
        </div>
        <DecisionLog />
    }
}

/// One customer in a stage: the criteria met, and the steps it can take.
#[component]
fn Candidate(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let info = {
        let id = id.clone();
        Memo::new(move |_| {
            read(|w| {
                let c = w.customer(&id)?;
                let e = evaluate_one(w, c);
                let names: Vec<String> = criteria_in_order(w)
                    .into_iter()
                    .filter(|cr| e.met.contains(&cr.id))
                    .map(|cr| cr.name.clone())
                    .collect();
                Some((
                    c.name.clone(),
                    c.selection,
                    names,
                    w.criteria.len(),
                    e.qualifies,
                ))
            })
        })
    };
    let asking: RwSignal<Option<SelectionStatus>> = RwSignal::new(None);
    let reason = RwSignal::new(String::new());
    // Who decided must be traceable: ask for the name once when this device has none.
    let needs_name = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let confirm = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(to) = asking.get_untracked() else {
                return;
            };
            if needs_name.get_untracked() {
                match kam_domain::author::AuthorName::parse(&name.get_untracked()) {
                    Ok(author) => {
                        if crate::prefs::store_author(&author).is_ok() {
                            needs_name.set(false);
                        }
                    }
                    Err(_) => {
                        feedback.refuse(kam_domain::command::CommandError::Invalid {
                            kind: kam_domain::command::EntityKind::SelectionDecision,
                            invalid: kam_domain::validate::Invalid {
                                field: "decided_by",
                                problem: kam_domain::validate::Problem::Empty,
                            },
                        });
                        return;
                    }
                }
            }
            let author = current_author();
            let now = js_sys::Date::now() as i64;
            let command = read(|w| {
                Some(decide(
                    w,
                    &id,
                    to,
                    &reason.get_untracked(),
                    author.as_str(),
                    now,
                    NewIds { decision: new_id() },
                ))
            });
            match command {
                Some(Ok(command)) => {
                    let recorded = feedback.send(command);
                    if recorded {
                        asking.set(None);
                        reason.set(String::new());
                    }
                }
                Some(Err(e)) => feedback.refuse(e),
                None => {}
            }
        }
    };
    view! {
        <li class="item candidate" data-testid="candidate">
            {move || info.get().map(|(name, status, met, m, qualifies)| {
                let l = i18n.get_locale();
                view! {
                    <div class="item-line">
                        <span class="grow">
                            <strong class="candidate-name">{name}</strong>
                            <span class=if qualifies { "hint met" } else { "hint not-met" }>
                                {format!(" – {}", td_string!(l, criteria.of_criteria, n = met.len(), count = m as u64))}
                                {(!met.is_empty()).then(|| format!(": {}", met.join(", ")))}
                            </span>
                        </span>
                        <span class="row-actions">
                            {next_steps(status).into_iter().map(|to| view! {
                                <button type="button" class=if matches!(to, SelectionStatus::Provisional | SelectionStatus::Definitive) && status != SelectionStatus::Definitive { "primary" } else { "quiet" }
                                    data-testid=format!("step-{to:?}").to_lowercase()
                                    on:click=move |_| {
                                        needs_name.set(crate::prefs::stored_author().is_none());
                                        asking.set(Some(to));
                                        feedback.clear();
                                    }>
                                    {step_label(status, to, l)}
                                </button>
                            }).collect_view()}
                        </span>
                    </div>
                }
            })}
            {move || asking.get().map(|to| {
                let confirm = confirm.clone();
                let from = info.with(|i| i.as_ref().map_or(SelectionStatus::None, |i| i.1));
                view! {
                    <form class="reason-form" data-testid="reason-form" on:submit=confirm>
                        <Show when=move || needs_name.get()>
                            <label class="field">
                                <span class="field-label">{crate::tr(|l| td_string!(l, selection.your_name))}</span>
                                <input type="text" data-testid="decider-name" prop:value=name
                                    on:input=move |ev| name.set(event_target_value(&ev)) />
                            </label>
                        </Show>
                        <label class="field">
                            <span class="field-label">{move || td_string!(i18n.get_locale(), selection.why, step = step_label(from, to, i18n.get_locale())).to_string()}</span>
                            <textarea rows="2" data-testid="reason" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) />
                        </label>
                        <div class="button-row">
                            <button type="submit" class="primary" data-testid="confirm-step">{crate::tr(|l| td_string!(l, selection.confirm))}</button>
                            <button type="button" class="quiet" on:click=move |_| asking.set(None)>{crate::tr(|l| td_string!(l, rollout.cancel))}</button>
                        </div>
                    </form>
                }
            })}
            {feedback.view()}
        </li>
    }
}

/// A stage in the log: "candidate" rather than the list's dash.
fn log_label(status: SelectionStatus, l: Locale) -> &'static str {
    match status {
        SelectionStatus::None => td_string!(l, selection.candidate),
        other => other.words(l),
    }
}

/// When a decision was taken, as users write date and time.
fn when(ms: i64, l: Locale) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let date = kam_domain::date::Date {
        year: d.get_full_year() as i32,
        month: d.get_month() + 1,
        day: d.get_date(),
    };
    format!(
        "{} {:02}:{:02}",
        crate::screens::ui::show(date, l),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Every decision, newest first: a readable, printable list.
#[component]
fn DecisionLog() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        let language = crate::screens::ui::content_language(i18n.get_locale());
        read(|w| {
            // The criteria as they were when decided (name and rule); decisions recorded
            // before that was kept name today's criteria.
            let names = |d: &SelectionDecision| -> String {
                if d.criteria_then.is_empty() {
                    w.criteria
                        .iter()
                        .filter(|c| d.criteria_met.contains(&c.id))
                        .map(|c| c.name.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    d.criteria_then
                        .iter()
                        .map(|c| kam_domain::selection::criterion_with_rule(c, language))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            decision_log(w)
                .into_iter()
                .map(|d: &SelectionDecision| {
                    let customer = w
                        .customers
                        .iter()
                        .find(|c| c.id == d.customer_id)
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| "–".into());
                    (
                        d.id.clone(),
                        d.decided_at,
                        customer,
                        d.from,
                        d.to,
                        d.decided_by.clone(),
                        d.reason.clone(),
                        names(d),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card decision-log" data-testid="decision-log">
            <CardHead title=|l| td_string!(l, selection.log) hint=|l| td_string!(l, selection.log_hint) />
            <Show when=move || !rows.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, selection.no_decisions))}</p> }>
                <DataTable cols=vec![col(|l| td_string!(l, selection.when)), col(|l| td_string!(l, customers.name)), col(|l| td_string!(l, selection.step)), col(|l| td_string!(l, selection.who)), col(|l| td_string!(l, selection.reason)), col(|l| td_string!(l, selection.criteria_then))] label=|l| td_string!(l, selection.log) class="log stack">
                    {move || {
                        let l = i18n.get_locale();
                        rows.get().into_iter().map(|(_, at, customer, from, to, who, reason, met)| view! {
                            <tr data-testid="decision">
                                <td data-label=td_string!(l, selection.when)>{when(at, l)}</td>
                                <td class="name" data-label=td_string!(l, customers.name)>{customer}</td>
                                <td data-label=td_string!(l, selection.step)>{format!("{} → {}", log_label(from, l), log_label(to, l))}</td>
                                <td data-label=td_string!(l, selection.who)>{who}</td>
                                <td class="wide" data-label=td_string!(l, selection.reason)>{reason}</td>
                                <td class="wide" data-label=td_string!(l, selection.criteria_then)>{met}</td>
                            </tr>
                        }).collect_view()
                    }}
                </DataTable>
            </Show>
        </div>
    }
}
