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

use kam_domain::method::Area;
use leptos::prelude::*;

use super::AreaFrame;
use crate::{i18n::*, routes::Screen};

/// The customers screen showing one part.
#[component]
pub fn CustomersScreen(part: Screen) -> impl IntoView {
    view! {
        <AreaFrame area=Area::Customers part=part test_id="screen-customers"
            tabs_label=|l| td_string!(l, customers.tabs_label)>
            {match part {
                Screen::CustomerList => list::ListPart().into_any(),
                Screen::Import => import::ImportPart().into_any(),
                Screen::Criteria => criteria::CriteriaPart().into_any(),
                Screen::Abc => abc::AbcPart().into_any(),
                Screen::Portfolio => portfolio::PortfolioPart().into_any(),
                Screen::Selection => selection::SelectionPart().into_any(),
                Screen::TopTen => top_ten::TopTenPart().into_any(),
                _ => super::NotFound().into_any(),
            }}
        </AreaFrame>
    }
}

/// A customer figure's name (revenue, margin, potential).
pub fn figure_label(field: &str, l: Locale) -> &'static str {
    match field {
        "revenue" => td_string!(l, customers.revenue),
        "margin" => td_string!(l, customers.margin),
        "potential" => td_string!(l, customers.potential),
        _ => td_string!(l, customers.rated),
    }
}
