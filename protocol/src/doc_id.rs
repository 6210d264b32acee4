//! Document ids as automerge-repo writes them: 16 random bytes in base58check
//! (`automerge:` URLs carry the same string).

use std::fmt;

/// The id of a shared document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId([u8; 16]);

/// Why a string is not a document id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an automerge document id")]
pub struct BadDocumentId(pub String);

impl DocumentId {
    pub fn from_bytes(bytes: [u8; 16]) -> DocumentId {
        DocumentId(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Parses the base58check form, with or without the `automerge:` prefix.
    pub fn parse(text: &str) -> Result<DocumentId, BadDocumentId> {
        let bad = || BadDocumentId(text.chars().take(80).collect());
        let raw = text.strip_prefix("automerge:").unwrap_or(text);
        let bytes = bs58::decode(raw).into_vec().map_err(|_| bad())?;
        // 16 bytes of id, then 4 bytes of checksum.
        let (payload, check) = bytes.split_at_checked(16).ok_or_else(bad)?;
        if check.len() != 4 || check != checksum(payload) {
            return Err(bad());
        }
        let bytes: [u8; 16] = payload.try_into().map_err(|_| bad())?;
        Ok(DocumentId(bytes))
    }

    /// The `automerge:` URL of this document.
    pub fn url(&self) -> String {
        format!("automerge:{self}")
    }
}

/// base58check's checksum: the first 4 bytes of SHA-256 applied twice.
fn checksum(payload: &[u8]) -> [u8; 4] {
    use sha2::{Digest, Sha256};
    let twice = Sha256::digest(Sha256::digest(payload));
    [twice[0], twice[1], twice[2], twice[3]]
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = self.0.to_vec();
        bytes.extend_from_slice(&checksum(&self.0));
        f.write_str(&bs58::encode(bytes).into_string())
    }
}

impl std::str::FromStr for DocumentId {
    type Err = BadDocumentId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocumentId::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_an_id() {
        let id = DocumentId::from_bytes([7; 16]);
        let text = id.to_string();
        assert_eq!(DocumentId::parse(&text), Ok(id));
        assert_eq!(DocumentId::parse(&id.url()), Ok(id));
        // One character changed: the checksum no longer fits.
        let mut broken: Vec<char> = text.chars().collect();
        broken[3] = if broken[3] == 'a' { 'b' } else { 'a' };
        let broken: String = broken.into_iter().collect();
        assert!(DocumentId::parse(&broken).is_err());
        assert!(DocumentId::parse("").is_err());
        assert!(DocumentId::parse("../../etc/passwd").is_err());
        // Valid base58check, wrong length.
        let mut eight = vec![1u8; 8];
        eight.extend_from_slice(&checksum(&[1u8; 8]));
        let short = bs58::encode(eight).into_string();
        assert!(DocumentId::parse(&short).is_err());
    }

    #[test]
    fn reads_an_id_made_by_automerge_repo() {
        // From automerge-repo's own tests: a documentId of a new repo document.
        let id = DocumentId::parse("automerge:4NMNnkMhL8jXrdJ9jamS58PAVdXu").expect("id");
        assert_eq!(id.to_string(), "4NMNnkMhL8jXrdJ9jamS58PAVdXu");
    }
}
