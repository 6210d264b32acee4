//! Key accounts (DOMAIN.md steps 7 and 9): every definitive key account with how complete
//! and alive its plan is, a person's open actions across all accounts, and the plan of
//! one account (`plan`).

pub mod plan;
pub mod stakeholders;

use crate::screens::words::{Titled, Words};
use kam_domain::{
    method::Area,
    model::Scheduled,
    plans::{Light, completeness, my_actions, next_review, revenue_light},
    selection::key_accounts_ranked,
};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{MethodSteps, NeedsWorkspace};
use crate::{
    i18n::*,
    screens::kit::{DataTable, col, num},
    screens::people::person_name,
    screens::ui::{people_choices, read, show, show_date, today},
    store::use_store,
};

pub fn light_class(light: Option<Light>) -> &'static str {
    match light {
        Some(Light::Green) => "light green",
        Some(Light::Amber) => "light amber",
        Some(Light::Red) => "light red",
        None => "light none",
    }
}

#[component]
pub fn AccountsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let open = move || store.workspace.with(Option::is_some);
    view! {
        <section class="screen" data-testid="screen-key-accounts">
            <h1>{move || (Area::KeyAccounts).title(i18n.get_locale())}</h1>
            <NeedsWorkspace />
            <Show when=open>
                <AccountList />
                <MyActions />
            </Show>
            <p class="lead">{move || (Area::KeyAccounts).body(i18n.get_locale())}</p>
            <MethodSteps area=Area::KeyAccounts />
        </section>
    }
}

/// One line per definitive key account: plan completeness, responsible, next review,
/// overdue actions, this year's revenue against target.
#[component]
fn AccountList() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        let now = today();
        read(|w| {
            key_accounts_ranked(w)
                .into_iter()
                .map(|(k, c)| {
                    let done = completeness(k, now).percent;
                    let late = k.actions.iter().filter(|a| a.overdue(now)).count();
                    let light = revenue_light(k, now);
                    (
                        k.id.clone(),
                        c.name.clone(),
                        k.manager_id.clone(),
                        done,
                        next_review(k, now),
                        late,
                        light,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card account-list" data-testid="account-list">
            <h2>{crate::tr(|l| td_string!(l, accounts.list_heading))}</h2>
            <Show when=move || !rows.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, accounts.none_yet))}</p> }>
                <DataTable cols=vec![col(|l| td_string!(l, accounts.account)), col(|l| td_string!(l, people.responsible)), num(|l| td_string!(l, accounts.complete)), col(|l| td_string!(l, accounts.next_review)), num(|l| td_string!(l, accounts.overdue)), col(|l| td_string!(l, accounts.revenue_vs_target))] label=|l| td_string!(l, accounts.list_heading) class="stack">
                    {move || {
                        let l = i18n.get_locale();
                        rows.get().into_iter().map(|(id, name, manager, done, next, late, light)| view! {
                            <tr data-testid="account-row">
                                <td class="name"><A href=format!("/key-accounts/{id}") attr:data-testid="open-account">{name}</A></td>
                                <td data-label=td_string!(l, people.responsible)>{person_name(manager.as_deref())}</td>
                                <td class="num" data-label=td_string!(l, accounts.complete)><span class="meter-inline"><span style=format!("width:{done}%")></span></span>{format!(" {done} %")}</td>
                                <td class:late=next.lt(&today()) data-label=td_string!(l, accounts.next_review)>{show(next, l)}</td>
                                <td class="num" class:late=late.gt(&0) data-label=td_string!(l, accounts.overdue)>{late}</td>
                                <td data-label=td_string!(l, accounts.revenue_vs_target)><span class=light_class(light)>{light.words(l)}</span></td>
                            </tr>
                        }).collect_view()
                    }}
                </DataTable>
            </Show>
        </div>
    }
}

/// A person's open actions across all key accounts.
#[component]
fn MyActions() -> impl IntoView {
    let i18n = use_i18n();
    let people = people_choices();
    let who = RwSignal::new(String::new());
    let list = Memo::new(move |_| {
        let person = who.get();
        let now = today();
        read(|w| {
            my_actions(w, &person)
                .into_iter()
                .map(|(k, a)| {
                    let customer = w
                        .customers
                        .iter()
                        .find(|c| c.id == k.customer_id)
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    (
                        k.id.clone(),
                        customer,
                        a.title.clone(),
                        a.due.clone(),
                        a.overdue(now),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card my-actions" data-testid="my-actions">
            <h2>{crate::tr(|l| td_string!(l, accounts.my_actions))}</h2>
            <label class="field">
                <span class="field-label">{crate::tr(|l| td_string!(l, people.person))}</span>
                <select data-testid="my-actions-person" on:change=move |ev| who.set(event_target_value(&ev))>
                    <option value="">{crate::tr(|l| td_string!(l, people.choose_person))}</option>
                    {move || people.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </label>
            <Show when=move || !who.get().is_empty()>
                <Show when=move || !list.with(Vec::is_empty)
                    fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, accounts.no_open_actions))}</p> }>
                    <ul class="plain-list">
                        {move || {
                            let l = i18n.get_locale();
                            list.get().into_iter().map(|(kid, customer, title, due, late)| view! {
                                <li class:late=late data-testid="my-action">
                                    <A href=format!("/key-accounts/{kid}")>{customer}</A>
                                    {format!(": {title} · {}", due.as_deref().map(|d| show_date(d, l)).unwrap_or_else(|| "–".into()))}
                                    {late.then(|| view! { " "<span class="late-badge">{crate::tr(|l| td_string!(l, plan.overdue))}</span> })}
                                </li>
                            }).collect_view()
                        }}
                    </ul>
                </Show>
            </Show>
        </div>
    }
}
