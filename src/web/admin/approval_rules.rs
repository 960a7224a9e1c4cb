//! Approval rules: the auto-confirm limit (at or below it a sale confirms at
//! once) and the manager approval limit (above it only an admin approves).

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::sales::ApprovalRules;
use crate::db::users::User;
use crate::error::FieldMessages;
use crate::i18n::Lang;
use crate::sales::settings::{LimitsForm, save_limits};
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/approval-rules", edit)
        .post("/admin/approval-rules", update);
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/approval_rules.html")]
struct RulesPage {
    layout: Layout,
    lang: Lang,
    form: LimitsForm,
    errors: FieldMessages,
    current: CurrentRules,
    currency: String,
}

/// The limits in force, as the explanation beside the form shows them.
struct CurrentRules {
    auto_confirm_limit: String,
    manager_approval_limit: String,
    updated: String,
}

/// The form filled with the limits in force.
fn form_of(f: &crate::web::format::Fmt, rules: &ApprovalRules) -> LimitsForm {
    LimitsForm {
        auto_confirm_limit: f.money_input(rules.auto_confirm_limit),
        manager_approval_limit: f.money_input(rules.manager_approval_limit),
    }
}

async fn render(
    pool: &DbPool,
    admin: &RequireAdmin,
    form: Option<LimitsForm>,
    errors: FieldErrors,
) -> Result<WithStatus<RulesPage>, AppError> {
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
    let lang = admin.lang();
    let f = admin.fmt();
    let when = f.instant(rules.updated_at);
    let current = CurrentRules {
        auto_confirm_limit: f.money(rules.auto_confirm_limit),
        manager_approval_limit: f.money(rules.manager_approval_limit),
        updated: match updated_by {
            Some(name) => lang.tr(
                "admin-approval-changed-by",
                [("name", name.into()), ("when", when.into())],
            ),
            None => lang.t("admin-approval-never-changed"),
        },
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = RulesPage {
        layout: admin.layout_t("nav-approval-rules"),
        lang,
        form: form.unwrap_or_else(|| form_of(&f, &rules)),
        errors: errors.shown(lang),
        current,
        currency: org.currency_code.clone(),
    };
    Ok(with_status(page, status))
}

async fn edit(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
) -> Result<WithStatus<RulesPage>, AppError> {
    render(&pool, &admin, None, FieldErrors::new()).await
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<LimitsForm>,
) -> Result<PageOr<WithStatus<RulesPage>>, AppError> {
    let form = form.into_inner();
    let (auto, manager) = match form.limits(admin.org.money_scale()) {
        Ok(limits) => limits,
        Err(errors) => {
            return render(&pool, &admin, Some(form), errors)
                .await
                .map(Either::Left);
        }
    };
    let actor = admin.user.id;
    let changed = db(&pool, move |conn| save_limits(conn, auto, manager, actor))
        .await?
        .is_some();
    let message = if changed {
        "admin-approval-saved"
    } else {
        "admin-nothing-changed"
    };
    admin
        .session
        .flash(FlashLevel::Success, admin.lang().t(message));
    Ok(Either::Right(see_other("/admin/approval-rules")))
}
