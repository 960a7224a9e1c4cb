use super::*;
use crate::sales::settings::to_new_plan;
use rust_decimal_macros::dec;

/// A form with the upline levels typed one per row.
fn form(default: &str, upline: &[&str], matching: &str, depth: &str) -> PlanForm {
    PlanForm {
        tiers: vec![TierInput {
            id: 7,
            name: "Gold".into(),
            field: "tier_7".into(),
            value: String::new(),
        }],
        default_direct_rate: default.into(),
        levels: levels_of(upline.iter().map(|v| v.to_string())),
        matching_rate: matching.into(),
        max_depth: depth.into(),
        compression: true,
    }
}

#[test]
fn percentages_become_fractions() {
    assert_eq!(parse_percent("5"), Ok(dec!(0.05)));
    assert_eq!(parse_percent(" 2.5 % "), Ok(dec!(0.025)));
    assert_eq!(parse_percent("0.0125"), Ok(dec!(0.000125)));
    assert!(parse_percent("0.00001").is_err());
    assert!(parse_percent("five").is_err());
}

#[test]
fn a_valid_form_gives_the_plan_with_its_levels() {
    let mut f = form("10", &["5", " 3", "2 %", "", ""], "10", "3");
    f.tiers[0].value = "12.5".into();
    let plan = f.parse(&BTreeMap::from([(99, dec!(0.2))])).unwrap();
    assert_eq!(plan.upline_rates, vec![dec!(0.05), dec!(0.03), dec!(0.02)]);
    assert_eq!(plan.direct_rates[&7], dec!(0.125));
    assert_eq!(
        plan.direct_rates[&99],
        dec!(0.2),
        "inactive tiers keep their rate"
    );
    assert_eq!(plan.default_direct_rate, dec!(0.1));
    assert!(plan.compression);
}

#[test]
fn each_problem_lands_on_its_field() {
    let errors = form("-1", &["5", "x", "", "4"], "", "60")
        .parse(&BTreeMap::new())
        .unwrap_err();
    assert!(errors.english("default_direct_rate").is_some());
    assert_eq!(errors.english("upline_rate_1").as_deref(), None);
    assert_eq!(
        errors.english("upline_rate_2").as_deref(),
        Some("Level 2: Enter a percentage such as 5 or 2.5.")
    );
    assert_eq!(
        errors.english("upline_rate_3").as_deref(),
        Some("Level 3: Enter a rate, or remove this level."),
        "an empty level between rates"
    );
    assert!(errors.english("matching_rate").is_some());
    assert!(errors.english("max_depth").is_some());
}

#[test]
fn the_domain_refuses_a_plan_that_pays_more_than_the_sale() {
    let errors = form("60", &["30", "20"], "0", "2")
        .parse(&BTreeMap::new())
        .unwrap_err();
    assert!(errors.english("plan").unwrap().contains("110%"));
    let errors = form("10", &["5", "150"], "0", "2")
        .parse(&BTreeMap::new())
        .unwrap_err();
    assert_eq!(
        errors.english("upline_rate_2").as_deref(),
        Some("Level 2: A rate cannot be more than 100%.")
    );
}

#[test]
fn a_stored_plan_round_trips_through_the_form() {
    let plan = form("10", &["5", "3", "2.5"], "10", "3")
        .parse(&BTreeMap::new())
        .unwrap();
    let again = PlanForm::from_plan(&plan, &[]);
    let values: Vec<&str> = again.levels.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(values, ["5", "3", "2.5"]);
    assert_eq!(again.levels[2].field, "upline_rate_3");
    assert_eq!(again.default_direct_rate, "10");
    let new = to_new_plan(&plan, 1);
    assert_eq!(
        new.upline_rates,
        serde_json::json!(["0.05", "0.03", "0.025"])
    );
}

#[test]
fn posted_levels_come_in_number_order_and_gaps_close() {
    let pairs: Vec<(String, String)> = [
        ("upline_rate_10", "1"),
        ("upline_rate_2", "3"),
        ("upline_rate_9", "2"),
        ("upline_rate_x", "7"),
        ("upline_rate_999", "7"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(posted_levels(&pairs), ["3", "2", "1"]);
    let f = PlanForm::from_pairs(&pairs, &[]);
    assert_eq!(f.levels[2].field, "upline_rate_3");
}

#[test]
fn levels_are_added_and_removed_without_saving() {
    let mut f = form("10", &["5", "3", "2"], "0", "3");
    assert!(f.change_levels("remove_2"));
    let values: Vec<&str> = f.levels.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(values, ["5", "2"]);
    assert_eq!(f.levels[1].level, 2);
    assert!(f.change_levels("add"));
    assert_eq!(f.levels.len(), 3);
    assert_eq!(f.levels[2].value, "");
    assert!(!f.change_levels("remove_9"));
    assert!(!f.change_levels("explode"));
    assert_eq!(f.levels.len(), 3, "an unknown action changes nothing");
}
