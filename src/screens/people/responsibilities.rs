//! Who looks after which definitive key account: responsible manager, deputy or
//! assistant, the managing director's own accounts; workload against capacity and the
//! warnings (no one responsible, over capacity, no completed training).

use kam_domain::{
    command::ListRef,
    people::{Warning, definitive_accounts, warnings, workload},
    versions::FieldAt,
};
use leptos::prelude::*;

use super::person_name;
use crate::{
    i18n::*,
    screens::kit::{DataTable, col, num},
    screens::{
        field::{EditField, FieldKind, check, opt_line},
        kit::CardHead,
        ui::{people_options, read},
    },
    store::{Part, use_store},
};

fn warning_text(w: &Warning, l: Locale) -> String {
    match w {
        Warning::NoManager { key_account_id } => {
            let name = read(|ws| {
                ws.key_accounts
                    .iter()
                    .find(|k| k.id == *key_account_id)
                    .and_then(|k| ws.customer_of(k))
                    .map(|c| c.name.clone())
            })
            .unwrap_or_default();
            td_string!(l, people.warn_no_manager, account = name).to_string()
        }
        Warning::OverCapacity {
            person_id,
            load,
            capacity,
        } => {
            let name = person_name(Some(person_id));
            td_string!(
                l,
                people.warn_over_capacity,
                name = name,
                count = *load as u64,
                capacity = capacity
            )
            .to_string()
        }
        Warning::NoTraining { person_id } => {
            let name = person_name(Some(person_id));
            td_string!(l, people.warn_no_training, name = name).to_string()
        }
        Warning::BelowProfile {
            person_id,
            percent,
            gaps,
        } => {
            let name = person_name(Some(person_id));
            td_string!(
                l,
                people.warn_below_profile,
                name = name,
                percent = *percent,
                count = *gaps as u64
            )
            .to_string()
        }
    }
}

#[component]
pub fn ResponsibilitiesPart() -> impl IntoView {
    let i18n = use_i18n();
    let found = Memo::new(move |_| read(warnings));
    let accounts = Memo::new(move |_| {
        read(|w| {
            definitive_accounts(w)
                .into_iter()
                .map(|(k, _)| k.id.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card warnings-card" data-testid="people-warnings" aria-live="polite">
            <CardHead title=|l| td_string!(l, people.warnings) />
            <Show when=move || !found.with(Vec::is_empty)
                fallback=move || view! { <p class="success" data-testid="no-warnings">{crate::tr(|l| td_string!(l, people.all_good))}</p> }>
                <ul class="warning-list">
                    {move || {
                        let l = i18n.get_locale();
                        found.get().iter().map(|w| {
                            let kind = match w {
                                Warning::NoManager { .. } => "no-manager",
                                Warning::OverCapacity { .. } => "over-capacity",
                                Warning::NoTraining { .. } => "no-training",
                                Warning::BelowProfile { .. } => "below-profile",
                            };
                            view! { <li class=format!("warning {kind}") data-testid=format!("warning-{kind}")>{warning_text(w, l)}</li> }
                        }).collect_view()
                    }}
                </ul>
            </Show>
        </div>
        <div class="card assignments" data-testid="assignments">
            <CardHead title=|l| td_string!(l, people.assignments) hint=|l| td_string!(l, people.assignments_lead) print=false />
            <Show when=move || !accounts.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, people.no_accounts))}</p> }>
                <DataTable cols=vec![col(|l| td_string!(l, people.account)), col(|l| td_string!(l, people.responsible)), col(|l| td_string!(l, people.deputy)), col(|l| td_string!(l, people.md_account))] label=|l| td_string!(l, people.assignments) class="assignment-table stack">
                    <For each=move || accounts.get() key=|id| id.clone() let:id>
                        <AssignmentRow id=id />
                    </For>
                </DataTable>
            </Show>
        </div>
        <Matrix />
        <Workload />
    }
}

/// What a row shows: customer name, responsible, deputy, managing director's account.
type Assigned = (String, Option<String>, Option<String>, bool);

#[component]
fn AssignmentRow(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let account = {
        let id = id.clone();
        Memo::new(move |_| {
            store.read_parts(
                &[
                    Part::Item("key_accounts", id.clone()),
                    Part::Items("customers"),
                ],
                |w| {
                    let k = w.key_account(&id)?;
                    let name = w
                        .customers
                        .iter()
                        .find(|c| c.id == k.customer_id)
                        .map(|c| c.name.clone())?;
                    Some((
                        name,
                        k.manager_id.clone(),
                        k.deputy_id.clone(),
                        k.managing_director_account,
                    ))
                },
            )
        })
    };
    let name = move || account.with(|a| a.as_ref().map(|a| a.0.clone()).unwrap_or_default());
    let of = move |f: fn(&Assigned) -> String| {
        Signal::derive(move || account.with(|a| a.as_ref().map(f).unwrap_or_default()))
    };
    let label = move |f: fn(Locale) -> &'static str| {
        Signal::derive(move || format!("{} – {}", name(), f(i18n.get_locale())))
    };
    let at = FieldAt::item(ListRef::KeyAccounts, id.clone());
    let part = Part::Item("key_accounts", id.clone());
    view! {
        <tr data-testid="assignment">
            <td class="name">{name}</td>
            <td data-label=label(|l| td_string!(l, people.responsible))><EditField label=label(|l| td_string!(l, people.responsible)) quiet_label=true at=at.clone() field="manager_id"
                part=part.clone() kind=FieldKind::Choice(people_options()) stored=of(|a| a.1.clone().unwrap_or_default())
                test_id="assign-manager_id" to_value=opt_line /></td>
            <td data-label=label(|l| td_string!(l, people.deputy))><EditField label=label(|l| td_string!(l, people.deputy)) quiet_label=true at=at.clone() field="deputy_id"
                part=part.clone() kind=FieldKind::Choice(people_options()) stored=of(|a| a.2.clone().unwrap_or_default())
                test_id="assign-deputy_id" to_value=opt_line /></td>
            <td data-label=label(|l| td_string!(l, people.md_account))><EditField label=label(|l| td_string!(l, people.md_account)) quiet_label=true at=at field="managing_director_account"
                part=part kind=FieldKind::Check stored=of(|a| a.3.to_string()) test_id="assign-md" to_value=check /></td>
        </tr>
    }
}

/// Accounts per person against capacity.
#[component]
fn Workload() -> impl IntoView {
    let loads = Memo::new(move |_| {
        read(|w| {
            workload(w)
                .into_iter()
                .map(|l| {
                    let name = w
                        .people
                        .iter()
                        .find(|p| p.id == l.person_id)
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    let trained = w
                        .people
                        .iter()
                        .find(|p| p.id == l.person_id)
                        .is_some_and(kam_domain::people::trained);
                    (
                        name,
                        l.responsible,
                        l.deputy,
                        l.managing_director,
                        l.capacity,
                        l.over_capacity(),
                        trained,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card workload" data-testid="workload">
            <h2>{crate::tr(|l| td_string!(l, people.workload))}</h2>
            <DataTable cols=vec![col(|l| td_string!(l, people.person)), num(|l| td_string!(l, people.responsible)), num(|l| td_string!(l, people.deputy)), num(|l| td_string!(l, people.md_short)), num(|l| td_string!(l, people.capacity)), col(|l| td_string!(l, people.trained))] label=|l| td_string!(l, people.workload) class="stack">
                {move || loads.get().into_iter().map(|(name, responsible, deputy, md, capacity, over, trained)| view! {
                    <tr class:over=over data-testid="load-row">
                        <td class="name">{name}</td>
                        <td class="num" data-label=crate::screens::ui::label(|l| td_string!(l, people.responsible))>{responsible}{over.then_some(" ⚠")}</td>
                        <td class="num" data-label=crate::screens::ui::label(|l| td_string!(l, people.deputy))>{deputy}</td>
                        <td class="num" data-label=crate::screens::ui::label(|l| td_string!(l, people.md_short))>{md}</td>
                        <td class="num" data-label=crate::screens::ui::label(|l| td_string!(l, people.capacity))>{capacity}</td>
                        <td data-label=crate::screens::ui::label(|l| td_string!(l, people.trained))>{if trained { "✓" } else { "–" }}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </div>
    }
}

/// People × key accounts at a glance: who is responsible (V), deputy or assistant (S),
/// and which accounts the managing director looks after (GF).
#[component]
fn Matrix() -> impl IntoView {
    let i18n = use_i18n();
    let grid = Memo::new(move |_| {
        read(|w| {
            let people: Vec<(String, String)> = w
                .people
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect();
            let rows: Vec<(String, Vec<u8>, bool)> = definitive_accounts(w)
                .into_iter()
                .map(|(k, c)| {
                    let cells = people
                        .iter()
                        .map(|(pid, _)| {
                            if k.manager_id.as_deref() == Some(pid.as_str()) {
                                1
                            } else if k.deputy_id.as_deref() == Some(pid.as_str()) {
                                2
                            } else {
                                0
                            }
                        })
                        .collect();
                    (c.name.clone(), cells, k.managing_director_account)
                })
                .collect();
            (people, rows)
        })
    });
    view! {
        <Show when=move || grid.with(|(p, r)| !p.is_empty() && !r.is_empty())>
            <div class="card matrix-card" data-testid="people-matrix">
                <CardHead title=|l| td_string!(l, people.matrix) hint=|l| td_string!(l, people.matrix_legend) print=false />
                <div class="table-wrap" tabindex="0" role="region" aria-label=move || td_string!(i18n.get_locale(), people.matrix)>
                    <table class="data people-matrix">
                        <thead><tr>
                            <th>{crate::tr(|l| td_string!(l, people.account))}</th>
                            {move || grid.with(|(people, _)| people.iter().map(|(_, name)| view! { <th class="center">{name.clone()}</th> }).collect_view())}
                        </tr></thead>
                        <tbody>
                            {move || {
                                let l = i18n.get_locale();
                                grid.with(|(_, rows)| rows.iter().map(|(name, cells, md)| view! {
                                    <tr data-testid="matrix-row" class:unassigned=!cells.contains(&1)>
                                        <th scope="row">{name.clone()}</th>
                                        {cells.iter().map(|c| {
                                            let mark = match c {
                                                1 if *md => td_string!(l, people.mark_md),
                                                1 => td_string!(l, people.mark_responsible),
                                                2 => td_string!(l, people.mark_deputy),
                                                _ => "",
                                            };
                                            view! { <td class=format!("center mark-{c}")>{mark}</td> }
                                        }).collect_view()}
                                    </tr>
                                }).collect_view())
                            }}
                        </tbody>
                    </table>
                </div>
            </div>
        </Show>
    }
}
