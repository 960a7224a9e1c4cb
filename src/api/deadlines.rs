//! `GET /api/v1/goals/pending-deadlines` (the caller's own sheet deadline,
//! or for managers, admins and executives the reps in reach who are not
//! complete) and `PUT /api/v1/goals/acknowledge-reminder/{id}` (a rep
//! acknowledges one of their own reminders; 404 for anyone else's).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::schema;
use crate::db::DbPool;
use crate::db::reminders::{self, Reminder};
use crate::domain::deadline::{self, DeadlineStatus};
use crate::domain::role::Role;
use crate::goals::compliance::{self, ComplianceRow};

/// A rep's own sheet deadline.
#[derive(Serialize, ToSchema)]
pub struct OwnDeadline {
    year: i32,
    month: u32,
    deadline: Option<DateTime<Utc>>,
    #[schema(schema_with = schema::deadline_status)]
    status: DeadlineStatus,
    /// Local days to the deadline's date: 0 on the day, negative after.
    days_until: i64,
    set_at: Option<DateTime<Utc>>,
    set_by_deadline: Option<bool>,
    #[schema(value_type = Vec<schema::Reminder>)]
    reminders: Vec<Reminder>,
}

/// For managers (their subtree), admins and executives (everyone): the
/// active reps whose sheet is not complete.
#[derive(Serialize, ToSchema)]
pub struct ReachDeadlines {
    year: i32,
    month: u32,
    deadline: Option<DateTime<Utc>>,
    #[schema(value_type = Vec<schema::ComplianceRow>)]
    reps: Vec<ComplianceRow>,
}

/// A rep's own deadline, or the reps in reach who have not set theirs.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum Deadlines {
    Own(OwnDeadline),
    Reach(ReachDeadlines),
}

#[utoipa::path(get, path = "/api/v1/goals/pending-deadlines", tag = "goals",
    summary = "The current month's goal-sheet deadline: the caller's own, or the reps in reach who have not set theirs",
    description = "The deadline is 23:59:59 on the 6th in the organisation's time zone; days_until counts local days to it (0 on the day, negative after).",
    responses((status = 200, description = "Deadline standing.", body = Deadlines)))]
pub async fn pending(pool: web::Data<DbPool>, caller: ApiUser) -> Result<HttpResponse, ApiError> {
    let tz: Tz = caller.org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let now = Utc::now();
    let (year, month) = deadline::sheet_month(now, tz);
    let due = deadline::deadline(year, month, tz);
    let only_self = caller.role() == Role::Rep;
    let user = caller.user;
    let body = db(&pool, move |conn| {
        let rows = compliance::rows(conn, &user, only_self, (year, month), now, tz)?;
        if only_self {
            let own = rows.into_iter().next();
            let is_set = own
                .as_ref()
                .is_some_and(|r| r.status == DeadlineStatus::Complete);
            return Ok(Deadlines::Own(OwnDeadline {
                year,
                month,
                deadline: due,
                status: own
                    .as_ref()
                    .map(|r| r.status)
                    .unwrap_or_else(|| deadline::status(is_set, year, month, now, tz)),
                days_until: deadline::days_until(year, month, now, tz).unwrap_or(0),
                set_at: own.as_ref().and_then(|r| r.set_at),
                set_by_deadline: own.as_ref().and_then(|r| r.set_by_deadline),
                reminders: reminders::for_month(conn, user.id, year, month)?,
            }));
        }
        let reps = rows
            .into_iter()
            .filter(|r| r.status != DeadlineStatus::Complete)
            .collect();
        Ok(Deadlines::Reach(ReachDeadlines {
            year,
            month,
            deadline: due,
            reps,
        }))
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

#[derive(Serialize, ToSchema)]
pub struct Acknowledged {
    id: i64,
    acknowledged: bool,
}

#[utoipa::path(put, path = "/api/v1/goals/acknowledge-reminder/{id}", tag = "goals",
    summary = "Acknowledge one of the caller's deadline reminders (its notification becomes read)",
    params(("id" = i64, Path, description = "The reminder's id.")),
    responses(
        (status = 200, description = "Acknowledged (again is fine).", body = Acknowledged),
        (status = 404, description = "No such reminder of the caller.", body = ErrorBody),
    ))]
pub async fn acknowledge(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: i64 = path.parse().map_err(|_| ApiError::not_found("reminder"))?;
    let user_id = caller.user.id;
    let found = db(&pool, move |conn| {
        Ok(reminders::acknowledge(conn, user_id, id)?)
    })
    .await?;
    if !found {
        return Err(ApiError::not_found("reminder"));
    }
    Ok(json(
        StatusCode::OK,
        &Acknowledged {
            id,
            acknowledged: true,
        },
    ))
}
