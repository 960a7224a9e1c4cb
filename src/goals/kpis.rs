//! The sales KPIs of a scope and a period, each one set-based query: counts
//! by outcome with the median approval time, and confirmed sales by channel
//! and by category (one `GROUPING SETS` pass).

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Double, Nullable, Numeric, Text};
use rust_decimal::Decimal;

/// Whose sales count: everyone, or the partners of these teams.
pub enum Scope {
    All,
    Teams(Vec<i64>),
}

impl Scope {
    fn binds(&self) -> (bool, Vec<i64>) {
        match self {
            Scope::All => (true, Vec::new()),
            Scope::Teams(teams) => (false, teams.clone()),
        }
    }
}

/// Sales dated in the period (`sales_date`, both ends included) of partners
/// in scope. `$1`/`$2` the bounds, `$3` "everyone", `$4` the team ids.
const SCOPED: &str = "
    SELECT s.id, s.partner_id, s.status, s.amount, s.created_at, s.confirmed_at,
           s.confirmed_by, s.sales_channel, nullif(btrim(s.category), '') AS category
    FROM sales s
    WHERE s.sales_date BETWEEN $1 AND $2
      AND ($3 OR s.partner_id IN (SELECT u.id FROM users u WHERE u.team_id = ANY($4)))";

/// What happened to the sales of a period.
#[derive(QueryableByName, Debug, Clone, PartialEq)]
pub struct Outcomes {
    #[diesel(sql_type = BigInt)]
    pub registered: i64,
    #[diesel(sql_type = BigInt)]
    pub pending: i64,
    /// Confirmed at registration, at or below the auto-confirm limit.
    #[diesel(sql_type = BigInt)]
    pub auto_confirmed: i64,
    /// Confirmed by an approver.
    #[diesel(sql_type = BigInt)]
    pub approved: i64,
    /// Cancelled while pending by someone other than the partner (a partner
    /// withdrawing their own sale is not a rejection).
    #[diesel(sql_type = BigInt)]
    pub rejected: i64,
    /// Ever confirmed, automatically or by an approver, whatever came after.
    #[diesel(sql_type = BigInt)]
    pub confirmed: i64,
    #[diesel(sql_type = BigInt)]
    pub refunded: i64,
    /// Sales that stand confirmed now (not refunded or cancelled).
    #[diesel(sql_type = BigInt)]
    pub standing: i64,
    #[diesel(sql_type = Numeric)]
    pub standing_amount: Decimal,
    /// Median from registration to an approver's confirmation.
    #[diesel(sql_type = Nullable<Double>)]
    pub median_approval_seconds: Option<f64>,
}

pub fn outcomes(
    conn: &mut PgConnection,
    scope: &Scope,
    start: NaiveDate,
    end: NaiveDate,
) -> QueryResult<Outcomes> {
    let (everyone, teams) = scope.binds();
    diesel::sql_query(format!(
        "WITH scoped AS ({SCOPED}),
         rejected AS (
             SELECT count(DISTINCT c.sale_id) AS n
             FROM sale_status_changes c JOIN scoped s ON s.id = c.sale_id
             WHERE c.from_status = 'pending' AND c.to_status = 'cancelled'
               AND c.actor_id IS DISTINCT FROM s.partner_id
         )
         SELECT count(*) AS registered,
                count(*) FILTER (WHERE s.status = 'pending') AS pending,
                count(*) FILTER (WHERE s.confirmed_at IS NOT NULL
                                   AND s.confirmed_by IS NULL) AS auto_confirmed,
                count(*) FILTER (WHERE s.confirmed_by IS NOT NULL) AS approved,
                (SELECT n FROM rejected) AS rejected,
                count(*) FILTER (WHERE s.confirmed_at IS NOT NULL) AS confirmed,
                count(*) FILTER (WHERE s.status = 'refunded') AS refunded,
                count(*) FILTER (WHERE s.status = 'confirmed') AS standing,
                coalesce(sum(s.amount) FILTER (WHERE s.status = 'confirmed'), 0) AS standing_amount,
                percentile_cont(0.5) WITHIN GROUP (
                    ORDER BY extract(epoch FROM s.confirmed_at - s.created_at)::float8
                ) FILTER (WHERE s.confirmed_by IS NOT NULL) AS median_approval_seconds
         FROM scoped s"
    ))
    .bind::<Date, _>(start)
    .bind::<Date, _>(end)
    .bind::<Bool, _>(everyone)
    .bind::<Array<BigInt>, _>(teams)
    .get_result(conn)
}

/// Sales standing confirmed, grouped by channel or by category.
#[derive(QueryableByName, Debug, Clone, PartialEq)]
pub struct Group {
    /// True for a channel row, false for a category row.
    #[diesel(sql_type = Bool)]
    pub by_channel: bool,
    /// `None`: sales without a category.
    #[diesel(sql_type = Nullable<Text>)]
    pub label: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub sales: i64,
    #[diesel(sql_type = Numeric)]
    pub amount: Decimal,
}

/// Channel rows then category rows, each largest amount first.
pub fn breakdown(
    conn: &mut PgConnection,
    scope: &Scope,
    start: NaiveDate,
    end: NaiveDate,
) -> QueryResult<Vec<Group>> {
    let (everyone, teams) = scope.binds();
    diesel::sql_query(format!(
        "SELECT GROUPING(s.sales_channel) = 0 AS by_channel,
                CASE WHEN GROUPING(s.sales_channel) = 0 THEN s.sales_channel
                     ELSE s.category END AS label,
                count(*) AS sales,
                sum(s.amount) AS amount
         FROM ({SCOPED}) s
         WHERE s.status = 'confirmed'
         GROUP BY GROUPING SETS ((s.sales_channel), (s.category))
         ORDER BY by_channel DESC, amount DESC, label NULLS LAST"
    ))
    .bind::<Date, _>(start)
    .bind::<Date, _>(end)
    .bind::<Bool, _>(everyone)
    .bind::<Array<BigInt>, _>(teams)
    .load(conn)
}

/// The revenue the goals count over the period for the partners in scope,
/// by event source (logged, imported, confirmed sales, …): the KPIs count
/// confirmed sales only, and the page says what else the goals count.
pub fn revenue_by_source(
    conn: &mut PgConnection,
    scope: &Scope,
    start: NaiveDate,
    end: NaiveDate,
) -> QueryResult<Vec<(String, Decimal)>> {
    use crate::db::events::{MetricEvent, Scope as Events};
    use crate::db::schema::users;
    let Some(revenue) = crate::db::metrics::Metric::find_by_key(conn, "revenue")? else {
        return Ok(Vec::new());
    };
    match scope {
        Scope::All => MetricEvent::totals_by_source(conn, Events::Everyone, revenue.id, start, end),
        Scope::Teams(teams) => {
            let people: Vec<i64> = users::table
                .filter(users::team_id.eq_any(teams))
                .select(users::id)
                .load(conn)?;
            MetricEvent::totals_by_source(conn, Events::Users(&people), revenue.id, start, end)
        }
    }
}
