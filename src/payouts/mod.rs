//! Paying commissions: payout runs (create for a month, approve, mark
//! paid), the payroll export, the payout rules and partner statements.
//! Each use case is one transaction; the ledger is only read, and a run
//! settles ledger lines by reference (`payout_items`), never by editing
//! them. Admins only, except a partner's own statement.

pub mod disputes;
pub mod export;
pub mod settings;
pub mod statement;
pub mod what_if;

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use crate::db::audit::NewAuditEntry;
use crate::db::organisation::Organisation;
use crate::db::payouts::{
    NewPayoutLine, NewPayoutRun, PayoutLine, PayoutRun, PayoutSettings, open_lines,
};
use crate::db::users::User;
use crate::domain::payout::{PayoutRules, PayoutStatus, RunWindow, plan_run};
use crate::domain::period::{Period, local_date};
use crate::domain::period_query;
use crate::domain::role::Role;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;

/// Serialises run creation: two admins making runs at once would otherwise
/// both find the same open lines (the second would then fail on the
/// settled-once key instead of finding nothing left to pay).
const RUN_LOCK: i64 = 0x7061_796f_7574;

pub(crate) fn require_admin(actor: &User) -> Result<(), AppError> {
    if actor.role() == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(crate) fn zone(org: &Organisation) -> chrono_tz::Tz {
    org.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

/// Closes `month` (its first day) into a draft run: one payout line per
/// partner whose due lines reach the minimum, settling those lines.
/// A month that has not begun, or one with nothing to pay, is refused on
/// the `month` field and writes nothing.
pub fn create_run(
    conn: &mut PgConnection,
    actor: &User,
    month: NaiveDate,
) -> Result<PayoutRun, AppError> {
    require_admin(actor)?;
    let month = month.with_day(1).unwrap_or(month);
    conn.transaction(|conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(RUN_LOCK)
            .execute(conn)?;
        let org = Organisation::get(conn)?;
        let zone = zone(&org);
        let as_of = crate::db::now(conn)?;
        if month > local_date(as_of, zone) {
            return Err(invalid_month(Msg::new("payout-month-future")));
        }
        let (_, cutoff) = period_query::instants(&Period::month_containing(month), zone);
        let settings = PayoutSettings::get(conn)?;
        let rules = PayoutRules {
            minimum: settings.minimum_amount,
            holdback_days: settings.holdback_days.max(0) as u32,
        };
        let payouts = plan_run(
            &open_lines(conn, cutoff)?,
            &rules,
            &RunWindow { cutoff, as_of },
        );
        if payouts.is_empty() {
            return Err(invalid_month(Msg::new("payout-month-empty")));
        }
        let run = PayoutRun::insert(
            conn,
            &NewPayoutRun {
                month,
                minimum_amount: settings.minimum_amount,
                holdback_days: settings.holdback_days,
                cutoff_at: cutoff,
                total: payouts.iter().map(|p| p.amount).sum(),
                currency_code: org.currency_code.clone(),
                created_by: actor.id,
            },
        )?;
        for payout in &payouts {
            let line = PayoutLine::insert(
                conn,
                &NewPayoutLine {
                    run_id: run.id,
                    partner_id: payout.partner_id,
                    earned: payout.earned,
                    recovered: payout.recovered,
                    amount: payout.amount,
                    line_count: payout.entry_ids.len() as i32,
                },
            )?;
            PayoutLine::settle(conn, line.id, &payout.entry_ids)?;
        }
        audit(
            conn,
            actor,
            "create",
            &run,
            format!(
                "payout run {} for {} ({} partners, {} {})",
                run.id,
                month.format("%Y-%m"),
                payouts.len(),
                run.total,
                run.currency_code
            ),
        )?;
        Ok(run)
    })
}

fn invalid_month(message: Msg) -> AppError {
    AppError::Invalid(FieldErrors::one("month", message))
}

/// Approves a draft run. Of two admins at once, one approves and the other
/// is told it already is.
pub fn approve(conn: &mut PgConnection, actor: &User, run_id: i64) -> Result<PayoutRun, AppError> {
    advance(conn, actor, run_id, PayoutStatus::Draft)
}

/// Marks an approved run paid. Of two admins at once, one pays.
pub fn mark_paid(
    conn: &mut PgConnection,
    actor: &User,
    run_id: i64,
) -> Result<PayoutRun, AppError> {
    advance(conn, actor, run_id, PayoutStatus::Approved)
}

fn advance(
    conn: &mut PgConnection,
    actor: &User,
    run_id: i64,
    from: PayoutStatus,
) -> Result<PayoutRun, AppError> {
    require_admin(actor)?;
    conn.transaction(|conn| {
        // The conditional update is the decision: whoever's statement finds
        // the run still at `from` moves it, the other finds nothing.
        match PayoutRun::advance(conn, run_id, from, actor.id)? {
            Some(run) => {
                let action = run.status.as_str();
                audit(
                    conn,
                    actor,
                    action,
                    &run,
                    format!("payout run {} {action}", run.id),
                )?;
                Ok(run)
            }
            None => {
                let run = PayoutRun::find(conn, run_id)?;
                Err(AppError::Conflict(refusal(from, run.status)))
            }
        }
    })
}

/// Discards a draft run and releases the ledger lines it settled, so a new
/// run can take them; the run and its payout lines stay as the record.
/// An approved or paid run cannot be discarded (a conflict, nothing
/// written); of two admins at once, one discards.
pub fn discard(conn: &mut PgConnection, actor: &User, run_id: i64) -> Result<PayoutRun, AppError> {
    require_admin(actor)?;
    conn.transaction(|conn| match PayoutRun::discard(conn, run_id, actor.id)? {
        Some(run) => {
            audit(
                conn,
                actor,
                "discard",
                &run,
                format!(
                    "payout run {} for {} discarded; its ledger lines are open again",
                    run.id,
                    run.month.format("%Y-%m")
                ),
            )?;
            Ok(run)
        }
        None => {
            let run = PayoutRun::find(conn, run_id)?;
            Err(AppError::Conflict(Msg::new(match run.status {
                PayoutStatus::Discarded => "payout-already-discarded",
                _ => "payout-discard-not-draft",
            })))
        }
    })
}

/// Why a run at `status` cannot take the step from `wanted`.
fn refusal(wanted: PayoutStatus, status: PayoutStatus) -> Msg {
    Msg::new(match (wanted, status) {
        (_, PayoutStatus::Discarded) => "payout-run-discarded",
        (PayoutStatus::Draft, PayoutStatus::Approved) => "payout-already-approved",
        (PayoutStatus::Approved, PayoutStatus::Draft) => "payout-approve-first",
        _ => "payout-already-paid",
    })
}

fn audit(
    conn: &mut PgConnection,
    actor: &User,
    action: &'static str,
    run: &PayoutRun,
    summary: String,
) -> QueryResult<()> {
    NewAuditEntry::new(Some(actor.id), action, "payout_run", Some(run.id), summary)
        .after(run)
        .record(conn)
}

/// A run with its lines and the names of who made, approved and paid it.
pub struct RunDetail {
    pub run: PayoutRun,
    pub lines: Vec<crate::db::payouts::NamedPayoutLine>,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub paid_by: Option<String>,
    pub discarded_by: Option<String>,
}

pub fn detail(conn: &mut PgConnection, actor: &User, run_id: i64) -> Result<RunDetail, AppError> {
    require_admin(actor)?;
    let run = PayoutRun::find(conn, run_id)?;
    let lines = PayoutLine::of_run(conn, run_id)?;
    let mut name = |id: Option<i64>| -> QueryResult<Option<String>> {
        id.map(|id| User::find(conn, id).map(|u| u.name))
            .transpose()
    };
    Ok(RunDetail {
        created_by: name(Some(run.created_by))?.unwrap_or_default(),
        approved_by: name(run.approved_by)?,
        paid_by: name(run.paid_by)?,
        discarded_by: name(run.discarded_by)?,
        lines,
        run,
    })
}

pub fn list(
    conn: &mut PgConnection,
    actor: &User,
    limit: i64,
    offset: i64,
) -> Result<Vec<PayoutRun>, AppError> {
    require_admin(actor)?;
    Ok(PayoutRun::list(conn, limit, offset)?)
}
