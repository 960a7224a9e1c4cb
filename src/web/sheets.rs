//! The monthly goal sheet on the pages: the quick form the rep's dashboard
//! shows until the month's sheet is set (with the countdown to the 6th),
//! setting it, the sheet page per rep and month, and clearing a late flag.

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::{CustomizeResponder, Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Duration, Utc};
use diesel::PgConnection;
use serde::Deserialize;

use super::error::{AppError, FieldErrors};
use super::layout::Layout;
use super::respond::{PageOr, Reply, WithStatus, reply, to_toast_area, with_status};
use super::{Routes, db, format};
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::organisation::Organisation;
use crate::db::sheets::GoalSheet;
use crate::db::users::User;
use crate::domain::deadline;
use crate::goals::progress::GoalView;
use crate::goals::sheets::{self, SheetInput, SheetView};
use crate::org::access;

pub fn routes(r: &mut Routes) {
    r.post("/sheets", set)
        .get("/sheets/{user}/{year}/{month}", show)
        .post("/sheets/{user}/{year}/{month}/clear-late", clear_late);
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

fn plural(n: i64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// "3 days 4 hours left", "40 minutes left", or "overdue by 2 days".
pub fn countdown(now: DateTime<Utc>, due: DateTime<Utc>) -> String {
    if now <= due {
        let left = due - now;
        let days = left.num_days();
        let hours = (left - Duration::days(days)).num_hours();
        let text = match (days, hours) {
            (0, 0) => plural(left.num_minutes().max(1), "minute"),
            (0, h) => plural(h, "hour"),
            (d, 0) => plural(d, "day"),
            (d, h) => format!("{} {}", plural(d, "day"), plural(h, "hour")),
        };
        format!("{text} left")
    } else {
        let late = now - due;
        let text = match late.num_days() {
            0 => plural(late.num_hours().max(1), "hour"),
            d => plural(d, "day"),
        };
        format!("overdue by {text}")
    }
}

/// The form's fields as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SheetForm {
    pub year: String,
    pub month: String,
    pub signup_goal: String,
    pub revenue_goal: String,
    pub bonus_tier_goal: String,
}

/// The dashboard card: the quick form while the month's sheet is missing
/// or a draft, a one-line summary once it is set.
pub struct SheetCard {
    pub csrf_token: String,
    pub year: i32,
    pub month: u32,
    pub month_name: &'static str,
    pub is_set: bool,
    /// "Set on 3 Nov 2026, on time."
    pub set_note: String,
    /// "3 days 4 hours left to set your November goals".
    pub headline: String,
    pub overdue: bool,
    /// Pre-filled from a draft (the month's quotas, the rep's last sheet or yearly share).
    pub prefilled: bool,
    pub form: SheetForm,
    pub errors: FieldErrors,
    pub href: String,
    pub oob: bool,
    /// "Tier 3 goal · tier 2 reached", once the sheet is set.
    pub bonus: String,
    pub bonus_triggered: bool,
}

/// "Tier 3", or "No tier" for 0.
pub fn tier_goal_text(goal: i16) -> String {
    if goal == 0 {
        "No tier".into()
    } else {
        format!("Tier {goal}")
    }
}

/// "Tier 4 · bonus triggered", "Tier 2 · 1 tier to go", "None yet".
pub fn tier_reached_text(goal: i16, reached: Option<i16>) -> String {
    let reached_text = reached.map_or("None yet".to_string(), |r| format!("Tier {r}"));
    if crate::domain::bonus::bonus_triggered(goal, reached) {
        format!("{reached_text} · bonus triggered")
    } else if goal > 0 {
        let to_go = goal - reached.unwrap_or(0);
        format!(
            "{reached_text} · {to_go} {} to go",
            if to_go == 1 { "tier" } else { "tiers" }
        )
    } else {
        reached_text
    }
}

impl SheetCard {
    /// The card of the month holding `now`; `views` are the reader's
    /// current goals when at hand (they save reading the signup goal again).
    pub fn load(
        conn: &mut PgConnection,
        user: &User,
        org: &Organisation,
        now: DateTime<Utc>,
        csrf_token: String,
        views: &[GoalView],
    ) -> Result<SheetCard, AppError> {
        let tz = sheets::tz_of(org);
        let (year, month) = deadline::sheet_month(now, tz);
        let sheet = GoalSheet::of_month(conn, user.id, year, month)?;
        let due = deadline::deadline(year, month, tz).ok_or(AppError::NotFound)?;
        let left = countdown(now, due);
        let name = month_name(month);
        let headline = if now <= due {
            format!("{left} to set your {name} goals")
        } else {
            format!("Your {name} goals are {left}")
        };
        let form = match &sheet {
            Some(s) => SheetForm {
                year: year.to_string(),
                month: month.to_string(),
                signup_goal: format::count(s.signup_goal),
                revenue_goal: s.revenue_goal.normalize().to_string(),
                bonus_tier_goal: s.bonus_tier_goal.to_string(),
            },
            None => SheetForm {
                year: year.to_string(),
                month: month.to_string(),
                bonus_tier_goal: "0".into(),
                ..SheetForm::default()
            },
        };
        let set_note = match sheet.as_ref().and_then(|s| s.set_at.zip(s.set_by_deadline)) {
            Some((at, on_time)) => format!(
                "Set on {}, {}.",
                super::format::date(at, tz),
                if on_time {
                    "on time"
                } else {
                    "after the deadline"
                }
            ),
            None => String::new(),
        };
        let (bonus, bonus_triggered) = match sheet.as_ref().filter(|s| s.is_set()) {
            Some(s) => {
                let (_, reached) = sheets::month_tier_in(conn, s, views)?;
                (
                    format!(
                        "Bonus: {} goal, {}",
                        tier_goal_text(s.bonus_tier_goal).to_lowercase(),
                        tier_reached_text(s.bonus_tier_goal, reached).to_lowercase()
                    ),
                    crate::domain::bonus::bonus_triggered(s.bonus_tier_goal, reached),
                )
            }
            None => (String::new(), false),
        };
        Ok(SheetCard {
            bonus,
            bonus_triggered,
            csrf_token,
            year,
            month,
            month_name: name,
            is_set: sheet.as_ref().is_some_and(GoalSheet::is_set),
            set_note,
            headline,
            overdue: now > due,
            prefilled: sheet.is_some(),
            form,
            errors: FieldErrors::new(),
            href: format!("/sheets/{}/{year}/{month}", user.id),
            oob: false,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sheets/_card.html")]
struct CardPartial<'a> {
    sheet: &'a SheetCard,
}

#[derive(Template, WebTemplate)]
#[template(path = "_toast.html")]
struct Toast {
    message: String,
}

/// A refused htmx set's body: the toast, then the card.
#[derive(Template, WebTemplate)]
#[template(source = "{{ toast|safe }}{{ self.card()|safe }}", ext = "html")]
pub struct RefusedResponse {
    toast: Toast,
    sheet: SheetCard,
}

impl RefusedResponse {
    fn card(&self) -> CardPartial<'_> {
        CardPartial { sheet: &self.sheet }
    }
}

/// `POST /sheets`: the signed-in user sets their own sheet.
async fn set(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    form: web::Form<SheetForm>,
) -> Result<Reply, AppError> {
    let form = form.into_inner();
    let now = Utc::now();
    let mut errors = FieldErrors::new();
    let year = crate::input::integer(&mut errors, "year", &form.year, 2000, 2999);
    let month = crate::input::integer(&mut errors, "month", &form.month, 1, 12);
    let parsed = SheetInput::parse(
        &form.signup_goal,
        &form.revenue_goal,
        &form.bonus_tier_goal,
        &current.org,
    );
    let outcome = match (parsed, errors.is_empty()) {
        (Ok(input), true) => {
            let user = current.user.clone();
            let org = current.org.clone();
            db(&pool, move |conn| {
                match sheets::set_sheet(conn, &user, &org, year, month as u32, &input, now) {
                    Ok(sheet) => Ok(Ok(sheet)),
                    Err(AppError::Invalid(errors)) => Ok(Err(errors)),
                    Err(e) => Err(e),
                }
            })
            .await?
        }
        (Ok(_), false) => Err(errors),
        (Err(more), _) => {
            for (field, message) in more.iter() {
                errors.add(field, message);
            }
            Err(errors)
        }
    };
    match outcome {
        Ok(sheet) => {
            let message = if sheet.set_by_deadline == Some(false) {
                format!(
                    "Your {} goals are set. They came in after the deadline, so the sheet is marked late.",
                    month_name(sheet.month as u32)
                )
            } else {
                format!("Your {} goals are set.", month_name(sheet.month as u32))
            };
            current.session.flash(FlashLevel::Success, message);
            if htmx.is_htmx {
                // The whole dashboard changes (new quota cards): reload it.
                htmx.redirect("/dashboard".to_string());
                return Ok(reply(HttpResponse::Ok().finish()));
            }
            Ok(reply(super::admin::see_other(format!(
                "/sheets/{}/{}/{}",
                current.user.id, sheet.year, sheet.month
            ))))
        }
        Err(errors) => {
            let user = current.user.clone();
            let org = current.org.clone();
            let csrf = current.session.csrf_token();
            let mut card = db(&pool, move |conn| {
                SheetCard::load(conn, &user, &org, now, csrf, &[])
            })
            .await?;
            card.form = form;
            card.errors = errors;
            if htmx.is_htmx {
                card.oob = true;
                return Ok(reply(refused(card)));
            }
            render_page(
                &pool,
                &current,
                current.user.id,
                year,
                month as u32,
                Some(card),
            )
            .await
            .map(reply)
        }
    }
}

/// A refused htmx set: the messages as a toast, and the card with its field
/// messages swapped out of band (htmx swaps no 4xx body in place).
fn refused(card: SheetCard) -> CustomizeResponder<WithStatus<RefusedResponse>> {
    let message = [
        ("signup_goal", "Signups"),
        ("revenue_goal", "Revenue"),
        ("bonus_tier_goal", "Bonus tier"),
        ("year", "Year"),
        ("month", "Month"),
    ]
    .into_iter()
    .filter_map(|(field, label)| card.errors.get(field).map(|e| format!("{label}: {e}")))
    .collect::<Vec<_>>()
    .join(" ");
    let body = RefusedResponse {
        toast: Toast { message },
        sheet: card,
    };
    to_toast_area(with_status(body, StatusCode::UNPROCESSABLE_ENTITY))
}

/// One goal's line on the sheet page: "Signups 10 of 20 — 50.00%".
pub struct ProgressLine {
    pub label: String,
    pub summary: String,
    pub bar: u32,
    pub goal_href: String,
}

impl ProgressLine {
    fn new(view: &GoalView, org: &Organisation) -> ProgressLine {
        let unit = view.metric.unit.as_str();
        let p = &view.progress;
        ProgressLine {
            label: view.metric.name.clone(),
            summary: format!(
                "{} {} of {} — {}",
                view.metric.name,
                format::value(p.actual, unit, org),
                format::value(p.target, unit, org),
                format::percent(p.attainment_percent)
            ),
            bar: format::bar_step(p.attainment_percent),
            goal_href: format!("/goals/{}", view.goal.id),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sheets/show.html")]
struct SheetPage {
    layout: Layout,
    rep_name: String,
    title: String,
    own: bool,
    status_label: &'static str,
    status_class: &'static str,
    deadline: String,
    countdown: String,
    facts: Vec<(&'static str, String)>,
    lines: Vec<ProgressLine>,
    late: bool,
    cleared: Option<String>,
    completed: Option<String>,
    can_clear: bool,
    clear_action: String,
    clear_errors: FieldErrors,
    reason: String,
    card: Option<SheetCard>,
    previous: String,
    next: String,
}

fn parse_path(path: &(String, String, String)) -> Result<(i64, i32, u32), AppError> {
    let user = path.0.parse().map_err(|_| AppError::NotFound)?;
    let year: i32 = path.1.parse().map_err(|_| AppError::NotFound)?;
    let month: u32 = path.2.parse().map_err(|_| AppError::NotFound)?;
    sheets::check_month(year, month).map_err(|_| AppError::NotFound)?;
    Ok((user, year, month))
}

async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<(String, String, String)>,
) -> Result<WithStatus<SheetPage>, AppError> {
    let (user, year, month) = parse_path(&path)?;
    render_page(&pool, &current, user, year, month, None).await
}

struct Clearing {
    errors: FieldErrors,
    reason: String,
    status: StatusCode,
}

async fn render_page(
    pool: &DbPool,
    current: &CurrentUser,
    rep_id: i64,
    year: i32,
    month: u32,
    card: Option<SheetCard>,
) -> Result<WithStatus<SheetPage>, AppError> {
    let status = if card.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_with(
        pool,
        current,
        rep_id,
        year,
        month,
        card,
        Clearing {
            errors: FieldErrors::new(),
            reason: String::new(),
            status,
        },
    )
    .await
}

async fn render_with(
    pool: &DbPool,
    current: &CurrentUser,
    rep_id: i64,
    year: i32,
    month: u32,
    card: Option<SheetCard>,
    clearing: Clearing,
) -> Result<WithStatus<SheetPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let now = Utc::now();
    let csrf = current.session.csrf_token();
    let (view, can_clear, card) = db(pool, move |conn| {
        if !access::can_view_user(conn, &viewer, rep_id)? {
            return Err(AppError::NotFound);
        }
        let rep = User::find(conn, rep_id)?;
        let can_clear = access::can_manage_user(conn, &viewer, rep_id)?;
        let view = SheetView::load(conn, &org, rep, year, month, now)?;
        let own = viewer.id == rep_id;
        // The rep may (re)set their own current or future sheet here.
        let card = match card {
            Some(card) => Some(card),
            None if own && (year, month) >= deadline::sheet_month(now, sheets::tz_of(&org)) => {
                let mut card = SheetCard::load(conn, &viewer, &org, now, csrf, &[])?;
                if (card.year, card.month) != (year, month) {
                    card.year = year;
                    card.month = month;
                    card.month_name = month_name(month);
                    card.form = match &view.sheet {
                        Some(s) => SheetForm {
                            year: year.to_string(),
                            month: month.to_string(),
                            signup_goal: format::count(s.signup_goal),
                            revenue_goal: s.revenue_goal.normalize().to_string(),
                            bonus_tier_goal: s.bonus_tier_goal.to_string(),
                        },
                        None => SheetForm {
                            year: year.to_string(),
                            month: month.to_string(),
                            bonus_tier_goal: "0".into(),
                            ..SheetForm::default()
                        },
                    };
                    card.is_set = view.sheet.as_ref().is_some_and(GoalSheet::is_set);
                }
                Some(card)
            }
            None => None,
        };
        Ok((view, can_clear, card))
    })
    .await?;
    let tz = sheets::tz_of(&current.org);
    let local = |t: DateTime<Utc>| super::format::date_time(t, tz);
    let sheet = view.sheet.as_ref();
    let facts = match sheet {
        Some(s) => vec![
            ("Signup goal", format::count(s.signup_goal)),
            (
                "Revenue goal",
                format::value(s.revenue_goal, "money", &current.org),
            ),
            ("Bonus tier goal", tier_goal_text(s.bonus_tier_goal)),
            (
                "Bonus tier reached",
                tier_reached_text(s.bonus_tier_goal, view.tier_reached),
            ),
            (
                "Set",
                match (s.set_at, s.set_by_deadline) {
                    (Some(at), Some(true)) => format!("{} · on time", local(at)),
                    (Some(at), _) => format!("{} · after the deadline", local(at)),
                    _ => "Not yet (draft)".into(),
                },
            ),
        ],
        None => Vec::new(),
    };
    let (status_label, status_class) = match view.status {
        deadline::DeadlineStatus::Complete if sheet.is_some_and(GoalSheet::is_late) => {
            ("Set late", "badge-warn")
        }
        deadline::DeadlineStatus::Complete => ("Set", "badge-ok"),
        deadline::DeadlineStatus::Overdue => ("Overdue", "badge-error"),
        deadline::DeadlineStatus::Pending => ("Not set yet", "badge-warn"),
        deadline::DeadlineStatus::NotSet => ("Not set", "badge-muted"),
    };
    let (py, pm) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let own = current.user.id == rep_id;
    let page = SheetPage {
        layout: current.layout(format!("{} goals", month_name(month))),
        title: format!("{} {year} goal sheet", month_name(month)),
        rep_name: view.rep.name.clone(),
        own,
        status_label,
        status_class,
        deadline: local(view.deadline),
        countdown: if view.status == deadline::DeadlineStatus::Complete {
            String::new()
        } else {
            countdown(now, view.deadline)
        },
        facts,
        lines: [view.signups.as_ref(), view.revenue.as_ref()]
            .into_iter()
            .flatten()
            .map(|v| ProgressLine::new(v, &current.org))
            .collect(),
        late: sheet.is_some_and(GoalSheet::is_late),
        cleared: sheet.and_then(|s| {
            s.late_cleared_at.map(|at| {
                format!(
                    "Late flag cleared {}: {}",
                    local(at),
                    s.late_cleared_reason.clone().unwrap_or_default()
                )
            })
        }),
        completed: sheet
            .and_then(|s| s.completed_at)
            .map(|at| format!("Both goals reached 100% — completed {}.", local(at))),
        can_clear,
        clear_action: format!("/sheets/{rep_id}/{year}/{month}/clear-late"),
        clear_errors: clearing.errors,
        reason: clearing.reason,
        card,
        previous: format!("/sheets/{rep_id}/{py}/{pm}"),
        next: format!("/sheets/{rep_id}/{ny}/{nm}"),
    };
    Ok(with_status(page, clearing.status))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ClearForm {
    reason: String,
}

/// `POST /sheets/{user}/{year}/{month}/clear-late`: managers of the rep
/// and admins, with a reason.
async fn clear_late(
    pool: web::Data<DbPool>,
    current: crate::auth::RequireManager,
    path: web::Path<(String, String, String)>,
    form: web::Form<ClearForm>,
) -> Result<PageOr<WithStatus<SheetPage>>, AppError> {
    let (rep_id, year, month) = parse_path(&path)?;
    let reason = form.into_inner().reason;
    let actor = current.user.clone();
    let now = Utc::now();
    let given = reason.clone();
    let outcome = db(&pool, move |conn| {
        if given.trim().is_empty() {
            return Ok(Err(FieldErrors::one(
                "reason",
                "Say why the late flag is cleared.",
            )));
        }
        let sheet = GoalSheet::of_month(conn, rep_id, year, month)?.ok_or(AppError::NotFound)?;
        match sheets::clear_late(conn, &actor, sheet.id, &given, now) {
            Ok(_) => Ok(Ok(())),
            Err(AppError::Invalid(errors)) => Ok(Err(errors)),
            Err(e) => Err(e),
        }
    })
    .await?;
    match outcome {
        Ok(()) => {
            current
                .session
                .flash(FlashLevel::Success, "The late flag is cleared.");
            Ok(Either::Right(super::admin::see_other(format!(
                "/sheets/{rep_id}/{year}/{month}"
            ))))
        }
        Err(errors) => render_with(
            &pool,
            &current,
            rep_id,
            year,
            month,
            None,
            Clearing {
                errors,
                reason,
                status: StatusCode::UNPROCESSABLE_ENTITY,
            },
        )
        .await
        .map(Either::Left),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_countdown_says_days_and_hours_left_or_how_long_overdue() {
        let due = utc("2026-11-06T23:59:59Z");
        assert_eq!(
            countdown(utc("2026-11-03T19:59:59Z"), due),
            "3 days 4 hours left"
        );
        assert_eq!(countdown(utc("2026-11-06T22:59:59Z"), due), "1 hour left");
        assert_eq!(
            countdown(utc("2026-11-06T23:30:00Z"), due),
            "29 minutes left"
        );
        assert_eq!(
            countdown(utc("2026-11-09T00:00:00Z"), due),
            "overdue by 2 days"
        );
        assert_eq!(
            countdown(utc("2026-11-07T03:00:00Z"), due),
            "overdue by 3 hours"
        );
    }
}
