//! `GET /payouts/what-if?amount=`: the partner's "if I confirm sales of X
//! more this month" — the commission and the bonus tier it would bring.
//! The dashboard and the statement carry only a small form that loads this
//! as a partial with htmx (the dashboard's own render reads nothing more);
//! without JavaScript the form opens it as a page.

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::domain::bonus::{Basis, Tier, rate_label};
use crate::error::FieldMessages;
use crate::i18n::Lang;
use crate::payouts::what_if::{BonusWhatIf, WhatIf, estimate, parse_amount};
use crate::web::error::{AppError, htmx_error_in};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{Reply, reply, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/payouts/what-if", show);
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WhatIfQuery {
    amount: String,
}

/// One revenue goal's bonus line, now and then.
pub struct BonusRow {
    pub schedule: String,
    pub now: String,
    pub then: String,
    pub moves: bool,
    pub pays: Option<String>,
}

/// The answer, as the partial shows it.
pub struct Answer {
    pub amount: String,
    pub commission: String,
    pub rate: String,
    pub network: String,
    pub bonuses: Vec<BonusRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "payouts/_what_if.html")]
struct Partial {
    lang: Lang,
    answer: Answer,
}

#[derive(Template, WebTemplate)]
#[template(path = "payouts/what_if.html")]
struct Page {
    layout: Layout,
    lang: Lang,
    amount: String,
    currency: String,
    answer: Option<Answer>,
    errors: FieldMessages,
}

fn tier_text(lang: Lang, tier: Option<Tier>, basis: Basis) -> String {
    match tier {
        None => lang.t("what-if-no-tier"),
        Some(t) => match basis {
            Basis::Attainment => lang.tr(
                "what-if-tier-attainment",
                [
                    ("rate", rate_label(t.rate).into()),
                    ("threshold", t.threshold.normalize().to_string().into()),
                ],
            ),
            Basis::MetricValue => lang.tr(
                "what-if-tier-position",
                [
                    ("position", t.position.into()),
                    ("rate", rate_label(t.rate).into()),
                ],
            ),
        },
    }
}

fn bonus_row(f: &Fmt, b: &BonusWhatIf) -> BonusRow {
    let lang = f.lang;
    BonusRow {
        schedule: lang.schedule_name(b.builtin.as_deref(), &b.schedule),
        now: tier_text(lang, b.now.current, b.basis),
        then: tier_text(lang, b.then.current, b.basis),
        moves: b.now.current != b.then.current,
        pays: b.then.amount.map(|a| f.money(a)),
    }
}

fn answer(f: &Fmt, w: &WhatIf) -> Answer {
    Answer {
        amount: f.money(w.amount),
        commission: f.money(w.commission),
        rate: w
            .rate
            .map(|r| format!("{}%", (r * rust_decimal::Decimal::ONE_HUNDRED).normalize()))
            .unwrap_or_default(),
        network: f.money(w.network_total),
        bonuses: w.bonuses.iter().map(|b| bonus_row(f, b)).collect(),
    }
}

async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    query: web::Query<WhatIfQuery>,
) -> Result<Reply, AppError> {
    let is_htmx = htmx.is_htmx;
    let text = query.into_inner().amount;
    let f = current.fmt();
    let lang = f.lang;
    let page = |answer, errors: FieldMessages| Page {
        layout: current.layout_t("what-if-title"),
        lang,
        amount: text.clone(),
        currency: current.org.currency_code.clone(),
        answer,
        errors,
    };
    // Opened bare (from a link, or the form without an amount): the form.
    if text.trim().is_empty() && !is_htmx {
        return Ok(reply(page(None, FieldMessages::default())));
    }
    let amount = match parse_amount(&text, current.org.money_scale()) {
        Ok(amount) => amount,
        Err(errors) => {
            if is_htmx {
                let message = errors
                    .message("amount")
                    .map(|m| m.render(lang))
                    .unwrap_or_default();
                let mut response = htmx_error_in(
                    &AppError::BadRequest(crate::i18n::Msg::verbatim(message)),
                    lang,
                );
                *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                return Ok(reply(response));
            }
            return Ok(reply(with_status(
                page(None, errors.shown(lang)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )));
        }
    };
    let viewer = current.user.clone();
    let org = current.org.clone();
    let estimate = db(&pool, move |conn| estimate(conn, &viewer, &org, amount)).await?;
    let answer = answer(&f, &estimate);
    if is_htmx {
        Ok(reply(Partial { lang, answer }))
    } else {
        Ok(reply(page(Some(answer), FieldMessages::default())))
    }
}
