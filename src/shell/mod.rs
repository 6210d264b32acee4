//! The app shell: header, navigation between the areas, language switch, network state.

use leptos::prelude::*;
use leptos_router::{
    components::{A, Redirect, Route, Router, Routes},
    path,
};

use crate::{
    i18n::*,
    prefs, pwa,
    routes::{NAV_ITEMS, Screen, screen_table},
    screens::{NotFound, screen_view, settings::LanguageSwitch},
    store::{StoreProblem, WorkspaceStore, use_store},
};

/// The router's table, from `routes::screen_table`.
macro_rules! app_routes {
    ($($screen:ident = $path:tt, $section:ident, $kind:ident, $slug:tt, $label:tt, $view:tt;)*) => {
        view! {
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/rollout" /> } />
                $(<Route path=path!($path) view=|| screen_view(Screen::$screen) />)*
            </Routes>
        }
    };
}

/// The whole app: language context (German unless this device chose otherwise) and router.
#[component]
pub fn App() -> impl IntoView {
    let store = WorkspaceStore::start();
    provide_context(store);
    provide_context(crate::sync::SyncClient::new(store));
    crate::screens::customers::abc::Analysis::provide(store);
    view! {
        <I18nSubContextProvider initial_locale=Signal::stored(prefs::stored_locale())>
            <Router>
                <Shell>
                    {screen_table!(app_routes)}
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
    let store = use_store();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| sync.set_screen(&location.pathname.get()));
    // Follow-me: a follower's tablet goes where the leader goes. Moving on one's own
    // (to a screen the leader is not on) steps out; "Folgen" steps back in.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(screen) = sync.followed_screen()
            && !screen.is_empty()
            && screen != location.pathname.get_untracked()
        {
            navigate(&screen, Default::default());
        }
    });
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        let followed = untrack(|| sync.followed_screen());
        if previous.as_deref().is_some_and(|p| p != path)
            && followed.is_some_and(|screen| screen != path)
        {
            sync.following.set(None);
        }
        path
    });
    view! {
        <div class="shell">
            <header class="shell-header">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"KAM"</span>
                    <span class="brand-text">
                        <span class="brand-title" data-testid="app-title">{crate::tr(|l| td_string!(l, app.title))}</span>
                        <span class="brand-tagline">{crate::tr(|l| td_string!(l, app.tagline))}</span>
                    </span>
                </div>
                <WorkspaceButton />
                <UndoButtons />
                <NetworkStatus />
                <SaveStatus />
                <LanguageSwitch compact=true />
            </header>
            <MainNav />
            <ProblemBanner />
            <crate::screens::history::AsOfBanner />
            <crate::screens::history::CompareMarks />
            <crate::screens::workshop::WorkshopStrip />
            <main class="shell-main" id="main" data-testid="main">
                <Show when=move || sync.status.with(|s| !matches!(s, crate::sync::SyncStatus::Off))>
                    <crate::screens::sharing::SyncBadge />
                </Show>
                // An earlier state is shown read only: every control of every screen
                // is disabled at once (links still lead from screen to screen).
                <fieldset
                    class="as-of-frame"
                    disabled=move || {
                        // The history itself stays usable: pick another point, compare.
                        store.as_of.with(Option::is_some) && location.pathname.get() != "/history"
                    }
                    data-testid="as-of-frame"
                >
                    {children()}
                </fieldset>
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
                                <A href=item.path() attr:data-testid=item.test_id() attr:class="nav-link">
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

/// Tells the user plainly when the device is offline, and that nothing is lost.
#[component]
pub fn NetworkStatus() -> impl IntoView {
    use crate::sync::SyncStatus;
    let i18n = use_i18n();
    let online = pwa::use_online();
    let sync = crate::sync::use_sync();
    // "Online" means shared: a relay is set and answers. Without one, or while it is
    // unreachable, work stays on this device, and the header says so.
    let shared = move || {
        sync.status
            .with(|s| matches!(s, SyncStatus::UpToDate { .. } | SyncStatus::Syncing))
    };
    view! {
        <p
            class="net-status"
            class:offline=move || !online.get()
            class:local=move || online.get() && !shared()
            role="status"
            data-testid="net-status"
        >
            {move || {
                let l = i18n.get_locale();
                if !online.get() {
                    td_string!(l, net.offline)
                } else if shared() {
                    td_string!(l, net.online)
                } else {
                    td_string!(l, net.local)
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

/// Undo and redo of this device's own changes, with what they would take back as the
/// hint, and one line when an undo is refused (someone changed the same thing since).
#[component]
pub fn UndoButtons() -> impl IntoView {
    use kam_domain::{history, undo::UndoRefusal};
    let i18n = use_i18n();
    let store = use_store();
    let hint = move |redo: bool| {
        let l = i18n.get_locale();
        let (undo, again) = store.undo_next.get();
        match (redo, undo, again) {
            (false, Some(s), _) => td_string!(
                l,
                undo.undo_hint,
                what = history::headline(crate::lang(l), &s)
            )
            .to_string(),
            (true, _, Some(s)) => td_string!(
                l,
                undo.redo_hint,
                what = history::headline(crate::lang(l), &s)
            )
            .to_string(),
            (false, None, _) => td_string!(l, undo.nothing).to_string(),
            (true, _, None) => td_string!(l, undo.redo).to_string(),
        }
    };
    let refusal = move || {
        let l = i18n.get_locale();
        let lang = crate::lang(l);
        store.undo_refused.get().map(|r| match r {
            UndoRefusal::ChangedSince {
                kind,
                field,
                author,
            } => {
                let who = if author.is_empty() || author == "—" {
                    td_string!(l, undo.someone).to_string()
                } else {
                    author
                };
                td_string!(
                    l,
                    undo.changed_since,
                    who = who,
                    field = history::field_word(lang, &field),
                    kind = history::kind_word(lang, kind)
                )
                .to_string()
            }
            UndoRefusal::RemovedSince { kind } => {
                td_string!(l, undo.removed_since, kind = history::kind_word(lang, kind)).to_string()
            }
            UndoRefusal::RestoredSince { kind } => td_string!(
                l,
                undo.restored_since,
                kind = history::kind_word(lang, kind)
            )
            .to_string(),
            UndoRefusal::TooLarge { parts } => {
                td_string!(l, undo.too_large, count = parts).to_string()
            }
            UndoRefusal::Refused(why) => td_string!(l, undo.refused, why = why).to_string(),
        })
    };
    let disabled = move |redo: bool| {
        store.as_of.with(Option::is_some)
            || store
                .undo_next
                .with(|(u, r)| if redo { r.is_none() } else { u.is_none() })
    };
    view! {
        <div class="undo-buttons" role="group">
            <button
                type="button"
                class="undo-button"
                data-testid="undo"
                title=move || hint(false)
                aria-label=move || hint(false)
                disabled=move || disabled(false)
                on:click=move |_| store.undo()
            >
                <span aria-hidden="true">"↶ "</span>
                {crate::tr(|l| td_string!(l, undo.undo))}
            </button>
            <button
                type="button"
                class="undo-button"
                data-testid="redo"
                title=move || hint(true)
                aria-label=move || hint(true)
                disabled=move || disabled(true)
                on:click=move |_| store.redo()
            >
                <span aria-hidden="true">"↷"</span>
                <span class="visually-hidden">{crate::tr(|l| td_string!(l, undo.redo))}</span>
            </button>
            <Show when=move || store.undo_refused.with(Option::is_some)>
                <p class="undo-refused" role="alert" data-testid="undo-refused">
                    {refusal}
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| store.undo_refused.set(None)
                    >
                        "×"
                    </button>
                </p>
            </Show>
        </div>
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
            <span class="visually-hidden">{crate::tr(|l| td_string!(l, ws.header_label))}": "</span>
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
                td_string!(l, problem.chunks_skipped, count = count as u64).to_string()
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
            // The banner already warns; a download that fails too says so in it.
            if let Err(e) = crate::files::download(
                "kam-arbeitsbereich.automerge",
                "application/octet-stream",
                &bytes,
            ) {
                store
                    .problem
                    .set(Some(StoreProblem::StorageFailed(e.detail())));
            }
        }
    };
    view! {
        <Show when=move || text().is_some()>
            <div class="problem-banner" role="alert" data-testid="problem-banner">
                <p>{text}</p>
                <Show when=storage_failed>
                    <button type="button" on:click=export>{crate::tr(|l| td_string!(l, problem.export_now))}</button>
                </Show>
                <button type="button" data-testid="problem-dismiss" on:click=move |_| store.problem.set(None)>
                    {crate::tr(|l| td_string!(l, problem.dismiss))}
                </button>
            </div>
        </Show>
    }
}
