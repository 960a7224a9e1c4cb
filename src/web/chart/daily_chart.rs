//! Daily bars: a partner's sales per day.

use super::*;

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
/// of `data` inside them. `symbol` leads the short axis labels, `day_label`
/// names a day under the axis and `title` words a bar's tooltip.
pub fn daily(
    last: NaiveDate,
    days_shown: u32,
    data: &[Day],
    symbol: &str,
    day_label: impl Fn(NaiveDate) -> String,
    title: impl Fn(&Day) -> String,
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
            Bar {
                x: px(x_of(d.date) + (slot - bar_width) / Decimal::TWO),
                y: px(Decimal::from(frame.baseline) - height),
                width: px(bar_width),
                height: px(height),
                title: title(d),
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
            label: day_label(date),
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
