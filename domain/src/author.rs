//! The display name every change is committed with ("who changed what when").

use std::fmt;

/// Longest display name accepted; longer text is almost certainly pasted by mistake.
pub const MAX_AUTHOR_NAME_CHARS: usize = 80;

/// A person's display name as it appears in the change history.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AuthorName(String);

/// Why a display name was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorNameError {
    /// Nothing but white space.
    Empty,
    /// More than [`MAX_AUTHOR_NAME_CHARS`] characters.
    TooLong { chars: usize },
}

impl fmt::Display for AuthorNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthorNameError::Empty => write!(f, "the name is empty"),
            AuthorNameError::TooLong { chars } => write!(
                f,
                "the name has {chars} characters, at most {MAX_AUTHOR_NAME_CHARS} are allowed"
            ),
        }
    }
}

impl std::error::Error for AuthorNameError {}

impl AuthorName {
    /// Trims the input and folds inner runs of white space (a name pasted from an e-mail
    /// signature often carries tabs or line breaks).
    pub fn parse(input: &str) -> Result<AuthorName, AuthorNameError> {
        let folded = input.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = folded.chars().count();
        if chars == 0 {
            Err(AuthorNameError::Empty)
        } else if chars > MAX_AUTHOR_NAME_CHARS {
            Err(AuthorNameError::TooLong { chars })
        } else {
            Ok(AuthorName(folded))
        }
    }

    /// The name used when someone has not entered theirs yet.
    pub fn unknown() -> AuthorName {
        AuthorName("—".to_string())
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AuthorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_folds_white_space() {
        let name = AuthorName::parse("  Anna \t\n Muster ").expect("valid");
        assert_eq!(name.as_str(), "Anna Muster");
    }

    #[test]
    fn refuses_empty_and_too_long_names() {
        assert_eq!(AuthorName::parse(" \t "), Err(AuthorNameError::Empty));
        let long = "ä".repeat(81);
        assert_eq!(
            AuthorName::parse(&long),
            Err(AuthorNameError::TooLong { chars: 81 })
        );
        assert!(
            AuthorName::parse(&"ä".repeat(80)).is_ok(),
            "80 umlauts are 80 chars"
        );
    }

    #[test]
    fn keeps_markup_as_plain_text() {
        let name = AuthorName::parse("<b>Eve</b>").expect("valid");
        assert_eq!(name.to_string(), "<b>Eve</b>");
    }
}
