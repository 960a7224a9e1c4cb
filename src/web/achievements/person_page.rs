//! A person's achievements page and recognising one of them.

use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "achievements/person.html")]
pub(super) struct PersonPage {
    layout: Layout,
    lang: Lang,
    own: bool,
    name: String,
    points: String,
    streak: String,
    counts: Vec<(String, &'static str, usize)>,
    items: Vec<Item>,
}

pub(super) async fn mine(
    pool: web::Data<DbPool>,
    current: CurrentUser,
) -> Result<PersonPage, AppError> {
    render_person(&pool, &current, current.user.id).await
}

pub(super) async fn person(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<PersonPage, AppError> {
    render_person(&pool, &current, path.into_inner()).await
}

async fn render_person(
    pool: &DbPool,
    current: &CurrentUser,
    user_id: i64,
) -> Result<PersonPage, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let (person, rows, names, points, streak, can_recognise) = db(pool, move |conn| {
        let person = access::visible_user(conn, &viewer, user_id)?.ok_or(AppError::NotFound)?;
        let rows = Achievement::of_user(conn, user_id, PAGE_LIMIT)?;
        let names = Names::load(conn, &rows)?;
        let today = crate::goals::progress::org_today(&org);
        let streak = streak(&Achievement::perfect_months(conn, user_id)?, today);
        let points = achievements::points_total(conn, user_id)?;
        let can_recognise = access::can_manage_user(conn, &viewer, user_id)?;
        Ok((person, rows, names, points, streak, can_recognise))
    })
    .await?;
    let f = current.fmt();
    let lang = f.lang;
    let counts = Kind::ALL
        .into_iter()
        .map(|kind| {
            let n = rows.iter().filter(|a| a.kind == kind.as_str()).count();
            (kind_label(lang, kind), kind_class(kind), n)
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let own = person.id == current.user.id;
    let items = rows
        .into_iter()
        .map(|a| item(a, person.name.clone(), &names, &f, can_recognise))
        .collect();
    let page = PersonPage {
        layout: current.layout(if own {
            lang.t("achievement-mine-title")
        } else {
            lang.tr(
                "achievement-person-title",
                [("name", person.name.as_str().into())],
            )
        }),
        lang,
        own,
        name: person.name,
        points: f.count(Decimal::from(points)),
        streak: months_text(lang, streak),
        counts,
        items,
    };
    Ok(page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RecogniseForm {
    note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "achievements/_item.html")]
pub(super) struct ItemPartial {
    lang: Lang,
    item: Item,
    csrf_token: String,
    show_person: bool,
}

/// `POST /achievements/{id}/recognise`: a manager of the earner's subtree
/// (or an admin) recognises an achievement, once, audited.
pub(super) async fn recognise(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    req: HttpRequest,
    path: web::Path<i64>,
    form: web::Form<RecogniseForm>,
) -> Result<PageOr<ItemPartial>, AppError> {
    let id = path.into_inner();
    let note = form.note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::Invalid(FieldErrors::one(
            "note",
            crate::i18n::Msg::new("achievement-note-too-long").arg("max", NOTE_MAX),
        )));
    }
    let actor = current.user.clone();
    let f = current.fmt();
    let (updated, person, names) = db(&pool, move |conn| {
        let (updated, person) = crate::rewards::recognition::recognise(conn, &actor, id, &note)?;
        let names = Names::load(conn, std::slice::from_ref(&updated))?;
        Ok((updated, person, names))
    })
    .await?;
    if req.headers().contains_key("hx-request") {
        let show_person = req
            .headers()
            .get("hx-target")
            .is_some_and(|t| t.to_str().unwrap_or_default().starts_with("feed-"));
        let partial = ItemPartial {
            lang: f.lang,
            item: item(updated, person.name, &names, &f, false),
            csrf_token: current.session.csrf_token(),
            show_person,
        };
        return Ok(Either::Left(partial));
    }
    current.session.flash(
        FlashLevel::Success,
        f.lang.tr(
            "achievement-recognised-flash",
            [("name", person.name.as_str().into())],
        ),
    );
    Ok(Either::Right(
        HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/people/{}/achievements", person.id),
            ))
            .finish(),
    ))
}
