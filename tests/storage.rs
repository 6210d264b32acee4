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
