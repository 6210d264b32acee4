//! Whitespace / potential: the company's offerings × its key accounts — where we sell
//! today, where there is potential (an estimated amount per year) and where a
//! competitor holds it. The offerings are defined here; each account's cells are
//! answered in its plan (`AccountWhitespace`) and summarised here with totals.

use kam_domain::{
    command::{CommandError, EntityKind, Item, ListRef, Value},
    controlling::{Whitespace, cell_of, whitespace, whitespace_edit},
    import::Cell,
    model::{Coverage, KeyAccount, Offering},
    versions::FieldAt,
};
use leptos::prelude::*;

use super::work::CsvButton;
use crate::{
    i18n::*,
    screens::{
        field::{EditField, FieldKind, line},
        kit::{AddLine, CardHead, LineField, RowActions, insert, row_item, text_of},
        ui::{Feedback, amount_text, amount_value, cents_text, new_id, show_amount},
    },
    store::{Part, use_store},
};

/// A coverage in words.
pub fn coverage_words(c: Coverage, l: Locale) -> &'static str {
    match c {
        Coverage::Open => td_string!(l, whitespace.open),
        Coverage::Sells => td_string!(l, whitespace.sells),
        Coverage::Potential => td_string!(l, whitespace.potential),
        Coverage::Competitor => td_string!(l, whitespace.competitor),
        Coverage::NotRelevant => td_string!(l, whitespace.not_relevant),
    }
}

/// The sign a grid cell shows for a coverage (the legend explains them).
fn sign(c: Coverage) -> &'static str {
    match c {
        Coverage::Open => "",
        Coverage::Sells => "✓",
        Coverage::Potential => "◆",
        Coverage::Competitor => "✕",
        Coverage::NotRelevant => "–",
    }
}

fn css(c: Coverage) -> &'static str {
    match c {
        Coverage::Open => "ws-open",
        Coverage::Sells => "ws-sells",
        Coverage::Potential => "ws-potential",
        Coverage::Competitor => "ws-competitor",
        Coverage::NotRelevant => "ws-none",
    }
}

#[component]
pub fn WhitespacePart() -> impl IntoView {
    view! {
        <Offerings />
        <Grid />
    }
}

/// The offerings, the grid's columns: added, renamed and removed here.
#[component]
fn Offerings() -> impl IntoView {
    let store = use_store();
    let feedback = Feedback::new();
    let ids = Memo::new(move |_| {
        store.read_parts(&[Part::Items("offerings")], |w| {
            w.offerings.iter().map(|o| o.id.clone()).collect::<Vec<_>>()
        })
    });
    let add = move |name: String| {
        insert(
            ListRef::Offerings,
            Item::Offering(Offering { id: new_id(), name }),
        )
    };
    view! {
        <div class="card offerings" data-testid="offerings">
            <CardHead title=|l| td_string!(l, whitespace.offerings_heading) hint=|l| td_string!(l, whitespace.offerings_hint) print=false />
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">{crate::tr(|l| td_string!(l, whitespace.no_offerings))}</p> }>
                <ol class="item-list">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <OfferingRow id=id />
                    </For>
                </ol>
            </Show>
            <AddLine label=|l| td_string!(l, whitespace.new_offering) test_ids=("add-offering", "new-offering") on_add=add />
            {feedback.view()}
        </div>
    }
}

#[component]
fn OfferingRow(id: String) -> impl IntoView {
    let feedback = Feedback::new();
    let offering = row_item(&id, vec![Part::Items("offerings")], |w, id| {
        w.offerings.iter().find(|o| o.id == id).cloned()
    });
    let at = FieldAt::item(ListRef::Offerings, id.clone());
    view! {
        <li class="item offering" data-testid="offering">
            <div class="item-line">
                <LineField label=|l| td_string!(l, whitespace.offering_name) at=at field="name" part=Part::Item("offerings", id.clone())
                    stored=text_of(offering, |o| o.name.clone()) test_id="offering-name" />
                <RowActions list=ListRef::Offerings id=id feedback=feedback />
            </div>
            {feedback.view()}
        </li>
    }
}

/// The grid: a row per definitive key account, a column per offering, totals of
/// potential per account (last column) and per offering (last rows).
#[component]
fn Grid() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let grid: Memo<Whitespace> = Memo::new(move |_| {
        store.read_parts(
            &[
                Part::Items("offerings"),
                Part::Items("key_accounts"),
                Part::Items("customers"),
            ],
            whitespace,
        )
    });
    let csv = move |l: Locale| {
        grid.with(|g| {
            let mut header = vec![td_string!(l, whitespace.key_account).to_string()];
            header.extend(g.columns.iter().map(|c| c.offering.name.clone()));
            header.push(td_string!(l, whitespace.total_potential).to_string());
            let mut rows: Vec<Vec<Cell>> = g
                .rows
                .iter()
                .map(|r| {
                    let mut row = vec![Cell::Text(r.name.clone())];
                    row.extend(r.cells.iter().map(|c| {
                        Cell::Text(c.as_ref().map_or_else(String::new, |c| match c.coverage {
                            Coverage::Potential => format!(
                                "{} {}",
                                coverage_words(c.coverage, l),
                                c.potential.map(|p| show_amount(p, l)).unwrap_or_default()
                            ),
                            Coverage::Competitor if !c.competitor.is_empty() => {
                                format!("{} {}", coverage_words(c.coverage, l), c.competitor)
                            }
                            other => coverage_words(other, l).to_string(),
                        }))
                    }));
                    row.push(Cell::Amount(Some(r.potential)));
                    row
                })
                .collect();
            let mut total = vec![Cell::Text(td_string!(l, whitespace.total).to_string())];
            total.extend(g.columns.iter().map(|c| Cell::Amount(Some(c.potential))));
            total.push(Cell::Amount(Some(g.potential)));
            rows.push(total);
            (header, rows)
        })
    };
    view! {
        <div class="card whitespace" data-testid="whitespace">
            <CardHead title=|l| td_string!(l, whitespace.heading) hint=|l| td_string!(l, whitespace.hint) />
            {move || {
                let l = i18n.get_locale();
                grid.with(|g| {
                    if g.columns.is_empty() {
                        return view! { <p class="empty">{td_string!(l, whitespace.no_offerings)}</p> }.into_any();
                    }
                    if g.rows.is_empty() {
                        return view! { <p class="empty">{td_string!(l, whitespace.no_accounts)}</p> }.into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="data whitespace-grid" data-testid="whitespace-grid">
                                <thead><tr>
                                    <th>{td_string!(l, whitespace.key_account)}</th>
                                    {g.columns.iter().map(|c| view! { <th class="ws-cell" data-testid="ws-offering">{c.offering.name.clone()}</th> }).collect_view()}
                                    <th class="num">{td_string!(l, whitespace.total_potential)}</th>
                                </tr></thead>
                                <tbody>
                                    {g.rows.iter().map(|r| view! {
                                        <tr data-testid="ws-row">
                                            <th scope="row"><a href=format!("/key-accounts/{}#whitespace", r.key_account_id)>{r.name.clone()}</a></th>
                                            {r.cells.iter().map(|c| grid_cell(c.as_ref().map(|c| (c.coverage, c.potential, c.competitor.clone())), l)).collect_view()}
                                            <td class="num" data-testid="ws-row-total">{show_amount(r.potential, l)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                                <tfoot>
                                    <tr data-testid="ws-total">
                                        <th scope="row">{td_string!(l, whitespace.total_potential)}</th>
                                        {g.columns.iter().map(|c| view! { <td class="num" data-testid="ws-column-total">{show_amount(c.potential, l)}</td> }).collect_view()}
                                        <td class="num"><strong>{show_amount(g.potential, l)}</strong></td>
                                    </tr>
                                    <tr class="ws-counts">
                                        <th scope="row">{td_string!(l, whitespace.sells_count)}" / "{td_string!(l, whitespace.competitor_count)}</th>
                                        {g.columns.iter().map(|c| view! { <td class="ws-cell" data-testid="ws-column-counts">{format!("✓ {} · ✕ {}", c.sells, c.competitor)}</td> }).collect_view()}
                                        <td></td>
                                    </tr>
                                </tfoot>
                            </table>
                        </div>
                        <p class="hint">{td_string!(l, whitespace.legend)}</p>
                    }
                    .into_any()
                })
            }}
            <CsvButton name="potenzial" test_id="whitespace-csv" rows=csv />
        </div>
    }
}

fn grid_cell(cell: Option<(Coverage, Option<i64>, String)>, l: Locale) -> impl IntoView + use<> {
    let (coverage, potential, competitor) = cell.unwrap_or((Coverage::Open, None, String::new()));
    let text = match coverage {
        Coverage::Potential => potential.map(|p| show_amount(p, l)).unwrap_or_default(),
        Coverage::Competitor => competitor,
        _ => String::new(),
    };
    view! {
        <td class=format!("ws-cell {}", css(coverage)) data-testid="ws-cell" title=coverage_words(coverage, l)>
            <span class="ws-sign" aria-hidden="true">{sign(coverage)}</span>
            <span class="visually-hidden">{coverage_words(coverage, l)}</span>
            " "{text}
        </td>
    }
}

/// One key account's answers, in its plan: per offering its coverage, the estimated
/// potential and who holds it.
#[component]
pub fn AccountWhitespace(id: String, account: Memo<Option<KeyAccount>>) -> impl IntoView {
    let store = use_store();
    let id = StoredValue::new(id);
    let ids = Memo::new(move |_| {
        store.read_parts(&[Part::Items("offerings")], |w| {
            w.offerings
                .iter()
                .map(|o| (o.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card account-whitespace" id="whitespace" data-testid="account-whitespace">
            <CardHead title=|l| td_string!(l, whitespace.account_heading) hint=|l| td_string!(l, whitespace.account_hint) print=false />
            <Show when=move || !ids.with(Vec::is_empty)
                fallback=|| view! {
                    <p class="empty">{crate::tr(|l| td_string!(l, whitespace.no_offerings))}" "
                        <a href="/controlling/whitespace">{crate::tr(|l| td_string!(l, whitespace.to_offerings))}</a></p>
                }>
                <div class="table-wrap">
                    <table class="data whitespace-answers">
                        <thead><tr>
                            <th>{crate::tr(|l| td_string!(l, kinds.offering))}</th>
                            <th>{crate::tr(|l| td_string!(l, fields.coverage))}</th>
                            <th class="num">{crate::tr(|l| td_string!(l, whitespace.potential_amount))}</th>
                            <th>{crate::tr(|l| td_string!(l, fields.competitor))}</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || ids.get() key=|(id, name)| (id.clone(), name.clone()) let:offering>
                                <AnswerRow account_id=id.get_value() offering_id=offering.0 name=offering.1 account=account />
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn AnswerRow(
    account_id: String,
    offering_id: String,
    name: String,
    account: Memo<Option<KeyAccount>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let cell = {
        let offering_id = offering_id.clone();
        Memo::new(move |_| account.with(|k| k.as_ref().and_then(|k| cell_of(k, &offering_id))))
    };
    let at = FieldAt::Item {
        list: ListRef::Whitespace {
            key_account_id: account_id.clone(),
        },
        id: offering_id.clone(),
    };
    let part = Part::Item("key_accounts", account_id.clone());
    // The first answer for this offering creates the cell; later ones update it.
    let write = move |field: &'static str| {
        let (account_id, offering_id) = (account_id.clone(), offering_id.clone());
        Callback::new(move |value: Value| {
            let command = store.workspace.with_untracked(|w| {
                w.as_ref()
                    .and_then(|w| whitespace_edit(w, &account_id, &offering_id, field, value))
            });
            match command {
                Some(c) => store.dispatch(c),
                None => Err(CommandError::NotFound {
                    kind: EntityKind::KeyAccount,
                    id: account_id.clone(),
                }),
            }
        })
    };
    let choices = Signal::derive(move || {
        let l = i18n.get_locale();
        Coverage::ALL
            .into_iter()
            .map(|c| (c.as_str().to_string(), coverage_words(c, l).to_string()))
            .collect()
    });
    let field_label = {
        let name = name.clone();
        move |what: fn(Locale) -> &'static str| {
            let name = name.clone();
            Signal::derive(move || format!("{name}: {}", what(i18n.get_locale())))
        }
    };
    view! {
        <tr data-testid="ws-answer">
            <th scope="row">{name.clone()}</th>
            <td>
                <EditField label=field_label(|l| td_string!(l, fields.coverage)) quiet_label=true at=at.clone() field="coverage" part=part.clone()
                    kind=FieldKind::Choice(choices)
                    stored=Signal::derive(move || cell.with(|c| c.as_ref().map_or(Coverage::Open, |c| c.coverage).as_str().to_string()))
                    test_id="ws-coverage" to_value=|text: String| Ok(Value::Str(text)) write=write("coverage") />
            </td>
            <td class="amount-cell">
                <EditField label=field_label(|l| td_string!(l, whitespace.potential_amount)) quiet_label=true at=at.clone() field="potential" part=part.clone()
                    kind=FieldKind::Number
                    stored=Signal::derive(move || cell.with(|c| c.as_ref().and_then(|c| c.potential).map(amount_text).unwrap_or_default()))
                    from_stored=cents_text
                    test_id="ws-potential" to_value=move |text: String| amount_value(EntityKind::WhitespaceCell, "potential", &text).map(Value::OptInt)
                    write=write("potential") />
            </td>
            <td>
                <EditField label=field_label(|l| td_string!(l, fields.competitor)) quiet_label=true at=at field="competitor" part=part
                    stored=Signal::derive(move || cell.with(|c| c.as_ref().map(|c| c.competitor.clone()).unwrap_or_default()))
                    test_id="ws-competitor" to_value=line write=write("competitor") />
            </td>
        </tr>
    }
}
