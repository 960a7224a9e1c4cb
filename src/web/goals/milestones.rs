//! Milestones on the goal page (`#milestones`): the timeline, and for those
//! who may change the goal an editor to add, edit, move and remove them —
//! by htmx, the section answering in place (a refusal: the section with its
//! messages beside the fields, 422), or as plain forms that come back to
//! the goal page. The rules and the revisions are `crate::goals::milestones`'.

use crate::domain::number::Unit;
use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use diesel::PgConnection;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::visible_goal;
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::milestones::Milestone;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::error::FieldMessages;
use crate::goals::milestones::{self as service, Draft, MAX_PER_GOAL, Move};
use crate::goals::progress::{self, GoalView};
use crate::i18n::{Key, Lang};
use crate::input;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::respond::{Reply, reply, with_status};

/// One milestone as the timeline shows it.
pub struct MilestoneRow {
    pub id: i64,
    pub name: String,
    pub value: String,
    /// "reached", "next" or "later".
    pub state: &'static str,
    /// "Reached 12 Jun 2026", "$250.00 to go", "".
    pub detail: String,
    pub due: Option<String>,
    /// The edit form's values: as stored, or as typed after a refusal.
    pub name_input: String,
    pub value_input: String,
    pub due_input: String,
    pub errors: FieldMessages,
}

/// The section as the goal page and the htmx answers show it.
pub struct MilestonesSection {
    pub goal_id: i64,
    pub rows: Vec<MilestoneRow>,
    pub can_edit: bool,
    pub full: bool,
    /// The goal's period, for the date fields' bounds.
    pub period_start: String,
    pub period_end: String,
    /// The add form's values and messages (after a failed add).
    pub name: String,
    pub value: String,
    pub due: String,
    pub errors: FieldMessages,
    pub csrf_token: String,
}

/// What a failed post leaves to show again.
pub enum Failed {
    Add {
        form: MilestoneForm,
        errors: FieldErrors,
    },
    Row {
        id: i64,
        form: MilestoneForm,
        errors: FieldErrors,
    },
}

/// The section of goal `goal_id` for `viewer`, who may see the goal.
pub fn section(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    f: &Fmt,
    goal_id: i64,
    csrf_token: String,
    failed: Option<Failed>,
) -> Result<MilestonesSection, AppError> {
    let goal = visible_goal(conn, viewer, goal_id)?;
    let today = progress::org_today(org);
    let view = progress::views(conn, vec![goal], org, today)?
        .pop()
        .ok_or(AppError::NotFound)?;
    section_of(conn, viewer, f, &view, csrf_token, failed)
}

/// [`section`] of a goal already read (the goal page).
pub fn section_of(
    conn: &mut PgConnection,
    viewer: &User,
    f: &Fmt,
    view: &GoalView,
    csrf_token: String,
    failed: Option<Failed>,
) -> Result<MilestonesSection, AppError> {
    let can_edit = service::may_edit(conn, viewer, &view.goal)?;
    let span = view.period.period();
    let milestones = Milestone::for_goal(conn, view.goal.id)?;
    let mut rows = rows(&milestones, view.progress.actual, view.metric.unit, f);
    let mut out = MilestonesSection {
        goal_id: view.goal.id,
        full: rows.len() >= MAX_PER_GOAL,
        rows: Vec::new(),
        can_edit,
        period_start: span.start.to_string(),
        period_end: span.end.to_string(),
        name: String::new(),
        value: String::new(),
        due: String::new(),
        errors: FieldMessages::default(),
        csrf_token,
    };
    match failed {
        Some(Failed::Add { form, errors }) => {
            out.name = form.name;
            out.value = form.value;
            out.due = form.due_on;
            out.errors = errors.shown(f.lang);
        }
        Some(Failed::Row { id, form, errors }) => {
            if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                row.name_input = form.name;
                row.value_input = form.value;
                row.due_input = form.due_on;
                row.errors = errors.shown(f.lang);
            }
        }
        None => {}
    }
    out.rows = rows;
    Ok(out)
}

/// Reached milestones with their date, then the next one with what is
/// left to go, then the later ones.
fn rows(milestones: &[Milestone], actual: Decimal, unit: Unit, f: &Fmt) -> Vec<MilestoneRow> {
    let lang = f.lang;
    let mut next_seen = false;
    milestones
        .iter()
        .map(|m| {
            let (state, detail) = match m.reached_on {
                Some(day) => (
                    "reached",
                    lang.tr("goal-milestone-reached-on", [("date", f.day(day).into())]),
                ),
                None if !next_seen => {
                    next_seen = true;
                    let left = (m.value - actual).max(Decimal::ZERO);
                    (
                        "next",
                        lang.tr(
                            "goal-milestone-to-go",
                            [("amount", f.value(left, unit).into())],
                        ),
                    )
                }
                None => ("later", String::new()),
            };
            MilestoneRow {
                id: m.id,
                name: m.name.clone(),
                value: f.value(m.value, unit),
                state,
                detail,
                due: m.due_on.map(|d| f.day(d)),
                name_input: m.name.clone(),
                value_input: m.value.normalize().to_string(),
                due_input: m.due_on.map(|d| d.to_string()).unwrap_or_default(),
                errors: FieldMessages::default(),
            }
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "goals/_milestones.html")]
struct SectionResponse {
    lang: Lang,
    milestones: MilestonesSection,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MilestoneForm {
    name: String,
    value: String,
    due_on: String,
}

impl MilestoneForm {
    fn trimmed(&self) -> MilestoneForm {
        MilestoneForm {
            name: self.name.trim().to_string(),
            value: self.value.trim().to_string(),
            due_on: self.due_on.trim().to_string(),
        }
    }
}

fn parse(form: &MilestoneForm) -> Result<Draft, AppError> {
    let mut errors = FieldErrors::new();
    let name = input::required(&mut errors, "name", &form.name, 80);
    let value = input::decimal(&mut errors, "value", &form.value, Decimal::ZERO, 2);
    let due_on = match form.due_on.trim() {
        "" => None,
        text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                errors.add("due_on", Key("goal-milestone-due-invalid"));
                None
            }
        },
    };
    errors.into_result().map_err(AppError::Invalid)?;
    Ok(Draft {
        name,
        value,
        due_on,
    })
}

/// Answers a change: the section again (htmx) or back to the goal page.
async fn answer(
    pool: &DbPool,
    current: &CurrentUser,
    htmx: &Htmx,
    goal_id: i64,
    outcome: Result<&'static str, AppError>,
    failed: impl FnOnce(FieldErrors) -> Failed,
) -> Result<Reply, AppError> {
    let failed = match outcome {
        Ok(message) if !htmx.is_htmx => {
            current
                .session
                .flash(FlashLevel::Success, current.lang().t(message));
            return Ok(reply(
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, format!("/goals/{goal_id}#milestones")))
                    .finish(),
            ));
        }
        Ok(_) => None,
        Err(AppError::Invalid(errors)) => Some(failed(errors)),
        Err(other) => return Err(other),
    };
    let invalid = failed.is_some();
    if !htmx.is_htmx
        && let Some(failed) = failed
    {
        return super::detail::render_milestones(
            pool,
            current,
            goal_id,
            failed,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(reply);
    }
    let viewer = current.user.clone();
    let org = current.org.clone();
    let csrf = current.session.csrf_token();
    let f = current.fmt();
    let milestones = db(pool, move |conn| {
        section(conn, &viewer, &org, &f, goal_id, csrf, failed)
    })
    .await?;
    // A refusal stays in place with its messages beside the fields: htmx
    // swaps a 422 here (see app.js), not into the toasts.
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(reply(with_status(
        SectionResponse {
            lang: current.lang(),
            milestones,
        },
        status,
    )))
}

/// `POST /goals/{id}/milestones`.
pub async fn add(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    path: web::Path<i64>,
    form: web::Form<MilestoneForm>,
) -> Result<Reply, AppError> {
    let goal_id = path.into_inner();
    let form = form.into_inner().trimmed();
    let viewer = current.user.clone();
    let parsed = parse(&form);
    let outcome = db(&pool, move |conn| {
        // Who may not change the goal hears that before any message.
        let goal = visible_goal(conn, &viewer, goal_id)?;
        if !service::may_edit(conn, &viewer, &goal)? {
            return Err(AppError::Forbidden);
        }
        service::add(conn, &viewer, goal_id, parsed?)
    })
    .await
    .map(|_| "goal-milestone-added");
    answer(&pool, &current, &htmx, goal_id, outcome, |errors| {
        Failed::Add { form, errors }
    })
    .await
}

/// `POST /goals/{id}/milestones/{milestone}`: new name, value, due date.
pub async fn update(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    path: web::Path<(i64, i64)>,
    form: web::Form<MilestoneForm>,
) -> Result<Reply, AppError> {
    let (goal_id, id) = path.into_inner();
    let form = form.into_inner().trimmed();
    let viewer = current.user.clone();
    let parsed = parse(&form);
    let outcome = db(&pool, move |conn| {
        // Who may not change the goal hears that before any message.
        let goal = visible_goal(conn, &viewer, goal_id)?;
        if !service::may_edit(conn, &viewer, &goal)? {
            return Err(AppError::Forbidden);
        }
        service::update(conn, &viewer, goal_id, id, parsed?)
    })
    .await
    .map(|_| "goal-milestone-saved");
    answer(&pool, &current, &htmx, goal_id, outcome, |errors| {
        Failed::Row { id, form, errors }
    })
    .await
}

/// `POST /goals/{id}/milestones/{milestone}/move/{earlier|later}`.
pub async fn shift(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    path: web::Path<(i64, i64, String)>,
) -> Result<Reply, AppError> {
    let (goal_id, id, direction) = path.into_inner();
    let direction = match direction.as_str() {
        "earlier" => Move::Earlier,
        "later" => Move::Later,
        _ => return Err(AppError::NotFound),
    };
    let viewer = current.user.clone();
    let outcome = db(&pool, move |conn| {
        service::shift(conn, &viewer, goal_id, id, direction)
    })
    .await
    .map(|()| "goal-milestones-reordered");
    answer(&pool, &current, &htmx, goal_id, outcome, |errors| {
        Failed::Add {
            form: MilestoneForm::default(),
            errors,
        }
    })
    .await
}

/// `POST /goals/{id}/milestones/{milestone}/delete`.
pub async fn remove(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    path: web::Path<(i64, i64)>,
) -> Result<Reply, AppError> {
    let (goal_id, id) = path.into_inner();
    let viewer = current.user.clone();
    let outcome = db(&pool, move |conn| {
        service::remove(conn, &viewer, goal_id, id)
    })
    .await
    .map(|_| "goal-milestone-removed");
    answer(&pool, &current, &htmx, goal_id, outcome, |errors| {
        Failed::Add {
            form: MilestoneForm::default(),
            errors,
        }
    })
    .await
}
