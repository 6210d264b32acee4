//! The last known model of a workspace, kept beside its stored chunks, so that a start
//! shows the workspace at once while its document loads (loading the large fixture's
//! document is one long task of a few hundred milliseconds).
//!
//! A cached model is current only for exactly the chunks it was made from. Chunk keys
//! name the heads of what they hold, so the same set of keys is the same document; any
//! other set (a change stored after the model, by this tab or another, or a compaction
//! the model did not see) makes it stale, and a stale model is never shown: the start
//! waits for the document instead. A model written by another build of the app (whose
//! model may read differently) is not used either.

use crate::model::Workspace;

/// FNV-1a, at compile time: a fingerprint of the model's source.
const fn fingerprint(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// The layout of a cached model: changes with every change to the model's types and to
/// the code that reads them from the document (their source), so that a cache written
/// by an older or newer app is ignored, not misread: the app takes a current cache as
/// the document's model without reading the document again.
pub const FORMAT: u64 = fingerprint(concat!(
    include_str!("model.rs"),
    include_str!("snapshot.rs"),
    include_str!("json_cursor.rs")
));

/// What is stored: one header line, then the model as JSON.
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    format: u64,
    chunk_keys: Vec<String>,
}

/// A cached model and the chunks it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelCache {
    pub chunk_keys: Vec<String>,
    pub workspace: Workspace,
}

impl ModelCache {
    /// The bytes to store for `workspace`, the model of exactly the chunks `chunk_keys`.
    pub fn encode(chunk_keys: &[String], workspace: &Workspace) -> Vec<u8> {
        let header = Header {
            format: FORMAT,
            chunk_keys: chunk_keys.to_vec(),
        };
        // Plain data: serialising to JSON cannot fail; an empty cache is simply unused.
        // Pretty, as the JSON export writes it: one serialiser of the model in the wasm.
        let (Ok(mut bytes), Ok(model)) = (
            serde_json::to_vec(&header),
            serde_json::to_vec_pretty(workspace),
        ) else {
            return Vec::new();
        };
        bytes.push(b'\n');
        bytes.extend_from_slice(&model);
        bytes
    }

    /// Reads stored bytes; `None` when they are damaged or of another format (the start
    /// then simply waits for the document).
    pub fn decode(bytes: &[u8]) -> Option<ModelCache> {
        let split = bytes.iter().position(|&b| b == b'\n')?;
        let header: Header = serde_json::from_slice(&bytes[..split]).ok()?;
        if header.format != FORMAT {
            return None;
        }
        let workspace = crate::snapshot::workspace_from_json(&bytes[split + 1..]).ok()?;
        Some(ModelCache {
            chunk_keys: header.chunk_keys,
            workspace,
        })
    }

    /// Whether this model is the stored document's: made from exactly the chunks stored
    /// now (in any order).
    pub fn is_current_for(&self, stored_keys: &[String]) -> bool {
        let mut mine: Vec<&str> = self.chunk_keys.iter().map(String::as_str).collect();
        let mut stored: Vec<&str> = stored_keys.iter().map(String::as_str).collect();
        crate::order::sort(&mut mine);
        crate::order::sort(&mut stored);
        !stored.is_empty() && mine == stored
    }
}
