//! Yearly goals on the pages: the rep's own yearly signups and revenue with
//! the monthly split, pace and projection, and the admin page of the twelve
//! seasonal weights that shape the split.

use crate::domain::number::Unit;
use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{Datelike, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::admin::see_other;
use super::error::{AppError, FieldErrors};
use super::layout::Layout;
use super::respond::{PageOr, WithStatus, with_status};
use super::sheets::month_in;
use super::{Routes, db};
use crate::auth::session::FlashLevel;
use crate::auth::{CurrentUser, RequireAdmin};
use crate::db::DbPool;
use crate::domain::yearly::YearlyProgress;
use crate::error::FieldMessages;
use crate::goals::sheets::{self, SheetInput, YearlyView};
use crate::i18n::{Key, Lang};
use crate::web::format::Fmt;

pub fn routes(r: &mut Routes) {
    r.get("/yearly", show)
        .post("/yearly", save)
        .get("/admin/seasonal-weights", weights_page)
        .post("/admin/seasonal-weights", save_weights);
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct YearlyForm {
    signup_goal: String,
    revenue_goal: String,
}

/// One metric's yearly standing, formatted.
struct MetricPace {
    name: String,
    target: String,
    actual: String,
    expected: String,
    projected: String,
    has_goal: bool,
    on_pace: bool,
    monthly: Vec<String>,
    /// The yearly goal the monthly targets set so far add up to, for the
    /// form's placeholder ("" when none is set), and worded.
    suggestion: String,
    suggestion_label: String,
}

impl MetricPace {
    fn new(
        name: String,
        p: &YearlyProgress,
        unit: Unit,
        suggested: Option<Decimal>,
        fmt: &Fmt,
    ) -> MetricPace {
        let f = |v: Decimal| fmt.value(v, unit);
        MetricPace {
            name,
            target: f(p.target),
            actual: f(p.actual),
            expected: f(p.expected_by_now),
            projected: f(p.projected_year_end),
            has_goal: p.has_goal,
            on_pace: p.on_pace,
            monthly: p.monthly_targets.iter().map(|v| f(*v)).collect(),
            suggestion: suggested.map(|v| fmt.count(v)).unwrap_or_default(),
            suggestion_label: suggested
                .map(|v| fmt.lang.tr("yearly-suggestion", [("amount", f(v).into())]))
                .unwrap_or_default(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sheets/yearly.html")]
struct YearlyPage {
    layout: Layout,
    lang: Lang,
    year: i32,
    is_set: bool,
    weighted: bool,
    /// "3 months remaining, this one included".
    remaining: String,
    metrics: Vec<MetricPace>,
    months: Vec<String>,
    form: YearlyForm,
    errors: FieldMessages,
    sheet_href: String,
}

async fn render(
    pool: &DbPool,
    current: &CurrentUser,
    refused: Option<(YearlyForm, FieldErrors)>,
) -> Result<WithStatus<YearlyPage>, AppError> {
    let user_id = current.user.id;
    let org = current.org.clone();
    let today = crate::goals::progress::org_today(&org);
    let view = db(pool, move |conn| {
        YearlyView::load(conn, &org, user_id, today.year(), today)
    })
    .await?;
    let lang = current.lang();
    let f = current.fmt();
    let (form, errors, status) = match refused {
        Some((form, errors)) => (form, errors, StatusCode::UNPROCESSABLE_ENTITY),
        None => (
            YearlyForm {
                signup_goal: view
                    .goal
                    .as_ref()
                    .map(|g| f.count(g.signup_goal))
                    .unwrap_or_default(),
                revenue_goal: view
                    .goal
                    .as_ref()
                    .map(|g| g.revenue_goal.normalize().to_string())
                    .unwrap_or_default(),
            },
            FieldErrors::new(),
            StatusCode::OK,
        ),
    };
    let page = YearlyPage {
        layout: current.layout(lang.tr(
            "yearly-page-title",
            [("year", view.year.to_string().into())],
        )),
        lang,
        year: view.year,
        is_set: view.goal.is_some(),
        weighted: view.weighted,
        remaining: lang.tr(
            "yearly-months-remaining",
            [("count", view.signups.months_remaining.into())],
        ),
        metrics: vec![
            MetricPace::new(
                lang.t("sheet-signups"),
                &view.signups,
                Unit::Count,
                view.suggested_signups,
                &f,
            ),
            MetricPace::new(
                lang.t("sheet-revenue"),
                &view.revenue,
                Unit::Money,
                view.suggested_revenue,
                &f,
            ),
        ],
        months: (1..=12)
            .map(|m| {
                let first = chrono::NaiveDate::from_ymd_opt(today.year(), m, 1).unwrap_or_default();
                // "Jan" in English, "1월" in Korean (already short).
                let name = lang.month_name(first);
                match lang {
                    Lang::En => name.chars().take(3).collect(),
                    _ => name,
                }
            })
            .collect(),
        form,
        errors: errors.shown(lang),
        sheet_href: format!(
            "/sheets/{}/{}/{}",
            current.user.id,
            today.year(),
            today.month()
        ),
    };
    Ok(with_status(page, status))
}

async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
) -> Result<WithStatus<YearlyPage>, AppError> {
    render(&pool, &current, None).await
}

async fn save(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    form: web::Form<YearlyForm>,
) -> Result<PageOr<WithStatus<YearlyPage>>, AppError> {
    let form = form.into_inner();
    let input = match SheetInput::parse(&form.signup_goal, &form.revenue_goal, "0", &current.org) {
        Ok(input) => input,
        Err(errors) => {
            return render(&pool, &current, Some((form, errors)))
                .await
                .map(Either::Left);
        }
    };
    let user = current.user.clone();
    let now = Utc::now();
    let year = crate::goals::progress::org_today(&current.org).year();
    db(&pool, move |conn| {
        sheets::set_yearly(
            conn,
            &user,
            year,
            input.signup_goal,
            input.revenue_goal,
            now,
        )
    })
    .await?;
    current.session.flash(
        FlashLevel::Success,
        current
            .lang()
            .tr("yearly-saved", [("year", year.to_string().into())]),
    );
    Ok(Either::Right(see_other("/yearly")))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/seasonal_weights.html")]
struct WeightsPage {
    layout: Layout,
    lang: Lang,
    rows: Vec<(String, String, String)>,
    errors: FieldMessages,
    weighted: bool,
}

const FIELDS: [&str; 12] = [
    "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10", "w11", "w12",
];

async fn weights_page(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
) -> Result<WithStatus<WeightsPage>, AppError> {
    let weights = db(&pool, |conn| Ok(crate::db::sheets::seasonal_weights(conn)?)).await?;
    let values: Vec<String> = (0..12)
        .map(|i| {
            weights
                .map(|w| w[i].normalize().to_string())
                .unwrap_or_default()
        })
        .collect();
    render_weights(&admin, values, FieldErrors::new(), weights.is_some())
}

fn render_weights(
    admin: &RequireAdmin,
    values: Vec<String>,
    errors: FieldErrors,
    weighted: bool,
) -> Result<WithStatus<WeightsPage>, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let lang = admin.lang();
    let page = WeightsPage {
        layout: admin.layout_t("factor-weights-title"),
        lang,
        rows: values
            .into_iter()
            .enumerate()
            .map(|(i, v)| (FIELDS[i].to_string(), month_in(lang, i as u32 + 1), v))
            .collect(),
        errors: errors.shown(lang),
        weighted,
    };
    Ok(with_status(page, status))
}

/// The twelve weights, or `None` when every field is blank (equal months).
fn parse_weights(values: &[String]) -> Result<Option<[Decimal; 12]>, FieldErrors> {
    if values.iter().all(|v| v.trim().is_empty()) {
        return Ok(None);
    }
    let mut errors = FieldErrors::new();
    let mut weights = [Decimal::ONE; 12];
    for (i, value) in values.iter().enumerate() {
        let w = crate::input::decimal(&mut errors, FIELDS[i], value, Decimal::ZERO, 4);
        if !errors.has(FIELDS[i]) && (w <= Decimal::ZERO || w >= Decimal::from(10_000)) {
            errors.add(FIELDS[i], Key("yearly-weight-invalid"));
        }
        weights[i] = w;
    }
    errors.into_result()?;
    Ok(Some(weights))
}

async fn save_weights(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<PageOr<WithStatus<WeightsPage>>, AppError> {
    let values: Vec<String> = FIELDS
        .iter()
        .map(|f| {
            posted
                .iter()
                .find(|(k, _)| k == f)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect();
    let weights = match parse_weights(&values) {
        Ok(weights) => weights,
        Err(errors) => return render_weights(&admin, values, errors, true).map(Either::Left),
    };
    let actor = admin.user.clone();
    db(&pool, move |conn| {
        sheets::save_weights(conn, &actor, weights)
    })
    .await?;
    admin.session.flash(
        FlashLevel::Success,
        match weights {
            Some(_) => admin.lang().t("yearly-weights-saved"),
            None => admin.lang().t("yearly-weights-cleared"),
        },
    );
    Ok(Either::Right(see_other("/admin/seasonal-weights")))
}
