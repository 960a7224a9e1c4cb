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
    /// The reader's language: the card is included in several pages.
    pub lang: Lang,
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
    /// The card in English (pages not yet worded for their reader).
    pub fn new(view: &GoalView, trend: &GoalTrend, org: &Organisation) -> TrendCard {
        TrendCard::for_reader(view, trend, org, &Fmt::new(Lang::En, org))
    }

    /// The card in `fmt`'s language.
    pub fn for_reader(
        view: &GoalView,
        trend: &GoalTrend,
        org: &Organisation,
        fmt: &Fmt,
    ) -> TrendCard {
        let lang = fmt.lang;
        let unit = view.metric.unit;
        let full = |v: Decimal| fmt.value(v, unit);
        let short = |v: Decimal| short_value(v, unit, org);
        let metric = fmt.metric(&view.metric.key, &view.metric.name);
        let y_title = match unit {
            Unit::Money => format!("{metric} ({})", org.currency_code),
            Unit::Percent => format!("{metric} (%)"),
            Unit::Count => metric.clone(),
        };
        let outlook = view.forecast.as_ref().and_then(|f| {
            Some(chart::Outlook {
                p10: f.p10?,
                p50: f.p50?,
                p90: f.p90?,
                chance: lang.tr(
                    "goal-card-likely",
                    [("percent", lang.percent(f.percent()?, 0).into())],
                ),
            })
        });
        let chart = chart::trend(
            trend,
            y_title,
            fmt.period(&view.period),
            &Units {
                full: &full,
                short: &short,
            },
            fmt,
            outlook.as_ref(),
        );
        let days = trend.points.len();
        let live = trend.period.contains(trend.today);
        let mut note = match (days, trend.from_snapshots) {
            (0, _) => String::new(),
            (_, 0) => lang.t("chart-trend-note-events"),
            (_, stored) if stored == days => lang.t("chart-trend-note-snapshots"),
            (_, stored) => lang.tr(
                "chart-trend-note-mixed",
                [("stored", stored.into()), ("count", days.into())],
            ),
        };
        if days > 0 && live {
            note.push(' ');
            note.push_str(&lang.t("chart-trend-note-live"));
        }
        let title = match &view.goal.title {
            Some(title) if !title.trim().is_empty() => title.clone(),
            _ => metric,
        };
        let heading = lang.tr("chart-trend-heading", [("title", title.into())]);
        TrendCard {
            lang,
            heading,
            caption: lang.tr(
                "chart-trend-range",
                [
                    ("start", chart::day_month(lang, trend.period.start).into()),
                    ("end", fmt.day(trend.period.end).into()),
                ],
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
    pub lang: Lang,
    pub caption: String,
    pub chart: MonthlyChart,
}

impl MonthlyCard {
    pub fn new(figures: &[MonthFigure], fmt: &Fmt) -> MonthlyCard {
        let caption = match (figures.first(), figures.last()) {
            (Some(first), Some(last)) => chart::month_range(fmt.lang, first, last),
            _ => String::new(),
        };
        MonthlyCard {
            lang: fmt.lang,
            caption,
            chart: chart::monthly(figures, fmt),
        }
    }
}
