//! Where the team stands across the nine steps (issue 19), step by step on a workspace
//! that grows as a real introduction does; each expectation is worked out by hand from
//! the rules in `progress.rs`.

use kam_domain::{
    date::Date,
    fixture::{FixtureSize, generate},
    method::{Language, MethodStep},
    model::{
        Communication, Criterion, CriterionRule, Goal, GroundRuleCheck, ProgrammeGoal,
        ProgrammeReview, Requirement, SelectionStatus, Target, TeamMember, Text, Workspace,
    },
    progress::{Missing, StepState, next_step, progress},
    rollout::{AS_IS_QUESTIONS, template_plan},
};

fn states(ws: &Workspace) -> Vec<StepState> {
    progress(ws).iter().map(|s| s.state).collect()
}

fn of(ws: &Workspace, step: MethodStep) -> (StepState, Vec<Missing>) {
    let p = progress(ws);
    let s = p
        .iter()
        .find(|s| s.step == step)
        .expect("every step is listed");
    (s.state, s.missing.clone())
}

/// Two key accounts (with goals and actions from the fixture) to lend to the workspace.
fn lent_accounts() -> Workspace {
    let size = FixtureSize {
        customers: 4,
        key_accounts: 2,
        actions: 4,
        stakeholders: 0,
        changes: 0,
        authors: 1,
    };
    generate(size, 7)
        .expect("fixture")
        .workspace()
        .expect("model")
}

fn criterion(id: &str) -> Criterion {
    Criterion {
        id: id.into(),
        rank: 1.0,
        name: id.into(),
        rule: CriterionRule::Rated { min: 4 },
        weight: 1,
    }
}

#[test]
fn a_new_workspace_has_every_step_open_and_the_project_next() {
    let ws = Workspace::skeleton("ws", "Muster AG");
    let p = progress(&ws);
    assert_eq!(p.len(), 9);
    assert_eq!(
        p.iter().map(|s| s.step).collect::<Vec<_>>(),
        MethodStep::ALL.to_vec()
    );
    assert_eq!(states(&ws), vec![StepState::Open; 9]);
    assert_eq!(next_step(&p), Some(MethodStep::Project));
    assert_eq!(
        of(&ws, MethodStep::Project).1,
        vec![
            Missing::Goals,
            Missing::Team,
            Missing::StartDate,
            Missing::WorkPlan
        ]
    );
    assert_eq!(
        of(&ws, MethodStep::AnalysisAndStrategy).1,
        vec![
            Missing::Strategy,
            Missing::AsIs {
                open: AS_IS_QUESTIONS.len()
            }
        ]
    );
    assert_eq!(
        of(&ws, MethodStep::Criteria).1,
        vec![Missing::Criteria { more: 2 }]
    );
    assert_eq!(
        of(&ws, MethodStep::Responsibilities).1,
        vec![Missing::KeyAccountsFirst]
    );
}

#[test]
fn the_steps_follow_the_work_as_it_is_done() {
    let mut ws = Workspace::skeleton("ws", "Muster AG");
    let lent = lent_accounts();

    // Step 1: a goal and a start date only → started, team and plan missing.
    ws.programme.goals.push(ProgrammeGoal {
        id: "g1".into(),
        rank: 1.0,
        text: "10 Key Accounts mit Plan".into(),
        measure: String::new(),
        achieved: false,
    });
    ws.programme.start_date = Some("2027-01-01".into());
    assert_eq!(
        of(&ws, MethodStep::Project),
        (StepState::Started, vec![Missing::Team, Missing::WorkPlan])
    );
    ws.programme.team.push(TeamMember {
        id: "t1".into(),
        person_id: "p1".into(),
        role: "Projektleitung".into(),
    });
    let start = Date::parse("2027-01-01").expect("date");
    ws.programme.milestones = template_plan(start, 24, Language::De, |i| format!("m{i}"));
    assert_eq!(of(&ws, MethodStep::Project), (StepState::Done, vec![]));
    assert_eq!(
        next_step(&progress(&ws)),
        Some(MethodStep::AnalysisAndStrategy)
    );

    // Step 2: strategy written but one part empty, 9 of 10 questions rated → started.
    ws.programme.strategy.company = Text::from("Qualitätsführer im Maschinenbau");
    ws.programme.strategy.marketing = Text::from("Fokus DACH");
    for q in AS_IS_QUESTIONS.iter().skip(1) {
        ws.programme.as_is.push(kam_domain::model::AsIsAnswer {
            id: q.to_string(),
            rating: Some(3),
            notes: Text::from(""),
        });
    }
    assert_eq!(
        of(&ws, MethodStep::AnalysisAndStrategy),
        (
            StepState::Started,
            vec![Missing::Strategy, Missing::AsIs { open: 1 }]
        )
    );
    ws.programme.strategy.kam_role = Text::from("KAM sichert die Top-Kunden");
    ws.programme.as_is.push(kam_domain::model::AsIsAnswer {
        id: AS_IS_QUESTIONS[0].to_string(),
        rating: Some(2),
        notes: Text::from(""),
    });
    assert_eq!(
        of(&ws, MethodStep::AnalysisAndStrategy),
        (StepState::Done, vec![])
    );

    // Step 3: one criterion is a start, two are the rule "at least N of M".
    ws.criteria.push(criterion("revenue"));
    assert_eq!(
        of(&ws, MethodStep::Criteria),
        (StepState::Started, vec![Missing::Criteria { more: 1 }])
    );
    ws.criteria.push(criterion("strategic"));
    assert_eq!(of(&ws, MethodStep::Criteria).0, StepState::Done);

    // Step 4 may be done before step 5 is started; the next step is still the first
    // that is not done.
    ws.requirements.push(Requirement {
        id: "r1".into(),
        rank: 1.0,
        name: "Verhandlungsgeschick".into(),
        weight: 3,
        required_level: 4,
    });
    assert_eq!(of(&ws, MethodStep::ManagerProfile).0, StepState::Done);
    assert_eq!(next_step(&progress(&ws)), Some(MethodStep::Selection));

    // Step 5: a provisional choice starts it, definitive key accounts finish it.
    ws.customers = lent.customers.clone();
    ws.customers[0].selection = SelectionStatus::Provisional;
    assert_eq!(
        of(&ws, MethodStep::Selection),
        (StepState::Started, vec![Missing::Definitive])
    );
    ws.key_accounts = lent.key_accounts.clone();
    assert_eq!(ws.key_accounts.len(), 2);
    assert_eq!(of(&ws, MethodStep::Selection).0, StepState::Done);

    // Step 6: one of two key accounts has a manager → started, one without.
    ws.key_accounts[0].manager_id = Some("p1".into());
    ws.key_accounts[1].manager_id = None;
    assert_eq!(
        of(&ws, MethodStep::Responsibilities),
        (StepState::Started, vec![Missing::Managers { without: 1 }])
    );
    ws.key_accounts[1].manager_id = Some("p1".into());
    assert_eq!(of(&ws, MethodStep::Responsibilities).0, StepState::Done);

    // Step 7: a key account without goals keeps the plans started.
    let goals = vec![Goal {
        id: "kg1".into(),
        rank: 1.0,
        title: "Umsatz +10 %".into(),
        target_date: None,
    }];
    let actions = lent
        .key_accounts
        .iter()
        .find(|k| !k.actions.is_empty())
        .map(|k| k.actions.clone());
    let actions = actions.expect("the fixture has actions");
    for k in &mut ws.key_accounts {
        k.goals = goals.clone();
        k.actions = actions.clone();
    }
    ws.key_accounts[1].goals.clear();
    assert_eq!(
        of(&ws, MethodStep::AccountPlans),
        (
            StepState::Started,
            vec![Missing::AccountPlans { without: 1 }]
        )
    );
    ws.key_accounts[1].goals = goals;
    assert_eq!(of(&ws, MethodStep::AccountPlans).0, StepState::Done);
    assert_eq!(next_step(&progress(&ws)), Some(MethodStep::Implementation));

    // Step 8 and 9.
    ws.programme.communications.push(Communication {
        id: "c1".into(),
        what: "Information an alle".into(),
        audience: "Alle".into(),
        date: None,
        done: false,
    });
    assert_eq!(
        of(&ws, MethodStep::Implementation),
        (StepState::Started, vec![Missing::GroundRules])
    );
    ws.programme.ground_rule_checks.push(GroundRuleCheck {
        id: "gr1".into(),
        date: "2027-06-01".into(),
        ratings: vec![],
    });
    for k in &mut ws.key_accounts {
        k.targets.clear();
        k.reviews.clear();
    }
    assert_eq!(
        of(&ws, MethodStep::Controlling),
        (StepState::Open, vec![Missing::Targets, Missing::Review])
    );
    ws.key_accounts[0].targets.push(Target {
        id: "2028".into(),
        revenue_target: Some(10_000_000),
        margin_target: None,
        revenue_actual: None,
        margin_actual: None,
    });
    ws.programme.reviews.push(ProgrammeReview {
        id: "rv1".into(),
        date: "2028-01-15".into(),
        participants: "GL, Controlling".into(),
        findings: Text::from(""),
        measure_ids: vec![],
    });
    assert_eq!(states(&ws), vec![StepState::Done; 9]);
    assert_eq!(next_step(&progress(&ws)), None);
}
