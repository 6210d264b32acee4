//! The project charter (Projektauftrag): start and duration, sponsor, measurable goals,
//! and the project team from the executive board.

use kam_domain::{
    command::{Command, Item, ListRef, ProgrammeField, Value},
    model::{Person, ProgrammeGoal, TeamMember},
    rank::after_last,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::ui::{
        ConflictAt, ConflictNote, Feedback, MoveButtons, PrintButton, RemoveButton, new_id,
        opt_value, people_choices, read, show_date,
    },
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
    let feedback = Feedback::new();
    let start = move || read(|w| w.programme.start_date.clone()).unwrap_or_default();
    let duration = move || read(|w| Some(w.programme.duration_months)).unwrap_or(24);
    let sponsor = move || read(|w| w.programme.sponsor_id.clone());
    let people = people_choices();
    let set = move |field: ProgrammeField, value: Value| {
        feedback.send(Command::SetProgramme { field, value });
    };
    view! {
        <h3>{t!(i18n, charter.basics)}</h3>
        <div class="form-grid">
            <label class="field">
                <span class="field-label">{t!(i18n, charter.start)}</span>
                <input type="date" data-testid="charter-start" prop:value=start
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(ProgrammeField::StartDate, Value::OptStr((!v.is_empty()).then_some(v)));
                    } />
            </label>
            <label class="field">
                <span class="field-label">{t!(i18n, charter.duration)}</span>
                <input type="number" min="1" max="120" inputmode="numeric" data-testid="charter-duration"
                    prop:value=move || duration().to_string()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        match v.trim().parse::<u64>() {
                            Ok(months) => set(ProgrammeField::DurationMonths, Value::Uint(months)),
                            // Not a whole number: the domain words the range.
                            Err(_) => set(ProgrammeField::DurationMonths, Value::Uint(0)),
                        }
                    } />
                <span class="hint">{t!(i18n, charter.duration_hint)}</span>
            </label>
            <label class="field">
                <span class="field-label">{t!(i18n, charter.sponsor)}</span>
                <select data-testid="charter-sponsor" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(ProgrammeField::SponsorId, Value::OptStr((!v.is_empty()).then_some(v)));
                }>
                    <option value="" selected=move || sponsor().is_none()>{t!(i18n, rollout.none)}</option>
                    {move || people.get().into_iter().map(|(id, name)| {
                        let chosen = id.clone();
                        view! { <option value=id selected=move || sponsor() == Some(chosen.clone())>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
        </div>
        <ConflictNote at=ConflictAt::Programme(ProgrammeField::StartDate) field="start_date"
            to_value=opt_value show=move |v: String| show_date(&v, i18n.get_locale_untracked()) />
        <ConflictNote at=ConflictAt::Programme(ProgrammeField::DurationMonths) field="duration_months"
            to_value=|v: String| v.parse().ok().map(Value::Uint) />
        <ConflictNote at=ConflictAt::Programme(ProgrammeField::SponsorId) field="sponsor_id"
            to_value=opt_value
            show=move |v: String| people.with_untracked(|list| {
                list.iter().find(|(pid, _)| *pid == v).map(|(_, n)| n.clone()).unwrap_or(v.clone())
            }) />
        {feedback.view()}
    }
}

/// The goals of the introduction, measurable where possible, in the team's order.
#[component]
fn Goals() -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| {
        let mut goals = read(|w| w.programme.goals.clone());
        goals.sort_by(|a, b| kam_domain::rank::compare((a.rank, &a.id), (b.rank, &b.id)));
        goals.into_iter().map(|g| g.id).collect::<Vec<_>>()
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
            text: kam_domain::model::Text::with_value(text.get_untracked()),
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
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let goal = {
        let id = id.clone();
        Memo::new(move |_| read(|w| w.programme.goals.iter().find(|g| g.id == id).cloned()))
    };
    let text = move || {
        goal.with(|g| {
            g.as_ref()
                .map(|g| g.text.as_str().to_string())
                .unwrap_or_default()
        })
    };
    let measure = move || goal.with(|g| g.as_ref().map(|g| g.measure.clone()).unwrap_or_default());
    let set = {
        let id = id.clone();
        move |field: &'static str, value: Value| {
            feedback.send(Command::set(
                ListRef::ProgrammeGoals,
                id.clone(),
                field,
                value,
            ));
        }
    };
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
    let (set_text, set_measure, set_achieved) = (set.clone(), set.clone(), set);
    view! {
        <li class="item" data-testid="goal">
            <div class="item-line">
                <label class="field grow">
                    <span class="field-label">{t!(i18n, charter.goal_text)}</span>
                    <input type="text" class="screen-only" data-testid="goal-text" prop:value=text
                        on:change=move |ev| set_text("text", Value::Text(event_target_value(&ev))) />
                    <span class="print-only">{text}</span>
                </label>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, charter.goal_measure)}</span>
                    <input type="text" class="screen-only" data-testid="goal-measure"
                        prop:value=measure
                        on:change=move |ev| set_measure("measure", Value::Str(event_target_value(&ev))) />
                    <span class="print-only">{measure}</span>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="goal-achieved"
                        prop:checked=move || goal.with(|g| g.as_ref().is_some_and(|g| g.achieved))
                        on:change=move |ev| set_achieved("achieved", Value::Bool(event_target_checked(&ev))) />
                    {t!(i18n, charter.achieved)}
                </label>
                <span class="row-actions no-print">
                    <MoveButtons on_move=reorder label=Signal::derive(text) />
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
    let members = Memo::new(move |_| {
        read(|w| {
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
                <For each=move || members.get() key=|m| m.clone() let:member>
                    {
                        let (id, name, role) = member;
                        let remove = move |_| {
                            feedback.send(Command::Remove { list: ListRef::Team, id: id.clone() });
                        };
                        view! {
                            <li class="item item-line" data-testid="team-member">
                                <span class="grow"><strong>{name}</strong>" – "{role}</span>
                                <span class="row-actions no-print"><RemoveButton on_remove=remove /></span>
                            </li>
                        }
                    }
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
