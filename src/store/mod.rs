//! The workspace store: the one holder of the open document, its hydrated model, and
//! their persistence.
//!
//! Data flows one way: a view sends a [`Command`] → the document applies it as one
//! change with time and author → the model is refreshed (only what changed) → views
//! re-render. The change is then written to IndexedDB as an incremental chunk and sent
//! to other tabs. Changes from other tabs and imported files enter at the document and
//! take the same way out.

mod cache;
pub mod idb;
pub mod registry;

use crate::error::AppError;
use kam_domain::{
    author::AuthorName,
    command::{ChangeSummary, Command, CommandError, WorkspaceField},
    document::{DocumentError, HistoryEntry, WorkspaceDoc},
    model::Workspace,
    undo::{UndoRefusal, UndoStep},
    versions::ConflictScope,
};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};

use self::{idb::ChunkDb, registry::WorkspaceEntry};

/// Something the user must know about the stored data; shown until dismissed or fixed.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreProblem {
    /// The browser refused a write: the change is only in memory.
    StorageFailed(String),
    /// Damaged chunks were skipped while loading; the rest loaded.
    ChunksSkipped(usize),
    /// A file could not be imported; nothing was changed.
    ImportFailed(DocumentError),
    /// A file of a workspace that exists here already was imported "as new".
    AlreadyHere(String),
}

/// A part of the workspace a view can watch on its own: it is notified only when that
/// part was re-read (a command, another tab, the relay, a file), not on every change.
/// This is what keeps a field someone is typing in, and every row that did not change,
/// as it is while others edit elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    /// The workspace's own fields (name, threshold, ABC limits).
    Root,
    /// The rollout programme: charter, plan, strategy, as-is analysis…
    Programme,
    /// Membership and order of a top-level list (`customers`, `key_accounts`…).
    List(&'static str),
    /// One item of a top-level list with everything in it (a key account's plan).
    Item(&'static str, String),
    /// A top-level list and any of its items (the people for a choice of owner).
    Items(&'static str),
}

/// What was persisted of the open document.
#[derive(Debug, Default)]
struct Persisted {
    /// Heads written to IndexedDB (everything up to them is stored).
    heads: Vec<automerge::ChangeHash>,
    /// Keys this tab knows to hold the document (loaded or written).
    keys: Vec<String>,
    snapshot_bytes: usize,
    incremental_bytes: usize,
    /// A write is under way; later changes wait for it and go in the next chunk.
    writing: bool,
    /// Changes arrived while writing.
    dirty: bool,
}

impl Persisted {
    /// A stored chunk this tab's document holds now (its compaction replaces it).
    fn holds(&mut self, key: String, len: usize) {
        if key.contains("/snapshot/") {
            self.snapshot_bytes += len;
        } else {
            self.incremental_bytes += len;
        }
        self.keys.push(key);
    }
}

/// A document loaded from its chunks, not yet the open one.
struct Loaded {
    doc: WorkspaceDoc,
    persisted: Persisted,
    /// Damaged chunks left out.
    skipped: usize,
}

/// How far a document is loaded whose cached model shows already.
enum Pending {
    Chunks(Vec<(String, Vec<u8>)>),
    Loaded(Box<Loaded>),
}

struct PendingLoad {
    id: String,
    stage: Pending,
}

/// Loads stored chunks; one damaged chunk must not cost the rest, each is read once.
fn load_chunks(chunks: &[(String, Vec<u8>)]) -> Result<Loaded, DocumentError> {
    let bytes: Vec<&[u8]> = chunks.iter().map(|(_, b)| b.as_slice()).collect();
    let (doc, loaded) = timed("load-document", || WorkspaceDoc::load_chunks(&bytes))?;
    let mut persisted = Persisted::default();
    let mut skipped = 0;
    for ((key, bytes), ok) in chunks.iter().zip(loaded) {
        if !ok {
            skipped += 1;
            continue;
        }
        persisted.holds(key.clone(), bytes.len());
    }
    Ok(Loaded {
        doc,
        persisted,
        skipped,
    })
}

/// `<html data-loading-document>` while a cached model shows before its document has
/// loaded: for tests, which must see that an edit was made in that moment.
fn set_loading_document(loading: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        // Only a test hook.
        let _ = if loading {
            root.set_attribute("data-loading-document", "true")
        } else {
            root.remove_attribute("data-loading-document")
        };
    }
}

/// An earlier point in time the app shows instead of now.
#[derive(Clone, Debug, PartialEq)]
pub struct AsOf {
    /// The last change included.
    pub hash: automerge::ChangeHash,
    /// Unix seconds of that change.
    pub time: i64,
    /// That change in words, in both languages' source form.
    pub summary: Option<kam_domain::command::ChangeSummary>,
}

/// Handle to the store; cheap to copy, provided as context.
#[derive(Clone, Copy)]
pub struct WorkspaceStore {
    doc: StoredValue<Option<WorkspaceDoc>, LocalStorage>,
    persisted: StoredValue<Persisted, LocalStorage>,
    db: StoredValue<Option<ChunkDb>, LocalStorage>,
    /// Counts calls of [`WorkspaceStore::open`]: a slower earlier one gives way.
    opening: StoredValue<u64, LocalStorage>,
    /// The document still loading while its cached model shows.
    pending: StoredValue<Option<PendingLoad>, LocalStorage>,
    /// While true, a start that shows a cached model waits before loading the document:
    /// tests hold it there to make certain that another tab stores chunks in that time.
    /// Never set by the app.
    pub hold_before_loading: StoredValue<bool, LocalStorage>,
    /// Counts requests to cache the model: only the last one of a burst writes.
    caching: StoredValue<u64, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Told after every local change or merge (the sync client sends it on).
    changed: StoredValue<Option<Callback<()>>, LocalStorage>,
    /// One trigger per part of the workspace a view watches (see [`Part`]).
    parts: StoredValue<std::collections::HashMap<Part, ArcTrigger>, LocalStorage>,
    /// The conflicted fields of each part (walked as far as its fields need), found in
    /// one walk when a field first asks after a change; forgotten at the next change.
    conflicts: StoredValue<std::collections::HashMap<Walk, Conflicted>, LocalStorage>,
    /// The history read last and the heads it ends at: the next read appends only the
    /// changes after them (the history and workshop screens re-read on every change).
    history: StoredValue<Option<kam_domain::document::HistoryRead>, LocalStorage>,
    /// Per field key: its part, the walk it needs and the trigger of the fields showing it.
    conflict_watchers:
        StoredValue<std::collections::HashMap<String, (Walk, ArcTrigger)>, LocalStorage>,
    /// The open workspace as the views see it: now, or the earlier state `as_of` names.
    pub workspace: RwSignal<Option<Workspace>>,
    /// The earlier point the whole app shows, read only; `None` for now.
    pub as_of: RwSignal<Option<AsOf>>,
    /// What differs from now, while the user compares an earlier state with it; the
    /// screens mark those items.
    pub compare: RwSignal<Option<std::sync::Arc<Vec<kam_domain::history::Differing>>>>,
    /// The current workspace while an earlier one is shown; merges keep it up to date.
    live: StoredValue<Option<Workspace>, LocalStorage>,
    /// Workspaces in this browser.
    pub entries: RwSignal<Vec<WorkspaceEntry>>,
    /// Id of the open workspace.
    pub current: RwSignal<Option<String>>,
    pub problem: RwSignal<Option<StoreProblem>>,
    /// True until the first workspace is loaded (or none exists).
    pub loading: RwSignal<bool>,
    /// This device's own changes that can be taken back, newest last, and the ones
    /// taken back that can be redone.
    undo_steps: StoredValue<Vec<UndoStep>, LocalStorage>,
    redo_steps: StoredValue<Vec<UndoStep>, LocalStorage>,
    /// What undo and redo would take back now (their buttons' hints); `None`: nothing.
    pub undo_next: RwSignal<(Option<ChangeSummary>, Option<ChangeSummary>)>,
    /// Why the last undo or redo was not done, until the next change.
    pub undo_refused: RwSignal<Option<UndoRefusal>>,
    /// True while a change is only in memory (not yet committed to IndexedDB): the
    /// header says "saving…" and leaving the page asks for confirmation.
    pub saving: RwSignal<bool>,
}

/// How many of this device's changes can be taken back in a row.
const UNDO_STEPS_KEPT: usize = 50;

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A chunk's key: named by the heads it ends at plus this tab's id, so that two tabs
/// (or two devices' imports) never write the same key (automerge-repo names chunks by
/// content hash for the same reason).
fn key(id: &str, kind: &str, heads: &[automerge::ChangeHash]) -> String {
    let heads: Vec<String> = heads
        .iter()
        .map(|h| h.to_string().chars().take(12).collect())
        .collect();
    format!("{id}/{kind}/{}-{}", heads.join("+"), tab_id())
}

/// A random id of this tab, made once.
fn tab_id() -> &'static str {
    use std::sync::OnceLock;
    static TAB: OnceLock<String> = OnceLock::new();
    TAB.get_or_init(|| {
        format!(
            "{:08x}",
            (js_sys::Math::random() * f64::from(u32::MAX)) as u32
        )
    })
}

/// The name changes are signed with: the one set in Settings, or "—".
pub fn current_author() -> AuthorName {
    crate::prefs::stored_author()
        .and_then(|n| AuthorName::parse(&n).ok())
        .unwrap_or_else(AuthorName::unknown)
}

impl WorkspaceStore {
    /// Creates the store and starts loading the current workspace. Named for what it
    /// does: it starts I/O, so there is no `new`/`Default` that would hide it.
    pub fn start() -> WorkspaceStore {
        let store = WorkspaceStore {
            doc: StoredValue::new_local(None),
            persisted: StoredValue::new_local(Persisted::default()),
            db: StoredValue::new_local(None),
            opening: StoredValue::new_local(0),
            pending: StoredValue::new_local(None),
            hold_before_loading: StoredValue::new_local(false),
            caching: StoredValue::new_local(0),
            channel: StoredValue::new_local(None),
            changed: StoredValue::new_local(None),
            parts: StoredValue::new_local(Default::default()),
            conflicts: StoredValue::new_local(Default::default()),
            conflict_watchers: StoredValue::new_local(Default::default()),
            history: StoredValue::new_local(None),
            workspace: RwSignal::new(None),
            as_of: RwSignal::new(None),
            compare: RwSignal::new(None),
            live: StoredValue::new_local(None),
            entries: RwSignal::new(registry::load()),
            current: RwSignal::new(None),
            problem: RwSignal::new(None),
            loading: RwSignal::new(true),
            saving: RwSignal::new(false),
            undo_steps: StoredValue::new_local(Vec::new()),
            redo_steps: StoredValue::new_local(Vec::new()),
            undo_next: RwSignal::new((None, None)),
            undo_refused: RwSignal::new(None),
        };
        store.warn_before_leaving_unsaved();
        leptos::task::spawn_local(async move {
            store.load_current().await;
        });
        store
    }

    /// A page closed or reloaded while a write is in its IndexedDB transaction loses
    /// that change with the page; so the browser asks first ("leave the page?").
    fn warn_before_leaving_unsaved(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let handler = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
            move |event: web_sys::BeforeUnloadEvent| {
                if self.saving.get_untracked() {
                    event.prevent_default();
                    // Older browsers show the dialog only when a return value is set.
                    event.set_return_value("unsaved");
                }
            },
        );
        if window
            .add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref())
            .is_ok()
        {
            // Lives as long as the page.
            handler.forget();
        }
    }

    /// Marks whether anything is only in memory; mirrored on `<html data-saving>` so
    /// that tests (and the print style) can see it.
    fn set_saving(self, saving: bool) {
        if self.saving.get_untracked() != saving {
            self.saving.set(saving);
        }
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let result = if saving {
                root.set_attribute("data-saving", "true")
            } else {
                root.remove_attribute("data-saving")
            };
            // Only a test hook; the header shows the state through the signal.
            let _ = result;
        }
    }

    /// True when the document holds changes IndexedDB does not have yet.
    fn unsaved(self) -> bool {
        self.doc.with_value(|d| {
            d.as_ref()
                .is_some_and(|d| self.persisted.with_value(|p| p.heads != d.heads()))
        })
    }

    async fn load_current(self) {
        match ChunkDb::open().await {
            Ok(db) => self.db.set_value(Some(db)),
            Err(e) => self
                .problem
                .set(Some(StoreProblem::StorageFailed(e.detail()))),
        }
        idb::request_persistence().await;
        let wanted = registry::current()
            .filter(|id| self.entries.get_untracked().iter().any(|e| &e.id == id));
        if let Some(id) =
            wanted.or_else(|| self.entries.get_untracked().first().map(|e| e.id.clone()))
        {
            self.open(&id).await;
        }
        self.loading.set(false);
    }

    fn db(&self) -> Option<ChunkDb> {
        self.db.with_value(|d| d.clone())
    }

    /// Opens a workspace of this browser: loads its chunks, skipping damaged ones. When
    /// the model cached with exactly these chunks is there, it shows at once and the
    /// document loads after the page painted it; an edit made before that loads the
    /// document first, so none is lost.
    pub async fn open(self, id: &str) {
        self.forget_undo();
        self.pending.set_value(None);
        let Some(db) = self.db() else { return };
        let chunks = match db.with_prefix(&format!("{id}/")).await {
            Ok(c) => c,
            Err(e) => {
                self.problem
                    .set(Some(StoreProblem::StorageFailed(e.detail())));
                return;
            }
        };
        let cached = cache::read(&db, id).await;
        // Reading the chunks, loading the document and reading the model are each their
        // own task, so that the page keeps painting and answering in between (one task
        // of all three took a second at 20,000 customers). A newer `open` wins.
        let generation = self.opening.get_value() + 1;
        self.opening.set_value(generation);
        let superseded = move || self.opening.get_value() != generation;
        let stored_keys: Vec<String> = chunks.iter().map(|(k, _)| k.clone()).collect();
        let from_cache = cached.filter(|c| c.is_current_for(&stored_keys));
        if let Some(cache) = from_cache {
            self.show_cached(cache.workspace);
            self.pending.set_value(Some(PendingLoad {
                id: id.to_string(),
                stage: Pending::Chunks(chunks),
            }));
            after_paint().await;
            while self.hold_before_loading.get_value() && !superseded() {
                sleep_ms(5).await;
            }
            if superseded() {
                return;
            }
            // An edit made meanwhile has loaded it already.
            let Some(chunks) = self.pending.try_update_value(|p| match p.take() {
                Some(PendingLoad {
                    stage: Pending::Chunks(chunks),
                    ..
                }) => Some(chunks),
                other => {
                    *p = other;
                    None
                }
            }) else {
                return;
            };
            let Some(chunks) = chunks else { return };
            match load_chunks(&chunks) {
                Ok(loaded) => self.pending.set_value(Some(PendingLoad {
                    id: id.to_string(),
                    stage: Pending::Loaded(Box::new(loaded)),
                })),
                Err(e) => {
                    self.problem.set(Some(StoreProblem::ImportFailed(e)));
                    return;
                }
            }
            sleep_ms(0).await;
            if superseded() {
                return;
            }
            self.ensure_loaded();
            return;
        }
        sleep_ms(0).await;
        if superseded() {
            return;
        }
        match load_chunks(&chunks) {
            Ok(loaded) => {
                sleep_ms(0).await;
                if superseded() {
                    return;
                }
                self.install(id, loaded, false);
            }
            Err(e) => self.problem.set(Some(StoreProblem::ImportFailed(e))),
        }
    }

    /// Shows a cached model while the document loads: nothing of the document open
    /// before may be edited through it meanwhile.
    fn show_cached(self, ws: Workspace) {
        self.doc.set_value(None);
        self.persisted.set_value(Persisted::default());
        self.as_of.set(None);
        self.live.set_value(None);
        self.workspace.set(Some(ws));
        self.announce_parts(&kam_domain::refresh::Changed::everything());
        self.loading.set(false);
        set_loading_document(true);
    }

    /// Finishes loading the document now if a cached model is shown before it: every
    /// change (an edit, a merge, an export) goes through the document.
    fn ensure_loaded(self) {
        let Some(pending) = self.pending.try_update_value(Option::take).flatten() else {
            return;
        };
        let loaded = match pending.stage {
            Pending::Loaded(loaded) => *loaded,
            Pending::Chunks(chunks) => match load_chunks(&chunks) {
                Ok(loaded) => loaded,
                Err(e) => {
                    self.problem.set(Some(StoreProblem::ImportFailed(e)));
                    return;
                }
            },
        };
        self.install(&pending.id, loaded, true);
    }

    /// Makes a loaded document the open one: its model read, its lists indexed.
    fn install(self, id: &str, loaded: Loaded, cached_shown: bool) {
        let Loaded {
            mut doc,
            mut persisted,
            skipped,
        } = loaded;
        // The cached model shown is this document's (made from exactly its chunks, by
        // this app's reader): reading the document again took ~1 s at 50,000 customers.
        // It is taken only when it also lines up with the document's customers.
        let cached_fits = cached_shown
            && timed("index", || {
                self.workspace
                    .with_untracked(|shown| shown.as_ref().is_some_and(|w| doc.index_model(w)))
            });
        let ws = if cached_fits {
            None
        } else {
            let ws = timed("read-model", || doc.workspace().ok());
            if let Some(ws) = &ws {
                timed("index", || doc.index_model(ws));
            }
            ws
        };
        persisted.heads = doc.heads();
        self.as_of.set(None);
        self.live.set_value(None);
        self.doc.set_value(Some(doc));
        self.persisted.set_value(persisted);
        if !cached_fits {
            self.workspace.set(ws);
            self.announce_parts(&kam_domain::refresh::Changed::everything());
        }
        set_loading_document(false);
        self.current.set(Some(id.to_string()));
        if let Err(e) = registry::set_current(Some(id)) {
            // This tab works on; the next visit opens the first workspace instead.
            self.problem
                .set(Some(StoreProblem::StorageFailed(e.detail())));
        }
        self.listen_to_tabs(id);
        self.catch_up_with_tabs(id);
        self.set_saving(false);
        if skipped > 0 {
            self.problem.set(Some(StoreProblem::ChunksSkipped(skipped)));
        }
        self.finish_compaction_later(id);
        if !cached_shown {
            self.cache_model_later();
        }
    }

    /// Chunks another tab stored after this one read the chunks and before it listened
    /// (while it loaded) are read now: without them, that tab's later chunks, which
    /// build on them, would wait for a reload.
    fn catch_up_with_tabs(self, id: &str) {
        let id = id.to_string();
        leptos::task::spawn_local(async move {
            let Some(db) = self.db() else { return };
            // Storage that cannot be read now was readable a moment ago: the next start
            // reads these chunks.
            let Ok(chunks) = db.with_prefix(&format!("{id}/")).await else {
                return;
            };
            if self.current.get_untracked().as_deref() != Some(id.as_str()) {
                return;
            }
            let known = self.persisted.with_value(|p| p.keys.clone());
            for (key, bytes) in chunks.into_iter().filter(|(k, _)| !known.contains(k)) {
                // A chunk this tab stored meanwhile may be among them: it applies as a
                // no-op (its changes are in the document already).
                if kam_domain::document::WorkspaceDoc::check_chunk(&bytes).is_err() {
                    continue;
                }
                self.receive(&bytes);
                self.persisted.update_value(|p| p.holds(key, bytes.len()));
            }
        });
    }

    /// Other tabs of the same workspace send each change as a chunk.
    fn listen_to_tabs(self, id: &str) {
        self.channel.update_value(|c| {
            if let Some(old) = c.take() {
                old.close();
            }
        });
        let Ok(channel) = web_sys::BroadcastChannel::new(&format!("kam-workspace-{id}")) else {
            return;
        };
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let Ok(bytes) = ev.data().dyn_into::<js_sys::Uint8Array>() else {
                    return;
                };
                self.receive(&bytes.to_vec());
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        self.channel.set_value(Some(channel));
    }

    fn receive(self, bytes: &[u8]) {
        let mut unsaved_before = false;
        let mut damaged = false;
        self.doc.update_value(|doc| {
            let Some(doc) = doc.as_mut() else { return };
            unsaved_before = self.persisted.with_value(|p| p.heads != doc.heads());
            self.update_live(|ws| {
                if let Some(ws) = ws.as_mut() {
                    damaged = doc.load_incremental_into(bytes, ws).is_err();
                }
            });
            // The sending tab stored these changes; count them as stored here too.
            if !unsaved_before {
                let heads = doc.heads();
                self.persisted.update_value(|p| p.heads = heads);
            }
        });
        if damaged {
            // The other tab stored the chunk; this one said so and goes on without it.
            self.problem.set(Some(StoreProblem::ChunksSkipped(1)));
        }
        self.announce();
        self.notify();
    }

    /// Applies a command as the current user; then stores and shares the change.
    pub fn dispatch(self, command: Command) -> Result<(), CommandError> {
        self.ensure_loaded();
        if self.as_of.with_untracked(Option::is_some) {
            // The screens are disabled while an earlier state shows; this is the guard
            // behind them.
            return Err(CommandError::Document("an earlier state is shown".into()));
        }
        let author = current_author();
        let mut result = Ok(None);
        self.doc.update_value(|doc| {
            let Some(doc) = doc.as_mut() else {
                result = Err(CommandError::Document("no workspace is open".into()));
                return;
            };
            self.workspace.update(|ws| {
                if let Some(ws) = ws.as_mut() {
                    result = doc
                        .apply_undoable(&command, &author, now_ms(), ws)
                        .map(|(applied, step)| applied.hash.map(|_| step));
                }
            });
        });
        let result = result.map(|step| {
            if let Some(step) = step {
                self.undo_steps.update_value(|steps| {
                    steps.push(step);
                    if steps.len() > UNDO_STEPS_KEPT {
                        steps.remove(0);
                    }
                });
                self.redo_steps.update_value(Vec::clear);
            }
            self.undo_refused.set(None);
            self.show_undo_next();
        });
        if result.is_ok() {
            self.announce();
            self.set_saving(true);
            leptos::task::spawn_local(self.persist());
            self.notify();
        }
        result
    }

    /// Takes back this device's last change (as a new change); refused, and said why
    /// in `undo_refused`, when someone changed the same thing since.
    pub fn undo(self) {
        self.take_back(self.undo_steps, self.redo_steps);
    }

    /// Makes the last undo's change again.
    pub fn redo(self) {
        self.take_back(self.redo_steps, self.undo_steps);
    }

    fn take_back(
        self,
        from: StoredValue<Vec<UndoStep>, LocalStorage>,
        to: StoredValue<Vec<UndoStep>, LocalStorage>,
    ) {
        self.ensure_loaded();
        if self.as_of.with_untracked(Option::is_some) {
            return;
        }
        let Some(step) = from.with_value(|s| s.last().cloned()) else {
            return;
        };
        let author = current_author();
        let mut result = None;
        self.doc.update_value(|doc| {
            let Some(doc) = doc.as_mut() else { return };
            self.workspace.update(|ws| {
                if let Some(ws) = ws.as_mut() {
                    result = Some(doc.undo(&step, &author, now_ms(), ws));
                }
            });
        });
        match result {
            Some(Ok((_, back))) => {
                from.update_value(|s| {
                    s.pop();
                });
                to.update_value(|s| s.push(back));
                self.undo_refused.set(None);
                self.announce();
                self.set_saving(true);
                leptos::task::spawn_local(self.persist());
                self.notify();
            }
            // The step stays: once the other person's change is undone too, it may fit.
            Some(Err(refusal)) => self.undo_refused.set(Some(refusal)),
            None => {}
        }
        self.show_undo_next();
    }

    fn show_undo_next(self) {
        let last = |s: StoredValue<Vec<UndoStep>, LocalStorage>| {
            s.with_value(|s| s.last().map(|step| step.summary.clone()))
        };
        self.undo_next
            .set((last(self.undo_steps), last(self.redo_steps)));
    }

    /// Forgets the undo steps (another workspace opens: they belong to the last one).
    fn forget_undo(self) {
        self.undo_steps.update_value(Vec::clear);
        self.redo_steps.update_value(Vec::clear);
        self.undo_refused.set(None);
        self.show_undo_next();
    }

    /// Watches `part`: the calling view re-runs when it is re-read.
    pub fn watch(self, part: Part) {
        let trigger = self
            .parts
            .try_update_value(|parts| parts.entry(part).or_insert_with(ArcTrigger::new).clone());
        if let Some(t) = trigger {
            t.track();
        }
    }

    /// Reads from the open workspace, re-running the caller only when one of `parts`
    /// is re-read (default while none is open).
    pub fn read_parts<T: Default>(self, parts: &[Part], f: impl FnOnce(&Workspace) -> T) -> T {
        for part in parts {
            self.watch(part.clone());
        }
        self.workspace
            .with_untracked(|w| w.as_ref().map(f).unwrap_or_default())
    }

    /// Notifies the views of what the document's last refreshes re-read.
    fn announce(self) {
        let Some(changed) = self
            .doc
            .try_update_value(|d| d.as_mut().map(|d| d.take_changed()))
            .flatten()
        else {
            return;
        };
        self.announce_parts(&changed);
    }

    fn announce_parts(self, changed: &kam_domain::refresh::Changed) {
        let fire: Vec<(Part, ArcTrigger)> = self.parts.with_value(|parts| {
            parts
                .iter()
                .filter(|(part, _)| match part {
                    Part::Root => changed.root,
                    Part::Programme => changed.programme,
                    Part::List(l) => changed.lists.contains(l),
                    Part::Items(l) => {
                        changed.lists.contains(l) || changed.items.iter().any(|(cl, _)| cl == l)
                    }
                    // A list re-read as a whole may have changed any of its items.
                    Part::Item(l, id) => {
                        changed.lists.contains(l)
                            || changed.items.iter().any(|(cl, cid)| cl == l && cid == id)
                    }
                })
                .map(|(p, t)| (p.clone(), t.clone()))
                .collect()
        });
        let fired: Vec<Part> = fire.iter().map(|(p, _)| p.clone()).collect();
        // The changed values are shown first; whether a field's conflict mark comes or
        // goes is checked right after (one walk per watched part), in the next turn.
        // Cached walks of parts not re-read stay valid.
        {
            let fired = fired.clone();
            after_render(move || self.recheck_conflicts(&fired));
        }
        for (_, t) in fire {
            t.notify();
        }
    }

    /// Whether the field `key` (as `FieldAt::key` names it) of `part` holds more than one
    /// value. The caller re-runs only when this answer changes: after each change the
    /// store walks each watched part once and notifies just the fields whose answer
    /// changed, so the many fields of a plan do not all re-run on every edit.
    pub fn conflicted(self, part: Part, key: &str) -> bool {
        let Some(scope) = conflict_part(&part).map(|(l, id)| ConflictScope::for_field(l, id, key))
        else {
            return false;
        };
        let walk = (part, scope);
        let trigger = self.conflict_watchers.try_update_value(|w| {
            w.entry(key.to_string())
                .or_insert_with(|| (walk.clone(), ArcTrigger::new()))
                .1
                .clone()
        });
        if let Some(t) = trigger {
            t.track();
        }
        if let Some(found) = self.conflicts.with_value(|c| c.get(&walk).cloned()) {
            return found.contains(key);
        }
        let found = self.conflicts_of(&walk);
        let hit = found.contains(key);
        self.conflicts.update_value(|c| {
            c.insert(walk, found);
        });
        hit
    }

    /// The conflicted fields of a part, in one walk as far as `scope` reaches.
    fn conflicts_of(self, (part, scope): &Walk) -> Conflicted {
        let Some((list, id)) = conflict_part(part) else {
            return Default::default();
        };
        std::rc::Rc::new(self.doc.with_value(|d| {
            d.as_ref()
                .map(|d| d.conflicted_fields(list, id, *scope))
                .unwrap_or_default()
        }))
    }

    /// After a change: re-walks the watched parts that were re-read and notifies the
    /// fields whose conflict state changed.
    fn recheck_conflicts(self, fired: &[Part]) {
        // Runs a turn later: the store may be gone by then (a component test's owner).
        let Some(watched) = self.conflict_watchers.try_with_value(|w| {
            w.values()
                .map(|(walk, _)| walk.clone())
                .filter(|(p, _)| fired.contains(p))
                .collect::<std::collections::HashSet<Walk>>()
        }) else {
            return;
        };
        // A part nobody watches for conflicts is walked when a field first asks.
        self.conflicts.update_value(|c| {
            c.retain(|walk, _| !fired.contains(&walk.0) || watched.contains(walk))
        });
        let mut flipped: Vec<String> = Vec::new();
        for walk in watched {
            let before = self.conflicts.with_value(|c| c.get(&walk).cloned());
            let now = self.conflicts_of(&walk);
            match &before {
                Some(b) => flipped.extend(b.symmetric_difference(&now).cloned()),
                None => flipped.extend(now.iter().cloned()),
            }
            self.conflicts.update_value(|c| {
                c.insert(walk, now);
            });
        }
        let triggers: Vec<ArcTrigger> = self.conflict_watchers.with_value(|w| {
            flipped
                .iter()
                .filter_map(|k| w.get(k).map(|(_, t)| t.clone()))
                .collect()
        });
        for t in triggers {
            t.notify();
        }
    }

    /// Every version of a field with its author and time (more than one after a
    /// concurrent change); re-runs the caller when `part` is re-read.
    pub fn versions(
        self,
        part: Part,
        at: &kam_domain::versions::FieldAt,
        field: &str,
    ) -> Vec<kam_domain::versions::FieldVersion> {
        self.watch(part);
        self.doc.with_value(|d| {
            d.as_ref()
                .map(|d| d.versions(at, field))
                .unwrap_or_default()
        })
    }

    /// Calls `callback` after every change of the open workspace made here (commands,
    /// other tabs, imported files).
    pub fn on_change(self, callback: Callback<()>) {
        self.changed.set_value(Some(callback));
    }

    fn notify(self) {
        if let Some(cb) = self.changed.with_value(|c| *c) {
            cb.run(());
        }
    }

    /// Every value a field of an item holds now (more than one after concurrent edits,
    /// the shown one first). Tracks the workspace, so views update with it.
    pub fn field_values(
        self,
        list: &kam_domain::command::ListRef,
        id: &str,
        field: &str,
    ) -> Vec<String> {
        self.workspace.track();
        self.doc.with_value(|d| {
            d.as_ref()
                .map(|d| d.field_values(list, id, field))
                .unwrap_or_default()
        })
    }

    /// Every value a programme field holds now (see [`Self::field_values`]).
    pub fn programme_field_values(self, field: &str) -> Vec<String> {
        self.workspace.track();
        self.doc.with_value(|d| {
            d.as_ref()
                .map(|d| d.programme_field_values(field))
                .unwrap_or_default()
        })
    }

    /// All concurrent values of a workspace setting (more than one after a conflict).
    pub fn workspace_field_values(self, field: &str) -> Vec<String> {
        self.workspace.track();
        self.doc.with_value(|d| {
            d.as_ref()
                .map(|d| d.workspace_field_values(field))
                .unwrap_or_default()
        })
    }

    /// The open workspace as it was at the given heads (hex), e.g. at a review.
    pub fn workspace_at_heads(self, heads: &[String]) -> Option<Workspace> {
        self.ensure_loaded();
        self.doc
            .with_value(|d| d.as_ref().and_then(|d| d.workspace_at_heads(heads).ok()))
    }

    /// The heads of the open workspace.
    pub fn heads(self) -> Vec<automerge::ChangeHash> {
        self.doc
            .with_value(|d| d.as_ref().map(|d| d.heads()).unwrap_or_default())
    }

    /// The relay name of the open workspace.
    pub fn sync_id(self) -> Option<[u8; 16]> {
        self.doc
            .with_value(|d| d.as_ref().and_then(|d| d.sync_id()))
    }

    /// The next sync message for the relay, if there is anything to say.
    pub fn sync_message(self, state: &mut automerge::sync::State) -> Option<Vec<u8>> {
        self.doc
            .with_value(|d| d.as_ref().and_then(|d| d.sync_message(state)))
    }

    /// How many local changes the relay has not confirmed.
    pub fn not_yet_shared(self, state: &automerge::sync::State) -> usize {
        self.doc
            .with_value(|d| d.as_ref().map_or(0, |d| d.not_yet_shared(state)))
    }

    /// Applies a sync message from the relay; what changed is stored and shown.
    pub fn receive_sync(
        self,
        state: &mut automerge::sync::State,
        bytes: &[u8],
    ) -> Result<bool, kam_domain::document::DocumentError> {
        let mut outcome = Ok(false);
        self.doc.update_value(|doc| {
            let Some(doc) = doc.as_mut() else { return };
            self.update_live(|ws| {
                if let Some(ws) = ws.as_mut() {
                    outcome = doc.receive_sync_into(state, bytes, ws);
                }
            });
        });
        if let Ok(true) = outcome {
            self.announce();
            // Stored right after the views showed it (they update in the tasks the
            // change queued; a write now would hold them up). The relay has it already.
            after_render(move || {
                self.set_saving(true);
                leptos::task::spawn_local(self.persist());
            });
        }
        outcome
    }

    /// Adds a workspace that arrived from the relay (joined by link) and opens it.
    pub async fn add_joined(self, doc: WorkspaceDoc) -> Result<(), AppError> {
        let name = doc.workspace().map(|w| w.name).unwrap_or_default();
        self.add(doc, &name).await
    }

    /// Writes what is not yet stored as one chunk, shares it, and compacts when the
    /// chunks outgrow the snapshot. On failure the document stays in memory and a
    /// lasting warning offers a file export.
    async fn persist(self) {
        // One writer at a time: changes made meanwhile go into the next chunk.
        let busy = self.persisted.with_value(|p| p.writing);
        if busy {
            self.persisted.update_value(|p| p.dirty = true);
            return;
        }
        self.persisted.update_value(|p| p.writing = true);
        loop {
            self.persisted.update_value(|p| p.dirty = false);
            self.write_once().await;
            if !self.persisted.with_value(|p| p.dirty) {
                break;
            }
        }
        self.persisted.update_value(|p| p.writing = false);
        // Still unsaved after a refused write: the warning stays, and so does the
        // problem banner offering an export.
        self.set_saving(self.unsaved());
    }

    async fn write_once(self) {
        let (Some(db), Some(id)) = (self.db(), self.current.get_untracked()) else {
            return;
        };
        let Some((chunk, heads)) = self.doc.with_value(|doc| {
            doc.as_ref().map(|d| {
                (
                    d.save_after(&self.persisted.with_value(|p| p.heads.clone())),
                    d.heads(),
                )
            })
        }) else {
            return;
        };
        if chunk.is_empty() {
            return;
        }
        let chunk_key = key(&id, "incremental", &heads);
        match db.put(&chunk_key, &chunk).await {
            // Another workspace is opening meanwhile: the chunk is stored, and its own
            // workspace reads it when it opens; it must not join the other's keys (its
            // compaction would delete it).
            Ok(()) if self.pending.with_value(Option::is_some) => return,
            Ok(()) => {
                self.persisted.update_value(|p| {
                    p.heads = heads;
                    p.keys.push(chunk_key);
                    p.incremental_bytes += chunk.len();
                });
                if matches!(
                    self.problem.get_untracked(),
                    Some(StoreProblem::StorageFailed(_))
                ) {
                    self.problem.set(None);
                }
            }
            Err(e) => {
                self.problem
                    .set(Some(StoreProblem::StorageFailed(e.detail())));
                return;
            }
        }
        self.channel.with_value(|c| {
            if let Some(c) = c {
                // Other tabs missing this chunk read it from IndexedDB when they reload.
                let _ = c.post_message(&js_sys::Uint8Array::from(chunk.as_slice()));
            }
        });
        // Durable now: leaving during the compaction below loses nothing (its
        // transaction either replaces the chunks or leaves them as they are).
        if !self.persisted.with_value(|p| p.dirty) {
            self.set_saving(self.unsaved());
        }
        let needs_compaction = self
            .persisted
            .with_value(|p| p.incremental_bytes > p.snapshot_bytes);
        if needs_compaction && let Err(e) = self.compact(&db, &id).await {
            self.problem
                .set(Some(StoreProblem::StorageFailed(e.detail())));
        }
        self.cache_model_later();
    }

    /// Resolves once every change made so far is stored (for tests and before export).
    pub async fn flushed(self) {
        loop {
            let idle = self.persisted.with_value(|p| !p.writing && !p.dirty);
            let all_saved = self.doc.with_value(|d| {
                d.as_ref()
                    .is_none_or(|d| self.persisted.with_value(|p| p.heads == d.heads()))
            });
            if idle && all_saved {
                return;
            }
            if idle {
                self.persist().await;
            } else {
                sleep_ms(20).await;
            }
        }
    }

    /// Replaces all chunks this tab knows with one snapshot, in one transaction: the new
    /// snapshot is written before (atomically with) the old chunks' deletion.
    async fn compact(self, db: &ChunkDb, id: &str) -> Result<(), AppError> {
        let Some((snapshot, heads)) = self
            .doc
            .with_value(|d| d.as_ref().map(|d| (d.save(), d.heads())))
        else {
            return Ok(());
        };
        let old = self.persisted.with_value(|p| p.keys.clone());
        let snapshot_key = key(id, "snapshot", &heads);
        db.replace(&[(snapshot_key.clone(), snapshot.clone())], &old)
            .await?;
        self.persisted.update_value(|p| {
            p.heads = heads;
            p.keys = vec![snapshot_key];
            p.snapshot_bytes = snapshot.len();
            p.incremental_bytes = 0;
        });
        Ok(())
    }

    /// A previous page may have been closed before it compacted (its compaction
    /// transaction was aborted, or it never started): do it here, once the start is
    /// over, so that the chunks do not pile up.
    fn finish_compaction_later(self, id: &str) {
        let id = id.to_string();
        leptos::task::spawn_local(async move {
            sleep_ms(2_000).await;
            let pending = self
                .persisted
                .with_value(|p| !p.writing && p.incremental_bytes > p.snapshot_bytes);
            if !pending || self.current.get_untracked().as_deref() != Some(id.as_str()) {
                return;
            }
            let Some(db) = self.db() else { return };
            self.persisted.update_value(|p| p.writing = true);
            if let Err(e) = self.compact(&db, &id).await {
                self.problem
                    .set(Some(StoreProblem::StorageFailed(e.detail())));
            }
            self.persisted.update_value(|p| p.writing = false);
            if self.unsaved() {
                self.persist().await;
            }
            // The chunks are others now: the cached model follows them.
            self.cache_model_later();
        });
    }

    /// Bytes stored for the open workspace: (all chunks, of which snapshot).
    pub async fn stored_bytes(self) -> Option<(usize, usize)> {
        let db = self.db()?;
        let id = self.current.get_untracked()?;
        let chunks = db.with_prefix(&format!("{id}/")).await.ok()?;
        let total = chunks.iter().map(|(_, b)| b.len()).sum();
        let snapshot = chunks
            .iter()
            .filter(|(k, _)| k.contains("/snapshot/"))
            .map(|(_, b)| b.len())
            .sum();
        Some((total, snapshot))
    }

    /// Creates a new workspace (its skeleton is written once, here) and opens it.
    pub async fn create(self, name: &str) -> Result<(), AppError> {
        let id = automerge::ActorId::random().to_hex_string();
        let doc = WorkspaceDoc::create(&id, name, &current_author(), now_ms())
            .map_err(|e| AppError::Refused(CommandError::Document(e.to_string())))?;
        self.add(doc, name).await
    }

    async fn add(self, doc: WorkspaceDoc, name: &str) -> Result<(), AppError> {
        let id = doc.workspace_id().ok_or_else(|| {
            AppError::Refused(CommandError::Document("the workspace has no id".into()))
        })?;
        let db = self.db().ok_or_else(no_indexed_db)?;
        db.put(&key(&id, "snapshot", &doc.heads()), &doc.save())
            .await?;
        self.entries.update(|list| {
            list.retain(|e| e.id != id);
            list.push(WorkspaceEntry {
                id: id.clone(),
                name: name.to_string(),
            });
        });
        self.save_list();
        self.open(&id).await;
        Ok(())
    }

    /// Keeps the list of workspaces in localStorage; a refusal is shown, not dropped.
    fn save_list(self) {
        if let Err(e) = registry::save(&self.entries.get_untracked()) {
            self.problem
                .set(Some(StoreProblem::StorageFailed(e.detail())));
        }
    }

    /// Renames the open workspace (a change in the document, and the list here).
    pub fn rename(self, name: &str) -> Result<(), CommandError> {
        self.dispatch(Command::SetWorkspace {
            field: WorkspaceField::Name,
            value: kam_domain::command::Value::Str(name.trim().to_string()),
        })?;
        let Some(id) = self.current.get_untracked() else {
            return Ok(());
        };
        self.entries.update(|list| {
            for e in list.iter_mut().filter(|e| e.id == id) {
                e.name = name.trim().to_string();
            }
        });
        self.save_list();
        Ok(())
    }

    /// Deletes a workspace from this browser (other devices keep their copies).
    pub async fn delete(self, id: &str) -> Result<(), AppError> {
        let db = self.db().ok_or_else(no_indexed_db)?;
        let keys: Vec<String> = db
            .with_prefix(&format!("{id}/"))
            .await?
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        db.delete(&keys).await?;
        db.delete(&[cache::key(id)]).await?;
        if self
            .pending
            .with_value(|p| p.as_ref().is_some_and(|p| p.id == id))
        {
            self.pending.set_value(None);
        }
        self.entries.update(|list| list.retain(|e| e.id != id));
        self.save_list();
        if self.current.get_untracked().as_deref() == Some(id) {
            self.doc.set_value(None);
            self.workspace.set(None);
            self.announce_parts(&kam_domain::refresh::Changed::everything());
            self.current.set(None);
            if let Err(e) = registry::set_current(None) {
                self.problem
                    .set(Some(StoreProblem::StorageFailed(e.detail())));
            }
            if let Some(next) = self.entries.get_untracked().first().map(|e| e.id.clone()) {
                self.open(&next).await;
            }
        }
        Ok(())
    }

    /// The open document as a `.automerge` file.
    pub fn export_automerge(self) -> Option<Vec<u8>> {
        self.ensure_loaded();
        self.doc.with_value(|d| d.as_ref().map(|d| d.save()))
    }

    /// The open workspace as readable JSON.
    pub fn export_json(self) -> Option<String> {
        self.ensure_loaded();
        self.doc
            .with_value(|d| d.as_ref().and_then(|d| d.to_json().ok()))
    }

    /// Imports a `.automerge` file as a new workspace of this browser.
    pub async fn import_new(self, bytes: &[u8]) {
        match WorkspaceDoc::load(bytes) {
            Ok(doc) => {
                let id = doc.workspace_id().unwrap_or_default();
                if self.entries.get_untracked().iter().any(|e| e.id == id) {
                    let name = doc.workspace().map(|w| w.name).unwrap_or_default();
                    self.problem.set(Some(StoreProblem::AlreadyHere(name)));
                    return;
                }
                let name = doc.workspace().map(|w| w.name).unwrap_or_default();
                if let Err(e) = self.add(doc, &name).await {
                    self.problem
                        .set(Some(StoreProblem::StorageFailed(e.detail())));
                }
            }
            Err(e) => self.problem.set(Some(StoreProblem::ImportFailed(e))),
        }
    }

    /// Merges a `.automerge` file of the open workspace (another manager's offline work).
    pub fn import_merge(self, bytes: &[u8]) {
        self.ensure_loaded();
        let mut outcome = Ok(());
        match WorkspaceDoc::load(bytes) {
            Ok(mut other) => self.doc.update_value(|doc| {
                let Some(doc) = doc.as_mut() else { return };
                self.update_live(|ws| {
                    if let Some(ws) = ws.as_mut() {
                        outcome = doc.merge_into(&mut other, ws);
                    }
                });
            }),
            Err(e) => outcome = Err(e),
        }
        match outcome {
            Ok(()) => {
                self.announce();
                self.set_saving(true);
                leptos::task::spawn_local(self.persist());
                self.notify();
            }
            Err(e) => self.problem.set(Some(StoreProblem::ImportFailed(e))),
        }
    }

    /// The change history of the open workspace, oldest first. Reads only the changes
    /// since the last read when that read is of this document.
    pub fn history_oldest_first(self) -> std::sync::Arc<Vec<HistoryEntry>> {
        self.ensure_loaded();
        let before = self.history.get_value();
        let read = self
            .doc
            .with_value(|d| d.as_ref().map(|d| d.history_from(before.as_ref())));
        let entries = read.as_ref().map(|r| r.entries.clone()).unwrap_or_default();
        self.history.set_value(read);
        entries
    }

    /// Every recorded edit of one field, newest first.
    pub fn field_history(
        self,
        list: Option<&kam_domain::command::ListRef>,
        kind: kam_domain::command::EntityKind,
        id: &str,
        field: &str,
    ) -> Vec<kam_domain::history::FieldEdit> {
        kam_domain::history::field_history(
            self.history_oldest_first().as_slice(),
            list,
            kind,
            id,
            field,
        )
    }

    /// Applies a change to the current workspace, wherever it is kept: in the views'
    /// signal, or aside while an earlier state shows.
    fn update_live(self, f: impl FnOnce(&mut Option<Workspace>)) {
        if self.as_of.with_untracked(Option::is_some) {
            self.live.update_value(f);
        } else {
            self.workspace.update(f);
        }
    }

    /// Shows the whole app as it was right after `at`'s change, read only. False when
    /// that state cannot be read.
    pub fn show_as_of(self, at: AsOf) -> bool {
        self.ensure_loaded();
        let Some(past) = self.workspace_at(&at.hash) else {
            return false;
        };
        let mut past = Some(past);
        self.workspace.update(|ws| std::mem::swap(ws, &mut past));
        if self.as_of.with_untracked(Option::is_none) {
            self.live.set_value(past);
        }
        self.as_of.set(Some(at));
        self.compare.set(None);
        self.announce_parts(&kam_domain::refresh::Changed::everything());
        true
    }

    /// Back from an earlier state to now.
    pub fn back_to_now(self) {
        if self.as_of.with_untracked(Option::is_none) {
            return;
        }
        let live = self.live.try_update_value(Option::take).flatten();
        self.as_of.set(None);
        self.compare.set(None);
        self.workspace.set(live);
        self.announce_parts(&kam_domain::refresh::Changed::everything());
    }

    /// What differs between the state shown and now (empty when now is shown).
    pub fn differences_from_now(self) -> Vec<kam_domain::history::Differing> {
        let Some(at) = self.as_of.with_untracked(|a| a.as_ref().map(|a| a.hash)) else {
            return Vec::new();
        };
        self.doc.with_value(|d| {
            d.as_ref()
                .and_then(|d| d.differences(&[at], &d.heads()).ok())
                .unwrap_or_default()
        })
    }

    /// The open workspace as it was right after a change.
    pub fn workspace_at(self, hash: &automerge::ChangeHash) -> Option<Workspace> {
        self.ensure_loaded();
        self.doc
            .with_value(|d| d.as_ref().and_then(|d| d.workspace_at(hash).ok()))
    }
}

/// The store of the app (provided at the root).
/// A conflict walk: a part, as far as its fields need.
type Walk = (Part, ConflictScope);
/// The keys of the conflicted fields one walk found.
type Conflicted = std::rc::Rc<std::collections::HashSet<String>>;

/// The list and id a conflict walk of `part` starts from; lists as a whole have no
/// fields of their own.
fn conflict_part(part: &Part) -> Option<(&'static str, &str)> {
    match part {
        Part::Item(list, id) => Some((*list, id.as_str())),
        Part::Programme => Some(("programme", "")),
        Part::Root => Some(("", "")),
        Part::List(_) | Part::Items(_) => None,
    }
}

pub fn use_store() -> WorkspaceStore {
    expect_context::<WorkspaceStore>()
}

/// Runs `f` once the tasks queued so far (the views' updates) have run: on the next
/// turn of the event loop.
pub fn after_render(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        // setTimeout does not fail for a function and a delay.
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
    }
}

/// Waits until the browser has painted what the views show now (a task after the next
/// animation frame), so that a long task after it does not hold that picture back.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else { return };
        // A hidden tab has no animation frames: then a timer after 100 ms (a promise
        // resolved twice stays resolved once; the frame's closure runs at most once).
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        let after_frame = Closure::once_into_js(move || {
            if let Some(w) = web_sys::window() {
                // setTimeout does not fail for a function and a delay.
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = w.request_animation_frame(after_frame.unchecked_ref());
    });
    // Resolved by a timer; never rejects.
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs a step of opening a workspace as a User Timing measure named `kam:{name}`, so the
/// speed benchmark can say where the start's time goes (read with
/// `performance.getEntriesByType("measure")`).
fn timed<T>(name: &str, step: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let mark = format!("kam:{name}:start");
    if let Some(p) = &performance {
        // Timing is for the benchmark only; without it the step runs the same.
        let _ = p.mark(&mark);
    }
    let out = step();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(&format!("kam:{name}"), &mark);
        p.clear_marks_with_mark_name(&mark);
    }
    out
}

/// Waits `ms` milliseconds (browser timer).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            // setTimeout does not fail for a function and a delay.
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    // The timer promise never rejects.
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn no_indexed_db() -> AppError {
    AppError::Storage("IndexedDB is not available (private mode?)".into())
}
