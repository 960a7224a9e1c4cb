//! Organisation settings: name, base currency, time zone, fiscal year
//! start, and the language of everyone who has not chosen their own.

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use serde::Deserialize;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::organisation::{Organisation, OrganisationChanges};
use crate::error::FieldMessages;
use crate::i18n::{Lang, Msg};
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
    lang: Lang,
    form: OrganisationForm,
    errors: FieldMessages,
    months: Vec<SelectOption>,
    currencies: Vec<SelectOption>,
    zones: Vec<SelectOption>,
    languages: Vec<SelectOption>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OrganisationForm {
    name: String,
    currency_code: String,
    time_zone: String,
    fiscal_year_start_month: String,
    language: String,
}

impl OrganisationForm {
    fn from_org(org: &Organisation) -> Self {
        OrganisationForm {
            name: org.name.clone(),
            currency_code: org.currency_code.clone(),
            time_zone: org.time_zone.clone(),
            fiscal_year_start_month: org.fiscal_year_start_month.to_string(),
            language: org.language.as_str().to_string(),
        }
    }

    fn changes(&self) -> Result<OrganisationChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = input::required(&mut errors, "name", &self.name, 120);
        let currency_code = self.currency_code.trim().to_ascii_uppercase();
        let minor_unit = crate::domain::currency::minor_unit(&currency_code);
        if minor_unit.is_none() {
            errors.add("currency_code", Msg::new("organisation-currency-unknown"));
        }
        let time_zone = self.time_zone.trim().to_string();
        if time_zone.parse::<chrono_tz::Tz>().is_err() {
            errors.add("time_zone", Msg::new("organisation-zone-unknown"));
        }
        let month = input::integer(
            &mut errors,
            "fiscal_year_start_month",
            &self.fiscal_year_start_month,
            1,
            12,
        );
        let language = Lang::parse(&self.language);
        if language.is_none() {
            errors.add("language", Msg::new("organisation-language-unknown"));
        }
        errors.into_result().map(|()| OrganisationChanges {
            name,
            currency_code,
            currency_minor_unit: minor_unit.unwrap_or(0) as i16,
            time_zone,
            fiscal_year_start_month: month as i16,
            language: language.unwrap_or_default(),
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

fn page(admin: &RequireAdmin, form: OrganisationForm, errors: &FieldErrors) -> OrganisationPage {
    let lang = admin.lang();
    let currencies = crate::domain::currency::circulating()
        .into_iter()
        .map(|(code, name)| SelectOption::new(code, format!("{code} · {name}")))
        .collect();
    let zones = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| SelectOption::new(tz.name(), tz.name()))
        .collect();
    // Month names as the reader's language writes them ("1월", "January").
    let months = (1..=12u32)
        .map(|m| {
            let first = NaiveDate::from_ymd_opt(2026, m, 1).expect("a month");
            SelectOption::new(m, lang.month_name(first))
        })
        .collect();
    OrganisationPage {
        layout: admin.layout_t("organisation-title"),
        lang,
        currencies: with_current(currencies, form.currency_code.trim()),
        zones: with_current(zones, form.time_zone.trim()),
        languages: Lang::ALL
            .iter()
            .map(|l| SelectOption::new(l.as_str(), l.endonym()))
            .collect(),
        form,
        errors: errors.shown(lang),
        months,
    }
}

async fn edit(admin: RequireAdmin) -> OrganisationPage {
    let form = OrganisationForm::from_org(&admin.org);
    page(&admin, form, &FieldErrors::new())
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
                page(&admin, form, &errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )));
        }
    };
    let actor = admin.user.id;
    // The flash is read on the next page, in the language saved now
    // unless the admin chose their own.
    let lang = admin.user.language.unwrap_or(changes.language);
    db(&pool, move |conn| {
        crate::org::accounts::update_organisation(conn, actor, &changes)
    })
    .await?;
    admin
        .session
        .flash(FlashLevel::Success, lang.t("organisation-saved"));
    Ok(Either::Right(see_other("/admin/organisation")))
}
