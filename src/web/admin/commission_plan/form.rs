//! The commission plan form: percentages as typed ("5", "2.5", "5 %"),
//! parsed into a domain plan, checked by [`CommissionPlan::validate`], with
//! every problem as a message on its field.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::db::partner_tiers::PartnerTier;
use crate::domain::commission::{CommissionPlan, MAX_DEPTH, PlanError, RateName};
use crate::sale_settings::{PlanPart, max_depth_message, percent, plan_problem, too_many_levels};

/// Percentages may have this many decimals: rates are stored with six.
const PERCENT_SCALE: u32 = 4;

/// Messages by field name. Field names are dynamic (`tier_12`), so this is
/// not the admin forms' `FieldErrors`, which keys by `&'static str`.
#[derive(Debug, Default)]
pub struct PlanErrors(BTreeMap<String, String>);

impl PlanErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_insert_with(|| message.into());
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One active tier's direct-rate input.
#[derive(Debug, Clone)]
pub struct TierInput {
    pub id: i64,
    pub name: String,
    /// "tier_12".
    pub field: String,
    pub value: String,
}

/// The form as typed.
#[derive(Debug, Clone, Default)]
pub struct PlanForm {
    pub tiers: Vec<TierInput>,
    pub default_direct_rate: String,
    /// "5, 3, 2": level 1 first.
    pub upline_rates: String,
    pub matching_rate: String,
    pub max_depth: String,
    pub compression: bool,
}

impl PlanForm {
    /// The form filled from a stored plan, with an input per active tier.
    pub fn from_plan(plan: &CommissionPlan, tiers: &[PartnerTier]) -> PlanForm {
        PlanForm {
            tiers: tiers
                .iter()
                .filter(|t| t.active)
                .map(|t| TierInput {
                    id: t.id,
                    name: t.name.clone(),
                    field: format!("tier_{}", t.id),
                    value: plan
                        .direct_rates
                        .get(&t.id)
                        .map(|r| percent(*r))
                        .unwrap_or_default(),
                })
                .collect(),
            default_direct_rate: percent(plan.default_direct_rate),
            upline_rates: plan
                .upline_rates
                .iter()
                .map(|r| percent(*r))
                .collect::<Vec<_>>()
                .join(", "),
            matching_rate: percent(plan.matching_rate),
            max_depth: plan.max_depth.to_string(),
            compression: plan.compression,
        }
    }

    /// The form from posted pairs; tier inputs only for active tiers.
    pub fn from_pairs(pairs: &[(String, String)], tiers: &[PartnerTier]) -> PlanForm {
        let posted: HashMap<&str, &str> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let text = |name: &str| posted.get(name).copied().unwrap_or_default().to_string();
        PlanForm {
            tiers: tiers
                .iter()
                .filter(|t| t.active)
                .map(|t| {
                    let field = format!("tier_{}", t.id);
                    TierInput {
                        id: t.id,
                        name: t.name.clone(),
                        value: text(&field),
                        field,
                    }
                })
                .collect(),
            default_direct_rate: text("default_direct_rate"),
            upline_rates: text("upline_rates"),
            matching_rate: text("matching_rate"),
            max_depth: text("max_depth"),
            compression: posted.contains_key("compression"),
        }
    }

    /// The plan to store, or every problem. `kept` are the current plan's
    /// rates of tiers not shown (inactive ones), carried over unchanged so a
    /// tier that comes back keeps its rate.
    pub fn parse(&self, kept: &BTreeMap<i64, Decimal>) -> Result<CommissionPlan, PlanErrors> {
        let mut errors = PlanErrors::default();
        let mut direct_rates = kept.clone();
        for tier in &self.tiers {
            direct_rates.remove(&tier.id);
            if tier.value.trim().is_empty() {
                continue;
            }
            if let Some(rate) = rate(&mut errors, &tier.field, &tier.value) {
                direct_rates.insert(tier.id, rate);
            }
        }
        let default_direct_rate = if self.default_direct_rate.trim().is_empty() {
            errors.add(
                "default_direct_rate",
                "Enter a percentage; 0 pays no direct commission.",
            );
            Decimal::ZERO
        } else {
            rate(
                &mut errors,
                "default_direct_rate",
                &self.default_direct_rate,
            )
            .unwrap_or_default()
        };
        let upline_rates = self.upline(&mut errors);
        let matching_rate = if self.matching_rate.trim().is_empty() {
            errors.add("matching_rate", "Enter a percentage; 0 turns matching off.");
            Decimal::ZERO
        } else {
            rate(&mut errors, "matching_rate", &self.matching_rate).unwrap_or_default()
        };
        let max_depth = match self.max_depth.trim().parse::<u32>() {
            Ok(depth) if depth <= MAX_DEPTH => depth,
            _ => {
                errors.add("max_depth", max_depth_message());
                0
            }
        };
        let plan = CommissionPlan {
            version: 0,
            direct_rates,
            default_direct_rate,
            upline_rates,
            matching_rate,
            max_depth,
            compression: self.compression,
        };
        // The domain checks the rates that parsed (one that did not stands
        // in as 0, and its parse message comes first on its field).
        if let Err(problems) = plan.validate() {
            for problem in problems {
                add_plan_error(&mut errors, &problem);
            }
        }
        if errors.is_empty() {
            Ok(plan)
        } else {
            Err(errors)
        }
    }

    /// "5, 3, 2" → [0.05, 0.03, 0.02]; empty means no upline levels.
    fn upline(&self, errors: &mut PlanErrors) -> Vec<Decimal> {
        let pieces: Vec<&str> = self
            .upline_rates
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if let Some(message) = too_many_levels(pieces.len()) {
            errors.add("upline_rates", message);
            return Vec::new();
        }
        let mut rates = Vec::with_capacity(pieces.len());
        for (level, piece) in (1..).zip(pieces) {
            match parse_percent(piece) {
                Ok(rate) => rates.push(rate),
                Err(message) => {
                    errors.add("upline_rates", format!("Level {level}: {message}"));
                }
            }
        }
        rates
    }
}

fn rate(errors: &mut PlanErrors, field: &str, text: &str) -> Option<Decimal> {
    match parse_percent(text) {
        Ok(rate) => Some(rate),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

/// "5" → 0.05, "2.5 %" → 0.025. Range checks are the domain's.
pub fn parse_percent(text: &str) -> Result<Decimal, String> {
    let text = text.trim().trim_end_matches('%').trim();
    let percent: Decimal = text
        .parse()
        .map_err(|_| "Enter a percentage such as 5 or 2.5.".to_string())?;
    if percent.normalize().scale() > PERCENT_SCALE {
        return Err(format!("Use at most {PERCENT_SCALE} decimal places."));
    }
    if percent.abs() > Decimal::from(1_000_000) {
        return Err("That percentage is far too large.".into());
    }
    Ok(percent / Decimal::ONE_HUNDRED)
}

/// Which input a domain problem belongs to: upline levels share one input.
fn add_plan_error(errors: &mut PlanErrors, problem: &PlanError) {
    let (part, message) = plan_problem(problem);
    let field = match part {
        PlanPart::Rate(RateName::Tier(id)) => format!("tier_{id}"),
        PlanPart::Rate(RateName::Default) => "default_direct_rate".into(),
        PlanPart::Rate(RateName::Upline(_)) => "upline_rates".into(),
        PlanPart::Rate(RateName::Matching) => "matching_rate".into(),
        PlanPart::MaxDepth => "max_depth".into(),
        PlanPart::Whole => "plan".into(),
    };
    errors.add(field, message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sale_settings::to_new_plan;
    use rust_decimal_macros::dec;

    fn form(default: &str, upline: &str, matching: &str, depth: &str) -> PlanForm {
        PlanForm {
            tiers: vec![TierInput {
                id: 7,
                name: "Gold".into(),
                field: "tier_7".into(),
                value: String::new(),
            }],
            default_direct_rate: default.into(),
            upline_rates: upline.into(),
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
        let mut f = form("10", "5, 3,2", "10", "3");
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
        let errors = form("-1", "5, x", "", "60")
            .parse(&BTreeMap::new())
            .unwrap_err();
        assert!(errors.get("default_direct_rate").is_some());
        assert_eq!(
            errors.get("upline_rates"),
            Some("Level 2: Enter a percentage such as 5 or 2.5.")
        );
        assert!(errors.get("matching_rate").is_some());
        assert!(errors.get("max_depth").is_some());
    }

    #[test]
    fn the_domain_refuses_a_plan_that_pays_more_than_the_sale() {
        let errors = form("60", "30, 20", "0", "2")
            .parse(&BTreeMap::new())
            .unwrap_err();
        assert!(errors.get("plan").unwrap().contains("110%"));
        let errors = form("10", "5, 150", "0", "2")
            .parse(&BTreeMap::new())
            .unwrap_err();
        assert_eq!(
            errors.get("upline_rates"),
            Some("Level 2: A rate cannot be more than 100%.")
        );
    }

    #[test]
    fn a_stored_plan_round_trips_through_the_form() {
        let plan = form("10", "5, 3, 2.5", "10", "3")
            .parse(&BTreeMap::new())
            .unwrap();
        let again = PlanForm::from_plan(&plan, &[]);
        assert_eq!(again.upline_rates, "5, 3, 2.5");
        assert_eq!(again.default_direct_rate, "10");
        let new = to_new_plan(&plan, 1);
        assert_eq!(
            new.upline_rates,
            serde_json::json!(["0.05", "0.03", "0.025"])
        );
    }
}
