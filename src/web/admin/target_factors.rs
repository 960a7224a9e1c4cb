//! The calendar factors of the target formula (admins): twelve seasonal
//! adjustment factors and the market factor of each month of a year. Not
//! to be confused with the seasonal weights, which spread yearly goals over
//! the months. Blank means not set (the factor counts as 1).

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::Datelike;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::target_factors;
use crate::domain::target::check_factor;
use crate::goals::targets::factors::{set_market_factors, set_seasonal_factors};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::sheets::month_name;
use crate::web::targets::view::{HistoryLine, history_shown};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/target-factors", page)
        .post("/admin/target-factors/seasonal", save_seasonal)
        .post("/admin/target-factors/market", save_market);
}

const SEASONAL: [&str; 12] = [
    "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12",
];
const MARKET: [&str; 12] = [
    "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12",
];

/// One month's input.
pub struct MonthInput {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
}

/// One of the two forms: twelve inputs, a reason and the messages.
pub struct FactorForm {
    pub inputs: Vec<MonthInput>,
    pub reason: String,
    pub errors: FieldErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/target_factors.html")]
struct Page {
    layout: Layout,
    lang: crate::i18n::Lang,
    seasonal: FactorForm,
    market: FactorForm,
    year: i32,
    history: Vec<HistoryLine>,
}

fn text(value: Option<Decimal>) -> String {
    value.map(|v| v.normalize().to_string()).unwrap_or_default()
}

fn form(names: &[&'static str; 12], values: [String; 12]) -> FactorForm {
    FactorForm {
        inputs: values
            .into_iter()
            .enumerate()
            .map(|(i, value)| MonthInput {
                name: names[i],
                label: month_name(i as u32 + 1),
                value,
            })
            .collect(),
        reason: String::new(),
        errors: FieldErrors::new(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct YearQuery {
    year: Option<String>,
}

fn year_of(text: Option<&str>, this_year: i32) -> Result<i32, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(this_year),
        Some(t) => t
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2999).contains(y))
            .ok_or(AppError::NotFound),
    }
}

/// The stored values, with `failed` (a form that did not save) in place
/// of its form.
async fn render(
    pool: &DbPool,
    admin: &RequireAdmin,
    year: i32,
    failed_seasonal: Option<FactorForm>,
    failed_market: Option<FactorForm>,
) -> Result<WithStatus<Page>, AppError> {
    let (seasonal, market, lines) = db(pool, move |conn| {
        let seasonal = target_factors::seasonal_factors(conn)?;
        let market = target_factors::market_factors_of_year(conn, year)?;
        let lines = target_factors::recent_revisions(conn, None, 20)?;
        Ok((seasonal, market, lines))
    })
    .await?;
    let status = if failed_seasonal.is_some() || failed_market.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let seasonal = failed_seasonal.unwrap_or_else(|| form(&SEASONAL, seasonal.map(text)));
    let market = failed_market.unwrap_or_else(|| {
        let values: [String; 12] = std::array::from_fn(|i| {
            text(
                market
                    .iter()
                    .find(|(_, start, _)| start.month() == i as u32 + 1)
                    .map(|(_, _, f)| *f),
            )
        });
        form(&MARKET, values)
    });
    let page = Page {
        layout: admin.layout_t("factor-page-title"),
        lang: admin.lang(),
        seasonal,
        market,
        year,
        history: history_shown(lines, &admin.fmt()),
    };
    Ok(with_status(page, status))
}

async fn page(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    query: web::Query<YearQuery>,
) -> Result<WithStatus<Page>, AppError> {
    let this_year = crate::goals::progress::org_today(&admin.org).year();
    let year = year_of(query.year.as_deref(), this_year)?;
    render(&pool, &admin, year, None, None).await
}

/// The twelve posted factors (blank: not set), or the form with messages.
fn parse(
    names: &[&'static str; 12],
    posted: &[(String, String)],
) -> Result<([Option<Decimal>; 12], Option<String>), FactorForm> {
    let field = |name: &str| {
        posted
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut errors = FieldErrors::new();
    let values: [String; 12] = std::array::from_fn(|i| field(names[i]));
    let mut factors = [None; 12];
    for (i, value) in values.iter().enumerate() {
        if value.is_empty() {
            continue;
        }
        let number = input::decimal(&mut errors, names[i], value, Decimal::ZERO, 4);
        if errors.has(names[i]) {
            continue;
        }
        match check_factor(number) {
            Ok(f) => factors[i] = Some(f),
            Err(e) => errors.add(names[i], crate::goals::targets::target_error(&e)),
        }
    }
    let reason = field("reason");
    if reason.chars().count() > crate::sales::form::NOTE_MAX {
        errors.add(
            "reason",
            crate::i18n::Msg::new("factors-reason-too-long")
                .arg("max", crate::sales::form::NOTE_MAX),
        );
    }
    if errors.is_empty() {
        return Ok((factors, (!reason.is_empty()).then_some(reason)));
    }
    let mut failed = form(names, values);
    failed.reason = reason;
    failed.errors = errors;
    Err(failed)
}

fn changed_message(changed: usize, what: &str) -> String {
    match changed {
        0 => format!("Nothing changed in the {what}."),
        1 => format!("Saved 1 change to the {what}."),
        n => format!("Saved {n} changes to the {what}."),
    }
}

async fn save_seasonal(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<PageOr<WithStatus<Page>>, AppError> {
    let this_year = crate::goals::progress::org_today(&admin.org).year();
    let (factors, reason) = match parse(&SEASONAL, &posted) {
        Ok(parsed) => parsed,
        Err(failed) => {
            return render(&pool, &admin, this_year, Some(failed), None)
                .await
                .map(Either::Left);
        }
    };
    let actor = admin.user.clone();
    let changed = db(&pool, move |conn| {
        set_seasonal_factors(conn, &actor, factors, reason.as_deref())
    })
    .await?;
    admin.session.flash(
        FlashLevel::Success,
        changed_message(changed, "seasonal factors"),
    );
    Ok(Either::Right(see_other("/admin/target-factors")))
}

async fn save_market(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<PageOr<WithStatus<Page>>, AppError> {
    let this_year = crate::goals::progress::org_today(&admin.org).year();
    let posted_year = posted
        .iter()
        .find(|(k, _)| k == "year")
        .map(|(_, v)| v.as_str());
    let year = year_of(posted_year, this_year)
        .map_err(|_| AppError::BadRequest(crate::i18n::Msg::new("factors-year-range")))?;
    let (factors, reason) = match parse(&MARKET, &posted) {
        Ok(parsed) => parsed,
        Err(failed) => {
            return render(&pool, &admin, year, None, Some(failed))
                .await
                .map(Either::Left);
        }
    };
    let actor = admin.user.clone();
    let fiscal = admin.org.fiscal_start_month();
    let changed = db(&pool, move |conn| {
        set_market_factors(conn, &actor, year, factors, fiscal, reason.as_deref())
    })
    .await?;
    admin.session.flash(
        FlashLevel::Success,
        changed_message(changed, &format!("{year} market factors")),
    );
    Ok(Either::Right(see_other(format!(
        "/admin/target-factors?year={year}"
    ))))
}
