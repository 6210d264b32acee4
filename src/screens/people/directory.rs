//! Everyone who takes part — management, managers, assistants, controller — with role,
//! capacity (how many key accounts they can carry) and trainings.

use kam_domain::{
    command::{Command, EntityKind, Item, ListRef, Value},
    model::{Person, Status, Training},
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::{
        field::{EditField, FieldKind},
        kit::{
            AddForm, AddInput, CardHead, ItemList, LineField, RowActions, insert, row_item, text_of,
        },
        ui::{Feedback, RemoveButton, StatusSelect, label, new_id, read, show_date, whole_number},
    },
    store::Part,
};

#[component]
pub fn DirectoryPart() -> impl IntoView {
    let ids =
        Memo::new(move |_| read(|w| w.people.iter().map(|p| p.id.clone()).collect::<Vec<_>>()));
    let (name, role) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add = move |()| {
        let person = Person {
            id: new_id(),
            name: name.get_untracked().trim().to_string(),
            role: role.get_untracked().trim().to_string(),
            capacity: 5,
            trainings: Vec::new(),
        };
        insert(ListRef::People, Item::Person(person))
    };
    view! {
        <div class="card directory" data-testid="directory">
            <CardHead title=|l| td_string!(l, people.directory_heading) hint=|l| td_string!(l, people.directory_lead) print=false />
            <ItemList ids=ids empty=|l| td_string!(l, people.no_people) row=|id| view! { <PersonRow id=id /> } />
            <AddForm test_id="add-person" submit_id="add-person-submit" button=|l| td_string!(l, rollout.add)
                clear=vec![name, role] on_add=add>
                <AddInput label=|l| td_string!(l, people.name) test_id="new-person-name" value=name text_of=Some((kam_domain::command::EntityKind::Person, "name")) />
                <AddInput label=|l| td_string!(l, people.role) test_id="new-person-role" value=role
                    placeholder=|l| td_string!(l, people.role_example) />
            </AddForm>
        </div>
    }
}

#[component]
fn PersonRow(id: String) -> impl IntoView {
    let feedback = Feedback::new();
    let part = Part::Item("people", id.clone());
    let person = row_item(&id, vec![part.clone()], |w, id| w.person(id).cloned());
    let of = move |f: fn(&Person) -> String| text_of(person, f);
    let at = FieldAt::item(ListRef::People, id.clone());
    let data_id = id.clone();
    view! {
        <li class="item person" data-testid="person" data-id=data_id data-name=of(|p| p.name.clone())>
            <div class="item-line">
                <LineField label=|l| td_string!(l, people.name) at=at.clone() field="name" part=part.clone()
                    stored=of(|p| p.name.clone()) test_id="person-name" />
                <LineField label=|l| td_string!(l, people.role) at=at.clone() field="role" part=part.clone()
                    stored=of(|p| p.role.clone()) test_id="person-role" />
                <EditField label=label(|l| td_string!(l, people.capacity)) at=at field="capacity" part=part kind=FieldKind::Number
                    stored=of(|p| p.capacity.to_string()) test_id="person-capacity"
                    to_value=whole_number(EntityKind::Person, "capacity") />
                <RowActions list=ListRef::People id=id.clone() feedback=feedback />
            </div>
            {feedback.view()}
            <Trainings person_id=id />
        </li>
    }
}

/// Planned and completed trainings of one person.
#[component]
fn Trainings(person_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let list = ListRef::Trainings {
        person_id: person_id.clone(),
    };
    let trainings = {
        let person_id = person_id.clone();
        Memo::new(move |_| {
            read(|w| {
                w.people
                    .iter()
                    .find(|p| p.id == person_id)
                    .map(|p| p.trainings.clone())
                    .unwrap_or_default()
            })
        })
    };
    let (topic, date, provider) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let add = {
        let list = list.clone();
        move |()| {
            let d = date.get_untracked();
            let training = Training {
                id: new_id(),
                topic: topic.get_untracked().trim().to_string(),
                date: (!d.is_empty()).then_some(d),
                provider: provider.get_untracked().trim().to_string(),
                status: Status::Open,
            };
            insert(list.clone(), Item::Training(training))
        }
    };
    view! {
        <details class="trainings" data-testid="trainings">
            <summary>{move || td_string!(i18n.get_locale(), people.trainings_summary,
                done = trainings.with(|t| t.iter().filter(|t| t.status == Status::Done).count()),
                planned = trainings.with(|t| t.iter().filter(|t| matches!(t.status, Status::Open | Status::InProgress)).count())).to_string()}</summary>
            <ul class="plain-list">
                {move || trainings.get().into_iter().map(|t| {
                    let (status_list, remove_list) = (list.clone(), list.clone());
                    let (status_id, remove_id) = (t.id.clone(), t.id.clone());
                    let l = i18n.get_locale();
                    view! {
                        <li class="item-line training" data-testid="training">
                            <span class="grow">
                                <strong>{t.topic.clone()}</strong>
                                {format!(" · {} · {}", t.date.as_deref().map(|d| show_date(d, l)).unwrap_or_else(|| "–".into()), if t.provider.is_empty() { "–" } else { &t.provider })}
                            </span>
                            <StatusSelect id=format!("training-status-{}", t.id) current=t.status on_pick=move |s: Status| {
                                feedback.send(Command::set(status_list.clone(), status_id.clone(), "status", Value::Status(s)));
                            } />
                            <RemoveButton on_remove=move |_| { feedback.send(Command::Remove { list: remove_list.clone(), id: remove_id.clone() }); } />
                        </li>
                    }
                }).collect_view()}
            </ul>
            <AddForm test_id="add-training" submit_id="add-training-submit" button=|l| td_string!(l, rollout.add)
                clear=vec![topic, date, provider] on_add=add>
                <AddInput label=|l| td_string!(l, people.training_topic) test_id="new-training-topic" value=topic
                    placeholder=|l| td_string!(l, people.training_example) />
                <AddInput label=|l| td_string!(l, people.training_date) test_id="new-training-date" value=date kind="date" />
                <AddInput label=|l| td_string!(l, people.training_provider) test_id="new-training-provider" value=provider />
            </AddForm>
            {feedback.view()}
        </details>
    }
}
