//! Everyone who takes part — management, managers, assistants, controller — with role,
//! capacity (how many key accounts they can carry) and trainings.

use kam_domain::{
    command::{Command, Item, ListRef, Value},
    model::{Person, Status, Training},
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::ui::{Feedback, RemoveButton, StatusSelect, new_id, read, show_date},
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
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let person = {
        let id = id.clone();
        Memo::new(move |_| read(|w| w.people.iter().find(|p| p.id == id).cloned()))
    };
    let set = {
        let id = id.clone();
        move |field: &'static str, value: Value| {
            feedback.send(Command::set(ListRef::People, id.clone(), field, value));
        }
    };
    let (set_name, set_role, set_capacity) = (set.clone(), set.clone(), set);
    let remove_id = id.clone();
    let trainings_of = id.clone();
    view! {
        <li class="item person" data-testid="person" data-name=move || person.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())>
            <div class="item-line">
                <label class="field grow">
                    <span class="field-label">{t!(i18n, people.name)}</span>
                    <input type="text" data-testid="person-name" prop:value=move || person.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())
                        on:change=move |ev| set_name("name", Value::Str(event_target_value(&ev).trim().to_string())) />
                </label>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, people.role)}</span>
                    <input type="text" data-testid="person-role" prop:value=move || person.with(|p| p.as_ref().map(|p| p.role.clone()).unwrap_or_default())
                        on:change=move |ev| set_role("role", Value::Str(event_target_value(&ev).trim().to_string())) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, people.capacity)}</span>
                    <input type="number" min="0" max="100" inputmode="numeric" data-testid="person-capacity"
                        prop:value=move || person.with(|p| p.as_ref().map_or(5, |p| p.capacity)).to_string()
                        on:change=move |ev| set_capacity("capacity", Value::Uint(event_target_value(&ev).trim().parse().unwrap_or(u64::MAX))) />
                </label>
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
