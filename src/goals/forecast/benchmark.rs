//! The same-tier benchmarks, made by the `forecasts` job in its
//! transaction (the rules are `domain::benchmark`): every live personal
//! goal of an active partner, as of the end of `day`, ranked by attainment
//! among the goals of the same metric and period held by partners of the
//! same type and tier. Stored in `goal_benchmarks` (each goal's own
//! standing) and `tier_benchmarks` (each group's quartiles); both are
//! replaced on every run, so goals no longer live lose theirs.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Integer, Nullable, Numeric, SmallInt};
use rust_decimal::Decimal;

use crate::domain::benchmark;

/// Each ranked goal with its group and its attainment (percent) as of `$1`.
const SCORES: &str = "
SELECT g.id AS goal_id, g.period_id, g.metric_id, u.partner_type_id, u.partner_tier_id,
       100 * COALESCE(a.total, 0) / g.target AS attainment
FROM goals g
JOIN periods p ON p.id = g.period_id
JOIN users u ON u.id = g.user_id
LEFT JOIN LATERAL (
    SELECT sum(t.total) AS total FROM metric_day_totals t
    WHERE t.user_id = g.user_id AND t.metric_id = g.metric_id
      AND t.day BETWEEN p.start_date AND $1
) a ON true
WHERE g.owner_kind = 'user'
  AND g.status IN ('approved', 'active', 'completed', 'failed')
  AND p.start_date <= $1 AND p.end_date >= $1
  AND g.target > 0
  AND u.active AND u.partner_type_id IS NOT NULL AND u.partner_tier_id IS NOT NULL";

#[derive(QueryableByName)]
struct Score {
    #[diesel(sql_type = BigInt)]
    goal_id: i64,
    #[diesel(sql_type = BigInt)]
    period_id: i64,
    #[diesel(sql_type = BigInt)]
    metric_id: i64,
    #[diesel(sql_type = BigInt)]
    partner_type_id: i64,
    #[diesel(sql_type = BigInt)]
    partner_tier_id: i64,
    #[diesel(sql_type = Numeric)]
    attainment: Decimal,
}

/// A peer group: period, metric, partner type, partner tier.
type Group = (i64, i64, i64, i64);

/// How a run went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ranked {
    /// Goals given a standing.
    pub goals: usize,
    /// Of them, those with too few peers for a number.
    pub not_enough_peers: usize,
    /// Peer groups.
    pub groups: usize,
}

/// Ranks every live personal goal of an active partner as of the end of
/// `day` and replaces the stored benchmarks, in four statements (one read,
/// two deletes and inserts in the caller's transaction).
pub fn rank(conn: &mut PgConnection, day: NaiveDate) -> QueryResult<Ranked> {
    let scores: Vec<Score> = diesel::sql_query(SCORES).bind::<Date, _>(day).load(conn)?;
    let mut groups: HashMap<Group, Vec<&Score>> = HashMap::new();
    for s in &scores {
        groups
            .entry((
                s.period_id,
                s.metric_id,
                s.partner_type_id,
                s.partner_tier_id,
            ))
            .or_default()
            .push(s);
    }
    let mut goals = Goals::default();
    let mut tiers = Tiers::default();
    let mut not_enough_peers = 0;
    for (group, members) in &groups {
        let attainments: Vec<Decimal> = members.iter().map(|s| s.attainment).collect();
        for (s, standing) in members.iter().zip(benchmark::standings(&attainments)) {
            goals.goal_id.push(s.goal_id);
            goals.partner_type_id.push(s.partner_type_id);
            goals.partner_tier_id.push(s.partner_tier_id);
            goals.peers.push(standing.peers as i32);
            goals.top_percent.push(standing.top_percent.map(i16::from));
            not_enough_peers += usize::from(standing.top_percent.is_none());
        }
        let quartiles = benchmark::quartiles(&attainments);
        tiers.period_id.push(group.0);
        tiers.metric_id.push(group.1);
        tiers.partner_type_id.push(group.2);
        tiers.partner_tier_id.push(group.3);
        tiers.peers.push(attainments.len() as i32);
        tiers.q1.push(quartiles.map(|q| q.q1));
        tiers.median.push(quartiles.map(|q| q.median));
        tiers.q3.push(quartiles.map(|q| q.q3));
    }
    store_goals(conn, day, &goals)?;
    store_tiers(conn, day, &tiers)?;
    Ok(Ranked {
        goals: scores.len(),
        not_enough_peers,
        groups: groups.len(),
    })
}

#[derive(Default)]
struct Goals {
    goal_id: Vec<i64>,
    partner_type_id: Vec<i64>,
    partner_tier_id: Vec<i64>,
    peers: Vec<i32>,
    top_percent: Vec<Option<i16>>,
}

#[derive(Default)]
struct Tiers {
    period_id: Vec<i64>,
    metric_id: Vec<i64>,
    partner_type_id: Vec<i64>,
    partner_tier_id: Vec<i64>,
    peers: Vec<i32>,
    q1: Vec<Option<Decimal>>,
    median: Vec<Option<Decimal>>,
    q3: Vec<Option<Decimal>>,
}

fn store_goals(conn: &mut PgConnection, day: NaiveDate, g: &Goals) -> QueryResult<()> {
    diesel::sql_query("DELETE FROM goal_benchmarks").execute(conn)?;
    diesel::sql_query(
        "INSERT INTO goal_benchmarks (goal_id, day, partner_type_id, partner_tier_id, peers, top_percent)
         SELECT goal_id, $1, partner_type_id, partner_tier_id, peers, top_percent
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::smallint[])
             AS b(goal_id, partner_type_id, partner_tier_id, peers, top_percent)",
    )
    .bind::<Date, _>(day)
    .bind::<Array<BigInt>, _>(&g.goal_id)
    .bind::<Array<BigInt>, _>(&g.partner_type_id)
    .bind::<Array<BigInt>, _>(&g.partner_tier_id)
    .bind::<Array<Integer>, _>(&g.peers)
    .bind::<Array<Nullable<SmallInt>>, _>(&g.top_percent)
    .execute(conn)?;
    Ok(())
}

fn store_tiers(conn: &mut PgConnection, day: NaiveDate, t: &Tiers) -> QueryResult<()> {
    diesel::sql_query("DELETE FROM tier_benchmarks").execute(conn)?;
    diesel::sql_query(
        "INSERT INTO tier_benchmarks
             (period_id, metric_id, partner_type_id, partner_tier_id, day, peers, q1, median, q3)
         SELECT period_id, metric_id, partner_type_id, partner_tier_id, $1, peers, q1, median, q3
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::int[],
                     $7::numeric[], $8::numeric[], $9::numeric[])
             AS t(period_id, metric_id, partner_type_id, partner_tier_id, peers, q1, median, q3)",
    )
    .bind::<Date, _>(day)
    .bind::<Array<BigInt>, _>(&t.period_id)
    .bind::<Array<BigInt>, _>(&t.metric_id)
    .bind::<Array<BigInt>, _>(&t.partner_type_id)
    .bind::<Array<BigInt>, _>(&t.partner_tier_id)
    .bind::<Array<Integer>, _>(&t.peers)
    .bind::<Array<Nullable<Numeric>>, _>(&t.q1)
    .bind::<Array<Nullable<Numeric>>, _>(&t.median)
    .bind::<Array<Nullable<Numeric>>, _>(&t.q3)
    .execute(conn)?;
    Ok(())
}
