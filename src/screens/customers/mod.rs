//! Customers and the selection of key accounts (DOMAIN.md steps 3 and 5): the customer
//! list, the import from ERP/CRM, the criteria, ABC analysis, portfolio, the
//! provisional → definitive selection with its log, and the Top 10. One screen with a
//! tab per part; each part has its own address.

pub mod abc;
pub mod criteria;
pub mod import;
pub mod list;
pub mod portfolio;
pub mod ratings;
pub mod selection;
pub mod top_ten;

use crate::i18n::*;

/// A customer figure's name (revenue, margin, potential).
pub fn figure_label(field: &str, l: Locale) -> &'static str {
    match field {
        "revenue" => td_string!(l, customers.revenue),
        "margin" => td_string!(l, customers.margin),
        "potential" => td_string!(l, customers.potential),
        _ => td_string!(l, customers.rated),
    }
}
