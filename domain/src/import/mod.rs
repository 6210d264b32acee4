//! Customer lists from an ERP or CRM: CSV in, CSV out.
//!
//! Reading is in three steps so that nothing is written before the user has seen it:
//! [`read_table`] decodes and splits the file, the user maps columns to fields
//! ([`guess_columns`] proposes a mapping, [`guess_number_format`] the way numbers are
//! written), and [`plan`] checks every cell and matches rows to existing customers by
//! customer number. Only a plan without problems becomes one command ([`commands`]), so
//! an import is written completely or not at all.
//!
//! The parts: [`csv`] reads and writes the file format, [`columns`] maps columns to
//! fields, [`customers`] plans the customer import, [`export`] writes customers back
//! out, [`actuals`] reads the controller's figures per key account and period. Amounts
//! are [`crate::amounts`] (forms use them too).

pub mod actuals;
pub mod columns;
pub mod csv;
pub mod customers;
pub mod export;

pub use actuals::*;
pub use columns::*;
pub use csv::*;
pub use customers::*;
pub use export::*;
