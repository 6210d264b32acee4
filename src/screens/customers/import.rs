//! Import of a customer list from ERP/CRM: choose a CSV file, map its columns, check the
//! preview with every problem marked per cell, then import everything in one change.

use crate::screens::words::Words;
use std::sync::Arc;

use kam_domain::{
    amounts::NumberFormat,
    import::{
        Column, Encoding, ImportPlan, ImportProblem, Issue, Mapping, ReadError, Table, commands,
        plan, read_table, renames,
    },
    model::Workspace,
};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::kit::CardHead,
    screens::ui::{Feedback, FileButton, new_id, show_count},
    store::use_store,
};

const PREVIEW_ROWS: usize = 12;
const LISTED_PROBLEMS: usize = 25;

fn field_label(field: &str, l: Locale) -> &'static str {
    Column::ALL
        .into_iter()
        .find(|t| t.field() == Some(field))
        .map_or("", |t| t.words(l))
}

/// Why the file cannot be read, in words.
pub fn read_error_text(e: &ReadError, l: Locale) -> String {
    match e {
        ReadError::Empty => td_string!(l, import.err_empty).to_string(),
        ReadError::NoRows => td_string!(l, import.err_no_rows).to_string(),
        ReadError::UnclosedQuote { line } => {
            td_string!(l, import.err_unclosed, line = line).to_string()
        }
        ReadError::Binary { .. } => td_string!(l, import.err_binary).to_string(),
    }
}

/// One problem in words: where (line, column) and what.
pub fn problem_text(p: &ImportProblem, table: &Table, l: Locale) -> String {
    let column = p
        .column
        .and_then(|c| table.header.get(c))
        .cloned()
        .unwrap_or_default();
    let what = match &p.issue {
        Issue::NameNotMapped => return td_string!(l, import.no_name_column).to_string(),
        Issue::MappedTwice { field } => {
            let field = field_label(field, l);
            return td_string!(l, import.mapped_twice, field = field).to_string();
        }
        Issue::NameMissing => td_string!(l, import.name_missing).to_string(),
        Issue::NotANumber { value } => {
            td_string!(l, import.not_a_number, value = value).to_string()
        }
        Issue::TooLarge { value } => td_string!(l, import.too_large, value = value).to_string(),
        Issue::Negative { value } => td_string!(l, import.negative, value = value).to_string(),
        Issue::TooLong { max } => td_string!(l, import.too_long, max = max).to_string(),
        Issue::DuplicateNumber { number, first_line } => {
            td_string!(l, import.duplicate, number = number, first = first_line).to_string()
        }
        Issue::TooManyCells { found, expected } => {
            td_string!(l, import.too_many_cells, found = found, expected = expected).to_string()
        }
        Issue::ColumnNotMapped { field } => {
            let field = if *field == "period" {
                td_string!(l, accounts.period)
            } else {
                field_label(field, l)
            };
            return td_string!(l, import.column_not_mapped, field = field).to_string();
        }
        Issue::UnknownCustomer { number } => {
            td_string!(l, import.unknown_customer, number = number).to_string()
        }
        Issue::NotAKeyAccount { number } => {
            td_string!(l, import.not_key_account, number = number).to_string()
        }
        Issue::NotAPeriod { value } => {
            td_string!(l, import.not_a_period, value = value).to_string()
        }
        Issue::DuplicatePeriod { first_line } => {
            td_string!(l, import.duplicate_period, first = first_line).to_string()
        }
    };
    if column.is_empty() {
        td_string!(l, import.at_line, line = p.line, what = what).to_string()
    } else {
        td_string!(
            l,
            import.at_cell,
            line = p.line,
            column = column,
            what = what
        )
        .to_string()
    }
}

/// How an amount cell is understood in the chosen format ("= 1'250'000"), so the user
/// sees at once whether the number format is right.
fn amount_read(
    mapping: &RwSignal<Option<Mapping>>,
    col: usize,
    cell: Option<&String>,
    l: Locale,
) -> Option<String> {
    let (target, format) =
        mapping.with(|m| m.as_ref().map(|m| (m.targets.get(col).copied(), m.format)))?;
    match target? {
        Column::Revenue | Column::Margin | Column::Potential => {}
        _ => return None,
    }
    let cents = kam_domain::amounts::parse_amount(cell?, format).ok()??;
    Some(crate::screens::ui::show_amount(cents, l))
}

/// The file as read, with the time reading it took (shown, and printed by the benchmark).
#[derive(Clone)]
struct Chosen {
    table: Arc<Table>,
    read_ms: f64,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[component]
pub fn ImportPart() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let chosen: RwSignal<Option<Chosen>> = RwSignal::new(None);
    let mapping: RwSignal<Option<Mapping>> = RwSignal::new(None);
    let error: RwSignal<Option<ReadError>> = RwSignal::new(None);
    let done: RwSignal<Option<(usize, usize)>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let feedback = Feedback::new();
    let on_file = move |bytes: Vec<u8>| {
        done.set(None);
        feedback.clear();
        let start = now_ms();
        match read_table(&bytes) {
            Ok(table) => {
                let guessed = Mapping::guess(&table);
                chosen.set(Some(Chosen {
                    table: Arc::new(table),
                    read_ms: now_ms() - start,
                }));
                mapping.set(Some(guessed));
                error.set(None);
            }
            Err(e) => {
                chosen.set(None);
                mapping.set(None);
                error.set(Some(e));
            }
        }
    };
    let checked: Memo<Option<(Arc<ImportPlan>, f64)>> = Memo::new(move |_| {
        let chosen = chosen.get()?;
        let mapping = mapping.get()?;
        let start = now_ms();
        let result = store.workspace.with(|w| {
            w.as_ref()
                .map(|w: &Workspace| plan(&chosen.table, &mapping, &w.customers))
        })?;
        Some((Arc::new(result), now_ms() - start))
    });
    let import = move |_| {
        let Some((plan, _)) = checked.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            // Let the "importing" state paint before the long write.
            crate::store::sleep_ms(30).await;
            let existing = store
                .workspace
                .with_untracked(|w| w.as_ref().map(|w| w.customers.clone()).unwrap_or_default());
            // A task has no reactive owner: dispatch through the store captured above.
            if let Some(command) = commands(&plan, &existing, new_id) {
                match store.dispatch(command) {
                    Ok(()) => {
                        done.set(Some((plan.new_customers(), plan.updated_customers())));
                        chosen.set(None);
                        mapping.set(None);
                    }
                    Err(e) => feedback.refuse(e),
                }
            } else {
                done.set(Some((0, 0)));
                chosen.set(None);
                mapping.set(None);
            }
            busy.set(false);
        });
    };
    view! {
        <div class="card import" data-testid="import">
            <CardHead title=|l| td_string!(l, import.heading) hint=|l| td_string!(l, import.lead) print=false />
            <div class="button-row">
                <FileButton label=|l| td_string!(l, import.choose)
                    test_id="import-file" accept=".csv,.txt,text/csv,text/plain" on_file=on_file />
            </div>
            {move || error.get().map(|e| view! {
                <p class="inline-error" role="alert" data-testid="import-error">{read_error_text(&e, i18n.get_locale())}</p>
            })}
            {move || done.get().map(|(new, updated)| view! {
                <p class="success" role="status" data-testid="import-done">
                    {{
                        let l = i18n.get_locale();
                        let new = td_string!(l, import.new_customers, count = new as u64, number = show_count(new, l)).to_string();
                        td_string!(l, import.done, new = new, updated = updated).to_string()
                    }}
                </p>
            })}
            {move || chosen.get().map(|c| {
                let table = c.table.clone();
                view! {
                    <FileFacts table=table.clone() read_ms=c.read_ms checked=checked />
                    <MappingEditor table=table.clone() mapping=mapping />
                    <Preview table=table checked=checked mapping=mapping />
                }
            })}
            <Show when=move || chosen.with(Option::is_some)>
                <div class="button-row import-actions">
                    {move || checked.with(|p| p.as_ref().map(|(plan, _)| {
                        let ready = plan.problems.is_empty();
                        let (new, updated) = (plan.new_customers(), plan.updated_customers());
                        view! {
                            <button type="button" class="primary" data-testid="import-submit"
                                disabled=move || !ready || busy.get() on:click=import>
                                {move || if busy.get() {
                                    td_string!(i18n.get_locale(), import.importing).to_string()
                                } else {
                                    td_string!(i18n.get_locale(), import.submit, new = new, updated = updated).to_string()
                                }}
                            </button>
                            {(!ready).then(|| view! { <span class="hint">{crate::tr(|l| td_string!(l, import.fix_first))}</span> })}
                        }
                    }))}
                    <button type="button" class="quiet" on:click=move |_| { chosen.set(None); mapping.set(None); }>
                        {crate::tr(|l| td_string!(l, rollout.cancel))}
                    </button>
                </div>
            </Show>
            {feedback.view()}
        </div>
    }
}

/// What was read: rows, columns, encoding, separator, and how long it took.
#[component]
fn FileFacts(
    table: Arc<Table>,
    read_ms: f64,
    checked: Memo<Option<(Arc<ImportPlan>, f64)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let encoding = match table.encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf8Bom => "UTF-8 (BOM)",
        Encoding::Windows1252 => "Windows-1252",
    };
    let separator = match table.separator {
        ';' => "«;»",
        ',' => "«,»",
        _ => "Tab",
    };
    let (rows, columns) = (table.rows.len(), table.header.len());
    view! {
        <p class="facts-line" data-testid="import-facts">
            {move || {
                let l = i18n.get_locale();
                let rows = td_string!(l, import.rows, count = rows as u64, number = show_count(rows, l)).to_string();
                let columns = td_string!(l, import.columns, count = columns as u64).to_string();
                td_string!(l, import.facts, rows = rows, columns = columns, encoding = encoding, separator = separator).to_string()
            }}
            " "
            <span data-testid="import-timing" data-read-ms=format!("{read_ms:.0}")
                data-check-ms=move || checked.with(|c| c.as_ref().map(|(_, ms)| format!("{ms:.0}")).unwrap_or_default())>
                {move || {
                    let total = read_ms + checked.with(|c| c.as_ref().map_or(0.0, |(_, ms)| *ms));
                    td_string!(i18n.get_locale(), import.timing, seconds = format!("{:.1}", total / 1000.0)).to_string()
                }}
            </span>
        </p>
    }
}

/// A target per column and the number format.
#[component]
fn MappingEditor(table: Arc<Table>, mapping: RwSignal<Option<Mapping>>) -> impl IntoView {
    let i18n = use_i18n();
    let set_target = move |col: usize, value: String| {
        if let Some(t) = Column::ALL.into_iter().find(|t| format!("{t:?}") == value) {
            mapping.update(|m| {
                if let Some(m) = m.as_mut()
                    && let Some(slot) = m.targets.get_mut(col)
                {
                    *slot = t;
                }
            });
        }
    };
    let set_format = move |value: String| {
        if let Some(f) = NumberFormat::ALL
            .into_iter()
            .find(|f| format!("{f:?}") == value)
        {
            mapping.update(|m| {
                if let Some(m) = m.as_mut() {
                    m.format = f;
                }
            });
        }
    };
    let current =
        move |col: usize| mapping.with(|m| m.as_ref().and_then(|m| m.targets.get(col).copied()));
    view! {
        <h3>{crate::tr(|l| td_string!(l, import.mapping))}</h3>
        <p class="hint">{crate::tr(|l| td_string!(l, import.mapping_hint))}</p>
        <div class="mapping-grid" data-testid="mapping">
            {table.header.iter().enumerate().map(|(col, name)| {
                let samples: Vec<String> = table.rows.iter().take(3)
                    .map(|r| r.cells.get(col).cloned().unwrap_or_default()).collect();
                view! {
                    <label class="field mapping-column">
                        <span class="field-label column-name">{name.clone()}</span>
                        <select data-testid=format!("map-{col}") on:change=move |ev| set_target(col, event_target_value(&ev))>
                            {Column::ALL.into_iter().map(|t| view! {
                                <option value=format!("{t:?}") selected=move || current(col) == Some(t)>
                                    {move || t.words(i18n.get_locale())}
                                </option>
                            }).collect_view()}
                        </select>
                        <span class="hint samples">{samples.join(" · ")}</span>
                    </label>
                }
            }).collect_view()}
        </div>
        <label class="field number-format">
            <span class="field-label">{crate::tr(|l| td_string!(l, import.number_format))}</span>
            <select data-testid="number-format" on:change=move |ev| set_format(event_target_value(&ev))>
                {NumberFormat::ALL.into_iter().map(|f| view! {
                    <option value=format!("{f:?}") selected=move || mapping.with(|m| m.as_ref().map(|m| m.format)) == Some(f)>
                        {move || f.words(i18n.get_locale())}
                    </option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The first rows as they will be imported, every problem marked at its cell, and the
/// list of all problems in words.
#[component]
fn Preview(
    table: Arc<Table>,
    checked: Memo<Option<(Arc<ImportPlan>, f64)>>,
    mapping: RwSignal<Option<Mapping>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let table_for_rows = table.clone();
    view! {
        <h3>{crate::tr(|l| td_string!(l, import.preview))}</h3>
        <div class="table-wrap">
            <table class="data preview" data-testid="import-preview">
                <thead><tr>
                    <th>{crate::tr(|l| td_string!(l, import.line))}</th>
                    {table.header.iter().enumerate().map(|(col, name)| view! {
                        <th class=move || if mapping.with(|m| m.as_ref().and_then(|m| m.targets.get(col).copied())) == Some(Column::Ignore) { "ignored" } else { "" }>
                            {name.clone()}
                        </th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || {
                        let l = i18n.get_locale();
                        checked.with(|p| {
                            let Some((plan, _)) = p.as_ref() else { return Vec::new() };
                            table_for_rows.rows.iter().take(PREVIEW_ROWS).map(|row| {
                                let row_problem = plan.problems.iter().any(|p| p.line == row.line && p.column.is_none());
                                view! {
                                    <tr class:bad-row=row_problem>
                                        <th>{row.line}</th>
                                        {(0..table_for_rows.header.len()).map(|col| {
                                            let issues: Vec<String> = plan.cell_problems(row.line, col)
                                                .map(|issue| problem_text(&ImportProblem { line: row.line, column: Some(col), issue: issue.clone() }, &table_for_rows, l))
                                                .collect();
                                            let bad = !issues.is_empty();
                                            let title = issues.join(" ");
                                            view! {
                                                <td class:bad=bad title=title data-testid=if bad { "bad-cell" } else { "cell" }>
                                                    {row.cells.get(col).cloned().unwrap_or_default()}
                                                    {(!bad).then(|| amount_read(&mapping, col, row.cells.get(col), l)).flatten().map(|v| view! {
                                                        <span class="read-as">{format!("= {v}")}</span>
                                                    })}
                                                    {bad.then(|| view! { <span class="bad-mark" aria-hidden="true">" ⚠"</span> })}
                                                </td>
                                            }
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect::<Vec<_>>()
                        })
                    }}
                </tbody>
            </table>
        </div>
        {move || checked.with(|p| p.as_ref().map(|(plan, _)| {
            let l = i18n.get_locale();
            let count = plan.problems.len();
            if count == 0 {
                // Names the file would change: shown old → new before importing.
                let renamed = crate::screens::ui::read(|w| renames(plan, &w.customers));
                view! {
                    <p class="success" data-testid="import-ok">
                        {td_string!(l, import.no_problems,
                            new = td_string!(l, import.new_customers, count = plan.new_customers() as u64, number = show_count(plan.new_customers(), l)).to_string(),
                            updated = td_string!(l, import.will_update, count = plan.updated_customers() as u64, number = show_count(plan.updated_customers(), l)).to_string()).to_string()}
                    </p>
                    {(!renamed.is_empty()).then(|| view! {
                        <div class="renames" role="status" data-testid="import-renames">
                            <h4>{td_string!(l, import.renames, count = renamed.len() as u64).to_string()}</h4>
                            <ul>
                                {renamed.iter().take(LISTED_PROBLEMS).map(|r| view! {
                                    <li>{format!("{} · {}: {} → {}", td_string!(l, import.line_n, line = r.line), r.number, r.old, r.new)}</li>
                                }).collect_view()}
                            </ul>
                            {(renamed.len() > LISTED_PROBLEMS).then(|| view! {
                                <p>{td_string!(l, import.more_problems, n = renamed.len() - LISTED_PROBLEMS).to_string()}</p>
                            })}
                        </div>
                    })}
                }.into_any()
            } else {
                view! {
                    <div class="problems" role="alert" data-testid="import-problems">
                        <h4>{td_string!(l, import.problems, count = count as u64).to_string()}</h4>
                        <ul>
                            {plan.problems.iter().take(LISTED_PROBLEMS).map(|p| view! {
                                <li>{problem_text(p, &table, l)}</li>
                            }).collect_view()}
                        </ul>
                        {(count > LISTED_PROBLEMS).then(|| view! {
                            <p>{td_string!(l, import.more_problems, n = count - LISTED_PROBLEMS).to_string()}</p>
                        })}
                        <p class="hint">{td_string!(l, import.nothing_written).to_string()}</p>
                    </div>
                }.into_any()
            }
        }))}
    }
}
