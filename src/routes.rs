//! Every address of the app, written once. The table below feeds the router (the shell
//! expands it into `<Route>`s), the main navigation, each area's tabs and the names
//! presence shows for the screen someone is on. Adding a screen is one line here.

use crate::i18n::*;

/// The table: `Screen = "/path", section, tab | page, "slug", (label), (view)`. A `tab` is
/// one of its section's tabs (in this order); a `page` is reached from within (the
/// account plan) or from the header. The slug names the part in classes and test ids.
/// The view is a component of the screens module, named only where that module expands
/// the table (its `screen_view`), so this module does not depend on the screens.
macro_rules! screen_table {
    ($then:ident) => {
        $then! {
            RolloutOverview = "/rollout", Rollout, tab, "overview", (|l| td_string!(l, rollout.tab_overview)), (rollout::overview::OverviewPart);
            Charter = "/rollout/charter", Rollout, tab, "charter", (|l| td_string!(l, rollout.tab_charter)), (rollout::charter::CharterPart);
            WorkPlan = "/rollout/plan", Rollout, tab, "plan", (|l| td_string!(l, rollout.tab_plan)), (rollout::plan::PlanPart);
            Analysis = "/rollout/analysis", Rollout, tab, "analysis", (|l| td_string!(l, rollout.tab_analysis)), (rollout::analysis::AnalysisPart);
            GroundRules = "/rollout/ground-rules", Rollout, tab, "ground-rules", (|l| td_string!(l, rollout.tab_ground_rules)), (rollout::ground_rules::GroundRulesPart);
            Implementation = "/rollout/implementation", Rollout, tab, "implementation", (|l| td_string!(l, rollout.tab_implementation)), (rollout::implementation::ImplementationPart);
            CustomerList = "/customers", Customers, tab, "customers", (|l| td_string!(l, customers.tab_list)), (customers::list::ListPart);
            Import = "/customers/import", Customers, tab, "import", (|l| td_string!(l, customers.tab_import)), (customers::import::ImportPart);
            Criteria = "/customers/criteria", Customers, tab, "criteria", (|l| td_string!(l, customers.tab_criteria)), (customers::criteria::CriteriaPart);
            Abc = "/customers/abc", Customers, tab, "abc", (|l| td_string!(l, customers.tab_abc)), (customers::abc::AbcPart);
            Portfolio = "/customers/portfolio", Customers, tab, "portfolio", (|l| td_string!(l, customers.tab_portfolio)), (customers::portfolio::PortfolioPart);
            Selection = "/customers/selection", Customers, tab, "selection", (|l| td_string!(l, customers.tab_selection)), (customers::selection::SelectionPart);
            TopTen = "/customers/top-10", Customers, tab, "top-10", (|l| td_string!(l, customers.tab_top_ten)), (customers::top_ten::TopTenPart);
            KeyAccounts = "/key-accounts", KeyAccounts, page, "key-accounts", (|l| td_string!(l, nav.key_accounts)), (accounts::AccountsScreen);
            AccountPlan = "/key-accounts/:id", KeyAccounts, page, "account-plan", (|l| td_string!(l, nav.key_accounts)), (accounts::plan::AccountPlanScreen);
            // In the method's order: the profile (step 4) first, then candidates measured
            // against it, then who looks after which account (step 6).
            Profile = "/people", People, tab, "profile", (|l| td_string!(l, people.tab_profile)), (people::profile::ProfilePart);
            Candidates = "/people/candidates", People, tab, "candidates", (|l| td_string!(l, people.tab_candidates)), (people::candidates::CandidatesPart);
            Responsibilities = "/people/responsibilities", People, tab, "responsibilities", (|l| td_string!(l, people.tab_responsibilities)), (people::responsibilities::ResponsibilitiesPart);
            Directory = "/people/directory", People, tab, "directory", (|l| td_string!(l, people.tab_directory)), (people::directory::DirectoryPart);
            Cockpit = "/controlling", Controlling, tab, "cockpit", (|l| td_string!(l, controlling.tab_cockpit)), (controlling::cockpit::CockpitPart);
            SlippingWork = "/controlling/work", Controlling, tab, "work", (|l| td_string!(l, controlling.tab_work)), (controlling::work::WorkPart);
            ProgrammeControlling = "/controlling/programme", Controlling, tab, "programme", (|l| td_string!(l, controlling.tab_programme)), (controlling::programme::ProgrammePart);
            WhitespaceGrid = "/controlling/whitespace", Controlling, tab, "whitespace", (|l| td_string!(l, whitespace.tab)), (controlling::whitespace::WhitespacePart);
            ActualsImport = "/controlling/actuals", Controlling, tab, "actuals", (|l| td_string!(l, controlling.tab_actuals)), (controlling::actuals::ActualsPart);
            Settings = "/settings", Settings, page, "settings", (|l| td_string!(l, nav.settings)), (settings::SettingsScreen);
            Workspaces = "/workspaces", Header, page, "workspaces", (|l| td_string!(l, ws.title)), (workspaces::WorkspacesScreen);
            Workshops = "/workshops", Workshops, page, "workshops", (|l| td_string!(l, workshop.title)), (workshop::WorkshopsScreen);
            WorkshopRun = "/workshops/:id", Workshops, page, "workshop", (|l| td_string!(l, workshop.title)), (workshop::WorkshopScreen);
            History = "/history", History, page, "history", (|l| td_string!(l, history.title)), (history::HistoryScreen);
            Join = "/join", Header, page, "join", (|l| td_string!(l, sync.join_heading)), (sharing::JoinScreen);
        }
    };
}
pub(crate) use screen_table;

/// Where a screen sits in the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Rollout,
    Customers,
    KeyAccounts,
    People,
    Controlling,
    /// Workshops of the management: agenda, facilitation, minutes.
    Workshops,
    /// The change history and time travel.
    History,
    Settings,
    /// Reached from the header (workspaces), from settings or by link; not in the
    /// main navigation.
    Header,
}

macro_rules! declare {
    ($($screen:ident = $path:tt, $section:ident, $kind:ident, $slug:tt, $label:tt, $view:tt;)*) => {
        /// One screen of the app.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Screen {
            $($screen),*
        }

        impl Screen {
            /// Every screen, in the table's order.
            pub const ALL: &[Screen] = &[$(Screen::$screen),*];

            /// The route pattern (`:id` for a parameter).
            pub fn path(self) -> &'static str {
                match self {
                    $(Screen::$screen => $path),*
                }
            }

            pub fn section(self) -> Section {
                match self {
                    $(Screen::$screen => Section::$section),*
                }
            }

            /// Whether the screen is one of its section's tabs.
            pub fn is_tab(self) -> bool {
                match self {
                    $(Screen::$screen => stringify!($kind) == "tab"),*
                }
            }

            pub fn slug(self) -> &'static str {
                match self {
                    $(Screen::$screen => $slug),*
                }
            }

            /// The screen's name, as its tab and presence show it.
            pub fn label(self, l: Locale) -> &'static str {
                match self {
                    $(Screen::$screen => {
                        let label: fn(Locale) -> &'static str = $label;
                        label(l)
                    }),*
                }
            }
        }
    };
}
screen_table!(declare);

impl Screen {
    /// The screen at an address (`/key-accounts/ka-1` is the account plan); `None` for
    /// an unknown one.
    pub fn at(path: &str) -> Option<Screen> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = match path.trim_end_matches('/') {
            "" => "/",
            p => p,
        };
        Screen::ALL
            .iter()
            .copied()
            .find(|s| matches(s.path(), path))
    }

    /// The tabs of this screen's section, in order (empty for a section without tabs).
    pub fn tabs(self) -> Vec<Screen> {
        Screen::ALL
            .iter()
            .copied()
            .filter(|s| s.is_tab() && s.section() == self.section())
            .collect()
    }
}

/// Whether `path` fits the route `pattern` (a `:name` segment fits any one segment).
fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut a) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), a.next()) {
            (None, None) => return true,
            (Some(want), Some(got)) if want.starts_with(':') && !got.is_empty() => {}
            (Some(want), Some(got)) if want == got => {}
            _ => return false,
        }
    }
}

/// One entry of the main navigation: a section, entered at its first screen.
#[derive(Clone, Copy, Debug)]
pub struct NavItem {
    pub section: Section,
    pub label: fn(Locale) -> &'static str,
}

const fn nav(section: Section, label: fn(Locale) -> &'static str) -> NavItem {
    NavItem { section, label }
}

impl NavItem {
    /// The section's first screen in the table.
    pub fn path(self) -> &'static str {
        Screen::ALL
            .iter()
            .find(|s| s.section() == self.section)
            .map_or("/", |s| s.path())
    }

    /// `data-testid` for end-to-end tests: `nav-` and the path (`nav-key-accounts`).
    pub fn test_id(self) -> String {
        format!("nav-{}", self.path().trim_start_matches('/'))
    }
}

/// The areas of the product, in the order of the method; settings last.
pub const NAV_ITEMS: [NavItem; 8] = [
    nav(Section::Rollout, |l| td_string!(l, nav.rollout)),
    nav(Section::Customers, |l| td_string!(l, nav.customers)),
    nav(Section::KeyAccounts, |l| td_string!(l, nav.key_accounts)),
    nav(Section::People, |l| td_string!(l, nav.people)),
    nav(Section::Controlling, |l| td_string!(l, nav.controlling)),
    nav(Section::Workshops, |l| td_string!(l, nav.workshops)),
    nav(Section::History, |l| td_string!(l, nav.history)),
    nav(Section::Settings, |l| td_string!(l, nav.settings)),
];

/// The name of the screen at `path`, for "Anna is on …"; the path itself when unknown.
pub fn screen_name(path: &str, l: Locale) -> String {
    Screen::at(path).map_or_else(|| path.to_string(), |s| s.label(l).to_string())
}
