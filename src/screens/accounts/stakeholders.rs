//! The buying centre of a key account: people at the customer with their role in the
//! buying decision, influence, attitude towards us, our contact person and the last
//! contact; drawn as a map (attitude × influence), contacts overdue flagged.

use kam_domain::{
    command::{Command, Item, ListRef, Value},
    model::{BuyingRole, KeyAccount, Stakeholder},
    plans::{CONTACT_DAYS, contact_due},
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::people::person_name,
    screens::ui::{Feedback, RemoveButton, new_id, people_choices, show_date, today},
};

pub const ROLES: [BuyingRole; 6] = [
    BuyingRole::Decider,
    BuyingRole::Buyer,
    BuyingRole::Influencer,
    BuyingRole::User,
    BuyingRole::Initiator,
    BuyingRole::Gatekeeper,
];

pub fn role_label(r: BuyingRole, l: Locale) -> &'static str {
    match r {
        BuyingRole::Decider => td_string!(l, accounts.role_decider),
        BuyingRole::Buyer => td_string!(l, accounts.role_buyer),
        BuyingRole::Influencer => td_string!(l, accounts.role_influencer),
        BuyingRole::User => td_string!(l, accounts.role_user),
        BuyingRole::Initiator => td_string!(l, accounts.role_initiator),
        BuyingRole::Gatekeeper => td_string!(l, accounts.role_gatekeeper),
    }
}

fn attitude_label(a: i8, l: Locale) -> &'static str {
    match a {
        2 => td_string!(l, accounts.att_supporter),
        1 => td_string!(l, accounts.att_positive),
        0 => td_string!(l, accounts.att_neutral),
        -1 => td_string!(l, accounts.att_sceptical),
        _ => td_string!(l, accounts.att_opponent),
    }
}

fn influence_label(i: u8, l: Locale) -> &'static str {
    match i {
        3 => td_string!(l, accounts.inf_high),
        2 => td_string!(l, accounts.inf_medium),
        _ => td_string!(l, accounts.inf_low),
    }
}

#[component]
pub fn Stakeholders(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let list = ListRef::Stakeholders {
        key_account_id: id.clone(),
    };
    let people = people_choices();
    let name = RwSignal::new(String::new());
    let function = RwSignal::new(String::new());
    let role = RwSignal::new(BuyingRole::Decider);
    let influence = RwSignal::new(2u8);
    let attitude = RwSignal::new(0i8);
    let contact = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let add_list = list.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, d) = (contact.get_untracked(), last.get_untracked());
        let s = Stakeholder {
            id: new_id(),
            name: name.get_untracked().trim().to_string(),
            function: function.get_untracked().trim().to_string(),
            role: role.get_untracked(),
            influence: influence.get_untracked(),
            attitude: attitude.get_untracked(),
            contact_person_id: (!c.is_empty()).then_some(c),
            last_contact: (!d.is_empty()).then_some(d),
        };
        if feedback.send(Command::Insert {
            list: add_list.clone(),
            item: Item::Stakeholder(s),
        }) {
            name.set(String::new());
            function.set(String::new());
            last.set(String::new());
        }
    };
    let stakeholders = Memo::new(move |_| {
        account.with(|k| {
            k.as_ref()
                .map(|k| k.stakeholders.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <div class="card stakeholders" data-testid="stakeholders">
            <h2>{t!(i18n, accounts.part_stakeholders)}</h2>
            <p class="hint">{move || td_string!(i18n.get_locale(), accounts.stakeholders_hint, days = CONTACT_DAYS).to_string()}</p>
            <StakeholderMap stakeholders=stakeholders />
            <ul class="item-list">
                {move || stakeholders.get().into_iter().map(|s| {
                    let l = i18n.get_locale();
                    let due = contact_due(&s, today());
                    let (touch_list, touch_id, remove_list, remove_id) = (list.clone(), s.id.clone(), list.clone(), s.id.clone());
                    view! {
                        <li class="item stakeholder" class:contact-due=due data-testid="stakeholder">
                            <div class="item-line">
                                <span class="grow">
                                    <strong>{s.name.clone()}</strong>{(!s.function.is_empty()).then(|| format!(", {}", s.function))}
                                    <br />
                                    <span class="hint">{format!("{} · {} · {} · {}: {}",
                                        role_label(s.role, l), influence_label(s.influence, l), attitude_label(s.attitude, l),
                                        td_string!(l, accounts.our_contact), person_name(s.contact_person_id.as_deref()))}</span>
                                    <br />
                                    <span class=if due { "contact late" } else { "contact" }>
                                        {format!("{}: {}", td_string!(l, accounts.last_contact), s.last_contact.as_deref().map(|d| show_date(d, l)).unwrap_or_else(|| td_string!(l, accounts.never).to_string()))}
                                        {due.then(|| format!(" – {}", td_string!(l, accounts.contact_due)))}
                                    </span>
                                </span>
                                <span class="row-actions no-print">
                                    <button type="button" class="quiet" data-testid="contact-today" on:click=move |_| {
                                        feedback.send(Command::set(touch_list.clone(), touch_id.clone(), "last_contact", Value::OptStr(Some(today().to_string()))));
                                    }>{t!(i18n, accounts.contacted_today)}</button>
                                    <RemoveButton on_remove=move |_| { feedback.send(Command::Remove { list: remove_list.clone(), id: remove_id.clone() }); } />
                                </span>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="add-form no-print" data-testid="add-stakeholder" on:submit=add>
                <div class="form-grid">
                    <label class="field"><span class="field-label">{t!(i18n, people.name)}</span>
                        <input type="text" data-testid="new-stakeholder-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) /></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.function)}</span>
                        <input type="text" data-testid="new-stakeholder-function" prop:value=function on:input=move |ev| function.set(event_target_value(&ev)) /></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.buying_role)}</span>
                        <select data-testid="new-stakeholder-role" on:change=move |ev| {
                            if let Some(r) = ROLES.into_iter().find(|r| format!("{r:?}") == event_target_value(&ev)) { role.set(r) }
                        }>
                            {ROLES.into_iter().map(|r| view! { <option value=format!("{r:?}") selected=move || role.get() == r>{move || role_label(r, i18n.get_locale())}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.influence)}</span>
                        <select data-testid="new-stakeholder-influence" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { influence.set(v) } }>
                            {[3u8, 2, 1].into_iter().map(|v| view! { <option value=v.to_string() selected=move || influence.get() == v>{move || influence_label(v, i18n.get_locale())}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.attitude)}</span>
                        <select data-testid="new-stakeholder-attitude" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { attitude.set(v) } }>
                            {[2i8, 1, 0, -1, -2].into_iter().map(|v| view! { <option value=v.to_string() selected=move || attitude.get() == v>{move || attitude_label(v, i18n.get_locale())}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.our_contact)}</span>
                        <select data-testid="new-stakeholder-contact" on:change=move |ev| contact.set(event_target_value(&ev))>
                            <option value="">{t!(i18n, rollout.none)}</option>
                            {move || people.get().into_iter().map(|(pid, pname)| view! { <option value=pid>{pname}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.last_contact)}</span>
                        <input type="date" data-testid="new-stakeholder-last" prop:value=last on:input=move |ev| last.set(event_target_value(&ev)) /></label>
                </div>
                <div class="button-row"><button type="submit" data-testid="add-stakeholder-submit">{t!(i18n, rollout.add)}</button></div>
            </form>
            {feedback.view()}
        </div>
    }
}

/// Attitude (opponent … supporter, left to right) against influence (low … high, bottom
/// to top); each person a labelled circle, overdue contacts with a red ring.
#[component]
fn StakeholderMap(stakeholders: Memo<Vec<Stakeholder>>) -> impl IntoView {
    let i18n = use_i18n();
    const W: f64 = 600.0;
    const H: f64 = 300.0;
    let x = |att: i8| 60.0 + (f64::from(att) + 2.0) / 4.0 * (W - 120.0);
    let y = |inf: u8| 30.0 + (3.0 - f64::from(inf)) / 2.0 * (H - 80.0);
    view! {
        <svg class="stakeholder-map" viewBox=format!("0 0 {W} {H}") role="img" data-testid="stakeholder-map"
            aria-label=move || td_string!(i18n.get_locale(), accounts.map_label).to_string()>
            {move || {
                let l = i18n.get_locale();
                let now = today();
                let people = stakeholders.get();
                view! {
                    <rect class="zone-oppose" x="0" y="0" width=W / 2.0 height=H - 30.0 />
                    <rect class="zone-support" x=W / 2.0 y="0" width=W / 2.0 height=H - 30.0 />
                    {[3u8, 2, 1].into_iter().map(|i| view! {
                        <line class="grid" x1="0" x2=W y1=y(i) y2=y(i) />
                        <text class="tick" x="4" y=y(i) - 4.0>{influence_label(i, l)}</text>
                    }).collect_view()}
                    <text class="axis" x="8" y=H - 8.0>{format!("← {}", attitude_label(-2, l))}</text>
                    <text class="axis" x=W - 8.0 y=H - 8.0 text-anchor="end">{format!("{} →", attitude_label(2, l))}</text>
                    {people.iter().enumerate().map(|(i, s)| {
                        // Several people in one cell are spread sideways.
                        let same = people.iter().take(i).filter(|o| o.attitude == s.attitude && o.influence == s.influence).count();
                        let cx = x(s.attitude) + same as f64 * 26.0 - 10.0;
                        let cy = y(s.influence) + 22.0;
                        let due = contact_due(s, now);
                        view! {
                            <g class=if due { "person due" } else { "person" } data-testid="map-person">
                                <circle cx=cx cy=cy r="12" />
                                <text class="person-label" x=cx y=cy + 28.0 text-anchor="middle">{s.name.clone()}</text>
                                <text class="role-label-below" x=cx y=cy + 43.0 text-anchor="middle">{role_label(s.role, l)}</text>
                            </g>
                        }
                    }).collect_view()}
                }
            }}
        </svg>
    }
}
