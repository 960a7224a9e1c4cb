//! The achievements feed of a team or the company (the page, or the
//! refreshing partial for htmx).

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    scope: String,
    team: String,
}

/// Which people a feed covers.
enum FeedScope {
    Company,
    Team(Team),
}

#[derive(Template, WebTemplate)]
#[template(path = "achievements/feed.html")]
pub(super) struct FeedPage {
    layout: Layout,
    lang: Lang,
    feed: Feed,
    teams: Vec<SelectOption>,
}

/// The feed's list: the page's body and the htmx partial.
pub struct Feed {
    pub company: bool,
    pub heading: String,
    pub team_id: String,
    pub items: Vec<Item>,
    pub csrf_token: String,
    pub refresh: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "achievements/_feed.html")]
pub(super) struct FeedPartial {
    lang: Lang,
    feed: Feed,
}

/// The teams a viewer may pick for the team feed: their own team and the
/// teams they manage (admins and executives: every team).
fn feed_teams(conn: &mut PgConnection, viewer: &User) -> Result<Vec<Team>, AppError> {
    let all = Team::all(conn)?;
    Ok(match access::visible_teams(conn, viewer)? {
        None => all,
        Some(visible) => all
            .into_iter()
            .filter(|t| visible.contains(&t.id) || viewer.team_id == Some(t.id))
            .collect(),
    })
}

/// `GET /achievements/feed?scope=team|company[&team=ID]`: the latest
/// achievements of a team's subtree or of the whole company. Everyone may
/// read the company's (as the leaderboard); a team's, its members, its
/// managers above it, admins and executives.
pub(super) async fn feed(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    req: HttpRequest,
    query: web::Query<FeedQuery>,
) -> Result<Either<FeedPartial, FeedPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let query = query.into_inner();
    let wants_company = match query.scope.as_str() {
        "company" => true,
        "team" => false,
        "" => matches!(viewer.role(), Role::Admin | Role::Executive) || viewer.team_id.is_none(),
        _ => {
            return Err(AppError::BadRequest(crate::i18n::Msg::new(
                "achievement-feed-scope-unknown",
            )));
        }
    };
    let team_param = query.team.trim().parse::<i64>().ok();
    let (scope, rows, names, teams, reach) = db(&pool, move |conn| {
        let teams = feed_teams(conn, &viewer)?;
        let scope = if wants_company {
            FeedScope::Company
        } else {
            let chosen = team_param
                .or(viewer.team_id)
                .or(teams.first().map(|t| t.id));
            match chosen {
                Some(id) => FeedScope::Team(
                    teams
                        .iter()
                        .find(|t| t.id == id)
                        .cloned()
                        .ok_or(AppError::NotFound)?,
                ),
                None => FeedScope::Company,
            }
        };
        let people = match &scope {
            FeedScope::Company => None,
            FeedScope::Team(team) => Some(tree::team_members(conn, team.id)?),
        };
        let rows = Achievement::feed(conn, people.as_deref(), FEED_LIMIT)?;
        let list: Vec<Achievement> = rows.iter().map(|(a, _)| a.clone()).collect();
        let names = Names::load(conn, &list)?;
        // Whose pages the viewer may open, and whom they may recognise
        // (their subtree; admins everyone): once per person.
        let mut people: Vec<i64> = rows.iter().map(|(a, _)| a.user_id).collect();
        people.sort_unstable();
        people.dedup();
        let mut reach = HashMap::new();
        for person in people {
            let view = access::can_view_user(conn, &viewer, person)?;
            let manage = view && access::can_manage_user(conn, &viewer, person)?;
            reach.insert(person, (view, manage));
        }
        Ok((scope, rows, names, teams, reach))
    })
    .await?;
    let f = Fmt::new(current.lang(), &org);
    let lang = f.lang;
    let (company, heading, team_id) = match &scope {
        FeedScope::Company => (
            true,
            lang.tr(
                "achievement-feed-company",
                [("org", org.name.as_str().into())],
            ),
            String::new(),
        ),
        FeedScope::Team(team) => (
            false,
            lang.tr(
                "achievement-feed-team",
                [("team", team.name.as_str().into())],
            ),
            team.id.to_string(),
        ),
    };
    let refresh = if company {
        "/achievements/feed?scope=company".to_string()
    } else {
        format!("/achievements/feed?scope=team&team={team_id}")
    };
    let feed = Feed {
        company,
        heading,
        team_id,
        items: rows
            .into_iter()
            .map(|(a, name)| {
                let (view, manage) = reach.get(&a.user_id).copied().unwrap_or_default();
                let mut shown = item(a, name, &names, &f, manage);
                if !view {
                    shown.person_href.clear();
                }
                shown
            })
            .collect(),
        csrf_token: current.session.csrf_token(),
        refresh,
    };
    if req.headers().contains_key("hx-request") {
        return Ok(Either::Left(FeedPartial { lang, feed }));
    }
    let page = FeedPage {
        layout: current.layout_t("achievement-feed-title"),
        lang,
        teams: teams
            .into_iter()
            .map(|t| SelectOption::new(t.id, t.name))
            .collect(),
        feed,
    };
    Ok(Either::Right(page))
}
