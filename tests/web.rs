//! Component tests in headless Chromium (wasm-bindgen-test): the shell's navigation, the
//! language switch with its stored preference, and the settings' name validation.
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use kam_app::{
    App,
    i18n::{I18nSubContextProvider, Locale},
    prefs,
    routes::{NAV_ITEMS, Screen, Section, screen_name},
    screens::settings::SettingsScreen,
    shell::MainNav,
};
use leptos::{mount::mount_to, prelude::*, task::tick};
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let document = document();
    let el = document.create_element("div").expect("create div");
    document
        .body()
        .expect("body")
        .append_child(&el)
        .expect("append");
    el.unchecked_into()
}

fn by_test_id(root: &HtmlElement, id: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid='{id}']"))
        .expect("valid selector")
        .unwrap_or_else(|| panic!("no element with data-testid {id}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn navigation_lists_every_area_in_german() {
    let root = container();
    let _mounted = mount_to(root.clone(), || {
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(Locale::de)>
                <Router>
                    <MainNav />
                </Router>
            </I18nSubContextProvider>
        }
    });
    tick().await;
    let labels: Vec<String> = NAV_ITEMS
        .iter()
        .map(|item| by_test_id(&root, &item.test_id()).inner_text())
        .collect();
    assert_eq!(
        labels,
        [
            "Einführungsprojekt",
            "Kunden & Auswahl",
            "Key Accounts",
            "Personen",
            "Controlling",
            "Workshops",
            "Verlauf",
            "Einstellungen"
        ]
    );
    let hrefs: Vec<String> = NAV_ITEMS
        .iter()
        .map(|item| {
            by_test_id(&root, &item.test_id())
                .get_attribute("href")
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            "/rollout",
            "/customers",
            "/key-accounts",
            "/people",
            "/controlling",
            "/workshops",
            "/history",
            "/settings"
        ]
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn language_switch_translates_the_shell_and_remembers_the_choice() {
    LocalStorage::clear();
    assert_eq!(prefs::stored_locale(), Locale::de, "German by default");
    let root = container();
    // Kept mounted: the app is never unmounted, and its store's tasks (opening
    // IndexedDB) finish after the test; they must not meet disposed signals.
    let mounted = mount_to(root.clone(), App);
    std::mem::forget(mounted);
    tick().await;
    assert_eq!(
        by_test_id(&root, "app-title").inner_text(),
        "KAM-Arbeitsbereich"
    );
    assert_eq!(
        by_test_id(&root, "lang-de")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    by_test_id(&root, "lang-en").click();
    tick().await;
    assert_eq!(by_test_id(&root, "app-title").inner_text(), "KAM workspace");
    assert_eq!(by_test_id(&root, "nav-people").inner_text(), "People");
    assert_eq!(
        by_test_id(&root, "lang-en")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(prefs::stored_locale(), Locale::en, "choice stored");
    let lang = document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"));
    assert_eq!(lang.as_deref(), Some("en"), "<html lang> follows");
    root.remove();
    LocalStorage::clear();
}

#[wasm_bindgen_test]
fn an_unknown_stored_language_falls_back_to_german() {
    LocalStorage::set("kam.locale", "fr").expect("store");
    assert_eq!(prefs::stored_locale(), Locale::de);
    LocalStorage::raw()
        .set_item("kam.locale", "{not json")
        .expect("store raw");
    assert_eq!(prefs::stored_locale(), Locale::de);
    LocalStorage::clear();
}

fn type_name(root: &HtmlElement, text: &str) {
    let input: HtmlInputElement = by_test_id(root, "author-name").unchecked_into();
    input.set_value(text);
    let event = web_sys::Event::new("change").expect("event");
    input.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn settings_refuse_a_too_long_name_and_save_a_valid_one() {
    LocalStorage::clear();
    let root = container();
    let _mounted = mount_to(root.clone(), || {
        // The settings include the relay card, which talks to the store and sync client.
        let store = kam_app::store::WorkspaceStore::start();
        provide_context(store);
        provide_context(kam_app::sync::SyncClient::new(store));
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(Locale::de)>
                <SettingsScreen />
            </I18nSubContextProvider>
        }
    });
    tick().await;

    type_name(&root, &"x".repeat(81));
    tick().await;
    let feedback = by_test_id(&root, "author-name-feedback");
    assert!(
        feedback.inner_text().contains("zu lang"),
        "{}",
        feedback.inner_text()
    );
    assert_eq!(
        by_test_id(&root, "author-name")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(prefs::stored_author(), None, "nothing stored");

    type_name(&root, "  Anna   Muster ");
    tick().await;
    assert_eq!(
        by_test_id(&root, "author-name-feedback").inner_text(),
        "Gespeichert."
    );
    assert_eq!(prefs::stored_author().as_deref(), Some("Anna Muster"));
    let input: HtmlInputElement = by_test_id(&root, "author-name").unchecked_into();
    assert_eq!(input.value(), "Anna Muster", "shown as saved");

    // The relay card names what is wrong and stores nothing until both are right.
    let set = |id: &str, value: &str| {
        let field: HtmlInputElement = by_test_id(&root, id).unchecked_into();
        field.set_value(value);
        let event = web_sys::Event::new("input").expect("event");
        field.dispatch_event(&event).expect("dispatch");
    };
    set("relay-url", "http://kam.example.ch/sync");
    set("relay-token", "secret-token-1");
    by_test_id(&root, "relay-save").click();
    tick().await;
    let card = by_test_id(&root, "relay-settings").inner_text();
    assert!(card.contains("ws:// oder wss://"), "{card}");
    assert_eq!(prefs::stored_relay(), None);
    set("relay-url", "wss://kam.example.ch/sync");
    set("relay-token", "   ");
    by_test_id(&root, "relay-save").click();
    tick().await;
    assert!(
        by_test_id(&root, "relay-settings")
            .inner_text()
            .contains("Token")
    );
    assert_eq!(prefs::stored_relay(), None);
    set("relay-token", "secret-token-1");
    by_test_id(&root, "relay-save").click();
    tick().await;
    assert_eq!(
        prefs::stored_relay(),
        Some(prefs::RelaySettings {
            url: "wss://kam.example.ch/sync".into(),
            token: "secret-token-1".into()
        })
    );
    root.remove();
    LocalStorage::clear();
}

#[wasm_bindgen_test]
fn every_address_finds_its_screen_in_the_route_table() {
    for s in Screen::ALL {
        if !s.path().contains(':') {
            assert_eq!(Screen::at(s.path()), Some(*s), "{}", s.path());
        }
    }
    assert_eq!(Screen::at("/key-accounts/ka-c1"), Some(Screen::AccountPlan));
    assert_eq!(Screen::at("/key-accounts/"), Some(Screen::KeyAccounts));
    assert_eq!(Screen::at("/customers?x=1"), Some(Screen::CustomerList));
    assert_eq!(Screen::at("/key-accounts/a/b"), None);
    assert_eq!(Screen::at("/nowhere"), None);
}

#[wasm_bindgen_test]
fn paths_and_slugs_are_unique_and_every_tab_is_in_the_navigation() {
    for (i, a) in Screen::ALL.iter().enumerate() {
        for b in &Screen::ALL[i + 1..] {
            assert_ne!(a.path(), b.path());
            assert_ne!(a.slug(), b.slug());
        }
        if a.section() != Section::Header {
            assert!(NAV_ITEMS.iter().any(|n| n.section == a.section()));
        }
    }
    for n in NAV_ITEMS {
        assert_eq!(Screen::at(n.path()).map(Screen::section), Some(n.section));
    }
    assert_eq!(Screen::Charter.tabs().len(), 6);
    assert_eq!(Screen::Charter.tabs()[0], Screen::RolloutOverview);
    assert!(Screen::Settings.tabs().is_empty());
}

#[wasm_bindgen_test]
fn presence_names_the_screen_as_its_tab_does() {
    assert_eq!(
        screen_name("/rollout", Locale::de),
        Screen::RolloutOverview.label(Locale::de)
    );
    assert_eq!(
        screen_name("/key-accounts/ka-c1", Locale::en),
        "Key accounts"
    );
    assert_eq!(screen_name("/nowhere", Locale::de), "/nowhere");
}

#[wasm_bindgen_test]
fn large_customer_counts_are_grouped_as_each_language_writes_them() {
    use kam_app::{i18n::td_string, screens::ui::show_count};
    let without = |l: Locale, n: usize| {
        td_string!(l, abc.without, count = n as u64, number = show_count(n, l)).to_string()
    };
    assert_eq!(
        without(Locale::de, 11_092),
        "11'092 Kunden ohne Umsatz sind nicht in der Analyse."
    );
    assert_eq!(
        without(Locale::en, 11_092),
        "11,092 customers without revenue are not part of the analysis."
    );
    assert_eq!(
        without(Locale::en, 1),
        "1 customer without revenue is not part of the analysis."
    );
    assert_eq!(show_count(999, Locale::de), "999");
    assert_eq!(show_count(50_000, Locale::en), "50,000");
}

#[wasm_bindgen_test]
fn counts_read_right_for_0_1_and_2_in_both_languages() {
    use kam_app::i18n::td_string;
    let unanswered = |l: Locale, n: u64| td_string!(l, analysis.unanswered, count = n).to_string();
    assert_eq!(unanswered(Locale::de, 0), "0 Fragen noch offen");
    assert_eq!(unanswered(Locale::de, 1), "1 Frage noch offen");
    assert_eq!(unanswered(Locale::de, 2), "2 Fragen noch offen");
    assert_eq!(unanswered(Locale::en, 1), "1 question still open");
    assert_eq!(unanswered(Locale::en, 2), "2 questions still open");
    let l = Locale::de;
    let new = td_string!(l, import.new_customers, count = 1, number = "1").to_string();
    let updated = td_string!(l, import.will_update, count = 1, number = "1").to_string();
    assert_eq!(
        td_string!(l, import.no_problems, new = new, updated = updated).to_string(),
        "Keine Probleme: 1 neuer Kunde, 1 wird aktualisiert."
    );
    let rule =
        |l: Locale, n: u64| td_string!(l, criteria.of_criteria, n = 1, count = n).to_string();
    assert_eq!(rule(Locale::de, 1), "1 von 1 Kriterium");
    assert_eq!(rule(Locale::en, 3), "1 of 3 criteria");
    let change = |delta: i64| {
        td_string!(Locale::de, overview.change, delta = delta, count = delta).to_string()
    };
    assert_eq!(change(-1), "-1 Punkt seit der letzten Einschätzung");
    assert_eq!(change(0), "0 Punkte seit der letzten Einschätzung");
}
