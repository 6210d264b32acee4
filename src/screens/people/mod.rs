//! People (DOMAIN.md steps 4 and 6): the requirement profile for key account managers,
//! candidates assessed against it, the people directory with trainings, and who looks
//! after which key account — with workload and warnings at a glance.

pub mod candidates;
pub mod directory;
pub mod profile;
pub mod responsibilities;

use kam_domain::method::Area;
use leptos::prelude::*;

use super::AreaFrame;
use crate::{i18n::*, routes::Screen};

#[component]
pub fn PeopleScreen(part: Screen) -> impl IntoView {
    view! {
        <AreaFrame area=Area::People part=part test_id="screen-people"
            tabs_label=|l| td_string!(l, people.tabs_label)>
            {match part {
                Screen::Responsibilities => responsibilities::ResponsibilitiesPart().into_any(),
                Screen::Profile => profile::ProfilePart().into_any(),
                Screen::Candidates => candidates::CandidatesPart().into_any(),
                Screen::Directory => directory::DirectoryPart().into_any(),
                _ => super::NotFound().into_any(),
            }}
        </AreaFrame>
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
