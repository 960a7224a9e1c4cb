//! `GET /sales`: the viewer's own sales in a chosen period (a month, or a
//! from–to range), with stats over the confirmed ones, the commission they
//! generated, and a 30-day daily chart of confirmed sales.

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{day_month, month_param, sale_status_class, sale_status_label, shift_month};
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::domain::period::Period;
use crate::domain::period_query::{self, ProblemKind};
use crate::domain::sale_status::SaleStatus;
use crate::error::FieldMessages;
use crate::i18n::{Lang, Msg};
use crate::sales::mine::{self, ConfirmedStats, Loaded};
use crate::web::chart::{self, DailyChart, Day};
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{WithStatus, with_status};

/// The most rows the list shows; the stats always cover the whole period.
const LIST_LIMIT: i64 = 500;
/// How many days the trend chart covers.
const CHART_DAYS: u32 = 30;

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct PeriodQuery {
    month: String,
    from: String,
    to: String,
}

/// The period asked for: `?month=YYYY-MM`, `?from=&to=`, or this month.
/// A bad query falls back to this month with a message.
fn chosen_period(query: &PeriodQuery, today: NaiveDate) -> (Period, FieldErrors) {
    let this_month = Period::month_containing(today);
    match period_query::requested(&query.month, &query.from, &query.to) {
        Ok(period) => (period.unwrap_or(this_month), FieldErrors::new()),
        Err(problem) => (
            this_month,
            FieldErrors::one("period", period_problem(problem.kind)),
        ),
    }
}

/// A requested period that cannot be used, in the reader's words.
pub(super) fn period_problem(kind: ProblemKind) -> Msg {
    match kind {
        ProblemKind::Backwards => Msg::new("sale-period-backwards"),
        ProblemKind::TooLong { max_years } => {
            Msg::new("sale-period-too-long").arg("years", max_years)
        }
        ProblemKind::MissingDate => Msg::new("sale-period-missing-date"),
        ProblemKind::BadMonth => Msg::new("sale-period-bad-month"),
    }
}

pub struct SaleRow {
    pub id: i64,
    pub date: String,
    pub title: String,
    pub order_number: String,
    pub amount: String,
    pub status_label: String,
    pub status_class: &'static str,
    pub commission: String,
}

pub struct Stats {
    pub count: String,
    pub total: String,
    pub average: String,
    pub highest: String,
    pub lowest: String,
    pub commission: String,
    /// "2 waiting for approval · 1 cancelled", or empty.
    pub others: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sales/index.html")]
pub struct IndexPage {
    layout: Layout,
    lang: Lang,
    /// The revenue goals and the dashboard count over the period, and
    /// where it comes from ("" when nothing was recorded).
    revenue_total: String,
    revenue_note: String,
    period_label: String,
    is_month: bool,
    is_this_month: bool,
    month: String,
    previous_month: String,
    next_month: Option<String>,
    from: String,
    to: String,
    has_errors: bool,
    errors: FieldMessages,
    stats: Stats,
    chart: DailyChart,
    chart_caption: String,
    chart_summary: String,
    rows: Vec<SaleRow>,
    truncated: bool,
}

fn stats(f: &Fmt, loaded: &Loaded) -> Stats {
    let ConfirmedStats {
        count,
        total,
        average,
        highest,
        lowest,
    } = loaded.confirmed;
    let show = |amount: Option<Decimal>| amount.map_or_else(|| "—".into(), |a| f.money(a));
    let others: Vec<String> = loaded
        .by_status
        .iter()
        .filter(|(status, _)| *status != SaleStatus::Confirmed)
        .map(|(status, n)| {
            let key = match status {
                SaleStatus::Pending => "sale-others-pending",
                SaleStatus::Confirmed => "sale-others-confirmed",
                SaleStatus::Cancelled => "sale-others-cancelled",
                SaleStatus::Refunded => "sale-others-refunded",
            };
            f.lang.tr(key, [("count", n.into())])
        })
        .collect();
    Stats {
        count: f.count(count.into()),
        total: f.money(total.unwrap_or_default()),
        average: show(average),
        highest: show(highest),
        lowest: show(lowest),
        commission: f.money(loaded.commission),
        others: others.join(" · "),
    }
}

/// The event sources behind the dashboard's revenue, in reading order,
/// with their message keys.
const SOURCES: [(&str, &str); 5] = [
    ("manual", "sale-source-manual"),
    ("import", "sale-source-import"),
    ("api", "sale-source-api"),
    ("sale", "sale-source-sale"),
    ("system", "sale-source-system"),
];

/// "from: logged ₩300,000 · imported ₩2,280,000 · confirmed sales ₩0", or
/// "" when nothing was recorded. Confirmed sales are always named, at zero
/// too: that is the figure a reader holds the revenue against.
pub(crate) fn revenue_note(f: &Fmt, totals: &[(String, Decimal)]) -> String {
    sources_note(f, totals, |amount| f.money(amount))
}

/// [`revenue_note`] with `format` for the amounts (a goal's metric may
/// count deals rather than money).
pub(crate) fn sources_note(
    f: &Fmt,
    totals: &[(String, Decimal)],
    format: impl Fn(Decimal) -> String,
) -> String {
    if totals.iter().all(|(_, amount)| amount.is_zero()) {
        return String::new();
    }
    let mut parts: Vec<String> = Vec::new();
    for (source, key) in SOURCES {
        let amount: Decimal = totals
            .iter()
            .filter(|(s, _)| s == source)
            .map(|(_, a)| *a)
            .sum();
        if !amount.is_zero() || source == "sale" {
            parts.push(f.lang.tr(key, [("amount", format(amount).into())]));
        }
    }
    let mut unknown: Vec<&str> = totals
        .iter()
        .map(|(s, _)| s.as_str())
        .filter(|s| !SOURCES.iter().any(|(known, _)| known == s))
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    for source in unknown {
        let amount: Decimal = totals
            .iter()
            .filter(|(s, _)| s == source)
            .map(|(_, a)| *a)
            .sum();
        if !amount.is_zero() {
            parts.push(format!("{source} {}", format(amount)));
        }
    }
    f.lang
        .tr("sale-sources", [("parts", parts.join(" · ").into())])
}

/// `GET /sales`
pub async fn index(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    query: web::Query<PeriodQuery>,
) -> Result<WithStatus<IndexPage>, AppError> {
    let org = current.org.clone();
    let lang = current.lang();
    let f = current.fmt();
    let today = crate::goals::progress::org_today(&org);
    let (period, errors) = chosen_period(&query, today);
    let chart_to = period.end.min(today);
    let chart_from = chart_to - Days::new(u64::from(CHART_DAYS - 1));
    let partner = current.user.id;
    let loaded = db(&pool, move |conn| {
        Ok(mine::load(
            conn, partner, period, chart_from, chart_to, LIST_LIMIT,
        )?)
    })
    .await?;
    let revenue_sources = &loaded.revenue_sources;
    let daily: Vec<Day> = loaded
        .daily
        .iter()
        .map(|d| Day {
            date: d.date,
            total: d.total,
            count: d.count,
        })
        .collect();
    let revenue_total: Decimal = revenue_sources.iter().map(|(_, amount)| *amount).sum();
    let revenue_note = revenue_note(&f, revenue_sources);
    let truncated = loaded.sales.len() as i64 > LIST_LIMIT;
    let rows = loaded
        .sales
        .iter()
        .take(LIST_LIMIT as usize)
        .map(|sale| SaleRow {
            id: sale.id,
            date: f.day(sale.sales_date),
            title: sale.title.clone(),
            order_number: sale.order_number.clone(),
            amount: f.money(sale.amount),
            status_label: sale_status_label(lang, sale.status),
            status_class: sale_status_class(sale.status),
            commission: loaded
                .commission_by_sale
                .get(&sale.id)
                .map_or_else(|| "—".into(), |c| f.money(*c)),
        })
        .collect();
    let symbol = iso_currency::Currency::from_code(&org.currency_code)
        .map(|c| c.symbol().symbol)
        .unwrap_or_else(|| org.currency_code.clone());
    let chart = chart::daily(
        chart_to,
        CHART_DAYS,
        &daily,
        &symbol,
        |day| day_month(lang, day),
        |day| {
            lang.tr(
                "sale-chart-bar",
                [
                    ("day", day_month(lang, day.date).into()),
                    ("amount", f.money(day.total).into()),
                    ("count", day.count.into()),
                ],
            )
        },
    );
    let chart_total: Decimal = daily.iter().map(|d| d.total).sum();
    let chart_count: i64 = daily.iter().map(|d| d.count).sum();
    let is_month = period.kind == crate::domain::period::PeriodKind::Month;
    let month_start = if is_month {
        period.start
    } else {
        Period::month_containing(today).start
    };
    let next = shift_month(month_start, true);
    let page = IndexPage {
        layout: current.layout_t("sale-list-title"),
        lang,
        period_label: lang.period_name(period.name(org.fiscal_start_month())),
        is_month,
        is_this_month: is_month && month_start == Period::month_containing(today).start,
        month: month_param(month_start),
        previous_month: month_param(shift_month(month_start, false)),
        next_month: (next <= today).then(|| month_param(next)),
        from: period.start.to_string(),
        to: period.end.to_string(),
        stats: stats(&f, &loaded),
        revenue_total: f.money(revenue_total),
        revenue_note,
        chart_caption: lang.tr(
            "sale-chart-range",
            [
                ("from", day_month(lang, chart_from).into()),
                ("to", f.day(chart_to).into()),
            ],
        ),
        chart_summary: lang.tr(
            "sale-chart-summary",
            [
                ("amount", f.money(chart_total).into()),
                ("count", chart_count.into()),
            ],
        ),
        chart,
        rows,
        truncated,
        has_errors: !errors.is_empty(),
        errors: errors.shown(lang),
    };
    let status = if !page.has_errors {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(with_status(page, status))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(month: &str, from: &str, to: &str) -> PeriodQuery {
        PeriodQuery {
            month: month.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_period_defaults_to_this_month() {
        let (period, errors) = chosen_period(&query("", "", ""), day(2026, 3, 14));
        assert_eq!(
            (period.start, period.end),
            (day(2026, 3, 1), day(2026, 3, 31))
        );
        assert!(errors.is_empty());
    }

    #[test]
    fn a_month_or_a_range_can_be_chosen() {
        let (period, _) = chosen_period(&query("2026-02", "", ""), day(2026, 3, 14));
        assert_eq!(
            (period.start, period.end),
            (day(2026, 2, 1), day(2026, 2, 28))
        );
        let (period, _) = chosen_period(&query("", "2026-01-10", "2026-03-05"), day(2026, 3, 14));
        assert_eq!(
            (period.start, period.end),
            (day(2026, 1, 10), day(2026, 3, 5))
        );
    }

    #[test]
    fn a_bad_period_says_so_and_shows_this_month() {
        for bad in [
            query("March", "", ""),
            query("", "2026-03-10", ""),
            query("", "2026-03-10", "2026-03-01"),
        ] {
            let (period, errors) = chosen_period(&bad, day(2026, 3, 14));
            assert!(errors.has("period"));
            assert_eq!(period.start, day(2026, 3, 1));
        }
    }
}
