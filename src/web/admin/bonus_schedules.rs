//! Admin pages for bonus schedules: the list with each ladder, and one
//! form to create or edit a schedule with its tiers (ascending thresholds,
//! rates of 0 or more; bad input comes back with messages and 422).

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::bonus::{self, LoadedSchedule, ScheduleFields};
use crate::db::metrics::Metric;
use crate::domain::bonus::{Basis, check_tiers, rate_label};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db, format};

pub fn routes(r: &mut Routes) {
    r.get("/admin/bonus-schedules", index)
        .get("/admin/bonus-schedules/new", new)
        .post("/admin/bonus-schedules", create)
        .get(r"/admin/bonus-schedules/{id:\d+}", edit)
        .post(r"/admin/bonus-schedules/{id:\d+}", update);
}

/// How many tier rows the form offers.
pub const TIER_ROWS: usize = 8;
const THRESHOLDS: [&str; TIER_ROWS] = [
    "threshold_1",
    "threshold_2",
    "threshold_3",
    "threshold_4",
    "threshold_5",
    "threshold_6",
    "threshold_7",
    "threshold_8",
];
const RATES: [&str; TIER_ROWS] = [
    "rate_1", "rate_2", "rate_3", "rate_4", "rate_5", "rate_6", "rate_7", "rate_8",
];
/// NUMERIC(8, 4) holds rates below 10,000.
const RATE_LIMIT: i64 = 10_000;

/// The form as typed.
#[derive(Default, Clone, Debug, Serialize)]
pub struct ScheduleForm {
    pub name: String,
    pub description: String,
    pub basis: String,
    pub metric_id: String,
    pub active: bool,
    /// (threshold, rate) per row, as typed.
    pub tiers: Vec<(String, String)>,
}

impl ScheduleForm {
    fn from_pairs(pairs: &[(String, String)]) -> ScheduleForm {
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        ScheduleForm {
            name: get("name"),
            description: get("description"),
            basis: get("basis"),
            metric_id: get("metric_id"),
            active: pairs.iter().any(|(k, _)| k == "active"),
            tiers: (0..TIER_ROWS)
                .map(|i| (get(THRESHOLDS[i]), get(RATES[i])))
                .collect(),
        }
    }

    fn of(schedule: &LoadedSchedule) -> ScheduleForm {
        let mut tiers: Vec<(String, String)> = schedule
            .tiers
            .iter()
            .map(|t| {
                (
                    t.threshold.normalize().to_string(),
                    t.rate.normalize().to_string(),
                )
            })
            .collect();
        tiers.resize(TIER_ROWS.max(tiers.len()), Default::default());
        ScheduleForm {
            name: schedule.row.name.clone(),
            description: schedule.row.description.clone(),
            basis: schedule.row.basis.clone(),
            metric_id: schedule
                .row
                .metric_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            active: schedule.row.active,
            tiers,
        }
    }

    fn blank() -> ScheduleForm {
        ScheduleForm {
            basis: Basis::Attainment.as_str().into(),
            active: true,
            tiers: vec![Default::default(); TIER_ROWS],
            ..ScheduleForm::default()
        }
    }

    /// Checks every field; `metrics` are the metrics a ladder may count.
    pub fn validate(&self, metrics: &[Metric]) -> Result<ScheduleFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = input::required(&mut errors, "name", &self.name, 120);
        let description = self.description.trim().to_string();
        if description.chars().count() > 500 {
            errors.add("description", "Use at most 500 characters.");
        }
        let basis = Basis::parse(&self.basis);
        if basis.is_none() {
            errors.add("basis", "Choose attainment % or a metric's value.");
        }
        let metric_id = match basis {
            Some(Basis::MetricValue) => {
                let id = input::optional_id(&mut errors, "metric_id", &self.metric_id);
                match id {
                    Some(id) if metrics.iter().any(|m| m.id == id) => Some(id),
                    Some(_) => {
                        errors.add("metric_id", "Choose a metric from the list.");
                        None
                    }
                    None => {
                        errors.add(
                            "metric_id",
                            "Choose the metric whose value the tiers count.",
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        let mut pairs = Vec::new();
        let mut rows = Vec::new();
        for (i, (threshold, rate)) in self.tiers.iter().enumerate().take(TIER_ROWS) {
            if threshold.trim().is_empty() && rate.trim().is_empty() {
                continue;
            }
            if threshold.trim().is_empty() {
                errors.add(THRESHOLDS[i], "Enter the threshold of this tier.");
                continue;
            }
            if rate.trim().is_empty() {
                errors.add(RATES[i], "Enter the rate of this tier.");
                continue;
            }
            let t = input::decimal(&mut errors, THRESHOLDS[i], threshold, Decimal::MIN, 2);
            let r = input::decimal(&mut errors, RATES[i], rate, Decimal::MIN, 4);
            if errors.get(RATES[i]).is_none() && r >= Decimal::from(RATE_LIMIT) {
                errors.add(RATES[i], "Keep the rate below 10,000.");
            }
            if errors.get(THRESHOLDS[i]).is_none() && errors.get(RATES[i]).is_none() {
                pairs.push((t, r));
                rows.push(i);
            }
        }
        if pairs.is_empty()
            && rows.is_empty()
            && !self
                .tiers
                .iter()
                .any(|(t, r)| !t.trim().is_empty() || !r.trim().is_empty())
        {
            errors.add("tiers", "Add at least one tier.");
        }
        let tiers = match check_tiers(&pairs) {
            Ok(tiers) => tiers,
            Err(problems) => {
                for (index, problem) in problems {
                    let row = rows[index];
                    let field = match problem {
                        crate::domain::bonus::TierError::NegativeRate => RATES[row],
                        _ => THRESHOLDS[row],
                    };
                    errors.add(field, problem.message());
                }
                Vec::new()
            }
        };
        errors.into_result()?;
        Ok(ScheduleFields {
            name,
            description,
            basis: basis.unwrap_or(Basis::Attainment),
            metric_id,
            active: self.active,
            tiers,
        })
    }
}

/// One schedule in the list.
pub struct ScheduleRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub basis: String,
    pub active: bool,
    /// "80% → 0.5×", "15 → 0.5×", in order.
    pub ladder: Vec<String>,
    pub goals: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/bonus_schedules/index.html")]
struct IndexPage {
    layout: Layout,
    rows: Vec<ScheduleRow>,
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<IndexPage, AppError> {
    let org = admin.org.clone();
    let rows = db(&pool, move |conn| {
        let metrics = Metric::all(conn)?;
        let mut rows = Vec::new();
        for schedule in bonus::load_all(conn)? {
            let metric = schedule
                .row
                .metric_id
                .and_then(|id| metrics.iter().find(|m| m.id == id));
            let basis = match metric {
                Some(m) => format!("{} value", m.name),
                None => "Attainment %".to_string(),
            };
            let ladder = schedule
                .tiers
                .iter()
                .map(|t| {
                    let from = match metric {
                        Some(m) => format::value(t.threshold, m.unit.as_str(), &org),
                        None => format!("{}%", t.threshold.normalize()),
                    };
                    format!("{from} → {}", rate_label(t.rate))
                })
                .collect();
            rows.push(ScheduleRow {
                id: schedule.row.id,
                goals: bonus::goals_using(conn, schedule.row.id)?,
                name: schedule.row.name,
                description: schedule.row.description,
                basis,
                active: schedule.row.active,
                ladder,
            });
        }
        Ok(rows)
    })
    .await?;
    let page = IndexPage {
        layout: admin.layout("Bonus schedules"),
        rows,
    };
    Ok(page)
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/bonus_schedules/form.html")]
struct FormPage {
    layout: Layout,
    /// None while creating.
    id: Option<i64>,
    form: ScheduleForm,
    errors: FieldErrors,
    metrics: Vec<SelectOption>,
    rows: Vec<(usize, &'static str, &'static str, String, String)>,
}

async fn render_form(
    pool: &DbPool,
    admin: &RequireAdmin,
    id: Option<i64>,
    form: ScheduleForm,
    errors: FieldErrors,
) -> Result<WithStatus<FormPage>, AppError> {
    let metrics = db(pool, |conn| Ok(Metric::active(conn)?)).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let rows = (0..TIER_ROWS)
        .map(|i| {
            let (t, r) = form.tiers.get(i).cloned().unwrap_or_default();
            (i + 1, THRESHOLDS[i], RATES[i], t, r)
        })
        .collect();
    let page = FormPage {
        layout: admin.layout(match id {
            Some(_) => "Edit bonus schedule",
            None => "New bonus schedule",
        }),
        id,
        form,
        errors,
        metrics: metrics
            .into_iter()
            .map(|m| SelectOption::new(m.id, m.name))
            .collect(),
        rows,
    };
    Ok(with_status(page, status))
}

async fn new(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
) -> Result<WithStatus<FormPage>, AppError> {
    render_form(
        &pool,
        &admin,
        None,
        ScheduleForm::blank(),
        FieldErrors::new(),
    )
    .await
}

async fn edit(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<WithStatus<FormPage>, AppError> {
    let id = path.into_inner();
    let schedule = db(&pool, move |conn| Ok(bonus::load(conn, id)?)).await?;
    render_form(
        &pool,
        &admin,
        Some(id),
        ScheduleForm::of(&schedule),
        FieldErrors::new(),
    )
    .await
}

async fn create(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    save(pool, admin, None, ScheduleForm::from_pairs(&posted)).await
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    let id = path.into_inner();
    // 404 for a schedule that does not exist, before any validation.
    db(&pool, move |conn| Ok(bonus::BonusSchedule::find(conn, id)?)).await?;
    save(pool, admin, Some(id), ScheduleForm::from_pairs(&posted)).await
}

async fn save(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: Option<i64>,
    form: ScheduleForm,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    let metrics = db(&pool, |conn| Ok(Metric::active(conn)?)).await?;
    let fields = match form.validate(&metrics) {
        Ok(fields) => fields,
        Err(errors) => {
            return render_form(&pool, &admin, id, form, errors)
                .await
                .map(Either::Left);
        }
    };
    let actor = admin.user.id;
    let saved = db(&pool, move |conn| {
        crate::rewards::bonus_schedules::save(conn, actor, id, &fields)
    })
    .await;
    match saved {
        Ok(row) => {
            admin.session.flash(
                FlashLevel::Success,
                format!("Saved the bonus schedule {}.", row.name),
            );
            Ok(Either::Right(see_other("/admin/bonus-schedules")))
        }
        Err(AppError::Invalid(errors)) => render_form(&pool, &admin, id, form, errors)
            .await
            .map(Either::Left),
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(basis: &str, tiers: &[(&str, &str)]) -> ScheduleForm {
        let mut rows: Vec<(String, String)> = tiers
            .iter()
            .map(|(t, r)| (t.to_string(), r.to_string()))
            .collect();
        rows.resize(TIER_ROWS, Default::default());
        ScheduleForm {
            name: "Q4 push".into(),
            description: String::new(),
            basis: basis.into(),
            metric_id: String::new(),
            active: true,
            tiers: rows,
        }
    }

    #[test]
    fn tiers_are_numbered_in_order_and_blank_rows_skipped() {
        let mut f = form("attainment", &[("80", "0.5"), ("", ""), ("100", "1")]);
        f.tiers.swap(1, 2);
        let fields = f.validate(&[]).unwrap();
        assert_eq!(fields.tiers.len(), 2);
        assert_eq!(fields.tiers[1].position, 2);
    }

    #[test]
    fn bad_tiers_get_messages_on_their_row() {
        let errors = form("attainment", &[("100", "1"), ("90", "-1"), ("x", "1")])
            .validate(&[])
            .unwrap_err();
        assert!(errors.get("threshold_2").unwrap().contains("above"));
        assert!(errors.get("rate_2").is_some());
        assert!(errors.get("threshold_3").is_some());
        let errors = form("attainment", &[]).validate(&[]).unwrap_err();
        assert!(errors.get("tiers").is_some());
        let errors = form("metric_value", &[("15", "1")])
            .validate(&[])
            .unwrap_err();
        assert!(errors.get("metric_id").is_some());
        let errors = form("attainment", &[("80", "")]).validate(&[]).unwrap_err();
        assert!(errors.get("rate_1").is_some());
    }
}
