//! Admin pages for metrics: the nine built-ins (only their name may change)
//! and custom metrics (key, name, unit; deactivated rather than deleted, as
//! events and goals keep referring to them). Every change is audited.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::metrics::{Metric, MetricFields};
use crate::domain::number::Unit;
use crate::error::FieldMessages;
use crate::goals::metric_definitions;
use crate::i18n::{Key, Lang};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/metrics", index)
        .get("/admin/metrics/new", new)
        .post("/admin/metrics", create)
        .get("/admin/metrics/{id}", edit)
        .post("/admin/metrics/{id}", update)
        .post("/admin/metrics/{id}/deactivate", set_active::<false>)
        .post("/admin/metrics/{id}/activate", set_active::<true>);
}

fn unit_label(unit: Unit) -> &'static str {
    match unit {
        Unit::Money => "admin-metric-unit-money",
        Unit::Percent => "admin-metric-unit-percent",
        Unit::Count => "admin-metric-unit-count",
    }
}

#[derive(serde::Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub struct MetricForm {
    key: String,
    name: String,
    unit: String,
}

/// `^[a-z][a-z0-9_]{0,31}$`, the column's CHECK.
fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && key.len() <= 32
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks the form without the database. Editing, the key cannot change,
/// and a built-in keeps its unit: only the name is read from the form.
fn validate(form: &MetricForm, existing: Option<&Metric>) -> Result<MetricFields, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = input::required(&mut errors, "name", &form.name, 60);
    let key = match existing {
        Some(metric) => metric.key.clone(),
        None => {
            let key = form.key.trim().to_lowercase();
            if key.is_empty() {
                errors.add("key", input::REQUIRED);
            } else if !valid_key(&key) {
                errors.add("key", Key("admin-metric-key-invalid"));
            }
            key
        }
    };
    let unit = match existing {
        Some(metric) if metric.built_in => metric.unit,
        _ => form.unit.trim().to_lowercase().parse().unwrap_or_else(|_| {
            errors.add("unit", Key("admin-metric-unit-unknown"));
            Unit::Count
        }),
    };
    errors
        .into_result()
        .map(|()| MetricFields { key, name, unit })
}

pub struct MetricRow {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub unit: String,
    pub built_in: bool,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/metrics/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    built_in: Vec<MetricRow>,
    custom: Vec<MetricRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/metrics/form.html")]
struct FormPage {
    layout: Layout,
    lang: Lang,
    /// `None` when creating.
    metric: Option<Metric>,
    form: MetricForm,
    errors: FieldMessages,
    /// The unit as the reader reads it, for a built-in metric's read-only field.
    unit_shown: String,
    units: Vec<SelectOption>,
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<IndexPage, AppError> {
    let metrics = db(&pool, |conn| Ok(Metric::all(conn)?)).await?;
    let f = admin.fmt();
    let (built_in, custom): (Vec<MetricRow>, Vec<MetricRow>) = metrics
        .into_iter()
        .map(|m| MetricRow {
            id: m.id,
            unit: f.lang.t(unit_label(m.unit)),
            name: f.metric(&m.key, &m.name),
            key: m.key,
            built_in: m.built_in,
            active: m.active,
        })
        .partition(|m| m.built_in);
    let page = IndexPage {
        layout: admin.layout_t("nav-metrics"),
        lang: f.lang,
        built_in,
        custom,
    };
    Ok(page)
}

fn form_page(
    admin: &RequireAdmin,
    metric: Option<Metric>,
    form: MetricForm,
    errors: FieldErrors,
) -> WithStatus<FormPage> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let f = admin.fmt();
    let lang = f.lang;
    let title = match &metric {
        Some(m) => lang.tr(
            "admin-user-edit-heading",
            [("name", f.metric(&m.key, &m.name).into())],
        ),
        None => lang.t("admin-metric-new"),
    };
    let unit_shown = form
        .unit
        .parse::<Unit>()
        .map_or_else(|_| form.unit.clone(), |u| lang.t(unit_label(u)));
    let page = FormPage {
        layout: admin.layout(title),
        lang,
        metric,
        form,
        errors: errors.shown(lang),
        unit_shown,
        units: Unit::ALL
            .into_iter()
            .map(|u| SelectOption::new(u, lang.t(unit_label(u))))
            .collect(),
    };
    with_status(page, status)
}

async fn new(admin: RequireAdmin) -> WithStatus<FormPage> {
    let form = MetricForm {
        unit: "count".into(),
        ..MetricForm::default()
    };
    form_page(&admin, None, form, FieldErrors::new())
}

async fn edit(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<WithStatus<FormPage>, AppError> {
    let id = path.into_inner();
    let metric = db(&pool, move |conn| Ok(Metric::find(conn, id)?)).await?;
    let form = MetricForm {
        key: metric.key.clone(),
        name: metric.name.clone(),
        unit: metric.unit.to_string(),
    };
    Ok(form_page(&admin, Some(metric), form, FieldErrors::new()))
}

async fn create(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<MetricForm>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    save(pool, admin, None, form.into_inner()).await
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    form: web::Form<MetricForm>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    save(pool, admin, Some(path.into_inner()), form.into_inner()).await
}

/// Creates (`id` is `None`) or edits a metric, with its audit entry.
async fn save(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: Option<i64>,
    form: MetricForm,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    // An unknown id is a 404 even when the form is invalid too.
    let existing = match id {
        Some(id) => Some(db(&pool, move |conn| Ok(Metric::find(conn, id)?)).await?),
        None => None,
    };
    let fields = match validate(&form, existing.as_ref()) {
        Ok(fields) => fields,
        Err(errors) => return Ok(Either::Left(form_page(&admin, existing, form, errors))),
    };
    let actor = admin.user.id;
    let saved = db(&pool, move |conn| {
        metric_definitions::save(conn, actor, id, &fields)
    })
    .await;
    match saved {
        Ok(metric) => {
            let message = admin
                .lang()
                .tr("admin-metric-saved", [("name", metric.name.into())]);
            admin.session.flash(FlashLevel::Success, message);
            Ok(Either::Right(see_other("/admin/metrics")))
        }
        Err(AppError::Invalid(errors)) => {
            Ok(Either::Left(form_page(&admin, existing, form, errors)))
        }
        Err(other) => Err(other),
    }
}

/// Deactivates (`ACTIVE` false) or activates a custom metric. Its events
/// and goals stay; it is only no longer offered for new ones. Built-ins
/// stay active: sales, the logger and the dashboards rely on them.
async fn set_active<const ACTIVE: bool>(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (path.into_inner(), admin.user.id);
    let metric = db(&pool, move |conn| {
        metric_definitions::set_active(conn, actor, id, ACTIVE)
    })
    .await?;
    let key = if ACTIVE {
        "admin-catalog-activated"
    } else {
        "admin-catalog-deactivated"
    };
    let message = admin.lang().tr(key, [("name", metric.name.into())]);
    admin.session.flash(FlashLevel::Success, message);
    Ok(see_other("/admin/metrics"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(key: &str, name: &str, unit: &str) -> MetricForm {
        MetricForm {
            key: key.into(),
            name: name.into(),
            unit: unit.into(),
        }
    }

    #[test]
    fn keys_follow_the_column_rule() {
        for good in ["a", "demo_calls", "x2", &format!("a{}", "b".repeat(31))] {
            assert!(valid_key(good), "{good}");
        }
        for bad in [
            "",
            "2x",
            "_a",
            "a-b",
            "a b",
            "é",
            &format!("a{}", "b".repeat(32)),
        ] {
            assert!(!valid_key(bad), "{bad}");
        }
    }

    #[test]
    fn a_new_metric_needs_a_key_a_name_and_a_unit() {
        let fields = validate(&form(" Demo_Calls ", "Demo calls", "count"), None).unwrap();
        assert_eq!(fields.key, "demo_calls");
        let errors = validate(&form("9lives", "", "weight"), None).unwrap_err();
        assert!(errors.has("key"));
        assert!(errors.has("name"));
        assert!(errors.has("unit"));
    }

    #[test]
    fn a_built_in_keeps_its_key_and_unit() {
        let revenue = Metric {
            id: 1,
            key: "revenue".into(),
            name: "Revenue".into(),
            unit: Unit::Money,
            built_in: true,
            active: true,
            position: 1,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        let fields = validate(&form("sales", "Sales", "count"), Some(&revenue)).unwrap();
        assert_eq!(
            (fields.key.as_str(), fields.name.as_str(), fields.unit),
            ("revenue", "Sales", Unit::Money)
        );
    }
}
