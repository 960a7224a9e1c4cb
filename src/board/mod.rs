//! Who stands where: the one leaderboard ranking (`standings`) that the
//! pages, the API and personal progress share, and what the team and
//! company rollups read (`rollup`), and the quota editor's write (`quotas`).

pub mod pace;
pub mod quotas;
pub mod rollup;
pub mod standings;
