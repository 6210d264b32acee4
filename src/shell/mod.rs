//! The app shell: header, navigation between the areas, language switch, network state.

use leptos::prelude::*;
use leptos_router::{
    components::{A, Redirect, Route, Router, Routes},
    path,
};

use crate::{
    i18n::*,
    prefs, pwa,
    screens::{
        AreaScreen, NotFound,
        accounts::{AccountsScreen, plan::AccountPlanScreen},
        customers::{CustomersScreen, Part as CustomerPart},
        history::HistoryScreen,
        people::{Part as PeoplePart, PeopleScreen},
        rollout::{Part, RolloutScreen},
        settings::SettingsScreen,
        workspaces::WorkspacesScreen,
    },
    store::{StoreProblem, WorkspaceStore, use_store},
};
use kam_domain::method::Area;

/// One entry of the main navigation.
#[derive(Clone, Copy, Debug)]
pub struct NavItem {
    /// Route path.
    pub path: &'static str,
    /// `data-testid` for end-to-end tests.
    pub test_id: &'static str,
    /// The label in the given language.
    pub label: fn(Locale) -> &'static str,
}

/// The areas of the product, in the order of the method; settings last.
pub const NAV_ITEMS: [NavItem; 6] = [
    NavItem {
        path: "/rollout",
        test_id: "nav-rollout",
        label: |l| td_string!(l, nav.rollout),
    },
    NavItem {
        path: "/customers",
        test_id: "nav-customers",
        label: |l| td_string!(l, nav.customers),
    },
    NavItem {
        path: "/key-accounts",
        test_id: "nav-key-accounts",
        label: |l| td_string!(l, nav.key_accounts),
    },
    NavItem {
        path: "/people",
        test_id: "nav-people",
        label: |l| td_string!(l, nav.people),
    },
    NavItem {
        path: "/controlling",
        test_id: "nav-controlling",
        label: |l| td_string!(l, nav.controlling),
    },
    NavItem {
        path: "/settings",
        test_id: "nav-settings",
        label: |l| td_string!(l, nav.settings),
    },
];

/// The whole app: language context (German unless this device chose otherwise) and router.
#[component]
pub fn App() -> impl IntoView {
    let store = WorkspaceStore::start();
    provide_context(store);
    provide_context(crate::sync::SyncClient::new(store));
    view! {
        <I18nSubContextProvider initial_locale=Signal::stored(prefs::stored_locale())>
            <Router>
                <Shell>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=|| view! { <Redirect path="/rollout" /> } />
                        <Route path=path!("/rollout") view=|| view! { <RolloutScreen part=Part::Overview /> } />
                        <Route path=path!("/rollout/charter") view=|| view! { <RolloutScreen part=Part::Charter /> } />
                        <Route path=path!("/rollout/plan") view=|| view! { <RolloutScreen part=Part::Plan /> } />
                        <Route path=path!("/rollout/analysis") view=|| view! { <RolloutScreen part=Part::Analysis /> } />
                        <Route path=path!("/rollout/ground-rules") view=|| view! { <RolloutScreen part=Part::GroundRules /> } />
                        <Route path=path!("/rollout/implementation") view=|| view! { <RolloutScreen part=Part::Implementation /> } />
                        <Route path=path!("/customers") view=|| view! { <CustomersScreen part=CustomerPart::List /> } />
                        <Route path=path!("/customers/import") view=|| view! { <CustomersScreen part=CustomerPart::Import /> } />
                        <Route path=path!("/customers/criteria") view=|| view! { <CustomersScreen part=CustomerPart::Criteria /> } />
                        <Route path=path!("/customers/abc") view=|| view! { <CustomersScreen part=CustomerPart::Abc /> } />
                        <Route path=path!("/customers/portfolio") view=|| view! { <CustomersScreen part=CustomerPart::Portfolio /> } />
                        <Route path=path!("/customers/selection") view=|| view! { <CustomersScreen part=CustomerPart::Selection /> } />
                        <Route path=path!("/customers/top-10") view=|| view! { <CustomersScreen part=CustomerPart::TopTen /> } />
                        <Route path=path!("/key-accounts") view=AccountsScreen />
                        <Route path=path!("/key-accounts/:id") view=AccountPlanScreen />
                        <Route path=path!("/people") view=|| view! { <PeopleScreen part=PeoplePart::Responsibilities /> } />
                        <Route path=path!("/people/profile") view=|| view! { <PeopleScreen part=PeoplePart::Profile /> } />
                        <Route path=path!("/people/candidates") view=|| view! { <PeopleScreen part=PeoplePart::Candidates /> } />
                        <Route path=path!("/people/directory") view=|| view! { <PeopleScreen part=PeoplePart::Directory /> } />
                        <Route path=path!("/controlling") view=|| view! { <AreaScreen area=Area::Controlling /> } />
                        <Route path=path!("/settings") view=SettingsScreen />
                        <Route path=path!("/workspaces") view=WorkspacesScreen />
                        <Route path=path!("/history") view=HistoryScreen />
                        <Route path=path!("/join") view=crate::screens::sharing::JoinScreen />
                    </Routes>
                </Shell>
            </Router>
        </I18nSubContextProvider>
    }
}

/// Header, navigation and the main region around the routed screen.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // The document's language and title follow the chosen language (screen readers,
    // hyphenation, the tab and the home-screen name).
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        pwa::set_document_language(prefs::locale_code(locale), td_string!(locale, app.title));
    });
    // Others in the workspace see which screen this participant is on.
    let sync = crate::sync::use_sync();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| sync.set_screen(&location.pathname.get()));
    view! {
        <div class="shell">
            <header class="shell-header">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"KAM"</span>
                    <span class="brand-text">
                        <span class="brand-title" data-testid="app-title">{t!(i18n, app.title)}</span>
                        <span class="brand-tagline">{t!(i18n, app.tagline)}</span>
                    </span>
                </div>
                <WorkspaceButton />
                <NetworkStatus />
                <SaveStatus />
                <LanguageSwitch compact=true />
            </header>
            <MainNav />
            <ProblemBanner />
            <main class="shell-main" id="main" data-testid="main">
                <Show when=move || sync.status.with(|s| !matches!(s, crate::sync::SyncStatus::Off))>
                    <crate::screens::sharing::SyncBadge />
                </Show>
                {children()}
            </main>
        </div>
    }
}

/// The main navigation: a side bar on wide screens, a grid of large buttons on narrow ones.
#[component]
pub fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="main-nav" aria-label=move || td_string!(i18n.get_locale(), nav.label)>
            <ul>
                {NAV_ITEMS
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li>
                                <A href=item.path attr:data-testid=item.test_id attr:class="nav-link">
                                    {move || (item.label)(i18n.get_locale())}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Switches the interface language and remembers the choice on this device.
#[component]
pub fn LanguageSwitch(
    /// Short labels (DE/EN) for the header; full names in the settings.
    #[prop(default = false)]
    compact: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (storage_error, set_storage_error) = signal(false);
    let choose = move |locale: Locale| {
        i18n.set_locale(locale);
        set_storage_error.set(prefs::store_locale(locale).is_err());
    };
    let button = move |locale: Locale| {
        let code = prefs::locale_code(locale);
        let full = match locale {
            Locale::de => td_string!(locale, lang.de),
            Locale::en => td_string!(locale, lang.en),
        };
        let text = if compact {
            code.to_uppercase()
        } else {
            full.to_string()
        };
        view! {
            <button
                type="button"
                class="lang-button"
                lang=code
                aria-label=full
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                data-testid=format!("lang-{code}{}", if compact { "" } else { "-full" })
                on:click=move |_| choose(locale)
            >
                {text}
            </button>
        }
    };
    view! {
        <div
            class="lang-switch"
            class:compact=compact
            role="group"
            aria-label=move || td_string!(i18n.get_locale(), lang.switch_label)
        >
            {button(Locale::de)}
            {button(Locale::en)}
            <Show when=move || storage_error.get()>
                <p class="inline-error" role="alert">{t!(i18n, settings.storage_failed)}</p>
            </Show>
        </div>
    }
}

/// Tells the user plainly when the device is offline, and that nothing is lost.
#[component]
pub fn NetworkStatus() -> impl IntoView {
    let i18n = use_i18n();
    let online = pwa::use_online();
    view! {
        <p
            class="net-status"
            class:offline=move || !online.get()
            role="status"
            data-testid="net-status"
        >
            {move || {
                if online.get() {
                    td_string!(i18n.get_locale(), net.online)
                } else {
                    td_string!(i18n.get_locale(), net.offline)
                }
            }}
        </p>
    }
}

/// Says while a change is only in memory, not yet stored on this device (leaving the
/// page then asks first).
#[component]
pub fn SaveStatus() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    view! {
        <Show when=move || store.saving.get()>
            <p class="net-status saving" role="status" data-testid="save-status">
                {move || td_string!(i18n.get_locale(), net.saving)}
            </p>
        </Show>
    }
}

/// The open workspace's name; leads to the list of workspaces.
#[component]
pub fn WorkspaceButton() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let name = move || {
        store
            .workspace
            .with(|w| w.as_ref().map(|w| w.name.clone()))
            .unwrap_or_else(|| td_string!(i18n.get_locale(), ws.none).to_string())
    };
    view! {
        <A href="/workspaces" attr:class="workspace-button" attr:data-testid="workspace-button">
            <span class="visually-hidden">{t!(i18n, ws.header_label)}": "</span>
            {name}
        </A>
    }
}

/// A lasting warning about stored data, with the way out (export) where it helps.
#[component]
pub fn ProblemBanner() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let text = move || {
        let l = i18n.get_locale();
        store.problem.get().map(|p| match p {
            StoreProblem::StorageFailed(detail) => {
                td_string!(l, problem.storage_failed, detail = detail).to_string()
            }
            StoreProblem::ChunksSkipped(count) => {
                td_string!(l, problem.chunks_skipped, count = count).to_string()
            }
            StoreProblem::AlreadyHere(name) => {
                td_string!(l, problem.already_here, name = name).to_string()
            }
            StoreProblem::ImportFailed(e) => match e {
                kam_domain::document::DocumentError::NotAutomerge(_) => {
                    td_string!(l, problem.not_automerge).to_string()
                }
                kam_domain::document::DocumentError::TooNew { .. } => {
                    td_string!(l, problem.too_new).to_string()
                }
                kam_domain::document::DocumentError::OtherWorkspace { other_name } => {
                    td_string!(l, problem.other_workspace, name = other_name).to_string()
                }
                _ => td_string!(l, problem.not_workspace).to_string(),
            },
        })
    };
    let storage_failed =
        move || matches!(store.problem.get(), Some(StoreProblem::StorageFailed(_)));
    let export = move |_| {
        if let Some(bytes) = store.export_automerge() {
            let _ = crate::files::download(
                "kam-arbeitsbereich.automerge",
                "application/octet-stream",
                &bytes,
            );
        }
    };
    view! {
        <Show when=move || text().is_some()>
            <div class="problem-banner" role="alert" data-testid="problem-banner">
                <p>{text}</p>
                <Show when=storage_failed>
                    <button type="button" on:click=export>{t!(i18n, problem.export_now)}</button>
                </Show>
                <button type="button" data-testid="problem-dismiss" on:click=move |_| store.problem.set(None)>
                    {t!(i18n, problem.dismiss)}
                </button>
            </div>
        </Show>
    }
}
