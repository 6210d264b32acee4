//! Rules of the rollout project: the template plan over about two years, moving a step
//! (and, only if asked, what follows it), the as-is summary and the ground-rules score.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    command::{Command, CommandError, EntityKind, Item, ListRef, ProgrammeField, Value},
    date::Date,
    method::Language,
    model::{AsIsAnswer, GroundRuleCheck, PlanStep, Scheduled, Status},
    validate::{Invalid, Problem},
};

/// One entry of the template: title, start and end in 24ths of the duration, and
/// whether it is a milestone (a dated checkpoint) rather than a work step.
struct TemplateStep {
    de: &'static str,
    en: &'static str,
    end: u32,
    milestone: bool,
}

/// The method's steps over a two-year rollout (DOMAIN.md): ends in months of a 24-month
/// plan, scaled to the chosen duration.
const TEMPLATE: [TemplateStep; 13] = [
    // Strategy first (DOMAIN.md): the as-is analysis is read against it.
    TemplateStep {
        de: "Unternehmens- und Marketingstrategie klären, Rolle von KAM festlegen",
        en: "Settle company and marketing strategy, define the role of KAM",
        end: 2,
        milestone: false,
    },
    TemplateStep {
        de: "Analyse der heutigen Kundenbetreuung",
        en: "Analyse today's key-customer care",
        end: 3,
        milestone: false,
    },
    TemplateStep {
        de: "Meilenstein: Strategie und KAM-Rolle verabschiedet",
        en: "Milestone: strategy and role of KAM approved",
        end: 3,
        milestone: true,
    },
    TemplateStep {
        de: "Kriterien für Top-Kunden festlegen",
        en: "Define the criteria for top customers",
        end: 4,
        milestone: false,
    },
    TemplateStep {
        de: "Anforderungsprofil Key Account Manager erstellen",
        en: "Write the key account manager requirement profile",
        end: 5,
        milestone: false,
    },
    TemplateStep {
        de: "Provisorische Auswahl der Top-Kunden",
        en: "Provisional selection of top customers",
        end: 6,
        milestone: false,
    },
    TemplateStep {
        de: "Definitive Auswahl nach eingehender Prüfung",
        en: "Definitive selection after a detailed review",
        end: 8,
        milestone: false,
    },
    TemplateStep {
        de: "Meilenstein: Key Accounts definitiv",
        en: "Milestone: key accounts definitive",
        end: 8,
        milestone: true,
    },
    TemplateStep {
        de: "Verantwortlichkeiten und Weiterbildung festlegen",
        en: "Fix responsibilities and training",
        end: 10,
        milestone: false,
    },
    TemplateStep {
        de: "Strategien und Massnahmenpläne pro Key Account",
        en: "Strategies and action plans per key account",
        end: 14,
        milestone: false,
    },
    TemplateStep {
        de: "Umsetzung und Kommunikation an alle Mitarbeitenden",
        en: "Rollout and communication to all staff",
        end: 20,
        milestone: false,
    },
    TemplateStep {
        de: "Reviews und Controlling mit dem Controller",
        en: "Reviews and controlling with the controller",
        end: 24,
        milestone: false,
    },
    TemplateStep {
        de: "Meilenstein: erster Review-Zyklus abgeschlossen",
        en: "Milestone: first review cycle completed",
        end: 24,
        milestone: true,
    },
];

/// The command that starts the rollout plan from the template, as one change: the
/// programme's start date and every step. A start that is not a date is refused before
/// anything is written, so a failure never leaves half a plan.
pub fn create_plan(
    start: &str,
    months: u32,
    language: Language,
    id: impl Fn(usize) -> String,
) -> Result<Command, CommandError> {
    let Some(start) = Date::parse(start.trim()) else {
        return Err(CommandError::Invalid {
            kind: EntityKind::Programme,
            invalid: Invalid {
                field: "start_date",
                problem: Problem::NotADate {
                    value: start.to_string(),
                },
            },
        });
    };
    let mut commands = vec![Command::SetProgramme {
        field: ProgrammeField::StartDate,
        value: Value::OptStr(Some(start.to_string())),
    }];
    commands.extend(
        template_plan(start, months, language, id)
            .into_iter()
            .map(|step| Command::Insert {
                list: ListRef::PlanSteps,
                item: Item::PlanStep(step),
            }),
    );
    Ok(Command::Batch(commands))
}

/// The plan a new rollout starts with: steps and milestones from `start` over
/// `months` (usually 24), each following the one before. `id` makes the item ids.
pub fn template_plan(
    start: Date,
    months: u32,
    language: Language,
    id: impl Fn(usize) -> String,
) -> Vec<PlanStep> {
    let months = months.max(1);
    let total_days = start.days_until(start.add_months(months as i32));
    TEMPLATE
        .iter()
        .enumerate()
        .map(|(i, step)| {
            // Scale in days so that short plans still spread their steps.
            let due = start.add_days(total_days * i64::from(step.end) / 24);
            PlanStep {
                id: id(i),
                rank: (i + 1) as f64,
                title: match language {
                    Language::De => step.de,
                    Language::En => step.en,
                }
                .to_string(),
                owner_id: None,
                due: Some(due.to_string()),
                status: Status::Open,
                is_milestone: step.milestone,
                after: (i > 0).then(|| id(i - 1)),
            }
        })
        .collect()
}

/// New due dates after moving step `id` to `new_due`. With `move_followers`, every step
/// that follows it (directly or through others) moves by the same number of days;
/// without, only the step itself moves.
pub fn move_step(
    plan: &[PlanStep],
    id: &str,
    new_due: Date,
    move_followers: bool,
) -> Vec<(String, Date)> {
    let Some(moved) = plan.iter().find(|m| m.id == id) else {
        return Vec::new();
    };
    let old = moved.due.as_deref().and_then(Date::parse);
    let mut changes = vec![(id.to_string(), new_due)];
    let (true, Some(old)) = (move_followers, old) else {
        return changes;
    };
    let shift = old.days_until(new_due);
    let mut followers: BTreeMap<&str, Vec<&PlanStep>> = BTreeMap::new();
    for m in plan {
        if let Some(after) = m.after.as_deref() {
            followers.entry(after).or_default().push(m);
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::from([id]);
    let mut queue: Vec<&str> = vec![id];
    while let Some(current) = queue.pop() {
        for f in followers.get(current).into_iter().flatten() {
            if seen.insert(&f.id) {
                queue.push(&f.id);
                if let Some(due) = f.due.as_deref().and_then(Date::parse) {
                    changes.push((f.id.clone(), due.add_days(shift)));
                }
            }
        }
    }
    changes
}

/// Steps not done whose due date has passed.
pub fn overdue_steps(plan: &[PlanStep], today: Date) -> Vec<&PlanStep> {
    plan.iter().filter(|m| m.overdue(today)).collect()
}

/// Share of steps done, 0–100 (cancelled steps do not count).
pub fn progress_percent(plan: &[PlanStep]) -> u32 {
    let counted: Vec<&PlanStep> = plan
        .iter()
        .filter(|m| m.status != Status::Cancelled)
        .collect();
    if counted.is_empty() {
        return 0;
    }
    let done = counted.iter().filter(|m| m.status == Status::Done).count();
    (done * 100 / counted.len()) as u32
}

/// What the as-is analysis says in short.
#[derive(Debug, Clone, PartialEq)]
pub struct AsIsSummary {
    /// Mean rating of the answered questions (1–5), if any.
    pub average: Option<f64>,
    /// The weakest answered questions, lowest first (ties in question order), at most 3.
    pub weakest: Vec<(String, u8)>,
    /// Questions not rated yet, in question order.
    pub unanswered: Vec<String>,
}

/// Summarises answers to the given questions (in their order).
pub fn as_is_summary(questions: &[&str], answers: &[AsIsAnswer]) -> AsIsSummary {
    let rating = |q: &str| answers.iter().find(|a| a.id == q).and_then(|a| a.rating);
    let rated: Vec<(String, u8)> = questions
        .iter()
        .filter_map(|q| rating(q).map(|r| (q.to_string(), r)))
        .collect();
    let unanswered = questions
        .iter()
        .filter(|q| rating(q).is_none())
        .map(|q| q.to_string())
        .collect();
    let average = (!rated.is_empty())
        .then(|| rated.iter().map(|(_, r)| f64::from(*r)).sum::<f64>() / rated.len() as f64);
    let mut weakest = rated;
    // Stable sort keeps question order among equal ratings.
    crate::order::sort_by_key(&mut weakest, |(_, r)| *r);
    weakest.truncate(3);
    AsIsSummary {
        average,
        weakest,
        unanswered,
    }
}

/// Score of one ground-rules self-assessment: mean of the rated rules (1–5) as a
/// percentage of the best possible (5 → 100 %). `None` when nothing is rated.
pub fn ground_rules_score(check: &GroundRuleCheck) -> Option<u32> {
    let ratings: Vec<u32> = check.ratings.iter().map(|r| u32::from(r.rating)).collect();
    if ratings.is_empty() {
        return None;
    }
    let sum: u32 = ratings.iter().sum();
    // Percentage of the maximum, rounded half up: sum / (5 n) * 100.
    Some((sum * 100 * 2 + 5 * ratings.len() as u32) / (2 * 5 * ratings.len() as u32))
}

/// The score over time, oldest first: how the assessment moved between dates.
pub fn ground_rules_trend(checks: &[GroundRuleCheck]) -> Vec<(String, u32)> {
    let mut trend: Vec<(String, u32)> = checks
        .iter()
        .filter_map(|c| ground_rules_score(c).map(|s| (c.date.clone(), s)))
        .collect();
    crate::order::sort(&mut trend);
    trend
}

/// The questions of the as-is analysis of today's key-customer care, by stable key (the
/// wording is the UI's). Answers are stored under these keys.
pub const AS_IS_QUESTIONS: [&str; 10] = [
    "who_serves",
    "contact_levels",
    "customer_knowledge",
    "written_plans",
    "coordination",
    "information_flow",
    "management_involvement",
    "potential_known",
    "satisfaction_measured",
    "results_reviewed",
];

/// The ten ground rules (DOMAIN.md), numbered 1–10 in ratings.
pub const GROUND_RULES: u8 = 10;

/// One bar of the timeline: a step from when it can start (the due date of the step it
/// follows, or the programme start) to its due date.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub id: String,
    pub title: String,
    pub start: Date,
    pub end: Date,
    pub milestone: bool,
    pub status: Status,
}

impl Bar {
    /// Open and past its end (the step's due date), as [`Scheduled::overdue`].
    pub fn overdue(&self, today: Date) -> bool {
        self.status.is_open() && self.end < today
    }
}

/// The plan as a timeline (Gantt-like): bars in plan order and the months it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub from: Date,
    pub to: Date,
    pub bars: Vec<Bar>,
    /// The first day of every month from `from` to `to`, for the grid.
    pub months: Vec<Date>,
}

impl Timeline {
    /// Where a date lies between `from` (0.0) and `to` (1.0).
    pub fn position(&self, date: Date) -> f64 {
        let span = self.from.days_until(self.to).max(1) as f64;
        (self.from.days_until(date) as f64 / span).clamp(0.0, 1.0)
    }
}

/// The timeline of a plan in rank order. Steps without a due date are left out (the list
/// shows them); `None` when no step has a date.
pub fn timeline(plan: &[PlanStep], programme_start: Option<Date>) -> Option<Timeline> {
    let steps = crate::rank::sorted(plan);
    let due = |m: &PlanStep| m.due.as_deref().and_then(Date::parse);
    let bars: Vec<Bar> = steps
        .iter()
        .filter_map(|m| {
            let end = due(m)?;
            let after = m
                .after
                .as_deref()
                .and_then(|a| plan.iter().find(|p| p.id == a))
                .and_then(&due);
            let start = match (after, programme_start) {
                (Some(a), _) => a,
                (None, Some(s)) => s,
                (None, None) => end,
            };
            Some(Bar {
                id: m.id.clone(),
                title: m.title.clone(),
                start: start.min(end),
                end,
                milestone: m.is_milestone,
                status: m.status,
            })
        })
        .collect();
    let from = bars.iter().map(|b| b.start).min()?;
    let to = bars.iter().map(|b| b.end).max()?;
    let mut months = Vec::new();
    let mut month = Date { day: 1, ..from };
    while month <= to {
        months.push(month);
        month = month.add_months(1);
    }
    Some(Timeline {
        from,
        to,
        bars,
        months,
    })
}

/// The programme at a glance (overview page).
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub progress_percent: u32,
    pub steps_done: usize,
    /// Steps that count (all but cancelled).
    pub steps_total: usize,
    pub overdue: usize,
    /// The next open milestones by due date (overdue ones first), at most 3.
    pub next_milestones: Vec<PlanStep>,
    pub open_conflicts: usize,
    /// Date and score of the latest ground-rules self-assessment, and the score before it.
    pub ground_rules: Option<(String, u32)>,
    pub ground_rules_before: Option<u32>,
    pub goals_achieved: usize,
    pub goals_total: usize,
}

/// Computes the overview of a programme as of `today`.
pub fn overview(programme: &crate::model::Programme, today: Date) -> Overview {
    let plan = &programme.milestones;
    let counted = plan.iter().filter(|m| m.status != Status::Cancelled);
    let open = |m: &&PlanStep| matches!(m.status, Status::Open | Status::InProgress);
    let mut next: Vec<PlanStep> = plan
        .iter()
        .filter(|m| m.is_milestone)
        .filter(open)
        .cloned()
        .collect();
    let key = |m: &PlanStep| m.due.as_deref().and_then(Date::parse);
    // Undated milestones last.
    crate::order::sort_by(&mut next, |a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => crate::rank::compare((a.rank, &a.id), (b.rank, &b.id)),
    });
    next.truncate(3);
    let trend = ground_rules_trend(&programme.ground_rule_checks);
    Overview {
        progress_percent: progress_percent(plan),
        steps_done: plan.iter().filter(|m| m.status == Status::Done).count(),
        steps_total: counted.count(),
        overdue: overdue_steps(plan, today).len(),
        next_milestones: next,
        open_conflicts: programme
            .conflicts
            .iter()
            .filter(|c| matches!(c.status, Status::Open | Status::InProgress))
            .count(),
        ground_rules: trend.last().cloned(),
        ground_rules_before: trend.len().checked_sub(2).map(|i| trend[i].1),
        goals_achieved: programme.goals.iter().filter(|g| g.achieved).count(),
        goals_total: programme.goals.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RuleRating;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    fn plan(start: &str, months: u32) -> Vec<PlanStep> {
        template_plan(d(start), months, Language::De, |i| format!("m{i}"))
    }

    #[test]
    fn the_template_spans_the_chosen_start_and_duration() {
        let p = plan("2027-01-01", 24);
        assert_eq!(p.len(), 13);
        assert_eq!(
            p[0].title,
            "Unternehmens- und Marketingstrategie klären, Rolle von KAM festlegen"
        );
        // 2027-01-01 + 24 months = 2029-01-01, 731 days; step 1 ends at 2/24 of that.
        assert_eq!(p[0].due.as_deref(), Some("2027-03-02"));
        assert_eq!(p.last().and_then(|m| m.due.as_deref()), Some("2029-01-01"));
        let dues: Vec<Date> = p
            .iter()
            .filter_map(|m| m.due.as_deref().and_then(Date::parse))
            .collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "in order");
        assert!(
            dues.iter()
                .all(|x| *x >= d("2027-01-01") && *x <= d("2029-01-01"))
        );
        assert_eq!(p.iter().filter(|m| m.is_milestone).count(), 3);
        assert_eq!(p[1].after.as_deref(), Some("m0"));
        assert_eq!(p[0].after, None);

        let short = plan("2027-06-15", 12);
        assert_eq!(
            short.last().and_then(|m| m.due.as_deref()),
            Some("2028-06-15")
        );
        let english = template_plan(d("2027-01-01"), 24, Language::En, |i| format!("m{i}"));
        assert_eq!(english[3].title, "Define the criteria for top customers");
    }

    #[test]
    fn moving_a_step_moves_its_followers_only_if_asked() {
        let p = plan("2027-01-01", 24);
        // m5 (provisional selection) is due 2027-07-02; move it 10 days later.
        assert_eq!(p[5].due.as_deref(), Some("2027-07-02"));
        let alone = move_step(&p, "m5", d("2027-07-12"), false);
        assert_eq!(alone, vec![("m5".to_string(), d("2027-07-12"))]);

        let with_followers = move_step(&p, "m5", d("2027-07-12"), true);
        assert_eq!(with_followers.len(), 13 - 5, "m5 and the 7 after it");
        assert_eq!(with_followers[0], ("m5".to_string(), d("2027-07-12")));
        let m6 = with_followers
            .iter()
            .find(|(id, _)| id == "m6")
            .map(|(_, due)| *due);
        // m6 was due 2027-09-01 (8/24 of 731 days = day 243).
        assert_eq!(p[6].due.as_deref(), Some("2027-09-01"));
        assert_eq!(m6, Some(d("2027-09-11")));
        let mut ids: Vec<&str> = with_followers.iter().map(|(id, _)| id.as_str()).collect();
        crate::order::sort(&mut ids);
        assert_eq!(ids, ["m10", "m11", "m12", "m5", "m6", "m7", "m8", "m9"]);
        assert!(move_step(&p, "nope", d("2027-01-01"), true).is_empty());
    }

    #[test]
    fn overdue_and_progress() {
        let mut p = plan("2027-01-01", 24);
        p[0].status = Status::Done;
        p[1].status = Status::InProgress;
        p[2].status = Status::Cancelled;
        // 731 plan days: m1 ends at 3/24 → day 91 = 2027-04-02, m3 at 4/24 → day 121 =
        // 2027-05-02. m0 is done and m2 cancelled, so neither is ever overdue.
        assert_eq!(p[1].due.as_deref(), Some("2027-04-02"));
        assert_eq!(p[3].due.as_deref(), Some("2027-05-02"));
        let late = |today: &str| -> Vec<String> {
            overdue_steps(&p, d(today))
                .iter()
                .map(|m| m.id.clone())
                .collect()
        };
        assert_eq!(late("2027-05-02"), ["m1"], "due today is not overdue yet");
        assert_eq!(late("2027-05-03"), ["m1", "m3"]);
        // 1 done of 12 counted (13 minus 1 cancelled) = 8 %.
        assert_eq!(progress_percent(&p), 8);
        assert_eq!(progress_percent(&[]), 0);
    }

    #[test]
    fn as_is_summary_names_the_weakest_areas() {
        let answer = |id: &str, rating: Option<u8>| AsIsAnswer {
            id: id.into(),
            rating,
            notes: Default::default(),
        };
        let questions = ["who", "how", "info", "goals", "reserves"];
        let answers = [
            answer("who", Some(4)),
            answer("how", Some(2)),
            answer("info", Some(1)),
            answer("goals", Some(2)),
            answer("reserves", None),
        ];
        let s = as_is_summary(&questions, &answers);
        assert_eq!(s.average, Some(2.25));
        assert_eq!(
            s.weakest,
            vec![
                ("info".to_string(), 1),
                ("how".to_string(), 2),
                ("goals".to_string(), 2)
            ]
        );
        assert_eq!(s.unanswered, vec!["reserves".to_string()]);
        let empty = as_is_summary(&questions, &[]);
        assert_eq!(empty.average, None);
        assert_eq!(empty.unanswered.len(), 5);
    }

    #[test]
    fn ground_rules_score_and_trend() {
        let check = |date: &str, ratings: &[u8]| GroundRuleCheck {
            id: date.into(),
            date: date.into(),
            ratings: ratings
                .iter()
                .enumerate()
                .map(|(i, r)| RuleRating {
                    id: format!("r{i}"),
                    rule: i as u8 + 1,
                    rating: *r,
                    note: String::new(),
                })
                .collect(),
        };
        // 10 rules rated 3 → 30 of 50 → 60 %.
        assert_eq!(ground_rules_score(&check("2027-01-10", &[3; 10])), Some(60));
        // 4,4,5 → 13 of 15 → 86.67 % → 87 %.
        assert_eq!(
            ground_rules_score(&check("2027-06-10", &[4, 4, 5])),
            Some(87)
        );
        assert_eq!(ground_rules_score(&check("2027-02-01", &[])), None);
        let trend = ground_rules_trend(&[
            check("2027-06-10", &[4, 4, 5]),
            check("2027-01-10", &[3; 10]),
            check("2027-03-01", &[]),
        ]);
        assert_eq!(
            trend,
            vec![
                ("2027-01-10".to_string(), 60),
                ("2027-06-10".to_string(), 87)
            ]
        );
    }

    #[test]
    fn the_timeline_runs_each_step_from_the_one_it_follows_to_its_due_date() {
        let mut p = plan("2027-01-01", 24);
        // A step added by hand without a date is not drawn.
        p.push(PlanStep {
            id: "extra".into(),
            rank: 99.0,
            title: "Extra".into(),
            owner_id: None,
            due: None,
            status: Status::Open,
            is_milestone: false,
            after: None,
        });
        // The user moved m1 before m0: the bars follow the rank order.
        p[1].rank = 0.5;
        let t = timeline(&p, Some(d("2027-01-01"))).expect("timeline");
        assert_eq!(t.bars.len(), 13);
        assert_eq!(t.bars[0].id, "m1");
        assert_eq!(t.bars[1].id, "m0");
        // m0 has no predecessor: it starts at the programme start.
        assert_eq!(
            (t.bars[1].start, t.bars[1].end),
            (d("2027-01-01"), d("2027-03-02"))
        );
        // m1 follows m0.
        assert_eq!(
            (t.bars[0].start, t.bars[0].end),
            (d("2027-03-02"), d("2027-04-02"))
        );
        assert_eq!((t.from, t.to), (d("2027-01-01"), d("2029-01-01")));
        assert_eq!(t.months.len(), 25, "Jan 2027 … Jan 2029");
        assert_eq!(t.months[1], d("2027-02-01"));
        assert_eq!(t.position(d("2027-01-01")), 0.0);
        assert_eq!(t.position(d("2029-01-01")), 1.0);
        assert!((t.position(d("2028-01-01")) - 365.0 / 731.0).abs() < 1e-9);
        assert_eq!(t.position(d("2030-01-01")), 1.0, "clamped");
        // Without a programme start the first step is a point at its due date.
        let t = timeline(&p[..1], None).expect("timeline");
        assert_eq!(t.bars[0].start, t.bars[0].end);
        assert!(timeline(&p[13..], None).is_none(), "nothing dated");
    }

    #[test]
    fn the_overview_sums_up_the_programme() {
        use crate::model::{ConflictEntry, Programme, ProgrammeGoal};
        let mut p = plan("2027-01-01", 24);
        p[2].status = Status::Done; // the first milestone
        p[0].status = Status::Done;
        let conflict = |id: &str, status| ConflictEntry {
            id: id.into(),
            what: "Vertrieb Region Ost fürchtet Kundenverlust".into(),
            who: String::new(),
            status,
            resolution: Default::default(),
        };
        let check = |date: &str, r: u8| GroundRuleCheck {
            id: date.into(),
            date: date.into(),
            ratings: vec![crate::model::RuleRating {
                id: "1".into(),
                rule: 1,
                rating: r,
                note: String::new(),
            }],
        };
        let programme = Programme {
            milestones: p,
            conflicts: vec![
                conflict("c1", Status::Open),
                conflict("c2", Status::Done),
                conflict("c3", Status::InProgress),
            ],
            ground_rule_checks: vec![check("2027-06-01", 4), check("2027-01-01", 2)],
            goals: vec![
                ProgrammeGoal {
                    id: "g1".into(),
                    rank: 1.0,
                    text: "10 Key Accounts mit Plan".into(),
                    measure: String::new(),
                    achieved: true,
                },
                ProgrammeGoal {
                    id: "g2".into(),
                    rank: 2.0,
                    text: "Umsatz +5 %".into(),
                    measure: String::new(),
                    achieved: false,
                },
            ],
            ..Programme::default()
        };
        let o = overview(&programme, d("2027-10-01"));
        assert_eq!(
            (o.steps_done, o.steps_total, o.progress_percent),
            (2, 13, 15)
        );
        // Due before 2027-10-01 and open: m1, m3, m4, m5, m6, m7 (m6 due 09-01, m7 09-01).
        assert_eq!(o.overdue, 6);
        let next: Vec<&str> = o.next_milestones.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(next, ["m7", "m12"], "open milestones by date; m2 is done");
        assert_eq!(o.open_conflicts, 2);
        assert_eq!(o.ground_rules, Some(("2027-06-01".to_string(), 80)));
        assert_eq!(o.ground_rules_before, Some(40));
        assert_eq!((o.goals_achieved, o.goals_total), (1, 2));
        let empty = overview(&Programme::default(), d("2027-10-01"));
        assert_eq!(empty.progress_percent, 0);
        assert!(empty.next_milestones.is_empty() && empty.ground_rules.is_none());
    }
}
