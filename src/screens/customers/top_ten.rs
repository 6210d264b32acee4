//! The Top 10: the ten most important key accounts as a one-page brief every employee can
//! read and print — who they are, why they matter, who looks after them, and what to do
//! when their concerns compete with others (DOMAIN.md step 8).

use kam_domain::{
    command::{Command, ListRef, Value},
    rank::Direction,
    selection::{key_accounts_ranked, top_ten},
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::kit::CardHead,
    screens::ui::{Feedback, MoveButtons, people_choices, read, show, today},
};

#[component]
pub fn TopTenPart() -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| {
        read(|w| {
            key_accounts_ranked(w)
                .into_iter()
                .map(|(k, _)| k.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let company = move || read(|w| w.name.clone());
    view! {
        <div class="card top-ten" data-testid="top-ten">
            <CardHead title=|l| td_string!(l, top_ten.heading) />
            <p class="hint screen-only">{t!(i18n, top_ten.lead)}</p>
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{t!(i18n, top_ten.none_yet)}</p> }>
                <div class="screen-only">
                    <ol class="item-list top-ten-edit">
                        <For each=move || ids.get() key=|id| id.clone() let:id>
                            <AccountEditor id=id ids=ids />
                        </For>
                    </ol>
                </div>
                <Brief company=Signal::derive(company) />
            </Show>
        </div>
    }
}

/// One key account's place and words for the brief.
#[component]
fn AccountEditor(id: String, ids: Memo<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let place = {
        let id = id.clone();
        Memo::new(move |_| ids.with(|ids| ids.iter().position(|i| *i == id).map_or(0, |p| p + 1)))
    };
    let account = {
        let id = id.clone();
        Memo::new(move |_| {
            read(|w| {
                let k = w.key_account(&id)?;
                let c = w.customer_of(k)?;
                Some((
                    c.name.clone(),
                    k.importance.as_str().to_string(),
                    k.priority_rule.as_str().to_string(),
                    k.manager_id.clone(),
                ))
            })
        })
    };
    let people = people_choices();
    let set = {
        let id = id.clone();
        move |field: &'static str, value: Value| {
            feedback.send(Command::set(ListRef::KeyAccounts, id.clone(), field, value));
        }
    };
    let (set_a, set_b, set_c) = (set.clone(), set.clone(), set.clone());
    let move_id = id.clone();
    let name = Signal::derive(move || {
        account.with(|a| a.as_ref().map(|a| a.0.clone()).unwrap_or_default())
    });
    view! {
        <li class=move || if kam_domain::selection::in_top(place.get()) { "item top-account in-top" } else { "item top-account" } data-testid="top-account">
            <div class="item-line">
                <span class="place">{move || place.get()}"."</span>
                <strong class="grow">{name}</strong>
                {move || (place.get() == 11).then(|| view! { <span class="hint">{t!(i18n, top_ten.beyond)}</span> })}
                <MoveButtons label=name on_move=move |direction: Direction| {
                    let ranks = read(|w| w.key_accounts.iter().map(|k| (k.id.clone(), k.rank)).collect::<Vec<_>>());
                    feedback.move_item(ListRef::KeyAccounts, &ranks, &move_id, direction);
                } />
            </div>
            <div class="form-grid">
                <label class="field">
                    <span class="field-label">{t!(i18n, top_ten.why)}</span>
                    <textarea rows="2" data-testid="top-why"
                        prop:value=move || account.with(|a| a.as_ref().map(|a| a.1.clone()).unwrap_or_default())
                        on:change=move |ev| set_a("importance", Value::Text(event_target_value(&ev))) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, top_ten.competing)}</span>
                    <textarea rows="2" data-testid="top-competing"
                        prop:value=move || account.with(|a| a.as_ref().map(|a| a.2.clone()).unwrap_or_default())
                        on:change=move |ev| set_b("priority_rule", Value::Text(event_target_value(&ev))) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, top_ten.who)}</span>
                    <select data-testid="top-manager" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_c("manager_id", Value::OptStr((!v.is_empty()).then_some(v)));
                    }>
                        <option value="" selected=move || account.with(|a| a.as_ref().and_then(|a| a.3.clone()).is_none())>{t!(i18n, rollout.none)}</option>
                        {move || people.get().into_iter().map(|(pid, pname)| {
                            let chosen = pid.clone();
                            view! { <option value=pid selected=move || account.with(|a| a.as_ref().and_then(|a| a.3.clone())) == Some(chosen.clone())>{pname}</option> }
                        }).collect_view()}
                    </select>
                    <span class="hint">{t!(i18n, top_ten.who_hint)}</span>
                </label>
            </div>
            {feedback.view()}
        </li>
    }
}

/// The printable page: numbered, one line of facts and two short texts per account.
#[component]
fn Brief(company: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        read(|w| {
            top_ten(w)
                .into_iter()
                .map(|(k, c)| {
                    let manager = k
                        .manager_id
                        .as_ref()
                        .and_then(|m| w.person(m))
                        .map(|p| p.name.clone());
                    (
                        k.id.clone(),
                        c.name.clone(),
                        c.industry.clone(),
                        c.region.clone(),
                        k.importance.as_str().to_string(),
                        k.priority_rule.as_str().to_string(),
                        manager,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="brief" data-testid="top-ten-brief">
            <header class="brief-head">
                <h3>{move || td_string!(i18n.get_locale(), top_ten.brief_title, company = company.get()).to_string()}</h3>
                <p class="hint">{move || td_string!(i18n.get_locale(), top_ten.brief_date, date = show(today(), i18n.get_locale())).to_string()}</p>
                <p>{t!(i18n, top_ten.brief_intro)}</p>
            </header>
            <ol class="brief-list">
                {move || {
                    let l = i18n.get_locale();
                    rows.get().into_iter().map(|(_, name, industry, region, why, competing, manager)| {
                        let facts = [industry, region].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
                        view! {
                            <li data-testid="brief-entry">
                                <p class="brief-name"><strong>{name}</strong>{(!facts.is_empty()).then(|| format!(" – {facts}"))}</p>
                                <p><span class="brief-label">{td_string!(l, top_ten.why_short)}": "</span>{if why.is_empty() { "–".to_string() } else { why }}</p>
                                <p><span class="brief-label">{td_string!(l, top_ten.who_short)}": "</span>{manager.unwrap_or_else(|| td_string!(l, top_ten.nobody).to_string())}</p>
                                <p><span class="brief-label">{td_string!(l, top_ten.competing_short)}": "</span>{if competing.is_empty() { "–".to_string() } else { competing }}</p>
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
        </section>
    }
}
