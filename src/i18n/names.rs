//! Names the pages show for things the data names in parts or in English:
//! periods (from their kind and dates) and the built-in metrics.

use crate::domain::period::{FiscalYear, PeriodName};
use rust_decimal::Decimal;

use crate::domain::recommend::significant;
use crate::domain::target::Reason;

use super::{DateStyle, Lang};

impl Lang {
    /// "December 2026" / "2026년 12월", "Q4 2026" / "2026년 4분기",
    /// "FY2027" / "2027 회계연도", "1 Mar – 15 Apr 2026".
    pub fn period_name(self, name: PeriodName) -> String {
        match name {
            PeriodName::Month(first) => self.month(first),
            PeriodName::Quarter { number, year } => self.tr(
                "period-quarter",
                [
                    ("number", number.into()),
                    ("year", self.fiscal_year(year).into()),
                ],
            ),
            PeriodName::Year(year) => self.fiscal_year(year),
            PeriodName::Range { start, end } if start == end => self.date(start, DateStyle::Short),
            PeriodName::Range { start, end } => self.tr(
                "period-range",
                [
                    ("start", self.date(start, DateStyle::Short).into()),
                    ("end", self.date(end, DateStyle::Short).into()),
                ],
            ),
        }
    }

    fn fiscal_year(self, year: FiscalYear) -> String {
        let key = if year.calendar {
            "period-calendar-year"
        } else {
            "period-fiscal-year"
        };
        // A year is a name, not an amount: no grouping ("2026", not "2,026").
        self.tr(key, [("year", year.ends_in.to_string().into())])
    }

    /// A metric's name: a built-in metric that still has its English name
    /// is named in the reader's language; a renamed or custom one keeps
    /// the name it was given.
    pub fn metric_name(self, key: &str, name: &str) -> String {
        let (default, message) = match key {
            "revenue" => ("Revenue", "metric-revenue"),
            "deals" => ("Deals", "metric-deals"),
            "signups" => ("Signups", "metric-signups"),
            "leads" => ("Leads", "metric-leads"),
            "calls" => ("Calls", "metric-calls"),
            "meetings" => ("Meetings", "metric-meetings"),
            "emails" => ("Emails", "metric-emails"),
            "recruits" => ("Recruits", "metric-recruits"),
            "trainings" => ("Trainings", "metric-trainings"),
            _ => return name.to_string(),
        };
        if name == default {
            self.t(message)
        } else {
            name.to_string()
        }
    }
}

impl Lang {
    /// Why a target factor has its value: "November 2026 market",
    /// "team at 112.50% of target in October 2026" / "2026년 10월 팀 달성률 112.50%".
    pub fn factor_note(self, reason: &Reason) -> String {
        match reason {
            Reason::PersonalSet { name } => {
                self.tr("factor-note-personal", [("name", name.clone().into())])
            }
            Reason::PersonalNone => self.t("factor-note-none-set"),
            Reason::MarketSet {
                period,
                fiscal_start_month,
            } => self.tr(
                "factor-note-market",
                [(
                    "period",
                    self.period_name(period.name(*fiscal_start_month)).into(),
                )],
            ),
            Reason::MarketNone {
                period,
                fiscal_start_month,
            } => self.tr(
                "factor-note-market-none",
                [(
                    "period",
                    self.period_name(period.name(*fiscal_start_month)).into(),
                )],
            ),
            Reason::SeasonSet { month } => self.tr(
                "factor-note-season",
                [("month", self.month_of(*month).into())],
            ),
            Reason::SeasonNone { month } => self.tr(
                "factor-note-season-none",
                [("month", self.month_of(*month).into())],
            ),
            Reason::TeamOverride => self.t("factor-note-override"),
            Reason::NotLeader => self.t("factor-note-not-leader"),
            Reason::TeamAt { percent, month } => self.tr(
                "factor-note-team-at",
                [
                    ("percent", self.percent(*percent, 2).into()),
                    ("month", self.month(*month).into()),
                ],
            ),
            Reason::NoTeamTargets { month } => self.tr(
                "factor-note-no-team-targets",
                [("month", self.month(*month).into())],
            ),
            Reason::Stored { value, was: None } => self.tr(
                "factor-note-stored",
                [("value", value.normalize().to_string().into())],
            ),
            Reason::Stored {
                value,
                was: Some(was),
            } => self.tr(
                "factor-note-stored-was",
                [
                    ("value", value.normalize().to_string().into()),
                    ("note", self.factor_note(was).into()),
                ],
            ),
            Reason::Recommended {
                level,
                currency,
                trend,
                month,
                season,
                tier,
                peers,
                team_share,
            } => {
                let amount = |value: Decimal| match currency {
                    Some(code) => self.money(significant(value, 3, 0), code, 0),
                    None => self.count(significant(value, 3, 1).normalize()),
                };
                let mut parts =
                    vec![self.tr("recommend-note-level", [("amount", amount(*level).into())])];
                if *trend != Decimal::ONE {
                    parts.push(self.tr(
                        "recommend-note-trend",
                        [("change", self.change(*trend).into())],
                    ));
                }
                if *season != Decimal::ONE {
                    parts.push(self.tr(
                        "recommend-note-season",
                        [
                            ("month", self.month_of(*month).into()),
                            ("change", self.change(*season).into()),
                        ],
                    ));
                }
                if let Some(percent) = peers {
                    let percent = self.percent(percent.round_dp(0), 0);
                    parts.push(match tier {
                        Some(tier) => self.tr(
                            "recommend-note-peers",
                            [("tier", tier.clone().into()), ("percent", percent.into())],
                        ),
                        None => self.tr(
                            "recommend-note-peers-untiered",
                            [("percent", percent.into())],
                        ),
                    });
                }
                if let Some(share) = team_share {
                    parts.push(self.tr("recommend-note-team", [("amount", amount(*share).into())]));
                }
                parts.join(", ")
            }
        }
    }

    /// A factor as a signed change in whole percent: 1.12 → "+12%".
    fn change(self, factor: Decimal) -> String {
        let percent = ((factor - Decimal::ONE) * Decimal::ONE_HUNDRED).round_dp(0);
        let sign = if percent < Decimal::ZERO { "−" } else { "+" };
        format!("{sign}{}", self.percent(percent.abs(), 0))
    }

    /// A calendar month's own name from its number (1–12).
    fn month_of(self, month: u32) -> String {
        chrono::NaiveDate::from_ymd_opt(2000, month.clamp(1, 12), 1)
            .map(|first| self.month_name(first))
            .unwrap_or_default()
    }
}

/// The seeded bonus schedules: their key, English name and description
/// (as the migration wrote them), and the catalog's keys for both.
const BUILTIN_SCHEDULES: [(&str, &str, &str, &str, &str); 2] = [
    (
        "standard_attainment",
        "Standard attainment",
        "Half the bonus base from 80% of target, all of it at 100%, double at 120%, triple at 150%.",
        "bonus-builtin-standard-name",
        "bonus-builtin-standard-description",
    ),
    (
        "signup_ladder",
        "Signup ladder",
        "Tiers 1 to 6 by the month's signups: 15, 20, 25, 30, 40 and 50.",
        "bonus-builtin-signups-name",
        "bonus-builtin-signups-description",
    ),
];

impl Lang {
    /// A bonus schedule's name: a built-in schedule that still has its
    /// seeded English name is named in the reader's language.
    pub fn schedule_name(self, builtin: Option<&str>, name: &str) -> String {
        match BUILTIN_SCHEDULES.iter().find(|s| Some(s.0) == builtin) {
            Some((_, seeded, _, key, _)) if name == *seeded => self.t(key),
            _ => name.to_string(),
        }
    }

    /// A bonus schedule's description, as `schedule_name`.
    pub fn schedule_description(self, builtin: Option<&str>, description: &str) -> String {
        match BUILTIN_SCHEDULES.iter().find(|s| Some(s.0) == builtin) {
            Some((_, _, seeded, _, key)) if description == *seeded => self.t(key),
            _ => description.to_string(),
        }
    }
}
