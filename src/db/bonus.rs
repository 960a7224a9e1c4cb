//! Bonus schedules and their tiers: rows, the schedule as the pure
//! `domain::bonus::Schedule`, and saving a schedule with its tiers at once.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::schema::{bonus_schedules, bonus_tiers};
use crate::domain::bonus::{Basis, Schedule, Tier};
use crate::domain::lifecycle::Status;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize, Deserialize)]
#[diesel(table_name = bonus_schedules)]
pub struct BonusSchedule {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// attainment | metric_value
    pub basis: String,
    pub metric_id: Option<i64>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// standard_attainment | signup_ladder: one of the seeded schedules.
    pub builtin: Option<String>,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize, Deserialize)]
#[diesel(table_name = bonus_tiers)]
pub struct BonusTierRow {
    pub id: i64,
    pub schedule_id: i64,
    pub position: i16,
    pub threshold: Decimal,
    pub rate: Decimal,
}

/// What an admin saves: the schedule's fields and its tiers in order.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleFields {
    pub name: String,
    pub description: String,
    pub basis: Basis,
    pub metric_id: Option<i64>,
    pub active: bool,
    pub tiers: Vec<Tier>,
}

/// The unique index on the schedule's name (case-insensitive).
pub const NAME_KEY: &str = "bonus_schedules_name_key";

/// A schedule with its tiers, ready for the rules.
#[derive(Debug, Clone)]
pub struct LoadedSchedule {
    pub row: BonusSchedule,
    pub tiers: Vec<BonusTierRow>,
}

impl LoadedSchedule {
    pub fn basis(&self) -> Basis {
        Basis::parse(&self.row.basis).unwrap_or(Basis::Attainment)
    }

    pub fn rules(&self) -> Schedule {
        Schedule {
            basis: self.basis(),
            tiers: self
                .tiers
                .iter()
                .map(|t| Tier {
                    position: t.position,
                    threshold: t.threshold,
                    rate: t.rate,
                })
                .collect(),
        }
    }
}

impl BonusSchedule {
    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<BonusSchedule>> {
        bonus_schedules::table
            .select(BonusSchedule::as_select())
            .order((bonus_schedules::active.desc(), bonus_schedules::name))
            .load(conn)
    }

    pub fn active(conn: &mut PgConnection) -> QueryResult<Vec<BonusSchedule>> {
        bonus_schedules::table
            .filter(bonus_schedules::active.eq(true))
            .select(BonusSchedule::as_select())
            .order(bonus_schedules::name)
            .load(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<BonusSchedule> {
        bonus_schedules::table
            .find(id)
            .select(BonusSchedule::as_select())
            .first(conn)
    }

    /// May a goal of `metric_id` use this schedule? Attainment schedules
    /// fit any goal; a value ladder only goals of its own metric.
    pub fn fits_metric(&self, metric_id: i64) -> bool {
        self.basis != "metric_value" || self.metric_id == Some(metric_id)
    }
}

/// The schedules with `ids` and their tiers, by id, in one query (a quota
/// card with a bonus loads them on every dashboard).
pub fn load_many(
    conn: &mut PgConnection,
    ids: &[i64],
) -> QueryResult<HashMap<i64, LoadedSchedule>> {
    Ok(grouped(rows_of(conn, ids)?))
}

/// The schedules with `ids` as rows of (schedule, one of its tiers, if
/// any), by schedule id and tier position.
pub fn rows_of(
    conn: &mut PgConnection,
    ids: &[i64],
) -> QueryResult<Vec<(BonusSchedule, Option<BonusTierRow>)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    bonus_schedules::table
        .left_join(bonus_tiers::table)
        .filter(bonus_schedules::id.eq_any(ids))
        .select((
            BonusSchedule::as_select(),
            Option::<BonusTierRow>::as_select(),
        ))
        .order((bonus_schedules::id, bonus_tiers::position))
        .load(conn)
}

/// Every schedule as rows of (schedule, one of its tiers, if any), by
/// schedule id and tier position: what the pages keep per change epoch.
pub fn all_rows(
    conn: &mut PgConnection,
) -> QueryResult<Vec<(BonusSchedule, Option<BonusTierRow>)>> {
    bonus_schedules::table
        .left_join(bonus_tiers::table)
        .select((
            BonusSchedule::as_select(),
            Option::<BonusTierRow>::as_select(),
        ))
        .order((bonus_schedules::id, bonus_tiers::position))
        .load(conn)
}

/// Schedules by id from rows of (schedule, one of its tiers), tiers in
/// the rows' order.
pub fn grouped(
    rows: impl IntoIterator<Item = (BonusSchedule, Option<BonusTierRow>)>,
) -> HashMap<i64, LoadedSchedule> {
    let mut out: HashMap<i64, LoadedSchedule> = HashMap::new();
    for (row, tier) in rows {
        let loaded = out.entry(row.id).or_insert_with(|| LoadedSchedule {
            row,
            tiers: Vec::new(),
        });
        loaded.tiers.extend(tier);
    }
    out
}

pub fn load(conn: &mut PgConnection, id: i64) -> QueryResult<LoadedSchedule> {
    load_many(conn, &[id])?
        .remove(&id)
        .ok_or(diesel::result::Error::NotFound)
}

/// The oldest active schedule paying on the value of the metric `key`
/// (a ladder), with its tiers: one query.
pub fn oldest_value_ladder(
    conn: &mut PgConnection,
    key: &str,
) -> QueryResult<Option<LoadedSchedule>> {
    use crate::db::schema::metric_definitions;
    let of_metric = metric_definitions::table
        .filter(metric_definitions::key.eq(key))
        .select(metric_definitions::id.nullable());
    let rows: Vec<(BonusSchedule, Option<BonusTierRow>)> = bonus_schedules::table
        .left_join(bonus_tiers::table)
        .filter(bonus_schedules::basis.eq(Basis::MetricValue.as_str()))
        .filter(bonus_schedules::active.eq(true))
        .filter(bonus_schedules::metric_id.eq_any(of_metric))
        .select((
            BonusSchedule::as_select(),
            Option::<BonusTierRow>::as_select(),
        ))
        .order((bonus_schedules::id, bonus_tiers::position))
        .load(conn)?;
    let Some(oldest) = rows.first().map(|(row, _)| row.id) else {
        return Ok(None);
    };
    let mut ladder = None;
    for (row, tier) in rows.into_iter().take_while(|(row, _)| row.id == oldest) {
        ladder
            .get_or_insert_with(|| LoadedSchedule {
                row,
                tiers: Vec::new(),
            })
            .tiers
            .extend(tier);
    }
    Ok(ladder)
}

/// [`oldest_value_ladder`]'s rule on rows already read: the id of the
/// oldest active schedule in `rows` paying on the value of the metric
/// whose id is `metric_id`.
pub fn oldest_value_ladder_in(
    rows: &[(BonusSchedule, Option<BonusTierRow>)],
    metric_id: i64,
) -> Option<i64> {
    rows.iter()
        .map(|(row, _)| row)
        .filter(|row| {
            row.active
                && row.basis == Basis::MetricValue.as_str()
                && row.metric_id == Some(metric_id)
        })
        .map(|row| row.id)
        .min()
}

/// Every schedule with its tiers, for the admin list.
pub fn load_all(conn: &mut PgConnection) -> QueryResult<Vec<LoadedSchedule>> {
    let rows = BonusSchedule::all(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut loaded = load_many(conn, &ids)?;
    Ok(ids.iter().filter_map(|id| loaded.remove(id)).collect())
}

/// Creates (`id` None) or replaces a schedule and its tiers, in the
/// caller's transaction.
pub fn save(
    conn: &mut PgConnection,
    id: Option<i64>,
    fields: &ScheduleFields,
) -> QueryResult<BonusSchedule> {
    let values = (
        bonus_schedules::name.eq(&fields.name),
        bonus_schedules::description.eq(&fields.description),
        bonus_schedules::basis.eq(fields.basis.as_str()),
        bonus_schedules::metric_id.eq(fields.metric_id),
        bonus_schedules::active.eq(fields.active),
    );
    let row: BonusSchedule = match id {
        None => diesel::insert_into(bonus_schedules::table)
            .values(values)
            .returning(BonusSchedule::as_returning())
            .get_result(conn)?,
        Some(id) => diesel::update(bonus_schedules::table.find(id))
            .set(values)
            .returning(BonusSchedule::as_returning())
            .get_result(conn)?,
    };
    diesel::delete(bonus_tiers::table.filter(bonus_tiers::schedule_id.eq(row.id))).execute(conn)?;
    let tiers: Vec<_> = fields
        .tiers
        .iter()
        .map(|t| {
            (
                bonus_tiers::schedule_id.eq(row.id),
                bonus_tiers::position.eq(t.position),
                bonus_tiers::threshold.eq(t.threshold),
                bonus_tiers::rate.eq(t.rate),
            )
        })
        .collect();
    diesel::insert_into(bonus_tiers::table)
        .values(tiers)
        .execute(conn)?;
    Ok(row)
}

/// How many goals use the schedule.
pub fn goals_using(conn: &mut PgConnection, id: i64) -> QueryResult<i64> {
    use super::schema::goals;
    goals::table
        .filter(goals::bonus_schedule_id.eq(id))
        .filter(goals::status.ne(Status::Cancelled))
        .count()
        .get_result(conn)
}
