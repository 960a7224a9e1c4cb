//! Metric definitions: creating, editing and (de)activating the metrics
//! events are recorded on, each write audited in one transaction.

use diesel::{Connection, PgConnection};

use crate::db::audit::NewAuditEntry;
use crate::db::metrics::{Metric, MetricFields};
use crate::error::{AppError, FieldErrors, on_constraint};
use crate::i18n::{Key, Msg};

pub const KEY_TAKEN: (&str, &str, Key) = (
    "metric_definitions_key_key",
    "key",
    Key("admin-metric-key-taken"),
);

/// Creates (`id` none) or edits a metric; a name or key already used is
/// refused as a field error.
pub fn save(
    conn: &mut PgConnection,
    actor: i64,
    id: Option<i64>,
    fields: &MetricFields,
) -> Result<Metric, AppError> {
    conn.transaction(|conn| write(conn, actor, id, fields))
}

fn write(
    conn: &mut PgConnection,
    actor: i64,
    id: Option<i64>,
    fields: &MetricFields,
) -> Result<Metric, AppError> {
    let all = Metric::all(conn)?;
    let wanted = fields.name.to_lowercase();
    if let Some(other) = all
        .iter()
        .find(|m| Some(m.id) != id && m.name.to_lowercase() == wanted)
    {
        let message = Msg::new("admin-metric-name-taken").arg("key", &other.key);
        return Err(AppError::Invalid(FieldErrors::one("name", message)));
    }
    let before = id.and_then(|id| all.into_iter().find(|m| m.id == id));
    let written = match id {
        Some(id) => Metric::update(conn, id, fields),
        None => Metric::insert(conn, fields),
    };
    let after = written.map_err(|e| on_constraint(e, &[KEY_TAKEN]))?;
    let summary = match &before {
        None => format!("created metric {} ({})", after.name, after.key),
        Some(b) if b.name != after.name => {
            format!("renamed metric {} to {}", b.name, after.name)
        }
        Some(_) => format!("edited metric {}", after.name),
    };
    let action = if before.is_some() { "update" } else { "create" };
    let mut entry = NewAuditEntry::new(Some(actor), action, "metric", Some(after.id), summary);
    if let Some(before) = &before {
        entry = entry.before(before);
    }
    entry.after(&after).record(conn)?;
    Ok(after)
}

/// Deactivates or activates a custom metric; built-ins stay active.
pub fn set_active(
    conn: &mut PgConnection,
    actor: i64,
    id: i64,
    active: bool,
) -> Result<Metric, AppError> {
    conn.transaction::<_, AppError, _>(|conn| {
        let before = Metric::find(conn, id)?;
        if before.active == active {
            return Ok(before);
        }
        if before.built_in {
            return Err(AppError::Conflict(
                Msg::new("admin-metric-built-in-stays").arg("name", &before.name),
            ));
        }
        let after = Metric::set_active(conn, id, active)?;
        let (action, verb) = if active {
            ("activate", "activated")
        } else {
            ("deactivate", "deactivated")
        };
        let summary = format!("{verb} metric {}", after.name);
        NewAuditEntry::new(Some(actor), action, "metric", Some(id), summary)
            .before(&before)
            .after(&after)
            .record(conn)?;
        Ok(after)
    })
}
