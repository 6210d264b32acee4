//! The change history: who changed what when, and the workspace as of any listed change.

use crate::screens::words::Words;
use kam_domain::command::{ChangeAction, ChangeSummary};
use kam_domain::model::Workspace;
use leptos::prelude::*;

use crate::{i18n::*, store::use_store};

const PAGE: usize = 100;

/// One history line in words: "Kunde «Müller AG» geändert (revenue)".
pub fn describe(summary: &ChangeSummary, l: Locale) -> String {
    let verb = match summary.action {
        ChangeAction::Created => td_string!(l, history.created),
        ChangeAction::Changed => td_string!(l, history.changed),
        ChangeAction::Removed => td_string!(l, history.removed),
    };
    let mut text = summary.kind.words(l).to_string();
    if !summary.label.is_empty() {
        text.push_str(&format!(" «{}»", summary.label));
    }
    text.push(' ');
    text.push_str(verb);
    if !summary.fields.is_empty() {
        let names: Vec<String> = summary
            .fields
            .iter()
            .map(|f| super::ui::field_name(f, l))
            .collect();
        text.push_str(&format!(" ({})", names.join(", ")));
    }
    text
}

fn format_time(seconds: i64, l: Locale) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0));
    let locale = if l == Locale::de { "de-CH" } else { "en-GB" };
    date.to_locale_string(locale, &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}

/// The history screen.
#[component]
pub fn HistoryScreen() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let (shown, set_shown) = signal(PAGE);
    let (past, set_past) = signal::<Option<(String, Workspace)>>(None);
    // Re-read when the workspace changes (a new change arrived).
    let entries = Memo::new(move |_| {
        store.workspace.track();
        store.history()
    });
    view! {
        <section class="screen history" data-testid="screen-history">
            <h1>{crate::tr(|l| td_string!(l, history.title))}</h1>
            <p class="lead">{crate::tr(|l| td_string!(l, history.lead))}</p>
            {move || past.get().map(|(when, ws)| view! { <PastView when=when ws=ws on_close=move || set_past.set(None) /> })}
            <Show
                when=move || entries.with(|e| !e.is_empty())
                fallback=move || view! { <p>{crate::tr(|l| td_string!(l, history.empty))}</p> }
            >
                <ol class="history-list" data-testid="history-list">
                    {move || {
                        let l = i18n.get_locale();
                        entries.with(|list| {
                            list.iter()
                                .take(shown.get())
                                .map(|entry| {
                                    let words = entry
                                        .summary
                                        .as_ref()
                                        .map(|s| describe(s, l))
                                        .unwrap_or_default();
                                    let when = format_time(entry.time, l);
                                    let when2 = when.clone();
                                    let hash = entry.hash;
                                    view! {
                                        <li data-testid="history-entry">
                                            <span class="when">{when}</span>
                                            <span class="who">{entry.author.clone()}</span>
                                            <span class="what">{words}</span>
                                            <button
                                                type="button"
                                                data-testid="history-show"
                                                on:click=move |_| {
                                                    if let Some(ws) = store.workspace_at(&hash) {
                                                        set_past.set(Some((when2.clone(), ws)));
                                                    }
                                                }
                                            >
                                                {crate::tr(|l| td_string!(l, history.show))}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </ol>
                <Show when=move || entries.with(|e| e.len() > shown.get())>
                    <button type="button" on:click=move |_| set_shown.update(|n| *n += PAGE)>
                        {crate::tr(|l| td_string!(l, history.more))}
                    </button>
                </Show>
            </Show>
        </section>
    }
}

/// The workspace as of a past change: read only.
#[component]
fn PastView(when: String, ws: Workspace, on_close: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let actions: usize = ws.key_accounts.iter().map(|k| k.actions.len()).sum();
    let customers: Vec<String> = ws
        .customers
        .iter()
        .take(50)
        .map(|c| c.name.clone())
        .collect();
    view! {
        <div class="card past-view" data-testid="past-view" role="region" aria-label=move || td_string!(i18n.get_locale(), history.as_of)>
            <h2>{crate::tr(|l| td_string!(l, history.as_of))}": "{when}</h2>
            <dl class="facts">
                <dt>{crate::tr(|l| td_string!(l, history.name))}</dt>
                <dd data-testid="past-name">{ws.name.clone()}</dd>
                <dt>{crate::tr(|l| td_string!(l, history.customers))}</dt>
                <dd>{ws.customers.len()}</dd>
                <dt>{crate::tr(|l| td_string!(l, history.key_accounts))}</dt>
                <dd>{ws.key_accounts.len()}" ("{actions}")"</dd>
                <dt>{crate::tr(|l| td_string!(l, history.people))}</dt>
                <dd>{ws.people.len()}</dd>
                <dt>{crate::tr(|l| td_string!(l, history.criteria))}</dt>
                <dd>{ws.criteria.len()}</dd>
                <dt>{crate::tr(|l| td_string!(l, strategy.company))}</dt>
                <dd data-testid="past-company-strategy">{ws.programme.strategy.company.as_str().to_string()}</dd>
            </dl>
            <ul class="past-customers">{customers.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
            <button type="button" data-testid="past-close" on:click=move |_| on_close()>{crate::tr(|l| td_string!(l, history.close))}</button>
        </div>
    }
}
