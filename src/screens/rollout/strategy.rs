//! Company strategy, marketing strategy and the role of KAM: settled first (DOMAIN.md
//! step 2). Collaborative text; each field is saved when it loses focus.

use kam_domain::command::{Command, ProgrammeField, Value};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::{kit::CardHead, ui::Feedback},
    store::use_store,
};

/// The three strategy texts of the programme.
#[component]
pub fn StrategyEditor() -> impl IntoView {
    let i18n = use_i18n();
    let field = move |which: ProgrammeField, test_id: &'static str| {
        let store = use_store();
        let current = move || {
            store.workspace.with(|w| {
                w.as_ref()
                    .map(|w| {
                        let s = &w.programme.strategy;
                        match which {
                            ProgrammeField::CompanyStrategy => s.company.as_str().to_string(),
                            ProgrammeField::MarketingStrategy => s.marketing.as_str().to_string(),
                            _ => s.kam_role.as_str().to_string(),
                        }
                    })
                    .unwrap_or_default()
            })
        };
        let label = move || {
            let l = i18n.get_locale();
            match which {
                ProgrammeField::CompanyStrategy => td_string!(l, strategy.company),
                ProgrammeField::MarketingStrategy => td_string!(l, strategy.marketing),
                _ => td_string!(l, strategy.kam_role),
            }
        };
        let feedback = Feedback::new();
        let save = move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            if text != current() {
                feedback.send(Command::SetProgramme {
                    field: which,
                    value: Value::Text(text),
                });
            }
        };
        view! {
            <label for=test_id>{label}</label>
            <textarea id=test_id data-testid=test_id rows="3" prop:value=current on:change=save></textarea>
            {feedback.view()}
        }
    };
    view! {
        <div class="card strategy" data-testid="strategy-editor">
            <CardHead title=|l| td_string!(l, strategy.heading) hint=|l| td_string!(l, strategy.reminder) print=false />
            {field(ProgrammeField::CompanyStrategy, "strategy-company")}
            {field(ProgrammeField::MarketingStrategy, "strategy-marketing")}
            {field(ProgrammeField::KamRole, "strategy-kam-role")}
        </div>
    }
}
