//! Goal-sheet compliance: where each rep in a viewer's reach stands with a
//! month's sheet. Shared by the compliance page and the deadlines API.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, SmallInt, Text, Timestamptz};

use crate::db::users::User;
use crate::domain::deadline::{self, DeadlineStatus};
use crate::org::access;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    email: String,
    #[diesel(sql_type = Nullable<Text>)]
    team: Option<String>,
    #[diesel(sql_type = Bool)]
    is_set: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    set_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Bool>)]
    set_by_deadline: Option<bool>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    late_cleared_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    last_reminder: Option<String>,
}

/// One rep's standing for the month.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComplianceRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub team: Option<String>,
    pub status: DeadlineStatus,
    /// Local days to the deadline's date: 0 on the 6th, negative after.
    pub days_until: i64,
    pub set_at: Option<DateTime<Utc>>,
    /// `false`: set after the deadline (late).
    pub set_by_deadline: Option<bool>,
    /// A manager cleared the late flag.
    pub late_cleared: bool,
    /// The latest reminder sent for the month (`three_days_before`, …).
    pub last_reminder: Option<String>,
}

/// The active reps `viewer` may see (admins and executives everyone,
/// managers their subtree, reps nobody but themselves when `only_self`) with
/// their standing on the (`year`, `month`) sheet at `now`, by name.
pub fn rows(
    conn: &mut PgConnection,
    viewer: &User,
    only_self: bool,
    (year, month): (i32, u32),
    now: DateTime<Utc>,
    tz: Tz,
) -> QueryResult<Vec<ComplianceRow>> {
    let teams = if only_self {
        None
    } else {
        access::visible_teams(conn, viewer)?
    };
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT u.id AS user_id, u.name, u.email, t.name AS team,
                coalesce(s.status = 'set', false) AS is_set,
                s.set_at, s.set_by_deadline, s.late_cleared_at, r.kind AS last_reminder
         FROM users u
         LEFT JOIN teams t ON t.id = u.team_id
         LEFT JOIN goal_sheets s ON s.user_id = u.id AND s.year = $1 AND s.month = $2
         LEFT JOIN LATERAL (
             SELECT kind FROM goal_reminders g
             WHERE g.user_id = u.id AND g.year = $1 AND g.month = $2
             ORDER BY g.id DESC LIMIT 1
         ) r ON true
         WHERE u.role = 'rep' AND u.active
           AND ($3 IS NULL OR u.id = $3)
           AND ($4::bigint[] IS NULL OR u.team_id = ANY($4))
         ORDER BY lower(u.name), u.id",
    )
    .bind::<SmallInt, _>(year as i16)
    .bind::<SmallInt, _>(month as i16)
    .bind::<Nullable<BigInt>, _>(only_self.then_some(viewer.id))
    .bind::<Nullable<Array<BigInt>>, _>(teams)
    .load(conn)?;
    let days_until = deadline::days_until(year, month, now, tz).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|r| ComplianceRow {
            status: deadline::status(r.is_set, year, month, now, tz),
            days_until,
            user_id: r.user_id,
            name: r.name,
            email: r.email,
            team: r.team,
            set_at: r.set_at,
            set_by_deadline: r.set_by_deadline,
            late_cleared: r.late_cleared_at.is_some(),
            last_reminder: r.last_reminder,
        })
        .collect())
}
