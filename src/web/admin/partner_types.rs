//! Admin pages for partner types: what kind of partner someone is, with the
//! minimums that later feed dynamic targets. The pages follow the shared
//! `catalog` flow, which partner tiers use too.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;

use super::catalog::{Catalog, FormPage, Words, create, edit, new, set_active, update};
use crate::auth::RequireAdmin;
use crate::db::DbPool;
use crate::db::partner_types::{PartnerType, PartnerTypeFields};
use crate::i18n::Lang;
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::Layout;
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/partner-types", index)
        .get("/admin/partner-types/new", new::<PartnerType>)
        .post("/admin/partner-types", create::<PartnerType>)
        .get("/admin/partner-types/{id}", edit::<PartnerType>)
        .post("/admin/partner-types/{id}", update::<PartnerType>)
        .post(
            "/admin/partner-types/{id}/deactivate",
            set_active::<PartnerType, false>,
        )
        .post(
            "/admin/partner-types/{id}/activate",
            set_active::<PartnerType, true>,
        );
}

#[derive(serde::Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub struct PartnerTypeForm {
    code: String,
    name: String,
    min_monthly_sales: String,
    min_deal_count: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/partner_types/form.html")]
pub struct FormTemplate {
    layout: Layout,
    lang: Lang,
    page: FormPage<PartnerTypeForm>,
}

impl Catalog for PartnerType {
    type Form = PartnerTypeForm;
    const LIST_PATH: &'static str = "/admin/partner-types";
    const WORDS: Words = Words {
        new: "admin-partner-type-new",
        edit: "admin-partner-type-edit",
        all: "admin-partner-type-all",
        create: "admin-partner-type-create",
        deactivate: "admin-partner-type-deactivate",
        activate: "admin-partner-type-activate",
        deactivated_note: "admin-partner-type-deactivated-note",
        saved: "admin-partner-type-saved",
    };

    fn to_form(&self) -> PartnerTypeForm {
        PartnerTypeForm {
            code: self.code.clone(),
            name: self.name.clone(),
            min_monthly_sales: self.min_monthly_sales.to_string(),
            min_deal_count: self.min_deal_count.to_string(),
        }
    }

    fn validate(form: &PartnerTypeForm) -> Result<PartnerTypeFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let (sales, deals) = (&form.min_monthly_sales, &form.min_deal_count);
        let fields = PartnerTypeFields {
            code: input::code(&mut errors, "code", &form.code),
            name: input::required(&mut errors, "name", &form.name, 120),
            min_monthly_sales: input::decimal(
                &mut errors,
                "min_monthly_sales",
                sales,
                Decimal::ZERO,
                2,
            ),
            min_deal_count: input::integer(&mut errors, "min_deal_count", deals, 0, 100_000),
        };
        errors.into_result().map(|()| fields)
    }

    type Page = FormTemplate;

    fn form_page(layout: Layout, page: FormPage<PartnerTypeForm>) -> FormTemplate {
        FormTemplate {
            layout,
            lang: page.lang,
            page,
        }
    }
}

pub struct PartnerTypeRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub min_monthly_sales: String,
    pub min_deal_count: i32,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/partner_types/index.html")]
struct IndexTemplate {
    layout: Layout,
    lang: Lang,
    rows: Vec<PartnerTypeRow>,
    active_count: usize,
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<IndexTemplate, AppError> {
    let types = db(&pool, |conn| Ok(PartnerType::all(conn)?)).await?;
    let f = admin.fmt();
    let money = |amount| f.money(amount);
    let rows: Vec<PartnerTypeRow> = types
        .into_iter()
        .map(|t| PartnerTypeRow {
            id: t.id,
            min_monthly_sales: money(t.min_monthly_sales),
            code: t.code,
            name: t.name,
            min_deal_count: t.min_deal_count,
            active: t.active,
        })
        .collect();
    let page = IndexTemplate {
        layout: admin.layout_t("nav-partner-types"),
        lang: admin.lang(),
        active_count: rows.iter().filter(|r| r.active).count(),
        rows,
    };
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(code: &str, sales: &str, deals: &str) -> PartnerTypeForm {
        PartnerTypeForm {
            code: code.into(),
            name: "Distributor".into(),
            min_monthly_sales: sales.into(),
            min_deal_count: deals.into(),
        }
    }

    #[test]
    fn a_valid_partner_type_is_normalised() {
        let fields = PartnerType::validate(&form(" Distributor ", "3,000,000.50", "5")).unwrap();
        assert_eq!(fields.code, "distributor");
        assert_eq!(fields.min_monthly_sales, Decimal::new(300_000_050, 2));
        assert_eq!(fields.min_deal_count, 5);
    }

    #[test]
    fn each_bad_partner_type_field_gets_its_own_message() {
        let errors = PartnerType::validate(&form("Bad Code!", "-5", "lots")).unwrap_err();
        for field in ["code", "min_monthly_sales", "min_deal_count"] {
            assert!(errors.has(field), "{field}");
        }
    }

    #[test]
    fn sales_minimum_takes_cents_and_deal_count_has_a_ceiling() {
        let errors = PartnerType::validate(&form("ok", "1.005", "100001")).unwrap_err();
        assert!(errors.has("min_monthly_sales"));
        assert!(errors.has("min_deal_count"));
        assert!(PartnerType::validate(&form("ok", "0", "0")).is_ok());
    }
}
