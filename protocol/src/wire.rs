//! Wire messages: one CBOR map per WebSocket binary frame, keyed by `type`.
//!
//! Field names and types follow automerge-repo (`network/messages.ts` and the websocket
//! adapter's `messages.ts`). Unknown fields are skipped so that newer peers can add some;
//! unknown types are an error the receiver reports.

use minicbor::{Decoder, Encoder, data::Type};

use crate::DocumentId;

/// What a peer tells about itself in `join` and `peer`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeerMetadata {
    pub storage_id: Option<String>,
    pub is_ephemeral: bool,
}

/// One protocol message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Client → server, first: who I am and which versions I speak.
    Join {
        sender_id: String,
        supported_protocol_versions: Vec<String>,
        metadata: Option<PeerMetadata>,
    },
    /// Server → client, the answer to `join`.
    Peer {
        sender_id: String,
        target_id: String,
        selected_protocol_version: String,
        metadata: Option<PeerMetadata>,
    },
    /// Advisory: the sender is about to disconnect.
    Leave { sender_id: String },
    /// The first sync message for a document the sender does not have yet.
    Request {
        sender_id: String,
        target_id: String,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    /// An automerge sync message for a document.
    Sync {
        sender_id: String,
        target_id: String,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    /// The sender does not have the document (and will not get it).
    DocUnavailable {
        sender_id: String,
        target_id: String,
        document_id: DocumentId,
    },
    /// Application data that is relayed, never stored (presence).
    Ephemeral {
        sender_id: String,
        target_id: String,
        document_id: DocumentId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    },
    /// A protocol error; the sender closes the connection after it.
    Error { message: String },
    /// Kept opaque: the relay neither needs nor forwards these.
    RemoteSubscriptionChange { sender_id: String },
    /// Kept opaque: the relay neither needs nor forwards these.
    RemoteHeadsChanged {
        sender_id: String,
        document_id: DocumentId,
    },
}

/// Why a frame could not be read as a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not a CBOR map: {0}")]
    NotCbor(String),
    #[error("the message has no `type`")]
    MissingType,
    #[error("unknown message type `{0}`")]
    UnknownType(String),
    #[error("`{field}` is missing in a `{kind}` message")]
    MissingField { kind: String, field: &'static str },
    #[error("bad document id: {0}")]
    BadDocumentId(String),
    #[error("`{field}` is longer than {max} bytes")]
    TooLong { field: &'static str, max: usize },
    #[error("more than {max} entries in `{field}`")]
    TooMany { field: &'static str, max: usize },
    #[error("values nested deeper than {MAX_DEPTH} levels")]
    TooDeep,
}

/// Bounds on what one frame may hold, so that a peer cannot make the decoder (and what
/// is logged or echoed from it) allocate far more than the frame itself.
pub const MAX_ID_BYTES: usize = 256;
/// Longest `message` of an `error` accepted.
pub const MAX_TEXT_BYTES: usize = 4096;
/// Most protocol versions a `join` may list (automerge-repo sends one).
pub const MAX_VERSIONS: usize = 16;
/// Deepest nesting of arrays, maps and tags in fields the protocol does not use.
pub const MAX_DEPTH: usize = 16;
/// The CBOR tag cbor-x (the stock JavaScript encoder) puts on a `Uint8Array`.
const TAG_UINT8_ARRAY: u64 = 64;

impl From<minicbor::decode::Error> for DecodeError {
    fn from(e: minicbor::decode::Error) -> Self {
        DecodeError::NotCbor(e.to_string())
    }
}

/// The fields of one map, as read; then checked per type.
#[derive(Default)]
struct Fields {
    kind: Option<String>,
    sender_id: Option<String>,
    target_id: Option<String>,
    document_id: Option<String>,
    data: Option<Vec<u8>>,
    session_id: Option<String>,
    count: Option<u64>,
    message: Option<String>,
    selected_protocol_version: Option<String>,
    supported_protocol_versions: Option<Vec<String>>,
    metadata: Option<PeerMetadata>,
}

/// A text field of at most `max` bytes.
fn text(d: &mut Decoder<'_>, field: &'static str, max: usize) -> Result<String, DecodeError> {
    let s = d.str()?;
    if s.len() > max {
        return Err(DecodeError::TooLong { field, max });
    }
    Ok(s.to_string())
}

/// A byte string, also when tagged as a typed array (what cbor-x writes by default).
fn byte_string(d: &mut Decoder<'_>) -> Result<Vec<u8>, DecodeError> {
    if d.datatype()? == Type::Tag {
        let tag = d.tag()?;
        if tag.as_u64() != TAG_UINT8_ARRAY {
            return Err(DecodeError::NotCbor(format!(
                "`data` tagged {} is not a byte string",
                tag.as_u64()
            )));
        }
    }
    Ok(d.bytes()?.to_vec())
}

/// Skips one value of a field the protocol does not use, refusing deep nesting (the
/// decoder's own `skip` keeps a stack that grows with it).
fn skip(d: &mut Decoder<'_>, depth: usize) -> Result<(), DecodeError> {
    if depth > MAX_DEPTH {
        return Err(DecodeError::TooDeep);
    }
    match d.datatype()? {
        Type::Array | Type::ArrayIndef => match d.array()? {
            // Each element takes at least one byte, so a huge count ends at the input's end.
            Some(n) => (0..n).try_for_each(|_| skip(d, depth + 1)),
            None => indefinite(d, depth, 1),
        },
        Type::Map | Type::MapIndef => match d.map()? {
            Some(n) => (0..n.saturating_mul(2)).try_for_each(|_| skip(d, depth + 1)),
            None => indefinite(d, depth, 2),
        },
        Type::Tag => {
            d.tag()?;
            skip(d, depth + 1)
        }
        _ => Ok(d.skip()?),
    }
}

fn indefinite(d: &mut Decoder<'_>, depth: usize, per_entry: usize) -> Result<(), DecodeError> {
    while d.datatype()? != Type::Break {
        for _ in 0..per_entry {
            skip(d, depth + 1)?;
        }
    }
    Ok(d.skip()?)
}

fn number(d: &mut Decoder<'_>) -> Result<u64, DecodeError> {
    // JavaScript encoders may write whole numbers as floats.
    Ok(match d.datatype()? {
        Type::F16 | Type::F32 | Type::F64 => {
            let f = d.f64()?;
            if f.is_finite() && f >= 0.0 {
                f as u64
            } else {
                0
            }
        }
        Type::Tag => return Err(DecodeError::NotCbor("a tagged number".into())),
        _ => d.u64()?,
    })
}

fn is_null(d: &mut Decoder<'_>) -> Result<bool, DecodeError> {
    Ok(matches!(d.datatype()?, Type::Null | Type::Undefined))
}

fn strings(d: &mut Decoder<'_>) -> Result<Vec<String>, DecodeError> {
    const FIELD: &str = "supportedProtocolVersions";
    let mut out = Vec::new();
    let len = d.array()?;
    loop {
        match len {
            Some(n) if out.len() as u64 >= n => break,
            None if d.datatype()? == Type::Break => {
                d.skip()?;
                break;
            }
            _ => {}
        }
        if out.len() >= MAX_VERSIONS {
            return Err(DecodeError::TooMany {
                field: FIELD,
                max: MAX_VERSIONS,
            });
        }
        out.push(text(d, FIELD, MAX_ID_BYTES)?);
    }
    Ok(out)
}

fn metadata(d: &mut Decoder<'_>) -> Result<Option<PeerMetadata>, DecodeError> {
    if is_null(d)? {
        d.skip()?;
        return Ok(None);
    }
    if !matches!(d.datatype()?, Type::Map | Type::MapIndef) {
        skip(d, 1)?;
        return Ok(None);
    }
    let mut meta = PeerMetadata::default();
    let len = d.map()?;
    let mut i = 0;
    loop {
        match len {
            Some(n) if i >= n => break,
            None if d.datatype()? == Type::Break => {
                d.skip()?;
                break;
            }
            _ => {}
        }
        i += 1;
        if d.datatype()? != Type::String {
            skip(d, 2)?;
            skip(d, 2)?;
            continue;
        }
        let key = text(d, "metadata key", MAX_ID_BYTES)?;
        match key.as_str() {
            "storageId" if d.datatype()? == Type::String => {
                meta.storage_id = Some(text(d, "storageId", MAX_ID_BYTES)?);
            }
            "isEphemeral" if d.datatype()? == Type::Bool => meta.is_ephemeral = d.bool()?,
            _ => skip(d, 2)?,
        }
    }
    Ok(Some(meta))
}

impl Message {
    /// Reads one frame.
    pub fn decode(bytes: &[u8]) -> Result<Message, DecodeError> {
        let mut d = Decoder::new(bytes);
        let len = d.map()?;
        let mut f = Fields::default();
        let mut i = 0;
        loop {
            match len {
                Some(n) if i >= n => break,
                None if d.datatype()? == Type::Break => break,
                _ => {}
            }
            i += 1;
            if d.datatype()? != Type::String {
                skip(&mut d, 1)?;
                skip(&mut d, 1)?;
                continue;
            }
            let key = d.str()?;
            if is_null(&mut d)? {
                d.skip()?;
                continue;
            }
            let id = |d: &mut Decoder<'_>, field| text(d, field, MAX_ID_BYTES).map(Some);
            match key {
                "type" => f.kind = id(&mut d, "type")?,
                "senderId" => f.sender_id = id(&mut d, "senderId")?,
                "targetId" => f.target_id = id(&mut d, "targetId")?,
                "documentId" => f.document_id = id(&mut d, "documentId")?,
                "sessionId" => f.session_id = id(&mut d, "sessionId")?,
                "message" => f.message = Some(text(&mut d, "message", MAX_TEXT_BYTES)?),
                "selectedProtocolVersion" => {
                    f.selected_protocol_version = id(&mut d, "selectedProtocolVersion")?
                }
                "supportedProtocolVersions" => {
                    f.supported_protocol_versions = Some(strings(&mut d)?)
                }
                "data" => f.data = Some(byte_string(&mut d)?),
                "count" => f.count = Some(number(&mut d)?),
                "peerMetadata" | "metadata" => f.metadata = metadata(&mut d)?,
                _ => skip(&mut d, 1)?,
            }
        }
        let kind = f.kind.clone().ok_or(DecodeError::MissingType)?;
        let need = |v: Option<String>, field: &'static str| {
            v.ok_or_else(|| DecodeError::MissingField {
                kind: kind.clone(),
                field,
            })
        };
        let doc = |v: Option<String>| -> Result<DocumentId, DecodeError> {
            let text = need(v, "documentId")?;
            DocumentId::parse(&text).map_err(|e| DecodeError::BadDocumentId(e.to_string()))
        };
        let data = |v: Option<Vec<u8>>| {
            v.ok_or_else(|| DecodeError::MissingField {
                kind: kind.clone(),
                field: "data",
            })
        };
        Ok(match kind.as_str() {
            "join" => Message::Join {
                sender_id: need(f.sender_id, "senderId")?,
                supported_protocol_versions: f.supported_protocol_versions.ok_or_else(|| {
                    DecodeError::MissingField {
                        kind: kind.clone(),
                        field: "supportedProtocolVersions",
                    }
                })?,
                metadata: f.metadata,
            },
            "peer" => Message::Peer {
                sender_id: need(f.sender_id, "senderId")?,
                target_id: need(f.target_id, "targetId")?,
                selected_protocol_version: need(
                    f.selected_protocol_version,
                    "selectedProtocolVersion",
                )?,
                metadata: f.metadata,
            },
            "leave" => Message::Leave {
                sender_id: need(f.sender_id, "senderId")?,
            },
            "request" => Message::Request {
                sender_id: need(f.sender_id, "senderId")?,
                target_id: need(f.target_id, "targetId")?,
                document_id: doc(f.document_id)?,
                data: data(f.data)?,
            },
            "sync" => Message::Sync {
                sender_id: need(f.sender_id, "senderId")?,
                target_id: need(f.target_id, "targetId")?,
                document_id: doc(f.document_id)?,
                data: data(f.data)?,
            },
            "doc-unavailable" => Message::DocUnavailable {
                sender_id: need(f.sender_id, "senderId")?,
                target_id: need(f.target_id, "targetId")?,
                document_id: doc(f.document_id)?,
            },
            "ephemeral" => Message::Ephemeral {
                sender_id: need(f.sender_id, "senderId")?,
                target_id: need(f.target_id, "targetId")?,
                document_id: doc(f.document_id)?,
                session_id: need(f.session_id, "sessionId")?,
                count: f.count.unwrap_or(0),
                data: data(f.data)?,
            },
            "error" => Message::Error {
                message: f.message.unwrap_or_default(),
            },
            "remote-subscription-change" => Message::RemoteSubscriptionChange {
                sender_id: need(f.sender_id, "senderId")?,
            },
            "remote-heads-changed" => Message::RemoteHeadsChanged {
                sender_id: need(f.sender_id, "senderId")?,
                document_id: doc(f.document_id)?,
            },
            other => return Err(DecodeError::UnknownType(other.to_string())),
        })
    }

    /// Writes one frame.
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new(Vec::new());
        // Writing into a Vec cannot fail.
        let _ = self.write(&mut e);
        e.into_writer()
    }

    fn write(
        &self,
        e: &mut Encoder<Vec<u8>>,
    ) -> Result<(), minicbor::encode::Error<std::convert::Infallible>> {
        let meta = |e: &mut Encoder<Vec<u8>>, m: &PeerMetadata| {
            e.str("peerMetadata")?;
            e.map(if m.storage_id.is_some() { 2 } else { 1 })?;
            if let Some(s) = &m.storage_id {
                e.str("storageId")?.str(s)?;
            }
            e.str("isEphemeral")?.bool(m.is_ephemeral)?;
            Ok::<(), minicbor::encode::Error<std::convert::Infallible>>(())
        };
        match self {
            Message::Join {
                sender_id,
                supported_protocol_versions,
                metadata,
            } => {
                e.map(3 + u64::from(metadata.is_some()))?;
                e.str("type")?.str("join")?;
                e.str("senderId")?.str(sender_id)?;
                e.str("supportedProtocolVersions")?
                    .array(supported_protocol_versions.len() as u64)?;
                for v in supported_protocol_versions {
                    e.str(v)?;
                }
                if let Some(m) = metadata {
                    meta(e, m)?;
                }
            }
            Message::Peer {
                sender_id,
                target_id,
                selected_protocol_version,
                metadata,
            } => {
                e.map(4 + u64::from(metadata.is_some()))?;
                e.str("type")?.str("peer")?;
                e.str("senderId")?.str(sender_id)?;
                e.str("targetId")?.str(target_id)?;
                e.str("selectedProtocolVersion")?
                    .str(selected_protocol_version)?;
                if let Some(m) = metadata {
                    meta(e, m)?;
                }
            }
            Message::Leave { sender_id } => {
                e.map(2)?;
                e.str("type")?.str("leave")?;
                e.str("senderId")?.str(sender_id)?;
            }
            Message::Request {
                sender_id,
                target_id,
                document_id,
                data,
            }
            | Message::Sync {
                sender_id,
                target_id,
                document_id,
                data,
            } => {
                let kind = if matches!(self, Message::Request { .. }) {
                    "request"
                } else {
                    "sync"
                };
                e.map(5)?;
                e.str("type")?.str(kind)?;
                e.str("senderId")?.str(sender_id)?;
                e.str("targetId")?.str(target_id)?;
                e.str("documentId")?.str(&document_id.to_string())?;
                e.str("data")?.bytes(data)?;
            }
            Message::DocUnavailable {
                sender_id,
                target_id,
                document_id,
            } => {
                e.map(4)?;
                e.str("type")?.str("doc-unavailable")?;
                e.str("senderId")?.str(sender_id)?;
                e.str("targetId")?.str(target_id)?;
                e.str("documentId")?.str(&document_id.to_string())?;
            }
            Message::Ephemeral {
                sender_id,
                target_id,
                document_id,
                session_id,
                count,
                data,
            } => {
                e.map(7)?;
                e.str("type")?.str("ephemeral")?;
                e.str("senderId")?.str(sender_id)?;
                e.str("targetId")?.str(target_id)?;
                e.str("documentId")?.str(&document_id.to_string())?;
                e.str("sessionId")?.str(session_id)?;
                e.str("count")?.u64(*count)?;
                e.str("data")?.bytes(data)?;
            }
            Message::Error { message } => {
                e.map(2)?;
                e.str("type")?.str("error")?;
                e.str("message")?.str(message)?;
            }
            Message::RemoteSubscriptionChange { sender_id } => {
                e.map(2)?;
                e.str("type")?.str("remote-subscription-change")?;
                e.str("senderId")?.str(sender_id)?;
            }
            Message::RemoteHeadsChanged {
                sender_id,
                document_id,
            } => {
                e.map(3)?;
                e.str("type")?.str("remote-heads-changed")?;
                e.str("senderId")?.str(sender_id)?;
                e.str("documentId")?.str(&document_id.to_string())?;
            }
        }
        Ok(())
    }

    /// The document a message is about, if any.
    pub fn document_id(&self) -> Option<DocumentId> {
        match self {
            Message::Request { document_id, .. }
            | Message::Sync { document_id, .. }
            | Message::DocUnavailable { document_id, .. }
            | Message::Ephemeral { document_id, .. }
            | Message::RemoteHeadsChanged { document_id, .. } => Some(*document_id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> DocumentId {
        DocumentId::from_bytes([3; 16])
    }

    #[test]
    fn every_message_round_trips() {
        let all = vec![
            Message::Join {
                sender_id: "client-1".into(),
                supported_protocol_versions: vec!["1".into()],
                metadata: Some(PeerMetadata {
                    storage_id: Some("s1".into()),
                    is_ephemeral: false,
                }),
            },
            Message::Join {
                sender_id: "client-1".into(),
                supported_protocol_versions: vec!["1".into()],
                metadata: None,
            },
            Message::Peer {
                sender_id: "relay".into(),
                target_id: "client-1".into(),
                selected_protocol_version: "1".into(),
                metadata: Some(PeerMetadata::default()),
            },
            Message::Leave {
                sender_id: "client-1".into(),
            },
            Message::Request {
                sender_id: "a".into(),
                target_id: "b".into(),
                document_id: doc(),
                data: vec![0x42, 1, 2],
            },
            Message::Sync {
                sender_id: "a".into(),
                target_id: "b".into(),
                document_id: doc(),
                data: vec![],
            },
            Message::DocUnavailable {
                sender_id: "a".into(),
                target_id: "b".into(),
                document_id: doc(),
            },
            Message::Ephemeral {
                sender_id: "a".into(),
                target_id: "b".into(),
                document_id: doc(),
                session_id: "sess".into(),
                count: 7,
                data: vec![9],
            },
            Message::Error {
                message: "nope".into(),
            },
        ];
        for m in all {
            assert_eq!(Message::decode(&m.encode()), Ok(m.clone()), "{m:?}");
        }
    }

    #[test]
    fn tolerates_what_javascript_encoders_write() {
        // {"type":"ephemeral", ..., "count": 3.0 (float), "extra": [1], "targetId": ...}
        let mut e = Encoder::new(Vec::new());
        e.map(8).expect("cbor");
        e.str("type").expect("cbor").str("ephemeral").expect("cbor");
        e.str("senderId").expect("cbor").str("a").expect("cbor");
        e.str("targetId").expect("cbor").str("b").expect("cbor");
        e.str("documentId")
            .expect("cbor")
            .str(&doc().to_string())
            .expect("cbor");
        e.str("sessionId").expect("cbor").str("s").expect("cbor");
        e.str("count").expect("cbor").f64(3.0).expect("cbor");
        e.str("extra")
            .expect("cbor")
            .array(1)
            .expect("cbor")
            .u8(1)
            .expect("cbor");
        e.str("data").expect("cbor").bytes(&[1]).expect("cbor");
        let m = Message::decode(&e.into_writer()).expect("decodes");
        assert!(matches!(m, Message::Ephemeral { count: 3, .. }));
    }

    #[test]
    fn refuses_garbage_with_a_reason() {
        assert!(matches!(
            Message::decode(b"hello"),
            Err(DecodeError::NotCbor(_))
        ));
        assert!(matches!(Message::decode(&[]), Err(DecodeError::NotCbor(_))));
        let mut e = Encoder::new(Vec::new());
        e.map(1)
            .expect("cbor")
            .str("type")
            .expect("cbor")
            .str("gossip")
            .expect("cbor");
        assert_eq!(
            Message::decode(&e.into_writer()),
            Err(DecodeError::UnknownType("gossip".into()))
        );
        let mut e = Encoder::new(Vec::new());
        e.map(2).expect("cbor");
        e.str("type").expect("cbor").str("sync").expect("cbor");
        e.str("senderId").expect("cbor").str("a").expect("cbor");
        assert!(matches!(
            Message::decode(&e.into_writer()),
            Err(DecodeError::MissingField { .. })
        ));
        let mut e = Encoder::new(Vec::new());
        e.map(5).expect("cbor");
        e.str("type").expect("cbor").str("sync").expect("cbor");
        e.str("senderId").expect("cbor").str("a").expect("cbor");
        e.str("targetId").expect("cbor").str("b").expect("cbor");
        e.str("documentId")
            .expect("cbor")
            .str("../../etc")
            .expect("cbor");
        e.str("data").expect("cbor").bytes(&[]).expect("cbor");
        assert!(matches!(
            Message::decode(&e.into_writer()),
            Err(DecodeError::BadDocumentId(_))
        ));
    }

    fn sync_frame_with(extra: impl FnOnce(&mut Encoder<Vec<u8>>)) -> Vec<u8> {
        let mut e = Encoder::new(Vec::new());
        e.begin_map().expect("cbor");
        e.str("type").expect("cbor").str("sync").expect("cbor");
        e.str("senderId").expect("cbor").str("a").expect("cbor");
        e.str("targetId").expect("cbor").str("b").expect("cbor");
        e.str("documentId")
            .expect("cbor")
            .str(&doc().to_string())
            .expect("cbor");
        extra(&mut e);
        e.end().expect("cbor");
        e.into_writer()
    }

    // Regression (issue 14): a join listing 16 M empty versions took 597 MB and was
    // echoed back as a 64 MiB error.
    #[test]
    fn a_join_with_millions_of_versions_is_refused_after_a_few() {
        let mut e = Encoder::new(Vec::new());
        e.map(3).expect("cbor");
        e.str("type").expect("cbor").str("join").expect("cbor");
        e.str("senderId").expect("cbor").str("a").expect("cbor");
        e.str("supportedProtocolVersions").expect("cbor");
        e.array(16_000_000).expect("cbor");
        let mut bytes = e.into_writer();
        bytes.extend(std::iter::repeat_n(0x60, 16_000_000));
        let err = Message::decode(&bytes).expect_err("refused");
        assert_eq!(
            err,
            DecodeError::TooMany {
                field: "supportedProtocolVersions",
                max: MAX_VERSIONS
            }
        );
        assert!(err.to_string().len() < 100);
    }

    // Regression (issue 14): nested arrays in an unknown field made the decoder's skip
    // stack grow to 276 MB.
    #[test]
    fn deeply_nested_unknown_fields_are_refused() {
        for open in [0x9f_u8, 0x81, 0xbf, 0xc1] {
            let bytes = sync_frame_with(|e| {
                e.str("extra").expect("cbor");
                let w = e.writer_mut();
                w.extend(std::iter::repeat_n(open, 1_000_000));
            });
            assert_eq!(
                Message::decode(&bytes),
                Err(DecodeError::TooDeep),
                "{open:x}"
            );
        }
        // Shallow unknown values are still skipped.
        let bytes = sync_frame_with(|e| {
            e.str("extra").expect("cbor");
            e.begin_array().expect("cbor").array(1).expect("cbor");
            e.map(1)
                .expect("cbor")
                .u8(1)
                .expect("cbor")
                .u8(2)
                .expect("cbor");
            e.end().expect("cbor");
            e.str("data").expect("cbor").bytes(&[1]).expect("cbor");
        });
        assert!(matches!(Message::decode(&bytes), Ok(Message::Sync { .. })));
    }

    // Regression (issue 14): a 16 MiB `type` came back as a 16 MiB error and log line.
    #[test]
    fn huge_ids_and_types_are_refused_without_echoing_them() {
        let mut e = Encoder::new(Vec::new());
        e.map(1).expect("cbor");
        let huge = "x".repeat(16 * 1024 * 1024);
        e.str("type").expect("cbor").str(&huge).expect("cbor");
        let err = Message::decode(&e.into_writer()).expect_err("refused");
        assert_eq!(
            err,
            DecodeError::TooLong {
                field: "type",
                max: MAX_ID_BYTES
            }
        );
        let bytes = sync_frame_with(|e| {
            e.str("sessionId").expect("cbor").str(&huge).expect("cbor");
        });
        assert!(
            Message::decode(&bytes)
                .expect_err("refused")
                .to_string()
                .len()
                < 100
        );
    }

    // cbor-x (the stock JavaScript encoder) tags a Uint8Array with 64 by default.
    #[test]
    fn byte_strings_tagged_as_typed_arrays_are_accepted() {
        let bytes = sync_frame_with(|e| {
            e.str("data").expect("cbor");
            e.tag(minicbor::data::Tag::new(64)).expect("cbor");
            e.bytes(&[0x42, 0]).expect("cbor");
        });
        assert!(matches!(
            Message::decode(&bytes),
            Ok(Message::Sync { data, .. }) if data == vec![0x42, 0]
        ));
        let bytes = sync_frame_with(|e| {
            e.str("data").expect("cbor");
            e.tag(minicbor::data::Tag::new(1)).expect("cbor");
            e.bytes(&[0x42]).expect("cbor");
        });
        assert!(matches!(
            Message::decode(&bytes),
            Err(DecodeError::NotCbor(_))
        ));
    }
}
