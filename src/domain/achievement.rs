//! Achievements: what kinds there are, what each is worth in points, and
//! the rules of perfect months and streaks.
//!
//! - A **perfect month** (user × calendar month): the user had at least one
//!   live goal on that month's period and every one of them reached 100 %.
//! - A **streak** is the run of consecutive calendar months, each a perfect
//!   month, counted across year ends (December then January continue it).
//!   Reaching 3, 6 or 12 months in a run is a streak milestone, recorded
//!   once per user × length × the month the run reached that length; a run
//!   that breaks and starts again can earn the 3 again later.
//! - The **current streak** ends with this month if it is already perfect,
//!   else with last month (this month may still become perfect).

use std::fmt;

/// Every kind of achievement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    GoalAchieved,
    YearlyGoalAchieved,
    BonusTier,
    Milestone,
    PerfectMonth,
    Streak,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::GoalAchieved,
        Kind::YearlyGoalAchieved,
        Kind::BonusTier,
        Kind::Milestone,
        Kind::PerfectMonth,
        Kind::Streak,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::GoalAchieved => "goal_achieved",
            Kind::YearlyGoalAchieved => "yearly_goal_achieved",
            Kind::BonusTier => "bonus_tier",
            Kind::Milestone => "milestone",
            Kind::PerfectMonth => "perfect_month",
            Kind::Streak => "streak",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// A short mark for the badge (no images, no inline style).
    pub fn icon(self) -> &'static str {
        match self {
            Kind::GoalAchieved => "✓",
            Kind::YearlyGoalAchieved => "★",
            Kind::BonusTier => "▲",
            Kind::Milestone => "◆",
            Kind::PerfectMonth => "●",
            Kind::Streak => "∞",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The streak lengths (months) that are milestones.
pub const STREAK_MILESTONES: [u32; 3] = [3, 6, 12];

/// Points an achievement adds to the ledger: a goal 100, a yearly goal
/// 500, a bonus tier 50 per tier step, a milestone 25, a perfect month
/// 200, a streak 100 per month of it.
pub fn points(kind: Kind, tier: Option<i16>, streak_months: Option<i16>) -> i32 {
    match kind {
        Kind::GoalAchieved => 100,
        Kind::YearlyGoalAchieved => 500,
        Kind::BonusTier => 50 * i32::from(tier.unwrap_or(1).max(1)),
        Kind::Milestone => 25,
        Kind::PerfectMonth => 200,
        Kind::Streak => 100 * i32::from(streak_months.unwrap_or(0).max(0)),
    }
}

/// A calendar month as a running index (year × 12 + month − 1), so that
/// December and the next January are neighbours.
pub fn month_index(year: i32, month: u32) -> i32 {
    year * 12 + month as i32 - 1
}

/// The run length ending at each month of `perfect` (month indexes, any
/// order, duplicates ignored), in ascending month order.
pub fn runs(perfect: &[i32]) -> Vec<(i32, u32)> {
    let mut months = perfect.to_vec();
    months.sort_unstable();
    months.dedup();
    let mut out: Vec<(i32, u32)> = Vec::with_capacity(months.len());
    for m in months {
        let len = match out.last() {
            Some(&(prev, len)) if prev + 1 == m => len + 1,
            _ => 1,
        };
        out.push((m, len));
    }
    out
}

/// The streak milestones `perfect` months earn: (length, month index at
/// which the run reached it).
pub fn streak_milestones(perfect: &[i32]) -> Vec<(u32, i32)> {
    runs(perfect)
        .into_iter()
        .filter(|(_, len)| STREAK_MILESTONES.contains(len))
        .map(|(m, len)| (len, m))
        .collect()
}

/// The current streak in `this_month` (an index): the run ending this
/// month if it is perfect, else the run ending last month, else 0.
pub fn current_streak(perfect: &[i32], this_month: i32) -> u32 {
    let runs = runs(perfect);
    let ending = |m: i32| runs.iter().find(|(month, _)| *month == m).map(|r| r.1);
    ending(this_month)
        .or_else(|| ending(this_month - 1))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("trophy"), None);
    }

    #[test]
    fn points_follow_the_table() {
        assert_eq!(points(Kind::GoalAchieved, None, None), 100);
        assert_eq!(points(Kind::BonusTier, Some(3), None), 150);
        assert_eq!(points(Kind::Streak, None, Some(6)), 600);
        assert_eq!(points(Kind::PerfectMonth, None, None), 200);
    }

    #[test]
    fn a_streak_runs_from_december_into_january() {
        let perfect = [
            month_index(2026, 11),
            month_index(2026, 12),
            month_index(2027, 1),
        ];
        assert_eq!(streak_milestones(&perfect), vec![(3, month_index(2027, 1))]);
        assert_eq!(current_streak(&perfect, month_index(2027, 1)), 3);
        // January not perfect yet: the streak still stands on December.
        assert_eq!(current_streak(&perfect[..2], month_index(2027, 1)), 2);
        // A month missed breaks it.
        assert_eq!(current_streak(&perfect[..2], month_index(2027, 2)), 0);
    }

    #[test]
    fn a_broken_run_earns_its_milestones_again() {
        let months: Vec<i32> = (1..=7)
            .chain(9..=11)
            .map(|m| month_index(2026, m))
            .collect();
        assert_eq!(
            streak_milestones(&months),
            vec![
                (3, month_index(2026, 3)),
                (6, month_index(2026, 6)),
                (3, month_index(2026, 11)),
            ]
        );
    }

    #[test]
    fn twelve_months_earn_three_six_and_twelve() {
        let months: Vec<i32> = (0..14).map(|i| month_index(2026, 3) + i).collect();
        let lengths: Vec<u32> = streak_milestones(&months).iter().map(|m| m.0).collect();
        assert_eq!(lengths, vec![3, 6, 12]);
    }
}
