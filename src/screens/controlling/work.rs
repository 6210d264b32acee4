//! The work that slips, across all key accounts: overdue and unowned actions (by owner or
//! by account), reviews due in the coming three months as a calendar, plans that are
//! incomplete or stale, and key accounts without a (trained) manager. Every entry opens
//! the account it belongs to; every list exports as CSV.

use crate::screens::words::Words;
use kam_domain::{
    controlling::{
        ActionLine, CareGap, PlanGap, ReviewDue, by_owner, care_gaps, plans_needing_work,
        review_calendar, reviews_due, slipping_actions,
    },
    import::{Cell, table_csv},
};
use leptos::prelude::*;
use leptos_router::components::A;

use super::month_name;
use crate::{
    files,
    i18n::*,
    screens::kit::CardHead,
    screens::people::person_name,
    screens::ui::{Feedback, show, show_date, today},
    store::{Part, use_store},
};

/// What these lists read: the plans, the customers' names, the people.
const PLANS: [Part; 3] = [
    Part::Items("key_accounts"),
    Part::Items("customers"),
    Part::Items("people"),
];

/// How far ahead the review calendar looks.
const MONTHS_AHEAD: i32 = 3;

#[component]
pub fn WorkPart() -> impl IntoView {
    view! {
        <SlippingActions />
        <ReviewCalendar />
        <PlansNeedingWork />
        <CareGaps />
    }
}

/// A CSV button for one list: `rows` gives the header and rows when pressed.
#[component]
pub(super) fn CsvButton(
    name: &'static str,
    test_id: &'static str,
    #[prop(into)] rows: Callback<Locale, (Vec<String>, Vec<Vec<Cell>>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let saved = Feedback::new();
    let export = move |_| {
        let l = i18n.get_locale();
        let (header, lines) = rows.run(l);
        let csv = table_csv(&header, &lines, kam_domain::amounts::NumberFormat::Swiss);
        let stem = files::file_stem(&store.read_parts(&[Part::Root], |w| w.name.clone()));
        saved.report(files::download(
            &format!("{stem}-{name}.csv"),
            "text/csv;charset=utf-8",
            csv.as_bytes(),
        ));
    };
    view! {
        <div class="button-row no-print">
            <button type="button" class="quiet" data-testid=test_id on:click=export>{crate::tr(|l| td_string!(l, controlling.export_csv))}</button>
        </div>
        {saved.view()}
    }
}

fn due_words(line: &ActionLine, l: Locale) -> String {
    let due = line
        .action
        .due
        .as_deref()
        .map(|d| show_date(d, l))
        .unwrap_or_else(|| "–".into());
    if line.days_overdue > 0 {
        td_string!(
            l,
            controlling.days_late,
            due = due,
            days = line.days_overdue
        )
        .to_string()
    } else {
        due
    }
}

#[component]
fn SlippingActions() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let by_account = RwSignal::new(false);
    let lines = Memo::new(move |_| store.read_parts(&PLANS, |w| slipping_actions(w, today())));
    // Groups: (heading, lines), by owner (nobody first) or by account.
    let groups = Memo::new(move |_| {
        let l = i18n.get_locale();
        lines.with(|lines| {
            if by_account.get() {
                let mut map: std::collections::BTreeMap<(String, String), Vec<ActionLine>> =
                    Default::default();
                for x in lines {
                    map.entry((x.account_name.clone(), x.key_account_id.clone()))
                        .or_default()
                        .push(x.clone());
                }
                map.into_iter()
                    .map(|((name, _), v)| (name, v))
                    .collect::<Vec<_>>()
            } else {
                by_owner(lines)
                    .into_iter()
                    .map(|(owner, v)| {
                        let name = match owner {
                            Some(id) => person_name(Some(&id)),
                            None => td_string!(l, accounts.unowned).to_string(),
                        };
                        (name, v.into_iter().cloned().collect())
                    })
                    .collect()
            }
        })
    });
    let csv = move |l: Locale| {
        let header = vec![
            td_string!(l, accounts.account).to_string(),
            td_string!(l, accounts.action).to_string(),
            td_string!(l, accounts.owner).to_string(),
            td_string!(l, accounts.due).to_string(),
            td_string!(l, controlling.days_overdue).to_string(),
        ];
        let rows = lines.with_untracked(|lines| {
            lines
                .iter()
                .map(|x| {
                    vec![
                        Cell::Text(x.account_name.clone()),
                        Cell::Text(x.action.title.clone()),
                        Cell::Text(match &x.action.owner_id {
                            Some(id) => person_name(Some(id)),
                            None => td_string!(l, accounts.unowned).to_string(),
                        }),
                        Cell::Text(
                            x.action
                                .due
                                .as_deref()
                                .map(|d| show_date(d, l))
                                .unwrap_or_default(),
                        ),
                        Cell::Count(x.days_overdue),
                    ]
                })
                .collect()
        });
        (header, rows)
    };
    view! {
        <div class="card slipping" data-testid="slipping-actions">
            <CardHead title=|l| td_string!(l, controlling.slipping_heading) hint=|l| td_string!(l, controlling.slipping_hint) />
            <div class="segmented no-print" role="group">
                <button type="button" class="segment" data-testid="slipping-by-owner" aria-pressed=move || (!by_account.get()).to_string()
                    on:click=move |_| by_account.set(false)>{crate::tr(|l| td_string!(l, controlling.by_owner))}</button>
                <button type="button" class="segment" data-testid="slipping-by-account" aria-pressed=move || by_account.get().to_string()
                    on:click=move |_| by_account.set(true)>{crate::tr(|l| td_string!(l, controlling.by_account))}</button>
            </div>
            <Show when=move || !lines.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, controlling.nothing_slips))}</p> }>
                <For each=move || groups.get() key=|(name, v)| (name.clone(), v.iter().map(|x| x.action.id.clone()).collect::<Vec<_>>()) let:group>
                    <section class="slip-group">
                        <h3>{group.0.clone()}<span class="count">{format!(" ({})", group.1.len())}</span></h3>
                        <ul class="plain-list">
                            {group.1.into_iter().map(|x| {
                                let l = i18n.get_locale();
                                let late = x.days_overdue > 0;
                                let owner = match &x.action.owner_id {
                                    Some(id) => person_name(Some(id)),
                                    None => td_string!(l, accounts.unowned).to_string(),
                                };
                                let detail = format!(" · {} · {owner} · {}", x.account_name, due_words(&x, l));
                                let href = format!("/key-accounts/{}#action-{}", x.key_account_id, x.action.id);
                                let title = x.action.title;
                                view! {
                                    <li class:late=late data-testid="slipping-action">
                                        <A href=href attr:data-testid="open-action">{title}</A>
                                        <span class="detail">{detail}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                </For>
                <CsvButton name="massnahmen" test_id="slipping-csv" rows=csv />
            </Show>
        </div>
    }
}

#[component]
fn ReviewCalendar() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let due =
        Memo::new(move |_| store.read_parts(&PLANS, |w| reviews_due(w, today(), MONTHS_AHEAD)));
    let months = Memo::new(move |_| {
        due.with(|d| {
            review_calendar(d)
                .into_iter()
                .map(|(m, v)| (m, v.into_iter().cloned().collect::<Vec<ReviewDue>>()))
                .collect::<Vec<_>>()
        })
    });
    let csv = move |l: Locale| {
        let header = vec![
            td_string!(l, accounts.account).to_string(),
            td_string!(l, people.responsible).to_string(),
            td_string!(l, accounts.next_review).to_string(),
            td_string!(l, controlling.state).to_string(),
        ];
        let now = today();
        let rows = due.with_untracked(|d| {
            d.iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.account_name.clone()),
                        Cell::Text(super::responsible(r.manager_id.as_deref(), l)),
                        Cell::Text(show(r.due, l)),
                        Cell::Text(review_state(r, now, l).to_string()),
                    ]
                })
                .collect()
        });
        (header, rows)
    };
    view! {
        <div class="card review-calendar" data-testid="review-calendar">
            <CardHead title=|l| td_string!(l, controlling.reviews_heading) hint=|l| td_string!(l, controlling.reviews_hint) />
            <Show when=move || !due.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, controlling.no_reviews_due))}</p> }>
                <div class="calendar">
                    <For each=move || months.get() key=|(m, v)| (*m, v.iter().map(|r| (r.key_account_id.clone(), r.due)).collect::<Vec<_>>()) let:month>
                        <section class="calendar-month" data-testid="calendar-month">
                            <h3>{move || format!("{} {}", month_name(month.0.1, i18n.get_locale()), month.0.0)}</h3>
                            <ul class="plain-list">
                                {month.1.into_iter().map(|r| {
                                    let l = i18n.get_locale();
                                    let now = today();
                                    let detail = format!(" · {} · {} · {}", show(r.due, l), super::responsible(r.manager_id.as_deref(), l), review_state(&r, now, l));
                                    let late = r.overdue(now);
                                    view! {
                                        <li class:late=late data-testid="review-due">
                                            <A href=format!("/key-accounts/{}", r.key_account_id)>{r.account_name}</A>
                                            <span class="detail">{detail}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    </For>
                </div>
                <CsvButton name="reviews" test_id="reviews-csv" rows=csv />
            </Show>
        </div>
    }
}

fn review_state(r: &ReviewDue, today: kam_domain::date::Date, l: Locale) -> &'static str {
    if r.never {
        td_string!(l, controlling.never_reviewed)
    } else if r.overdue(today) {
        td_string!(l, plan.overdue)
    } else {
        td_string!(l, controlling.due_soon)
    }
}

#[component]
fn PlansNeedingWork() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let plans = Memo::new(move |_| store.read_parts(&PLANS, |w| plans_needing_work(w, today())));
    let parts = |p: &PlanGap, l: Locale| {
        let list = |v: &[kam_domain::plans::PlanPart]| {
            v.iter().map(|x| x.words(l)).collect::<Vec<_>>().join(", ")
        };
        (list(&p.missing), list(&p.stale))
    };
    let csv = move |l: Locale| {
        let header = vec![
            td_string!(l, accounts.account).to_string(),
            td_string!(l, people.responsible).to_string(),
            td_string!(l, accounts.complete).to_string(),
            td_string!(l, controlling.missing).to_string(),
            td_string!(l, controlling.stale).to_string(),
        ];
        let rows = plans.with_untracked(|v| {
            v.iter()
                .map(|p| {
                    let (missing, stale) = parts(p, l);
                    vec![
                        Cell::Text(p.account_name.clone()),
                        Cell::Text(super::responsible(p.manager_id.as_deref(), l)),
                        Cell::Count(i64::from(p.percent)),
                        Cell::Text(missing),
                        Cell::Text(stale),
                    ]
                })
                .collect()
        });
        (header, rows)
    };
    view! {
        <div class="card plans-needing-work" data-testid="plans-needing-work">
            <CardHead title=|l| td_string!(l, controlling.plans_heading) hint=|l| td_string!(l, controlling.plans_hint) />
            <Show when=move || !plans.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, controlling.all_plans_complete))}</p> }>
                <ul class="plain-list">
                    <For each=move || plans.get() key=|p| (p.key_account_id.clone(), format!("{p:?}")) let:p>
                        {
                            let l = i18n.get_locale();
                            let (missing, stale) = parts(&p, l);
                            let mut detail = vec![format!("{} %", p.percent), super::responsible(p.manager_id.as_deref(), l)];
                            if !missing.is_empty() { detail.push(td_string!(l, controlling.missing_list, parts = missing).to_string()); }
                            if !stale.is_empty() { detail.push(td_string!(l, controlling.stale_list, parts = stale).to_string()); }
                            view! {
                                <li data-testid="plan-gap">
                                    <A href=format!("/key-accounts/{}", p.key_account_id)>{p.account_name.clone()}</A>
                                    <span class="detail">{format!(" · {}", detail.join(" · "))}</span>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <CsvButton name="plaene" test_id="plans-csv" rows=csv />
            </Show>
        </div>
    }
}

#[component]
fn CareGaps() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let gaps = Memo::new(move |_| {
        store.read_parts(&PLANS, |w| {
            care_gaps(w)
                .into_iter()
                .map(|(k, name, gap)| (k.id.clone(), name, gap))
                .collect::<Vec<_>>()
        })
    });
    let words = |gap: &CareGap, l: Locale| match gap {
        CareGap::NoManager => td_string!(l, controlling.no_manager).to_string(),
        CareGap::Untrained { person_id } => td_string!(
            l,
            controlling.untrained,
            name = person_name(Some(person_id))
        )
        .to_string(),
    };
    let csv = move |l: Locale| {
        let header = vec![
            td_string!(l, accounts.account).to_string(),
            td_string!(l, controlling.gap).to_string(),
        ];
        let rows = gaps.with_untracked(|v| {
            v.iter()
                .map(|(_, name, gap)| vec![Cell::Text(name.clone()), Cell::Text(words(gap, l))])
                .collect()
        });
        (header, rows)
    };
    view! {
        <div class="card care-gaps" data-testid="care-gaps">
            <CardHead title=|l| td_string!(l, controlling.care_heading) hint=|l| td_string!(l, controlling.care_hint) />
            <Show when=move || !gaps.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, controlling.care_ok))}</p> }>
                <ul class="plain-list">
                    <For each=move || gaps.get() key=|g| (g.0.clone(), g.1.clone(), format!("{:?}", g.2)) let:g>
                        <li class="late" data-testid="care-gap">
                            <A href=format!("/key-accounts/{}", g.0)>{g.1.clone()}</A>
                            <span class="detail">{move || format!(" · {}", words(&g.2, i18n.get_locale()))}</span>
                            " "
                            <A href=crate::routes::Screen::Responsibilities.path() attr:class="quiet">{crate::tr(|l| td_string!(l, controlling.to_people))}</A>
                        </li>
                    </For>
                </ul>
                <CsvButton name="betreuung" test_id="care-csv" rows=csv />
            </Show>
        </div>
    }
}
