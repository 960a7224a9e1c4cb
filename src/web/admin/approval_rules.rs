//! Approval rules: the auto-confirm limit (at or below it a sale confirms at
//! once) and the manager approval limit (above it only an admin approves).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::Connection;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::audit::NewAuditEntry;
use crate::db::sales::ApprovalRules;
use crate::db::users::User;
use crate::web::error::{AppError, FieldErrors, html};
use crate::web::layout::Layout;
use crate::web::{Routes, db, format, forms};

pub fn routes(r: &mut Routes) {
    r.get("/admin/approval-rules", edit)
        .post("/admin/approval-rules", update);
}

#[derive(Template)]
#[template(path = "admin/approval_rules.html")]
struct RulesPage {
    layout: Layout,
    form: RulesForm,
    errors: FieldErrors,
    current: CurrentRules,
    currency: String,
}

/// The limits in force, as the explanation beside the form shows them.
struct CurrentRules {
    auto_confirm_limit: String,
    manager_approval_limit: String,
    updated: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct RulesForm {
    auto_confirm_limit: String,
    manager_approval_limit: String,
}

impl RulesForm {
    fn from_rules(rules: &ApprovalRules) -> Self {
        RulesForm {
            auto_confirm_limit: format::count(rules.auto_confirm_limit),
            manager_approval_limit: format::count(rules.manager_approval_limit),
        }
    }

    /// Both limits are money ≥ 0 in the currency's minor unit, and the
    /// manager limit is not below the auto-confirm limit.
    fn limits(&self, minor_unit: u32) -> Result<(Decimal, Decimal), FieldErrors> {
        let mut errors = FieldErrors::new();
        let scale = minor_unit.min(2);
        let auto = forms::decimal(
            &mut errors,
            "auto_confirm_limit",
            &self.auto_confirm_limit,
            Decimal::ZERO,
            scale,
        );
        let manager = forms::decimal(
            &mut errors,
            "manager_approval_limit",
            &self.manager_approval_limit,
            Decimal::ZERO,
            scale,
        );
        if errors.is_empty() && manager < auto {
            errors.add(
                "manager_approval_limit",
                format!(
                    "Use at least the auto-confirm limit ({}). Every sale that waits is above \
                     that limit, so a lower manager limit would leave managers nothing to approve.",
                    format::count(auto)
                ),
            );
        }
        errors.into_result().map(|()| (auto, manager))
    }
}

/// "1000" or "1500.5": the stored amount as an input value.
fn plain(amount: Decimal) -> String {
    amount.normalize().to_string()
}

async fn render(
    pool: &DbPool,
    admin: &RequireAdmin,
    form: Option<RulesForm>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (rules, updated_by) = db(pool, |conn| {
        let rules = ApprovalRules::get(conn)?;
        let by = match rules.updated_by {
            Some(id) => Some(User::find(conn, id)?.name),
            None => None,
        };
        Ok((rules, by))
    })
    .await?;
    let org = &admin.org;
    let zone: chrono_tz::Tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let when = rules
        .updated_at
        .with_timezone(&zone)
        .format("%-d %b %Y, %H:%M");
    let current = CurrentRules {
        auto_confirm_limit: format::value(rules.auto_confirm_limit, "money", org),
        manager_approval_limit: format::value(rules.manager_approval_limit, "money", org),
        updated: match updated_by {
            Some(name) => format!("Last changed by {name} on {when}."),
            None => "Not changed since Attain was installed.".into(),
        },
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = RulesPage {
        layout: admin.layout("Approval rules"),
        form: form.unwrap_or_else(|| RulesForm::from_rules(&rules)),
        errors,
        current,
        currency: org.currency_code.clone(),
    };
    Ok(html(status, page.render()))
}

async fn edit(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<HttpResponse, AppError> {
    render(&pool, &admin, None, FieldErrors::new()).await
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<RulesForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let minor_unit = admin.org.currency_minor_unit.max(0) as u32;
    let (auto, manager) = match form.limits(minor_unit) {
        Ok(limits) => limits,
        Err(errors) => return render(&pool, &admin, Some(form), errors).await,
    };
    let actor = admin.user.id;
    let changed = db(&pool, move |conn| {
        conn.transaction(|conn| {
            let before = ApprovalRules::get(conn)?;
            if before.auto_confirm_limit == auto && before.manager_approval_limit == manager {
                return Ok(false);
            }
            let after = ApprovalRules::update(conn, auto, manager, actor)?;
            NewAuditEntry::new(
                Some(actor),
                "update",
                "approval_rules",
                None,
                format!(
                    "set the approval limits: auto-confirm {} → {}, manager {} → {}",
                    plain(before.auto_confirm_limit),
                    plain(auto),
                    plain(before.manager_approval_limit),
                    plain(manager)
                ),
            )
            .before(&before)
            .after(&after)
            .record(conn)?;
            Ok(true)
        })
    })
    .await?;
    let message = if changed {
        "Approval rules saved. They apply to sales registered or decided from now on."
    } else {
        "Nothing changed."
    };
    admin.session.flash(FlashLevel::Success, message);
    Ok(see_other("/admin/approval-rules"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn form(auto: &str, manager: &str) -> RulesForm {
        RulesForm {
            auto_confirm_limit: auto.into(),
            manager_approval_limit: manager.into(),
        }
    }

    #[test]
    fn limits_are_money_at_least_zero_and_ordered() {
        assert_eq!(
            form("1,000", "250000.50").limits(2).unwrap(),
            (dec!(1000), dec!(250000.50))
        );
        assert_eq!(form("0", "0").limits(0).unwrap(), (dec!(0), dec!(0)));
        let errors = form("-1", "abc").limits(2).unwrap_err();
        assert!(errors.get("auto_confirm_limit").is_some());
        assert!(errors.get("manager_approval_limit").is_some());
        let errors = form("5000", "1000").limits(2).unwrap_err();
        assert!(errors.get("manager_approval_limit").is_some());
        // KRW has no minor unit: no fractions.
        assert!(form("1000.5", "2000").limits(0).is_err());
    }
}
