//! What reaching a goal earns: achievements (goals, bonus tiers, perfect
//! months, streaks) and the partner-tier promotions they lead to.

pub mod achievements;
pub mod bonus_schedules;
pub mod promotions;
pub mod recognition;
