//! People (DOMAIN.md steps 4 and 6): the requirement profile for key account managers,
//! candidates assessed against it, the people directory with trainings, and who looks
//! after which key account — with workload and warnings at a glance.

pub mod candidates;
pub mod directory;
pub mod profile;
pub mod responsibilities;

/// A person's name by id ("–" when gone).
pub fn person_name(id: Option<&str>) -> String {
    crate::store::use_store()
        .read_parts(&[crate::store::Part::Items("people")], |w| {
            id.and_then(|id| w.person(id)).map(|p| p.name.clone())
        })
        .unwrap_or_else(|| "–".to_string())
}
