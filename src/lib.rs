//! The KAM workspace app: Leptos (CSR) views, browser preferences, offline support.
//!
//! Views render state and send commands; every rule that decides something lives in
//! `kam_domain`.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

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
