//! Offline support: the service worker (`pwa/sw.js`) and the browser's network state.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Registers `/sw.js`. Failure only costs offline support, so it is logged, not fatal.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let promise = container.register("/sw.js");
    // wasm_bindgen_futures, not leptos::task: this runs before leptos starts its executor.
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(promise).await {
            leptos::logging::warn!("service worker not registered: {e:?}");
        }
    });
}

/// Whether the app can start without a network on this device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfflineReadiness {
    /// The service worker is being installed (or was never registered here).
    Preparing,
    /// A service worker is active: the app shell is cached.
    Ready,
    /// No service worker support in this browser.
    Unsupported,
}

/// Tracks [`OfflineReadiness`] of this page.
pub fn use_offline_readiness() -> ReadSignal<OfflineReadiness> {
    let (state, set_state) = signal(OfflineReadiness::Preparing);
    let Some(window) = web_sys::window() else {
        set_state.set(OfflineReadiness::Unsupported);
        return state;
    };
    let navigator = window.navigator();
    let has_sw = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if !has_sw {
        set_state.set(OfflineReadiness::Unsupported);
        return state;
    }
    match navigator.service_worker().ready() {
        Ok(ready) => leptos::task::spawn_local(async move {
            if JsFuture::from(ready).await.is_ok() {
                set_state.set(OfflineReadiness::Ready);
            }
        }),
        Err(_) => set_state.set(OfflineReadiness::Unsupported),
    }
    state
}

/// `navigator.onLine`, kept current by the window's `online`/`offline` events.
pub fn use_online() -> ReadSignal<bool> {
    let initial = web_sys::window().is_none_or(|w| w.navigator().on_line());
    let (online, set_online) = signal(initial);
    let on = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    online
}

/// Sets `<html lang>` so screen readers and hyphenation follow the chosen language.
pub fn set_document_language(code: &str, title: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        // Setting an attribute on <html> fails only for an invalid name; "lang" is valid.
        let _ = root.set_attribute("lang", code);
    }
    document.set_title(title);
}
