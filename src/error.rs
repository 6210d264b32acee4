//! One error type for the app layer: a command the domain refused, a browser that
//! refused to store something, a file it would not save. Every failure a user must
//! hear of becomes one of these and is shown where it happened (`Feedback`) or in the
//! problem banner; none is dropped.

use kam_domain::command::CommandError;

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
            AppError::Refused(e) => crate::screens::ui::error_text(e, l),
            AppError::Storage(detail) => td_string!(l, errors.storage, detail = detail).to_string(),
            AppError::Download(detail) => {
                td_string!(l, errors.download, detail = detail).to_string()
            }
            AppError::Clipboard => td_string!(l, errors.clipboard).to_string(),
        }
    }
}
