//! Admin page for periods: the stored months, quarters, years and custom
//! ranges with how many goals use each. Standard periods (this or next
//! month, quarter, year) are created with one click; custom ranges from a
//! short form. Each creation is audited.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use diesel::PgConnection;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::goals::Goal;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::domain::period::{Period, PeriodError, PeriodKind};
use crate::error::FieldMessages;
use crate::goals::periods;
use crate::i18n::{Key, Lang, Msg};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/periods", index)
        .post("/admin/periods", create_custom)
        .post("/admin/periods/standard", create_standard);
}

/// The one-click periods: (form value, kind, next rather than current).
const STANDARD: [(&str, PeriodKind, bool); 6] = [
    ("month", PeriodKind::Month, false),
    ("next-month", PeriodKind::Month, true),
    ("quarter", PeriodKind::Quarter, false),
    ("next-quarter", PeriodKind::Quarter, true),
    ("year", PeriodKind::Year, false),
    ("next-year", PeriodKind::Year, true),
];

/// The standard period a button stands for, on `today`.
fn standard_period(value: &str, today: NaiveDate, fiscal_start: u32) -> Option<Period> {
    let (_, kind, next) = STANDARD.iter().find(|(v, _, _)| *v == value)?;
    let current = Period::containing(*kind, today, fiscal_start)?;
    if *next { current.next() } else { Some(current) }
}

pub struct PeriodListRow {
    pub name: String,
    pub kind: String,
    pub start: String,
    pub end: String,
    pub days: i64,
    pub goals: i64,
    pub current: bool,
}

/// A one-click button: its form value and the period's name.
pub struct StandardButton {
    pub value: &'static str,
    pub caption: String,
    pub name: String,
    pub exists: bool,
}

#[derive(serde::Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub struct CustomForm {
    name: String,
    start_date: String,
    end_date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/periods/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    rows: Vec<PeriodListRow>,
    buttons: Vec<StandardButton>,
    form: CustomForm,
    errors: FieldMessages,
}

async fn index(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
) -> Result<WithStatus<IndexPage>, AppError> {
    render(&pool, &admin, CustomForm::default(), FieldErrors::new()).await
}

async fn render(
    pool: &DbPool,
    admin: &RequireAdmin,
    form: CustomForm,
    errors: FieldErrors,
) -> Result<WithStatus<IndexPage>, AppError> {
    let org = admin.org.clone();
    let f = admin.fmt();
    let (rows, buttons) = db(pool, move |conn| list(conn, &org, &f)).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = IndexPage {
        layout: admin.layout_t("nav-periods"),
        lang: admin.lang(),
        rows,
        buttons,
        form,
        errors: errors.shown(admin.lang()),
    };
    Ok(with_status(page, status))
}

fn list(
    conn: &mut PgConnection,
    org: &Organisation,
    f: &Fmt,
) -> Result<(Vec<PeriodListRow>, Vec<StandardButton>), AppError> {
    let today = crate::goals::progress::org_today(org);
    let fiscal = org.fiscal_start_month();
    let stored = PeriodRow::all(conn)?;
    let counts = Goal::count_by_period(conn)?;
    let rows = stored
        .iter()
        .map(|p| {
            let span = p.period();
            PeriodListRow {
                name: period_name(f, p),
                kind: f.lang.t(kind_label(span.kind)),
                start: f.day(p.start_date),
                end: f.day(p.end_date),
                days: span.total_days(),
                goals: counts.get(&p.id).copied().unwrap_or_default(),
                current: span.contains(today),
            }
        })
        .collect();
    let captions = [
        "admin-period-this-month",
        "admin-period-next-month",
        "admin-period-this-quarter",
        "admin-period-next-quarter",
        "admin-period-this-year",
        "admin-period-next-year",
    ];
    let buttons = STANDARD
        .iter()
        .zip(captions)
        .filter_map(|((value, _, _), caption)| {
            let span = standard_period(value, today, fiscal)?;
            Some(StandardButton {
                value,
                caption: f.lang.t(caption),
                name: f.lang.period_name(span.name(fiscal)),
                exists: stored.iter().any(|p| p.period() == span),
            })
        })
        .collect();
    Ok((rows, buttons))
}

fn kind_label(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Month => "admin-period-kind-month",
        PeriodKind::Quarter => "admin-period-kind-quarter",
        PeriodKind::Year => "admin-period-kind-year",
        PeriodKind::Custom => "admin-period-kind-custom",
    }
}

/// A stored period as the reader reads it: a custom one by the name it was
/// given, a standard one in the reader's language.
fn period_name(f: &Fmt, row: &PeriodRow) -> String {
    if row.period().kind == PeriodKind::Custom {
        row.name.clone()
    } else {
        f.period(row)
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StandardForm {
    span: String,
}

/// Creates this or next month, quarter or year (nothing if it exists).
async fn create_standard(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<StandardForm>,
) -> Result<HttpResponse, AppError> {
    let today = crate::goals::progress::org_today(&admin.org);
    let fiscal = admin.org.fiscal_start_month();
    let Some(span) = standard_period(&form.span, today, fiscal) else {
        return Err(AppError::Invalid(FieldErrors::one(
            "span",
            Key("admin-period-choose-span"),
        )));
    };
    let actor = admin.user.id;
    let (row, created) = db(&pool, move |conn| {
        periods::ensure_standard(conn, actor, span, fiscal)
    })
    .await?;
    let f = admin.fmt();
    let name = period_name(&f, &row);
    if created {
        let message = f.lang.tr("admin-period-created", [("name", name.into())]);
        admin.session.flash(FlashLevel::Success, message);
    } else {
        let message = f.lang.tr("admin-period-exists", [("name", name.into())]);
        admin.session.flash(FlashLevel::Info, message);
    }
    Ok(see_other("/admin/periods"))
}

/// A custom range checked without the database.
#[derive(Debug)]
struct CustomFields {
    name: String,
    period: Period,
}

fn validate(form: &CustomForm) -> Result<CustomFields, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = input::required(&mut errors, "name", &form.name, 120);
    let start = date(&mut errors, "start_date", &form.start_date);
    let end = date(&mut errors, "end_date", &form.end_date);
    let mut period = None;
    if let (Some(start), Some(end)) = (start, end) {
        match Period::custom(start, end) {
            Ok(p) => period = Some(p),
            Err(PeriodError::EndBeforeStart) => {
                errors.add("end_date", Key("admin-period-end-before-start"));
            }
            Err(PeriodError::TooLong { max_years }) => errors.add(
                "end_date",
                Msg::new("admin-period-too-long").arg("years", max_years),
            ),
        }
    }
    match period {
        Some(period) if errors.is_empty() => Ok(CustomFields { name, period }),
        _ => Err(errors),
    }
}

fn date(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, input::REQUIRED);
        return None;
    }
    crate::domain::business_date::parse(value)
        .map_err(|e| errors.add(field, input::date_message(&e)))
        .ok()
}

async fn create_custom(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<CustomForm>,
) -> Result<PageOr<WithStatus<IndexPage>>, AppError> {
    let form = form.into_inner();
    let fields = match validate(&form) {
        Ok(fields) => fields,
        Err(errors) => return render(&pool, &admin, form, errors).await.map(Either::Left),
    };
    let actor = admin.user.id;
    let created = db(&pool, move |conn| {
        periods::create(conn, actor, &fields.period, &fields.name)
    })
    .await;
    match created {
        Ok(row) => {
            let message = admin
                .lang()
                .tr("admin-period-created", [("name", row.name.clone().into())]);
            admin.session.flash(FlashLevel::Success, message);
            Ok(Either::Right(see_other("/admin/periods")))
        }
        Err(AppError::Invalid(errors)) => {
            render(&pool, &admin, form, errors).await.map(Either::Left)
        }
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form(name: &str, start: &str, end: &str) -> CustomForm {
        CustomForm {
            name: name.into(),
            start_date: start.into(),
            end_date: end.into(),
        }
    }

    #[test]
    fn buttons_name_this_and_next_period_with_the_fiscal_year() {
        let today = d(2026, 12, 15);
        assert_eq!(
            standard_period("next-month", today, 1).unwrap().start,
            d(2027, 1, 1)
        );
        let quarter = standard_period("quarter", today, 4).unwrap();
        assert_eq!(
            (quarter.start, quarter.end),
            (d(2026, 10, 1), d(2026, 12, 31))
        );
        assert_eq!(
            standard_period("next-year", today, 4).unwrap().start,
            d(2027, 4, 1)
        );
        assert!(standard_period("week", today, 1).is_none());
    }

    #[test]
    fn a_custom_range_needs_a_name_and_ordered_dates_within_three_years() {
        assert!(validate(&form("Spring push", "2026-03-01", "2026-04-15")).is_ok());
        let backwards = validate(&form("x", "2026-04-15", "2026-03-01")).unwrap_err();
        assert!(
            backwards
                .english("end_date")
                .unwrap()
                .contains("on or after")
        );
        let long = validate(&form("x", "2026-01-01", "2029-01-01")).unwrap_err();
        assert!(long.english("end_date").unwrap().contains("3 years"));
        let blank = validate(&form(" ", "soon", "")).unwrap_err();
        assert!(blank.english("name").is_some());
        assert!(blank.english("start_date").unwrap().contains("2026-03-31"));
        assert!(blank.english("end_date").is_some());
    }
}
