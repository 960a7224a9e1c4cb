//! Registering a sale for oneself: the form (checked by `sale_form`) and
//! the hand-over to the sales service (which confirms small sales at
//! once and refuses a second sale with the same order number).

use super::channel_label;
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::sales::{ApprovalRules, CHANNELS};
use crate::domain::sale_status::SaleStatus;
use crate::error::FieldMessages;
use crate::i18n::Lang;
use crate::sales::form::SaleForm;
use crate::web::admin::see_other;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};
use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;

#[derive(Template, WebTemplate)]
#[template(path = "sales/new.html")]
pub struct FormPage {
    layout: Layout,
    lang: Lang,
    form: SaleForm,
    errors: FieldMessages,
    channels: Vec<SelectOption>,
    today: String,
    auto_confirm_limit: String,
    currency_hint: String,
}

async fn render(
    pool: &DbPool,
    current: &CurrentUser,
    form: SaleForm,
    errors: FieldErrors,
) -> Result<WithStatus<FormPage>, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let rules = db(pool, |conn| Ok(ApprovalRules::get(conn)?)).await?;
    let org = &current.org;
    let lang = current.lang();
    let page = FormPage {
        layout: current.layout_t("sale-new-title"),
        lang,
        form,
        errors: errors.shown(lang),
        channels: CHANNELS
            .iter()
            .map(|c| SelectOption::new(c, channel_label(lang, c)))
            .collect(),
        today: crate::goals::progress::org_today(org).to_string(),
        auto_confirm_limit: current.fmt().money(rules.auto_confirm_limit),
        currency_hint: lang.tr(
            "sale-field-currency-hint",
            [("currency", org.currency_code.as_str().into())],
        ),
    };
    Ok(with_status(page, status))
}

/// `GET /sales/new`
pub async fn new(
    pool: web::Data<DbPool>,
    current: CurrentUser,
) -> Result<WithStatus<FormPage>, AppError> {
    let today = crate::goals::progress::org_today(&current.org);
    let form = SaleForm::blank(&current.org, today);
    render(&pool, &current, form, FieldErrors::new()).await
}

/// `POST /sales`: registers the sale; 303 to its page, or the form again.
pub async fn create(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    form: web::Form<SaleForm>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    let form = form.into_inner();
    let today = crate::goals::progress::org_today(&current.org);
    let new_sale = match form.to_new_sale(&current.user, &current.org, today) {
        Ok(new_sale) => new_sale,
        Err(errors) => {
            return render(&pool, &current, form, errors)
                .await
                .map(Either::Left);
        }
    };
    let registered = db(&pool, move |conn| {
        let sale = crate::sales::register(conn, new_sale)?;
        let limit = ApprovalRules::get(conn)?.auto_confirm_limit;
        Ok((sale, limit))
    })
    .await;
    let (sale, limit) = match registered {
        Ok(done) => done,
        Err(AppError::Invalid(errors)) => {
            return render(&pool, &current, form, errors)
                .await
                .map(Either::Left);
        }
        Err(other) => return Err(other),
    };
    if sale.status == SaleStatus::Confirmed {
        crate::rewards::achievements::after_write(&pool, vec![sale.partner_id]).await;
    }
    let f = current.fmt();
    let order = sale.order_number.as_str();
    let message = if sale.status == SaleStatus::Confirmed {
        let total = sale.commission_total.unwrap_or_default();
        match sale.commission_recipient_count.unwrap_or(0) {
            0 => f
                .lang
                .tr("sale-registered-no-commission", [("order", order.into())]),
            n => f.lang.tr(
                "sale-registered-confirmed",
                [
                    ("order", order.into()),
                    ("amount", f.money(total).into()),
                    ("count", n.into()),
                ],
            ),
        }
    } else {
        f.lang.tr(
            "sale-registered-pending",
            [("order", order.into()), ("limit", f.money(limit).into())],
        )
    };
    current.session.flash(FlashLevel::Success, message);
    Ok(Either::Right(see_other(format!("/sales/{}", sale.id))))
}
