//! The trend cards: a goal's trend (the goal page, the dashboard) and the
//! company's attainment by month (the executive page), worded and drawn
//! from `crate::goals::trends` by `web::chart`.

use crate::domain::number::Unit;
use rust_decimal::Decimal;

use super::chart::{self, MonthlyChart, TrendChart, Units};
use super::format::Fmt;
use crate::db::organisation::Organisation;
use crate::goals::progress::GoalView;
use crate::goals::trends::{GoalTrend, MonthFigure};
use crate::i18n::Lang;

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
    /// The trend of `view`'s goal, worded in `lang`.
    pub fn new(view: &GoalView, trend: &GoalTrend, org: &Organisation, lang: Lang) -> TrendCard {
        let f = Fmt::new(lang, org);
        let unit = view.metric.unit;
        let full = |v: Decimal| f.value(v, unit);
        let short = |v: Decimal| short_value(v, unit, org);
        let metric = f.metric(&view.metric.key, &view.metric.name);
        let y_title = match unit {
            Unit::Money => format!("{metric} ({})", org.currency_code),
            Unit::Percent => format!("{metric} (%)"),
            Unit::Count => metric.clone(),
        };
        let chart = chart::trend(
            trend,
            y_title,
            f.period(&view.period),
            &Units {
                full: &full,
                short: &short,
            },
        );
        let days = trend.points.len();
        let note = match (days, trend.from_snapshots) {
            (0, _) => String::new(),
            (_, 0) => lang.t("goal-trend-from-events"),
            (_, stored) if stored == days => lang.t("goal-trend-from-snapshots"),
            (_, stored) => lang.tr(
                "goal-trend-mixed",
                [("stored", stored.into()), ("days", days.into())],
            ),
        };
        let note = if !note.is_empty() && trend.period.contains(trend.today) {
            format!("{note} {}", lang.t("goal-trend-live"))
        } else {
            note
        };
        let heading = match &view.goal.title {
            Some(title) if !title.trim().is_empty() => {
                lang.tr("goal-trend-heading", [("name", title.clone().into())])
            }
            _ => lang.tr("goal-trend-heading", [("name", metric.into())]),
        };
        TrendCard {
            heading,
            caption: format!(
                "{} – {}",
                f.day(trend.period.start),
                f.day(trend.period.end)
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
