//! The buying centre of a key account: people at the customer with their role in the
//! buying decision, influence, attitude towards us, our contact person and the last
//! contact; drawn as a map (attitude × influence), contacts overdue flagged.

use crate::screens::words::Words;
use kam_domain::{
    command::{Command, CommandError, Item, ListRef, Value},
    model::{BuyingRole, KeyAccount, Stakeholder},
    plans::{CONTACT_DAYS, contact_due},
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::field::{EditField, FieldKind, line, opt_line},
    screens::kit::{AddForm, AddInput, RowActions, insert},
    screens::ui::{Feedback, label, new_id, people_choices, people_options, show_date, today},
    store::Part,
};

pub const ROLES: [BuyingRole; 6] = [
    BuyingRole::Decider,
    BuyingRole::Buyer,
    BuyingRole::Influencer,
    BuyingRole::User,
    BuyingRole::Initiator,
    BuyingRole::Gatekeeper,
];

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
    let add = move |()| {
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
        insert(add_list.clone(), Item::Stakeholder(s))
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
            <h2>{crate::tr(|l| td_string!(l, accounts.part_stakeholders))}</h2>
            <p class="hint">{move || td_string!(i18n.get_locale(), accounts.stakeholders_hint, days = CONTACT_DAYS).to_string()}</p>
            <StakeholderMap stakeholders=stakeholders />
            <ul class="item-list">
                <For each=move || stakeholders.with(|l| l.iter().map(|s| s.id.clone()).collect::<Vec<_>>()) key=|id| id.clone() let:sid>
                    <StakeholderRow account_id=id.clone() stakeholder_id=sid stakeholders=stakeholders feedback=feedback />
                </For>
            </ul>
            <AddForm test_id="add-stakeholder" submit_id="add-stakeholder-submit" button=|l| td_string!(l, rollout.add)
                clear=vec![name, function, last] on_add=add>
                <div class="form-grid">
                    <AddInput label=|l| td_string!(l, people.name) test_id="new-stakeholder-name" value=name text_of=Some((kam_domain::command::EntityKind::Stakeholder, "name")) />
                    <AddInput label=|l| td_string!(l, accounts.function) test_id="new-stakeholder-function" value=function text_of=Some((kam_domain::command::EntityKind::Stakeholder, "function")) />
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.buying_role))}</span>
                        <select data-testid="new-stakeholder-role" on:change=move |ev| {
                            if let Some(r) = ROLES.into_iter().find(|r| format!("{r:?}") == event_target_value(&ev)) { role.set(r) }
                        }>
                            {ROLES.into_iter().map(|r| view! { <option value=format!("{r:?}") selected=move || role.get() == r>{move || r.words(i18n.get_locale())}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.influence))}</span>
                        <select data-testid="new-stakeholder-influence" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { influence.set(v) } }>
                            {[3u8, 2, 1].into_iter().map(|v| view! { <option value=v.to_string() selected=move || influence.get() == v>{move || influence_label(v, i18n.get_locale())}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.attitude))}</span>
                        <select data-testid="new-stakeholder-attitude" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { attitude.set(v) } }>
                            {[2i8, 1, 0, -1, -2].into_iter().map(|v| view! { <option value=v.to_string() selected=move || attitude.get() == v>{move || attitude_label(v, i18n.get_locale())}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.our_contact))}</span>
                        <select data-testid="new-stakeholder-contact" on:change=move |ev| contact.set(event_target_value(&ev))>
                            <option value="">{crate::tr(|l| td_string!(l, rollout.none))}</option>
                            {move || people.get().into_iter().map(|(pid, pname)| view! { <option value=pid>{pname}</option> }).collect_view()}
                        </select></label>
                    <AddInput label=|l| td_string!(l, accounts.last_contact) test_id="new-stakeholder-last" value=last kind="date" />
                </div>
            </AddForm>
            {feedback.view()}
        </div>
    }
}

fn influence_value(v: String) -> Result<Value, CommandError> {
    v.parse().map(Value::Uint).map_err(|_| CommandError::Empty)
}

fn attitude_value(v: String) -> Result<Value, CommandError> {
    v.parse().map(Value::Int).map_err(|_| CommandError::Empty)
}

/// One person of the buying centre; every field an [`EditField`].
#[component]
fn StakeholderRow(
    account_id: String,
    stakeholder_id: String,
    stakeholders: Memo<Vec<Stakeholder>>,
    feedback: Feedback,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = ListRef::Stakeholders {
        key_account_id: account_id.clone(),
    };
    let person = {
        let sid = stakeholder_id.clone();
        Memo::new(move |_| stakeholders.with(|l| l.iter().find(|s| s.id == sid).cloned()))
    };
    let due =
        Memo::new(move |_| person.with(|s| s.as_ref().is_some_and(|s| contact_due(s, today()))));
    let of = move |f: fn(&Stakeholder) -> String| {
        Signal::derive(move || person.with(|s| s.as_ref().map(f).unwrap_or_default()))
    };
    let options =
        move |f: fn(Locale) -> Vec<(String, String)>| Signal::derive(move || f(i18n.get_locale()));
    let at = FieldAt::item(list.clone(), stakeholder_id.clone());
    let part = Part::Item("key_accounts", account_id);
    let (touch_list, touch_id) = (list.clone(), stakeholder_id.clone());
    let data_id = stakeholder_id.clone();
    view! {
        <li class="item stakeholder" class:contact-due=move || due.get() data-testid="stakeholder" data-id=data_id>
            <div class="form-grid">
                <EditField label=label(|l| td_string!(l, people.name)) at=at.clone() field="name" part=part.clone()
                    stored=of(|s| s.name.clone()) test_id="stakeholder-name" to_value=line />
                <EditField label=label(|l| td_string!(l, accounts.function)) at=at.clone() field="function" part=part.clone()
                    stored=of(|s| s.function.clone()) test_id="stakeholder-function" to_value=line />
                <EditField label=label(|l| td_string!(l, accounts.buying_role)) at=at.clone() field="role" part=part.clone()
                    kind=FieldKind::Choice(options(|l| ROLES.iter().map(|r| (format!("{r:?}"), (*r).words(l).to_string())).collect()))
                    stored=of(|s| format!("{:?}", s.role)) test_id="stakeholder-role"
                    to_value=|v: String| ROLES.into_iter().find(|r| format!("{r:?}") == v).map(Value::BuyingRole).ok_or(CommandError::Empty) />
                <EditField label=label(|l| td_string!(l, accounts.influence)) at=at.clone() field="influence" part=part.clone()
                    kind=FieldKind::Choice(options(|l| [3u8, 2, 1].iter().map(|v| (v.to_string(), influence_label(*v, l).to_string())).collect()))
                    stored=of(|s| s.influence.to_string()) test_id="stakeholder-influence"
                    to_value=influence_value />
                <EditField label=label(|l| td_string!(l, accounts.attitude)) at=at.clone() field="attitude" part=part.clone()
                    kind=FieldKind::Choice(options(|l| [2i8, 1, 0, -1, -2].iter().map(|v| (v.to_string(), attitude_label(*v, l).to_string())).collect()))
                    stored=of(|s| s.attitude.to_string()) test_id="stakeholder-attitude"
                    to_value=attitude_value />
                <EditField label=label(|l| td_string!(l, accounts.our_contact)) at=at.clone() field="contact_person_id" part=part.clone()
                    kind=FieldKind::Choice(people_options()) stored=of(|s| s.contact_person_id.clone().unwrap_or_default())
                    test_id="stakeholder-contact" to_value=opt_line />
                <EditField label=label(|l| td_string!(l, accounts.last_contact)) at=at field="last_contact" part=part
                    kind=FieldKind::Date stored=of(|s| s.last_contact.clone().unwrap_or_default())
                    test_id="stakeholder-last" to_value=opt_line />
            </div>
            <div class="item-line">
                <span class="grow" class:contact=true class:late=move || due.get()>
                    {move || {
                        let l = i18n.get_locale();
                        let last = person.with(|s| s.as_ref().and_then(|s| s.last_contact.clone()));
                        let when = last.as_deref().map(|d| show_date(d, l)).unwrap_or_else(|| td_string!(l, accounts.never).to_string());
                        let due = if due.get() { format!(" – {}", td_string!(l, accounts.contact_due)) } else { String::new() };
                        format!("{}: {when}{due}", td_string!(l, accounts.last_contact))
                    }}
                </span>
                <span class="row-actions no-print">
                    <button type="button" class="quiet" data-testid="contact-today" on:click=move |_| {
                        feedback.send(Command::set(touch_list.clone(), touch_id.clone(), "last_contact", Value::OptStr(Some(today().to_string()))));
                    }>{crate::tr(|l| td_string!(l, accounts.contacted_today))}</button>
                </span>
                <RowActions list=list id=stakeholder_id feedback=feedback />
            </div>
        </li>
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
                                <text class="role-label-below" x=cx y=cy + 43.0 text-anchor="middle">{s.role.words(l)}</text>
                            </g>
                        }
                    }).collect_view()}
                }
            }}
        </svg>
    }
}
