//! The KAM workspace app: Leptos (CSR) views, browser preferences, offline support.
//!
//! Views render state and send commands; every rule that decides something lives in
//! `kam_domain`.

/// The typed texts from `locales/*.json` (leptos_i18n). Counts whose words change with
/// the number are leptos_i18n ranges (exactly 1, everything else): for German and English
/// integer counts that is the whole CLDR plural rule, without ICU data in the bundle.
/// leptos_i18n 0.6 marks ranges deprecated in favour of its ICU plurals, and its generated
/// single-arm matches trip clippy; both are allowed here only.
#[allow(deprecated, clippy::match_single_binding)]
mod texts {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use texts::i18n;

pub mod error;
pub mod files;
pub mod prefs;
pub mod pwa;
pub mod routes;
pub mod screens;
pub mod shell;
pub mod store;
pub mod sync;

pub use shell::App;

/// A fixed text of the interface in the current language, following a switch. Every
/// view shows its texts through this one function (`tr(|l| td_string!(l, key))`), so
/// the reactive text node is compiled once for all of them, not once per text as
/// `t!` does (about 0.8 KB of wasm each).
pub fn tr(text: fn(i18n::Locale) -> &'static str) -> impl leptos::IntoView + use<> {
    let i18n = i18n::use_i18n();
    move || text(i18n.get_locale())
}

/// The domain's language (history sentences, field names) for the interface's.
pub fn lang(l: i18n::Locale) -> kam_domain::history::Lang {
    match l {
        i18n::Locale::de => kam_domain::history::Lang::De,
        i18n::Locale::en => kam_domain::history::Lang::En,
    }
}

/// The interface's language for the domain's (texts the domain does not word itself).
pub fn locale(l: kam_domain::history::Lang) -> i18n::Locale {
    match l {
        kam_domain::history::Lang::De => i18n::Locale::de,
        kam_domain::history::Lang::En => i18n::Locale::en,
    }
}

/// Seconds east of UTC on this device now: the domain writes times in UTC, people read
/// them in their own time.
pub fn local_offset() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64) * 60
}
