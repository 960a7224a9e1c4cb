//! Achievement detection: for some users (or everyone) on a day, records
//! what they have newly earned — goals achieved, bonus tiers unlocked,
//! milestones, yearly goals, perfect months and streak milestones — with
//! their points and a notification each.
//!
//! Every insert is one set-based statement with `ON CONFLICT DO NOTHING`
//! against the partial unique indexes of `achievements`, so running it
//! twice, even at the same moment on two connections, records each
//! achievement once; the points and notifications follow only the rows an
//! insert returned. Rows are inserted in a fixed order, so two concurrent
//! runs take their index locks in the same order and cannot deadlock.
//!
//! Detection never runs inside the transaction that writes a fact (a sale's
//! confirmation must stay fast): the pages and the API call
//! [`after_write`] once their write has committed, and the `achievements`
//! and `period-close` jobs sweep everyone.

use chrono::{Datelike, Duration, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Int2, Int4, Nullable, Text};
use serde::Serialize;

use crate::db::DbPool;
use crate::db::organisation::Organisation;
use crate::domain::achievement::{self, Kind, STREAK_MILESTONES};
use crate::live::LiveEvent;

/// Goals whose period ended more than this many days ago are no longer
/// looked at (the activity logger accepts entries 90 days back).
pub const LOOKBACK_DAYS: i64 = 92;

/// Statuses whose goals can be achieved (as the boards count them).
const LIVE: &str = "('active', 'approved', 'completed', 'failed')";

/// Achievements dated more than this many days before the day detection
/// runs (history recorded late, a demo's past months) are notified in the
/// app only, not by email: an email is for news.
pub const EMAIL_WITHIN_DAYS: i32 = 7;

/// Where a new achievement's notification points.
pub const LINK: &str = "/achievements";

/// One newly recorded achievement, for notifications and live updates.
#[derive(QueryableByName, Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Earned {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Int2>)]
    pub tier: Option<i16>,
    #[diesel(sql_type = Nullable<Int2>)]
    pub streak_months: Option<i16>,
}

/// What a stored figure (`NUMERIC(18, 2)`) must stay below.
const FITS: &str = "1e16";

#[derive(QueryableByName)]
struct GoalId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The live personal goals of the lookback whose actual or bonus does not
/// fit the stored figures: detection leaves them out, and the jobs report
/// them so one person's bad data is seen and stops nobody else's.
pub fn oversized_goals(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<Vec<i64>> {
    let since = today - Duration::days(LOOKBACK_DAYS);
    let rows: Vec<GoalId> = diesel::sql_query(format!(
        "SELECT g.id FROM goals g
         JOIN periods p ON p.id = g.period_id
         LEFT JOIN bonus_tiers t ON t.schedule_id = g.bonus_schedule_id
         WHERE g.owner_kind = 'user' AND g.status IN {LIVE}
           AND p.start_date <= $1 AND p.end_date >= $2
         GROUP BY g.id, g.user_id, g.metric_id, p.start_date, p.end_date, g.bonus_base
         HAVING abs(COALESCE((
                    SELECT sum(e.value) FROM metric_events e
                    WHERE e.user_id = g.user_id AND e.metric_id = g.metric_id
                      AND e.occurred_on BETWEEN p.start_date AND LEAST(p.end_date, $1)), 0))
                    >= {FITS}
             OR COALESCE(g.bonus_base * max(t.rate) >= {FITS}, FALSE)
         ORDER BY g.id"
    ))
    .bind::<Date, _>(today)
    .bind::<Date, _>(since)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Whose achievements to look for.
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    Users(&'a [i64]),
    Everyone,
}

impl Who<'_> {
    fn bind(&self) -> (bool, Vec<i64>) {
        match self {
            Who::Users(ids) => (false, ids.to_vec()),
            Who::Everyone => (true, Vec::new()),
        }
    }
}

/// Records what `users` have newly earned as of `today` (the organisation's
/// business date); returns the new achievements. This is the one entry
/// point for "something happened to these people".
pub fn detect_for_users(
    conn: &mut PgConnection,
    users: &[i64],
    today: NaiveDate,
) -> QueryResult<Vec<Earned>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    detect(conn, Who::Users(users), today)
}

/// [`detect_for_users`] for every user.
pub fn detect_for_all(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<Vec<Earned>> {
    detect(conn, Who::Everyone, today)
}

/// Detection in one transaction, retried once if PostgreSQL picked it as
/// a deadlock victim (the fixed insert order makes that unlikely).
pub fn detect(conn: &mut PgConnection, who: Who, today: NaiveDate) -> QueryResult<Vec<Earned>> {
    let earned = match conn.transaction(|conn| detect_in(conn, who, today)) {
        Err(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("deadlock detected") =>
        {
            conn.transaction(|conn| detect_in(conn, who, today))
        }
        other => other,
    }?;
    // Committed: open pages show the badges and the bell at once.
    if !earned.is_empty() {
        let mut users: Vec<i64> = earned.iter().map(|e| e.user_id).collect();
        users.sort_unstable();
        users.dedup();
        crate::live::publish(
            conn,
            &[
                LiveEvent::Achievement {
                    users: users.clone(),
                },
                LiveEvent::Notification { users },
            ],
        );
    }
    Ok(earned)
}

fn detect_in(conn: &mut PgConnection, who: Who, today: NaiveDate) -> QueryResult<Vec<Earned>> {
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
         INSERT INTO notifications (user_id, kind, title, body, link, email_wanted)
         SELECT p.user_id, 'achievement', 'Achievement: ' || p.title,
                p.points || ' points added to your total.', $5,
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

/// Runs detection for `users` after their new facts have committed, on the
/// blocking pool, and returns what it recorded. A failure is logged and
/// swallowed: the write the caller made has already succeeded, and the
/// `achievements` job will find what this missed.
pub async fn after_write(pool: &DbPool, users: Vec<i64>) -> Vec<Earned> {
    if users.is_empty() {
        return Vec::new();
    }
    let result = crate::db::run(pool, move |conn| {
        let org = Organisation::get(conn)?;
        let today = crate::goals::progress::org_today(&org);
        Ok(detect_for_users(conn, &users, today)?)
    })
    .await;
    match result {
        Ok(earned) => earned,
        Err(error) => {
            tracing::warn!("achievement detection after a write failed: {error}");
            Vec::new()
        }
    }
}

/// The advisory lock keys of the two jobs.
const ACHIEVEMENTS_LOCK: i64 = 727_313;
const PERIOD_CLOSE_LOCK: i64 = 727_314;

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Takes a transaction-scoped advisory lock without waiting.
fn try_lock(conn: &mut PgConnection, key: i64) -> QueryResult<bool> {
    let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
        .bind::<BigInt, _>(key)
        .get_result(conn)?;
    Ok(lock.locked)
}

fn org_day(conn: &mut PgConnection, ctx: &crate::jobs::JobContext) -> QueryResult<NaiveDate> {
    let org = Organisation::get(conn)?;
    let tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    Ok(crate::domain::period::local_date(ctx.now, tz))
}

fn skipped(what: &str) -> crate::jobs::Outcome {
    crate::jobs::Outcome {
        skipped: true,
        message: format!("skipped: another instance is running {what}"),
        details: serde_json::json!({}),
    }
}

fn count_by_kind(earned: &[Earned]) -> serde_json::Value {
    let mut counts = serde_json::Map::new();
    for kind in Kind::ALL {
        let n = earned.iter().filter(|e| e.kind == kind.as_str()).count();
        if n > 0 {
            counts.insert(kind.as_str().into(), n.into());
        }
    }
    serde_json::Value::Object(counts)
}

/// The `achievements` job: detection for everyone on the organisation's
/// business day at the job's instant, and tier promotion suggestions.
pub fn job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let today = org_day(conn, ctx)?;
    let done = conn.transaction(|conn| {
        if !try_lock(conn, ACHIEVEMENTS_LOCK)? {
            return Ok::<_, diesel::result::Error>(None);
        }
        let earned = detect_in(conn, Who::Everyone, today)?;
        let suggested = crate::rewards::promotions::suggest(conn, today)?;
        Ok(Some((earned, suggested, oversized_goals(conn, today)?)))
    })?;
    let Some((earned, suggested, oversized)) = done else {
        return Ok(skipped("achievement detection"));
    };
    let mut message = format!(
        "{} achievement(s) recorded, {suggested} tier promotion(s) suggested on {today}",
        earned.len()
    );
    if !oversized.is_empty() {
        message.push_str(&crate::jobs::skipped_goals_note(&oversized));
    }
    Ok(crate::jobs::Outcome {
        skipped: false,
        message,
        details: serde_json::json!({
            "today": today.to_string(),
            "recorded": earned.len(),
            "by_kind": count_by_kind(&earned),
            "promotions_suggested": suggested,
            "skipped_goals": oversized,
        }),
    })
}

/// The `period-close` job: active goals whose period has ended become
/// completed or failed (`goals::lifecycle::close_ended`), then the final
/// achievements of the closed periods are recorded (perfect months and
/// streaks included), then tier promotions are suggested from the months
/// that ended. One transaction under an advisory lock; running it again
/// changes nothing.
pub fn period_close_job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let today = org_day(conn, ctx)?;
    let done = conn.transaction(|conn| {
        if !try_lock(conn, PERIOD_CLOSE_LOCK)? {
            return Ok::<_, diesel::result::Error>(None);
        }
        let closed = crate::goals::lifecycle::close_ended(conn, today)?;
        // Final figures of the ended periods: as of their last day, which
        // `today` (after it) covers within the lookback.
        let earned = detect_in(conn, Who::Everyone, today)?;
        let suggested = crate::rewards::promotions::suggest(conn, today)?;
        let oversized = oversized_goals(conn, today)?;
        Ok(Some((closed, earned, suggested, oversized)))
    })?;
    let Some((closed, earned, suggested, oversized)) = done else {
        return Ok(skipped("period close"));
    };
    let mut message = format!(
        "{closed} goal(s) closed, {} achievement(s) recorded, {suggested} tier promotion(s) suggested on {today}",
        earned.len()
    );
    if !oversized.is_empty() {
        message.push_str(&crate::jobs::skipped_goals_note(&oversized));
    }
    Ok(crate::jobs::Outcome {
        skipped: false,
        message,
        details: serde_json::json!({
            "today": today.to_string(),
            "closed": closed,
            "recorded": earned.len(),
            "by_kind": count_by_kind(&earned),
            "promotions_suggested": suggested,
            "skipped_goals": oversized,
        }),
    })
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}
