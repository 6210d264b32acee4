//! The requirement profile: what a key account manager here must bring, each with a
//! weight and a required level, from a suggested starting set the team edits.

use kam_domain::{
    command::{EntityKind, Item, ListRef},
    model::Requirement,
    people::{requirements_in_order, suggested_requirements},
    rank::after_last,
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::{
        field::{EditField, FieldKind},
        kit::{AddLine, CardHead, LineField, RowActions, insert, row_item, text_of},
        ui::{Feedback, content_language, label, new_id, read, whole_number},
    },
    store::Part,
};

#[component]
pub fn ProfilePart() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let ids = Memo::new(move |_| {
        read(|w| {
            requirements_in_order(w)
                .into_iter()
                .map(|r| r.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let suggest = move |_| {
        let language = content_language(i18n.get_locale_untracked());
        if let Some(command) = read(|w| Some(suggested_requirements(w, language, new_id))) {
            feedback.send(command);
        }
    };
    let add = move |name: String| {
        let requirement = Requirement {
            id: new_id(),
            rank: after_last(read(|w| {
                w.requirements.iter().map(|r| r.rank).collect::<Vec<_>>()
            })),
            name,
            weight: 1,
            required_level: 3,
        };
        insert(ListRef::Requirements, Item::Requirement(requirement))
    };
    view! {
        <div class="card profile" data-testid="profile">
            <CardHead title=|l| td_string!(l, people.profile_heading) hint=|l| td_string!(l, people.profile_lead) />
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=move || view! {
                    <p class="empty">{crate::tr(|l| td_string!(l, people.no_profile))}</p>
                    <button type="button" class="primary" data-testid="suggest-profile" on:click=suggest>{crate::tr(|l| td_string!(l, people.suggest_profile))}</button>
                }>
                <ol class="item-list" data-testid="requirements">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <RequirementRow id=id />
                    </For>
                </ol>
            </Show>
            <AddLine label=|l| td_string!(l, people.new_requirement) test_ids=("add-requirement", "new-requirement") on_add=add />
            {feedback.view()}
        </div>
    }
}

#[component]
fn RequirementRow(id: String) -> impl IntoView {
    let feedback = Feedback::new();
    let req = row_item(&id, vec![Part::Items("requirements")], |w, id| {
        w.requirement(id).cloned()
    });
    let name = text_of(req, |r| r.name.clone());
    let at = FieldAt::item(ListRef::Requirements, id.clone());
    let part = Part::Item("requirements", id.clone());
    let levels = Signal::derive(|| (1..=5u8).map(|v| (v.to_string(), v.to_string())).collect());
    view! {
        <li class="item requirement" data-testid="requirement">
            <div class="item-line">
                <LineField label=|l| td_string!(l, people.requirement) at=at.clone() field="name" part=part.clone()
                    stored=name test_id="requirement-name" />
                <EditField label=label(|l| td_string!(l, criteria.weight)) at=at.clone() field="weight" part=part.clone()
                    kind=FieldKind::Number stored=text_of(req, |r| r.weight.to_string())
                    test_id="requirement-weight" to_value=whole_number(EntityKind::Requirement, "weight") />
                <EditField label=label(|l| td_string!(l, people.required_level)) at=at field="required_level" part=part
                    kind=FieldKind::Choice(levels) stored=text_of(req, |r| r.required_level.to_string())
                    test_id="requirement-level" to_value=whole_number(EntityKind::Requirement, "required_level") />
                <RowActions list=ListRef::Requirements id=id feedback=feedback move_label=name />
            </div>
            {feedback.view()}
        </li>
    }
}
