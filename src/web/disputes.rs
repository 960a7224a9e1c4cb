//! Disputes, as pages: a partner questions one of their ledger lines
//! ("question this line" on the statement and the commission page), reads
//! their disputes and each one's answer; admins work the queue (filtered by
//! status) and answer, resolve or reject a dispute on its page.

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::auth::session::FlashLevel;
use crate::auth::{CurrentUser, RequireAdmin};
use crate::db::DbPool;
use crate::db::commissions::Entry;
use crate::db::disputes::DisputeRow;
use crate::domain::dispute::DisputeStatus;
use crate::domain::role::Role;
use crate::error::FieldMessages;
use crate::i18n::Lang;
use crate::payouts::disputes::{self as service, DisputeDetail};
use crate::web::admin::see_other;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/disputes", mine)
        .get("/disputes/new", new)
        .post("/disputes", create)
        .get("/disputes/{id:\\d+}", show)
        .get("/admin/disputes", queue)
        .post("/admin/disputes/{id:\\d+}/answer", answer)
        .post("/admin/disputes/{id:\\d+}/resolve", resolve)
        .post("/admin/disputes/{id:\\d+}/reject", reject);
}

/// A dispute status in the reader's language, and its badge class.
pub fn status_label(lang: Lang, status: DisputeStatus) -> (String, &'static str) {
    match status {
        DisputeStatus::Open => (lang.t("dispute-status-open"), "badge badge-warn"),
        DisputeStatus::Answered => (lang.t("dispute-status-answered"), "badge badge-info"),
        DisputeStatus::Resolved => (lang.t("dispute-status-resolved"), "badge badge-ok"),
        DisputeStatus::Rejected => (lang.t("dispute-status-rejected"), "badge badge-muted"),
    }
}

/// What a ledger line pays for, as a reader says it.
pub fn kind_label(lang: Lang, kind: &str) -> String {
    lang.t(match kind {
        "direct" => "sale-kind-direct",
        "upline" => "sale-kind-upline",
        "matching" => "sale-kind-matching",
        "adjustment" => "sale-kind-adjustment",
        _ => "sale-kind-other",
    })
}

/// One dispute in a list.
pub struct Row {
    pub id: i64,
    pub partner: String,
    pub sale_id: i64,
    pub line: String,
    pub amount: String,
    pub expected: String,
    pub status: String,
    pub status_class: &'static str,
    pub opened: String,
}

fn row(f: &Fmt, r: &DisputeRow) -> Row {
    let (status, status_class) = status_label(f.lang, r.dispute.status);
    Row {
        id: r.dispute.id,
        partner: r.partner_name.clone(),
        sale_id: r.line.sale_id,
        line: kind_label(f.lang, &r.line.kind),
        amount: f.money(r.line.amount),
        expected: r
            .dispute
            .expected_amount
            .map(|a| f.money(a))
            .unwrap_or_else(|| "—".into()),
        status,
        status_class,
        opened: f.instant(r.dispute.created_at),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "disputes/mine.html")]
struct MinePage {
    layout: Layout,
    lang: Lang,
    rows: Vec<Row>,
}

async fn mine(pool: web::Data<DbPool>, current: CurrentUser) -> Result<MinePage, AppError> {
    let viewer = current.user.clone();
    let rows = db(&pool, move |conn| service::mine(conn, &viewer)).await?;
    let f = current.fmt();
    Ok(MinePage {
        layout: current.layout_t("dispute-mine-title"),
        lang: f.lang,
        rows: rows.iter().map(|r| row(&f, r)).collect(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    line: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct QuestionForm {
    line: String,
    reason: String,
    expected_amount: String,
}

/// The questioned line, as the form shows it.
pub struct LineFacts {
    pub id: i64,
    pub sale_id: i64,
    pub sale_title: String,
    pub kind: String,
    pub written: String,
    pub amount: String,
    pub paying_now: String,
    pub adjusted: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "disputes/new.html")]
struct NewPage {
    layout: Layout,
    lang: Lang,
    line: LineFacts,
    form: QuestionForm,
    currency: String,
    errors: FieldMessages,
}

/// The line `text` names, if the viewer may question it; 404 otherwise.
async fn question_page(
    pool: &DbPool,
    current: &CurrentUser,
    form: QuestionForm,
    errors: FieldErrors,
) -> Result<WithStatus<NewPage>, AppError> {
    let id: i64 = form.line.trim().parse().map_err(|_| AppError::NotFound)?;
    let viewer = current.user.clone();
    let (line, sale, now) = db(pool, move |conn| {
        service::questionable_line(conn, &viewer, id)
    })
    .await?;
    let f = current.fmt();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = NewPage {
        layout: current.layout_t("dispute-new-title"),
        lang: f.lang,
        line: LineFacts {
            id: line.id,
            sale_id: line.sale_id,
            sale_title: sale.title,
            kind: kind_label(f.lang, &line.kind),
            written: f.instant(line.created_at),
            amount: f.money(line.amount),
            adjusted: now != line.amount,
            paying_now: f.money(now),
        },
        form,
        currency: current.org.currency_code.clone(),
        errors: errors.shown(f.lang),
    };
    Ok(with_status(page, status))
}

async fn new(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    query: web::Query<NewQuery>,
) -> Result<WithStatus<NewPage>, AppError> {
    let form = QuestionForm {
        line: query.into_inner().line,
        ..QuestionForm::default()
    };
    question_page(&pool, &current, form, FieldErrors::new()).await
}

async fn create(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    form: web::Form<QuestionForm>,
) -> Result<PageOr<WithStatus<NewPage>>, AppError> {
    let form = form.into_inner();
    let id: i64 = form.line.trim().parse().map_err(|_| AppError::NotFound)?;
    let (reason, expected) = match service::parse_question(
        &form.reason,
        &form.expected_amount,
        current.org.money_scale(),
    ) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return question_page(&pool, &current, form, errors)
                .await
                .map(Either::Left);
        }
    };
    let actor = current.user.clone();
    match db(&pool, move |conn| {
        service::open(conn, &actor, id, &reason, expected)
    })
    .await
    {
        Ok(dispute) => {
            current
                .session
                .flash(FlashLevel::Success, current.lang().t("dispute-opened"));
            Ok(Either::Right(see_other(service::link(dispute.id))))
        }
        Err(AppError::Invalid(errors)) => question_page(&pool, &current, form, errors)
            .await
            .map(Either::Left),
        Err(other) => Err(other),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "disputes/show.html")]
struct ShowPage {
    layout: Layout,
    lang: Lang,
    id: i64,
    partner: String,
    status: String,
    status_class: &'static str,
    sale_id: i64,
    line_kind: String,
    line_amount: String,
    line_written: String,
    paying_now: String,
    reason: String,
    expected: String,
    steps: Vec<String>,
    answer: Option<String>,
    resolution: Option<String>,
    resolved_amount: Option<String>,
    adjustment: Option<String>,
    is_admin: bool,
    can_answer: bool,
    can_close: bool,
    own: bool,
    answer_text: String,
    resolution_text: String,
    amount_text: String,
    reject_text: String,
    currency: String,
    errors: FieldMessages,
}

/// What the admin typed into the forms of a dispute's page.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct StepForm {
    answer: String,
    resolution: String,
    amount: String,
    reject_note: String,
}

async fn render_show(
    pool: &DbPool,
    current: &CurrentUser,
    id: i64,
    typed: Option<StepForm>,
    errors: FieldErrors,
) -> Result<WithStatus<ShowPage>, AppError> {
    let viewer = current.user.clone();
    let detail: DisputeDetail = db(pool, move |conn| service::detail(conn, &viewer, id)).await?;
    let f = current.fmt();
    let lang = f.lang;
    let d = &detail.dispute;
    let (status, status_class) = status_label(lang, d.status);
    let mut steps = vec![lang.tr(
        "dispute-step-opened",
        [
            ("name", detail.partner_name.clone().into()),
            ("when", f.instant(d.created_at).into()),
        ],
    )];
    if let (Some(name), Some(at)) = (&detail.answered_by, d.answered_at) {
        steps.push(lang.tr(
            "dispute-step-answered",
            [
                ("name", name.clone().into()),
                ("when", f.instant(at).into()),
            ],
        ));
    }
    if let (Some(name), Some(at)) = (&detail.closed_by, d.closed_at) {
        steps.push(lang.tr(
            match d.status {
                DisputeStatus::Resolved => "dispute-step-resolved",
                _ => "dispute-step-rejected",
            },
            [
                ("name", name.clone().into()),
                ("when", f.instant(at).into()),
            ],
        ));
    }
    let is_admin = current.role() == Role::Admin;
    let typed = typed.unwrap_or_else(|| StepForm {
        amount: f.money_input(d.expected_amount.unwrap_or(detail.paying_now)),
        ..StepForm::default()
    });
    let page = ShowPage {
        layout: current.layout(lang.tr("dispute-title", [("id", d.id.into())])),
        lang,
        id: d.id,
        partner: detail.partner_name.clone(),
        status,
        status_class,
        sale_id: detail.line.sale_id,
        line_kind: kind_label(lang, &detail.line.kind),
        line_amount: f.money(detail.line.amount),
        line_written: f.instant(detail.line.created_at),
        paying_now: f.money(detail.paying_now),
        reason: d.reason.clone(),
        expected: d
            .expected_amount
            .map(|a| f.money(a))
            .unwrap_or_else(|| lang.t("dispute-expected-none")),
        steps,
        answer: d.answer.clone(),
        resolution: d.resolution.clone(),
        resolved_amount: d.resolved_amount.map(|a| f.money(a)),
        adjustment: detail
            .adjustment
            .as_ref()
            .map(|e: &Entry| f.money(e.amount)),
        is_admin,
        can_answer: is_admin && d.status == DisputeStatus::Open,
        can_close: is_admin && !d.status.is_closed(),
        own: d.partner_id == current.user.id,
        answer_text: typed.answer,
        resolution_text: typed.resolution,
        amount_text: typed.amount,
        reject_text: typed.reject_note,
        currency: current.org.currency_code.clone(),
        errors: errors.shown(lang),
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(with_status(page, status))
}

async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<WithStatus<ShowPage>, AppError> {
    render_show(&pool, &current, path.into_inner(), None, FieldErrors::new()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    status: String,
}

pub struct Filter {
    pub value: &'static str,
    pub label: String,
    pub count: i64,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "disputes/queue.html")]
struct QueuePage {
    layout: Layout,
    lang: Lang,
    filters: Vec<Filter>,
    rows: Vec<Row>,
    status_error: bool,
}

async fn queue(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    query: web::Query<QueueQuery>,
) -> Result<WithStatus<QueuePage>, AppError> {
    let text = query.into_inner().status;
    // The queue opens on what waits for an admin; "all" shows every one.
    let (status, bad) = match text.trim() {
        "" => (Some(DisputeStatus::Open), false),
        "all" => (None, false),
        other => match other.parse::<DisputeStatus>() {
            Ok(status) => (Some(status), false),
            Err(_) => (Some(DisputeStatus::Open), true),
        },
    };
    let actor = admin.user.clone();
    let (rows, counts) = db(&pool, move |conn| {
        Ok((
            service::list(conn, &actor, status, 200, 0)?,
            crate::db::disputes::Dispute::counts(conn)?,
        ))
    })
    .await?;
    let f = admin.fmt();
    let lang = f.lang;
    let count = |s: DisputeStatus| {
        counts
            .iter()
            .find(|(c, _)| *c == s)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let mut filters: Vec<Filter> = DisputeStatus::ALL
        .into_iter()
        .map(|s| Filter {
            value: s.as_str(),
            label: status_label(lang, s).0,
            count: count(s),
            current: status == Some(s),
        })
        .collect();
    filters.push(Filter {
        value: "all",
        label: lang.t("dispute-filter-all"),
        count: counts.iter().map(|(_, n)| n).sum(),
        current: status.is_none(),
    });
    let page = QueuePage {
        layout: admin.layout_t("dispute-queue-title"),
        lang,
        filters,
        rows: rows.iter().map(|r| row(&f, r)).collect(),
        status_error: bad,
    };
    let code = if bad {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(with_status(page, code))
}

/// Runs an admin's step on dispute `id`; a form error shows the page again
/// (422) with the message beside the field, a refused step is the service's
/// 409, success goes back to the dispute with `done` as the flash.
async fn step(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: i64,
    form: StepForm,
    run: impl FnOnce(
        &StepForm,
        crate::domain::currency::MoneyScale,
    ) -> Result<
        Box<dyn FnOnce(&mut diesel::PgConnection) -> Result<(), AppError> + Send>,
        FieldErrors,
    >,
    done: &'static str,
) -> Result<PageOr<WithStatus<ShowPage>>, AppError> {
    let work = match run(&form, admin.org.money_scale()) {
        Ok(work) => work,
        Err(errors) => {
            return render_show(&pool, &admin, id, Some(form), errors)
                .await
                .map(Either::Left);
        }
    };
    match db(&pool, work).await {
        Ok(()) => {
            admin
                .session
                .flash(FlashLevel::Success, admin.lang().t(done));
            Ok(Either::Right(see_other(service::link(id))))
        }
        Err(AppError::Invalid(errors)) => render_show(&pool, &admin, id, Some(form), errors)
            .await
            .map(Either::Left),
        Err(other) => Err(other),
    }
}

async fn answer(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<PageOr<WithStatus<ShowPage>>, AppError> {
    let id = path.into_inner();
    let actor = admin.user.clone();
    step(
        pool,
        admin,
        id,
        form.into_inner(),
        move |form, _| {
            let text = service::parse_note("answer", &form.answer)?;
            Ok(Box::new(move |conn| {
                service::answer(conn, &actor, id, &text).map(|_| ())
            }))
        },
        "dispute-answered",
    )
    .await
}

async fn resolve(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<PageOr<WithStatus<ShowPage>>, AppError> {
    let id = path.into_inner();
    let actor = admin.user.clone();
    step(
        pool,
        admin,
        id,
        form.into_inner(),
        move |form, scale| {
            let (note, amount) = service::parse_resolution(&form.resolution, &form.amount, scale)?;
            Ok(Box::new(move |conn| {
                service::resolve(conn, &actor, id, &note, amount).map(|_| ())
            }))
        },
        "dispute-resolved",
    )
    .await
}

async fn reject(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<PageOr<WithStatus<ShowPage>>, AppError> {
    let id = path.into_inner();
    let actor = admin.user.clone();
    step(
        pool,
        admin,
        id,
        form.into_inner(),
        move |form, _| {
            let note = service::parse_note("reject_note", &form.reject_note)?;
            Ok(Box::new(move |conn| {
                service::reject(conn, &actor, id, &note).map(|_| ())
            }))
        },
        "dispute-rejected",
    )
    .await
}
