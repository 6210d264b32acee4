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

use super::{MethodSteps, NeedsWorkspace, Tab, TabNav, area_lead, area_title};
use crate::{i18n::*, store::use_store};

/// The parts of the rollout project, in the order a team works through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Overview,
    Charter,
    Plan,
    Analysis,
    GroundRules,
    Implementation,
}

impl Part {
    pub const ALL: [Part; 6] = [
        Part::Overview,
        Part::Charter,
        Part::Plan,
        Part::Analysis,
        Part::GroundRules,
        Part::Implementation,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Part::Overview => "/rollout",
            Part::Charter => "/rollout/charter",
            Part::Plan => "/rollout/plan",
            Part::Analysis => "/rollout/analysis",
            Part::GroundRules => "/rollout/ground-rules",
            Part::Implementation => "/rollout/implementation",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Part::Overview => "overview",
            Part::Charter => "charter",
            Part::Plan => "plan",
            Part::Analysis => "analysis",
            Part::GroundRules => "ground-rules",
            Part::Implementation => "implementation",
        }
    }

    fn tab(self) -> Tab {
        Tab {
            path: self.path(),
            slug: self.slug(),
            label: match self {
                Part::Overview => |l| td_string!(l, rollout.tab_overview),
                Part::Charter => |l| td_string!(l, rollout.tab_charter),
                Part::Plan => |l| td_string!(l, rollout.tab_plan),
                Part::Analysis => |l| td_string!(l, rollout.tab_analysis),
                Part::GroundRules => |l| td_string!(l, rollout.tab_ground_rules),
                Part::Implementation => |l| td_string!(l, rollout.tab_implementation),
            },
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        (self.tab().label)(l)
    }
}

/// The rollout screen showing one part.
#[component]
pub fn RolloutScreen(part: Part) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let open = move || store.workspace.with(Option::is_some);
    view! {
        <section class="screen" data-testid="screen-rollout">
            <h1>{move || area_title(Area::Rollout, i18n.get_locale())}</h1>
            <TabNav tabs=Part::ALL.iter().map(|p| p.tab()).collect() label=|l| td_string!(l, rollout.tabs_label) />
            <NeedsWorkspace />
            <Show when=open>
                <div class=format!("part part-{}", part.slug()) data-testid=format!("part-{}", part.slug())>
                    {match part {
                        Part::Overview => overview::OverviewPart().into_any(),
                        Part::Charter => charter::CharterPart().into_any(),
                        Part::Plan => plan::PlanPart().into_any(),
                        Part::Analysis => analysis::AnalysisPart().into_any(),
                        Part::GroundRules => ground_rules::GroundRulesPart().into_any(),
                        Part::Implementation => implementation::ImplementationPart().into_any(),
                    }}
                </div>
            </Show>
            {(part == Part::Overview).then(|| view! {
                <p class="lead">{move || area_lead(Area::Rollout, i18n.get_locale())}</p>
                <MethodSteps area=Area::Rollout />
            })}
        </section>
    }
}
