//! The demo organisation: Hanbit Wellness, a Korean direct-sales company with
//! teams, managers, reps and a deep sponsor tree, written once by `attain demo`.
//!
//! The company is plain data (the tables below) plus one pure check of its
//! sponsor tree, so tests can rely on it without a database; `seed` only
//! turns the tables into rows, then writes a year of history (`history`).

mod cast;
mod history;

mod rewards;

mod sales;

use std::collections::HashMap;

use anyhow::{Context, bail};
use diesel::prelude::*;
use rust_decimal_macros::dec;

use crate::db::audit::NewAuditEntry;
use crate::db::organisation::{Organisation, OrganisationChanges};
use crate::db::partner_tiers::{PartnerTier, PartnerTierFields};
use crate::db::partner_types::{PartnerType, PartnerTypeFields};
use crate::db::teams::{Team, TeamFields};
use crate::db::users::{NewUser, User};
use crate::domain::role::Role;
use cast::*;

pub const DEMO_PASSWORD: &str = "attain-demo-2026";

/// (role, email) of the accounts worth signing in with, one per role.
pub fn demo_sign_ins() -> Vec<(&'static str, String)> {
    [
        (Role::Admin, ADMIN),
        (Role::Executive, EXECUTIVE),
        (Role::Manager, SIGN_IN_MANAGER),
        (Role::Rep, SIGN_IN_REP),
    ]
    .into_iter()
    .map(|(role, local)| (role.as_str(), email(local)))
    .collect()
}

/// Writes the demo organisation unless it is already there: true when it was
/// created now, false when it was present (and nothing changed).
pub fn seed(conn: &mut PgConnection) -> anyhow::Result<bool> {
    let admin_email = email(ADMIN);
    if User::find_by_email(conn, &admin_email)?.is_some() {
        return Ok(false);
    }
    if let Err(problem) = sponsor_levels(&PEOPLE) {
        bail!("the demo sponsor tree is broken: {problem}");
    }
    // Argon2 is slow: hash once, outside the transaction, and share it.
    let password_hash = crate::auth::password::hash(DEMO_PASSWORD)?;
    conn.transaction::<_, anyhow::Error, _>(|conn| {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({SEED_LOCK})")).execute(conn)?;
        // A concurrent seed may have finished while we waited for the lock.
        if User::find_by_email(conn, &admin_email)?.is_some() {
            return Ok(false);
        }
        write_company(conn, &password_hash)?;
        // Forecasts for the pages at once; the daily job keeps them after.
        let org = crate::db::organisation::Organisation::get(conn)?;
        let yesterday = crate::goals::progress::org_today(&org) - chrono::Days::new(1);
        crate::goals::forecast::job::make(conn, yesterday)?;
        Ok(true)
    })
}

/// The commissions of the months before this one, paid as the admin would
/// have at each month's close: a run per month, approved and marked paid
/// (a month with nothing due is skipped, as the product refuses it).
fn pay_past_months(
    conn: &mut PgConnection,
    admin: i64,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    use chrono::Datelike;
    let admin = User::find(conn, admin)?;
    let this_month = today.with_day(1).unwrap_or(today);
    for back in [2, 1] {
        let month = this_month - chrono::Months::new(back);
        let run = match crate::payouts::create_run(conn, &admin, month) {
            Ok(run) => run,
            Err(crate::error::AppError::Invalid(_)) => continue,
            Err(other) => return Err(anyhow::anyhow!("demo payout run for {month}: {other}")),
        };
        crate::payouts::approve(conn, &admin, run.id)
            .map_err(|e| anyhow::anyhow!("approving the demo payout run: {e}"))?;
        crate::payouts::mark_paid(conn, &admin, run.id)
            .map_err(|e| anyhow::anyhow!("paying the demo payout run: {e}"))?;
    }
    Ok(())
}

/// A few partners question a commission line, and the admin has worked
/// some of them: one still open, one answered, one settled as it was
/// (no adjustment) and one rejected, so the queue and its filters show
/// each state.
fn question_lines(conn: &mut PgConnection, admin: i64) -> anyhow::Result<()> {
    use crate::db::schema::{commission_entries, sales};
    let admin = User::find(conn, admin)?;
    let lines: Vec<(i64, i64, rust_decimal::Decimal)> = commission_entries::table
        .inner_join(sales::table)
        .filter(commission_entries::kind.eq("direct"))
        .filter(commission_entries::reverses_entry_id.is_null())
        .filter(sales::status.eq("confirmed"))
        .select((
            commission_entries::id,
            commission_entries::recipient_id,
            commission_entries::amount,
        ))
        .order(commission_entries::id)
        .load(conn)?;
    // One line each of four different partners.
    let mut seen = std::collections::HashSet::new();
    let picked: Vec<_> = lines
        .into_iter()
        .filter(|(_, partner, _)| *partner != admin.id && seen.insert(*partner))
        .take(4)
        .collect();
    let failed = |e: crate::error::AppError| anyhow::anyhow!("demo dispute: {e}");
    let reasons = [
        "직급이 골드로 올랐는데 실버 요율로 계산된 것 같습니다.",
        "같은 고객의 재주문인데 수당이 빠져 있습니다.",
        "스폰서 변경 전 판매라서 제 하위 라인으로 잡혀야 합니다.",
        "금액이 예상보다 적습니다. 계산 근거를 알고 싶습니다.",
    ];
    for (step, ((line, partner, amount), reason)) in picked.into_iter().zip(reasons).enumerate() {
        let partner = User::find(conn, partner)?;
        let expected = Some(amount + dec!(10000));
        let dispute = crate::payouts::disputes::open(conn, &partner, line, reason, expected)
            .map_err(failed)?;
        match step {
            0 => {}
            1 => {
                crate::payouts::disputes::answer(
                    conn,
                    &admin,
                    dispute.id,
                    "판매 일자 기준 직급을 확인하고 있습니다. 이번 주 안에 답변드리겠습니다.",
                )
                .map_err(failed)?;
            }
            2 => {
                crate::payouts::disputes::resolve(
                    conn,
                    &admin,
                    dispute.id,
                    "판매 당시 직급 요율이 맞게 적용되었습니다. 금액은 그대로 유지합니다.",
                    amount,
                )
                .map_err(failed)?;
            }
            _ => {
                crate::payouts::disputes::reject(
                    conn,
                    &admin,
                    dispute.id,
                    "해당 판매는 스폰서 변경 이후에 등록되어 현재 계보가 맞습니다.",
                )
                .map_err(failed)?;
            }
        }
    }
    Ok(())
}

fn write_company(conn: &mut PgConnection, password_hash: &str) -> anyhow::Result<()> {
    let before = Organisation::get(conn)?;
    let after = Organisation::update(
        conn,
        &OrganisationChanges {
            name: COMPANY.name.to_string(),
            currency_code: COMPANY.currency_code.to_string(),
            currency_minor_unit: COMPANY.currency_minor_unit,
            time_zone: COMPANY.time_zone.to_string(),
            fiscal_year_start_month: COMPANY.fiscal_year_start_month,
            // Hanbit Wellness sells in Korea: its people read Korean.
            language: crate::i18n::Lang::Ko,
        },
    )?;
    // Won-sized limits: small sales confirm themselves, larger ones wait.
    diesel::update(crate::db::schema::approval_rules::table)
        .set((
            crate::db::schema::approval_rules::auto_confirm_limit.eq(dec!(500000)),
            crate::db::schema::approval_rules::manager_approval_limit.eq(dec!(10000000)),
        ))
        .execute(conn)?;

    let mut type_ids = HashMap::new();
    for spec in &PARTNER_TYPES {
        let fields = PartnerTypeFields {
            code: spec.code.to_string(),
            name: spec.name.to_string(),
            min_monthly_sales: spec.min_monthly_sales,
            min_deal_count: spec.min_deal_count,
        };
        let row = PartnerType::insert(conn, &fields)
            .with_context(|| format!("adding demo partner type {:?}", spec.code))?;
        created(conn, "partner_type", row.id, &row.name, &row)?;
        type_ids.insert(spec.code, row.id);
    }

    let mut tier_ids = HashMap::new();
    for (code, name, rank, target_multiplier) in PARTNER_TIERS {
        let fields = PartnerTierFields {
            code: code.to_string(),
            name: name.to_string(),
            rank,
            target_multiplier,
        };
        let row = PartnerTier::insert(conn, &fields)
            .with_context(|| format!("adding demo partner tier {code:?}"))?;
        created(conn, "partner_tier", row.id, &row.name, &row)?;
        tier_ids.insert(code, row.id);
    }

    // Teams first without managers: their managers are users not yet written.
    let mut team_ids = HashMap::new();
    for spec in &TEAMS {
        let fields = TeamFields {
            name: spec.name.to_string(),
            parent_id: spec.parent.map(|parent| team_ids[&parent]),
            manager_id: None,
        };
        let row = Team::insert(conn, &fields)
            .with_context(|| format!("adding demo team {:?}", spec.name))?;
        created(conn, "team", row.id, &row.name, &row)?;
        team_ids.insert(spec.key, row.id);
    }

    let mut user_ids = HashMap::new();
    for person in &PEOPLE {
        let (partner_type_id, partner_tier_id) = match person.partner {
            Some((partner_type, tier)) => (Some(type_ids[partner_type]), Some(tier_ids[tier])),
            None => (None, None),
        };
        let new = NewUser {
            email: email(person.local),
            name: person.name.to_string(),
            role: person.role,
            team_id: person.team.map(|team| team_ids[&team]),
            sponsor_id: person.sponsor.map(|sponsor| user_ids[sponsor]),
            partner_type_id,
            partner_tier_id,
            password_hash: password_hash.to_string(),
        };
        let user =
            User::insert(conn, &new).with_context(|| format!("adding demo user {}", new.email))?;
        NewAuditEntry::new(
            None,
            "create",
            "user",
            Some(user.id),
            format!("created user {} ({})", user.name, user.email),
        )
        .record(conn)?;
        if !person.active {
            User::set_active(conn, user.id, false)?;
        }
        user_ids.insert(person.local, user.id);
    }

    for spec in &TEAMS {
        let fields = TeamFields {
            name: spec.name.to_string(),
            parent_id: spec.parent.map(|parent| team_ids[&parent]),
            manager_id: Some(user_ids[spec.manager]),
        };
        Team::update(conn, team_ids[&spec.key], &fields)?;
    }
    // Sales before any goal, so the goals' closing and the snapshots count them.
    let today = crate::goals::progress::org_today(&after);
    let sold = sales::write(conn, &after, &user_ids, today)?;
    tracing::info!(
        sales = sold.sales,
        pending = sold.pending,
        reversed = sold.reversed,
        "demo sales written"
    );
    rewards::write(conn, &user_ids)?;
    pay_past_months(conn, user_ids[ADMIN], today)?;
    question_lines(conn, user_ids[ADMIN])?;

    write_target_factors(conn, user_ids[ADMIN], &user_ids)?;

    write_custom_metric(conn, user_ids[ADMIN])?;

    history::write(conn, &after, &user_ids, &team_ids, today)?;

    // Every job once, as the schedule would have on the first start: the
    // jobs page has its runs, late reps their reminders, everyone the
    // achievements their history earned.
    let ctx = crate::jobs::JobContext::at(chrono::Utc::now(), None);
    for job in crate::jobs::JOBS.iter() {
        crate::jobs::run(conn, job, &ctx, crate::jobs::Source::Schedule)?;
    }

    NewAuditEntry::new(
        None,
        "create",
        "organisation",
        None,
        format!(
            "demo organisation created: {}, {} teams, {} users",
            COMPANY.name,
            TEAMS.len(),
            PEOPLE.len()
        ),
    )
    .before(&before)
    .after(&after)
    .record(conn)?;
    Ok(())
}

/// The audit line of a demo row written at setup (by nobody: the system).
fn created(
    conn: &mut PgConnection,
    entity: &str,
    id: i64,
    name: &str,
    row: &impl serde::Serialize,
) -> QueryResult<()> {
    let summary = format!("created {} {name}", entity.replace('_', " "));
    NewAuditEntry::new(None, "create", entity, Some(id), summary)
        .after(row)
        .record(conn)
}

/// A metric of the company's own beside the built-ins, added by the admin
/// and audited as the metrics page does.
fn write_custom_metric(conn: &mut PgConnection, admin_id: i64) -> QueryResult<()> {
    let fields = crate::db::metrics::MetricFields {
        key: "consultations".into(),
        name: "Health consultations".into(),
        unit: crate::domain::number::Unit::Count,
    };
    let metric = crate::db::metrics::Metric::insert(conn, &fields)?;
    let summary = format!("created metric {} ({})", metric.name, metric.key);
    NewAuditEntry::new(Some(admin_id), "create", "metric", Some(metric.id), summary)
        .after(&metric)
        .record(conn)
}

/// The factors of the target formula, written by the admin through the
/// same service as the pages (so each has its revision).
fn write_target_factors(
    conn: &mut PgConnection,
    admin_id: i64,
    user_ids: &HashMap<&str, i64>,
) -> anyhow::Result<()> {
    use chrono::Datelike;
    let admin = User::find(conn, admin_id)?;
    let org = Organisation::get(conn)?;
    let year = crate::goals::progress::org_today(&org).year();
    let fiscal = org.fiscal_start_month();
    let reason = Some("Demo data");
    let failed = |e: crate::error::AppError| anyhow::anyhow!("demo target factors: {e}");
    crate::goals::targets::factors::set_seasonal_factors(
        conn,
        &admin,
        SEASONAL_FACTORS.map(Some),
        reason,
    )
    .map_err(failed)?;
    crate::goals::targets::factors::set_market_factors(
        conn,
        &admin,
        year,
        MARKET_FACTORS.map(Some),
        fiscal,
        reason,
    )
    .map_err(failed)?;
    for (local, personal, team) in &PERSON_FACTORS {
        crate::goals::targets::factors::set_user_factors(
            conn,
            &admin,
            user_ids[local],
            *personal,
            *team,
            reason,
        )
        .map_err(failed)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
