//! Achievements, the points ledger and tier promotion suggestions: rows and
//! the queries the pages read. Detection lives in `crate::rewards::achievements`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::schema::{achievements, points_entries, tier_promotions, users};
use crate::domain::achievement::Kind;

#[derive(
    Queryable, QueryableByName, Selectable, Identifiable, Debug, Clone, Serialize, Deserialize,
)]
#[diesel(table_name = achievements)]
pub struct Achievement {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub goal_id: Option<i64>,
    pub milestone_id: Option<i64>,
    pub metric_id: Option<i64>,
    pub period_start: Option<NaiveDate>,
    pub title: String,
    pub achieved_on: NaiveDate,
    pub goal_value: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub percent: Option<Decimal>,
    pub bonus_amount: Option<Decimal>,
    pub tier: Option<i16>,
    pub streak_months: Option<i16>,
    pub points: i32,
    pub recognised_at: Option<DateTime<Utc>>,
    pub recognised_by: Option<i64>,
    pub recognition_note: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl Achievement {
    pub fn kind(&self) -> Option<Kind> {
        Kind::parse(&self.kind)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Achievement> {
        achievements::table
            .find(id)
            .select(Achievement::as_select())
            .first(conn)
    }

    /// A user's achievements, newest first.
    pub fn of_user(
        conn: &mut PgConnection,
        user_id: i64,
        limit: i64,
    ) -> QueryResult<Vec<Achievement>> {
        achievements::table
            .filter(achievements::user_id.eq(user_id))
            .select(Achievement::as_select())
            .order((achievements::achieved_on.desc(), achievements::id.desc()))
            .limit(limit)
            .load(conn)
    }

    /// The newest achievements of `people` (everyone when `None`), with
    /// the earner's name: the feed.
    pub fn feed(
        conn: &mut PgConnection,
        people: Option<&[i64]>,
        limit: i64,
    ) -> QueryResult<Vec<(Achievement, String)>> {
        let mut query = achievements::table
            .inner_join(users::table.on(users::id.eq(achievements::user_id)))
            .select((Achievement::as_select(), users::name))
            .order((achievements::achieved_on.desc(), achievements::id.desc()))
            .limit(limit)
            .into_boxed();
        if let Some(people) = people {
            query = query.filter(achievements::user_id.eq_any(people.to_vec()));
        }
        query.load(conn)
    }

    /// The months (first days) in which the user had a perfect month.
    pub fn perfect_months(conn: &mut PgConnection, user_id: i64) -> QueryResult<Vec<NaiveDate>> {
        achievements::table
            .filter(achievements::user_id.eq(user_id))
            .filter(achievements::kind.eq(Kind::PerfectMonth.as_str()))
            .select(achievements::period_start.assume_not_null())
            .order(achievements::period_start)
            .load(conn)
    }

    /// Marks the achievement recognised, once: `false` if it already was.
    pub fn recognise(
        conn: &mut PgConnection,
        id: i64,
        by: i64,
        note: Option<&str>,
    ) -> QueryResult<Option<Achievement>> {
        diesel::update(
            achievements::table
                .find(id)
                .filter(achievements::recognised_at.is_null()),
        )
        .set((
            achievements::recognised_at.eq(diesel::dsl::now),
            achievements::recognised_by.eq(by),
            achievements::recognition_note.eq(note),
        ))
        .returning(Achievement::as_returning())
        .get_result(conn)
        .optional()
    }
}

/// What the dashboard's badge card shows of a user.
pub struct BadgeSummary {
    /// The newest achievements, newest first.
    pub latest: Vec<Achievement>,
    /// How many achievements the user has.
    pub earned: i64,
    pub points: i64,
    /// The first days of the user's perfect months, oldest first.
    pub perfect_months: Vec<NaiveDate>,
}

#[derive(QueryableByName)]
struct BadgeRow {
    #[diesel(embed)]
    achievement: Option<Achievement>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    earned: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    points_total: i64,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Date>)]
    perfect_months: Vec<NaiveDate>,
}

/// The user's newest `limit` achievements with their tallies, in one
/// statement (every dashboard shows them). The tallies make one row that
/// the newest achievements join, so a user without any still gets theirs
/// (points may come from adjustments alone).
pub fn badge_summary(
    conn: &mut PgConnection,
    user_id: i64,
    limit: i64,
) -> QueryResult<BadgeSummary> {
    use diesel::sql_types::{BigInt, Text};
    let rows: Vec<BadgeRow> = super::prepared::prepared(
        "SELECT a.*, t.earned, t.points_total, t.perfect_months
         FROM (SELECT (SELECT count(*) FROM achievements WHERE user_id = $1) AS earned,
                      (SELECT COALESCE(sum(points), 0)::bigint FROM points_entries
                       WHERE user_id = $1) AS points_total,
                      ARRAY(SELECT period_start FROM achievements
                            WHERE user_id = $1 AND kind = $3
                            ORDER BY period_start) AS perfect_months) t
         LEFT JOIN LATERAL (SELECT * FROM achievements WHERE user_id = $1
                            ORDER BY achieved_on DESC, id DESC LIMIT $2) a ON true
         ORDER BY a.achieved_on DESC, a.id DESC",
    )
    .bind::<BigInt, _>(user_id)
    .bind::<BigInt, _>(limit)
    .bind::<Text, _>(Kind::PerfectMonth.as_str())
    .load(conn)?;
    let mut rows = rows.into_iter();
    let first = rows.next().ok_or(diesel::result::Error::NotFound)?;
    Ok(BadgeSummary {
        latest: first
            .achievement
            .into_iter()
            .chain(rows.filter_map(|r| r.achievement))
            .collect(),
        earned: first.earned,
        points: first.points_total,
        perfect_months: first.perfect_months,
    })
}

/// A user's points: the sum of their ledger.
pub fn points_total(conn: &mut PgConnection, user_id: i64) -> QueryResult<i64> {
    let total: Option<i64> = points_entries::table
        .filter(points_entries::user_id.eq(user_id))
        .select(diesel::dsl::sum(points_entries::points))
        .first(conn)?;
    Ok(total.unwrap_or(0))
}

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = tier_promotions)]
pub struct TierPromotion {
    pub id: i64,
    pub user_id: i64,
    pub from_tier_id: i64,
    pub to_tier_id: i64,
    pub first_month: NaiveDate,
    pub last_month: NaiveDate,
    pub required: Decimal,
    pub lowest_month: Decimal,
    /// pending | accepted | dismissed
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl TierPromotion {
    /// Pending suggestions first, then the latest decisions.
    pub fn recent(conn: &mut PgConnection, limit: i64) -> QueryResult<Vec<TierPromotion>> {
        use diesel::dsl::sql;
        tier_promotions::table
            .select(TierPromotion::as_select())
            .order((
                sql::<diesel::sql_types::Bool>("status = 'pending' DESC"),
                tier_promotions::id.desc(),
            ))
            .limit(limit)
            .load(conn)
    }

    pub fn pending_count(conn: &mut PgConnection) -> QueryResult<i64> {
        tier_promotions::table
            .filter(tier_promotions::status.eq("pending"))
            .count()
            .get_result(conn)
    }

    /// Locks the suggestion for a decision.
    pub fn lock(conn: &mut PgConnection, id: i64) -> QueryResult<TierPromotion> {
        tier_promotions::table
            .find(id)
            .select(TierPromotion::as_select())
            .for_update()
            .first(conn)
    }

    pub fn decide(
        conn: &mut PgConnection,
        id: i64,
        status: &str,
        by: i64,
    ) -> QueryResult<TierPromotion> {
        diesel::update(
            tier_promotions::table
                .find(id)
                .filter(tier_promotions::status.eq("pending")),
        )
        .set((
            tier_promotions::status.eq(status),
            tier_promotions::decided_by.eq(by),
            tier_promotions::decided_at.eq(diesel::dsl::now),
        ))
        .returning(TierPromotion::as_returning())
        .get_result(conn)
    }
}

/// The names of these people, by id.
pub fn names_of(
    conn: &mut PgConnection,
    ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}
