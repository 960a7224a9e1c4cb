//! Admin pages for partner tiers: ranked levels (bronze, silver, …) whose
//! multiplier scales a partner's target. Same flow as partner types.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::catalog::{Catalog, FormPage, Words, create, edit, new, set_active, update};
use crate::auth::RequireAdmin;
use crate::db::DbPool;
use crate::db::partner_tiers::{PartnerTier, PartnerTierFields};
use crate::i18n::{Key, Lang};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::Layout;
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/partner-tiers", index)
        .get("/admin/partner-tiers/new", new::<PartnerTier>)
        .post("/admin/partner-tiers", create::<PartnerTier>)
        .get("/admin/partner-tiers/{id}", edit::<PartnerTier>)
        .post("/admin/partner-tiers/{id}", update::<PartnerTier>)
        .post(
            "/admin/partner-tiers/{id}/deactivate",
            set_active::<PartnerTier, false>,
        )
        .post(
            "/admin/partner-tiers/{id}/activate",
            set_active::<PartnerTier, true>,
        );
}

/// NUMERIC(8, 4) holds less than 10,000.
const MULTIPLIER_LIMIT: Decimal = dec!(10_000);

#[derive(serde::Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub struct PartnerTierForm {
    code: String,
    name: String,
    rank: String,
    target_multiplier: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/partner_tiers/form.html")]
pub struct FormTemplate {
    layout: Layout,
    lang: Lang,
    page: FormPage<PartnerTierForm>,
}

impl Catalog for PartnerTier {
    type Form = PartnerTierForm;
    const LIST_PATH: &'static str = "/admin/partner-tiers";
    const WORDS: Words = Words {
        new: "admin-partner-tier-new",
        edit: "admin-partner-tier-edit",
        all: "admin-partner-tier-all",
        create: "admin-partner-tier-create",
        deactivate: "admin-partner-tier-deactivate",
        activate: "admin-partner-tier-activate",
        deactivated_note: "admin-partner-tier-deactivated-note",
        saved: "admin-partner-tier-saved",
    };

    fn to_form(&self) -> PartnerTierForm {
        PartnerTierForm {
            code: self.code.clone(),
            name: self.name.clone(),
            rank: self.rank.to_string(),
            target_multiplier: self.target_multiplier.normalize().to_string(),
        }
    }

    fn validate(form: &PartnerTierForm) -> Result<PartnerTierFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = input::code(&mut errors, "code", &form.code);
        let name = input::required(&mut errors, "name", &form.name, 120);
        let rank = input::integer(&mut errors, "rank", &form.rank, 0, 1000);
        let field = "target_multiplier";
        let multiplier = input::decimal(
            &mut errors,
            field,
            &form.target_multiplier,
            Decimal::ZERO,
            4,
        );
        if !errors.has(field) {
            if multiplier.is_zero() {
                errors.add(field, Key("admin-partner-tier-multiplier-zero"));
            } else if multiplier >= MULTIPLIER_LIMIT {
                errors.add(field, Key("admin-partner-tier-multiplier-too-large"));
            }
        }
        let fields = PartnerTierFields {
            code,
            name,
            rank,
            target_multiplier: multiplier,
        };
        errors.into_result().map(|()| fields)
    }

    type Page = FormTemplate;

    fn form_page(layout: Layout, page: FormPage<PartnerTierForm>) -> FormTemplate {
        FormTemplate {
            layout,
            lang: page.lang,
            page,
        }
    }
}

pub struct PartnerTierRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub rank: i32,
    /// "1.25×"
    pub multiplier: String,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/partner_tiers/index.html")]
struct IndexTemplate {
    layout: Layout,
    lang: Lang,
    rows: Vec<PartnerTierRow>,
    active_count: usize,
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<IndexTemplate, AppError> {
    let tiers = db(&pool, |conn| Ok(PartnerTier::all(conn)?)).await?;
    let rows: Vec<PartnerTierRow> = tiers
        .into_iter()
        .map(|t| PartnerTierRow {
            id: t.id,
            code: t.code,
            name: t.name,
            rank: t.rank,
            multiplier: format!("{}×", t.target_multiplier.normalize()),
            active: t.active,
        })
        .collect();
    let page = IndexTemplate {
        layout: admin.layout_t("nav-partner-tiers"),
        lang: admin.lang(),
        active_count: rows.iter().filter(|r| r.active).count(),
        rows,
    };
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(code: &str, rank: &str, multiplier: &str) -> PartnerTierForm {
        PartnerTierForm {
            code: code.into(),
            name: "Gold".into(),
            rank: rank.into(),
            target_multiplier: multiplier.into(),
        }
    }

    fn message(form: &PartnerTierForm, field: &str) -> Option<String> {
        PartnerTier::validate(form)
            .err()?
            .message(field)
            .map(crate::i18n::Msg::english)
    }

    #[test]
    fn a_valid_partner_tier_is_normalised() {
        let fields = PartnerTier::validate(&form("Gold", "3", "1.2500")).unwrap();
        assert_eq!(fields.code, "gold");
        assert_eq!(fields.rank, 3);
        assert_eq!(fields.target_multiplier, Decimal::new(125, 2));
    }

    #[test]
    fn the_multiplier_must_be_above_zero_and_fit_the_column() {
        for bad in ["0", "0.0000", "-1", "10000", "1.23456", "twice"] {
            assert!(
                message(&form("gold", "3", bad), "target_multiplier").is_some(),
                "{bad}"
            );
        }
        for good in ["0.0001", "1", "9999.9999"] {
            assert!(
                PartnerTier::validate(&form("gold", "3", good)).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn rank_and_code_are_checked() {
        assert!(message(&form("gold", "1001", "1"), "rank").is_some());
        assert!(message(&form("gold", "-1", "1"), "rank").is_some());
        assert!(message(&form("Gold Tier!", "1", "1"), "code").is_some());
        assert!(message(&form("", "1", "1"), "code").is_some());
    }
}
