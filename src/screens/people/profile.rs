//! The requirement profile: what a key account manager here must bring, each with a
//! weight and a required level, from a suggested starting set the team edits.

use kam_domain::{
    command::{Command, Item, ListRef, Value},
    model::Requirement,
    people::{SUGGESTED_REQUIREMENTS, requirements_in_order},
    rank::after_last,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::ui::{AddLine, Feedback, MoveButtons, PrintButton, RemoveButton, new_id, read},
};

/// The suggested requirements' names.
fn suggestion_name(key: &str, l: Locale) -> &'static str {
    match key {
        "strategic_thinking" => td_string!(l, people.req_strategic_thinking),
        "negotiation" => td_string!(l, people.req_negotiation),
        "project_leadership" => td_string!(l, people.req_project_leadership),
        "industry_knowledge" => td_string!(l, people.req_industry_knowledge),
        "standing" => td_string!(l, people.req_standing),
        "customer_orientation" => td_string!(l, people.req_customer_orientation),
        _ => td_string!(l, people.req_business_acumen),
    }
}

#[component]
pub fn ProfilePart() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let ids = Memo::new(move |_| {
        read(|w| {
            requirements_in_order(w)
                .into_iter()
                .map(|r| r.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let suggest = move |_| {
        let l = i18n.get_locale_untracked();
        let start = after_last(read(|w| {
            w.requirements.iter().map(|r| r.rank).collect::<Vec<_>>()
        }));
        let commands = SUGGESTED_REQUIREMENTS
            .iter()
            .enumerate()
            .map(|(i, (key, weight, level))| Command::Insert {
                list: ListRef::Requirements,
                item: Item::Requirement(Requirement {
                    id: new_id(),
                    rank: start + i as f64,
                    name: suggestion_name(key, l).to_string(),
                    weight: *weight,
                    required_level: *level,
                }),
            })
            .collect();
        feedback.send(Command::Batch(commands));
    };
    let add = move |name: String| {
        let requirement = Requirement {
            id: new_id(),
            rank: after_last(read(|w| {
                w.requirements.iter().map(|r| r.rank).collect::<Vec<_>>()
            })),
            name,
            weight: 1,
            required_level: 3,
        };
        feedback.send(Command::Insert {
            list: ListRef::Requirements,
            item: Item::Requirement(requirement),
        })
    };
    view! {
        <div class="card profile" data-testid="profile">
            <div class="card-head">
                <h2>{t!(i18n, people.profile_heading)}</h2>
                <PrintButton />
            </div>
            <p class="hint">{t!(i18n, people.profile_lead)}</p>
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=move || view! {
                    <p class="empty">{t!(i18n, people.no_profile)}</p>
                    <button type="button" class="primary" data-testid="suggest-profile" on:click=suggest>{t!(i18n, people.suggest_profile)}</button>
                }>
                <ol class="item-list" data-testid="requirements">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <RequirementRow id=id />
                    </For>
                </ol>
            </Show>
            <AddLine label=|l| td_string!(l, people.new_requirement) test_ids=("add-requirement", "new-requirement") on_add=add />
            {feedback.view()}
        </div>
    }
}

#[component]
fn RequirementRow(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let req = {
        let id = id.clone();
        Memo::new(move |_| read(|w| w.requirements.iter().find(|r| r.id == id).cloned()))
    };
    let set = {
        let id = id.clone();
        move |field: &'static str, value: Value| {
            feedback.send(Command::set(
                ListRef::Requirements,
                id.clone(),
                field,
                value,
            ));
        }
    };
    let (set_name, set_weight, set_level) = (set.clone(), set.clone(), set);
    let name = Signal::derive(move || {
        req.with(|r| r.as_ref().map(|r| r.name.clone()).unwrap_or_default())
    });
    let (move_id, remove_id) = (id.clone(), id.clone());
    view! {
        <li class="item requirement" data-testid="requirement">
            <div class="item-line">
                <label class="field grow">
                    <span class="field-label">{t!(i18n, people.requirement)}</span>
                    <input type="text" data-testid="requirement-name" prop:value=name
                        on:change=move |ev| set_name("name", Value::Str(event_target_value(&ev).trim().to_string())) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, criteria.weight)}</span>
                    <input type="number" min="1" max="100" inputmode="numeric" data-testid="requirement-weight"
                        prop:value=move || req.with(|r| r.as_ref().map_or(1, |r| r.weight)).to_string()
                        on:change=move |ev| set_weight("weight", Value::Uint(event_target_value(&ev).trim().parse().unwrap_or(0))) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, people.required_level)}</span>
                    <select data-testid="requirement-level" on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u64>() { set_level("required_level", Value::Uint(v)) }
                    }>
                        {(1..=5u8).map(|v| view! {
                            <option value=v.to_string() selected=move || req.with(|r| r.as_ref().map(|r| r.required_level)) == Some(v)>{v}</option>
                        }).collect_view()}
                    </select>
                </label>
                <span class="row-actions no-print">
                    <MoveButtons label=name on_move=move |direction| {
                        let ranks = read(|w| w.requirements.iter().map(|r| (r.id.clone(), r.rank)).collect::<Vec<_>>());
                        feedback.move_item(ListRef::Requirements, &ranks, &move_id, direction);
                    } />
                    <RemoveButton on_remove=move |_| { feedback.send(Command::Remove { list: ListRef::Requirements, id: remove_id.clone() }); } />
                </span>
            </div>
            {feedback.view()}
        </li>
    }
}
