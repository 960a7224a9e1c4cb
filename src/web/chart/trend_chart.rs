//! A goal's trend: the actual against the straight-line expected path and
//! the target.

use super::*;

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
    /// The forecast's likely range from the latest day to the period's end.
    pub band: Option<Band>,
}

/// The forecast's P10–P90 range as a wedge from the latest actual to the
/// period's end, with the P50 path through it.
pub struct Band {
    /// SVG polygon points ("x,y x,y x,y").
    pub points: String,
    pub median: Segment,
    /// "Likely end ₩18.2M – ₩24.9M (P10–P90)": the band's tooltip.
    pub title: String,
}

/// The forecast a trend draws: the stored one's P10 / P50 / P90 end values
/// and its chance in words ("62% likely"; not enough history: none drawn).
pub struct Outlook {
    pub p10: Decimal,
    pub p50: Decimal,
    pub p90: Decimal,
    pub chance: String,
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
pub fn trend(
    trend: &GoalTrend,
    y_title: String,
    x_title: String,
    units: &Units,
    fmt: &Fmt,
    outlook: Option<&Outlook>,
) -> TrendChart {
    let lang = fmt.lang;
    let frame = Frame::new(280, 64, 30, 50);
    let period = &trend.period;
    let span = (period.total_days() - 1).max(1);
    let x_of = |day: NaiveDate| {
        let index = Decimal::from((day - period.start).num_days());
        Decimal::from(frame.left) + index * frame.plot_width() / Decimal::from(span)
    };
    let latest = trend.points.last();
    // The band starts at the latest actual and is drawn only while the
    // period runs; ends below what is already counted are lifted to it.
    let outlook = outlook
        .zip(latest)
        .filter(|(_, p)| period.contains(trend.today) && p.day < period.end)
        .map(|(o, p)| {
            let lift = |v: Decimal| v.max(p.actual);
            (p, lift(o.p10), lift(o.p50), lift(o.p90), o)
        });
    let highest = trend
        .points
        .iter()
        .map(|p| p.actual)
        .chain(outlook.iter().map(|o| o.3))
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
        let key = match p.origin {
            Origin::Live => "chart-trend-dot-live",
            Origin::Snapshot => "chart-trend-dot",
            Origin::Events => "chart-trend-dot-events",
        };
        let title = lang.tr(
            key,
            [
                ("day", day_month(lang, p.day).into()),
                ("value", (units.full)(p.actual).into()),
            ],
        );
        Dot { x, y, title }
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
                label: day_month(lang, day),
            })
            .collect()
    } else {
        // Long periods: the first of each month.
        let mut labels = Vec::new();
        let mut day = period.start;
        while day <= period.end {
            if day.day() == 1 || day == period.start {
                labels.push(DayLabel {
                    x: px(x_of(day)),
                    label: month_label(lang, day, day.month() == 1),
                });
            }
            day = day + Days::new(1);
        }
        labels
    };
    let band = outlook.map(|(from, p10, p50, p90, _)| {
        let (x0, y0) = point(from.day, from.actual);
        let (x1, y10) = point(period.end, p10);
        let (_, y50) = point(period.end, p50);
        let (_, y90) = point(period.end, p90);
        Band {
            points: format!("{x0},{y0} {x1},{y90} {x1},{y10}"),
            median: Segment {
                x1: x0,
                y1: y0,
                x2: x1,
                y2: y50,
            },
            title: lang.tr(
                "chart-trend-band-title",
                [
                    ("low", (units.full)(p10).into()),
                    ("high", (units.full)(p90).into()),
                ],
            ),
        }
    });
    let mut summary = match latest {
        Some(p) => {
            let expected = crate::domain::attainment::expected_to_date(trend.target, period, p.day);
            lang.tr(
                "chart-trend-summary",
                [
                    ("actual", (units.full)(p.actual).into()),
                    ("day", day_month(lang, p.day).into()),
                    ("expected", (units.full)(expected).into()),
                    ("target", (units.full)(trend.target).into()),
                    ("end", fmt.day(period.end).into()),
                ],
            )
        }
        None => lang.tr(
            "chart-trend-summary-future",
            [
                ("start", fmt.day(period.start).into()),
                ("target", (units.full)(trend.target).into()),
            ],
        ),
    };
    if let Some((_, p10, p50, p90, o)) = &outlook {
        summary.push(' ');
        summary.push_str(&lang.tr(
            "chart-trend-band-summary",
            [
                ("chance", o.chance.as_str().into()),
                ("low", (units.full)(*p10).into()),
                ("middle", (units.full)(*p50).into()),
                ("high", (units.full)(*p90).into()),
                ("end", fmt.day(period.end).into()),
            ],
        ));
    }
    TrendChart {
        band,
        ticks: ticks(&frame, step, top, units.short),
        days,
        actual,
        dots,
        latest: latest.map(dot),
        expected: Segment { x1, y1, x2, y2 },
        target_y: px(frame.y_of(trend.target, top)),
        target_label: lang.tr(
            "chart-trend-target",
            [("target", (units.full)(trend.target).into())],
        ),
        today_x: period.contains(trend.today).then(|| px(x_of(trend.today))),
        y_title,
        x_title,
        summary,
        frame,
    }
}
