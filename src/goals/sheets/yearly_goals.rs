//! A rep's yearly goals: setting them, their monthly targets and pace,
//! and the seasonal weights that split them over the months.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::audit::NewAuditEntry;
use crate::db::goals::Owner;
use crate::db::organisation::Organisation;
use crate::db::schema::goals;
use crate::db::sheets::{self, YearlyGoal};
use crate::db::users::User;
use crate::domain::lifecycle::Status;
use crate::domain::period::PeriodKind;
use crate::domain::yearly::{self, YearlyProgress};
use crate::error::AppError;
use crate::goals::progress;

use super::{check_month, metric, two_places};

/// Sets the rep's (`actor`'s) yearly goals.
pub fn set_yearly(
    conn: &mut PgConnection,
    actor: &User,
    year: i32,
    signups: Decimal,
    revenue: Decimal,
    now: DateTime<Utc>,
) -> Result<YearlyGoal, AppError> {
    check_month(year, 1).map_err(AppError::Invalid)?;
    Ok(YearlyGoal::upsert(
        conn,
        actor.id,
        year,
        two_places(signups),
        two_places(revenue),
        actor.id,
        now,
    )?)
}

/// A rep's yearly goals on a day: per metric, the monthly targets and pace.
pub struct YearlyView {
    pub year: i32,
    pub goal: Option<YearlyGoal>,
    pub weighted: bool,
    pub signups: YearlyProgress,
    pub revenue: YearlyProgress,
    /// Yearly goals to suggest from the monthly targets set this year.
    pub suggested_signups: Option<Decimal>,
    pub suggested_revenue: Option<Decimal>,
}

/// The rep's own monthly targets for `metric_id` in `year`, by month
/// (cancelled goals left out).
fn monthly_targets(
    conn: &mut PgConnection,
    user_id: i64,
    metric_id: i64,
    year: i32,
) -> QueryResult<[Option<Decimal>; 12]> {
    use crate::db::schema::periods;
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok([None; 12]);
    };
    let rows: Vec<(NaiveDate, Decimal)> = goals::table
        .inner_join(periods::table)
        .filter(goals::user_id.eq(user_id))
        .filter(goals::metric_id.eq(metric_id))
        .filter(goals::status.ne(Status::Cancelled))
        .filter(periods::kind.eq(PeriodKind::Month))
        .filter(periods::start_date.between(first, last))
        .select((periods::start_date, goals::target))
        .load(conn)?;
    let mut months = [None; 12];
    for (start, target) in rows {
        months[start.month0() as usize] = Some(target);
    }
    Ok(months)
}

impl YearlyView {
    pub fn load(
        conn: &mut PgConnection,
        org: &Organisation,
        user_id: i64,
        year: i32,
        today: NaiveDate,
    ) -> Result<YearlyView, AppError> {
        check_month(year, 1).map_err(AppError::Invalid)?;
        let goal = YearlyGoal::of_year(conn, user_id, year)?;
        let weights = sheets::seasonal_weights(conn)?;
        let bounds = yearly::year_period(year).ok_or(AppError::NotFound)?;
        let money_scale = org.money_scale().entry_places();
        let mut suggested = Vec::with_capacity(2);
        let mut one =
            |key: &str, target: Decimal, scale: u32| -> Result<YearlyProgress, AppError> {
                let metric = metric(conn, key)?;
                let months = monthly_targets(conn, user_id, metric.id, year)?;
                suggested.push(yearly::suggested_yearly(&months, scale));
                let actual = progress::actual(
                    conn,
                    Owner::User(user_id),
                    metric.id,
                    bounds.start,
                    bounds.end,
                )?;
                let monthly = yearly::monthly_split(target, weights.as_ref(), scale);
                Ok(yearly::progress(
                    target, monthly, actual, year, today, scale,
                ))
            };
        let signups = one(
            "signups",
            goal.as_ref().map_or(Decimal::ZERO, |g| g.signup_goal),
            0,
        )?;
        let revenue = one(
            "revenue",
            goal.as_ref().map_or(Decimal::ZERO, |g| g.revenue_goal),
            money_scale,
        )?;
        Ok(YearlyView {
            year,
            goal,
            weighted: weights.is_some(),
            signups,
            revenue,
            suggested_signups: suggested[0],
            suggested_revenue: suggested[1],
        })
    }
}

/// Saves the twelve seasonal weights (or clears them: equal split); admins
/// only, checked by the caller; audited.
pub fn save_weights(
    conn: &mut PgConnection,
    actor: &User,
    weights: Option<[Decimal; 12]>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let before = sheets::seasonal_weights(conn)?;
        sheets::replace_seasonal_weights(conn, weights.as_ref())?;
        NewAuditEntry::new(
            Some(actor.id),
            "update",
            "seasonal_weights",
            None,
            match weights {
                Some(_) => "Set the twelve seasonal weights",
                None => "Cleared the seasonal weights (equal months)",
            },
        )
        .before(&before)
        .after(&weights)
        .record(conn)?;
        Ok(())
    })
}
