//! The executive's company page: company goals with their progress and
//! their rollup by team (each team's actual is the sum over its subtree),
//! drill-down to a team and from there to a person's goals; admins set a
//! company goal per metric and period here.

mod goal_form;

use std::sync::{Arc, OnceLock};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;

use super::cache::{Caches, CompanyKey};
use super::error::{AppError, FieldErrors};
use super::format;
use super::fragment::{self, Shared, Slot};
use super::layout::{Layout, SelectOption};
use super::team::board::{self, Column, Holder, Ledger, Line, Roster, Sort};
use super::team::picker::{self, Params, PeriodNav};
use super::team::{TeamView, people_label};
use super::trend::MonthlyCard;
use super::{Routes, db};
use crate::auth::{CurrentUser, RequireCompanyReader, SignedIn};
use crate::db::DbPool;
use crate::db::epoch::Epoch;
use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::db::teams::Team;
use crate::domain::role::Role;
use crate::error::FieldMessages;
use crate::goals::progress::{self, GoalView, org_today};
use crate::i18n::Lang;
use crate::web::format::Fmt;
use goal_form::CompanyGoalForm;

pub fn routes(r: &mut Routes) {
    r.get("/executive", executive)
        .get("/company/teams/{id}", team)
        .post("/company/goals", goal_form::create);
}

/// A company goal as a card: the numbers of `progress::views`.
pub struct GoalCard {
    pub id: i64,
    pub metric: String,
    pub actual: String,
    pub target: String,
    pub percent: String,
    pub tone: &'static str,
    pub health: String,
    pub pace: String,
    pub bar: u32,
    pub days_left: i64,
    pub needed: Option<String>,
    pub projection: String,
    pub week: String,
    /// "62% likely" from the stored forecast (the company goal's, made
    /// from everyone's daily sums); "" without one or when over.
    pub chance: String,
}

impl GoalCard {
    fn new(
        view: &GoalView,
        fmt: &Fmt,
        org: &crate::db::organisation::Organisation,
        today: chrono::NaiveDate,
    ) -> GoalCard {
        let p = &view.progress;
        let unit = view.metric.unit;
        let minor = org.money_scale().places();
        GoalCard {
            id: view.goal.id,
            metric: fmt.metric(&view.metric.key, &view.metric.name),
            actual: fmt.value(p.actual, unit),
            target: fmt.value(p.target, unit),
            percent: fmt.percent(p.attainment_percent),
            tone: board::tone_class(p.health),
            health: board::health_label(fmt.lang, p.health),
            pace: board::pace_label(fmt.lang, p.pace),
            bar: format::bar_step(p.attainment_percent),
            days_left: p.days_left,
            needed: p.needed_per_day.filter(|n| *n > Decimal::ZERO).map(|n| {
                let places = if view.metric.is_money() { minor } else { 0 };
                let rounded = crate::domain::attainment::round_up_to(n, places);
                let amount = fmt.value(rounded, unit);
                fmt.lang.tr("pace-needed", [("amount", amount.into())])
            }),
            projection: fmt.value(
                p.projection
                    .round_dp(if view.metric.is_money() { minor } else { 0 }),
                unit,
            ),
            week: fmt.signed(p.change_this_week, unit),
            chance: match &view.forecast {
                Some(f) if today <= view.period.end_date => match f.percent() {
                    Some(percent) => fmt.lang.tr(
                        "goal-card-likely",
                        [("percent", fmt.lang.percent(percent, 0).into())],
                    ),
                    None => fmt.lang.t("goal-card-not-enough-history"),
                },
                _ => String::new(),
            },
        }
    }
}

/// How many months the attainment chart shows, this one included.
const MONTHS_CHARTED: u32 = 12;

/// Everything the company page shows for one period.
pub struct Company {
    pub cards: Vec<GoalCard>,
    pub overall: String,
    pub overall_tone: &'static str,
    pub columns: Vec<Column>,
    pub teams: Vec<Line>,
    pub unassigned: Option<Line>,
    pub total: Line,
    pub people: usize,
    pub sort: String,
    /// Active metrics without a company goal this period (admins' form).
    pub open_metrics: Vec<SelectOption>,
    /// Company attainment in each of the last twelve months.
    pub monthly: MonthlyCard,
    /// The period's navigation, worded for the key's language.
    pub nav: PeriodNav,
    /// The table of teams as rendered, once (see [`Company::teams_part`]).
    teams_part: OnceLock<Arc<Shared>>,
    /// The head of the page as rendered, once (see [`Company::head_part`]).
    head_part: OnceLock<Arc<Shared>>,
}

/// The company page's head: the overall figure, the period toolbar, the
/// company goals and the monthly chart, the same for every reader.
#[derive(Template)]
#[template(path = "dashboard/_company_head.html")]
struct HeadPart<'a> {
    lang: Lang,
    org_name: &'a str,
    company: &'a Company,
    nav: &'a PeriodNav,
    period_base: &'a str,
    sort_base: &'a str,
    teams: Vec<SelectOption>,
    selected_team: &'a str,
}

/// The company page's table of teams: its biggest part (a row per team,
/// three cells per metric), the same for every reader.
#[derive(Template)]
#[template(path = "dashboard/_company_teams.html")]
struct TeamsPart<'a> {
    lang: Lang,
    company: &'a Company,
    sort_base: &'a str,
    nav_name: &'a str,
}

impl Company {
    /// The table of teams, rendered and compressed by the first reader of
    /// these figures; every later reader's page splices it in as it is
    /// (`web::fragment`). The figures are kept per period, sort, day,
    /// language and change epoch, and the table shows nothing else but
    /// the period's name and link, which follow from its id.
    fn teams_part(&self, lang: Lang) -> Result<Arc<Shared>, AppError> {
        Shared::kept(&self.teams_part, || {
            TeamsPart {
                lang,
                company: self,
                sort_base: &sort_base(&self.nav),
                nav_name: &self.nav.name,
            }
            .render()
        })
    }

    /// The head of the page, rendered and compressed by the first reader
    /// of these figures, like [`Company::teams_part`]. Besides the figures
    /// it shows the period's navigation (kept with them) and the
    /// organisation's name (whose change moves the epoch).
    fn head_part(&self, lang: Lang, org_name: &str) -> Result<Arc<Shared>, AppError> {
        Shared::kept(&self.head_part, || {
            HeadPart {
                lang,
                org_name,
                company: self,
                nav: &self.nav,
                period_base: &format!("/executive?sort={}&", self.sort),
                sort_base: &sort_base(&self.nav),
                teams: Vec::new(),
                selected_team: "",
            }
            .render()
        })
    }
}

/// The page's address with the shown period, ready for a `sort=`.
fn sort_base(nav: &PeriodNav) -> String {
    format!("/executive?{}&", nav.query)
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/executive.html")]
pub struct ExecutivePage {
    layout: Layout,
    lang: Lang,
    company: Arc<Company>,
    /// Where the shared head of the page goes.
    head_slot: Slot,
    /// Where the shared table of teams goes.
    teams_slot: Slot,
    is_admin: bool,
    form: CompanyGoalForm,
    errors: FieldMessages,
}

fn load_company(
    conn: &mut diesel::PgConnection,
    caches: &Caches,
    fmt: &Fmt,
    org: &crate::db::organisation::Organisation,
    params: &Params,
    at: Option<Epoch>,
) -> Result<Arc<Company>, AppError> {
    let today = org_today(org);
    let at = match at {
        Some(at) => at,
        None => crate::db::epoch::current(conn)?,
    };
    let catalog = caches.catalog_at(conn, at, org)?;
    let period = picker::period_row(conn, Some(&catalog), org, today, params)?;
    let sort = Sort::parse(params.get("sort"));
    let key = CompanyKey {
        period_id: period.id,
        sort: sort.key(),
        today,
        lang: fmt.lang,
    };
    // The period's navigation is worded once per period, day and language,
    // with the figures beside it (`Company::nav`).
    caches.company.get_at(conn, at, key, |conn| {
        company_rollup(conn, fmt, org, &period, today, sort)
    })
}

/// The company page's figures for a period: the same for every reader, so
/// they are computed once per change and language (see `web::cache`).
fn company_rollup(
    conn: &mut diesel::PgConnection,
    fmt: &Fmt,
    org: &crate::db::organisation::Organisation,
    period: &PeriodRow,
    today: chrono::NaiveDate,
    sort: Sort,
) -> Result<Company, AppError> {
    let roster = Roster::load(conn)?;
    let (goals, forecasts) = board::shared_period_goals_with_forecasts(conn, period.id)?;
    let company_goals: Vec<Goal> = goals
        .iter()
        .filter(|g| Holder::from(g.owner()) == Holder::Company)
        .cloned()
        .collect();
    let top: Vec<&Team> = roster.sub_teams(None);
    // Columns: what the company measures itself on, then what its top
    // teams do; with neither, any goal of the period; with no goal at all,
    // every metric with activity.
    let shaping: Vec<&Goal> = goals
        .iter()
        .filter(|g| match Holder::from(g.owner()) {
            Holder::Company => true,
            Holder::Team(id) => top.iter().any(|t| t.id == id),
            Holder::User(_) => false,
        })
        .collect();
    let mut metrics = if shaping.is_empty() {
        let mut ids: Vec<i64> = goals.iter().map(|g| g.metric_id).collect();
        ids.extend(board::personal_goal_metrics(conn, period.id)?);
        Metric::all(conn)?
            .into_iter()
            .filter(|m| ids.contains(&m.id))
            .collect()
    } else {
        board::metrics_of(conn, &shaping)?
    };
    let fallback = metrics.is_empty();
    if fallback {
        metrics = Metric::active(conn)?;
    }
    let mut ledger =
        Ledger::load(conn, fmt, period, today, metrics, goals, None)?.with_forecasts(forecasts);
    if fallback {
        let active: Vec<Metric> = std::mem::take(&mut ledger.metrics)
            .into_iter()
            .filter(|m| !ledger.actual(&roster, Holder::Company, m.id).is_zero())
            .collect();
        ledger.metrics = active;
    }
    // Top-level teams, each followed by its own sub-teams; deeper levels
    // are one click away on the team's page.
    let team_line = |t: &Team, depth: usize| {
        let mut line = Line::new(
            &ledger,
            &roster,
            Holder::Team(t.id),
            t.name.clone(),
            people_label(fmt.lang, roster.headcount(t.id)),
        );
        line.href = Some(format!("/company/teams/{}?period={}", t.id, period.id));
        line.depth = depth;
        line
    };
    let mut roots: Vec<Line> = top.iter().map(|t| team_line(t, 0)).collect();
    sort.apply(&mut roots, &ledger.metrics);
    let mut teams = Vec::new();
    for root in roots {
        let mut children: Vec<Line> = roster
            .sub_teams(Some(root.id))
            .into_iter()
            .map(|t| team_line(t, 1))
            .collect();
        sort.apply(&mut children, &ledger.metrics);
        teams.push(root);
        teams.extend(children);
    }
    let unassigned_people = roster.unassigned().filter(|p| p.active).count();
    let unassigned_figures: Vec<_> = ledger
        .metrics
        .iter()
        .map(|m| ledger.figure_of(ledger.unassigned_actual(&roster, m.id), None, m))
        .collect();
    let unassigned = unassigned_figures
        .iter()
        .any(|f| !f.actual.is_zero())
        .then(|| Line {
            id: 0,
            name: fmt.lang.t("company-not-in-team"),
            detail: people_label(fmt.lang, unassigned_people),
            figures: unassigned_figures,
            overall: None,
            overall_text: String::new(),
            overall_tone: "",
            highlight: false,
            depth: 0,
            href: None,
        });
    let people = roster.people.iter().filter(|p| p.active).count();
    let total = Line::new(
        &ledger,
        &roster,
        Holder::Company,
        org.name.clone(),
        people_label(fmt.lang, people),
    );
    let views = progress::views(conn, company_goals, org, today)?;
    let mut cards: Vec<(i32, GoalCard)> = views
        .iter()
        .map(|v| (v.metric.position, GoalCard::new(v, fmt, org, today)))
        .collect();
    cards.sort_by_key(|(position, _)| *position);
    let overall = progress::overall_attainment(&views);
    let open_metrics = Metric::active(conn)?
        .into_iter()
        .filter(|m| !views.iter().any(|v| v.metric.id == m.id))
        .map(|m| SelectOption::new(m.id, fmt.metric(&m.key, &m.name)))
        .collect();
    let by_month = crate::goals::trends::company_by_month(conn, org, today, MONTHS_CHARTED)?;
    let company = Company {
        monthly: MonthlyCard::new(&by_month, fmt),
        nav: picker::nav(period, fmt, org, today),
        cards: cards.into_iter().map(|(_, card)| card).collect(),
        overall: fmt.percent(overall),
        overall_tone: board::overall_tone(overall, &ledger.span, today),
        columns: Column::list(&ledger.metrics, sort, fmt),
        teams,
        unassigned,
        total,
        people,
        sort: sort.key(),
        open_metrics,
        teams_part: OnceLock::new(),
        head_part: OnceLock::new(),
    };
    Ok(company)
}

async fn render_executive(
    pool: &DbPool,
    caches: &web::Data<Caches>,
    current: &RequireCompanyReader,
    params: Params,
    form: CompanyGoalForm,
    errors: FieldErrors,
) -> Result<fragment::Answer, AppError> {
    let org = current.org.clone();
    let fmt = current.fmt();
    let caches = caches.clone();
    let company = db(pool, move |conn| {
        load_company(conn, &caches, &fmt, &org, &params, None)
    })
    .await?;
    executive_page(current, company, form, errors)
}

/// The executive page from its figures; with `errors`, the company goal
/// form refilled and 422.
fn executive_page(
    current: &CurrentUser,
    company: Arc<Company>,
    form: CompanyGoalForm,
    errors: FieldErrors,
) -> Result<fragment::Answer, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let head = company.head_part(current.lang(), &current.org.name)?;
    let teams = company.teams_part(current.lang())?;
    let layout = current.framed_layout_t("company-title")?;
    let mut parts = layout.parts();
    parts.extend([head, teams]);
    let page = ExecutivePage {
        layout,
        lang: current.lang(),
        company,
        head_slot: Slot,
        teams_slot: Slot,
        is_admin: current.role() == Role::Admin,
        form,
        errors: errors.shown(current.lang()),
    };
    let rendered = page.render()?;
    Ok(fragment::Answer::new(
        fragment::Page::split_all(rendered, parts),
        status,
    ))
}

/// The rollup executives read most: the reader is checked (and refused
/// unless they read the company) in the same database call as the
/// figures are read.
async fn executive(
    pool: web::Data<DbPool>,
    caches: web::Data<Caches>,
    signed_in: SignedIn,
    req: HttpRequest,
) -> Result<fragment::Answer, AppError> {
    let params = Params::parse(req.query_string())?;
    let caches = caches.into_inner();
    let (current, company) = signed_in
        .load(&pool, move |conn, reader, org, epoch| {
            if !reader.role().can_read_company() {
                return Err(AppError::Forbidden);
            }
            let fmt = Fmt::new(crate::auth::extract::reader_lang(reader, org), org);
            load_company(conn, &caches, &fmt, org, &params, Some(epoch))
        })
        .await?;
    executive_page(
        &current,
        company,
        CompanyGoalForm::default(),
        FieldErrors::new(),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "company/team.html")]
struct TeamPage {
    layout: Layout,
    lang: Lang,
    nav: PeriodNav,
    period_base: String,
    sort_base: String,
    teams: Vec<SelectOption>,
    selected_team: String,
    view: TeamView,
    /// (name, link) from the company down to the team's parent.
    trail: Vec<(String, String)>,
}

async fn team(
    pool: web::Data<DbPool>,
    current: RequireCompanyReader,
    path: web::Path<i64>,
    req: HttpRequest,
) -> Result<TeamPage, AppError> {
    let team_id = path.into_inner();
    let params = Params::parse(req.query_string())?;
    let org = current.org.clone();
    let fmt = current.fmt();
    let viewer = current.user.id;
    let (nav, view, trail) = db(&pool, move |conn| {
        let today = org_today(&org);
        let roster = Roster::load(conn)?;
        let team = roster.team(team_id).ok_or(AppError::NotFound)?.clone();
        let (period, nav) = picker::period(conn, None, &fmt, &org, today, &params)?;
        let period_id = period.id;
        let view = TeamView::build(
            conn,
            &roster,
            &fmt,
            &period,
            today,
            &team,
            Sort::parse(params.get("sort")),
            viewer,
            |id| format!("/company/teams/{id}?period={period_id}"),
        )?;
        let mut trail = Vec::new();
        let mut cursor = team.parent_id;
        while let Some(id) = cursor.filter(|_| trail.len() < 32) {
            let Some(parent) = roster.team(id) else { break };
            trail.push((
                parent.name.clone(),
                format!("/company/teams/{id}?period={period_id}"),
            ));
            cursor = parent.parent_id;
        }
        trail.reverse();
        Ok((nav, view, trail))
    })
    .await?;
    let page = TeamPage {
        layout: current.layout(view.team.name.clone()),
        lang: current.lang(),
        period_base: format!("/company/teams/{team_id}?sort={}&", view.sort),
        sort_base: format!("/company/teams/{team_id}?{}&", nav.query),
        nav,
        teams: Vec::new(),
        selected_team: String::new(),
        view,
        trail,
    };
    Ok(page)
}
