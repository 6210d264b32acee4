//! The cockpit: for a chosen year, quarter or month, every definitive key account's
//! revenue and contribution margin against target, with totals, this year against last,
//! the key accounts' share of revenue, grouping, sorting, a variance chart, CSV and a
//! print on A4 landscape. Each row re-renders only when its own figures change.

use crate::screens::words::Words;
use kam_domain::{
    amounts::NumberFormat,
    controlling::{
        Classes, Cockpit, CockpitRow, CsvWords, GroupKey, Grouping, Period, PeriodKind, SortBy,
        Totals, cockpit, cockpit_csv,
    },
    plans::{Light, Variance},
    selection::{AbcClass, Quadrant},
};
use leptos::prelude::*;
use leptos_router::components::A;

use super::period_label;
use crate::{
    files,
    i18n::*,
    screens::accounts::light_class,
    screens::people::person_name,
    screens::ui::{Feedback, PrintButton, show, show_amount, show_opt_amount, show_percent, today},
    store::{Part, use_store},
};

/// What the cockpit reads: key accounts and their customers (names, regions, selection).
const FIGURES: [Part; 2] = [Part::Items("key_accounts"), Part::Items("customers")];

#[component]
pub fn CockpitPart() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let period = RwSignal::new(Period::of(PeriodKind::Quarter, today()));
    let grouping = RwSignal::new(Grouping::None);
    let sort = RwSignal::new((SortBy::Place, false));
    // ABC and portfolio read all customers: only when they or their settings change.
    let classes = Memo::new(move |_| {
        store.read_parts(
            &[
                Part::Root,
                Part::Items("customers"),
                Part::Items("portfolio_factors"),
            ],
            Classes::of,
        )
    });
    let data: Memo<Option<Cockpit>> = Memo::new(move |_| {
        let p = period.get();
        classes.with(|c| store.read_parts(&FIGURES, |w| Some(cockpit(w, p, c))))
    });
    let order = Memo::new(move |_| {
        let (by, descending) = sort.get();
        data.with(|d| {
            d.as_ref()
                .map(|c| c.sorted(by, descending))
                .unwrap_or_default()
        })
    });
    // The groups in order, each with its row ids in the sorted order.
    let groups = Memo::new(move |_| {
        let g = grouping.get();
        order.with(|order| {
            data.with(|d| {
                let Some(c) = d else { return Vec::new() };
                let position: std::collections::HashMap<usize, usize> =
                    order.iter().enumerate().map(|(p, &i)| (i, p)).collect();
                c.groups(g)
                    .into_iter()
                    .map(|group| {
                        let mut rows = group.rows.clone();
                        kam_domain::order::sort_by_key(&mut rows, |i| {
                            position.get(i).copied().unwrap_or(usize::MAX)
                        });
                        let ids: Vec<String> = rows
                            .iter()
                            .map(|&i| c.rows[i].key_account_id.clone())
                            .collect();
                        (group.key, ids)
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let empty = move || data.with(|d| d.as_ref().is_none_or(|c| c.rows.is_empty()));
    let workspace_name = move || store.read_parts(&[Part::Root], |w| w.name.clone());
    view! {
        <style>"@media print { @page { size: A4 landscape; margin: 10mm; } }"</style>
        <div class="card cockpit" data-testid="cockpit">
            <div class="card-head">
                <h2>{crate::tr(|l| td_string!(l, controlling.cockpit_heading))}</h2>
                <PrintButton />
            </div>
            <p class="print-only print-head" data-testid="cockpit-print-head">
                {move || {
                    let l = i18n.get_locale();
                    td_string!(l, controlling.print_head, company = workspace_name(), period = period_label(period.get(), l), date = show(today(), l)).to_string()
                }}
            </p>
            <p class="hint screen-only">{crate::tr(|l| td_string!(l, controlling.cockpit_hint))}</p>
            <PeriodChoice period=period />
            <label class="field grouping no-print">
                <span class="field-label">{crate::tr(|l| td_string!(l, controlling.group_by))}</span>
                <select data-testid="cockpit-grouping" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(g) = Grouping::ALL.into_iter().find(|g| format!("{g:?}") == v) {
                        grouping.set(g);
                    }
                }>
                    {Grouping::ALL.into_iter().map(|g| view! {
                        <option value=format!("{g:?}") selected=move || grouping.get() == g>{move || grouping_words(g, i18n.get_locale())}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || !empty() fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, controlling.no_accounts))}</p> }>
                <Summary data=data />
                <VarianceChart data=data order=order />
                <div class="table-wrap" tabindex="0" role="region" aria-label=move || td_string!(i18n.get_locale(), controlling.cockpit_heading)>
                    <table class="data cockpit-table" data-testid="cockpit-table">
                        <thead><tr>
                            <SortHead by=SortBy::Name sort=sort words=|l| td_string!(l, accounts.account) />
                            <SortHead by=SortBy::RevenueActual sort=sort words=|l| td_string!(l, controlling.revenue_column) num=true />
                            <SortHead by=SortBy::RevenuePercent sort=sort words=|l| td_string!(l, accounts.variance) num=true />
                            <SortHead by=SortBy::MarginActual sort=sort words=|l| td_string!(l, controlling.margin_column) num=true />
                            <SortHead by=SortBy::MarginPercent sort=sort words=|l| td_string!(l, controlling.margin_variance) num=true />
                            <SortHead by=SortBy::Growth sort=sort words=|l| td_string!(l, controlling.growth) num=true />
                        </tr></thead>
                        <For each=move || groups.get() key=|(k, ids)| (k.clone(), ids.clone()) let:group>
                            <GroupRows key=group.0 ids=group.1 data=data grouped=move || grouping.get() != Grouping::None />
                        </For>
                        <tfoot>
                            {move || data.with(|d| d.as_ref().map(|c| {
                                let l = i18n.get_locale();
                                view! {
                                    <tr class="total-row" data-testid="cockpit-total">
                                        <th scope="row">{td_string!(l, controlling.total)}</th>
                                        {totals_cells(&c.revenue, &c.margin, l)}
                                        <td class="num">{c.growth_percent.map(|g| signed_percent(g, l)).unwrap_or_else(|| "–".into())}</td>
                                    </tr>
                                }
                            }))}
                        </tfoot>
                    </table>
                </div>
                <p class="hint">{crate::tr(|l| td_string!(l, controlling.partial_hint))}</p>
                <Export data=data order=order grouping=grouping />
            </Show>
        </div>
    }
}

fn grouping_words(g: Grouping, l: Locale) -> &'static str {
    match g {
        Grouping::None => td_string!(l, controlling.group_none),
        Grouping::Manager => td_string!(l, people.responsible),
        Grouping::Region => td_string!(l, customers.region),
        Grouping::Quadrant => td_string!(l, controlling.quadrant),
        Grouping::Abc => td_string!(l, customers.abc_class),
    }
}

fn abc_words(a: Option<AbcClass>, l: Locale) -> String {
    a.map_or_else(
        || td_string!(l, controlling.no_class).to_string(),
        |a| format!("{a:?}"),
    )
}

fn quadrant_words(q: Option<Quadrant>, l: Locale) -> String {
    q.map_or_else(
        || td_string!(l, controlling.no_quadrant).to_string(),
        |q| q.words(l).to_string(),
    )
}

/// A group's name as its heading row and the CSV show it.
fn group_name(key: &GroupKey, l: Locale) -> String {
    match key {
        GroupKey::All => td_string!(l, controlling.group_none).to_string(),
        GroupKey::Manager(id) => match id {
            Some(_) => person_name(id.as_deref()),
            None => td_string!(l, controlling.nobody).to_string(),
        },
        GroupKey::Region(r) if r.is_empty() => td_string!(l, controlling.no_region).to_string(),
        GroupKey::Region(r) => r.clone(),
        GroupKey::Quadrant(q) => quadrant_words(q.map(|q| q.quadrant()), l),
        GroupKey::Abc(a) => abc_words(a.map(|a| a.class()), l),
    }
}

/// Year, quarter or month, and which one.
#[component]
fn PeriodChoice(period: RwSignal<Period>) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = [
        (PeriodKind::Year, "year"),
        (PeriodKind::Quarter, "quarter"),
        (PeriodKind::Month, "month"),
    ];
    view! {
        <div class="period-choice no-print" role="group" aria-label=move || td_string!(i18n.get_locale(), accounts.period)>
            <span class="segmented">
                {kinds.into_iter().map(|(kind, slug)| view! {
                    <button type="button" class="segment" data-testid=format!("period-{slug}")
                        aria-pressed=move || (period.get().kind() == kind).to_string()
                        on:click=move |_| period.set(Period::of(kind, today()))>
                        {move || {
                            let l = i18n.get_locale();
                            match kind {
                                PeriodKind::Year => td_string!(l, controlling.kind_year),
                                PeriodKind::Quarter => td_string!(l, controlling.kind_quarter),
                                PeriodKind::Month => td_string!(l, controlling.kind_month),
                            }
                        }}
                    </button>
                }).collect_view()}
            </span>
            <span class="stepper">
                <button type="button" data-testid="period-previous" aria-label=move || td_string!(i18n.get_locale(), controlling.previous)
                    on:click=move |_| period.update(|p| *p = p.previous())>"‹"</button>
                <strong class="period-label" data-testid="period-label">{move || period_label(period.get(), i18n.get_locale())}</strong>
                <button type="button" data-testid="period-next" aria-label=move || td_string!(i18n.get_locale(), controlling.next)
                    on:click=move |_| period.update(|p| *p = p.next())>"›"</button>
            </span>
        </div>
    }
}

/// The totals in words and figures: revenue and margin against target, last year, the
/// key accounts' share of all revenue.
#[component]
fn Summary(data: Memo<Option<Cockpit>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || data.with(|d| d.as_ref().map(|c| {
            let l = i18n.get_locale();
            let tile = |title: &'static str, t: &Totals, test: &'static str| {
                let light = t.variance.map(|v| v.light);
                view! {
                    <div class="tile" data-testid=test>
                        <span class="tile-title">{title}</span>
                        <strong class="tile-figure">{show_opt_amount(t.actual, l)}</strong>
                        <span class="tile-detail">{td_string!(l, controlling.of_target, target = show_opt_amount(t.target, l)).to_string()}</span>
                        <span class=light_class(light)>{variance_text(t.variance, l)}</span>
                    </div>
                }
            };
            let share = c.share.percent.map(|_| td_string!(l, controlling.share_text, ka = show_amount(c.share.key_accounts, l), all = show_amount(c.share.all, l)).to_string());
            view! {
                <div class="tiles" data-testid="cockpit-summary">
                    {tile(td_string!(l, controlling.revenue), &c.revenue, "summary-revenue")}
                    {tile(td_string!(l, controlling.margin), &c.margin, "summary-margin")}
                    <div class="tile" data-testid="summary-growth">
                        <span class="tile-title">{td_string!(l, controlling.last_year)}</span>
                        <strong class="tile-figure">{show_opt_amount(c.revenue_last_year, l)}</strong>
                        <span class="tile-detail">{c.growth_percent.map(|g| td_string!(l, controlling.growth_text, percent = signed_percent(g, l)).to_string()).unwrap_or_else(|| td_string!(l, controlling.no_last_year).to_string())}</span>
                    </div>
                    <div class="tile" data-testid="summary-share">
                        <span class="tile-title">{td_string!(l, controlling.share)}</span>
                        <strong class="tile-figure">{c.share.percent.map(|p| show_percent(p, l)).unwrap_or_else(|| "–".into())}</strong>
                        <span class="tile-detail">{share}</span>
                    </div>
                </div>
                <p class="hint">{td_string!(l, controlling.compared_hint, n = c.revenue.compared, all = c.rows.len()).to_string()}</p>
            }
        }))}
    }
}

fn signed_percent(v: f64, l: Locale) -> String {
    let text = show_percent(v, l);
    if v > 0.0 { format!("+{text}") } else { text }
}

/// "−10'000 (95,0 %) · knapp", or "kein Vergleich".
fn variance_text(v: Option<Variance>, l: Locale) -> String {
    match v {
        Some(v) => {
            let diff = show_amount(v.difference, l);
            let diff = if v.difference > 0 {
                format!("+{diff}")
            } else {
                diff
            };
            format!(
                "{diff} ({}) · {}",
                show_percent(v.percent_of_target, l),
                Some(v.light).words(l)
            )
        }
        None => None::<Light>.words(l).to_string(),
    }
}

/// A variance in a table cell: the light with % of target, the difference below.
fn variance_cell(v: Option<Variance>, l: Locale) -> impl IntoView {
    let light = v.map(|v| v.light);
    let (pct, diff) = match v {
        Some(v) => {
            let diff = show_amount(v.difference, l);
            let diff = if v.difference > 0 {
                format!("+{diff}")
            } else {
                diff
            };
            (show_percent(v.percent_of_target, l), diff)
        }
        None => ("–".to_string(), String::new()),
    };
    view! {
        <span class=light_class(light) title=light.words(l)>{pct}</span>
        <span class="difference">{diff}</span>
    }
}

/// Actual, with the target below it: one column per figure keeps the table within a
/// portrait tablet.
fn figure_cell(
    actual: Option<i64>,
    target: Option<i64>,
    partial: impl IntoView,
    l: Locale,
) -> impl IntoView {
    view! {
        <td class="num figure">
            {show_opt_amount(actual, l)}{partial}
            <span class="target">{td_string!(l, controlling.target_short, target = show_opt_amount(target, l)).to_string()}</span>
        </td>
    }
}

fn totals_cells(revenue: &Totals, margin: &Totals, l: Locale) -> impl IntoView {
    view! {
        {figure_cell(revenue.actual, revenue.target, (), l)}
        <td class="num variance">{variance_cell(revenue.variance, l)}</td>
        {figure_cell(margin.actual, margin.target, (), l)}
        <td class="num variance">{variance_cell(margin.variance, l)}</td>
    }
}

/// A sortable column heading: a tap sorts by it, a second tap reverses.
#[component]
fn SortHead(
    by: SortBy,
    sort: RwSignal<(SortBy, bool)>,
    words: fn(Locale) -> &'static str,
    #[prop(optional)] num: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = move || match sort.get() {
        (b, false) if b == by => "ascending",
        (b, true) if b == by => "descending",
        _ => "none",
    };
    view! {
        <th class:num=num aria-sort=state>
            <button type="button" class="sort" data-testid=format!("sort-{by:?}")
                on:click=move |_| sort.update(|s| *s = if s.0 == by { (by, !s.1) } else { (by, !matches!(by, SortBy::Name)) })>
                {move || words(i18n.get_locale())}
                <span aria-hidden="true">{move || match state() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
            </button>
        </th>
    }
}

/// A group's heading row with its sums (when grouped) and its rows, keyed by account.
#[component]
fn GroupRows(
    key: GroupKey,
    ids: Vec<String>,
    data: Memo<Option<Cockpit>>,
    grouped: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let head_key = key.clone();
    let head = move || {
        grouped().then(|| {
            data.with(|d| {
                let c = d.as_ref()?;
                let grouping = match &head_key {
                    GroupKey::All => Grouping::None,
                    GroupKey::Manager(_) => Grouping::Manager,
                    GroupKey::Region(_) => Grouping::Region,
                    GroupKey::Quadrant(_) => Grouping::Quadrant,
                    GroupKey::Abc(_) => Grouping::Abc,
                };
                let g = c.groups(grouping).into_iter().find(|g| g.key == head_key)?;
                let l = i18n.get_locale();
                Some(view! {
                    <tr class="group-row" data-testid="cockpit-group">
                        <th scope="rowgroup">{group_name(&g.key, l)}<span class="count">{format!(" ({})", g.rows.len())}</span></th>
                        {totals_cells(&g.revenue, &g.margin, l)}
                        <td></td>
                    </tr>
                })
            })
        })
    };
    let rows = ids.clone();
    view! {
        <tbody>
            {head}
            <For each=move || rows.clone() key=|id| id.clone() let:id>
                <AccountRow id=id data=data />
            </For>
        </tbody>
    }
}

/// One key account: re-renders only when its own row of the cockpit changes.
#[component]
fn AccountRow(id: String, data: Memo<Option<Cockpit>>) -> impl IntoView {
    let i18n = use_i18n();
    let row: Memo<Option<CockpitRow>> = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref()
                .and_then(|c| c.rows.iter().find(|r| r.key_account_id == id).cloned())
        })
    });
    move || {
        row.with(|r| {
            r.as_ref().map(|r| {
                let l = i18n.get_locale();
                let period = data.with(|d| d.as_ref().map(|c| c.period));
                let partial = |a: kam_domain::controlling::Amount| {
                    period.is_some_and(|p| a.partial(p)).then(|| view! {
                        <span class="partial" title=td_string!(l, controlling.partial_title)>"*"</span>
                    })
                };
                let detail = [
                    super::responsible(r.manager_id.as_deref(), l),
                    if r.region.is_empty() { String::new() } else { r.region.clone() },
                    r.abc.map(|a| format!("ABC {a:?}")).unwrap_or_default(),
                    r.quadrant.map(|q| q.words(l).to_string()).unwrap_or_default(),
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
                view! {
                    <tr data-testid="cockpit-row">
                        <td class="name">
                            <A href=format!("/key-accounts/{}", r.key_account_id) attr:data-testid="cockpit-open">{format!("{}. {}", r.place, r.name)}</A>
                            <span class="detail">{detail}</span>
                        </td>
                        {figure_cell(r.revenue.actual.cents, r.revenue.target.cents, (partial(r.revenue.actual), partial(r.revenue.target)), l)}
                        <td class="num variance" data-testid="cockpit-variance">{variance_cell(r.revenue.variance, l)}</td>
                        {figure_cell(r.margin.actual.cents, r.margin.target.cents, (partial(r.margin.actual), partial(r.margin.target)), l)}
                        <td class="num variance">{variance_cell(r.margin.variance, l)}</td>
                        <td class="num">{r.growth_percent.map(|g| signed_percent(g, l)).unwrap_or_else(|| "–".into())}</td>
                    </tr>
                }
            })
        })
    }
}

/// Revenue % of target per account as bars around the 100 % line (green above, amber
/// and red below), for a controller who would rather look than read. SVG, so it prints.
#[component]
fn VarianceChart(data: Memo<Option<Cockpit>>, order: Memo<Vec<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        data.with(|d| {
            let c = d.as_ref()?;
            let bars: Vec<(String, f64, Light)> = order.with(|o| {
                o.iter()
                    .filter_map(|&i| {
                        let r = &c.rows[i];
                        r.revenue
                            .variance
                            .map(|v| (r.name.clone(), v.percent_of_target, v.light))
                    })
                    .collect()
            });
            if bars.is_empty() {
                return None;
            }
            let l = i18n.get_locale();
            let (label_w, w, row_h) = (190.0, 620.0, 22.0);
            let h = bars.len() as f64 * row_h + 24.0;
            let mid = label_w + (w - label_w) / 2.0;
            // ±50 % of target fills half the width; beyond is clipped.
            let scale = (w - label_w) / 2.0 / 50.0;
            Some(view! {
                <figure class="variance-chart">
                    <svg viewBox=format!("0 0 {w} {h}") role="img" data-testid="variance-chart"
                        aria-label=td_string!(l, controlling.chart_label)>
                        {bars.into_iter().enumerate().map(|(i, (name, pct, light))| {
                            let y = 4.0 + i as f64 * row_h;
                            let d = (pct - 100.0).clamp(-50.0, 50.0) * scale;
                            let (x, width) = if d >= 0.0 { (mid, d) } else { (mid + d, -d) };
                            let class = match light { Light::Green => "bar green", Light::Amber => "bar amber", Light::Red => "bar red" };
                            let short: String = name.chars().take(26).collect();
                            let (value_x, anchor) = if d >= 0.0 { (mid + d + 4.0, "start") } else { (mid + d - 4.0, "end") };
                            view! {
                                <text class="tick" x=label_w - 8.0 y=y + 14.0 text-anchor="end">{short}</text>
                                <rect class=class x=x y=y + 3.0 width=width.max(1.0) height=row_h - 8.0 />
                                <text class="tick value" x=value_x y=y + 14.0 text-anchor=anchor>{show_percent(pct, l)}</text>
                            }
                        }).collect_view()}
                        <line class="grid" x1=mid x2=mid y1="0" y2=h - 18.0 />
                        <text class="tick" x=mid y=h - 4.0 text-anchor="middle">"100 %"</text>
                    </svg>
                    <figcaption class="hint">{td_string!(l, controlling.chart_caption)}</figcaption>
                </figure>
            })
        })
    }
}

/// The cockpit as CSV in the chosen number format, as sorted and grouped on screen.
#[component]
fn Export(
    data: Memo<Option<Cockpit>>,
    order: Memo<Vec<usize>>,
    grouping: RwSignal<Grouping>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let format = RwSignal::new(NumberFormat::Swiss);
    let saved = Feedback::new();
    let export = move |_| {
        let l = i18n.get_locale();
        let Some(c) = data.get_untracked() else {
            return;
        };
        let person = |id: Option<&str>| person_name(id);
        let light = |x: Option<Light>| x.map(|x| Some(x).words(l).to_string()).unwrap_or_default();
        let quadrant = |q: Option<Quadrant>| q.map(|q| q.words(l).to_string()).unwrap_or_default();
        let abc = |a: Option<AbcClass>| a.map(|a| format!("{a:?}")).unwrap_or_default();
        let name = |k: &GroupKey| group_name(k, l);
        let words = CsvWords {
            header: [
                "#",
                td_string!(l, accounts.account),
                td_string!(l, people.responsible),
                td_string!(l, customers.region),
                td_string!(l, controlling.quadrant),
                td_string!(l, customers.abc_class),
                td_string!(l, accounts.revenue_target),
                td_string!(l, accounts.revenue_actual),
                td_string!(l, accounts.variance),
                td_string!(l, controlling.percent_of_target),
                td_string!(l, controlling.light),
                td_string!(l, accounts.margin_target),
                td_string!(l, accounts.margin_actual),
                td_string!(l, controlling.margin_variance),
                td_string!(l, controlling.margin_percent),
                td_string!(l, controlling.last_year),
                td_string!(l, controlling.growth),
            ],
            group: td_string!(l, controlling.group),
            total: td_string!(l, controlling.total),
            person: &person,
            light: &light,
            quadrant: &quadrant,
            abc: &abc,
            group_name: &name,
        };
        let csv = cockpit_csv(
            &c,
            grouping.get_untracked(),
            &order.get_untracked(),
            &words,
            format.get_untracked(),
        );
        let stem = files::file_stem(&store.read_parts(&[Part::Root], |w| w.name.clone()));
        saved.report(files::download(
            &format!("{stem}-cockpit-{}.csv", c.period.id()),
            "text/csv;charset=utf-8",
            csv.as_bytes(),
        ));
    };
    view! {
        <div class="button-row export no-print">
            <label class="field">
                <span class="field-label">{crate::tr(|l| td_string!(l, customers.export_numbers))}</span>
                <select data-testid="cockpit-format" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(f) = NumberFormat::ALL.into_iter().find(|f| format!("{f:?}") == v) {
                        format.set(f);
                    }
                }>
                    {NumberFormat::ALL.into_iter().map(|f| view! {
                        <option value=format!("{f:?}") selected=move || format.get() == f>{move || f.words(i18n.get_locale())}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="button" data-testid="cockpit-csv" on:click=export>{crate::tr(|l| td_string!(l, controlling.export_csv))}</button>
        </div>
        {saved.view()}
    }
}
