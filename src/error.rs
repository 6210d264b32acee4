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

/// A field's name in the user's language (history and error messages): one table for
/// the domain's history sentences and the screens.
pub fn field_name(field: &str, l: Locale) -> String {
    kam_domain::history::field_word(crate::lang(l), field)
}

/// Why a command was refused, in the user's language, naming the field.
pub fn error_text(error: &CommandError, l: Locale) -> String {
    match error {
        CommandError::Invalid { invalid, .. } => {
            let field = field_name(invalid.field, l);
            match &invalid.problem {
                Problem::Empty => td_string!(l, errors.empty, field = field).to_string(),
                Problem::TooLong { max, chars } => {
                    td_string!(l, errors.too_long, field = field, max = max, chars = chars)
                        .to_string()
                }
                Problem::NotADate { value } => {
                    td_string!(l, errors.not_a_date, field = field, value = value).to_string()
                }
                Problem::DateOutside { value, lo, hi } => {
                    let value = kam_domain::date::Date::parse(value).map_or_else(
                        || value.clone(),
                        |d| kam_domain::history::date_text(crate::lang(l), d),
                    );
                    td_string!(
                        l,
                        errors.date_outside,
                        field = field,
                        value = value,
                        lo = lo,
                        hi = hi
                    )
                    .to_string()
                }
                Problem::NotAPeriod { value } => {
                    td_string!(l, errors.not_a_period, field = field, value = value).to_string()
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
