//! Changing the stored factors: a person's personal factor and team
//! override (their managers and admins), the twelve seasonal factors and
//! the market factor of months (admins). Each save is one transaction that
//! writes a factor revision (before and after) for every factor that
//! changed, and an audit entry; a save that changes nothing writes nothing.

use diesel::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::db::audit::NewAuditEntry;
use crate::db::periods::PeriodRow;
use crate::db::target_factors::{self as stored, Subject, UserFactors, record_revision};
use crate::db::users::User;
use crate::domain::period::PeriodKind;
use crate::error::AppError;

fn text(value: Option<Decimal>) -> Value {
    match value {
        Some(v) => Value::String(v.normalize().to_string()),
        None => Value::Null,
    }
}

/// Sets `user_id`'s personal factor and team override (`None`: computed).
/// Returns how many factors changed.
pub fn set_user_factors(
    conn: &mut PgConnection,
    actor: &User,
    user_id: i64,
    personal: Decimal,
    team_override: Option<Decimal>,
    reason: Option<&str>,
) -> Result<usize, AppError> {
    conn.transaction(|conn| {
        let person = User::find(conn, user_id)?;
        if !crate::org::access::can_manage_user(conn, actor, person.id)? {
            return Err(AppError::Forbidden);
        }
        let (before, _) = UserFactors::lock(conn, person.id)?;
        let mut changed = 0;
        if before.personal_factor.normalize() != personal.normalize() {
            record_revision(
                conn,
                Subject::Personal(person.id),
                Some(actor.id),
                reason,
                json!({ "personal_factor": text(Some(before.personal_factor)) }),
                json!({ "personal_factor": text(Some(personal)) }),
            )?;
            changed += 1;
        }
        let old_override = before.team_factor_override.map(|d| d.normalize());
        if old_override != team_override.map(|d| d.normalize()) {
            record_revision(
                conn,
                Subject::Team(person.id),
                Some(actor.id),
                reason,
                json!({ "team_factor_override": text(before.team_factor_override) }),
                json!({ "team_factor_override": text(team_override) }),
            )?;
            changed += 1;
        }
        if changed == 0 {
            return Ok(0);
        }
        let after = UserFactors::update(conn, person.id, personal, team_override, Some(actor.id))?;
        NewAuditEntry::new(
            Some(actor.id),
            "update",
            "user_target_factors",
            Some(person.id),
            format!("Changed the target factors of {}", person.name),
        )
        .before(&before)
        .after(&after)
        .record(conn)?;
        Ok(changed)
    })
}

/// Sets the twelve seasonal factors (`None`: not set, counts as 1);
/// admins only, checked by the caller. Returns how many months changed.
pub fn set_seasonal_factors(
    conn: &mut PgConnection,
    actor: &User,
    factors: [Option<Decimal>; 12],
    reason: Option<&str>,
) -> Result<usize, AppError> {
    conn.transaction(|conn| {
        stored::lock_calendar_factors(conn)?;
        let before = stored::seasonal_factors(conn)?;
        let (mut old, mut new) = (Map::new(), Map::new());
        for (i, (was, is)) in before.iter().zip(factors.iter()).enumerate() {
            if was.map(|d| d.normalize()) == is.map(|d| d.normalize()) {
                continue;
            }
            let month = i as i16 + 1;
            stored::put_seasonal_factor(conn, month, *is, Some(actor.id))?;
            old.insert(month.to_string(), text(*was));
            new.insert(month.to_string(), text(*is));
        }
        let changed = new.len();
        if changed == 0 {
            return Ok(0);
        }
        record_revision(
            conn,
            Subject::Seasonal,
            Some(actor.id),
            reason,
            Value::Object(old.clone()),
            Value::Object(new.clone()),
        )?;
        NewAuditEntry::new(
            Some(actor.id),
            "update",
            "seasonal_factors",
            None,
            format!("Changed {changed} seasonal target factor(s)"),
        )
        .before(&old)
        .after(&new)
        .record(conn)?;
        Ok(changed)
    })
}

/// Sets the market factors of the twelve months of `year` (`None`: not
/// set); admins only, checked by the caller. Month periods are created as
/// needed. Returns how many months changed.
pub fn set_market_factors(
    conn: &mut PgConnection,
    actor: &User,
    year: i32,
    factors: [Option<Decimal>; 12],
    fiscal_start_month: u32,
    reason: Option<&str>,
) -> Result<usize, AppError> {
    conn.transaction(|conn| {
        stored::lock_calendar_factors(conn)?;
        let existing = stored::market_factors_of_year(conn, year)?;
        let mut changed = 0;
        for (i, factor) in factors.iter().enumerate() {
            let month = i as u32 + 1;
            let was = existing
                .iter()
                .find(|(_, start, _)| chrono::Datelike::month(start) == month)
                .map(|(_, _, f)| *f);
            if was.map(|d| d.normalize()) == factor.map(|d| d.normalize()) {
                continue;
            }
            let first = chrono::NaiveDate::from_ymd_opt(year, month, 1)
                .ok_or_else(|| AppError::BadRequest(crate::i18n::Msg::new("goal-no-such-month")))?;
            let period = PeriodRow::containing(conn, PeriodKind::Month, first, fiscal_start_month)?;
            stored::put_market_factor(conn, period.id, *factor, Some(actor.id))?;
            record_revision(
                conn,
                Subject::Market(period.id),
                Some(actor.id),
                reason,
                json!({ "market_factor": text(was) }),
                json!({ "market_factor": text(*factor) }),
            )?;
            NewAuditEntry::new(
                Some(actor.id),
                "update",
                "market_factors",
                Some(period.id),
                format!(
                    "Market factor of {}: {} → {}",
                    period.name,
                    was.map(|d| d.normalize().to_string())
                        .unwrap_or_else(|| "not set".into()),
                    factor
                        .map(|d| d.normalize().to_string())
                        .unwrap_or_else(|| "not set".into()),
                ),
            )
            .record(conn)?;
            changed += 1;
        }
        Ok(changed)
    })
}
