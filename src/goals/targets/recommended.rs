//! Recommended targets (issue #19) where the formula applies (a person with
//! a partner type, a month, the revenue or deals metric): the pure rule is
//! `domain::recommend`; this reads its inputs for many people at once and
//! accepts recommendations through the calculator's save.
//!
//! The inputs of a whole editor take four statements whatever its size:
//! the people's monthly sums for the 13 months before (from
//! `metric_day_totals`), their tiers' typical attainment (the median over
//! the three months before, of personal month goals of people of that
//! tier), and their teams' targets, members and members' targets for the
//! month (the team target still to distribute: what the targets of members
//! without a partner type leave, evenly among those with one). The formula's own target is computed
//! per person and metric, as the calculator does.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Nullable, Numeric};
use rust_decimal::Decimal;

use super::save::{Saved, Subject, set_breakdown};
use super::{Overrides, calculate, scale_of};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::partner_tiers::PartnerTier;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::domain::period::PeriodKind;
use crate::domain::recommend::{self, Inputs};
use crate::domain::target::{Basis, Breakdown, Reason, Recommended};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Lang;

/// Months of history read before the month recommended (a year for the
/// season, and the month before it).
const HISTORY_MONTHS: u32 = 13;
/// Months of the tier's goals its typical attainment is taken from.
const PEER_MONTHS: u32 = 3;
/// Significant digits a recommended target keeps.
const SIGNIFICANT: u32 = 3;

/// A recommendation for one person and metric: the formula's breakdown
/// with the recommendation accepted in it (its `final_target`).
#[derive(Clone, Debug)]
pub struct Suggestion {
    pub user_id: i64,
    pub metric_id: i64,
    pub breakdown: Breakdown,
}

impl Suggestion {
    pub fn target(&self) -> Decimal {
        self.breakdown.final_target
    }

    pub fn formula_target(&self) -> Decimal {
        self.breakdown.formula_target()
    }

    /// Why, in parts.
    pub fn reason(&self) -> Option<&Reason> {
        self.breakdown.recommended.as_ref().map(|r| &r.reason)
    }
}

#[derive(QueryableByName)]
struct MonthRow {
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = BigInt)]
    metric_id: i64,
    #[diesel(sql_type = Date)]
    month: NaiveDate,
    #[diesel(sql_type = Numeric)]
    total: Decimal,
}

#[derive(QueryableByName)]
struct PeerRow {
    #[diesel(sql_type = BigInt)]
    tier_id: i64,
    #[diesel(sql_type = BigInt)]
    metric_id: i64,
    #[diesel(sql_type = Numeric)]
    typical: Decimal,
}

#[derive(QueryableByName)]
struct TargetRow {
    /// The team a target belongs to: the team's own, or its member's.
    #[diesel(sql_type = BigInt)]
    team_id: i64,
    /// The member, for a member's target.
    #[diesel(sql_type = Nullable<BigInt>)]
    user_id: Option<i64>,
    #[diesel(sql_type = BigInt)]
    metric_id: i64,
    #[diesel(sql_type = Numeric)]
    target: Decimal,
}

#[derive(QueryableByName)]
struct MemberRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    team_id: i64,
    /// Has a partner type: the formula, and so a recommendation, applies.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    typed: bool,
}

/// The team target still to distribute, per team and metric.
struct Distribution {
    team_targets: HashMap<(i64, i64), Decimal>,
    member_targets: HashMap<(i64, i64), Decimal>,
    /// Per team: its members, and whether each can have a recommendation.
    members: HashMap<i64, Vec<(i64, bool)>>,
}

impl Distribution {
    fn load(
        conn: &mut PgConnection,
        teams: &[i64],
        metrics: &[i64],
        period_id: i64,
    ) -> QueryResult<Distribution> {
        let targets: Vec<TargetRow> = diesel::sql_query(
            "SELECT coalesce(g.team_id, u.team_id) AS team_id, g.user_id, g.metric_id, g.target
             FROM goals g LEFT JOIN users u ON u.id = g.user_id
             WHERE g.period_id = $1 AND g.status <> 'cancelled' AND g.metric_id = ANY($2)
               AND ((g.owner_kind = 'team' AND g.team_id = ANY($3))
                 OR (g.owner_kind = 'user' AND u.active AND u.team_id = ANY($3)))",
        )
        .bind::<BigInt, _>(period_id)
        .bind::<Array<BigInt>, _>(metrics)
        .bind::<Array<BigInt>, _>(teams)
        .load(conn)?;
        let members: Vec<MemberRow> = diesel::sql_query(
            "SELECT id, team_id, partner_type_id IS NOT NULL AS typed
             FROM users WHERE active AND team_id = ANY($1) ORDER BY id",
        )
        .bind::<Array<BigInt>, _>(teams)
        .load(conn)?;
        let mut d = Distribution {
            team_targets: HashMap::new(),
            member_targets: HashMap::new(),
            members: HashMap::new(),
        };
        for row in targets {
            match row.user_id {
                Some(user) => d.member_targets.insert((user, row.metric_id), row.target),
                None => d
                    .team_targets
                    .insert((row.team_id, row.metric_id), row.target),
            };
        }
        for m in members {
            d.members
                .entry(m.team_id)
                .or_default()
                .push((m.id, m.typed));
        }
        Ok(d)
    }

    /// An even share of `team`'s target for `metric` after the targets of
    /// members no recommendation is made for (no partner type: the
    /// manager, say), among those it is made for. The targets of the
    /// latter do not count, so accepting recommendations does not move
    /// the others' shares.
    fn share(&self, team: i64, metric: i64) -> Option<Decimal> {
        let total = *self.team_targets.get(&(team, metric))?;
        let members = self.members.get(&team)?;
        let fixed: Decimal = members
            .iter()
            .filter(|(_, typed)| !typed)
            .filter_map(|(id, _)| self.member_targets.get(&(*id, metric)))
            .sum();
        let open = members.iter().filter(|(_, typed)| *typed).count();
        (open > 0).then(|| ((total - fixed).max(Decimal::ZERO) / Decimal::from(open)).round_dp(2))
    }
}

/// The active people of `ids`, in one statement.
pub fn people(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<User>> {
    use crate::db::schema::users;
    users::table
        .filter(users::id.eq_any(ids))
        .filter(users::active.eq(true))
        .select(User::as_select())
        .load(conn)
}

/// The recommendations for `people` × `metrics` in `period`, where the
/// formula applies and there are three months of history.
pub fn suggest(
    conn: &mut PgConnection,
    org: &Organisation,
    people: &[User],
    metrics: &[Metric],
    period: &PeriodRow,
) -> Result<Vec<Suggestion>, AppError> {
    if period.kind != PeriodKind::Month {
        return Ok(Vec::new());
    }
    let people: Vec<&User> = people
        .iter()
        .filter(|p| p.active && p.partner_type_id.is_some())
        .collect();
    let metrics: Vec<&Metric> = metrics
        .iter()
        .filter(|m| Basis::for_metric(&m.key).is_some())
        .collect();
    if people.is_empty() || metrics.is_empty() {
        return Ok(Vec::new());
    }
    let month = period.start_date;
    let user_ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let metric_ids: Vec<i64> = metrics.iter().map(|m| m.id).collect();
    let months: Vec<MonthRow> = diesel::sql_query(
        "SELECT user_id, metric_id, date_trunc('month', day)::date AS month, sum(total) AS total
         FROM metric_day_totals
         WHERE user_id = ANY($1) AND metric_id = ANY($2) AND day >= $3 AND day < $4
         GROUP BY 1, 2, 3",
    )
    .bind::<Array<BigInt>, _>(&user_ids)
    .bind::<Array<BigInt>, _>(&metric_ids)
    .bind::<Date, _>(month - Months::new(HISTORY_MONTHS))
    .bind::<Date, _>(month)
    .load(conn)?;
    let mut history: HashMap<(i64, i64), Vec<(NaiveDate, Decimal)>> = HashMap::new();
    for row in months {
        history
            .entry((row.user_id, row.metric_id))
            .or_default()
            .push((row.month, row.total));
    }
    let mut tiers: Vec<i64> = people.iter().filter_map(|p| p.partner_tier_id).collect();
    tiers.sort_unstable();
    tiers.dedup();
    let peers: Vec<PeerRow> = diesel::sql_query(
        "SELECT u.partner_tier_id AS tier_id, g.metric_id,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY
                  coalesce((SELECT sum(t.total) FROM metric_day_totals t
                            WHERE t.user_id = g.user_id AND t.metric_id = g.metric_id
                              AND t.day BETWEEN p.start_date AND p.end_date), 0)
                  * 100 / g.target) AS typical
         FROM goals g
         JOIN periods p ON p.id = g.period_id
         JOIN users u ON u.id = g.user_id
         WHERE g.owner_kind = 'user' AND p.kind = 'month' AND g.target > 0
           AND g.status IN ('active', 'approved', 'completed', 'failed')
           AND p.start_date >= $1 AND p.end_date < $2
           AND u.partner_tier_id = ANY($3) AND g.metric_id = ANY($4)
         GROUP BY 1, 2",
    )
    .bind::<Date, _>(month - Months::new(PEER_MONTHS))
    .bind::<Date, _>(month)
    .bind::<Array<BigInt>, _>(&tiers)
    .bind::<Array<BigInt>, _>(&metric_ids)
    .load(conn)?;
    let peers: HashMap<(i64, i64), Decimal> = peers
        .into_iter()
        .map(|r| ((r.tier_id, r.metric_id), r.typical))
        .collect();
    let tier_names: HashMap<i64, String> = PartnerTier::all(conn)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut teams: Vec<i64> = people.iter().filter_map(|p| p.team_id).collect();
    teams.sort_unstable();
    teams.dedup();
    let distribution = Distribution::load(conn, &teams, &metric_ids, period.id)?;

    let mut out = Vec::new();
    for person in &people {
        for metric in &metrics {
            let tier = person.partner_tier_id;
            let inputs = Inputs {
                months: history
                    .get(&(person.id, metric.id))
                    .cloned()
                    .unwrap_or_default(),
                peers_attainment: tier.and_then(|t| peers.get(&(t, metric.id)).copied()),
                team_share: person
                    .team_id
                    .and_then(|t| distribution.share(t, metric.id)),
            };
            let scale = scale_of(metric, org);
            let Some(r) = recommend::recommend(&inputs, month, scale) else {
                continue;
            };
            let Ok(formula) = calculate(conn, org, person, period, metric, &Overrides::default())?
            else {
                continue;
            };
            let reason = Reason::Recommended {
                level: r.level,
                currency: metric.is_money().then(|| org.currency_code.clone()),
                trend: r.trend,
                month: month.month(),
                season: r.season,
                tier: tier.and_then(|t| tier_names.get(&t).cloned()),
                peers: r.peers.map(|(_, attainment)| attainment.round_dp(2)),
                team_share: r.team_share,
            };
            let mut target = recommend::significant(r.target, SIGNIFICANT, scale);
            target.rescale(scale);
            let recommended = Recommended {
                target,
                note: Lang::En.factor_note(&reason),
                reason,
            };
            out.push(Suggestion {
                user_id: person.id,
                metric_id: metric.id,
                breakdown: formula.recommended(recommended),
            });
        }
    }
    Ok(out)
}

/// Accepts the recommendations of `picks` (person, metric) for `period`,
/// computed again here (never taken from a form), each set through the
/// calculator's save (approval, lifecycle and revision history as there),
/// all in one transaction: one refused pick writes nothing. Returns what
/// was saved.
pub fn accept(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    period_id: i64,
    picks: &[(i64, i64)],
    today: NaiveDate,
) -> Result<Vec<Saved>, AppError> {
    conn.transaction(|conn| {
        let period = PeriodRow::find(conn, period_id)?;
        let mut people = Vec::new();
        let mut metrics = Vec::new();
        for (user_id, metric_id) in picks {
            if !people.iter().any(|p: &User| p.id == *user_id) {
                let person = User::find(conn, *user_id)
                    .optional()?
                    .ok_or(AppError::NotFound)?;
                if !crate::org::access::can_manage_user(conn, viewer, person.id)? {
                    return Err(AppError::Forbidden);
                }
                people.push(person);
            }
            if !metrics.iter().any(|m: &Metric| m.id == *metric_id) {
                metrics.push(
                    Metric::find(conn, *metric_id)
                        .optional()?
                        .ok_or(AppError::NotFound)?,
                );
            }
        }
        let suggestions = suggest(conn, org, &people, &metrics, &period)?;
        let mut saved = Vec::new();
        for (user_id, metric_id) in picks {
            let Some(s) = suggestions
                .iter()
                .find(|s| s.user_id == *user_id && s.metric_id == *metric_id)
            else {
                return Err(AppError::Invalid(FieldErrors::one(
                    "target",
                    crate::i18n::Key("recommend-none"),
                )));
            };
            let subject = Subject {
                user_id: *user_id,
                period_id,
                metric_id: *metric_id,
            };
            saved.push(set_breakdown(
                conn,
                viewer,
                subject,
                s.breakdown.clone(),
                Some("Accepted the recommended target"),
                today,
            )?);
        }
        Ok(saved)
    })
}
