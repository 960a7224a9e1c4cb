//! A daily bar chart drawn on the server as SVG: geometry from decimals
//! (no floats, no script), round axis steps, short money labels.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

/// The drawing's coordinate space; the SVG scales to its container.
pub const WIDTH: u32 = 760;
pub const HEIGHT: u32 = 240;
const LEFT: u32 = 64;
const RIGHT: u32 = 12;
const TOP: u32 = 14;
const BOTTOM: u32 = 30;

pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// The tooltip: "12 Mar: $1,200.00 (2 sales)".
    pub title: String,
}

pub struct Tick {
    pub y: String,
    pub label: String,
}

pub struct DayLabel {
    pub x: String,
    pub label: String,
}

pub struct DailyChart {
    pub width: u32,
    pub height: u32,
    pub left: u32,
    pub right_edge: u32,
    pub baseline: u32,
    pub label_y: u32,
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
    let first = last - Days::new(u64::from(days_shown.saturating_sub(1)));
    let plot_width = Decimal::from(WIDTH - LEFT - RIGHT);
    let plot_height = Decimal::from(HEIGHT - TOP - BOTTOM);
    let slot = plot_width / Decimal::from(days_shown.max(1));
    let bar_width = slot * Decimal::new(7, 1);
    let highest = data
        .iter()
        .filter(|d| d.date >= first && d.date <= last)
        .map(|d| d.total)
        .fold(Decimal::ZERO, Decimal::max);
    let (step, top) = axis(highest);
    let y_of = |value: Decimal| Decimal::from(TOP) + plot_height - value / top * plot_height;
    let x_of = |date: NaiveDate| {
        let index = Decimal::from((date - first).num_days());
        Decimal::from(LEFT) + index * slot
    };
    let bars = data
        .iter()
        .filter(|d| d.date >= first && d.date <= last && d.total > Decimal::ZERO)
        .map(|d| {
            let height = (d.total / top * plot_height).max(Decimal::ONE);
            let sales = if d.count == 1 { "sale" } else { "sales" };
            Bar {
                x: px(x_of(d.date) + (slot - bar_width) / Decimal::TWO),
                y: px(Decimal::from(TOP) + plot_height - height),
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
    let mut ticks = Vec::new();
    let mut value = Decimal::ZERO;
    while value <= top {
        ticks.push(Tick {
            y: px(y_of(value)),
            label: compact(value, symbol),
        });
        value += step;
    }
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
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right_edge: WIDTH - RIGHT,
        baseline: HEIGHT - BOTTOM,
        label_y: HEIGHT - BOTTOM + 18,
        bars,
        ticks,
        days,
        is_empty: highest.is_zero(),
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
        assert_eq!(full, Decimal::from(HEIGHT - TOP - BOTTOM));
        assert_eq!(half * Decimal::TWO, full);
        assert_eq!(chart.bars[1].title, "30 Mar: $200 (2 sales)");
        assert_eq!(chart.ticks.last().unwrap().label, "$400");
        assert_eq!(chart.days.first().unwrap().label, "1 Mar");
        assert!(!chart.is_empty);
    }
}
