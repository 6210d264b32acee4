//! Settings of this device: language, the name changes are signed with, offline state.

use kam_domain::author::{AuthorName, AuthorNameError};
use leptos::prelude::*;

use crate::{
    i18n::*,
    prefs,
    pwa::{self, OfflineReadiness},
};

/// What happened to the last name the user typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameFeedback {
    None,
    Saved,
    TooLong,
    StorageFailed,
}

/// The settings screen.
#[component]
pub fn SettingsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let readiness = pwa::use_offline_readiness();
    let (name, set_name) = signal(prefs::stored_author().unwrap_or_default());
    let (feedback, set_feedback) = signal(NameFeedback::None);

    let save_name = move |raw: String| {
        set_name.set(raw.clone());
        let result = match AuthorName::parse(&raw) {
            Ok(valid) => match prefs::store_author(&valid) {
                Ok(()) => {
                    set_name.set(valid.as_str().to_string());
                    NameFeedback::Saved
                }
                Err(_) => NameFeedback::StorageFailed,
            },
            // An empty field just means "not set yet"; nothing to complain about.
            Err(AuthorNameError::Empty) => NameFeedback::None,
            Err(AuthorNameError::TooLong { .. }) => NameFeedback::TooLong,
        };
        set_feedback.set(result);
    };

    view! {
        <section class="screen settings" data-testid="screen-settings">
            <h1>{crate::tr(|l| td_string!(l, settings.title))}</h1>
            <p class="lead">{crate::tr(|l| td_string!(l, settings.lead))}</p>

            <div class="card settings-group">
                <h2>{crate::tr(|l| td_string!(l, settings.language_heading))}</h2>
                <LanguageSwitch />
            </div>

            <crate::screens::sharing::RelaySettingsCard />

            <div class="card settings-group">
                <h2>{crate::tr(|l| td_string!(l, settings.name_heading))}</h2>
                <label for="author-name">{crate::tr(|l| td_string!(l, settings.name_label))}</label>
                <input
                    id="author-name"
                    type="text"
                    autocomplete="name"
                    data-testid="author-name"
                    prop:value=move || name.get()
                    placeholder=move || td_string!(i18n.get_locale(), settings.name_placeholder)
                    aria-describedby="author-name-hint author-name-feedback"
                    aria-invalid=move || {
                        matches!(feedback.get(), NameFeedback::TooLong).to_string()
                    }
                    on:change=move |ev| save_name(event_target_value(&ev))
                />
                <p class="hint" id="author-name-hint">{crate::tr(|l| td_string!(l, settings.name_hint))}</p>
                <p
                    id="author-name-feedback"
                    class="feedback"
                    class:error=move || {
                        matches!(
                            feedback.get(),
                            NameFeedback::TooLong | NameFeedback::StorageFailed
                        )
                    }
                    aria-live="polite"
                    data-testid="author-name-feedback"
                >
                    {move || {
                        let l = i18n.get_locale();
                        match feedback.get() {
                            NameFeedback::None => "",
                            NameFeedback::Saved => td_string!(l, settings.name_saved),
                            NameFeedback::TooLong => td_string!(l, settings.name_too_long),
                            NameFeedback::StorageFailed => td_string!(l, settings.storage_failed),
                        }
                    }}
                </p>
            </div>

            <div class="card settings-group">
                <h2>{crate::tr(|l| td_string!(l, settings.offline_heading))}</h2>
                <p
                    class="offline-state"
                    class:ready=move || readiness.get() == OfflineReadiness::Ready
                    data-testid="offline-readiness"
                >
                    {move || {
                        let l = i18n.get_locale();
                        match readiness.get() {
                            OfflineReadiness::Ready => td_string!(l, settings.offline_ready),
                            OfflineReadiness::Preparing => td_string!(l, settings.offline_preparing),
                            OfflineReadiness::Unsupported => {
                                td_string!(l, settings.offline_unsupported)
                            }
                        }
                    }}
                </p>
                <p class="hint">{crate::tr(|l| td_string!(l, settings.install_hint))}</p>
            </div>
        </section>
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
                <p class="inline-error" role="alert">{crate::tr(|l| td_string!(l, settings.storage_failed))}</p>
            </Show>
        </div>
    }
}
