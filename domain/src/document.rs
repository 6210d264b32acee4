//! The workspace document: one company's programme as one Automerge document.
//!
//! [`WorkspaceDoc`] is the only holder of the document. It applies commands as single
//! changes carrying time and author, hydrates the typed [`Workspace`], saves and loads
//! (whole and incremental), merges other replicas and files, and reads history.

use automerge::{Automerge, ChangeHash, ROOT, transaction::CommitOptions};
use serde::Deserialize;

use crate::{
    author::AuthorName,
    command::{ChangeSummary, Command, CommandError, Finder, ListRef, execute},
    model::{SCHEMA_VERSION, Workspace},
};

/// Why a document could not be read, loaded or merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("this is not an Automerge document, or it is damaged: {0}")]
    NotAutomerge(String),
    #[error("this document is not a KAM workspace: {0}")]
    NotAWorkspace(String),
    #[error(
        "this workspace was written by a newer version of the app (layout {found}, this app knows up to {SCHEMA_VERSION}); update the app first"
    )]
    TooNew { found: u64 },
    #[error(
        "the file belongs to another workspace (“{other_name}”); import it as a new workspace instead of merging"
    )]
    OtherWorkspace { other_name: String },
    #[error("no change {0} in this workspace's history")]
    UnknownChange(String),
}

/// The relay name of a workspace id made of 32 hex digits.
pub fn sync_id_of(workspace_id: &str) -> Option<[u8; 16]> {
    if workspace_id.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(workspace_id.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// What a successful command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The new change; `None` when the command wrote nothing new (same values again).
    pub hash: Option<ChangeHash>,
    pub summary: ChangeSummary,
}

/// The message stored with every change: who, and what in plain words. Stored as one
/// JSON object, the author beside the summary's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeMessage {
    pub author: String,
    pub summary: ChangeSummary,
}

impl ChangeMessage {
    /// Reads a change's message; `None` for messages of other tools. (Two plain reads
    /// instead of serde's `flatten`, which buffers the whole message and costs ~15 KB
    /// of wasm.)
    pub fn parse(text: &str) -> Option<ChangeMessage> {
        #[derive(Deserialize)]
        struct Signed {
            author: String,
        }
        let author = serde_json::from_str::<Signed>(text).ok()?.author;
        let summary = serde_json::from_str::<ChangeSummary>(text).ok()?;
        Some(ChangeMessage { author, summary })
    }

    /// The message as stored.
    pub fn to_json(&self) -> Option<String> {
        let summary = serde_json::to_string(&self.summary).ok()?;
        let author = serde_json::to_string(&self.author).ok()?;
        // The summary is an object with at least its action, kind and label.
        let fields = summary.strip_prefix('{')?;
        Some(format!("{{\"author\":{author},{fields}"))
    }
}

/// A history read and the heads it ends at, so that the next read
/// ([`WorkspaceDoc::history_from`]) appends only what is newer. Shared, not copied, by
/// the screens that show it.
#[derive(Debug, Clone, Default)]
pub struct HistoryRead {
    heads: Vec<ChangeHash>,
    /// Oldest first.
    pub entries: std::sync::Arc<Vec<HistoryEntry>>,
}

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub hash: ChangeHash,
    /// Unix time in seconds (as Automerge stores it).
    pub time: i64,
    pub author: String,
    /// `None` for changes written by other tools (no KAM message).
    pub summary: Option<ChangeSummary>,
}

/// A count of changes a peer lacks: (its shared heads, our heads then, count).
type Unshared = (Vec<ChangeHash>, Vec<ChangeHash>, usize);

/// One company's KAM programme.
#[derive(Debug, Clone)]
pub struct WorkspaceDoc {
    doc: Automerge,
    /// What the refreshes since the last [`WorkspaceDoc::take_changed`] re-read.
    changed: crate::refresh::Changed,
    /// Items by id, so that a command or a field's question does not read a whole list
    /// (20,000 customers). Behind a cell: reading questions take `&self`.
    finder: std::cell::RefCell<Finder>,
    /// The last count of [`WorkspaceDoc::not_yet_shared`].
    unshared: std::cell::RefCell<Option<Unshared>>,
}

/// Loading that refuses damaged data (automerge otherwise skips it silently).
fn strict() -> automerge::LoadOptions<'static> {
    automerge::LoadOptions::new().on_partial_load(automerge::OnPartialLoad::Error)
}

fn commit_options(author: &AuthorName, time_ms: i64, summary: &ChangeSummary) -> CommitOptions {
    let message = ChangeMessage {
        author: author.as_str().to_string(),
        summary: summary.clone(),
    };
    // Serialising plain strings and enums cannot fail; fall back to the author alone.
    let text = message
        .to_json()
        .unwrap_or_else(|| author.as_str().to_string());
    CommitOptions::default()
        .with_message(text)
        .with_time(time_ms.div_euclid(1000))
}

impl WorkspaceDoc {
    /// Creates a new workspace with its skeleton, written once by its creator. Other
    /// devices join by loading this document; they never create the skeleton again, or
    /// concurrent creations of the same lists would lose one side's items.
    pub fn create(
        workspace_id: &str,
        name: &str,
        author: &AuthorName,
        time_ms: i64,
    ) -> Result<WorkspaceDoc, CommandError> {
        Self::create_in(Automerge::new(), workspace_id, name, author, time_ms)
    }

    /// [`create`](Self::create) with a fixed actor id, for deterministic fixtures.
    pub fn create_with_actor(
        actor: &[u8],
        workspace_id: &str,
        name: &str,
        author: &AuthorName,
        time_ms: i64,
    ) -> Result<WorkspaceDoc, CommandError> {
        let doc = Automerge::new().with_actor(automerge::ActorId::from(actor));
        Self::create_in(doc, workspace_id, name, author, time_ms)
    }

    fn create_in(
        mut doc: Automerge,
        workspace_id: &str,
        name: &str,
        author: &AuthorName,
        time_ms: i64,
    ) -> Result<WorkspaceDoc, CommandError> {
        let skeleton = Workspace::skeleton(workspace_id, name);
        crate::validate::Validate::validate(&skeleton).map_err(|invalid| {
            CommandError::Invalid {
                kind: crate::command::EntityKind::Workspace,
                invalid,
            }
        })?;
        crate::validate::required("workspace_id", workspace_id).map_err(|invalid| {
            CommandError::Invalid {
                kind: crate::command::EntityKind::Workspace,
                invalid,
            }
        })?;
        let summary = ChangeSummary::new(
            crate::command::ChangeAction::Created,
            crate::command::EntityKind::Workspace,
            skeleton.name.clone(),
        );
        doc.transact_with(
            |_| commit_options(author, time_ms, &summary),
            |tx| crate::write::into_root(tx, &skeleton),
        )
        .map_err(|f| CommandError::Document(f.error.to_string()))?;
        Ok(WorkspaceDoc {
            doc,
            changed: Default::default(),
            finder: Default::default(),
            unshared: Default::default(),
        })
    }

    /// Loads a saved document (full save or concatenated chunks) and checks that it is a
    /// workspace this app can read.
    pub fn load(bytes: &[u8]) -> Result<WorkspaceDoc, DocumentError> {
        let doc = Automerge::load(bytes).map_err(|e| DocumentError::NotAutomerge(e.to_string()))?;
        let this = WorkspaceDoc {
            doc,
            changed: Default::default(),
            finder: Default::default(),
            unshared: Default::default(),
        };
        this.check()?;
        Ok(this)
    }

    /// Whether `bytes` are whole Automerge data (a snapshot or change chunks). Automerge
    /// itself silently ignores damaged incremental data, so storage checks each chunk.
    pub fn check_chunk(bytes: &[u8]) -> Result<(), DocumentError> {
        match Automerge::load_with_options(bytes, strict()) {
            _ if bytes.is_empty() => Err(DocumentError::NotAutomerge("empty".into())),
            // A chunk of changes whose earlier changes live in other chunks is fine.
            Ok(_) | Err(automerge::AutomergeError::MissingDeps) => Ok(()),
            Err(e) => Err(DocumentError::NotAutomerge(e.to_string())),
        }
    }

    /// Loads stored chunks (a snapshot and the changes after it, in any order), reading
    /// each once: the largest (the snapshot) is loaded strictly as the base, the others
    /// are checked and added. A damaged chunk is skipped; the answer says, per chunk,
    /// whether it loaded.
    pub fn load_chunks(chunks: &[&[u8]]) -> Result<(WorkspaceDoc, Vec<bool>), DocumentError> {
        let mut order: Vec<usize> = (0..chunks.len()).collect();
        crate::order::sort_by_key(&mut order, |&i| std::cmp::Reverse(chunks[i].len()));
        let mut loaded = vec![false; chunks.len()];
        let mut doc: Option<Automerge> = None;
        for i in order {
            let bytes = chunks[i];
            loaded[i] = match doc.as_mut() {
                _ if bytes.is_empty() => false,
                None => {
                    match Automerge::load_with_options(bytes, strict()) {
                        Ok(base) => {
                            doc = Some(base);
                            true
                        }
                        // Whole, but its earlier changes are in other chunks.
                        Err(automerge::AutomergeError::MissingDeps) => {
                            let mut base = Automerge::new();
                            let ok = base.load_incremental(bytes).is_ok();
                            doc = Some(base);
                            ok
                        }
                        Err(_) => false,
                    }
                }
                Some(doc) => {
                    Self::check_chunk(bytes).is_ok() && doc.load_incremental(bytes).is_ok()
                }
            };
        }
        let doc = Self::from_automerge(doc.unwrap_or_default())?;
        Ok((doc, loaded))
    }

    /// Wraps an already loaded Automerge document after checking it.
    pub fn from_automerge(doc: Automerge) -> Result<WorkspaceDoc, DocumentError> {
        let this = WorkspaceDoc {
            doc,
            changed: Default::default(),
            finder: Default::default(),
            unshared: Default::default(),
        };
        this.check()?;
        Ok(this)
    }

    fn check(&self) -> Result<(), DocumentError> {
        let version: Option<u64> = crate::snapshot::read(&self.doc, &ROOT, "schema_version")
            .map_err(|e| DocumentError::NotAWorkspace(e.to_string()))?;
        match version {
            None => Err(DocumentError::NotAWorkspace(
                "it has no schema_version".into(),
            )),
            Some(v) if v > SCHEMA_VERSION => Err(DocumentError::TooNew { found: v }),
            // Cheap checks only: loading must stay fast; the store's full read follows.
            Some(_) => {
                let id: Option<String> = crate::snapshot::read(&self.doc, &ROOT, "workspace_id")
                    .map_err(|e| DocumentError::NotAWorkspace(e.to_string()))?;
                let name: Option<String> = crate::snapshot::read(&self.doc, &ROOT, "name")
                    .map_err(|e| DocumentError::NotAWorkspace(e.to_string()))?;
                match (id, name) {
                    (Some(_), Some(_)) => Ok(()),
                    _ => Err(DocumentError::NotAWorkspace(
                        "it has no workspace id or name".into(),
                    )),
                }
            }
        }
    }

    /// The typed workspace as the document holds it now.
    pub fn workspace(&self) -> Result<Workspace, DocumentError> {
        crate::snapshot::hydrate_workspace(&self.doc).map_err(DocumentError::NotAWorkspace)
    }

    /// The workspace read another way: automerge's own tree of the document, through
    /// JSON (three times slower). Tests compare it with `workspace`; the app never uses
    /// it.
    #[doc(hidden)]
    pub fn workspace_slow(&self) -> Result<Workspace, DocumentError> {
        let tree = automerge::ReadDoc::hydrate(&self.doc, &ROOT, None)
            .map_err(|e| DocumentError::NotAWorkspace(e.to_string()))?;
        serde_json::from_value(crate::snapshot::to_json(&tree))
            .map_err(|e| DocumentError::NotAWorkspace(e.to_string()))
    }

    /// Brings `ws` (as hydrated at `since`) up to date, re-reading only what changed.
    /// Cheap after one command; used after every command, merge and import.
    pub fn refresh(
        &mut self,
        ws: &mut Workspace,
        since: &[ChangeHash],
    ) -> Result<(), DocumentError> {
        let changed = crate::refresh::refresh(&self.doc, ws, since)?;
        self.changed.absorb(changed);
        Ok(())
    }

    /// What the refreshes of the typed workspace re-read since the last call (commands,
    /// merges, sync messages, chunks): the app notifies only the views showing it.
    pub fn take_changed(&mut self) -> crate::refresh::Changed {
        std::mem::take(&mut self.changed)
    }

    /// The Automerge document (read-only), e.g. for sync.
    pub fn automerge(&self) -> &Automerge {
        &self.doc
    }

    /// Mutable access for the sync layer, which applies received changes.
    pub fn automerge_mut(&mut self) -> &mut Automerge {
        &mut self.doc
    }

    /// The workspace id set by its creator.
    pub fn workspace_id(&self) -> Option<String> {
        crate::snapshot::read(&self.doc, &ROOT, "workspace_id")
            .ok()
            .flatten()
    }

    /// The 16 bytes that name this workspace on a relay (its automerge-repo document
    /// id): the workspace id, which the app makes as 32 hex digits.
    pub fn sync_id(&self) -> Option<[u8; 16]> {
        sync_id_of(&self.workspace_id()?)
    }

    /// The next sync message for a peer, if there is anything to say.
    pub fn sync_message(&self, state: &mut automerge::sync::State) -> Option<Vec<u8>> {
        use automerge::sync::SyncDoc;
        self.doc.generate_sync_message(state).map(|m| m.encode())
    }

    /// Applies a sync message from a peer and brings `ws` up to date from its patches.
    /// True when the document changed.
    pub fn receive_sync_into(
        &mut self,
        state: &mut automerge::sync::State,
        bytes: &[u8],
        ws: &mut Workspace,
    ) -> Result<bool, DocumentError> {
        use automerge::sync::SyncDoc;
        let message = automerge::sync::Message::decode(bytes)
            .map_err(|e| DocumentError::NotAutomerge(e.to_string()))?;
        let before = self.doc.get_heads();
        self.finder.get_mut().follow(&before);
        let mut log = automerge::PatchLog::active();
        // Several messages can come in before this side answers (it answers after the
        // views updated): the answer they are owed is kept.
        kam_protocol::answer::receive_keeping_answer(state, message, |s, m| {
            self.doc.receive_sync_message_log_patches(s, m, &mut log)
        })
        .map_err(|e| DocumentError::NotAutomerge(e.to_string()))?;
        if self.doc.get_heads() == before {
            return Ok(false);
        }
        let patches = self.patches(&mut log);
        let changed = crate::refresh::refresh_with_patches(&self.doc, ws, &patches)?;
        self.changed.absorb(changed);
        Ok(true)
    }

    /// How many changes of this document the peer of `state` is not known to have.
    /// Cheap: called after every change; nothing is encoded, and when the peer has our
    /// heads nothing is walked at all.
    pub fn not_yet_shared(&self, state: &automerge::sync::State) -> usize {
        let heads = self.doc.get_heads();
        if heads.iter().all(|h| state.shared_heads.contains(h)) {
            return 0;
        }
        let mut memo = self.unshared.borrow_mut();
        // Counted before for the same shared heads: only the changes made since are new
        // (they cannot be behind the shared heads, which this document had already).
        let count = match memo.as_ref() {
            Some((shared, at, count)) if *shared == state.shared_heads => {
                count + self.doc.get_changes_meta(at).len()
            }
            // Never shared: the whole history, walked once.
            _ => self.doc.get_changes_meta(&state.shared_heads).len(),
        };
        *memo = Some((state.shared_heads.clone(), heads, count));
        count
    }

    /// Applies a command as one change with time and author. On any error nothing is
    /// written.
    pub fn apply(
        &mut self,
        command: &Command,
        author: &AuthorName,
        time_ms: i64,
    ) -> Result<Applied, CommandError> {
        let finder = self.finder.get_mut();
        finder.follow(&self.doc.get_heads());
        let outcome = self
            .doc
            .transact_with(
                |summary: &ChangeSummary| commit_options(author, time_ms, summary),
                |tx| execute(tx, command, finder),
            )
            .map_err(|failure| {
                finder.forget();
                failure.error
            })?;
        finder.moved_to(self.doc.get_heads());
        Ok(Applied {
            hash: outcome.hash,
            summary: outcome.result,
        })
    }

    /// [`apply`](Self::apply), then brings `ws` (the store's copy, current before the
    /// command) up to date by re-reading only the item the command touched.
    pub fn apply_to(
        &mut self,
        command: &Command,
        author: &AuthorName,
        time_ms: i64,
        ws: &mut Workspace,
    ) -> Result<Applied, CommandError> {
        let applied = self.apply(command, author, time_ms)?;
        if applied.hash.is_some() {
            let refreshed = match command {
                // Re-reading item by item is quadratic for an import of thousands, and a
                // diff of it slower than reading everything once.
                Command::Batch(commands) if commands.len() > 20 => self.workspace().map(|fresh| {
                    *ws = fresh;
                    crate::refresh::Changed::everything()
                }),
                _ => {
                    crate::refresh::refresh_command(&self.doc, ws, command, &mut self.finder_now())
                }
            };
            let changed = refreshed.map_err(|e| CommandError::Document(e.to_string()))?;
            self.changed.absorb(changed);
        }
        Ok(applied)
    }

    /// [`apply_to`](Self::apply_to), and how to take the change back later
    /// ([`undo`](Self::undo)).
    pub fn apply_undoable(
        &mut self,
        command: &Command,
        author: &AuthorName,
        time_ms: i64,
        ws: &mut Workspace,
    ) -> Result<(Applied, crate::undo::UndoStep), CommandError> {
        let before = crate::undo::before(command, &self.doc, &mut self.finder_now());
        let applied = self.apply_to(command, author, time_ms, ws)?;
        let step = crate::undo::after(
            before,
            applied.summary.clone(),
            &self.doc,
            &mut self.finder_now(),
        );
        Ok((applied, step))
    }

    /// Takes back a change made on this device as a new change (signed by `author`),
    /// if nobody changed what it wrote since; returns the step that redoes it.
    pub fn undo(
        &mut self,
        step: &crate::undo::UndoStep,
        author: &AuthorName,
        time_ms: i64,
        ws: &mut Workspace,
    ) -> Result<(Applied, crate::undo::UndoStep), crate::undo::UndoRefusal> {
        let command = crate::undo::check(step, &self.doc, &mut self.finder_now())?;
        self.apply_undoable(&command, author, time_ms, ws)
            .map_err(|e| crate::undo::UndoRefusal::Refused(e.to_string()))
    }

    /// Merges another replica and brings `ws` up to date from the merge's own patches.
    pub fn merge_into(
        &mut self,
        other: &mut WorkspaceDoc,
        ws: &mut Workspace,
    ) -> Result<(), DocumentError> {
        self.check_same_workspace(other)?;
        self.finder.get_mut().follow(&self.doc.get_heads());
        let mut log = automerge::PatchLog::active();
        self.doc
            .merge_and_log_patches(&mut other.doc, &mut log)
            .map_err(|e| DocumentError::NotAutomerge(e.to_string()))?;
        let patches = self.patches(&mut log);
        let changed = crate::refresh::refresh_with_patches(&self.doc, ws, &patches)?;
        self.changed.absorb(changed);
        Ok(())
    }

    /// Adds a chunk of changes (another tab, storage, the relay) and brings `ws` up to date.
    pub fn load_incremental_into(
        &mut self,
        bytes: &[u8],
        ws: &mut Workspace,
    ) -> Result<usize, DocumentError> {
        self.finder.get_mut().follow(&self.doc.get_heads());
        let mut log = automerge::PatchLog::active();
        let n = self
            .doc
            .load_incremental_log_patches(bytes, &mut log)
            .map_err(|e| DocumentError::NotAutomerge(e.to_string()))?;
        let patches = self.patches(&mut log);
        let changed = crate::refresh::refresh_with_patches(&self.doc, ws, &patches)?;
        self.changed.absorb(changed);
        Ok(n)
    }

    /// The patches of a change from elsewhere; the index of items follows them.
    fn patches(&mut self, log: &mut automerge::PatchLog) -> Vec<automerge::Patch> {
        let patches = self.doc.make_patches(log);
        let heads = self.doc.get_heads();
        self.finder.get_mut().absorb(&self.doc, &patches, heads);
        patches
    }

    /// The current heads (identifies this exact version).
    pub fn heads(&self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// The whole document, compacted.
    pub fn save(&self) -> Vec<u8> {
        self.doc.save()
    }

    /// The changes since `heads`, as a chunk that [`load`](Self::load) accepts appended
    /// to a snapshot.
    pub fn save_after(&self, heads: &[ChangeHash]) -> Vec<u8> {
        self.doc.save_after(heads)
    }

    /// Adds a chunk of changes (from storage or another tab).
    pub fn load_incremental(&mut self, bytes: &[u8]) -> Result<usize, DocumentError> {
        self.doc
            .load_incremental(bytes)
            .map_err(|e| DocumentError::NotAutomerge(e.to_string()))
    }

    /// Merges another replica of the same workspace.
    pub fn merge(&mut self, other: &mut WorkspaceDoc) -> Result<(), DocumentError> {
        self.check_same_workspace(other)?;
        self.doc
            .merge(&mut other.doc)
            .map(|_| ())
            .map_err(|e| DocumentError::NotAutomerge(e.to_string()))
    }

    /// Merges a `.automerge` file of the same workspace (another manager's offline work).
    pub fn merge_file(&mut self, bytes: &[u8]) -> Result<(), DocumentError> {
        let mut other = WorkspaceDoc::load(bytes)?;
        self.merge(&mut other)
    }

    fn check_same_workspace(&self, other: &WorkspaceDoc) -> Result<(), DocumentError> {
        if self.workspace_id() == other.workspace_id() {
            Ok(())
        } else {
            let other_name = other.workspace().map(|w| w.name).unwrap_or_default();
            Err(DocumentError::OtherWorkspace { other_name })
        }
    }

    /// A copy that can diverge (another device, a test replica). New actor id.
    pub fn fork(&self) -> WorkspaceDoc {
        WorkspaceDoc {
            doc: self.doc.fork(),
            changed: Default::default(),
            finder: Default::default(),
            unshared: Default::default(),
        }
    }

    /// Uses a fixed actor id (deterministic fixtures); devices keep their random one.
    pub fn set_actor(&mut self, actor: &[u8]) {
        self.doc.set_actor(automerge::ActorId::from(actor));
    }

    /// All changes, oldest first: when, who, what.
    pub fn history(&self) -> Vec<HistoryEntry> {
        self.history_after(&[]).unwrap_or_default()
    }

    /// The changes after those `known` includes (the heads of a history read before),
    /// oldest first: appended to that history they give [`WorkspaceDoc::history`], so a
    /// screen that shows the history reads only what is new on each change instead of
    /// every change again. `None` when a known head is not in this document (another
    /// document, or one started anew): read the whole history then.
    pub fn history_after(&self, known: &[ChangeHash]) -> Option<Vec<HistoryEntry>> {
        if known
            .iter()
            .any(|h| self.doc.get_change_meta_by_hash(h).is_none())
        {
            return None;
        }
        Some(
            self.doc
                .get_changes_meta(known)
                .into_iter()
                .map(|meta| {
                    let parsed = meta.message.as_deref().and_then(ChangeMessage::parse);
                    HistoryEntry {
                        hash: meta.hash,
                        time: meta.timestamp,
                        author: parsed
                            .as_ref()
                            .map(|m| m.author.clone())
                            .unwrap_or_default(),
                        summary: parsed.map(|m| m.summary),
                    }
                })
                .collect(),
        )
    }

    /// The history now, built on `before` (an earlier read, or none): only the changes
    /// after its heads are read when it is a read of this document, else all of them.
    pub fn history_from(&self, before: Option<&HistoryRead>) -> HistoryRead {
        let heads = self.heads();
        let entries = match before {
            Some(read) if read.heads == heads => read.entries.clone(),
            Some(read) => match self.history_after(&read.heads) {
                Some(after) if after.is_empty() => read.entries.clone(),
                Some(after) => {
                    let mut all = Vec::with_capacity(read.entries.len() + after.len());
                    all.extend_from_slice(&read.entries);
                    all.extend(after);
                    std::sync::Arc::new(all)
                }
                None => std::sync::Arc::new(self.history()),
            },
            None => std::sync::Arc::new(self.history()),
        };
        HistoryRead { heads, entries }
    }

    /// The workspace as it was right after the given change (read-only view).
    pub fn workspace_at(&self, hash: &ChangeHash) -> Result<Workspace, DocumentError> {
        let past = self
            .doc
            .fork_at(&[*hash])
            .map_err(|_| DocumentError::UnknownChange(hash.to_string()))?;
        crate::snapshot::hydrate_workspace(&past).map_err(DocumentError::NotAWorkspace)
    }

    /// What was added, removed or changed between two points in time (the heads after
    /// the changes each includes).
    pub fn differences(
        &self,
        from: &[ChangeHash],
        to: &[ChangeHash],
    ) -> Result<Vec<crate::history::Differing>, DocumentError> {
        let tree = |heads: &[ChangeHash]| {
            automerge::ReadDoc::hydrate(&self.doc, &automerge::ROOT, Some(heads))
                .map(|v| crate::snapshot::to_json(&v))
                .map_err(|_| DocumentError::UnknownChange(format!("{heads:?}")))
        };
        Ok(crate::history::diff(&tree(from)?, &tree(to)?))
    }

    /// The workspace as it was at the given heads (hex, as a review stores them).
    pub fn workspace_at_heads(&self, heads: &[String]) -> Result<Workspace, DocumentError> {
        let hashes = heads
            .iter()
            .map(|h| {
                h.parse::<ChangeHash>()
                    .map_err(|_| DocumentError::UnknownChange(h.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let past = self
            .doc
            .fork_at(&hashes)
            .map_err(|_| DocumentError::UnknownChange(heads.join(",")))?;
        crate::snapshot::hydrate_workspace(&past).map_err(DocumentError::NotAWorkspace)
    }

    /// Every distinct value of a field with who wrote it and when; more than one after
    /// a concurrent change of it (the first is the one shown).
    pub fn versions(
        &self,
        at: &crate::versions::FieldAt,
        field: &str,
    ) -> Vec<crate::versions::FieldVersion> {
        crate::versions::versions(&self.doc, at, field, &mut self.finder_now())
    }

    /// All values a field of an item holds now; more than one after concurrent edits
    /// of the same field (the first is the one shown).
    pub fn field_values(&self, list: &ListRef, id: &str, field: &str) -> Vec<String> {
        crate::command::field_values(&self.doc, list, id, field, &mut self.finder_now())
    }

    /// The fields of one part of the workspace that hold more than one value (see
    /// [`crate::versions::conflicted_fields`]).
    pub fn conflicted_fields(
        &self,
        list: &str,
        id: &str,
        scope: crate::versions::ConflictScope,
    ) -> std::collections::HashSet<String> {
        crate::versions::conflicted_fields(&self.doc, list, id, scope, &mut self.finder_now())
    }

    /// Prepares finding customers by id and number from `ws`, the model of this document
    /// (read from it, or cached with exactly its chunks), so that the first edit does
    /// not read the whole list. Whether `ws` lines up with the document (its customers
    /// counted and sampled): a model that does not is not this document's.
    pub fn index_model(&mut self, ws: &Workspace) -> bool {
        let heads = self.doc.get_heads();
        let finder = self.finder.get_mut();
        finder.follow(&heads);
        finder.seed_customers(&self.doc, &ws.customers)
    }

    /// The index of items by id, kept if the document is still where it was made.
    fn finder_now(&self) -> std::cell::RefMut<'_, Finder> {
        let mut finder = self.finder.borrow_mut();
        finder.follow(&self.doc.get_heads());
        finder
    }

    /// All values a field of the workspace itself holds (e.g. the criteria threshold).
    pub fn workspace_field_values(&self, field: &str) -> Vec<String> {
        crate::command::all_values(&self.doc, &ROOT, field)
    }

    /// All values a field of the rollout programme holds (start date, duration, sponsor).
    pub fn programme_field_values(&self, field: &str) -> Vec<String> {
        match automerge::ReadDoc::get(&self.doc, ROOT, "programme") {
            Ok(Some((automerge::Value::Object(_), obj))) => {
                crate::command::all_values(&self.doc, &obj, field)
            }
            _ => Vec::new(),
        }
    }

    /// The workspace as readable JSON (documented in `docs/json-export.md`).
    pub fn to_json(&self) -> Result<String, DocumentError> {
        let ws = self.workspace()?;
        serde_json::to_string_pretty(&ws).map_err(|e| DocumentError::NotAWorkspace(e.to_string()))
    }
}
