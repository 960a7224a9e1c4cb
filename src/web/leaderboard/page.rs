//! The leaderboard page: the choices in the address checked, the periods,
//! metrics and tiers on offer, and the page or the board fragment answered.

use super::*;
use crate::i18n::Msg;
use crate::web::fragment::{self, Shared};
use actix_web::http::StatusCode;

/// The page's choices as typed into the address: all text, checked here so
/// a bad value is a 400 or 404 page, never an extractor error.
#[derive(serde::Deserialize, Default, Debug)]
#[serde(default)]
pub(super) struct BoardQuery {
    period: String,
    metric: String,
    scope: String,
    all: String,
    /// `behind`: only people behind pace.
    pace: String,
}

#[derive(Template)]
#[template(path = "leaderboard/index.html")]
pub struct IndexPage {
    layout: Layout,
    lang: Lang,
    board: Board,
    /// Where the choosers go ([`Filters`], kept by the catalog).
    filters_slot: Slot,
}

/// The board's choosers with the reader's choices selected: the same for
/// every reader of those choices in one language.
#[derive(Template)]
#[template(path = "leaderboard/_filters.html")]
struct Filters {
    lang: Lang,
    periods: Vec<PeriodGroup>,
    metrics: Vec<SelectOption>,
    tiers: Vec<SelectOption>,
    selected_period: String,
    selected_metric: String,
    selected_scope: String,
    show_all: bool,
    behind_only: bool,
}

#[derive(Template)]
#[template(path = "leaderboard/_board.html")]
pub struct BoardPartial {
    lang: Lang,
    board: Board,
}

/// Periods of one kind, for an `<optgroup>`.
struct PeriodGroup {
    label: String,
    options: Vec<SelectOption>,
}

struct Loaded {
    board: Board,
    /// The choosers, rendered (see [`Filters`]).
    filters: Arc<Shared>,
}

pub(super) async fn page(
    pool: web::Data<DbPool>,
    caches: web::Data<Caches>,
    signed_in: SignedIn,
    htmx: Htmx,
    query: web::Query<BoardQuery>,
) -> Result<CustomizeResponder<fragment::Answer>, AppError> {
    let query = query.into_inner();
    let period_id = match query.period.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| AppError::BadRequest(Msg::new("leaderboard-bad-period")))?,
        ),
    };
    let scope = match query.scope.trim() {
        "" => None,
        text => Some(
            BoardScope::parse(text)
                .ok_or_else(|| AppError::BadRequest(Msg::new("leaderboard-bad-scope")))?,
        ),
    };
    let metric_key = query.metric.trim().to_lowercase();
    let show_all = matches!(query.all.as_str(), "1" | "true" | "yes");
    let behind_only = match query.pace.trim() {
        "" | "all" => false,
        "behind" => true,
        _ => return Err(AppError::BadRequest(Msg::new("leaderboard-bad-pace"))),
    };
    // The reader is checked in the same database call as the board is read.
    let (current, loaded) = signed_in
        .load(&pool, move |conn, viewer, org, epoch| {
            let fmt = Fmt::new(crate::auth::extract::reader_lang(viewer, org), org);
            load(
                conn,
                (&caches, epoch),
                viewer,
                &fmt,
                org,
                (period_id, metric_key, scope),
                (show_all, behind_only),
            )
        })
        .await?;
    // The board's first rows may come rendered (`Ranking`): the page or
    // fragment is rendered around them and they are spliced in.
    let top = loaded.board.top.clone().unwrap_or_else(Shared::none);
    let page = if htmx.is_htmx && !htmx.history_restore_request {
        let rendered = BoardPartial {
            lang: current.lang(),
            board: loaded.board,
        }
        .render()?;
        fragment::Page::split(rendered, top)
    } else {
        let layout = current.framed_layout_t("nav-leaderboard")?;
        let mut parts = layout.parts();
        parts.extend([loaded.filters, top]);
        let rendered = IndexPage {
            layout,
            lang: current.lang(),
            board: loaded.board,
            filters_slot: Slot,
        }
        .render()?;
        fragment::Page::split_all(rendered, parts)
    };
    let response = fragment::Answer::new(page, StatusCode::OK);
    // The same address answers a page or a fragment.
    Ok(response
        .customize()
        .insert_header((actix_web::http::header::VARY, "HX-Request")))
}

/// Everything but the viewer comes from the caches kept for `epoch` (the
/// catalog of periods, metrics and tiers, and the ranking): a company
/// board sends no statement of its own.
fn load(
    conn: &mut PgConnection,
    (caches, epoch): (&Caches, Epoch),
    viewer: &User,
    fmt: &Fmt,
    org: &Organisation,
    (period_id, metric_key, scope): (Option<i64>, String, Option<BoardScope>),
    (show_all, behind_only): (bool, bool),
) -> Result<Loaded, AppError> {
    let today = crate::goals::progress::org_today(org);
    // The current month, quarter and year are always offered: the catalog
    // creates them (idempotently) when nobody has made them yet.
    let catalog = caches.catalog_at(conn, epoch, org)?;
    let periods = &catalog.periods;
    let period = match period_id {
        Some(id) => catalog.period(id).ok_or(AppError::NotFound)?,
        None => catalog
            .period_spanning(&Period::month_containing(today))
            .ok_or(AppError::NotFound)?,
    };
    let all_metrics = &catalog.metrics;
    let metric = if metric_key.is_empty() {
        all_metrics
            .iter()
            .find(|m| m.active)
            .ok_or(AppError::NotFound)?
    } else {
        all_metrics
            .iter()
            .find(|m| m.key == metric_key)
            .ok_or(AppError::NotFound)?
    };
    let scope = scope.unwrap_or(
        if viewer.team_id.is_some() || !tree::managed_subtree(conn, viewer.id)?.is_empty() {
            BoardScope::MyTeam
        } else {
            BoardScope::Company
        },
    );
    let choice = BoardChoice {
        period,
        metric,
        scope,
        limit: (!show_all).then_some(DEFAULT_LIMIT),
        today,
        behind_only,
        epoch,
        catalog: &catalog,
    };
    let board = board(conn, caches, viewer, fmt, choice)?;
    let key = format!(
        "leaderboard-filters:{}:{}:{}:{}:{show_all}:{behind_only}",
        fmt.lang.as_str(),
        period.id,
        metric.key,
        scope.param()
    );
    let filters = catalog.part(key, || {
        let tiers = catalog
            .tiers
            .iter()
            .filter(|t| t.active || BoardScope::Tier(t.id) == scope)
            .map(|t| SelectOption::new(BoardScope::Tier(t.id).param(), t.name.clone()))
            .collect();
        let metrics = all_metrics
            .iter()
            .filter(|m| m.active || m.id == metric.id)
            .map(|m| SelectOption::new(&m.key, fmt.metric(&m.key, &m.name)))
            .collect();
        Filters {
            lang: fmt.lang,
            periods: group_periods(periods, fmt),
            metrics,
            tiers,
            selected_period: period.id.to_string(),
            selected_metric: metric.key.clone(),
            selected_scope: scope.param(),
            show_all,
            behind_only,
        }
        .render()
    })?;
    Ok(Loaded { board, filters })
}

fn group_periods(periods: &[PeriodRow], fmt: &Fmt) -> Vec<PeriodGroup> {
    let groups = [
        (PeriodKind::Month, "leaderboard-group-months"),
        (PeriodKind::Quarter, "leaderboard-group-quarters"),
        (PeriodKind::Year, "leaderboard-group-years"),
        (PeriodKind::Custom, "leaderboard-group-custom"),
    ];
    groups
        .into_iter()
        .map(|(kind, label)| PeriodGroup {
            label: fmt.lang.t(label),
            options: periods
                .iter()
                .filter(|p| p.period().kind == kind)
                .map(|p| SelectOption::new(p.id, fmt.period(p)))
                .collect(),
        })
        .filter(|g| !g.options.is_empty())
        .collect()
}
