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
