//! The rollout project (Einführungsprojekt): overview, charter, work plan with timeline,
//! strategy and as-is analysis, ground rules, implementation. One screen with a tab per
//! part; each part has its own address so it can be bookmarked and printed alone.

pub mod analysis;
pub mod charter;
pub mod ground_rules;
pub mod implementation;
pub mod overview;
pub mod plan;
pub mod strategy;
pub mod timeline;

use kam_domain::method::Area;
use leptos::prelude::*;

use super::AreaFrame;
use crate::{i18n::*, routes::Screen};

/// The rollout screen showing one part.
#[component]
pub fn RolloutScreen(part: Screen) -> impl IntoView {
    view! {
        <AreaFrame area=Area::Rollout part=part test_id="screen-rollout"
            tabs_label=|l| td_string!(l, rollout.tabs_label)
            title_in_print=true>
            {match part {
                Screen::RolloutOverview => overview::OverviewPart().into_any(),
                Screen::Charter => charter::CharterPart().into_any(),
                Screen::WorkPlan => plan::PlanPart().into_any(),
                Screen::Analysis => analysis::AnalysisPart().into_any(),
                Screen::GroundRules => ground_rules::GroundRulesPart().into_any(),
                Screen::Implementation => implementation::ImplementationPart().into_any(),
                _ => super::NotFound().into_any(),
            }}
        </AreaFrame>
    }
}
