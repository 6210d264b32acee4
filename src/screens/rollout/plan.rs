//! The work plan: created once from the method's template over the charter's start and
//! duration, then every step editable (title, owner, due date, status), reorderable and
//! removable, with a timeline. Rules (dates, followers, overdue, progress, ranks) are in
//! `kam_domain`.

use kam_domain::{
    command::{Command, CommandError, Item, ListRef, Value},
    date::Date,
    model::PlanStep,
    rank::after_last,
    rollout::{create_plan, move_step, overdue_steps, progress_percent},
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::screens::kit::DateInput;

use super::timeline::PlanTimeline;
use crate::{
    i18n::*,
    screens::{
        field::{EditField, FieldKind, line, opt_line},
        kit::CardHead,
        kit::{AddForm, AddInput, RowActions, insert, text_of},
        ui::{
            Feedback, content_language, label, new_id, people_options, read, status_options,
            status_value, today,
        },
    },
    store::{Part, use_store},
};

fn sorted_steps() -> Vec<PlanStep> {
    use_store().read_parts(&[Part::Programme], |w| {
        kam_domain::rank::sorted(&w.programme.milestones)
            .into_iter()
            .cloned()
            .collect()
    })
}

/// The plan part of the rollout screen.
#[component]
pub fn PlanPart() -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| sorted_steps().into_iter().map(|m| m.id).collect::<Vec<_>>());
    let progress = Memo::new(move |_| {
        use_store().read_parts(&[Part::Programme], |w| {
            progress_percent(&w.programme.milestones)
        })
    });
    let move_followers = RwSignal::new(false);
    view! {
        <div class="card plan" data-testid="plan-card">
            <CardHead title=|l| td_string!(l, plan.heading) hint=|l| td_string!(l, plan.lead) />
            <Show when=move || !ids.with(Vec::is_empty) fallback=CreatePlan>
                <p data-testid="plan-progress">
                    {move || td_string!(i18n.get_locale(), plan.progress, percent = progress.get()).to_string()}
                </p>
                <h3>{crate::tr(|l| td_string!(l, timeline.heading))}</h3>
                <div class="timeline-wrap">
                    <PlanTimeline />
                </div>
                <label class="check no-print">
                    <input type="checkbox" data-testid="move-followers"
                        prop:checked=move || move_followers.get()
                        on:change=move |ev| move_followers.set(event_target_checked(&ev)) />
                    {crate::tr(|l| td_string!(l, plan_edit.move_followers))}
                </label>
                <p class="hint no-print">{crate::tr(|l| td_string!(l, plan_edit.move_followers_hint))}</p>
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
        let language = content_language(i18n.get_locale_untracked());
        let prefix = new_id();
        match create_plan(&start.get_untracked(), months as u32, language, |i| {
            format!("{prefix}-{i}")
        }) {
            Ok(command) => {
                feedback.send(command);
            }
            Err(refused) => feedback.refuse(refused),
        }
    };
    view! {
        <div class="inline-form">
            <label for="plan-start">{crate::tr(|l| td_string!(l, plan.start_label))}</label>
            <DateInput id="plan-start" test_id="plan-start" value=start on_input=move |v| set_start.set(v) />
            <button type="button" class="primary" data-testid="plan-create" on:click=create>
                {crate::tr(|l| td_string!(l, plan.create))}
            </button>
        </div>
        {feedback.view()}
    }
}

/// One step: title, owner, due date, status, order, remove. Reads the step by id and
/// re-runs only when the programme changes; each field is an [`EditField`].
#[component]
fn StepRow(id: String, move_followers: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    let feedback = Feedback::new();
    let step = {
        let id = id.clone();
        Memo::new(move |_| {
            store.read_parts(&[Part::Programme], |w| {
                w.programme.milestones.iter().find(|m| m.id == id).cloned()
            })
        })
    };
    let late = {
        let id = id.clone();
        Memo::new(move |_| {
            store.read_parts(&[Part::Programme], |w| {
                overdue_steps(&w.programme.milestones, today())
                    .iter()
                    .any(|m| m.id == id)
            })
        })
    };
    // A new due date may move the steps after it (when asked to).
    let write_due = {
        let id = id.clone();
        move |value: Value| -> Result<(), CommandError> {
            let set = |step_id: String, v: Value| {
                store.dispatch(Command::set(ListRef::PlanSteps, step_id, "due", v))
            };
            let due = match &value {
                Value::OptStr(Some(text)) => Date::parse(text),
                _ => None,
            };
            let Some(due) = due else {
                // Empty, or not a date: the domain words the refusal.
                return set(id.clone(), value);
            };
            let plan = read(|w| w.programme.milestones.clone());
            for (step_id, date) in move_step(&plan, &id, due, move_followers.get_untracked()) {
                set(step_id, Value::OptStr(Some(date.to_string())))?;
            }
            Ok(())
        }
    };
    let of = move |f: fn(&PlanStep) -> String| text_of(step, f);
    let title = of(|s| s.title.clone());
    let at = FieldAt::item(ListRef::PlanSteps, id.clone());
    let data_id = id.clone();
    view! {
        <li class="plan-step" class:milestone=move || step.with(|s| s.as_ref().is_some_and(|s| s.is_milestone))
            class:late=move || late.get() data-testid="plan-step" data-id=data_id>
            <div class="plan-step-line">
                <div class="plan-title screen-only">
                    <EditField label=label(|l| td_string!(l, plan_edit.title)) at=at.clone() field="title"
                        part=Part::Programme stored=title test_id="step-title" to_value=line quiet_label=true />
                </div>
                <strong class="print-only">{title}</strong>
                <Show when=move || late.get()>
                    <strong class="late-badge">{crate::tr(|l| td_string!(l, plan.overdue))}</strong>
                </Show>
            </div>
            <div class="plan-step-line">
                <EditField label=label(|l| td_string!(l, plan.due)) at=at.clone() field="due"
                    part=Part::Programme kind=FieldKind::Date stored=of(|s| s.due.clone().unwrap_or_default())
                    test_id="step-due" to_value=opt_line write=write_due />
                <EditField label=label(|l| td_string!(l, plan_edit.owner)) at=at.clone() field="owner_id"
                    part=Part::Programme kind=FieldKind::Choice(people_options())
                    stored=of(|s| s.owner_id.clone().unwrap_or_default()) test_id="step-owner" to_value=opt_line />
                <EditField label=label(|l| td_string!(l, plan.status_label)) at=at field="status"
                    part=Part::Programme kind=FieldKind::Choice(status_options())
                    stored=of(|s| format!("{:?}", s.status)) test_id="step-status" to_value=status_value />
                <RowActions list=ListRef::PlanSteps id=id feedback=feedback move_label=title />
            </div>
            {feedback.view()}
        </li>
    }
}

/// Adding a step (or milestone) at the end of the plan.
#[component]
fn AddStep() -> impl IntoView {
    let (title, due) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let milestone = RwSignal::new(false);
    let add = move |()| {
        let plan = sorted_steps();
        let due = due.get_untracked();
        let step = PlanStep {
            id: new_id(),
            rank: after_last(plan.iter().map(|m| m.rank)),
            title: title.get_untracked(),
            owner_id: None,
            due: (!due.is_empty()).then_some(due),
            status: Default::default(),
            is_milestone: milestone.get_untracked(),
            after: plan.last().map(|m| m.id.clone()),
        };
        let added = insert(ListRef::PlanSteps, Item::PlanStep(step));
        if added.is_ok() {
            milestone.set(false);
        }
        added
    };
    view! {
        <AddForm test_id="add-step" button=|l| td_string!(l, plan_edit.add_step) clear=vec![title, due] on_add=add>
            <AddInput label=|l| td_string!(l, plan_edit.new_title) test_id="new-step-title" value=title text_of=Some((kam_domain::command::EntityKind::PlanStep, "title")) />
            <AddInput label=|l| td_string!(l, plan.due) test_id="new-step-due" value=due kind="date" />
            <label class="check">
                <input type="checkbox" prop:checked=move || milestone.get()
                    on:change=move |ev| milestone.set(event_target_checked(&ev)) />
                {crate::tr(|l| td_string!(l, plan_edit.is_milestone))}
            </label>
        </AddForm>
    }
}
