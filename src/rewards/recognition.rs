//! Recognising an achievement: a manager of the person (or an admin)
//! thanks them for it, once, with an optional note, audited.

use diesel::{Connection, PgConnection};

use crate::db::achievements::Achievement;
use crate::db::audit::NewAuditEntry;
use crate::db::users::User;
use crate::error::AppError;
use crate::org::access;

/// Recognises achievement `id` in one transaction; returns it and whose
/// it is. Someone the actor may not see is not found; one they may not
/// manage is forbidden; a second recognition is a conflict.
pub fn recognise(
    conn: &mut PgConnection,
    actor: &User,
    id: i64,
    note: &str,
) -> Result<(Achievement, User), AppError> {
    conn.transaction(|conn| {
        let found = Achievement::find(conn, id)?;
        if !access::can_view_user(conn, actor, found.user_id)? {
            return Err(AppError::NotFound);
        }
        if !access::can_manage_user(conn, actor, found.user_id)? {
            return Err(AppError::Forbidden);
        }
        let note = (!note.is_empty()).then_some(note);
        let updated = Achievement::recognise(conn, id, actor.id, note)?.ok_or_else(|| {
            AppError::Conflict(crate::i18n::Msg::new("achievement-already-recognised"))
        })?;
        let person = User::find(conn, updated.user_id)?;
        NewAuditEntry::new(
            Some(actor.id),
            "recognise",
            "achievement",
            Some(id),
            format!("Recognised {}: {}", person.name, updated.title),
        )
        .before(&found)
        .after(&updated)
        .record(conn)?;
        Ok((updated, person))
    })
}
