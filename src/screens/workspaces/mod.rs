//! Workspaces of this browser: create, rename, switch, delete; export and import files.

use kam_domain::author::AuthorName;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    files,
    i18n::*,
    screens::ui::{Feedback, FileButton, YouFields},
    store::use_store,
};

/// The workspaces screen.
#[component]
pub fn WorkspacesScreen() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let (new_name, set_new_name) = signal(String::new());
    let (name_error, set_name_error) = signal(false);
    // The workspace just created here: offered its first step instead of leaving the
    // user on this list.
    let created = RwSignal::new(None::<String>);

    // Who creates it, asked first: the first change is already signed with the name.
    let you = YouFields::from_device();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name_ok = you.save();
        // Same rules as a person's name: trimmed, not empty, not absurdly long.
        match AuthorName::parse(&new_name.get_untracked()) {
            Ok(_) if !name_ok => set_name_error.set(false),
            Ok(valid) => {
                set_name_error.set(false);
                set_new_name.set(String::new());
                leptos::task::spawn_local(async move {
                    match store.create(valid.as_str()).await {
                        Ok(_) => created.set(Some(valid.as_str().to_string())),
                        Err(e) => leptos::logging::warn!("create failed: {e}"),
                    }
                });
            }
            Err(_) => set_name_error.set(true),
        }
    };

    view! {
        <section class="screen workspaces" data-testid="screen-workspaces">
            <h1>{crate::tr(|l| td_string!(l, ws.title))}</h1>
            <p class="lead">{crate::tr(|l| td_string!(l, ws.lead))}</p>
            {move || created.get().map(|name| view! {
                <div class="card next-step" role="status" data-testid="next-step">
                    <h2>{move || td_string!(i18n.get_locale(), ws.created, name = name.clone()).to_string()}</h2>
                    <p>{crate::tr(|l| td_string!(l, ws.next_lead))}</p>
                    <div class="button-row">
                        <A href="/rollout/charter" attr:class="button primary" attr:data-testid="next-step-charter">
                            {crate::tr(|l| td_string!(l, ws.next_charter))}
                        </A>
                        <A href="/workshops" attr:class="button" attr:data-testid="next-step-workshop">
                            {crate::tr(|l| td_string!(l, ws.next_workshop))}
                        </A>
                    </div>
                </div>
            })}
            <Show when=move || store.workspace.with(Option::is_some)>
                <CurrentWorkspace />
            </Show>
            <div class="card">
                <h2>{crate::tr(|l| td_string!(l, ws.create_heading))}</h2>
                <form class="create-form" on:submit=create>
                    {you.view("creator")}
                    <label for="new-ws-name">{crate::tr(|l| td_string!(l, ws.name_label))}</label>
                    <div class="inline-form">
                    <input
                        id="new-ws-name"
                        type="text"
                        data-testid="new-workspace-name"
                        placeholder=move || td_string!(i18n.get_locale(), ws.create_placeholder)
                        prop:value=move || new_name.get()
                        on:input=move |ev| set_new_name.set(event_target_value(&ev))
                        aria-invalid=move || name_error.get().to_string()
                    />
                    <button type="submit" data-testid="create-workspace">{crate::tr(|l| td_string!(l, ws.create))}</button>
                    </div>
                </form>
                <Show when=move || name_error.get()>
                    <p class="inline-error" role="alert">{crate::tr(|l| td_string!(l, ws.name_required))}</p>
                </Show>
                <FileButton
                    label=|l| td_string!(l, ws.import_new)
                    test_id="import-new"
                    accept=".automerge,application/octet-stream"
                    on_file={move |bytes: Vec<u8>| {
                        if you.save() {
                            leptos::task::spawn_local(async move { store.import_new(&bytes).await })
                        }
                    }}
                />
            </div>
            <OtherWorkspaces />
        </section>
    }
}

#[component]
fn CurrentWorkspace() -> impl IntoView {
    let store = use_store();
    let name = move || {
        store
            .workspace
            .with(|w| w.as_ref().map(|w| w.name.clone()).unwrap_or_default())
    };
    let (draft, set_draft) = signal(name());
    // A refused name keeps what was typed and says why.
    let renamed = Feedback::new();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        renamed.report(store.rename(&draft.get_untracked()));
    };
    let saved = Feedback::new();
    let export_automerge = move |_| {
        if let Some(bytes) = store.export_automerge() {
            saved.report(files::download(
                &format!("{}.automerge", files::file_stem(&name())),
                "application/octet-stream",
                &bytes,
            ));
        }
    };
    let export_json = move |_| {
        if let Some(json) = store.export_json() {
            saved.report(files::download(
                &format!("{}.json", files::file_stem(&name())),
                "application/json",
                json.as_bytes(),
            ));
        }
    };
    view! {
        <div class="card current-workspace" data-testid="current-workspace">
            <h2>
                {crate::tr(|l| td_string!(l, ws.current))}": "
                <span data-testid="current-workspace-name">{name}</span>
            </h2>
            <form class="inline-form" on:submit=rename>
                <label for="ws-rename">{crate::tr(|l| td_string!(l, ws.name_label))}</label>
                <input
                    id="ws-rename"
                    type="text"
                    data-testid="rename-workspace-input"
                    prop:value=move || draft.get()
                    on:input=move |ev| set_draft.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="rename-workspace">{crate::tr(|l| td_string!(l, ws.rename))}</button>
            </form>
            {renamed.view()}
            <h3>{crate::tr(|l| td_string!(l, ws.files_heading))}</h3>
            <div class="button-row">
                <button type="button" data-testid="export-automerge" on:click=export_automerge>
                    {crate::tr(|l| td_string!(l, ws.export_automerge))}
                </button>
                <button type="button" data-testid="export-json" on:click=export_json>
                    {crate::tr(|l| td_string!(l, ws.export_json))}
                </button>
                <FileButton
                    label=|l| td_string!(l, ws.import_merge)
                    test_id="import-merge"
                    accept=".automerge,application/octet-stream"
                    on_file={move |bytes: Vec<u8>| store.import_merge(&bytes)}
                />
            </div>
            {saved.view()}
            <p class="hint">{crate::tr(|l| td_string!(l, ws.import_hint))}</p>
            <A href="/history" attr:class="button" attr:data-testid="open-history">{crate::tr(|l| td_string!(l, ws.history))}</A>
        </div>
        <crate::screens::sharing::ShareCard />
    }
}

#[component]
fn OtherWorkspaces() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let others = move || {
        let current = store.current.get();
        store
            .entries
            .get()
            .into_iter()
            .filter(|e| Some(&e.id) != current.as_ref())
            .collect::<Vec<_>>()
    };
    let deleted = Feedback::new();
    let delete = move |id: String, name: String| {
        let question = td_string!(
            i18n.get_locale_untracked(),
            ws.confirm_delete,
            name = name.clone()
        );
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if confirmed {
            leptos::task::spawn_local(async move {
                deleted.report(store.delete(&id).await);
            });
        }
    };
    view! {
        <Show when=move || !others().is_empty()>
            <div class="card">
                <h2>{crate::tr(|l| td_string!(l, ws.others))}</h2>
                {deleted.view()}
                <ul class="workspace-list">
                    <For each=others key=|e| e.id.clone() let:entry>
                        {
                            let (id, id2, name) = (entry.id.clone(), entry.id.clone(), entry.name.clone());
                            let name2 = name.clone();
                            view! {
                                <li data-testid="workspace-entry">
                                    <span class="workspace-name">{name}</span>
                                    <button
                                        type="button"
                                        data-testid="open-workspace"
                                        on:click=move |_| {
                                            let id = id.clone();
                                            leptos::task::spawn_local(async move { store.open(&id).await });
                                        }
                                    >
                                        {crate::tr(|l| td_string!(l, ws.open))}
                                    </button>
                                    <button
                                        type="button"
                                        class="danger"
                                        data-testid="delete-workspace"
                                        on:click=move |_| delete(id2.clone(), name2.clone())
                                    >
                                        {crate::tr(|l| td_string!(l, ws.delete))}
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </div>
        </Show>
    }
}
