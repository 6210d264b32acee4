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
        kit::{
            AddForm, AddInput, CardHead, ItemList, LineField, RowActions, insert, row_item, text_of,
        },
        ui::{Feedback, label, new_id, people_options, read, whole_number},
    },
    store::{Part, use_store},
};

#[component]
pub fn CharterPart() -> impl IntoView {
    view! {
        <div class="card charter" data-testid="charter">
            <CardHead title=|l| td_string!(l, charter.heading) hint=|l| td_string!(l, charter.lead) />
            <Basics />
            <Goals />
            <Team />
        </div>
    }
}

/// Start, duration and sponsor.
#[component]
fn Basics() -> impl IntoView {
    let store = use_store();
    let programme = move |f: fn(&kam_domain::model::Programme) -> String| {
        Signal::derive(move || store.read_parts(&[Part::Programme], |w| f(&w.programme)))
    };
    view! {
        <h3>{crate::tr(|l| td_string!(l, charter.basics))}</h3>
        <div class="form-grid">
            <EditField label=label(|l| td_string!(l, charter.start)) at=FieldAt::Programme field="start_date"
                part=Part::Programme kind=FieldKind::Date test_id="charter-start"
                stored=programme(|p| p.start_date.clone().unwrap_or_default()) to_value=opt_line />
            <div>
                <EditField label=label(|l| td_string!(l, charter.duration)) at=FieldAt::Programme field="duration_months"
                    part=Part::Programme kind=FieldKind::Number test_id="charter-duration"
                    stored=programme(|p| p.duration_months.to_string())
                    to_value=whole_number(EntityKind::Programme, "duration_months") />
                <span class="hint">{crate::tr(|l| td_string!(l, charter.duration_hint))}</span>
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
    let store = use_store();
    let ids = Memo::new(move |_| {
        store.read_parts(&[Part::Programme], |w| {
            kam_domain::rank::sorted(&w.programme.goals)
                .into_iter()
                .map(|g| g.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let (text, measure) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add = move |()| {
        let goal = ProgrammeGoal {
            id: new_id(),
            rank: after_last(read(|w| {
                w.programme.goals.iter().map(|g| g.rank).collect::<Vec<_>>()
            })),
            text: text.get_untracked().trim().to_string(),
            measure: measure.get_untracked().trim().to_string(),
            achieved: false,
        };
        insert(ListRef::ProgrammeGoals, Item::ProgrammeGoal(goal))
    };
    view! {
        <h3>{crate::tr(|l| td_string!(l, charter.goals))}</h3>
        <p class="hint">{crate::tr(|l| td_string!(l, charter.goals_hint))}</p>
        <ItemList ids=ids empty=|l| td_string!(l, charter.no_goals) test_id="goals" numbered=true
            row=|id| view! { <GoalRow id=id /> } />
        <AddForm test_id="add-goal" button=|l| td_string!(l, charter.add_goal) clear=vec![text, measure] on_add=add>
            <AddInput label=|l| td_string!(l, charter.goal_text) test_id="new-goal-text" value=text text_of=Some((kam_domain::command::EntityKind::ProgrammeGoal, "text")) />
            <AddInput label=|l| td_string!(l, charter.goal_measure) test_id="new-goal-measure" value=measure text_of=Some((kam_domain::command::EntityKind::ProgrammeGoal, "measure")) />
        </AddForm>
    }
}

#[component]
fn GoalRow(id: String) -> impl IntoView {
    let feedback = Feedback::new();
    let goal = row_item(&id, vec![Part::Programme], |w, id| {
        w.programme.goals.iter().find(|g| g.id == id).cloned()
    });
    let text = text_of(goal, |g| g.text.clone());
    let at = FieldAt::item(ListRef::ProgrammeGoals, id.clone());
    let data_id = id.clone();
    view! {
        <li class="item" data-testid="goal" data-id=data_id>
            <div class="item-line">
                <LineField label=|l| td_string!(l, charter.goal_text) at=at.clone() field="text" part=Part::Programme
                    stored=text test_id="goal-text" />
                <LineField label=|l| td_string!(l, charter.goal_measure) at=at.clone() field="measure" part=Part::Programme
                    stored=text_of(goal, |g| g.measure.clone()) test_id="goal-measure" />
                <EditField label=label(|l| td_string!(l, charter.achieved)) at=at field="achieved"
                    part=Part::Programme kind=FieldKind::Check stored=text_of(goal, |g| g.achieved.to_string())
                    test_id="goal-achieved" to_value=check />
                <RowActions list=ListRef::ProgrammeGoals id=id feedback=feedback move_label=text />
            </div>
            {feedback.view()}
        </li>
    }
}

/// The project team: people from the executive board with their role in the project.
#[component]
fn Team() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let ids = Memo::new(move |_| {
        store.read_parts(&[Part::Programme], |w| {
            w.programme
                .team
                .iter()
                .map(|m| m.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let names =
        Memo::new(move |_| read(|w| w.people.iter().map(|p| p.name.clone()).collect::<Vec<_>>()));
    let roles = Signal::derive(move || {
        let l = i18n.get_locale();
        [
            td_string!(l, charter.role_lead),
            td_string!(l, charter.role_member),
            td_string!(l, charter.role_sponsor),
        ]
        .map(str::to_string)
        .to_vec()
    });
    let (name, role) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add = move |()| {
        let l = i18n.get_locale_untracked();
        let typed = name.get_untracked().trim().to_string();
        // Someone already known (e.g. as key account manager) is not entered twice.
        let known = read(|w| {
            w.people
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&typed))
                .map(|p| p.id.clone())
        });
        let mut commands = Vec::new();
        let person_id = known.unwrap_or_else(|| {
            let person = Person {
                id: new_id(),
                name: typed,
                role: td_string!(l, charter.board).to_string(),
                capacity: 5,
                trainings: Vec::new(),
            };
            let id = person.id.clone();
            commands.push(Command::Insert {
                list: ListRef::People,
                item: Item::Person(person),
            });
            id
        });
        let role = match role.get_untracked().trim() {
            "" => td_string!(l, charter.role_member).to_string(),
            r => r.to_string(),
        };
        let member = TeamMember {
            id: new_id(),
            person_id,
            role,
        };
        commands.push(Command::Insert {
            list: ListRef::Team,
            item: Item::TeamMember(member),
        });
        // The new person and their membership are one change: both or neither.
        store.dispatch(Command::Batch(commands)).map_err(Into::into)
    };
    view! {
        <h3>{crate::tr(|l| td_string!(l, charter.team))}</h3>
        <p class="hint">{crate::tr(|l| td_string!(l, charter.team_hint))}</p>
        <ItemList ids=ids empty=|l| td_string!(l, charter.no_team) test_id="team"
            row=|id| view! { <TeamRow id=id /> } />
        <AddForm test_id="add-member" button=|l| td_string!(l, charter.add_member) clear=vec![name, role] on_add=add>
            <AddInput label=|l| td_string!(l, charter.member_name) test_id="new-member-name" value=name suggestions=names />
            <AddInput label=|l| td_string!(l, charter.member_role) test_id="new-member-role" value=role text_of=Some((kam_domain::command::EntityKind::TeamMember, "role")) suggestions=roles />
        </AddForm>
    }
}

/// One member of the project team: who, and their role in the project (editable).
#[component]
fn TeamRow(id: String) -> impl IntoView {
    let feedback = Feedback::new();
    let member = row_item(
        &id,
        vec![Part::Programme, Part::Items("people")],
        |w, id| {
            w.programme.team.iter().find(|m| m.id == id).map(|m| {
                let name = w
                    .person(&m.person_id)
                    .map_or_else(|| m.person_id.clone(), |p| p.name.clone());
                (name, m.role.clone())
            })
        },
    );
    view! {
        <li class="item item-line" data-testid="team-member">
            <strong class="member-name">{text_of(member, |m| m.0.clone())}</strong>
            <div class="grow">
                <EditField label=label(|l| td_string!(l, charter.member_role))
                    at=FieldAt::Item { list: ListRef::Team, id: id.clone() } field="role" part=Part::Programme
                    stored=text_of(member, |m| m.1.clone()) test_id="member-role" to_value=line />
            </div>
            <RowActions list=ListRef::Team id=id feedback=feedback />
            {feedback.view()}
        </li>
    }
}
