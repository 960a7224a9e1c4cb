//! A partner's own sales over a period: stats over the confirmed ones, the
//! commission they generated, the list, a daily series of confirmed sales
//! for the trend chart, and the revenue the dashboard counts.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Numeric};
use rust_decimal::Decimal;

use crate::db::goals::Owner;
use crate::db::metrics::Metric;
use crate::db::sales::Sale;
use crate::db::schema::{commission_entries, sales};
use crate::domain::period::Period;
use crate::domain::sale_status::SaleStatus;

#[derive(QueryableByName)]
pub struct ConfirmedStats {
    #[diesel(sql_type = BigInt)]
    pub count: i64,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub total: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub average: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub highest: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub lowest: Option<Decimal>,
}

/// Everything the page reads, in one trip to the database.
pub struct Loaded {
    pub confirmed: ConfirmedStats,
    pub by_status: Vec<(SaleStatus, i64)>,
    pub commission: Decimal,
    /// At most `limit + 1` sales, newest first, so the caller sees whether
    /// the list was cut.
    pub sales: Vec<Sale>,
    pub commission_by_sale: HashMap<i64, Decimal>,
    pub daily: Vec<DailyTotal>,
    /// The revenue the dashboard counts over the same days, by source.
    pub revenue_sources: Vec<(String, Decimal)>,
}

/// Confirmed sales of one day.
pub struct DailyTotal {
    pub date: NaiveDate,
    pub total: Decimal,
    pub count: i64,
}

pub fn load(
    conn: &mut PgConnection,
    partner: i64,
    period: Period,
    chart_from: NaiveDate,
    chart_to: NaiveDate,
    limit: i64,
) -> QueryResult<Loaded> {
    let in_period = sales::partner_id
        .eq(partner)
        .and(sales::sales_date.between(period.start, period.end));
    // Diesel has no `max`/`min` over NUMERIC, so the stats are plain SQL.
    let confirmed: ConfirmedStats = diesel::sql_query(
        "SELECT count(*) AS count, sum(amount) AS total, avg(amount) AS average,
                max(amount) AS highest, min(amount) AS lowest
         FROM sales
         WHERE partner_id = $1 AND status = 'confirmed' AND sales_date BETWEEN $2 AND $3",
    )
    .bind::<BigInt, _>(partner)
    .bind::<Date, _>(period.start)
    .bind::<Date, _>(period.end)
    .get_result(conn)?;
    let by_status = sales::table
        .filter(in_period)
        .group_by(sales::status)
        .select((sales::status, count_star()))
        .load(conn)?;
    let commission: Option<Decimal> = commission_entries::table
        .inner_join(sales::table)
        .filter(in_period)
        .select(sum(commission_entries::amount))
        .first(conn)?;
    let sales: Vec<Sale> = sales::table
        .filter(in_period)
        .order((sales::sales_date.desc(), sales::id.desc()))
        .limit(limit + 1)
        .select(Sale::as_select())
        .load(conn)?;
    let ids: Vec<i64> = sales.iter().map(|s| s.id).collect();
    let commission_by_sale: Vec<(i64, Option<Decimal>)> = commission_entries::table
        .filter(commission_entries::sale_id.eq_any(&ids))
        .group_by(commission_entries::sale_id)
        .select((commission_entries::sale_id, sum(commission_entries::amount)))
        .load(conn)?;
    let daily: Vec<(NaiveDate, Option<Decimal>, i64)> = sales::table
        .filter(sales::partner_id.eq(partner))
        .filter(sales::status.eq(SaleStatus::Confirmed))
        .filter(sales::sales_date.between(chart_from, chart_to))
        .group_by(sales::sales_date)
        .select((sales::sales_date, sum(sales::amount), count_star()))
        .load(conn)?;
    let revenue_sources = match Metric::find_by_key(conn, "revenue")? {
        Some(metric) => crate::goals::progress::sources(
            conn,
            Owner::User(partner),
            metric.id,
            period.start,
            period.end,
        )?,
        None => Vec::new(),
    };
    Ok(Loaded {
        confirmed,
        by_status,
        commission: commission.unwrap_or_default(),
        sales,
        commission_by_sale: commission_by_sale
            .into_iter()
            .map(|(id, total)| (id, total.unwrap_or_default()))
            .collect(),
        daily: daily
            .into_iter()
            .map(|(date, total, count)| DailyTotal {
                date,
                total: total.unwrap_or_default(),
                count,
            })
            .collect(),
        revenue_sources,
    })
}
