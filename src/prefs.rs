//! Small per-device preferences (language, display name) in localStorage via gloo-storage.
//! The workspace document itself lives in IndexedDB; these are only strings.

use gloo_storage::{LocalStorage, Storage};

use crate::{error::AppError, i18n::Locale};

const LOCALE_KEY: &str = "kam.locale";
const AUTHOR_KEY: &str = "kam.author";
const ROLE_KEY: &str = "kam.role";

/// localStorage refused a write (private mode, quota, disabled).
fn refused(e: gloo_storage::errors::StorageError) -> AppError {
    AppError::Storage(e.to_string())
}

/// The language chosen on this device; German when none was chosen or the value is unknown.
pub fn stored_locale() -> Locale {
    LocalStorage::get::<String>(LOCALE_KEY)
        .ok()
        .and_then(|code| locale_from_code(&code))
        .unwrap_or(Locale::de)
}

/// Remembers the language for the next visit.
pub fn store_locale(locale: Locale) -> Result<(), AppError> {
    LocalStorage::set(LOCALE_KEY, locale_code(locale)).map_err(refused)
}

/// The display name saved on this device, if any.
pub fn stored_author() -> Option<String> {
    LocalStorage::get::<String>(AUTHOR_KEY).ok()
}

/// Saves the display name (already validated by `kam_domain::author::AuthorName`).
pub fn store_author(name: &kam_domain::author::AuthorName) -> Result<(), AppError> {
    LocalStorage::set(AUTHOR_KEY, name.as_str()).map_err(refused)
}

/// This person's role on the board as they gave it ("Geschäftsführerin"), if any.
pub fn stored_role() -> Option<String> {
    LocalStorage::get::<String>(ROLE_KEY)
        .ok()
        .filter(|r| !r.is_empty())
}

/// Saves the role (trimmed, at most 80 characters: a few words).
pub fn store_role(role: &str) -> Result<(), AppError> {
    let role: String = role.split_whitespace().collect::<Vec<_>>().join(" ");
    LocalStorage::set(ROLE_KEY, role.chars().take(80).collect::<String>()).map_err(refused)
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

const RELAY_URL_KEY: &str = "kam.relay.url";
const RELAY_TOKEN_KEY: &str = "kam.relay.token";

/// The relay this device syncs through: its WebSocket address and access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelaySettings {
    pub url: String,
    pub token: String,
}

/// The relay address when none was set: the one that served the app (`/sync`).
pub fn default_relay_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let secure = location.protocol().map(|p| p == "https:").unwrap_or(false);
    let host = location.host().unwrap_or_default();
    format!("{}://{host}/sync", if secure { "wss" } else { "ws" })
}

/// The relay settings of this device; `None` until a token was entered.
pub fn stored_relay() -> Option<RelaySettings> {
    let token = LocalStorage::get::<String>(RELAY_TOKEN_KEY).ok()?;
    if token.is_empty() {
        return None;
    }
    let url = LocalStorage::get::<String>(RELAY_URL_KEY)
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(default_relay_url);
    Some(RelaySettings { url, token })
}

/// Saves (or, with an empty token, forgets) the relay settings.
pub fn store_relay(url: &str, token: &str) -> Result<(), AppError> {
    LocalStorage::set(RELAY_URL_KEY, url).map_err(refused)?;
    LocalStorage::set(RELAY_TOKEN_KEY, token).map_err(refused)
}

/// A relay address users may enter: ws:// or wss:// with a host.
pub fn valid_relay_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("ws://")
        .or_else(|| url.strip_prefix("wss://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(' '))
}
