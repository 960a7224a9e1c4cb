//! The manager's team page: members side by side per metric with health
//! colours, the team's own goals and the gap between the team target and
//! its members' quotas. The bulk quota editor lives in `team::quotas`.

pub mod board;
pub mod picker;
pub mod quotas;

use actix_web::{HttpRequest, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use diesel::PgConnection;

use super::error::AppError;
use super::layout::{Layout, SelectOption};
use super::{Routes, db};
use crate::auth::RequireManager;
use crate::db::DbPool;
use crate::db::goals::Goal;
use crate::db::periods::PeriodRow;
use crate::db::teams::Team;
use crate::goals::progress::org_today;
use crate::i18n::Lang;
use crate::web::format::Fmt;
use board::{Column, GapLine, Holder, Ledger, Line, Roster, Sort};
use picker::{Params, PeriodNav};

pub fn routes(r: &mut Routes) {
    r.get("/manager", manager);
    quotas::routes(r);
}

/// A team in one period: its members and sub-teams per metric, its own
/// goals and the gaps. Shared by the team page and the company drill-down.
pub struct TeamView {
    pub team: Team,
    pub manager: String,
    pub headcount: usize,
    pub columns: Vec<Column>,
    pub total: Line,
    pub members: Vec<Line>,
    pub sub_teams: Vec<Line>,
    pub gaps: Vec<GapLine>,
    pub sort: String,
}

impl TeamView {
    /// `team_href` gives the link of a sub-team's name.
    #[expect(clippy::too_many_arguments, reason = "one call site per page")]
    pub fn build(
        conn: &mut PgConnection,
        roster: &Roster,
        fmt: &Fmt,
        period: &PeriodRow,
        today: NaiveDate,
        team: &Team,
        sort: Sort,
        viewer: i64,
        team_href: impl Fn(i64) -> String,
    ) -> Result<TeamView, AppError> {
        let people = roster.people_under(team.id);
        let teams = roster.subtree(team.id);
        let members: std::collections::HashSet<i64> = people.iter().copied().collect();
        let goals: Vec<Goal> = board::period_goals(conn, period.id)?
            .into_iter()
            // Paused, draft and pending goals keep out of the rollup.
            .filter(|g| crate::db::goals::LIVE_STATUSES.contains(&g.status))
            .filter(|g| match Holder::from(g.owner()) {
                Holder::User(id) => members.contains(&id),
                Holder::Team(id) => teams.contains(&id),
                Holder::Company => false,
            })
            .collect();
        let metrics = board::metrics_of(conn, &goals.iter().collect::<Vec<_>>())?;
        let ledger = Ledger::load(conn, fmt, period, today, metrics, goals, Some(&people))?;
        let mut members: Vec<Line> = roster
            .members(team.id)
            .into_iter()
            .map(|p| {
                let mut line = Line::new(
                    &ledger,
                    roster,
                    Holder::User(p.id),
                    p.name.clone(),
                    p.email.clone(),
                );
                line.highlight = p.id == viewer;
                line.href = Some(super::people::href(p.id));
                line
            })
            .collect();
        sort.apply(&mut members, &ledger.metrics);
        let mut sub_teams: Vec<Line> = roster
            .sub_teams(Some(team.id))
            .into_iter()
            .map(|t| {
                let count = roster.headcount(t.id);
                let mut line = Line::new(
                    &ledger,
                    roster,
                    Holder::Team(t.id),
                    t.name.clone(),
                    people_label(fmt.lang, count),
                );
                line.href = Some(team_href(t.id));
                line
            })
            .collect();
        sort.apply(&mut sub_teams, &ledger.metrics);
        let headcount = roster.headcount(team.id);
        let total = Line::new(
            &ledger,
            roster,
            Holder::Team(team.id),
            fmt.lang.t("team-total"),
            people_label(fmt.lang, headcount),
        );
        let gaps = ledger
            .metrics
            .iter()
            .map(|m| ledger.gap(roster, team.id, m))
            .collect();
        Ok(TeamView {
            team: team.clone(),
            manager: roster.user_name(team.manager_id),
            headcount,
            columns: Column::list(&ledger.metrics, sort, fmt),
            total,
            members,
            sub_teams,
            gaps,
            sort: sort.key(),
        })
    }
}

/// "3 people" / "3명".
pub fn people_label(lang: Lang, count: usize) -> String {
    lang.tr("team-people", [("count", count.into())])
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/manager.html")]
struct ManagerPage {
    layout: Layout,
    lang: Lang,
    nav: PeriodNav,
    teams: Vec<SelectOption>,
    selected_team: String,
    view: Option<TeamView>,
    /// The path and query that period links extend.
    period_base: String,
    /// The path and query that sort links extend.
    sort_base: String,
    /// The same-tier distributions of the team's partner types and tiers.
    peers: Vec<PeerGroup>,
    /// "As of 4 Dec": the day the benchmarks count through.
    peers_as_of: String,
}

/// One peer group's quartiles as the manager's page shows them.
pub struct PeerGroup {
    /// "Gold · Distributor".
    pub group: String,
    pub metric: String,
    pub peers: i32,
    /// Q1, median, Q3 ("82.5%"); `None`: not enough peers.
    pub quartiles: Option<[String; 3]>,
}

/// The stored quartiles of the partner groups `people` belong to, for the
/// shown period (the job keeps only current periods').
fn peer_groups(
    conn: &mut PgConnection,
    fmt: &Fmt,
    people: &[i64],
    period_id: i64,
) -> diesel::QueryResult<(Vec<PeerGroup>, String)> {
    let rows = crate::db::benchmarks::TierQuartiles::of_people(conn, people)?;
    let as_of = rows
        .iter()
        .map(|r| r.day)
        .max()
        .map(|day| {
            fmt.lang
                .tr("team-peers-as-of", [("day", fmt.day(day).into())])
        })
        .unwrap_or_default();
    let groups = rows
        .into_iter()
        .filter(|r| r.period.id == period_id)
        .map(|r| PeerGroup {
            group: fmt.lang.tr(
                "team-peers-group",
                [
                    ("tier", r.partner_tier.as_str().into()),
                    ("type", r.partner_type.as_str().into()),
                ],
            ),
            metric: fmt.metric(&r.metric.key, &r.metric.name),
            peers: r.peers,
            quartiles: match (r.q1, r.median, r.q3) {
                (Some(q1), Some(median), Some(q3)) => {
                    Some([q1, median, q3].map(|q| fmt.lang.percent(q, 1)))
                }
                _ => None,
            },
        })
        .collect();
    Ok((groups, as_of))
}

async fn manager(
    pool: web::Data<DbPool>,
    current: RequireManager,
    req: HttpRequest,
) -> Result<ManagerPage, AppError> {
    let params = Params::parse(req.query_string())?;
    let viewer = current.user.clone();
    let org = current.org.clone();
    let fmt = current.fmt();
    let (nav, teams, view, (peers, peers_as_of)) = db(&pool, move |conn| {
        let today = org_today(&org);
        let (period, nav) = picker::period(conn, None, &fmt, &org, today, &params)?;
        let roster = Roster::load(conn)?;
        let Some(choice) = picker::team(conn, &viewer, &roster, &params)? else {
            return Ok((nav, Vec::new(), None, Default::default()));
        };
        let peers = peer_groups(conn, &fmt, &roster.people_under(choice.team.id), period.id)?;
        let sort = Sort::parse(params.get("sort"));
        let period_id = period.id;
        let view = TeamView::build(
            conn,
            &roster,
            &fmt,
            &period,
            today,
            &choice.team,
            sort,
            viewer.id,
            |id| format!("/manager?team={id}&period={period_id}"),
        )?;
        Ok((nav, choice.options, Some(view), peers))
    })
    .await?;
    let (period_base, sort_base) = match &view {
        Some(v) => (
            format!("/manager?team={}&sort={}&", v.team.id, v.sort),
            format!("/manager?team={}&{}&", v.team.id, nav.query),
        ),
        None => ("/manager?".into(), "/manager?".into()),
    };
    let title = view
        .as_ref()
        .map_or_else(|| current.lang().t("team-my-team"), |v| v.team.name.clone());
    let page = ManagerPage {
        layout: current.layout(title),
        lang: current.lang(),
        nav,
        teams,
        selected_team: view
            .as_ref()
            .map(|v| v.team.id.to_string())
            .unwrap_or_default(),
        view,
        period_base,
        sort_base,
        peers,
        peers_as_of,
    };
    Ok(page)
}
