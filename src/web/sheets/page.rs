//! The sheet page per rep and month, and clearing a late flag.

use super::*;
use crate::error::FieldMessages;
use crate::web::format::Fmt;

/// One goal's line on the sheet page: "Signups 10 of 20 — 50.00%".
pub struct ProgressLine {
    pub label: String,
    pub summary: String,
    pub bar: u32,
    pub goal_href: String,
}

impl ProgressLine {
    fn new(view: &GoalView, f: &Fmt) -> ProgressLine {
        let unit = view.metric.unit;
        let p = &view.progress;
        let name = f.metric(&view.metric.key, &view.metric.name);
        ProgressLine {
            label: name.clone(),
            summary: f.lang.tr(
                "sheet-progress-line",
                [
                    ("metric", name.into()),
                    ("actual", f.value(p.actual, unit).into()),
                    ("target", f.value(p.target, unit).into()),
                    ("percent", f.percent(p.attainment_percent).into()),
                ],
            ),
            bar: crate::web::format::bar_step(p.attainment_percent),
            goal_href: format!("/goals/{}", view.goal.id),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sheets/show.html")]
pub(super) struct SheetPage {
    layout: Layout,
    lang: Lang,
    rep_name: String,
    title: String,
    own: bool,
    status_label: String,
    status_class: &'static str,
    deadline: String,
    countdown: String,
    facts: Vec<(String, String)>,
    lines: Vec<ProgressLine>,
    late: bool,
    cleared: Option<String>,
    completed: Option<String>,
    can_clear: bool,
    clear_action: String,
    clear_errors: FieldMessages,
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

pub(super) async fn show(
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

pub(super) async fn render_page(
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
        let rep = access::visible_user(conn, &viewer, rep_id)?.ok_or(AppError::NotFound)?;
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
                    card.month_name = month_in(card.lang, month);
                    card.form = match &view.sheet {
                        Some(s) => SheetForm {
                            year: year.to_string(),
                            month: month.to_string(),
                            signup_goal: card.lang.count(s.signup_goal),
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
    let lang = current.lang();
    let f = current.fmt();
    let local = |t: DateTime<Utc>| f.instant(t);
    let sheet = view.sheet.as_ref();
    let facts = match sheet {
        Some(s) => vec![
            (lang.t("sheet-fact-signups"), f.count(s.signup_goal)),
            (lang.t("sheet-fact-revenue"), f.money(s.revenue_goal)),
            (
                lang.t("sheet-tier-goal"),
                tier_goal_text(lang, s.bonus_tier_goal),
            ),
            (
                lang.t("sheet-fact-tier-reached"),
                tier_reached_text(lang, s.bonus_tier_goal, view.tier_reached),
            ),
            (
                lang.t("sheet-fact-set"),
                match (s.set_at, s.set_by_deadline) {
                    (Some(at), Some(true)) => {
                        lang.tr("sheet-fact-set-on-time", [("at", local(at).into())])
                    }
                    (Some(at), _) => lang.tr("sheet-fact-set-late", [("at", local(at).into())]),
                    _ => lang.t("sheet-fact-set-draft"),
                },
            ),
        ],
        None => Vec::new(),
    };
    let (status_key, status_class) = match view.status {
        deadline::DeadlineStatus::Complete if sheet.is_some_and(GoalSheet::is_late) => {
            ("sheet-status-set-late", "badge-warn")
        }
        deadline::DeadlineStatus::Complete => ("sheet-status-set", "badge-ok"),
        deadline::DeadlineStatus::Overdue => ("sheet-status-overdue", "badge-error"),
        deadline::DeadlineStatus::Pending => ("sheet-status-not-set-yet", "badge-warn"),
        deadline::DeadlineStatus::NotSet => ("sheet-status-not-set", "badge-muted"),
    };
    let status_label = lang.t(status_key);
    let month_text = month_in(lang, month);
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
        layout: current.layout(lang.tr("sheet-page-title", [("month", month_text.clone().into())])),
        lang,
        title: lang.tr(
            "sheet-heading",
            [
                ("month", month_text.into()),
                ("year", year.to_string().into()),
            ],
        ),
        rep_name: view.rep.name.clone(),
        own,
        status_label,
        status_class,
        deadline: local(view.deadline),
        countdown: if view.status == deadline::DeadlineStatus::Complete {
            String::new()
        } else {
            countdown(lang, now, view.deadline)
        },
        facts,
        lines: [view.signups.as_ref(), view.revenue.as_ref()]
            .into_iter()
            .flatten()
            .map(|v| ProgressLine::new(v, &f))
            .collect(),
        late: sheet.is_some_and(GoalSheet::is_late),
        cleared: sheet.and_then(|s| {
            s.late_cleared_at.map(|at| {
                lang.tr(
                    "sheet-late-cleared",
                    [
                        ("at", local(at).into()),
                        (
                            "reason",
                            s.late_cleared_reason.clone().unwrap_or_default().into(),
                        ),
                    ],
                )
            })
        }),
        completed: sheet
            .and_then(|s| s.completed_at)
            .map(|at| lang.tr("sheet-completed", [("at", local(at).into())])),
        can_clear,
        clear_action: format!("/sheets/{rep_id}/{year}/{month}/clear-late"),
        clear_errors: clearing.errors.shown(lang),
        reason: clearing.reason,
        card,
        previous: format!("/sheets/{rep_id}/{py}/{pm}"),
        next: format!("/sheets/{rep_id}/{ny}/{nm}"),
    };
    Ok(with_status(page, clearing.status))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ClearForm {
    reason: String,
}

/// `POST /sheets/{user}/{year}/{month}/clear-late`: managers of the rep
/// and admins, with a reason.
pub(super) async fn clear_late(
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
                Msg::new("sheet-clear-reason-required"),
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
            current.session.flash(
                FlashLevel::Success,
                current.lang().t("sheet-late-flag-cleared"),
            );
            Ok(Either::Right(crate::web::admin::see_other(format!(
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
