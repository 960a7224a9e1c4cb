//! Stored same-tier benchmarks (`goal_benchmarks`, `tier_benchmarks`,
//! written by the `forecasts` job): a goal's own standing among its peers,
//! and each peer group's quartiles. Neither names a peer nor shows a peer's
//! figure.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Integer, Nullable, Numeric, SmallInt, Text};
use rust_decimal::Decimal;

use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;

/// A goal's standing among its peers as of the end of `day`: "top 23% of
/// Gold Distributor partners". No `top_percent`: not enough peers.
#[derive(QueryableByName, Debug, Clone, PartialEq, Eq)]
pub struct GoalBenchmark {
    #[diesel(sql_type = BigInt)]
    pub goal_id: i64,
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = Integer)]
    pub peers: i32,
    #[diesel(sql_type = Nullable<SmallInt>)]
    pub top_percent: Option<i16>,
    #[diesel(sql_type = Text)]
    pub partner_type: String,
    #[diesel(sql_type = Text)]
    pub partner_tier: String,
}

impl GoalBenchmark {
    /// The stored standings of `goals`, by goal id (one statement).
    pub fn of(conn: &mut PgConnection, goals: &[i64]) -> QueryResult<HashMap<i64, GoalBenchmark>> {
        if goals.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<GoalBenchmark> = crate::db::prepared::prepared(
            "SELECT b.goal_id, b.day, b.peers, b.top_percent,
                    ty.name AS partner_type, ti.name AS partner_tier
             FROM goal_benchmarks b
             JOIN partner_types ty ON ty.id = b.partner_type_id
             JOIN partner_tiers ti ON ti.id = b.partner_tier_id
             WHERE b.goal_id = ANY($1)",
        )
        .bind::<Array<BigInt>, _>(goals.to_vec())
        .load(conn)?;
        Ok(rows.into_iter().map(|b| (b.goal_id, b)).collect())
    }
}

/// One peer group's distribution: the attainment (percent) quartiles of
/// the active partners of one type and tier on one metric and period. No
/// quartiles: fewer than five peers.
#[derive(Debug, Clone)]
pub struct TierQuartiles {
    pub period: PeriodRow,
    pub metric: Metric,
    pub partner_type: String,
    pub partner_tier: String,
    pub day: NaiveDate,
    pub peers: i32,
    pub q1: Option<Decimal>,
    pub median: Option<Decimal>,
    pub q3: Option<Decimal>,
}

#[derive(QueryableByName)]
struct QuartileRow {
    #[diesel(sql_type = BigInt)]
    period_id: i64,
    #[diesel(sql_type = BigInt)]
    metric_id: i64,
    #[diesel(sql_type = Text)]
    partner_type: String,
    #[diesel(sql_type = Text)]
    partner_tier: String,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Integer)]
    peers: i32,
    #[diesel(sql_type = Nullable<Numeric>)]
    q1: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    median: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    q3: Option<Decimal>,
}

impl TierQuartiles {
    /// The peer groups of the partner types and tiers `people` hold (a
    /// manager's team), by tier rank, type, period start and metric order.
    pub fn of_people(conn: &mut PgConnection, people: &[i64]) -> QueryResult<Vec<TierQuartiles>> {
        use crate::db::schema::{metric_definitions, periods};
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<QuartileRow> = diesel::sql_query(
            "SELECT t.period_id, t.metric_id, ty.name AS partner_type, ti.name AS partner_tier,
                    t.day, t.peers, t.q1, t.median, t.q3
             FROM tier_benchmarks t
             JOIN partner_types ty ON ty.id = t.partner_type_id
             JOIN partner_tiers ti ON ti.id = t.partner_tier_id
             JOIN periods p ON p.id = t.period_id
             JOIN metric_definitions m ON m.id = t.metric_id
             WHERE (t.partner_type_id, t.partner_tier_id) IN (
                 SELECT partner_type_id, partner_tier_id FROM users
                 WHERE id = ANY($1) AND active
                   AND partner_type_id IS NOT NULL AND partner_tier_id IS NOT NULL
             )
             ORDER BY ti.rank DESC, ty.name, p.start_date, m.position, t.metric_id",
        )
        .bind::<Array<BigInt>, _>(people)
        .load(conn)?;
        let mut period_ids: Vec<i64> = rows.iter().map(|r| r.period_id).collect();
        period_ids.sort_unstable();
        period_ids.dedup();
        let periods: HashMap<i64, PeriodRow> = periods::table
            .filter(periods::id.eq_any(period_ids))
            .select(PeriodRow::as_select())
            .load(conn)?
            .into_iter()
            .map(|p: PeriodRow| (p.id, p))
            .collect();
        let metrics: HashMap<i64, Metric> = metric_definitions::table
            .select(Metric::as_select())
            .load(conn)?
            .into_iter()
            .map(|m: Metric| (m.id, m))
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(TierQuartiles {
                    period: periods.get(&r.period_id)?.clone(),
                    metric: metrics.get(&r.metric_id)?.clone(),
                    partner_type: r.partner_type,
                    partner_tier: r.partner_tier,
                    day: r.day,
                    peers: r.peers,
                    q1: r.q1,
                    median: r.median,
                    q3: r.q3,
                })
            })
            .collect())
    }
}
