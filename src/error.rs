//! One error type for the app layer: a command the domain refused, a browser that
//! refused to store something, a file it would not save. Every failure a user must
//! hear of becomes one of these and is shown where it happened (`Feedback`) or in the
//! problem banner; none is dropped.

use kam_domain::{command::CommandError, validate::Problem};

use crate::i18n::*;

#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// A rule or a missing item; nothing was written.
    Refused(CommandError),
    /// localStorage or IndexedDB refused (quota, private mode, blocked); the words say
    /// which store and why.
    Storage(String),
    /// A file could not be handed to the browser for saving.
    Download(String),
    /// The clipboard refused the text.
    Clipboard,
}

impl From<CommandError> for AppError {
    fn from(e: CommandError) -> AppError {
        AppError::Refused(e)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Refused(e) => write!(f, "{e}"),
            AppError::Storage(d) => write!(f, "storage: {d}"),
            AppError::Download(d) => write!(f, "download: {d}"),
            AppError::Clipboard => f.write_str("clipboard refused"),
        }
    }
}

impl AppError {
    /// The technical words alone (for the problem banner's detail).
    pub fn detail(&self) -> String {
        match self {
            AppError::Storage(d) | AppError::Download(d) => d.clone(),
            other => other.to_string(),
        }
    }

    /// What went wrong, in the user's language, naming the field where there is one.
    pub fn text(&self, l: Locale) -> String {
        match self {
            AppError::Refused(e) => error_text(e, l),
            AppError::Storage(detail) => td_string!(l, errors.storage, detail = detail).to_string(),
            AppError::Download(detail) => {
                td_string!(l, errors.download, detail = detail).to_string()
            }
            AppError::Clipboard => td_string!(l, errors.clipboard).to_string(),
        }
    }
}

/// A field's name in the user's language (history and error messages).
pub fn field_name(field: &str, l: Locale) -> String {
    match field {
        "company" => td_string!(l, fields.company),
        "marketing" => td_string!(l, fields.marketing),
        "kam_role" => td_string!(l, fields.kam_role),
        "name" => td_string!(l, fields.name),
        "criteria_threshold" => td_string!(l, fields.criteria_threshold),
        "revenue" => td_string!(l, fields.revenue),
        "margin" => td_string!(l, fields.margin),
        "potential" => td_string!(l, fields.potential),
        "region" => td_string!(l, fields.region),
        "industry" => td_string!(l, fields.industry),
        "status" => td_string!(l, fields.status),
        "title" => td_string!(l, fields.title),
        "due" => td_string!(l, fields.due),
        "owner_id" => td_string!(l, fields.owner_id),
        "start_date" => td_string!(l, fields.start_date),
        "selection" => td_string!(l, fields.selection),
        "text" => td_string!(l, fields.text),
        "measure" => td_string!(l, fields.measure),
        "achieved" => td_string!(l, fields.achieved),
        "person_id" => td_string!(l, fields.person_id),
        "role" => td_string!(l, fields.role),
        "rating" => td_string!(l, fields.rating),
        "notes" => td_string!(l, fields.notes),
        "date" => td_string!(l, fields.date),
        "what" => td_string!(l, fields.what),
        "who" => td_string!(l, fields.who),
        "resolution" => td_string!(l, fields.resolution),
        "audience" => td_string!(l, fields.audience),
        "done" => td_string!(l, fields.done),
        "duration_months" => td_string!(l, fields.duration_months),
        "sponsor_id" => td_string!(l, fields.sponsor_id),
        "rank" => td_string!(l, fields.rank),
        "is_milestone" => td_string!(l, fields.is_milestone),
        "after" => td_string!(l, fields.after),
        "id" => td_string!(l, fields.id),
        "decided_by" => td_string!(l, fields.decided_by),
        "capacity" => td_string!(l, fields.capacity),
        "topic" => td_string!(l, fields.topic),
        "required_level" => td_string!(l, fields.required_level),
        "level" => td_string!(l, fields.level),
        "manager_id" => td_string!(l, fields.manager_id),
        "review_every_days" => td_string!(l, fields.review_every_days),
        "target_date" => td_string!(l, fields.target_date),
        "last_contact" => td_string!(l, fields.last_contact),
        "revenue_target" => td_string!(l, fields.revenue_target),
        "revenue_actual" => td_string!(l, fields.revenue_actual),
        "margin_target" => td_string!(l, fields.margin_target),
        "margin_actual" => td_string!(l, fields.margin_actual),
        "profile" => td_string!(l, fields.profile),
        "goal_id" => td_string!(l, fields.goal_id),
        "participants" => td_string!(l, fields.participants),
        "findings" => td_string!(l, fields.findings),
        "coverage" => td_string!(l, fields.coverage),
        "competitor" => td_string!(l, fields.competitor),
        "reason" => td_string!(l, fields.reason),
        "threshold" => td_string!(l, fields.threshold),
        "number" => td_string!(l, fields.number),
        "weight" => td_string!(l, fields.weight),
        "abc_a_percent" => td_string!(l, fields.abc_a_percent),
        "abc_b_percent" => td_string!(l, fields.abc_b_percent),
        other => return other.to_string(),
    }
    .to_string()
}

/// Why a command was refused, in the user's language, naming the field.
pub fn error_text(error: &CommandError, l: Locale) -> String {
    match error {
        CommandError::Invalid { invalid, .. } => {
            let field = field_name(invalid.field, l);
            match &invalid.problem {
                Problem::Empty => td_string!(l, errors.empty, field = field).to_string(),
                Problem::TooLong { max } => {
                    td_string!(l, errors.too_long, field = field, max = max).to_string()
                }
                Problem::NotADate { value } => {
                    td_string!(l, errors.not_a_date, field = field, value = value).to_string()
                }
                Problem::OutOfRange { value, lo, hi } => td_string!(
                    l,
                    errors.out_of_range,
                    field = field,
                    value = value,
                    lo = lo,
                    hi = hi
                )
                .to_string(),
                Problem::Negative => td_string!(l, errors.negative, field = field).to_string(),
                Problem::NotANumber { value } => {
                    td_string!(l, errors.not_a_number, field = field, value = value).to_string()
                }
                Problem::NothingRated => td_string!(l, rules.rate_one).to_string(),
                Problem::NotFinite | Problem::Other(_) => {
                    let reason = invalid.problem.to_string();
                    td_string!(l, errors.other, field = field, reason = reason).to_string()
                }
            }
        }
        CommandError::NotFound { .. } => td_string!(l, errors.not_found).to_string(),
        CommandError::NumberTaken { number, name } => {
            td_string!(l, errors.number_taken, number = number, name = name).to_string()
        }
        other => {
            let reason = other.to_string();
            td_string!(l, errors.document, reason = reason).to_string()
        }
    }
}
