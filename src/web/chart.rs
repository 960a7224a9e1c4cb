//! Charts drawn on the server as SVG: geometry from decimals (no floats, no
//! script), round axis steps, short money labels in the organisation's
//! currency. One frame and one axis for every chart: daily bars (a
//! partner's sales), a goal's trend (actual against the straight-line
//! expected path and the target) and monthly attainment bars (the company).

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::trend::{Origin, expected_line};
use crate::goals::trends::{GoalTrend, MonthFigure};
use crate::i18n::Lang;
use crate::web::format::Fmt;

mod daily_chart;
mod monthly_chart;
mod trend_chart;

pub use daily_chart::*;
pub use monthly_chart::*;
pub use trend_chart::*;

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

/// A day on an axis or in a tooltip: "4 Dec" / "12월 4일".
pub fn day_month(lang: Lang, day: NaiveDate) -> String {
    lang.tr(
        "chart-day",
        [("day", day.day().into()), ("month", day.month().into())],
    )
}

/// A month on an axis: "Dec" / "12월", with its year "Jan 2027" / "2027년 1월".
pub fn month_label(lang: Lang, day: NaiveDate, with_year: bool) -> String {
    let month = ("month", day.month().into());
    if with_year {
        // A year is a name, not an amount: no grouping.
        lang.tr(
            "chart-month-year",
            [month, ("year", day.year().to_string().into())],
        )
    } else {
        lang.tr("chart-month", [month])
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
mod tests;
