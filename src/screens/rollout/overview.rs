//! The programme at a glance: plan progress, next milestones, open conflicts, the last
//! ground-rules score and the goals. Figures come from `kam_domain::rollout::overview`.

use kam_domain::rollout::overview;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::Screen;
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
                            <p>{td_string!(l, overview.steps_done, done = o.steps_done, total = o.steps_total).to_string()}</p>
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
                                let delta = if delta > 0 { format!("+{delta}") } else { delta.to_string() };
                                td_string!(l, overview.change, delta = delta).to_string()
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
