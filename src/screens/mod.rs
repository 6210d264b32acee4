//! The screens, one module (folder) per area.

pub mod accounts;
pub mod controlling;
pub mod customers;
pub mod field;
pub mod history;
pub mod kit;
pub mod people;
pub mod rollout;
pub mod settings;
pub mod sharing;
pub mod ui;
pub mod words;
pub mod workshop;
pub mod workspaces;

use crate::screens::words::Titled;
use kam_domain::method::Area;
use leptos::prelude::*;

use crate::{
    i18n::*,
    routes::{Screen, Section},
};

/// The steps of the method that happen in an area, as numbered cards.
#[component]
pub fn MethodSteps(area: Area) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{crate::tr(|l| td_string!(l, areas.steps_heading))}</h2>
        <ol class="step-list">
            {area
                .steps()
                .into_iter()
                .map(|step| {
                    view! {
                        <li class="step-card" value=step.number()>
                            <span class="step-number" aria-hidden="true">{step.number()}</span>
                            <div>
                                <h3>
                                    <span class="visually-hidden">
                                        {crate::tr(|l| td_string!(l, areas.step_number))}" "{step.number()}": "
                                    </span>
                                    {move || step.title(i18n.get_locale())}
                                </h3>
                                <p>{move || step.body(i18n.get_locale())}</p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Shown for an address the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen-not-found">
            <h1>{crate::tr(|l| td_string!(l, notfound.title))}</h1>
            <p class="lead">{crate::tr(|l| td_string!(l, notfound.body))}</p>
            <leptos_router::components::A href="/rollout" attr:class="button">
                {crate::tr(|l| td_string!(l, notfound.back))}
            </leptos_router::components::A>
        </section>
    }
}

/// Asks for a workspace first when none is open (every area works inside one).
#[component]
pub fn NeedsWorkspace() -> impl IntoView {
    let store = crate::store::use_store();
    view! {
        <Show when=move || !store.loading.get() && store.workspace.with(Option::is_none)>
            <div class="card onboarding" data-testid="needs-workspace">
                <p>{crate::tr(|l| td_string!(l, ws.create_first))}</p>
                <leptos_router::components::A href="/workspaces" attr:class="button primary">
                    {crate::tr(|l| td_string!(l, ws.create_heading))}
                </leptos_router::components::A>
            </div>
        </Show>
    }
}

/// The tab row of a screen with several parts; the current part is marked by the router.
#[component]
pub fn TabNav(tabs: Vec<Screen>, label: fn(Locale) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=move || label(i18n.get_locale())>
            {tabs
                .into_iter()
                .map(|tab| {
                    view! {
                        <leptos_router::components::A href=tab.path() exact=true attr:class="tab"
                            attr:data-testid=format!("tab-{}", tab.slug())>
                            {move || tab.label(i18n.get_locale())}
                        </leptos_router::components::A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// An area with tabs: its title, the tab row (from the route table), the part shown
/// once a workspace is open, and on the first tab what the area is for and its steps of
/// the method.
#[component]
pub fn AreaFrame(part: Screen, children: ChildrenFn) -> impl IntoView {
    let (area, test_id, tabs_label, title_in_print) = frame(part.section());
    let i18n = use_i18n();
    let store = crate::store::use_store();
    let open = move || store.workspace.with(Option::is_some);
    let tabs = part.tabs();
    let first = tabs.first() == Some(&part);
    let slug = part.slug();
    view! {
        <section class="screen" data-testid=test_id>
            <h1 class:screen-only=!title_in_print>{move || area.title(i18n.get_locale())}</h1>
            <TabNav tabs=tabs label=tabs_label />
            <NeedsWorkspace />
            <Show when=open>
                <div class=format!("part part-{slug}") data-testid=format!("part-{slug}")>
                    {children()}
                </div>
            </Show>
            {first.then(|| view! {
                <div class="screen-only">
                    <p class="lead">{move || area.body(i18n.get_locale())}</p>
                    <MethodSteps area=area />
                </div>
            })}
        </section>
    }
}

/// What frames a section's tabs: its area of the method, the screen's test id, the tab
/// row's name, and whether the title stays on printed pages (the rollout's does).
fn frame(section: Section) -> (Area, &'static str, fn(Locale) -> &'static str, bool) {
    match section {
        Section::Rollout => (
            Area::Rollout,
            "screen-rollout",
            |l| td_string!(l, rollout.tabs_label),
            true,
        ),
        Section::Customers => (
            Area::Customers,
            "screen-customers",
            |l| td_string!(l, customers.tabs_label),
            false,
        ),
        Section::People => (
            Area::People,
            "screen-people",
            |l| td_string!(l, people.tabs_label),
            false,
        ),
        Section::Controlling => (
            Area::Controlling,
            "screen-controlling",
            |l| td_string!(l, controlling.tabs_label),
            false,
        ),
        // The sections below have no tabs (no `tab` row in the route table), so no
        // screen of theirs is framed; they are named so that the match stays total.
        Section::KeyAccounts => (
            Area::KeyAccounts,
            "screen-key-accounts",
            |l| td_string!(l, nav.key_accounts),
            false,
        ),
        Section::Settings | Section::History | Section::Workshops | Section::Header => (
            Area::Controlling,
            "screen-controlling",
            |l| td_string!(l, nav.controlling),
            false,
        ),
    }
}

/// A tab inside its area's frame, a page by itself.
macro_rules! shown {
    (tab, $screen:expr, $view:tt) => {
        view! { <AreaFrame part=$screen>{$view()}</AreaFrame> }.into_any()
    };
    (page, $screen:expr, $view:tt) => {
        $view().into_any()
    };
}

/// `screen_view` from the route table's view column.
macro_rules! screen_views {
    ($($screen:ident = $path:tt, $section:ident, $kind:ident, $slug:tt, $label:tt, $view:tt;)*) => {
        /// What the route of `screen` shows.
        pub fn screen_view(screen: Screen) -> AnyView {
            match screen {
                $(Screen::$screen => shown!($kind, screen, $view),)*
            }
        }
    };
}
crate::routes::screen_table!(screen_views);
