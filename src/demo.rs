//! The demo organisation: Hanbit Wellness, a Korean direct-sales company with
//! teams, managers, reps and a deep sponsor tree, written once by `attain demo`.
//!
//! The company is plain data (the tables below) plus one pure check of its
//! sponsor tree, so tests can rely on it without a database; `seed` only
//! turns the tables into rows, then writes a year of history (`history`).

mod history;

mod rewards;

mod sales;

use std::collections::HashMap;

use anyhow::{Context, bail};
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::db::audit::NewAuditEntry;
use crate::db::organisation::{Organisation, OrganisationChanges};
use crate::db::partner_tiers::{PartnerTier, PartnerTierFields};
use crate::db::partner_types::{PartnerType, PartnerTypeFields};
use crate::db::teams::{Team, TeamFields};
use crate::db::users::{NewUser, User};
use crate::domain::role::Role;

pub const DEMO_PASSWORD: &str = "attain-demo-2026";

const DOMAIN: &str = "demo.attain.test";
/// The admin's email marks the demo as present.
const ADMIN: &str = "admin";
const EXECUTIVE: &str = "ceo";
/// The manager and the rep `demo_sign_ins` offers: Kang Do-yun sits three
/// levels down the deepest line and has a downline of his own.
const SIGN_IN_MANAGER: &str = "jihoon.park";
const SIGN_IN_REP: &str = "doyun.kang";

/// Serialises demo seeding; keys 727274–727276 belong to `crate::db`.
const SEED_LOCK: i64 = 727_290;

struct Company {
    name: &'static str,
    currency_code: &'static str,
    currency_minor_unit: i16,
    time_zone: &'static str,
    fiscal_year_start_month: i16,
}

const COMPANY: Company = Company {
    name: "Hanbit Wellness",
    currency_code: "KRW",
    currency_minor_unit: 0,
    time_zone: "Asia/Seoul",
    fiscal_year_start_month: 1,
};

struct PartnerTypeSpec {
    code: &'static str,
    name: &'static str,
    min_monthly_sales: Decimal,
    min_deal_count: i32,
}

static PARTNER_TYPES: [PartnerTypeSpec; 3] = [
    PartnerTypeSpec {
        code: "distributor",
        name: "Distributor",
        min_monthly_sales: dec!(3_000_000),
        min_deal_count: 5,
    },
    PartnerTypeSpec {
        code: "agency",
        name: "Agency",
        min_monthly_sales: dec!(10_000_000),
        min_deal_count: 12,
    },
    PartnerTypeSpec {
        code: "affiliate",
        name: "Affiliate",
        min_monthly_sales: dec!(1_000_000),
        min_deal_count: 2,
    },
];

/// (code, name, rank, target multiplier)
static PARTNER_TIERS: [(&str, &str, i32, Decimal); 5] = [
    ("bronze", "Bronze", 1, dec!(1.0)),
    ("silver", "Silver", 2, dec!(1.2)),
    ("gold", "Gold", 3, dec!(1.5)),
    ("platinum", "Platinum", 4, dec!(2.0)),
    ("diamond", "Diamond", 5, dec!(2.5)),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum TeamKey {
    Company,
    Gangnam,
    Mapo,
    Busan,
    Online,
}

struct TeamSpec {
    key: TeamKey,
    name: &'static str,
    parent: Option<TeamKey>,
    /// Email local part of the team's manager.
    manager: &'static str,
}

/// Parents come before their children.
static TEAMS: [TeamSpec; 5] = [
    TeamSpec {
        key: TeamKey::Company,
        name: "Hanbit Sales",
        parent: None,
        manager: EXECUTIVE,
    },
    TeamSpec {
        key: TeamKey::Gangnam,
        name: "Seoul Gangnam",
        parent: Some(TeamKey::Company),
        manager: SIGN_IN_MANAGER,
    },
    TeamSpec {
        key: TeamKey::Mapo,
        name: "Seoul Mapo",
        parent: Some(TeamKey::Company),
        manager: "yuna.choi",
    },
    TeamSpec {
        key: TeamKey::Busan,
        name: "Busan",
        parent: Some(TeamKey::Company),
        manager: "donghyun.jung",
    },
    TeamSpec {
        key: TeamKey::Online,
        name: "Online & Partners",
        parent: Some(TeamKey::Company),
        manager: "haeun.yoon",
    },
];

/// One demo user. `local` is the email's local part and the key other rows
/// use to point at this person.
struct Person {
    local: &'static str,
    name: &'static str,
    role: Role,
    team: Option<TeamKey>,
    sponsor: Option<&'static str>,
    /// (partner type code, partner tier code)
    partner: Option<(&'static str, &'static str)>,
    active: bool,
}

const fn staff(
    local: &'static str,
    name: &'static str,
    role: Role,
    team: Option<TeamKey>,
) -> Person {
    Person {
        local,
        name,
        role,
        team,
        sponsor: None,
        partner: None,
        active: true,
    }
}

const fn rep(
    local: &'static str,
    name: &'static str,
    team: TeamKey,
    sponsor: Option<&'static str>,
    partner_type: &'static str,
    tier: &'static str,
) -> Person {
    Person {
        local,
        name,
        role: Role::Rep,
        team: Some(team),
        sponsor,
        partner: Some((partner_type, tier)),
        active: true,
    }
}

const fn inactive(person: Person) -> Person {
    Person {
        active: false,
        ..person
    }
}

use TeamKey::{Busan, Gangnam, Mapo, Online};

/// The seasonal factors of the target formula, January first: quiet
/// winter and summer months, Family Month (May), Chuseok (September) and
/// the year-end gift season busier.
static SEASONAL_FACTORS: [Decimal; 12] = [
    dec!(0.8),
    dec!(0.8),
    dec!(0.9),
    dec!(1.0),
    dec!(1.1),
    dec!(1.0),
    dec!(0.9),
    dec!(0.8),
    dec!(1.1),
    dec!(1.0),
    dec!(1.1),
    dec!(1.3),
];

/// The market factor of each month of the current year: a flat market
/// that peaks at the year end.
static MARKET_FACTORS: [Decimal; 12] = [
    dec!(1.0),
    dec!(1.0),
    dec!(1.0),
    dec!(1.05),
    dec!(1.05),
    dec!(1.0),
    dec!(0.95),
    dec!(0.95),
    dec!(1.1),
    dec!(1.1),
    dec!(1.2),
    dec!(1.5),
];

/// (person, personal factor, team factor set by hand)
static PERSON_FACTORS: [(&str, Decimal, Option<Decimal>); 4] = [
    ("minjun.kim", dec!(1.2), None),
    (SIGN_IN_REP, dec!(1.1), None),
    ("gaeun.yoon", dec!(0.9), None),
    ("jaewon.park", dec!(1.0), Some(dec!(1.1))),
];

/// Everyone, sponsors before the people they sponsor. Sponsor lines cross
/// teams where a rep recruited outside their region, as they do in life.
// One row per person reads as a table; rustfmt would spread each over seven lines.
#[rustfmt::skip]
static PEOPLE: [Person; 36] = [
    staff(ADMIN, "Oh Eun-ji", Role::Admin, None),
    staff(EXECUTIVE, "Han Seung-woo", Role::Executive, Some(TeamKey::Company)),
    staff(SIGN_IN_MANAGER, "Park Ji-hoon", Role::Manager, Some(Gangnam)),
    staff("yuna.choi", "Choi Yu-na", Role::Manager, Some(Mapo)),
    staff("donghyun.jung", "Jung Dong-hyun", Role::Manager, Some(Busan)),
    staff("haeun.yoon", "Yoon Ha-eun", Role::Manager, Some(Online)),
    // Seoul Gangnam: the company's deepest line starts here.
    rep("minjun.kim", "Kim Min-jun", Gangnam, Some(SIGN_IN_MANAGER), "agency", "diamond"),
    rep("seoyeon.lee", "Lee Seo-yeon", Gangnam, Some("minjun.kim"), "agency", "platinum"),
    rep(SIGN_IN_REP, "Kang Do-yun", Gangnam, Some("seoyeon.lee"), "distributor", "gold"),
    rep("jiwoo.cho", "Cho Ji-woo", Gangnam, Some(SIGN_IN_REP), "distributor", "silver"),
    rep("seojun.yoon", "Yoon Seo-jun", Gangnam, Some("jiwoo.cho"), "distributor", "silver"),
    rep("subin.jang", "Jang Su-bin", Gangnam, Some("seojun.yoon"), "distributor", "bronze"),
    rep("yejun.lim", "Lim Ye-jun", Gangnam, Some("subin.jang"), "affiliate", "bronze"),
    rep("jimin.han", "Han Ji-min", Gangnam, Some(SIGN_IN_REP), "distributor", "bronze"),
    rep("hyunwoo.seo", "Seo Hyun-woo", Gangnam, Some("minjun.kim"), "distributor", "gold"),
    // Online & Partners
    rep("junseo.shin", "Shin Jun-seo", Online, Some("yejun.lim"), "affiliate", "bronze"),
    rep("daeun.kwon", "Kwon Da-eun", Online, Some("haeun.yoon"), "agency", "platinum"),
    rep("sungmin.hwang", "Hwang Sung-min", Online, Some("daeun.kwon"), "agency", "gold"),
    rep("taeyang.ahn", "Ahn Tae-yang", Online, Some("sungmin.hwang"), "affiliate", "silver"),
    rep("hyejin.song", "Song Hye-jin", Online, Some("taeyang.ahn"), "affiliate", "bronze"),
    rep("youngho.yoo", "Yoo Young-ho", Online, Some("daeun.kwon"), "affiliate", "bronze"),
    // Signed up on the website, so nobody sponsors her.
    rep("mikyung.hong", "Hong Mi-kyung", Online, None, "affiliate", "bronze"),
    // Seoul Mapo
    rep("jaewon.park", "Park Jae-won", Mapo, Some("yuna.choi"), "distributor", "diamond"),
    rep("soyeon.kim", "Kim So-yeon", Mapo, Some("jaewon.park"), "distributor", "platinum"),
    rep("woojin.lee", "Lee Woo-jin", Mapo, Some("soyeon.kim"), "distributor", "gold"),
    rep("chaewon.jung", "Jung Chae-won", Mapo, Some("woojin.lee"), "distributor", "silver"),
    rep("sangwoo.choi", "Choi Sang-woo", Mapo, Some("chaewon.jung"), "distributor", "bronze"),
    rep("bora.kang", "Kang Bo-ra", Mapo, Some("jaewon.park"), "affiliate", "silver"),
    rep("jinho.cho", "Cho Jin-ho", Mapo, Some("bora.kang"), "distributor", "bronze"),
    // Busan
    rep("gaeun.yoon", "Yoon Ga-eun", Busan, Some("donghyun.jung"), "distributor", "gold"),
    rep("kyungsoo.lim", "Lim Kyung-soo", Busan, Some("gaeun.yoon"), "distributor", "silver"),
    rep("narae.han", "Han Na-rae", Busan, Some("kyungsoo.lim"), "distributor", "silver"),
    rep("taemin.oh", "Oh Tae-min", Busan, Some("narae.han"), "distributor", "bronze"),
    inactive(rep("jieun.seo", "Seo Ji-eun", Busan, Some("gaeun.yoon"), "affiliate", "bronze")),
    rep("minseo.baek", "Baek Min-seo", Busan, Some("kyungsoo.lim"), "agency", "silver"),
    rep("hajun.moon", "Moon Ha-jun", Busan, Some("minjun.kim"), "distributor", "bronze"),
];

fn email(local: &str) -> String {
    format!("{local}@{DOMAIN}")
}

/// Each person's level in the sponsor tree (1 = nobody sponsors them), in
/// the order given. Fails when a sponsor is unknown or comes later, which
/// also rules out cycles.
fn sponsor_levels(people: &[Person]) -> Result<Vec<usize>, String> {
    let mut level_of: HashMap<&str, usize> = HashMap::new();
    let mut levels = Vec::with_capacity(people.len());
    for person in people {
        let level = match person.sponsor {
            None => 1,
            Some(sponsor) => match level_of.get(sponsor) {
                Some(level) => level + 1,
                None => {
                    return Err(format!(
                        "{}'s sponsor {sponsor} is not listed before them",
                        person.local
                    ));
                }
            },
        };
        if level_of.insert(person.local, level).is_some() {
            return Err(format!("{} is listed twice", person.local));
        }
        levels.push(level);
    }
    Ok(levels)
}

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
        Ok(true)
    })
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
            role: person.role.as_str().to_string(),
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
        unit: "count".into(),
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
    let fiscal = u32::try_from(org.fiscal_year_start_month).unwrap_or(1);
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
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn person(local: &str) -> &'static Person {
        PEOPLE.iter().find(|p| p.local == local).expect("listed")
    }

    fn level_of(local: &str) -> usize {
        let levels = sponsor_levels(&PEOPLE).unwrap();
        let index = PEOPLE.iter().position(|p| p.local == local).unwrap();
        levels[index]
    }

    #[test]
    fn sponsor_tree_is_acyclic_and_at_least_six_levels_deep() {
        let levels = sponsor_levels(&PEOPLE).expect("sponsors come before the people they sponsor");
        let deepest = levels.iter().max().copied().unwrap();
        assert!(
            deepest >= 6,
            "the sponsor tree is only {deepest} levels deep"
        );
        let reps_only = PEOPLE
            .iter()
            .zip(&levels)
            .filter(|(p, _)| p.role == Role::Rep)
            .map(|(_, level)| level - 1)
            .max()
            .unwrap();
        assert!(
            reps_only >= 6,
            "reps sponsor reps only {reps_only} levels deep"
        );
    }

    #[test]
    fn sponsor_levels_rejects_cycles_and_unknown_sponsors() {
        let cycle = [
            rep("a", "A", Gangnam, Some("b"), "agency", "gold"),
            rep("b", "B", Gangnam, Some("a"), "agency", "gold"),
        ];
        assert!(sponsor_levels(&cycle).is_err());
        let own = [rep("a", "A", Gangnam, Some("a"), "agency", "gold")];
        assert!(sponsor_levels(&own).is_err());
        let twice = [
            rep("a", "A", Gangnam, None, "agency", "gold"),
            rep("a", "A", Gangnam, None, "agency", "gold"),
        ];
        assert!(sponsor_levels(&twice).is_err());
    }

    #[test]
    fn emails_are_unique_and_valid() {
        let mut seen = HashSet::new();
        for p in &PEOPLE {
            let address = email(p.local).to_lowercase();
            assert_eq!(address.matches('@').count(), 1);
            assert!(!address.contains(char::is_whitespace));
            assert!(seen.insert(address), "{} appears twice", p.local);
        }
    }

    #[test]
    fn every_team_has_a_manager_who_belongs_to_it() {
        for team in &TEAMS {
            let manager = person(team.manager);
            assert!(
                matches!(manager.role, Role::Manager | Role::Executive),
                "{}",
                team.name
            );
            assert_eq!(manager.team, Some(team.key), "{}", team.name);
        }
        let under_company = TEAMS
            .iter()
            .filter(|t| t.parent == Some(TeamKey::Company))
            .count();
        assert_eq!(under_company, 4);
        for (index, team) in TEAMS.iter().enumerate() {
            if let Some(parent) = team.parent {
                assert!(
                    TEAMS[..index].iter().any(|t| t.key == parent),
                    "{} before its parent",
                    team.name
                );
            }
        }
    }

    #[test]
    fn reps_have_known_partner_types_and_tiers_with_higher_tiers_rarer() {
        let reps: Vec<&Person> = PEOPLE.iter().filter(|p| p.role == Role::Rep).collect();
        assert!(reps.len() >= 30);
        let mut per_rank = [0; 5];
        for p in &reps {
            let (partner_type, tier) = p.partner.expect("every rep is a partner");
            assert!(
                PARTNER_TYPES.iter().any(|t| t.code == partner_type),
                "{partner_type}"
            );
            let rank = PARTNER_TIERS
                .iter()
                .find(|t| t.0 == tier)
                .expect("known tier")
                .2;
            per_rank[rank as usize - 1] += 1;
            assert!(p.team.is_some_and(|team| team != TeamKey::Company));
        }
        assert!(per_rank.windows(2).all(|w| w[0] >= w[1]), "{per_rank:?}");
        assert!(
            PEOPLE
                .iter()
                .filter(|p| p.role != Role::Rep)
                .all(|p| p.partner.is_none())
        );
    }

    #[test]
    fn sign_ins_cover_each_role_and_the_rep_has_an_upline_and_a_downline() {
        let sign_ins = demo_sign_ins();
        let roles: Vec<&str> = sign_ins.iter().map(|(role, _)| *role).collect();
        assert_eq!(roles, ["admin", "executive", "manager", "rep"]);
        for (role, address) in &sign_ins {
            let local = address.strip_suffix(&format!("@{DOMAIN}")).unwrap();
            let p = person(local);
            assert_eq!(p.role.as_str(), *role);
            assert!(p.active);
        }
        assert!(level_of(SIGN_IN_REP) >= 3);
        assert!(PEOPLE.iter().any(|p| p.sponsor == Some(SIGN_IN_REP)));
        assert_eq!(email(ADMIN), "admin@demo.attain.test");
    }

    #[test]
    fn demo_target_factors_are_valid_and_name_partners() {
        use crate::domain::target::check_factor;
        for f in SEASONAL_FACTORS.iter().chain(MARKET_FACTORS.iter()) {
            assert!(check_factor(*f).is_ok(), "{f}");
        }
        for (local, personal, team) in &PERSON_FACTORS {
            assert!(person(local).partner.is_some(), "{local} is a partner");
            assert!(check_factor(*personal).is_ok());
            assert!(team.is_none_or(|t| check_factor(t).is_ok()));
        }
    }

    #[test]
    fn partner_types_and_tiers_are_as_documented() {
        assert_eq!(PARTNER_TYPES[0].min_monthly_sales, dec!(3000000));
        let ranks: Vec<i32> = PARTNER_TIERS.iter().map(|t| t.2).collect();
        assert_eq!(ranks, [1, 2, 3, 4, 5]);
        assert!(PARTNER_TIERS.windows(2).all(|w| w[0].3 < w[1].3));
    }
}
