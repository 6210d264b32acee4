//! Where documents are kept: a [`ChunkStore`] holds named chunks per document (files in
//! the layout of automerge-repo's NodeFS storage adapter by default, see [`FileStore`]),
//! and a [`DocStore`] decides per document what to write: one incremental chunk per
//! batch of changes, and a new snapshot when the chunks outgrow the old one.
//!
//! The order of writes is what makes a crash harmless: a new snapshot is complete before
//! the chunks it replaces are deleted, and loading reads every chunk (Automerge ignores
//! what it already has). A failed write leaves nothing half-written behind, and the
//! caller is told, so it never acknowledges what is not stored.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    sync::Arc,
};

use automerge::{Automerge, ChangeHash};
use kam_protocol::DocumentId;

/// Which folder of a document a chunk lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkKind {
    Snapshot,
    Incremental,
}

impl ChunkKind {
    fn folder(self) -> &'static str {
        match self {
            ChunkKind::Snapshot => "snapshot",
            ChunkKind::Incremental => "incremental",
        }
    }
}

/// One stored chunk of a document.
pub struct Chunk {
    pub kind: ChunkKind,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Named chunks per document. Implementations block (call them off the async runtime);
/// `put` either stores the whole chunk or fails and leaves nothing behind.
pub trait ChunkStore: Send + Sync {
    /// Every chunk of the document (empty when there is none). A chunk that cannot be
    /// read is skipped with a warning by the implementation.
    fn load(&self, id: &DocumentId) -> std::io::Result<Vec<Chunk>>;
    /// Stores one chunk completely, or fails.
    fn put(&self, id: &DocumentId, chunk: &Chunk) -> std::io::Result<()>;
    /// Removes chunks (missing ones are not an error).
    fn delete(&self, id: &DocumentId, chunks: &[(ChunkKind, String)]) -> std::io::Result<()>;
}

/// Documents as files: `<root>/<first two characters of the id>/<rest>/{snapshot,
/// incremental}/<name>`, so a stock JavaScript sync server could open the same folder.
pub struct FileStore {
    root: PathBuf,
    tmp: PathBuf,
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

impl FileStore {
    /// A store under `root`. Temporary files a previous run left behind (it stopped
    /// during a write) are removed: one relay process owns a data folder.
    pub fn new(root: &Path) -> FileStore {
        let tmp = root.join(".tmp");
        for leftover in files_in(&tmp) {
            match fs::remove_file(&leftover) {
                Ok(()) => tracing::info!("removed unfinished write {}", leftover.display()),
                Err(e) => tracing::warn!("could not remove {}: {e}", leftover.display()),
            }
        }
        FileStore {
            root: root.to_path_buf(),
            tmp,
        }
    }

    fn dir(&self, id: &DocumentId) -> PathBuf {
        let name = id.to_string();
        let (head, rest) = name.split_at(2.min(name.len()));
        self.root.join(head).join(rest)
    }
}

impl ChunkStore for FileStore {
    fn load(&self, id: &DocumentId) -> std::io::Result<Vec<Chunk>> {
        let dir = self.dir(id);
        let mut chunks = Vec::new();
        for kind in [ChunkKind::Snapshot, ChunkKind::Incremental] {
            for path in files_in(&dir.join(kind.folder())) {
                match fs::read(&path) {
                    Ok(bytes) => chunks.push(Chunk {
                        kind,
                        name: path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        bytes,
                    }),
                    Err(e) => tracing::warn!("skipping unreadable chunk {}: {e}", path.display()),
                }
            }
        }
        Ok(chunks)
    }

    fn put(&self, id: &DocumentId, chunk: &Chunk) -> std::io::Result<()> {
        let Chunk { kind, name, bytes } = chunk;
        fs::create_dir_all(&self.tmp)?;
        let target_dir = self.dir(id).join(kind.folder());
        fs::create_dir_all(&target_dir)?;
        let tmp = self.tmp.join(format!(
            "{}-{id}-{}-{name}",
            std::process::id(),
            kind.folder()
        ));
        let written = (|| {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            fs::rename(&tmp, target_dir.join(name))
        })();
        if written.is_err() {
            // Disk full or similar: nothing half-written stays behind.
            let _ = fs::remove_file(&tmp);
        }
        written
    }

    fn delete(&self, id: &DocumentId, chunks: &[(ChunkKind, String)]) -> std::io::Result<()> {
        let dir = self.dir(id);
        for (kind, name) in chunks {
            match fs::remove_file(dir.join(kind.folder()).join(name)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Why a document could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the document would take {size} bytes, more than the relay's quota of {quota}")]
    Quota { size: u64, quota: u64 },
}

/// One document's chunks: what is on disk, and what to write next.
pub struct DocStore {
    id: DocumentId,
    chunks: Arc<dyn ChunkStore>,
    /// Most bytes one document may take in storage (`None`: no limit).
    quota: Option<u64>,
    snapshot_bytes: u64,
    incremental_bytes: u64,
    /// The chunks on disk, so compaction knows what it replaces.
    stored: Vec<(ChunkKind, String)>,
    /// The heads already stored; the next chunk holds what came after them.
    saved: Vec<ChangeHash>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stable, file-safe name for a set of heads.
fn heads_name(heads: &[ChangeHash]) -> String {
    let mut sorted: Vec<&ChangeHash> = heads.iter().collect();
    sorted.sort();
    // The first 16 hex digits of each head are unique enough within one document.
    sorted
        .iter()
        .map(|h| hex(&h.0[..8]))
        .collect::<Vec<_>>()
        .join("")
        .chars()
        .take(64)
        .collect()
}

impl DocStore {
    pub fn new(chunks: Arc<dyn ChunkStore>, id: DocumentId, quota: Option<u64>) -> DocStore {
        DocStore {
            id,
            chunks,
            quota,
            snapshot_bytes: 0,
            incremental_bytes: 0,
            stored: Vec::new(),
            saved: Vec::new(),
        }
    }

    /// Loads every chunk of the document; `None` if there is none. Damaged chunks are
    /// skipped with a warning (the rest still loads).
    pub fn load(&mut self) -> std::io::Result<Option<Automerge>> {
        let chunks = self.chunks.load(&self.id)?;
        self.snapshot_bytes = 0;
        self.incremental_bytes = 0;
        self.stored.clear();
        self.saved.clear();
        if chunks.is_empty() {
            return Ok(None);
        }
        let mut doc = Automerge::new();
        for chunk in chunks {
            match doc.load_incremental(&chunk.bytes) {
                Ok(_) => {
                    match chunk.kind {
                        ChunkKind::Snapshot => self.snapshot_bytes += chunk.bytes.len() as u64,
                        ChunkKind::Incremental => {
                            self.incremental_bytes += chunk.bytes.len() as u64
                        }
                    }
                    self.stored.push((chunk.kind, chunk.name));
                }
                Err(e) => tracing::warn!(
                    "document {}: skipping damaged chunk {}: {e}",
                    self.id,
                    chunk.name
                ),
            }
        }
        self.saved = doc.get_heads();
        Ok(Some(doc))
    }

    /// Bytes the document takes in storage now.
    pub fn stored_bytes(&self) -> u64 {
        self.snapshot_bytes + self.incremental_bytes
    }

    fn check_quota(&self, size: u64) -> Result<(), StoreError> {
        match self.quota {
            Some(quota) if size > quota => Err(StoreError::Quota { size, quota }),
            _ => Ok(()),
        }
    }

    /// Writes what changed since the last save; compacts when the chunks have grown
    /// larger than the snapshot. On an error nothing counts as saved.
    pub fn save(&mut self, doc: &Automerge) -> Result<(), StoreError> {
        let heads = doc.get_heads();
        if heads == self.saved {
            return Ok(());
        }
        let chunk = doc.save_after(&self.saved);
        if chunk.is_empty() {
            self.saved = heads;
            return Ok(());
        }
        if self.incremental_bytes + chunk.len() as u64 > self.snapshot_bytes.max(1024) {
            return self.compact(doc);
        }
        self.check_quota(self.stored_bytes() + chunk.len() as u64)?;
        let stored = Chunk {
            kind: ChunkKind::Incremental,
            name: heads_name(&heads),
            bytes: chunk,
        };
        self.chunks.put(&self.id, &stored)?;
        self.incremental_bytes += stored.bytes.len() as u64;
        self.stored.push((stored.kind, stored.name));
        self.saved = heads;
        Ok(())
    }

    /// One snapshot instead of many chunks; the new snapshot is in place before the
    /// old chunks go.
    pub fn compact(&mut self, doc: &Automerge) -> Result<(), StoreError> {
        let heads = doc.get_heads();
        let snapshot = Chunk {
            kind: ChunkKind::Snapshot,
            name: heads_name(&heads),
            bytes: doc.save(),
        };
        let size = snapshot.bytes.len() as u64;
        self.check_quota(size)?;
        self.chunks.put(&self.id, &snapshot)?;
        let name = snapshot.name;
        let old: Vec<(ChunkKind, String)> = std::mem::take(&mut self.stored)
            .into_iter()
            .filter(|c| *c != (ChunkKind::Snapshot, name.clone()))
            .collect();
        if let Err(e) = self.chunks.delete(&self.id, &old) {
            // The snapshot holds everything; leftover chunks only cost space.
            tracing::warn!("document {}: could not remove old chunks: {e}", self.id);
        }
        self.stored = vec![(ChunkKind::Snapshot, name)];
        self.snapshot_bytes = size;
        self.incremental_bytes = 0;
        self.saved = heads;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{ReadDoc, transaction::Transactable};

    fn edit(doc: &mut Automerge, key: &str, value: i64) {
        let mut tx = doc.transaction();
        tx.put(automerge::ROOT, key, value).expect("put");
        tx.commit();
    }

    #[test]
    fn chunks_and_snapshots_load_back_in_the_nodefs_layout() {
        let root = tempfile::tempdir().expect("tmp");
        let id = DocumentId::from_bytes([5; 16]);
        let files: Arc<dyn ChunkStore> = Arc::new(FileStore::new(root.path()));
        let mut store = DocStore::new(files.clone(), id, None);
        assert!(store.load().expect("load").is_none());
        let mut doc = Automerge::new();
        for i in 0..200 {
            edit(&mut doc, &format!("k{}", i % 7), i);
            store.save(&doc).expect("save");
        }
        let name = id.to_string();
        let dir = root.path().join(&name[..2]).join(&name[2..]);
        assert!(dir.join("snapshot").is_dir(), "compacted at least once");
        let count =
            files_in(&dir.join("snapshot")).len() + files_in(&dir.join("incremental")).len();
        assert!(
            count < 20,
            "{count} files after 200 saves: compaction keeps it small"
        );
        let mut again = DocStore::new(files, id, None);
        let loaded = again.load().expect("load").expect("loads");
        assert_eq!(loaded.get_heads(), doc.get_heads());
        assert_eq!(
            loaded
                .get(automerge::ROOT, "k3")
                .expect("get")
                .map(|(v, _)| v.to_string()),
            doc.get(automerge::ROOT, "k3")
                .expect("get")
                .map(|(v, _)| v.to_string())
        );
    }

    #[test]
    fn a_damaged_chunk_is_skipped_and_the_rest_loads() {
        let root = tempfile::tempdir().expect("tmp");
        let id = DocumentId::from_bytes([6; 16]);
        let files: Arc<dyn ChunkStore> = Arc::new(FileStore::new(root.path()));
        let mut store = DocStore::new(files.clone(), id, None);
        let mut doc = Automerge::new();
        edit(&mut doc, "a", 1);
        store.compact(&doc).expect("snapshot");
        let name = id.to_string();
        let inc = root
            .path()
            .join(&name[..2])
            .join(&name[2..])
            .join("incremental");
        fs::create_dir_all(&inc).expect("dir");
        fs::write(inc.join("garbage"), b"not automerge").expect("write");
        let loaded = DocStore::new(files, id, None)
            .load()
            .expect("load")
            .expect("loads");
        assert_eq!(loaded.get_heads(), doc.get_heads());
    }

    #[test]
    fn leftover_temporary_files_are_removed_at_start() {
        let root = tempfile::tempdir().expect("tmp");
        fs::create_dir_all(root.path().join(".tmp")).expect("dir");
        fs::write(root.path().join(".tmp").join("123-x-snapshot-y"), b"half").expect("w");
        let _store = FileStore::new(root.path());
        assert!(files_in(&root.path().join(".tmp")).is_empty());
    }

    #[test]
    fn the_quota_refuses_a_document_that_grows_too_large() {
        let root = tempfile::tempdir().expect("tmp");
        let id = DocumentId::from_bytes([7; 16]);
        let files: Arc<dyn ChunkStore> = Arc::new(FileStore::new(root.path()));
        let mut store = DocStore::new(files, id, Some(2_000));
        let mut doc = Automerge::new();
        let mut refused = None;
        for i in 0..500 {
            let mut tx = doc.transaction();
            tx.put(automerge::ROOT, format!("key-{i}"), "x".repeat(50))
                .expect("put");
            tx.commit();
            if let Err(e) = store.save(&doc) {
                refused = Some(e);
                break;
            }
        }
        assert!(
            matches!(refused, Some(StoreError::Quota { quota: 2_000, .. })),
            "{refused:?}"
        );
        assert!(store.stored_bytes() <= 2_000);
    }
}
