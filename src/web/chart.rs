//! Charts drawn on the server as SVG: geometry from decimals (no floats, no
//! script), round axis steps, short money labels in the organisation's
//! currency. One frame and one axis for every chart: daily bars (a
//! partner's sales), a goal's trend (actual against the straight-line
//! expected path and the target) and monthly attainment bars (the company).

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::trend::{Origin, expected_line};
use crate::goals::trends::{GoalTrend, MonthFigure};

/// The drawing's coordinate space; the SVG scales to its container.
pub const WIDTH: u32 = 760;
pub const HEIGHT: u32 = 240;

/// The drawing and its plot area: a chart's margins hold the axis labels.
pub struct Frame {
    pub width: u32,
    pub height: u32,
    /// The plot's left edge (the y axis).
    pub left: u32,
    pub right_edge: u32,
    pub top: u32,
    /// The plot's bottom edge (the x axis).
    pub baseline: u32,
    /// Where the x axis labels sit.
    pub label_y: u32,
    /// Where the x axis title sits.
    pub title_y: u32,
}

impl Frame {
    fn new(height: u32, left: u32, top: u32, bottom: u32) -> Frame {
        const RIGHT: u32 = 12;
        Frame {
            width: WIDTH,
            height,
            left,
            right_edge: WIDTH - RIGHT,
            top,
            baseline: height - bottom,
            label_y: height - bottom + 18,
            title_y: height - bottom + 38,
        }
    }

    fn plot_width(&self) -> Decimal {
        Decimal::from(self.right_edge - self.left)
    }

    fn plot_height(&self) -> Decimal {
        Decimal::from(self.baseline - self.top)
    }

    /// The y of `value` on an axis from 0 to `top`, clamped to the plot.
    fn y_of(&self, value: Decimal, top: Decimal) -> Decimal {
        let value = value.max(Decimal::ZERO).min(top);
        Decimal::from(self.baseline) - value / top * self.plot_height()
    }

    /// The horizontal middle of the plot, for empty-state text.
    pub fn middle_x(&self) -> u32 {
        (self.left + self.right_edge) / 2
    }

    pub fn middle_y(&self) -> u32 {
        (self.top + self.baseline) / 2
    }
}

pub struct Tick {
    pub y: String,
    pub label: String,
}

/// Gridlines from 0 to `top` every `step`, labelled by `label`.
fn ticks(
    frame: &Frame,
    step: Decimal,
    top: Decimal,
    label: impl Fn(Decimal) -> String,
) -> Vec<Tick> {
    let mut ticks = Vec::new();
    let mut value = Decimal::ZERO;
    while value <= top {
        ticks.push(Tick {
            y: px(frame.y_of(value, top)),
            label: label(value),
        });
        value += step;
    }
    ticks
}

pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// The tooltip: "12 Mar: $1,200.00 (2 sales)".
    pub title: String,
}

pub struct DayLabel {
    pub x: String,
    pub label: String,
}

pub struct DailyChart {
    pub frame: Frame,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub days: Vec<DayLabel>,
    pub is_empty: bool,
}

/// One day's confirmed sales.
pub struct Day {
    pub date: NaiveDate,
    pub total: Decimal,
    pub count: i64,
}

/// `days_shown` consecutive days ending on `last`, with a bar for each day
/// of `data` inside them. `money` formats a tooltip amount, `symbol` leads
/// the short axis labels.
pub fn daily(
    last: NaiveDate,
    days_shown: u32,
    data: &[Day],
    symbol: &str,
    money: impl Fn(Decimal) -> String,
) -> DailyChart {
    let frame = Frame::new(HEIGHT, 64, 14, 30);
    let first = last - Days::new(u64::from(days_shown.saturating_sub(1)));
    let plot_height = frame.plot_height();
    let slot = frame.plot_width() / Decimal::from(days_shown.max(1));
    let bar_width = slot * Decimal::new(7, 1);
    let highest = data
        .iter()
        .filter(|d| d.date >= first && d.date <= last)
        .map(|d| d.total)
        .fold(Decimal::ZERO, Decimal::max);
    let (step, top) = axis(highest);
    let x_of = |date: NaiveDate| {
        let index = Decimal::from((date - first).num_days());
        Decimal::from(frame.left) + index * slot
    };
    let bars = data
        .iter()
        .filter(|d| d.date >= first && d.date <= last && d.total > Decimal::ZERO)
        .map(|d| {
            let height = (d.total / top * plot_height).max(Decimal::ONE);
            let sales = if d.count == 1 { "sale" } else { "sales" };
            Bar {
                x: px(x_of(d.date) + (slot - bar_width) / Decimal::TWO),
                y: px(Decimal::from(frame.baseline) - height),
                width: px(bar_width),
                height: px(height),
                title: format!(
                    "{}: {} ({} {sales})",
                    d.date.format("%-d %b"),
                    money(d.total),
                    d.count
                ),
            }
        })
        .collect();
    let ticks = ticks(&frame, step, top, |v| compact(v, symbol));
    // A label under the first day and every seventh after it, so weeks line up.
    let days = (0..days_shown)
        .step_by(7)
        .map(|i| first + Days::new(u64::from(i)))
        .map(|date| DayLabel {
            x: px(x_of(date) + slot / Decimal::TWO),
            label: date.format("%-d %b").to_string(),
        })
        .collect();
    DailyChart {
        frame,
        bars,
        ticks,
        days,
        is_empty: highest.is_zero(),
    }
}

/// A point on a line chart, with its tooltip.
pub struct Dot {
    pub x: String,
    pub y: String,
    pub title: String,
}

/// A straight segment.
pub struct Segment {
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
}

/// A goal's trend: the actual day by day, the expected path, the target.
pub struct TrendChart {
    pub frame: Frame,
    pub ticks: Vec<Tick>,
    pub days: Vec<DayLabel>,
    /// The actual as SVG polyline points ("x,y x,y …"); empty before the
    /// period starts.
    pub actual: String,
    /// A dot per day for periods short enough to hover day by day.
    pub dots: Vec<Dot>,
    /// The latest day's point (today's live figure), drawn larger.
    pub latest: Option<Dot>,
    pub expected: Segment,
    pub target_y: String,
    /// "Target ₩25,000,000".
    pub target_label: String,
    /// Today's position inside the period.
    pub today_x: Option<String>,
    /// "Revenue (₩)": the y axis title.
    pub y_title: String,
    /// "November 2026": the x axis title.
    pub x_title: String,
    /// What the chart says, for screen readers and under the chart.
    pub summary: String,
}

/// How the trend chart writes values: in full for tooltips and in short
/// for the axis (money in the organisation's currency).
pub struct Units<'a> {
    pub full: &'a dyn Fn(Decimal) -> String,
    pub short: &'a dyn Fn(Decimal) -> String,
}

/// The most days a trend draws a hoverable dot for (two months).
const DOT_DAYS: i64 = 62;

/// The trend chart of `trend`; `y_title` names the metric and its unit,
/// `x_title` the period.
pub fn trend(trend: &GoalTrend, y_title: String, x_title: String, units: &Units) -> TrendChart {
    let frame = Frame::new(280, 64, 30, 50);
    let period = &trend.period;
    let span = (period.total_days() - 1).max(1);
    let x_of = |day: NaiveDate| {
        let index = Decimal::from((day - period.start).num_days());
        Decimal::from(frame.left) + index * frame.plot_width() / Decimal::from(span)
    };
    let highest = trend
        .points
        .iter()
        .map(|p| p.actual)
        .fold(trend.target, Decimal::max);
    // Headroom above the highest line for the target's label.
    let (step, top) = axis(highest * Decimal::new(108, 2));
    let point = |day: NaiveDate, value: Decimal| (px(x_of(day)), px(frame.y_of(value, top)));
    let actual = trend
        .points
        .iter()
        .map(|p| {
            let (x, y) = point(p.day, p.actual);
            format!("{x},{y}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let dot = |p: &crate::domain::trend::TrendPoint| {
        let (x, y) = point(p.day, p.actual);
        let source = match p.origin {
            Origin::Live => " (today, live)",
            Origin::Snapshot => "",
            Origin::Events => " (from events)",
        };
        Dot {
            x,
            y,
            title: format!(
                "{}: {}{source}",
                p.day.format("%-d %b"),
                (units.full)(p.actual)
            ),
        }
    };
    let dots = if period.total_days() <= DOT_DAYS {
        trend.points.iter().map(dot).collect()
    } else {
        Vec::new()
    };
    let [(first_day, first_expected), (last_day, _)] = expected_line(trend.target, period);
    let (x1, y1) = point(first_day, first_expected);
    let (x2, y2) = point(last_day, trend.target);
    let days = if period.total_days() <= DOT_DAYS {
        // The first day and every seventh after it, and the last day when
        // it is not crowded by the one before.
        let mut labels: Vec<NaiveDate> = (0..period.total_days())
            .step_by(7)
            .map(|i| period.start + Days::new(i as u64))
            .collect();
        if labels
            .last()
            .is_some_and(|l| (period.end - *l).num_days() >= 4)
        {
            labels.push(period.end);
        }
        labels
            .into_iter()
            .map(|day| DayLabel {
                x: px(x_of(day)),
                label: day.format("%-d %b").to_string(),
            })
            .collect()
    } else {
        // Long periods: the first of each month.
        let mut labels = Vec::new();
        let mut day = period.start;
        while day <= period.end {
            if day.day() == 1 || day == period.start {
                let format = if day.month() == 1 { "%b %Y" } else { "%b" };
                labels.push(DayLabel {
                    x: px(x_of(day)),
                    label: day.format(format).to_string(),
                });
            }
            day = day + Days::new(1);
        }
        labels
    };
    let latest = trend.points.last();
    let summary = match latest {
        Some(p) => format!(
            "{} on {} against {} expected by then; target {} by {}.",
            (units.full)(p.actual),
            p.day.format("%-d %b"),
            (units.full)(crate::domain::attainment::expected_to_date(
                trend.target,
                period,
                p.day
            )),
            (units.full)(trend.target),
            period.end.format("%-d %b %Y"),
        ),
        None => format!(
            "The period starts on {}; target {}.",
            period.start.format("%-d %b %Y"),
            (units.full)(trend.target)
        ),
    };
    TrendChart {
        ticks: ticks(&frame, step, top, units.short),
        days,
        actual,
        dots,
        latest: latest.map(dot),
        expected: Segment { x1, y1, x2, y2 },
        target_y: px(frame.y_of(trend.target, top)),
        target_label: format!("Target {}", (units.full)(trend.target)),
        today_x: period.contains(trend.today).then(|| px(x_of(trend.today))),
        y_title,
        x_title,
        summary,
        frame,
    }
}

/// One month's bar of the company chart.
pub struct MonthBar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// "bar-reached", "bar-short" or "bar-live".
    pub class: &'static str,
    pub title: String,
    /// "87%" above the bar.
    pub value: String,
    pub value_x: String,
    pub value_y: String,
}

/// Attainment by month with the 100 % line.
pub struct MonthlyChart {
    pub frame: Frame,
    pub ticks: Vec<Tick>,
    pub bars: Vec<MonthBar>,
    pub months: Vec<DayLabel>,
    pub target_y: String,
    pub summary: String,
    pub is_empty: bool,
}

/// The company's attainment by month, oldest first.
pub fn monthly(figures: &[MonthFigure]) -> MonthlyChart {
    let frame = Frame::new(HEIGHT, 52, 16, 46);
    let slot = frame.plot_width() / Decimal::from(figures.len().max(1));
    let bar_width = slot * Decimal::new(6, 1);
    let hundred = Decimal::ONE_HUNDRED;
    let highest = figures
        .iter()
        .filter_map(|f| f.attainment)
        .fold(hundred, Decimal::max);
    let (step, top) = axis(highest * Decimal::new(110, 2));
    let x_of = |index: usize| Decimal::from(frame.left) + Decimal::from(index) * slot;
    // Whole percents, cut rather than rounded: 99.6 % has not reached 100 %.
    let percent = |v: Decimal| format!("{}%", v.trunc().normalize());
    let bars = figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, f, f.attainment?)))
        .map(|(i, f, attainment)| {
            let y = frame.y_of(attainment, top);
            let height = (Decimal::from(frame.baseline) - y).max(Decimal::ONE);
            let class = if f.live {
                "bar-live"
            } else if attainment >= hundred {
                "bar-reached"
            } else {
                "bar-short"
            };
            let note = if f.live {
                " so far"
            } else if f.from_snapshots {
                ""
            } else {
                " (computed from events)"
            };
            MonthBar {
                x: px(x_of(i) + (slot - bar_width) / Decimal::TWO),
                y: px(Decimal::from(frame.baseline) - height),
                width: px(bar_width),
                height: px(height),
                class,
                title: format!("{}: {attainment:.2}%{note}", f.month.start.format("%B %Y")),
                value: percent(attainment),
                value_x: px(x_of(i) + slot / Decimal::TWO),
                value_y: px(Decimal::from(frame.baseline) - height - Decimal::from(6)),
            }
        })
        .collect();
    let months = figures
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let first = i == 0 || f.month.start.month() == 1;
            DayLabel {
                x: px(x_of(i) + slot / Decimal::TWO),
                label: f
                    .month
                    .start
                    .format(if first { "%b %Y" } else { "%b" })
                    .to_string(),
            }
        })
        .collect();
    let with_figures: Vec<&MonthFigure> =
        figures.iter().filter(|f| f.attainment.is_some()).collect();
    let reached = with_figures
        .iter()
        .filter(|f| !f.live && f.attainment.is_some_and(|a| a >= hundred))
        .count();
    let closed = with_figures.iter().filter(|f| !f.live).count();
    let summary = match (figures.first(), figures.last()) {
        (Some(first), Some(last)) if !with_figures.is_empty() => format!(
            "Company attainment by month, {} – {}: the target was reached in {reached} of {closed} closed {}.",
            first.month.start.format("%b %Y"),
            last.month.start.format("%b %Y"),
            if closed == 1 { "month" } else { "months" },
        ),
        _ => "No monthly company goals in these months yet.".into(),
    };
    MonthlyChart {
        ticks: ticks(&frame, step, top, percent),
        target_y: px(frame.y_of(hundred, top)),
        bars,
        months,
        summary,
        is_empty: with_figures.is_empty(),
        frame,
    }
}

/// A coordinate with one decimal: "123.4".
fn px(value: Decimal) -> String {
    value.round_dp(1).normalize().to_string()
}

/// The axis step and top for values up to `highest`: about four steps of
/// 1, 2 or 5 × a power of ten, the top the first step at or above `highest`.
pub fn axis(highest: Decimal) -> (Decimal, Decimal) {
    if highest <= Decimal::ZERO {
        return (Decimal::ONE, Decimal::from(4));
    }
    let rough = highest / Decimal::from(4);
    let mut power = Decimal::ONE;
    while power * Decimal::TEN <= rough {
        power *= Decimal::TEN;
    }
    while power > rough && power > Decimal::new(1, 2) {
        power /= Decimal::TEN;
    }
    let step = [1, 2, 5, 10]
        .into_iter()
        .map(|m| Decimal::from(m) * power)
        .find(|s| *s >= rough)
        .unwrap_or(power * Decimal::TEN);
    let top = (highest / step).ceil() * step;
    (step.normalize(), top.normalize())
}

/// A short money label for an axis: "$0", "$750", "$2.5k", "₩1.2M".
pub fn compact(value: Decimal, symbol: &str) -> String {
    let units = [
        (Decimal::from(1_000_000_000_000i64), "T"),
        (Decimal::from(1_000_000_000), "B"),
        (Decimal::from(1_000_000), "M"),
        (Decimal::from(1_000), "k"),
    ];
    for (size, suffix) in units {
        if value.abs() >= size {
            let scaled = (value / size).round_dp(1).normalize();
            return format!("{symbol}{scaled}{suffix}");
        }
    }
    format!("{symbol}{}", value.round_dp(2).normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn axis_steps_are_round_and_cover_the_highest_value() {
        assert_eq!(axis(dec!(0)), (dec!(1), dec!(4)));
        assert_eq!(axis(dec!(9000)), (dec!(5000), dec!(10000)));
        assert_eq!(axis(dec!(1234)), (dec!(500), dec!(1500)));
        assert_eq!(axis(dec!(3)), (dec!(1), dec!(3)));
        assert_eq!(axis(dec!(0.3)), (dec!(0.1), dec!(0.3)));
        assert_eq!(axis(dec!(2_400_000)), (dec!(1_000_000), dec!(3_000_000)));
    }

    #[test]
    fn axis_labels_are_short() {
        assert_eq!(compact(dec!(0), "$"), "$0");
        assert_eq!(compact(dec!(750), "$"), "$750");
        assert_eq!(compact(dec!(2500), "$"), "$2.5k");
        assert_eq!(compact(dec!(1_200_000), "₩"), "₩1.2M");
    }

    #[test]
    fn bars_sit_on_the_baseline_inside_the_window() {
        let last = NaiveDate::from_ymd_opt(2026, 3, 30).unwrap();
        let data = [
            Day {
                date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                total: dec!(400),
                count: 1,
            },
            Day {
                date: last,
                total: dec!(200),
                count: 2,
            },
            // Outside the 30 days: ignored.
            Day {
                date: NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
                total: dec!(9999),
                count: 1,
            },
        ];
        let chart = daily(last, 30, &data, "$", |v| format!("${v}"));
        assert_eq!(chart.bars.len(), 2);
        let full: Decimal = chart.bars[0].height.parse().unwrap();
        let half: Decimal = chart.bars[1].height.parse().unwrap();
        assert_eq!(full, Decimal::from(HEIGHT - 14 - 30));
        assert_eq!(half * Decimal::TWO, full);
        assert_eq!(chart.bars[1].title, "30 Mar: $200 (2 sales)");
        assert_eq!(chart.ticks.last().unwrap().label, "$400");
        assert_eq!(chart.days.first().unwrap().label, "1 Mar");
        assert!(!chart.is_empty);
    }
}
