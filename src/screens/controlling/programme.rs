//! Controlling the KAM programme itself: the key accounts' revenue against target over
//! time, the ground-rules score over time, rollout steps that are late, and programme
//! reviews whose optimisation measures become steps of the rollout plan.

use kam_domain::{
    controlling::{
        Period, PeriodKind, ProgrammeReviewDraft, TrendPoint, programme_reviews, programme_trend,
        record_programme_review,
    },
    import::Cell,
    rollout::{ground_rules_trend, overdue_steps},
};
use leptos::prelude::*;

use crate::screens::kit::DateInput;
use leptos_router::components::A;

use super::{period_label, responsible, work::CsvButton};
use crate::{
    i18n::*,
    screens::kit::CardHead,
    screens::ui::{
        Feedback, new_id, people_choices, show_date, show_opt_amount, show_percent, today,
    },
    store::{Part, use_store},
};

/// How many periods the trend shows.
const TREND_PERIODS: usize = 8;

#[component]
pub fn ProgrammePart() -> impl IntoView {
    view! {
        <RevenueTrend />
        <GroundRulesTrend />
        <LateSteps />
        <ProgrammeReviews />
    }
}

#[component]
fn RevenueTrend() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let kind = RwSignal::new(PeriodKind::Quarter);
    let trend = Memo::new(move |_| {
        let last = Period::of(kind.get(), today());
        store.read_parts(
            &[Part::Items("key_accounts"), Part::Items("customers")],
            |w| programme_trend(w, last, TREND_PERIODS),
        )
    });
    view! {
        <div class="card revenue-trend" data-testid="revenue-trend">
            <CardHead title=|l| td_string!(l, controlling.trend_heading) hint=|l| td_string!(l, controlling.trend_hint) />
            <div class="segmented no-print" role="group">
                <button type="button" class="segment" data-testid="trend-quarters" aria-pressed=move || (kind.get() == PeriodKind::Quarter).to_string()
                    on:click=move |_| kind.set(PeriodKind::Quarter)>{crate::tr(|l| td_string!(l, controlling.kind_quarter))}</button>
                <button type="button" class="segment" data-testid="trend-years" aria-pressed=move || (kind.get() == PeriodKind::Year).to_string()
                    on:click=move |_| kind.set(PeriodKind::Year)>{crate::tr(|l| td_string!(l, controlling.kind_year))}</button>
            </div>
            {move || trend.with(|t| trend_chart(t, i18n.get_locale()))}
            <div class="table-wrap">
                <table class="data trend-table" data-testid="trend-table">
                    <thead><tr>
                        <th>{crate::tr(|l| td_string!(l, accounts.period))}</th>
                        <th class="num">{crate::tr(|l| td_string!(l, accounts.revenue_target))}</th>
                        <th class="num">{crate::tr(|l| td_string!(l, accounts.revenue_actual))}</th>
                        <th class="num">{crate::tr(|l| td_string!(l, controlling.growth))}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let l = i18n.get_locale();
                            trend.get().into_iter().map(|p| view! {
                                <tr data-testid="trend-row">
                                    <td>{period_label(p.period, l)}</td>
                                    <td class="num">{show_opt_amount(p.target, l)}</td>
                                    <td class="num">{show_opt_amount(p.actual, l)}</td>
                                    <td class="num">{p.growth_percent.map(|g| show_percent(g, l)).unwrap_or_else(|| "–".into())}</td>
                                </tr>
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <CsvButton name="programm-umsatz" test_id="trend-csv" rows=move |l: Locale| {
                let header = vec![
                    td_string!(l, accounts.period).to_string(),
                    td_string!(l, accounts.revenue_target).to_string(),
                    td_string!(l, accounts.revenue_actual).to_string(),
                    td_string!(l, controlling.growth).to_string(),
                ];
                let rows = trend.with_untracked(|t| {
                    t.iter()
                        .map(|p| {
                            vec![
                                Cell::Text(period_label(p.period, l)),
                                Cell::Amount(p.target),
                                Cell::Amount(p.actual),
                                Cell::Percent(p.growth_percent),
                            ]
                        })
                        .collect()
                });
                (header, rows)
            } />
        </div>
    }
}

/// Target and actual as two lines over the periods; SVG, so it prints.
fn trend_chart(points: &[TrendPoint], l: Locale) -> Option<impl IntoView + use<>> {
    let max = points
        .iter()
        .flat_map(|p| [p.target, p.actual])
        .flatten()
        .max()
        .filter(|m| *m > 0)? as f64;
    // Wide enough margins that the first and last period labels are not cut off.
    let (w, h, left, bottom) = (620.0, 200.0, 32.0, 24.0);
    let step = (w - left * 2.0) / (points.len().max(2) - 1) as f64;
    let x = |i: usize| left + i as f64 * step;
    let y = |v: i64| (h - bottom) - v as f64 / max * (h - bottom - 12.0);
    let line = |f: fn(&TrendPoint) -> Option<i64>| {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| f(p).map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let dots = |f: fn(&TrendPoint) -> Option<i64>, class: &'static str| {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                f(p).map(|v| view! { <circle class=class cx=x(i) cy=y(v) r="4" /> })
            })
            .collect_view()
    };
    let ticks = points
        .iter()
        .enumerate()
        .map(|(i, p)| view! { <text class="tick" x=x(i) y=h - 6.0 text-anchor="middle">{period_label(p.period, l)}</text> })
        .collect_view();
    Some(view! {
        <figure class="trend-chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" data-testid="trend-chart" aria-label=td_string!(l, controlling.trend_heading)>
                <line class="grid" x1=left x2=w - left y1=h - bottom y2=h - bottom />
                <polyline class="line-target" points=line(|p| p.target) />
                <polyline class="line-actual" points=line(|p| p.actual) />
                {dots(|p| p.target, "dot-target")}
                {dots(|p| p.actual, "dot-actual")}
                {ticks}
            </svg>
            <figcaption class="hint legend">
                <span class="key key-target"></span>{td_string!(l, accounts.revenue_target)}" "
                <span class="key key-actual"></span>{td_string!(l, accounts.revenue_actual)}
            </figcaption>
        </figure>
    })
}

#[component]
fn GroundRulesTrend() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let trend = Memo::new(move |_| {
        store.read_parts(&[Part::Programme], |w| {
            ground_rules_trend(&w.programme.ground_rule_checks)
        })
    });
    view! {
        <div class="card rules-trend" data-testid="rules-trend">
            <CardHead title=|l| td_string!(l, controlling.rules_heading) hint=|l| td_string!(l, controlling.rules_hint) />
            <Show when=move || !trend.with(Vec::is_empty)
                fallback=move || view! {
                    <p class="empty">{crate::tr(|l| td_string!(l, controlling.no_rule_checks))}" "
                        <A href="/rollout/ground-rules">{crate::tr(|l| td_string!(l, controlling.to_ground_rules))}</A></p>
                }>
                <ol class="score-bars" data-testid="rules-scores">
                    {move || {
                        let l = i18n.get_locale();
                        trend.get().into_iter().map(|(date, score)| view! {
                            <li>
                                <span class="score-date">{show_date(&date, l)}</span>
                                <span class="meter-inline wide"><span style=format!("width:{score}%")></span></span>
                                <strong>{format!("{score} %")}</strong>
                            </li>
                        }).collect_view()
                    }}
                </ol>
            </Show>
        </div>
    }
}

#[component]
fn LateSteps() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let late = Memo::new(move |_| {
        store.read_parts(&[Part::Programme, Part::Items("people")], |w| {
            overdue_steps(&w.programme.milestones, today())
                .into_iter()
                .map(|s| {
                    (
                        s.id.clone(),
                        s.title.clone(),
                        s.owner_id.clone(),
                        s.due.clone(),
                        s.is_milestone,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card late-steps" data-testid="late-steps">
            <CardHead title=|l| td_string!(l, controlling.late_heading) hint=|l| td_string!(l, controlling.late_hint) />
            <Show when=move || !late.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, controlling.nothing_late))}</p> }>
                <ul class="plain-list">
                    <For each=move || late.get() key=|s| s.clone() let:s>
                        {
                            let l = i18n.get_locale();
                            let kind = if s.4 { td_string!(l, controlling.milestone) } else { td_string!(l, controlling.work_step) };
                            let due = s.3.as_deref().map(|d| show_date(d, l)).unwrap_or_default();
                            view! {
                                <li class="late" data-testid="late-step">
                                    <A href="/rollout/plan">{s.1.clone()}</A>
                                    <span class="detail">{format!(" · {kind} · {} · {due}", responsible(s.2.as_deref(), l))}</span>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <CsvButton name="verspaetete-schritte" test_id="late-csv" rows=move |l: Locale| {
                    let header = vec![
                        td_string!(l, controlling.work_step).to_string(),
                        td_string!(l, accounts.owner).to_string(),
                        td_string!(l, accounts.due).to_string(),
                    ];
                    let rows = late.with_untracked(|late| {
                        late.iter()
                            .map(|s| {
                                vec![
                                    Cell::Text(s.1.clone()),
                                    Cell::Text(responsible(s.2.as_deref(), l)),
                                    Cell::Text(s.3.clone().unwrap_or_default()),
                                ]
                            })
                            .collect()
                    });
                    (header, rows)
                } />
            </Show>
        </div>
    }
}

/// How many measures the review form offers at once.
const MEASURES: usize = 3;

#[component]
fn ProgrammeReviews() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let feedback = Feedback::new();
    let people = people_choices();
    let date = RwSignal::new(today().to_string());
    let participants = RwSignal::new(String::new());
    let findings = RwSignal::new(String::new());
    let measures: Vec<(RwSignal<String>, RwSignal<String>, RwSignal<String>)> = (0..MEASURES)
        .map(|_| {
            (
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let form_measures = measures.clone();
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = ProgrammeReviewDraft {
            date: date.get_untracked(),
            participants: participants.get_untracked(),
            findings: findings.get_untracked(),
            measures: form_measures
                .iter()
                .map(|(t, o, d)| (t.get_untracked(), o.get_untracked(), d.get_untracked()))
                .collect(),
        };
        let command = store.read_parts(&[Part::Programme], |w| {
            Some(record_programme_review(w, draft, new_id))
        });
        if command.is_some_and(|c| feedback.send(c)) {
            participants.set(String::new());
            findings.set(String::new());
            for (t, o, d) in &form_measures {
                t.set(String::new());
                o.set(String::new());
                d.set(String::new());
            }
        }
    };
    let reviews = Memo::new(move |_| {
        store.read_parts(&[Part::Programme, Part::Items("people")], |w| {
            programme_reviews(w)
                .into_iter()
                .map(|r| {
                    let steps: Vec<(String, String)> = r
                        .measure_ids
                        .iter()
                        .filter_map(|id| w.programme.milestones.iter().find(|m| &m.id == id))
                        .map(|m| (m.title.clone(), format!("{:?}", m.status)))
                        .collect();
                    (
                        r.id.clone(),
                        r.date.clone(),
                        r.participants.clone(),
                        r.findings.as_str().to_string(),
                        steps,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card programme-reviews" data-testid="programme-reviews">
            <CardHead title=|l| td_string!(l, controlling.reviews_programme_heading) hint=|l| td_string!(l, controlling.reviews_programme_hint) />
            <form class="review-form no-print" data-testid="record-programme-review" on:submit=record>
                <div class="form-grid">
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.review_date))}</span>
                        <DateInput test_id="programme-review-date" value=date on_input=move |v| date.set(v) /></label>
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.participants))}</span>
                        <input type="text" data-testid="programme-review-participants" prop:value=participants on:input=move |ev| participants.set(event_target_value(&ev)) /></label>
                </div>
                <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, controlling.findings))}</span>
                    <textarea rows="3" data-testid="programme-review-findings" prop:value=findings on:input=move |ev| findings.set(event_target_value(&ev)) /></label>
                <h3>{crate::tr(|l| td_string!(l, controlling.measures))}</h3>
                {measures.into_iter().enumerate().map(|(i, (title, owner, due))| view! {
                    <div class="form-grid measure">
                        <label class="field"><span class="field-label">{move || td_string!(i18n.get_locale(), controlling.measure_n, n = i + 1).to_string()}</span>
                            <input type="text" data-testid=format!("measure-title-{i}") prop:value=title on:input=move |ev| title.set(event_target_value(&ev)) /></label>
                        <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.owner))}</span>
                            <select data-testid=format!("measure-owner-{i}") on:change=move |ev| owner.set(event_target_value(&ev))>
                                <option value="" selected=move || owner.get().is_empty()>{crate::tr(|l| td_string!(l, rollout.none))}</option>
                                {move || people.get().into_iter().map(|(pid, pname)| {
                                    let selected = pid == owner.get_untracked();
                                    view! { <option value=pid selected=selected>{pname}</option> }
                                }).collect_view()}
                            </select></label>
                        <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.due))}</span>
                            <DateInput test_id=format!("measure-due-{i}") value=due on_input=move |v| due.set(v) /></label>
                    </div>
                }).collect_view()}
                <div class="button-row"><button type="submit" class="primary" data-testid="save-programme-review">{crate::tr(|l| td_string!(l, controlling.save_review))}</button></div>
                {feedback.view()}
            </form>
            <h3>{crate::tr(|l| td_string!(l, accounts.past_reviews))}</h3>
            <Show when=move || !reviews.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, controlling.no_programme_review))}</p> }>
                <ol class="item-list" data-testid="programme-review-list">
                    <For each=move || reviews.get() key=|r| r.clone() let:r>
                        {
                            let l = i18n.get_locale();
                            let steps = r.4.clone();
                            view! {
                                <li class="item" data-testid="programme-review">
                                    <strong>{show_date(&r.1, l)}</strong>
                                    {(!r.2.is_empty()).then(|| format!(" · {}", r.2))}
                                    <p class="findings">{r.3.clone()}</p>
                                    {(!steps.is_empty()).then(move || view! {
                                        <p class="hint">{td_string!(l, controlling.became_steps)}</p>
                                        <ul class="plain-list">
                                            {steps.into_iter().map(|(title, status)| view! {
                                                <li data-testid="review-measure"><A href="/rollout/plan">{title}</A>
                                                    <span class="detail">{format!(" · {}", crate::screens::ui::status_from_stored(&status).map(|s| crate::screens::words::Words::words(s, l)).unwrap_or_default())}</span></li>
                                            }).collect_view()}
                                        </ul>
                                    })}
                                </li>
                            }
                        }
                    </For>
                </ol>
            </Show>
        </div>
    }
}
