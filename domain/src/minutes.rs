//! The minutes of a workshop (Protokoll), written by themselves: the decisions taken
//! between its start and end, read from the change history. What counts as a decision
//! follows the method: criteria and the "at least N of M" threshold, provisional and
//! definitive selection with its reason, responsibilities for key accounts, new actions
//! with owner and due date, ground-rule assessments.

use crate::command::{ChangeAction, ChangeSummary, EntityKind, ListRef};
use crate::document::HistoryEntry;
use crate::history::{self, Lang};
use crate::model::{SelectionStatus, Workspace};

/// Which kind of decision, in the order the minutes group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DecisionKind {
    Criterion,
    Threshold,
    Selection,
    Responsibility,
    Action,
    GroundRules,
}

/// One decision: what, who, when.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub kind: DecisionKind,
    /// Unix seconds.
    pub time: i64,
    pub author: String,
    pub summary: ChangeSummary,
    /// For a new action: its owner's name and due date as they are now ("" if none).
    pub owner: String,
    pub due: String,
    /// For a selection decision: its reason ("" otherwise) and the stage decided.
    pub reason: String,
    pub to: Option<SelectionStatus>,
}

impl Decision {
    /// The decision in one line, as the history words it.
    pub fn sentence(&self, lang: Lang) -> String {
        history::sentence(lang, &self.summary)
    }
}

/// Whether one change (or part of a batch) is a decision, and which.
fn classify(s: &ChangeSummary) -> Option<DecisionKind> {
    let set = |names: &[&str]| s.fields.iter().any(|f| names.contains(&f.as_str()));
    match (s.kind, s.action) {
        // Moving a criterion up or down decides nothing.
        (EntityKind::Criterion, ChangeAction::Changed) if !set(&["name", "rule", "weight"]) => None,
        (EntityKind::Criterion, _) => Some(DecisionKind::Criterion),
        (EntityKind::Workspace, ChangeAction::Changed) if set(&["criteria_threshold"]) => {
            Some(DecisionKind::Threshold)
        }
        // The decision log's entry carries the reason; the customer's status changes in
        // the same step and is not listed twice.
        (EntityKind::SelectionDecision, ChangeAction::Created) => Some(DecisionKind::Selection),
        (EntityKind::KeyAccount, ChangeAction::Changed)
            if set(&["manager_id", "deputy_id", "managing_director_account"]) =>
        {
            Some(DecisionKind::Responsibility)
        }
        (EntityKind::Action, ChangeAction::Created) => Some(DecisionKind::Action),
        (EntityKind::Action, ChangeAction::Changed) if set(&["owner_id", "due"]) => {
            Some(DecisionKind::Action)
        }
        (EntityKind::GroundRuleCheck, ChangeAction::Created) => Some(DecisionKind::GroundRules),
        _ => None,
    }
}

/// The decisions of changes made from `from` to `to` (Unix seconds, both included),
/// oldest first; `ws` (now) names the owners of new actions.
pub fn decisions(history: &[HistoryEntry], ws: &Workspace, from: i64, to: i64) -> Vec<Decision> {
    let mut out = Vec::new();
    for h in history.iter().filter(|h| h.time >= from && h.time <= to) {
        let Some(summary) = &h.summary else { continue };
        let parts: Vec<&ChangeSummary> = if summary.parts.is_empty() {
            vec![summary]
        } else {
            summary.parts.iter().collect()
        };
        for part in parts {
            let Some(kind) = classify(part) else { continue };
            let (owner, due) = match (kind, &part.list) {
                (DecisionKind::Action, Some(ListRef::Actions { key_account_id })) => ws
                    .key_account(key_account_id)
                    .and_then(|ka| ka.actions.iter().find(|a| a.id == part.id))
                    .map(|a| {
                        let owner = a
                            .owner_id
                            .as_deref()
                            .and_then(|id| ws.people.iter().find(|p| p.id == id))
                            .map(|p| p.name.clone())
                            .unwrap_or_default();
                        (owner, a.due.clone().unwrap_or_default())
                    })
                    .unwrap_or_default(),
                _ => Default::default(),
            };
            let logged = (kind == DecisionKind::Selection)
                .then(|| ws.decisions.iter().find(|d| d.id == part.id))
                .flatten();
            out.push(Decision {
                reason: logged.map(|d| d.reason.clone()).unwrap_or_default(),
                to: logged.map(|d| d.to),
                kind,
                time: h.time,
                author: h.author.clone(),
                summary: part.clone(),
                owner,
                due,
            });
        }
    }
    crate::order::sort_by_key(&mut out, |d| d.time);
    out
}
