//! Browser storage of the workspace document (IndexedDB), in headless Chromium.
#![cfg(target_arch = "wasm32")]

use kam_app::store::WorkspaceStore;
use kam_domain::command::{Command, ProgrammeField, Value};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn ready_store() -> WorkspaceStore {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let store = WorkspaceStore::start();
    for _ in 0..200 {
        if !store.loading.get_untracked() {
            break;
        }
        sleep(10).await;
    }
    store
}

#[wasm_bindgen_test]
async fn storage_stays_bounded_after_2000_small_edits() {
    let owner = Owner::new();
    owner.set();
    let store = ready_store().await;
    store.create("Speichertest").await.expect("create");
    for i in 0..2000 {
        store
            .dispatch(Command::SetProgramme {
                field: ProgrammeField::CompanyStrategy,
                value: Value::Text(format!("Wachstum in DACH, Fassung {i}")),
            })
            .expect("edit");
        if i % 100 == 99 {
            store.flushed().await;
        }
    }
    store.flushed().await;
    let (stored, snapshot_now) = store.stored_bytes().await.expect("bytes");
    let compacted = store.export_automerge().expect("doc").len();
    console_log!(
        "after 2000 edits: stored {stored} bytes in IndexedDB (of which snapshot {snapshot_now}); compacted snapshot {compacted} bytes"
    );
    assert!(stored <= 2 * compacted, "stored {stored} > 2 × {compacted}");
    let shown = store.workspace.with_untracked(|w| {
        w.as_ref()
            .map(|w| w.programme.strategy.company.as_str().to_string())
    });
    assert_eq!(shown.as_deref(), Some("Wachstum in DACH, Fassung 1999"));

    // A second store (a reload) reads the same workspace back from IndexedDB.
    let again = ready_store().await;
    let reread = again.workspace.with_untracked(|w| {
        w.as_ref()
            .map(|w| w.programme.strategy.company.as_str().to_string())
    });
    assert_eq!(reread.as_deref(), Some("Wachstum in DACH, Fassung 1999"));
}

#[wasm_bindgen_test]
async fn a_damaged_chunk_is_skipped_and_the_rest_loads() {
    let owner = Owner::new();
    owner.set();
    let store = ready_store().await;
    store.create("Beschädigt").await.expect("create");
    store
        .dispatch(Command::SetProgramme {
            field: ProgrammeField::MarketingStrategy,
            value: Value::Text("Fokus Industrie".into()),
        })
        .expect("edit");
    store.flushed().await;
    let id = store.current.get_untracked().expect("open");
    let db = kam_app::store::idb::ChunkDb::open().await.expect("db");
    db.put(
        &format!("{id}/incremental/9999999999999999"),
        b"not automerge at all",
    )
    .await
    .expect("write garbage");

    let again = ready_store().await;
    again.open(&id).await;
    assert!(
        matches!(
            again.problem.get_untracked(),
            Some(kam_app::store::StoreProblem::ChunksSkipped(1))
        ),
        "{:?}",
        again.problem.get_untracked()
    );
    let text = again.workspace.with_untracked(|w| {
        w.as_ref()
            .map(|w| w.programme.strategy.marketing.as_str().to_string())
    });
    assert_eq!(text.as_deref(), Some("Fokus Industrie"));
}

fn company_strategy(store: WorkspaceStore) -> Option<String> {
    store.workspace.with_untracked(|w| {
        w.as_ref()
            .map(|w| w.programme.strategy.company.as_str().to_string())
    })
}

fn loading_document() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|root| root.has_attribute("data-loading-document"))
}

fn set_strategy(store: WorkspaceStore, text: &str) {
    store
        .dispatch(Command::SetProgramme {
            field: ProgrammeField::CompanyStrategy,
            value: Value::Text(text.into()),
        })
        .expect("edit");
}

/// A second store started on the same browser storage (a reload), watched from its
/// first moment: what it showed before its document had loaded, and when.
async fn start_and_watch(
    until: impl Fn(WorkspaceStore) -> bool,
) -> (WorkspaceStore, Vec<(bool, Option<String>)>) {
    let store = WorkspaceStore::start();
    let mut seen = Vec::new();
    for _ in 0..2000 {
        let shown = company_strategy(store);
        if shown.is_some() {
            seen.push((loading_document(), shown));
        }
        if until(store) {
            break;
        }
        // As short as timers go: the cached model shows for about a frame.
        sleep(0).await;
    }
    (store, seen)
}

/// Waits past the store's quiet time, after which it caches the model.
async fn until_cached() {
    sleep(2_600).await;
}

#[wasm_bindgen_test]
async fn an_edit_made_while_the_cached_model_shows_is_kept() {
    let owner = Owner::new();
    owner.set();
    let store = ready_store().await;
    store.create("Schnellstart").await.expect("create");
    set_strategy(store, "Fassung 1");
    store.flushed().await;
    until_cached().await;

    // A reload shows the cached model before its document has loaded; an edit made in
    // that moment loads the document first and is stored.
    let (again, seen) = start_and_watch(|s| company_strategy(s).is_some()).await;
    assert_eq!(
        seen.first(),
        Some(&(true, Some("Fassung 1".into()))),
        "the cached model shows first: {seen:?}"
    );
    assert!(loading_document(), "the document has not loaded yet");
    set_strategy(again, "Fassung 2, beim Laden");
    assert!(!loading_document(), "the edit loaded the document");
    assert_eq!(
        company_strategy(again).as_deref(),
        Some("Fassung 2, beim Laden")
    );
    again.flushed().await;

    // The next reload finds it (its cache is stale now: it loads the document).
    let third = ready_store().await;
    for _ in 0..200 {
        if company_strategy(third).is_some() && !loading_document() {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(
        company_strategy(third).as_deref(),
        Some("Fassung 2, beim Laden")
    );
}

#[wasm_bindgen_test]
async fn a_cached_model_of_other_chunks_is_never_shown() {
    let owner = Owner::new();
    owner.set();
    let store = ready_store().await;
    store.create("Veraltet").await.expect("create");
    set_strategy(store, "alt");
    store.flushed().await;
    until_cached().await;
    // Stored, but the cache is not written yet (it waits for quiet): it is older than
    // the chunks now.
    set_strategy(store, "neu");
    store.flushed().await;

    let (again, seen) = start_and_watch(|s| s.current.get_untracked().is_some()).await;
    assert!(!seen.is_empty(), "the workspace opened");
    assert!(
        seen.iter()
            .all(|(early, text)| !early && text.as_deref() == Some("neu")),
        "only the stored document's model was shown: {seen:?}"
    );
    assert_eq!(company_strategy(again).as_deref(), Some("neu"));
}

fn customer_names(store: WorkspaceStore) -> Vec<String> {
    store.workspace.with_untracked(|w| {
        w.as_ref()
            .map(|w| w.customers.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default()
    })
}

#[wasm_bindgen_test]
async fn a_cached_model_whose_customers_do_not_line_up_is_replaced_by_the_documents() {
    use kam_domain::{
        command::{Item, ListRef},
        model::{Customer, SelectionStatus},
        model_cache::ModelCache,
    };
    let owner = Owner::new();
    owner.set();
    let store = ready_store().await;
    store.create("Abgleich").await.expect("create");
    for (id, name) in [
        ("c1", "Müller AG"),
        ("c2", "Huber GmbH"),
        ("c3", "Keller SA"),
    ] {
        store
            .dispatch(Command::Insert {
                list: ListRef::Customers,
                item: Item::Customer(Customer {
                    id: id.into(),
                    number: format!("K-{id}"),
                    name: name.into(),
                    industry: String::new(),
                    region: String::new(),
                    revenue: None,
                    margin: None,
                    potential: None,
                    ratings: vec![],
                    attributes: vec![],
                    selection: SelectionStatus::None,
                }),
            })
            .expect("insert");
    }
    store.flushed().await;
    // The new workspace's chunks are compacted 2 s after it opened, then cached again.
    until_cached().await;
    until_cached().await;
    // A cache for exactly the stored chunks, but with the customers in another order
    // (as a damaged or foreign cache could be): shown first, then replaced, and an edit
    // by id reaches the right customer.
    let id = store.current.get_untracked().expect("open");
    let db = kam_app::store::idb::ChunkDb::open().await.expect("db");
    let key = format!("model/{id}");
    let stored = db.with_prefix(&key).await.expect("read");
    let (_, bytes) = stored.iter().find(|(k, _)| *k == key).expect("cached");
    let cached = ModelCache::decode(bytes).expect("readable");
    let mut wrong = cached.workspace.clone();
    wrong.customers.reverse();
    db.put(&key, &ModelCache::encode(&cached.chunk_keys, &wrong))
        .await
        .expect("put");

    // The cache is current (same chunks): the store takes it unless it does not line up
    // with the document, so without that check the reversed order would stay.
    let (again, _) = start_and_watch(|s| s.current.get_untracked().is_some()).await;
    assert_eq!(
        customer_names(again),
        ["Müller AG", "Huber GmbH", "Keller SA"],
        "the document's order once loaded"
    );
    again
        .dispatch(Command::set(
            ListRef::Customers,
            "c1",
            "name",
            Value::Text("Müller Holding AG".into()),
        ))
        .expect("rename");
    assert_eq!(
        customer_names(again),
        ["Müller Holding AG", "Huber GmbH", "Keller SA"]
    );
}

#[wasm_bindgen_test]
async fn a_tab_that_starts_while_another_edits_gets_all_its_changes() {
    let owner = Owner::new();
    owner.set();
    let anna = ready_store().await;
    anna.create("Zwei Tabs").await.expect("create");
    set_strategy(anna, "Fassung 1");
    anna.flushed().await;
    until_cached().await;
    until_cached().await;
    // Beat's tab starts and shows the cached model; it is held there (its chunks read,
    // not yet listening to other tabs) while Anna's tab stores a change. Once Beat's has
    // loaded, Anna stores another that builds on it: without the first it would wait.
    let beat = WorkspaceStore::start();
    beat.hold_before_loading.set_value(true);
    for _ in 0..500 {
        if loading_document() && company_strategy(beat).is_some() {
            break;
        }
        sleep(5).await;
    }
    assert!(loading_document(), "Beat's tab shows the cached model");
    set_strategy(anna, "Fassung 2, während Beat lädt");
    anna.flushed().await;
    sleep(50).await;
    assert_eq!(
        company_strategy(beat).as_deref(),
        Some("Fassung 1"),
        "not listening yet, Beat's tab still shows the cached model"
    );
    beat.hold_before_loading.set_value(false);
    for _ in 0..500 {
        if company_strategy(beat).as_deref() == Some("Fassung 2, während Beat lädt") {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(
        company_strategy(beat).as_deref(),
        Some("Fassung 2, während Beat lädt"),
        "Beat's tab reads the chunk Anna's stored while it was loading"
    );
    set_strategy(anna, "Fassung 3, danach");
    anna.flushed().await;
    for _ in 0..300 {
        if company_strategy(beat).as_deref() == Some("Fassung 3, danach") {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(
        company_strategy(beat).as_deref(),
        Some("Fassung 3, danach"),
        "Beat's tab has Anna's changes from its loading time and after"
    );
}
