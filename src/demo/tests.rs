use std::collections::HashSet;

use super::*;
use crate::demo::cast::TeamKey::Gangnam;

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
