//! The automerge-repo WebSocket protocol, as stock automerge-repo peers (the JavaScript
//! library, samod) speak it: CBOR maps with a `type` field, one per binary frame.
//!
//! Plain Rust without I/O, so that the relay (tokio) and the app (wasm32, browser
//! WebSocket) share one definition of the wire format and one set of tests.

pub mod answer;
pub mod doc_id;
pub mod liveness;
pub mod presence;
pub mod wire;

pub use doc_id::DocumentId;
pub use presence::Presence;
pub use wire::{DecodeError, Message, PeerMetadata};

/// The only protocol version automerge-repo speaks today.
pub const PROTOCOL_VERSION: &str = "1";
