//! Goals and quotas: what a goal's actual is on a day (`progress`), how a
//! goal moves through its lifecycle, the monthly goal sheet and yearly goals,
//! dynamic targets, milestones, the daily snapshots and trend figures, and
//! the goal-setting deadline (compliance and reminders).

pub mod bonus;
pub mod company_goal;
pub mod compliance;
pub mod creation;
pub mod edits;
pub mod events;
pub mod forecast;
pub mod kpis;
pub mod lifecycle;
pub mod listing;
pub mod metric_definitions;
pub mod milestones;
pub mod own_goals;
pub mod periods;
pub mod progress;
pub mod reminders;
pub mod sheets;
pub mod snapshots;
pub mod sources;
pub mod targets;
pub mod trends;
