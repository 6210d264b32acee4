//! Which fields of each kind of item a command may set, and of what type.

use super::*;

/// The fields each kind lets commands set, and which of them are collaborative text.
pub fn editable_fields(kind: EntityKind) -> (&'static [&'static str], &'static [&'static str]) {
    use EntityKind as K;
    match kind {
        K::Workspace => (
            &[
                "name",
                "criteria_threshold",
                "abc_a_percent",
                "abc_b_percent",
            ],
            &[],
        ),
        K::Programme => (&["start_date", "duration_months", "sponsor_id"], &[]),
        K::Strategy => (
            &["company", "marketing", "kam_role"],
            &["company", "marketing", "kam_role"],
        ),
        K::ProgrammeGoal => (&["rank", "text", "measure", "achieved"], &[]),
        K::TeamMember => (&["person_id", "role"], &[]),
        K::PlanStep => (
            &[
                "rank",
                "title",
                "owner_id",
                "due",
                "status",
                "is_milestone",
                "after",
            ],
            &[],
        ),
        K::AsIsAnswer => (&["rating", "notes"], &["notes"]),
        K::GroundRuleCheck => (&["date"], &[]),
        K::ConflictEntry => (&["what", "who", "status", "resolution"], &["resolution"]),
        K::Communication => (&["what", "audience", "date", "done"], &[]),
        K::Customer => (
            &[
                "number",
                "name",
                "industry",
                "region",
                "revenue",
                "margin",
                "potential",
                "selection",
            ],
            &[],
        ),
        K::Criterion => (&["rank", "name", "rule", "weight"], &[]),
        K::SelectionDecision => (&[], &[]),
        K::Requirement => (&["rank", "name", "weight", "required_level"], &[]),
        K::Person => (&["name", "role", "capacity"], &[]),
        K::Training => (&["topic", "date", "provider", "status"], &[]),
        K::Assessment => (&["assessed_by", "date", "notes"], &["notes"]),
        K::KeyAccount => (
            &[
                "manager_id",
                "deputy_id",
                "managing_director_account",
                "profile",
                "rank",
                "importance",
                "priority_rule",
                "review_every_days",
            ],
            &["profile", "importance", "priority_rule"],
        ),
        K::SwotItem => (&["kind", "text"], &["text"]),
        K::Goal => (&["rank", "title", "target_date"], &[]),
        K::Action => (&["title", "owner_id", "due", "status", "goal_id"], &[]),
        K::Stakeholder => (
            &[
                "name",
                "function",
                "role",
                "influence",
                "attitude",
                "contact_person_id",
                "last_contact",
            ],
            &[],
        ),
        K::ProgrammeReview => (&["date", "participants", "findings"], &["findings"]),
        K::Review => (
            &["date", "participants", "notes", "decisions"],
            &["notes", "decisions"],
        ),
        K::Target => (
            &[
                "revenue_target",
                "margin_target",
                "revenue_actual",
                "margin_actual",
            ],
            &[],
        ),
        K::WhitespaceCell => (&["coverage", "potential", "competitor"], &[]),
        K::Offering => (&["name"], &[]),
        K::Rating => (&["value"], &[]),
        K::Attribute => (&["value"], &[]),
        K::PortfolioFactor => (&["rank", "axis", "name", "source", "weight"], &[]),
        K::PortfolioSnapshot => (&["name"], &[]),
        K::Workshop => (
            &[
                "title",
                "date",
                "participants",
                "started_at",
                "ended_at",
                "current_item",
                "item_started_at",
            ],
            &[],
        ),
        K::AgendaItem => (&["rank", "title", "screen", "minutes", "notes"], &["notes"]),
        K::Level => (&["level"], &[]),
    }
}
