//! `/my-goals`: the goals a person proposes for themselves. A small form
//! drafts one (metric, period, target); the list shows every own goal that
//! is not simply running, with its status and a link to submit or follow it.

use actix_web::http::{StatusCode, header};
use actix_web::{Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use diesel::{PgConnection, QueryResult};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::users::User;
use crate::domain::lifecycle::Status;
use crate::domain::period::Period;
use crate::error::FieldMessages;
use crate::goals::own_goals;
use crate::i18n::{Key, Lang};
use crate::input;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct Row {
    pub id: i64,
    pub metric: String,
    pub period: String,
    pub target: String,
    pub status: String,
    pub status_class: &'static str,
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "goals/mine.html")]
pub struct MinePage {
    layout: Layout,
    lang: Lang,
    metrics: Vec<Choice>,
    periods: Vec<Choice>,
    schedules: Vec<Choice>,
    form: DraftForm,
    errors: FieldMessages,
    rows: Vec<Row>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DraftForm {
    metric: String,
    period: String,
    target: String,
    bonus_schedule_id: String,
}

/// This and next month, this and next quarter: what a person plans for.
fn period_choices(today: NaiveDate, fiscal: u32) -> Vec<(String, Period)> {
    let month = Period::month_containing(today);
    let quarter = Period::quarter_containing(today, fiscal);
    [Some(month), month.next(), Some(quarter), quarter.next()]
        .into_iter()
        .flatten()
        .map(|p| (format!("{}:{}", p.kind.as_str(), p.start), p))
        .collect()
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Draft => "badge-muted",
        Status::PendingApproval | Status::Paused => "badge-warn",
        Status::Failed => "badge-error",
        Status::Cancelled => "badge-muted",
        _ => "badge-ok",
    }
}

fn rows(conn: &mut PgConnection, me: &User, f: &Fmt) -> QueryResult<Vec<Row>> {
    let (mine, reasons) = Goal::own_with_reasons(conn, me.id)?;
    Ok(mine
        .into_iter()
        .map(|(goal, period, metric)| {
            let status = goal.status;
            let reason = reasons
                .iter()
                .find(|(id, _)| *id == goal.id)
                .and_then(|(_, r)| r.clone())
                .filter(|_| matches!(status, Status::Draft | Status::Paused))
                .unwrap_or_default();
            Row {
                id: goal.id,
                metric: f.metric(&metric.key, &metric.name),
                period: f.period(&period),
                target: f.value(goal.target, metric.unit),
                status: crate::web::goals::status_word(f.lang, status),
                status_class: status_class(status),
                reason,
            }
        })
        .collect())
}

async fn render(
    pool: &DbPool,
    current: &CurrentUser,
    form: DraftForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<WithStatus<MinePage>, AppError> {
    let me = current.user.clone();
    let f = current.fmt();
    let lang = f.lang;
    let (metrics, rows, schedules) = db(pool, move |conn| {
        Ok((
            Metric::active(conn)?,
            rows(conn, &me, &f)?,
            crate::db::bonus::BonusSchedule::active(conn)?,
        ))
    })
    .await?;
    let today = crate::goals::progress::org_today(&current.org);
    let fiscal = current.org.fiscal_start_month();
    let page = MinePage {
        layout: current.layout_t("goal-mine-title"),
        lang,
        metrics: metrics
            .into_iter()
            .map(|m| Choice {
                value: m.id.to_string(),
                label: lang.metric_name(&m.key, &m.name),
            })
            .collect(),
        periods: period_choices(today, fiscal)
            .into_iter()
            .map(|(value, p)| Choice {
                value,
                label: lang.period_name(p.name(fiscal)),
            })
            .collect(),
        schedules: schedules
            .into_iter()
            .map(|s| Choice {
                value: s.id.to_string(),
                label: lang.schedule_name(s.builtin.as_deref(), &s.name),
            })
            .collect(),
        form,
        errors: errors.shown(lang),
        rows,
    };
    Ok(with_status(page, status))
}

/// `GET /my-goals`.
pub async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
) -> Result<WithStatus<MinePage>, AppError> {
    render(
        &pool,
        &current,
        DraftForm::default(),
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /my-goals`: saves a draft and opens it, to be submitted from there.
pub async fn create(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    form: web::Form<DraftForm>,
) -> Result<PageOr<WithStatus<MinePage>>, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new();
    let metric_id = input::optional_id(&mut errors, "metric", &form.metric);
    if metric_id.is_none() && errors.message("metric").is_none() {
        errors.add("metric", Key("goal-mine-metric-required"));
    }
    let today = crate::goals::progress::org_today(&current.org);
    let fiscal = current.org.fiscal_start_month();
    let period = period_choices(today, fiscal)
        .into_iter()
        .find(|(value, _)| *value == form.period)
        .map(|(_, p)| p);
    if period.is_none() {
        errors.add("period", Key("goal-mine-period-required"));
    }
    let target = input::decimal(
        &mut errors,
        "target",
        &form.target,
        rust_decimal::Decimal::ZERO,
        2,
    );
    if target.is_zero() && errors.message("target").is_none() {
        errors.add("target", Key("goal-mine-target-required"));
    }
    let schedule_id = input::optional_id(&mut errors, "bonus_schedule_id", &form.bonus_schedule_id);
    let (Some(metric_id), Some(period)) = (metric_id, period) else {
        return render(
            &pool,
            &current,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(Either::Left);
    };
    if !errors.is_empty() {
        return render(
            &pool,
            &current,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(Either::Left);
    }
    let me = current.user.clone();
    let outcome = db(&pool, move |conn| {
        own_goals::draft(conn, &me, metric_id, period, fiscal, target, schedule_id)
    })
    .await;
    match outcome {
        Ok(goal) => {
            current.session.flash(
                FlashLevel::Success,
                current.lang().t("goal-mine-draft-saved"),
            );
            Ok(Either::Right(
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, format!("/goals/{}", goal.id)))
                    .finish(),
            ))
        }
        Err(AppError::Invalid(errors)) => render(
            &pool,
            &current,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(Either::Left),
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn periods_offered_are_this_and_next_month_and_quarter() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let keys: Vec<String> = super::period_choices(today, 1)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            keys,
            [
                "month:2026-11-01",
                "month:2026-12-01",
                "quarter:2026-10-01",
                "quarter:2027-01-01"
            ]
        );
    }
}
