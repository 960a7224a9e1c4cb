//! The factors of the target formula as stored: a market factor per month
//! period, twelve seasonal factors, a person's personal factor and team
//! override; and `target_factor_revisions`, the append-only record of every
//! change to them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use super::schema::{
    market_factors, periods, seasonal_factors, target_factor_revisions, user_target_factors, users,
};
use crate::domain::period::PeriodKind;

/// A person's own factors.
#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = user_target_factors)]
pub struct UserFactors {
    pub user_id: i64,
    pub personal_factor: Decimal,
    pub team_factor_override: Option<Decimal>,
    pub updated_by: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

/// The market factor of one period, if set.
pub fn market_factor(conn: &mut PgConnection, period_id: i64) -> QueryResult<Option<Decimal>> {
    market_factors::table
        .find(period_id)
        .select(market_factors::factor)
        .first(conn)
        .optional()
}

/// The market factors of the month periods starting in `year`, by the
/// period's first day.
pub fn market_factors_of_year(
    conn: &mut PgConnection,
    year: i32,
) -> QueryResult<Vec<(i64, chrono::NaiveDate, Decimal)>> {
    let (Some(from), Some(to)) = (
        chrono::NaiveDate::from_ymd_opt(year, 1, 1),
        chrono::NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(Vec::new());
    };
    market_factors::table
        .inner_join(periods::table)
        .filter(periods::kind.eq(PeriodKind::Month))
        .filter(periods::start_date.between(from, to))
        .select((periods::id, periods::start_date, market_factors::factor))
        .load(conn)
}

/// Sets (or, with `None`, removes) a period's market factor.
pub fn put_market_factor(
    conn: &mut PgConnection,
    period_id: i64,
    factor: Option<Decimal>,
    actor_id: Option<i64>,
) -> QueryResult<()> {
    match factor {
        Some(factor) => diesel::insert_into(market_factors::table)
            .values((
                market_factors::period_id.eq(period_id),
                market_factors::factor.eq(factor),
                market_factors::updated_by.eq(actor_id),
            ))
            .on_conflict(market_factors::period_id)
            .do_update()
            .set((
                market_factors::factor.eq(factor),
                market_factors::updated_by.eq(actor_id),
            ))
            .execute(conn)?,
        None => diesel::delete(market_factors::table.find(period_id)).execute(conn)?,
    };
    Ok(())
}

/// The twelve seasonal factors, January first; `None` for a month not set.
pub fn seasonal_factors(conn: &mut PgConnection) -> QueryResult<[Option<Decimal>; 12]> {
    let rows: Vec<(i16, Decimal)> = seasonal_factors::table
        .select((seasonal_factors::month, seasonal_factors::factor))
        .load(conn)?;
    let mut out = [None; 12];
    for (month, factor) in rows {
        if let Some(slot) = usize::try_from(month - 1).ok().and_then(|i| out.get_mut(i)) {
            *slot = Some(factor);
        }
    }
    Ok(out)
}

/// The seasonal factor of one month (1–12), if set.
pub fn seasonal_factor(conn: &mut PgConnection, month: u32) -> QueryResult<Option<Decimal>> {
    let month = i16::try_from(month).unwrap_or(0);
    seasonal_factors::table
        .find(month)
        .select(seasonal_factors::factor)
        .first(conn)
        .optional()
}

/// Sets (or removes) one month's seasonal factor.
pub fn put_seasonal_factor(
    conn: &mut PgConnection,
    month: i16,
    factor: Option<Decimal>,
    actor_id: Option<i64>,
) -> QueryResult<()> {
    match factor {
        Some(factor) => diesel::insert_into(seasonal_factors::table)
            .values((
                seasonal_factors::month.eq(month),
                seasonal_factors::factor.eq(factor),
                seasonal_factors::updated_by.eq(actor_id),
            ))
            .on_conflict(seasonal_factors::month)
            .do_update()
            .set((
                seasonal_factors::factor.eq(factor),
                seasonal_factors::updated_by.eq(actor_id),
            ))
            .execute(conn)?,
        None => diesel::delete(seasonal_factors::table.find(month)).execute(conn)?,
    };
    Ok(())
}

/// Serialises saves of the seasonal or market factors (held to the end of
/// the caller's transaction).
pub fn lock_calendar_factors(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("LOCK TABLE seasonal_factors, market_factors IN SHARE ROW EXCLUSIVE MODE")
        .execute(conn)?;
    Ok(())
}

impl UserFactors {
    pub fn of(conn: &mut PgConnection, user_id: i64) -> QueryResult<Option<UserFactors>> {
        user_target_factors::table
            .find(user_id)
            .select(UserFactors::as_select())
            .first(conn)
            .optional()
    }

    /// The row of `user_id`, created with the defaults if missing, locked
    /// until the caller's transaction ends.
    pub fn lock(conn: &mut PgConnection, user_id: i64) -> QueryResult<(UserFactors, bool)> {
        let created = diesel::insert_into(user_target_factors::table)
            .values(user_target_factors::user_id.eq(user_id))
            .on_conflict_do_nothing()
            .execute(conn)?
            > 0;
        let row = user_target_factors::table
            .find(user_id)
            .select(UserFactors::as_select())
            .for_update()
            .first(conn)?;
        Ok((row, created))
    }

    pub fn of_users(
        conn: &mut PgConnection,
        ids: &[i64],
    ) -> QueryResult<HashMap<i64, UserFactors>> {
        Ok(user_target_factors::table
            .filter(user_target_factors::user_id.eq_any(ids))
            .select(UserFactors::as_select())
            .load(conn)?
            .into_iter()
            .map(|f| (f.user_id, f))
            .collect())
    }

    pub fn update(
        conn: &mut PgConnection,
        user_id: i64,
        personal: Decimal,
        team_override: Option<Decimal>,
        actor_id: Option<i64>,
    ) -> QueryResult<UserFactors> {
        diesel::update(user_target_factors::table.find(user_id))
            .set((
                user_target_factors::personal_factor.eq(personal),
                user_target_factors::team_factor_override.eq(team_override),
                user_target_factors::updated_by.eq(actor_id),
            ))
            .returning(UserFactors::as_returning())
            .get_result(conn)
    }
}

/// What a factor revision is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Personal(i64),
    Team(i64),
    Market(i64),
    Seasonal,
}

impl Subject {
    fn columns(self) -> (&'static str, Option<i64>, Option<i64>) {
        match self {
            Subject::Personal(user) => ("personal", Some(user), None),
            Subject::Team(user) => ("team", Some(user), None),
            Subject::Market(period) => ("market", None, Some(period)),
            Subject::Seasonal => ("seasonal", None, None),
        }
    }
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = target_factor_revisions)]
pub struct FactorRevision {
    pub id: i64,
    pub factor: String,
    pub user_id: Option<i64>,
    pub period_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub reason: Option<String>,
    pub before: Value,
    pub after: Value,
    pub created_at: DateTime<Utc>,
}

/// Writes one revision inside the caller's transaction.
pub fn record_revision(
    conn: &mut PgConnection,
    subject: Subject,
    actor_id: Option<i64>,
    reason: Option<&str>,
    before: Value,
    after: Value,
) -> QueryResult<FactorRevision> {
    let (factor, user_id, period_id) = subject.columns();
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    diesel::insert_into(target_factor_revisions::table)
        .values((
            target_factor_revisions::factor.eq(factor),
            target_factor_revisions::user_id.eq(user_id),
            target_factor_revisions::period_id.eq(period_id),
            target_factor_revisions::actor_id.eq(actor_id),
            target_factor_revisions::reason.eq(reason),
            target_factor_revisions::before.eq(before),
            target_factor_revisions::after.eq(after),
        ))
        .returning(FactorRevision::as_returning())
        .get_result(conn)
}

/// A revision with the names a page shows: the actor's, the person's and
/// the period's.
pub struct RevisionLine {
    pub revision: FactorRevision,
    pub actor: Option<String>,
    pub person: Option<String>,
    pub period: Option<String>,
}

/// The newest revisions first: of the calendar factors (market, seasonal)
/// when `people` is `None`, else of those people's factors.
pub fn recent_revisions(
    conn: &mut PgConnection,
    people: Option<&[i64]>,
    limit: i64,
) -> QueryResult<Vec<RevisionLine>> {
    let (actors, persons) = diesel::alias!(users as actors, users as persons);
    let mut query = target_factor_revisions::table
        .left_join(
            actors.on(target_factor_revisions::actor_id.eq(actors.field(users::id).nullable())),
        )
        .left_join(
            persons.on(target_factor_revisions::user_id.eq(persons.field(users::id).nullable())),
        )
        .left_join(periods::table.on(target_factor_revisions::period_id.eq(periods::id.nullable())))
        .select((
            FactorRevision::as_select(),
            actors.field(users::name).nullable(),
            persons.field(users::name).nullable(),
            periods::name.nullable(),
        ))
        .order(target_factor_revisions::id.desc())
        .limit(limit)
        .into_boxed();
    query = match people {
        None => query.filter(target_factor_revisions::factor.eq_any(["market", "seasonal"])),
        Some(ids) => query.filter(target_factor_revisions::user_id.eq_any(ids.to_vec())),
    };
    Ok(query
        .load::<(
            FactorRevision,
            Option<String>,
            Option<String>,
            Option<String>,
        )>(conn)?
        .into_iter()
        .map(|(revision, actor, person, period)| RevisionLine {
            revision,
            actor,
            person,
            period,
        })
        .collect())
}
