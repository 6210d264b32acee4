//! The model cached beside the stored chunks (the domain's `model_cache` says when it is
//! current): written a moment after the changes stop, so that typing never waits for
//! it, and read at the start.

use kam_domain::model_cache::ModelCache;
use leptos::prelude::*;

use super::{WorkspaceStore, idb::ChunkDb, sleep_ms};

/// Quiet time after the last stored change before the model is cached: encoding the
/// model of 20,000 customers is a task of its own, not one per keystroke.
const QUIET_MS: i32 = 2_000;

/// Where a workspace's model is kept: outside the `{id}/` prefix of its chunks, so that
/// loading the chunks never reads it.
pub(super) fn key(id: &str) -> String {
    format!("model/{id}")
}

/// The cached model of workspace `id`, if one is stored and readable.
pub(super) async fn read(db: &ChunkDb, id: &str) -> Option<ModelCache> {
    let key = key(id);
    // Unreadable storage here only costs the quick start: the chunks are read anyway.
    let found = db.with_prefix(&key).await.ok()?;
    let (_, bytes) = found.into_iter().find(|(k, _)| *k == key)?;
    super::timed("read-cache", || ModelCache::decode(&bytes))
}

impl WorkspaceStore {
    /// Caches the model once changes have been stored and then nothing changed for a
    /// while. Only a model that is exactly what the stored chunks hold is written.
    pub(super) fn cache_model_later(self) {
        let request = self.caching.get_value() + 1;
        self.caching.set_value(request);
        leptos::task::spawn_local(async move {
            sleep_ms(QUIET_MS).await;
            // A store gone meanwhile (its owner disposed) has nothing to cache.
            if self.caching.try_get_value() != Some(request) {
                return;
            }
            let (Some(db), Some(id)) = (self.db(), self.current.get_untracked()) else {
                return;
            };
            let idle = self.persisted.with_value(|p| !p.writing && !p.dirty);
            if !idle || self.unsaved() || self.pending.with_value(Option::is_some) {
                // A write is under way or due: it asks again when it is done.
                return;
            }
            let keys = self.persisted.with_value(|p| p.keys.clone());
            // While an earlier state is shown, the current model is kept aside.
            let bytes = if self.as_of.with_untracked(Option::is_some) {
                self.live
                    .with_value(|ws| ws.as_ref().map(|ws| ModelCache::encode(&keys, ws)))
            } else {
                self.workspace
                    .with_untracked(|ws| ws.as_ref().map(|ws| ModelCache::encode(&keys, ws)))
            };
            let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
                return;
            };
            // A failed write leaves the previous cache, which no longer matches the
            // chunks: the next start just loads the document.
            let _ = db.put(&key(&id), &bytes).await;
        });
    }
}
