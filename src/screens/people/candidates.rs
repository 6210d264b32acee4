//! Candidates assessed against the profile: a fit score with the gaps named and a
//! side-by-side comparison. A new assessment of the same person replaces the older one
//! in the ranking (both are kept).

use kam_domain::{
    command::{Command, Item, ListRef},
    model::{Assessment, Level, Text},
    people::{FitBand, Gap, fit, latest_assessments, ranking, requirements_in_order},
};
use leptos::prelude::*;

use crate::screens::kit::DateInput;

use crate::{
    i18n::*,
    screens::kit::{CardHead, DataTable, col, num, unseen},
    screens::ui::{Feedback, new_id, people_choices, read, show_date, today},
    store::current_author,
};

/// The look of a fit's band (`people::band`).
fn fit_class(pct: f64) -> &'static str {
    match kam_domain::people::band(pct) {
        FitBand::Good => "fit good",
        FitBand::Fair => "fit fair",
        FitBand::Weak => "fit weak",
    }
}

fn percent(v: f64) -> String {
    format!("{v:.0} %")
}

/// A gap in words: "Verhandlungsgeschick 2 von 4" or "… nicht beurteilt".
fn gap_text(g: &Gap, l: Locale) -> String {
    let name = read(|w| {
        w.requirements
            .iter()
            .find(|r| r.id == g.requirement_id)
            .map(|r| r.name.clone())
    })
    .unwrap_or_default();
    match g.level {
        Some(level) => td_string!(
            l,
            people.gap,
            name = name,
            level = level,
            required = g.required
        )
        .to_string(),
        None => td_string!(l, people.gap_unassessed, name = name).to_string(),
    }
}

#[component]
pub fn CandidatesPart() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        read(|w| {
            ranking(w)
                .into_iter()
                .map(|(p, a, f)| {
                    (
                        p.id.clone(),
                        p.name.clone(),
                        a.id.clone(),
                        a.date.clone(),
                        a.assessed_by.clone(),
                        f.percent,
                        f.gaps,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let compared: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    view! {
        <div class="card candidates" data-testid="candidates">
            <CardHead title=|l| td_string!(l, people.candidates_heading) hint=|l| td_string!(l, people.candidates_lead) />
            <Show when=move || !rows.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, people.no_candidates))}</p> }>
                <DataTable cols=vec![unseen(|l| td_string!(l, people.compare)), col(|l| td_string!(l, people.person)), num(|l| td_string!(l, people.fit)), col(|l| td_string!(l, people.gaps)), col(|l| td_string!(l, people.assessed))] class="ranking" test_id="ranking">
                    {move || {
                        let l = i18n.get_locale();
                        rows.get().into_iter().map(|(pid, name, _, date, by, pct, gaps)| {
                            let checked_id = pid.clone();
                            let toggle_id = pid.clone();
                            let label = td_string!(l, people.compare_person, name = name.clone()).to_string();
                            view! {
                                <tr data-testid="candidate-row">
                                    <td>
                                        <label class="check">
                                            <input type="checkbox" aria-label=label data-testid="compare-check"
                                                prop:checked=move || compared.with(|c| c.contains(&checked_id))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    compared.update(|c| {
                                                        c.retain(|x| *x != toggle_id);
                                                        if on { c.push(toggle_id.clone()) }
                                                    });
                                                } />
                                        </label>
                                    </td>
                                    <td class="name">{name}</td>
                                    <td class="num"><span class=fit_class(pct)>{percent(pct)}</span></td>
                                    <td>{if gaps.is_empty() { td_string!(l, people.no_gaps).to_string() } else { gaps.iter().map(|g| gap_text(g, l)).collect::<Vec<_>>().join("; ") }}</td>
                                    <td>{format!("{} · {}", show_date(&date, l), by)}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </DataTable>
                <Comparison compared=compared />
            </Show>
        </div>
        <NewAssessment />
    }
}

/// Chosen candidates side by side: level per requirement against the required level.
#[component]
fn Comparison(compared: RwSignal<Vec<String>>) -> impl IntoView {
    let table = Memo::new(move |_| {
        let chosen = compared.get();
        read(|w| {
            let reqs = requirements_in_order(w);
            let latest = latest_assessments(w);
            let people: Vec<(String, Option<Assessment>)> = chosen
                .iter()
                .filter_map(|id| w.person(id))
                .map(|p| {
                    (
                        p.name.clone(),
                        latest.get(p.id.as_str()).map(|a| (*a).clone()),
                    )
                })
                .collect();
            let lines: Vec<(String, u8, Vec<Option<u8>>)> = reqs
                .iter()
                .map(|r| {
                    let levels = people
                        .iter()
                        .map(|(_, a)| {
                            a.as_ref().and_then(|a| {
                                a.levels.iter().find(|l| l.id == r.id).map(|l| l.level)
                            })
                        })
                        .collect();
                    (r.name.clone(), r.required_level, levels)
                })
                .collect();
            let fits: Vec<f64> = people
                .iter()
                .map(|(_, a)| a.as_ref().map_or(0.0, |a| fit(&reqs, a).percent))
                .collect();
            (
                people.into_iter().map(|(n, _)| n).collect::<Vec<_>>(),
                lines,
                fits,
            )
        })
    });
    view! {
        <h3>{crate::tr(|l| td_string!(l, people.comparison))}</h3>
        <Show when=move || table.with(|(names, _, _)| names.len() >= 2)
            fallback=move || view! { <p class="hint">{crate::tr(|l| td_string!(l, people.compare_hint))}</p> }>
            <div class="table-wrap">
                <table class="data comparison" data-testid="comparison">
                    <thead><tr>
                        <th>{crate::tr(|l| td_string!(l, people.requirement))}</th>
                        <th class="num">{crate::tr(|l| td_string!(l, people.required_level))}</th>
                        {move || table.with(|(names, _, _)| names.iter().map(|n| view! { <th class="num">{n.clone()}</th> }).collect_view())}
                    </tr></thead>
                    <tbody>
                        {move || table.with(|(_, lines, _)| lines.iter().map(|(name, required, levels)| {
                            let required = *required;
                            view! {
                                <tr>
                                    <td>{name.clone()}</td>
                                    <td class="num">{required}</td>
                                    {levels.iter().map(|l| view! {
                                        <td class=match l { Some(v) if *v >= required => "num met", _ => "num short" }>
                                            {l.map_or("–".to_string(), |v| v.to_string())}
                                        </td>
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view())}
                        <tr class="total">
                            <th colspan="2">{crate::tr(|l| td_string!(l, people.fit))}</th>
                            {move || table.with(|(_, _, fits)| fits.iter().map(|f| view! { <td class="num">{percent(*f)}</td> }).collect_view())}
                        </tr>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// A new assessment: who, by whom, when, a level per requirement, notes.
#[component]
fn NewAssessment() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let people = people_choices();
    let person = RwSignal::new(String::new());
    let date = RwSignal::new(today().to_string());
    let by = RwSignal::new(current_author().as_str().to_string());
    let notes = RwSignal::new(String::new());
    let levels: RwSignal<Vec<(String, u8)>> = RwSignal::new(Vec::new());
    let reqs = Memo::new(move |_| {
        read(|w| {
            requirements_in_order(w)
                .into_iter()
                .map(|r| (r.id.clone(), r.name.clone(), r.required_level))
                .collect::<Vec<_>>()
        })
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let assessment = Assessment {
            id: new_id(),
            person_id: person.get_untracked(),
            assessed_by: by.get_untracked().trim().to_string(),
            date: date.get_untracked(),
            levels: levels
                .get_untracked()
                .into_iter()
                .map(|(id, level)| Level { id, level })
                .collect(),
            notes: Text::with_value(notes.get_untracked()),
        };
        if feedback.send(Command::Insert {
            list: ListRef::Assessments,
            item: Item::Assessment(assessment),
        }) {
            levels.set(Vec::new());
            notes.set(String::new());
            person.set(String::new());
        }
    };
    view! {
        <form class="card new-assessment" data-testid="new-assessment" on:submit=save>
            <h2>{crate::tr(|l| td_string!(l, people.assess_heading))}</h2>
            <Show when=move || !reqs.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, people.profile_first))}</p> }>
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">{crate::tr(|l| td_string!(l, people.person))}</span>
                        <select data-testid="assess-person" on:change=move |ev| person.set(event_target_value(&ev))>
                            <option value="" selected=move || person.get().is_empty()>{crate::tr(|l| td_string!(l, people.choose_person))}</option>
                            {move || people.get().into_iter().map(|(id, name)| {
                                let chosen = id.clone();
                                view! { <option value=id selected=move || person.get() == chosen>{name}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field-label">{crate::tr(|l| td_string!(l, people.assessed_on))}</span>
                        <DateInput test_id="assess-date" value=date on_input=move |v| date.set(v) />
                    </label>
                    <label class="field">
                        <span class="field-label">{crate::tr(|l| td_string!(l, people.assessed_by))}</span>
                        <input type="text" data-testid="assess-by" prop:value=by on:input=move |ev| by.set(event_target_value(&ev)) />
                    </label>
                </div>
                <div class="level-grid" data-testid="assess-levels">
                    {move || reqs.get().into_iter().map(|(rid, name, required)| {
                        let (get_id, set_id) = (rid.clone(), rid.clone());
                        view! {
                            <label class="field">
                                <span class="field-label">{format!("{name} ({} {required})", td_string!(i18n.get_locale(), people.needs))}</span>
                                <select data-testid="assess-level" on:change=move |ev| {
                                    let v = event_target_value(&ev).parse::<u8>().ok();
                                    levels.update(|ls| {
                                        ls.retain(|(id, _)| *id != set_id);
                                        if let Some(v) = v { ls.push((set_id.clone(), v)) }
                                    });
                                }>
                                    <option value="" selected=move || levels.with(|ls| !ls.iter().any(|(id, _)| *id == get_id))>{crate::tr(|l| td_string!(l, people.not_assessed))}</option>
                                    {(1..=5u8).map(|v| view! { <option value=v.to_string()>{v}</option> }).collect_view()}
                                </select>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <label class="field">
                    <span class="field-label">{crate::tr(|l| td_string!(l, people.notes))}</span>
                    <textarea rows="2" data-testid="assess-notes" prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev)) />
                </label>
                <div class="button-row">
                    <button type="submit" class="primary" data-testid="save-assessment">{crate::tr(|l| td_string!(l, people.save_assessment))}</button>
                </div>
            </Show>
            {feedback.view()}
        </form>
    }
}
