//! The statements that record what was earned, one set-based insert per
//! kind in a fixed order, then the points and notifications of the new rows.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Int4, Text};

use crate::db::organisation::Organisation;
use crate::domain::achievement::{self, Kind, STREAK_MILESTONES};

use super::{EMAIL_WITHIN_DAYS, Earned, FITS, LINK, LIVE, LOOKBACK_DAYS, Who};

pub(super) fn detect_in(
    conn: &mut PgConnection,
    who: Who,
    today: NaiveDate,
) -> QueryResult<Vec<Earned>> {
    let org = Organisation::get(conn)?;
    let minor_unit = org.money_scale().places();
    let since = today - Duration::days(LOOKBACK_DAYS);
    let (everyone, users) = who.bind();
    let mut earned = Vec::new();

    // Goals achieved and bonus tiers unlocked, with the day the running
    // total crossed what each needed.
    earned.extend(
        diesel::sql_query(format!(
            "WITH g AS (
                 SELECT g.id AS goal_id, g.user_id, g.metric_id, g.target, g.bonus_base,
                        g.bonus_schedule_id, p.start_date, LEAST(p.end_date, $3) AS last_day,
                        p.name AS period_name, m.name AS metric_name
                 FROM goals g
                 JOIN periods p ON p.id = g.period_id
                 JOIN metric_definitions m ON m.id = g.metric_id
                 WHERE g.owner_kind = 'user' AND g.status IN {LIVE}
                   AND p.start_date <= $3 AND p.end_date >= $4
                   AND ($1 OR g.user_id = ANY($2))
             ), a AS (
                 SELECT g.*, COALESCE((
                     SELECT sum(e.value) FROM metric_events e
                     WHERE e.user_id = g.user_id AND e.metric_id = g.metric_id
                       AND e.occurred_on BETWEEN g.start_date AND g.last_day), 0) AS actual
                 FROM g
             ), measured AS (
                 SELECT a.*, s.basis,
                        CASE WHEN a.target > 0 THEN round(a.actual * 100 / a.target, 2) END AS percent
                 FROM a LEFT JOIN bonus_schedules s ON s.id = a.bonus_schedule_id
             ), reached AS (
                 -- Exactly, as domain::bonus: actual × 100 ≥ threshold × target.
                 SELECT m.goal_id, t.position, t.threshold, t.rate
                 FROM measured m JOIN bonus_tiers t ON t.schedule_id = m.bonus_schedule_id
                 WHERE CASE m.basis
                           WHEN 'attainment' THEN m.target > 0
                                AND m.actual * 100 >= t.threshold * m.target
                           ELSE m.actual >= t.threshold END
             ), top AS (
                 SELECT DISTINCT ON (goal_id) goal_id, position, rate
                 FROM reached ORDER BY goal_id, position DESC
             ), wanted AS (
                 SELECT m.goal_id, 'goal_achieved' AS kind, NULL::smallint AS tier,
                        m.target AS required, top.position AS at_tier, top.rate AS at_rate
                 FROM measured m LEFT JOIN top ON top.goal_id = m.goal_id
                 WHERE m.target > 0 AND m.actual >= m.target
                 UNION ALL
                 SELECT m.goal_id, 'bonus_tier', r.position,
                        CASE m.basis WHEN 'attainment' THEN m.target * r.threshold / 100
                                     ELSE r.threshold END,
                        r.position, r.rate
                 FROM measured m JOIN reached r ON r.goal_id = m.goal_id
             ), fresh AS (
                 SELECT w.*, m.user_id, m.metric_id, m.start_date, m.last_day, m.target,
                        m.actual, m.percent, m.bonus_base, m.metric_name, m.period_name
                 FROM wanted w JOIN measured m ON m.goal_id = w.goal_id
                 WHERE NOT EXISTS (
                     SELECT 1 FROM achievements x
                     WHERE x.goal_id = w.goal_id AND x.kind = w.kind
                       AND x.tier IS NOT DISTINCT FROM w.tier)
             ), crossed AS (
                 SELECT f.*, (
                     SELECT min(d.day) FROM (
                         SELECT e.occurred_on AS day,
                                sum(sum(e.value)) OVER (ORDER BY e.occurred_on) AS running
                         FROM metric_events e
                         WHERE e.user_id = f.user_id AND e.metric_id = f.metric_id
                           AND e.occurred_on BETWEEN f.start_date AND f.last_day
                         GROUP BY e.occurred_on) d
                     WHERE d.running >= f.required) AS crossed_on
                 FROM fresh f
             )
             INSERT INTO achievements (user_id, kind, goal_id, metric_id, title, achieved_on,
                                       goal_value, actual, percent, bonus_amount, tier)
             SELECT user_id, kind, goal_id, metric_id,
                    CASE kind
                        WHEN 'goal_achieved' THEN metric_name || ' goal achieved · ' || period_name
                        ELSE 'Bonus tier ' || tier || ' unlocked · ' || metric_name || ', ' || period_name
                    END,
                    COALESCE(crossed_on, last_day), target, actual,
                    LEAST(percent, 9999999999.99), round(bonus_base * at_rate, $5), at_tier
             FROM crossed
             -- A figure the columns cannot hold: the goal waits (the jobs
             -- report it, `oversized_goals`) and the others are recorded.
             WHERE abs(actual) < {FITS} AND COALESCE(bonus_base * at_rate < {FITS}, TRUE)
             ORDER BY goal_id, kind, tier
             ON CONFLICT DO NOTHING
             RETURNING id, user_id, kind, title, tier, streak_months"
        ))
        .bind::<Bool, _>(everyone)
        .bind::<Array<BigInt>, _>(&users)
        .bind::<Date, _>(today)
        .bind::<Date, _>(since)
        .bind::<Int4, _>(minor_unit as i32)
        .load::<Earned>(conn)?,
    );

    // Milestones the event transactions marked reached.
    earned.extend(
        diesel::sql_query(format!(
            "INSERT INTO achievements (user_id, kind, goal_id, milestone_id, metric_id, title,
                                       achieved_on, goal_value, actual, percent)
             SELECT g.user_id, 'milestone', g.id, ms.id, g.metric_id,
                    'Milestone ' || ms.name || ' · ' || m.name || ', ' || p.name,
                    ms.reached_on, g.target, ms.value,
                    CASE WHEN g.target > 0
                         THEN LEAST(round(ms.value * 100 / g.target, 2), 9999999999.99) END
             FROM milestones ms
             JOIN goals g ON g.id = ms.goal_id
             JOIN periods p ON p.id = g.period_id
             JOIN metric_definitions m ON m.id = g.metric_id
             WHERE ms.reached_on IS NOT NULL AND ms.reached_on <= $3
               AND g.owner_kind = 'user' AND g.status IN {LIVE}
               AND p.end_date >= $4
               AND ($1 OR g.user_id = ANY($2))
               AND NOT EXISTS (SELECT 1 FROM achievements x
                               WHERE x.kind = 'milestone' AND x.milestone_id = ms.id)
             ORDER BY ms.id
             ON CONFLICT DO NOTHING
             RETURNING id, user_id, kind, title, tier, streak_months"
        ))
        .bind::<Bool, _>(everyone)
        .bind::<Array<BigInt>, _>(&users)
        .bind::<Date, _>(today)
        .bind::<Date, _>(since)
        .load::<Earned>(conn)?,
    );

    // Yearly goals (the rep's yearly signups and revenue).
    earned.extend(
        diesel::sql_query(
            "WITH y AS (
                 SELECT yg.user_id, yg.year, m.id AS metric_id, m.name AS metric_name,
                        v.goal, make_date(yg.year, 1, 1) AS start_date,
                        LEAST(make_date(yg.year, 12, 31), $3) AS last_day
                 FROM yearly_goals yg
                 CROSS JOIN LATERAL (VALUES ('signups', yg.signup_goal),
                                            ('revenue', yg.revenue_goal)) AS v(key, goal)
                 JOIN metric_definitions m ON m.key = v.key
                 WHERE v.goal > 0 AND make_date(yg.year, 1, 1) <= $3
                   AND make_date(yg.year, 12, 31) >= $4
                   AND ($1 OR yg.user_id = ANY($2))
             ), a AS (
                 SELECT y.*, COALESCE((
                     SELECT sum(e.value) FROM metric_events e
                     WHERE e.user_id = y.user_id AND e.metric_id = y.metric_id
                       AND e.occurred_on BETWEEN y.start_date AND y.last_day), 0) AS actual
                 FROM y
             ), fresh AS (
                 SELECT a.* FROM a
                 WHERE a.actual >= a.goal AND NOT EXISTS (
                     SELECT 1 FROM achievements x
                     WHERE x.kind = 'yearly_goal_achieved' AND x.user_id = a.user_id
                       AND x.metric_id = a.metric_id AND x.period_start = a.start_date)
             )
             INSERT INTO achievements (user_id, kind, metric_id, period_start, title,
                                       achieved_on, goal_value, actual, percent)
             SELECT f.user_id, 'yearly_goal_achieved', f.metric_id, f.start_date,
                    f.metric_name || ' yearly goal achieved · ' || f.year,
                    COALESCE((
                        SELECT min(d.day) FROM (
                            SELECT e.occurred_on AS day,
                                   sum(sum(e.value)) OVER (ORDER BY e.occurred_on) AS running
                            FROM metric_events e
                            WHERE e.user_id = f.user_id AND e.metric_id = f.metric_id
                              AND e.occurred_on BETWEEN f.start_date AND f.last_day
                            GROUP BY e.occurred_on) d
                        WHERE d.running >= f.goal), f.last_day),
                    f.goal, f.actual, LEAST(round(f.actual * 100 / f.goal, 2), 9999999999.99)
             FROM fresh f
             WHERE abs(f.actual) < 1e16
             ORDER BY f.user_id, f.metric_id, f.start_date
             ON CONFLICT DO NOTHING
             RETURNING id, user_id, kind, title, tier, streak_months",
        )
        .bind::<Bool, _>(everyone)
        .bind::<Array<BigInt>, _>(&users)
        .bind::<Date, _>(today)
        .bind::<Date, _>(since)
        .load::<Earned>(conn)?,
    );

    // Perfect months: every live monthly goal of the user at 100 % or more.
    // Dated the day the last of them got there (its goal_achieved above).
    earned.extend(
        diesel::sql_query(format!(
            "WITH g AS (
                 SELECT g.id, g.user_id, g.metric_id, g.target, p.start_date, p.end_date,
                        LEAST(p.end_date, $3) AS last_day
                 FROM goals g JOIN periods p ON p.id = g.period_id
                 WHERE g.owner_kind = 'user' AND g.status IN {LIVE} AND p.kind = 'month'
                   AND p.start_date <= $3 AND p.end_date >= $4
                   AND ($1 OR g.user_id = ANY($2))
             ), a AS (
                 SELECT g.*, COALESCE((
                     SELECT sum(e.value) FROM metric_events e
                     WHERE e.user_id = g.user_id AND e.metric_id = g.metric_id
                       AND e.occurred_on BETWEEN g.start_date AND g.last_day), 0) AS actual
                 FROM g
             ), months AS (
                 SELECT a.user_id, a.start_date, min(a.last_day) AS last_day,
                        count(*) AS goals, sum(a.target) AS target, sum(a.actual) AS actual,
                        min(CASE WHEN a.target > 0 THEN round(a.actual * 100 / a.target, 2) END)
                            AS lowest,
                        (SELECT max(x.achieved_on) FROM achievements x
                         WHERE x.kind = 'goal_achieved' AND x.goal_id = ANY(array_agg(a.id)))
                            AS last_reached
                 FROM a GROUP BY a.user_id, a.start_date
                 HAVING bool_and(a.actual >= a.target)
             )
             INSERT INTO achievements (user_id, kind, period_start, title, achieved_on,
                                       goal_value, percent)
             SELECT m.user_id, 'perfect_month', m.start_date,
                    'Perfect month · ' || to_char(m.start_date, 'FMMonth YYYY'),
                    COALESCE(m.last_reached, m.last_day), m.goals, LEAST(m.lowest, 9999999999.99)
             FROM months m
             WHERE NOT EXISTS (SELECT 1 FROM achievements x
                               WHERE x.kind = 'perfect_month' AND x.user_id = m.user_id
                                 AND x.period_start = m.start_date)
             ORDER BY m.user_id, m.start_date
             ON CONFLICT DO NOTHING
             RETURNING id, user_id, kind, title, tier, streak_months"
        ))
        .bind::<Bool, _>(everyone)
        .bind::<Array<BigInt>, _>(&users)
        .bind::<Date, _>(today)
        .bind::<Date, _>(since)
        .load::<Earned>(conn)?,
    );

    // Streak milestones: runs of consecutive perfect months (as month
    // numbers year × 12 + month, so December and January are neighbours;
    // `domain::achievement::runs` is the same rule).
    let lengths: Vec<i32> = STREAK_MILESTONES.iter().map(|n| *n as i32).collect();
    earned.extend(
        diesel::sql_query(
            "WITH pm AS (
                 SELECT user_id, period_start, achieved_on,
                        (extract(year FROM period_start) * 12
                         + extract(month FROM period_start))::int AS idx
                 FROM achievements
                 WHERE kind = 'perfect_month' AND ($1 OR user_id = ANY($2))
             ), grouped AS (
                 SELECT pm.*, idx - row_number() OVER (PARTITION BY user_id ORDER BY idx) AS run
                 FROM pm
             ), counted AS (
                 SELECT grouped.*,
                        row_number() OVER (PARTITION BY user_id, run ORDER BY idx) AS len
                 FROM grouped
             )
             INSERT INTO achievements (user_id, kind, period_start, title, achieved_on,
                                       streak_months)
             SELECT c.user_id, 'streak', c.period_start,
                    c.len || '-month streak · to ' || to_char(c.period_start, 'FMMonth YYYY'),
                    c.achieved_on, c.len
             FROM counted c
             WHERE c.len = ANY($3) AND NOT EXISTS (
                 SELECT 1 FROM achievements x
                 WHERE x.kind = 'streak' AND x.user_id = c.user_id
                   AND x.streak_months = c.len AND x.period_start = c.period_start)
             ORDER BY c.user_id, c.period_start, c.len
             ON CONFLICT DO NOTHING
             RETURNING id, user_id, kind, title, tier, streak_months",
        )
        .bind::<Bool, _>(everyone)
        .bind::<Array<BigInt>, _>(&users)
        .bind::<Array<Int4>, _>(lengths)
        .load::<Earned>(conn)?,
    );

    award(conn, &earned, today)?;
    Ok(earned)
}

/// Points and a notification for each new achievement, in one statement.
/// The notifications of recent achievements are also emailed when SMTP is
/// configured (`crate::notify::email`).
fn award(conn: &mut PgConnection, earned: &[Earned], today: NaiveDate) -> QueryResult<()> {
    if earned.is_empty() {
        return Ok(());
    }
    let points: Vec<i32> = earned
        .iter()
        .map(|e| match Kind::parse(&e.kind) {
            Some(kind) => achievement::points(kind, e.tier, e.streak_months),
            None => 0,
        })
        .collect();
    diesel::sql_query(
        "WITH p(id, user_id, points, title, ord) AS (
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[])
                           WITH ORDINALITY
         ), scored AS (
             UPDATE achievements a SET points = p.points FROM p WHERE a.id = p.id
             RETURNING a.id
         ), ledger AS (
             INSERT INTO points_entries (user_id, achievement_id, points, reason)
             SELECT user_id, id, points, title FROM p
             RETURNING id
         )
         INSERT INTO notifications (user_id, kind, params, link, email_wanted)
         SELECT p.user_id, 'achievement',
                jsonb_build_object('achievement_id', p.id, 'points', p.points), $5,
                a.achieved_on >= $6::date - $7::int
         FROM p JOIN achievements a ON a.id = p.id
         ORDER BY p.ord",
    )
    .bind::<Array<BigInt>, _>(earned.iter().map(|e| e.id).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(earned.iter().map(|e| e.user_id).collect::<Vec<_>>())
    .bind::<Array<Int4>, _>(points)
    .bind::<Array<Text>, _>(earned.iter().map(|e| e.title.clone()).collect::<Vec<_>>())
    .bind::<Text, _>(LINK)
    .bind::<Date, _>(today)
    .bind::<Int4, _>(EMAIL_WITHIN_DAYS)
    .execute(conn)?;
    Ok(())
}
