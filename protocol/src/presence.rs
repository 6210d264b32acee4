//! Presence in a workshop: who has the workspace open and on which screen. Sent as the
//! payload of automerge-repo `ephemeral` messages (relayed, never stored).

use minicbor::{Decoder, Encoder};

/// What one participant shows the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    /// The display name (as changes are signed).
    pub name: String,
    /// The app path the participant is on, e.g. `/rollout/plan`.
    pub screen: String,
}

impl Presence {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new(Vec::new());
        // Writing into a Vec cannot fail.
        let _ = e
            .map(3)
            .and_then(|e| e.str("kind"))
            .and_then(|e| e.str("kam-presence"))
            .and_then(|e| e.str("name"))
            .and_then(|e| e.str(&self.name))
            .and_then(|e| e.str("screen"))
            .and_then(|e| e.str(&self.screen));
        e.into_writer()
    }

    /// `None` for anything that is not our presence payload (other apps may send
    /// ephemeral messages on the same document).
    pub fn decode(bytes: &[u8]) -> Option<Presence> {
        let mut d = Decoder::new(bytes);
        let n = d.map().ok()??;
        let (mut kind, mut name, mut screen) = (None, None, None);
        for _ in 0..n {
            let key = d.str().ok()?;
            match key {
                "kind" => kind = Some(d.str().ok()?.to_string()),
                "name" => name = Some(d.str().ok()?.chars().take(60).collect::<String>()),
                "screen" => screen = Some(d.str().ok()?.chars().take(200).collect::<String>()),
                _ => d.skip().ok()?,
            }
        }
        (kind.as_deref() == Some("kam-presence")).then_some(())?;
        Some(Presence {
            name: name?,
            screen: screen.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_ignores_foreign_payloads() {
        let p = Presence {
            name: "Anna Keller".into(),
            screen: "/rollout/plan".into(),
        };
        assert_eq!(Presence::decode(&p.encode()), Some(p));
        assert_eq!(Presence::decode(b"{\"cursor\":1}"), None);
        assert_eq!(Presence::decode(&[]), None);
    }
}
