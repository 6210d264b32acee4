//! The rollout project screen's own parts (the area page itself is shared).

pub mod plan;
pub mod strategy;
