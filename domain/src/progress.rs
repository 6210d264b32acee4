//! Where the team stands across the nine steps of the method (issue 19: "nothing shows
//! where the team stands"): per step, done / started / open, what is still missing, and
//! which step comes next. Read from the workspace itself, so it is the same on every
//! device and follows every edit.
//!
//! A step is *done* when everything it asks for is there, *started* when some of it is,
//! *open* when nothing is. What each step asks for (DOMAIN.md):
//! 1. Project: goals, a project team, a start date, a work plan.
//! 2. Strategy and as-is analysis: company and marketing strategy and the role of KAM
//!    written down; every as-is question rated.
//! 3. Criteria: at least two criteria (a key account meets at least N of them).
//! 4. Requirement profile: at least one requirement for key account managers.
//! 5. Selection: a provisional selection, then definitive key accounts.
//! 6. Responsibilities: every definitive key account has a manager.
//! 7. Account plans: every key account has a goal and an action.
//! 8. Implementation: communication to the staff and a ground-rules self-assessment.
//! 9. Controlling: targets for key accounts, and a review held.

use crate::{
    method::MethodStep,
    model::{SelectionStatus, Workspace},
    rollout::AS_IS_QUESTIONS,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Open,
    Started,
    Done,
}

/// What a step still lacks, for the app to put in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Goals,
    Team,
    StartDate,
    WorkPlan,
    Strategy,
    /// As-is questions not rated yet.
    AsIs {
        open: usize,
    },
    /// Criteria still needed to reach two.
    Criteria {
        more: usize,
    },
    Profile,
    Provisional,
    Definitive,
    /// Key accounts without a manager.
    Managers {
        without: usize,
    },
    /// Key accounts without a goal or an action.
    AccountPlans {
        without: usize,
    },
    /// The step needs definitive key accounts first.
    KeyAccountsFirst,
    Communication,
    GroundRules,
    Targets,
    Review,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepProgress {
    pub step: MethodStep,
    pub state: StepState,
    /// Empty when done.
    pub missing: Vec<Missing>,
}

/// One thing a step asks for: whether it is there, whether work on it has begun (a part
/// of the strategy written, one question rated), and what to say while it is missing.
struct Part {
    there: bool,
    begun: bool,
    missing: Missing,
}

fn part(there: bool, missing: Missing) -> Part {
    Part {
        there,
        begun: there,
        missing,
    }
}

fn begun(there: bool, begun: bool, missing: Missing) -> Part {
    Part {
        there,
        begun: there || begun,
        missing,
    }
}

/// A step from the things it asks for: done when all are there, open when none is
/// begun, started in between.
fn step(step: MethodStep, parts: Vec<Part>) -> StepProgress {
    let any = parts.iter().any(|p| p.begun);
    let missing: Vec<Missing> = parts
        .into_iter()
        .filter(|p| !p.there)
        .map(|p| p.missing)
        .collect();
    let state = match (missing.is_empty(), any) {
        (true, _) => StepState::Done,
        (false, false) => StepState::Open,
        (false, true) => StepState::Started,
    };
    StepProgress {
        step,
        state,
        missing,
    }
}

/// The nine steps in method order.
pub fn progress(ws: &Workspace) -> Vec<StepProgress> {
    let p = &ws.programme;
    let written = |t: &crate::model::Text| !t.as_str().trim().is_empty();
    let rated = |q: &&str| p.as_is.iter().any(|a| a.id == *q && a.rating.is_some());
    let open_questions = AS_IS_QUESTIONS.iter().filter(|q| !rated(q)).count();
    let strategy = [
        &p.strategy.company,
        &p.strategy.marketing,
        &p.strategy.kam_role,
    ];
    let provisional = ws
        .customers
        .iter()
        .any(|c| c.selection != SelectionStatus::None)
        || !ws.decisions.is_empty();
    let accounts = &ws.key_accounts;
    let without_manager = accounts.iter().filter(|k| k.manager_id.is_none()).count();
    let without_plan = accounts
        .iter()
        .filter(|k| k.goals.is_empty() || k.actions.is_empty())
        .count();
    let planned = accounts
        .iter()
        .any(|k| !k.goals.is_empty() || !k.actions.is_empty());
    let reviewed = !p.reviews.is_empty() || accounts.iter().any(|k| !k.reviews.is_empty());
    // Steps 6 and 7 are about definitive key accounts; without them they wait for step 5.
    let of_accounts = |there: bool, begun_: bool, missing: Missing| {
        if accounts.is_empty() {
            part(false, Missing::KeyAccountsFirst)
        } else {
            begun(there, begun_, missing)
        }
    };
    let criteria = ws.criteria.len();
    vec![
        step(
            MethodStep::Project,
            vec![
                part(!p.goals.is_empty(), Missing::Goals),
                part(!p.team.is_empty(), Missing::Team),
                part(p.start_date.is_some(), Missing::StartDate),
                part(!p.milestones.is_empty(), Missing::WorkPlan),
            ],
        ),
        step(
            MethodStep::AnalysisAndStrategy,
            vec![
                begun(
                    strategy.iter().all(|t| written(t)),
                    strategy.iter().any(|t| written(t)),
                    Missing::Strategy,
                ),
                begun(
                    open_questions == 0,
                    open_questions < AS_IS_QUESTIONS.len(),
                    Missing::AsIs {
                        open: open_questions,
                    },
                ),
            ],
        ),
        step(
            MethodStep::Criteria,
            vec![begun(
                criteria >= 2,
                criteria > 0,
                Missing::Criteria {
                    more: 2usize.saturating_sub(criteria),
                },
            )],
        ),
        step(
            MethodStep::ManagerProfile,
            vec![part(!ws.requirements.is_empty(), Missing::Profile)],
        ),
        step(
            MethodStep::Selection,
            vec![
                part(provisional, Missing::Provisional),
                part(!accounts.is_empty(), Missing::Definitive),
            ],
        ),
        step(
            MethodStep::Responsibilities,
            vec![of_accounts(
                without_manager == 0,
                without_manager < accounts.len(),
                Missing::Managers {
                    without: without_manager,
                },
            )],
        ),
        step(
            MethodStep::AccountPlans,
            vec![of_accounts(
                without_plan == 0,
                planned,
                Missing::AccountPlans {
                    without: without_plan,
                },
            )],
        ),
        step(
            MethodStep::Implementation,
            vec![
                part(!p.communications.is_empty(), Missing::Communication),
                part(!p.ground_rule_checks.is_empty(), Missing::GroundRules),
            ],
        ),
        step(
            MethodStep::Controlling,
            vec![
                part(
                    accounts.iter().any(|k| !k.targets.is_empty()),
                    Missing::Targets,
                ),
                part(reviewed, Missing::Review),
            ],
        ),
    ]
}

/// The step to work on next: the first in method order that is not done.
pub fn next_step(steps: &[StepProgress]) -> Option<MethodStep> {
    steps
        .iter()
        .find(|s| s.state != StepState::Done)
        .map(|s| s.step)
}
