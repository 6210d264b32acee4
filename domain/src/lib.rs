//! The KAM workspace domain: everything that is true without a browser.
//!
//! The model of one company's Key Account Management programme, the rules that decide
//! (criteria, ABC classes, portfolio positions, plan completeness), the commands that
//! change the document, and import/export. Plain Rust: no web or async dependencies,
//! so `cargo test` runs it natively and fast.

pub mod amounts;
pub mod author;
pub mod command;
pub mod controlling;
pub mod date;
pub mod document;
pub mod fixture;
pub mod history;
pub mod import;
mod json_cursor;
pub mod method;
pub mod minutes;
pub mod model;
pub mod model_cache;
pub mod order;
pub mod people;
pub mod plans;
pub mod progress;
pub mod rank;
pub mod refresh;
pub mod rollout;
pub mod selection;
mod snapshot;
pub mod undo;
pub mod validate;
pub mod versions;
pub mod workshop;
mod write;
