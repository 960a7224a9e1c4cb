//! The demo company as plain data: the organisation, partner types and
//! tiers, teams, people and their sponsor lines, and the factors that shape
//! a year of history; plus the one pure check of the sponsor tree.

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::domain::role::Role;

pub(super) const DOMAIN: &str = "demo.attain.test";
/// The admin's email marks the demo as present.
pub(super) const ADMIN: &str = "admin";
pub(super) const EXECUTIVE: &str = "ceo";
/// The manager and the rep `demo_sign_ins` offers: Kang Do-yun sits three
/// levels down the deepest line and has a downline of his own.
pub(super) const SIGN_IN_MANAGER: &str = "jihoon.park";
pub(super) const SIGN_IN_REP: &str = "doyun.kang";

/// Serialises demo seeding; keys 727274–727276 belong to `crate::db`.
pub(super) const SEED_LOCK: i64 = 727_290;

pub(super) struct Company {
    pub(super) name: &'static str,
    pub(super) currency_code: &'static str,
    pub(super) currency_minor_unit: i16,
    pub(super) time_zone: &'static str,
    pub(super) fiscal_year_start_month: i16,
}

pub(super) const COMPANY: Company = Company {
    name: "Hanbit Wellness",
    currency_code: "KRW",
    currency_minor_unit: 0,
    time_zone: "Asia/Seoul",
    fiscal_year_start_month: 1,
};

pub(super) struct PartnerTypeSpec {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) min_monthly_sales: Decimal,
    pub(super) min_deal_count: i32,
}

pub(super) static PARTNER_TYPES: [PartnerTypeSpec; 3] = [
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
pub(super) static PARTNER_TIERS: [(&str, &str, i32, Decimal); 5] = [
    ("bronze", "Bronze", 1, dec!(1.0)),
    ("silver", "Silver", 2, dec!(1.2)),
    ("gold", "Gold", 3, dec!(1.5)),
    ("platinum", "Platinum", 4, dec!(2.0)),
    ("diamond", "Diamond", 5, dec!(2.5)),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum TeamKey {
    Company,
    Gangnam,
    Mapo,
    Busan,
    Online,
}

pub(super) struct TeamSpec {
    pub(super) key: TeamKey,
    pub(super) name: &'static str,
    pub(super) parent: Option<TeamKey>,
    /// Email local part of the team's manager.
    pub(super) manager: &'static str,
}

/// Parents come before their children.
pub(super) static TEAMS: [TeamSpec; 5] = [
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
pub(super) struct Person {
    pub(super) local: &'static str,
    pub(super) name: &'static str,
    pub(super) role: Role,
    pub(super) team: Option<TeamKey>,
    pub(super) sponsor: Option<&'static str>,
    /// (partner type code, partner tier code)
    pub(super) partner: Option<(&'static str, &'static str)>,
    pub(super) active: bool,
}

pub(super) const fn staff(
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

pub(super) const fn rep(
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

pub(super) const fn inactive(person: Person) -> Person {
    Person {
        active: false,
        ..person
    }
}

use TeamKey::{Busan, Gangnam, Mapo, Online};

/// The seasonal factors of the target formula, January first: quiet
/// winter and summer months, Family Month (May), Chuseok (September) and
/// the year-end gift season busier.
pub(super) static SEASONAL_FACTORS: [Decimal; 12] = [
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
pub(super) static MARKET_FACTORS: [Decimal; 12] = [
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
pub(super) static PERSON_FACTORS: [(&str, Decimal, Option<Decimal>); 4] = [
    ("minjun.kim", dec!(1.2), None),
    (SIGN_IN_REP, dec!(1.1), None),
    ("gaeun.yoon", dec!(0.9), None),
    ("jaewon.park", dec!(1.0), Some(dec!(1.1))),
];

/// Everyone, sponsors before the people they sponsor. Sponsor lines cross
/// teams where a rep recruited outside their region, as they do in life.
// One row per person reads as a table; rustfmt would spread each over seven lines.
#[rustfmt::skip]
pub(super) static PEOPLE: [Person; 36] = [
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

pub(super) fn email(local: &str) -> String {
    format!("{local}@{DOMAIN}")
}

/// Each person's level in the sponsor tree (1 = nobody sponsors them), in
/// the order given. Fails when a sponsor is unknown or comes later, which
/// also rules out cycles.
pub(super) fn sponsor_levels(people: &[Person]) -> Result<Vec<usize>, String> {
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
