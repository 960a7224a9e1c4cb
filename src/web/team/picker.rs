//! What a team or company page is about: the period (`?period=ID`, or
//! `?kind=month&date=YYYY-MM-DD` for the period of that kind holding the
//! date; the current month by default) and the team (`?team=ID`, which the
//! viewer must be allowed to see).

use chrono::{Datelike, NaiveDate};
use diesel::PgConnection;

use super::board::Roster;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::teams::Team;
use crate::db::users::User;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::role::Role;
use crate::domain::tree::depth_first;
use crate::i18n::Msg;
use crate::org::access;
use crate::web::cache::Catalog;
use crate::web::error::AppError;
use crate::web::format::Fmt;
use crate::web::layout::SelectOption;

/// The query string as pairs, so repeated and unexpected keys never turn a
/// page into a 400.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: &str) -> Result<Params, AppError> {
        serde_urlencoded::from_str(query)
            .map(Params)
            .map_err(|_| AppError::BadRequest(Msg::new("team-bad-address")))
    }

    /// The first non-empty value of `key`, trimmed.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }

    /// Every non-empty value of `key`, trimmed.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// An id: absent is `None`; anything but a positive number names
    /// nothing that exists.
    pub fn id(&self, key: &str) -> Result<Option<i64>, AppError> {
        match self.get(key) {
            None => Ok(None),
            Some(text) => match text.parse::<i64>() {
                Ok(id) if id > 0 => Ok(Some(id)),
                _ => Err(AppError::NotFound),
            },
        }
    }
}

/// A link to the same page for another period.
#[derive(Clone)]
pub struct PeriodLink {
    pub label: String,
    pub query: String,
    pub current: bool,
}

/// The period shown and the ways to move to another one.
#[derive(Clone)]
pub struct PeriodNav {
    pub id: i64,
    pub name: String,
    pub dates: String,
    /// "23 days left", "Ended", "Starts in 4 days".
    pub status: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Month, quarter, year around the shown period.
    pub kinds: Vec<PeriodLink>,
    /// The period of the same kind holding today, when another is shown.
    pub back_to_today: Option<String>,
    /// `period=ID`, to keep the period in other links.
    pub query: String,
}

fn kind_query(kind: PeriodKind, date: NaiveDate) -> String {
    format!("kind={}&date={}", kind.as_str(), date.format("%Y-%m-%d"))
}

/// The period the query asks for, created on demand, with its navigation.
/// With a `catalog` (the periods as of the reader's epoch) a period that
/// exists is found without a statement.
pub fn period(
    conn: &mut PgConnection,
    catalog: Option<&Catalog>,
    fmt: &Fmt,
    org: &Organisation,
    today: NaiveDate,
    params: &Params,
) -> Result<(PeriodRow, PeriodNav), AppError> {
    let row = period_row(conn, catalog, org, today, params)?;
    let nav = nav(&row, fmt, org, today);
    Ok((row, nav))
}

/// The period the query asks for (see [`period`]), without its navigation.
pub fn period_row(
    conn: &mut PgConnection,
    catalog: Option<&Catalog>,
    org: &Organisation,
    today: NaiveDate,
    params: &Params,
) -> Result<PeriodRow, AppError> {
    let fiscal = org.fiscal_start_month();
    Ok(match params.id("period")? {
        Some(id) => match catalog {
            Some(catalog) => catalog.period(id).cloned().ok_or(AppError::NotFound)?,
            None => PeriodRow::find(conn, id)?,
        },
        None => {
            let kind = match params.get("kind").map(str::parse::<PeriodKind>) {
                Some(Ok(kind)) if kind != PeriodKind::Custom => kind,
                _ => PeriodKind::Month,
            };
            let date = params
                .get("date")
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .filter(|d| (1900..=9000).contains(&d.year()))
                .unwrap_or(today);
            let span = Period::containing(kind, date, fiscal)
                .unwrap_or_else(|| Period::month_containing(date));
            match catalog.and_then(|c| c.period_spanning(&span)) {
                Some(row) => row.clone(),
                None => PeriodRow::containing(conn, kind, date, fiscal)?,
            }
        }
    })
}

/// The navigation around `row` as of `today`, worded for `fmt`'s reader:
/// the same for every reader of that language, so a page that keeps its
/// figures per period and language keeps this beside them.
pub fn nav(row: &PeriodRow, fmt: &Fmt, org: &Organisation, today: NaiveDate) -> PeriodNav {
    let fiscal = org.fiscal_start_month();
    let span = row.period();
    let anchor = if span.contains(today) {
        today
    } else {
        span.start
    };
    let kinds = [
        (PeriodKind::Month, "team-period-month"),
        (PeriodKind::Quarter, "team-period-quarter"),
        (PeriodKind::Year, "team-period-year"),
    ]
    .into_iter()
    .map(|(kind, label)| PeriodLink {
        label: fmt.lang.t(label),
        query: kind_query(kind, anchor),
        current: span.kind == kind,
    })
    .collect();
    let status = if today < span.start {
        let days = (span.start - today).num_days();
        fmt.lang
            .tr("team-period-starts-in", [("count", days.into())])
    } else if today > span.end {
        fmt.lang.t("team-period-ended")
    } else {
        let days = span.days_left(today);
        fmt.lang
            .tr("team-period-days-left", [("count", days.into())])
    };
    let whole_range = Period {
        kind: PeriodKind::Custom,
        ..span
    };
    PeriodNav {
        id: row.id,
        name: fmt.period(row),
        dates: fmt.lang.period_name(whole_range.name(fiscal)),
        status,
        prev: span.previous().map(|p| kind_query(p.kind, p.start)),
        next: span.next().map(|p| kind_query(p.kind, p.start)),
        kinds,
        back_to_today: (span.kind != PeriodKind::Custom && !span.contains(today))
            .then(|| kind_query(span.kind, today)),
        query: format!("period={}", row.id),
    }
}

/// The team shown and the teams the viewer may switch to.
pub struct TeamChoice {
    pub team: Team,
    pub options: Vec<SelectOption>,
}

/// The team the query names (403 when the viewer may not see it), or the
/// viewer's own: the first team they manage, else the first they may see.
/// `None` when the viewer sees no team at all.
pub fn team(
    conn: &mut PgConnection,
    viewer: &User,
    roster: &Roster,
    params: &Params,
) -> Result<Option<TeamChoice>, AppError> {
    let visible = access::visible_teams(conn, viewer)?;
    let may_see = |id: i64| visible.as_ref().is_none_or(|teams| teams.contains(&id));
    let shown: Vec<&Team> = roster
        .teams
        .iter()
        .filter(|t| t.active && may_see(t.id))
        .collect();
    let order = depth_first(&shown, |t| t.id, |t| t.parent_id, |t| t.name.clone());
    let options: Vec<SelectOption> = order
        .iter()
        .map(|&(i, depth)| {
            SelectOption::new(
                shown[i].id,
                format!("{}{}", "— ".repeat(depth), shown[i].name),
            )
        })
        .collect();
    let chosen = match params.id("team")? {
        Some(id) => {
            let team = roster.team(id).ok_or(AppError::NotFound)?;
            if !may_see(id) {
                return Err(AppError::Forbidden);
            }
            team.clone()
        }
        None => {
            let own = (viewer.role() != Role::Admin)
                .then(|| {
                    order
                        .iter()
                        .map(|&(i, _)| shown[i])
                        .find(|t| t.manager_id == Some(viewer.id))
                })
                .flatten();
            match own.or_else(|| order.first().map(|&(i, _)| shown[i])) {
                Some(team) => team.clone(),
                None => return Ok(None),
            }
        }
    };
    Ok(Some(TeamChoice {
        team: chosen,
        options,
    }))
}
