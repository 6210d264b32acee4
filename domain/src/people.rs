//! Who can manage key accounts and who manages which (DOMAIN.md steps 4 and 6; ground
//! rules 4, 7, 8, 9, 10): the requirement profile, candidates' fit against it, workload
//! against capacity, and the warnings the management should act on.

use std::collections::HashMap;

use crate::model::*;

/// The suggested starting profile: (German name, English name, weight, required level);
/// the team edits the list afterwards.
const SUGGESTED_REQUIREMENTS: [(&str, &str, u64, u8); 7] = [
    ("Strategisches Denken", "Strategic thinking", 3, 4),
    ("Verhandlungsgeschick", "Negotiation", 2, 4),
    ("Projektleitung", "Project leadership", 2, 3),
    ("Branchenkenntnis", "Industry knowledge", 2, 3),
    (
        "Standing im eigenen Unternehmen",
        "Standing inside the company",
        2,
        4,
    ),
    ("Kundenorientierung", "Customer orientation", 3, 4),
    (
        "Betriebswirtschaftliches Verständnis",
        "Business acumen",
        1,
        3,
    ),
];

/// The suggested requirement profile as one change, named in the content `language`,
/// after the requirements already there.
pub fn suggested_requirements(
    ws: &Workspace,
    language: crate::method::Language,
    mut new_id: impl FnMut() -> String,
) -> crate::command::Command {
    use crate::command::{Command, Item, ListRef};
    use crate::method::Language::{De, En};
    let start = crate::rank::after_last(ws.requirements.iter().map(|r| r.rank));
    let insert = |(i, (de, en, weight, level)): (usize, (&str, &str, u64, u8))| {
        let name = match language {
            De => de,
            En => en,
        };
        Command::Insert {
            list: ListRef::Requirements,
            item: Item::Requirement(Requirement {
                id: new_id(),
                rank: start + i as f64,
                name: name.to_string(),
                weight,
                required_level: level,
            }),
        }
    };
    Command::Batch(
        SUGGESTED_REQUIREMENTS
            .into_iter()
            .enumerate()
            .map(insert)
            .collect(),
    )
}

/// The requirements in the team's order.
pub fn requirements_in_order(ws: &Workspace) -> Vec<&Requirement> {
    crate::rank::sorted(&ws.requirements)
}

/// One requirement a candidate does not (yet) meet.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub requirement_id: String,
    /// The level reached; `None` when not assessed.
    pub level: Option<u8>,
    pub required: u8,
}

/// How well an assessment fits the profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// 0–100: the weighted share of the required levels reached (levels above the
    /// requirement do not make up for gaps elsewhere).
    pub percent: f64,
    /// Requirements below the required level, the weightiest shortfall first.
    pub gaps: Vec<Gap>,
}

/// How a fit reads at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitBand {
    /// 80 % or more: fits the profile.
    Good,
    /// 60 % to under 80 %: fits with training.
    Fair,
    /// Under 60 %.
    Weak,
}

impl Fit {
    pub fn band(&self) -> FitBand {
        band(self.percent)
    }
}

/// The band of a fit of `percent` (0–100).
pub fn band(percent: f64) -> FitBand {
    if percent >= 80.0 {
        FitBand::Good
    } else if percent >= 60.0 {
        FitBand::Fair
    } else {
        FitBand::Weak
    }
}

/// The fit of one assessment against the profile. A requirement not assessed counts as
/// level 0 and is named as a gap.
pub fn fit(requirements: &[&Requirement], assessment: &Assessment) -> Fit {
    let level_of = |id: &str| {
        assessment
            .levels
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.level)
    };
    let mut reached = 0.0;
    let mut total = 0.0;
    let mut gaps = Vec::new();
    for r in requirements {
        let required = r.required_level.max(1);
        let level = level_of(&r.id);
        let got = f64::from(level.unwrap_or(0).min(required));
        reached += r.weight as f64 * got / f64::from(required);
        total += r.weight as f64;
        if level.is_none_or(|l| l < required) {
            gaps.push((
                r.weight,
                Gap {
                    requirement_id: r.id.clone(),
                    level,
                    required,
                },
            ));
        }
    }
    crate::order::sort_by(&mut gaps, |(wa, a), (wb, b)| {
        let short = |w: &u64, g: &Gap| *w * u64::from(g.required - g.level.unwrap_or(0));
        short(wb, b)
            .cmp(&short(wa, a))
            .then(a.requirement_id.cmp(&b.requirement_id))
    });
    Fit {
        percent: if total > 0.0 {
            reached * 100.0 / total
        } else {
            0.0
        },
        gaps: gaps.into_iter().map(|(_, g)| g).collect(),
    }
}

/// Each person's latest assessment (by date, then the order they were made in).
pub fn latest_assessments(ws: &Workspace) -> HashMap<&str, &Assessment> {
    let mut latest: HashMap<&str, &Assessment> = HashMap::new();
    for a in &ws.assessments {
        match latest.get(a.person_id.as_str()) {
            Some(seen) if seen.date > a.date => {}
            _ => {
                latest.insert(&a.person_id, a);
            }
        }
    }
    latest
}

/// Candidates with their latest fit, best first.
pub fn ranking(ws: &Workspace) -> Vec<(&Person, &Assessment, Fit)> {
    let reqs = requirements_in_order(ws);
    let latest = latest_assessments(ws);
    let mut list: Vec<(&Person, &Assessment, Fit)> = ws
        .people
        .iter()
        .filter_map(|p| latest.get(p.id.as_str()).map(|a| (p, *a, fit(&reqs, a))))
        .collect();
    crate::order::sort_by(&mut list, |a, b| {
        b.2.percent
            .total_cmp(&a.2.percent)
            .then(a.0.name.cmp(&b.0.name))
    });
    list
}

/// Definitive key accounts (those the responsibilities are about).
pub fn definitive_accounts(ws: &Workspace) -> Vec<(&KeyAccount, &Customer)> {
    crate::selection::key_accounts_ranked(ws)
}

/// How many definitive key accounts a person carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub person_id: String,
    /// Accounts this person is responsible for.
    pub responsible: usize,
    /// Accounts where this person is deputy or assistant.
    pub deputy: usize,
    /// Of the responsible ones, those the managing director looks after personally.
    pub managing_director: usize,
    pub capacity: u64,
}

impl Load {
    pub fn over_capacity(&self) -> bool {
        self.responsible as u64 > self.capacity
    }
}

/// Everyone's load, in the directory's order.
pub fn workload(ws: &Workspace) -> Vec<Load> {
    let accounts = definitive_accounts(ws);
    ws.people
        .iter()
        .map(|p| {
            let mine = |k: &&(&KeyAccount, &Customer)| k.0.manager_id.as_deref() == Some(&p.id);
            Load {
                person_id: p.id.clone(),
                responsible: accounts.iter().filter(mine).count(),
                deputy: accounts
                    .iter()
                    .filter(|(k, _)| k.deputy_id.as_deref() == Some(&p.id))
                    .count(),
                managing_director: accounts
                    .iter()
                    .filter(mine)
                    .filter(|(k, _)| k.managing_director_account)
                    .count(),
                capacity: p.capacity,
            }
        })
        .collect()
}

/// Something the management should act on.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// A definitive key account nobody is responsible for (or whose person was removed).
    NoManager { key_account_id: String },
    /// Someone responsible for more accounts than they can carry.
    OverCapacity {
        person_id: String,
        load: usize,
        capacity: u64,
    },
    /// Someone responsible for a key account without a completed KAM training
    /// ("do not save on training", ground rule 7).
    NoTraining { person_id: String },
    /// Someone responsible for a key account whose latest assessment falls short of the
    /// requirement profile (under 80 %, "not every top salesperson is a key account
    /// manager"): how well they fit and in how many requirements they fall short.
    BelowProfile {
        person_id: String,
        percent: u32,
        gaps: usize,
    },
}

/// Whether a person has completed a training.
pub fn trained(person: &Person) -> bool {
    person.trainings.iter().any(|t| t.status == Status::Done)
}

/// All warnings: accounts without a manager first, then people over capacity, then
/// people without training, then people below the requirement profile.
pub fn warnings(ws: &Workspace) -> Vec<Warning> {
    let people: HashMap<&str, &Person> = ws.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut out: Vec<Warning> = definitive_accounts(ws)
        .into_iter()
        .filter(|(k, _)| {
            k.manager_id
                .as_deref()
                .is_none_or(|m| !people.contains_key(m))
        })
        .map(|(k, _)| Warning::NoManager {
            key_account_id: k.id.clone(),
        })
        .collect();
    let loads = workload(ws);
    out.extend(
        loads
            .iter()
            .filter(|l| l.over_capacity())
            .map(|l| Warning::OverCapacity {
                person_id: l.person_id.clone(),
                load: l.responsible,
                capacity: l.capacity,
            }),
    );
    out.extend(
        loads
            .iter()
            .filter(|l| l.responsible > 0)
            .filter(|l| {
                people
                    .get(l.person_id.as_str())
                    .is_some_and(|p| !trained(p))
            })
            .map(|l| Warning::NoTraining {
                person_id: l.person_id.clone(),
            }),
    );
    let reqs = requirements_in_order(ws);
    let latest = latest_assessments(ws);
    out.extend(loads.iter().filter(|l| l.responsible > 0).filter_map(|l| {
        // Without a profile there is nothing to fall short of.
        if reqs.is_empty() {
            return None;
        }
        let f = fit(&reqs, latest.get(l.person_id.as_str())?);
        (f.band() != FitBand::Good).then(|| Warning::BelowProfile {
            person_id: l.person_id.clone(),
            percent: f.percent.round() as u32,
            gaps: f.gaps.len(),
        })
    }));
    out
}
