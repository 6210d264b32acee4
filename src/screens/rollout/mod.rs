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
use leptos_router::components::A;

use super::{MethodSteps, NeedsWorkspace, area_lead, area_title};
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

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Part::Overview => td_string!(l, rollout.tab_overview),
            Part::Charter => td_string!(l, rollout.tab_charter),
            Part::Plan => td_string!(l, rollout.tab_plan),
            Part::Analysis => td_string!(l, rollout.tab_analysis),
            Part::GroundRules => td_string!(l, rollout.tab_ground_rules),
            Part::Implementation => td_string!(l, rollout.tab_implementation),
        }
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
            <nav class="tabs" aria-label=move || td_string!(i18n.get_locale(), rollout.tabs_label)>
                {Part::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <A href=p.path() exact=true attr:class="tab"
                                attr:data-testid=format!("tab-{}", p.slug())>
                                {move || p.label(i18n.get_locale())}
                            </A>
                        }
                    })
                    .collect_view()}
            </nav>
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
