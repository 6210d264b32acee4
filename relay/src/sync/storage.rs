//! Documents on disk in the layout of automerge-repo's NodeFS storage adapter, so that a
//! stock JavaScript sync server could open the same directory (and the other way round):
//! `<dir>/<first two characters of the id>/<rest of the id>/{snapshot,incremental}/<name>`.
//!
//! A batch of changes is appended as one incremental chunk. When the chunks outgrow the
//! snapshot, a new snapshot is written (to a temporary file outside the document's
//! folder, then renamed in) before the old chunks are deleted, so a crash in between
//! loses nothing: loading reads every chunk and Automerge ignores what it already has.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use automerge::{Automerge, ChangeHash};
use kam_protocol::DocumentId;

/// Where one document's chunks live.
pub struct DocStore {
    dir: PathBuf,
    tmp: PathBuf,
    snapshot_bytes: u64,
    incremental_bytes: u64,
    /// The heads already on disk; the next chunk holds what came after them.
    saved: Vec<ChangeHash>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stable, file-safe name for a set of heads.
fn heads_name(heads: &[ChangeHash]) -> String {
    let mut sorted: Vec<&ChangeHash> = heads.iter().collect();
    sorted.sort();
    // The first 32 hex digits of each head are unique enough within one document.
    sorted
        .iter()
        .map(|h| hex(&h.0[..8]))
        .collect::<Vec<_>>()
        .join("")
        .chars()
        .take(64)
        .collect()
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

impl DocStore {
    pub fn new(root: &Path, id: &DocumentId) -> DocStore {
        let name = id.to_string();
        let (head, rest) = name.split_at(2.min(name.len()));
        DocStore {
            dir: root.join(head).join(rest),
            tmp: root.join(".tmp"),
            snapshot_bytes: 0,
            incremental_bytes: 0,
            saved: Vec::new(),
        }
    }

    /// Loads every chunk of the document; `None` if there is none. Damaged chunks are
    /// skipped with a warning (the rest still loads).
    pub fn load(&mut self) -> Option<Automerge> {
        let snapshots = files_in(&self.dir.join("snapshot"));
        let incrementals = files_in(&self.dir.join("incremental"));
        if snapshots.is_empty() && incrementals.is_empty() {
            return None;
        }
        let mut doc = Automerge::new();
        for (path, is_snapshot) in snapshots
            .iter()
            .map(|p| (p, true))
            .chain(incrementals.iter().map(|p| (p, false)))
        {
            let bytes = match fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    tracing::warn!("skipping unreadable chunk {}: {e}", path.display());
                    continue;
                }
            };
            match doc.load_incremental(&bytes) {
                Ok(_) => {
                    if is_snapshot {
                        self.snapshot_bytes += bytes.len() as u64;
                    } else {
                        self.incremental_bytes += bytes.len() as u64;
                    }
                }
                Err(e) => tracing::warn!("skipping damaged chunk {}: {e}", path.display()),
            }
        }
        self.saved = doc.get_heads();
        Some(doc)
    }

    fn write_atomically(&self, folder: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        fs::create_dir_all(&self.tmp)?;
        let target_dir = self.dir.join(folder);
        fs::create_dir_all(&target_dir)?;
        let tmp = self
            .tmp
            .join(format!("{}-{folder}-{name}", std::process::id()));
        {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        fs::rename(&tmp, target_dir.join(name))
    }

    /// Writes what changed since the last save; compacts when the chunks have grown
    /// larger than the snapshot.
    pub fn save(&mut self, doc: &Automerge) -> std::io::Result<()> {
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
        self.write_atomically("incremental", &heads_name(&heads), &chunk)?;
        self.incremental_bytes += chunk.len() as u64;
        self.saved = heads;
        Ok(())
    }

    /// One snapshot instead of many chunks; the new snapshot is in place before the
    /// old files go.
    pub fn compact(&mut self, doc: &Automerge) -> std::io::Result<()> {
        let heads = doc.get_heads();
        let name = heads_name(&heads);
        let old: Vec<PathBuf> = files_in(&self.dir.join("snapshot"))
            .into_iter()
            .chain(files_in(&self.dir.join("incremental")))
            .filter(|p| !(p.ends_with(Path::new("snapshot").join(&name))))
            .collect();
        let bytes = doc.save();
        self.write_atomically("snapshot", &name, &bytes)?;
        for path in old {
            if let Err(e) = fs::remove_file(&path) {
                tracing::warn!("could not remove old chunk {}: {e}", path.display());
            }
        }
        self.snapshot_bytes = bytes.len() as u64;
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
        let mut store = DocStore::new(root.path(), &id);
        assert!(store.load().is_none());
        let mut doc = Automerge::new();
        for i in 0..200 {
            edit(&mut doc, &format!("k{}", i % 7), i);
            store.save(&doc).expect("save");
        }
        let name = id.to_string();
        let dir = root.path().join(&name[..2]).join(&name[2..]);
        assert!(dir.join("snapshot").is_dir(), "compacted at least once");
        let files =
            files_in(&dir.join("snapshot")).len() + files_in(&dir.join("incremental")).len();
        assert!(
            files < 20,
            "{files} files after 200 saves: compaction keeps it small"
        );
        let mut again = DocStore::new(root.path(), &id);
        let loaded = again.load().expect("loads");
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
        let mut store = DocStore::new(root.path(), &id);
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
        let loaded = DocStore::new(root.path(), &id).load().expect("loads");
        assert_eq!(loaded.get_heads(), doc.get_heads());
    }
}
