//! The project charter (Projektauftrag): start and duration, sponsor, measurable goals,
//! and the project team from the executive board.

use kam_domain::{
    command::{Command, EntityKind, Item, ListRef},
    model::{Person, ProgrammeGoal, TeamMember},
    rank::after_last,
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::{
        field::{EditField, FieldKind, check, line, opt_line},
        ui::{
            Feedback, MoveButtons, PrintButton, RemoveButton, label, new_id, people_options, read,
            whole_number,
        },
    },
    store::{Part, use_store},
};

#[component]
pub fn CharterPart() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card charter" data-testid="charter">
            <div class="card-head">
                <h2>{t!(i18n, charter.heading)}</h2>
                <PrintButton />
            </div>
            <p class="hint">{t!(i18n, charter.lead)}</p>
            <Basics />
            <Goals />
            <Team />
        </div>
    }
}

/// Start, duration and sponsor.
#[component]
fn Basics() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let programme = move |f: fn(&kam_domain::model::Programme) -> String| {
        Signal::derive(move || store.read_parts(&[Part::Programme], |w| f(&w.programme)))
    };
    view! {
        <h3>{t!(i18n, charter.basics)}</h3>
        <div class="form-grid">
            <EditField label=label(|l| td_string!(l, charter.start)) at=FieldAt::Programme field="start_date"
                part=Part::Programme kind=FieldKind::Date test_id="charter-start"
                stored=programme(|p| p.start_date.clone().unwrap_or_default()) to_value=opt_line />
            <div>
                <EditField label=label(|l| td_string!(l, charter.duration)) at=FieldAt::Programme field="duration_months"
                    part=Part::Programme kind=FieldKind::Number test_id="charter-duration"
                    stored=programme(|p| p.duration_months.to_string())
                    to_value=whole_number(EntityKind::Programme, "duration_months") />
                <span class="hint">{t!(i18n, charter.duration_hint)}</span>
            </div>
            <EditField label=label(|l| td_string!(l, charter.sponsor)) at=FieldAt::Programme field="sponsor_id"
                part=Part::Programme kind=FieldKind::Choice(people_options()) test_id="charter-sponsor"
                stored=programme(|p| p.sponsor_id.clone().unwrap_or_default()) to_value=opt_line />
        </div>
    }
}

/// The goals of the introduction, measurable where possible, in the team's order.
#[component]
fn Goals() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let ids = Memo::new(move |_| {
        store.read_parts(&[Part::Programme], |w| {
            kam_domain::rank::sorted(&w.programme.goals)
                .into_iter()
                .map(|g| g.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let feedback = Feedback::new();
    let (text, set_text) = signal(String::new());
    let (measure, set_measure) = signal(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let goal = ProgrammeGoal {
            id: new_id(),
            rank: after_last(read(|w| {
                w.programme.goals.iter().map(|g| g.rank).collect::<Vec<_>>()
            })),
            text: text.get_untracked().trim().to_string(),
            measure: measure.get_untracked().trim().to_string(),
            achieved: false,
        };
        if feedback.send(Command::Insert {
            list: ListRef::ProgrammeGoals,
            item: Item::ProgrammeGoal(goal),
        }) {
            set_text.set(String::new());
            set_measure.set(String::new());
        }
    };
    view! {
        <h3>{t!(i18n, charter.goals)}</h3>
        <p class="hint">{t!(i18n, charter.goals_hint)}</p>
        <Show when=move || !ids.with(Vec::is_empty)
            fallback=move || view! { <p class="empty">{t!(i18n, charter.no_goals)}</p> }>
            <ol class="item-list" data-testid="goals">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <GoalRow id=id />
                </For>
            </ol>
        </Show>
        <form class="inline-form add-form no-print" data-testid="add-goal" on:submit=add>
            <label class="field grow">
                <span class="field-label">{t!(i18n, charter.goal_text)}</span>
                <input type="text" data-testid="new-goal-text" prop:value=move || text.get()
                    on:input=move |ev| set_text.set(event_target_value(&ev)) />
            </label>
            <label class="field grow">
                <span class="field-label">{t!(i18n, charter.goal_measure)}</span>
                <input type="text" data-testid="new-goal-measure" prop:value=move || measure.get()
                    on:input=move |ev| set_measure.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="primary">{t!(i18n, charter.add_goal)}</button>
        </form>
        {feedback.view()}
    }
}

#[component]
fn GoalRow(id: String) -> impl IntoView {
    let store = use_store();
    let feedback = Feedback::new();
    let goal = {
        let id = id.clone();
        Memo::new(move |_| {
            store.read_parts(&[Part::Programme], |w| {
                w.programme.goals.iter().find(|g| g.id == id).cloned()
            })
        })
    };
    let of = move |f: fn(&ProgrammeGoal) -> String| {
        Signal::derive(move || goal.with(|g| g.as_ref().map(f).unwrap_or_default()))
    };
    let text = of(|g| g.text.clone());
    let reorder = {
        let id = id.clone();
        move |direction| {
            let ranks: Vec<(String, f64)> = read(|w| {
                w.programme
                    .goals
                    .iter()
                    .map(|g| (g.id.clone(), g.rank))
                    .collect()
            });
            feedback.move_item(ListRef::ProgrammeGoals, &ranks, &id, direction);
        }
    };
    let remove = {
        let id = id.clone();
        move |_| {
            feedback.send(Command::Remove {
                list: ListRef::ProgrammeGoals,
                id: id.clone(),
            });
        }
    };
    let at = FieldAt::Item {
        list: ListRef::ProgrammeGoals,
        id: id.clone(),
    };
    view! {
        <li class="item" data-testid="goal">
            <div class="item-line">
                <div class="grow">
                    <EditField label=label(|l| td_string!(l, charter.goal_text)) at=at.clone() field="text"
                        part=Part::Programme stored=text test_id="goal-text" to_value=line />
                </div>
                <div class="grow">
                    <EditField label=label(|l| td_string!(l, charter.goal_measure)) at=at.clone() field="measure"
                        part=Part::Programme stored=of(|g| g.measure.clone()) test_id="goal-measure" to_value=line />
                </div>
                <EditField label=label(|l| td_string!(l, charter.achieved)) at=at field="achieved"
                    part=Part::Programme kind=FieldKind::Check stored=of(|g| g.achieved.to_string())
                    test_id="goal-achieved" to_value=check />
                <span class="row-actions no-print">
                    <MoveButtons on_move=reorder label=text />
                    <RemoveButton on_remove=remove />
                </span>
            </div>
            {feedback.view()}
        </li>
    }
}

/// The project team: people from the executive board with their role in the project.
#[component]
fn Team() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let store = use_store();
    let members = Memo::new(move |_| {
        store.read_parts(&[Part::Programme, Part::Items("people")], |w| {
            w.programme
                .team
                .iter()
                .map(|m| {
                    let name = w
                        .people
                        .iter()
                        .find(|p| p.id == m.person_id)
                        .map(|p| p.name.clone())
                        .unwrap_or_else(|| m.person_id.clone());
                    (m.id.clone(), name, m.role.clone())
                })
                .collect::<Vec<_>>()
        })
    });
    let names =
        Memo::new(move |_| read(|w| w.people.iter().map(|p| p.name.clone()).collect::<Vec<_>>()));
    let (name, set_name) = signal(String::new());
    let (role, set_role) = signal(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = i18n.get_locale_untracked();
        let typed = name.get_untracked().trim().to_string();
        // Someone already known (e.g. as key account manager) is not entered twice.
        let known = read(|w| {
            w.people
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&typed))
                .map(|p| p.id.clone())
        });
        let person_id = match known {
            Some(id) => id,
            None => {
                let person = Person {
                    id: new_id(),
                    name: typed,
                    role: td_string!(l, charter.board).to_string(),
                    capacity: 5,
                    trainings: Vec::new(),
                };
                let id = person.id.clone();
                if !feedback.send(Command::Insert {
                    list: ListRef::People,
                    item: Item::Person(person),
                }) {
                    return;
                }
                id
            }
        };
        let role = match role.get_untracked().trim() {
            "" => td_string!(l, charter.role_member).to_string(),
            r => r.to_string(),
        };
        let member = TeamMember {
            id: new_id(),
            person_id,
            role,
        };
        if feedback.send(Command::Insert {
            list: ListRef::Team,
            item: Item::TeamMember(member),
        }) {
            set_name.set(String::new());
            set_role.set(String::new());
        }
    };
    view! {
        <h3>{t!(i18n, charter.team)}</h3>
        <p class="hint">{t!(i18n, charter.team_hint)}</p>
        <Show when=move || !members.with(Vec::is_empty)
            fallback=move || view! { <p class="empty">{t!(i18n, charter.no_team)}</p> }>
            <ul class="item-list" data-testid="team">
                <For each=move || members.get() key=|m| m.0.clone() let:member>
                    <TeamRow id=member.0 />
                </For>
            </ul>
        </Show>
        <form class="inline-form add-form no-print" data-testid="add-member" on:submit=add>
            <label class="field grow">
                <span class="field-label">{t!(i18n, charter.member_name)}</span>
                <input type="text" list="known-people" data-testid="new-member-name" prop:value=move || name.get()
                    on:input=move |ev| set_name.set(event_target_value(&ev)) />
                <datalist id="known-people">
                    {move || names.get().into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
                </datalist>
            </label>
            <label class="field grow">
                <span class="field-label">{t!(i18n, charter.member_role)}</span>
                <input type="text" list="project-roles" data-testid="new-member-role" prop:value=move || role.get()
                    on:input=move |ev| set_role.set(event_target_value(&ev)) />
                <datalist id="project-roles">
                    <option value=move || td_string!(i18n.get_locale(), charter.role_lead)></option>
                    <option value=move || td_string!(i18n.get_locale(), charter.role_member)></option>
                    <option value=move || td_string!(i18n.get_locale(), charter.role_sponsor)></option>
                </datalist>
            </label>
            <button type="submit" class="primary">{t!(i18n, charter.add_member)}</button>
        </form>
        {feedback.view()}
    }
}

/// One member of the project team: who, and their role in the project (editable).
#[component]
fn TeamRow(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let feedback = Feedback::new();
    let member = {
        let id = id.clone();
        Memo::new(move |_| {
            store.read_parts(&[Part::Programme, Part::Items("people")], |w| {
                w.programme.team.iter().find(|m| m.id == id).map(|m| {
                    let name = w
                        .people
                        .iter()
                        .find(|p| p.id == m.person_id)
                        .map(|p| p.name.clone())
                        .unwrap_or_else(|| m.person_id.clone());
                    (name, m.role.clone())
                })
            })
        })
    };
    let remove = {
        let id = id.clone();
        move |_| {
            feedback.send(Command::Remove {
                list: ListRef::Team,
                id: id.clone(),
            });
        }
    };
    let name = move || member.with(|m| m.as_ref().map(|m| m.0.clone()).unwrap_or_default());
    view! {
        <li class="item item-line" data-testid="team-member">
            <strong class="member-name">{name}</strong>
            <div class="grow">
                <EditField label=Signal::derive(move || td_string!(i18n.get_locale(), charter.member_role).to_string())
                    at=FieldAt::Item { list: ListRef::Team, id: id.clone() } field="role" part=Part::Programme
                    stored=Signal::derive(move || member.with(|m| m.as_ref().map(|m| m.1.clone()).unwrap_or_default()))
                    test_id="member-role" to_value=line />
            </div>
            <span class="row-actions no-print"><RemoveButton on_remove=remove /></span>
            {feedback.view()}
        </li>
    }
}
