//! The monthly goal sheet on the pages: the quick form the rep's dashboard
//! shows until the month's sheet is set (with the countdown to the 6th),
//! setting it, the sheet page per rep and month, and clearing a late flag.

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::{CustomizeResponder, Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Duration, Utc};
use diesel::PgConnection;
use serde::Deserialize;

use super::error::{AppError, FieldErrors};
use super::layout::Layout;
use super::respond::{PageOr, Reply, WithStatus, reply, to_toast_area, with_status};
use super::{Routes, db};
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::organisation::Organisation;
use crate::db::sheets::GoalSheet;
use crate::db::users::User;
use crate::domain::deadline;
use crate::goals::progress::GoalView;
use crate::goals::sheets::{self, SheetInput, SheetView};
use crate::i18n::{Lang, Msg};
use crate::org::access;

mod card;
mod page;

pub use card::{SheetCard, SheetForm, tier_goal_text, tier_reached_text};
use page::{clear_late, render_page, show};

pub fn routes(r: &mut Routes) {
    r.post("/sheets", set)
        .get("/sheets/{user}/{year}/{month}", show)
        .post("/sheets/{user}/{year}/{month}/clear-late", clear_late);
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

/// The English name of a month (stored names, the admin's lists).
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// A month's name in the reader's language ("November", "11월").
pub fn month_in(lang: Lang, month: u32) -> String {
    let first = chrono::NaiveDate::from_ymd_opt(2026, month.clamp(1, 12), 1).unwrap_or_default();
    lang.month_name(first)
}

/// "3 days 4 hours left", "40 minutes left", or "overdue by 2 days".
pub fn countdown(lang: Lang, now: DateTime<Utc>, due: DateTime<Utc>) -> String {
    let minutes = |n: i64| lang.tr("sheet-time-minutes", [("count", n.into())]);
    let hours = |n: i64| lang.tr("sheet-time-hours", [("count", n.into())]);
    let days = |n: i64| lang.tr("sheet-time-days", [("count", n.into())]);
    if now <= due {
        let left = due - now;
        let d = left.num_days();
        let h = (left - Duration::days(d)).num_hours();
        let text = match (d, h) {
            (0, 0) => minutes(left.num_minutes().max(1)),
            (0, h) => hours(h),
            (d, 0) => days(d),
            (d, h) => lang.tr(
                "sheet-time-days-hours",
                [("days", d.into()), ("hours", h.into())],
            ),
        };
        lang.tr("sheet-time-left", [("time", text.into())])
    } else {
        let late = now - due;
        let text = match late.num_days() {
            0 => hours(late.num_hours().max(1)),
            d => days(d),
        };
        lang.tr("sheet-time-overdue", [("time", text.into())])
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sheets/_card.html")]
struct CardPartial<'a> {
    sheet: &'a SheetCard,
    lang: Lang,
}

#[derive(Template, WebTemplate)]
#[template(path = "_toast.html")]
struct Toast {
    message: String,
    lang: Lang,
}

/// A refused htmx set's body: the toast, then the card.
#[derive(Template, WebTemplate)]
#[template(source = "{{ toast|safe }}{{ self.card()|safe }}", ext = "html")]
pub struct RefusedResponse {
    toast: Toast,
    sheet: SheetCard,
}

impl RefusedResponse {
    fn card(&self) -> CardPartial<'_> {
        CardPartial {
            sheet: &self.sheet,
            lang: self.toast.lang,
        }
    }
}

/// `POST /sheets`: the signed-in user sets their own sheet.
async fn set(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    form: web::Form<SheetForm>,
) -> Result<Reply, AppError> {
    let form = form.into_inner();
    let lang = current.lang();
    let now = Utc::now();
    let mut errors = FieldErrors::new();
    let year = crate::input::integer(&mut errors, "year", &form.year, 2000, 2999);
    let month = crate::input::integer(&mut errors, "month", &form.month, 1, 12);
    let parsed = SheetInput::parse(
        &form.signup_goal,
        &form.revenue_goal,
        &form.bonus_tier_goal,
        &current.org,
    );
    let outcome = match (parsed, errors.is_empty()) {
        (Ok(input), true) => {
            let user = current.user.clone();
            let org = current.org.clone();
            db(&pool, move |conn| {
                match sheets::set_sheet(conn, &user, &org, year, month as u32, &input, now) {
                    Ok(sheet) => Ok(Ok(sheet)),
                    Err(AppError::Invalid(errors)) => Ok(Err(errors)),
                    Err(e) => Err(e),
                }
            })
            .await?
        }
        (Ok(_), false) => Err(errors),
        (Err(more), _) => {
            for (field, message) in more.iter() {
                errors.add(field, message.clone());
            }
            Err(errors)
        }
    };
    match outcome {
        Ok(sheet) => {
            let month = month_in(lang, sheet.month as u32);
            let message = if sheet.set_by_deadline == Some(false) {
                lang.tr("sheet-set-late", [("month", month.into())])
            } else {
                lang.tr("sheet-set", [("month", month.into())])
            };
            current.session.flash(FlashLevel::Success, message);
            if htmx.is_htmx {
                // The whole dashboard changes (new quota cards): reload it.
                htmx.redirect("/dashboard".to_string());
                return Ok(reply(HttpResponse::Ok().finish()));
            }
            Ok(reply(super::admin::see_other(format!(
                "/sheets/{}/{}/{}",
                current.user.id, sheet.year, sheet.month
            ))))
        }
        Err(errors) => {
            let user = current.user.clone();
            let org = current.org.clone();
            let csrf = current.session.csrf_token();
            let mut card = db(&pool, move |conn| {
                SheetCard::load(conn, &user, &org, now, csrf, &[])
            })
            .await?;
            card.form = form;
            card.errors = errors;
            if htmx.is_htmx {
                card.oob = true;
                return Ok(reply(refused(card, current.lang())));
            }
            render_page(
                &pool,
                &current,
                current.user.id,
                year,
                month as u32,
                Some(card),
            )
            .await
            .map(reply)
        }
    }
}

/// A refused htmx set: the messages as a toast, and the card with its field
/// messages swapped out of band (htmx swaps no 4xx body in place).
fn refused(card: SheetCard, lang: Lang) -> CustomizeResponder<WithStatus<RefusedResponse>> {
    let message = [
        ("signup_goal", "sheet-signups"),
        ("revenue_goal", "sheet-revenue"),
        ("bonus_tier_goal", "sheet-bonus-tier"),
        ("year", "sheet-year"),
        ("month", "sheet-month"),
    ]
    .into_iter()
    .filter_map(|(field, label)| {
        card.errors.message(field).map(|e| {
            lang.tr(
                "sheet-field-error",
                [
                    ("field", lang.t(label).into()),
                    ("message", e.render(lang).into()),
                ],
            )
        })
    })
    .collect::<Vec<_>>()
    .join(" ");
    let body = RefusedResponse {
        toast: Toast { message, lang },
        sheet: card,
    };
    to_toast_area(with_status(body, StatusCode::UNPROCESSABLE_ENTITY))
}

#[cfg(test)]
mod tests;
