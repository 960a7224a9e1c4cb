//! Monthly attainment bars: the company's.

use super::*;

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
/// "Jan 2026 – Dec 2026" / "2026년 1월 ~ 2026년 12월".
pub fn month_range(lang: Lang, first: &MonthFigure, last: &MonthFigure) -> String {
    lang.tr(
        "chart-month-range",
        [
            ("start", month_label(lang, first.month.start, true).into()),
            ("end", month_label(lang, last.month.start, true).into()),
        ],
    )
}

pub fn monthly(figures: &[MonthFigure], fmt: &Fmt) -> MonthlyChart {
    let lang = fmt.lang;
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
            let key = if f.live {
                "chart-monthly-bar-live"
            } else if f.from_snapshots {
                "chart-monthly-bar"
            } else {
                "chart-monthly-bar-events"
            };
            MonthBar {
                x: px(x_of(i) + (slot - bar_width) / Decimal::TWO),
                y: px(Decimal::from(frame.baseline) - height),
                width: px(bar_width),
                height: px(height),
                class,
                title: lang.tr(
                    key,
                    [
                        ("month", fmt.month(f.month.start).into()),
                        ("value", fmt.percent(Some(attainment)).into()),
                    ],
                ),
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
                label: month_label(lang, f.month.start, first),
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
        (Some(first), Some(last)) if !with_figures.is_empty() => lang.tr(
            "chart-monthly-summary",
            [
                ("range", month_range(lang, first, last).into()),
                ("reached", reached.into()),
                ("count", closed.into()),
            ],
        ),
        _ => lang.t("chart-monthly-summary-empty"),
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
