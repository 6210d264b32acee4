//! Workshops of the management team: made from a template, run along an agenda whose
//! items lead to the method's screens with a time box, and minutes that write
//! themselves from what was decided while the workshop ran. The rules (templates, the
//! current item, time left, the minutes' window) are in `kam_domain::workshop`.

use std::collections::BTreeSet;

use kam_domain::{
    command::{Command, EntityKind, Item, ListRef},
    model::{AgendaItem, Workshop},
    rank::after_last,
    versions::FieldAt,
    workshop,
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    i18n::*,
    routes::{NAV_ITEMS, Screen, Section},
    screens::{
        NeedsWorkspace,
        field::{EditField, FieldKind, line},
        history::MinutesList,
        kit::{AddForm, AddInput, ItemList, LineField, RowActions, row_item, text_of},
        ui::{Feedback, PrintButton, label, new_id, read, show_date, today, whole_number},
    },
    store::{Part, use_store},
};

/// The time now (Unix ms), ticking every second while the component shows: the timer.
fn ticking_now() -> RwSignal<i64> {
    let now = RwSignal::new(js_sys::Date::now() as i64);
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    now
}

/// "14:32" in this device's time.
fn time_of(ms: i64, l: Locale) -> String {
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let day = kam_domain::date::Date {
        year: at.get_full_year() as i32,
        month: at.get_month() + 1,
        day: at.get_date(),
    };
    format!(
        "{} {:02}:{:02}",
        crate::screens::ui::show(day, l),
        at.get_hours(),
        at.get_minutes()
    )
}

/// The screens an agenda item can lead to: every screen of the method, named with its
/// area ("Kunden › Kriterien").
fn screen_options(l: Locale) -> Vec<(String, String)> {
    let area = |section: Section| {
        NAV_ITEMS
            .iter()
            .find(|n| n.section == section)
            .map_or("", |n| (n.label)(l))
    };
    Screen::ALL
        .iter()
        .filter(|s| {
            !s.path().contains(':')
                && !matches!(
                    s.section(),
                    Section::Settings | Section::Header | Section::Workshops
                )
        })
        .map(|s| {
            let name = if s.is_tab() {
                format!("{} › {}", area(s.section()), s.label(l))
            } else {
                s.label(l).to_string()
            };
            (s.path().to_string(), name)
        })
        .collect()
}

/// `/workshops`: the workshops, newest first, and a new one from a template.
#[component]
pub fn WorkshopsScreen() -> impl IntoView {
    let store = use_store();
    view! {
        <section class="screen workshops" data-testid="screen-workshops">
            <h1>{crate::tr(|l| td_string!(l, workshop.title))}</h1>
            <p class="lead">{crate::tr(|l| td_string!(l, workshop.lead))}</p>
            <NeedsWorkspace />
            <Show when=move || store.workspace.with(Option::is_some)>
                <NewWorkshop />
                <WorkshopList />
            </Show>
        </section>
    }
}

/// Names suggested for the participants: the project team first, then everyone else.
fn suggested_names() -> Memo<Vec<String>> {
    let store = use_store();
    Memo::new(move |_| {
        store.read_parts(&[Part::Programme, Part::Items("people")], |w| {
            let mut names: Vec<String> = w
                .programme
                .team
                .iter()
                .filter_map(|m| w.person(&m.person_id).map(|p| p.name.clone()))
                .collect();
            for p in &w.people {
                if !names.contains(&p.name) {
                    names.push(p.name.clone());
                }
            }
            names
        })
    })
}

/// Adds `name` to a comma-separated list of names unless it is there already.
fn with_name(list: &str, name: &str) -> String {
    let mut names: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        names.push(name);
    }
    names.join(", ")
}

/// The names of `list` not yet in the participants `typed`.
fn missing_names(list: &[String], typed: &str) -> Vec<String> {
    list.iter()
        .filter(|n| {
            !typed
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(n.trim()))
        })
        .cloned()
        .collect()
}

/// The form for a new workshop: template, date, participants (the project team
/// proposed). The workshop and its agenda are one change; it opens at once.
#[component]
fn NewWorkshop() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let navigate = leptos_router::hooks::use_navigate();
    let template = RwSignal::new("kickoff".to_string());
    let date = RwSignal::new(today().to_string());
    let names = suggested_names();
    let participants = RwSignal::new(String::new());
    // The project team is proposed once the form shows (and the team is known).
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let team = names.get();
        if team.is_empty() {
            return false;
        }
        if participants.get_untracked().is_empty() {
            participants.set(team.join(", "));
        }
        true
    });
    let add = move |()| {
        let l = i18n.get_locale_untracked();
        let chosen = workshop::template(&template.get_untracked());
        let command = workshop::create(
            chosen,
            crate::lang(l),
            date.get_untracked().trim(),
            &participants.get_untracked(),
            new_id,
        );
        let id = match &command {
            Command::Batch(parts) => match parts.first() {
                Some(Command::Insert { item, .. }) => item.id().to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        store.dispatch(command)?;
        navigate(&format!("/workshops/{id}"), Default::default());
        Ok(())
    };
    view! {
        <div class="card new-workshop">
            <h2>{crate::tr(|l| td_string!(l, workshop.new_heading))}</h2>
            <AddForm test_id="new-workshop" button=|l| td_string!(l, workshop.create) clear=vec![] on_add=add submit_id="create-workshop">
                <label class="field grow">
                    <span class="field-label">{crate::tr(|l| td_string!(l, workshop.template))}</span>
                    <select data-testid="workshop-template" prop:value=template on:change=move |ev| template.set(event_target_value(&ev))>
                        {move || {
                            let l = i18n.get_locale();
                            let lang = crate::lang(l);
                            let mut options: Vec<(String, String)> = workshop::TEMPLATES
                                .iter()
                                .map(|t| (t.key.to_string(), t.title(lang).to_string()))
                                .collect();
                            options.push((String::new(), td_string!(l, workshop.no_template).to_string()));
                            options
                                .into_iter()
                                .map(|(key, name)| {
                                    let selected = template.get_untracked() == key;
                                    view! { <option value=key selected=selected>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <AddInput label=|l| td_string!(l, workshop.date) test_id="workshop-date" value=date kind="date" />
                <AddInput label=|l| td_string!(l, workshop.participants) test_id="workshop-participants" value=participants />
            </AddForm>
            <NameChips names=names typed=participants.into() on_pick=move |name: String| {
                participants.update(|p| *p = with_name(p, &name));
            } />
        </div>
    }
}

/// Buttons that add a known name to the participants.
#[component]
fn NameChips(
    names: Memo<Vec<String>>,
    typed: Signal<String>,
    #[prop(into)] on_pick: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let missing = Memo::new(move |_| missing_names(&names.get(), &typed.get()));
    view! {
        <Show when=move || missing.with(|m| !m.is_empty())>
            <p class="hint name-chips no-print">
                {crate::tr(|l| td_string!(l, workshop.participants_hint))}
                {move || missing.get().into_iter().map(|name| {
                    let text = td_string!(i18n.get_locale(), workshop.add_participant, name = name.clone()).to_string();
                    view! {
                        <button type="button" class="small quiet" data-testid="add-participant"
                            on:click=move |_| on_pick.run(name.clone())>{text}</button>
                    }
                }).collect_view()}
            </p>
        </Show>
    }
}

/// Whether a workshop is planned, running or over, in words.
fn state_words(w: &Workshop, l: Locale) -> &'static str {
    if workshop::is_running(w) {
        td_string!(l, workshop.running)
    } else if w.ended_at.is_some() {
        td_string!(l, workshop.ended)
    } else {
        td_string!(l, workshop.planned)
    }
}

/// Every workshop, newest date first, with its state.
#[component]
fn WorkshopList() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let rows = Memo::new(move |_| {
        store.read_parts(&[Part::Items("workshops")], |w| {
            let mut list = w.workshops.clone();
            kam_domain::order::sort_by(&mut list, |a, b| {
                b.date.cmp(&a.date).then(b.started_at.cmp(&a.started_at))
            });
            list
        })
    });
    view! {
        <div class="card">
            <h2>{crate::tr(|l| td_string!(l, workshop.list_heading))}</h2>
            <Show when=move || rows.with(|r| !r.is_empty())
                fallback=|| view! { <p class="empty" data-testid="no-workshops">{crate::tr(|l| td_string!(l, workshop.none))}</p> }>
                <ul class="item-list workshop-list" data-testid="workshops">
                    <For each=move || rows.get() key=|w| (w.id.clone(), w.title.clone(), w.date.clone(), w.started_at, w.ended_at)
                        children=move |w| {
                            let href = format!("/workshops/{}", w.id);
                            let w2 = w.clone();
                            let is_running = workshop::is_running(&w);
                            view! {
                                <li class="item item-line" data-testid="workshop-row" data-id=w.id.clone()>
                                    <A href=href attr:class="workshop-link">{w.title.clone()}</A>
                                    <span class="hint">{move || show_date(&w.date, i18n.get_locale())}</span>
                                    <span class="badge" class:running=is_running>{move || state_words(&w2, i18n.get_locale())}</span>
                                </li>
                            }
                        } />
                </ul>
            </Show>
        </div>
    }
}

/// `/workshops/:id`: one workshop — its facts, the controls to run it, the agenda, and
/// its minutes.
#[component]
pub fn WorkshopScreen() -> impl IntoView {
    let store = use_store();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let exists = Memo::new(move |_| {
        let id = id.get();
        store.read_parts(&[Part::List("workshops")], |w| {
            w.workshops.iter().any(|x| x.id == id)
        })
    });
    view! {
        <section class="screen workshop" data-testid="screen-workshop">
            <p class="screen-only"><A href="/workshops" attr:class="back-link">{crate::tr(|l| td_string!(l, workshop.back))}</A></p>
            <Show when=move || store.workspace.with(Option::is_some) fallback=|| view! { <NeedsWorkspace /> }>
                <Show when=move || exists.get()
                    fallback=|| view! { <p class="empty" data-testid="no-such-workshop">{crate::tr(|l| td_string!(l, workshop.not_found))}</p> }>
                    {move || view! { <Run id=id.get() /> }}
                </Show>
            </Show>
        </section>
    }
}

fn find_workshop(w: &kam_domain::model::Workspace, id: &str) -> Option<Workshop> {
    w.workshops.iter().find(|x| x.id == id).cloned()
}

/// One workshop, open.
#[component]
fn Run(id: String) -> impl IntoView {
    let w = row_item(&id, vec![Part::Items("workshops")], find_workshop);
    let at = FieldAt::item(ListRef::Workshops, id.clone());
    let names = suggested_names();
    let participants = text_of(w, |w| w.participants.clone());
    let feedback = Feedback::new();
    let pick = {
        let id = id.clone();
        move |name: String| {
            let list = with_name(&participants.get_untracked(), &name);
            feedback.send(Command::set(
                ListRef::Workshops,
                id.clone(),
                "participants",
                kam_domain::command::Value::Str(list),
            ));
        }
    };
    view! {
        <div class="card workshop-head screen-only" data-testid="workshop-head">
            <h1 data-testid="workshop-title">{text_of(w, |w| w.title.clone())}</h1>
            <div class="form-grid">
                <LineField label=|l| td_string!(l, workshop.heading_title) at=at.clone() field="title"
                    part=Part::Items("workshops") stored=text_of(w, |w| w.title.clone()) test_id="workshop-title-field" />
                <EditField label=label(|l| td_string!(l, workshop.date)) at=at.clone() field="date"
                    part=Part::Items("workshops") kind=FieldKind::Date test_id="workshop-date-field"
                    stored=text_of(w, |w| w.date.clone()) to_value=line />
                <div class="grow">
                    <EditField label=label(|l| td_string!(l, workshop.participants)) at=at field="participants"
                        part=Part::Items("workshops") test_id="workshop-participants-field"
                        stored=participants to_value=kam_domain_text />
                </div>
            </div>
            <NameChips names=names typed=participants on_pick=pick />
            {feedback.view()}
            <Controls id=id.clone() workshop=w />
        </div>
        <Agenda id=id.clone() workshop=w />
        <WorkshopMinutes id=id workshop=w />
    }
}

/// Participants may be empty: a plain text, trimmed.
fn kam_domain_text(
    text: String,
) -> Result<kam_domain::command::Value, kam_domain::command::CommandError> {
    Ok(kam_domain::command::Value::Str(text.trim().to_string()))
}

/// Start, end; while it runs, when it started. Starting makes this participant the
/// facilitator (others can follow).
#[component]
fn Controls(id: String, workshop: Memo<Option<Workshop>>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = crate::sync::use_sync();
    let feedback = Feedback::new();
    let running =
        Memo::new(move |_| workshop.with(|w| w.as_ref().is_some_and(workshop::is_running)));
    let started = Memo::new(move |_| workshop.with(|w| w.as_ref().and_then(|w| w.started_at)));
    let ended = Memo::new(move |_| workshop.with(|w| w.as_ref().and_then(|w| w.ended_at)));
    let navigate = leptos_router::hooks::use_navigate();
    let start = {
        let id = id.clone();
        move |_| {
            let now = js_sys::Date::now() as i64;
            let Some(command) = read(|w| workshop::start(w, &id, now)) else {
                return;
            };
            if feedback.send(command) {
                sync.set_leading(true);
                // The facilitator goes to the first item's screen; followers come along.
                let screen = read(|w| {
                    workshop::running(w)
                        .and_then(|r| workshop::current(w, r))
                        .map(|a| a.screen.clone())
                });
                if let Some(screen) = screen.filter(|s| s.starts_with('/')) {
                    navigate(&screen, Default::default());
                }
            }
        }
    };
    let end = move |_| {
        if feedback.send(workshop::end(&id, js_sys::Date::now() as i64)) {
            sync.set_leading(false);
        }
    };
    view! {
        <div class="workshop-controls no-print">
            <Show when=move || running.get()
                fallback=move || view! {
                    <button type="button" class="primary" data-testid="workshop-start" on:click=start.clone()>
                        {move || if started.get().is_some() {
                            td_string!(i18n.get_locale(), workshop.resume)
                        } else {
                            td_string!(i18n.get_locale(), workshop.start)
                        }}
                    </button>
                }>
                <button type="button" data-testid="workshop-end" on:click=end.clone()>
                    {crate::tr(|l| td_string!(l, workshop.end))}
                </button>
            </Show>
            <span class="hint" data-testid="workshop-state">
                {move || {
                    let l = i18n.get_locale();
                    let mut parts = Vec::new();
                    if let Some(t) = started.get() {
                        parts.push(td_string!(l, workshop.started, time = time_of(t, l)).to_string());
                    }
                    if let Some(t) = ended.get() {
                        parts.push(td_string!(l, workshop.ended_at, time = time_of(t, l)).to_string());
                    }
                    parts.join(" · ")
                }}
            </span>
            <Show when=move || running.get() && sync.leading.get()>
                <span class="hint leading-note">{crate::tr(|l| td_string!(l, workshop.lead_now))}</span>
            </Show>
        </div>
        {feedback.view()}
    }
}

/// The agenda: each item with its screen, time box, notes; the current one marked with
/// its timer.
#[component]
fn Agenda(id: String, workshop: Memo<Option<Workshop>>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let ids = {
        let id = id.clone();
        Memo::new(move |_| {
            store.read_parts(&[Part::Items("agenda_items")], |w| {
                workshop::agenda(w, &id)
                    .into_iter()
                    .map(|a| a.id.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let total = {
        let id = id.clone();
        Memo::new(move |_| {
            store.read_parts(&[Part::Items("agenda_items")], |w| {
                workshop::planned_minutes(w, &id)
            })
        })
    };
    let (title, screen, minutes) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("30".to_string()),
    );
    let add = {
        let id = id.clone();
        move |()| {
            let parse = whole_number(EntityKind::AgendaItem, "minutes");
            let minutes = match parse(minutes.get_untracked()) {
                Ok(kam_domain::command::Value::Uint(n)) => n,
                Ok(_) => 30,
                Err(e) => return Err(e.into()),
            };
            let item = AgendaItem {
                id: new_id(),
                workshop_id: id.clone(),
                rank: after_last(read(|w| {
                    w.agenda_items
                        .iter()
                        .filter(|a| a.workshop_id == id)
                        .map(|a| a.rank)
                        .collect::<Vec<_>>()
                })),
                title: title.get_untracked().trim().to_string(),
                screen: screen.get_untracked(),
                minutes,
                notes: Default::default(),
            };
            store
                .dispatch(Command::Insert {
                    list: ListRef::AgendaItems,
                    item: Item::AgendaItem(item),
                })
                .map_err(Into::into)
        }
    };
    let now = ticking_now();
    view! {
        <div class="card agenda screen-only" data-testid="agenda">
            <div class="card-head">
                <h2>{crate::tr(|l| td_string!(l, workshop.agenda))}</h2>
                <span class="hint" data-testid="agenda-total">{move || td_string!(i18n.get_locale(), workshop.planned_total, count = total.get()).to_string()}</span>
            </div>
            <p class="hint">{crate::tr(|l| td_string!(l, workshop.agenda_hint))}</p>
            <ItemList ids=ids empty=|l| td_string!(l, workshop.no_items) test_id="agenda-items" numbered=true
                row=move |item| view! { <AgendaRow id=item workshop=workshop now=now /> } />
            <AddForm test_id="add-agenda-item" button=|l| td_string!(l, workshop.add_item) clear=vec![title] on_add=add>
                <AddInput label=|l| td_string!(l, workshop.item_title) test_id="new-item-title" value=title text_of=Some((kam_domain::command::EntityKind::AgendaItem, "title")) />
                <label class="field">
                    <span class="field-label">{crate::tr(|l| td_string!(l, workshop.item_screen))}</span>
                    <select data-testid="new-item-screen" on:change=move |ev| screen.set(event_target_value(&ev))>
                        <option value="">{crate::tr(|l| td_string!(l, workshop.choose))}</option>
                        {move || screen_options(i18n.get_locale()).into_iter().map(|(path, name)| view! { <option value=path>{name}</option> }).collect_view()}
                    </select>
                </label>
                <AddInput label=|l| td_string!(l, workshop.item_minutes) test_id="new-item-minutes" value=minutes kind="number" />
            </AddForm>
        </div>
    }
}

/// One agenda item: title, screen, time box, notes; "take up now" while the workshop
/// runs, and the timer when it is the current one.
#[component]
fn AgendaRow(id: String, workshop: Memo<Option<Workshop>>, now: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let navigate = leptos_router::hooks::use_navigate();
    let item = row_item(&id, vec![Part::Items("agenda_items")], |w, id| {
        w.agenda_items.iter().find(|a| a.id == id).cloned()
    });
    let at = FieldAt::item(ListRef::AgendaItems, id.clone());
    let current = {
        let id = id.clone();
        Memo::new(move |_| {
            workshop.with(|w| {
                w.as_ref().is_some_and(|w| {
                    workshop::is_running(w) && w.current_item.as_deref() == Some(id.as_str())
                })
            })
        })
    };
    let running =
        Memo::new(move |_| workshop.with(|w| w.as_ref().is_some_and(workshop::is_running)));
    let screens = Signal::derive(move || screen_options(i18n.get_locale()));
    let take_up = {
        let id = id.clone();
        move |_| {
            let Some(w) = workshop.get_untracked() else {
                return;
            };
            if feedback.send(workshop::go_to(&w.id, &id, js_sys::Date::now() as i64)) {
                let screen = item
                    .with_untracked(|i| i.as_ref().map(|i| i.screen.clone()))
                    .unwrap_or_default();
                if screen.starts_with('/') {
                    navigate(&screen, Default::default());
                }
            }
        }
    };
    let href = move || item.with(|i| i.as_ref().map(|i| i.screen.clone()).unwrap_or_default());
    let data_id = id.clone();
    view! {
        <li class="item agenda-item" class:current=current data-testid="agenda-item" data-id=data_id>
            <div class="item-line">
                <LineField label=|l| td_string!(l, workshop.item_title) at=at.clone() field="title" part=Part::Items("agenda_items")
                    stored=text_of(item, |i| i.title.clone()) test_id="item-title" />
                <EditField label=label(|l| td_string!(l, workshop.item_screen)) at=at.clone() field="screen"
                    part=Part::Items("agenda_items") kind=FieldKind::Choice(screens) test_id="item-screen"
                    stored=text_of(item, |i| i.screen.clone()) to_value=line />
                <EditField label=label(|l| td_string!(l, workshop.item_minutes)) at=at.clone() field="minutes"
                    part=Part::Items("agenda_items") kind=FieldKind::Number test_id="item-minutes"
                    stored=text_of(item, |i| i.minutes.to_string()) to_value=whole_number(EntityKind::AgendaItem, "minutes") />
                <RowActions list=ListRef::AgendaItems id=id.clone() feedback=feedback move_label=text_of(item, |i| i.title.clone()) />
            </div>
            <div class="item-line agenda-run no-print">
                <button type="button" class="small" data-testid="take-up" hidden=move || !running.get() || current.get()
                    on:click=take_up>{crate::tr(|l| td_string!(l, workshop.take_up))}</button>
                <Show when=move || current.get()>
                    <span class="current-badge" data-testid="item-current">{crate::tr(|l| td_string!(l, workshop.current))}</span>
                    <Timer workshop=workshop now=now />
                </Show>
                <Show when=move || href().starts_with('/')>
                    <A href=href attr:class="small" attr:data-testid="item-go">{crate::tr(|l| td_string!(l, workshop.go_there))}</A>
                </Show>
            </div>
            <EditField label=label(|l| td_string!(l, workshop.item_notes)) at=at field="notes"
                part=Part::Items("agenda_items") kind=FieldKind::Lines test_id="item-notes"
                stored=text_of(item, |i| i.notes.as_str().to_string()) to_value=crate::screens::field::lines />
            {feedback.view()}
        </li>
    }
}

/// The time left in the current item's box: "noch 12:05", "1:30 überzogen" in red.
#[component]
fn Timer(workshop: Memo<Option<Workshop>>, now: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let left = Memo::new(move |_| {
        let now = now.get();
        workshop.with(|w| {
            w.as_ref().and_then(|w| {
                store.read_parts(&[Part::Items("agenda_items")], |ws| {
                    workshop::time_left(ws, w, now)
                })
            })
        })
    });
    view! {
        <span class="timer" class:over=move || left.get().is_some_and(|s| s < 0) data-testid="workshop-timer" role="timer">
            {move || {
                let l = i18n.get_locale();
                match left.get() {
                    Some(s) if s < 0 => td_string!(l, workshop.over, time = workshop::clock(-s)).to_string(),
                    Some(s) => td_string!(l, workshop.left, time = workshop::clock(s)).to_string(),
                    None => String::new(),
                }
            }}
        </span>
    }
}

/// The minutes of this workshop: participants, agenda with notes, decisions from start
/// to end; what prints on A4.
#[component]
fn WorkshopMinutes(id: String, workshop: Memo<Option<Workshop>>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let changes = Memo::new(move |_| {
        store.workspace.track();
        store.history_oldest_first()
    });
    let now = ticking_now();
    // The minutes' end moves with the clock only while the workshop runs.
    let until = Memo::new(move |_| {
        let running = workshop.with(|w| w.as_ref().is_some_and(workshop::is_running));
        if running {
            now.get() / 10_000 * 10_000 + 10_000
        } else {
            0
        }
    });
    let decisions = Memo::new(move |_| {
        let until = until.get();
        workshop.with(|w| {
            let Some(w) = w.as_ref() else {
                return Vec::new();
            };
            changes.with(|h| {
                store.workspace.with(|ws| {
                    ws.as_ref()
                        .map(|ws| workshop::decisions(h, ws, w, until.max(w.ended_at.unwrap_or(0))))
                        .unwrap_or_default()
                })
            })
        })
    });
    let agenda = {
        let id = id.clone();
        Memo::new(move |_| {
            store.read_parts(&[Part::Items("agenda_items")], |w| {
                workshop::agenda(w, &id)
                    .into_iter()
                    .map(|a| {
                        (
                            a.id.clone(),
                            a.title.clone(),
                            a.minutes,
                            a.notes.as_str().to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let authors = Memo::new(move |_| {
        decisions.with(|d| {
            d.iter()
                .map(|d| d.author.clone())
                .filter(|a| !a.is_empty() && a != "—")
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join(", ")
        })
    });
    let started =
        Memo::new(move |_| workshop.with(|w| w.as_ref().is_some_and(|w| w.started_at.is_some())));
    view! {
        <div class="card workshop-minutes" data-testid="workshop-minutes">
            <div class="card-head">
                <h2>
                    {crate::tr(|l| td_string!(l, workshop.minutes_heading))}
                    <span class="print-only">{move || workshop.with(|w| w.as_ref().map(|w| format!(": {}", w.title)).unwrap_or_default())}</span>
                </h2>
                <PrintButton />
            </div>
            <p class="hint screen-only">{crate::tr(|l| td_string!(l, workshop.minutes_lead))}</p>
            <dl class="facts">
                <dt>{crate::tr(|l| td_string!(l, workshop.date))}</dt>
                <dd data-testid="minutes-date">{move || workshop.with(|w| w.as_ref().map(|w| show_date(&w.date, i18n.get_locale())).unwrap_or_default())}</dd>
                <dt>{crate::tr(|l| td_string!(l, workshop.participants))}</dt>
                <dd data-testid="minutes-participants">{move || workshop.with(|w| {
                    let p = w.as_ref().map(|w| w.participants.clone()).unwrap_or_default();
                    if p.is_empty() { td_string!(i18n.get_locale(), workshop.no_participants).to_string() } else { p }
                })}</dd>
            </dl>
            <h3>{crate::tr(|l| td_string!(l, workshop.agenda))}</h3>
            <ol class="minutes-agenda" data-testid="minutes-agenda">
                <For each=move || agenda.get() key=|a| a.clone() children=move |(_, title, minutes, notes)| view! {
                    <li>
                        <strong>{title}</strong>
                        <span class="hint">{format!(" ({minutes}′)")}</span>
                        {(!notes.trim().is_empty()).then(|| view! { <p class="minutes-notes">{notes}</p> })}
                    </li>
                } />
            </ol>
            <h3 data-testid="workshop-minutes-count">
                {move || td_string!(i18n.get_locale(), workshop.minutes_count, count = decisions.with(Vec::len)).to_string()}
            </h3>
            <Show when=move || started.get()
                fallback=|| view! { <p class="empty">{crate::tr(|l| td_string!(l, workshop.minutes_not_started))}</p> }>
                <div class="minutes">
                    <MinutesList decisions=decisions />
                </div>
                <Show when=move || !authors.with(String::is_empty)>
                    <p class="hint" data-testid="minutes-authors">{move || td_string!(i18n.get_locale(), workshop.decided_by, names = authors.get()).to_string()}</p>
                </Show>
            </Show>
        </div>
    }
}

/// The strip under the navigation while a workshop runs, on every screen and tablet:
/// the current item, its time left, and the way to the next item (which takes the
/// facilitator's followers along).
#[component]
pub fn WorkshopStrip() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let feedback = Feedback::new();
    let navigate = leptos_router::hooks::use_navigate();
    let running = Memo::new(move |_| {
        store.read_parts(&[Part::Items("workshops")], |w| {
            workshop::running(w).cloned()
        })
    });
    let place = Memo::new(move |_| {
        running.with(|r| {
            r.as_ref().and_then(|r| {
                store.read_parts(&[Part::Items("agenda_items")], |w| {
                    let items = workshop::agenda(w, &r.id);
                    let at = items
                        .iter()
                        .position(|a| Some(&a.id) == r.current_item.as_ref())?;
                    Some((at + 1, items.len(), items[at].title.clone()))
                })
            })
        })
    });
    let now = ticking_now();
    let step = move |by: i32| {
        let Some(r) = running.get_untracked() else {
            return;
        };
        let target =
            read(|w| workshop::neighbour(w, &r, by).map(|a| (a.id.clone(), a.screen.clone())));
        if let Some((item, screen)) = target
            && feedback.send(workshop::go_to(&r.id, &item, js_sys::Date::now() as i64))
            && screen.starts_with('/')
        {
            navigate(&screen, Default::default());
        }
    };
    let has = move |by: i32| {
        running.with(|r| {
            r.as_ref().is_some_and(|r| {
                store.read_parts(&[Part::Items("agenda_items")], |w| {
                    workshop::neighbour(w, r, by).is_some()
                })
            })
        })
    };
    let workshop_memo = Memo::new(move |_| running.get());
    view! {
        <Show when=move || running.with(Option::is_some)>
            <aside class="workshop-strip no-print" data-testid="workshop-strip" aria-label=move || td_string!(i18n.get_locale(), workshop.strip_label)>
                <A href=move || running.with(|r| r.as_ref().map(|r| format!("/workshops/{}", r.id)).unwrap_or_default()) attr:class="strip-title" attr:data-testid="strip-workshop">
                    {move || running.with(|r| r.as_ref().map(|r| r.title.clone()).unwrap_or_default())}
                </A>
                <span class="strip-item" data-testid="workshop-current">
                    {move || {
                        let l = i18n.get_locale();
                        match place.get() {
                            Some((n, count, title)) => format!("{} · {title}", td_string!(l, workshop.item_of, n = n, count = count)),
                            None => td_string!(l, workshop.no_current).to_string(),
                        }
                    }}
                </span>
                <Timer workshop=workshop_memo now=now />
                <span class="strip-buttons">
                    <button type="button" class="small" data-testid="workshop-previous" disabled=move || !has(-1) on:click={ let step = step.clone(); move |_| step(-1) }>
                        {crate::tr(|l| td_string!(l, workshop.previous))}
                    </button>
                    <button type="button" class="small primary" data-testid="workshop-next" disabled=move || !has(1) on:click={ let step = step.clone(); move |_| step(1) }>
                        {crate::tr(|l| td_string!(l, workshop.next))}
                    </button>
                </span>
                {feedback.view()}
            </aside>
        </Show>
    }
}
