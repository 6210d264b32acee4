//! Account plans that stay alive (DOMAIN.md steps 7 and 9): overdue and unowned actions,
//! contacts not reached for too long, targets against actuals, how complete a plan is,
//! and what changed in a plan between two reviews.

use crate::{
    command::{Command, Item, ListRef},
    date::Date,
    model::*,
};

/// The key account `id` as users see it. Two devices that made one customer definitive
/// concurrently leave two items for it in the document; they are read as one: fields
/// from the first in the document's order (the same on every device), every goal,
/// action, stakeholder… of both, united by item id. So nothing either device wrote is
/// hidden, and the customer is one key account everywhere.
pub fn account(ws: &Workspace, id: &str) -> Option<KeyAccount> {
    let customer = &ws.key_accounts.iter().find(|k| k.id == id)?.customer_id;
    let mut same = ws
        .key_accounts
        .iter()
        .filter(|k| &k.customer_id == customer);
    let mut merged = same.next()?.clone();
    for other in same {
        unite(&mut merged.swot, &other.swot, |x| &x.id);
        unite(&mut merged.goals, &other.goals, |x| &x.id);
        unite(&mut merged.actions, &other.actions, |x| &x.id);
        unite(&mut merged.stakeholders, &other.stakeholders, |x| &x.id);
        unite(&mut merged.reviews, &other.reviews, |x| &x.id);
        unite(&mut merged.targets, &other.targets, |x| &x.id);
    }
    Some(merged)
}

/// Appends the items of `more` whose id `into` lacks.
fn unite<T: Clone>(into: &mut Vec<T>, more: &[T], id: impl Fn(&T) -> &String) {
    for item in more {
        if !into.iter().any(|x| id(x) == id(item)) {
            into.push(item.clone());
        }
    }
}

/// An action still to be done.
pub fn open(action: &Action) -> bool {
    action.status.is_open()
}

/// Open and nobody owns it.
pub fn unowned(action: &Action) -> bool {
    open(action) && action.owner_id.is_none()
}

/// Days after which a stakeholder without contact is flagged.
pub const CONTACT_DAYS: i64 = 90;

/// Not contacted within `CONTACT_DAYS` (or never).
pub fn contact_due(stakeholder: &Stakeholder, today: Date) -> bool {
    stakeholder
        .last_contact
        .as_deref()
        .and_then(Date::parse)
        .is_none_or(|last| last.days_until(today) > CONTACT_DAYS)
}

/// Open actions of one person across all key accounts, earliest due first (undated last).
pub fn my_actions<'a>(ws: &'a Workspace, person_id: &str) -> Vec<(&'a KeyAccount, &'a Action)> {
    let mut list: Vec<(&KeyAccount, &Action)> = ws
        .key_accounts
        .iter()
        .flat_map(|k| k.actions.iter().map(move |a| (k, a)))
        .filter(|(_, a)| open(a) && a.owner_id.as_deref() == Some(person_id))
        .collect();
    crate::order::sort_by(&mut list, |(_, a), (_, b)| match (&a.due, &b.due) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.title.cmp(&b.title),
    });
    list
}

/// Traffic light of an actual against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Light {
    /// At or above target.
    Green,
    /// At least 90 % of target.
    Amber,
    /// Below 90 % of target.
    Red,
}

/// Actual against target: difference (cents), percent of target, light. `None` while
/// either is missing or the target is not positive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variance {
    pub difference: i64,
    pub percent_of_target: f64,
    pub light: Light,
}

pub fn variance(target: Option<i64>, actual: Option<i64>) -> Option<Variance> {
    let (t, a) = (target?, actual?);
    if t <= 0 {
        return None;
    }
    let percent = a as f64 * 100.0 / t as f64;
    let light = if a >= t {
        Light::Green
    } else if percent >= 90.0 {
        Light::Amber
    } else {
        Light::Red
    };
    Some(Variance {
        difference: a - t,
        percent_of_target: percent,
        light,
    })
}

/// The periods of an account in order ("2026" < "2026-Q1" < "2027").
pub fn periods(account: &KeyAccount) -> Vec<&Target> {
    let mut list: Vec<&Target> = account.targets.iter().collect();
    crate::order::sort_by(&mut list, |a, b| a.id.cmp(&b.id));
    list
}

/// The account's figures for the calendar year of `today` (the period named "2027").
pub fn year_figures(account: &KeyAccount, today: Date) -> Option<&Target> {
    let year = today.year.to_string();
    account.targets.iter().find(|t| t.id == year)
}

/// This year's revenue light, when target and actual are both there.
pub fn revenue_light(account: &KeyAccount, today: Date) -> Option<Light> {
    year_figures(account, today)
        .and_then(|t| variance(t.revenue_target, t.revenue_actual))
        .map(|v| v.light)
}

/// The parts of an account plan users fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanPart {
    Profile,
    Swot,
    Goals,
    Actions,
    Stakeholders,
    Targets,
    Review,
}

/// Whether a part is there and alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartState {
    Done,
    Empty,
    /// There, but out of date (overdue actions, contacts not reached, review overdue).
    Stale,
}

/// How complete and alive a plan is: each part's state and the share of parts done.
#[derive(Debug, Clone, PartialEq)]
pub struct Completeness {
    pub parts: Vec<(PlanPart, PartState)>,
    pub percent: u8,
}

/// The last review's date.
pub fn last_review(account: &KeyAccount) -> Option<Date> {
    account
        .reviews
        .iter()
        .filter_map(|r| Date::parse(&r.date))
        .max()
}

/// The review held last (latest date; ties by id, the same on every device).
pub fn latest_review(account: &KeyAccount) -> Option<&Review> {
    account
        .reviews
        .iter()
        .max_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)))
}

/// The reviews, newest first.
pub fn reviews_newest_first(account: &KeyAccount) -> Vec<&Review> {
    let mut list: Vec<&Review> = account.reviews.iter().collect();
    crate::order::sort_by(&mut list, |a, b| {
        b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id))
    });
    list
}

/// The review held before review `id` (by date), whose state "what changed since" starts
/// from; `None` for the first review or an unknown id.
pub fn review_before<'a>(account: &'a KeyAccount, id: &str) -> Option<&'a Review> {
    let me = account.reviews.iter().find(|r| r.id == id)?;
    account
        .reviews
        .iter()
        .filter(|r| r.date < me.date)
        .max_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)))
}

/// What a user enters to record a review.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewDraft {
    pub date: String,
    pub participants: String,
    pub notes: String,
    pub decisions: String,
    /// A follow-up action; no action when its title is blank.
    pub action_title: String,
    /// The action's owner (a person's id); blank for nobody.
    pub action_owner: String,
    /// The action's due date; blank for none.
    pub action_due: String,
}

/// The command that records a review of key account `account_id` as one change: the
/// review (with the document's `heads` now, so "what changed since" can be shown later)
/// and, when the draft names one, the follow-up action. `new_id` makes item ids.
pub fn record_review(
    account_id: &str,
    draft: ReviewDraft,
    heads: Vec<String>,
    mut new_id: impl FnMut() -> String,
) -> Command {
    let blank_is_none = |s: String| {
        let s = s.trim().to_string();
        (!s.is_empty()).then_some(s)
    };
    let mut commands = vec![Command::Insert {
        list: ListRef::Reviews {
            key_account_id: account_id.to_string(),
        },
        item: Item::Review(Review {
            id: new_id(),
            date: draft.date.trim().to_string(),
            participants: draft.participants.trim().to_string(),
            notes: Text::with_value(draft.notes),
            decisions: Text::with_value(draft.decisions),
            heads,
        }),
    }];
    if let Some(title) = blank_is_none(draft.action_title) {
        commands.push(Command::Insert {
            list: ListRef::Actions {
                key_account_id: account_id.to_string(),
            },
            item: Item::Action(Action {
                id: new_id(),
                title,
                owner_id: blank_is_none(draft.action_owner),
                due: blank_is_none(draft.action_due),
                status: Status::Open,
                goal_id: None,
            }),
        });
    }
    Command::Batch(commands)
}

/// What a SWOT point can become in one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwotInto {
    Goal,
    Action,
}

/// The command that turns SWOT point `swot_id` of `account` into a goal (placed after the
/// last one) or an open action, titled with the point's text; `None` when the point is
/// gone.
pub fn swot_to(
    account: &KeyAccount,
    swot_id: &str,
    into: SwotInto,
    new_id: String,
) -> Option<Command> {
    let title = account
        .swot
        .iter()
        .find(|s| s.id == swot_id)?
        .text
        .as_str()
        .trim()
        .to_string();
    let key_account_id = account.id.clone();
    Some(match into {
        SwotInto::Goal => Command::Insert {
            list: ListRef::Goals { key_account_id },
            item: Item::Goal(Goal {
                id: new_id,
                rank: crate::rank::after_last(account.goals.iter().map(|g| g.rank)),
                title,
                target_date: None,
            }),
        },
        SwotInto::Action => Command::Insert {
            list: ListRef::Actions { key_account_id },
            item: Item::Action(Action {
                id: new_id,
                title,
                owner_id: None,
                due: None,
                status: Status::Open,
                goal_id: None,
            }),
        },
    })
}

/// When the next review is due (from the last one, or now when there was none).
pub fn next_review(account: &KeyAccount, today: Date) -> Date {
    last_review(account).map_or(today, |d| d.add_days(account.review_every_days as i64))
}

/// Rules: profile has text; SWOT has a strength and a weakness at least; a goal with a
/// target date; open actions with owner and due date, none overdue; two stakeholders
/// incl. a decider, contacts not older than 90 days; a target for `year`; a review within
/// the cadence.
pub fn completeness(account: &KeyAccount, today: Date) -> Completeness {
    use PartState::*;
    let kinds = |k: SwotKind| account.swot.iter().any(|s| s.kind == k);
    let profile = if account.profile.as_str().trim().is_empty() {
        Empty
    } else {
        Done
    };
    let swot = match (
        account.swot.is_empty(),
        kinds(SwotKind::Strength) && kinds(SwotKind::Weakness),
    ) {
        (true, _) => Empty,
        (false, true) => Done,
        (false, false) => Stale,
    };
    let goals = match (
        account.goals.is_empty(),
        account.goals.iter().any(|g| g.target_date.is_some()),
    ) {
        (true, _) => Empty,
        (false, true) => Done,
        (false, false) => Stale,
    };
    let open_actions: Vec<&Action> = account.actions.iter().filter(|a| open(a)).collect();
    let actions = if open_actions.is_empty() {
        Empty
    } else if open_actions
        .iter()
        .any(|a| a.overdue(today) || unowned(a) || a.due.is_none())
    {
        Stale
    } else {
        Done
    };
    let stakeholders = if account.stakeholders.len() < 2 {
        Empty
    } else if !account
        .stakeholders
        .iter()
        .any(|s| s.role == BuyingRole::Decider)
        || account.stakeholders.iter().any(|s| contact_due(s, today))
    {
        Stale
    } else {
        Done
    };
    let year = today.year.to_string();
    let targets = if account.targets.iter().any(|t| {
        t.id.starts_with(&year) && (t.revenue_target.is_some() || t.margin_target.is_some())
    }) {
        Done
    } else if account.targets.is_empty() {
        Empty
    } else {
        Stale
    };
    let review = match last_review(account) {
        None => Empty,
        Some(_) if next_review(account, today) < today => Stale,
        Some(_) => Done,
    };
    let parts = vec![
        (PlanPart::Profile, profile),
        (PlanPart::Swot, swot),
        (PlanPart::Goals, goals),
        (PlanPart::Actions, actions),
        (PlanPart::Stakeholders, stakeholders),
        (PlanPart::Targets, targets),
        (PlanPart::Review, review),
    ];
    let done = parts.iter().filter(|(_, s)| *s == Done).count();
    Completeness {
        percent: (done * 100 / parts.len()) as u8,
        parts,
    }
}

/// What kind of plan item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Swot,
    Goal,
    Action,
    Stakeholder,
    Target,
    Profile,
}

/// How it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One change of a plan between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanChange {
    pub kind: ItemKind,
    pub change: Change,
    /// The item's text, title or name (after the change; before, when removed).
    pub label: String,
}

fn diff<T: PartialEq>(
    kind: ItemKind,
    before: &[T],
    after: &[T],
    id: impl Fn(&T) -> &str,
    label: impl Fn(&T) -> String,
    out: &mut Vec<PlanChange>,
) {
    for a in after {
        match before.iter().find(|b| id(b) == id(a)) {
            None => out.push(PlanChange {
                kind,
                change: Change::Added,
                label: label(a),
            }),
            Some(b) if b != a => out.push(PlanChange {
                kind,
                change: Change::Changed,
                label: label(a),
            }),
            Some(_) => {}
        }
    }
    for b in before
        .iter()
        .filter(|b| !after.iter().any(|a| id(a) == id(b)))
    {
        out.push(PlanChange {
            kind,
            change: Change::Removed,
            label: label(b),
        });
    }
}

/// What changed in a plan from `before` (e.g. at the last review; `None` when the account
/// did not exist then) to `after`. Reviews themselves are not listed.
pub fn changes_between(before: Option<&KeyAccount>, after: &KeyAccount) -> Vec<PlanChange> {
    let empty = KeyAccount::new(after.id.clone(), after.customer_id.clone(), 0.0);
    let before = before.unwrap_or(&empty);
    let mut out = Vec::new();
    if before.profile.as_str() != after.profile.as_str() {
        out.push(PlanChange {
            kind: ItemKind::Profile,
            change: Change::Changed,
            label: String::new(),
        });
    }
    diff(
        ItemKind::Swot,
        &before.swot,
        &after.swot,
        |s| &s.id,
        |s| s.text.as_str().to_string(),
        &mut out,
    );
    diff(
        ItemKind::Goal,
        &before.goals,
        &after.goals,
        |g| &g.id,
        |g| g.title.clone(),
        &mut out,
    );
    diff(
        ItemKind::Action,
        &before.actions,
        &after.actions,
        |a| &a.id,
        |a| a.title.clone(),
        &mut out,
    );
    diff(
        ItemKind::Stakeholder,
        &before.stakeholders,
        &after.stakeholders,
        |s| &s.id,
        |s| s.name.clone(),
        &mut out,
    );
    diff(
        ItemKind::Target,
        &before.targets,
        &after.targets,
        |t| &t.id,
        |t| t.id.clone(),
        &mut out,
    );
    out
}
