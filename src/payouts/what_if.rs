//! The partner's what-if: "if I confirm sales of X more this month", the
//! commission it would bring them and the bonus tier their revenue goals
//! would reach. Both through the same pure functions as the real thing:
//! `domain::commission::distribute` on the plan in force and the network
//! as it stands (what a confirmation runs), and the goal's bonus schedule
//! (`domain::bonus::Schedule::standing`) on its actual plus X. Reads only.

use diesel::PgConnection;
use rust_decimal::Decimal;

use crate::db::bonus::load_many;
use crate::db::goals::{Goal, Owner};
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::bonus::{Basis, Standing};
use crate::domain::currency::MoneyScale;
use crate::error::{AppError, FieldErrors};
use crate::goals::progress::{Placed, org_today, views_of};
use crate::i18n::Key;
use crate::input;

/// The metric a confirmed sale adds its amount to.
const REVENUE: &str = "revenue";

/// The extra sales, as typed: an amount of money above zero.
pub fn parse_amount(text: &str, scale: MoneyScale) -> Result<Decimal, FieldErrors> {
    let mut errors = FieldErrors::new();
    if text.trim().is_empty() {
        errors.add("amount", Key("what-if-amount-missing"));
        return Err(errors);
    }
    let amount = input::money(&mut errors, "amount", text, scale, Decimal::ZERO);
    if errors.is_empty() && amount.is_zero() {
        errors.add("amount", Key("what-if-amount-positive"));
    }
    errors.into_result().map(|()| amount)
}

/// One revenue goal with a bonus schedule, now and with the extra sales.
pub struct BonusWhatIf {
    pub goal_id: i64,
    pub schedule: String,
    pub builtin: Option<String>,
    pub basis: Basis,
    pub target: Decimal,
    pub actual: Decimal,
    pub actual_then: Decimal,
    pub now: Standing,
    pub then: Standing,
}

pub struct WhatIf {
    pub amount: Decimal,
    /// What the sales would pay the partner (their direct line).
    pub commission: Decimal,
    /// The direct rate that applied.
    pub rate: Option<Decimal>,
    /// What the whole network would be paid.
    pub network_total: Decimal,
    pub bonuses: Vec<BonusWhatIf>,
}

/// The what-if of `amount` more confirmed sales by `viewer` this month.
pub fn estimate(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    amount: Decimal,
) -> Result<WhatIf, AppError> {
    let distribution = crate::sales::would_distribute(conn, viewer.id, amount)?;
    let mine = distribution
        .lines
        .iter()
        .filter(|line| line.recipient_id == viewer.id);
    let commission: Decimal = mine.clone().map(|line| line.amount).sum();
    let rate = mine.map(|line| line.rate).next();
    let today = org_today(org);
    let placed: Vec<Placed> = Goal::current_for(conn, Owner::User(viewer.id), today)?
        .into_iter()
        .filter(|(goal, _, metric)| metric.key == REVENUE && goal.bonus_schedule_id.is_some())
        .map(|(goal, period, metric)| Placed {
            goal,
            metric,
            period,
            owner_name: viewer.name.clone(),
        })
        .collect();
    let views = views_of(conn, placed, today)?;
    let mut ids: Vec<i64> = views
        .iter()
        .filter_map(|v| v.goal.bonus_schedule_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let schedules = load_many(conn, &ids)?;
    let places = org.money_scale().places();
    let bonuses = views
        .iter()
        .filter_map(|view| {
            let loaded = schedules.get(&view.goal.bonus_schedule_id?)?;
            let rules = loaded.rules();
            let actual = view.progress.actual;
            let actual_then = actual + amount;
            let (target, base) = (view.goal.target, view.goal.bonus_base);
            Some(BonusWhatIf {
                goal_id: view.goal.id,
                schedule: loaded.row.name.clone(),
                builtin: loaded.row.builtin.clone(),
                basis: rules.basis,
                target,
                actual,
                actual_then,
                now: rules.standing(actual, target, base, places),
                then: rules.standing(actual_then, target, base, places),
            })
        })
        .collect();
    Ok(WhatIf {
        amount,
        commission,
        rate,
        network_total: distribution.total,
        bonuses,
    })
}
