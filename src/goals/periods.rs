//! Creating periods: one use case behind the admin page and the API. A
//! period that already exists (same kind and dates) is refused at both,
//! with a message on `start_date`; the standard one-click buttons of the
//! admin page instead make sure their period exists.

use diesel::{Connection, PgConnection};

use crate::db::audit::NewAuditEntry;
use crate::db::periods::PeriodRow;
use crate::domain::period::{Period, PeriodKind};
use crate::error::{AppError, on_constraint};
use crate::i18n::Key;

/// The message on `start_date` when the period already exists.
pub fn duplicate_message(kind: PeriodKind) -> Key {
    Key(match kind {
        PeriodKind::Custom => "admin-period-custom-exists",
        PeriodKind::Month => "admin-period-month-exists",
        PeriodKind::Quarter => "admin-period-quarter-exists",
        PeriodKind::Year => "admin-period-year-exists",
    })
}

/// Creates `period` named `name` and audits it, in one transaction; a
/// period of the same kind and dates is refused as a field error.
pub fn create(
    conn: &mut PgConnection,
    actor: i64,
    period: &Period,
    name: &str,
) -> Result<PeriodRow, AppError> {
    conn.transaction(|conn| {
        let row = PeriodRow::insert(conn, period, name).map_err(|e| {
            on_constraint(
                e,
                &[(
                    "periods_kind_range_key",
                    "start_date",
                    duplicate_message(period.kind),
                )],
            )
        })?;
        audit(conn, actor, &row)?;
        Ok(row)
    })
}

/// The stored row of a standard period (month, quarter, year), created
/// and audited if new; `true` when it was created.
pub fn ensure_standard(
    conn: &mut PgConnection,
    actor: i64,
    span: Period,
    fiscal_start: u32,
) -> Result<(PeriodRow, bool), AppError> {
    conn.transaction(|conn| {
        let existed = PeriodRow::all(conn)?
            .into_iter()
            .any(|p| p.period() == span);
        let row = PeriodRow::containing(conn, span.kind, span.start, fiscal_start)?;
        if !existed {
            audit(conn, actor, &row)?;
        }
        Ok((row, !existed))
    })
}

fn audit(conn: &mut PgConnection, actor: i64, row: &PeriodRow) -> Result<(), AppError> {
    let summary = format!("created period {}", row.name);
    NewAuditEntry::new(Some(actor), "create", "period", Some(row.id), summary)
        .after(row)
        .record(conn)?;
    Ok(())
}
