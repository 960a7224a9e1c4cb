//! What the goal page reads: the goal with its progress, events, history
//! and panels, and the refused forms to show again.

use super::*;

/// The refused forms to show again, with their messages.
#[derive(Default)]
pub(super) struct Failures {
    pub(super) refused: Option<(crate::web::goals::bonus::BonusInput, FieldErrors)>,
    pub(super) failed: Option<Failed>,
    pub(super) milestones_failed: Option<milestones::Failed>,
}

/// Everything the page shows, read in one blocking task.
pub(super) struct Loaded {
    pub(super) view: GoalView,
    pub(super) revisions: Vec<(GoalRevision, Option<String>)>,
    pub(super) actions: Vec<Action>,
    pub(super) can_revise: bool,
    pub(super) status_reason: Option<String>,
    pub(super) milestones: MilestonesSection,
    pub(super) events: Vec<(MetricEvent, String)>,
    pub(super) trend: GoalTrend,
    pub(super) bonus: crate::web::goals::bonus::BonusPanel,
    pub(super) schedules: std::collections::HashMap<i64, crate::db::bonus::LoadedSchedule>,
    pub(super) sources: String,
    pub(super) breakdown: Option<Breakdown>,
    pub(super) objectives: ObjectivesSection,
    pub(super) can_manage: bool,
}

pub(super) fn load(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    f: &crate::web::format::Fmt,
    id: i64,
    csrf_token: String,
    failures: Failures,
) -> Result<Loaded, AppError> {
    let Failures {
        refused,
        failed,
        milestones_failed,
    } = failures;
    let goal: Goal = visible_goal(conn, viewer, id)?;
    let today = progress::org_today(org);
    let view = progress::views(conn, vec![goal], org, today)?
        .pop()
        .ok_or(AppError::NotFound)?;
    let span = view.period.period();
    let people = progress::people_of(conn, view.goal.owner())?;
    let scope = match &people {
        None => Some(Scope::Everyone),
        Some(people) if people.is_empty() => None,
        Some(people) => Some(Scope::Users(people)),
    };
    let metric = view.goal.metric_id;
    let (daily, events) = match scope {
        Some(scope) => (
            MetricEvent::daily(conn, scope, metric, span.start, span.end)?,
            MetricEvent::recent(conn, scope, metric, span.start, span.end, EVENT_LIMIT)?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let mut actions = lifecycle::available(conn, viewer, &view.goal)?;
    // Before its period an approved goal waits; it activates by itself.
    actions.retain(|a| *a != Action::Activate || view.period.start_date <= today);
    let can_revise = lifecycle::relation(conn, viewer, &view.goal)
        .is_ok_and(|actor| decide(view.goal.status, Action::Revise, actor).is_ok());
    let trend = crate::goals::trends::goal_trend(conn, &view, today, Some(&daily))?;
    let bonus = crate::web::goals::bonus::panel(conn, viewer, &view, org, f, refused)?;
    let schedules = crate::web::goals::bonus::schedules_of(conn, std::slice::from_ref(&view))?;
    Ok(Loaded {
        trend,
        bonus,
        schedules,
        sources: crate::web::goals::sources_line(&view, f),
        breakdown: crate::goals::targets::stored(conn, view.goal.id)?,
        can_manage: crate::org::access::can_manage_goal(conn, viewer, &view.goal)?,
        milestones: milestones::section_of(
            conn,
            viewer,
            f,
            &view,
            csrf_token.clone(),
            milestones_failed,
        )?,
        objectives: section(conn, viewer, f, view.goal.id, csrf_token, failed)?,
        revisions: GoalRevision::for_goal(conn, view.goal.id)?,
        status_reason: Lifecycle::of(conn, view.goal.id)?.status_reason,
        actions,
        can_revise,
        view,
        events,
    })
}
