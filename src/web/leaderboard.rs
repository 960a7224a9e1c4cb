//! The leaderboard: people ranked by attainment of one metric in one period
//! within a scope (my team, the company, a partner tier). [`standings`]
//! takes the one ranking (`crate::board::standings`, which the API shares)
//! through the page cache; [`board`] dresses it
//! for `templates/leaderboard/_board.html`, which a dashboard can include
//! with a `board: Board` field of its own.

use std::sync::Arc;

use actix_htmx::Htmx;
use actix_web::{CustomizeResponder, Responder, web};
use askama::Template;
use diesel::PgConnection;
use rust_decimal::Decimal;

use super::Routes;
use super::cache::{Caches, Catalog, Kept, StandingsKey};
use super::error::AppError;
use super::format::{self, Fmt};
use super::fragment::{Shared, Slot};
use super::layout::{Layout, SelectOption};
use crate::auth::SignedIn;
use crate::board::standings::Field;
pub use crate::board::standings::{BoardScope, Standing};
use crate::db::DbPool;
use crate::db::epoch::Epoch;
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::tree;
use crate::db::users::User;
use crate::domain::attainment::Pace;
use crate::domain::period::{Period, PeriodKind};
use crate::i18n::Lang;

mod page;

pub fn routes(r: &mut Routes) {
    r.get("/leaderboard", page::page);
}

/// Rows a board shows before "show everyone"; the viewer's own row is always
/// shown. Ten thousand rows are a download, not a leaderboard.
pub const DEFAULT_LIMIT: usize = 100;

/// The people of `scope` with a live goal for `metric` in `period`, ranked
/// by [`crate::board::standings`]. The ranking is shared by every viewer of
/// the same board until the facts under it change (`web::cache`). An
/// unknown tier is a 404.
pub fn standings(
    conn: &mut PgConnection,
    caches: &Caches,
    viewer: &User,
    choice: &BoardChoice,
) -> Result<Arc<Ranking>, AppError> {
    let (period, metric, scope) = (choice.period, choice.metric, choice.scope);
    let field = match scope {
        BoardScope::Tier(id) => {
            choice.catalog.tier(id).ok_or(AppError::NotFound)?;
            Field::Tier(id)
        }
        _ => Field::of(conn, viewer, scope)?,
    };
    let key = StandingsKey {
        period_id: period.id,
        metric_id: metric.id,
        scope: scope.param(),
        teams: field.teams().to_vec(),
    };
    caches.standings.get_at(conn, choice.epoch, key, |conn| {
        Ok(Ranking::new(crate::board::standings::rank(
            conn, period, metric, &field,
        )?))
    })
}

/// A ranking as the page cache keeps it, with its top rows as rendered:
/// on a company board most viewers are not among the first hundred, and
/// those rows read the same for all of them, so they are rendered and
/// compressed once per way of showing them (`web::fragment`).
pub struct Ranking {
    pub rows: Vec<Standing>,
    /// Where each person's row is in `rows`.
    positions: rustc_hash::FxHashMap<i64, usize>,
    tops: Kept<TopKey, Shared>,
}

/// What the top rows' rendering depends on besides the ranking.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct TopKey {
    lang: Lang,
    /// Whether names link to everyone's page.
    reads_everyone: bool,
    limit: usize,
    /// Pace is worked out as of this day.
    today: chrono::NaiveDate,
}

impl Ranking {
    pub fn new(rows: Vec<Standing>) -> Ranking {
        let positions = rows
            .iter()
            .enumerate()
            .map(|(at, s)| (s.user_id, at))
            .collect();
        Ranking {
            rows,
            positions,
            // A few languages, days and ways of linking names.
            tops: Kept::new(16),
        }
    }

    /// Where `user_id`'s row is, if they are ranked.
    pub fn position(&self, user_id: i64) -> Option<usize> {
        self.positions.get(&user_id).copied()
    }

    /// The top rows rendered for `key`, by `render` the first time.
    fn top(
        &self,
        key: TopKey,
        render: impl FnOnce() -> Result<String, AppError>,
    ) -> Result<Arc<Shared>, AppError> {
        self.tops.get(key, || render().map(Shared::new))
    }
}

/// The first rows of a board, the same for every viewer not among them.
#[derive(Template)]
#[template(path = "leaderboard/_top.html")]
struct TopRows<'a> {
    lang: Lang,
    rows: &'a [BoardRow],
}

/// A medal for the top three, drawn as inline SVG: emoji medals showed as
/// empty boxes where no emoji font is installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Medal {
    pub place: u32,
    /// "1st place", for screen readers and the tooltip.
    pub label: &'static str,
    /// Fill and rim of the disc.
    pub fill: &'static str,
    pub rim: &'static str,
}

impl Medal {
    pub fn for_rank(rank: u32) -> Option<Medal> {
        let (label, fill, rim) = match rank {
            1 => ("leaderboard-medal-1", "#f5c542", "#b8860b"),
            2 => ("leaderboard-medal-2", "#d9dde3", "#8a939f"),
            3 => ("leaderboard-medal-3", "#e0a46e", "#9c5b25"),
            _ => return None,
        };
        Some(Medal {
            place: rank,
            label,
            fill,
            rim,
        })
    }
}

/// A board row as the template shows it.
pub struct BoardRow {
    pub rank: u32,
    /// Ranks 1–3 with something achieved.
    pub medal: Option<Medal>,
    pub name: String,
    /// The person's page, when the viewer may open it.
    pub href: Option<String>,
    pub team: String,
    pub actual: String,
    pub target: String,
    pub attainment: String,
    /// The quota card's pace badge: "pace-behind", "Behind".
    pub pace_class: &'static str,
    pub pace_label: String,
    /// Progress-bar width step, 0–100 by 5.
    pub bar: u32,
    /// "+$60,000.00" or "−$5,000.00".
    pub vs_quota: String,
    /// "ahead", "behind" or "even", for the colour.
    pub vs_class: &'static str,
    pub is_viewer: bool,
    /// Draw a gap above this row: rows were left out before it.
    pub after_gap: bool,
}

/// A ranked board ready to render (`templates/leaderboard/_board.html`).
pub struct Board {
    /// "Revenue · November 2026"
    pub title: String,
    pub scope_label: String,
    pub rows: Vec<BoardRow>,
    /// Everyone in the ranking, shown or not.
    pub total: usize,
    /// How many rows were left out; with `expand_url` to show them.
    pub hidden: usize,
    pub expand_url: String,
    /// The same board again, for its live refresh.
    pub refresh_url: String,
    pub empty_message: String,
    /// The viewer's own rank, if they are on the board.
    pub my_rank: Option<u32>,
    /// The first rows, rendered once for every viewer not among them
    /// (`rows` then holds only what follows); where they go in the page.
    pub top: Option<Arc<Shared>>,
    pub top_slot: Slot,
    /// How many rows `top` holds.
    pub top_rows: usize,
}

impl Board {
    /// How many rows the board shows.
    pub fn shown(&self) -> usize {
        self.top_rows + self.rows.len()
    }
}

/// What a board shows, chosen by the viewer.
#[derive(Clone, Copy)]
pub struct BoardChoice<'a> {
    pub period: &'a PeriodRow,
    pub metric: &'a Metric,
    pub scope: BoardScope,
    /// Rows shown before the rest is cut (the viewer's row always stays);
    /// `None` shows everyone.
    pub limit: Option<usize>,
    /// The organisation's today, for each row's pace.
    pub today: chrono::NaiveDate,
    /// Only people behind pace (behind or critical): a manager's coaching view.
    pub behind_only: bool,
    /// The change epoch read with the viewer: the ranking kept for it is
    /// current.
    pub epoch: Epoch,
    /// The tiers a tier board may name, as of `epoch`.
    pub catalog: &'a Catalog,
}

/// Computes and formats a board for `viewer`.
pub fn board(
    conn: &mut PgConnection,
    caches: &Caches,
    viewer: &User,
    fmt: &Fmt,
    choice: BoardChoice,
) -> Result<Board, AppError> {
    let lang = fmt.lang;
    let standings = standings(conn, caches, viewer, &choice)?;
    let scope_label = match choice.scope {
        BoardScope::MyTeam => lang.t("leaderboard-scope-team"),
        BoardScope::Company => lang.t("leaderboard-scope-company"),
        BoardScope::Tier(id) => {
            let tier = choice.catalog.tier(id).ok_or(AppError::NotFound)?;
            lang.tr(
                "leaderboard-scope-tier-name",
                [("tier", tier.name.clone().into())],
            )
        }
    };
    let empty_message = lang.t(match choice.scope {
        _ if choice.behind_only => "leaderboard-empty-behind",
        BoardScope::MyTeam if viewer.team_id.is_none() && viewer.role().can_manage() => {
            "leaderboard-empty-managed"
        }
        BoardScope::MyTeam if viewer.team_id.is_none() => "leaderboard-empty-no-team",
        _ => "leaderboard-empty",
    });
    let title = format!(
        "{} · {}",
        fmt.metric(&choice.metric.key, &choice.metric.name),
        fmt.period(choice.period)
    );
    let expand_url = format!(
        "/leaderboard?period={}&metric={}&scope={}{}&all=1",
        choice.period.id,
        choice.metric.key,
        choice.scope.param(),
        if choice.behind_only {
            "&pace=behind"
        } else {
            ""
        }
    );
    let refresh_url = if choice.limit.is_some() {
        expand_url.trim_end_matches("&all=1").to_string()
    } else {
        expand_url.clone()
    };
    dress(
        standings,
        viewer.id,
        viewer.role().can_read_company(),
        &choice,
        fmt,
        Board {
            title,
            scope_label,
            rows: Vec::new(),
            total: 0,
            hidden: 0,
            expand_url,
            refresh_url,
            empty_message,
            my_rank: None,
            top: None,
            top_slot: Slot,
            top_rows: 0,
        },
    )
}

/// Keeps the first `limit` rows and the viewer's, and formats them. The
/// first rows of a limited board (no pace filter) that the viewer is not
/// among come rendered from the ranking's cache ([`Ranking`]).
fn dress(
    ranking: Arc<Ranking>,
    viewer_id: i64,
    reads_everyone: bool,
    choice: &BoardChoice,
    fmt: &Fmt,
    mut board: Board,
) -> Result<Board, AppError> {
    let unit = choice.metric.unit;
    let limit = choice.limit.unwrap_or(usize::MAX);
    let span = choice.period.period();
    let pace = |s: &Standing| crate::board::pace::of(s.actual, s.target, &span, choice.today);
    board.my_rank = ranking.position(viewer_id).map(|at| ranking.rows[at].rank);
    // The coaching view keeps each row's rank on the whole board. Pace is
    // worked out for every row only to filter by it; otherwise only for the
    // rows shown (a company board has thousands, and nothing is copied or
    // searched per row for them).
    let behind: Option<Vec<(&Standing, Pace)>> = choice.behind_only.then(|| {
        ranking
            .rows
            .iter()
            .map(|s| (s, pace(s)))
            .filter(|(_, p)| crate::board::pace::is_behind(*p))
            .collect()
    });
    let shown = |index: usize| -> (&Standing, Option<Pace>) {
        match &behind {
            Some(rows) => (rows[index].0, Some(rows[index].1)),
            None => (&ranking.rows[index], None),
        }
    };
    board.total = behind.as_ref().map_or(ranking.rows.len(), Vec::len);
    let row = |s: &Standing, known: Option<Pace>, is_viewer: bool| {
        let pace = known.unwrap_or_else(|| pace(s));
        let achieved = s.attainment_percent.is_some_and(|p| p > Decimal::ZERO);
        BoardRow {
            rank: s.rank,
            medal: Medal::for_rank(s.rank).filter(|_| achieved),
            name: s.name.clone(),
            // Executives and admins open anyone; the others their own page.
            href: (reads_everyone || is_viewer).then(|| super::people::href(s.user_id)),
            team: s.team.clone().unwrap_or_default(),
            actual: fmt.value(s.actual, unit),
            target: fmt.value(s.target, unit),
            attainment: fmt.percent(s.attainment_percent),
            pace_class: super::goals::pace_class(pace),
            pace_label: super::goals::pace_label(fmt.lang, pace),
            bar: format::bar_step(s.attainment_percent),
            vs_quota: fmt.signed(s.vs_quota, unit),
            vs_class: match s.vs_quota.cmp(&Decimal::ZERO) {
                std::cmp::Ordering::Greater => "ahead",
                std::cmp::Ordering::Less => "behind",
                std::cmp::Ordering::Equal => "even",
            },
            is_viewer,
            after_gap: false,
        }
    };
    let viewer_at = match &behind {
        Some(rows) => rows.iter().position(|(s, _)| s.user_id == viewer_id),
        None => ranking.position(viewer_id),
    };
    let mut previous: Option<usize> = None;
    let mut top_count = 0;
    if choice.limit.is_some()
        && !choice.behind_only
        && board.total > 0
        && viewer_at.is_none_or(|at| at >= limit)
    {
        top_count = limit.min(board.total);
        let key = TopKey {
            lang: fmt.lang,
            reads_everyone,
            limit,
            today: choice.today,
        };
        let top = ranking.top(key, || {
            let rows: Vec<BoardRow> = (0..top_count)
                .map(|index| {
                    let (s, known) = shown(index);
                    row(s, known, false)
                })
                .collect();
            TopRows {
                lang: fmt.lang,
                rows: &rows,
            }
            .render()
            .map_err(AppError::from)
        })?;
        board.top = Some(top);
        board.top_rows = top_count;
        previous = top_count.checked_sub(1);
    }
    // The rows up to the limit, then the viewer's own when it falls below.
    let first = top_count..limit.min(board.total);
    let own_below = viewer_at.filter(|&at| at >= limit);
    for index in first.chain(own_below) {
        let (s, known) = shown(index);
        let mut line = row(s, known, s.user_id == viewer_id);
        line.after_gap = previous.is_some_and(|p| p + 1 != index);
        board.rows.push(line);
        previous = Some(index);
    }
    board.hidden = board.total - top_count - board.rows.len();
    Ok(board)
}
