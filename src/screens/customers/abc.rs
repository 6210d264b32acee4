//! ABC analysis of revenue: the cumulative (Pareto) curve, the classes with their share,
//! adjustable limits, and the ranked list.

use kam_domain::{
    command::EntityKind,
    model::Workspace,
    selection::{Abc, AbcClass, abc, abc_key, has_revenue},
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::field::{EditField, FieldKind},
    screens::kit::{CardHead, DataTable, col, num},
    screens::ui::{label, read, show_amount, show_count, show_percent, whole_number},
    store::{Part, WorkspaceStore, use_store},
};
use std::collections::HashMap;

const PAGE: usize = 50;

/// The ABC analysis of the open workspace, kept for the whole app: the ABC screen and the
/// customer list's class column share it, so opening either does not sort 50,000
/// customers again; it is sorted again only when what the classes depend on changed
/// (not on an edit of a region, nor when a customer without revenue comes).
#[derive(Clone, Copy)]
pub struct Analysis {
    pub result: Memo<Abc>,
    /// Class by customer id.
    pub classes: Memo<HashMap<String, AbcClass>>,
}

impl Analysis {
    /// Made once beside the store; computed when a screen first reads it.
    pub fn provide(store: WorkspaceStore) {
        let key = Memo::new(move |_| {
            store.read_parts(&[Part::Items("customers"), Part::Root], |w| {
                abc_key(&w.customers, w.abc_a_percent, w.abc_b_percent)
            })
        });
        let result = Memo::new(move |_| {
            // Read, not only tracked: a memo never read never computes, so it would
            // never subscribe to the parts it watches and never change.
            let _ = key.get();
            store.read_parts(&[], |w| abc(&w.customers, w.abc_a_percent, w.abc_b_percent))
        });
        let classes = Memo::new(move |_| {
            result.with(|r| {
                r.rows
                    .iter()
                    .map(|row| (row.customer_id.clone(), row.class))
                    .collect()
            })
        });
        provide_context(Analysis { result, classes });
    }
}

pub fn use_analysis() -> Analysis {
    expect_context::<Analysis>()
}

#[component]
pub fn AbcPart() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let result = use_analysis().result;
    // Counted apart: a customer without revenue does not sort the others again.
    let without = Memo::new(move |_| {
        store.read_parts(&[Part::Items("customers")], |w| {
            w.customers.iter().filter(|c| !has_revenue(c)).count()
        })
    });
    let (shown, set_shown) = signal(PAGE);
    // Names of the rows shown only: a map of all 50,000 cost more than the analysis.
    let names = Memo::new(move |_| {
        let ids: std::collections::HashSet<String> = result.with(|r| {
            r.rows
                .iter()
                .take(shown.get())
                .map(|row| row.customer_id.clone())
                .collect()
        });
        store.read_parts(&[Part::Items("customers")], |w| {
            w.customers
                .iter()
                .filter(|c| ids.contains(&c.id))
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<std::collections::HashMap<_, _>>()
        })
    });
    view! {
        <div class="card abc" data-testid="abc">
            <CardHead title=|l| td_string!(l, abc.heading) hint=|l| td_string!(l, abc.lead) />
            <Limits />
            <Show when=move || !result.with(|r| r.rows.is_empty())
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, abc.no_revenue))}</p> }>
                <ClassSummary result=result />
                <ParetoChart result=result />
                <DataTable cols=vec![num(|_| "#"), col(|l| td_string!(l, customers.name)), num(|l| td_string!(l, customers.revenue)), num(|l| td_string!(l, abc.share)), num(|l| td_string!(l, abc.cumulative)), col(|l| td_string!(l, customers.abc_class))] class="abc-table" test_id="abc-table">
                    {move || {
                        let l = i18n.get_locale();
                        result.with(|r| names.with(|names| r.rows.iter().take(shown.get()).enumerate().map(|(i, row)| view! {
                            <tr class=format!("class-{:?}", row.class)>
                                <td class="num">{i + 1}</td>
                                <td>{names.get(&row.customer_id).cloned().unwrap_or_default()}</td>
                                <td class="num">{show_amount(row.revenue, l)}</td>
                                <td class="num">{show_percent(row.share, l)}</td>
                                <td class="num">{show_percent(row.cumulative, l)}</td>
                                <td><span class=format!("abc-badge abc-{:?}", row.class)>{format!("{:?}", row.class)}</span></td>
                            </tr>
                        }).collect_view()))
                    }}
                </DataTable>
                <Show when=move || result.with(|r| r.rows.len()).gt(&shown.get())>
                    <button type="button" class="no-print" on:click=move |_| set_shown.update(|n| *n += PAGE)>
                        {move || td_string!(i18n.get_locale(), customers.show_more,
                            n = (result.with(|r| r.rows.len()) - shown.get()).min(PAGE)).to_string()}
                    </button>
                </Show>
                {move || (without.get() > 0).then(|| view! {
                    <p class="hint">{td_string!(i18n.get_locale(), abc.without, count = without.get() as u64, number = show_count(without.get(), i18n.get_locale())).to_string()}</p>
                })}
            </Show>
        </div>
    }
}

/// The two limits: A up to a %, B up to b % of cumulated revenue; each an `EditField`
/// (a limit being typed is not overwritten, two people's limits show as a conflict).
#[component]
fn Limits() -> impl IntoView {
    let store = use_store();
    let limit = move |f: fn(&Workspace) -> u64| {
        Signal::derive(move || store.read_parts(&[Part::Root], |w| f(w).to_string()))
    };
    view! {
        <div class="inline-form abc-limits no-print">
            <EditField label=label(|l| td_string!(l, abc.limit_a)) at=FieldAt::Workspace field="abc_a_percent"
                part=Part::Root kind=FieldKind::Number stored=limit(|w| w.abc_a_percent) test_id="abc-a"
                to_value=whole_number(EntityKind::Workspace, "abc_a_percent") />
            <EditField label=label(|l| td_string!(l, abc.limit_b)) at=FieldAt::Workspace field="abc_b_percent"
                part=Part::Root kind=FieldKind::Number stored=limit(|w| w.abc_b_percent) test_id="abc-b"
                to_value=whole_number(EntityKind::Workspace, "abc_b_percent") />
        </div>
    }
}

#[component]
fn ClassSummary(result: Memo<Abc>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="abc-summary" data-testid="abc-summary">
            {move || {
                let l = i18n.get_locale();
                result.with(|r| [AbcClass::A, AbcClass::B, AbcClass::C].into_iter().map(|class| {
                    let (count, revenue) = r.class_totals(class);
                    let share = if r.total > 0 { revenue as f64 * 100.0 / r.total as f64 } else { 0.0 };
                    let customers = if r.rows.is_empty() { 0.0 } else { count as f64 * 100.0 / r.rows.len() as f64 };
                    view! {
                        <div class=format!("abc-class abc-{class:?}") data-testid=format!("abc-class-{class:?}")>
                            <p class="big-figure">{format!("{class:?}")}</p>
                            <p>{td_string!(l, abc.class_line, count = count as u64, number = show_count(count, l), customers = show_percent(customers, l), share = show_percent(share, l)).to_string()}</p>
                            <p class="hint">{show_amount(revenue, l)}</p>
                        </div>
                    }
                }).collect_view())
            }}
        </div>
    }
}

/// Cumulated revenue (y) against the share of customers (x), with the class limits.
#[component]
fn ParetoChart(result: Memo<Abc>) -> impl IntoView {
    let i18n = use_i18n();
    const W: f64 = 640.0;
    const H: f64 = 300.0;
    const LEFT: f64 = 48.0;
    const BOTTOM: f64 = 36.0;
    const TOP: f64 = 12.0;
    const RIGHT: f64 = 12.0;
    let x = |share: f64| LEFT + share / 100.0 * (W - LEFT - RIGHT);
    let y = |pct: f64| TOP + (100.0 - pct) / 100.0 * (H - TOP - BOTTOM);
    let limits = move || read(|w| Some((w.abc_a_percent, w.abc_b_percent))).unwrap_or((80, 95));
    view! {
        <svg class="pareto" viewBox=format!("0 0 {W} {H}") role="img" data-testid="pareto-chart"
            aria-label=move || td_string!(i18n.get_locale(), abc.chart_label).to_string()>
            {move || result.with(|r| {
                let n = r.rows.len().max(1) as f64;
                // About one point per unit of the chart's width, whatever the count.
                let points: Vec<String> = r
                    .curve((W - LEFT - RIGHT) as usize)
                    .into_iter()
                    .map(|(share, cumulative)| format!("{:.1},{:.1}", x(share), y(cumulative)))
                    .collect();
                let mut bounds: Vec<(AbcClass, f64, f64)> = Vec::new();
                for (i, row) in r.rows.iter().enumerate() {
                    let share = (i + 1) as f64 * 100.0 / n;
                    match bounds.last_mut() {
                        Some((class, _, end)) if *class == row.class => *end = share,
                        _ => bounds.push((row.class, i as f64 * 100.0 / n, share)),
                    }
                }
                let (a, b) = limits();
                view! {
                    {bounds.into_iter().map(|(class, from, to)| view! {
                        <rect class=format!("band band-{class:?}") x=x(from) y=TOP width=(x(to) - x(from)).max(0.5) height=H - TOP - BOTTOM />
                        <text class="band-label" x=(x(from) + x(to)) / 2.0 y=H - BOTTOM - 8.0 text-anchor="middle">{format!("{class:?}")}</text>
                    }).collect_view()}
                    {[0.0, 25.0, 50.0, 75.0, 100.0].into_iter().map(|v| view! {
                        <line class="grid" x1=LEFT x2=W - RIGHT y1=y(v) y2=y(v) />
                        <text class="tick" x=LEFT - 6.0 y=y(v) + 4.0 text-anchor="end">{format!("{v:.0} %")}</text>
                        <text class="tick" x=x(v) y=H - BOTTOM + 16.0 text-anchor="middle">{format!("{v:.0} %")}</text>
                    }).collect_view()}
                    <line class="limit" x1=LEFT x2=W - RIGHT y1=y(a as f64) y2=y(a as f64) />
                    <line class="limit" x1=LEFT x2=W - RIGHT y1=y(b as f64) y2=y(b as f64) />
                    <polyline class="curve" points=points.join(" ") />
                    <text class="axis" x=(LEFT + W - RIGHT) / 2.0 y=H - 4.0 text-anchor="middle">
                        {td_string!(i18n.get_locale(), abc.x_axis)}
                    </text>
                }
            })}
        </svg>
    }
}
