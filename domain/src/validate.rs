//! Validation of model values: the rules a command must pass before it is written.

use crate::{command::EntityKind, model::*};

use EntityKind as K;

/// A value a command may not write, with the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct Invalid {
    pub field: &'static str,
    pub problem: Problem,
}

/// What is wrong with a value; the app words it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("must not be empty")]
    Empty,
    #[error("has {chars} characters, at most {max} are allowed")]
    TooLong { max: usize, chars: usize },
    #[error("`{value}` is not a date like 2027-03-31")]
    NotADate { value: String },
    /// A real date, but not one a programme plans with (a typo like 2999).
    #[error("{value} is not between the years {lo} and {hi}")]
    DateOutside { value: String, lo: i32, hi: i32 },
    #[error("`{value}` is not a period like 2027, 2027-Q2 or 2027-05")]
    NotAPeriod { value: String },
    #[error("{value} is outside {lo}–{hi}")]
    OutOfRange {
        value: String,
        lo: String,
        hi: String,
    },
    #[error("must not be negative")]
    Negative,
    #[error("`{value}` is not a number")]
    NotANumber { value: String },
    #[error("must be a finite number")]
    NotFinite,
    #[error("at least one rule must be rated")]
    NothingRated,
    #[error("{0}")]
    Other(String),
}

fn invalid(field: &'static str, problem: Problem) -> Invalid {
    Invalid { field, problem }
}

/// What a text is, which decides how long it may be: the same limit for every field of
/// a kind, so a user learns it once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A one-line name: a customer, a person, a criterion, an industry, an id.
    Name,
    /// A one-line title or short statement: a goal, an action, a role, a SWOT point.
    Title,
    /// A text of paragraphs: notes, a profile, a reason, findings.
    Long,
}

impl TextKind {
    /// The most characters a text of this kind may have.
    pub const fn max(self) -> usize {
        match self {
            TextKind::Name => 200,
            TextKind::Title => 500,
            TextKind::Long => 10_000,
        }
    }
}

/// What kind of text a field holds (every text field of the model is listed; others
/// default to a title).
pub fn text_kind(kind: EntityKind, field: &str) -> TextKind {
    use EntityKind as K;
    use TextKind::*;
    match (kind, field) {
        (K::Strategy, _)
        | (K::AsIsAnswer, "notes")
        | (K::ConflictEntry, "resolution")
        | (K::Assessment, "notes")
        | (K::KeyAccount, "profile" | "importance" | "priority_rule")
        | (K::SelectionDecision, "reason")
        | (K::ProgrammeReview, "findings")
        | (K::Review, "notes" | "decisions")
        | (K::AgendaItem, "notes")
        | (K::Attribute, "value") => Long,
        (
            K::Workspace
            | K::Customer
            | K::Criterion
            | K::Requirement
            | K::Person
            | K::Stakeholder
            | K::Offering
            | K::PortfolioFactor
            | K::PortfolioSnapshot,
            "name",
        )
        | (K::Customer, "number" | "industry" | "region")
        | (K::Training, "provider")
        | (K::Assessment, "assessed_by")
        | (K::WhitespaceCell, "competitor")
        | (K::AgendaItem, "screen")
        | (_, "id" | "person_id" | "customer_id" | "workshop_id" | "decided_by") => Name,
        _ => Title,
    }
}

/// Checks a text against its kind's limit; `required` text must also say something.
fn text(kind: EntityKind, field: &'static str, value: &str, required: bool) -> Result<(), Invalid> {
    if required && value.trim().is_empty() {
        return Err(invalid(field, Problem::Empty));
    }
    let max = text_kind(kind, field).max();
    let chars = value.chars().count();
    if chars > max {
        Err(invalid(field, Problem::TooLong { max, chars }))
    } else {
        Ok(())
    }
}

/// Text of `kind` that must say something.
fn need(kind: EntityKind, field: &'static str, value: &str) -> Result<(), Invalid> {
    text(kind, field, value, true)
}

/// Text of `kind` that may be empty.
fn may(kind: EntityKind, field: &'static str, value: &str) -> Result<(), Invalid> {
    text(kind, field, value, false)
}

/// An id or other one-line text that must say something.
pub fn required(field: &'static str, value: &str) -> Result<(), Invalid> {
    need(EntityKind::Workspace, field, value)
}

/// The inclusive range a whole-number field allows, where it is fixed. The criteria
/// threshold's upper end is the number of criteria and the B limit's lower end the A
/// limit: those are checked where both are known.
pub fn number_range(kind: EntityKind, field: &str) -> Option<(i64, i64)> {
    use EntityKind as K;
    Some(match (kind, field) {
        (K::Workspace, "criteria_threshold") => (1, 100),
        (K::Workspace, "abc_a_percent") => (1, 99),
        (K::Workspace, "abc_b_percent") => (2, 100),
        (K::Programme, "duration_months") => (1, 120),
        (K::Criterion | K::Requirement | K::PortfolioFactor, "weight") => (1, 100),
        (K::Requirement, "required_level") => (1, 5),
        (K::Person, "capacity") => (0, 100),
        (K::Stakeholder, "influence") => (1, 3),
        (K::Stakeholder, "attitude") => (-2, 2),
        (K::AgendaItem, "minutes") => (1, 480),
        (K::KeyAccount, "review_every_days") => (1, 730),
        (K::Rating | K::Level | K::AsIsAnswer, _) => (1, 5),
        _ => return None,
    })
}

/// A whole number as the user typed it (`12`, `-3`, `1'000`), checked against the
/// field's range. Digits too many for any number are out of range, not "not a number",
/// and a negative number is never wrapped round into a huge one.
pub fn whole_number(kind: EntityKind, field: &'static str, typed: &str) -> Result<i64, Invalid> {
    let shown = typed.trim();
    let plain: String = shown
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | ' ' | '\u{a0}' | '\u{202f}' | '_'))
        .collect();
    let digits = plain.strip_prefix(['-', '+', '−']).unwrap_or(&plain);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(
            field,
            Problem::NotANumber {
                value: shown.to_string(),
            },
        ));
    }
    let negative = plain.starts_with(['-', '−']);
    let (lo, hi) = number_range(kind, field).unwrap_or((i64::MIN, i64::MAX));
    let out = || {
        invalid(
            field,
            Problem::OutOfRange {
                value: shown.to_string(),
                lo: lo.to_string(),
                hi: hi.to_string(),
            },
        )
    };
    let magnitude: i64 = digits.parse().map_err(|_| out())?;
    let value = if negative { -magnitude } else { magnitude };
    if value < lo || value > hi {
        return Err(out());
    }
    Ok(value)
}

/// The years a date may fall in: wide enough for any customer history and any plan,
/// narrow enough to catch a mistyped year (2999, 1026).
pub const YEARS: (i32, i32) = (1950, 2099);

/// An ISO calendar date `YYYY-MM-DD` that exists (leap years included) and falls within
/// [`YEARS`]: what a command may write.
pub fn iso_date(field: &'static str, value: &str) -> Result<(), Invalid> {
    let year = calendar_date(field, value)?;
    within_years(field, value, year)
}

/// A year of `value` within [`YEARS`], or the message saying which years are allowed.
fn within_years(field: &'static str, value: &str, year: i32) -> Result<(), Invalid> {
    if year < YEARS.0 || year > YEARS.1 {
        return Err(invalid(
            field,
            Problem::DateOutside {
                value: value.to_string(),
                lo: YEARS.0,
                hi: YEARS.1,
            },
        ));
    }
    Ok(())
}

/// An ISO calendar date `YYYY-MM-DD` that exists, of any year from 1900 (what is read:
/// a date stored before the window was a rule still reads as a date); its year.
pub fn calendar_date(field: &'static str, value: &str) -> Result<i32, Invalid> {
    let bad = || {
        invalid(
            field,
            Problem::NotADate {
                value: value.to_string(),
            },
        )
    };
    let parts: Vec<&str> = value.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (y, m, d) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1..=days).contains(&d) || y < 1900 {
        return Err(bad());
    }
    Ok(y as i32)
}

/// A controlling period (`2027`, `2027-Q2`, `2027-05`) within [`YEARS`].
pub fn period(field: &'static str, value: &str) -> Result<(), Invalid> {
    use crate::controlling::Period;
    let year = match Period::parse(value) {
        Some(Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _))
            if value == value.trim() =>
        {
            y
        }
        _ => {
            return Err(invalid(
                field,
                Problem::NotAPeriod {
                    value: value.to_string(),
                },
            ));
        }
    };
    within_years(field, value, year)
}

fn opt_date(field: &'static str, value: &Option<String>) -> Result<(), Invalid> {
    value.as_deref().map_or(Ok(()), |v| iso_date(field, v))
}

fn in_range<T: PartialOrd + std::fmt::Display>(
    field: &'static str,
    value: T,
    lo: T,
    hi: T,
) -> Result<(), Invalid> {
    if value < lo || value > hi {
        Err(invalid(
            field,
            Problem::OutOfRange {
                value: value.to_string(),
                lo: lo.to_string(),
                hi: hi.to_string(),
            },
        ))
    } else {
        Ok(())
    }
}

fn not_negative(field: &'static str, value: Option<i64>) -> Result<(), Invalid> {
    match value {
        Some(v) if v < 0 => Err(invalid(field, Problem::Negative)),
        _ => Ok(()),
    }
}

/// A whole number within its field's [`number_range`].
fn ranged<T: TryInto<i64> + Copy + std::fmt::Display>(
    kind: EntityKind,
    field: &'static str,
    value: T,
) -> Result<(), Invalid> {
    let Some((lo, hi)) = number_range(kind, field) else {
        return Ok(());
    };
    match value.try_into() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(()),
        _ => Err(invalid(
            field,
            Problem::OutOfRange {
                value: value.to_string(),
                lo: lo.to_string(),
                hi: hi.to_string(),
            },
        )),
    }
}

fn rank(value: f64) -> Result<(), Invalid> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(invalid("rank", Problem::NotFinite))
    }
}

/// Values that know their own rules.
pub trait Validate {
    /// Checks every rule; the first broken one is returned.
    fn validate(&self) -> Result<(), Invalid>;
}

impl Validate for Workspace {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Workspace, "name", &self.name)?;
        ranged(K::Workspace, "criteria_threshold", self.criteria_threshold)?;
        in_range("abc_a_percent", self.abc_a_percent, 1, 99)?;
        in_range(
            "abc_b_percent",
            self.abc_b_percent,
            self.abc_a_percent + 1,
            100,
        )?;
        self.programme.validate()
    }
}

impl Validate for Rating {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Rating, "id", &self.id)?;
        in_range("rating", self.value, 1, 5)
    }
}

impl Validate for Attribute {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Attribute, "id", &self.id)?;
        may(K::Attribute, "value", &self.value)
    }
}

impl Validate for PortfolioFactor {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        need(K::PortfolioFactor, "name", &self.name)?;
        ranged(K::PortfolioFactor, "weight", self.weight)?;
        if crate::selection::FACTOR_SOURCES.contains(&self.source.as_str()) {
            Ok(())
        } else {
            Err(invalid(
                "source",
                Problem::Other(format!("`{}` is not a figure or rating", self.source)),
            ))
        }
    }
}

impl Validate for Level {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Level, "id", &self.id)?;
        in_range("level", self.level, 1, 5)
    }
}

impl Validate for PortfolioSnapshot {
    fn validate(&self) -> Result<(), Invalid> {
        may(K::PortfolioSnapshot, "name", &self.name)?;
        iso_date("date", &self.date)
    }
}

impl Validate for Programme {
    fn validate(&self) -> Result<(), Invalid> {
        opt_date("start_date", &self.start_date)?;
        ranged(K::Programme, "duration_months", self.duration_months)
    }
}

impl Validate for ProgrammeGoal {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        need(K::ProgrammeGoal, "text", &self.text)?;
        may(K::ProgrammeGoal, "measure", &self.measure)
    }
}

impl Validate for TeamMember {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::TeamMember, "person_id", &self.person_id)?;
        may(K::TeamMember, "role", &self.role)
    }
}

impl Validate for PlanStep {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        need(K::PlanStep, "title", &self.title)?;
        opt_date("due", &self.due)
    }
}

impl Validate for AsIsAnswer {
    fn validate(&self) -> Result<(), Invalid> {
        may(K::AsIsAnswer, "notes", self.notes.as_str())?;
        self.rating.map_or(Ok(()), |r| in_range("rating", r, 1, 5))
    }
}

impl Validate for GroundRuleCheck {
    fn validate(&self) -> Result<(), Invalid> {
        iso_date("date", &self.date)?;
        if self.ratings.is_empty() {
            return Err(invalid("rating", Problem::NothingRated));
        }
        for r in &self.ratings {
            r.validate()?;
        }
        Ok(())
    }
}

impl Validate for RuleRating {
    fn validate(&self) -> Result<(), Invalid> {
        in_range("rule", self.rule, 1, 10)?;
        in_range("rating", self.rating, 1, 5)?;
        may(K::GroundRuleCheck, "note", &self.note)
    }
}

impl Validate for ConflictEntry {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::ConflictEntry, "what", &self.what)?;
        may(K::ConflictEntry, "who", &self.who)?;
        may(K::ConflictEntry, "resolution", self.resolution.as_str())
    }
}

impl Validate for Communication {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Communication, "what", &self.what)?;
        may(K::Communication, "audience", &self.audience)?;
        opt_date("date", &self.date)
    }
}

impl Validate for Customer {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Customer, "name", &self.name)?;
        for (field, value) in [
            ("number", &self.number),
            ("industry", &self.industry),
            ("region", &self.region),
        ] {
            may(K::Customer, field, value)?;
        }
        not_negative("revenue", self.revenue)?;
        not_negative("potential", self.potential)?;
        for r in &self.ratings {
            in_range("ratings", r.value, 1, 5)?;
        }
        Ok(())
    }
}

impl Validate for Criterion {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        need(K::Criterion, "name", &self.name)?;
        ranged(K::Criterion, "weight", self.weight)?;
        match &self.rule {
            CriterionRule::Measured { field, threshold } => {
                if !matches!(field.as_str(), "revenue" | "margin" | "potential") {
                    Err(invalid(
                        "rule",
                        Problem::Other(format!("`{field}` is not a measurable customer field")),
                    ))
                } else if *threshold < 0 && field != "margin" {
                    // A contribution margin may be negative; revenue and potential not.
                    Err(invalid("threshold", Problem::Negative))
                } else {
                    Ok(())
                }
            }
            CriterionRule::Rated { min } => in_range("rule", *min, 1, 5),
        }
    }
}

impl Validate for SelectionDecision {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::SelectionDecision, "customer_id", &self.customer_id)?;
        need(K::SelectionDecision, "decided_by", &self.decided_by)?;
        need(K::SelectionDecision, "reason", &self.reason)
    }
}

impl Validate for Requirement {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        need(K::Requirement, "name", &self.name)?;
        ranged(K::Requirement, "weight", self.weight)?;
        in_range("required_level", self.required_level, 1, 5)
    }
}

impl Validate for Person {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Person, "name", &self.name)?;
        may(K::Person, "role", &self.role)?;
        ranged(K::Person, "capacity", self.capacity)
    }
}

impl Validate for Training {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Training, "topic", &self.topic)?;
        may(K::Training, "provider", &self.provider)?;
        opt_date("date", &self.date)
    }
}

impl Validate for Assessment {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Assessment, "person_id", &self.person_id)?;
        may(K::Assessment, "assessed_by", &self.assessed_by)?;
        may(K::Assessment, "notes", self.notes.as_str())?;
        iso_date("date", &self.date)?;
        for l in &self.levels {
            in_range("levels", l.level, 1, 5)?;
        }
        Ok(())
    }
}

impl Validate for KeyAccount {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::KeyAccount, "customer_id", &self.customer_id)?;
        for (field, value) in [
            ("profile", &self.profile),
            ("importance", &self.importance),
            ("priority_rule", &self.priority_rule),
        ] {
            may(K::KeyAccount, field, value.as_str())?;
        }
        ranged(K::KeyAccount, "review_every_days", self.review_every_days)
    }
}

impl Validate for SwotItem {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::SwotItem, "text", self.text.as_str())
    }
}

impl Validate for Goal {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        need(K::Goal, "title", &self.title)?;
        opt_date("target_date", &self.target_date)
    }
}

impl Validate for Action {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Action, "title", &self.title)?;
        opt_date("due", &self.due)
    }
}

impl Validate for Stakeholder {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Stakeholder, "name", &self.name)?;
        may(K::Stakeholder, "function", &self.function)?;
        in_range("influence", self.influence, 1, 3)?;
        in_range("attitude", self.attitude, -2, 2)?;
        opt_date("last_contact", &self.last_contact)
    }
}

impl Validate for Review {
    fn validate(&self) -> Result<(), Invalid> {
        may(K::Review, "participants", &self.participants)?;
        may(K::Review, "notes", self.notes.as_str())?;
        may(K::Review, "decisions", self.decisions.as_str())?;
        iso_date("date", &self.date)
    }
}

impl Validate for Workshop {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Workshop, "title", &self.title)?;
        iso_date("date", &self.date)?;
        may(K::Workshop, "participants", &self.participants)
    }
}

impl Validate for AgendaItem {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        need(K::AgendaItem, "title", &self.title)?;
        need(K::AgendaItem, "workshop_id", &self.workshop_id)?;
        may(K::AgendaItem, "screen", &self.screen)?;
        ranged(K::AgendaItem, "minutes", self.minutes)?;
        may(K::AgendaItem, "notes", self.notes.as_str())
    }
}

impl Validate for ProgrammeReview {
    fn validate(&self) -> Result<(), Invalid> {
        may(K::ProgrammeReview, "participants", &self.participants)?;
        may(K::ProgrammeReview, "findings", self.findings.as_str())?;
        iso_date("date", &self.date)
    }
}

impl Validate for Target {
    fn validate(&self) -> Result<(), Invalid> {
        period("period", &self.id)?;
        // Targets and revenue are never negative; a margin actually earned may be.
        not_negative("revenue_target", self.revenue_target)?;
        not_negative("margin_target", self.margin_target)?;
        not_negative("revenue_actual", self.revenue_actual)
    }
}

impl Validate for Offering {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::Offering, "name", &self.name)
    }
}

impl Validate for WhitespaceCell {
    fn validate(&self) -> Result<(), Invalid> {
        need(K::WhitespaceCell, "id", &self.id)?;
        not_negative("potential", self.potential)?;
        may(K::WhitespaceCell, "competitor", &self.competitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(iso_date("d", "2028-02-29").is_ok(), "leap day");
        assert!(iso_date("d", "2027-02-29").is_err());
        assert!(iso_date("d", "2027-13-01").is_err());
        assert!(iso_date("d", "27-1-1").is_err());
        assert!(iso_date("d", "2027-04-31").is_err());
        let e = iso_date("due", "morgen").expect_err("not a date");
        assert_eq!(e.to_string(), "due: `morgen` is not a date like 2027-03-31");
    }

    #[test]
    fn required_text_refuses_blank_and_huge() {
        assert!(required("name", "  ").is_err());
        assert!(required("name", &"a".repeat(501)).is_err());
        assert!(required("name", "Müller AG").is_ok());
    }

    #[test]
    fn stakeholder_ranges() {
        let mut s = Stakeholder {
            id: "s".into(),
            name: "Dr. Weber".into(),
            function: String::new(),
            role: BuyingRole::Decider,
            influence: 3,
            attitude: 2,
            contact_person_id: None,
            last_contact: None,
        };
        assert!(s.validate().is_ok());
        s.attitude = 3;
        assert_eq!(s.validate().map_err(|e| e.field), Err("attitude"));
    }
}
