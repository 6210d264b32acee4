//! The customer portfolio: customer attractiveness against our own position, each a
//! weighted score of chosen figures and 1–5 judgements; dated snapshots compared side by
//! side.

use crate::screens::words::Words;
use kam_domain::{
    command::{Command, EntityKind, Item, ListRef},
    model::{Axis, PortfolioFactor, PortfolioSnapshot},
    rank::after_last,
    selection::{FACTOR_SOURCES, Movement, Quadrant, compare, portfolio, quadrant, snapshot},
    versions::FieldAt,
};
use leptos::prelude::*;

use super::{figure_label, ratings::RatingGrid};
use crate::{
    i18n::*,
    screens::field::{EditField, FieldKind},
    screens::kit::{AddForm, CardHead, DataTable, RowActions, col, insert, row_item, text_of},
    screens::ui::{
        Feedback, RemoveButton, label, new_id, read, show, show_date, today, whole_number,
    },
    store::Part,
};

/// A point of the matrix: name, attractiveness, position, revenue.
#[derive(Clone, PartialEq)]
pub struct Dot {
    pub name: String,
    pub attractiveness: f64,
    pub position: f64,
    pub revenue: Option<i64>,
}

#[component]
pub fn PortfolioPart() -> impl IntoView {
    let i18n = use_i18n();
    let rated = Signal::derive(move || {
        read(|w| {
            w.portfolio_factors
                .iter()
                .filter(|f| f.source == "rated")
                .map(|f| (f.id.clone(), f.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let current = Memo::new(move |_| {
        read(|w| {
            let p = portfolio(w);
            let dots: Vec<Dot> = p
                .placements
                .iter()
                .filter_map(|pl| {
                    w.customers
                        .iter()
                        .find(|c| c.id == pl.customer_id)
                        .map(|c| Dot {
                            name: c.name.clone(),
                            attractiveness: pl.attractiveness,
                            position: pl.position,
                            revenue: pl.revenue,
                        })
                })
                .collect();
            (dots, p.incomplete.len())
        })
    });
    view! {
        <div class="card portfolio" data-testid="portfolio">
            <CardHead title=|l| td_string!(l, portfolio.heading) hint=|l| td_string!(l, portfolio.lead) />
            <div class="portfolio-layout">
                <div class="matrix-wrap">
                    {move || current.with(|(dots, _)| view! { <Matrix dots=dots.clone() test_id="matrix" /> })}
                    {move || current.with(|(dots, incomplete)| view! {
                        <p class="hint">{td_string!(i18n.get_locale(), portfolio.placed, count = dots.len() as u64, missing = *incomplete).to_string()}</p>
                    })}
                </div>
                <div class="no-print factor-columns">
                    <Factors axis=Axis::Attractiveness />
                    <Factors axis=Axis::Position />
                </div>
            </div>
            <Show when=move || !rated.with(Vec::is_empty)>
                <div class="no-print">
                    <h3>{crate::tr(|l| td_string!(l, portfolio.ratings))}</h3>
                    <RatingGrid columns=rated test_id="portfolio-ratings" />
                </div>
            </Show>
        </div>
        <Snapshots />
    }
}

/// The factors of one axis: what counts, with which weight.
#[component]
fn Factors(axis: Axis) -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| {
        read(|w| {
            kam_domain::rank::sorted(w.portfolio_factors.iter().filter(|f| f.axis == axis))
                .into_iter()
                .map(|f| f.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let name = RwSignal::new(String::new());
    let source = RwSignal::new(
        if axis == Axis::Attractiveness {
            "revenue"
        } else {
            "rated"
        }
        .to_string(),
    );
    let add = move |()| {
        let src = source.get_untracked();
        let typed = name.get_untracked().trim().to_string();
        let name_text = if typed.is_empty() && src != "rated" {
            figure_label(&src, i18n.get_locale_untracked()).to_string()
        } else {
            typed
        };
        let factor = PortfolioFactor {
            id: new_id(),
            rank: after_last(read(|w| {
                w.portfolio_factors
                    .iter()
                    .map(|f| f.rank)
                    .collect::<Vec<_>>()
            })),
            axis,
            name: name_text,
            source: src,
            weight: 1,
        };
        insert(ListRef::PortfolioFactors, Item::PortfolioFactor(factor))
    };
    let (slug, submit_id) = match axis {
        Axis::Attractiveness => ("attractiveness", "add-factor-attractiveness"),
        Axis::Position => ("position", "add-factor-position"),
    };
    view! {
        <div class="factors" data-testid=format!("factors-{slug}")>
            <h3>{move || axis.words(i18n.get_locale())}</h3>
            <p class="hint">{move || match axis {
                Axis::Attractiveness => td_string!(i18n.get_locale(), portfolio.attractiveness_hint),
                Axis::Position => td_string!(i18n.get_locale(), portfolio.position_hint),
            }}</p>
            <ul class="item-list">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <FactorRow id=id />
                </For>
            </ul>
            <AddForm test_id="add-factor" submit_id=submit_id button=|l| td_string!(l, rollout.add) clear=vec![name] on_add=add>
                <label class="field">
                    <span class="field-label">{crate::tr(|l| td_string!(l, portfolio.source))}</span>
                    <select data-testid=format!("new-factor-source-{slug}") on:change=move |ev| source.set(event_target_value(&ev))>
                        {FACTOR_SOURCES.into_iter().map(|s| view! {
                            <option value=s selected=move || source.get() == s>{move || source_label(s, i18n.get_locale())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field grow">
                    <span class="field-label">{crate::tr(|l| td_string!(l, portfolio.factor_name))}</span>
                    <input type="text" data-testid=format!("new-factor-name-{slug}") prop:value=name
                        placeholder=move || if source.get() == "rated" { td_string!(i18n.get_locale(), portfolio.rated_example) } else { "" }
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
            </AddForm>
        </div>
    }
}

fn source_label(source: &str, l: Locale) -> String {
    if source == "rated" {
        td_string!(l, portfolio.source_rated).to_string()
    } else {
        figure_label(source, l).to_string()
    }
}

/// One factor of an axis: its name and source, a weight, order and remove.
#[component]
fn FactorRow(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let factor = row_item(&id, vec![Part::Items("portfolio_factors")], |w, id| {
        w.portfolio_factors.iter().find(|f| f.id == id).cloned()
    });
    let name = text_of(factor, |f| f.name.clone());
    view! {
        <li class="item factor" data-testid="factor">
            <div class="item-line">
                <span class="grow">
                    <strong>{name}</strong>
                    <span class="hint">{move || factor.with(|f| f.as_ref().map(|f| {
                        let source = source_label(&f.source, i18n.get_locale());
                        if source == f.name { String::new() } else { format!(" ({source})") }
                    }).unwrap_or_default())}</span>
                </span>
                <EditField label=label(|l| td_string!(l, criteria.weight)) at=FieldAt::item(ListRef::PortfolioFactors, id.clone())
                    field="weight" part=Part::Items("portfolio_factors") kind=FieldKind::Number
                    stored=text_of(factor, |f| f.weight.to_string()) test_id="factor-weight"
                    to_value=whole_number(EntityKind::PortfolioFactor, "weight") />
                <RowActions list=ListRef::PortfolioFactors id=id feedback=feedback move_label=name />
            </div>
            {feedback.view()}
        </li>
    }
}

/// The matrix: our position (x) against customer attractiveness (y), 0–100 each, with
/// the four named quadrants; the bigger the revenue, the bigger the point.
#[component]
pub fn Matrix(dots: Vec<Dot>, test_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    const S: f64 = 420.0;
    const M: f64 = 34.0;
    let x = |v: f64| M + v / 100.0 * S;
    let y = |v: f64| M + (100.0 - v) / 100.0 * S;
    let max = dots
        .iter()
        .filter_map(|d| d.revenue)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut by_size = dots.clone();
    kam_domain::order::sort_by_key(&mut by_size, |d| std::cmp::Reverse(d.revenue.unwrap_or(0)));
    // Names for the 20 largest, so a tablet stays readable; every point has a tooltip.
    let labelled: Vec<String> = by_size.iter().take(20).map(|d| d.name.clone()).collect();
    let count = dots.len();
    view! {
        <svg class="matrix" viewBox=format!("0 0 {} {}", S + 2.0 * M, S + 2.0 * M) role="img"
            data-testid=test_id data-points=count
            aria-label=move || td_string!(i18n.get_locale(), portfolio.matrix_label).to_string()>
            {move || {
                let l = i18n.get_locale();
                let quadrants = [
                    (Quadrant::Development, 0.0, 100.0),
                    (Quadrant::Star, 50.0, 100.0),
                    (Quadrant::TakeAlong, 0.0, 50.0),
                    (Quadrant::Profit, 50.0, 50.0),
                ];
                view! {
                    {quadrants.into_iter().map(|(q, px, ay)| view! {
                        <rect class=format!("quadrant q-{q:?}") x=x(px) y=y(ay) width=S / 2.0 height=S / 2.0 />
                        <text class="quadrant-label" x=x(px) + 8.0 y=y(ay) + 20.0>{q.words(l)}</text>
                    }).collect_view()}
                    <text class="axis" x=M + S / 2.0 y=S + 2.0 * M - 8.0 text-anchor="middle">{(Axis::Position).words(l)}" →"</text>
                    <text class="axis" transform=format!("translate(14 {}) rotate(-90)", M + S / 2.0) text-anchor="middle">{(Axis::Attractiveness).words(l)}" →"</text>
                }
            }}
            {by_size.into_iter().rev().map(|d| {
                let r = 4.0 + 14.0 * (d.revenue.unwrap_or(0).max(0) as f64 / max).sqrt();
                let (cx, cy) = (x(d.position), y(d.attractiveness));
                let label = labelled.contains(&d.name).then(|| d.name.clone());
                // Labels of points on the right half go to the left, so none leaves the frame.
                let left = d.position > 60.0;
                let q = quadrant(d.attractiveness, d.position);
                view! {
                    <g class=format!("dot q-{q:?}") data-testid="matrix-point">
                        <circle cx=cx cy=cy r=r>
                            <title>{format!("{} ({:.0} / {:.0})", d.name, d.position, d.attractiveness)}</title>
                        </circle>
                        {label.map(|name| view! {
                            <text class="dot-label" x=if left { cx - r - 3.0 } else { cx + r + 3.0 } y=cy + 4.0
                                text-anchor=if left { "end" } else { "start" }>{name}</text>
                        })}
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// Saved pictures of the matrix and who moved where between two of them.
#[component]
fn Snapshots() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let name = RwSignal::new(String::new());
    let list = Memo::new(move |_| {
        read(|w| {
            let mut s = w.portfolio_snapshots.clone();
            // Stable: pictures of one day stay in the order they were taken.
            kam_domain::order::sort_by(&mut s, |a, b| a.date.cmp(&b.date));
            s
        })
    });
    let earlier = RwSignal::new(None::<String>);
    let later = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date = today().to_string();
        let snap = read(|w| {
            Some(snapshot(
                w,
                new_id(),
                date,
                name.get_untracked().trim().to_string(),
            ))
        });
        if let Some(snap) = snap
            && feedback.send(Command::Insert {
                list: ListRef::PortfolioSnapshots,
                item: Item::PortfolioSnapshot(snap),
            })
        {
            name.set(String::new());
        }
    };
    let pick = move |id: Option<String>| {
        list.with(|l| id.and_then(|id| l.iter().find(|s| s.id == id).cloned()))
    };
    // Default comparison: the two newest pictures.
    let chosen = move || {
        list.with(|l| {
            let n = l.len();
            let a = pick(earlier.get()).or_else(|| (n >= 2).then(|| l[n - 2].clone()));
            let b = pick(later.get()).or_else(|| l.last().cloned());
            a.zip(b)
        })
    };
    let title = move |s: &PortfolioSnapshot, l: Locale| {
        if s.name.is_empty() {
            show_date(&s.date, l)
        } else {
            format!("{} – {}", show_date(&s.date, l), s.name)
        }
    };
    view! {
        <div class="card snapshots" data-testid="snapshots">
            <CardHead title=|l| td_string!(l, portfolio.snapshots) hint=|l| td_string!(l, portfolio.snapshots_hint) print=false />
            <form class="inline-form no-print" data-testid="save-snapshot" on:submit=save>
                <label class="field grow">
                    <span class="field-label">{move || td_string!(i18n.get_locale(), portfolio.snapshot_name, date = show(today(), i18n.get_locale())).to_string()}</span>
                    <input type="text" data-testid="snapshot-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <button type="submit" data-testid="save-snapshot-submit">{crate::tr(|l| td_string!(l, portfolio.save_snapshot))}</button>
            </form>
            {feedback.view()}
            <Show when=move || list.with(|l| l.len() >= 2)
                fallback=move || view! { <p class="empty">{move || td_string!(i18n.get_locale(), portfolio.need_two, n = list.with(Vec::len)).to_string()}</p> }>
                <div class="inline-form no-print">
                    {[(earlier, "compare-earlier", 0usize), (later, "compare-later", 1usize)].into_iter().map(|(sig, tid, side)| view! {
                        <label class="field">
                            <span class="field-label">{move || if side == 0 { td_string!(i18n.get_locale(), portfolio.earlier) } else { td_string!(i18n.get_locale(), portfolio.later) }}</span>
                            <select data-testid=tid on:change=move |ev| sig.set(Some(event_target_value(&ev)))>
                                {move || {
                                    let current = chosen().map(|(a, b)| if side == 0 { a.id } else { b.id });
                                    list.get().into_iter().map(|s| {
                                        let selected = current.as_deref() == Some(s.id.as_str());
                                        view! { <option value=s.id.clone() selected=selected>{title(&s, i18n.get_locale())}</option> }
                                    }).collect_view()
                                }}
                            </select>
                        </label>
                    }).collect_view()}
                </div>
                {move || chosen().map(|(a, b)| {
                    let l = i18n.get_locale();
                    let dots = |s: &PortfolioSnapshot| s.points.iter().map(|p| Dot { name: p.name.clone(), attractiveness: p.attractiveness, position: p.position, revenue: p.revenue }).collect::<Vec<_>>();
                    let moves = compare(&a, &b);
                    view! {
                        <div class="side-by-side">
                            <figure><figcaption>{title(&a, l)}</figcaption><Matrix dots=dots(&a) test_id="matrix-earlier" /></figure>
                            <figure><figcaption>{title(&b, l)}</figcaption><Matrix dots=dots(&b) test_id="matrix-later" /></figure>
                        </div>
                        <MovementTable moves=moves />
                    }
                })}
            </Show>
            <ul class="plain-list snapshot-list">
                {move || list.get().into_iter().rev().map(|s| {
                    let id = s.id.clone();
                    view! {
                        <li class="item-line">
                            <span class="grow">{title(&s, i18n.get_locale())}{format!(" · {}", td_string!(i18n.get_locale(), portfolio.points, count = s.points.len() as u64))}</span>
                            <span class="no-print"><RemoveButton on_remove=move |_| {
                                feedback.send(Command::Remove { list: ListRef::PortfolioSnapshots, id: id.clone() });
                            } /></span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn MovementTable(moves: Vec<Movement>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let place = move |p: Option<(f64, f64, Quadrant)>| {
        p.map_or_else(
            || "–".to_string(),
            |(a, pos, q)| format!("{} ({pos:.0} / {a:.0})", q.words(l)),
        )
    };
    view! {
        <DataTable cols=vec![col(|l| td_string!(l, customers.name)), col(|l| td_string!(l, portfolio.before)), col(|l| td_string!(l, portfolio.after))] class="movements" test_id="movements">
            {moves.into_iter().map(|m| {
                let changed = m.changed_quadrant();
                view! {
                    <tr class:moved=changed data-testid=if changed { "moved" } else { "stayed" }>
                        <td>{m.name.clone()}{changed.then_some(" ⇄")}</td>
                        <td>{place(m.before)}</td>
                        <td>{place(m.after)}</td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}
