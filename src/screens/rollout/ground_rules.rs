//! The ten ground rules as a self-assessment the team repeats: a dated rating (1–5) and
//! remark per rule, a chart of the overall score over time and a table per rule. Scores
//! come from `kam_domain::rollout`.

use kam_domain::{
    command::{Command, Item, ListRef},
    model::{GroundRuleCheck, RuleRating},
    rollout::{GROUND_RULES, ground_rules_score, ground_rules_trend},
};
use leptos::prelude::*;

use crate::screens::kit::DateInput;

use crate::{
    i18n::*,
    screens::kit::CardHead,
    screens::ui::{Feedback, RemoveButton, new_id, read, show_date, today},
};

/// The wording of ground rule `n` (1–10).
pub fn rule_text(n: u8, l: Locale) -> &'static str {
    match n {
        1 => td_string!(l, rules.r1),
        2 => td_string!(l, rules.r2),
        3 => td_string!(l, rules.r3),
        4 => td_string!(l, rules.r4),
        5 => td_string!(l, rules.r5),
        6 => td_string!(l, rules.r6),
        7 => td_string!(l, rules.r7),
        8 => td_string!(l, rules.r8),
        9 => td_string!(l, rules.r9),
        _ => td_string!(l, rules.r10),
    }
}

fn checks_by_date() -> Vec<GroundRuleCheck> {
    let mut checks = read(|w| w.programme.ground_rule_checks.clone());
    kam_domain::order::sort_by(&mut checks, |a, b| {
        a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id))
    });
    checks
}

#[component]
pub fn GroundRulesPart() -> impl IntoView {
    let checks = Memo::new(move |_| checks_by_date());
    view! {
        <div class="card ground-rules" data-testid="ground-rules">
            <CardHead title=|l| td_string!(l, rules.heading) hint=|l| td_string!(l, rules.lead) />
            <h3>{crate::tr(|l| td_string!(l, rules.history))}</h3>
            <Show when=move || !checks.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, rules.no_checks))}</p> }>
                <TrendChart />
                <RatingsTable checks=checks />
            </Show>
        </div>
        <NewCheck />
    }
}

/// The overall score (0–100 %) per assessment date as a line chart.
#[component]
fn TrendChart() -> impl IntoView {
    let i18n = use_i18n();
    let trend = Memo::new(move |_| read(|w| ground_rules_trend(&w.programme.ground_rule_checks)));
    const W: f64 = 640.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 44.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 40.0;
    move || {
        let l = i18n.get_locale();
        let points = trend.get();
        let n = points.len();
        let x = move |i: usize| {
            // Room at both ends for the date labels.
            let (first, last) = (LEFT + 40.0, W - 50.0);
            if n <= 1 {
                (first + last) / 2.0
            } else {
                first + (last - first) * i as f64 / (n - 1) as f64
            }
        };
        let y = |score: u32| TOP + (H - TOP - BOTTOM) * (1.0 - f64::from(score) / 100.0);
        let grid = [0u32, 25, 50, 75, 100]
            .into_iter()
            .map(|s| {
                view! {
                    <line class="grid" x1=LEFT x2=W - 10.0 y1=y(s) y2=y(s) />
                    <text class="tick" x=LEFT - 6.0 y=y(s) + 4.0 text-anchor="end">{format!("{s} %")}</text>
                }
            })
            .collect_view();
        let path = points
            .iter()
            .enumerate()
            .map(|(i, (_, s))| {
                format!(
                    "{}{:.1},{:.1}",
                    if i == 0 { "M" } else { " L" },
                    x(i),
                    y(*s)
                )
            })
            .collect::<String>();
        let dots = points
            .iter()
            .enumerate()
            .map(|(i, (date, score))| {
                let label = show_date(date, l);
                view! {
                    <circle class="dot" cx=x(i) cy=y(*score) r=5 data-testid="trend-point">
                        <title>{format!("{label}: {score} %")}</title>
                    </circle>
                    <text class="value" x=x(i) y=y(*score) - 10.0 text-anchor="middle">{format!("{score} %")}</text>
                    <text class="tick" x=x(i) y=H - BOTTOM + 20.0 text-anchor="middle">{label}</text>
                }
            })
            .collect_view();
        view! {
            <svg class="trend-chart" data-testid="trend-chart" role="img"
                viewBox=format!("0 0 {W} {H}") aria-label=td_string!(l, rules.chart_label)>
                {grid}
                <path class="trend" d=path />
                {dots}
            </svg>
        }
    }
}

/// Every rule's rating per assessment date (the latest six), with the overall score.
#[component]
fn RatingsTable(checks: Memo<Vec<GroundRuleCheck>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let shown = move || {
        let all = checks.get();
        let skip = all.len().saturating_sub(6);
        all.into_iter().skip(skip).collect::<Vec<_>>()
    };
    view! {
        <h3>{crate::tr(|l| td_string!(l, rules.table))}</h3>
        <div class="table-wrap">
            <table class="ratings" data-testid="ratings-table">
                <thead>
                    <tr>
                        <th scope="col">{crate::tr(|l| td_string!(l, rules.rule))}</th>
                        {move || shown().into_iter().map(|c| view! {
                            <th scope="col">{show_date(&c.date, i18n.get_locale())}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {(1..=GROUND_RULES).map(|rule| view! {
                        <tr>
                            <th scope="row">{rule}". "{move || rule_text(rule, i18n.get_locale())}</th>
                            {move || shown().into_iter().map(|c| {
                                let r = c.ratings.iter().find(|r| r.rule == rule).cloned();
                                let title = r.as_ref().map(|r| r.note.clone()).unwrap_or_default();
                                let class = format!("rating-cell r{}", r.as_ref().map_or(0, |r| r.rating));
                                view! {
                                    <td class=class title=title>
                                        {r.map(|r| if r.note.is_empty() { r.rating.to_string() } else { format!("{} *", r.rating) }).unwrap_or_else(|| "–".into())}
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                    <tr class="total">
                        <th scope="row">{crate::tr(|l| td_string!(l, rules.score))}</th>
                        {move || shown().into_iter().map(|c| view! {
                            <td>{ground_rules_score(&c).map(|s| format!("{s} %")).unwrap_or_else(|| "–".into())}</td>
                        }).collect_view()}
                    </tr>
                </tbody>
            </table>
        </div>
        {feedback.view()}
        <ul class="check-list no-print" data-testid="check-list">
            {move || checks.get().into_iter().rev().map(|c| {
                let id = c.id.clone();
                view! {
                    <li>
                        <span>{show_date(&c.date, i18n.get_locale())}" – "{ground_rules_score(&c).map(|s| format!("{s} %")).unwrap_or_default()}</span>
                        <RemoveButton on_remove=move |_| {
                            feedback.send(Command::Remove {
                                list: ListRef::GroundRuleChecks,
                                id: id.clone(),
                            });
                        } />
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A new dated self-assessment, saved as one item.
#[component]
fn NewCheck() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let (date, set_date) = signal(today().to_string());
    let ratings: Vec<RwSignal<Option<u8>>> =
        (0..GROUND_RULES).map(|_| RwSignal::new(None)).collect();
    let notes: Vec<RwSignal<String>> = (0..GROUND_RULES)
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let (r2, n2) = (ratings.clone(), notes.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rated: Vec<RuleRating> = (0..GROUND_RULES)
            .filter_map(|i| {
                let rating = r2[usize::from(i)].get_untracked()?;
                Some(RuleRating {
                    id: (i + 1).to_string(),
                    rule: i + 1,
                    rating,
                    note: n2[usize::from(i)].get_untracked().trim().to_string(),
                })
            })
            .collect();
        let check = GroundRuleCheck {
            id: new_id(),
            date: date.get_untracked(),
            ratings: rated,
        };
        if feedback.send(Command::Insert {
            list: ListRef::GroundRuleChecks,
            item: Item::GroundRuleCheck(check),
        }) {
            for r in &r2 {
                r.set(None);
            }
            for n in &n2 {
                n.set(String::new());
            }
        }
    };
    view! {
        <form class="card new-check no-print" data-testid="new-check" on:submit=save>
            <h2>{crate::tr(|l| td_string!(l, rules.new_check))}</h2>
            <label class="field">
                <span class="field-label">{crate::tr(|l| td_string!(l, rules.date))}</span>
                <DateInput test_id="check-date" value=date on_input=move |v| set_date.set(v) />
            </label>
            <ol class="item-list">
                {(1..=GROUND_RULES).map(|rule| {
                    let rating = ratings[usize::from(rule - 1)];
                    let note = notes[usize::from(rule - 1)];
                    let name = format!("rule-{rule}");
                    view! {
                        <li class="item question" data-testid=format!("rule-{rule}")>
                            <fieldset class="rating">
                                <legend>{rule}". "{move || rule_text(rule, i18n.get_locale())}</legend>
                                {(1..=5u8).map(|value| {
                                    let name = name.clone();
                                    view! {
                                        <label class="rating-option">
                                            <input type="radio" name=name value=value
                                                prop:checked=move || rating.get() == Some(value)
                                                on:change=move |_| rating.set(Some(value)) />
                                            <span>{value}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <label class="field">
                                <span class="field-label">{crate::tr(|l| td_string!(l, rules.note))}</span>
                                <input type="text" prop:value=move || note.get()
                                    on:input=move |ev| note.set(event_target_value(&ev)) />
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {feedback.view()}
            <button type="submit" class="primary" data-testid="save-check">{crate::tr(|l| td_string!(l, rules.save))}</button>
        </form>
    }
}
