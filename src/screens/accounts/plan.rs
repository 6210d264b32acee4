//! The plan of one key account: profile, SWOT (any item becomes a goal or an action in
//! one step), goals, actions, stakeholders, targets against actuals, reviews with what
//! changed since the previous one, and a one-page brief for meetings.

use crate::screens::words::Words;
use kam_domain::{
    command::{Command, EntityKind, Item, ListRef, Value},
    model::{Action, Goal, KeyAccount, Scheduled, Status, SwotItem, SwotKind, Target, Text},
    plans::{
        Change, ItemKind, PartState, ReviewDraft, SwotInto, account, changes_between, completeness,
        latest_review, next_review, open, periods, record_review, review_before,
        reviews_newest_first, swot_to, unowned, variance, year_figures,
    },
    rank::after_last,
    versions::FieldAt,
};
use leptos::prelude::*;

use crate::screens::kit::DateInput;
use leptos_router::hooks::use_params_map;

use super::{light_class, stakeholders::Stakeholders};
use crate::{
    i18n::*,
    screens::field::{EditField, FieldKind, lines, opt_line},
    screens::kit::{
        AddForm, AddInput, AddLine, CardHead, DataTable, LineField, RowActions, col, insert,
        text_of,
    },
    screens::people::person_name,
    screens::ui::{
        Feedback, PrintButton, RemoveButton, amount_text, amount_value, cents_text, field_name,
        label, new_id, people_choices, people_options, show, show_date, show_opt_amount,
        status_options, status_value, today, whole_number,
    },
    store::{Part, use_store},
};

/// The account by id, kept current: re-read only when this key account (or the list of
/// key accounts) changes. Two items made for one customer concurrently are read as one
/// (`plans::account`).
pub fn account_memo(id: String) -> Memo<Option<KeyAccount>> {
    let store = use_store();
    Memo::new(move |_| {
        store.read_parts(
            &[
                Part::Item("key_accounts", id.clone()),
                Part::List("key_accounts"),
            ],
            |w| account(w, &id),
        )
    })
}

fn customer_name(k: &KeyAccount) -> String {
    use_store()
        .read_parts(&[Part::Item("customers", k.customer_id.clone())], |w| {
            w.customers
                .iter()
                .find(|c| c.id == k.customer_id)
                .map(|c| c.name.clone())
        })
        .unwrap_or_default()
}

#[component]
pub fn AccountPlanScreen() -> impl IntoView {
    let store = use_store();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let open = Memo::new(move |_| store.workspace.with(Option::is_some));
    // Whether the account exists is re-read when the list of key accounts changes, not
    // on every change: the plan (and what someone types in it) stays as it is.
    let exists = Memo::new(move |_| {
        let id = id();
        store.read_parts(&[Part::List("key_accounts")], |w| {
            w.key_accounts.iter().any(|k| k.id == id)
        })
    });
    view! {
        <section class="screen account-plan" data-testid="screen-account-plan">
            <p class="screen-only"><leptos_router::components::A href="/key-accounts" attr:class="back-link">{crate::tr(|l| td_string!(l, accounts.back))}</leptos_router::components::A></p>
            <Show when=move || open.get() fallback=|| view! { <crate::screens::NeedsWorkspace /> }>
                <Show when=move || exists.get()
                    fallback=move || view! { <p class="empty" data-testid="no-such-account">{crate::tr(|l| td_string!(l, accounts.not_found))}</p> }>
                    {move || view! { <Plan id=id() /> }}
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn Plan(id: String) -> impl IntoView {
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
            <crate::screens::controlling::whitespace::AccountWhitespace id=id.clone() account=account />
            <Reviews id=id.clone() account=account />
        </div>
        <Brief account=account name=name />
        {move || (name.with(String::is_empty) && account.with(Option::is_none)).then(|| view! { <p>{crate::tr(|l| td_string!(l, accounts.not_found))}</p> })}
    }
}

#[component]
fn Completeness(account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    // Re-rendered only when the completeness itself changes, not on every edit.
    let state = Memo::new(move |_| account.with(|k| k.as_ref().map(|k| completeness(k, today()))));
    view! {
        {move || state.with(|c| c.as_ref().map(|c| {
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
                            view! { <li class=class>{format!("{mark} {}", (*p).words(l))}</li> }
                        }).collect_view()}
                    </ul>
                    // What the marks mean (issue 19: the "!" was unexplained).
                    <p class="hint" data-testid="completeness-legend">{td_string!(l, accounts.completeness_legend)}</p>
                </div>
            }
        }))}
    }
}

#[component]
fn Profile(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let at = FieldAt::item(ListRef::KeyAccounts, id.clone());
    view! {
        <div class="card">
            <h2>{crate::tr(|l| td_string!(l, accounts.part_profile))}</h2>
            <EditField label=label(|l| td_string!(l, accounts.profile_hint)) at=at field="profile"
                part=Part::Item("key_accounts", id.clone()) kind=FieldKind::Lines test_id="account-profile"
                stored=Signal::derive(move || account.with(|k| k.as_ref().map(|k| k.profile.as_str().to_string()).unwrap_or_default()))
                to_value=lines />
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
            <CardHead title=|l| td_string!(l, accounts.part_swot) hint=|l| td_string!(l, accounts.swot_hint) print=false />
            <div class="swot-grid">
                {swot_kinds().into_iter().map(|(kind, slug)| {
                    let text = RwSignal::new(String::new());
                    let add_list = list.clone();
                    // A refusal shows in this box's form, next to what was typed.
                    let added = Feedback::new();
                    let add = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let item = SwotItem { id: new_id(), kind, text: Text::with_value(text.get_untracked().trim()) };
                        if added.send(Command::Insert { list: add_list.clone(), item: Item::SwotItem(item) }) {
                            text.set(String::new());
                        }
                    };
                    let max = kam_domain::validate::text_kind(kam_domain::command::EntityKind::SwotItem, "text").max();
                    let items_list = list.clone();
                    view! {
                        <section class=format!("swot-box swot-{slug}") data-testid=format!("swot-{slug}")>
                            <h3>{move || kind.words(i18n.get_locale())}</h3>
                            <ul class="plain-list">
                                <For each=move || account.with(|k| k.as_ref().map(|k| k.swot.iter().filter(|s| s.kind == kind).map(|s| s.id.clone()).collect::<Vec<_>>()).unwrap_or_default())
                                    key=|id| id.clone() let:item_id>
                                    <SwotRow item_id=item_id account=account list=items_list.clone() feedback=feedback />
                                </For>
                            </ul>
                            <form class="inline-form no-print" on:submit=add>
                                <label class="field grow">
                                    <span class="visually-hidden">{move || kind.words(i18n.get_locale())}</span>
                                    <input type="text" data-testid=format!("new-swot-{slug}") prop:value=text on:input=move |ev| text.set(event_target_value(&ev)) />
                                </label>
                                <button type="submit" data-testid=format!("add-swot-{slug}")>{crate::tr(|l| td_string!(l, rollout.add))}</button>
                                <crate::screens::kit::TextCount text=text max=max />
                                {added.view()}
                            </form>
                        </section>
                    }
                }).collect_view()}
            </div>
            {feedback.view()}
        </div>
    }
}

/// One SWOT point with its one-step conversions into a goal or an action.
#[component]
fn SwotRow(
    item_id: String,
    account: Memo<Option<KeyAccount>>,
    list: ListRef,
    feedback: Feedback,
) -> impl IntoView {
    let item = {
        let item_id = item_id.clone();
        Memo::new(move |_| {
            account.with(|k| {
                k.as_ref()
                    .and_then(|k| k.swot.iter().find(|s| s.id == item_id).cloned())
            })
        })
    };
    let text = move || {
        item.with(|s| {
            s.as_ref()
                .map(|s| s.text.as_str().to_string())
                .unwrap_or_default()
        })
    };
    let swot_id = StoredValue::new(item_id.clone());
    let convert = move |into: SwotInto| {
        let command = account.with_untracked(|k| {
            k.as_ref()
                .and_then(|k| swot_id.with_value(|id| swot_to(k, id, into, new_id())))
        });
        if let Some(command) = command {
            feedback.send(command);
        }
    };
    let data_id = item_id.clone();
    view! {
        <li class="swot-item" data-testid="swot-item" data-id=data_id>
            <span class="grow">{text}</span>
            <span class="row-actions no-print">
                <button type="button" class="quiet" data-testid="swot-to-action" on:click=move |_| convert(SwotInto::Action)>{crate::tr(|l| td_string!(l, accounts.to_action))}</button>
                <button type="button" class="quiet" data-testid="swot-to-goal" on:click=move |_| convert(SwotInto::Goal)>{crate::tr(|l| td_string!(l, accounts.to_goal))}</button>
                <RemoveButton on_remove=move |_| { feedback.send(Command::Remove { list: list.clone(), id: item_id.clone() }); } />
            </span>
        </li>
    }
}

#[component]
fn Goals(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let feedback = Feedback::new();
    let list = ListRef::Goals {
        key_account_id: id.clone(),
    };
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let goals = Memo::new(move |_| {
        account.with(|k| {
            k.as_ref()
                .map(|k| {
                    kam_domain::rank::sorted(&k.goals)
                        .into_iter()
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let add = move |()| {
        let d = date.get_untracked();
        let goal = Goal {
            id: new_id(),
            rank: after_last(
                goals.with_untracked(|g| g.iter().map(|g| g.rank).collect::<Vec<_>>()),
            ),
            title: title.get_untracked().trim().to_string(),
            target_date: (!d.is_empty()).then_some(d),
        };
        insert(list.clone(), Item::Goal(goal))
    };
    view! {
        <div class="card goals" data-testid="goals">
            <h2>{crate::tr(|l| td_string!(l, accounts.part_goals))}</h2>
            <ol class="item-list">
                <For each=move || goals.with(|g| g.iter().map(|g| g.id.clone()).collect::<Vec<_>>()) key=|id| id.clone() let:goal_id>
                    <GoalRow account_id=id.clone() goal_id=goal_id goals=goals feedback=feedback />
                </For>
            </ol>
            <AddForm test_id="add-goal" button=|l| td_string!(l, rollout.add) clear=vec![title, date] on_add=add>
                <AddInput label=|l| td_string!(l, accounts.new_goal) test_id="new-goal-title" value=title text_of=Some((kam_domain::command::EntityKind::Goal, "title")) />
                <AddInput label=|l| td_string!(l, accounts.target_date) test_id="new-goal-date" value=date kind="date" />
            </AddForm>
            {feedback.view()}
        </div>
    }
}

/// One goal of the plan: title and target date, order, remove.
#[component]
fn GoalRow(
    account_id: String,
    goal_id: String,
    goals: Memo<Vec<Goal>>,
    feedback: Feedback,
) -> impl IntoView {
    let list = ListRef::Goals {
        key_account_id: account_id.clone(),
    };
    let goal = {
        let goal_id = goal_id.clone();
        Memo::new(move |_| goals.with(|g| g.iter().find(|g| g.id == goal_id).cloned()))
    };
    let title = text_of(goal, |g| g.title.clone());
    let at = FieldAt::item(list.clone(), goal_id.clone());
    let part = Part::Item("key_accounts", account_id);
    let data_id = goal_id.clone();
    view! {
        <li class="item" data-testid="goal" data-id=data_id>
            <div class="item-line">
                <LineField label=|l| td_string!(l, accounts.goal) at=at.clone() field="title" part=part.clone()
                    stored=title test_id="goal-title" />
                <EditField label=label(|l| td_string!(l, accounts.target_date)) at=at field="target_date" part=part
                    kind=FieldKind::Date stored=text_of(goal, |g| g.target_date.clone().unwrap_or_default()) test_id="goal-date" to_value=opt_line />
                <RowActions list=list id=goal_id feedback=feedback move_label=title />
            </div>
        </li>
    }
}

/// One action's editable line: re-renders only when this action changes.
#[component]
fn ActionRow(
    account_id: String,
    action_id: String,
    account: Memo<Option<KeyAccount>>,
    /// The plan's goals as choices (one list for all rows).
    goals: Memo<Vec<(String, String)>>,
) -> impl IntoView {
    let feedback = Feedback::new();
    let list = ListRef::Actions {
        key_account_id: account_id.clone(),
    };
    let action = {
        let action_id = action_id.clone();
        Memo::new(move |_| {
            account.with(|k| {
                k.as_ref()
                    .and_then(|k| k.actions.iter().find(|a| a.id == action_id).cloned())
            })
        })
    };
    let late = Memo::new(move |_| action.with(|a| a.as_ref().is_some_and(|a| a.overdue(today()))));
    let nobody = Memo::new(move |_| action.with(|a| a.as_ref().is_some_and(unowned)));
    let of = move |f: fn(&Action) -> String| text_of(action, f);
    let at = FieldAt::item(list.clone(), action_id.clone());
    let part = Part::Item("key_accounts", account_id);
    // Opened from the cockpit (`#action-…`): this action is brought into view once.
    let anchor = format!("action-{action_id}");
    let focused = RwSignal::new(false);
    {
        let anchor = anchor.clone();
        Effect::new(move |_| {
            let Some(window) = web_sys::window() else {
                return;
            };
            if window.location().hash().ok().as_deref() != Some(&format!("#{anchor}")) {
                return;
            }
            focused.set(true);
            if let Some(el) = window.document().and_then(|d| d.get_element_by_id(&anchor)) {
                el.scroll_into_view();
            }
        });
    }
    let data_id = action_id.clone();
    view! {
        <li class="item action" id=anchor class:focused=move || focused.get() class:late=move || late.get() class:unowned=move || nobody.get() data-testid="action" data-id=data_id>
            <div class="item-line">
                <LineField label=|l| td_string!(l, accounts.action) at=at.clone() field="title" part=part.clone()
                    stored=of(|a| a.title.clone()) test_id="action-title" />
                <EditField label=label(|l| td_string!(l, accounts.owner)) at=at.clone() field="owner_id" part=part.clone()
                    kind=FieldKind::Choice(people_options()) stored=of(|a| a.owner_id.clone().unwrap_or_default())
                    test_id="action-owner" to_value=opt_line />
                <EditField label=label(|l| td_string!(l, accounts.due)) at=at.clone() field="due" part=part.clone()
                    kind=FieldKind::Date stored=of(|a| a.due.clone().unwrap_or_default()) test_id="action-due" to_value=opt_line />
                <EditField label=label(|l| td_string!(l, plan.status_label)) at=at.clone() field="status" part=part.clone()
                    kind=FieldKind::Choice(status_options()) stored=of(|a| format!("{:?}", a.status))
                    test_id="action-status" to_value=status_value />
                <EditField label=label(|l| td_string!(l, accounts.for_goal)) at=at field="goal_id" part=part
                    kind=FieldKind::Choice(goals.into()) stored=of(|a| a.goal_id.clone().unwrap_or_default())
                    test_id="action-goal" to_value=opt_line />
                <span class="row-actions no-print">
                    <Show when=move || late.get()><span class="late-badge">{crate::tr(|l| td_string!(l, plan.overdue))}</span></Show>
                    <Show when=move || nobody.get()><span class="late-badge unowned-badge">{crate::tr(|l| td_string!(l, accounts.unowned))}</span></Show>
                </span>
                <RowActions list=list id=action_id feedback=feedback />
            </div>
            {feedback.view()}
        </li>
    }
}

#[component]
fn Actions(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
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
        insert(add_list.clone(), Item::Action(action))
    };
    let goals = Memo::new(move |_| {
        account.with(|k| {
            let mut options = vec![(String::new(), "–".to_string())];
            if let Some(k) = k {
                options.extend(k.goals.iter().map(|g| (g.id.clone(), g.title.clone())));
            }
            options
        })
    });
    // Open ones first, in the order they were added.
    let order = Memo::new(move |_| {
        account.with(|k| {
            let mut actions: Vec<(bool, String)> = k
                .as_ref()
                .map(|k| k.actions.iter().map(|a| (!open(a), a.id.clone())).collect())
                .unwrap_or_default();
            kam_domain::order::sort_by_key(&mut actions, |(done, _)| *done);
            actions.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card actions" data-testid="actions">
            <CardHead title=|l| td_string!(l, accounts.part_actions) hint=|l| td_string!(l, accounts.actions_hint) print=false />
            <ul class="item-list">
                <For each=move || order.get() key=|id| id.clone() let:action_id>
                    <ActionRow account_id=id.clone() action_id=action_id account=account goals=goals />
                </For>
            </ul>
            <AddLine label=|l| td_string!(l, accounts.new_action) test_ids=("add-action", "new-action-title") text_of=Some((kam_domain::command::EntityKind::Action, "title")) on_add=add />
            {feedback.view()}
        </div>
    }
}

#[component]
fn Targets(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let list = ListRef::Targets {
        key_account_id: id.clone(),
    };
    let period = RwSignal::new(today().year.to_string());
    // The period stays (the next one is usually typed over it).
    let add = move |()| {
        let target = Target {
            id: period.get_untracked().trim().to_string(),
            revenue_target: None,
            margin_target: None,
            revenue_actual: None,
            margin_actual: None,
        };
        insert(list.clone(), Item::Target(target))
    };
    view! {
        <div class="card targets" data-testid="targets">
            <CardHead title=|l| td_string!(l, accounts.part_targets) hint=|l| td_string!(l, accounts.targets_hint) print=false />
            <DataTable cols=vec![col(|l| td_string!(l, accounts.period)), col(|l| td_string!(l, accounts.revenue_target)), col(|l| td_string!(l, accounts.revenue_actual)), col(|l| td_string!(l, accounts.margin_target)), col(|l| td_string!(l, accounts.margin_actual)), col(|l| td_string!(l, accounts.variance))] label=|l| td_string!(l, accounts.part_targets) class="targets-table">
                <For each=move || account.with(|k| k.as_ref().map(|k| periods(k).into_iter().map(|t| t.id.clone()).collect::<Vec<_>>()).unwrap_or_default())
                    key=|id| id.clone() let:period_id>
                    <TargetRow account_id=id.clone() period_id=period_id account=account />
                </For>
            </DataTable>
            <TargetChart account=account />
            <AddForm test_id="add-period" button=|l| td_string!(l, rollout.add) clear=vec![] on_add=add>
                <AddInput label=|l| td_string!(l, accounts.new_period) test_id="new-period" value=period placeholder=|_| "2027 / 2027-Q2" />
            </AddForm>
        </div>
    }
}

/// One period of targets and actuals; each amount an [`EditField`].
#[component]
fn TargetRow(
    account_id: String,
    period_id: String,
    account: Memo<Option<KeyAccount>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let target = {
        let period_id = period_id.clone();
        Memo::new(move |_| {
            account.with(|k| {
                k.as_ref()
                    .and_then(|k| k.targets.iter().find(|t| t.id == period_id).cloned())
            })
        })
    };
    let at = FieldAt::Item {
        list: ListRef::Targets {
            key_account_id: account_id.clone(),
        },
        id: period_id.clone(),
    };
    let part = Part::Item("key_accounts", account_id);
    let cell = move |field: &'static str, get: fn(&Target) -> Option<i64>| {
        let (at, part, period) = (at.clone(), part.clone(), period_id.clone());
        view! {
            <td class="amount-cell">
                <EditField label=Signal::derive(move || format!("{period} {}", field_name(field, i18n.get_locale()))) quiet_label=true
                    at=at field=field part=part kind=FieldKind::Number test_id=field_test_id(field)
                    stored=Signal::derive(move || target.with(|t| t.as_ref().and_then(get).map(amount_text).unwrap_or_default()))
                    from_stored=cents_text
                    to_value=move |text: String| amount_value(EntityKind::Target, field, &text).map(Value::OptInt) />
            </td>
        }
    };
    let variance_cell = move || {
        target.with(|t| t.as_ref().map(|t| {
        let l = i18n.get_locale();
        let rev = variance(t.revenue_target, t.revenue_actual);
        let mar = variance(t.margin_target, t.margin_actual);
        view! {
            <span class=light_class(rev.map(|v| v.light))>{(rev.map(|v| v.light)).words(l)}</span>
            {rev.map(|v| format!(" {} ({:.0} %)", show_opt_amount(Some(v.difference), l), v.percent_of_target))}
            {mar.map(|v| view! { <br /><span class=light_class(Some(v.light))>{format!("{}: {:.0} %", td_string!(l, accounts.margin_short), v.percent_of_target)}</span> })}
        }
    }))
    };
    let period = target.with_untracked(|t| t.as_ref().map(|t| t.id.clone()).unwrap_or_default());
    view! {
        <tr data-testid="target-row">
            <th scope="row">{period}</th>
            {cell("revenue_target", |t| t.revenue_target)}
            {cell("revenue_actual", |t| t.revenue_actual)}
            {cell("margin_target", |t| t.margin_target)}
            {cell("margin_actual", |t| t.margin_actual)}
            <td class="nowrap" data-testid="variance">{variance_cell}</td>
        </tr>
    }
}

/// `data-testid` of a target's amount field (as the tests knew them).
fn field_test_id(field: &'static str) -> &'static str {
    match field {
        "revenue_target" => "target-revenue_target",
        "revenue_actual" => "target-revenue_actual",
        "margin_target" => "target-margin_target",
        _ => "target-margin_actual",
    }
}

/// Bars of revenue target (outline) and actual (filled) per period.
#[component]
fn TargetChart(account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let data = Memo::new(move |_| {
        account.with(|k| {
            k.as_ref()
                .map(|k| {
                    periods(k)
                        .into_iter()
                        .filter(|t| t.revenue_target.is_some() || t.revenue_actual.is_some())
                        .map(|t| {
                            (
                                t.id.clone(),
                                t.revenue_target.unwrap_or(0),
                                t.revenue_actual.unwrap_or(0),
                            )
                        })
                        .collect::<Vec<(String, i64, i64)>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        {move || data.with(|rows| {
            let rows = rows.clone();
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
        })}
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

/// The account as it was at the given heads (a review's), read from the history once.
fn account_at(account_id: &str, heads: &[String]) -> Option<KeyAccount> {
    if heads.is_empty() {
        return None;
    }
    use_store()
        .workspace_at_heads(heads)
        .and_then(|w| account(&w, account_id))
}

/// What changed from `before` to `after`, in words.
fn changes(before: Option<&KeyAccount>, after: Option<&KeyAccount>) -> Vec<String> {
    let l = use_i18n().get_locale_untracked();
    after
        .map(|after| {
            changes_between(before, after)
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
        let draft = ReviewDraft {
            date: date.get_untracked(),
            participants: participants.get_untracked(),
            notes: notes.get_untracked(),
            decisions: decisions.get_untracked(),
            action_title: new_action.get_untracked(),
            action_owner: new_owner.get_untracked(),
            action_due: new_due.get_untracked(),
        };
        if feedback.send(record_review(&record_id, draft, heads, new_id)) {
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
    let cadences = Signal::derive(move || {
        let l = i18n.get_locale();
        vec![
            (
                "30".to_string(),
                td_string!(l, accounts.monthly).to_string(),
            ),
            (
                "91".to_string(),
                td_string!(l, accounts.quarterly).to_string(),
            ),
            (
                "182".to_string(),
                td_string!(l, accounts.half_yearly).to_string(),
            ),
            (
                "365".to_string(),
                td_string!(l, accounts.yearly).to_string(),
            ),
        ]
    });
    // The account at the last review is read from the history once per review, not
    // on every change; what changed since is then cheap.
    let last_heads = Memo::new(move |_| {
        account.with(|k| k.as_ref().and_then(latest_review).map(|r| r.heads.clone()))
    });
    let at_last = {
        let id = id.clone();
        Memo::new(move |_| last_heads.get().map(|h| account_at(&id, &h)))
    };
    let since = Memo::new(move |_| {
        at_last.with(|before| {
            before
                .as_ref()
                .map(|before| account.with(|after| changes(before.as_ref(), after.as_ref())))
        })
    });
    let review_ids = Memo::new(move |_| {
        account.with(|k| {
            k.as_ref()
                .map(|k| {
                    reviews_newest_first(k)
                        .into_iter()
                        .map(|r| r.id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <div class="card reviews" data-testid="reviews">
            <h2>{crate::tr(|l| td_string!(l, accounts.part_review))}</h2>
            <div class="inline-form">
                <EditField label=label(|l| td_string!(l, accounts.cadence))
                    at=FieldAt::Item { list: ListRef::KeyAccounts, id: cadence_id.clone() } field="review_every_days"
                    part=Part::Item("key_accounts", cadence_id.clone()) kind=FieldKind::Choice(cadences)
                    stored=Signal::derive(move || account.with(|k| k.as_ref().map(|k| k.review_every_days.to_string()).unwrap_or_default()))
                    test_id="review-cadence" to_value=whole_number(EntityKind::KeyAccount, "review_every_days") />
                <p class="hint">{move || account.with(|k| k.as_ref().map(|k| td_string!(i18n.get_locale(), accounts.next_review_on, date = show(next_review(k, today()), i18n.get_locale())).to_string()))}</p>
            </div>
            <h3>{crate::tr(|l| td_string!(l, accounts.since_last))}</h3>
            <ul class="plain-list changes" data-testid="changes-since">
                {move || match since.get() {
                    None => view! { <li class="empty">{crate::tr(|l| td_string!(l, accounts.no_review_yet))}</li> }.into_any(),
                    Some(list) if list.is_empty() => view! { <li class="empty">{crate::tr(|l| td_string!(l, accounts.no_changes))}</li> }.into_any(),
                    Some(list) => list.into_iter().map(|c| view! { <li>{c}</li> }).collect_view().into_any(),
                }}
            </ul>
            <form class="review-form no-print" data-testid="record-review" on:submit=record>
                <h3>{crate::tr(|l| td_string!(l, accounts.record_review))}</h3>
                <div class="form-grid">
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.review_date))}</span>
                        <DateInput test_id="review-date" value=date on_input=move |v| date.set(v) /></label>
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.participants))}</span>
                        <input type="text" data-testid="review-participants" prop:value=participants on:input=move |ev| participants.set(event_target_value(&ev)) /></label>
                </div>
                <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.notes))}</span>
                    <textarea rows="2" data-testid="review-notes" prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev)) /></label>
                <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.decisions))}</span>
                    <textarea rows="2" data-testid="review-decisions" prop:value=decisions on:input=move |ev| decisions.set(event_target_value(&ev)) /></label>
                <div class="form-grid">
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.review_action))}</span>
                        <input type="text" data-testid="review-action" prop:value=new_action on:input=move |ev| new_action.set(event_target_value(&ev)) /></label>
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.owner))}</span>
                        <select data-testid="review-action-owner" on:change=move |ev| new_owner.set(event_target_value(&ev))>
                            <option value="" selected=move || new_owner.get().is_empty()>{crate::tr(|l| td_string!(l, rollout.none))}</option>
                            {move || people.get().into_iter().map(|(pid, pname)| view! { <option value=pid>{pname}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span class="field-label">{crate::tr(|l| td_string!(l, accounts.due))}</span>
                        <DateInput test_id="review-action-due" value=new_due on_input=move |v| new_due.set(v) /></label>
                </div>
                <div class="button-row"><button type="submit" class="primary" data-testid="save-review">{crate::tr(|l| td_string!(l, accounts.save_review))}</button></div>
                {feedback.view()}
            </form>
            <h3>{crate::tr(|l| td_string!(l, accounts.past_reviews))}</h3>
            <ol class="item-list" data-testid="review-list">
                <For each=move || review_ids.get() key=|id| id.clone() let:review_id>
                    <ReviewItem account_id=id.clone() review_id=review_id account=account />
                </For>
            </ol>
        </div>
    }
}

/// A past review: date, participants, notes, decisions and what changed since the one
/// before (read from the history once).
#[component]
fn ReviewItem(
    account_id: String,
    review_id: String,
    account: Memo<Option<KeyAccount>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let review = {
        let review_id = review_id.clone();
        Memo::new(move |_| {
            account.with(|k| {
                k.as_ref()
                    .and_then(|k| k.reviews.iter().find(|r| r.id == review_id).cloned())
            })
        })
    };
    // The review before this one, by date.
    let previous = {
        let review_id = review_id.clone();
        Memo::new(move |_| {
            account.with(|k| {
                k.as_ref()
                    .and_then(|k| review_before(k, &review_id))
                    .map(|r| r.heads.clone())
            })
        })
    };
    let list = Memo::new(move |_| {
        let heads = review
            .with(|r| r.as_ref().map(|r| r.heads.clone()))
            .unwrap_or_default();
        let before = previous.get().and_then(|h| account_at(&account_id, &h));
        let after = account_at(&account_id, &heads);
        changes(before.as_ref(), after.as_ref())
    });
    move || {
        review.get().map(|r| {
        let l = i18n.get_locale();
        view! {
            <li class="item" data-testid="review">
                <strong>{show_date(&r.date, l)}</strong>{(!r.participants.is_empty()).then(|| format!(" · {}", r.participants))}
                {(!r.notes.as_str().is_empty()).then(|| view! { <p class="pre">{r.notes.as_str().to_string()}</p> })}
                {(!r.decisions.as_str().is_empty()).then(|| view! { <p class="pre"><strong>{td_string!(l, accounts.decisions)}": "</strong>{r.decisions.as_str().to_string()}</p> })}
                <details><summary>{move || td_string!(i18n.get_locale(), accounts.changes_count, count = list.with(Vec::len) as u64).to_string()}</summary>
                    <ul>{move || list.get().into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </details>
            </li>
        }
    })
    }
}

/// One A4 page for meetings (print only): facts, goals, open actions, SWOT, key people,
/// this year's figures, next review. Each part re-renders only when it changes, and a
/// changed line only that line.
#[component]
fn Brief(account: Memo<Option<KeyAccount>>, name: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let part = move |f: fn(&KeyAccount, Locale) -> Vec<String>| {
        Memo::new(move |_| {
            let l = i18n.get_locale();
            account.with(|k| k.as_ref().map(|k| f(k, l)).unwrap_or_default())
        })
    };
    let head = part(|k, l| {
        let now = today();
        vec![
            td_string!(
                l,
                accounts.brief_line,
                manager = person_name(k.manager_id.as_deref()),
                date = show(now, l),
                next = show(next_review(k, now), l)
            )
            .to_string(),
        ]
    });
    let profile = part(|k, _| {
        let p = k.profile.as_str();
        if p.is_empty() {
            vec![]
        } else {
            vec![p.to_string()]
        }
    });
    let goals = part(|k, l| {
        kam_domain::rank::sorted(&k.goals)
            .into_iter()
            .take(6)
            .map(|g| {
                format!(
                    "{}{}",
                    g.title,
                    g.target_date
                        .as_deref()
                        .map(|d| format!(" ({})", show_date(d, l)))
                        .unwrap_or_default()
                )
            })
            .collect()
    });
    let actions = part(|k, l| {
        k.actions
            .iter()
            .filter(|a| open(a))
            .take(10)
            .map(|a| {
                format!(
                    "{} – {}{}",
                    a.title,
                    a.owner_id
                        .as_deref()
                        .map(|o| person_name(Some(o)))
                        .unwrap_or_else(|| td_string!(l, accounts.unowned).to_string()),
                    a.due
                        .as_deref()
                        .map(|d| format!(" · {}", show_date(d, l)))
                        .unwrap_or_default()
                )
            })
            .collect()
    });
    let swot = part(|k, l| {
        swot_kinds()
            .into_iter()
            .filter_map(|(kind, _)| {
                let items: Vec<String> = k
                    .swot
                    .iter()
                    .filter(|s| s.kind == kind)
                    .take(3)
                    .map(|s| s.text.as_str().to_string())
                    .collect();
                (!items.is_empty()).then(|| format!("{}: {}", kind.words(l), items.join("; ")))
            })
            .collect()
    });
    let people = part(|k, l| {
        k.stakeholders
            .iter()
            .take(6)
            .map(|s| format!("{} – {}", s.name, s.role.words(l)))
            .collect()
    });
    let figures = part(|k, l| {
        let now = today();
        year_figures(k, now)
            .map(|t| {
                vec![
                    format!("{} {}", td_string!(l, accounts.part_targets), now.year),
                    format!(
                        "{}: {} / {}",
                        td_string!(l, accounts.revenue_short),
                        show_opt_amount(t.revenue_actual, l),
                        show_opt_amount(t.revenue_target, l)
                    ),
                ]
            })
            .unwrap_or_default()
    });
    // Lines of a part, keyed by their position and text: a changed line is replaced alone.
    let lines =
        move |m: Memo<Vec<String>>| move || m.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <section class="account-brief print-only-block" data-testid="account-brief">
            <h1>{name}</h1>
            <For each=lines(head) key=|x| x.clone() let:x><p class="hint">{x.1}</p></For>
            <For each=lines(profile) key=|x| x.clone() let:x><p class="pre">{x.1}</p></For>
            <div class="brief-columns">
                <div>
                    <h2>{crate::tr(|l| td_string!(l, accounts.part_goals))}</h2>
                    <ul><For each=lines(goals) key=|x| x.clone() let:x><li>{x.1}</li></For></ul>
                    <h2>{crate::tr(|l| td_string!(l, accounts.open_actions))}</h2>
                    <ul data-testid="brief-actions"><For each=lines(actions) key=|x| x.clone() let:x><li>{x.1}</li></For></ul>
                </div>
                <div>
                    <h2>{crate::tr(|l| td_string!(l, accounts.part_swot))}</h2>
                    <For each=lines(swot) key=|x| x.clone() let:x><p>{x.1}</p></For>
                    <h2>{crate::tr(|l| td_string!(l, accounts.part_stakeholders))}</h2>
                    <ul><For each=lines(people) key=|x| x.clone() let:x><li>{x.1}</li></For></ul>
                    <For each=lines(figures) key=|x| x.clone() let:x><p>{x.1}</p></For>
                </div>
            </div>
        </section>
    }
}
