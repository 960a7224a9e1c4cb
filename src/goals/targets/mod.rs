//! Dynamic targets as a service: gathers what `domain::target` needs for a
//! person, a month and a metric (partner type and tier, the stored factors,
//! the team's standing last month) and computes the breakdown. The formula
//! covers people with a partner type, on month periods, for the revenue and
//! deals metrics; elsewhere it does not apply and says why.

pub mod factors;
pub mod objectives;
pub mod people;
pub mod recommended;
pub mod save;
pub mod team;

use chrono::Datelike;
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::db::goals::{Goal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::partner_tiers::PartnerTier;
use crate::db::partner_types::PartnerType;
use crate::db::periods::PeriodRow;
use crate::db::revisions::RevisionDraft;
use crate::db::schema::goals;
use crate::db::target_factors::{self as stored_factors, UserFactors};
use crate::db::users::User;
use crate::domain::period::PeriodKind;
use crate::domain::target::{self, BaseInputs, Basis, Breakdown, Factor, Factors, Reason, Source};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Lang;

/// Factors typed into the calculator for one target, replacing the stored
/// ones where given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub personal: Option<Decimal>,
    pub market: Option<Decimal>,
    pub seasonal: Option<Decimal>,
    pub team: Option<Decimal>,
}

/// Why the formula does not give a target here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotApplicable {
    NoPartnerType(String),
    NotAMonth,
    MetricNotCovered(String),
    NotAPerson,
}

impl NotApplicable {
    pub fn message(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            NotApplicable::NoPartnerType(name) => {
                Msg::new("target-no-partner-type").arg("name", name.clone())
            }
            NotApplicable::NotAMonth => Msg::new("target-not-a-month"),
            NotApplicable::MetricNotCovered(metric) => {
                Msg::new("target-metric-not-covered").arg("metric", metric.to_lowercase())
            }
            NotApplicable::NotAPerson => Msg::new("target-not-a-person"),
        }
    }

    /// The input the message belongs beside.
    pub fn field(&self) -> &'static str {
        match self {
            NotApplicable::NoPartnerType(_) | NotApplicable::NotAPerson => "user",
            NotApplicable::NotAMonth => "period",
            NotApplicable::MetricNotCovered(_) => "metric",
        }
    }
}

/// Decimal places of a target of `metric`: the currency's minor unit (at
/// most the column's 2) for money, whole numbers otherwise.
pub fn scale_of(metric: &Metric, org: &Organisation) -> u32 {
    if metric.is_money() {
        org.money_scale().entry_places()
    } else {
        0
    }
}

/// The target the formula gives `user` for `metric` in `period`, with
/// `overrides` in place of the stored factors; or why it does not apply.
pub fn calculate(
    conn: &mut PgConnection,
    org: &Organisation,
    user: &User,
    period: &PeriodRow,
    metric: &Metric,
    overrides: &Overrides,
) -> Result<Result<Breakdown, NotApplicable>, AppError> {
    if period.kind != PeriodKind::Month {
        return Ok(Err(NotApplicable::NotAMonth));
    }
    let Some(basis) = Basis::for_metric(&metric.key) else {
        return Ok(Err(NotApplicable::MetricNotCovered(metric.name.clone())));
    };
    let Some(type_id) = user.partner_type_id else {
        return Ok(Err(NotApplicable::NoPartnerType(user.name.clone())));
    };
    let partner_type = PartnerType::find(conn, type_id)?;
    let tier = match user.partner_tier_id {
        Some(id) => Some(PartnerTier::find(conn, id)?),
        None => None,
    };
    let inputs = BaseInputs {
        basis,
        partner_type: partner_type.name.clone(),
        minimum: match basis {
            Basis::MonthlySales => partner_type.min_monthly_sales,
            Basis::DealCount => Decimal::from(partner_type.min_deal_count),
        },
        tier: tier.as_ref().map(|t| t.name.clone()),
        multiplier: tier
            .as_ref()
            .map(|t| t.target_multiplier)
            .unwrap_or(Decimal::ONE),
    };
    let stored = stored_factors_of(conn, org, user, period, metric)?;
    let factors = Factors {
        personal: stored.personal.adjusted(overrides.personal),
        market: stored.market.adjusted(overrides.market),
        seasonal: stored.seasonal.adjusted(overrides.seasonal),
        team: stored.team.adjusted(overrides.team),
    };
    target::compute(inputs, factors, scale_of(metric, org))
        .map(Ok)
        .map_err(|e| AppError::Invalid(FieldErrors::one("target", target_error(&e))))
}

/// The four factors as stored (or computed, for the team), each with where
/// it came from.
pub fn stored_factors_of(
    conn: &mut PgConnection,
    org: &Organisation,
    user: &User,
    period: &PeriodRow,
    metric: &Metric,
) -> Result<Factors, AppError> {
    let own = UserFactors::of(conn, user.id)?;
    let personal = match &own {
        Some(f) => because(
            f.personal_factor,
            Source::Set,
            Reason::PersonalSet {
                name: user.name.clone(),
            },
        ),
        None => because(Decimal::ONE, Source::Default, Reason::PersonalNone),
    };
    let fiscal_start_month = org.fiscal_start_month();
    let market = match stored_factors::market_factor(conn, period.id)? {
        Some(f) => because(
            f,
            Source::Set,
            Reason::MarketSet {
                period: period.period(),
                fiscal_start_month,
            },
        ),
        None => because(
            Decimal::ONE,
            Source::Default,
            Reason::MarketNone {
                period: period.period(),
                fiscal_start_month,
            },
        ),
    };
    let month = period.start_date.month();
    let seasonal = match stored_factors::seasonal_factor(conn, month)? {
        Some(f) => because(f, Source::Set, Reason::SeasonSet { month }),
        None => because(Decimal::ONE, Source::Default, Reason::SeasonNone { month }),
    };
    let team = match own.as_ref().and_then(|f| f.team_factor_override) {
        Some(f) => because(f, Source::Override, Reason::TeamOverride),
        None => team::factor(conn, org, user.id, metric, period)?,
    };
    Ok(Factors {
        personal,
        market,
        seasonal,
        team,
    })
}

/// A factor with its reason, and the reason in English as its note (what
/// the API says).
pub(crate) fn because(value: Decimal, source: Source, reason: Reason) -> Factor {
    Factor::new(value, source, Lang::En.factor_note(&reason)).because(reason)
}

/// The formula's target for a goal's owner, metric and period, where it
/// applies (the approval queue's "computed target").
pub fn computed_for_goal(
    conn: &mut PgConnection,
    org: &Organisation,
    goal: &Goal,
) -> Result<Option<Breakdown>, AppError> {
    let Owner::User(user_id) = goal.owner() else {
        return Ok(None);
    };
    let user = User::find(conn, user_id)?;
    let period = PeriodRow::find(conn, goal.period_id)?;
    let metric = Metric::find(conn, goal.metric_id)?;
    Ok(calculate(conn, org, &user, &period, &metric, &Overrides::default())?.ok())
}

/// The breakdown stored with a goal, if it was set from the formula.
pub fn stored(conn: &mut PgConnection, goal_id: i64) -> QueryResult<Option<Breakdown>> {
    let value: Option<Value> = goals::table
        .find(goal_id)
        .select(goals::target_breakdown)
        .first(conn)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

/// The stored breakdowns of several goals, by goal id (the API's lists).
pub fn stored_of(
    conn: &mut PgConnection,
    goal_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, Value>> {
    let rows: Vec<(i64, Option<Value>)> = goals::table
        .filter(goals::id.eq_any(goal_ids))
        .filter(goals::target_breakdown.is_not_null())
        .select((goals::id, goals::target_breakdown))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, v)| v.map(|v| (id, v)))
        .collect())
}

/// Adds the formula's parts that changed between two breakdowns to a goal
/// revision: the base and each factor.
pub fn breakdown_fields(
    draft: RevisionDraft,
    before: Option<&Breakdown>,
    after: Option<&Breakdown>,
) -> RevisionDraft {
    let part = |b: Option<&Breakdown>, pick: fn(&Breakdown) -> Decimal| {
        b.map(|b| pick(b).normalize().to_string())
    };
    draft
        .field(
            "base_target",
            &part(before, |b| b.base),
            &part(after, |b| b.base),
        )
        .field(
            "personal_factor",
            &part(before, |b| b.factors.personal.value),
            &part(after, |b| b.factors.personal.value),
        )
        .field(
            "market_factor",
            &part(before, |b| b.factors.market.value),
            &part(after, |b| b.factors.market.value),
        )
        .field(
            "seasonal_factor",
            &part(before, |b| b.factors.seasonal.value),
            &part(after, |b| b.factors.seasonal.value),
        )
        .field(
            "team_factor",
            &part(before, |b| b.factors.team.value),
            &part(after, |b| b.factors.team.value),
        )
}

/// A refused factor, minimum or multiplier, in words.
pub fn target_error(e: &crate::domain::target::TargetError) -> crate::i18n::Msg {
    use crate::domain::target::TargetError;
    crate::i18n::Msg::new(match e {
        TargetError::FactorOutOfRange => "target-factor-out-of-range",
        TargetError::FactorTooPrecise => "target-factor-too-precise",
        TargetError::NegativeMinimum => "target-negative-minimum",
        TargetError::BadMultiplier => "target-bad-multiplier",
        TargetError::TooLarge => "target-too-large",
    })
}
