//! The steps of introducing Key Account Management (DOMAIN.md, "The method").
//!
//! The rollout project, its template plan and the app's areas all follow these steps;
//! keeping them in one ordered list lets every screen show "where are we in the method".

/// The language of content the app writes from templates (plan steps, suggested
/// criteria); once written it is the users' text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    De,
    En,
}

/// One step of the method, in the order the method prescribes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MethodStep {
    /// Run it as a project: goals, team, work steps, milestones.
    Project,
    /// Company and marketing strategy first; analysis of today's customer care.
    AnalysisAndStrategy,
    /// The criteria that make a customer a top customer.
    Criteria,
    /// The requirement profile for key account managers.
    ManagerProfile,
    /// Provisional, then definitive selection of the top customers.
    Selection,
    /// Who looks after which key account; training.
    Responsibilities,
    /// Strategy and action plans per key account.
    AccountPlans,
    /// Implementation: communication, resistance and conflicts.
    Implementation,
    /// Reviews and controlling after the rollout.
    Controlling,
}

/// Where in the app a step of the method is worked on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Area {
    /// Rollout project (Einführungsprojekt).
    Rollout,
    /// Customers and the selection of key accounts.
    Customers,
    /// Key accounts: plans, stakeholders, reviews.
    KeyAccounts,
    /// People: requirement profile, candidates, responsibilities, training.
    People,
    /// Controlling: targets against actuals, reviews across accounts.
    Controlling,
}

impl MethodStep {
    /// All steps in the order of the method.
    pub const ALL: [MethodStep; 9] = [
        MethodStep::Project,
        MethodStep::AnalysisAndStrategy,
        MethodStep::Criteria,
        MethodStep::ManagerProfile,
        MethodStep::Selection,
        MethodStep::Responsibilities,
        MethodStep::AccountPlans,
        MethodStep::Implementation,
        MethodStep::Controlling,
    ];

    /// The step's number as users count it (1-based).
    pub fn number(self) -> usize {
        Self::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |i| i + 1)
    }

    /// The area of the app in which this step is carried out.
    pub fn area(self) -> Area {
        match self {
            MethodStep::Project | MethodStep::AnalysisAndStrategy | MethodStep::Implementation => {
                Area::Rollout
            }
            MethodStep::Criteria | MethodStep::Selection => Area::Customers,
            MethodStep::ManagerProfile | MethodStep::Responsibilities => Area::People,
            MethodStep::AccountPlans => Area::KeyAccounts,
            MethodStep::Controlling => Area::Controlling,
        }
    }
}

impl Area {
    /// The method steps worked on in this area, in method order.
    pub fn steps(self) -> Vec<MethodStep> {
        MethodStep::ALL
            .into_iter()
            .filter(|s| s.area() == self)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_one_to_nine_in_method_order() {
        let numbers: Vec<usize> = MethodStep::ALL.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
        assert_eq!(MethodStep::Project.number(), 1);
        assert_eq!(MethodStep::Selection.number(), 5);
        assert_eq!(MethodStep::Controlling.number(), 9);
    }

    #[test]
    fn criteria_come_before_selection_and_selection_before_plans() {
        assert!(MethodStep::Criteria < MethodStep::Selection);
        assert!(MethodStep::Selection < MethodStep::Responsibilities);
        assert!(MethodStep::Responsibilities < MethodStep::AccountPlans);
    }

    #[test]
    fn every_step_belongs_to_exactly_one_area_and_every_area_has_a_step() {
        let areas = [
            Area::Rollout,
            Area::Customers,
            Area::KeyAccounts,
            Area::People,
            Area::Controlling,
        ];
        let total: usize = areas.iter().map(|a| a.steps().len()).sum();
        assert_eq!(total, MethodStep::ALL.len());
        for area in areas {
            assert!(!area.steps().is_empty(), "{area:?} has no step");
        }
        assert_eq!(
            Area::Customers.steps(),
            vec![MethodStep::Criteria, MethodStep::Selection]
        );
        assert_eq!(
            Area::Rollout.steps(),
            vec![
                MethodStep::Project,
                MethodStep::AnalysisAndStrategy,
                MethodStep::Implementation
            ]
        );
    }
}
