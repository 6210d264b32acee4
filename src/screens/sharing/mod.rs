//! Sync as users meet it: the relay settings, the status in the header (with who else is
//! here), sharing a workspace by link or QR code, and joining by such a link.

use kam_protocol::DocumentId;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    i18n::*,
    prefs,
    screens::kit::CardHead,
    screens::ui::Feedback,
    store::use_store,
    sync::{SyncError, SyncStatus, use_sync},
};

/// A time of day as users read it (14:05).
fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// The status of sync in words.
pub fn status_text(status: &SyncStatus, l: Locale) -> String {
    match status {
        SyncStatus::Off => td_string!(l, sync.off).to_string(),
        SyncStatus::Offline => td_string!(l, sync.offline).to_string(),
        SyncStatus::Connecting => td_string!(l, sync.connecting).to_string(),
        SyncStatus::Syncing => td_string!(l, sync.syncing).to_string(),
        SyncStatus::UpToDate { at } => {
            td_string!(l, sync.up_to_date, time = clock(*at)).to_string()
        }
        SyncStatus::Error(e) => match e {
            SyncError::Refused => td_string!(l, sync.err_refused).to_string(),
            SyncError::Unreachable => td_string!(l, sync.err_unreachable).to_string(),
            SyncError::NotOnRelay => td_string!(l, sync.err_not_on_relay).to_string(),
            SyncError::NoRelayId => td_string!(l, sync.err_no_id).to_string(),
            SyncError::Relay(reason) => {
                td_string!(l, sync.err_relay, reason = reason.clone()).to_string()
            }
        },
    }
}

fn status_class(status: &SyncStatus) -> &'static str {
    match status {
        SyncStatus::UpToDate { .. } => "sync-status ok",
        SyncStatus::Error(_) => "sync-status error",
        SyncStatus::Offline => "sync-status offline",
        SyncStatus::Off => "sync-status off",
        _ => "sync-status busy",
    }
}

/// The header's sync line: state, unconfirmed changes, who else is here.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    view! {
        <div class="sync-badge" role="status" data-testid="sync-status">
            <span class=move || status_class(&sync.status.get())>
                {move || status_text(&sync.status.get(), i18n.get_locale())}
            </span>
            <Show when=move || { sync.unconfirmed.get() > 0 && sync.status.with(|s| !matches!(s, SyncStatus::Off)) }>
                <span class="unconfirmed" data-testid="sync-unconfirmed">
                    {move || td_string!(i18n.get_locale(), sync.unconfirmed, count = sync.unconfirmed.get() as u64).to_string()}
                </span>
            </Show>
            <Show when=move || !sync.participants.with(Vec::is_empty)>
                <span class="participants" data-testid="participants">
                    {crate::tr(|l| td_string!(l, sync.here_too))}" "
                    {move || sync.participants.get().into_iter().map(|p| {
                        let l = i18n.get_locale();
                        let name = match &p.role {
                            Some(role) => format!("{}, {role}", p.name),
                            None => p.name.clone(),
                        };
                        td_string!(l, sync.on_screen, name = name, screen = crate::routes::screen_name(&p.screen, l)).to_string()
                    }).collect::<Vec<_>>().join(", ")}
                </span>
            </Show>
            <FollowMe />
        </div>
    }
}

/// Workshop follow-me: lead (the others may follow), or follow a leader from screen to
/// screen, stepping out and back in at will.
#[component]
fn FollowMe() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let leaders = move || {
        sync.participants.with(|list| {
            list.iter()
                .filter(|p| p.lead)
                .map(|p| (p.peer_id.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <span class="follow-me" data-testid="follow-me">
            <Show when=move || sync.status.with(|s| matches!(s, SyncStatus::UpToDate { .. } | SyncStatus::Syncing))>
                <button
                    type="button"
                    class="quiet small"
                    data-testid="lead-toggle"
                    aria-pressed=move || sync.leading.get().to_string()
                    on:click=move |_| sync.set_leading(!sync.leading.get_untracked())
                >
                    {move || if sync.leading.get() {
                        td_string!(i18n.get_locale(), sync.stop_lead)
                    } else {
                        td_string!(i18n.get_locale(), sync.start_lead)
                    }}
                </button>
            </Show>
            <Show when=move || sync.leading.get()>
                <span class="leading" data-testid="leading">{crate::tr(|l| td_string!(l, sync.leading))}</span>
            </Show>
            {move || leaders().into_iter().map(|(peer, name)| {
                let followed = {
                    let peer = peer.clone();
                    Memo::new(move |_| sync.following.with(|f| f.as_deref() == Some(peer.as_str())))
                };
                let who = name.clone();
                view! {
                    <span class="leader" data-testid="leader">
                        {move || if followed.get() {
                            td_string!(i18n.get_locale(), sync.following, name = who.clone()).to_string()
                        } else {
                            td_string!(i18n.get_locale(), sync.leads, name = who.clone()).to_string()
                        }}
                        " "
                        <button
                            type="button"
                            class="small"
                            data-testid="follow"
                            on:click={
                                let peer = peer.clone();
                                move |_| {
                                    if followed.get() {
                                        sync.following.set(None);
                                    } else {
                                        sync.following.set(Some(peer.clone()));
                                    }
                                }
                            }
                        >
                            {move || if followed.get() {
                                td_string!(i18n.get_locale(), sync.unfollow)
                            } else {
                                td_string!(i18n.get_locale(), sync.follow)
                            }}
                        </button>
                    </span>
                }
            }).collect_view()}
        </span>
    }
}

/// Settings: relay address and token of this device.
#[component]
pub fn RelaySettingsCard() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let stored = prefs::stored_relay();
    let (url, set_url) = signal(stored.as_ref().map(|r| r.url.clone()).unwrap_or_default());
    let (token, set_token) = signal(stored.map(|r| r.token).unwrap_or_default());
    let (error, set_error) = signal(None::<&'static str>);
    let stored = Feedback::new();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = i18n.get_locale_untracked();
        let typed = url.get_untracked().trim().to_string();
        let address = if typed.is_empty() {
            prefs::default_relay_url()
        } else {
            typed
        };
        if !prefs::valid_relay_url(&address) {
            set_error.set(Some(td_string!(l, sync.bad_url)));
            return;
        }
        let Some(token) = typed_token(token, set_error, l) else {
            return;
        };
        set_url.set(address.clone());
        if stored.report(prefs::store_relay(&address, &token)) {
            sync.restart();
        }
    };
    let disconnect = move |_| {
        // Forgotten here even when the browser refuses to store that; said below.
        stored.report(prefs::store_relay(&url.get_untracked(), ""));
        set_token.set(String::new());
        sync.restart();
    };
    view! {
        <form class="card settings-group" data-testid="relay-settings" on:submit=save>
            <CardHead title=|l| td_string!(l, sync.heading) hint=|l| td_string!(l, sync.lead) print=false />
            <label for="relay-url">{crate::tr(|l| td_string!(l, sync.url))}</label>
            <input id="relay-url" type="text" inputmode="url" autocomplete="off" data-testid="relay-url"
                prop:value=move || url.get()
                placeholder=prefs::default_relay_url()
                aria-describedby="relay-url-hint"
                on:input=move |ev| set_url.set(event_target_value(&ev)) />
            <p class="hint" id="relay-url-hint">{crate::tr(|l| td_string!(l, sync.url_hint))}</p>
            <label for="relay-token">{crate::tr(|l| td_string!(l, sync.token))}</label>
            <input id="relay-token" type="password" autocomplete="off" data-testid="relay-token"
                prop:value=move || token.get()
                on:input=move |ev| set_token.set(event_target_value(&ev)) />
            {move || error.get().map(|e| view! { <p class="inline-error" role="alert">{e}</p> })}
            {stored.view()}
            <div class="button-row">
                <button type="submit" class="primary" data-testid="relay-save">{crate::tr(|l| td_string!(l, sync.save))}</button>
                <button type="button" data-testid="relay-disconnect" on:click=disconnect>{crate::tr(|l| td_string!(l, sync.disconnect))}</button>
            </div>
            <p data-testid="relay-status">{move || status_text(&sync.status.get(), i18n.get_locale())}</p>
        </form>
    }
}

/// The link that joins the open workspace, or `None` without a relay or relay id.
pub fn share_link() -> Option<String> {
    let store = use_store();
    let id = DocumentId::from_bytes(store.sync_id()?);
    let relay = prefs::stored_relay()?;
    let origin = web_sys::window()?.location().origin().ok()?;
    Some(format!(
        "{origin}/join?doc={id}&relay={}",
        js_sys::encode_uri_component(&relay.url)
    ))
}

fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
    )
}

/// Workspaces screen: the link and QR code for colleagues.
#[component]
pub fn ShareCard() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let sync = use_sync();
    let link = Memo::new(move |_| {
        // Recomputed when the workspace or the relay settings change (read to track).
        store.current.track();
        sync.status.track();
        share_link()
    });
    let (copied, set_copied) = signal(false);
    let copy_failed = Feedback::new();
    let copy = move |_| {
        if let (Some(text), Some(w)) = (link.get_untracked(), web_sys::window()) {
            let promise = w.navigator().clipboard().write_text(&text);
            leptos::task::spawn_local(async move {
                let written = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                set_copied.set(written);
                if !written {
                    copy_failed.refuse(crate::error::AppError::Clipboard);
                }
            });
        }
    };
    view! {
        <div class="card share" data-testid="share-card">
            <h2>{crate::tr(|l| td_string!(l, sync.share_heading))}</h2>
            {move || match link.get() {
                None => view! { <p class="hint">{crate::tr(|l| td_string!(l, sync.share_needs_relay))}</p> }.into_any(),
                Some(text) => {
                    let svg = qr_svg(&text).unwrap_or_default();
                    view! {
                        <p class="hint">{crate::tr(|l| td_string!(l, sync.share_lead))}</p>
                        <label for="share-link">{crate::tr(|l| td_string!(l, sync.share_link))}</label>
                        <input id="share-link" type="text" readonly data-testid="share-link" prop:value=text.clone() />
                        <div class="button-row">
                            <button type="button" on:click=copy>{crate::tr(|l| td_string!(l, sync.copy))}</button>
                            <Show when=move || copied.get()>
                                <span class="hint" role="status">{crate::tr(|l| td_string!(l, sync.copied))}</span>
                            </Show>
                        </div>
                        {copy_failed.view()}
                        <div class="qr" role="img" data-testid="share-qr"
                            aria-label=move || td_string!(i18n.get_locale(), sync.qr_label)
                            inner_html=svg></div>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

/// `/join?doc=…&relay=…`: joins a shared workspace on this device.
#[component]
pub fn JoinScreen() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let store = use_store();
    let query = use_query_map();
    let doc = move || {
        query
            .with(|q| q.get("doc"))
            .and_then(|d| DocumentId::parse(&d).ok())
    };
    let relay = move || {
        query
            .with(|q| q.get("relay"))
            .filter(|r| prefs::valid_relay_url(r))
    };
    let (token, set_token) = signal(prefs::stored_relay().map(|r| r.token).unwrap_or_default());
    let (started, set_started) = signal(false);
    let (error, set_error) = signal(None::<&'static str>);
    // The relay settings could not be kept on this device (storage refused).
    let stored = Feedback::new();
    let already_here = move || {
        let id = doc()?;
        let here = store
            .entries
            .get()
            .iter()
            .any(|e| kam_domain::document::sync_id_of(&e.id) == Some(*id.as_bytes()));
        Some(here)
    };
    // Who joins, asked first: presence and every change show the name from the start.
    let you = crate::screens::ui::YouFields::from_device();
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = i18n.get_locale_untracked();
        if !you.save() {
            return;
        }
        let (Some(id), Some(relay)) = (doc(), relay()) else {
            set_error.set(Some(td_string!(l, sync.bad_link)));
            return;
        };
        let Some(token) = typed_token(token, set_error, l) else {
            return;
        };
        if stored.report(prefs::store_relay(&relay, &token)) {
            set_started.set(true);
            sync.join(id);
        }
    };
    let joined_name = move || {
        let id = doc()?;
        let current = store.current.get()?;
        (kam_domain::document::sync_id_of(&current) == Some(*id.as_bytes()))
            .then(|| store.workspace.with(|w| w.as_ref().map(|w| w.name.clone())))
            .flatten()
    };
    view! {
        <section class="screen" data-testid="screen-join">
            <h1>{crate::tr(|l| td_string!(l, sync.join_heading))}</h1>
            <Show when=move || doc().is_some() && relay().is_some()
                fallback=move || view! { <p class="inline-error" role="alert" data-testid="join-bad-link">{crate::tr(|l| td_string!(l, sync.bad_link))}</p> }>
                {move || match (joined_name(), already_here()) {
                    (Some(name), _) => view! {
                        <div class="card" data-testid="join-done">
                            <p><strong>{name}</strong></p>
                            <p>{crate::tr(|l| td_string!(l, sync.joined))}</p>
                            <leptos_router::components::A href="/rollout" attr:class="button primary">
                                {crate::tr(|l| td_string!(l, notfound.back))}
                            </leptos_router::components::A>
                        </div>
                    }.into_any(),
                    (None, Some(true)) if !started.get() => view! {
                        <p class="card">{crate::tr(|l| td_string!(l, sync.already_here))}</p>
                    }.into_any(),
                    _ => view! {
                        <form class="card" data-testid="join-form" on:submit=join>
                            <p class="lead">{crate::tr(|l| td_string!(l, sync.join_lead))}</p>
                            {you.view("join")}
                            <label for="join-token">{crate::tr(|l| td_string!(l, sync.token))}</label>
                            <input id="join-token" type="password" autocomplete="off" data-testid="join-token"
                                prop:value=move || token.get()
                                on:input=move |ev| set_token.set(event_target_value(&ev)) />
                            {move || error.get().map(|e| view! { <p class="inline-error" role="alert">{e}</p> })}
                            {stored.view()}
                            <button type="submit" class="primary" data-testid="join-submit">{crate::tr(|l| td_string!(l, sync.join))}</button>
                            <Show when=move || started.get()>
                                <p role="status" data-testid="join-status">
                                    {move || match sync.status.get() {
                                        SyncStatus::Error(_) => status_text(&sync.status.get(), i18n.get_locale()),
                                        _ => td_string!(i18n.get_locale(), sync.joining).to_string(),
                                    }}
                                </p>
                            </Show>
                        </form>
                    }.into_any(),
                }}
            </Show>
        </section>
    }
}

/// The token as typed, or `None` with the message saying it is missing.
fn typed_token(
    token: ReadSignal<String>,
    set_error: WriteSignal<Option<&'static str>>,
    l: Locale,
) -> Option<String> {
    let token = token.get_untracked().trim().to_string();
    set_error.set(token.is_empty().then(|| td_string!(l, sync.bad_token)));
    (!token.is_empty()).then_some(token)
}
