//! Small per-device preferences (language, display name) in localStorage via gloo-storage.
//! The workspace document itself lives in IndexedDB; these are only strings.

use gloo_storage::{LocalStorage, Storage};

use crate::i18n::Locale;

const LOCALE_KEY: &str = "kam.locale";
const AUTHOR_KEY: &str = "kam.author";

/// Storage the browser refused (private mode, quota, disabled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageFailed(pub String);

/// The language chosen on this device; German when none was chosen or the value is unknown.
pub fn stored_locale() -> Locale {
    LocalStorage::get::<String>(LOCALE_KEY)
        .ok()
        .and_then(|code| locale_from_code(&code))
        .unwrap_or(Locale::de)
}

/// Remembers the language for the next visit.
pub fn store_locale(locale: Locale) -> Result<(), StorageFailed> {
    LocalStorage::set(LOCALE_KEY, locale_code(locale)).map_err(|e| StorageFailed(e.to_string()))
}

/// The display name saved on this device, if any.
pub fn stored_author() -> Option<String> {
    LocalStorage::get::<String>(AUTHOR_KEY).ok()
}

/// Saves the display name (already validated by `kam_domain::author::AuthorName`).
pub fn store_author(name: &kam_domain::author::AuthorName) -> Result<(), StorageFailed> {
    LocalStorage::set(AUTHOR_KEY, name.as_str()).map_err(|e| StorageFailed(e.to_string()))
}

/// The stable code of a locale as stored and as used in `<html lang>`.
pub fn locale_code(locale: Locale) -> &'static str {
    match locale {
        Locale::de => "de",
        Locale::en => "en",
    }
}

/// Reads a stored locale code; unknown codes give `None` so the default applies.
pub fn locale_from_code(code: &str) -> Option<Locale> {
    match code {
        "de" => Some(Locale::de),
        "en" => Some(Locale::en),
        _ => None,
    }
}
