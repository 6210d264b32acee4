//! People (DOMAIN.md steps 4 and 6): the requirement profile for key account managers,
//! candidates assessed against it, the people directory with trainings, and who looks
//! after which key account — with workload and warnings at a glance.

pub mod candidates;
pub mod directory;
pub mod profile;
pub mod responsibilities;

use kam_domain::method::Area;
use leptos::prelude::*;

use super::{MethodSteps, NeedsWorkspace, Tab, TabNav, area_lead, area_title};
use crate::{i18n::*, store::use_store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Responsibilities,
    Profile,
    Candidates,
    Directory,
}

impl Part {
    pub const ALL: [Part; 4] = [
        Part::Responsibilities,
        Part::Profile,
        Part::Candidates,
        Part::Directory,
    ];

    pub fn tab(self) -> Tab {
        let (path, slug, label): (_, _, fn(Locale) -> &'static str) = match self {
            Part::Responsibilities => ("/people", "responsibilities", |l| {
                td_string!(l, people.tab_responsibilities)
            }),
            Part::Profile => ("/people/profile", "profile", |l| {
                td_string!(l, people.tab_profile)
            }),
            Part::Candidates => ("/people/candidates", "candidates", |l| {
                td_string!(l, people.tab_candidates)
            }),
            Part::Directory => ("/people/directory", "directory", |l| {
                td_string!(l, people.tab_directory)
            }),
        };
        Tab { path, slug, label }
    }
}

#[component]
pub fn PeopleScreen(part: Part) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let open = move || store.workspace.with(Option::is_some);
    let slug = part.tab().slug;
    view! {
        <section class="screen" data-testid="screen-people">
            <h1 class="screen-only">{move || area_title(Area::People, i18n.get_locale())}</h1>
            <TabNav tabs=Part::ALL.iter().map(|p| p.tab()).collect() label=|l| td_string!(l, people.tabs_label) />
            <NeedsWorkspace />
            <Show when=open>
                <div class=format!("part part-{slug}") data-testid=format!("part-{slug}")>
                    {match part {
                        Part::Responsibilities => responsibilities::ResponsibilitiesPart().into_any(),
                        Part::Profile => profile::ProfilePart().into_any(),
                        Part::Candidates => candidates::CandidatesPart().into_any(),
                        Part::Directory => directory::DirectoryPart().into_any(),
                    }}
                </div>
            </Show>
            {(part == Part::Responsibilities).then(|| view! {
                <div class="screen-only">
                    <p class="lead">{move || area_lead(Area::People, i18n.get_locale())}</p>
                    <MethodSteps area=Area::People />
                </div>
            })}
        </section>
    }
}

/// A person's name by id ("–" when gone).
pub fn person_name(id: Option<&str>) -> String {
    crate::store::use_store()
        .read_parts(&[crate::store::Part::Items("people")], |w| {
            id.and_then(|id| w.person(id)).map(|p| p.name.clone())
        })
        .unwrap_or_else(|| "–".to_string())
}
