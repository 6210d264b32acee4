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
        field::{EditField, FieldKind, line},
        ui::{Feedback, RemoveButton, StatusSelect, label, new_id, read, show_date, whole_number},
    },
    store::{Part, use_store},
};

#[component]
pub fn DirectoryPart() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let ids =
        Memo::new(move |_| read(|w| w.people.iter().map(|p| p.id.clone()).collect::<Vec<_>>()));
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = Person {
            id: new_id(),
            name: name.get_untracked().trim().to_string(),
            role: role.get_untracked().trim().to_string(),
            capacity: 5,
            trainings: Vec::new(),
        };
        if feedback.send(Command::Insert {
            list: ListRef::People,
            item: Item::Person(person),
        }) {
            name.set(String::new());
            role.set(String::new());
        }
    };
    view! {
        <div class="card directory" data-testid="directory">
            <h2>{t!(i18n, people.directory_heading)}</h2>
            <p class="hint">{t!(i18n, people.directory_lead)}</p>
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{t!(i18n, people.no_people)}</p> }>
                <ul class="item-list">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <PersonRow id=id />
                    </For>
                </ul>
            </Show>
            <form class="add-form inline-form no-print" data-testid="add-person" on:submit=add>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, people.name)}</span>
                    <input type="text" data-testid="new-person-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, people.role)}</span>
                    <input type="text" data-testid="new-person-role" placeholder=move || td_string!(i18n.get_locale(), people.role_example)
                        prop:value=role on:input=move |ev| role.set(event_target_value(&ev)) />
                </label>
                <button type="submit" data-testid="add-person-submit">{t!(i18n, rollout.add)}</button>
            </form>
            {feedback.view()}
        </div>
    }
}

#[component]
fn PersonRow(id: String) -> impl IntoView {
    let feedback = Feedback::new();
    let person = {
        let id = id.clone();
        Memo::new(move |_| {
            use_store().read_parts(&[Part::Item("people", id.clone())], |w| {
                w.person(&id).cloned()
            })
        })
    };
    let of = move |f: fn(&Person) -> String| {
        Signal::derive(move || person.with(|p| p.as_ref().map(f).unwrap_or_default()))
    };
    let at = FieldAt::Item {
        list: ListRef::People,
        id: id.clone(),
    };
    let part = Part::Item("people", id.clone());
    let remove_id = id.clone();
    let trainings_of = id.clone();
    view! {
        <li class="item person" data-testid="person" data-name=of(|p| p.name.clone())>
            <div class="item-line">
                <div class="grow">
                    <EditField label=label(|l| td_string!(l, people.name)) at=at.clone() field="name" part=part.clone()
                        stored=of(|p| p.name.clone()) test_id="person-name" to_value=line />
                </div>
                <div class="grow">
                    <EditField label=label(|l| td_string!(l, people.role)) at=at.clone() field="role" part=part.clone()
                        stored=of(|p| p.role.clone()) test_id="person-role" to_value=line />
                </div>
                <EditField label=label(|l| td_string!(l, people.capacity)) at=at field="capacity" part=part kind=FieldKind::Number
                    stored=of(|p| p.capacity.to_string()) test_id="person-capacity"
                    to_value=whole_number(EntityKind::Person, "capacity") />
                <span class="row-actions no-print">
                    <RemoveButton on_remove=move |_| { feedback.send(Command::Remove { list: ListRef::People, id: remove_id.clone() }); } />
                </span>
            </div>
            {feedback.view()}
            <Trainings person_id=trainings_of />
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
    let topic = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let provider = RwSignal::new(String::new());
    let add = {
        let list = list.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let d = date.get_untracked();
            let training = Training {
                id: new_id(),
                topic: topic.get_untracked().trim().to_string(),
                date: (!d.is_empty()).then_some(d),
                provider: provider.get_untracked().trim().to_string(),
                status: Status::Open,
            };
            if feedback.send(Command::Insert {
                list: list.clone(),
                item: Item::Training(training),
            }) {
                topic.set(String::new());
                date.set(String::new());
                provider.set(String::new());
            }
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
            <form class="inline-form no-print" data-testid="add-training" on:submit=add>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, people.training_topic)}</span>
                    <input type="text" data-testid="new-training-topic" placeholder=move || td_string!(i18n.get_locale(), people.training_example)
                        prop:value=topic on:input=move |ev| topic.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, people.training_date)}</span>
                    <input type="date" data-testid="new-training-date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) />
                </label>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, people.training_provider)}</span>
                    <input type="text" data-testid="new-training-provider" prop:value=provider on:input=move |ev| provider.set(event_target_value(&ev)) />
                </label>
                <button type="submit" data-testid="add-training-submit">{t!(i18n, rollout.add)}</button>
            </form>
            {feedback.view()}
        </details>
    }
}
