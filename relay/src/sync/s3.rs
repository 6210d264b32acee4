//! Documents on S3-compatible object storage, so that several relay processes can serve
//! from one store (see `docs/relay-scaling.md`). Object keys follow the file layout:
//! `<prefix><first two characters of the id>/<rest>/{snapshot,incremental}/<name>`.
//!
//! The same rules as on disk hold: a PUT makes an object appear whole or not at all, a
//! new snapshot is stored before the chunks it replaces are deleted, and an instance
//! deletes only chunks it has read or written itself, so two instances compacting one
//! document never delete each other's newer chunks.
//!
//! Requests are signed (AWS signature v4, by `rusty-s3`) and sent over plain HTTP by
//! hyper; an `https` endpoint needs a TLS-terminating proxy in front (TLS is not built
//! in yet). Calls block: the document tasks run on blocking threads.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use kam_protocol::DocumentId;
use rusty_s3::{
    Bucket, Credentials, S3Action, UrlStyle,
    actions::{DeleteObject, GetObject, ListObjectsV2, PutObject},
};

use super::storage::{Chunk, ChunkKind, ChunkStore};

/// Where the objects live.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    /// e.g. `http://127.0.0.1:9000`
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    /// Put before every key, e.g. `kam/` (may be empty).
    pub prefix: String,
    pub access_key: String,
    pub secret_key: String,
}

impl std::fmt::Debug for S3Config {
    // The secret never goes into a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key", &self.access_key)
            .finish_non_exhaustive()
    }
}

/// Why the object store cannot be used as configured.
#[derive(Debug, thiserror::Error)]
pub enum S3ConfigError {
    #[error("`{0}` is not an http:// address of an S3-compatible store")]
    BadEndpoint(String),
    #[error("https endpoints need a TLS-terminating proxy in front of the relay for now")]
    NoTls,
}

/// A [`ChunkStore`] on an S3-compatible bucket.
pub struct S3Store {
    bucket: Bucket,
    credentials: Credentials,
    prefix: String,
    client: Client<HttpConnector, Full<Bytes>>,
    runtime: tokio::runtime::Handle,
}

const SIGNED_FOR: Duration = Duration::from_secs(300);
const TIMEOUT: Duration = Duration::from_secs(30);
/// The largest object read back: a document's chunk is bounded by what the relay wrote.
const MAX_OBJECT_BYTES: usize = 1 << 30;

fn io(what: &str, e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("object store, {what}: {e}"))
}

impl S3Store {
    /// Call inside the Tokio runtime (requests are sent on it).
    pub fn new(config: S3Config) -> Result<S3Store, S3ConfigError> {
        let url: url::Url = config
            .endpoint
            .parse()
            .map_err(|_| S3ConfigError::BadEndpoint(config.endpoint.clone()))?;
        match url.scheme() {
            "http" => {}
            "https" => return Err(S3ConfigError::NoTls),
            _ => return Err(S3ConfigError::BadEndpoint(config.endpoint.clone())),
        }
        let bucket = Bucket::new(url, UrlStyle::Path, config.bucket, config.region)
            .map_err(|_| S3ConfigError::BadEndpoint(config.endpoint.clone()))?;
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| S3ConfigError::BadEndpoint("no runtime".into()))?;
        Ok(S3Store {
            bucket,
            credentials: Credentials::new(config.access_key, config.secret_key),
            prefix: config.prefix,
            client: Client::builder(TokioExecutor::new()).build_http(),
            runtime,
        })
    }

    fn dir(&self, id: &DocumentId) -> String {
        let name = id.to_string();
        let (head, rest) = name.split_at(2.min(name.len()));
        format!("{}{head}/{rest}/", self.prefix)
    }

    fn key(&self, id: &DocumentId, kind: ChunkKind, name: &str) -> String {
        let folder = match kind {
            ChunkKind::Snapshot => "snapshot",
            ChunkKind::Incremental => "incremental",
        };
        format!("{}{folder}/{name}", self.dir(id))
    }

    /// Sends one signed request and returns status and body.
    fn send(
        &self,
        method: hyper::Method,
        url: url::Url,
        body: Vec<u8>,
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let request = hyper::Request::builder()
            .method(method)
            .uri(url.as_str())
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| io("request", e))?;
        let client = self.client.clone();
        self.runtime.block_on(async move {
            let response = tokio::time::timeout(TIMEOUT, client.request(request))
                .await
                .map_err(|_| io("request", "timed out"))?
                .map_err(|e| io("request", e))?;
            let status = response.status().as_u16();
            let body = http_body_util::Limited::new(response.into_body(), MAX_OBJECT_BYTES);
            let bytes = tokio::time::timeout(TIMEOUT, body.collect())
                .await
                .map_err(|_| io("reading", "timed out"))?
                .map_err(|e| io("reading", e))?
                .to_bytes();
            Ok((status, bytes.to_vec()))
        })
    }

    fn list(&self, prefix: &str) -> std::io::Result<Vec<String>> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut action = ListObjectsV2::new(&self.bucket, Some(&self.credentials));
            action.with_prefix(prefix);
            if let Some(t) = &token {
                action.with_continuation_token(t.clone());
            }
            let (status, body) =
                self.send(hyper::Method::GET, action.sign(SIGNED_FOR), Vec::new())?;
            let text = String::from_utf8_lossy(&body);
            if status != 200 {
                return Err(io(
                    "listing",
                    format!("status {status}: {}", super::short(&text)),
                ));
            }
            // Some S3 clones (s3rver among them) write another XML namespace than S3;
            // the parser insists on S3's.
            let text = text.replace(
                "xmlns=\"http://doc.s3.amazonaws.com/2006-03-01/\"",
                "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"",
            );
            let page = ListObjectsV2::parse_response(&text).map_err(|e| io("listing", e))?;
            keys.extend(page.contents.into_iter().map(|c| c.key));
            match page.next_continuation_token {
                Some(next) if token.as_ref() != Some(&next) => token = Some(next),
                _ => return Ok(keys),
            }
        }
    }
}

impl ChunkStore for S3Store {
    fn load(&self, id: &DocumentId) -> std::io::Result<Vec<Chunk>> {
        let dir = self.dir(id);
        let mut keys = self.list(&dir)?;
        keys.sort();
        let mut chunks = Vec::new();
        for key in keys {
            let rest = &key[dir.len().min(key.len())..];
            let (kind, name) = match rest.split_once('/') {
                Some(("snapshot", name)) => (ChunkKind::Snapshot, name),
                Some(("incremental", name)) => (ChunkKind::Incremental, name),
                _ => continue,
            };
            let action = GetObject::new(&self.bucket, Some(&self.credentials), &key);
            match self.send(hyper::Method::GET, action.sign(SIGNED_FOR), Vec::new()) {
                Ok((200, bytes)) => chunks.push(Chunk {
                    kind,
                    name: name.to_string(),
                    bytes,
                }),
                // Deleted by another instance's compaction since the listing: its
                // snapshot (listed too, or newer) holds what it had.
                Ok((404, _)) => {}
                Ok((status, _)) => {
                    return Err(io("reading", format!("status {status} for {key}")));
                }
                Err(e) => return Err(e),
            }
        }
        // Snapshots first, as on disk.
        chunks.sort_by_key(|c| c.kind != ChunkKind::Snapshot);
        Ok(chunks)
    }

    fn put(&self, id: &DocumentId, chunk: &Chunk) -> std::io::Result<()> {
        let key = self.key(id, chunk.kind, &chunk.name);
        let action = PutObject::new(&self.bucket, Some(&self.credentials), &key);
        let (status, body) = self.send(
            hyper::Method::PUT,
            action.sign(SIGNED_FOR),
            chunk.bytes.clone(),
        )?;
        if status == 200 {
            Ok(())
        } else {
            Err(io(
                "writing",
                format!(
                    "status {status}: {}",
                    super::short(&String::from_utf8_lossy(&body))
                ),
            ))
        }
    }

    fn delete(&self, id: &DocumentId, chunks: &[(ChunkKind, String)]) -> std::io::Result<()> {
        for (kind, name) in chunks {
            let key = self.key(id, *kind, name);
            let action = DeleteObject::new(&self.bucket, Some(&self.credentials), &key);
            let (status, _) =
                self.send(hyper::Method::DELETE, action.sign(SIGNED_FOR), Vec::new())?;
            if !matches!(status, 200 | 204 | 404) {
                return Err(io("deleting", format!("status {status} for {key}")));
            }
        }
        Ok(())
    }
}
