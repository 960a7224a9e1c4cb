//! The compliance page: where the reps in reach (a manager's subtree, every
//! rep for admins) stand with a month's goal sheet, filterable by status and
//! sortable.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use chrono::{Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use super::error::AppError;
use super::layout::Layout;
use super::{Routes, db};
use crate::auth::RequireManager;
use crate::db::DbPool;
use crate::domain::deadline::{self, DeadlineStatus};
use crate::goals::compliance::{self, ComplianceRow};
use crate::i18n::{Lang, Msg};

pub fn routes(r: &mut Routes) {
    r.get("/compliance", index);
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Query {
    /// YYYY-MM; the current month (organisation time) when empty.
    month: String,
    status: String,
    sort: String,
}

const STATUSES: [DeadlineStatus; 4] = [
    DeadlineStatus::Overdue,
    DeadlineStatus::Pending,
    DeadlineStatus::NotSet,
    DeadlineStatus::Complete,
];

const SORTS: [(&str, &str); 4] = [
    ("status", "compliance-col-status"),
    ("days", "compliance-col-days"),
    ("name", "compliance-col-name"),
    ("team", "compliance-col-team"),
];

struct StatusCount {
    key: &'static str,
    label: String,
    count: usize,
    active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "compliance/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    month: String,
    month_label: String,
    deadline: String,
    status: String,
    sort: String,
    counts: Vec<StatusCount>,
    total: usize,
    rows: Vec<ComplianceRow>,
    is_admin: bool,
    sorts: Vec<(&'static str, String)>,
}

fn parse_month(text: &str, today: NaiveDate) -> Result<(i32, u32), AppError> {
    if text.trim().is_empty() {
        return Ok((today.year(), today.month()));
    }
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2999).contains(&d.year()))
        .map(|d| (d.year(), d.month()))
        .ok_or_else(|| {
            AppError::BadRequest(
                Msg::new("compliance-month-invalid").arg("text", format!("{text:?}")),
            )
        })
}

fn rank(status: DeadlineStatus) -> usize {
    STATUSES.iter().position(|s| *s == status).unwrap_or(0)
}

async fn index(
    pool: web::Data<DbPool>,
    current: RequireManager,
    query: web::Query<Query>,
) -> Result<IndexPage, AppError> {
    let query = query.into_inner();
    let lang = current.lang();
    let f = current.fmt();
    let tz: Tz = crate::web::format::zone(&current.org);
    let now = Utc::now();
    let (year, month) = parse_month(&query.month, now.with_timezone(&tz).date_naive())?;
    if !query.status.is_empty() && !STATUSES.iter().any(|s| s.as_str() == query.status) {
        return Err(AppError::BadRequest(Msg::new("compliance-status-invalid")));
    }
    let sort = if SORTS.iter().any(|(k, _)| *k == query.sort) {
        query.sort.clone()
    } else {
        "status".to_string()
    };
    let viewer = current.user.clone();
    let mut rows = db(&pool, move |conn| {
        Ok(compliance::rows(
            conn,
            &viewer,
            false,
            (year, month),
            now,
            tz,
        )?)
    })
    .await?;
    let counts = STATUSES
        .iter()
        .map(|s| StatusCount {
            key: s.as_str(),
            label: status_label(lang, *s),
            count: rows.iter().filter(|r| r.status == *s).count(),
            active: query.status == s.as_str(),
        })
        .collect();
    let total = rows.len();
    if !query.status.is_empty() {
        rows.retain(|r| r.status.as_str() == query.status);
    }
    match sort.as_str() {
        "name" => {}
        "team" => rows.sort_by(|a, b| a.team.cmp(&b.team)),
        // Days left are the same for every rep of a month: late sheets first.
        "days" => rows.sort_by_key(|r| (r.status != DeadlineStatus::Complete, r.set_by_deadline)),
        _ => rows.sort_by_key(|r| rank(r.status)),
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let deadline = deadline::deadline(year, month, tz)
        .map(|d| f.instant_seconds(d))
        .unwrap_or_default();
    let page = IndexPage {
        layout: current.layout_t("compliance-title"),
        lang,
        month: first.format("%Y-%m").to_string(),
        month_label: f.month(first),
        deadline,
        status: query.status,
        sort,
        counts,
        total,
        rows,
        is_admin: current.user.role() == crate::domain::role::Role::Admin,
        sorts: SORTS.iter().map(|(k, key)| (*k, lang.t(key))).collect(),
    };
    Ok(page)
}

impl IndexPage {
    /// The page's address with one parameter changed.
    fn href(&self, status: &str, sort: &str) -> String {
        format!(
            "/compliance?month={}&status={status}&sort={sort}",
            self.month
        )
    }

    /// How a row's days-left cell reads.
    fn days_text(&self, row: &ComplianceRow) -> String {
        match row.days_until {
            0 => self.lang.t("compliance-days-today"),
            d if d > 0 => self.lang.tr("compliance-days-left", [("count", d.into())]),
            d => self
                .lang
                .tr("compliance-days-late", [("count", (-d).into())]),
        }
    }

    fn status_label(&self, status: &DeadlineStatus) -> String {
        status_label(self.lang, *status)
    }

    /// The kind of the last reminder sent, as read.
    fn reminder_label(&self, kind: &str) -> String {
        self.lang.t(match kind {
            "three_days_before" => "compliance-reminder-three-days",
            "one_day_before" => "compliance-reminder-one-day",
            "deadline_day" => "compliance-reminder-deadline-day",
            "overdue" => "compliance-reminder-overdue",
            _ => "compliance-reminder-other",
        })
    }
}

/// A goal sheet's standing against its deadline, as read.
pub fn status_label(lang: Lang, status: DeadlineStatus) -> String {
    lang.t(match status {
        DeadlineStatus::NotSet => "compliance-status-not-set",
        DeadlineStatus::Pending => "compliance-status-pending",
        DeadlineStatus::Overdue => "compliance-status-overdue",
        DeadlineStatus::Complete => "compliance-status-complete",
    })
}
