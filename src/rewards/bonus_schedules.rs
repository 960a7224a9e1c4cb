//! Bonus schedules: saving one with its tiers, audited, in one
//! transaction.

use diesel::{Connection, PgConnection};

use crate::db::audit::NewAuditEntry;
use crate::db::bonus::{self, BonusSchedule, NAME_KEY, ScheduleFields};
use crate::error::{AppError, on_constraint};
use crate::i18n::Key;

/// Creates (`id` none) or replaces a schedule and its tiers; a name
/// already used is refused as a field error.
pub fn save(
    conn: &mut PgConnection,
    actor: i64,
    id: Option<i64>,
    fields: &ScheduleFields,
) -> Result<BonusSchedule, AppError> {
    conn.transaction(|conn| {
        let before = match id {
            Some(id) => Some(bonus::load(conn, id)?),
            None => None,
        };
        let row = bonus::save(conn, id, fields)
            .map_err(|e| on_constraint(e, &[(NAME_KEY, "name", Key("admin-bonus-name-taken"))]))?;
        NewAuditEntry::new(
            Some(actor),
            if before.is_some() { "update" } else { "create" },
            "bonus_schedule",
            Some(row.id),
            format!(
                "{} the bonus schedule {} ({} tiers)",
                if before.is_some() {
                    "Changed"
                } else {
                    "Created"
                },
                row.name,
                fields.tiers.len()
            ),
        )
        .before(&before.map(|b| (b.row, b.tiers)))
        .after(&(&row, &fields.tiers))
        .record(conn)?;
        Ok(row)
    })
}
