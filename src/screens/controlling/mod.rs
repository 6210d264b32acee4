//! Controlling (DOMAIN.md step 9): the cockpit of targets against actuals across all key
//! accounts (`cockpit`), the work that slips (`work`), the programme over time with its
//! reviews (`programme`), offerings × key accounts (`whitespace`), and the controller's actuals file (`actuals`). One screen with a tab per part; each part has its own address.

pub mod actuals;
pub mod cockpit;
pub mod programme;
pub mod whitespace;
pub mod work;

use kam_domain::controlling::{Figure, Period};

use crate::i18n::*;

/// A figure's name (revenue target, revenue actual…).
pub fn figure_words(figure: Figure, l: Locale) -> &'static str {
    match figure {
        Figure::RevenueTarget => td_string!(l, accounts.revenue_target),
        Figure::RevenueActual => td_string!(l, accounts.revenue_actual),
        Figure::MarginTarget => td_string!(l, accounts.margin_target),
        Figure::MarginActual => td_string!(l, accounts.margin_actual),
    }
}

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month's name (1–12).
pub fn month_name(month: u32, l: Locale) -> &'static str {
    let names = match l {
        Locale::de => &MONTHS_DE,
        Locale::en => &MONTHS_EN,
    };
    names[(month.clamp(1, 12) - 1) as usize]
}

/// A period as users name it: "2027", "Q2 2027", "Mai 2027".
pub fn period_label(p: Period, l: Locale) -> String {
    match p {
        Period::Year(y) => y.to_string(),
        Period::Quarter(y, q) => format!("Q{q} {y}"),
        Period::Month(y, m) => format!("{} {y}", month_name(u32::from(m), l)),
    }
}

/// Who is responsible, in words: the person's name, or "nobody responsible".
pub fn responsible(id: Option<&str>, l: Locale) -> String {
    match id {
        Some(_) => crate::screens::people::person_name(id),
        None => td_string!(l, controlling.no_manager).to_string(),
    }
}
