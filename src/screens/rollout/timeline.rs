//! The work plan as a timeline (Gantt-like SVG): one row per step with its title above
//! the bar, milestones as diamonds, a line for today. Drawn about 1:1 on a portrait tablet
//! so the text stays readable, and scaled to the page width when printed. The layout
//! (which bar runs from when to when) is `kam_domain::rollout::timeline`.

use kam_domain::{date::Date, model::Status, rollout::timeline};
use leptos::prelude::*;

use crate::{
    i18n::*,
    screens::ui::{read, show, today},
};

const WIDTH: f64 = 720.0;
const HEADER: f64 = 28.0;
const ROW: f64 = 42.0;

fn month_name(month: u32, l: Locale) -> &'static str {
    const DE: [&str; 12] = [
        "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match l {
        Locale::de => DE[i],
        Locale::en => EN[i],
    }
}

fn bar_class(status: Status, late: bool) -> &'static str {
    match status {
        Status::Done => "bar done",
        Status::Cancelled => "bar cancelled",
        _ if late => "bar late",
        Status::InProgress => "bar in-progress",
        Status::Open => "bar open",
    }
}

/// The timeline of the open workspace's plan.
#[component]
pub fn PlanTimeline() -> impl IntoView {
    let i18n = use_i18n();
    let layout = Memo::new(move |_| {
        read(|w| {
            let start = w.programme.start_date.as_deref().and_then(Date::parse);
            timeline(&w.programme.milestones, start)
        })
    });
    move || {
        let l = i18n.get_locale();
        let Some(t) = layout.get() else {
            return view! { <p class="hint">{td_string!(l, timeline.empty)}</p> }.into_any();
        };
        let now = today();
        let height = HEADER + ROW * t.bars.len() as f64 + 8.0;
        let x = |d: Date| t.position(d) * (WIDTH - 8.0) + 4.0;
        // A label every month on short plans, every quarter on long ones.
        let every = if t.months.len() > 13 { 3 } else { 1 };
        let grid = t
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let gx = x(*m);
                let label = (i % every == 0 && gx < WIDTH - 40.0).then(|| {
                    let text = format!("{} {}", month_name(m.month, l), m.year % 100);
                    view! { <text class="tick" x=gx + 3.0 y=16>{text}</text> }
                });
                view! {
                    <line class="grid" x1=gx x2=gx y1=HEADER - 6.0 y2=height />
                    {label}
                }
            })
            .collect_view();
        let today_line = (now >= t.from && now <= t.to).then(|| {
            let tx = x(now);
            view! {
                <line class="today" x1=tx x2=tx y1=HEADER - 10.0 y2=height />
                <text class="today-label" x=tx + 3.0 y=HEADER - 2.0>{td_string!(l, timeline.today)}</text>
            }
        });
        let rows = t
            .bars
            .iter()
            .enumerate()
            .map(|(i, bar)| {
                let top = HEADER + ROW * i as f64;
                let (x1, x2) = (x(bar.start), x(bar.end));
                let late = bar.overdue(now);
                let tip = format!("{}: {} – {}", bar.title, show(bar.start, l), show(bar.end, l));
                let mark = if bar.milestone {
                    let (cx, cy) = (x2, top + 27.0);
                    view! {
                        <polygon class=format!("diamond {}", bar_class(bar.status, late))
                            points=format!("{},{} {},{} {},{} {},{}", cx, cy - 8.0, cx + 8.0, cy, cx, cy + 8.0, cx - 8.0, cy)>
                            <title>{tip}</title>
                        </polygon>
                    }
                    .into_any()
                } else {
                    view! {
                        <rect class=bar_class(bar.status, late) x=x1 y=top + 21.0
                            width=(x2 - x1).max(4.0) height=12 rx=3>
                            <title>{tip}</title>
                        </rect>
                    }
                    .into_any()
                };
                view! {
                    <g class="row" data-testid="timeline-bar" data-id=bar.id.clone()>
                        <text class=if bar.milestone { "row-title milestone" } else { "row-title" } x=4 y=top + 15.0>
                            {bar.title.clone()}
                        </text>
                        {mark}
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg class="timeline" data-testid="timeline" role="img"
                viewBox=format!("0 0 {WIDTH} {height}") preserveAspectRatio="xMinYMin meet"
                aria-label=td_string!(l, timeline.label)>
                {grid}
                {today_line}
                {rows}
            </svg>
        }
        .into_any()
    }
}
