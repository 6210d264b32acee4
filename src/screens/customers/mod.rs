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

use kam_domain::{method::Area, model::SelectionStatus};
use leptos::prelude::*;

use super::{MethodSteps, NeedsWorkspace, Tab, TabNav, area_lead, area_title};
use crate::{i18n::*, store::use_store};

/// The parts, in the order a management team works through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    List,
    Import,
    Criteria,
    Abc,
    Portfolio,
    Selection,
    TopTen,
}

impl Part {
    pub const ALL: [Part; 7] = [
        Part::List,
        Part::Import,
        Part::Criteria,
        Part::Abc,
        Part::Portfolio,
        Part::Selection,
        Part::TopTen,
    ];

    pub fn tab(self) -> Tab {
        let (path, slug, label): (_, _, fn(Locale) -> &'static str) = match self {
            Part::List => ("/customers", "customers", |l| {
                td_string!(l, customers.tab_list)
            }),
            Part::Import => ("/customers/import", "import", |l| {
                td_string!(l, customers.tab_import)
            }),
            Part::Criteria => ("/customers/criteria", "criteria", |l| {
                td_string!(l, customers.tab_criteria)
            }),
            Part::Abc => ("/customers/abc", "abc", |l| {
                td_string!(l, customers.tab_abc)
            }),
            Part::Portfolio => ("/customers/portfolio", "portfolio", |l| {
                td_string!(l, customers.tab_portfolio)
            }),
            Part::Selection => ("/customers/selection", "selection", |l| {
                td_string!(l, customers.tab_selection)
            }),
            Part::TopTen => ("/customers/top-10", "top-10", |l| {
                td_string!(l, customers.tab_top_ten)
            }),
        };
        Tab { path, slug, label }
    }
}

/// The customers screen showing one part.
#[component]
pub fn CustomersScreen(part: Part) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let open = move || store.workspace.with(Option::is_some);
    let slug = part.tab().slug;
    view! {
        <section class="screen" data-testid="screen-customers">
            <h1 class="screen-only">{move || area_title(Area::Customers, i18n.get_locale())}</h1>
            <TabNav tabs=Part::ALL.iter().map(|p| p.tab()).collect()
                label=|l| td_string!(l, customers.tabs_label) />
            <NeedsWorkspace />
            <Show when=open>
                <div class=format!("part part-{slug}") data-testid=format!("part-{slug}")>
                    {match part {
                        Part::List => list::ListPart().into_any(),
                        Part::Import => import::ImportPart().into_any(),
                        Part::Criteria => criteria::CriteriaPart().into_any(),
                        Part::Abc => abc::AbcPart().into_any(),
                        Part::Portfolio => portfolio::PortfolioPart().into_any(),
                        Part::Selection => selection::SelectionPart().into_any(),
                        Part::TopTen => top_ten::TopTenPart().into_any(),
                    }}
                </div>
            </Show>
            {(part == Part::List).then(|| view! {
                <div class="screen-only">
                    <p class="lead">{move || area_lead(Area::Customers, i18n.get_locale())}</p>
                    <MethodSteps area=Area::Customers />
                </div>
            })}
        </section>
    }
}

/// Where a customer stands in the selection, in words.
pub fn selection_label(status: SelectionStatus, l: Locale) -> &'static str {
    match status {
        SelectionStatus::None => td_string!(l, customers.sel_none),
        SelectionStatus::Provisional => td_string!(l, customers.sel_provisional),
        SelectionStatus::Definitive => td_string!(l, customers.sel_definitive),
        SelectionStatus::Rejected => td_string!(l, customers.sel_rejected),
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
