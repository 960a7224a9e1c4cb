//! The quota editor's recommended targets (issue #19): one line per member
//! and metric where the formula applies, the recommendation beside the
//! formula's target with its reasoning, accepted one at a time or all at
//! once (`goals::targets::recommended`).

use super::*;
use crate::goals::targets::recommended::{self, Suggestion};
use crate::web::targets::view::factor_note_of;

/// One recommendation as the editor shows it.
pub struct RecLine {
    pub user_id: i64,
    pub metric_id: i64,
    pub name: String,
    pub metric: String,
    /// The live target, or "—".
    pub current: String,
    pub formula: String,
    pub target: String,
    pub reason: String,
    /// The live target already is the recommendation.
    pub same: bool,
}

/// The members whose quotas the viewer may set: those of the team and its
/// sub-teams, not the viewer.
pub(super) fn editable_members(
    conn: &mut PgConnection,
    viewer: &User,
    roster: &Roster,
    team: i64,
) -> Result<Vec<i64>, AppError> {
    let mut out = Vec::new();
    for person in roster.members(team) {
        if person.id != viewer.id && access::may_set_goal_for(conn, viewer, Owner::User(person.id))?
        {
            out.push(person.id);
        }
    }
    Ok(out)
}

/// The recommendations of the editor's members for the shown metrics.
pub(super) fn lines(
    conn: &mut PgConnection,
    fmt: &Fmt,
    org: &Organisation,
    roster: &Roster,
    ledger: &Ledger,
    period: &PeriodRow,
    members: &[i64],
) -> Result<Vec<RecLine>, AppError> {
    let people = recommended::people(conn, members)?;
    let suggestions = recommended::suggest(conn, org, &people, &ledger.metrics, period)?;
    let mut lines: Vec<RecLine> = suggestions
        .iter()
        .filter_map(|s| line(fmt, roster, ledger, s))
        .collect();
    // The members' order (by name), then the columns'.
    let at = |l: &RecLine| {
        (
            members.iter().position(|m| *m == l.user_id),
            ledger.metrics.iter().position(|m| m.id == l.metric_id),
        )
    };
    lines.sort_by_key(at);
    Ok(lines)
}

fn line(fmt: &Fmt, roster: &Roster, ledger: &Ledger, s: &Suggestion) -> Option<RecLine> {
    let metric = ledger.metrics.iter().find(|m| m.id == s.metric_id)?;
    let live = ledger
        .goal(Holder::User(s.user_id), metric.id)
        .map(|g| g.target);
    Some(RecLine {
        user_id: s.user_id,
        metric_id: s.metric_id,
        name: roster.person(s.user_id)?.name.clone(),
        metric: fmt.metric(&metric.key, &metric.name),
        current: live.map_or_else(|| "—".into(), |t| fmt.value(t, metric.unit)),
        formula: fmt.value(s.formula_target(), metric.unit),
        target: fmt.value(s.target(), metric.unit),
        reason: s
            .reason()
            .map(|r| factor_note_of(fmt.lang, r))
            .unwrap_or_default(),
        same: live == Some(s.target()),
    })
}

/// A posted accept: the editor's team, period and shown metrics, and for
/// one line its person and metric. Read by hand so that a signed-in
/// non-manager hears 403 before anything about the form.
pub(super) struct AcceptForm {
    team: i64,
    period: i64,
    metrics: String,
    user: Option<i64>,
    metric: Option<i64>,
}

impl AcceptForm {
    fn parse(pairs: &[(String, String)]) -> Result<AcceptForm, AppError> {
        let text = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim().to_string())
        };
        let id = |key: &str| {
            text(key)
                .and_then(|v| v.parse::<i64>().ok())
                .filter(|id| *id > 0)
        };
        let (Some(team), Some(period)) = (id("team"), id("period")) else {
            return Err(AppError::Invalid(FieldErrors::one(
                "row",
                Msg::new("quota-row-unclear"),
            )));
        };
        Ok(AcceptForm {
            team,
            period,
            metrics: text("metrics").unwrap_or_default(),
            user: id("user"),
            metric: id("metric"),
        })
    }
}

/// `POST /team/quotas/recommended` (one person and metric) and
/// `POST /team/quotas/recommended/all` (every line the editor shows).
pub(super) async fn accept(
    pool: web::Data<DbPool>,
    current: RequireManager,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = AcceptForm::parse(&form)?;
    let all = req.path().ends_with("/all");
    let viewer = current.user.clone();
    let org = current.org.clone();
    let (team_id, period_id) = (form.team, form.period);
    // Only ids and commas go back into the address.
    let metrics_param: String = form
        .metrics
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    let (count, name) = db(&pool, move |conn| {
        let team = Team::find(conn, form.team)?;
        PeriodRow::find(conn, form.period)?;
        if !access::can_view_team(conn, &viewer, team.id)? {
            return Err(AppError::Forbidden);
        }
        let roster = Roster::load(conn)?;
        let members = editable_members(conn, &viewer, &roster, team.id)?;
        let picks: Vec<(i64, i64)> = if all {
            let params = Params::parse(&format!("metrics={}", form.metrics))?;
            let shown = columns(conn, &params)?;
            let period = PeriodRow::find(conn, form.period)?;
            let people = recommended::people(conn, &members)?;
            recommended::suggest(conn, &org, &people, &shown, &period)?
                .into_iter()
                .map(|s| (s.user_id, s.metric_id))
                .collect()
        } else {
            let (Some(user), Some(metric)) = (form.user, form.metric) else {
                return Err(AppError::Invalid(FieldErrors::one(
                    "row",
                    Msg::new("quota-row-unclear"),
                )));
            };
            if !members.contains(&user) {
                return Err(AppError::Forbidden);
            }
            vec![(user, metric)]
        };
        let today = org_today(&org);
        let saved = recommended::accept(conn, &viewer, &org, form.period, &picks, today)?;
        let name = picks
            .first()
            .and_then(|(user, _)| roster.person(*user))
            .map(|p| p.name.clone())
            .unwrap_or_default();
        Ok((saved.len(), name))
    })
    .await?;
    let lang = current.lang();
    let message = if all {
        lang.tr("recommend-flash-all", [("count", count.into())])
    } else {
        lang.tr("recommend-flash-one", [("name", name.into())])
    };
    current.session.flash(FlashLevel::Success, message);
    let metrics = if metrics_param.is_empty() {
        String::new()
    } else {
        format!("&metrics={metrics_param}")
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((
            "Location",
            format!("/team/quotas?team={team_id}&period={period_id}{metrics}#recommended"),
        ))
        .finish())
}
