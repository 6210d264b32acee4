//! The criteria that make a customer a key account ("at least N of M"), the ratings the
//! rated ones need, and a live preview of who qualifies.

use kam_domain::{
    command::{Command, CommandError, EntityKind, Item, ListRef, Value},
    model::{Criterion, CriterionRule},
    rank::after_last,
    selection::{MEASURED_FIELDS, candidates, criteria_in_order, suggested_criteria},
    versions::FieldAt,
};
use leptos::prelude::*;

use super::{figure_label, ratings::RatingGrid};
use crate::{
    i18n::*,
    screens::{
        field::{EditField, FieldKind},
        kit::{AddForm, AddInput, CardHead, LineField, RowActions, insert, row_item, text_of},
        ui::{
            Feedback, amount_text, amount_value, cents_text, content_language, label, new_id, read,
            show_amount, whole_number,
        },
    },
    store::{Part, use_store},
};

#[component]
pub fn CriteriaPart() -> impl IntoView {
    let rated = Signal::derive(move || {
        read(|w| {
            criteria_in_order(w)
                .into_iter()
                .filter(|c| matches!(c.rule, CriterionRule::Rated { .. }))
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card criteria" data-testid="criteria">
            <CardHead title=|l| td_string!(l, criteria.heading) hint=|l| td_string!(l, criteria.lead) print=false />
            <Threshold />
            <CriteriaList />
            <Show when=move || !rated.with(Vec::is_empty)>
                <h3>{crate::tr(|l| td_string!(l, criteria.ratings))}</h3>
                <p class="hint">{crate::tr(|l| td_string!(l, criteria.ratings_hint))}</p>
                <RatingGrid columns=rated test_id="criteria-ratings" />
            </Show>
        </div>
        <LivePreview />
    }
}

/// "A key account meets at least N of the M criteria."
#[component]
fn Threshold() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let n = Memo::new(move |_| {
        store
            .read_parts(&[Part::Root], |w| Some(w.criteria_threshold))
            .unwrap_or(2)
    });
    let m = Memo::new(move |_| store.read_parts(&[Part::List("criteria")], |w| w.criteria.len()));
    // What applies (the domain's rule): never more than the criteria there are.
    let applies = Memo::new(move |_| {
        store.read_parts(
            &[Part::Root, Part::List("criteria")],
            kam_domain::selection::threshold,
        )
    });
    view! {
        <div class="threshold inline-form">
            <EditField label=Signal::derive(move || td_string!(i18n.get_locale(), criteria.threshold_label).to_string())
                at=FieldAt::Workspace field="criteria_threshold" part=Part::Root kind=FieldKind::Number
                stored=Signal::derive(move || n.get().to_string()) test_id="criteria-threshold"
                to_value=move |text: String| kam_domain::selection::threshold_typed(&text, m.get_untracked())
                    .map(Value::Uint)
                    .map_err(|invalid| CommandError::Invalid { kind: EntityKind::Workspace, invalid }) />
            <p class="rule-text" data-testid="rule-text">
                {move || if m.get() == 0 {
                    td_string!(i18n.get_locale(), criteria.rule_none).to_string()
                } else {
                    let l = i18n.get_locale();
                    let rule = td_string!(l, criteria.of_criteria, n = applies.get(), count = m.get() as u64).to_string();
                    td_string!(l, criteria.rule_text, rule = rule).to_string()
                }}
            </p>
        </div>
    }
}

#[component]
fn CriteriaList() -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| {
        read(|w| {
            criteria_in_order(w)
                .into_iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let feedback = Feedback::new();
    let suggest = move |_| {
        let language = content_language(i18n.get_locale_untracked());
        let command = read(|w| Some(suggested_criteria(w, language, new_id)));
        if let Some(command) = command {
            feedback.send(command);
        }
    };
    view! {
        <h3>{crate::tr(|l| td_string!(l, criteria.list))}</h3>
        <Show when=move || !ids.with(Vec::is_empty)
            fallback=move || view! {
                <p class="empty">{crate::tr(|l| td_string!(l, criteria.none_yet))}</p>
                <button type="button" data-testid="suggest-criteria" on:click=suggest>{crate::tr(|l| td_string!(l, criteria.suggest))}</button>
            }>
            <ol class="item-list" data-testid="criteria-list">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <CriterionRow id=id />
                </For>
            </ol>
        </Show>
        {feedback.view()}
        <AddCriterion />
    }
}

#[component]
fn CriterionRow(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let criterion = row_item(&id, vec![Part::Item("criteria", id.clone())], |w, id| {
        w.criterion(id).cloned()
    });
    let rule = Memo::new(move |_| criterion.with(|c| c.as_ref().map(|c| c.rule.clone())));
    // Rated or measured: the inputs are rebuilt only when this changes.
    let kind = Memo::new(move |_| {
        rule.with(|r| r.as_ref().map(|r| matches!(r, CriterionRule::Rated { .. })))
    });
    let name = text_of(criterion, |c| c.name.clone());
    let at = FieldAt::item(ListRef::Criteria, id.clone());
    let part = Part::Item("criteria", id.clone());
    // The rule is one value made of parts; each part is written with the others as
    // they are now.
    let measured_field = move || match rule.get_untracked() {
        Some(CriterionRule::Measured { field, .. }) => field,
        _ => "revenue".to_string(),
    };
    let set_field = {
        let id = id.clone();
        move |field: String| {
            let threshold = match rule.get_untracked() {
                Some(CriterionRule::Measured { threshold, .. }) => threshold,
                _ => 0,
            };
            feedback.send(Command::set(
                ListRef::Criteria,
                id.clone(),
                "rule",
                Value::Rule(CriterionRule::Measured { field, threshold }),
            ));
        }
    };
    let (at2, at3, part2, part3) = (at.clone(), at.clone(), part.clone(), part.clone());
    let data_id = id.clone();
    view! {
        <li class="item criterion" data-testid="criterion" data-id=data_id>
            <div class="item-line">
                <LineField label=|l| td_string!(l, criteria.name) at=at.clone() field="name" part=part.clone()
                    stored=name test_id="criterion-name" />
                {move || match kind.get() {
                    Some(true) => {
                        view! {
                            <EditField label=label(|l| td_string!(l, criteria.rated_min)) at=at2.clone() field="rule"
                                versions_at="rule/Rated/min" part=part2.clone()
                                kind=FieldKind::Choice(Signal::derive(|| (1..=5u8).map(|v| (v.to_string(), v.to_string())).collect()))
                                stored=Signal::derive(move || match rule.get() { Some(CriterionRule::Rated { min }) => min.to_string(), _ => String::new() })
                                test_id="criterion-min" to_value=rated_rule />
                        }.into_any()
                    }
                    Some(false) => {
                        let set_field = set_field.clone();
                        view! {
                            <label class="field">
                                <span class="field-label">{crate::tr(|l| td_string!(l, criteria.field))}</span>
                                <select data-testid="criterion-field" prop:value=measured_field on:change=move |ev| set_field(event_target_value(&ev))>
                                    {MEASURED_FIELDS.into_iter().map(|f| view! {
                                        <option value=f selected=move || measured_field() == f>{figure_label(f, i18n.get_locale_untracked())}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <EditField label=label(|l| td_string!(l, criteria.at_least)) at=at3.clone() field="rule"
                                versions_at="rule/Measured/threshold" part=part3.clone() kind=FieldKind::Number
                                stored=Signal::derive(move || match rule.get() { Some(CriterionRule::Measured { threshold, .. }) => amount_text(threshold), _ => String::new() })
                                from_stored=cents_text test_id="criterion-threshold"
                                to_value=move |text: String| measured_rule(measured_field(), &text).map(Value::Rule) />
                        }.into_any()
                    }
                    None => ().into_any(),
                }}
                <EditField label=label(|l| td_string!(l, criteria.weight)) at=at field="weight" part=part kind=FieldKind::Number
                    stored=text_of(criterion, |c| c.weight.to_string())
                    test_id="criterion-weight" to_value=whole_number(EntityKind::Criterion, "weight") />
                <RowActions list=ListRef::Criteria id=id.clone() feedback=feedback move_label=name />
            </div>
            {feedback.view()}
        </li>
    }
}

/// A rated criterion's minimum as its rule.
fn rated_rule(text: String) -> Result<Value, CommandError> {
    text.parse()
        .map(|min| Value::Rule(CriterionRule::Rated { min }))
        .map_err(|_| CommandError::Empty)
}

/// A typed threshold as the rule of a measured criterion.
fn measured_rule(field: String, text: &str) -> Result<CriterionRule, CommandError> {
    match amount_value(EntityKind::Criterion, "threshold", text)? {
        Some(threshold) => Ok(CriterionRule::Measured { field, threshold }),
        None => Err(CommandError::Invalid {
            kind: EntityKind::Criterion,
            invalid: kam_domain::validate::Invalid {
                field: "threshold",
                problem: kam_domain::validate::Problem::Empty,
            },
        }),
    }
}

#[component]
fn AddCriterion() -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("revenue".to_string());
    let threshold = RwSignal::new(String::new());
    let min = RwSignal::new(4u8);
    let add = move |()| {
        let k = kind.get_untracked();
        let rule = if k == "rated" {
            CriterionRule::Rated {
                min: min.get_untracked(),
            }
        } else {
            measured_rule(k, &threshold.get_untracked())?
        };
        let criterion = Criterion {
            id: new_id(),
            rank: after_last(read(|w| {
                w.criteria.iter().map(|c| c.rank).collect::<Vec<_>>()
            })),
            name: name.get_untracked().trim().to_string(),
            rule,
            weight: 1,
        };
        insert(ListRef::Criteria, Item::Criterion(criterion))
    };
    view! {
        <AddForm test_id="add-criterion" submit_id="add-criterion-submit" button=|l| td_string!(l, rollout.add)
            clear=vec![name, threshold] on_add=add>
            <AddInput label=|l| td_string!(l, criteria.new_name) test_id="new-criterion-name" value=name text_of=Some((kam_domain::command::EntityKind::Criterion, "name")) />
            <label class="field">
                <span class="field-label">{crate::tr(|l| td_string!(l, criteria.kind))}</span>
                <select data-testid="new-criterion-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {MEASURED_FIELDS.into_iter().chain(["rated"]).map(|f| view! {
                        <option value=f selected=move || kind.get() == f>
                            {move || if f == "rated" {
                                td_string!(i18n.get_locale(), criteria.kind_rated).to_string()
                            } else {
                                td_string!(i18n.get_locale(), criteria.kind_measured, field = figure_label(f, i18n.get_locale())).to_string()
                            }}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || kind.get() != "rated"
                fallback=move || view! {
                    <label class="field">
                        <span class="field-label">{crate::tr(|l| td_string!(l, criteria.rated_min))}</span>
                        <select data-testid="new-criterion-min" on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse() { min.set(v) }
                        }>
                            {(1..=5u8).map(|v| view! { <option value=v.to_string() selected=move || min.get() == v>{v}</option> }).collect_view()}
                        </select>
                    </label>
                }>
                <label class="field">
                    <span class="field-label">{crate::tr(|l| td_string!(l, criteria.at_least))}</span>
                    <input type="text" inputmode="decimal" data-testid="new-criterion-threshold" placeholder="500'000"
                        prop:value=threshold on:input=move |ev| threshold.set(event_target_value(&ev)) />
                </label>
            </Show>
        </AddForm>
    }
}

/// A qualifying customer: id, name, revenue, names of the criteria met, weighted score.
type Qualifying = (String, String, Option<i64>, Vec<String>, u64);

/// Who qualifies right now: updates with every change of criteria, threshold or ratings.
#[component]
fn LivePreview() -> impl IntoView {
    let i18n = use_i18n();
    let result = Memo::new(move |_| {
        read(|w| {
            let names: Vec<(String, String)> = criteria_in_order(w)
                .into_iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect();
            let list: Vec<Qualifying> = candidates(w)
                .into_iter()
                .map(|(c, e)| {
                    let met = e
                        .met
                        .iter()
                        .filter_map(|id| {
                            names.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone())
                        })
                        .collect();
                    (c.id.clone(), c.name.clone(), c.revenue, met, e.score)
                })
                .collect();
            (
                list,
                w.customers.len(),
                w.criteria.len(),
                w.criteria_threshold,
            )
        })
    });
    view! {
        <div class="card live-preview" data-testid="criteria-preview" aria-live="polite">
            <h2>{crate::tr(|l| td_string!(l, criteria.preview))}</h2>
            {move || result.with(|(list, total, m, n)| {
                let l = i18n.get_locale();
                view! {
                    <p class="big-figure" data-testid="qualifying-count">{list.len()}</p>
                    <p>{td_string!(l, criteria.qualify, count = list.len() as u64, total = *total,
                        rule = td_string!(l, criteria.of_criteria, n = *n, count = *m as u64).to_string()).to_string()}</p>
                    <ol class="qualifying" data-testid="qualifying">
                        {list.iter().take(30).map(|(_, name, revenue, met, score)| view! {
                            <li>
                                <strong>{name.clone()}</strong>
                                <span class="hint">
                                    {format!(" – {} · {}: {}", met.join(", "), td_string!(l, criteria.score), score)}
                                    {revenue.map(|r| format!(" · {} {}", td_string!(l, customers.revenue), show_amount(r, l)))}
                                </span>
                            </li>
                        }).collect_view()}
                    </ol>
                    {(list.len() > 30).then(|| view! { <p class="hint">{td_string!(l, criteria.and_more, n = list.len() - 30).to_string()}</p> })}
                }
            })}
        </div>
    }
}
