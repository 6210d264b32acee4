//! Validation of model values: the rules a command must pass before it is written.

use crate::model::*;

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
    #[error("is longer than {max} characters")]
    TooLong { max: usize },
    #[error("`{value}` is not a date like 2027-03-31")]
    NotADate { value: String },
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

/// Text that must say something.
pub fn required(field: &'static str, value: &str) -> Result<(), Invalid> {
    if value.trim().is_empty() {
        Err(invalid(field, Problem::Empty))
    } else if value.chars().count() > 500 {
        Err(invalid(field, Problem::TooLong { max: 500 }))
    } else {
        Ok(())
    }
}

/// Text that may be empty but not endless.
fn max_len(field: &'static str, value: &str, max: usize) -> Result<(), Invalid> {
    if value.chars().count() > max {
        Err(invalid(field, Problem::TooLong { max }))
    } else {
        Ok(())
    }
}

/// An ISO calendar date `YYYY-MM-DD` that exists (leap years included).
pub fn iso_date(field: &'static str, value: &str) -> Result<(), Invalid> {
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
    if (1..=days).contains(&d) && y >= 1900 {
        Ok(())
    } else {
        Err(bad())
    }
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
        required("name", &self.name)?;
        if self.criteria_threshold == 0 {
            return Err(invalid(
                "criteria_threshold",
                Problem::OutOfRange {
                    value: "0".into(),
                    lo: "1".into(),
                    hi: "∞".into(),
                },
            ));
        }
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
        required("id", &self.id)?;
        in_range("rating", self.value, 1, 5)
    }
}

impl Validate for Attribute {
    fn validate(&self) -> Result<(), Invalid> {
        required("id", &self.id)?;
        max_len("value", &self.value, 2000)
    }
}

impl Validate for PortfolioFactor {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        required("name", &self.name)?;
        in_range("weight", self.weight, 1, 100)?;
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
        required("id", &self.id)?;
        in_range("level", self.level, 1, 5)
    }
}

impl Validate for PortfolioSnapshot {
    fn validate(&self) -> Result<(), Invalid> {
        iso_date("date", &self.date)
    }
}

impl Validate for Programme {
    fn validate(&self) -> Result<(), Invalid> {
        opt_date("start_date", &self.start_date)?;
        in_range("duration_months", self.duration_months, 1, 120)
    }
}

impl Validate for ProgrammeGoal {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        required("text", &self.text)
    }
}

impl Validate for TeamMember {
    fn validate(&self) -> Result<(), Invalid> {
        required("person_id", &self.person_id)
    }
}

impl Validate for PlanStep {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        required("title", &self.title)?;
        opt_date("due", &self.due)
    }
}

impl Validate for AsIsAnswer {
    fn validate(&self) -> Result<(), Invalid> {
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
        in_range("rating", self.rating, 1, 5)
    }
}

impl Validate for ConflictEntry {
    fn validate(&self) -> Result<(), Invalid> {
        required("what", &self.what)
    }
}

impl Validate for Communication {
    fn validate(&self) -> Result<(), Invalid> {
        required("what", &self.what)?;
        opt_date("date", &self.date)
    }
}

impl Validate for Customer {
    fn validate(&self) -> Result<(), Invalid> {
        required("name", &self.name)?;
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
        required("name", &self.name)?;
        in_range("weight", self.weight, 1, 100)?;
        match &self.rule {
            CriterionRule::Measured { field, .. } => {
                if matches!(field.as_str(), "revenue" | "margin" | "potential") {
                    Ok(())
                } else {
                    Err(invalid(
                        "rule",
                        Problem::Other(format!("`{field}` is not a measurable customer field")),
                    ))
                }
            }
            CriterionRule::Rated { min } => in_range("rule", *min, 1, 5),
        }
    }
}

impl Validate for SelectionDecision {
    fn validate(&self) -> Result<(), Invalid> {
        required("customer_id", &self.customer_id)?;
        required("decided_by", &self.decided_by)?;
        required("reason", &self.reason)
    }
}

impl Validate for Requirement {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        required("name", &self.name)?;
        in_range("weight", self.weight, 1, 100)?;
        in_range("required_level", self.required_level, 1, 5)
    }
}

impl Validate for Person {
    fn validate(&self) -> Result<(), Invalid> {
        required("name", &self.name)?;
        in_range("capacity", self.capacity, 0, 100)
    }
}

impl Validate for Training {
    fn validate(&self) -> Result<(), Invalid> {
        required("topic", &self.topic)?;
        opt_date("date", &self.date)
    }
}

impl Validate for Assessment {
    fn validate(&self) -> Result<(), Invalid> {
        required("person_id", &self.person_id)?;
        iso_date("date", &self.date)?;
        for l in &self.levels {
            in_range("levels", l.level, 1, 5)?;
        }
        Ok(())
    }
}

impl Validate for KeyAccount {
    fn validate(&self) -> Result<(), Invalid> {
        required("customer_id", &self.customer_id)
    }
}

impl Validate for SwotItem {
    fn validate(&self) -> Result<(), Invalid> {
        required("text", self.text.as_str())
    }
}

impl Validate for Goal {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        required("title", &self.title)?;
        opt_date("target_date", &self.target_date)
    }
}

impl Validate for Action {
    fn validate(&self) -> Result<(), Invalid> {
        required("title", &self.title)?;
        opt_date("due", &self.due)
    }
}

impl Validate for Stakeholder {
    fn validate(&self) -> Result<(), Invalid> {
        required("name", &self.name)?;
        in_range("influence", self.influence, 1, 3)?;
        in_range("attitude", self.attitude, -2, 2)?;
        opt_date("last_contact", &self.last_contact)
    }
}

impl Validate for Review {
    fn validate(&self) -> Result<(), Invalid> {
        iso_date("date", &self.date)
    }
}

impl Validate for Workshop {
    fn validate(&self) -> Result<(), Invalid> {
        required("title", &self.title)?;
        iso_date("date", &self.date)?;
        max_len("participants", &self.participants, 2000)
    }
}

impl Validate for AgendaItem {
    fn validate(&self) -> Result<(), Invalid> {
        rank(self.rank)?;
        required("title", &self.title)?;
        required("workshop_id", &self.workshop_id)?;
        max_len("screen", &self.screen, 200)?;
        // A time box of a whole workshop day at most.
        in_range("minutes", self.minutes, 1, 480)?;
        max_len("notes", self.notes.as_str(), 20_000)
    }
}

impl Validate for ProgrammeReview {
    fn validate(&self) -> Result<(), Invalid> {
        iso_date("date", &self.date)
    }
}

impl Validate for Target {
    fn validate(&self) -> Result<(), Invalid> {
        required("id", &self.id)
    }
}

impl Validate for Offering {
    fn validate(&self) -> Result<(), Invalid> {
        required("name", &self.name)
    }
}

impl Validate for WhitespaceCell {
    fn validate(&self) -> Result<(), Invalid> {
        required("id", &self.id)?;
        not_negative("potential", self.potential)?;
        max_len("competitor", &self.competitor, 200)
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
