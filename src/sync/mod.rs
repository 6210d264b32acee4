//! The sync client: keeps the open workspace in sync with the relay over the
//! automerge-repo WebSocket protocol (`kam_protocol`), in the background.
//!
//! Local edits are sent as they happen; edits from others arrive at the document (the
//! store applies them and refreshes the views). Without network everything works the
//! same; the client reconnects with backoff (1 s … 30 s, at once when the browser says it
//! is online again) and catches up. A connection that looks open but stays silent while
//! a change waits for the relay is given up and made anew (`kam_protocol::liveness`).
//! It also carries presence (who else is in the workspace, on which screen) and joins a
//! workspace shared by link.

use std::{cell::RefCell, rc::Rc};

use automerge::{
    ReadDoc,
    sync::{self, SyncDoc},
};
use kam_domain::document::WorkspaceDoc;
use kam_protocol::{
    DocumentId, Message, PROTOCOL_VERSION, PeerMetadata, Presence, liveness::Watch,
};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

use crate::{prefs, store::WorkspaceStore};

/// What the user sees about sync.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncStatus {
    /// No relay set up on this device.
    Off,
    /// The browser has no network.
    Offline,
    Connecting,
    Syncing,
    /// Everything here is at the relay and the other way round; when (ms since 1970).
    UpToDate {
        at: f64,
    },
    Error(SyncError),
}

/// Why sync does not work, in terms the UI can word.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncError {
    /// The relay refused the token.
    Refused,
    /// The relay cannot be reached; retrying.
    Unreachable,
    /// The shared workspace is not on the relay (wrong link, or never uploaded).
    NotOnRelay,
    /// The relay reported a protocol error.
    Relay(String),
    /// This workspace cannot be synced (made by an old version without a relay id).
    NoRelayId,
}

/// Another participant with this workspace open.
#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    pub peer_id: String,
    pub name: String,
    pub screen: String,
    /// The field they are editing now, if any.
    pub field: Option<String>,
    /// They lead the workshop; others may follow them.
    pub lead: bool,
    /// Their role on the board, if they gave one.
    pub role: Option<String>,
    /// When last heard of (ms since 1970).
    pub seen: f64,
}

/// A workspace being joined by link: an empty document filled by the relay.
struct Joining {
    doc: automerge::Automerge,
}

struct Inner {
    socket: Option<WebSocket>,
    handlers: Vec<Box<dyn std::any::Any>>,
    relay_peer: Option<String>,
    doc_id: Option<DocumentId>,
    state: sync::State,
    joining: Option<Joining>,
    attempt: u32,
    generation: u64,
    peer_id: String,
    session_id: String,
    ephemeral_count: u64,
    screen: String,
    /// The field this participant edits now (see `EditField`).
    field: Option<String>,
    /// Signs of life of the connection while waiting for the relay.
    watch: Watch,
}

/// Handle to the sync client; cheap to copy, provided as context.
#[derive(Clone, Copy)]
pub struct SyncClient {
    pub status: RwSignal<SyncStatus>,
    /// Local changes the relay has not confirmed yet.
    pub unconfirmed: RwSignal<usize>,
    /// Others in this workspace right now.
    pub participants: RwSignal<Vec<Participant>>,
    /// This participant leads the workshop (told to the others with presence).
    pub leading: RwSignal<bool>,
    /// The leader this participant follows from screen to screen (their peer id).
    pub following: RwSignal<Option<String>>,
    store: WorkspaceStore,
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn random_id(prefix: &str) -> String {
    let hex = automerge::ActorId::random().to_hex_string();
    format!("{prefix}-{}", &hex[..12.min(hex.len())])
}

fn after(ms: i32, f: impl FnOnce() + 'static) {
    if let Some(w) = web_sys::window() {
        let cb = Closure::once_into_js(f);
        // setTimeout does not fail for a function and a delay.
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

impl SyncClient {
    /// Starts the client for the store's open workspace; follows workspace switches.
    pub fn new(store: WorkspaceStore) -> SyncClient {
        let client = SyncClient {
            status: RwSignal::new(SyncStatus::Off),
            unconfirmed: RwSignal::new(0),
            participants: RwSignal::new(Vec::new()),
            leading: RwSignal::new(false),
            following: RwSignal::new(None),
            store,
            inner: StoredValue::new_local(Rc::new(RefCell::new(Inner {
                socket: None,
                handlers: Vec::new(),
                relay_peer: None,
                doc_id: None,
                state: sync::State::new(),
                joining: None,
                attempt: 0,
                generation: 0,
                peer_id: random_id("kam"),
                session_id: random_id("session"),
                ephemeral_count: 0,
                screen: String::new(),
                field: None,
                watch: Watch::default(),
            }))),
        };
        store.on_change(Callback::new(move |_| client.send_changes()));
        // A different workspace opened (or the first loaded): sync that one.
        Effect::new(move |_| {
            // Read to track: the effect re-runs when another workspace opens.
            let _ = store.current.get();
            client.restart();
        });
        client.listen_to_network();
        // Presence is repeated so that others notice who left.
        client.every(10_000, move || {
            client.send_presence();
            client.expire_participants();
        });
        client.every(5_000, move || client.give_up_if_silent());
        client
    }

    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let rc = self.inner.get_value();
        let mut inner = rc.borrow_mut();
        f(&mut inner)
    }

    fn every(self, ms: i32, f: impl Fn() + 'static) {
        let f = Rc::new(f);
        fn tick(ms: i32, f: Rc<dyn Fn()>) {
            after(ms, move || {
                f();
                tick(ms, f);
            });
        }
        tick(ms, f);
    }

    fn listen_to_network(self) {
        let Some(w) = web_sys::window() else { return };
        let on_online = Closure::<dyn FnMut()>::new(move || {
            self.with(|i| i.attempt = 0);
            self.restart();
        });
        let on_offline = Closure::<dyn FnMut()>::new(move || {
            self.close_socket();
            self.participants.set(Vec::new());
            self.set_status(SyncStatus::Offline);
        });
        // Adding a listener to window does not fail; without it the badge only lags.
        let _ = w.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        let _ = w.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
        on_online.forget();
        on_offline.forget();
    }

    fn set_status(self, status: SyncStatus) {
        self.with(|i| match status {
            SyncStatus::Connecting | SyncStatus::Syncing => i.watch.start(now()),
            SyncStatus::UpToDate { .. } => i.watch.in_sync(),
            _ => i.watch.stop(),
        });
        if self.status.get_untracked() != status {
            self.status.set(status);
        }
    }

    /// The screen this participant is on (shown to the others).
    pub fn set_screen(self, path: &str) {
        let changed = self.with(|i| {
            let changed = i.screen != path;
            i.screen = path.to_string();
            changed
        });
        if changed {
            self.send_presence();
        }
    }

    /// The field this participant is editing now (`None` when they leave it); told to
    /// the others at once, so that they see it before typing over it.
    pub fn set_editing(self, field: Option<String>) {
        let changed = self.with(|i| {
            let changed = i.field != field;
            i.field = field;
            changed
        });
        if changed {
            self.send_presence();
        }
    }

    /// Leads the workshop, or stops: the others are told at once.
    pub fn set_leading(self, lead: bool) {
        if self.leading.get_untracked() != lead {
            self.leading.set(lead);
            self.send_presence();
        }
    }

    /// The screen of the leader this participant follows, while they are here and lead.
    pub fn followed_screen(self) -> Option<String> {
        let leader = self.following.get()?;
        self.participants.with(|list| {
            list.iter()
                .find(|p| p.peer_id == leader && p.lead)
                .map(|p| p.screen.clone())
        })
    }

    /// Names of the others editing `field` now (tracks the participants).
    pub fn editing(self, field: &str) -> Vec<String> {
        self.participants.with(|list| {
            list.iter()
                .filter(|p| p.field.as_deref() == Some(field))
                .map(|p| p.name.clone())
                .collect()
        })
    }

    /// Connects again with the current settings and workspace (after Settings changed).
    pub fn restart(self) {
        self.close_socket();
        self.participants.set(Vec::new());
        let joining = self.with(|i| i.joining.is_some());
        if !joining {
            let id = self.store.sync_id().map(DocumentId::from_bytes);
            let has_workspace = self.store.current.get_untracked().is_some();
            self.with(|i| i.doc_id = id);
            if id.is_none() {
                self.set_status(if has_workspace && prefs::stored_relay().is_some() {
                    SyncStatus::Error(SyncError::NoRelayId)
                } else {
                    SyncStatus::Off
                });
                return;
            }
        }
        self.connect();
    }

    /// Joins a shared workspace: asks the relay for it and adds it here once it arrived.
    pub fn join(self, id: DocumentId) {
        self.close_socket();
        self.with(|i| {
            i.doc_id = Some(id);
            i.joining = Some(Joining {
                doc: automerge::Automerge::new(),
            });
            i.attempt = 0;
        });
        self.connect();
    }

    fn close_socket(self) {
        self.with(|i| {
            i.generation += 1;
            if let Some(s) = i.socket.take() {
                s.set_onopen(None);
                s.set_onmessage(None);
                s.set_onclose(None);
                s.set_onerror(None);
                // Closing an already closing socket is refused; either way it is gone.
                let _ = s.close();
            }
            i.handlers.clear();
            i.relay_peer = None;
        });
    }

    fn connect(self) {
        let Some(relay) = prefs::stored_relay() else {
            self.set_status(SyncStatus::Off);
            return;
        };
        if !online() {
            self.set_status(SyncStatus::Offline);
            return;
        }
        let url = format!(
            "{}{}token={}",
            relay.url,
            if relay.url.contains('?') { "&" } else { "?" },
            js_sys::encode_uri_component(&relay.token)
        );
        let socket = match WebSocket::new(&url) {
            Ok(s) => s,
            Err(_) => {
                self.set_status(SyncStatus::Error(SyncError::Unreachable));
                return;
            }
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        self.set_status(SyncStatus::Connecting);
        let generation = self.with(|i| i.generation);
        let on_open = Closure::<dyn FnMut()>::new(move || {
            let (peer_id, is_current) =
                self.with(|i| (i.peer_id.clone(), i.generation == generation));
            if is_current {
                self.send(Message::Join {
                    sender_id: peer_id,
                    supported_protocol_versions: vec![PROTOCOL_VERSION.into()],
                    metadata: Some(PeerMetadata {
                        storage_id: None,
                        is_ephemeral: true,
                    }),
                });
            }
        });
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let current = self.with(|i| {
                let current = i.generation == generation;
                if current {
                    i.watch.heard(now());
                }
                current
            });
            if !current {
                return;
            }
            let Ok(buffer) = ev.data().dyn_into::<js_sys::ArrayBuffer>() else {
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            match Message::decode(&bytes) {
                Ok(m) => self.receive(m),
                Err(e) => self.set_status(SyncStatus::Error(SyncError::Relay(e.to_string()))),
            }
        });
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_ev: CloseEvent| {
            if self.with(|i| i.generation != generation) {
                return;
            }
            let had_peer = self.with(|i| {
                i.socket = None;
                i.relay_peer.take().is_some()
            });
            self.participants.set(Vec::new());
            if !online() {
                self.set_status(SyncStatus::Offline);
                return;
            }
            if !had_peer {
                // Never got in: tell a wrong token from a relay that is away.
                leptos::task::spawn_local(async move {
                    let refused = token_refused().await;
                    if self.with(|i| i.generation == generation) {
                        self.set_status(SyncStatus::Error(if refused {
                            SyncError::Refused
                        } else {
                            SyncError::Unreachable
                        }));
                        if !refused {
                            self.retry_later(generation);
                        }
                    }
                });
            } else {
                self.set_status(SyncStatus::Connecting);
                self.retry_later(generation);
            }
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        self.with(|i| {
            i.socket = Some(socket);
            i.handlers = vec![Box::new(on_open), Box::new(on_message), Box::new(on_close)];
            // A new connection gets its full time; its relay must say anew that it beats.
            i.watch.connected(now());
        });
    }

    /// A connection that stayed silent too long while this client waited for the relay,
    /// or that missed the beats of a relay that beats while idle, is dead, however open
    /// it looks: connect again.
    fn give_up_if_silent(self) {
        let dead = self.with(|i| {
            let Some(socket) = i.socket.as_ref().filter(|_| i.joining.is_none()) else {
                return false;
            };
            let buffered = socket.buffered_amount();
            i.watch.dead(now(), buffered)
        });
        if dead {
            self.close_socket();
            self.participants.set(Vec::new());
            self.connect();
        }
    }

    fn retry_later(self, generation: u64) {
        let attempt = self.with(|i| {
            i.attempt = (i.attempt + 1).min(6);
            i.attempt
        });
        let delay = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000][(attempt - 1) as usize];
        after(delay, move || {
            if self.with(|i| i.generation == generation && i.socket.is_none()) {
                self.connect();
            }
        });
    }

    fn send(self, message: Message) {
        let bytes = message.encode();
        self.with(|i| {
            if let Some(s) = &i.socket {
                // A socket that cannot send is closing: the reconnect re-syncs from the
                // sync state, and "not yet shared" counts the change until then.
                let _ = s.send_with_u8_array(&bytes);
            }
        });
    }

    fn receive(self, message: Message) {
        match message {
            Message::Peer { sender_id, .. } => {
                self.with(|i| {
                    i.relay_peer = Some(sender_id);
                    i.attempt = 0;
                    // A new connection starts a new sync conversation.
                    i.state = sync::State::new();
                });
                self.set_status(SyncStatus::Syncing);
                if self.with(|i| i.joining.is_some()) {
                    self.request();
                } else {
                    self.send_changes();
                    self.send_presence();
                }
            }
            Message::Sync {
                document_id, data, ..
            } => {
                if self.with(|i| i.doc_id != Some(document_id)) {
                    return;
                }
                if self.with(|i| i.joining.is_some()) {
                    self.receive_joining(&data);
                } else {
                    let mut state = self.with(|i| std::mem::take(&mut i.state));
                    let outcome = self.store.receive_sync(&mut state, &data);
                    self.with(|i| i.state = state);
                    if let Err(e) = outcome {
                        self.set_status(SyncStatus::Error(SyncError::Relay(e.to_string())));
                        return;
                    }
                    // The answer waits until the views have shown the change: they are
                    // updated in the tasks queued by the change, which run first.
                    crate::store::after_render(move || self.send_changes());
                }
            }
            Message::DocUnavailable { document_id, .. }
                if self.with(|i| i.doc_id == Some(document_id)) =>
            {
                self.set_status(SyncStatus::Error(SyncError::NotOnRelay));
            }
            Message::Ephemeral {
                sender_id,
                document_id,
                data,
                ..
            } => {
                // The relay's beat: from now on its silence tells a dead connection.
                if let Some(every_ms) = kam_protocol::liveness::read_alive(&data) {
                    self.with(|i| {
                        if i.relay_peer.as_deref() == Some(sender_id.as_str()) {
                            i.watch.relay_alive(every_ms);
                        }
                    });
                    return;
                }
                if self.with(|i| i.doc_id != Some(document_id)) {
                    return;
                }
                if let Some(p) = Presence::decode(&data) {
                    self.participants.update(|list| {
                        list.retain(|x| x.peer_id != sender_id);
                        list.push(Participant {
                            peer_id: sender_id,
                            name: p.name,
                            screen: p.screen,
                            field: p.field,
                            lead: p.lead,
                            role: p.role,
                            seen: now(),
                        });
                        kam_domain::order::sort_by(list, |a, b| a.name.cmp(&b.name));
                    });
                }
            }
            Message::Error { message } => {
                self.set_status(SyncStatus::Error(SyncError::Relay(message)));
            }
            _ => {}
        }
    }

    /// Sends what the relay lacks (one message at a time, as the protocol wants) and
    /// updates the status and the count of unconfirmed changes.
    pub fn send_changes(self) {
        if self.with(|i| i.joining.is_some()) {
            return;
        }
        let Some((relay, doc_id, me)) =
            self.with(|i| Some((i.relay_peer.clone()?, i.doc_id?, i.peer_id.clone())))
        else {
            // No relay set up: nothing is counted (the count is not shown, and at start
            // it walks the whole history).
            if self.status.get_untracked() == SyncStatus::Off {
                self.unconfirmed.set(0);
                return;
            }
            // Offline or connecting: only count what the relay still lacks.
            let state = self.with(|i| std::mem::take(&mut i.state));
            let pending = self.store.not_yet_shared(&state);
            self.with(|i| i.state = state);
            self.unconfirmed.set(pending);
            return;
        };
        let mut state = self.with(|i| std::mem::take(&mut i.state));
        let message = self.store.sync_message(&mut state);
        let pending = self.store.not_yet_shared(&state);
        // In sync when the relay's last known heads are ours. A message may still go out
        // (an acknowledgement), which the relay does not answer.
        let in_sync = state.their_heads.as_ref().is_some_and(|h| {
            let mut theirs = h.clone();
            kam_domain::order::sort(&mut theirs);
            let mut ours = self.store.heads();
            kam_domain::order::sort(&mut ours);
            theirs == ours
        });
        self.with(|i| i.state = state);
        if let Some(data) = message {
            self.send(Message::Sync {
                sender_id: me,
                target_id: relay,
                document_id: doc_id,
                data,
            });
        }
        self.unconfirmed.set(pending);
        if in_sync && pending == 0 {
            self.set_status(SyncStatus::UpToDate { at: now() });
        } else {
            self.set_status(SyncStatus::Syncing);
        }
    }

    fn receive_joining(self, data: &[u8]) {
        let Ok(message) = sync::Message::decode(data) else {
            return;
        };
        let (reply, done) = self.with(|i| {
            let Some(j) = i.joining.as_mut() else {
                return (None, None);
            };
            if j.doc.receive_sync_message(&mut i.state, message).is_err() {
                return (None, None);
            }
            let reply = j
                .doc
                .generate_sync_message(&mut i.state)
                .map(|m| m.encode());
            // Arrived once we hold everything the relay has, and it is a workspace.
            let complete =
                i.state.their_heads.as_ref().is_some_and(|theirs| {
                    theirs.iter().all(|h| j.doc.get_change_by_hash(h).is_some())
                });
            let done = if complete && !j.doc.get_heads().is_empty() {
                WorkspaceDoc::from_automerge(j.doc.clone()).ok()
            } else {
                None
            };
            (reply, done)
        });
        if let Some(data) = reply {
            let (relay, doc_id, me) = self.with(|i| {
                (
                    i.relay_peer.clone().unwrap_or_default(),
                    i.doc_id,
                    i.peer_id.clone(),
                )
            });
            if let Some(document_id) = doc_id {
                self.send(Message::Sync {
                    sender_id: me,
                    target_id: relay,
                    document_id,
                    data,
                });
            }
        }
        if let Some(doc) = done {
            self.with(|i| i.joining = None);
            let store = self.store;
            leptos::task::spawn_local(async move {
                if let Err(e) = store.add_joined(doc).await {
                    self.set_status(SyncStatus::Error(SyncError::Relay(e.detail())));
                }
                // Opening the workspace restarts sync for it (see `new`).
            });
        }
    }

    /// The first message when joining: ask for the document.
    fn request(self) {
        let Some((relay, doc_id, me)) =
            self.with(|i| Some((i.relay_peer.clone()?, i.doc_id?, i.peer_id.clone())))
        else {
            return;
        };
        let data = self.with(|i| {
            let j = i.joining.as_ref()?;
            j.doc
                .generate_sync_message(&mut i.state)
                .map(|m| m.encode())
        });
        if let Some(data) = data {
            self.send(Message::Request {
                sender_id: me,
                target_id: relay,
                document_id: doc_id,
                data,
            });
        }
    }

    fn send_presence(self) {
        let Some((relay, doc_id, me, session, count, screen, field)) = self.with(|i| {
            if i.joining.is_some() {
                return None;
            }
            i.ephemeral_count += 1;
            Some((
                i.relay_peer.clone()?,
                i.doc_id?,
                i.peer_id.clone(),
                i.session_id.clone(),
                i.ephemeral_count,
                i.screen.clone(),
                i.field.clone(),
            ))
        }) else {
            return;
        };
        let name = crate::store::current_author().as_str().to_string();
        self.send(Message::Ephemeral {
            sender_id: me,
            target_id: relay,
            document_id: doc_id,
            session_id: session,
            count,
            data: Presence {
                name,
                screen,
                field,
                lead: self.leading.get_untracked(),
                role: prefs::stored_role(),
            }
            .encode(),
        });
    }

    fn expire_participants(self) {
        let cutoff = now() - 25_000.0;
        if self
            .participants
            .with_untracked(|l| l.iter().any(|p| p.seen < cutoff))
        {
            self.participants.update(|l| l.retain(|p| p.seen >= cutoff));
        }
    }
}

/// Asks the relay whether the stored token is the problem (`/sync/check`).
async fn token_refused() -> bool {
    let Some(relay) = prefs::stored_relay() else {
        return false;
    };
    let http = relay
        .url
        .replacen("wss://", "https://", 1)
        .replacen("ws://", "http://", 1);
    let url = format!(
        "{}/check?token={}",
        http.trim_end_matches('/'),
        js_sys::encode_uri_component(&relay.token)
    );
    let Some(w) = web_sys::window() else {
        return false;
    };
    match wasm_bindgen_futures::JsFuture::from(w.fetch_with_str(&url)).await {
        Ok(resp) => resp
            .dyn_into::<web_sys::Response>()
            .is_ok_and(|r| r.status() == 401),
        Err(_) => false,
    }
}

/// The sync client of the app.
pub fn use_sync() -> SyncClient {
    expect_context::<SyncClient>()
}
