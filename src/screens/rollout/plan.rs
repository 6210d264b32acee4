//! The rollout plan: created once from the method's template, then a list of steps with
//! due dates, status and what is overdue. Rules (dates, overdue, progress) are in
//! `kam_domain::rollout`.

use kam_domain::{
    command::{Command, Item, ListRef, Value},
    date::Date,
    model::{Milestone, Status},
    rollout::{PlanLanguage, overdue, progress_percent, template_plan},
};
use leptos::prelude::*;

use crate::{i18n::*, store::use_store};

fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date {
        year: now.get_full_year() as i32,
        month: now.get_month() + 1,
        day: now.get_date(),
    }
}

fn status_label(status: Status, l: Locale) -> &'static str {
    match status {
        Status::Open => td_string!(l, plan.open),
        Status::InProgress => td_string!(l, plan.in_progress),
        Status::Done => td_string!(l, plan.done),
        Status::Cancelled => td_string!(l, plan.cancelled),
    }
}

/// A stored `YYYY-MM-DD` as users in CH/DE/AT write it (31.07.2026), or en-GB style.
fn show_date(iso: &str, l: Locale) -> String {
    match Date::parse(iso) {
        Some(d) if l == Locale::de => format!("{:02}.{:02}.{}", d.day, d.month, d.year),
        Some(d) => format!("{:02}/{:02}/{}", d.day, d.month, d.year),
        None => iso.to_string(),
    }
}

const STATUSES: [(Status, &str); 4] = [
    (Status::Open, "open"),
    (Status::InProgress, "in-progress"),
    (Status::Done, "done"),
    (Status::Cancelled, "cancelled"),
];

/// The plan card of the rollout screen.
#[component]
pub fn PlanCard() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let steps = Memo::new(move |_| {
        let mut steps: Vec<Milestone> = store.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.programme.milestones.clone())
                .unwrap_or_default()
        });
        steps.sort_by(|a, b| a.rank.total_cmp(&b.rank));
        steps
    });
    let first_of_next_month = {
        let t = today().add_months(1);
        Date { day: 1, ..t }.to_string()
    };
    let (start, set_start) = signal(first_of_next_month);
    let create = move |_| {
        let Some(start) = Date::parse(&start.get_untracked()) else {
            return;
        };
        let language = match i18n.get_locale_untracked() {
            Locale::de => PlanLanguage::De,
            Locale::en => PlanLanguage::En,
        };
        let prefix = automerge::ActorId::random().to_hex_string();
        let prefix: String = prefix.chars().take(10).collect();
        let _ = store.dispatch(Command::SetProgramme {
            field: kam_domain::command::ProgrammeField::StartDate,
            value: Value::OptStr(Some(start.to_string())),
        });
        for step in template_plan(start, 24, language, |i| format!("{prefix}-{i}")) {
            let _ = store.dispatch(Command::Insert {
                list: ListRef::Milestones,
                item: Item::Milestone(step),
            });
        }
    };
    let late_ids = move || {
        let list = steps.get();
        overdue(&list, today())
            .into_iter()
            .map(|m| m.id.clone())
            .collect::<Vec<_>>()
    };
    view! {
        <div class="card plan" data-testid="plan-card">
            <h2>{t!(i18n, plan.heading)}</h2>
            <p class="hint">{t!(i18n, plan.lead)}</p>
            <Show
                when=move || !steps.with(Vec::is_empty)
                fallback=move || view! {
                    <div class="inline-form">
                        <label for="plan-start">{t!(i18n, plan.start_label)}</label>
                        <input id="plan-start" type="date" data-testid="plan-start"
                            prop:value=move || start.get()
                            on:input=move |ev| set_start.set(event_target_value(&ev)) />
                        <button type="button" class="primary" data-testid="plan-create" on:click=create>
                            {t!(i18n, plan.create)}
                        </button>
                    </div>
                }
            >
                <p data-testid="plan-progress">
                    {move || td_string!(i18n.get_locale(), plan.progress, percent = progress_percent(&steps.get()))}
                </p>
                <ol class="plan-steps" data-testid="plan-steps">
                    <For each=move || steps.get() key=|m| m.id.clone() let:step>
                        {
                            let id = step.id.clone();
                            let id_for_late = id.clone();
                            let late = Memo::new(move |_| late_ids().contains(&id_for_late));
                            let is_late = move || late.get();
                            let select_id = format!("status-{}", step.id);
                            let current = step.status;
                            view! {
                                <li class="plan-step" class:milestone=step.is_milestone class:late=is_late data-testid="plan-step">
                                    <div class="plan-step-text">
                                        <span class="plan-title">{step.title.clone()}</span>
                                        <span class="plan-due">
                                            {t!(i18n, plan.due)}": "
                                            {
                                                let due = step.due.clone().unwrap_or_default();
                                                move || show_date(&due, i18n.get_locale())
                                            }
                                            <Show when=is_late>
                                                <strong class="late-badge">" – "{t!(i18n, plan.overdue)}</strong>
                                            </Show>
                                        </span>
                                    </div>
                                    <label class="visually-hidden" for=select_id.clone()>{t!(i18n, plan.status_label)}</label>
                                    <select id=select_id on:change=move |ev| {
                                        let chosen = event_target_value(&ev);
                                        if let Some((status, _)) = STATUSES.iter().find(|(_, v)| *v == chosen) {
                                            let _ = store.dispatch(Command::set(ListRef::Milestones, id.clone(), "status", Value::Status(*status)));
                                        }
                                    }>
                                        {STATUSES.iter().map(|(status, value)| {
                                            let status = *status;
                                            view! {
                                                <option value=*value selected=status == current>
                                                    {move || status_label(status, i18n.get_locale())}
                                                </option>
                                            }
                                        }).collect_view()}
                                    </select>
                                </li>
                            }
                        }
                    </For>
                </ol>
            </Show>
        </div>
    }
}
