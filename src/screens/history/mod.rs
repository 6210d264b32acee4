//! The change history: who changed what when, in words, filtered and searched; the
//! whole app as of any entry (read only, with a banner and a way back), compared with
//! now; exported as CSV or printed for an audit. The entries and their words come from
//! `kam_domain::history`.

use kam_domain::{
    date::Date,
    history::{self, Entry, Filter, Lang},
    method::Area,
};
use leptos::prelude::*;

use crate::screens::kit::DateInput;

use crate::{
    files,
    i18n::*,
    lang,
    screens::{
        ui::{Feedback, PrintButton, show_count},
        words::Words,
    },
    store::{AsOf, Part, use_store},
};

const PAGE: usize = 100;

const AREAS: [Area; 5] = [
    Area::Rollout,
    Area::Customers,
    Area::KeyAccounts,
    Area::People,
    Area::Controlling,
];

fn area_title(area: Area, lang: Lang) -> String {
    history::word(lang, &format!("areas.{}.title", history::area_key(area)))
        .unwrap_or_default()
        .to_string()
}

/// A date input's value as Unix seconds at the start (or end) of that day.
fn day_seconds(value: &str, end: bool) -> Option<i64> {
    let day = Date::parse(value.trim())?.to_days() * 86_400;
    Some(if end { day + 86_399 } else { day })
}

/// What is wrong with a date filter that cannot be read (it filters nothing then), once
/// the user has left the field: said next to the filters, not silently ignored.
fn date_problem(value: &str, label: String, l: Locale) -> Option<String> {
    let value = value.trim();
    (!value.is_empty() && Date::parse(value).is_none()).then(|| {
        td_string!(
            l,
            errors.not_a_date,
            field = label,
            value = value.to_string()
        )
        .to_string()
    })
}

/// The history screen.
#[component]
pub fn HistoryScreen() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let (shown, set_shown) = signal(PAGE);
    let author = RwSignal::new(String::new());
    let area = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // The date filter being typed in (false: from, true: to); its problem waits until it
    // is left, so a half-typed date is not called wrong.
    let typing: RwSignal<Option<bool>> = RwSignal::new(None);
    let text = RwSignal::new(String::new());
    // Re-read when a change arrives (the current workspace, or the one shown); read
    // once for the entries and the minutes both.
    let changes = Memo::new(move |_| {
        store.workspace.track();
        store.as_of.track();
        store.history_oldest_first()
    });
    let entries = Memo::new(move |_| {
        let mut list = history::entries(changes.with(|c| c.as_ref().clone()));
        list.reverse();
        list
    });
    // The customer filter is a name typed (thousands of customers are not scrolled
    // through in a drop-down): the customers it picks, and up to 12 names offered.
    let picked = Memo::new(move |_| {
        let typed = customer.get();
        store.read_parts(&[Part::Items("customers")], |w| {
            history::customers_named(&w.customers, &typed)
        })
    });
    let offered = Signal::derive(move || {
        let typed = customer.get();
        store.read_parts(&[Part::Items("customers")], |w| {
            history::customer_suggestions(&w.customers, &typed, 12)
        })
    });
    let filter = Memo::new(move |_| Filter {
        author: Some(author.get()).filter(|a| !a.is_empty()),
        area: AREAS
            .iter()
            .copied()
            .find(|a| history::area_key(*a) == area.get()),
        customers: picked.get(),
        from: day_seconds(&from.get(), false),
        to: day_seconds(&to.get(), true),
        text: text.get(),
    });
    let matching = Memo::new(move |_| {
        let l = lang(i18n.get_locale());
        let f = filter.get();
        entries.with(|list| {
            list.iter()
                .enumerate()
                .filter(|(_, e)| f.matches(e, l))
                .map(|(i, _)| i)
                .collect::<Vec<usize>>()
        })
    });
    let authors = Memo::new(move |_| {
        let mut names: Vec<String> = entries.with(|list| {
            list.iter()
                .map(|e| e.author.clone())
                .filter(|a| !a.is_empty())
                .collect()
        });
        kam_domain::order::sort(&mut names);
        names.dedup();
        names
    });
    let saved = Feedback::new();
    let export = move |_| {
        let l = lang(i18n.get_locale());
        let csv = entries.with(|list| {
            let chosen: Vec<&Entry> = matching.with(|m| m.iter().map(|i| &list[*i]).collect());
            history::history_csv(&chosen, l, crate::local_offset())
        });
        let stem = files::file_stem(
            &store
                .workspace
                .with_untracked(|w| w.as_ref().map(|w| w.name.clone()).unwrap_or_default()),
        );
        saved.report(files::download(
            &format!("{stem}-history.csv"),
            "text/csv;charset=utf-8",
            csv.as_bytes(),
        ));
    };
    let text_input = move |signal: RwSignal<String>, kind: &'static str, test: &'static str| {
        view! {
            <input
                type=kind
                data-testid=test
                prop:value=move || signal.get()
                on:input=move |ev| signal.set(event_target_value(&ev))
            />
        }
    };
    view! {
        <section class="screen history" data-testid="screen-history">
            <h1>{crate::tr(|l| td_string!(l, history.title))}</h1>
            <p class="lead no-print">{crate::tr(|l| td_string!(l, history.lead))}</p>
            <p class="print-only">
                {move || store.workspace.with(|w| w.as_ref().map(|w| w.name.clone()).unwrap_or_default())}
                " · "
                {move || {
                    let now = (js_sys::Date::now() / 1000.0) as i64;
                    let date = history::time_text(lang(i18n.get_locale()), now + crate::local_offset());
                    td_string!(i18n.get_locale(), history.printed, date = date).to_string()
                }}
            </p>
            <Compare />
            <div class="history-filters no-print" data-testid="history-filters">
                <label>
                    <span class="field-label">{crate::tr(|l| td_string!(l, history.filter_person))}</span>
                    <select data-testid="filter-person" on:change=move |ev| author.set(event_target_value(&ev))>
                        <option value="">{crate::tr(|l| td_string!(l, history.all))}</option>
                        {move || authors.get().into_iter().map(|a| {
                            let value = a.clone();
                            view! { <option value=value selected=move || author.get() == a>{a.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span class="field-label">{crate::tr(|l| td_string!(l, history.filter_area))}</span>
                    <select data-testid="filter-area" on:change=move |ev| area.set(event_target_value(&ev))>
                        <option value="">{crate::tr(|l| td_string!(l, history.all))}</option>
                        {move || {
                            let l = lang(i18n.get_locale());
                            AREAS.iter().map(|a| {
                                let key = history::area_key(*a);
                                view! { <option value=key selected=move || area.get() == key>{area_title(*a, l)}</option> }
                            }).collect_view()
                        }}
                    </select>
                </label>
                <label>
                    <span class="field-label">{crate::tr(|l| td_string!(l, history.filter_account))}</span>
                    <input type="search" data-testid="filter-account" list="history-account-names"
                        placeholder=move || td_string!(i18n.get_locale(), history.filter_account_hint)
                        prop:value=move || customer.get()
                        on:input=move |ev| customer.set(event_target_value(&ev)) />
                    <datalist id="history-account-names">
                        {move || offered.get().into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                    </datalist>
                </label>
                <label>
                    <span class="field-label">{crate::tr(|l| td_string!(l, history.filter_from))}</span>
                    <DateInput test_id="filter-from" value=from on_input=move |v| from.set(v)
                        on_focus=move |_| typing.set(Some(false)) on_blur=move |_| typing.set(None) />
                </label>
                <label>
                    <span class="field-label">{crate::tr(|l| td_string!(l, history.filter_to))}</span>
                    <DateInput test_id="filter-to" value=to on_input=move |v| to.set(v)
                        on_focus=move |_| typing.set(Some(true)) on_blur=move |_| typing.set(None) />
                </label>
                <label class="wide">
                    <span class="field-label">{crate::tr(|l| td_string!(l, history.filter_text))}</span>
                    {text_input(text, "search", "filter-text")}
                </label>
            </div>
            {move || {
                let l = i18n.get_locale();
                let now = typing.get();
                let problems: Vec<String> = [
                    (now != Some(false)).then(|| date_problem(&from.get(), td_string!(l, history.filter_from).to_string(), l)).flatten(),
                    (now != Some(true)).then(|| date_problem(&to.get(), td_string!(l, history.filter_to).to_string(), l)).flatten(),
                ]
                .into_iter()
                .flatten()
                .collect();
                (!problems.is_empty()).then(|| view! {
                    <p class="inline-error no-print" role="alert" data-testid="filter-date-error">{problems.join(" ")}</p>
                })
            }}
            {move || picked.with(|p| p.as_ref().is_some_and(|ids| ids.is_empty())).then(|| {
                let name = customer.get().trim().to_string();
                view! {
                    <p class="inline-error no-print" role="alert" data-testid="filter-account-error">
                        {td_string!(i18n.get_locale(), history.filter_account_none, name = name).to_string()}
                    </p>
                }
            })}
            <Minutes changes=changes from=from to=to />
            <div class="button-row no-print">
                <p class="hint" data-testid="history-count">
                    {move || {
                        let shown = matching.with(Vec::len);
                        let total = entries.with(Vec::len);
                        td_string!(i18n.get_locale(), history.count, shown = show_count(shown, i18n.get_locale()), count = total as u64, number = show_count(total, i18n.get_locale())).to_string()
                    }}
                </p>
                <button type="button" class="quiet" data-testid="history-csv" on:click=export>
                    {crate::tr(|l| td_string!(l, history.csv))}
                </button>
                <PrintButton />
            </div>
            {saved.view()}
            <Show
                when=move || entries.with(|e| !e.is_empty())
                fallback=move || view! { <p>{crate::tr(|l| td_string!(l, history.empty))}</p> }
            >
                <ol class="history-list" data-testid="history-list">
                    {move || {
                        let l = lang(i18n.get_locale());
                        let showing = store.as_of.with(|a| a.as_ref().map(|a| a.hash));
                        entries.with(|list| {
                            matching.with(|m| {
                                m.iter()
                                    .take(shown.get())
                                    .map(|i| entry_view(&list[*i], l, showing))
                                    .collect_view()
                            })
                        })
                    }}
                </ol>
                <Show when=move || matching.with(|m| m.len() > shown.get())>
                    <button type="button" class="no-print" on:click=move |_| set_shown.update(|n| *n += PAGE)>
                        {crate::tr(|l| td_string!(l, history.more))}
                    </button>
                </Show>
            </Show>
        </section>
    }
}

/// The minutes (Protokoll): the decisions taken in the chosen date range (today when
/// none is chosen), grouped as the method orders them, with who and when; printable.
#[component]
fn Minutes(
    changes: Memo<std::sync::Arc<Vec<kam_domain::document::HistoryEntry>>>,
    from: RwSignal<String>,
    to: RwSignal<String>,
) -> impl IntoView {
    use kam_domain::minutes;
    let i18n = use_i18n();
    let store = use_store();
    let window = move || {
        let today = {
            let now = (js_sys::Date::now() / 1000.0) as i64 + crate::local_offset();
            let day = now.div_euclid(86_400) * 86_400;
            (day, day + 86_399)
        };
        let start = day_seconds(&from.get(), false);
        let end = day_seconds(&to.get(), true);
        let offset = crate::local_offset();
        match (start, end) {
            (None, None) => (today.0 - offset, today.1 - offset),
            (s, e) => (
                s.map_or(i64::MIN, |s| s - offset),
                e.map_or(i64::MAX, |e| e - offset),
            ),
        }
    };
    let decisions = Memo::new(move |_| {
        let (start, end) = window();
        changes.with(|history| {
            store.workspace.with(|w| {
                w.as_ref()
                    .map(|w| minutes::decisions(history, w, start, end))
                    .unwrap_or_default()
            })
        })
    });
    view! {
        <details class="card minutes" data-testid="minutes">
            <summary>
                <strong>{crate::tr(|l| td_string!(l, minutes.heading))}</strong>
                " "
                <span class="hint" data-testid="minutes-count">
                    {move || td_string!(i18n.get_locale(), minutes.count, count = decisions.with(Vec::len)).to_string()}
                </span>
            </summary>
            <p class="hint">{crate::tr(|l| td_string!(l, minutes.lead))}</p>
            <MinutesList decisions=decisions />
        </details>
    }
}

/// The decisions of some minutes, grouped as the method orders them, each with who and
/// when, a reason, an owner and a due date where it has them.
#[component]
pub fn MinutesList(decisions: Memo<Vec<kam_domain::minutes::Decision>>) -> impl IntoView {
    use kam_domain::minutes::DecisionKind;
    let i18n = use_i18n();
    let group_title = move |kind: DecisionKind| {
        let l = i18n.get_locale();
        match kind {
            DecisionKind::Criterion => td_string!(l, minutes.criteria),
            DecisionKind::Threshold => td_string!(l, minutes.threshold),
            DecisionKind::Selection => td_string!(l, minutes.selection),
            DecisionKind::Responsibility => td_string!(l, minutes.responsibility),
            DecisionKind::Action => td_string!(l, minutes.actions),
            DecisionKind::GroundRules => td_string!(l, minutes.ground_rules),
        }
    };
    let kinds = [
        DecisionKind::Criterion,
        DecisionKind::Threshold,
        DecisionKind::Selection,
        DecisionKind::Responsibility,
        DecisionKind::Action,
        DecisionKind::GroundRules,
    ];
    view! {
        <Show
                when=move || decisions.with(|d| !d.is_empty())
                fallback=move || view! { <p data-testid="minutes-none">{crate::tr(|l| td_string!(l, minutes.none))}</p> }
            >
                {move || {
                    let l = i18n.get_locale();
                    let dl = lang(l);
                    decisions.with(|all| {
                        kinds
                            .iter()
                            .filter(|k| all.iter().any(|d| d.kind == **k))
                            .map(|k| {
                                let lines = all
                                    .iter()
                                    .filter(|d| d.kind == *k)
                                    .map(|d| {
                                        let mut extra = Vec::new();
                                        if let Some(to) = d.to {
                                            extra.push(format!("→ {}", to.words(l)));
                                        }
                                        if !d.reason.is_empty() {
                                            extra.push(td_string!(l, minutes.reason, reason = d.reason.clone()).to_string());
                                        }
                                        if !d.owner.is_empty() {
                                            extra.push(td_string!(l, minutes.owner, name = d.owner.clone()).to_string());
                                        }
                                        if let Some(due) = Date::parse(&d.due) {
                                            extra.push(td_string!(l, minutes.due, date = history::date_text(dl, due)).to_string());
                                        }
                                        let when = history::time_text(dl, d.time + crate::local_offset());
                                        view! {
                                            <li data-testid="minutes-decision">
                                                <span class="minutes-what">{d.sentence(dl)}</span>
                                                {(!extra.is_empty()).then(|| view! { <span class="minutes-extra">{format!(" – {}", extra.join(" · "))}</span> })}
                                                <span class="hint minutes-who">{format!(" ({}, {when})", d.author)}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <h3>{group_title(*k)}</h3>
                                    <ul class="minutes-list">{lines}</ul>
                                }
                            })
                            .collect_view()
                    })
                }}
            </Show>
    }
}

/// One line of the history: when, who, what; its parts and field changes folded out.
fn entry_view(
    entry: &Entry,
    l: Lang,
    showing: Option<automerge::ChangeHash>,
) -> impl IntoView + use<> {
    let store = use_store();
    let when = history::time_text(l, entry.until + crate::local_offset());
    let sentence = entry.sentence(l);
    let parts = entry.parts(l);
    let folded = entry.hashes.len();
    let at = entry.last_hash().map(|hash| AsOf {
        hash,
        time: entry.until,
        summary: entry.summary.clone(),
    });
    let current = showing.is_some() && showing == entry.last_hash();
    let count = entry.summary.as_ref().map_or(0, |s| s.count);
    view! {
        <li data-testid="history-entry" class:current=current>
            <span class="meta">
                <span class="when">{when}</span>
                <span class="who" data-testid="history-who">{entry.author.clone()}</span>
            </span>
            <span class="what" data-testid="history-what">
                {sentence}
                {(folded > 1).then(|| {
                    let words = td_string!(crate::locale(l), history.changes_folded, count = folded as u64).to_string();
                    view! { <span class="hint">" · "{words}</span> }
                })}
            </span>
            {(!parts.is_empty()).then(|| {
                let more = count.saturating_sub(parts.len());
                view! {
                    <details class="parts" data-testid="history-parts">
                        <summary>{history::word(l, "history.parts").unwrap_or_default()}" ("{count}")"</summary>
                        <ul>{parts.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        {(more > 0).then(|| view! { <p class="hint">"… +"{more}</p> })}
                    </details>
                }
            })}
            {at.map(|at| view! {
                <button
                    type="button"
                    class="quiet no-print"
                    data-testid="history-show"
                    on:click=move |_| {
                        store.show_as_of(at.clone());
                    }
                >
                    {crate::tr(|l| td_string!(l, history.show))}
                </button>
            })}
        </li>
    }
}

/// While an earlier state shows: what differs from now, listed here and marked on the
/// screens (changed since: orange; removed since: red).
#[component]
fn Compare() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let toggle = move |_| {
        if store.compare.with_untracked(Option::is_some) {
            store.compare.set(None);
        } else {
            store
                .compare
                .set(Some(std::sync::Arc::new(store.differences_from_now())));
        }
    };
    view! {
        <Show when=move || store.as_of.with(Option::is_some)>
            <div class="card compare no-print" data-testid="compare">
                <button type="button" data-testid="compare-now" on:click=toggle
                    aria-pressed=move || store.compare.with(Option::is_some).to_string()>
                    {crate::tr(|l| td_string!(l, history.compare))}
                </button>
                {move || store.compare.get().map(|found| {
                    let l = lang(i18n.get_locale());
                    view! {
                        <h2>{crate::tr(|l| td_string!(l, history.compare_heading))}</h2>
                        <p class="hint">{crate::tr(|l| td_string!(l, history.compare_legend))}</p>
                        {found.is_empty().then(|| view! { <p>{crate::tr(|l| td_string!(l, history.no_difference))}</p> })}
                        <ul class="differences" data-testid="differences">
                            {found.iter().map(|d| {
                                let class = match d.difference {
                                    history::Difference::Added => "added",
                                    history::Difference::Removed => "removed",
                                    history::Difference::Changed(_) => "changed",
                                };
                                view! { <li class=class data-testid="difference">{history::difference_text(l, d)}</li> }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </div>
        </Show>
    }
}

/// The marks of a comparison on every screen: one rule per differing item, by the
/// `data-id` its row carries.
#[component]
pub fn CompareMarks() -> impl IntoView {
    let store = use_store();
    let css = move || {
        store.compare.with(|found| {
            let mut css = String::new();
            for d in found.iter().flat_map(|f| f.iter()) {
                // Ids are the app's own (hex, imported numbers); quotes are escaped anyway.
                let id = d.id.replace('\\', "\\\\").replace('"', "\\\"");
                let (line, fill) = match d.difference {
                    history::Difference::Changed(_) => ("#ef8c00", "#fff4e5"),
                    history::Difference::Removed => ("#c62828", "#fdecea"),
                    history::Difference::Added => continue,
                };
                if !id.is_empty() {
                    css.push_str(&format!(
                        "[data-id=\"{id}\"]{{outline:3px solid {line};outline-offset:-3px;background-color:{fill}}}"
                    ));
                }
            }
            css
        })
    };
    view! { <style data-testid="compare-marks">{css}</style> }
}

/// Across every screen while an earlier state shows: which one, and the way back.
#[component]
pub fn AsOfBanner() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    view! {
        <Show when=move || store.as_of.with(Option::is_some)>
            <div class="as-of-banner" role="status" data-testid="as-of-banner">
                <p>
                    <strong>
                        {move || {
                            let l = i18n.get_locale();
                            let when = store.as_of.with(|a| a.as_ref().map(|a| history::time_text(lang(l), a.time + crate::local_offset()))).unwrap_or_default();
                            td_string!(l, history.banner, when = when).to_string()
                        }}
                    </strong>
                    " "
                    {move || {
                        let l = i18n.get_locale();
                        store.as_of.with(|a| a.as_ref().and_then(|a| a.summary.as_ref()).map(|s| {
                            let what = history::sentence(lang(l), s);
                            td_string!(l, history.banner_after, what = what).to_string()
                        }))
                    }}
                </p>
                <a href="/history" class="button quiet" data-testid="as-of-history">{crate::tr(|l| td_string!(l, history.title))}</a>
                <button type="button" data-testid="back-to-now" on:click=move |_| store.back_to_now()>
                    {crate::tr(|l| td_string!(l, history.close))}
                </button>
            </div>
        </Show>
    }
}
