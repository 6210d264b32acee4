//! IndexedDB holding workspace documents as byte chunks (snapshot + incremental), the
//! layout automerge-repo's storage uses. Keys: `<workspace id>/snapshot/<n>` and
//! `<workspace id>/incremental/<n>`. Every write waits for its transaction to complete.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::error::AppError;

const DB_NAME: &str = "kam-workspaces";
const STORE: &str = "chunks";

/// A storage failure, said in words (quota, private mode, blocked database…).
pub type StorageError = AppError;

fn js_err(context: &str, e: JsValue) -> StorageError {
    let text = e
        .dyn_ref::<web_sys::DomException>()
        .map(|d| format!("{}: {}", d.name(), d.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"));
    AppError::Storage(format!("{context}: {text}"))
}

// Calling a promise's own resolve/reject functions cannot fail; the `let _ =` below
// drop their always-`Ok` results.

/// Resolves when the request succeeds, with its result.
async fn request(req: &IdbRequest) -> Result<JsValue, StorageError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let fail = Closure::once_into_js(move |e: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(fail.unchecked_ref()));
    });
    match JsFuture::from(promise).await {
        Ok(_) => req.result().map_err(|e| js_err("reading a result", e)),
        Err(_) => Err(js_err(
            "request failed",
            req.error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL),
        )),
    }
}

/// Resolves when the transaction has committed (the data is on disk).
async fn committed(tx: &IdbTransaction) -> Result<(), StorageError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let reject2 = reject.clone();
        let fail = Closure::once_into_js(move |e: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        let abort = Closure::once_into_js(move |e: web_sys::Event| {
            let _ = reject2.call1(&JsValue::NULL, &e);
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onerror(Some(fail.unchecked_ref()));
        tx.set_onabort(Some(abort.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| {
        js_err(
            "the browser refused to store the data",
            tx.error().map(JsValue::from).unwrap_or(JsValue::NULL),
        )
    })
}

/// The chunk database of this browser.
#[derive(Clone, Debug)]
pub struct ChunkDb {
    db: IdbDatabase,
}

impl ChunkDb {
    /// Opens (and on first use creates) the database.
    pub async fn open() -> Result<ChunkDb, StorageError> {
        let window = web_sys::window().ok_or_else(|| AppError::Storage("no window".into()))?;
        let factory = window
            .indexed_db()
            .map_err(|e| js_err("IndexedDB is not available", e))?
            .ok_or_else(|| {
                AppError::Storage("IndexedDB is not available (private mode?)".into())
            })?;
        let open = factory
            .open_with_u32(DB_NAME, 1)
            .map_err(|e| js_err("opening the database", e))?;
        let upgrade = Closure::once_into_js({
            let open = open.clone();
            move |_: web_sys::Event| {
                if let Ok(result) = open.result()
                    && let Ok(db) = result.dyn_into::<IdbDatabase>()
                    && !db.object_store_names().contains(STORE)
                {
                    // Inside the upgrade; a failure aborts it, and the open request reports that.
                    let _ = db.create_object_store(STORE);
                }
            }
        });
        open.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        let db = request(&open)
            .await?
            .dyn_into::<IdbDatabase>()
            .map_err(|e| js_err("opening the database", e))?;
        Ok(ChunkDb { db })
    }

    fn tx(&self, mode: IdbTransactionMode) -> Result<IdbTransaction, StorageError> {
        self.db
            .transaction_with_str_and_mode(STORE, mode)
            .map_err(|e| js_err("starting a transaction", e))
    }

    /// Stores one chunk; returns once it is committed.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
        let tx = self.tx(IdbTransactionMode::Readwrite)?;
        let store = tx.object_store(STORE).map_err(|e| js_err("store", e))?;
        store
            .put_with_key(&Uint8Array::from(bytes), &JsValue::from_str(key))
            .map_err(|e| js_err("writing", e))?;
        committed(&tx).await
    }

    /// Writes `new` chunks and deletes `old` keys in one transaction: either all of it
    /// happens or none.
    pub async fn replace(
        &self,
        new: &[(String, Vec<u8>)],
        old: &[String],
    ) -> Result<(), StorageError> {
        let tx = self.tx(IdbTransactionMode::Readwrite)?;
        let store = tx.object_store(STORE).map_err(|e| js_err("store", e))?;
        for (key, bytes) in new {
            store
                .put_with_key(&Uint8Array::from(bytes.as_slice()), &JsValue::from_str(key))
                .map_err(|e| js_err("writing", e))?;
        }
        for key in old {
            store
                .delete(&JsValue::from_str(key))
                .map_err(|e| js_err("deleting", e))?;
        }
        committed(&tx).await
    }

    /// Deletes keys.
    pub async fn delete(&self, keys: &[String]) -> Result<(), StorageError> {
        self.replace(&[], keys).await
    }

    /// All chunks whose key starts with `prefix`, in key order.
    pub async fn with_prefix(&self, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, StorageError> {
        let tx = self.tx(IdbTransactionMode::Readonly)?;
        let store = tx.object_store(STORE).map_err(|e| js_err("store", e))?;
        let range = IdbKeyRange::bound(
            &JsValue::from_str(prefix),
            &JsValue::from_str(&format!("{prefix}\u{ffff}")),
        )
        .map_err(|e| js_err("key range", e))?;
        let keys_req = store
            .get_all_keys_with_key(&range)
            .map_err(|e| js_err("listing", e))?;
        let values_req = store
            .get_all_with_key(&range)
            .map_err(|e| js_err("reading", e))?;
        let keys: Array = request(&keys_req).await?.unchecked_into();
        let values: Array = request(&values_req).await?.unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| {
                let key = k.as_string()?;
                let bytes = v.dyn_into::<Uint8Array>().ok()?.to_vec();
                Some((key, bytes))
            })
            .collect())
    }
}

/// Asks the browser to keep our data under storage pressure; the answer is only logged.
pub async fn request_persistence() -> bool {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return false;
    };
    match storage.persist() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}
