//! `GET /api/v1/goals/pending-deadlines` (the caller's own sheet deadline,
//! or for managers, admins and executives the reps in reach who are not
//! complete) and `PUT /api/v1/goals/acknowledge-reminder/{id}` (a rep
//! acknowledges one of their own reminders; 404 for anyone else's).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::auth::ApiUser;
use super::error::{ApiError, db, json};
use crate::db::DbPool;
use crate::db::reminders::{self, Reminder};
use crate::domain::deadline::{self, DeadlineStatus};
use crate::domain::role::Role;
use crate::goals::compliance::{self, ComplianceRow};

#[derive(Serialize)]
struct OwnDeadline {
    year: i32,
    month: u32,
    deadline: Option<DateTime<Utc>>,
    status: DeadlineStatus,
    days_until: i64,
    set_at: Option<DateTime<Utc>>,
    set_by_deadline: Option<bool>,
    reminders: Vec<Reminder>,
}

#[derive(Serialize)]
struct ReachDeadlines {
    year: i32,
    month: u32,
    deadline: Option<DateTime<Utc>>,
    reps: Vec<ComplianceRow>,
}

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
            return Ok(serde_json::to_value(OwnDeadline {
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
            })
            .map_err(anyhow::Error::from)?);
        }
        let reps = rows
            .into_iter()
            .filter(|r| r.status != DeadlineStatus::Complete)
            .collect();
        Ok(serde_json::to_value(ReachDeadlines {
            year,
            month,
            deadline: due,
            reps,
        })
        .map_err(anyhow::Error::from)?)
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

#[derive(Serialize)]
struct Acknowledged {
    id: i64,
    acknowledged: bool,
}

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
