//! Paying commissions, as pages: the admin's payout runs (list, create for
//! a month, the payout rules), a run with its lines (approve, mark paid,
//! CSV for payroll), and a partner's monthly payout statement (their own;
//! admins anyone's), printable.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::auth::session::FlashLevel;
use crate::auth::{CurrentUser, RequireAdmin};
use crate::db::DbPool;
use crate::db::payouts::{PayoutRun, PayoutSettings};
use crate::domain::payout::PayoutStatus;
use crate::domain::period_query::parse_month;
use crate::error::FieldMessages;
use crate::i18n::{Key, Lang};
use crate::payouts::settings::SettingsForm;
use crate::web::admin::see_other;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/payouts", index)
        .post("/admin/payouts", create)
        .post("/admin/payouts/settings", save_settings)
        .get("/admin/payouts/{id:\\d+}", show)
        .post("/admin/payouts/{id:\\d+}/approve", approve)
        .post("/admin/payouts/{id:\\d+}/pay", pay)
        .post("/admin/payouts/{id:\\d+}/discard", discard)
        .get("/admin/payouts/{id:\\d+}/csv", csv)
        .get("/payouts/statement", statement);
}

/// A run's status in the reader's language, and its badge class.
fn status_label(lang: Lang, status: PayoutStatus) -> (String, &'static str) {
    match status {
        PayoutStatus::Draft => (lang.t("payout-status-draft"), "badge badge-warn"),
        PayoutStatus::Approved => (lang.t("payout-status-approved"), "badge badge-info"),
        PayoutStatus::Paid => (lang.t("payout-status-paid"), "badge badge-ok"),
        PayoutStatus::Discarded => (lang.t("payout-status-discarded"), "badge badge-muted"),
    }
}

fn month_param(month: NaiveDate) -> String {
    format!("{:04}-{:02}", month.year(), month.month())
}

pub struct RunRow {
    pub id: i64,
    pub month: String,
    pub status: String,
    pub status_class: &'static str,
    pub total: String,
    pub created: String,
}

fn run_row(f: &Fmt, run: &PayoutRun) -> RunRow {
    let (status, status_class) = status_label(f.lang, run.status);
    RunRow {
        id: run.id,
        month: f.month(run.month),
        status,
        status_class,
        total: f.money(run.total),
        created: f.instant(run.created_at),
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CreateForm {
    month: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "payouts/runs.html")]
struct RunsPage {
    layout: Layout,
    lang: Lang,
    runs: Vec<RunRow>,
    month: String,
    settings: SettingsForm,
    minimum: String,
    holdback_days: i32,
    currency: String,
    errors: FieldMessages,
}

async fn render_index(
    pool: &DbPool,
    admin: &RequireAdmin,
    month: Option<String>,
    settings: Option<SettingsForm>,
    errors: FieldErrors,
) -> Result<WithStatus<RunsPage>, AppError> {
    let actor = admin.user.clone();
    let (runs, rules) = db(pool, move |conn| {
        Ok((
            crate::payouts::list(conn, &actor, 100, 0)?,
            PayoutSettings::get(conn)?,
        ))
    })
    .await?;
    let f = admin.fmt();
    let lang = admin.lang();
    let today = crate::goals::progress::org_today(&admin.org);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = RunsPage {
        layout: admin.layout_t("payout-runs-title"),
        lang,
        runs: runs.iter().map(|r| run_row(&f, r)).collect(),
        month: month.unwrap_or_else(|| month_param(today)),
        settings: settings.unwrap_or_else(|| SettingsForm {
            minimum_amount: f.money_input(rules.minimum_amount),
            holdback_days: rules.holdback_days.to_string(),
        }),
        minimum: f.money(rules.minimum_amount),
        holdback_days: rules.holdback_days,
        currency: admin.org.currency_code.clone(),
        errors: errors.shown(lang),
    };
    Ok(with_status(page, status))
}

async fn index(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
) -> Result<WithStatus<RunsPage>, AppError> {
    render_index(&pool, &admin, None, None, FieldErrors::new()).await
}

async fn create(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<CreateForm>,
) -> Result<PageOr<WithStatus<RunsPage>>, AppError> {
    let text = form.into_inner().month;
    let Some(month) = parse_month(&text) else {
        let errors = FieldErrors::one("month", Key("payout-month-invalid"));
        return render_index(&pool, &admin, Some(text), None, errors)
            .await
            .map(Either::Left);
    };
    let actor = admin.user.clone();
    match db(&pool, move |conn| {
        crate::payouts::create_run(conn, &actor, month)
    })
    .await
    {
        Ok(run) => {
            admin
                .session
                .flash(FlashLevel::Success, admin.lang().t("payout-run-created"));
            Ok(Either::Right(see_other(format!(
                "/admin/payouts/{}",
                run.id
            ))))
        }
        Err(AppError::Invalid(errors)) => render_index(&pool, &admin, Some(text), None, errors)
            .await
            .map(Either::Left),
        Err(other) => Err(other),
    }
}

async fn save_settings(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<SettingsForm>,
) -> Result<PageOr<WithStatus<RunsPage>>, AppError> {
    let form = form.into_inner();
    let (minimum, holdback) = match form.parse(admin.org.money_scale()) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return render_index(&pool, &admin, None, Some(form), errors)
                .await
                .map(Either::Left);
        }
    };
    let actor = admin.user.clone();
    let changed = db(&pool, move |conn| {
        crate::payouts::settings::save(conn, &actor, minimum, holdback)
    })
    .await?
    .is_some();
    let message = if changed {
        "payout-settings-saved"
    } else {
        "admin-nothing-changed"
    };
    admin
        .session
        .flash(FlashLevel::Success, admin.lang().t(message));
    Ok(Either::Right(see_other("/admin/payouts")))
}

pub struct LineRow {
    pub partner_id: i64,
    pub name: String,
    pub email: String,
    pub earned: String,
    pub recovered: String,
    pub amount: String,
    pub lines: i32,
}

#[derive(Template, WebTemplate)]
#[template(path = "payouts/run.html")]
struct RunPage {
    layout: Layout,
    lang: Lang,
    run: RunRow,
    month: String,
    lines: Vec<LineRow>,
    can_approve: bool,
    can_pay: bool,
    can_export: bool,
    discarded: bool,
    rules: String,
    steps: Vec<String>,
    earned: String,
    recovered: String,
}

async fn show(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<RunPage, AppError> {
    let id = path.into_inner();
    let actor = admin.user.clone();
    let detail = db(&pool, move |conn| crate::payouts::detail(conn, &actor, id)).await?;
    let f = admin.fmt();
    let lang = admin.lang();
    let run = &detail.run;
    let mut steps = vec![lang.tr(
        "payout-step-created",
        [
            ("name", detail.created_by.clone().into()),
            ("when", f.instant(run.created_at).into()),
        ],
    )];
    if let (Some(name), Some(at)) = (&detail.approved_by, run.approved_at) {
        steps.push(lang.tr(
            "payout-step-approved",
            [
                ("name", name.clone().into()),
                ("when", f.instant(at).into()),
            ],
        ));
    }
    if let (Some(name), Some(at)) = (&detail.paid_by, run.paid_at) {
        steps.push(lang.tr(
            "payout-step-paid",
            [
                ("name", name.clone().into()),
                ("when", f.instant(at).into()),
            ],
        ));
    }
    if let (Some(name), Some(at)) = (&detail.discarded_by, run.discarded_at) {
        steps.push(lang.tr(
            "payout-step-discarded",
            [
                ("name", name.clone().into()),
                ("when", f.instant(at).into()),
            ],
        ));
    }
    let lines: Vec<LineRow> = detail
        .lines
        .iter()
        .map(|n| LineRow {
            partner_id: n.line.partner_id,
            name: n.partner_name.clone(),
            email: n.partner_email.clone(),
            earned: f.money(n.line.earned),
            recovered: f.money(n.line.recovered),
            amount: f.money(n.line.amount),
            lines: n.line.line_count,
        })
        .collect();
    let earned = detail.lines.iter().map(|n| n.line.earned).sum();
    let recovered = detail.lines.iter().map(|n| n.line.recovered).sum();
    Ok(RunPage {
        layout: admin.layout(lang.tr("payout-run-title", [("id", run.id.into())])),
        lang,
        month: month_param(run.month),
        rules: lang.tr(
            "payout-run-rules",
            [
                ("minimum", f.money(run.minimum_amount).into()),
                ("days", run.holdback_days.into()),
            ],
        ),
        can_approve: run.status == PayoutStatus::Draft,
        can_pay: run.status == PayoutStatus::Approved,
        can_export: matches!(run.status, PayoutStatus::Approved | PayoutStatus::Paid),
        discarded: run.status == PayoutStatus::Discarded,
        run: run_row(&f, run),
        lines,
        steps,
        earned: f.money(earned),
        recovered: f.money(recovered),
    })
}

async fn approve(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    advance(
        pool,
        admin,
        path.into_inner(),
        crate::payouts::approve,
        "payout-run-approved",
    )
    .await
}

async fn pay(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    advance(
        pool,
        admin,
        path.into_inner(),
        crate::payouts::mark_paid,
        "payout-run-paid",
    )
    .await
}

async fn discard(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    advance(
        pool,
        admin,
        path.into_inner(),
        crate::payouts::discard,
        "payout-run-discarded-done",
    )
    .await
}

/// Moves run `id` one step on (`step`: approve, mark paid or discard), then back to
/// the run with `done` as the flash message.
async fn advance(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: i64,
    step: fn(
        &mut diesel::PgConnection,
        &crate::db::users::User,
        i64,
    ) -> Result<crate::db::payouts::PayoutRun, AppError>,
    done: &'static str,
) -> Result<HttpResponse, AppError> {
    let actor = admin.user.clone();
    db(&pool, move |conn| step(conn, &actor, id)).await?;
    admin
        .session
        .flash(FlashLevel::Success, admin.lang().t(done));
    Ok(see_other(format!("/admin/payouts/{id}")))
}

async fn csv(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let actor = admin.user.clone();
    let (name, text) = db(&pool, move |conn| {
        crate::payouts::export::run_csv(conn, &actor, id)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(text))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatementQuery {
    month: String,
    partner: Option<i64>,
}

pub struct EntryRow {
    pub id: i64,
    pub sale_id: i64,
    pub kind: String,
    /// The line's id when the viewer may question it.
    pub question: Option<i64>,
    /// The open (or answered) dispute of the line.
    pub open_dispute: Option<i64>,
    pub written: String,
    pub amount: String,
    pub negative: bool,
    pub settled: String,
}

pub struct PaymentRow {
    pub run_id: i64,
    pub paid: String,
    pub amount: String,
    pub recovered: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "payouts/statement.html")]
struct StatementPage {
    layout: Layout,
    lang: Lang,
    partner_name: String,
    partner_param: String,
    month_label: String,
    month: String,
    previous_month: String,
    next_month: Option<String>,
    opening: String,
    earned: String,
    reversed: String,
    recovered: String,
    paid: String,
    closing: String,
    entries: Vec<EntryRow>,
    payments: Vec<PaymentRow>,
    own: bool,
    errors: FieldMessages,
}

async fn statement(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    query: web::Query<StatementQuery>,
) -> Result<WithStatus<StatementPage>, AppError> {
    let query = query.into_inner();
    let lang = current.lang();
    let f = current.fmt();
    let today = crate::goals::progress::org_today(&current.org);
    let this_month = today.with_day(1).unwrap_or(today);
    let mut errors = FieldErrors::new();
    let month = match query.month.trim() {
        "" => this_month,
        text => parse_month(text).unwrap_or_else(|| {
            errors.add("month", Key("payout-month-invalid"));
            this_month
        }),
    };
    let partner = query.partner.unwrap_or(current.user.id);
    let viewer = current.user.clone();
    let (loaded, open_disputes) = db(&pool, move |conn| {
        let loaded = crate::payouts::statement::load(conn, &viewer, partner, month)?;
        let ids: Vec<i64> = loaded.entries.iter().map(|e| e.entry.id).collect();
        let open = crate::payouts::disputes::open_on(conn, &ids)?;
        Ok((loaded, open))
    })
    .await?;
    let figures = loaded.figures;
    let own = loaded.partner.id == current.user.id;
    let entries = loaded
        .entries
        .iter()
        .map(|e| EntryRow {
            id: e.entry.id,
            sale_id: e.entry.sale_id,
            kind: lang.t(match e.entry.kind.as_str() {
                "direct" => "sale-kind-direct",
                "upline" => "sale-kind-upline",
                "matching" => "sale-kind-matching",
                "adjustment" => "sale-kind-adjustment",
                _ => "sale-kind-other",
            }),
            // Only the partner questions their own original lines.
            question: (own
                && e.entry.reverses_entry_id.is_none()
                && e.entry.dispute_id.is_none()
                && !open_disputes.contains_key(&e.entry.id))
            .then_some(e.entry.id),
            open_dispute: open_disputes.get(&e.entry.id).copied(),
            written: f.instant(e.entry.created_at),
            amount: f.money(e.entry.amount),
            negative: e.entry.amount.is_sign_negative(),
            settled: match e.settled_in {
                Some(run) => lang.tr("payout-settled-in", [("id", run.into())]),
                None => lang.t("payout-open"),
            },
        })
        .collect();
    let payments = loaded
        .payments
        .iter()
        .map(|p| PaymentRow {
            run_id: p.run_id,
            paid: f.instant(p.paid_at),
            amount: f.money(p.amount),
            recovered: f.money(p.recovered),
        })
        .collect();
    let next = month.checked_add_months(chrono::Months::new(1));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = StatementPage {
        layout: current.layout_t("payout-statement-title"),
        lang,
        partner_name: loaded.partner.name.clone(),
        partner_param: query
            .partner
            .map(|p| format!("&partner={p}"))
            .unwrap_or_default(),
        month_label: f.month(month),
        month: month_param(month),
        previous_month: month_param(
            month
                .checked_sub_months(chrono::Months::new(1))
                .unwrap_or(month),
        ),
        next_month: next.filter(|n| *n <= today).map(month_param),
        opening: f.money(figures.opening),
        earned: f.money(figures.earned),
        reversed: f.money(figures.reversed),
        recovered: f.money(figures.recovered),
        paid: f.money(figures.paid),
        closing: f.money(figures.closing),
        entries,
        payments,
        own,
        errors: errors.shown(lang),
    };
    Ok(with_status(page, status))
}
