//! Organisation settings: name, base currency, time zone, fiscal year start.

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::organisation::{Organisation, OrganisationChanges};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/organisation", edit)
        .post("/admin/organisation", update);
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    form: OrganisationForm,
    errors: FieldErrors,
    months: Vec<SelectOption>,
    currencies: Vec<SelectOption>,
    zones: Vec<SelectOption>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OrganisationForm {
    name: String,
    currency_code: String,
    time_zone: String,
    fiscal_year_start_month: String,
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

impl OrganisationForm {
    fn from_org(org: &Organisation) -> Self {
        OrganisationForm {
            name: org.name.clone(),
            currency_code: org.currency_code.clone(),
            time_zone: org.time_zone.clone(),
            fiscal_year_start_month: org.fiscal_year_start_month.to_string(),
        }
    }

    fn changes(&self) -> Result<OrganisationChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = input::required(&mut errors, "name", &self.name, 120);
        let currency_code = self.currency_code.trim().to_ascii_uppercase();
        let minor_unit = crate::domain::currency::minor_unit(&currency_code);
        if minor_unit.is_none() {
            errors.add(
                "currency_code",
                "Choose an ISO 4217 currency from the list, such as USD, EUR or KRW.",
            );
        }
        let time_zone = self.time_zone.trim().to_string();
        if time_zone.parse::<chrono_tz::Tz>().is_err() {
            errors.add(
                "time_zone",
                "Choose an IANA time zone from the list, such as Asia/Seoul or America/New_York.",
            );
        }
        let month = input::integer(
            &mut errors,
            "fiscal_year_start_month",
            &self.fiscal_year_start_month,
            1,
            12,
        );
        errors.into_result().map(|()| OrganisationChanges {
            name,
            currency_code,
            currency_minor_unit: minor_unit.unwrap_or(0) as i16,
            time_zone,
            fiscal_year_start_month: month as i16,
        })
    }
}

/// The choices of a `<select>`, with `current` kept when the list lacks it
/// (a code stored before the list narrowed), so saving the form keeps it.
fn with_current(mut options: Vec<SelectOption>, current: &str) -> Vec<SelectOption> {
    if !current.is_empty() && !options.iter().any(|o| o.value == current) {
        options.insert(0, SelectOption::new(current, current));
    }
    options
}

fn page(admin: &RequireAdmin, form: OrganisationForm, errors: FieldErrors) -> OrganisationPage {
    let currencies = crate::domain::currency::circulating()
        .into_iter()
        .map(|(code, name)| SelectOption::new(code, format!("{code} · {name}")))
        .collect();
    let zones = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| SelectOption::new(tz.name(), tz.name()))
        .collect();
    OrganisationPage {
        layout: admin.layout("Organisation"),
        currencies: with_current(currencies, form.currency_code.trim()),
        zones: with_current(zones, form.time_zone.trim()),
        form,
        errors,
        months: MONTHS
            .iter()
            .enumerate()
            .map(|(i, m)| SelectOption::new(i + 1, *m))
            .collect(),
    }
}

async fn edit(admin: RequireAdmin) -> OrganisationPage {
    let form = OrganisationForm::from_org(&admin.org);
    page(&admin, form, FieldErrors::new())
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<OrganisationForm>,
) -> Result<PageOr<WithStatus<OrganisationPage>>, AppError> {
    let form = form.into_inner();
    let changes = match form.changes() {
        Ok(changes) => changes,
        Err(errors) => {
            return Ok(Either::Left(with_status(
                page(&admin, form, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )));
        }
    };
    let actor = admin.user.id;
    db(&pool, move |conn| {
        crate::org::accounts::update_organisation(conn, actor, &changes)
    })
    .await?;
    admin
        .session
        .flash(FlashLevel::Success, "Organisation settings saved.");
    Ok(Either::Right(see_other("/admin/organisation")))
}
