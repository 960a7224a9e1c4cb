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

use super::{money, month_param, shift_month, status_badge};
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::db::organisation::Organisation;
use crate::domain::period::Period;
use crate::domain::period_query;
use crate::domain::sale_status::SaleStatus;
use crate::sales::mine::{self, ConfirmedStats, Loaded};
use crate::web::chart::{self, DailyChart, Day};
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::Layout;
use crate::web::respond::{WithStatus, with_status};
use crate::web::{db, format};

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
        Err(problem) => (this_month, FieldErrors::one("period", problem.message)),
    }
}

pub struct SaleRow {
    pub id: i64,
    pub date: String,
    pub title: String,
    pub order_number: String,
    pub amount: String,
    pub status_label: &'static str,
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
    errors: FieldErrors,
    stats: Stats,
    chart: DailyChart,
    chart_caption: String,
    chart_summary: String,
    rows: Vec<SaleRow>,
    truncated: bool,
}

fn stats(org: &Organisation, loaded: &Loaded) -> Stats {
    let ConfirmedStats {
        count,
        total,
        average,
        highest,
        lowest,
    } = loaded.confirmed;
    let show = |amount: Option<Decimal>| amount.map_or_else(|| "—".into(), |a| money(org, a));
    let others: Vec<String> = loaded
        .by_status
        .iter()
        .filter(|(status, _)| *status != SaleStatus::Confirmed)
        .map(|(status, n)| format!("{n} {}", status_badge(*status).0.to_lowercase()))
        .collect();
    Stats {
        count: format::count(count.into()),
        total: money(org, total.unwrap_or_default()),
        average: show(average),
        highest: show(highest),
        lowest: show(lowest),
        commission: money(org, loaded.commission),
        others: others.join(" · "),
    }
}

/// `GET /sales`
pub async fn index(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    query: web::Query<PeriodQuery>,
) -> Result<WithStatus<IndexPage>, AppError> {
    let org = current.org.clone();
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
    let revenue_note =
        crate::domain::sources::worded(revenue_sources, |amount| money(&org, amount));
    let truncated = loaded.sales.len() as i64 > LIST_LIMIT;
    let rows = loaded
        .sales
        .iter()
        .take(LIST_LIMIT as usize)
        .map(|sale| {
            let (status_label, status_class) = status_badge(sale.status);
            SaleRow {
                id: sale.id,
                date: sale.sales_date.format("%-d %b %Y").to_string(),
                title: sale.title.clone(),
                order_number: sale.order_number.clone(),
                amount: money(&org, sale.amount),
                status_label,
                status_class,
                commission: loaded
                    .commission_by_sale
                    .get(&sale.id)
                    .map_or_else(|| "—".into(), |c| money(&org, *c)),
            }
        })
        .collect();
    let symbol = iso_currency::Currency::from_code(&org.currency_code)
        .map(|c| c.symbol().symbol)
        .unwrap_or_else(|| org.currency_code.clone());
    let chart = chart::daily(chart_to, CHART_DAYS, &daily, &symbol, |amount| {
        money(&org, amount)
    });
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
        layout: current.layout("My sales"),
        period_label: period.label(org.fiscal_year_start_month.clamp(1, 12) as u32),
        is_month,
        is_this_month: is_month && month_start == Period::month_containing(today).start,
        month: month_param(month_start),
        previous_month: month_param(shift_month(month_start, false)),
        next_month: (next <= today).then(|| month_param(next)),
        from: period.start.to_string(),
        to: period.end.to_string(),
        stats: stats(&org, &loaded),
        revenue_total: money(&org, revenue_total),
        revenue_note,
        chart_caption: format!(
            "{} – {}",
            chart_from.format("%-d %b"),
            chart_to.format("%-d %b %Y")
        ),
        chart_summary: format!(
            "{} in {} confirmed {}",
            money(&org, chart_total),
            chart_count,
            if chart_count == 1 { "sale" } else { "sales" }
        ),
        chart,
        rows,
        truncated,
        errors,
    };
    let status = if page.errors.is_empty() {
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
            assert!(errors.get("period").is_some());
            assert_eq!(period.start, day(2026, 3, 1));
        }
    }
}
