//! The plan of one key account: profile, SWOT (any item becomes a goal or an action in
//! one step), goals, actions, stakeholders, targets against actuals, reviews with what
//! changed since the previous one, and a one-page brief for meetings.

use kam_domain::{
    command::{Command, EntityKind, Item, ListRef, Value},
    model::{Action, Goal, KeyAccount, Review, Status, SwotItem, SwotKind, Target, Text},
    plans::{
        Change, ItemKind, PartState, PlanPart, changes_between, completeness, next_review, open,
        overdue, periods, unowned, variance, year_figures,
    },
    rank::after_last,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{light_class, light_label, stakeholders::Stakeholders};
use crate::{
    i18n::*,
    screens::people::person_name,
    screens::ui::{
        AddLine, Feedback, MoveButtons, PrintButton, RemoveButton, StatusSelect, amount_text,
        amount_value, new_id, people_choices, read, show, show_date, show_opt_amount, today,
    },
    store::use_store,
};

/// The account by id, kept current.
pub fn account_memo(id: String) -> Memo<Option<KeyAccount>> {
    Memo::new(move |_| read(|w| w.key_accounts.iter().find(|k| k.id == id).cloned()))
}

fn customer_name(k: &KeyAccount) -> String {
    read(|w| {
        w.customers
            .iter()
            .find(|c| c.id == k.customer_id)
            .map(|c| c.name.clone())
    })
    .unwrap_or_default()
}

fn part_label(p: PlanPart, l: Locale) -> &'static str {
    match p {
        PlanPart::Profile => td_string!(l, accounts.part_profile),
        PlanPart::Swot => td_string!(l, accounts.part_swot),
        PlanPart::Goals => td_string!(l, accounts.part_goals),
        PlanPart::Actions => td_string!(l, accounts.part_actions),
        PlanPart::Stakeholders => td_string!(l, accounts.part_stakeholders),
        PlanPart::Targets => td_string!(l, accounts.part_targets),
        PlanPart::Review => td_string!(l, accounts.part_review),
    }
}

pub fn swot_label(k: SwotKind, l: Locale) -> &'static str {
    match k {
        SwotKind::Strength => td_string!(l, accounts.strengths),
        SwotKind::Weakness => td_string!(l, accounts.weaknesses),
        SwotKind::Opportunity => td_string!(l, accounts.opportunities),
        SwotKind::Threat => td_string!(l, accounts.threats),
    }
}

#[component]
pub fn AccountPlanScreen() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let open = move || store.workspace.with(Option::is_some);
    view! {
        <section class="screen account-plan" data-testid="screen-account-plan">
            <p class="screen-only"><leptos_router::components::A href="/key-accounts" attr:class="back-link">{t!(i18n, accounts.back)}</leptos_router::components::A></p>
            <Show when=open fallback=|| view! { <crate::screens::NeedsWorkspace /> }>
                {move || {
                    let id = id();
                    let exists = read(|w| w.key_accounts.iter().any(|k| k.id == id));
                    if exists {
                        view! { <Plan id=id /> }.into_any()
                    } else {
                        view! { <p class="empty" data-testid="no-such-account">{t!(i18n, accounts.not_found)}</p> }.into_any()
                    }
                }}
            </Show>
        </section>
    }
}

#[component]
fn Plan(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let account = account_memo(id.clone());
    let name =
        Memo::new(move |_| account.with(|k| k.as_ref().map(customer_name).unwrap_or_default()));
    view! {
        <div class="screen-only plan-editor">
            <div class="card-head">
                <h1 data-testid="account-name">{name}</h1>
                <PrintButton />
            </div>
            <Completeness account=account />
            <Profile id=id.clone() account=account />
            <Swot id=id.clone() account=account />
            <Goals id=id.clone() account=account />
            <Actions id=id.clone() account=account />
            <Stakeholders id=id.clone() account=account />
            <Targets id=id.clone() account=account />
            <Reviews id=id.clone() account=account />
        </div>
        <Brief account=account name=name />
        {move || (name.with(String::is_empty) && account.with(Option::is_none)).then(|| view! { <p>{t!(i18n, accounts.not_found)}</p> })}
    }
}

#[component]
fn Completeness(account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || account.with(|k| k.as_ref().map(|k| {
            let c = completeness(k, today());
            let l = i18n.get_locale();
            view! {
                <div class="completeness" data-testid="completeness">
                    <strong>{td_string!(l, accounts.completeness, percent = c.percent).to_string()}</strong>
                    <ul class="parts">
                        {c.parts.iter().map(|(p, s)| {
                            let (class, mark) = match s {
                                PartState::Done => ("part-done", "✓"),
                                PartState::Stale => ("part-stale", "!"),
                                PartState::Empty => ("part-empty", "○"),
                            };
                            view! { <li class=class>{format!("{mark} {}", part_label(*p, l))}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            }
        }))}
    }
}

#[component]
fn Profile(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    view! {
        <div class="card">
            <h2>{t!(i18n, accounts.part_profile)}</h2>
            <label class="field">
                <span class="field-label">{t!(i18n, accounts.profile_hint)}</span>
                <textarea rows="4" data-testid="account-profile"
                    prop:value=move || account.with(|k| k.as_ref().map(|k| k.profile.as_str().to_string()).unwrap_or_default())
                    on:change=move |ev| { feedback.send(Command::set(ListRef::KeyAccounts, id.clone(), "profile", Value::Text(event_target_value(&ev)))); } />
            </label>
            {feedback.view()}
        </div>
    }
}

fn swot_kinds() -> [(SwotKind, &'static str); 4] {
    [
        (SwotKind::Strength, "strength"),
        (SwotKind::Weakness, "weakness"),
        (SwotKind::Opportunity, "opportunity"),
        (SwotKind::Threat, "threat"),
    ]
}

#[component]
fn Swot(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let list = ListRef::Swot {
        key_account_id: id.clone(),
    };
    view! {
        <div class="card swot" data-testid="swot">
            <h2>{t!(i18n, accounts.part_swot)}</h2>
            <p class="hint">{t!(i18n, accounts.swot_hint)}</p>
            <div class="swot-grid">
                {swot_kinds().into_iter().map(|(kind, slug)| {
                    let text = RwSignal::new(String::new());
                    let (add_list, id_for) = (list.clone(), id.clone());
                    let add = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let item = SwotItem { id: new_id(), kind, text: Text::with_value(text.get_untracked().trim()) };
                        if feedback.send(Command::Insert { list: add_list.clone(), item: Item::SwotItem(item) }) {
                            text.set(String::new());
                        }
                    };
                    let items_list = list.clone();
                    view! {
                        <section class=format!("swot-box swot-{slug}") data-testid=format!("swot-{slug}")>
                            <h3>{move || swot_label(kind, i18n.get_locale())}</h3>
                            <ul class="plain-list">
                                {move || account.with(|k| k.as_ref().map(|k| k.swot.iter().filter(|s| s.kind == kind).cloned().collect::<Vec<_>>()).unwrap_or_default())
                                    .into_iter().map(|s| {
                                        let (to_action, to_goal, remove) = (s.clone(), s.clone(), s.id.clone());
                                        let (aid, gid, rlist) = (id_for.clone(), id_for.clone(), items_list.clone());
                                        view! {
                                            <li class="swot-item" data-testid="swot-item">
                                                <span class="grow">{s.text.as_str().to_string()}</span>
                                                <span class="row-actions no-print">
                                                    <button type="button" class="quiet" data-testid="swot-to-action" on:click=move |_| {
                                                        let action = Action { id: new_id(), title: to_action.text.as_str().to_string(), owner_id: None, due: None, status: Status::Open, goal_id: None };
                                                        feedback.send(Command::Insert { list: ListRef::Actions { key_account_id: aid.clone() }, item: Item::Action(action) });
                                                    }>{t!(i18n, accounts.to_action)}</button>
                                                    <button type="button" class="quiet" data-testid="swot-to-goal" on:click=move |_| {
                                                        let rank = after_last(read(|w| w.key_accounts.iter().find(|k| k.id == gid).map(|k| k.goals.iter().map(|g| g.rank).collect::<Vec<_>>()).unwrap_or_default()));
                                                        let goal = Goal { id: new_id(), rank, title: to_goal.text.as_str().to_string(), target_date: None };
                                                        feedback.send(Command::Insert { list: ListRef::Goals { key_account_id: gid.clone() }, item: Item::Goal(goal) });
                                                    }>{t!(i18n, accounts.to_goal)}</button>
                                                    <RemoveButton on_remove=move |_| { feedback.send(Command::Remove { list: rlist.clone(), id: remove.clone() }); } />
                                                </span>
                                            </li>
                                        }
                                    }).collect_view()}
                            </ul>
                            <form class="inline-form no-print" on:submit=add>
                                <label class="field grow">
                                    <span class="visually-hidden">{move || swot_label(kind, i18n.get_locale())}</span>
                                    <input type="text" data-testid=format!("new-swot-{slug}") prop:value=text on:input=move |ev| text.set(event_target_value(&ev)) />
                                </label>
                                <button type="submit" data-testid=format!("add-swot-{slug}")>{t!(i18n, rollout.add)}</button>
                            </form>
                        </section>
                    }
                }).collect_view()}
            </div>
            {feedback.view()}
        </div>
    }
}

#[component]
fn Goals(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let list = ListRef::Goals {
        key_account_id: id.clone(),
    };
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let goals = Memo::new(move |_| {
        let mut g = account.with(|k| k.as_ref().map(|k| k.goals.clone()).unwrap_or_default());
        g.sort_by(|a, b| kam_domain::rank::compare((a.rank, &a.id), (b.rank, &b.id)));
        g
    });
    let add_list = list.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = date.get_untracked();
        let goal = Goal {
            id: new_id(),
            rank: after_last(
                goals.with_untracked(|g| g.iter().map(|g| g.rank).collect::<Vec<_>>()),
            ),
            title: title.get_untracked().trim().to_string(),
            target_date: (!d.is_empty()).then_some(d),
        };
        if feedback.send(Command::Insert {
            list: add_list.clone(),
            item: Item::Goal(goal),
        }) {
            title.set(String::new());
            date.set(String::new());
        }
    };
    view! {
        <div class="card goals" data-testid="goals">
            <h2>{t!(i18n, accounts.part_goals)}</h2>
            <ol class="item-list">
                {move || goals.get().into_iter().map(|g| {
                    let (l1, l2, l3, l4) = (list.clone(), list.clone(), list.clone(), list.clone());
                    let (i1, i2, i3, i4) = (g.id.clone(), g.id.clone(), g.id.clone(), g.id.clone());
                    let label = g.title.clone();
                    view! {
                        <li class="item" data-testid="goal">
                            <div class="item-line">
                                <label class="field grow">
                                    <span class="field-label">{t!(i18n, accounts.goal)}</span>
                                    <input type="text" data-testid="goal-title" prop:value=g.title.clone()
                                        on:change=move |ev| { feedback.send(Command::set(l1.clone(), i1.clone(), "title", Value::Str(event_target_value(&ev).trim().to_string()))); } />
                                </label>
                                <label class="field">
                                    <span class="field-label">{t!(i18n, accounts.target_date)}</span>
                                    <input type="date" data-testid="goal-date" prop:value=g.target_date.clone().unwrap_or_default()
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            feedback.send(Command::set(l2.clone(), i2.clone(), "target_date", Value::OptStr((!v.is_empty()).then_some(v))));
                                        } />
                                </label>
                                <span class="row-actions no-print">
                                    <MoveButtons label=Signal::derive(move || label.clone()) on_move=move |direction| {
                                        let ranks = goals.with_untracked(|g| g.iter().map(|g| (g.id.clone(), g.rank)).collect::<Vec<_>>());
                                        feedback.move_item(l3.clone(), &ranks, &i3, direction);
                                    } />
                                    <RemoveButton on_remove=move |_| { feedback.send(Command::Remove { list: l4.clone(), id: i4.clone() }); } />
                                </span>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <form class="add-form inline-form no-print" data-testid="add-goal" on:submit=add>
                <label class="field grow">
                    <span class="field-label">{t!(i18n, accounts.new_goal)}</span>
                    <input type="text" data-testid="new-goal-title" prop:value=title on:input=move |ev| title.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, accounts.target_date)}</span>
                    <input type="date" data-testid="new-goal-date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) />
                </label>
                <button type="submit">{t!(i18n, rollout.add)}</button>
            </form>
            {feedback.view()}
        </div>
    }
}

/// One action's editable line (also used by the review's new actions).
#[component]
fn ActionRow(list: ListRef, action: Action, goals: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let people = people_choices();
    let now = today();
    let (late, nobody) = (overdue(&action, now), unowned(&action));
    let set = {
        let (list, id) = (list.clone(), action.id.clone());
        move |field: &'static str, value: Value| {
            feedback.send(Command::set(list.clone(), id.clone(), field, value));
        }
    };
    let (s1, s2, s3, s4, s5) = (set.clone(), set.clone(), set.clone(), set.clone(), set);
    let owner = action.owner_id.clone();
    let goal = action.goal_id.clone();
    let remove = (list.clone(), action.id.clone());
    view! {
        <li class="item action" class:late=late class:unowned=nobody data-testid="action">
            <div class="item-line">
                <label class="field grow">
                    <span class="field-label">{t!(i18n, accounts.action)}</span>
                    <input type="text" data-testid="action-title" prop:value=action.title.clone()
                        on:change=move |ev| s1("title", Value::Str(event_target_value(&ev).trim().to_string())) />
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, accounts.owner)}</span>
                    <select data-testid="action-owner" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        s2("owner_id", Value::OptStr((!v.is_empty()).then_some(v)));
                    }>
                        <option value="" selected=owner.is_none()>{t!(i18n, rollout.none)}</option>
                        {move || people.get().into_iter().map(|(pid, pname)| {
                            let selected = owner.as_deref() == Some(pid.as_str());
                            view! { <option value=pid selected=selected>{pname}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">{t!(i18n, accounts.due)}</span>
                    <input type="date" data-testid="action-due" prop:value=action.due.clone().unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            s3("due", Value::OptStr((!v.is_empty()).then_some(v)));
                        } />
                </label>
                <StatusSelect id=format!("action-status-{}", action.id) current=action.status on_pick=move |s: Status| s4("status", Value::Status(s)) />
                <label class="field">
                    <span class="field-label">{t!(i18n, accounts.for_goal)}</span>
                    <select data-testid="action-goal" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        s5("goal_id", Value::OptStr((!v.is_empty()).then_some(v)));
                    }>
                        <option value="" selected=goal.is_none()>"–"</option>
                        {goals.into_iter().map(|(gid, title)| {
                            let selected = goal.as_deref() == Some(gid.as_str());
                            view! { <option value=gid selected=selected>{title}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <span class="row-actions no-print">
                    {late.then(|| view! { <span class="late-badge">{t!(i18n, plan.overdue)}</span> })}
                    {nobody.then(|| view! { <span class="late-badge unowned-badge">{t!(i18n, accounts.unowned)}</span> })}
                    <RemoveButton on_remove=move |_| { feedback.send(Command::Remove { list: remove.0.clone(), id: remove.1.clone() }); } />
                </span>
            </div>
            {feedback.view()}
        </li>
    }
}

#[component]
fn Actions(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let list = ListRef::Actions {
        key_account_id: id.clone(),
    };
    let add_list = list.clone();
    let add = move |title: String| {
        let action = Action {
            id: new_id(),
            title,
            owner_id: None,
            due: None,
            status: Status::Open,
            goal_id: None,
        };
        feedback.send(Command::Insert {
            list: add_list.clone(),
            item: Item::Action(action),
        })
    };
    view! {
        <div class="card actions" data-testid="actions">
            <h2>{t!(i18n, accounts.part_actions)}</h2>
            <p class="hint">{t!(i18n, accounts.actions_hint)}</p>
            <ul class="item-list">
                {move || account.with(|k| k.as_ref().map(|k| {
                    let goals: Vec<(String, String)> = k.goals.iter().map(|g| (g.id.clone(), g.title.clone())).collect();
                    let mut actions = k.actions.clone();
                    // Open ones first, in the order they were added.
                    actions.sort_by_key(|a| !open(a));
                    actions.into_iter().map(|a| view! { <ActionRow list=list.clone() action=a goals=goals.clone() /> }).collect_view()
                }))}
            </ul>
            <AddLine label=|l| td_string!(l, accounts.new_action) test_ids=("add-action", "new-action-title") on_add=add />
            {feedback.view()}
        </div>
    }
}

#[component]
fn Targets(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let list = ListRef::Targets {
        key_account_id: id.clone(),
    };
    let period = RwSignal::new(today().year.to_string());
    let add_list = list.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let target = Target {
            id: period.get_untracked().trim().to_string(),
            revenue_target: None,
            margin_target: None,
            revenue_actual: None,
            margin_actual: None,
        };
        feedback.send(Command::Insert {
            list: add_list.clone(),
            item: Item::Target(target),
        });
    };
    let fields = [
        ("revenue_target", "revenue_actual"),
        ("margin_target", "margin_actual"),
    ];
    view! {
        <div class="card targets" data-testid="targets">
            <h2>{t!(i18n, accounts.part_targets)}</h2>
            <p class="hint">{t!(i18n, accounts.targets_hint)}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || td_string!(i18n.get_locale(), accounts.part_targets)>
                <table class="data targets-table">
                    <thead><tr>
                        <th>{t!(i18n, accounts.period)}</th>
                        <th>{t!(i18n, accounts.revenue_target)}</th>
                        <th>{t!(i18n, accounts.revenue_actual)}</th>
                        <th>{t!(i18n, accounts.margin_target)}</th>
                        <th>{t!(i18n, accounts.margin_actual)}</th>
                        <th>{t!(i18n, accounts.variance)}</th>
                    </tr></thead>
                    <tbody>
                        {move || account.with(|k| k.as_ref().map(|k| periods(k).into_iter().cloned().collect::<Vec<_>>()).unwrap_or_default()).into_iter().map(|t| {
                            let l = i18n.get_locale();
                            let cell = |field: &'static str, value: Option<i64>| {
                                let (list, tid) = (list.clone(), t.id.clone());
                                view! {
                                    <td><input type="text" inputmode="decimal" class="amount" data-testid=format!("target-{field}")
                                        aria-label=format!("{} {}", t.id, field)
                                        prop:value=value.map(amount_text).unwrap_or_default()
                                        on:change=move |ev| match amount_value(EntityKind::Target, field, &event_target_value(&ev)) {
                                            Ok(v) => { feedback.send(Command::set(list.clone(), tid.clone(), field, Value::OptInt(v))); }
                                            Err(e) => feedback.refuse(e),
                                        } /></td>
                                }
                            };
                            let rev = variance(t.revenue_target, t.revenue_actual);
                            let mar = variance(t.margin_target, t.margin_actual);
                            view! {
                                <tr data-testid="target-row">
                                    <th scope="row">{t.id.clone()}</th>
                                    {fields.iter().flat_map(|(target, actual)| {
                                        let (tv, av) = match *target {
                                            "revenue_target" => (t.revenue_target, t.revenue_actual),
                                            _ => (t.margin_target, t.margin_actual),
                                        };
                                        [cell(target, tv), cell(actual, av)]
                                    }).collect_view()}
                                    <td class="nowrap" data-testid="variance">
                                        <span class=light_class(rev.map(|v| v.light))>{light_label(rev.map(|v| v.light), l)}</span>
                                        {rev.map(|v| format!(" {} ({:.0} %)", show_opt_amount(Some(v.difference), l), v.percent_of_target))}
                                        {mar.map(|v| view! { <br /><span class=light_class(Some(v.light))>{format!("{}: {:.0} %", td_string!(l, accounts.margin_short), v.percent_of_target)}</span> })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <TargetChart account=account />
            <form class="inline-form no-print add-form" data-testid="add-period" on:submit=add>
                <label class="field">
                    <span class="field-label">{t!(i18n, accounts.new_period)}</span>
                    <input type="text" data-testid="new-period" placeholder="2027 / 2027-Q2" prop:value=period on:input=move |ev| period.set(event_target_value(&ev)) />
                </label>
                <button type="submit">{t!(i18n, rollout.add)}</button>
            </form>
            {feedback.view()}
        </div>
    }
}

/// Bars of revenue target (outline) and actual (filled) per period.
#[component]
fn TargetChart(account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || account.with(|k| k.as_ref().and_then(|k| {
            let rows: Vec<(String, i64, i64)> = periods(k).into_iter().filter(|t| t.revenue_target.is_some() || t.revenue_actual.is_some())
                .map(|t| (t.id.clone(), t.revenue_target.unwrap_or(0), t.revenue_actual.unwrap_or(0))).collect();
            if rows.is_empty() { return None; }
            let max = rows.iter().map(|(_, a, b)| (*a).max(*b)).max().unwrap_or(1).max(1) as f64;
            let (w, h, band) = (560.0, 180.0, 520.0 / rows.len() as f64);
            let l = i18n.get_locale();
            Some(view! {
                <svg class="target-chart" viewBox=format!("0 0 {w} {}", h + 30.0) role="img" data-testid="target-chart"
                    aria-label=td_string!(l, accounts.chart_label)>
                    {rows.into_iter().enumerate().map(|(i, (period, target, actual))| {
                        let x = 30.0 + i as f64 * band;
                        let bar = (band * 0.35).min(60.0);
                        let ht = target as f64 / max * h;
                        let ha = actual as f64 / max * h;
                        view! {
                            <rect class="bar-target" x=x y=h - ht width=bar height=ht />
                            <rect class="bar-actual" x=x + bar + 4.0 y=h - ha width=bar height=ha />
                            <text class="tick" x=x + bar y=h + 18.0 text-anchor="middle">{period}</text>
                        }
                    }).collect_view()}
                    <line class="grid" x1="20" x2=w y1=h y2=h />
                </svg>
                <p class="hint legend"><span class="key key-target"></span>{td_string!(l, accounts.revenue_target)}" "<span class="key key-actual"></span>{td_string!(l, accounts.revenue_actual)}</p>
            })
        }))}
    }
}

fn change_text(kind: ItemKind, change: Change, label: &str, l: Locale) -> String {
    let what = match kind {
        ItemKind::Swot => td_string!(l, accounts.ch_swot),
        ItemKind::Goal => td_string!(l, accounts.ch_goal),
        ItemKind::Action => td_string!(l, accounts.ch_action),
        ItemKind::Stakeholder => td_string!(l, accounts.ch_stakeholder),
        ItemKind::Target => td_string!(l, accounts.ch_target),
        ItemKind::Profile => td_string!(l, accounts.ch_profile),
    };
    let how = match change {
        Change::Added => td_string!(l, accounts.ch_added),
        Change::Removed => td_string!(l, accounts.ch_removed),
        Change::Changed => td_string!(l, accounts.ch_changed),
    };
    if label.is_empty() {
        format!("{what} {how}")
    } else {
        format!("{what} «{label}» {how}")
    }
}

/// Changes of the account between two sets of heads (empty `from`: since it existed).
fn changes(account_id: &str, from: &[String], to: Option<&[String]>) -> Vec<String> {
    let store = use_store();
    let l = use_i18n().get_locale_untracked();
    let at = |heads: &[String]| {
        store
            .workspace_at_heads(heads)
            .and_then(|w| w.key_accounts.into_iter().find(|k| k.id == account_id))
    };
    let before = if from.is_empty() { None } else { at(from) };
    let after = match to {
        Some(h) => at(h),
        None => read(|w| w.key_accounts.iter().find(|k| k.id == account_id).cloned()),
    };
    after
        .map(|after| {
            changes_between(before.as_ref(), &after)
                .into_iter()
                .map(|c| change_text(c.kind, c.change, &c.label, l))
                .collect()
        })
        .unwrap_or_default()
}

#[component]
fn Reviews(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let store = use_store();
    let date = RwSignal::new(today().to_string());
    let participants = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let decisions = RwSignal::new(String::new());
    let new_action = RwSignal::new(String::new());
    let new_owner = RwSignal::new(String::new());
    let new_due = RwSignal::new(String::new());
    let people = people_choices();
    let record_id = id.clone();
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let heads: Vec<String> = store.heads().iter().map(|h| h.to_string()).collect();
        let review = Review {
            id: new_id(),
            date: date.get_untracked(),
            participants: participants.get_untracked().trim().to_string(),
            notes: Text::with_value(notes.get_untracked()),
            decisions: Text::with_value(decisions.get_untracked()),
            heads,
        };
        let mut commands = vec![Command::Insert {
            list: ListRef::Reviews {
                key_account_id: record_id.clone(),
            },
            item: Item::Review(review),
        }];
        let title = new_action.get_untracked().trim().to_string();
        if !title.is_empty() {
            let (owner, due) = (new_owner.get_untracked(), new_due.get_untracked());
            commands.push(Command::Insert {
                list: ListRef::Actions {
                    key_account_id: record_id.clone(),
                },
                item: Item::Action(Action {
                    id: new_id(),
                    title,
                    owner_id: (!owner.is_empty()).then_some(owner),
                    due: (!due.is_empty()).then_some(due),
                    status: Status::Open,
                    goal_id: None,
                }),
            });
        }
        if feedback.send(Command::Batch(commands)) {
            for s in [
                participants,
                notes,
                decisions,
                new_action,
                new_due,
                new_owner,
            ] {
                s.set(String::new());
            }
        }
    };
    let cadence_id = id.clone();
    let since_id = id.clone();
    view! {
        <div class="card reviews" data-testid="reviews">
            <h2>{t!(i18n, accounts.part_review)}</h2>
            <div class="inline-form">
                <label class="field">
                    <span class="field-label">{t!(i18n, accounts.cadence)}</span>
                    <select data-testid="review-cadence" on:change=move |ev| {
                        if let Ok(days) = event_target_value(&ev).parse::<u64>() {
                            feedback.send(Command::set(ListRef::KeyAccounts, cadence_id.clone(), "review_every_days", Value::Uint(days)));
                        }
                    }>
                        {[(30u64, "monthly"), (91, "quarterly"), (182, "half_yearly"), (365, "yearly")].into_iter().map(|(days, key)| view! {
                            <option value=days.to_string() selected=move || account.with(|k| k.as_ref().map(|k| k.review_every_days)) == Some(days)>
                                {move || match key {
                                    "monthly" => td_string!(i18n.get_locale(), accounts.monthly),
                                    "quarterly" => td_string!(i18n.get_locale(), accounts.quarterly),
                                    "half_yearly" => td_string!(i18n.get_locale(), accounts.half_yearly),
                                    _ => td_string!(i18n.get_locale(), accounts.yearly),
                                }}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <p class="hint">{move || account.with(|k| k.as_ref().map(|k| td_string!(i18n.get_locale(), accounts.next_review_on, date = show(next_review(k, today()), i18n.get_locale())).to_string()))}</p>
            </div>
            <h3>{t!(i18n, accounts.since_last)}</h3>
            <ul class="plain-list changes" data-testid="changes-since">
                {move || {
                    let last = account.with(|k| k.as_ref().and_then(|k| k.reviews.iter().max_by(|a, b| a.date.cmp(&b.date)).map(|r| r.heads.clone())));
                    match last {
                        None => view! { <li class="empty">{t!(i18n, accounts.no_review_yet)}</li> }.into_any(),
                        Some(heads) => {
                            let list = changes(&since_id, &heads, None);
                            if list.is_empty() {
                                view! { <li class="empty">{t!(i18n, accounts.no_changes)}</li> }.into_any()
                            } else {
                                list.into_iter().map(|c| view! { <li>{c}</li> }).collect_view().into_any()
                            }
                        }
                    }
                }}
            </ul>
            <form class="review-form no-print" data-testid="record-review" on:submit=record>
                <h3>{t!(i18n, accounts.record_review)}</h3>
                <div class="form-grid">
                    <label class="field"><span class="field-label">{t!(i18n, accounts.review_date)}</span>
                        <input type="date" data-testid="review-date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) /></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.participants)}</span>
                        <input type="text" data-testid="review-participants" prop:value=participants on:input=move |ev| participants.set(event_target_value(&ev)) /></label>
                </div>
                <label class="field"><span class="field-label">{t!(i18n, accounts.notes)}</span>
                    <textarea rows="2" data-testid="review-notes" prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev)) /></label>
                <label class="field"><span class="field-label">{t!(i18n, accounts.decisions)}</span>
                    <textarea rows="2" data-testid="review-decisions" prop:value=decisions on:input=move |ev| decisions.set(event_target_value(&ev)) /></label>
                <div class="form-grid">
                    <label class="field"><span class="field-label">{t!(i18n, accounts.review_action)}</span>
                        <input type="text" data-testid="review-action" prop:value=new_action on:input=move |ev| new_action.set(event_target_value(&ev)) /></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.owner)}</span>
                        <select data-testid="review-action-owner" on:change=move |ev| new_owner.set(event_target_value(&ev))>
                            <option value="" selected=move || new_owner.get().is_empty()>{t!(i18n, rollout.none)}</option>
                            {move || people.get().into_iter().map(|(pid, pname)| view! { <option value=pid>{pname}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{t!(i18n, accounts.due)}</span>
                        <input type="date" data-testid="review-action-due" prop:value=new_due on:input=move |ev| new_due.set(event_target_value(&ev)) /></label>
                </div>
                <div class="button-row"><button type="submit" class="primary" data-testid="save-review">{t!(i18n, accounts.save_review)}</button></div>
                {feedback.view()}
            </form>
            <h3>{t!(i18n, accounts.past_reviews)}</h3>
            <ol class="item-list" data-testid="review-list">
                {move || account.with(|k| k.as_ref().map(|k| {
                    let mut reviews = k.reviews.clone();
                    reviews.sort_by(|a, b| b.date.cmp(&a.date));
                    let l = i18n.get_locale();
                    let aid = k.id.clone();
                    reviews.iter().enumerate().map(|(i, r)| {
                        let previous = reviews.get(i + 1).map(|p| p.heads.clone()).unwrap_or_default();
                        let list = changes(&aid, &previous, Some(&r.heads));
                        view! {
                            <li class="item" data-testid="review">
                                <strong>{show_date(&r.date, l)}</strong>{(!r.participants.is_empty()).then(|| format!(" · {}", r.participants))}
                                {(!r.notes.as_str().is_empty()).then(|| view! { <p class="pre">{r.notes.as_str().to_string()}</p> })}
                                {(!r.decisions.as_str().is_empty()).then(|| view! { <p class="pre"><strong>{td_string!(l, accounts.decisions)}": "</strong>{r.decisions.as_str().to_string()}</p> })}
                                <details><summary>{td_string!(l, accounts.changes_count, n = list.len()).to_string()}</summary>
                                    <ul>{list.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                                </details>
                            </li>
                        }
                    }).collect_view()
                }))}
            </ol>
        </div>
    }
}

/// One A4 page for meetings (print only): facts, goals, open actions, SWOT, key people,
/// this year's figures, next review.
#[component]
fn Brief(account: Memo<Option<KeyAccount>>, name: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="account-brief print-only-block" data-testid="account-brief">
            {move || account.with(|k| k.as_ref().map(|k| {
                let l = i18n.get_locale();
                let now = today();
                let mut goals = k.goals.clone();
                goals.sort_by(|a, b| kam_domain::rank::compare((a.rank, &a.id), (b.rank, &b.id)));
                let actions: Vec<&Action> = k.actions.iter().filter(|a| open(a)).take(10).collect();
                let year = now.year.to_string();
                let figures = year_figures(k, now).cloned();
                view! {
                    <h1>{name.get()}</h1>
                    <p class="hint">{td_string!(l, accounts.brief_line, manager = person_name(k.manager_id.as_deref()), date = show(now, l), next = show(next_review(k, now), l)).to_string()}</p>
                    {(!k.profile.as_str().is_empty()).then(|| view! { <p class="pre">{k.profile.as_str().to_string()}</p> })}
                    <div class="brief-columns">
                        <div>
                            <h2>{td_string!(l, accounts.part_goals)}</h2>
                            <ul>{goals.iter().take(6).map(|g| view! { <li>{g.title.clone()}{g.target_date.as_deref().map(|d| format!(" ({})", show_date(d, l)))}</li> }).collect_view()}</ul>
                            <h2>{td_string!(l, accounts.open_actions)}</h2>
                            <ul data-testid="brief-actions">{actions.iter().map(|a| view! {
                                <li>{a.title.clone()}{format!(" – {}", a.owner_id.as_deref().map(|o| person_name(Some(o))).unwrap_or_else(|| td_string!(l, accounts.unowned).to_string()))}
                                    {a.due.as_deref().map(|d| format!(" · {}", show_date(d, l)))}</li>
                            }).collect_view()}</ul>
                        </div>
                        <div>
                            <h2>{td_string!(l, accounts.part_swot)}</h2>
                            {swot_kinds().into_iter().map(|(kind, _)| {
                                let items: Vec<String> = k.swot.iter().filter(|s| s.kind == kind).take(3).map(|s| s.text.as_str().to_string()).collect();
                                (!items.is_empty()).then(|| view! { <p><strong>{swot_label(kind, l)}": "</strong>{items.join("; ")}</p> })
                            }).collect_view()}
                            <h2>{td_string!(l, accounts.part_stakeholders)}</h2>
                            <ul>{k.stakeholders.iter().take(6).map(|s| view! { <li>{format!("{} – {}", s.name, super::stakeholders::role_label(s.role, l))}</li> }).collect_view()}</ul>
                            {figures.map(|t| view! {
                                <h2>{td_string!(l, accounts.part_targets)}" "{year.clone()}</h2>
                                <p>{format!("{}: {} / {}", td_string!(l, accounts.revenue_short), show_opt_amount(t.revenue_actual, l), show_opt_amount(t.revenue_target, l))}</p>
                            })}
                        </div>
                    </div>
                }
            }))}
        </section>
    }
}
