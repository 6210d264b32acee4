//! Strategy first, then the as-is analysis of today's key-customer care: each question
//! rated 1–5 with notes, and a summary of the weakest areas (`kam_domain::rollout`).

use kam_domain::{
    command::{Command, Item, ListRef, Value},
    model::AsIsAnswer,
    rollout::{AS_IS_QUESTIONS, as_is_summary},
};
use leptos::prelude::*;

use super::strategy::StrategyEditor;
use crate::{
    i18n::*,
    screens::kit::CardHead,
    screens::ui::{Feedback, read},
};

/// The wording of an as-is question.
pub fn question_text(key: &str, l: Locale) -> &'static str {
    match key {
        "who_serves" => td_string!(l, analysis.q.who_serves),
        "contact_levels" => td_string!(l, analysis.q.contact_levels),
        "customer_knowledge" => td_string!(l, analysis.q.customer_knowledge),
        "written_plans" => td_string!(l, analysis.q.written_plans),
        "coordination" => td_string!(l, analysis.q.coordination),
        "information_flow" => td_string!(l, analysis.q.information_flow),
        "management_involvement" => td_string!(l, analysis.q.management_involvement),
        "potential_known" => td_string!(l, analysis.q.potential_known),
        "satisfaction_measured" => td_string!(l, analysis.q.satisfaction_measured),
        _ => td_string!(l, analysis.q.results_reviewed),
    }
}

#[component]
pub fn AnalysisPart() -> impl IntoView {
    view! {
        <StrategyEditor />
        <div class="card as-is" data-testid="as-is">
            <CardHead title=|l| td_string!(l, analysis.heading) hint=|l| td_string!(l, analysis.lead) />
            <Summary />
            <ol class="item-list questions">
                {AS_IS_QUESTIONS.iter().map(|key| view! { <Question key=key /> }).collect_view()}
            </ol>
        </div>
    }
}

#[component]
fn Summary() -> impl IntoView {
    let i18n = use_i18n();
    let summary =
        Memo::new(move |_| read(|w| Some(as_is_summary(&AS_IS_QUESTIONS, &w.programme.as_is))));
    move || {
        let l = i18n.get_locale();
        summary.get().map(|s| {
            let Some(average) = s.average else {
                return view! { <p class="summary empty" data-testid="as-is-summary">{td_string!(l, analysis.none_yet)}</p> }.into_any();
            };
            let average = match l {
                Locale::de => format!("{average:.1}").replace('.', ","),
                Locale::en => format!("{average:.1}"),
            };
            view! {
                <div class="summary" data-testid="as-is-summary">
                    <h3>{td_string!(l, analysis.summary)}</h3>
                    <p class="big-figure">{td_string!(l, analysis.average, value = average).to_string()}</p>
                    <h4>{td_string!(l, analysis.weakest)}</h4>
                    <ol data-testid="as-is-weakest">
                        {s.weakest.into_iter().map(|(key, rating)| view! {
                            <li><strong>{rating}" / 5"</strong>" – "{question_text(&key, l)}</li>
                        }).collect_view()}
                    </ol>
                    {(!s.unanswered.is_empty()).then(|| view! {
                        <p class="hint">{td_string!(l, analysis.unanswered, count = s.unanswered.len() as u64).to_string()}</p>
                    })}
                </div>
            }
            .into_any()
        })
    }
}

/// One question: the statement, a 1–5 rating and notes. The first answer creates the
/// item under the question's key; later ones change its fields.
#[component]
fn Question(key: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = Feedback::new();
    let answer =
        Memo::new(move |_| read(|w| w.programme.as_is.iter().find(|a| a.id == key).cloned()));
    let write = move |field: &'static str, value: Value| {
        let exists = answer.with_untracked(Option::is_some);
        if exists {
            feedback.send(Command::set(ListRef::AsIs, key, field, value));
        } else {
            let mut item = AsIsAnswer {
                id: key.to_string(),
                rating: None,
                notes: Default::default(),
            };
            match value {
                Value::OptUint(r) => item.rating = r.and_then(|r| u8::try_from(r).ok()),
                Value::Text(t) => item.notes = kam_domain::model::Text::with_value(t),
                _ => return,
            }
            feedback.send(Command::Insert {
                list: ListRef::AsIs,
                item: Item::AsIsAnswer(item),
            });
        }
    };
    let rating = move || answer.with(|a| a.as_ref().and_then(|a| a.rating));
    let name = format!("as-is-{key}");
    view! {
        <li class="item question" data-testid=format!("question-{key}")>
            <fieldset class="rating">
                <legend>{move || question_text(key, i18n.get_locale())}</legend>
                {(1..=5u64).map(|value| {
                    let name = name.clone();
                    view! {
                        <label class="rating-option">
                            <input type="radio" name=name value=value
                                prop:checked=move || rating() == Some(value as u8)
                                on:change=move |_| write("rating", Value::OptUint(Some(value))) />
                            <span>{value}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span class="field-label">{crate::tr(|l| td_string!(l, analysis.notes))}</span>
                <textarea rows="2" data-testid="as-is-notes"
                    prop:value=move || answer.with(|a| a.as_ref().map(|a| a.notes.as_str().to_string()).unwrap_or_default())
                    on:change=move |ev| write("notes", Value::Text(event_target_value(&ev)))></textarea>
            </label>
            {feedback.view()}
        </li>
    }
}
