//! The work plan: created once from the method's template over the charter's start and
//! duration, then every step editable (title, owner, due date, status), reorderable and
//! removable, with a timeline. Rules (dates, followers, overdue, progress, ranks) are in
//! `kam_domain`.

use kam_domain::{
    command::{Command, Item, ListRef, ProgrammeField, Value},
    date::Date,
    model::Milestone,
    rank::{Direction, after_last},
    rollout::{PlanLanguage, move_step, overdue, progress_percent, template_plan},
};
use leptos::prelude::*;

use super::timeline::PlanTimeline;
use crate::{
    i18n::*,
    screens::ui::{
        ConflictAt, ConflictNote, Feedback, MoveButtons, PrintButton, RemoveButton, StatusSelect,
        new_id, opt_value, people_choices, read, show_date, status_from_stored, status_label,
        today,
    },
};

fn sorted_steps() -> Vec<Milestone> {
    let mut steps = read(|w| w.programme.milestones.clone());
    steps.sort_by(|a, b| kam_domain::rank::compare((a.rank, &a.id), (b.rank, &b.id)));
    steps
}

/// The plan part of the rollout screen.
#[component]
pub fn PlanPart() -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| sorted_steps().into_iter().map(|m| m.id).collect::<Vec<_>>());
    let progress = Memo::new(move |_| read(|w| progress_percent(&w.programme.milestones)));
    let move_followers = RwSignal::new(false);
    view! {
        <div class="card plan" data-testid="plan-card">
            <div class="card-head">
                <h2>{t!(i18n, plan.heading)}</h2>
                <PrintButton />
            </div>
            <p class="hint">{t!(i18n, plan.lead)}</p>
            <Show when=move || !ids.with(Vec::is_empty) fallback=CreatePlan>
                <p data-testid="plan-progress">
                    {move || td_string!(i18n.get_locale(), plan.progress, percent = progress.get()).to_string()}
                </p>
                <h3>{t!(i18n, timeline.heading)}</h3>
                <div class="timeline-wrap">
                    <PlanTimeline />
                </div>
                <label class="check no-print">
                    <input type="checkbox" data-testid="move-followers"
                        prop:checked=move || move_followers.get()
                        on:change=move |ev| move_followers.set(event_target_checked(&ev)) />
                    {t!(i18n, plan_edit.move_followers)}
                </label>
                <p class="hint no-print">{t!(i18n, plan_edit.move_followers_hint)}</p>
                <ol class="plan-steps" data-testid="plan-steps">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <StepRow id=id move_followers=move_followers />
                    </For>
                </ol>
                <AddStep />
            </Show>
        </div>
    }
}

/// Creating the plan from the template: start and duration from the charter.
#[component]
fn CreatePlan() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let first_of_next_month = Date {
        day: 1,
        ..today().add_months(1)
    }
    .to_string();
    let charter_start = read(|w| w.programme.start_date.clone());
    let (start, set_start) = signal(charter_start.unwrap_or(first_of_next_month));
    let months = read(|w| Some(w.programme.duration_months)).unwrap_or(24);
    let create = move |_| {
        let Some(start) = Date::parse(&start.get_untracked()) else {
            feedback.refuse(kam_domain::command::CommandError::Invalid {
                kind: kam_domain::command::EntityKind::Programme,
                invalid: kam_domain::validate::Invalid {
                    field: "start_date",
                    problem: kam_domain::validate::Problem::NotADate {
                        value: start.get_untracked(),
                    },
                },
            });
            return;
        };
        let language = match i18n.get_locale_untracked() {
            Locale::de => PlanLanguage::De,
            Locale::en => PlanLanguage::En,
        };
        if !feedback.send(Command::SetProgramme {
            field: ProgrammeField::StartDate,
            value: Value::OptStr(Some(start.to_string())),
        }) {
            return;
        }
        let prefix = new_id();
        for step in template_plan(start, months as u32, language, |i| format!("{prefix}-{i}")) {
            if !feedback.send(Command::Insert {
                list: ListRef::Milestones,
                item: Item::Milestone(step),
            }) {
                return;
            }
        }
    };
    view! {
        <div class="inline-form">
            <label for="plan-start">{t!(i18n, plan.start_label)}</label>
            <input id="plan-start" type="date" data-testid="plan-start"
                prop:value=move || start.get()
                on:input=move |ev| set_start.set(event_target_value(&ev)) />
            <button type="button" class="primary" data-testid="plan-create" on:click=create>
                {t!(i18n, plan.create)}
            </button>
        </div>
        {feedback.view()}
    }
}

/// One step: title, owner, due date, status, order, remove. Reads the step by id so
/// that edits from other devices show up in place.
#[component]
fn StepRow(id: String, move_followers: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let step = {
        let id = id.clone();
        Memo::new(move |_| read(|w| w.programme.milestones.iter().find(|m| m.id == id).cloned()))
    };
    let late = {
        let id = id.clone();
        Memo::new(move |_| {
            read(|w| {
                overdue(&w.programme.milestones, today())
                    .iter()
                    .any(|m| m.id == id)
            })
        })
    };
    let people = people_choices();
    let set = {
        let id = id.clone();
        move |field: &'static str, value: Value| {
            feedback.send(Command::set(ListRef::Milestones, id.clone(), field, value));
        }
    };
    let set_due = {
        let id = id.clone();
        move |text: String| {
            if text.is_empty() {
                feedback.send(Command::set(
                    ListRef::Milestones,
                    id.clone(),
                    "due",
                    Value::OptStr(None),
                ));
                return;
            }
            let Some(due) = Date::parse(&text) else {
                feedback.send(Command::set(
                    ListRef::Milestones,
                    id.clone(),
                    "due",
                    Value::OptStr(Some(text)),
                ));
                return;
            };
            let plan = read(|w| w.programme.milestones.clone());
            for (step_id, date) in move_step(&plan, &id, due, move_followers.get_untracked()) {
                let command = Command::set(
                    ListRef::Milestones,
                    step_id,
                    "due",
                    Value::OptStr(Some(date.to_string())),
                );
                if !feedback.send(command) {
                    return;
                }
            }
        }
    };
    let reorder = {
        let id = id.clone();
        move |direction: Direction| {
            let ranks: Vec<(String, f64)> = read(|w| {
                w.programme
                    .milestones
                    .iter()
                    .map(|m| (m.id.clone(), m.rank))
                    .collect()
            });
            feedback.move_item(ListRef::Milestones, &ranks, &id, direction);
        }
    };
    let remove = {
        let id = id.clone();
        move |_| {
            feedback.send(Command::Remove {
                list: ListRef::Milestones,
                id: id.clone(),
            });
        }
    };
    let title = move || step.with(|s| s.as_ref().map(|s| s.title.clone()).unwrap_or_default());
    let set_title = set.clone();
    let set_owner = set.clone();
    let set_status = set;
    view! {
        <li class="plan-step" class:milestone=move || step.with(|s| s.as_ref().is_some_and(|s| s.is_milestone))
            class:late=move || late.get() data-testid="plan-step">
            <div class="plan-step-line">
                <label class="visually-hidden" for=format!("title-{id}")>{t!(i18n, plan_edit.title)}</label>
                <input type="text" class="plan-title screen-only" id=format!("title-{id}") data-testid="step-title"
                    prop:value=title
                    on:change=move |ev| set_title("title", Value::Str(event_target_value(&ev))) />
                <strong class="print-only">{title}</strong>
                <Show when=move || late.get()>
                    <strong class="late-badge">{t!(i18n, plan.overdue)}</strong>
                </Show>
            </div>
            <ConflictNote at=ConflictAt::Item(ListRef::Milestones, id.clone()) field="title"
                to_value=|text: String| Some(Value::Str(text)) />
            <div class="plan-step-line">
                <label class="field">
                    <span class="field-label">{t!(i18n, plan.due)}</span>
                    <input type="date" data-testid="step-due"
                        prop:value=move || step.with(|s| s.as_ref().and_then(|s| s.due.clone()).unwrap_or_default())
                        on:change=move |ev| set_due(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, plan_edit.owner)}</span>
                    <select data-testid="step-owner" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_owner("owner_id", Value::OptStr((!v.is_empty()).then_some(v)));
                    }>
                        <option value="" selected=move || step.with(|s| s.as_ref().is_none_or(|s| s.owner_id.is_none()))>
                            {t!(i18n, rollout.none)}
                        </option>
                        {move || people.get().into_iter().map(|(pid, name)| {
                            let chosen = pid.clone();
                            view! {
                                <option value=pid selected=move || step.with(|s| s.as_ref().and_then(|s| s.owner_id.clone()) == Some(chosen.clone()))>
                                    {name}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </label>
                {move || step.get().map(|s| {
                    let set_status = set_status.clone();
                    view! {
                        <StatusSelect id=format!("status-{}", s.id) current=s.status
                            on_pick=move |status| set_status("status", Value::Status(status)) />
                    }
                })}
                <span class="row-actions no-print">
                    <MoveButtons on_move=reorder label=Signal::derive(title) />
                    <RemoveButton on_remove=remove />
                </span>
            </div>
            <ConflictNote at=ConflictAt::Item(ListRef::Milestones, id.clone()) field="due" to_value=opt_value
                show=move |v: String| show_date(&v, i18n.get_locale_untracked()) />
            <ConflictNote at=ConflictAt::Item(ListRef::Milestones, id.clone()) field="status"
                to_value=|v: String| status_from_stored(&v).map(Value::Status)
                show=move |v: String| status_from_stored(&v)
                    .map(|s| status_label(s, i18n.get_locale_untracked()).to_string())
                    .unwrap_or(v) />
            <ConflictNote at=ConflictAt::Item(ListRef::Milestones, id.clone()) field="owner_id" to_value=opt_value
                show=move |v: String| people.with_untracked(|list| {
                    list.iter().find(|(pid, _)| *pid == v).map(|(_, n)| n.clone()).unwrap_or(v.clone())
                }) />
            {feedback.view()}
        </li>
    }
}

/// Adding a step (or milestone) at the end of the plan.
#[component]
fn AddStep() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let (title, set_title) = signal(String::new());
    let (due, set_due) = signal(String::new());
    let (milestone, set_milestone) = signal(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let plan = sorted_steps();
        let due = due.get_untracked();
        let step = Milestone {
            id: new_id(),
            rank: after_last(plan.iter().map(|m| m.rank)),
            title: title.get_untracked(),
            owner_id: None,
            due: (!due.is_empty()).then_some(due),
            status: Default::default(),
            is_milestone: milestone.get_untracked(),
            after: plan.last().map(|m| m.id.clone()),
        };
        if feedback.send(Command::Insert {
            list: ListRef::Milestones,
            item: Item::Milestone(step),
        }) {
            set_title.set(String::new());
            set_due.set(String::new());
            set_milestone.set(false);
        }
    };
    view! {
        <form class="inline-form add-form no-print" data-testid="add-step" on:submit=add>
            <label class="field grow">
                <span class="field-label">{t!(i18n, plan_edit.new_title)}</span>
                <input type="text" data-testid="new-step-title" prop:value=move || title.get()
                    on:input=move |ev| set_title.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span class="field-label">{t!(i18n, plan.due)}</span>
                <input type="date" data-testid="new-step-due" prop:value=move || due.get()
                    on:input=move |ev| set_due.set(event_target_value(&ev)) />
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || milestone.get()
                    on:change=move |ev| set_milestone.set(event_target_checked(&ev)) />
                {t!(i18n, plan_edit.is_milestone)}
            </label>
            <button type="submit" class="primary">{t!(i18n, plan_edit.add_step)}</button>
        </form>
        {feedback.view()}
    }
}
