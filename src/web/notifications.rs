//! The bell and the notifications page: a user's own notifications, newest
//! first, marked read one by one or all at once, and deadline reminders
//! acknowledged. Nobody reaches another's (404).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;

use super::error::AppError;
use super::layout::Layout;
use super::{Routes, db};
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::db::notifications::Notification;
use crate::db::reminders;
use crate::i18n::Lang;
use crate::notify::news::News;

pub fn routes(r: &mut Routes) {
    r.get("/notifications", index)
        .get("/notifications/count", count)
        .post("/notifications/read-all", read_all)
        .post(r"/notifications/{id:\d+}/read", read)
        .post(r"/reminders/{id:\d+}/acknowledge", acknowledge);
}

struct Item {
    id: i64,
    title: String,
    body: String,
    link: Option<String>,
    when: String,
    unread: bool,
    reminder_id: Option<i64>,
    acknowledged: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    items: Vec<Item>,
    unread: usize,
}

fn news_of(notification: &Notification) -> News {
    News::from_row(&notification.kind, &notification.params)
}

async fn index(pool: web::Data<DbPool>, current: CurrentUser) -> Result<IndexPage, AppError> {
    let user_id = current.user.id;
    let fiscal_start = current.org.fiscal_start_month();
    let (list, titles) = db(&pool, move |conn| {
        let list = Notification::list(conn, user_id)?;
        let mentioned: Vec<i64> = list
            .iter()
            .filter_map(|item| news_of(&item.notification).achievement())
            .collect();
        let titles = crate::notify::news::AchievementTitles::load(conn, &mentioned, fiscal_start)?;
        Ok((list, titles))
    })
    .await?;
    let f = current.fmt();
    let zone = super::format::zone(&current.org);
    let items: Vec<Item> = list
        .into_iter()
        .map(|item| {
            let (title, body) = news_of(&item.notification).words(f.lang, zone, &titles);
            Item {
                id: item.notification.id,
                when: f.instant(item.notification.created_at),
                unread: item.notification.read_at.is_none(),
                title,
                body,
                link: item.notification.link,
                reminder_id: item.reminder_id,
                acknowledged: item.acknowledged_at.is_some(),
            }
        })
        .collect();
    let page = IndexPage {
        layout: current.layout_t("notifications-page-title"),
        lang: f.lang,
        unread: items.iter().filter(|i| i.unread).count(),
        items,
    };
    Ok(page)
}

/// `GET /notifications/count`: the bell's unread count (empty at zero),
/// fetched by htmx so page renders never wait for it.
async fn count(pool: web::Data<DbPool>, current: CurrentUser) -> Result<HttpResponse, AppError> {
    let user_id = current.user.id;
    let unread = db(&pool, move |conn| {
        Ok(Notification::unread_count(conn, user_id)?)
    })
    .await?;
    let body = match unread {
        0 => String::new(),
        n if n > 99 => "99+".into(),
        n => n.to_string(),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

fn back() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/notifications"))
        .finish()
}

async fn read(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (current.user.id, path.into_inner());
    let found = db(&pool, move |conn| {
        Ok(Notification::mark_read(conn, user_id, id)?)
    })
    .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(back())
}

async fn read_all(pool: web::Data<DbPool>, current: CurrentUser) -> Result<HttpResponse, AppError> {
    let user_id = current.user.id;
    db(&pool, move |conn| {
        Ok(Notification::mark_all_read(conn, user_id)?)
    })
    .await?;
    Ok(back())
}

async fn acknowledge(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (current.user.id, path.into_inner());
    let found = db(&pool, move |conn| {
        Ok(reminders::acknowledge(conn, user_id, id)?)
    })
    .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(back())
}
