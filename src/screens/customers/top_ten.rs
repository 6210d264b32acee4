//! The Top 10: the ten most important key accounts as a one-page brief every employee can
//! read and print — who they are, why they matter, who looks after them, and what to do
//! when their concerns compete with others (DOMAIN.md step 8).

use kam_domain::{
    command::ListRef,
    rank::Direction,
    selection::{key_accounts_ranked, top_ten},
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::field::{EditField, FieldKind, lines, opt_line},
    screens::kit::{CardHead, row_item, text_of},
    screens::ui::{Feedback, MoveButtons, label, people_options, read, show, today},
    store::Part,
};

#[component]
pub fn TopTenPart() -> impl IntoView {
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
            <p class="hint screen-only">{crate::tr(|l| td_string!(l, top_ten.lead))}</p>
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{crate::tr(|l| td_string!(l, top_ten.none_yet))}</p> }>
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
    let feedback = Feedback::new();
    let place = {
        let id = id.clone();
        Memo::new(move |_| ids.with(|ids| ids.iter().position(|i| *i == id).map_or(0, |p| p + 1)))
    };
    let parts = vec![
        Part::Item("key_accounts", id.clone()),
        Part::Items("customers"),
    ];
    let name = row_item(&id, parts, |w, id| {
        let k = w.key_account(id)?;
        w.customer_of(k).map(|c| c.name.clone())
    });
    let name = text_of(name, String::clone);
    let at = FieldAt::item(ListRef::KeyAccounts, id.clone());
    let part = Part::Item("key_accounts", id.clone());
    let account = row_item(&id, vec![part.clone()], |w, id| w.key_account(id).cloned());
    let move_id = id.clone();
    view! {
        <li class=move || if kam_domain::selection::in_top(place.get()) { "item top-account in-top" } else { "item top-account" } data-testid="top-account">
            <div class="item-line">
                <span class="place">{move || place.get()}"."</span>
                <strong class="grow">{name}</strong>
                {move || (place.get() == 11).then(|| view! { <span class="hint">{crate::tr(|l| td_string!(l, top_ten.beyond))}</span> })}
                <MoveButtons label=name on_move=move |direction: Direction| {
                    feedback.move_item(ListRef::KeyAccounts, &move_id, direction);
                } />
            </div>
            <div class="form-grid">
                <EditField label=label(|l| td_string!(l, top_ten.why)) at=at.clone() field="importance" part=part.clone()
                    kind=FieldKind::Lines stored=text_of(account, |k| k.importance.as_str().to_string())
                    test_id="top-why" to_value=lines />
                <EditField label=label(|l| td_string!(l, top_ten.competing)) at=at.clone() field="priority_rule" part=part.clone()
                    kind=FieldKind::Lines stored=text_of(account, |k| k.priority_rule.as_str().to_string())
                    test_id="top-competing" to_value=lines />
                <div>
                    <EditField label=label(|l| td_string!(l, top_ten.who)) at=at field="manager_id" part=part
                        kind=FieldKind::Choice(people_options()) stored=text_of(account, |k| k.manager_id.clone().unwrap_or_default())
                        test_id="top-manager" to_value=opt_line />
                    <span class="hint">{crate::tr(|l| td_string!(l, top_ten.who_hint))}</span>
                </div>
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
                <p>{crate::tr(|l| td_string!(l, top_ten.brief_intro))}</p>
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
