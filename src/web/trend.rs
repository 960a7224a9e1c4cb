//! The trend cards: a goal's trend (the goal page, the dashboard) and the
//! company's attainment by month (the executive page), worded and drawn
//! from `crate::goals::trends` by `web::chart`.

use crate::domain::number::Unit;
use rust_decimal::Decimal;

use super::chart::{self, MonthlyChart, TrendChart, Units};
use super::format;
use crate::db::organisation::Organisation;
use crate::goals::progress::GoalView;
use crate::goals::trends::{GoalTrend, MonthFigure};

/// Another goal the dashboard's trend can show.
pub struct TrendChoice {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// What `templates/charts/_trend.html` shows.
pub struct TrendCard {
    pub heading: String,
    pub caption: String,
    /// The target in full: "₩25,000,000".
    pub target: String,
    pub chart: TrendChart,
    /// Where the figures come from.
    pub note: String,
    pub choices: Vec<TrendChoice>,
}

/// The short form of a metric's value for axis labels: "₩2.5M", "1.2k", "40%".
pub fn short_value(value: Decimal, unit: Unit, org: &Organisation) -> String {
    match unit {
        Unit::Money => chart::compact(value, &currency_symbol(org)),
        Unit::Percent => format!("{}%", chart::compact(value, "")),
        Unit::Count => chart::compact(value, ""),
    }
}

/// The organisation's currency symbol ("₩", "$"), or its code.
pub fn currency_symbol(org: &Organisation) -> String {
    iso_currency::Currency::from_code(&org.currency_code)
        .map(|c| c.symbol().symbol)
        .unwrap_or_else(|| org.currency_code.clone())
}

impl TrendCard {
    pub fn new(view: &GoalView, trend: &GoalTrend, org: &Organisation) -> TrendCard {
        let unit = view.metric.unit;
        let full = |v: Decimal| format::value(v, unit, org);
        let short = |v: Decimal| short_value(v, unit, org);
        let y_title = match unit {
            Unit::Money => format!("{} ({})", view.metric.name, org.currency_code),
            Unit::Percent => format!("{} (%)", view.metric.name),
            Unit::Count => view.metric.name.clone(),
        };
        let chart = chart::trend(
            trend,
            y_title,
            view.period.name.clone(),
            &Units {
                full: &full,
                short: &short,
            },
        );
        let days = trend.points.len();
        let live = if trend.period.contains(trend.today) {
            " Today's figure is live."
        } else {
            ""
        };
        let note = match (days, trend.from_snapshots) {
            (0, _) => String::new(),
            (_, 0) => format!("Figures summed from the recorded events.{live}"),
            (_, stored) if stored == days => format!("Every day from the daily snapshots.{live}"),
            (_, stored) => format!(
                "{stored} of {days} days from the daily snapshots, the others summed from the events.{live}"
            ),
        };
        let heading = match &view.goal.title {
            Some(title) if !title.trim().is_empty() => format!("Trend · {title}"),
            _ => format!("Trend · {}", view.metric.name),
        };
        TrendCard {
            heading,
            caption: format!(
                "{} – {}",
                trend.period.start.format("%-d %b"),
                trend.period.end.format("%-d %b %Y")
            ),
            target: full(trend.target),
            chart,
            note,
            choices: Vec::new(),
        }
    }
}

/// What `templates/charts/_monthly.html` shows.
pub struct MonthlyCard {
    pub caption: String,
    pub chart: MonthlyChart,
}

impl MonthlyCard {
    pub fn new(figures: &[MonthFigure]) -> MonthlyCard {
        let caption = match (figures.first(), figures.last()) {
            (Some(first), Some(last)) => format!(
                "{} – {}",
                first.month.start.format("%b %Y"),
                last.month.start.format("%b %Y")
            ),
            _ => String::new(),
        };
        MonthlyCard {
            caption,
            chart: chart::monthly(figures),
        }
    }
}
