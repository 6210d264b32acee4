//! Implementation support (DOMAIN.md step 8): a log of resistance and conflicts (what,
//! who, status, resolution) and a communication plan (what is told to whom, when).

use kam_domain::{
    command::{Item, ListRef},
    model::{Communication, ConflictEntry, Status},
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::{
        field::{EditField, FieldKind, check, lines, opt_line},
        kit::{
            AddForm, AddInput, CardHead, ItemList, LineField, RowActions, insert, row_item, text_of,
        },
        ui::{Feedback, label, new_id, read, status_options, status_value},
    },
    store::Part,
};

#[component]
pub fn ImplementationPart() -> impl IntoView {
    view! {
        <Conflicts />
        <Communications />
    }
}

#[component]
fn Conflicts() -> impl IntoView {
    // Open ones first, then by what they are about; the id keeps ties stable.
    let ids = Memo::new(move |_| {
        let mut list = read(|w| w.programme.conflicts.clone());
        kam_domain::order::sort_by_key(&mut list, |c| {
            (!c.status.is_open(), c.what.to_lowercase(), c.id.clone())
        });
        list.into_iter().map(|c| c.id).collect::<Vec<_>>()
    });
    let (what, who) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add = move |()| {
        let entry = ConflictEntry {
            id: new_id(),
            what: what.get_untracked().trim().to_string(),
            who: who.get_untracked().trim().to_string(),
            status: Status::Open,
            resolution: Default::default(),
        };
        insert(ListRef::Conflicts, Item::ConflictEntry(entry))
    };
    view! {
        <div class="card conflicts" data-testid="conflicts">
            <CardHead title=|l| td_string!(l, implementation.conflicts) hint=|l| td_string!(l, implementation.conflicts_hint) />
            <ItemList ids=ids empty=|l| td_string!(l, implementation.no_conflicts)
                row=|id| view! { <ConflictRow id=id /> } />
            <AddForm test_id="add-conflict" button=|l| td_string!(l, implementation.add_conflict) clear=vec![what, who] on_add=add>
                <AddInput label=|l| td_string!(l, implementation.what) test_id="new-conflict-what" value=what text_of=Some((kam_domain::command::EntityKind::ConflictEntry, "what")) />
                <AddInput label=|l| td_string!(l, implementation.who) test_id="new-conflict-who" value=who />
            </AddForm>
        </div>
    }
}

/// One conflict: what, who, status and how it was resolved, each an `EditField`.
#[component]
fn ConflictRow(id: String) -> impl IntoView {
    let feedback = Feedback::new();
    let entry = row_item(&id, vec![Part::Programme], |w, id| {
        w.programme.conflicts.iter().find(|c| c.id == id).cloned()
    });
    let at = FieldAt::item(ListRef::Conflicts, id.clone());
    view! {
        <li class="item" data-testid="conflict-entry">
            <div class="item-line">
                <LineField label=|l| td_string!(l, implementation.what) at=at.clone() field="what" part=Part::Programme
                    stored=text_of(entry, |e| e.what.clone()) test_id="conflict-what" />
                <LineField label=|l| td_string!(l, implementation.who) at=at.clone() field="who" part=Part::Programme
                    stored=text_of(entry, |e| e.who.clone()) test_id="conflict-who" />
                <EditField label=label(|l| td_string!(l, plan.status_label)) at=at.clone() field="status" part=Part::Programme
                    kind=FieldKind::Choice(status_options()) stored=text_of(entry, |e| format!("{:?}", e.status))
                    test_id="conflict-status" to_value=status_value />
                <RowActions list=ListRef::Conflicts id=id feedback=feedback />
            </div>
            <EditField label=label(|l| td_string!(l, implementation.resolution)) at=at field="resolution" part=Part::Programme
                kind=FieldKind::Lines stored=text_of(entry, |e| e.resolution.as_str().to_string())
                test_id="conflict-resolution" to_value=lines />
            {feedback.view()}
        </li>
    }
}

#[component]
fn Communications() -> impl IntoView {
    // By date; undated last.
    let ids = Memo::new(move |_| {
        let mut list = read(|w| w.programme.communications.clone());
        kam_domain::order::sort_by_key(&mut list, |c| {
            (c.date.is_none(), c.date.clone(), c.id.clone())
        });
        list.into_iter().map(|c| c.id).collect::<Vec<_>>()
    });
    let (what, audience, date) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let add = move |()| {
        let date = date.get_untracked();
        let entry = Communication {
            id: new_id(),
            what: what.get_untracked().trim().to_string(),
            audience: audience.get_untracked().trim().to_string(),
            date: (!date.is_empty()).then_some(date),
            done: false,
        };
        insert(ListRef::Communications, Item::Communication(entry))
    };
    view! {
        <div class="card communications" data-testid="communications">
            <CardHead title=|l| td_string!(l, implementation.communication) hint=|l| td_string!(l, implementation.communication_hint) print=false />
            <ItemList ids=ids empty=|l| td_string!(l, implementation.no_communication)
                row=|id| view! { <CommunicationRow id=id /> } />
            <AddForm test_id="add-communication" button=|l| td_string!(l, implementation.add_communication)
                clear=vec![what, audience, date] on_add=add>
                <AddInput label=|l| td_string!(l, implementation.message) test_id="new-communication-what" value=what text_of=Some((kam_domain::command::EntityKind::Communication, "what")) />
                <AddInput label=|l| td_string!(l, implementation.audience) test_id="new-communication-audience" value=audience />
                <AddInput label=|l| td_string!(l, implementation.date) test_id="new-communication-date" value=date kind="date" />
            </AddForm>
        </div>
    }
}

/// One message of the communication plan: what, to whom, when, and whether it was told.
#[component]
fn CommunicationRow(id: String) -> impl IntoView {
    let feedback = Feedback::new();
    let entry = row_item(&id, vec![Part::Programme], |w, id| {
        w.programme
            .communications
            .iter()
            .find(|c| c.id == id)
            .cloned()
    });
    let at = FieldAt::item(ListRef::Communications, id.clone());
    view! {
        <li class="item item-line" data-testid="communication">
            <LineField label=|l| td_string!(l, implementation.message) at=at.clone() field="what" part=Part::Programme
                    stored=text_of(entry, |e| e.what.clone()) test_id="communication-what" />
            <LineField label=|l| td_string!(l, implementation.audience) at=at.clone() field="audience" part=Part::Programme
                    stored=text_of(entry, |e| e.audience.clone()) test_id="communication-audience" />
            <EditField label=label(|l| td_string!(l, implementation.date)) at=at.clone() field="date" part=Part::Programme
                kind=FieldKind::Date stored=text_of(entry, |e| e.date.clone().unwrap_or_default())
                test_id="communication-date" to_value=opt_line />
            <EditField label=label(|l| td_string!(l, implementation.done)) at=at field="done" part=Part::Programme
                kind=FieldKind::Check stored=text_of(entry, |e| e.done.to_string())
                test_id="communication-done" to_value=check />
            <RowActions list=ListRef::Communications id=id feedback=feedback />
            {feedback.view()}
        </li>
    }
}
