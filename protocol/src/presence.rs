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
    /// The field the participant is editing now, as the app names fields
    /// (`Actions/ka-c1/a7/title`); others mark it before anyone types over it.
    pub field: Option<String>,
    /// The participant leads the workshop: others may follow them from screen to screen.
    pub lead: bool,
    /// Their role on the board as they gave it ("Geschäftsführerin"), if any.
    pub role: Option<String>,
}

/// Longest field name accepted from a peer (longer ones are cut).
const MAX_FIELD_CHARS: usize = 300;

impl Presence {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new(Vec::new());
        // Writing into a Vec cannot fail.
        let entries = 3
            + u64::from(self.field.is_some())
            + u64::from(self.lead)
            + u64::from(self.role.is_some());
        let _ = e
            .map(entries)
            .and_then(|e| e.str("kind"))
            .and_then(|e| e.str("kam-presence"))
            .and_then(|e| e.str("name"))
            .and_then(|e| e.str(&self.name))
            .and_then(|e| e.str("screen"))
            .and_then(|e| e.str(&self.screen));
        if let Some(field) = &self.field {
            let _ = e.str("field").and_then(|e| e.str(field));
        }
        if self.lead {
            let _ = e.str("lead").and_then(|e| e.bool(true));
        }
        if let Some(role) = &self.role {
            let _ = e.str("role").and_then(|e| e.str(role));
        }
        e.into_writer()
    }

    /// `None` for anything that is not our presence payload (other apps may send
    /// ephemeral messages on the same document).
    pub fn decode(bytes: &[u8]) -> Option<Presence> {
        let mut d = Decoder::new(bytes);
        let n = d.map().ok()??;
        let (mut kind, mut name, mut screen, mut field) = (None, None, None, None);
        let mut lead = false;
        let mut role = None;
        for _ in 0..n {
            let key = d.str().ok()?;
            match key {
                "kind" => kind = Some(d.str().ok()?.to_string()),
                "name" => name = Some(d.str().ok()?.chars().take(60).collect::<String>()),
                "screen" => screen = Some(d.str().ok()?.chars().take(200).collect::<String>()),
                "field" => {
                    field = Some(
                        d.str()
                            .ok()?
                            .chars()
                            .take(MAX_FIELD_CHARS)
                            .collect::<String>(),
                    )
                }
                "lead" => lead = d.bool().ok()?,
                "role" => role = Some(d.str().ok()?.chars().take(80).collect::<String>()),
                _ => d.skip().ok()?,
            }
        }
        (kind.as_deref() == Some("kam-presence")).then_some(())?;
        Some(Presence {
            name: name?,
            screen: screen.unwrap_or_default(),
            field: field.filter(|f| !f.is_empty()),
            lead,
            role: role.filter(|r| !r.is_empty()),
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
            field: None,
            lead: false,
            role: Some("Geschäftsführerin".into()),
        };
        assert_eq!(Presence::decode(&p.encode()), Some(p));
        let leading = Presence {
            lead: true,
            ..Presence::decode(
                &Presence {
                    name: "Anna".into(),
                    screen: "/customers/criteria".into(),
                    field: Some("Criteria/k1/name".into()),
                    lead: false,
                    role: None,
                }
                .encode(),
            )
            .expect("decodes")
        };
        assert_eq!(Presence::decode(&leading.encode()), Some(leading));
        let editing = Presence {
            field: Some("Milestones/m1/title".into()),
            ..Presence::decode(
                &Presence {
                    name: "Beat".into(),
                    screen: "/rollout/plan".into(),
                    field: None,
                    lead: false,
                    role: None,
                }
                .encode(),
            )
            .expect("decodes")
        };
        assert_eq!(Presence::decode(&editing.encode()), Some(editing));
        assert_eq!(Presence::decode(b"{\"cursor\":1}"), None);
        assert_eq!(Presence::decode(&[]), None);
    }
}
