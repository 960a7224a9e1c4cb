//! The grid as the page shows it: columns, each row's cells as typed or
//! stored, the team's totals, and who may edit which row.

use super::*;
use crate::domain::number::Unit;

pub(super) fn caption(metric: &Metric, fmt: &Fmt, org: &Organisation) -> String {
    let name = fmt.metric(&metric.key, &metric.name);
    match metric.unit {
        Unit::Money => format!("{name} ({})", org.currency_code),
        Unit::Percent => format!("{name} (%)"),
        Unit::Count => name,
    }
}

/// How many decimal places a target of the metric may have: the currency's
/// minor unit for money (at most the column's 2), whole numbers for counts.
pub(super) fn scale_of(metric: &Metric, org: &Organisation) -> u32 {
    metric.unit.scale(org.money_scale().places())
}

/// A target as it appears in its input: thousands grouped (the parser
/// takes them back), money with the currency's decimals.
pub(super) fn input_value(target: Decimal, metric: &Metric, org: &Organisation) -> String {
    let text = match metric.unit {
        Unit::Money => format!("{:.*}", scale_of(metric, org) as usize, target),
        Unit::Count | Unit::Percent => target.normalize().to_string(),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped}.{fraction}")
    }
}

/// The columns: the metrics the query chooses (`metric=ID` repeated, or
/// `metrics=1,2`), else every active metric.
pub(super) fn columns(conn: &mut PgConnection, params: &Params) -> QueryResult<Vec<Metric>> {
    let chosen: Vec<i64> = params
        .all("metric")
        .chain(params.all("metrics").flat_map(|list| list.split(',')))
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    let active = Metric::active(conn)?;
    let picked: Vec<Metric> = active
        .iter()
        .filter(|m| chosen.contains(&m.id))
        .cloned()
        .collect();
    Ok(if picked.is_empty() { active } else { picked })
}

#[expect(clippy::too_many_arguments, reason = "the grid's whole context")]
pub(super) fn row(
    ledger: &Ledger,
    org: &Organisation,
    holder: Holder,
    name: String,
    detail: String,
    locked: Option<String>,
    typed: Option<&Typed>,
    state: RowState,
) -> Row {
    let (kind, owner_id) = match holder {
        Holder::User(id) => ("user", id),
        Holder::Team(id) => ("team", id),
        Holder::Company => ("company", 0),
    };
    let cells = ledger
        .metrics
        .iter()
        .map(|m| {
            let (value, error) = match typed.and_then(|t| t.get(&m.id)) {
                Some((value, error)) => (value.clone(), error.clone()),
                None => (
                    ledger
                        .goal(holder, m.id)
                        .map(|g| input_value(g.target, m, org))
                        .unwrap_or_default(),
                    None,
                ),
            };
            Cell {
                metric_id: m.id,
                value,
                error,
                label: ledger.fmt.lang.tr(
                    "quota-cell-label",
                    [
                        ("metric", ledger.fmt.metric(&m.key, &m.name).into()),
                        ("name", name.as_str().into()),
                    ],
                ),
                caption: caption(m, &ledger.fmt, org),
            }
        })
        .collect();
    Row {
        kind,
        owner_id,
        name,
        detail,
        cells,
        locked,
        state,
    }
}

pub(super) fn totals(ledger: &Ledger, roster: &Roster, team: i64) -> Totals {
    let gaps: Vec<GapLine> = ledger
        .metrics
        .iter()
        .map(|m| ledger.gap(roster, team, m))
        .collect();
    Totals { gaps, oob: false }
}

/// The whole grid; `failed` puts a failed row's typed values back.
#[expect(clippy::too_many_arguments, reason = "the grid's whole context")]
pub(super) fn grid(
    conn: &mut PgConnection,
    viewer: &User,
    fmt: &Fmt,
    org: &Organisation,
    roster: &Roster,
    period: PeriodRow,
    team: Team,
    metrics: Vec<Metric>,
    failed: Option<(Holder, &Typed)>,
) -> Result<Grid, AppError> {
    let goals = board::period_goals(conn, period.id)?;
    let today = org_today(org);
    let ledger = Ledger::load(conn, fmt, &period, today, metrics, goals, Some(&[]))?;
    let typed_for = |holder: Holder| failed.filter(|(h, _)| *h == holder).map(|(_, typed)| typed);
    let state_for = |holder: Holder| {
        if typed_for(holder).is_some() {
            RowState::Invalid
        } else {
            RowState::Idle
        }
    };
    let mut team_rows = Vec::new();
    let teams: Vec<&Team> = std::iter::once(&team)
        .chain(roster.sub_teams(Some(team.id)))
        .collect();
    for (index, t) in teams.into_iter().enumerate() {
        let holder = Holder::Team(t.id);
        let locked = (!access::may_set_goal_for(conn, viewer, Owner::Team(t.id))?)
            .then(|| fmt.lang.t("quota-locked-above"));
        let detail = if index == 0 {
            fmt.lang.t("quota-this-team")
        } else {
            sub_team_detail(fmt.lang, roster.headcount(t.id))
        };
        team_rows.push(row(
            &ledger,
            org,
            holder,
            t.name.clone(),
            detail,
            locked,
            typed_for(holder),
            state_for(holder),
        ));
    }
    let mut member_rows = Vec::new();
    let mut editable = Vec::new();
    for person in roster.members(team.id) {
        let holder = Holder::User(person.id);
        let locked = if person.id == viewer.id {
            Some(fmt.lang.t("quota-locked-own"))
        } else if !access::may_set_goal_for(conn, viewer, Owner::User(person.id))? {
            Some(fmt.lang.t("quota-locked-outside"))
        } else {
            editable.push(person.id);
            None
        };
        member_rows.push(row(
            &ledger,
            org,
            holder,
            person.name.clone(),
            person.email.clone(),
            locked,
            typed_for(holder),
            state_for(holder),
        ));
    }
    let totals = totals(&ledger, roster, team.id);
    let recommendations =
        super::recommend::lines(conn, fmt, org, roster, &ledger, &period, &editable)?;
    // The column headings: built-in metrics in the reader's language.
    let mut metrics = ledger.metrics;
    for metric in &mut metrics {
        metric.name = fmt.metric(&metric.key, &metric.name);
    }
    Ok(Grid {
        team,
        period,
        metrics,
        team_rows,
        member_rows,
        totals,
        recommendations,
    })
}

/// "Sub-team · 3 people".
pub(super) fn sub_team_detail(lang: Lang, headcount: usize) -> String {
    lang.tr("quota-sub-team", [("count", headcount.into())])
}

pub(super) fn metrics_query(shown: &[Metric], active: &[Metric]) -> String {
    if shown.len() == active.len() {
        String::new()
    } else {
        let ids: Vec<String> = shown.iter().map(|m| m.id.to_string()).collect();
        format!("metrics={}", ids.join(","))
    }
}
