//! What the values of the domain's enums are called on screen. One table, so a new
//! variant is a compile error here and nowhere else, and screens say `status.words(l)`.

use kam_domain::{
    amounts::NumberFormat,
    command::EntityKind,
    import::{ActualsColumn, Column},
    method::{Area, MethodStep},
    model::{Axis, BuyingRole, SelectionStatus, Status, SwotKind},
    plans::{Light, PlanPart},
    selection::Quadrant,
};

use leptos::prelude::*;

use crate::i18n::*;

/// A value's name in the user's language.
pub trait Words: Copy {
    fn words(self, l: Locale) -> &'static str;
}

/// A value with a heading and a paragraph (areas, method steps).
pub trait Titled: Copy {
    fn title(self, l: Locale) -> &'static str;
    fn body(self, l: Locale) -> &'static str;
}

/// `Type { pattern => locale.key, … }`: one `Words` impl per type.
macro_rules! words {
    ($($ty:ty { $($p:pat => $($key:ident).+),+ $(,)? })+) => {$(
        impl Words for $ty {
            fn words(self, l: Locale) -> &'static str {
                match self { $($p => td_string!(l, $($key).+)),+ }
            }
        }
    )+};
}

/// `Type, namespace, title key, body key { Variant => group, … }`.
macro_rules! titled {
    ($($ty:ty, $ns:ident, $title:ident, $body:ident { $($v:ident => $k:ident),+ $(,)? })+) => {$(
        impl Titled for $ty {
            fn title(self, l: Locale) -> &'static str {
                match self { $(Self::$v => td_string!(l, $ns.$k.$title)),+ }
            }
            fn body(self, l: Locale) -> &'static str {
                match self { $(Self::$v => td_string!(l, $ns.$k.$body)),+ }
            }
        }
    )+};
}

words! {
    Status { Self::Open => plan.open, Self::InProgress => plan.in_progress, Self::Done => plan.done, Self::Cancelled => plan.cancelled }
    SelectionStatus {
        Self::None => customers.sel_none, Self::Provisional => customers.sel_provisional,
        Self::Definitive => customers.sel_definitive, Self::Rejected => customers.sel_rejected,
    }
    Quadrant {
        Self::Star => portfolio.q_star, Self::Development => portfolio.q_development,
        Self::Profit => portfolio.q_profit, Self::TakeAlong => portfolio.q_take_along,
    }
    Axis { Self::Attractiveness => portfolio.attractiveness, Self::Position => portfolio.position }
    NumberFormat {
        Self::Swiss => customers.fmt_swiss, Self::German => customers.fmt_german,
        Self::English => customers.fmt_english, Self::Plain => customers.fmt_plain,
    }
    Column {
        Self::Number => customers.number, Self::Name => customers.name, Self::Industry => customers.industry,
        Self::Region => customers.region, Self::Revenue => customers.revenue, Self::Margin => customers.margin,
        Self::Potential => customers.potential, Self::Attribute => import.keep_as_attribute, Self::Ignore => import.ignore,
    }
    ActualsColumn {
        Self::Number => accounts.col_number, Self::Period => accounts.period,
        Self::RevenueActual => accounts.revenue_actual, Self::MarginActual => accounts.margin_actual,
        Self::RevenueTarget => accounts.revenue_target, Self::MarginTarget => accounts.margin_target, Self::Ignore => accounts.col_ignore,
    }
    BuyingRole {
        Self::Decider => accounts.role_decider, Self::Buyer => accounts.role_buyer, Self::Influencer => accounts.role_influencer,
        Self::User => accounts.role_user, Self::Initiator => accounts.role_initiator, Self::Gatekeeper => accounts.role_gatekeeper,
    }
    Option<Light> {
        Some(Light::Green) => accounts.light_green, Some(Light::Amber) => accounts.light_amber,
        Some(Light::Red) => accounts.light_red, None => accounts.light_none,
    }
    PlanPart {
        Self::Profile => accounts.part_profile, Self::Swot => accounts.part_swot, Self::Goals => accounts.part_goals,
        Self::Actions => accounts.part_actions, Self::Stakeholders => accounts.part_stakeholders,
        Self::Targets => accounts.part_targets, Self::Review => accounts.part_review,
    }
    SwotKind {
        Self::Strength => accounts.strengths, Self::Weakness => accounts.weaknesses,
        Self::Opportunity => accounts.opportunities, Self::Threat => accounts.threats,
    }
    EntityKind {
        Self::Workspace => kinds.workspace, Self::Programme => kinds.programme, Self::Strategy => kinds.strategy,
        Self::ProgrammeGoal => kinds.programme_goal, Self::TeamMember => kinds.team_member, Self::PlanStep => kinds.milestone,
        Self::AsIsAnswer => kinds.as_is_answer, Self::GroundRuleCheck => kinds.ground_rule_check,
        Self::ConflictEntry => kinds.conflict_entry, Self::Communication => kinds.communication,
        Self::ProgrammeReview => kinds.programme_review, Self::Customer => kinds.customer,
        Self::Criterion => kinds.criterion, Self::SelectionDecision => kinds.selection_decision, Self::Requirement => kinds.requirement,
        Self::Person => kinds.person, Self::Training => kinds.training, Self::Assessment => kinds.assessment,
        Self::KeyAccount => kinds.key_account, Self::SwotItem => kinds.swot_item, Self::Goal => kinds.goal, Self::Action => kinds.action,
        Self::Stakeholder => kinds.stakeholder, Self::Review => kinds.review, Self::Target => kinds.target,
        Self::WhitespaceCell => kinds.whitespace_cell, Self::Offering => kinds.offering,
        Self::Rating => kinds.rating, Self::Attribute => kinds.attribute, Self::PortfolioFactor => kinds.portfolio_factor,
        Self::PortfolioSnapshot => kinds.portfolio_snapshot, Self::Level => kinds.level,
        Self::Workshop => kinds.workshop, Self::AgendaItem => kinds.agenda_item,
    }
}

titled! {
    Area, areas, title, lead {
        Rollout => rollout, Customers => customers, KeyAccounts => key_accounts, People => people, Controlling => controlling,
    }
    MethodStep, steps, title, body {
        Project => project, AnalysisAndStrategy => analysis, Criteria => criteria, ManagerProfile => profile,
        Selection => selection, Responsibilities => responsibilities, AccountPlans => account_plans,
        Implementation => implementation, Controlling => controlling,
    }
}

/// Choices for a select (`value` as the document stores it, words shown), following
/// the language.
pub fn choices<T: Words + std::fmt::Debug + Send + Sync + 'static>(
    all: &'static [T],
) -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let l = i18n.get_locale();
        all.iter()
            .map(|v| (format!("{v:?}"), v.words(l).to_string()))
            .collect()
    })
}
