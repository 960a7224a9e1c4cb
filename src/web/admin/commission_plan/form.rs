//! The commission plan form: percentages as typed ("5", "2.5", "5 %"),
//! parsed into a domain plan, checked by [`CommissionPlan::validate`], with
//! every problem as a message on its field. Upline rates are one input per
//! level (`upline_rate_1`, `upline_rate_2`, …); "Add a level" and "Remove"
//! are submit buttons (`level_action`) that redraw the form unsaved, so they
//! work without JavaScript.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::db::partner_tiers::PartnerTier;
use crate::domain::commission::{CommissionPlan, MAX_DEPTH, PlanError, RateName};
use crate::i18n::{Key, Lang, Msg};
use crate::sales::settings::{PlanPart, max_depth_message, percent, plan_problem, too_many_levels};

/// Percentages may have this many decimals: rates are stored with six.
const PERCENT_SCALE: u32 = 4;

/// Messages by field name. Field names are dynamic (`tier_12`), so this is
/// not the admin forms' `FieldErrors`, which keys by `&'static str`.
#[derive(Debug, Default)]
pub struct PlanErrors(BTreeMap<String, Msg>);

impl PlanErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<Msg>) {
        self.0.entry(field.into()).or_insert_with(|| message.into());
    }
    /// The message on `field` in English (tests).
    #[cfg(test)]
    pub fn english(&self, field: &str) -> Option<String> {
        self.0.get(field).map(Msg::english)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The messages in `lang`, as the form shows them.
    pub fn shown(&self, lang: Lang) -> PlanMessages {
        PlanMessages(
            self.0
                .iter()
                .map(|(field, message)| (field.clone(), message.render(lang)))
                .collect(),
        )
    }
}

/// [`PlanErrors`] in the reader's language.
#[derive(Debug, Default)]
pub struct PlanMessages(BTreeMap<String, String>);

impl PlanMessages {
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

/// One upline level's rate input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelInput {
    /// 1 for the seller's sponsor.
    pub level: usize,
    /// "upline_rate_2".
    pub field: String,
    pub value: String,
}

impl LevelInput {
    fn new(level: usize, value: String) -> LevelInput {
        LevelInput {
            level,
            field: format!("upline_rate_{level}"),
            value,
        }
    }
}

/// Numbers the levels 1, 2, 3… in their order.
fn levels_of(values: impl IntoIterator<Item = String>) -> Vec<LevelInput> {
    (1..)
        .zip(values)
        .map(|(level, value)| LevelInput::new(level, value))
        .collect()
}

/// The form as typed.
#[derive(Debug, Clone, Default)]
pub struct PlanForm {
    pub tiers: Vec<TierInput>,
    pub default_direct_rate: String,
    /// Level 1 first.
    pub levels: Vec<LevelInput>,
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
            levels: levels_of(plan.upline_rates.iter().map(|r| percent(*r))),
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
            levels: levels_of(posted_levels(pairs)),
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
            errors.add("default_direct_rate", Key("admin-plan-direct-empty"));
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
            errors.add("matching_rate", Key("admin-plan-matching-empty"));
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

    /// The levels' rates, level 1 first. Empty rows at the end are the
    /// spare row of "Add a level" and mean nothing; an empty row between
    /// rates is a mistake, shown beside it.
    fn upline(&self, errors: &mut PlanErrors) -> Vec<Decimal> {
        let used = self
            .levels
            .iter()
            .rposition(|l| !l.value.trim().is_empty())
            .map_or(0, |last| last + 1);
        let levels = &self.levels[..used];
        if let Some(message) = too_many_levels(levels.len()) {
            errors.add("upline_rates", message);
            return Vec::new();
        }
        let mut rates = Vec::with_capacity(levels.len());
        for input in levels {
            let level = input.level;
            if input.value.trim().is_empty() {
                errors.add(
                    input.field.clone(),
                    Msg::new("admin-plan-level-empty").arg("level", level.to_string()),
                );
                continue;
            }
            match parse_percent(&input.value) {
                Ok(rate) => rates.push(rate),
                Err(problem) => {
                    errors.add(input.field.clone(), problem.on_level(level));
                }
            }
        }
        rates
    }

    /// Applies "Add a level" (`add`) or a level's "Remove" (`remove_N`).
    /// Returns `false` for anything else.
    pub fn change_levels(&mut self, action: &str) -> bool {
        let mut values: Vec<String> = self.levels.drain(..).map(|l| l.value).collect();
        let known = match action {
            "add" if values.len() < MAX_LEVEL_ROWS => {
                values.push(String::new());
                true
            }
            // The list is full: the form says so when it is saved.
            "add" => true,
            _ => match action
                .strip_prefix("remove_")
                .and_then(|n| n.parse::<usize>().ok())
            {
                Some(level) if (1..=values.len()).contains(&level) => {
                    values.remove(level - 1);
                    true
                }
                _ => false,
            },
        };
        self.levels = levels_of(values);
        known
    }
}

/// The most level rows a form carries: one more than a plan may pay, so a
/// list that is too long can still be shown and refused with its message.
const MAX_LEVEL_ROWS: usize = MAX_DEPTH as usize + 1;

/// The posted `upline_rate_N` values in level order (numbers, not names:
/// `upline_rate_10` after `upline_rate_9`). Numbers beyond a plan's
/// reach are dropped; gaps close up.
fn posted_levels(pairs: &[(String, String)]) -> Vec<String> {
    let mut levels: Vec<(usize, String)> = pairs
        .iter()
        .filter_map(|(key, value)| {
            let n = key.strip_prefix("upline_rate_")?.parse::<usize>().ok()?;
            (1..=MAX_LEVEL_ROWS)
                .contains(&n)
                .then(|| (n, value.clone()))
        })
        .collect();
    levels.sort_by_key(|(n, _)| *n);
    levels.dedup_by_key(|(n, _)| *n);
    levels.into_iter().map(|(_, value)| value).collect()
}

fn rate(errors: &mut PlanErrors, field: &str, text: &str) -> Option<Decimal> {
    match parse_percent(text) {
        Ok(rate) => Some(rate),
        Err(problem) => {
            errors.add(field, problem.message());
            None
        }
    }
}

/// Why a typed percentage is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentError {
    NotANumber,
    TooPrecise,
    TooLarge,
}

impl PercentError {
    fn message(self) -> Msg {
        match self {
            PercentError::NotANumber => Msg::new("admin-plan-percent-invalid"),
            PercentError::TooPrecise => {
                Msg::new("forms-decimal-places").arg("places", PERCENT_SCALE)
            }
            PercentError::TooLarge => Msg::new("admin-plan-percent-too-large"),
        }
    }

    /// The message naming the upline level it is on ("Level 2: …").
    fn on_level(self, level: usize) -> Msg {
        let level = level.to_string();
        match self {
            PercentError::NotANumber => Msg::new("admin-plan-level-percent-invalid"),
            PercentError::TooPrecise => {
                Msg::new("admin-plan-level-decimal-places").arg("places", PERCENT_SCALE)
            }
            PercentError::TooLarge => Msg::new("admin-plan-level-percent-too-large"),
        }
        .arg("level", level)
    }
}

/// "5" → 0.05, "2.5 %" → 0.025. Range checks are the domain's.
pub fn parse_percent(text: &str) -> Result<Decimal, PercentError> {
    let text = text.trim().trim_end_matches('%').trim();
    let percent: Decimal = text.parse().map_err(|_| PercentError::NotANumber)?;
    if percent.normalize().scale() > PERCENT_SCALE {
        return Err(PercentError::TooPrecise);
    }
    if percent.abs() > Decimal::from(1_000_000) {
        return Err(PercentError::TooLarge);
    }
    Ok(percent / Decimal::ONE_HUNDRED)
}

/// Which input a domain problem belongs to: each level has its own.
fn add_plan_error(errors: &mut PlanErrors, problem: &PlanError) {
    let (part, message) = plan_problem(problem);
    let field = match part {
        PlanPart::Rate(RateName::Tier(id)) => format!("tier_{id}"),
        PlanPart::Rate(RateName::Default) => "default_direct_rate".into(),
        PlanPart::Rate(RateName::Upline(level)) => format!("upline_rate_{level}"),
        PlanPart::Rate(RateName::Matching) => "matching_rate".into(),
        PlanPart::MaxDepth => "max_depth".into(),
        PlanPart::Whole => "plan".into(),
    };
    errors.add(field, message);
}

#[cfg(test)]
mod tests;
