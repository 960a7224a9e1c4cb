//! The schedule form as typed: its tier rows, and the checked schedule read
//! from it with a message per field.

use super::*;
use crate::i18n::Key;

/// How many tier rows the form offers.
pub const TIER_ROWS: usize = 8;
pub(super) const THRESHOLDS: [&str; TIER_ROWS] = [
    "threshold_1",
    "threshold_2",
    "threshold_3",
    "threshold_4",
    "threshold_5",
    "threshold_6",
    "threshold_7",
    "threshold_8",
];
pub(super) const RATES: [&str; TIER_ROWS] = [
    "rate_1", "rate_2", "rate_3", "rate_4", "rate_5", "rate_6", "rate_7", "rate_8",
];
/// NUMERIC(8, 4) holds rates below 10,000.
const RATE_LIMIT: i64 = 10_000;

/// The form as typed.
#[derive(Default, Clone, Debug, Serialize)]
pub struct ScheduleForm {
    pub name: String,
    pub description: String,
    pub basis: String,
    pub metric_id: String,
    pub active: bool,
    /// (threshold, rate) per row, as typed.
    pub tiers: Vec<(String, String)>,
}

impl ScheduleForm {
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> ScheduleForm {
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        ScheduleForm {
            name: get("name"),
            description: get("description"),
            basis: get("basis"),
            metric_id: get("metric_id"),
            active: pairs.iter().any(|(k, _)| k == "active"),
            tiers: (0..TIER_ROWS)
                .map(|i| (get(THRESHOLDS[i]), get(RATES[i])))
                .collect(),
        }
    }

    pub(super) fn of(schedule: &LoadedSchedule, lang: crate::i18n::Lang) -> ScheduleForm {
        let mut tiers: Vec<(String, String)> = schedule
            .tiers
            .iter()
            .map(|t| {
                (
                    t.threshold.normalize().to_string(),
                    t.rate.normalize().to_string(),
                )
            })
            .collect();
        tiers.resize(TIER_ROWS.max(tiers.len()), Default::default());
        ScheduleForm {
            name: lang.schedule_name(schedule.row.builtin.as_deref(), &schedule.row.name),
            description: lang
                .schedule_description(schedule.row.builtin.as_deref(), &schedule.row.description),
            basis: schedule.row.basis.clone(),
            metric_id: schedule
                .row
                .metric_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            active: schedule.row.active,
            tiers,
        }
    }

    pub(super) fn blank() -> ScheduleForm {
        ScheduleForm {
            basis: Basis::Attainment.as_str().into(),
            active: true,
            tiers: vec![Default::default(); TIER_ROWS],
            ..ScheduleForm::default()
        }
    }

    /// Checks every field; `metrics` are the metrics a ladder may count.
    pub fn validate(&self, metrics: &[Metric]) -> Result<ScheduleFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = input::required(&mut errors, "name", &self.name, 120);
        let description = self.description.trim().to_string();
        if description.chars().count() > 500 {
            errors.add("description", input::too_long(500));
        }
        let basis = Basis::parse(&self.basis);
        if basis.is_none() {
            errors.add("basis", Key("admin-bonus-basis-unknown"));
        }
        let metric_id = match basis {
            Some(Basis::MetricValue) => {
                let id = input::optional_id(&mut errors, "metric_id", &self.metric_id);
                match id {
                    Some(id) if metrics.iter().any(|m| m.id == id) => Some(id),
                    Some(_) => {
                        errors.add("metric_id", Key("admin-bonus-metric-unknown"));
                        None
                    }
                    None => {
                        errors.add("metric_id", Key("admin-bonus-metric-missing"));
                        None
                    }
                }
            }
            _ => None,
        };
        let mut pairs = Vec::new();
        let mut rows = Vec::new();
        for (i, (threshold, rate)) in self.tiers.iter().enumerate().take(TIER_ROWS) {
            if threshold.trim().is_empty() && rate.trim().is_empty() {
                continue;
            }
            if threshold.trim().is_empty() {
                errors.add(THRESHOLDS[i], Key("admin-bonus-threshold-missing"));
                continue;
            }
            if rate.trim().is_empty() {
                errors.add(RATES[i], Key("admin-bonus-rate-missing"));
                continue;
            }
            let t = input::decimal(&mut errors, THRESHOLDS[i], threshold, Decimal::MIN, 2);
            let r = input::decimal(&mut errors, RATES[i], rate, Decimal::MIN, 4);
            if !errors.has(RATES[i]) && r >= Decimal::from(RATE_LIMIT) {
                errors.add(RATES[i], Key("admin-bonus-rate-too-large"));
            }
            if !errors.has(THRESHOLDS[i]) && !errors.has(RATES[i]) {
                pairs.push((t, r));
                rows.push(i);
            }
        }
        if pairs.is_empty()
            && rows.is_empty()
            && !self
                .tiers
                .iter()
                .any(|(t, r)| !t.trim().is_empty() || !r.trim().is_empty())
        {
            errors.add("tiers", Key("admin-bonus-no-tiers"));
        }
        let tiers = match check_tiers(&pairs) {
            Ok(tiers) => tiers,
            Err(problems) => {
                for (index, problem) in problems {
                    let row = rows[index];
                    let field = match problem {
                        crate::domain::bonus::TierError::NegativeRate => RATES[row],
                        _ => THRESHOLDS[row],
                    };
                    errors.add(field, tier_message(&problem));
                }
                Vec::new()
            }
        };
        errors.into_result()?;
        Ok(ScheduleFields {
            name,
            description,
            basis: basis.unwrap_or(Basis::Attainment),
            metric_id,
            active: self.active,
            tiers,
        })
    }
}

/// Why a tier is refused, in the reader's words.
fn tier_message(problem: &crate::domain::bonus::TierError) -> Key {
    use crate::domain::bonus::TierError;
    Key(match problem {
        TierError::NegativeThreshold => "admin-bonus-threshold-negative",
        TierError::NegativeRate => "admin-bonus-rate-negative",
        TierError::NotAscending => "admin-bonus-not-ascending",
    })
}
