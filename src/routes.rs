//! Every address of the app, written once. The table below feeds the router (the shell
//! expands it into `<Route>`s), the main navigation, each area's tabs and the names
//! presence shows for the screen someone is on. Adding a screen is one line here.

use crate::i18n::*;

/// The table: `Screen = "/path", section, tab | page, "slug", (label)`. A `tab` is one of
/// its section's tabs (in this order); a `page` is reached from within (the account
/// plan) or from the header. The slug names the part in classes and test ids.
macro_rules! screen_table {
    ($then:ident) => {
        $then! {
            RolloutOverview = "/rollout", Rollout, tab, "overview", (|l| td_string!(l, rollout.tab_overview));
            Charter = "/rollout/charter", Rollout, tab, "charter", (|l| td_string!(l, rollout.tab_charter));
            WorkPlan = "/rollout/plan", Rollout, tab, "plan", (|l| td_string!(l, rollout.tab_plan));
            Analysis = "/rollout/analysis", Rollout, tab, "analysis", (|l| td_string!(l, rollout.tab_analysis));
            GroundRules = "/rollout/ground-rules", Rollout, tab, "ground-rules", (|l| td_string!(l, rollout.tab_ground_rules));
            Implementation = "/rollout/implementation", Rollout, tab, "implementation", (|l| td_string!(l, rollout.tab_implementation));
            CustomerList = "/customers", Customers, tab, "customers", (|l| td_string!(l, customers.tab_list));
            Import = "/customers/import", Customers, tab, "import", (|l| td_string!(l, customers.tab_import));
            Criteria = "/customers/criteria", Customers, tab, "criteria", (|l| td_string!(l, customers.tab_criteria));
            Abc = "/customers/abc", Customers, tab, "abc", (|l| td_string!(l, customers.tab_abc));
            Portfolio = "/customers/portfolio", Customers, tab, "portfolio", (|l| td_string!(l, customers.tab_portfolio));
            Selection = "/customers/selection", Customers, tab, "selection", (|l| td_string!(l, customers.tab_selection));
            TopTen = "/customers/top-10", Customers, tab, "top-10", (|l| td_string!(l, customers.tab_top_ten));
            KeyAccounts = "/key-accounts", KeyAccounts, page, "key-accounts", (|l| td_string!(l, nav.key_accounts));
            AccountPlan = "/key-accounts/:id", KeyAccounts, page, "account-plan", (|l| td_string!(l, nav.key_accounts));
            Responsibilities = "/people", People, tab, "responsibilities", (|l| td_string!(l, people.tab_responsibilities));
            Profile = "/people/profile", People, tab, "profile", (|l| td_string!(l, people.tab_profile));
            Candidates = "/people/candidates", People, tab, "candidates", (|l| td_string!(l, people.tab_candidates));
            Directory = "/people/directory", People, tab, "directory", (|l| td_string!(l, people.tab_directory));
            Controlling = "/controlling", Controlling, page, "controlling", (|l| td_string!(l, nav.controlling));
            Settings = "/settings", Settings, page, "settings", (|l| td_string!(l, nav.settings));
            Workspaces = "/workspaces", Header, page, "workspaces", (|l| td_string!(l, ws.title));
            History = "/history", Header, page, "history", (|l| td_string!(l, history.title));
            Join = "/join", Header, page, "join", (|l| td_string!(l, sync.join_heading));
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
    Settings,
    /// Reached from the header (workspaces), from settings or by link; not in the
    /// main navigation.
    Header,
}

macro_rules! declare {
    ($($screen:ident = $path:tt, $section:ident, $kind:ident, $slug:tt, $label:tt;)*) => {
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

/// One entry of the main navigation.
#[derive(Clone, Copy, Debug)]
pub struct NavItem {
    pub section: Section,
    /// The section's first screen.
    pub path: &'static str,
    /// `data-testid` for end-to-end tests.
    pub test_id: &'static str,
    pub label: fn(Locale) -> &'static str,
}

/// The areas of the product, in the order of the method; settings last.
pub const NAV_ITEMS: [NavItem; 6] = [
    NavItem {
        section: Section::Rollout,
        path: "/rollout",
        test_id: "nav-rollout",
        label: |l| td_string!(l, nav.rollout),
    },
    NavItem {
        section: Section::Customers,
        path: "/customers",
        test_id: "nav-customers",
        label: |l| td_string!(l, nav.customers),
    },
    NavItem {
        section: Section::KeyAccounts,
        path: "/key-accounts",
        test_id: "nav-key-accounts",
        label: |l| td_string!(l, nav.key_accounts),
    },
    NavItem {
        section: Section::People,
        path: "/people",
        test_id: "nav-people",
        label: |l| td_string!(l, nav.people),
    },
    NavItem {
        section: Section::Controlling,
        path: "/controlling",
        test_id: "nav-controlling",
        label: |l| td_string!(l, nav.controlling),
    },
    NavItem {
        section: Section::Settings,
        path: "/settings",
        test_id: "nav-settings",
        label: |l| td_string!(l, nav.settings),
    },
];

/// The name of the screen at `path`, for "Anna is on …"; the path itself when unknown.
pub fn screen_name(path: &str, l: Locale) -> String {
    Screen::at(path).map_or_else(|| path.to_string(), |s| s.label(l).to_string())
}
