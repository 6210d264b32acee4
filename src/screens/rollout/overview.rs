//! The programme at a glance: where the team stands across the nine steps of the method,
//! plan progress, next milestones, open conflicts, the last ground-rules score and the
//! goals. Figures come from `kam_domain::rollout::overview` and `kam_domain::progress`.

use kam_domain::{
    method::MethodStep,
    progress::{Missing, StepState, next_step, progress},
    rollout::overview,
};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::Screen;
use crate::screens::words::Titled;
use crate::{
    i18n::*,
    screens::ui::{show_date, today},
    store::use_store,
};

#[component]
pub fn OverviewPart() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let summary = Memo::new(move |_| {
        store
            .workspace
            .with(|w| w.as_ref().map(|w| overview(&w.programme, today())))
    });
    let get = move || summary.get();
    view! {
        <h2 class="visually-hidden">{crate::tr(|l| td_string!(l, overview.heading))}</h2>
        <MethodProgress />
        <div class="overview-grid">
            <div class="card" data-testid="overview-progress">
                <h3>{crate::tr(|l| td_string!(l, overview.progress))}</h3>
                {move || get().map(|o| {
                    let l = i18n.get_locale();
                    if o.steps_total == 0 {
                        view! {
                            <p>{td_string!(l, overview.no_plan)}</p>
                            <A href=Screen::WorkPlan.path() attr:class="button primary">{td_string!(l, overview.make_plan)}</A>
                        }.into_any()
                    } else {
                        view! {
                            <p class="big-figure">{o.progress_percent}" %"</p>
                            <div class="meter" role="img" aria-label=format!("{} %", o.progress_percent)>
                                <div class="meter-fill" style=format!("width: {}%", o.progress_percent)></div>
                            </div>
                            <p>{td_string!(l, overview.steps_done, done = o.steps_done, count = o.steps_total as u64).to_string()}</p>
                            {(o.overdue > 0).then(|| view! {
                                <p class="late-badge" data-testid="overview-overdue">
                                    {td_string!(l, overview.overdue, count = o.overdue).to_string()}
                                </p>
                            })}
                        }.into_any()
                    }
                })}
            </div>
            <div class="card" data-testid="overview-next">
                <h3>{crate::tr(|l| td_string!(l, overview.next))}</h3>
                {move || get().map(|o| {
                    let l = i18n.get_locale();
                    if o.next_milestones.is_empty() {
                        view! { <p>{td_string!(l, overview.no_next)}</p> }.into_any()
                    } else {
                        let now = today();
                        view! {
                            <ul class="plain-list">
                                {o.next_milestones.into_iter().map(|m| {
                                    let due = m.due.clone().unwrap_or_default();
                                    let late = kam_domain::model::Scheduled::overdue(&m, now);
                                    view! {
                                        <li class:late-badge=late>
                                            <strong>{show_date(&due, l)}</strong>" – "{m.title}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </div>
            <div class="card" data-testid="overview-conflicts">
                <h3>{crate::tr(|l| td_string!(l, overview.conflicts))}</h3>
                {move || get().map(|o| view! {
                    <p class="big-figure">{o.open_conflicts}</p>
                    <p>{td_string!(i18n.get_locale(), overview.conflicts_count, count = o.open_conflicts).to_string()}</p>
                })}
                <A href=Screen::Implementation.path() attr:class="button">{crate::tr(|l| td_string!(l, overview.to_log))}</A>
            </div>
            <div class="card" data-testid="overview-ground-rules">
                <h3>{crate::tr(|l| td_string!(l, overview.ground_rules))}</h3>
                {move || get().map(|o| {
                    let l = i18n.get_locale();
                    match o.ground_rules {
                        None => view! { <p>{td_string!(l, overview.no_check)}</p> }.into_any(),
                        Some((date, score)) => {
                            let change = o.ground_rules_before.map(|before| {
                                let delta = i64::from(score) - i64::from(before);
                                let shown = if delta > 0 { format!("+{delta}") } else { delta.to_string() };
                                td_string!(l, overview.change, delta = shown, count = delta).to_string()
                            });
                            view! {
                                <p class="big-figure">{score}" %"</p>
                                <p>{td_string!(l, overview.last_score, score = score, date = show_date(&date, l)).to_string()}</p>
                                {change.map(|c| view! { <p class="hint">{c}</p> })}
                            }.into_any()
                        }
                    }
                })}
                <A href=Screen::GroundRules.path() attr:class="button">{crate::tr(|l| td_string!(l, overview.to_rules))}</A>
            </div>
            <div class="card" data-testid="overview-goals">
                <h3>{crate::tr(|l| td_string!(l, overview.goals))}</h3>
                {move || get().map(|o| {
                    let l = i18n.get_locale();
                    if o.goals_total == 0 {
                        view! { <p>{td_string!(l, overview.no_goals)}</p> }.into_any()
                    } else {
                        view! {
                            <p>{td_string!(l, overview.goals_count, achieved = o.goals_achieved, total = o.goals_total).to_string()}</p>
                        }.into_any()
                    }
                })}
                <A href=Screen::Charter.path() attr:class="button">{crate::tr(|l| td_string!(l, overview.to_charter))}</A>
            </div>
        </div>
    }
}

/// Where each step of the method is worked on.
fn step_screen(step: MethodStep) -> Screen {
    match step {
        MethodStep::Project => Screen::Charter,
        MethodStep::AnalysisAndStrategy => Screen::Analysis,
        MethodStep::Criteria => Screen::Criteria,
        MethodStep::ManagerProfile => Screen::Profile,
        MethodStep::Selection => Screen::Selection,
        MethodStep::Responsibilities => Screen::Responsibilities,
        MethodStep::AccountPlans => Screen::KeyAccounts,
        MethodStep::Implementation => Screen::Implementation,
        MethodStep::Controlling => Screen::Cockpit,
    }
}

fn missing_text(m: Missing, l: Locale) -> String {
    match m {
        Missing::Goals => td_string!(l, progress.goals).to_string(),
        Missing::Team => td_string!(l, progress.team).to_string(),
        Missing::StartDate => td_string!(l, progress.start_date).to_string(),
        Missing::WorkPlan => td_string!(l, progress.work_plan).to_string(),
        Missing::Strategy => td_string!(l, progress.strategy).to_string(),
        Missing::AsIs { open } => td_string!(l, progress.as_is, count = open as u64).to_string(),
        Missing::Criteria { more } => {
            td_string!(l, progress.criteria, count = more as u64).to_string()
        }
        Missing::Profile => td_string!(l, progress.profile).to_string(),
        Missing::Provisional => td_string!(l, progress.provisional).to_string(),
        Missing::Definitive => td_string!(l, progress.definitive).to_string(),
        Missing::Managers { without } => {
            td_string!(l, progress.managers, count = without as u64).to_string()
        }
        Missing::AccountPlans { without } => {
            td_string!(l, progress.account_plans, count = without as u64).to_string()
        }
        Missing::KeyAccountsFirst => td_string!(l, progress.key_accounts_first).to_string(),
        Missing::Communication => td_string!(l, progress.communication).to_string(),
        Missing::GroundRules => td_string!(l, progress.ground_rules).to_string(),
        Missing::Targets => td_string!(l, progress.targets).to_string(),
        Missing::Review => td_string!(l, progress.review).to_string(),
    }
}

/// The nine steps with their state, what each still lacks, and the next one marked.
#[component]
fn MethodProgress() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let steps = Memo::new(move |_| store.workspace.with(|w| w.as_ref().map(progress)));
    view! {
        <div class="card method-progress" data-testid="method-progress">
            <h3>{crate::tr(|l| td_string!(l, progress.heading))}</h3>
            {move || steps.get().map(|steps| {
                let l = i18n.get_locale();
                let next = next_step(&steps);
                let done = steps.iter().filter(|s| s.state == StepState::Done).count();
                view! {
                    <p class="hint">{td_string!(l, progress.summary, done = done, count = steps.len() as u64).to_string()}</p>
                    {next.is_none().then(|| view! { <p class="success">{td_string!(l, progress.all_done)}</p> })}
                    <ol class="progress-steps">
                        {steps.into_iter().map(|s| {
                            let is_next = next == Some(s.step);
                            let (class, state) = match s.state {
                                StepState::Done => ("done", td_string!(l, progress.state_done)),
                                StepState::Started => ("started", td_string!(l, progress.state_started)),
                                StepState::Open => ("open", td_string!(l, progress.state_open)),
                            };
                            let missing = s.missing.iter().map(|m| missing_text(*m, l)).collect::<Vec<_>>().join(" · ");
                            view! {
                                <li class=format!("progress-step {class}") class:next=is_next
                                    data-testid="progress-step" data-state=class>
                                    <span class="step-number" aria-hidden="true">{s.step.number()}</span>
                                    <div class="progress-text">
                                        <A href=step_screen(s.step).path()>{s.step.title(l)}</A>
                                        " "<span class="progress-state">{state}</span>
                                        {is_next.then(|| view! { " "<strong class="progress-next">{td_string!(l, progress.next)}</strong> })}
                                        {(!missing.is_empty()).then(|| view! { <p class="hint">{missing}</p> })}
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }
            })}
        </div>
    }
}
